// Email in the real app: the SMTP settings are typed into the Settings page, the password goes to
// the OS keychain (gnome-keyring in run.sh's D-Bus session) and nowhere in the SQLite file, "Send
// test email" reaches an SMTP server on 127.0.0.1 with that password, and the Outbox page follows
// what the background sender does with queued messages: sent, refused with the server's reply,
// and taken back before it went out. The business hours for held messages are saved too.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { launch, sql, byTestId, fill, click, text, screenshot } from "./harness.mjs";
import { startSink, REFUSAL } from "./smtp-sink.mjs";

const PASSWORD = "e2e-Pw-7f3a9c-not-in-the-db";

let app;
let sink;
before(async () => {
  sink = await startSink();
  app = await launch();
});
after(async () => {
  await app?.close();
  await sink?.close();
});

/** Queues a message the way another Duly process would: a row in the outbox table. */
function queue(db, { to, subject, notBefore }) {
  const id = `<${randomUUID()}@studio.example.ro>`;
  const message = {
    message_id: id,
    from: { name: "Ana Pop", email: "ana@studio.example.ro" },
    to: [{ email: to }],
    subject,
    text_body: `Body of ${subject}`,
  };
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const quote = (s) => `'${s.replaceAll("'", "''")}'`;
  execFileSync("sqlite3", [
    db,
    // Under this database's identity, as a Duly process on the same file records it (a row
    // without one would be a stranger's, held until the user releases it).
    `PRAGMA busy_timeout = 5000; INSERT INTO outbox (kind, message_id, message_json, state, not_before, created_at, changed_at, instance_id)
     VALUES ('message', ${quote(id)}, ${quote(JSON.stringify(message))}, 'queued', ${quote(notBefore)}, ${quote(now)}, ${quote(now)},
       (SELECT value FROM settings WHERE key = 'instance_id'))`,
  ]);
  return id;
}

/**
 * The outbox row showing `subject`, once its state is `state`. Without `refresh` the page must
 * update by itself (the sender's `outbox-changed` event); with it, the test presses Refresh.
 */
async function rowIn(browser, subject, state, { refresh = false, timeout = 20_000 } = {}) {
  let found;
  await browser.waitUntil(
    async () => {
      if (refresh) await click(browser, "outbox-refresh");
      for (const row of await browser.$$('[data-testid="outbox-row"]')) {
        const s = await row.$('[data-testid="outbox-subject"]').getText();
        if (s.trim() === subject && (await row.getAttribute("data-state")) === state) {
          found = row;
          return true;
        }
      }
      return false;
    },
    { timeout, interval: 500, timeoutMsg: `no outbox row "${subject}" in state ${state}` },
  );
  return found;
}

