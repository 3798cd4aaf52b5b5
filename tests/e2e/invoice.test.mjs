// The skeleton's walk through the real app: create a client whose name is hostile markup, write
// an invoice for it, record a partial payment, and check what the window shows against what the
// SQLite file holds. A second test types a bad price and checks that nothing is written.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, sql, byTestId, fill, click, text, screenshot } from "./harness.mjs";

const clientName = "Ștefănescu & Fiii <img src=x onerror=alert(1)> SRL";

let app;
before(async () => {
  app = await launch();
});
after(async () => {
  await app?.close();
});

test("a client, an invoice and a partial payment, end to end", async () => {
  const { browser, db } = app;

  // The window opened on the first-run dashboard of an empty database.
  await byTestId(browser, "nav-dashboard").waitForDisplayed({ timeout: 20_000 });

  await click(browser, "nav-clients");
  await click(browser, "client-new");
  await fill(browser, "client-name", clientName);
  await byTestId(browser, "client-language").selectByAttribute("value", "ro");
  await fill(browser, "client-currency", "RON");
  await fill(browser, "client-email", "billing@stefanescu.ro");
  await click(browser, "client-save");

  // The name is shown as text: the markup is neither rendered nor run.
  assert.equal(await text(browser, "client-title"), clientName);
  assert.equal(await browser.$$("img[src=x]").length, 0, "imported markup must never become an element");
  await screenshot(browser, "e2e-01-client.png");

  const [client] = sql(db, "SELECT id, name, language, currency FROM clients");
  assert.deepEqual(client, { id: client.id, name: clientName, language: "ro", currency: "RON" });
  const [contact] = sql(db, `SELECT role, email FROM contacts WHERE client_id = ${client.id}`);
  assert.deepEqual(contact, { role: "billing", email: "billing@stefanescu.ro" });

  // An invoice with two lines and 19 % tax.
  await click(browser, "client-new-invoice");
  await byTestId(browser, "invoice-client").waitForDisplayed({ timeout: 10_000 });
  await byTestId(browser, "invoice-client").selectByAttribute("value", String(client.id));
  await fill(browser, "invoice-number", "RO-2026-001");
  await fill(browser, "invoice-currency", "RON");
  await fill(browser, "invoice-issue-date", "2026-10-01");
  await fill(browser, "invoice-due-date", "2026-10-31");
  await fill(browser, "invoice-tax-rate", "19");
  await fill(browser, "line-desc", "Design work");
  await fill(browser, "line-qty", "10");
  await fill(browser, "line-price", "150.00");
  await click(browser, "line-add");
  const descs = await browser.$$('[data-testid="line-desc"]');
  const qtys = await browser.$$('[data-testid="line-qty"]');
  const prices = await browser.$$('[data-testid="line-price"]');
  await descs[1].setValue("Hosting");
  await qtys[1].setValue("1");
  await prices[1].setValue("99.99");
  await click(browser, "invoice-save");

  assert.equal(await text(browser, "invoice-title"), "RO-2026-001");
  // 10 × 150.00 + 99.99 = 1 599.99; tax 19 % = 304.00 (rounded half away from zero); 1 903.99.
  assert.match(await text(browser, "invoice-amount-due"), /1[,.]903[,.]99/);
  await screenshot(browser, "e2e-02-invoice.png");

  const [stored] = sql(db, "SELECT number, currency, subtotal_minor, tax_minor, total_minor, paid_minor, status, issue_date, due_date FROM invoices");
  assert.deepEqual(stored, {
    number: "RO-2026-001", currency: "RON", subtotal_minor: 159999, tax_minor: 30400,
    total_minor: 190399, paid_minor: 0, status: "sent", issue_date: "2026-10-01", due_date: "2026-10-31",
  });
  const lines = sql(db, "SELECT description, quantity_milli, unit_price_minor, amount_minor FROM invoice_lines ORDER BY position");
  assert.deepEqual(lines, [
    { description: "Design work", quantity_milli: 10000, unit_price_minor: 15000, amount_minor: 150000 },
    { description: "Hosting", quantity_milli: 1000, unit_price_minor: 9999, amount_minor: 9999 },
  ]);

  // A partial payment: the amount due and the status follow.
  await fill(browser, "payment-amount", "500.00");
  await fill(browser, "payment-date", "2026-11-01");
  await click(browser, "payment-save");
  await browser.waitUntil(async () => /1[,.]403[,.]99/.test(await text(browser, "invoice-amount-due")), {
    timeout: 10_000,
    timeoutMsg: "the amount due did not drop to 1,403.99 after the payment",
  });
  assert.match(await text(browser, "invoice-status"), /partly paid/i);
  const items = await browser.$$('[data-testid="timeline-item"]');
  assert.ok(items.length >= 2, `the timeline shows the invoice and the payment (got ${items.length} items)`);

  const [after] = sql(db, "SELECT paid_minor, status FROM invoices WHERE number = 'RO-2026-001'");
  assert.deepEqual(after, { paid_minor: 50000, status: "partly_paid" });
  assert.deepEqual(sql(db, "SELECT paid_on, amount_minor FROM payments"), [{ paid_on: "2026-11-01", amount_minor: 50000 }]);

  // The list shows the invoice with what is still due and how late it is.
  await click(browser, "nav-invoices");
  await fill(browser, "invoice-search", "Ștefănescu");
  await browser.waitUntil(async () => (await browser.$$('[data-testid="invoice-row"]').length) === 1, {
    timeout: 10_000,
    timeoutMsg: "searching for the client did not leave exactly one row",
  });
  assert.equal(await byTestId(browser, "invoice-search").getValue(), "Ștefănescu", "the search box kept every keystroke");
  await screenshot(browser, "e2e-03-list.png");
  const row = byTestId(browser, "invoice-row");
  assert.equal((await row.$('[data-testid="cell-number"]').getText()).trim(), "RO-2026-001");
  assert.match(await row.$('[data-testid="cell-amount-due"]').getText(), /1[,.]403[,.]99/);
  // A long name is cut with an ellipsis on screen; the cell still holds all of it, as text.
  const clientCell = row.$('[data-testid="cell-client"]');
  assert.ok(await clientCell.isDisplayed());
  assert.equal((await clientCell.getProperty("textContent")).trim(), clientName);
});

test("a price that is not a number is refused and nothing is written", async () => {
  const { browser, db } = app;
  const before = sql(db, "SELECT (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM invoice_lines) AS lines");

  await click(browser, "nav-invoices");
  await click(browser, "invoice-new");
  await byTestId(browser, "invoice-client").waitForDisplayed({ timeout: 10_000 });
  const [client] = sql(db, "SELECT id FROM clients");
  await byTestId(browser, "invoice-client").selectByAttribute("value", String(client.id));
  await fill(browser, "invoice-issue-date", "2026-11-02");
  await fill(browser, "line-desc", "Consulting");
  await fill(browser, "line-qty", "2");
  await fill(browser, "line-price", "abc");
  await click(browser, "invoice-save");

  const message = await text(browser, "error-banner");
  await screenshot(browser, "e2e-04-bad-price.png");
  assert.match(message, /line 1/i, "the error names the line");
  assert.match(message, /price/i, "the error names the field");
  assert.match(message, /abc/, "the error quotes what was typed");
  assert.deepEqual(sql(db, "SELECT (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM invoice_lines) AS lines"), before);
});
