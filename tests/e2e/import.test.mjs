// Import in the real app: from the first-run dashboard, pick a UBL e-invoice and a Zoho CSV export
// (real samples from ../shared/samples, read in place), see the preview (nothing written yet),
// confirm, and find the invoices in the list and on the dashboard; the SQLite file must hold
// exactly what was previewed, with an "imported" timeline entry naming each file. Then choose more
// files: a CSV whose columns need mapping and whose client name is markup, and the UBL file again
// (a duplicate). Files are chosen in the system's file dialog, which the shell opens; WebDriver
// cannot reach it, so the debug app answers it from a folder (answerDialog). A drop on the window
// cannot be faked from the page any more (it may not emit events, and the shell grants only the
// OS's own drop), so drops are not driven here.
// Invoices between two other companies land "to review": a badge in the list instead of an amount
// due, an entry on Today linking to the invoice, whose Confirm makes them owed.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { launch, sql, cliBinary, root, byTestId, click, text, screenshot, answerDialog } from "./harness.mjs";

const samples = path.resolve(root, "../shared/samples");
const ubl = path.join(samples, "ubl/peppol_base-example.xml");
const csv = path.join(samples, "csv/invoiceninja_zoho_invoices.csv");
const present = existsSync(ubl) && existsSync(csv);
if (!present && process.env.CI) throw new Error(`sample invoices not found at ${samples}`);
const digits = (s) => s.replace(/\D/g, "");

let app;
before(async () => {
  if (!present) return;
  app = await launch({
    today: "2026-11-23",
    prepare: (env) => {
      execFileSync(cliBinary, ["init"], { env });
      // The business is the UBL invoice's seller (by tax id), so that invoice is a receivable;
      // the CSV is an export of the user's own invoicing tool (no seller in it).
      execFileSync("sqlite3", [
        env.DULY_DB,
        "INSERT INTO business (id, name, tax_id, default_currency, updated_at) " +
          "VALUES (1, 'SupplierOfficialName Ltd', 'GB 1232434', 'USD', '2026-11-23T09:00:00Z')",
      ]);
    },
  });
});
after(async () => {
  await app?.close();
});

async function filesShown(browser, n) {
  await browser.waitUntil(async () => (await browser.$$('[data-testid="import-file"]').length) === n && !(await byTestId(browser, "import-busy").isExisting()), {
    timeout: 20_000,
    timeoutMsg: `the preview did not show ${n} files`,
  });
}

test("pick a UBL file and a CSV, preview, confirm, and see the invoices", { skip: !present && "samples missing" }, async () => {
  const { browser, db } = app;

  // The first-run dashboard offers import.
  await click(browser, "start-import");
  await byTestId(browser, "import-choose").waitForExist({ timeout: 10_000 });
  await choose(browser, [ubl]);
  await filesShown(browser, 1);
  await choose(browser, [csv]);
  await filesShown(browser, 2);

  const cards = await browser.$$('[data-testid="import-file"]');
  assert.equal(await cards[0].getAttribute("data-file"), "peppol_base-example.xml");
  assert.equal(await cards[0].getAttribute("data-status"), "ok");
  assert.equal(await cards[1].getAttribute("data-file"), "invoiceninja_zoho_invoices.csv");
  assert.equal(await cards[1].getAttribute("data-status"), "ok");
  const numbers = [];
  for (const row of await browser.$$('[data-testid="import-invoice-row"]')) numbers.push(await row.getAttribute("data-number"));
  assert.deepEqual(numbers, ["Snippet1", "INV-000001", "INV-000002", "INV-000003"]);
  const snippet = await browser.$('[data-testid="import-invoice-row"][data-number="Snippet1"]');
  assert.equal(digits(await snippet.$('[data-testid="import-invoice-due"]').getText()), "165625");
  assert.match(await snippet.getText(), /Buyer Official Name/);
  const clients = await browser.$$('[data-testid="import-client"]');
  assert.equal(clients.length, 4);
  assert.equal(await clients[0].getAttribute("data-new"), "true");
  await screenshot(browser, "e2e-import-preview.png");

  assert.equal(sql(db, "SELECT count(*) AS n FROM invoices")[0].n, 0, "the preview wrote nothing");

  await click(browser, "import-confirm");
  await byTestId(browser, "import-done").waitForDisplayed({ timeout: 20_000 });
  assert.match(await text(browser, "import-done"), /\b4\b/);
  await screenshot(browser, "e2e-import-done.png");

  // The database holds exactly what was previewed.
  const stored = sql(db, "SELECT number, currency, total_minor, paid_minor, status FROM invoices ORDER BY number");
  assert.deepEqual(stored, [
    { number: "INV-000001", currency: "USD", total_minor: 48975, paid_minor: 0, status: "sent" },
    { number: "INV-000002", currency: "USD", total_minor: 46000, paid_minor: 0, status: "sent" },
    { number: "INV-000003", currency: "USD", total_minor: 39000, paid_minor: 0, status: "sent" },
    { number: "Snippet1", currency: "EUR", total_minor: 165625, paid_minor: 0, status: "sent" },
  ]);
  const events = sql(db, "SELECT i.number, e.detail FROM events e JOIN invoices i ON i.id = e.invoice_id WHERE e.kind = 'imported' ORDER BY i.number");
  assert.deepEqual(events.map((e) => e.detail), [
    "invoiceninja_zoho_invoices.csv",
    "invoiceninja_zoho_invoices.csv",
    "invoiceninja_zoho_invoices.csv",
    "peppol_base-example.xml",
  ]);
  assert.equal(sql(db, "SELECT count(*) AS n FROM clients")[0].n, 4);

  // In the invoice list...
  await click(browser, "import-view-invoices");
  await browser.waitUntil(async () => (await browser.$$('[data-testid="invoice-row"]').length) === 4, {
    timeout: 10_000,
    timeoutMsg: "the invoice list does not show the 4 imported invoices",
  });
  const listed = [];
  for (const cell of await browser.$$('[data-testid="cell-number"]')) listed.push(await cell.getText());
  assert.deepEqual([...listed].sort(), ["INV-000001", "INV-000002", "INV-000003", "Snippet1"]);

  // ...and on the dashboard: the first-run cards are gone, the EUR invoice is owed.
  await click(browser, "nav-dashboard");
  await browser.waitUntil(async () => (await browser.$$('[data-testid="currency-card"]').length) > 0, {
    timeout: 10_000,
    timeoutMsg: "the dashboard shows no currency after the import",
  });
  const eur = await browser.$('[data-testid="currency-card"][data-currency="EUR"]');
  assert.equal(digits(await eur.$('[data-testid="currency-outstanding"]').getText()), "165625");
  assert.equal(await byTestId(browser, "start-import").isExisting(), false);
  await screenshot(browser, "e2e-import-dashboard.png");
});

