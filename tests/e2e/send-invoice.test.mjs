// "Send invoice" in the real app (issue 18): a client and a draft invoice made through the CLI,
// the invoice page's Send invoice button clicked; the background sender delivers the email to an
// SMTP server on 127.0.0.1 with the invoice PDF attached (read back with poppler's pdftotext), the
// invoice's sent date is the pinned day, the timeline says "Invoice sent to …", and the ladder's
// receipt check is dated three days after it.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launch, duly, sql, byTestId, click, text, screenshot, mailThrough, anaPopBusiness } from "./harness.mjs";
import { startSink } from "./smtp-sink.mjs";

const today = "2026-11-09";
const NUMBER = "INV-SEND-1";
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
      duly(env, ["invoice", "add", "--client", "Studio Nusantara", "--number", NUMBER, "--draft",
        "--issue-date", "2026-11-02", "--due-date", "2026-12-02", "--item", "Website redesign;1;2400.00"]);
    },
  });
});
after(async () => {
  await app?.close();
  await sink?.close();
});

function pdfPart(raw) {
  const match = raw.match(/Content-Type: application\/pdf[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*(?:\r?\n[^\r\n]+)*\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/);
  assert.ok(match, "the message has an application/pdf part");
  return Buffer.from(match[1].replace(/\s+/g, ""), "base64");
}

test("Send invoice: the client gets it with the PDF, and the ladder counts from the day it went", async () => {
  const { browser, db } = app;
  await byTestId(browser, "nav-invoices").waitForDisplayed({ timeout: 20_000 });
  await click(browser, "nav-invoices");
  const link = browser.$(`[data-testid="invoice-row"] a[href="#/invoices/${NUMBER}"]`);
  await link.waitForDisplayed({ timeout: 10_000 });
  await link.click();
  await browser.waitUntil(async () => (await text(browser, "invoice-title")) === NUMBER, { timeout: 10_000 });

  const send = byTestId(browser, "invoice-send");
  await send.waitForEnabled({ timeout: 10_000 });
  assert.equal((await send.getText()).trim(), "Send invoice");
  await send.click();
  await byTestId(browser, "invoice-send-queued").waitForDisplayed({ timeout: 10_000 });
  assert.match(await text(browser, "invoice-send-queued"), new RegExp(`Invoice queued for ${BILLING}`));
  assert.equal(await byTestId(browser, "invoice-send").isExisting(), false, "no second Send");
  await screenshot(browser, "e2e-send-invoice-queued.png");

  const [mail] = await sink.waitFor(1, 60_000);
  assert.deepEqual(mail.to, [BILLING]);
  assert.match(mail.raw, new RegExp(`^Subject: Invoice ${NUMBER} from `, "m"));
  const pdf = pdfPart(mail.raw);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "duly-send-")), "invoice.pdf");
  writeFileSync(file, pdf);
  const words = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  assert.match(words, new RegExp(NUMBER));
  assert.match(words, /2,400\.00/);

  await browser.waitUntil(
    async () => sql(db, `SELECT sent_on FROM invoices WHERE number = '${NUMBER}'`)[0]?.sent_on === today,
    { timeout: 20_000, timeoutMsg: "the sent date was not stored" },
  );
  const [row] = sql(db, `SELECT status FROM invoices WHERE number = '${NUMBER}'`);
  assert.equal(row.status, "sent", "sending a draft issued it");

  // The page, reloaded, shows the day and the timeline line.
  await click(browser, "nav-invoices");
  const again = browser.$(`[data-testid="invoice-row"] a[href="#/invoices/${NUMBER}"]`);
  await again.waitForDisplayed({ timeout: 10_000 });
  await again.click();
  let shown = "";
  await browser.waitUntil(
    async () => {
      shown = await byTestId(browser, "invoice-sent-on-text").isExisting() ? await text(browser, "invoice-sent-on-text") : "";
      return /\b9\b/.test(shown) && /2026/.test(shown);
    },
    { timeout: 10_000, timeoutMsg: "the invoice page does not show the sent date" },
  );
  const lines = await browser.$$('[data-testid="timeline-item"]').map((el) => el.getText());
  assert.ok(lines.some((l) => l.startsWith(`Invoice sent to ${BILLING}`)), lines.join("\n"));
  await screenshot(browser, "e2e-send-invoice-sent.png");

  // The receipt check falls three days after the day it went out (not after the issue date).
  const next = duly({ ...process.env, DULY_DB: db, DULY_TODAY: today }, ["invoice", "next-step", NUMBER]);
  assert.equal(next.kind, "upcoming");
  assert.equal(next.step.id, "receipt_check");
  assert.equal(next.on, "2026-11-12");
});
