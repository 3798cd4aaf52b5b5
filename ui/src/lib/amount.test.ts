import { describe, expect, it } from "vitest";
import { amountForApi, formatParsedAmount, parseAmount } from "./amount";

const decimal = (text: string, language: "en" | "id" | "ro") => {
  const parsed = parseAmount(text, language);
  return parsed.kind === "amount" ? parsed.decimal : parsed.kind;
};

describe("amounts typed in the user's language", () => {
  it("reads Romanian and Indonesian with a dot between thousands and a comma before decimals", () => {
    for (const language of ["ro", "id"] as const) {
      expect(decimal("1.500,50", language)).toBe("1500.50");
      expect(decimal("1.234.567,5", language)).toBe("1234567.5");
      expect(decimal("1500,50", language)).toBe("1500.50");
      expect(decimal("1.500", language)).toBe("1500");
      expect(decimal(" 1 500,50 ", language)).toBe("1500.50");
      expect(decimal("1\u00a0500,50", language)).toBe("1500.50");
      expect(decimal(",5", language)).toBe("0.5");
    }
  });

  it("reads English with a comma between thousands and a dot before decimals", () => {
    expect(decimal("1,500.50", "en")).toBe("1500.50");
    expect(decimal("1,234,567.5", "en")).toBe("1234567.5");
    expect(decimal("1500.50", "en")).toBe("1500.50");
    expect(decimal("1,500", "en")).toBe("1500");
  });

  it("reads a lone separator of the other kind before one or two digits as decimals", () => {
    expect(decimal("12.50", "ro")).toBe("12.50");
    expect(decimal("12.5", "id")).toBe("12.5");
    expect(decimal("12,50", "en")).toBe("12.50");
  });

  it("refuses separators in places no one writes them", () => {
    expect(decimal("1.50.0", "ro")).toBe("invalid");
    expect(decimal("1,500,50", "ro")).toBe("invalid");
    expect(decimal("15.00.000,00", "ro")).toBe("invalid");
    expect(decimal("1.5000", "ro")).toBe("invalid");
    expect(decimal("1,5000", "en")).toBe("invalid");
    expect(decimal("1.500,50", "en")).toBe("invalid");
    expect(decimal("abc", "en")).toBe("invalid");
    expect(decimal("12,", "ro")).toBe("invalid");
    expect(decimal("", "ro")).toBe("empty");
    expect(decimal("   ", "en")).toBe("empty");
  });

  it("keeps a minus sign for the API to judge", () => {
    expect(decimal("-1.500,50", "ro")).toBe("-1500.50");
  });

  it("passes unreadable text on untouched so the API's error quotes it", () => {
    expect(amountForApi("1.500,50", "ro")).toBe("1500.50");
    expect(amountForApi(" 1.500,50 ", "en")).toBe("1.500,50");
  });

  it("shows the parsed value in the UI's format", () => {
    expect(formatParsedAmount("1500.50", "RON", "ro-RO")).toBe("RON 1.500,50");
    expect(formatParsedAmount("1500.5", "IDR", "id-ID")).toBe("IDR 1.500,50");
    expect(formatParsedAmount("1234567.5", "EUR", "en-GB")).toBe("EUR 1,234,567.50");
    expect(formatParsedAmount("10000000000000.01", "EUR", "en-GB")).toBe("EUR 10,000,000,000,000.01");
    expect(formatParsedAmount("1.500", "EUR", "en-GB")).toBe("EUR 1.50");
  });
});

describe("amounts written back for editing", () => {
  it("uses the language's decimal separator and reads back the same", async () => {
    const { amountForInput } = await import("./amount");
    expect(amountForInput("1500.50", "ro")).toBe("1500,50");
    expect(amountForInput("1500.50", "en")).toBe("1500.50");
    expect(parseAmount(amountForInput("1500.50", "id"), "id")).toEqual({ kind: "amount", decimal: "1500.50" });
  });
});
