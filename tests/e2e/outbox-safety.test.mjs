// Nothing goes out for an invoice that no longer needs it, in the real app: a reminder is queued
// with one click, and during its undo window the payment in full is recorded on the invoice's
// page. The background sender never sends it: the SMTP sink on 127.0.0.1 stays empty, the
// message is cancelled in the file with the reason "paid", and the Outbox and the invoice's
// timeline say why.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, duly, sql, byTestId, fill, click, text, screenshot, mailThrough, anaPopBusiness } from "./harness.mjs";
import { startSink } from "./smtp-sink.mjs";

const today = "2026-11-09";
const NUMBER = "INV-SAFE-1";
const BILLING = "billing@nusantara.example";

let app;
let sink;
before(async () => {
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
    },
  });
});
after(async () => {
  await app?.close();
  await sink?.close();
});

test("a payment recorded during the undo window cancels the reminder: the SMTP sink stays empty", async () => {
  const { browser, db } = app;
  await byTestId(browser, "nav-invoices").waitForDisplayed({ timeout: 20_000 });
  await click(browser, "nav-invoices");
  const link = browser.$(`[data-testid="invoice-row"] a[href="#/invoices/${NUMBER}"]`);
  await link.waitForDisplayed({ timeout: 10_000 });
  await link.click();
  await browser.waitUntil(async () => (await text(browser, "invoice-title")) === NUMBER, { timeout: 10_000 });

  const button = byTestId(browser, "remind-button");
  await button.waitForEnabled({ timeout: 10_000 });
  await button.click();
  await byTestId(browser, "remind-toast").waitForDisplayed({ timeout: 10_000 });
  const [queued] = sql(db, "SELECT id, state FROM outbox");
  assert.equal(queued.state, "queued");

  // Paid in full, inside the undo window.
  await fill(browser, "payment-amount", "2400.00");
  await fill(browser, "payment-date", today);
  await click(browser, "payment-save");
  await browser.waitUntil(async () => /paid/i.test(await text(browser, "invoice-status")), {
    timeout: 10_000,
    timeoutMsg: "the invoice did not become paid",
  });
  const [cancelled] = sql(db, "SELECT state, cancel_reason FROM outbox");
  assert.deepEqual(cancelled, { state: "cancelled", cancel_reason: "paid" });

  // Well past the undo window, with the background sender awake: nothing reached the server.
  await browser.pause(15_000);
  assert.equal(sink.messages.length, 0, "the cancelled reminder never left");
  assert.deepEqual(sql(db, "SELECT state FROM outbox"), [{ state: "cancelled" }]);

  // The timeline and the Outbox say why.
  await browser.waitUntil(
    async () => (await browser.$$('[data-testid="timeline-item"]').map((el) => el.getText())).some((t) => t.startsWith("Reminder cancelled: the invoice was paid in full")),
    { timeout: 10_000, timeoutMsg: "the timeline does not say the reminder was cancelled because the invoice was paid" },
  );
  await click(browser, "nav-outbox");
  const reason = byTestId(browser, "outbox-cancel-reason");
  await reason.waitForDisplayed({ timeout: 10_000 });
  assert.equal((await reason.getText()).trim(), "Cancelled: the invoice was paid in full");
  await screenshot(browser, "e2e-outbox-safety-paid.png");
  assert.equal(sink.messages.length, 0);
});
