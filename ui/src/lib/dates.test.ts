import { describe, expect, it } from "vitest";
import { addDays, formatCount, formatDate, isIsoDate, localToday } from "./dates";

describe("dates", () => {
  it("validates calendar dates", () => {
    expect(isIsoDate("2026-10-31")).toBe(true);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("2026-1-1")).toBe(false);
    expect(isIsoDate("")).toBe(false);
  });

  it("adds days across months, years and leap days", () => {
    expect(addDays("2026-10-01", 30)).toBe("2026-10-31");
    expect(addDays("2026-12-15", 30)).toBe("2027-01-14");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-28", 3)).toBe("2026-03-31");
    expect(addDays("nope", 3)).toBeNull();
  });

  it("formats dates in each language without shifting the day", () => {
    expect(formatDate("2026-10-31", "en-GB")).toBe("31 Oct 2026");
    expect(formatDate("2026-10-31", "ro-RO")).toMatch(/^31 .*2026$/);
    expect(formatDate("2026-10-31", "id-ID")).toMatch(/^31 .*2026$/);
    expect(formatDate("garbage", "en-GB")).toBe("garbage");
  });

  it("formats counts", () => {
    expect(formatCount(12345, "en-GB")).toBe("12,345");
    expect(formatCount(12345, "id-ID")).toBe("12.345");
  });

  it("gives today as a local calendar date", () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });
});
