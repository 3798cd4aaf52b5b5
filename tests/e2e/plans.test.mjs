// What follows from calls, in the real app, on a pinned day (23 Nov 2026):
// - a plan agreed on a call (the call form's "agreed a plan") shows on the invoice page, instalment
//   by instalment, and its one-page PDF lands in the user's Downloads folder, where pdftotext finds
//   the dated instalments in the client's language (Indonesian);
// - the escalation card: the billing contact was called twice without an answer, so the next
//   person to try is the project contact; once they are called, the billing contact, contacted
//   longest ago, is next again; the contact log says who was contacted when;
// - a promise to pay whose date and grace day are past with no payment is on the dashboard's
//   broken-promises card (client, amount, promised by / broken since) and flagged on Today, while
//   promises still pending are not.
// Data is set up with the duly CLI on the test's database; names that look like markup must be
// shown as text.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { launch, duly, sql, byTestId, fill, click, text, screenshot } from "./harness.mjs";

const today = "2026-11-23";
const PLAN = "INV-PLAN-1";
const ESCALATE = "INV-ESC-1";
const BROKEN = "INV-BROKEN-1";
const PENDING = "INV-PENDING-1";
const BROKEN_CLIENT = "Pena & Kertas <b>Toko</b>";
const PROJECT_CONTACT = "Mihai <i>Ene</i>";

let app;
let downloads;
let escalationClientId;
let billingContactId;

