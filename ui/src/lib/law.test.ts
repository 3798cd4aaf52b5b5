import { describe, expect, it } from "vitest";
import { countryChoices, errorField, formatRate, hundredthsText } from "./law";

describe("law helpers", () => {
  it("writes basis points as a percentage in the UI's language", () => {
    expect(formatRate(1450, "en-GB")).toBe("14.50%");
    expect(formatRate(1450, "ro-RO").replace(/\s/g, " ")).toBe("14,50 %");
    expect(formatRate(-88, "en-GB")).toBe("-0.88%");
  });

  it("gives a form field the stored hundredths back as typed", () => {
    expect(hundredthsText(150)).toBe("1.5");
    expect(hundredthsText(800)).toBe("8");
    expect(hundredthsText(2505)).toBe("25.05");
    expect(hundredthsText(null)).toBe("");
  });

  it("finds the field an API error names", () => {
    expect(errorField('rate: "x" is not a percentage', ["series", "rate"] as const)).toBe("rate");
    expect(errorField("discount_percent, discount_days: give both", ["discount_days"] as const)).toBe("discount_days");
    expect(errorField("no such thing", ["rate"] as const)).toBeNull();
  });

  it("keeps an unusual stored country among the choices", () => {
    expect(countryChoices("US")[0]).toBe("US");
    expect(countryChoices("RO").filter((c) => c === "RO")).toHaveLength(1);
  });
});
