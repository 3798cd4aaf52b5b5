// Recurring invoices and "Email statement" in the real app (issue 18): a monthly schedule made on
// the client page; Duly started again on a later day (DULY_TODAY) issues the period by itself in
// the background sender's pass, and the client page lists the invoice dated on the schedule day;
// then "Email statement" sends the statement of account to an SMTP server on 127.0.0.1 with its
// PDF (read back with pdftotext); last, the client's "one combined reminder" setting turned on
// shows ONE draft on Today for the client's two overdue invoices, which goes out as one message.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launch, duly, sql, byTestId, click, fill, text, screenshot, mailThrough, anaPopBusiness } from "./harness.mjs";
import { startSink } from "./smtp-sink.mjs";

const BILLING = "billing@nusantara.example";

let app;
let sink;
before(async () => {
  sink = await startSink();
  app = await launch({
    today: "2026-11-09",
    prepare: (env) => {
      mailThrough(env, sink);
      anaPopBusiness(env);
      duly(env, ["client", "add", "--name", "Studio Nusantara", "--currency", "EUR", "--email", BILLING]);
      duly(env, ["invoice", "add", "--client", "Studio Nusantara", "--number", "INV-OLD-1",
        "--issue-date", "2026-10-01", "--due-date", "2026-10-31", "--item", "Logo;1;800.00"]);
    },
  });
});
after(async () => {
  await app?.close();
  await sink?.close();
});

async function openClient(browser) {
  await byTestId(browser, "nav-clients").waitForDisplayed({ timeout: 20_000 });
  await click(browser, "nav-clients");
  await browser.$('a[href="#/clients/1"]').waitForClickable({ timeout: 10_000 });
  await browser.$('a[href="#/clients/1"]').click();
  await byTestId(browser, "client-recurring").waitForDisplayed({ timeout: 10_000 });
}

function pdfPart(raw) {
  const match = raw.match(/Content-Type: application\/pdf[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*(?:\r?\n[^\r\n]+)*\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/);
  assert.ok(match, "the message has an application/pdf part");
  return Buffer.from(match[1].replace(/\s+/g, ""), "base64");
}

test("a monthly schedule made on the client page issues its invoice on the next day Duly runs", async () => {
  let { browser, db } = app;
  await openClient(browser);
  assert.match(await text(browser, "recurring"), /No recurring invoices/);
  await click(browser, "recurring-add");
  await fill(browser, "recurring-day", "1");
  await fill(browser, "recurring-line-desc", "Monthly retainer");
  await fill(browser, "recurring-line-price", "1,500.00");
  await click(browser, "recurring-save");
  await byTestId(browser, "recurring-row").waitForDisplayed({ timeout: 10_000 });
  assert.match(await text(browser, "recurring-next"), /Next on 1 Dec(ember)? 2026/);
  const [saved] = sql(db, "SELECT every, day_of_month, next_date, lines_json FROM recurring_schedules");
  assert.deepEqual([saved.every, saved.day_of_month, saved.next_date], ["month", 1, "2026-12-01"]);
  assert.match(saved.lines_json, /"unit_price":"1500.00"/);
  assert.equal(sql(db, "SELECT count(*) AS n FROM recurring_issued")[0].n, 0, "nothing due in November");
  await screenshot(browser, "e2e-recurring-schedule.png");

  // Duly opened again on 2 December: the sender's pass issues the 1 December invoice by itself.
  const before = app;
  await before.close();
  app = await launch({ reuse: before, today: "2026-12-02" });
  ({ browser, db } = app);
  await browser.waitUntil(async () => sql(db, "SELECT count(*) AS n FROM recurring_issued")[0].n === 1, {
    timeout: 30_000,
    timeoutMsg: "the background pass did not issue the December invoice",
  });
  const [issued] = sql(db, `SELECT i.number, i.issue_date, i.total_minor, i.status FROM recurring_issued r
    JOIN invoices i ON i.id = r.invoice_id`);
  assert.deepEqual([issued.issue_date, issued.total_minor, issued.status], ["2026-12-01", 150000, "sent"]);
  await openClient(browser);
  await browser.waitUntil(
    async () => (await browser.$$('[data-testid="invoice-row"]').map((el) => el.getText())).some((l) => l.includes(issued.number)),
    { timeout: 10_000, timeoutMsg: "the client page does not list the issued invoice" },
  );
  assert.match(await text(browser, "recurring-next"), /Next on 1 Jan(uary)? 2027/);
  await screenshot(browser, "e2e-recurring-issued.png");

  // Once each: running the pass again by hand issues nothing more.
  await click(browser, "recurring-run");
  assert.match(await text(browser, "recurring-ran"), /Nothing is due today/);
  assert.equal(sql(db, "SELECT count(*) AS n FROM invoices")[0].n, 2);
});

test("Email statement sends the statement of account with its PDF", async () => {
  const { browser, db } = app;
  await click(browser, "statement-email");
  assert.match(await text(browser, "statement-email-queued"), new RegExp(`Statement queued to ${BILLING}`));
  const [mail] = await sink.waitFor(1, 60_000);
  assert.deepEqual(mail.to, [BILLING]);
  assert.match(mail.raw, /^Subject: Statement of account from Ana Pop Design/m);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "duly-statement-")), "statement.pdf");
  writeFileSync(file, pdfPart(mail.raw));
  const words = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  assert.match(words, /INV-OLD-1/);
  const [row] = sql(db, "SELECT kind, client_id, state FROM outbox");
  assert.deepEqual([row.kind, row.client_id], ["statement", 1]);
  await screenshot(browser, "e2e-statement-email.png");
});

