import { describe, expect, it } from "vitest";
import { invalidInput, isErrorCode, toApiError } from "./errors";

describe("toApiError", () => {
  it("keeps an ApiError from Rust as it is", () => {
    const e = { code: "invalid_input", message: "amount: a payment must be more than zero" };
    expect(toApiError(e)).toEqual(e);
    expect(toApiError({ code: "not_found", message: "invoice X does not exist" })).toEqual({
      code: "not_found",
      message: "invoice X does not exist",
    });
  });

  it("turns a string rejection (Tauri's own errors) into an internal error", () => {
    expect(toApiError("Command foo not found")).toEqual({ code: "internal", message: "Command foo not found" });
  });

  it("turns an Error into an internal error with its message", () => {
    expect(toApiError(new TypeError("window.__TAURI_INTERNALS__ is undefined"))).toEqual({
      code: "internal",
      message: "window.__TAURI_INTERNALS__ is undefined",
    });
  });

  it("replaces unknown codes and missing messages", () => {
    expect(toApiError({ code: "teapot", message: "short and stout" })).toEqual({
      code: "internal",
      message: "short and stout",
    });
    expect(toApiError({ code: "conflict" })).toEqual({ code: "conflict", message: "Something went wrong." });
    expect(toApiError({ code: "storage", message: "   " })).toEqual({
      code: "storage",
      message: "Something went wrong.",
    });
    expect(toApiError({ error: "boom" })).toEqual({ code: "internal", message: "boom" });
  });

  it("copes with anything at all", () => {
    for (const weird of [null, undefined, 42, true, Symbol("x"), ""]) {
      const e = toApiError(weird);
      expect(e.code).toBe("internal");
      expect(e.message).toBe("Something went wrong.");
    }
  });

  it("does not treat inherited properties as codes", () => {
    expect(isErrorCode("toString")).toBe(false);
    expect(isErrorCode("storage")).toBe(true);
  });

  it("builds UI-side validation errors", () => {
    expect(invalidInput("Choose a client")).toEqual({ code: "invalid_input", message: "Choose a client" });
  });
});
