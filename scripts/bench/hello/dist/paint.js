// The same mark Duly's dashboard sets once it is on screen (ui/src/lib/firstPaint.ts): the first
// frame after the page's content, read by scripts/bench/start.mjs.
addEventListener("DOMContentLoaded", () =>
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark("duly:first-paint"))),
);
