import { describe, expect, it, vi } from "vitest";
import { latestOnly } from "./latest";

/** A promise the test settles by hand. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup() {
  const pending = new Map<string, ReturnType<typeof deferred<string>>>();
  const load = vi.fn((asOf: string) => {
    const d = deferred<string>();
    pending.set(asOf, d);
    return d.promise;
  });
  const applied: string[] = [];
  const errors: unknown[] = [];
  const busy: boolean[] = [];
  const run = latestOnly(load, {
    result: (value) => applied.push(value),
    error: (error) => errors.push(error),
    busy: (b) => busy.push(b),
  });
  return { run, pending, applied, errors, busy, load };
}

describe("latestOnly", () => {
  it("applies an answer that comes back alone", async () => {
    const { run, pending, applied, busy } = setup();
    const done = run("2026-11-01");
    pending.get("2026-11-01")?.resolve("report of 1 Nov");
    await done;
    expect(applied).toEqual(["report of 1 Nov"]);
    expect(busy).toEqual([true, false]);
  });

  it("drops a later answer to an older request", async () => {
    const { run, pending, applied, busy } = setup();
    const older = run("2026-11-01");
    const newer = run("2026-11-23");
    pending.get("2026-11-23")?.resolve("report of 23 Nov");
    await newer;
    pending.get("2026-11-01")?.resolve("report of 1 Nov");
    await older;
    expect(applied).toEqual(["report of 23 Nov"]);
    // Busy until the latest settled; the older one's settling changes nothing.
    expect(busy).toEqual([true, true, false]);
  });

  it("stays busy while the latest request is still under way", async () => {
    const { run, pending, applied, busy } = setup();
    const older = run("a");
    const newer = run("b");
    pending.get("a")?.resolve("A");
    await older;
    expect(applied).toEqual([]);
    expect(busy).toEqual([true, true]);
    pending.get("b")?.resolve("B");
    await newer;
    expect(applied).toEqual(["B"]);
    expect(busy).toEqual([true, true, false]);
  });

  it("reports only the latest request's failure", async () => {
    const { run, pending, applied, errors } = setup();
    const older = run("a");
    const newer = run("b");
    pending.get("a")?.reject(new Error("old failure"));
    await older;
    expect(errors).toEqual([]);
    pending.get("b")?.reject(new Error("new failure"));
    await newer;
    expect(errors).toEqual([new Error("new failure")]);
    expect(applied).toEqual([]);
  });

  it("ignores everything under way after cancel", async () => {
    const { run, pending, applied, busy } = setup();
    const done = run("a");
    run.cancel();
    pending.get("a")?.resolve("A");
    await done;
    expect(applied).toEqual([]);
    expect(busy).toEqual([true, false]);
  });

  it("passes the query through to the load and the handlers", async () => {
    const load = vi.fn(async (n: number) => n * 2);
    const seen: [number, number][] = [];
    const run = latestOnly(load, { result: (value, query) => seen.push([value, query]) });
    await run(21);
    expect(load).toHaveBeenCalledWith(21);
    expect(seen).toEqual([[42, 21]]);
  });
});
