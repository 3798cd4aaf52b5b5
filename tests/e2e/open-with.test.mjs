// "Open with → Duly" on a CSV export: the OS starts Duly with the file's path, and the app opens
// its import page with that file queued. A path Duly cannot import is ignored.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { launch, duly, byTestId, text, screenshot, appBinary } from "./harness.mjs";

let app;
after(async () => {
  await app?.close();
});

test("a file the app is started with opens in the import page", async () => {
  app = await launch({
    today: "2026-11-23",
    prepare: (env) => {
      duly(env, ["demo", "--invoices", "20", "--clients", "4", "--seed", "2", "--as-of", "2026-11-23"]);
      const dir = path.dirname(env.DULY_DB);
      writeFileSync(
        path.join(dir, "facturi-noiembrie.csv"),
        "number,client,issue_date,due_date,currency,total\nRO-2026-101,Acme SRL,2026-11-02,2026-12-02,RON,1190.00\n",
      );
      writeFileSync(path.join(dir, "notes.txt"), "not an invoice\n");
    },
    args: (env) => [path.join(path.dirname(env.DULY_DB), "notes.txt"), path.join(path.dirname(env.DULY_DB), "facturi-noiembrie.csv")],
  });
  const { browser } = app;
  await byTestId(browser, "import-file").waitForDisplayed({ timeout: 20_000 });
  assert.equal(await browser.execute(() => location.hash), "#/import");
  const names = [];
  for (const el of await browser.$$('[data-testid="import-file-name"]')) names.push((await el.getText()).trim());
  assert.deepEqual(names, ["facturi-noiembrie.csv"], "the .txt argument is ignored");
  assert.equal(await text(browser, "import-file-name"), "facturi-noiembrie.csv");
  await browser.pause(400); // the screenshot shows the last frame painted
  await screenshot(browser, "e2e-open-with.png");
});

test("opening another file while Duly runs hands it to the open window", async () => {
  assert.ok(app, "runs after the first test, on its window");
  const { browser, env } = app;
  const dir = path.dirname(env.DULY_DB);
  writeFileSync(
    path.join(dir, "facturi-decembrie.csv"),
    "number,client,issue_date,due_date,currency,total\nRO-2026-102,Acme SRL,2026-12-01,2026-12-31,RON,595.00\n",
  );
  // As a file manager does: the same user session and database, the file named relative to the
  // folder it was double-clicked in.
  const second = spawnSync(appBinary, ["facturi-decembrie.csv"], { env, cwd: dir, timeout: 30_000, encoding: "utf8" });
  assert.equal(second.signal, null, `the second launch should hand over its file and exit, not stay open: ${second.stderr}`);
  assert.equal(second.status, 0, second.stderr);
  await browser.waitUntil(
    async () => (await browser.$$('[data-testid="import-file-name"]')).length === 2,
    { timeout: 10_000, timeoutMsg: "the second file never reached the open window's import page" },
  );
  const names = [];
  for (const el of await browser.$$('[data-testid="import-file-name"]')) names.push((await el.getText()).trim());
  assert.deepEqual(names.sort(), ["facturi-decembrie.csv", "facturi-noiembrie.csv"]);
});
