// A bank statement in the real app: the user chooses a Wise CSV export on the import page and
// reviews its money-in lines. A line naming an invoice number is preselected; a part payment
// matched only by the payer's name waits for a click; a line nothing matched is given an invoice
// by hand; the bank's own credit is set aside. Recording writes exactly those payments (read back
// from the SQLite file by the sqlite3 shell) and the statement lines, and choosing the same file
// again offers nothing to record twice.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { launch, sql, cliBinary, byTestId, click, screenshot, answerDialog } from "./harness.mjs";

const TODAY = "2026-11-20";

let app;
before(async () => {
  app = await launch({
    today: TODAY,
    prepare: (env) => {
      const duly = (...args) => execFileSync(cliBinary, args, { env });
      duly("init");
      for (const name of ["Nordlicht GmbH", "Bright Pixel Ltd", "Casa Verde SRL"]) {
        duly("client", "add", "--name", name, "--currency", "EUR");
      }
      for (const [client, number, item] of [
        ["Nordlicht GmbH", "DLY-2026-009", "Brand system;1;1200.00"],
        ["Bright Pixel Ltd", "DLY-2026-007", "Illustrations;1;640.00"],
        ["Casa Verde SRL", "DLY-2026-010", "Menu design;1;90.00"],
      ]) {
        duly("invoice", "add", "--client", client, "--number", number, "--item", item,
          "--issue-date", "2026-10-01", "--due-date", "2026-10-31");
      }
    },
  });
});
after(async () => {
  await app?.close();
});

/** A Wise statement export: four credits and a card payment (money out, never considered). */
function wiseExport(dir) {
  const file = path.join(dir, "wise-statement.csv");
  const head =
    '"TransferWise ID",Date,Amount,Currency,Description,"Payment Reference","Running Balance","Exchange From",' +
    '"Exchange To","Exchange Rate","Payer Name","Payee Name","Payee Account Number",Merchant,' +
    '"Card Last Four Digits","Card Holder Full Name",Attachment,Note,"Total fees"';
  const rows = [
    'TRANSFER-2001,16-11-2026,1200.00,EUR,"Received money from NORDLICHT GMBH with reference DLY-2026-009",DLY-2026-009,3000.00,,,,"NORDLICHT GMBH",,,,,,,,0.00',
    'TRANSFER-2002,15-11-2026,300.00,EUR,"Received money from Bright Pixel Ltd with reference Thanks!",Thanks!,1800.00,,,,"Bright Pixel Ltd",,,,,,,,0.00',
    'CARD-2003,14-11-2026,-23.40,EUR,"Card transaction of 23.40 EUR issued by Figma",,1500.00,,,,,,,Figma,4821,"ANA POP",,,0.00',
    'TRANSFER-2004,13-11-2026,50.00,EUR,"Received money from M. Ionescu with reference menu",menu,1523.40,,,,"M. Ionescu",,,,,,,,0.00',
    'TRANSFER-2005,12-11-2026,0.12,EUR,"Received money from Wise with reference Interest",Interest,1473.40,,,,"Wise",,,,,,,,0.00',
  ];
  writeFileSync(file, [head, ...rows].join("\n") + "\n");
  return file;
}

async function chooseFile(browser, file) {
  answerDialog(app.env, [file]);
  await click(browser, "import-choose");
}

function line(browser, id) {
  return browser.$(`[data-testid="statement-line"][data-line="${id}"]`);
}

