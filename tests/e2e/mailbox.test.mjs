// The mailbox in the real app: a reminder really sent (through an SMTP server on 127.0.0.1) gets
// a reply, delivered into a real Dovecot's inbox started by this test. The IMAP account is typed
// into Settings (the password goes to the OS keychain, gnome-keyring in run.sh's D-Bus session,
// and nowhere in the SQLite file); "Check now" reads the inbox, and the invoice is then paused
// until read, its timeline showing who replied, when, and the first lines as text (markup in the
// reply stays text). "I have read it" resumes the reminders.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { launch, duly, sql, byTestId, fill, click, text, screenshot, mailThrough, anaPopBusiness, root } from "./harness.mjs";
import { startSink } from "./smtp-sink.mjs";
import { startDovecot, USER, PASSWORD } from "./dovecot.mjs";

const today = "2026-11-09";
const NUMBER = "INV-MBX-1";
const BILLING = "billing@nusantara.example";
const docs = path.join(root, "docs/screenshots");

let app;
let sink;
let imap;
before(async () => {
  imap = await startDovecot();
  if (!imap) return;
  sink = await startSink();
  app = await launch({
    today,
    prepare: (env) => {
      mailThrough(env, sink);
      anaPopBusiness(env);
      duly(env, ["client", "add", "--name", "Studio Nusantara", "--currency", "EUR", "--email", BILLING]);
      // Due 2026-11-07: two days late on the pinned day, the ladder's first polite reminder.
      duly(env, ["invoice", "add", "--client", "Studio Nusantara", "--number", NUMBER,
        "--issue-date", "2026-10-08", "--due-date", "2026-11-07", "--item", "Website redesign;1;2400.00"]);
      // Queued here; the app's sender sends it once its undo window has passed.
      duly(env, ["remind", NUMBER]);
    },
  });
});
after(async () => {
  await app?.close();
  await sink?.close();
  await imap?.close();
});

