import { describe, expect, it } from "vitest";
import type { LadderStep } from "$lib/bindings/LadderStep";
import { newStepId, stepLike } from "./ladderSteps";

const reminder: LadderStep = {
  id: "overdue_7",
  anchor: "due",
  offset_days: 7,
  channel: "email",
  tone: "polite",
  purpose: "reminder",
  template: "overdue_7",
};

describe("adding a step", () => {
  it("names the new step after the one it is like and its day", () => {
    expect(newStepId(reminder, 45, ["overdue_7"])).toBe("overdue_45");
    expect(newStepId(reminder, -3, [])).toBe("overdue_m3");
    expect(newStepId(reminder, 45, ["overdue_45", "overdue_45_2"])).toBe("overdue_45_3");
  });

  it("keeps the wording, channel and tone of the step it is like", () => {
    const s = stepLike(reminder, "due", 45, ["overdue_7"]);
    expect(s).toEqual({ ...reminder, id: "overdue_45", offset_days: 45 });
  });
});