/** "Choose files…" on the Import page, the dialog answering `files`. */
async function choose(browser, files) {
  answerDialog(app.env, files);
  await click(browser, "import-choose");
}

test("choose a CSV that needs its columns mapped, and a duplicate", { skip: !present && "samples missing" }, async () => {
  const { browser, db, dir } = app;
  const markup = "<img src=x onerror=alert(1)> Ltd";
  const own = path.join(dir, "my-export.csv");
  writeFileSync(own, `Ref;When;Customer;Sum;Cur\nX-1;2026-10-01;${markup};250,00;EUR\n`);

  await click(browser, "nav-import");
  await choose(browser, [own, ubl]);
  await filesShown(browser, 2);
  const csvCard = await browser.$('[data-testid="import-file"][data-file="my-export.csv"]');
  assert.equal(await csvCard.getAttribute("data-status"), "failed", "columns not recognised");
  const again = await browser.$('[data-testid="import-file"][data-file="peppol_base-example.xml"]');
  assert.equal(await again.getAttribute("data-status"), "ok");
  assert.equal(await again.$('[data-testid="import-duplicate"]').isExisting(), true, "Snippet1 is already in Duly");

  await csvCard.$('[data-testid="import-map-columns"]').click();
  const mapping = byTestId(browser, "import-mapping");
  await mapping.waitForDisplayed({ timeout: 5_000 });
  for (const [field, column] of [["number", 0], ["issue_date", 1], ["buyer_name", 2], ["total", 3], ["currency", 4]]) {
    await byTestId(browser, `mapping-${field}`).selectByAttribute("value", String(column));
  }
  await screenshot(browser, "e2e-import-mapping.png");
  await click(browser, "mapping-apply");
  await browser.waitUntil(
    async () => (await browser.$('[data-testid="import-file"][data-file="my-export.csv"]').getAttribute("data-status")) === "ok",
    { timeout: 10_000, timeoutMsg: "the mapped CSV is still not importable" },
  );
  // The client's name is shown as the text it is; the markup never becomes an element.
  const chips = [];
  for (const chip of await browser.$$('[data-testid="import-client"]')) chips.push(await chip.getText());
  assert.ok(chips.some((c) => c.includes(markup)), `client chips: ${chips}`);
  assert.equal(await browser.$$("img[src=x]").length, 0, "imported markup must never become an element");

  await click(browser, "import-confirm");
  await byTestId(browser, "import-done").waitForDisplayed({ timeout: 20_000 });
  assert.deepEqual(sql(db, "SELECT i.total_minor, i.currency, c.name FROM invoices i JOIN clients c ON c.id = i.client_id WHERE number = 'X-1'"), [
    { total_minor: 25000, currency: "EUR", name: markup },
  ]);
  assert.equal(sql(db, "SELECT count(*) AS n FROM invoices WHERE number = 'Snippet1'")[0].n, 1, "the duplicate was skipped");
  const [saved] = sql(db, "SELECT value FROM settings WHERE key = 'import.csv_mappings'");
  assert.match(saved.value, /"number":"Ref"/, "the mapping is remembered for the next export");
});