test("review a bank statement, record its payments once", async () => {
  const { browser, db, dir } = app;
  const file = wiseExport(dir);

  await click(browser, "nav-import");
  await byTestId(browser, "import-choose").waitForExist({ timeout: 10_000 });
  await chooseFile(browser, file);
  await byTestId(browser, "statement").waitForExist({ timeout: 20_000 });
  assert.equal(await byTestId(browser, "statement").getAttribute("data-format"), "csv:wise");
  // Nothing goes to the invoice import: no invoice file card for the statement.
  assert.equal(await browser.$$('[data-testid="import-file"]').length, 0);

  const lines = await browser.$$('[data-testid="statement-line"]');
  assert.equal(lines.length, 4, "the card payment (money out) is left out");
  const ids = [];
  for (const l of lines) ids.push(await l.getAttribute("data-line"));

  // The invoice number in the text: preselected.
  const sure = line(browser, ids[0]);
  assert.equal(await sure.getAttribute("data-certain"), "true");
  assert.match(await sure.getText(), /DLY-2026-009/);
  assert.equal(await sure.$('[data-testid="statement-pay"]').isSelected(), true);
  // A part payment matched by the payer's name only: shown, not ticked.
  const unsure = line(browser, ids[1]);
  assert.equal(await unsure.getAttribute("data-certain"), "false");
  assert.match(await unsure.getText(), /DLY-2026-007/);
  assert.equal(await unsure.$('[data-testid="statement-pay"]').isSelected(), false);
  // Nothing matched these two: an invoice can be typed, or the line set aside.
  assert.equal(await line(browser, ids[2]).$('[data-testid="statement-pay"]').isExisting(), false);
  assert.equal(await line(browser, ids[3]).$('[data-testid="statement-pay"]').isExisting(), false);
  await screenshot(browser, "e2e-statement-review.png");

  assert.equal(sql(db, "SELECT COUNT(*) AS n FROM payments")[0].n, 0, "the review writes nothing");
  await unsure.$('[data-testid="statement-pay"]').click();
  await line(browser, ids[2]).$('[data-testid="statement-assign"]').setValue("DLY-2026-010");
  await line(browser, ids[3]).$('[data-testid="statement-ignore"]').click();
  const record = byTestId(browser, "statement-record");
  await browser.waitUntil(async () => /3/.test(await record.getText()), { timeoutMsg: "Record does not count 3 payments" });
  await record.click();
  await byTestId(browser, "statement-done").waitForExist({ timeout: 10_000 });

  const paid = sql(
    db,
    "SELECT i.number, p.amount_minor, p.method, p.paid_on FROM payments p JOIN invoices i ON i.id = p.invoice_id ORDER BY i.number",
  );
  assert.deepEqual(
    paid.map((p) => [p.number, p.amount_minor, p.method, p.paid_on]),
    [
      ["DLY-2026-007", 30000, "bank transfer", "2026-11-15"],
      ["DLY-2026-009", 120000, "bank transfer", "2026-11-16"],
      ["DLY-2026-010", 5000, "bank transfer", "2026-11-13"],
    ],
  );
  const kept = sql(db, "SELECT outcome, COUNT(*) AS n FROM statement_lines GROUP BY outcome ORDER BY outcome");
  assert.deepEqual(kept, [
    { outcome: "ignored", n: 1 },
    { outcome: "paid", n: 3 },
  ]);
  const recorded = [];
  for (const r of await browser.$$('[data-testid="statement-recorded"]')) recorded.push(await r.getAttribute("data-invoice"));
  assert.deepEqual(recorded.sort(), ["DLY-2026-007", "DLY-2026-009", "DLY-2026-010"]);

  // The same file again: every line was dealt with, so there is nothing to record.
  await chooseFile(browser, file);
  await browser.waitUntil(async () => (await browser.$$('[data-testid="statement"]').length) === 2, {
    timeout: 20_000,
    timeoutMsg: "the second statement card did not appear",
  });
  const second = (await browser.$$('[data-testid="statement"]'))[1];
  assert.equal(await second.$$('[data-testid="statement-pay"]').length, 0);
  assert.equal(await second.$('[data-testid="statement-record"]').isEnabled(), false);
  assert.equal(sql(db, "SELECT COUNT(*) AS n FROM payments")[0].n, 3, "nothing recorded twice");
});
