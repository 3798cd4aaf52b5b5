import { afterEach, describe, expect, it } from "vitest";
import { appNow, syncClock } from "./clock";

describe("the app's clock", () => {
  afterEach(() => syncClock(new Date().toISOString()));

  it("follows the app's pinned instant and keeps running", () => {
    const local = Date.now();
    syncClock("2026-11-23T09:05:00Z", local);
    const skew = appNow() - Date.parse("2026-11-23T09:05:00Z");
    expect(skew).toBeGreaterThanOrEqual(0);
    expect(skew).toBeLessThan(1000);
  });

  it("ignores an instant it cannot read", () => {
    syncClock(new Date().toISOString());
    syncClock("soon");
    expect(Math.abs(appNow() - Date.now())).toBeLessThan(1000);
  });
});
