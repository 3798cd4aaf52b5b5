// The README's first-run screenshots: the setup in Romanian on an empty database, then the
// backups section of Settings. `tests/e2e/run.sh screenshots-first-run.mjs`.

import path from "node:path";
import { test, after } from "node:test";
import { launch, byTestId, click, screenshot, root } from "./harness.mjs";
import { walkOnboarding } from "./onboarding-flow.mjs";

const folder = path.join(root, "docs/screenshots");

let app;
after(async () => {
  await app?.close();
});

test("first-run screenshots", async () => {
  app = await launch({ today: "2026-11-23" });
  const { browser } = app;
  await browser.setWindowSize(1280, 800);
  await walkOnboarding(browser, (name) => screenshot(browser, name, folder));

  await click(browser, "nav-settings");
  await click(browser, "backup-now");
  await byTestId(browser, "backup-made").waitForDisplayed({ timeout: 10_000 });
  await byTestId(browser, "backup-settings").scrollIntoView();
  await browser.pause(400);
  await screenshot(browser, "settings-backups.png", folder);
});
