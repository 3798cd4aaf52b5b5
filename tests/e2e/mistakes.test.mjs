// A mistake undone in the real app: a payment recorded in full is reversed on the invoice page
// (the reason asked in a small dialog), and the invoice is overdue again and back on Today. The
// SQLite file (read by sqlite3, not by Duly) holds no payment any more, the reversal with its
// reason, and the invoice open again.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, duly, sql, byTestId, fill, click, text, screenshot } from "./harness.mjs";

const today = "2026-11-09";
const NUMBER = "INV-UNDO-1";

let app;
before(async () => {
  app = await launch({
    today,
    prepare: (env) => {
      duly(env, ["client", "add", "--name", "Brightline Studio", "--currency", "EUR", "--email", "ap@brightline.example"]);
      // Due 2026-11-01 (8 days late on the pinned day), paid in full on the 5th: nothing to chase.
      duly(env, ["invoice", "add", "--client", "Brightline Studio", "--number", NUMBER,
        "--issue-date", "2026-10-02", "--due-date", "2026-11-01", "--item", "Brand identity;1;1800.00"]);
      duly(env, ["pay", NUMBER, "--amount", "1800.00", "--date", "2026-11-05", "--method", "bank transfer"]);
    },
  });
});
after(async () => {
  await app?.close();
});

test("a payment reversed on the invoice page makes the invoice overdue again on Today", async () => {
  const { browser, db } = app;
  await click(browser, "nav-today");
  await byTestId(browser, "today-empty").waitForDisplayed({ timeout: 20_000 });
  assert.equal(await byTestId(browser, "today-row").isExisting(), false, "a paid invoice is not chased");

  await browser.execute((n) => { location.hash = `#/invoices/${encodeURIComponent(n)}`; }, NUMBER);
  assert.equal(await text(browser, "invoice-title"), NUMBER);
  assert.match(await text(browser, "invoice-status"), /paid/i);

  await click(browser, "payment-reverse");
  await byTestId(browser, "reason-dialog").waitForDisplayed({ timeout: 10_000 });
  assert.equal(await byTestId(browser, "reason-confirm").isEnabled(), false, "a reason is required");
  await fill(browser, "reason-input", "The transfer bounced");
  await screenshot(browser, "e2e-mistakes-01-reason.png");
  await click(browser, "reason-confirm");

  // The badge says "Issued" again, coloured and titled as overdue.
  await browser.waitUntil(async () => (await byTestId(browser, "invoice-status").getAttribute("title")) === "Overdue", {
    timeout: 10_000,
    timeoutMsg: "the invoice did not turn overdue after the reversal",
  });
  assert.match(await text(browser, "invoice-status"), /issued/i);
  assert.match(await text(browser, "invoice-amount-due"), /1[,.]800[,.]00/);
  const timeline = await text(browser, "timeline");
  assert.match(timeline, /Payment reversed/);
  assert.match(timeline, /The transfer bounced/);
  assert.equal(await byTestId(browser, "payment-row").isExisting(), false);
  await screenshot(browser, "e2e-mistakes-02-reversed.png");

  assert.deepEqual(sql(db, `SELECT paid_minor, status FROM invoices WHERE number = '${NUMBER}'`), [
    { paid_minor: 0, status: "sent" },
  ]);
  assert.deepEqual(sql(db, "SELECT count(*) AS n FROM payments"), [{ n: 0 }]);
  assert.deepEqual(sql(db, "SELECT amount_minor, paid_on, reason FROM payment_reversals"), [
    { amount_minor: 180000, paid_on: "2026-11-05", reason: "The transfer bounced" },
  ]);

  await click(browser, "nav-today");
  await byTestId(browser, "today-row").waitForDisplayed({ timeout: 10_000 });
  const numbers = await browser.$$('[data-testid="today-number"]').map((el) => el.getText().then((t) => t.trim()));
  assert.deepEqual(numbers, [NUMBER]);
  await screenshot(browser, "e2e-mistakes-03-today.png");
});

test("a credit note is listed as one among the payments, without a Reverse button", async () => {
  const { browser, env } = app;
  // The invoice owes 1,800.00 again after the reversal above; a partial credit note corrects it.
  duly(env, ["credit-note", NUMBER, "--amount", "300.00", "--reason", "one workshop cancelled", "--date", today]);
  await browser.execute((n) => { location.hash = `#/invoices/${encodeURIComponent(n)}`; }, NUMBER);
  await browser.waitUntil(async () => (await browser.$$('[data-testid="payment-row"]').length) === 1, {
    timeout: 10_000,
    timeoutMsg: "the credit note is not among the payments",
  });
  const row = await browser.$('[data-testid="payment-row"]');
  assert.match(await row.getText(), /Credit note/);
  assert.doesNotMatch(await row.getText(), /credit_note/, "no internal method name on screen");
  assert.equal(await row.$('[data-testid="payment-reverse"]').isExisting(), false, "a credit note is not reversed as a payment");
  assert.match(await text(browser, "timeline"), /Credit note issued/);
  assert.match(await text(browser, "invoice-amount-due"), /1[,.]500[,.]00/);
});

test("start fresh removes the demo data from the banner and keeps the business profile", async () => {
  const demo = await launch({
    today,
    prepare: (env) => {
      duly(env, ["demo", "--invoices", "30", "--clients", "5", "--seed", "4"]);
    },
  });
  try {
    const { browser, db } = demo;
    const [business] = sql(db, "SELECT name, iban FROM business");
    await byTestId(browser, "demo-banner").waitForDisplayed({ timeout: 20_000 });
    await click(browser, "demo-remove");
    await click(browser, "demo-remove-confirm");
    await byTestId(browser, "demo-removed").waitForDisplayed({ timeout: 10_000 });
    assert.match(await text(browser, "demo-removed"), /5 clients and 30 invoices/);
    assert.equal(await byTestId(browser, "demo-banner").isExisting(), false);
    await screenshot(browser, "e2e-mistakes-04-start-fresh.png");
    assert.deepEqual(
      sql(db, "SELECT (SELECT count(*) FROM clients) AS clients, (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM events) AS events"),
      [{ clients: 0, invoices: 0, events: 0 }],
    );
    assert.deepEqual(sql(db, "SELECT name, iban FROM business"), [business], "the business profile is kept");
  } finally {
    await demo.close();
  }
});
