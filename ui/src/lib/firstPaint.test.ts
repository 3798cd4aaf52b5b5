import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// Module state (painted once per start): a fresh copy for each test.
async function fresh(): Promise<typeof import("./firstPaint")> {
  vi.resetModules();
  return import("./firstPaint");
}

describe("first paint", () => {
  beforeEach(() => {
    // Timers only: the marks go to the real `performance`.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    performance.clearMarks();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("deferred work waits for the mark, which is set once, a frame after the screen", async () => {
    const { afterFirstPaint, markPainted, FIRST_PAINT_MARK } = await fresh();
    const ran = vi.fn();
    void afterFirstPaint().then(ran);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ran).not.toHaveBeenCalled();
    markPainted();
    markPainted();
    expect(performance.getEntriesByName(FIRST_PAINT_MARK)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(50);
    expect(performance.getEntriesByName(FIRST_PAINT_MARK)).toHaveLength(1);
    expect(ran).toHaveBeenCalledTimes(1);
  });

  it("runs deferred work anyway when no dashboard is painted (first-run setup)", async () => {
    const { afterFirstPaint, FIRST_PAINT_MARK } = await fresh();
    const ran = vi.fn();
    void afterFirstPaint().then(ran);
    await vi.advanceTimersByTimeAsync(2999);
    expect(ran).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(ran).toHaveBeenCalledTimes(1);
    expect(performance.getEntriesByName(FIRST_PAINT_MARK)).toHaveLength(0);
  });
});
