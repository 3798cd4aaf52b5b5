// The +14 step and per-instalment reminders in the real app. Atelier Nord's billing contact
// (Ioana) was called without an answer; on the +14 day Today's draft is addressed to the project
// contact (Radu), names him and his role, and copies Ioana; the invoice page's reminder button
// says whom it goes to; sent, it reaches an SMTP server on 127.0.0.1 addressed to Radu with Ioana
// in copy. Studio Sud agreed a 3-instalment plan: three days before the first instalment Today
// drafts the friendly instalment reminder, naming the instalment.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { launch, duly, sql, byTestId, click, text, screenshot, mailThrough, anaPopBusiness } from "./harness.mjs";
import { startSink } from "./smtp-sink.mjs";

const today = "2026-11-14";
const ESCALATE = "INV-ESC-1";
const PLAN = "INV-PLAN-1";
const BILLING = "ioana@atelier-nord.example";
const PROJECT = "radu@atelier-nord.example";

let app;
let sink;
before(async () => {
  sink = await startSink();
  app = await launch({
    today,
    prepare: (env) => {
      mailThrough(env, sink);
      anaPopBusiness(env);
      duly(env, ["client", "add", "--name", "Atelier Nord", "--currency", "EUR", "--email", BILLING]);
      duly(env, ["client", "add", "--name", "Studio Sud", "--currency", "EUR", "--email", "elena@studio-sud.example"]);
      execFileSync("sqlite3", [env.DULY_DB, `PRAGMA busy_timeout = 5000;
        UPDATE contacts SET name = 'Ioana Popescu' WHERE email = '${BILLING}';
        INSERT INTO contacts (client_id, position, name, role, email)
          SELECT client_id, 1, 'Radu Ionescu', 'project', '${PROJECT}' FROM contacts WHERE email = '${BILLING}';`]);
      // Due 2026-10-31: the +14 step on the pinned day.
      duly(env, ["invoice", "add", "--client", "Atelier Nord", "--number", ESCALATE,
        "--issue-date", "2026-10-01", "--due-date", "2026-10-31", "--item", "Brand book;1;1800.00"]);
      duly(env, ["call", "log", ESCALATE, "--outcome", "no-answer", "--contact", "Ioana Popescu", "--on", "2026-11-08"]);
      // Its history before Duly: the two reminders sent from the user's mailbox and the call,
      // recorded so that the ladder (which catches up in order) stands at the +14 step.
      for (const on of ["2026-11-01", "2026-11-07", "2026-11-08"]) duly(env, ["remind", ESCALATE, "--sent-outside", on]);
      // A plan agreed on 2026-11-10: 3 instalments from 2026-11-17, its first reminder on 2026-11-14.
      duly(env, ["invoice", "add", "--client", "Studio Sud", "--number", PLAN,
        "--issue-date", "2026-09-20", "--due-date", "2026-10-20", "--item", "Menu design;1;900.00"]);
      duly(env, ["call", "log", PLAN, "--outcome", "agreed-plan", "--instalments", "3", "--every", "30d",
        "--first", "2026-11-17", "--on", "2026-11-10"]);
    },
  });
});
after(async () => {
  await app?.close();
  await sink?.close();
});

test("the +14 draft goes to the next person with the billing contact in copy; a plan gets its instalment reminder", async () => {
  const { browser, db } = app;
  await byTestId(browser, "nav-today").waitForDisplayed({ timeout: 20_000 });
  await click(browser, "nav-today");

  const card = browser.$(`[data-testid="draft"][data-number="${ESCALATE}"]`);
  await card.waitForDisplayed({ timeout: 20_000 });
  assert.equal((await card.$('[data-testid="draft-step"]').getText()).trim(), "Other contacts");
  assert.equal(
    (await card.$('[data-testid="draft-escalate-to"]').getText()).trim(),
    "To the next person to try: Radu Ionescu (Project). The usual contact gets a copy.",
  );
  assert.equal((await card.$('[data-testid="draft-to"]').getText()).trim(), PROJECT);
  assert.equal((await card.$('[data-testid="draft-cc"]').getText()).trim(), BILLING);
  assert.match(await card.$('[data-testid="draft-body"]').getValue(), /^Hello Radu Ionescu,\n/);
  assert.match(await card.$('[data-testid="draft-body"]').getValue(), /I have sent reminders to Ioana Popescu but/);

  const plan = browser.$(`[data-testid="draft"][data-number="${PLAN}"]`);
  await plan.waitForDisplayed({ timeout: 10_000 });
  assert.equal((await plan.$('[data-testid="draft-step"]').getText()).trim(), "Before each instalment");
  assert.match((await plan.$('[data-testid="draft-instalment"]').getText()).trim(), /^Instalment 1 of the agreed plan falls due on /);
  assert.equal(
    await plan.$('[data-testid="draft-subject"]').getValue(),
    `Instalment 1 of 3 for invoice ${PLAN} falls due on 17 November 2026`,
  );
  await screenshot(browser, "e2e-escalation-draft-today.png");

  // The invoice page's button says whom the +14 message goes to.
  await card.$(`a[href="#/invoices/${ESCALATE}"]`).click();
  await browser.waitUntil(async () => (await text(browser, "invoice-title")) === ESCALATE, { timeout: 10_000 });
  await byTestId(browser, "remind-escalate-to").waitForDisplayed({ timeout: 10_000 });
  assert.equal(
    await text(browser, "remind-escalate-to"),
    "Goes to the next person to try: Radu Ionescu (Project), the usual contact in copy.",
  );

  // Sent: the undo window passes and the background sender delivers it to Radu, Ioana in copy.
  const button = byTestId(browser, "remind-button");
  await button.waitForEnabled({ timeout: 10_000 });
  await button.click();
  await byTestId(browser, "remind-done").waitForDisplayed({ timeout: 30_000 });
  const [mail] = await sink.waitFor(1, 40_000);
  assert.deepEqual([...mail.to].sort(), [BILLING, PROJECT].sort());
  assert.match(mail.raw, new RegExp(`^To: <?${PROJECT}>?\\r?$`, "m"));
  assert.match(mail.raw, new RegExp(`^Cc: <?${BILLING}>?\\r?$`, "m"));
  assert.deepEqual(sql(db, "SELECT step_id FROM followups WHERE outbox_id IS NOT NULL"), [{ step_id: "escalate" }]);
});
