import { describe, expect, it } from "vitest";
import { nextSort } from "./views.svelte";

describe("nextSort", () => {
  it("flips the order when the sorted column is clicked again", () => {
    expect(nextSort({ sort: "number", descending: true }, "number")).toEqual({ sort: "number", descending: false });
    expect(nextSort({ sort: "number", descending: false }, "number")).toEqual({ sort: "number", descending: true });
  });

  it("sorts a new column ascending", () => {
    expect(nextSort({ sort: "number", descending: true }, "amount_due")).toEqual({
      sort: "amount_due",
      descending: false,
    });
  });
});
