import { describe, expect, it } from "vitest";
import { counterOf, patternOf, piecesOf, render } from "./numbering";

describe("numbering pieces", () => {
  it("reads the issue's examples and writes them back", () => {
    for (const pattern of ["SID {YYYY}-{NNN}", "{YYYY}/{NNNN}", "F-{NNNNN}", "F-{YYYY}-{NNN}", "INV-{YY}{NNNN}/X"]) {
      const p = piecesOf(pattern);
      expect(p, pattern).not.toBeNull();
      expect(patternOf(p!)).toBe(pattern);
    }
    expect(piecesOf("F-{YYYY}-{NNN}")).toEqual({ prefix: "F-", year: "YYYY", separator: "-", width: 3, suffix: "" });
  });

  it("refuses what the pieces cannot hold", () => {
    expect(piecesOf("no counter")).toBeNull();
    expect(piecesOf("{NNNN}/{YYYY}")).toBeNull();
  });

  it("renders and reads back numbers", () => {
    const p = piecesOf("SID {YYYY}-{NNN}")!;
    expect(render(p, 2026, 11)).toBe("SID 2026-011");
    expect(render(piecesOf("{YYYY}/{NNNN}")!, 2026, 42)).toBe("2026/0042");
    expect(render(piecesOf("F-{NNNNN}")!, 2026, 42)).toBe("F-00042");
    expect(render(piecesOf("A{YY}-{NN}")!, 2007, 3)).toBe("A07-03");
    expect(counterOf(p, "SID 2026-011")).toBe(11);
    expect(counterOf(p, "SID 2026-1234")).toBe(1234);
    expect(counterOf(p, "INV-2026-0001")).toBeNull();
  });
});
