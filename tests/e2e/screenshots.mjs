// Takes the README's screenshots of the real app over demo data, as of a fixed date so that they
// only change when the app does: `tests/e2e/run.sh screenshots.mjs` (scripts/screenshots.sh).

import path from "node:path";
import { test, after } from "node:test";
import { launch, duly, byTestId, click, screenshot, root } from "./harness.mjs";

const asOf = "2026-11-23";
const folder = path.join(root, "docs/screenshots");

let app;
after(async () => {
  await app?.close();
});

test("README screenshots", async () => {
  app = await launch({
    today: asOf,
    prepare: (env) => duly(env, ["demo", "--invoices", "3000", "--clients", "150", "--seed", "7", "--as-of", asOf]),
  });
  const { browser } = app;
  await browser.setWindowSize(1280, 800);

  await byTestId(browser, "currency-card").waitForDisplayed({ timeout: 20_000 });
  await browser.pause(500); // let the chart finish its entry animation
  await screenshot(browser, "dashboard.png", folder);

  await click(browser, "nav-invoices");
  await byTestId(browser, "invoice-row").waitForDisplayed({ timeout: 10_000 });
  await click(browser, "invoice-overdue-only");
  await browser.pause(300);
  await screenshot(browser, "invoices.png", folder);

  await byTestId(browser, "invoice-row").$("a").click();
  await byTestId(browser, "invoice-title").waitForDisplayed({ timeout: 10_000 });
  // The ladder's answer arrives after the page. Demo clients are never emailed, so the reminder
  // button stays disabled and says why: wait for that reason.
  await byTestId(browser, "remind-reason").waitForDisplayed({ timeout: 10_000 });
  await browser.pause(300);
  await screenshot(browser, "invoice.png", folder);
  const invoicePage = await browser.execute(() => window.location.hash);

  // The same screens dark (chosen in Settings; the OS's preference gives the same colours).
  await click(browser, "nav-settings");
  await byTestId(browser, "settings-theme").selectByAttribute("value", "dark");
  await click(browser, "nav-dashboard");
  await byTestId(browser, "currency-card").waitForDisplayed({ timeout: 20_000 });
  await browser.pause(500);
  await screenshot(browser, "dashboard-dark.png", folder);
  await browser.execute((h) => { window.location.hash = h; }, invoicePage);
  await byTestId(browser, "remind-reason").waitForDisplayed({ timeout: 10_000 });
  await browser.pause(300);
  await screenshot(browser, "invoice-dark.png", folder);
});
