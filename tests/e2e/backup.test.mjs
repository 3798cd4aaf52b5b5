// Backups in the real app: the daily backup is made at start; "Back up now" adds one; a client
// added afterwards disappears again when that backup is restored from Settings (after a
// confirmation), and a copy of the database as it was before the restore is kept; a message queued
// before the backup comes back held, and the restore screen says so with a link to the Outbox.
// Checked in the window and in the SQLite files.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { launch, duly, sql, byTestId, fill, click, text, screenshot, answerDialog } from "./harness.mjs";

let app;
after(async () => {
  await app?.close();
});

/** Queues a message under this database's identity, as another Duly process on the file would,
 * due long after the test (no SMTP account is set, and nothing is sent anyway). */
function queueMessage(db, subject) {
  const id = `<e2e-held-${Date.now()}@studio.example.ro>`;
  const message = { message_id: id, from: { name: "Ana Pop", email: "ana@studio.example.ro" }, to: [{ email: "ap@client.example" }], subject, text_body: subject };
  const quote = (s) => `'${s.replaceAll("'", "''")}'`;
  execFileSync("sqlite3", [
    db,
    `PRAGMA busy_timeout = 5000; INSERT INTO outbox (kind, message_id, message_json, state, not_before, created_at, changed_at, instance_id)
     VALUES ('message', ${quote(id)}, ${quote(JSON.stringify(message))}, 'queued', '2027-06-01T09:00:00Z', '2026-11-23T09:05:00Z',
       '2026-11-23T09:05:00Z', (SELECT value FROM settings WHERE key = 'instance_id'))`,
  ]);
}

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

  // A message waiting in the outbox when the backup is taken.
  queueMessage(db, "Queued before the backup");

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

  // The message the backup had queued is held, and the restore screen says so.
  assert.equal(
    await text(browser, "backup-restore-held"),
    "1 message queued before the restore is held: review it in the Outbox. Open the Outbox →",
  );
  const held = sql(db, "SELECT state, held FROM outbox WHERE json_extract(message_json, '$.subject') = 'Queued before the backup'");
  assert.deepEqual(held, [{ state: "queued", held: "restored" }]);
  await click(browser, "backup-restore-held-link");
  const heldRow = browser.$('[data-testid="outbox-row"][data-state="held"]');
  await heldRow.waitForDisplayed({ timeout: 10_000 });
  assert.match(await heldRow.getText(), /Queued before the backup/);

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
  const { browser, db, dir, env } = app;
  const before = clientNames(db);
  await click(browser, "nav-settings");
  const junk = path.join(dir, "not-a-backup.csv");
  writeFileSync(junk, "Number;Total\n1;2\n");
  // "Choose a backup…" opens the system's dialog (answered from the test folder, see harness).
  answerDialog(env, [junk]);
  await click(browser, "restore-choose");
  await click(browser, "backup-restore-confirm");
  const banner = byTestId(browser, "error-banner");
  await banner.waitForDisplayed({ timeout: 10_000 });
  assert.match(await banner.getText(), /not-a-backup\.csv/);
  assert.deepEqual(clientNames(db), before);
});

test("a backup kept elsewhere is restored from the file chosen in the dialog", async () => {
  const { browser, db, env } = app;
  await browser.execute(() => document.querySelector('[data-testid="error-banner"] button')?.click());
  const backups = path.join(path.dirname(db), "backups");
  const [manual] = readdirSync(backups).filter((f) => f.startsWith("manual-"));
  const [chosen] = answerDialog(env, [path.join(backups, manual)]);
  duly(env, ["client", "add", "--name", "Gone Again SRL", "--currency", "RON"]);
  await click(browser, "restore-choose");
  const confirm = byTestId(browser, "backup-confirm");
  await confirm.waitForDisplayed({ timeout: 5_000 });
  assert.ok((await confirm.getText()).includes(chosen), "the confirmation names the file chosen");
  await click(browser, "backup-restore-confirm");
  await byTestId(browser, "backup-restored").waitForDisplayed({ timeout: 10_000 });
  assert.ok(!clientNames(db).includes("Gone Again SRL"));
});

test("Export writes every table into the folder chosen in the dialog", async () => {
  const { browser, env } = app;
  const { folder } = answerDialog(env);
  await click(browser, "export-run");
  await byTestId(browser, "export-done").waitForDisplayed({ timeout: 10_000 });
  const files = readdirSync(folder);
  assert.ok(files.includes("clients.csv") && files.includes("invoices.csv"), `exported: ${files}`);
});