test("an invoice between two other companies lands to review, and Confirm makes it owed", { skip: !present && "samples missing" }, async () => {
  const { browser, db } = app;
  const other = path.join(samples, "ubl/cen_guide-example3.xml");
  await click(browser, "nav-import");
  await choose(browser, [other]);
  await filesShown(browser, 1);
  const card = await browser.$('[data-testid="import-file"][data-file="cen_guide-example3.xml"]');
  const doubt = await card.$('[data-testid="import-review"]').getText();
  assert.match(doubt, /seller: the seller on this invoice is SubscriptionSeller, not you \(SupplierOfficialName Ltd\)/);

  await click(browser, "import-confirm");
  await byTestId(browser, "import-done").waitForDisplayed({ timeout: 20_000 });
  assert.equal(sql(db, "SELECT count(*) AS n FROM invoices WHERE number = 'TOSL108' AND review IS NOT NULL")[0].n, 1, "imported to review");
  await click(browser, "import-review-confirm");
  await byTestId(browser, "import-confirmed").waitForDisplayed({ timeout: 10_000 });
  assert.equal(sql(db, "SELECT count(*) AS n FROM invoices WHERE number = 'TOSL108' AND review IS NULL")[0].n, 1, "confirmed: now owed");
});

test("an invoice left to review shows as such in the list and waits on Today until confirmed", { skip: !present && "samples missing" }, async () => {
  const { browser, db } = app;
  // De Koksmaat bills ODIN 59, EUR 250.33 due 2015-01-09: neither is the business.
  const other = path.join(samples, "ubl/cen_guide-example1.xml");
  await click(browser, "nav-import");
  await choose(browser, [other]);
  await filesShown(browser, 1);
  await click(browser, "import-confirm");
  await byTestId(browser, "import-done").waitForDisplayed({ timeout: 20_000 });
  assert.equal(sql(db, "SELECT count(*) AS n FROM invoices WHERE number = '12115118' AND review IS NOT NULL")[0].n, 1, "imported to review");

  // The list shows "To review" where the amount due would be, and no reminder button.
  await click(browser, "nav-invoices");
  let row;
  await browser.waitUntil(
    async () => {
      for (const r of await browser.$$('[data-testid="invoice-row"]')) {
        if ((await r.$('[data-testid="cell-number"]').getText()).trim() === "12115118") row = r;
      }
      return row !== undefined;
    },
    { timeout: 10_000, timeoutMsg: "invoice 12115118 is not in the list" },
  );
  assert.equal((await row.$('[data-testid="cell-amount-due"]').getText()).trim(), "To review");
  assert.equal(await row.$('[data-testid="remind-button"]').isExisting(), false);
  // TOSL108, confirmed above, is owed as before.
  for (const r of await browser.$$('[data-testid="invoice-row"]')) {
    if ((await r.$('[data-testid="cell-number"]').getText()).trim() === "TOSL108") {
      assert.equal(await r.$('[data-testid="cell-to-review"]').isExisting(), false);
    }
  }
  await screenshot(browser, "e2e-import-list-to-review.png");

  // Today says it waits for review and links to its page, where Confirm makes it owed.
  await click(browser, "nav-today");
  assert.equal(await text(browser, "today-review-count"), "1 imported invoice waits for your review");
  await screenshot(browser, "e2e-import-today-review.png");
  await click(browser, "today-review-link");
  await click(browser, "invoice-confirm");
  await byTestId(browser, "invoice-confirmed").waitForDisplayed({ timeout: 10_000 });
  assert.equal(sql(db, "SELECT count(*) AS n FROM invoices WHERE number = '12115118' AND review IS NULL")[0].n, 1, "confirmed: now owed");
  await click(browser, "nav-today");
  await browser.waitUntil(async () => (await browser.$$('[data-testid="today-table"], [data-testid="today-empty"]').length) > 0, {
    timeout: 10_000,
    timeoutMsg: "Today did not load",
  });
  assert.equal(await byTestId(browser, "today-review").isExisting(), false, "nothing left to review");
});
