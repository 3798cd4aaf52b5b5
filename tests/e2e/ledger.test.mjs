// Issue 18 in the real app: the invoice-number pattern set in Settings and honoured across a
// year change (the app's day pinned to 31 December, then started again on 1 January), a number
// that would leave a gap refused beside its field, a partial credit note lowering what is open,
// and a client switched to "no reminders" leaving Today's drafts.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { launch, duly, sql, root, byTestId, fill, click, text, screenshot } from "./harness.mjs";

const shots = path.join(root, "docs/screenshots");
const CLIENT = "Kopi Nusantara";
const LATE = "OLD-7";
/** WebKit paints a moment after the DOM changes: a screenshot waits for it. */
const settle = () => new Promise((r) => setTimeout(r, 500));

let app;
before(async () => {
  app = await launch({
    today: "2026-12-31",
    prepare: (env) => {
      duly(env, ["client", "add", "--name", CLIENT, "--currency", "EUR", "--email", "ap@kopi.example"]);
      // Long overdue, numbered by the tool used before Duly: Today drafts a reminder for it.
      duly(env, ["invoice", "add", "--client", CLIENT, "--number", LATE,
        "--issue-date", "2026-10-01", "--due-date", "2026-10-31", "--item", "Logo;1;400.00"]);
    },
  });
});
after(async () => {
  await app?.close();
});

async function newInvoice(browser, clientId, price) {
  await browser.execute((id) => {
    window.location.hash = `#/invoices/new?client=${id}`;
  }, clientId);
  const number = byTestId(browser, "invoice-number");
  await number.waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await number.getValue()) !== "", { timeout: 10_000 });
  const prefilled = await number.getValue();
  await fill(browser, "line-desc", "Design");
  await fill(browser, "line-qty", "1");
  await fill(browser, "line-price", price);
  await click(browser, "invoice-save");
  await browser.waitUntil(async () => (await text(browser, "invoice-title")) === prefilled, { timeout: 10_000 });
  return prefilled;
}

