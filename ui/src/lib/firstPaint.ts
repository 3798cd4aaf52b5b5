/**
 * The first screen with its data on it. The dashboard calls `markPainted()` once its report is
 * shown; `scripts/bench.sh` reads the `duly:first-paint` performance mark to time a cold start,
 * and work the first screen does not need (the daily backup, the sidebar's follow-up count)
 * waits for `afterFirstPaint()` so that it never holds the database while the dashboard loads.
 */

/** The performance mark's name; the benchmark's hello-world page sets the same one. */
export const FIRST_PAINT_MARK = "duly:first-paint";

/** When no dashboard is shown first (first-run setup, a deep link), deferred work still runs. */
const FALLBACK_MS = 3000;

let painted = false;
let resolvePainted: () => void = () => {};
const paintedPromise = new Promise<void>((resolve) => (resolvePainted = resolve));

/** Sets the mark after the next frame is on screen (two animation frames), once per start. */
export function markPainted(): void {
  if (painted) return;
  painted = true;
  const frame = globalThis.requestAnimationFrame ?? ((f: FrameRequestCallback) => setTimeout(() => f(0), 0));
  frame(() =>
    frame(() => {
      performance.mark(FIRST_PAINT_MARK);
      resolvePainted();
    }),
  );
}

/** Resolves once the first screen is painted, or after a few seconds if no dashboard came. */
export function afterFirstPaint(): Promise<void> {
  return Promise.race([paintedPromise, new Promise<void>((resolve) => setTimeout(resolve, FALLBACK_MS))]);
}
