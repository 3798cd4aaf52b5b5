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

describe("recipient's wall clock", () => {
  it("writes a planned send time in each language's format", async () => {
    const { formatWallClock, formatWallDay, zonePlace, timeIn } = await import("./dates");
    // Monday 23 November 2026, 09:00 on the recipient's side.
    expect(formatWallClock("2026-11-23T09:00", "en-GB")).toBe("Mon 09:00");
    expect(formatWallClock("2026-11-23T09:00", "id-ID")).toMatch(/^Sen 09[.:]00$/);
    expect(formatWallClock("2026-11-23T09:00", "ro-RO")).toMatch(/^lun\.? 09:00$/);
    expect(formatWallClock("garbage", "en-GB")).toBe("garbage");
    expect(formatWallDay("2026-11-26T09:00", "en-GB")).toBe("Thu 26 Nov 09:00");
    expect(formatWallDay("2026-11-26T09:00", "ro-RO")).toMatch(/^joi 26 nov\.? 09:00$/);
    expect(formatWallDay("garbage", "en-GB")).toBe("garbage");
    expect(zonePlace("Asia/Jakarta")).toBe("Jakarta");
    expect(zonePlace("America/Argentina/Buenos_Aires")).toBe("Buenos Aires");
    // 02:00 UTC on that Monday is 09:00 in Jakarta (a pinned instant, not the real clock).
    expect(timeIn("Asia/Jakarta", "en-GB", Date.parse("2026-11-23T02:00:00Z"))).toBe("Mon 09:00");
    expect(timeIn("Mars/Olympus", "en-GB", 0)).toBeNull();
  });
});

describe("date fields in the user's format", () => {
  it("shows a date in each language's numeric order", async () => {
    const { formatDateInput } = await import("./dates");
    expect(formatDateInput("2026-10-05", "en-GB")).toBe("05/10/2026");
    expect(formatDateInput("2026-10-05", "id-ID")).toBe("05/10/2026");
    expect(formatDateInput("2026-10-05", "ro-RO")).toBe("05.10.2026");
  });

  it("reads what was typed in that order, or a pasted ISO date", async () => {
    const { parseDateInput } = await import("./dates");
    expect(parseDateInput("05.10.2026", "ro-RO")).toBe("2026-10-05");
    expect(parseDateInput("5.10.2026", "ro-RO")).toBe("2026-10-05");
    expect(parseDateInput("31/10/2026", "en-GB")).toBe("2026-10-31");
    expect(parseDateInput("31-10-2026", "id-ID")).toBe("2026-10-31");
    expect(parseDateInput("2026-10-31", "ro-RO")).toBe("2026-10-31");
    expect(parseDateInput("31.02.2026", "ro-RO")).toBeNull();
    expect(parseDateInput("10/31/2026", "en-GB")).toBeNull();
    expect(parseDateInput("31/10/26", "en-GB")).toBeNull();
    expect(parseDateInput("", "en-GB")).toBeNull();
  });

  it("lays a month out in weeks starting on Monday", async () => {
    const { monthGrid } = await import("./dates");
    const november = monthGrid(2026, 11); // 1 Nov 2026 is a Sunday
    expect(november.slice(0, 7)).toEqual([null, null, null, null, null, null, "2026-11-01"]);
    expect(november.filter((d) => d !== null)).toHaveLength(30);
    expect(november.length % 7).toBe(0);
    const february = monthGrid(2028, 2).filter((d) => d !== null);
    expect(february[february.length - 1]).toBe("2028-02-29");
  });
});