test("with the combined setting on, Today offers one message for the client's overdue invoices", async () => {
  const before = app;
  await before.close();
  app = await launch({
    reuse: before,
    today: "2026-12-02",
    prepare: (env) => {
      duly(env, ["invoice", "add", "--client", "Studio Nusantara", "--number", "INV-OLD-2",
        "--issue-date", "2026-10-15", "--due-date", "2026-11-14", "--item", "Icons;1;300.00"]);
    },
  });
  const { browser, db } = app;
  await openClient(browser);
  const combined = byTestId(browser, "schedule-combined");
  await combined.waitForClickable({ timeout: 10_000 });
  await combined.scrollIntoView();
  await combined.click();
  await browser.waitUntil(async () => sql(db, "SELECT combined_reminders AS c FROM clients WHERE id = 1")[0].c === 1, {
    timeout: 10_000,
    timeoutMsg: "the combined setting was not saved",
  });

  await click(browser, "nav-today");
  await byTestId(browser, "combined-draft").waitForDisplayed({ timeout: 20_000 });
  const drafts = await browser.$$('[data-testid="combined-draft"]');
  assert.equal(drafts.length, 1, "one combined draft for the client");
  const listed = await browser.$$('[data-testid="combined-invoice"]').map((el) => el.getAttribute("data-number"));
  assert.deepEqual(listed, ["INV-OLD-1", "INV-OLD-2"]);
  const single = await browser.$$('[data-testid="draft"]').map((el) => el.getAttribute("data-number"));
  assert.ok(!single.includes("INV-OLD-1") && !single.includes("INV-OLD-2"), `not offered one by one too: ${single}`);
  assert.match(await text(browser, "combined-totals"), /€1,100\.00|EUR 1,100\.00/);
  const body = await byTestId(browser, "combined-body").getValue();
  assert.match(body, /INV-OLD-1: .*32 days overdue/);
  assert.match(body, /INV-OLD-2: .*18 days overdue/);
  await byTestId(browser, "combined-drafts").scrollIntoView();
  await browser.pause(500); // let WebKit paint the page before the screenshot
  await screenshot(browser, "e2e-combined-reminder.png");

  await click(browser, "combined-send");
  await byTestId(browser, "combined-queued").waitForDisplayed({ timeout: 10_000 });
  const mails = await sink.waitFor(2, 60_000);
  const mail = mails[1];
  assert.deepEqual(mail.to, [BILLING]);
  assert.match(mail.raw, /INV-OLD-1/);
  assert.match(mail.raw, /INV-OLD-2/);
  assert.equal((mail.raw.match(/Content-Type: application\/pdf/g) ?? []).length, 3, "the statement and both invoices");
  const steps = sql(db, `SELECT i.number, f.outbox_id FROM followups f JOIN invoices i ON i.id = f.invoice_id
    WHERE f.outcome = 'done' ORDER BY i.number`);
  assert.deepEqual(steps.map((r) => r.number), ["INV-OLD-1", "INV-OLD-2"]);
  assert.equal(new Set(steps.map((r) => r.outbox_id)).size, 1, "both steps point at the one message");
});