function reply(inReplyTo) {
  return [
    `From: Budi Santoso <${BILLING}>`,
    "To: ana@studio.example.ro",
    `Subject: Re: Invoice ${NUMBER}`,
    "Date: Mon, 9 Nov 2026 14:30:00 +0000",
    "Message-ID: <reply-1@nusantara.example>",
    `In-Reply-To: ${inReplyTo}`,
    `References: ${inReplyTo}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "We paid on <b>Friday</b>, the transfer should arrive tomorrow.",
    "",
    "On Mon, Ana Pop wrote:",
    "> Invoice was due",
    "",
  ].join("\r\n");
}

test("Settings → Replies: Check now reads a reply, and the invoice waits until it is read", async (t) => {
  if (!imap) return t.skip("dovecot is not installed");
  const { browser, db } = app;

  // The reminder leaves through the SMTP server; its Message-ID is what the client answers.
  const [sent] = await sink.waitFor(1, 40_000);
  const messageId = sent.raw.match(/^Message-ID: (<[^>]+>)$/m)?.[1];
  assert.ok(messageId, "the reminder has a Message-ID");

  await click(browser, "nav-settings");
  await byTestId(browser, "imap-settings").waitForDisplayed({ timeout: 10_000 });
  await byTestId(browser, "imap-settings").scrollIntoView();
  await fill(browser, "imap-host", "127.0.0.1");
  await fill(browser, "imap-port", String(imap.port));
  await fill(browser, "imap-user", USER);
  await fill(browser, "imap-password", PASSWORD);
  // Plain IMAP: allowed to this computer only.
  await click(browser, "imap-tls");
  await click(browser, "imap-save");
  await byTestId(browser, "imap-saved").waitForDisplayed({ timeout: 10_000 });
  assert.equal(await text(browser, "imap-password-state"), "A password is saved in the keychain; leave this empty to keep it.");
  assert.equal(await byTestId(browser, "imap-password").getValue(), "");
  assert.ok(!(await browser.getPageSource()).includes(PASSWORD), "the password is not in the page");
  for (const file of [db, `${db}-wal`]) {
    if (existsSync(file)) assert.ok(!readFileSync(file).includes(Buffer.from(PASSWORD)), `the password is in ${file}`);
  }
  const [account] = sql(db, "SELECT value FROM settings WHERE key = 'imap'");
  assert.deepEqual(JSON.parse(account.value), { host: "127.0.0.1", port: imap.port, username: USER, tls: false });

  await imap.deliver(reply(messageId));
  await click(browser, "imap-check");
  const result = byTestId(browser, "imap-check-result");
  await result.waitForDisplayed({ timeout: 30_000 });
  assert.equal((await result.getText()).trim(), "Read 1 new messages; 1 concerned your invoices.");
  assert.match(await text(browser, "imap-last-check"), /^Last checked \d{1,2} Nov 2026/);
  await result.scrollIntoView({ block: "center" });
  await browser.pause(500);
  await screenshot(browser, "mailbox-settings.png", docs);

  // Today lists the reply to read; its row leads to the invoice.
  await click(browser, "nav-today");
  const row = byTestId(browser, "today-reply-row");
  await row.waitForDisplayed({ timeout: 10_000 });
  await screenshot(browser, "mailbox-today.png", docs);
  const cells = await row.$$("td").map((td) => td.getProperty("textContent"));
  // textContent: WebDriver reads an ellipsised cell as empty.
  assert.deepEqual(cells.map((c) => c.trim()), [
    NUMBER,
    "Studio Nusantara",
    "replied on 9 Nov 2026",
    "We paid on <b>Friday</b>, the transfer should arrive tomorrow.",
  ]);
  await row.$("a").click();

  // The invoice waits for the user, says why, and shows the reply as text.
  const banner = byTestId(browser, "invoice-replied");
  await banner.waitForDisplayed({ timeout: 10_000 });
  assert.match(await banner.getText(), /^The client replied on 9 Nov 2026: read it before the next step\./);
  assert.equal(
    await text(browser, "invoice-replied-text"),
    "We paid on <b>Friday</b>, the transfer should arrive tomorrow.",
  );
  assert.equal(await text(browser, "remind-reason"), "The client replied: reminders wait until you have read it.");
  const quote = byTestId(browser, "timeline-quote");
  assert.equal((await quote.getText()).trim(), "We paid on <b>Friday</b>, the transfer should arrive tomorrow.");
  const items = await browser.$$('[data-testid="timeline-item"]').map((el) => el.getText());
  assert.ok(items.some((i) => i.startsWith(`Budi Santoso <${BILLING}> replied on 9 Nov 2026`)), items.join("\n---\n"));
  const [pause] = sql(db, "SELECT note FROM ladder_pauses");
  assert.equal(pause.note, "client replied on 9 Nov: read before the next step");
  await screenshot(browser, "mailbox-reply.png", docs);

  // "Record a payment" brings the payment form; "I have read it" ends the pause.
  await click(browser, "reply-payment");
  await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.getAttribute("data-testid"))) === "payment-amount", {
    timeout: 5_000,
    timeoutMsg: "the payment amount is not focused",
  });
  await click(browser, "reply-resume");
  await banner.waitForDisplayed({ reverse: true, timeout: 10_000 });
  assert.deepEqual(sql(db, "SELECT note FROM ladder_pauses"), []);

  // A refused login says so, without the password, on the card and in its "last checked".
  const WRONG = "wrong-e2e-pw-3b1d";
  await click(browser, "nav-settings");
  await fill(browser, "imap-password", WRONG);
  await click(browser, "imap-save");
  await byTestId(browser, "imap-saved").waitForDisplayed({ timeout: 10_000 });
  await click(browser, "imap-check");
  await result.waitForDisplayed({ timeout: 30_000 });
  assert.equal(
    (await result.getText()).trim(),
    `The inbox could not be read: the server refused the login for ${USER}: check the user name and the (app) password`,
  );
  assert.match(await text(browser, "imap-last-check"), /the server refused the login/);
  assert.ok(!(await browser.getPageSource()).includes(WRONG), "the password is not in the page");
});