test("numbering across a year change, a credit note, and a client with no reminders", async () => {
  let { browser, db } = app;
  await byTestId(browser, "nav-dashboard").waitForDisplayed({ timeout: 20_000 });
  const [{ id: clientId }] = sql(db, `SELECT id FROM clients WHERE name = '${CLIENT}'`);

  // Settings → Invoice numbers: F-{YYYY}-{NNN}, counted again from 1 each year.
  await click(browser, "nav-settings");
  const card = byTestId(browser, "numbering-settings");
  await card.waitForDisplayed({ timeout: 10_000 });
  await card.scrollIntoView();
  await fill(browser, "numbering-prefix", "F-");
  await byTestId(browser, "numbering-year").selectByAttribute("value", "YYYY");
  await fill(browser, "numbering-separator", "-");
  await fill(browser, "numbering-width", "3");
  assert.equal(await text(browser, "numbering-pattern"), "F-{YYYY}-{NNN}");
  assert.equal(await text(browser, "numbering-preview"), "F-2026-001");
  await click(browser, "numbering-save");
  await byTestId(browser, "numbering-saved").waitForDisplayed({ timeout: 10_000 });
  const saved = JSON.parse(sql(db, "SELECT value FROM settings WHERE key = 'numbering'")[0].value);
  assert.deepEqual([saved.invoice_pattern, saved.reset_yearly], ["F-{YYYY}-{NNN}", true]);
  await settle();
  await screenshot(browser, "settings-numbering.png", shots);

  // 31 December: the form offers F-2026-001, then F-2026-002.
  assert.equal(await newInvoice(browser, clientId, "1000.00"), "F-2026-001");
  assert.equal(await newInvoice(browser, clientId, "300.00"), "F-2026-002");

  // A next number that would leave a gap is refused beside its field; nothing is saved.
  await click(browser, "nav-settings");
  await byTestId(browser, "numbering-settings").waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await text(browser, "numbering-preview")) === "F-2026-003", { timeout: 10_000 });
  await fill(browser, "numbering-next", "7");
  assert.equal(await text(browser, "numbering-preview"), "F-2026-007");
  await click(browser, "numbering-save");
  const refused = await text(browser, "numbering-next-error");
  assert.match(refused, /gap/);
  assert.match(refused, /F-2026-003/);
  assert.equal(JSON.parse(sql(db, "SELECT value FROM settings WHERE key = 'numbering'")[0].value).start, null);

  // 1 January 2027, same data: the counter starts again.
  await app.close();
  app = await launch({ reuse: app, today: "2027-01-01" });
  ({ browser, db } = app);
  await byTestId(browser, "nav-dashboard").waitForDisplayed({ timeout: 20_000 });
  assert.equal(await newInvoice(browser, clientId, "500.00"), "F-2027-001");
  const numbers = sql(db, "SELECT number FROM invoices ORDER BY id").map((r) => r.number);
  assert.deepEqual(numbers, [LATE, "F-2026-001", "F-2026-002", "F-2027-001"]);

  // The issued invoice is locked: its form is read-only and points to a credit note.
  await browser.execute(() => {
    window.location.hash = "#/invoices/F-2026-001/edit";
  });
  await byTestId(browser, "invoice-locked").waitForDisplayed({ timeout: 10_000 });
  assert.equal(await byTestId(browser, "invoice-save").isExisting(), false);
  assert.equal(await byTestId(browser, "line-desc").isEnabled(), false);
  await click(browser, "invoice-locked-credit");

  // A credit note for part of F-2026-001: the open amount drops from 1,000.00 to 750.00.
  await browser.waitUntil(async () => (await text(browser, "invoice-title")) === "F-2026-001", { timeout: 10_000 });
  assert.match(await text(browser, "invoice-amount-due"), /1,000\.00/);
  await click(browser, "invoice-credit-note");
  await byTestId(browser, "credit-note-dialog").waitForDisplayed({ timeout: 10_000 });
  await click(browser, "credit-note-partial");
  await fill(browser, "credit-note-amount", "250.00");
  await fill(browser, "credit-note-reason", "Discount agreed for the late delivery");
  await settle();
  await screenshot(browser, "invoice-credit-note.png", shots);
  await click(browser, "credit-note-save");
  await byTestId(browser, "credit-note-saved").waitForDisplayed({ timeout: 10_000 });
  assert.match(await text(browser, "credit-note-saved"), /CN-2027-0001/);
  assert.match(await text(browser, "invoice-amount-due"), /750\.00/);
  const rows = await browser.$$('[data-testid="payment-row"]');
  assert.equal(rows.length, 1);
  assert.match(await rows[0].getText(), /Credit note/);
  await byTestId(browser, "credit-note-pdf-download").waitForDisplayed({ timeout: 10_000 });
  const [note] = sql(db, "SELECT number, amount_minor, issue_date, source FROM credit_notes");
  assert.deepEqual(note, { number: "CN-2027-0001", amount_minor: 25000, issue_date: "2027-01-01", source: "duly" });
  const [inv] = sql(db, "SELECT paid_minor, status FROM invoices WHERE number = 'F-2026-001'");
  assert.deepEqual(inv, { paid_minor: 25000, status: "partly_paid" });
  await settle();
  await screenshot(browser, "invoice-credited.png", shots);

  // Today drafts a reminder for the long-overdue invoice ...
  const draft = `[data-testid="draft"][data-number="${LATE}"]`;
  await click(browser, "nav-today");
  await browser.$(draft).waitForDisplayed({ timeout: 10_000 });

  // ... until the client is switched to "No reminders for this client".
  await browser.execute((id) => {
    window.location.hash = `#/clients/${id}`;
  }, clientId);
  const schedule = byTestId(browser, "client-schedule");
  await schedule.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await byTestId(browser, "schedule-usual").isSelected(), true);
  // An own schedule starts from the usual steps; a step can be added (shown, not saved here).
  await click(browser, "schedule-own");
  await click(browser, "ladder-add");
  await fill(browser, "ladder-add-days", "45");
  await click(browser, "ladder-add-confirm");
  await browser.$('[data-testid="schedule-step"][data-step="overdue_45"]').waitForDisplayed({ timeout: 10_000 });
  await browser.execute(() =>
    document.querySelector('[data-testid="client-schedule"]').closest("section").scrollIntoView({ block: "start" }));
  await settle();
  await screenshot(browser, "client-schedule.png", shots);
  await click(browser, "schedule-off");
  await click(browser, "schedule-save");
  await byTestId(browser, "schedule-saved").waitForDisplayed({ timeout: 10_000 });
  assert.equal(await byTestId(browser, "schedule-off").isSelected(), true);
  // Saved as the client's flag (migration 0022), not as every usual step removed.
  const [client] = sql(db, `SELECT reminders_off FROM clients WHERE id = ${clientId}`);
  assert.equal(client.reminders_off, 1, "reminders are off for this client");
  const [own] = sql(db, `SELECT COUNT(*) AS n FROM ladder_steps WHERE client_id = ${clientId} AND action = 'remove'`);
  assert.equal(own.n, 0, "no removed steps stand for 'no reminders'");
  await click(browser, "nav-today");
  await byTestId(browser, "today-table").waitForDisplayed({ timeout: 10_000 });
  await settle();
  assert.equal(await browser.$(draft).isExisting(), false, "no reminder is drafted for this client");
  assert.ok(sql(db, `SELECT 1 FROM invoices WHERE number = '${LATE}' AND status = 'sent'`).length === 1);
});