test("SMTP settings, the keychain, a test email and the outbox", async () => {
  const { browser, db } = app;
  await byTestId(browser, "nav-settings").waitForDisplayed({ timeout: 20_000 });
  await click(browser, "nav-settings");

  await byTestId(browser, "smtp-not-configured").waitForDisplayed({ timeout: 10_000 });
  await fill(browser, "smtp-host", "127.0.0.1");
  await byTestId(browser, "smtp-security").selectByAttribute("value", "plain");
  await fill(browser, "smtp-port", String(sink.port));
  await fill(browser, "smtp-username", "ana");
  await fill(browser, "smtp-password", PASSWORD);
  await fill(browser, "smtp-from-name", "Ana Pop");
  await fill(browser, "smtp-from-email", "ana@studio.example.ro");
  await fill(browser, "smtp-reply-to", "replies@studio.example.ro");
  await click(browser, "smtp-save");
  await byTestId(browser, "smtp-saved").waitForDisplayed({ timeout: 10_000 });

  // Write-only: the field is empty again and says where the password went.
  assert.equal(await text(browser, "smtp-password-saved"), "Saved in the OS keychain");
  assert.equal(await byTestId(browser, "smtp-password").getValue(), "");
  assert.ok(!(await browser.getPageSource()).includes(PASSWORD), "the password is not in the page");

  // The test message goes through the server, logged in with the keychain's password.
  await fill(browser, "smtp-test-to", "client@example.com");
  await click(browser, "smtp-test");
  const result = byTestId(browser, "smtp-test-result");
  await result.waitForDisplayed({ timeout: 20_000 });
  assert.equal((await result.getText()).trim(), "Test email sent to client@example.com.");
  const [test] = await sink.waitFor(1);
  assert.deepEqual(test.to, ["client@example.com"]);
  assert.match(test.raw, /^From: "?Ana Pop"? <ana@studio\.example\.ro>$/m);
  assert.match(test.raw, /^To: client@example\.com$/m);
  assert.match(test.raw, /^Reply-To: replies@studio\.example\.ro$/m);
  assert.match(test.raw, /^Subject: Duly test message$/m);
  assert.match(test.raw, /^Message-ID: <[0-9a-f-]{36}@studio\.example\.ro>$/m);
  assert.match(test.raw, /Your email settings work/);
  assert.deepEqual(sink.logins, [{ user: "ana", password: PASSWORD }]);
  await screenshot(browser, "e2e-mail-settings.png");

  // The settings are in the database; the password is not, in the file or its WAL.
  const [row] = sql(db, "SELECT value FROM settings WHERE key = 'smtp'");
  assert.match(row.value, /"host":"127\.0\.0\.1"/);
  for (const file of [db, `${db}-wal`]) {
    if (existsSync(file)) {
      assert.ok(!readFileSync(file).includes(Buffer.from(PASSWORD)), `the password is in ${file}`);
    }
  }

  // Business hours for held messages: Monday to Thursday, 10:00 to 16:00, Jakarta by default.
  await click(browser, "smtp-hours-day-Fri");
  await fill(browser, "smtp-hours-start", "10:00");
  await fill(browser, "smtp-hours-end", "16:00");
  await fill(browser, "smtp-hours-zone", "Asia/Jakarta");
  await click(browser, "smtp-hours-save");
  await byTestId(browser, "smtp-hours-saved").waitForDisplayed({ timeout: 10_000 });
  const [hours] = sql(db, "SELECT value FROM settings WHERE key = 'send_window'");
  assert.deepEqual(JSON.parse(hours.value), {
    days: ["Mon", "Tue", "Wed", "Thu"],
    start: "10:00",
    end: "16:00",
    default_time_zone: "Asia/Jakarta",
  });

  // The outbox: the background sender picks up what is due and the page follows on its own.
  await click(browser, "nav-outbox");
  await byTestId(browser, "outbox-empty").waitForDisplayed({ timeout: 10_000 });
  // On the app's clock (DULY_NOW starts it at app.startedAt), not the machine's.
  const past = new Date(app.startedAt.getTime() - 60_000).toISOString().replace(/\.\d+Z$/, "Z");
  const later = new Date(app.startedAt.getTime() + 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
  const sentId = queue(db, { to: "billing@acme.example", subject: "Invoice INV-7", notBefore: past });
  queue(db, { to: "refuse@example.com", subject: "Reminder to nobody", notBefore: past });
  queue(db, { to: "billing@acme.example", subject: "Not yet", notBefore: later });

  const sent = await rowIn(browser, "Invoice INV-7", "sent");
  assert.equal((await sent.$('[data-testid="outbox-state"]').getText()).trim(), "Sent");
  assert.equal((await sent.$('[data-testid="outbox-to"]').getText()).trim(), "billing@acme.example");
  assert.match(await sent.$('[data-testid="outbox-when"]').getText(), /^Sent /);
  const messages = await sink.waitFor(2);
  const delivered = messages.filter((m) => m.raw.includes("Subject: Invoice INV-7"));
  assert.equal(delivered.length, 1, "sent exactly once");
  assert.ok(delivered[0].raw.includes(`Message-ID: ${sentId}`), "with the Message-ID fixed at enqueue");

  // Refused for good: the server's own words, and Retry / Cancel offered.
  const failed = await rowIn(browser, "Reminder to nobody", "failed");
  assert.ok((await failed.$('[data-testid="outbox-error"]').getText()).includes("no such mailbox here"), REFUSAL);
  assert.ok(await failed.$('[data-testid="outbox-retry"]').isDisplayed());
  assert.ok(!(await failed.$('[data-testid="outbox-resend"]').isExisting()));

  // Not due yet: it can be cancelled, and then never goes out.
  // (Nothing happens to a message that is not due, so no event: look again by hand.)
  const waiting = await rowIn(browser, "Not yet", "queued", { refresh: true });
  assert.match(await waiting.$('[data-testid="outbox-when"]').getText(), /^Goes out /);
  await waiting.$('[data-testid="outbox-cancel"]').click();
  await rowIn(browser, "Not yet", "cancelled");
  await screenshot(browser, "e2e-mail-outbox.png");
  const states = sql(db, "SELECT json_extract(message_json, '$.subject') AS subject, state FROM outbox ORDER BY id");
  assert.deepEqual(states, [
    { subject: "Invoice INV-7", state: "sent" },
    { subject: "Reminder to nobody", state: "failed" },
    { subject: "Not yet", state: "cancelled" },
  ]);
  assert.equal(sink.messages.filter((m) => m.raw.includes("Subject: Not yet")).length, 0);
});
