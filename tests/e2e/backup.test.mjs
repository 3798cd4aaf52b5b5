// Backups in the real app: the daily backup is made at start; "Back up now" adds one; a client
// added afterwards disappears again when that backup is restored from Settings (after a
// confirmation), and a copy of the database as it was before the restore is kept. Checked in the
// window and in the SQLite files.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { launch, duly, sql, byTestId, fill, click, text, screenshot } from "./harness.mjs";

let app;
after(async () => {
  await app?.close();
});

const clientNames = (db) => sql(db, "SELECT name FROM clients ORDER BY name").map((r) => r.name);

test("back up, change the data, restore: the old data is back", async () => {
  app = await launch({
    today: "2026-11-23",
    prepare: (env) => duly(env, ["demo", "--invoices", "60", "--clients", "8", "--seed", "4", "--as-of", "2026-11-23"]),
  });
  const { browser, db } = app;
  const backups = path.join(path.dirname(db), "backups");
  await byTestId(browser, "currency-card").waitForDisplayed({ timeout: 20_000 });
  const before = clientNames(db);
  assert.equal(before.length, 8);

  // The daily backup was made when the app started.
  await browser.waitUntil(() => existsSync(backups) && readdirSync(backups).some((f) => f.startsWith("auto-")), {
    timeout: 10_000,
    timeoutMsg: "no daily backup after start",
  });

  await click(browser, "nav-settings");
  assert.equal(await text(browser, "backup-data-folder"), path.dirname(db));
  await click(browser, "backup-now");
  await byTestId(browser, "backup-made").waitForDisplayed({ timeout: 10_000 });
  const manual = readdirSync(backups).filter((f) => f.startsWith("manual-"));
  assert.equal(manual.length, 1);
  assert.deepEqual(clientNames(path.join(backups, manual[0])), before, "the backup holds the data");

  // Change the data after the backup.
  await click(browser, "nav-clients");
  await click(browser, "client-new");
  await fill(browser, "client-name", "Added After The Backup SRL");
  await fill(browser, "client-currency", "RON");
  await click(browser, "client-save");
  await byTestId(browser, "client-title").waitForDisplayed({ timeout: 10_000 });
  assert.equal(clientNames(db).length, 9);

  // Restore the manual backup, confirming first.
  await click(browser, "nav-settings");
  const row = browser.$(`[data-testid="backup-row"][data-file="${manual[0]}"]`);
  await row.waitForDisplayed({ timeout: 10_000 });
  await row.$('[data-testid="backup-restore"]').click();
  await byTestId(browser, "backup-confirm").waitForDisplayed({ timeout: 5_000 });
  assert.equal(clientNames(db).length, 9, "nothing happens before the confirmation");
  await screenshot(browser, "e2e-backup-confirm.png");
  await click(browser, "backup-restore-confirm");
  await byTestId(browser, "backup-restored").waitForDisplayed({ timeout: 10_000 });
  await screenshot(browser, "e2e-backup-restored.png");

  // The file and the window show the old data.
  assert.deepEqual(clientNames(db), before);
  const safety = readdirSync(backups).filter((f) => f.startsWith("before-restore-"));
  assert.equal(safety.length, 1);
  assert.ok(clientNames(path.join(backups, safety[0])).includes("Added After The Backup SRL"), "the replaced data is kept");

  await click(browser, "nav-clients");
  await browser.waitUntil(async () => (await browser.$$('[data-testid="client-row"]').length) === 8, {
    timeout: 10_000,
    timeoutMsg: "the client list does not show the restored data",
  });
  const shown = [];
  for (const el of await browser.$$('[data-testid="client-row-name"]')) shown.push((await el.getText()).trim());
  assert.ok(!shown.includes("Added After The Backup SRL"));
  assert.deepEqual([...shown].sort(), [...before].sort());
});

test("restoring a file that is not a Duly backup is refused and changes nothing", async () => {
  const { browser, db } = app;
  const before = clientNames(db);
  await click(browser, "nav-settings");
  await fill(browser, "restore-path", path.join(path.dirname(db), "..", "not-a-backup.csv"));
  await click(browser, "restore-path-run");
  await click(browser, "backup-restore-confirm");
  const banner = byTestId(browser, "error-banner");
  await banner.waitForDisplayed({ timeout: 10_000 });
  assert.match(await banner.getText(), /not-a-backup\.csv/);
  assert.deepEqual(clientNames(db), before);
});