before(async () => {
  app = await launch({
    today,
    prepare: (env) => {
      downloads = path.join(path.dirname(env.DULY_DB), "Unduhan");
      mkdirSync(env.XDG_CONFIG_HOME, { recursive: true });
      writeFileSync(path.join(env.XDG_CONFIG_HOME, "user-dirs.dirs"), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
      // The demo writes the business profile the plan is issued by (and a few unrelated invoices).
      duly(env, ["demo", "--invoices", "3", "--clients", "1", "--seed", "4", "--as-of", today]);

      // (a) An Indonesian client owing Rp 10.000.000: split in three, the cents go on the last part.
      duly(env, ["client", "add", "--name", "PT Kopi Nusantara", "--language", "id", "--currency", "IDR",
        "--email", "keuangan@kopi.example"]);
      duly(env, ["invoice", "add", "--client", "PT Kopi Nusantara", "--number", PLAN,
        "--issue-date", "2026-09-15", "--due-date", "2026-10-15", "--item", "Desain kemasan;1;10000000.00"]);

      // (b) The billing contact was called twice, without an answer.
      const client = duly(env, ["client", "add", "--name", "Ștefănescu SRL", "--currency", "EUR",
        "--email", "plati@stefanescu.example", "--phone", "+40 721 000 111"]);
      escalationClientId = client.id;
      billingContactId = client.contacts[0].id;
      duly(env, ["invoice", "add", "--client", String(client.id), "--number", ESCALATE,
        "--issue-date", "2026-09-20", "--due-date", "2026-10-20", "--item", "Website;1;3200.00"]);
      for (const day of ["2026-11-16", "2026-11-19"]) {
        duly(env, ["call", "log", ESCALATE, "--outcome", "no-answer", "--contact", String(billingContactId), "--on", day]);
      }

      // (c) Promised €2,450.00 by 16 Nov (grace day 17 Nov), nothing arrived: broken since 18 Nov.
      duly(env, ["client", "add", "--name", BROKEN_CLIENT, "--currency", "EUR", "--email", "toko@pena.example"]);
      duly(env, ["invoice", "add", "--client", BROKEN_CLIENT, "--number", BROKEN,
        "--issue-date", "2026-09-10", "--due-date", "2026-10-10", "--item", "Katalog cetak;1;2450.00"]);
      duly(env, ["call", "log", BROKEN, "--outcome", "promised", "--promise-date", "2026-11-16", "--on", "2026-11-10"]);
      // A promise still running (pay by 25 Nov) is not broken.
      duly(env, ["invoice", "add", "--client", BROKEN_CLIENT, "--number", PENDING,
        "--issue-date", "2026-09-12", "--due-date", "2026-10-12", "--item", "Poster;1;300.00"]);
      duly(env, ["call", "log", PENDING, "--outcome", "promised", "--promise-date", "2026-11-25", "--on", "2026-11-20"]);
    },
  });
});
after(async () => {
  await app?.close();
});

async function open(browser, hash) {
  await browser.execute((h) => { window.location.hash = h; }, hash);
}

async function texts(browser, id) {
  return browser.$$(`[data-testid="${id}"]`).map((el) => el.getText().then((t) => t.trim()));
}

function pdftotext(file) {
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

test("a plan agreed on a call is shown on the invoice, and its PDF downloads with the dated instalments", async () => {
  const { browser, db } = app;
  await byTestId(browser, "nav-dashboard").waitForDisplayed({ timeout: 20_000 });
  await open(browser, `#/invoices/${PLAN}`);
  assert.equal(await text(browser, "invoice-title"), PLAN);
  assert.equal(await byTestId(browser, "invoice-plan").isExisting(), false, "no plan before the call");

  await byTestId(browser, "call-form").waitForDisplayed({ timeout: 10_000 });
  await click(browser, "call-outcome-agreed_plan");
  await fill(browser, "call-plan-count", "3");
  await fill(browser, "call-plan-every", "14");
  await fill(browser, "call-plan-first", "2026-11-30");
  await fill(browser, "call-notes", "Bu Sari: three parts, <script>alert(1)</script> fine");
  await click(browser, "call-save");
  await byTestId(browser, "call-saved").waitForDisplayed({ timeout: 10_000 });

  const plan = byTestId(browser, "invoice-plan");
  await plan.waitForDisplayed({ timeout: 10_000 });
  const rows = await texts(browser, "plan-instalment");
  assert.equal(rows.length, 3, rows.join(" | "));
  const expected = [
    ["30 Nov 2026", "3,333,333.33"],
    ["14 Dec 2026", "3,333,333.33"],
    ["28 Dec 2026", "3,333,333.34"],
  ];
  expected.forEach(([date, amount], i) => {
    assert.ok(rows[i].includes(date) && rows[i].includes(amount) && rows[i].includes("Open"), `instalment ${i + 1}: ${rows[i]}`);
  });
  assert.match(await plan.getText(), /Final deadline: 28 Dec 2026/);
  // The ladder waits for the first instalment (+ its grace day).
  const promise = await text(browser, "invoice-promise");
  assert.match(promise, /Paused until 1 Dec 2026/);
  assert.match(promise, /Instalment 1: .*3,333,333\.33 by 30 Nov 2026/);
  const timeline = await texts(browser, "timeline-item");
  assert.ok(timeline.some((t) => t.includes("Instalment plan agreed")), timeline.join(" | "));
  assert.ok(timeline.some((t) => t.includes("<script>alert(1)</script>")), "the notes are shown as text");

  // Independently, in the file: three instalments, the remainder on the last one.
  const parts = sql(db, `SELECT i.number, i.due_on, i.amount_minor FROM instalments i
    JOIN instalment_plans p ON p.id = i.plan_id JOIN invoices v ON v.id = p.invoice_id
    WHERE v.number = '${PLAN}' ORDER BY i.number`);
  assert.deepEqual(parts, [
    { number: 1, due_on: "2026-11-30", amount_minor: 333333333 },
    { number: 2, due_on: "2026-12-14", amount_minor: 333333333 },
    { number: 3, due_on: "2026-12-28", amount_minor: 333333334 },
  ]);

  // The plan in writing, into Downloads.
  await click(browser, "plan-pdf-download");
  const notice = plan.$('[data-testid="pdf-notice"]');
  await notice.waitForDisplayed({ timeout: 20_000 });
  const saved = await notice.getAttribute("data-path");
  assert.equal(path.dirname(saved), downloads);
  assert.ok(saved.endsWith(".pdf") && saved.includes(PLAN), saved);
  assert.ok(existsSync(saved));
  await plan.scrollIntoView();
  await screenshot(browser, "e2e-plans-invoice.png");
  const words = pdftotext(saved);
  for (const expectedText of [
    "Rencana pembayaran cicilan",
    "PT Kopi Nusantara",
    PLAN,
    "Rp 10.000.000",
    "Batas akhir",
  ]) {
    assert.ok(words.includes(expectedText), `${expectedText} is missing from the plan:\n${words}`);
  }
  // Each instalment on its own line: number, date in Indonesian, amount in Indonesian format.
  const lines = words.split("\n").filter((l) => /^\s*[123]\s+\d/.test(l));
  assert.equal(lines.length, 3, `three instalment rows:\n${words}`);
  const inPdf = [
    ["30 November 2026", "Rp 3.333.333,33"],
    ["14 Desember 2026", "Rp 3.333.333,33"],
    ["28 Desember 2026", "Rp 3.333.333,34"],
  ];
  inPdf.forEach(([date, amount], i) => {
    assert.ok(lines[i].includes(date) && lines[i].includes(amount), `row ${i + 1} of the PDF: ${lines[i]}`);
  });
});

test("the escalation card names the next person to try, and the log says who was contacted when", async () => {
  const { browser, db } = app;
  // The client's second contact, added on the client form: a project contact with a phone.
  await open(browser, `#/clients/${escalationClientId}/edit`);
  await byTestId(browser, "contact-row").waitForDisplayed({ timeout: 10_000 });
  const first = (await browser.$$('[data-testid="contact-row"]'))[0];
  await first.$('[data-testid="contact-name"]').setValue("Ioana Pop");
  await click(browser, "contact-add");
  await browser.waitUntil(async () => (await browser.$$('[data-testid="contact-row"]').length) === 2, {
    timeout: 5_000,
    timeoutMsg: "no second contact row",
  });
  const second = (await browser.$$('[data-testid="contact-row"]'))[1];
  await second.$('[data-testid="contact-name"]').setValue(PROJECT_CONTACT);
  assert.equal(await second.$('[data-testid="contact-role"]').getValue(), "project");
  await second.$('[data-testid="contact-phone"]').setValue("+40 722 000 222");
  await click(browser, "client-save");
  await browser.waitUntil(async () => sql(db, `SELECT count(*) AS n FROM contacts WHERE client_id = ${escalationClientId}`)[0].n === 2, {
    timeout: 10_000,
    timeoutMsg: "the second contact was not saved",
  });
  // Saving navigates to the client page once the row is written; wait for that navigation,
  // or it lands after ours and the invoice page never shows.
  await browser.waitUntil(async () => (await browser.execute(() => window.location.hash)) === `#/clients/${escalationClientId}`, {
    timeout: 10_000,
    timeoutMsg: "saving the client did not go to its page",
  });
  const [{ id: projectId }] = sql(db, `SELECT id FROM contacts WHERE client_id = ${escalationClientId} AND role = 'project'`);
  assert.equal(sql(db, `SELECT id FROM contacts WHERE client_id = ${escalationClientId} AND role = 'billing'`)[0].id, billingContactId,
    "the billing contact kept its id, so its calls still point at it");

  await open(browser, `#/invoices/${ESCALATE}`);
  assert.equal(await text(browser, "invoice-title"), ESCALATE);
  await byTestId(browser, "escalation").waitForDisplayed({ timeout: 10_000 });
  const next = byTestId(browser, "escalation-next");
  assert.match(await next.getText(), /^Next person to try: Mihai <i>Ene<\/i> \(Project\)/);
  assert.equal(await next.getAttribute("data-contact-id"), String(projectId));
  assert.equal(await text(browser, "escalation-why"), "Not contacted yet about this invoice");
  assert.deepEqual(
    (await texts(browser, "escalation-contacted-item")).map((t) => t.replace(/\s+/g, " ")),
    ["16 Nov 2026 Ioana Pop Call: No answer", "19 Nov 2026 Ioana Pop Call: No answer"],
  );
  await byTestId(browser, "escalation").scrollIntoView();
  await screenshot(browser, "e2e-plans-escalation.png");

  // Call the project contact from the invoice page: they answer.
  await byTestId(browser, "call-contact").waitForDisplayed({ timeout: 10_000 });
  await byTestId(browser, "call-contact").selectByAttribute("value", String(projectId));
  assert.equal(await byTestId(browser, "call-dial").getAttribute("href"), "tel:+40722000222");
  await click(browser, "call-outcome-reached");
  await click(browser, "call-save");
  await byTestId(browser, "call-saved").waitForDisplayed({ timeout: 10_000 });

  // Everyone was tried: next is whoever was contacted longest ago, the billing contact.
  await browser.waitUntil(async () => (await byTestId(browser, "escalation-next").getText()).includes("Ioana Pop"), {
    timeout: 10_000,
    timeoutMsg: "the next person did not move to the billing contact",
  });
  assert.match(await text(browser, "escalation-next"), /^Next person to try: Ioana Pop \(Billing\)/);
  assert.equal(await text(browser, "escalation-why"), "Last contacted 19 Nov 2026");
  assert.deepEqual(
    (await texts(browser, "escalation-contacted-item")).map((t) => t.replace(/\s+/g, " ")),
    [
      "16 Nov 2026 Ioana Pop Call: No answer",
      "19 Nov 2026 Ioana Pop Call: No answer",
      "23 Nov 2026 Mihai <i>Ene</i> Call: Spoke with them",
    ],
  );
  const [call] = sql(db, `SELECT contact_id, called_on, outcome FROM calls ORDER BY id DESC LIMIT 1`);
  assert.deepEqual(call, { contact_id: projectId, called_on: today, outcome: "reached" });
});

test("a broken promise is on the dashboard's card and flagged on Today; a pending one is not", async () => {
  const { browser } = app;
  await click(browser, "nav-dashboard");
  const card = byTestId(browser, "broken-promises");
  await card.waitForDisplayed({ timeout: 20_000 });
  const numbers = await browser.$$('[data-testid="broken-promise-row"]').map((r) => r.getAttribute("data-number"));
  assert.deepEqual(numbers, [BROKEN], "only the broken promise, not the pending one nor the plan on track");
  const row = (await text(browser, "broken-promise-row")).replace(/\s+/g, " ");
  assert.ok(row.includes(BROKEN_CLIENT), `the client's name, as text: ${row}`);
  assert.ok(row.includes("€2,450.00"), `the amount due: ${row}`);
  assert.ok(row.includes("promised by 16 Nov 2026, broken since 18 Nov 2026"), row);
  await card.scrollIntoView();
  await screenshot(browser, "e2e-plans-dashboard.png");

  // Today: the invoice is back on the list, flagged; the pending promise waits in "paused".
  await click(browser, "nav-today");
  await byTestId(browser, "today-row").waitForDisplayed({ timeout: 10_000 });
  const listed = await browser.$$('[data-testid="today-row"]').map(async (r) => ({
    number: (await r.$('[data-testid="today-number"]').getText()).trim(),
    broken: await r.$('[data-testid="today-broken"]').isExisting(),
  }));
  assert.ok(listed.some((r) => r.number === ESCALATE), `other overdue invoices are listed too: ${JSON.stringify(listed)}`);
  assert.deepEqual(listed.filter((r) => r.broken).map((r) => r.number), [BROKEN]);
  const brokenRow = byTestId(browser, "today-broken").parentElement().parentElement();
  assert.equal(await text(browser, "today-broken"), "Promise broken");
  const paused = await text(browser, "today-paused");
  assert.ok(paused.includes(PENDING) && !paused.includes(BROKEN), paused);
  await screenshot(browser, "e2e-plans-today.png");

  // The invoice page says the same, with what arrived.
  await brokenRow.$('[data-testid="today-number"] a').click();
  assert.equal(await text(browser, "invoice-title"), BROKEN);
  const promise = await text(browser, "invoice-promise");
  assert.match(promise, /Promise broken/);
  assert.match(promise, /€2,450\.00 was promised by 16 Nov 2026; €0\.00 arrived/);
});
