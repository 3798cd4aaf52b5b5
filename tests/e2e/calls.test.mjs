// Calls in the real app: an overdue invoice is on the Today list; the user logs a call on the
// invoice page (the client promised to pay by the 20th), and the invoice leaves the Today list for
// its "paused until 21 Nov 2026" section. The call is on the invoice's timeline and the Calls page,
// the promise is in the SQLite file (read by sqlite3, not by Duly), and the summary email, sent in
// one click, reaches an SMTP server on 127.0.0.1 and lands on the timeline.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, duly, sql, byTestId, fill, click, text, screenshot, mailThrough } from "./harness.mjs";
import { startSink } from "./smtp-sink.mjs";

const today = "2026-11-09";
const NUMBER = "INV-CALL-1";

let app;
let sink;
before(async () => {
  sink = await startSink();
  app = await launch({
    today,
    prepare: (env) => {
      mailThrough(env, sink);
      duly(env, ["client", "add", "--name", "Kopi Kenangan Studio", "--currency", "EUR",
        "--email", "finance@kopi.example", "--phone", "+62 21 555 0199"]);
      // Due 2026-11-01: 8 days late on the pinned day, the ladder's call day.
      duly(env, ["invoice", "add", "--client", "Kopi Kenangan Studio", "--number", NUMBER,
        "--issue-date", "2026-10-02", "--due-date", "2026-11-01", "--item", "Brand identity;1;1800.00"]);
    },
  });
});
after(async () => {
  await app?.close();
  await sink?.close();
});

/** The numbers on Today's main list. */
async function todayNumbers(browser) {
  return browser.$$('[data-testid="today-number"]').map((el) => el.getText().then((t) => t.trim()));
}

test("a call with a promise moves the invoice from Today to 'paused until …'", async () => {
  const { browser, db } = app;
  await click(browser, "nav-today");
  await byTestId(browser, "today-row").waitForDisplayed({ timeout: 20_000 });
  assert.deepEqual(await todayNumbers(browser), [NUMBER]);
  assert.equal(await byTestId(browser, "today-paused").isExisting(), false);

  // To the invoice, and log the call with the keyboard-first form.
  await byTestId(browser, "today-number").$("a").click();
  assert.equal(await text(browser, "invoice-title"), NUMBER);
  await byTestId(browser, "call-form").waitForDisplayed({ timeout: 10_000 });
  assert.equal(await byTestId(browser, "call-outcome-promised").isSelected(), true, "a promise is the default on an invoice");
  const dial = await byTestId(browser, "call-dial").getAttribute("href");
  assert.equal(dial, "tel:+62215550199");
  await fill(browser, "call-promise-date", "2026-11-20");
  await fill(browser, "call-duration", "4");
  await fill(browser, "call-notes", "Waiting for the <b>director</b>'s signature");
  await click(browser, "call-save");
  await byTestId(browser, "call-saved").waitForDisplayed({ timeout: 10_000 });

  const promise = await text(browser, "invoice-promise");
  assert.match(promise, /Paused until 21 Nov 2026/);
  assert.match(promise, /Promised €1,800\.00 by 20 Nov 2026/);
  const timeline = await browser.$$('[data-testid="timeline-item"]').map((el) => el.getText());
  assert.match(timeline[0], /Call: Promised to pay/);
  assert.match(timeline[0], /Waiting for the <b>director<\/b>'s signature/, "notes are shown as text, not markup");
  await screenshot(browser, "e2e-calls-invoice.png");

  // Independently, in the file.
  const [row] = sql(db, `SELECT c.outcome, c.duration_seconds, p.pay_by, p.amount_minor
    FROM calls c JOIN promises p ON p.call_id = c.id`);
  assert.deepEqual(row, { outcome: "promised", duration_seconds: 240, pay_by: "2026-11-20", amount_minor: 180000 });

  // The summary email in one click: it goes out and lands on the timeline.
  await click(browser, "call-summary");
  assert.equal(await byTestId(browser, "call-summary-to").getValue(), "finance@kopi.example");
  assert.equal(
    await byTestId(browser, "call-summary-subject").getValue(),
    `Summary of our call on 9 November 2026: invoice ${NUMBER}`,
  );
  await click(browser, "call-summary-send");
  await byTestId(browser, "call-summary-queued").waitForDisplayed({ timeout: 10_000 });
  const [mail] = await sink.waitFor(1, 40_000);
  // Quoted-printable: join the soft line breaks before reading the text.
  const body = mail.raw.replace(/=\r?\n/g, "").replace(/=E2=82=AC/g, "€");
  assert.match(body, /summary of what we agreed for invoice INV-CALL-1/);
  assert.match(body, /€1,800\.00 will be paid by 20 November 2026\./);
  assert.match(mail.raw, /multipart\/alternative/, "with the HTML part made from the same text");
  const kinds = sql(db, `SELECT kind FROM events WHERE invoice_id = (SELECT id FROM invoices WHERE number = '${NUMBER}') ORDER BY id`)
    .map((e) => e.kind);
  assert.ok(kinds.includes("call_promised") && kinds.includes("email_queued"), kinds.join(", "));

  // Today: off the list, into "paused until …".
  await click(browser, "nav-today");
  await byTestId(browser, "today-paused-row").waitForDisplayed({ timeout: 10_000 });
  assert.deepEqual(await todayNumbers(browser), []);
  const paused = await text(browser, "today-paused");
  assert.match(paused, new RegExp(NUMBER));
  assert.match(await text(browser, "today-paused-until"), /Paused until 21 Nov 2026/);
  await screenshot(browser, "e2e-calls-today.png");

  // The Calls page lists it.
  await click(browser, "nav-calls");
  await byTestId(browser, "calls-row").waitForDisplayed({ timeout: 10_000 });
  assert.equal(await text(browser, "calls-invoice"), NUMBER);
  assert.match(await text(browser, "calls-outcome"), /Promised to pay/);
});
