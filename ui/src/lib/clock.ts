// The app's clock as the UI sees it. The Rust side may run on a pinned clock (DULY_NOW, in
// end-to-end tests and screenshots) that the web view's Date.now() knows nothing of; every
// comparison with an instant from the API (undo windows, "goes out at", a client's local time)
// goes through appNow() so both sides agree on what "now" is.

let offset = 0;

/** Aligns the UI's clock with the app's, from an RFC 3339 instant the API just reported. */
export function syncClock(appNowIso: string, local: number = Date.now()): void {
  const t = Date.parse(appNowIso);
  if (!Number.isNaN(t)) offset = t - local;
}

/** Milliseconds since the epoch on the app's clock. */
export function appNow(): number {
  return Date.now() + offset;
}
