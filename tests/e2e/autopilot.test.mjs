// Autopilot in the real app, across two days. Monday 23 November: Settings → Autopilot →
// "Turn on autopilot…" shows what would go out by itself in the next 7 days (Studio Nusantara's
// polite reminder on Thursday at 09:00 on the client's clock in Bucharest; not Atelier Nord's
// firm +14 notice, which is a draft by default; and the formal demand can never be automatic)
// and only "Turn on and send these" enables it. Duly is closed and started again on the same
// data on Thursday 26 November: the polite reminder reaches the SMTP server on 127.0.0.1 by
// itself, Today says "Duly sent 1 polite reminder today" with links to the invoice and to the
// message in the Outbox, the firm notice waits on Today as a draft (nothing sent to Atelier
// Nord), and the invoice's timeline marks the message "Sent by autopilot".

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { launch, duly, sql, byTestId, click, text, screenshot, mailThrough, anaPopBusiness } from "./harness.mjs";
import { startSink } from "./smtp-sink.mjs";

const MONDAY = "2026-11-23";
const THURSDAY = "2026-11-26";
const POLITE = "INV-AP-1";
const FIRM = "INV-AP-2";
const NUSANTARA = "finance@nusantara.example";
const NORD = "ioana@atelier-nord.example";

let app;
let sink;

/** WebKit paints a moment after the DOM changes: a screenshot waits for it. */
const settle = () => new Promise((r) => setTimeout(r, 500));
before(async () => {
  sink = await startSink();
  app = await launch({
    today: MONDAY,
    prepare: (env) => {
      mailThrough(env, sink);
      anaPopBusiness(env);
      duly(env, ["client", "add", "--name", "Studio Nusantara", "--currency", "EUR", "--email", NUSANTARA]);
      duly(env, ["client", "add", "--name", "Atelier Nord", "--currency", "EUR", "--email", NORD]);
      // Both clients in Bucharest: business hours (and the preview's times) on that clock.
      execFileSync("sqlite3", [env.DULY_DB, `PRAGMA busy_timeout = 5000;
        UPDATE clients SET country = 'RO', timezone = 'Europe/Bucharest';`]);
      // Due Wednesday 25 November: the first polite reminder (automatic by default) on Thursday.
      // The receipt check and the note before the due date went out from the user's mailbox.
      duly(env, ["invoice", "add", "--client", "Studio Nusantara", "--number", POLITE,
        "--issue-date", "2026-10-26", "--due-date", "2026-11-25", "--item", "Website redesign;1;2400.00"]);
      for (const on of ["2026-10-29", "2026-11-18"]) duly(env, ["remind", POLITE, "--sent-outside", on]);
      // Due 12 November: the two polite reminders and the call are done, so Thursday (+14) is the
      // firm notice to other contacts, which waits for a click.
      duly(env, ["invoice", "add", "--client", "Atelier Nord", "--number", FIRM,
        "--issue-date", "2026-10-13", "--due-date", "2026-11-12", "--item", "Brand book;1;1800.00"]);
      for (const on of ["2026-11-13", "2026-11-19", "2026-11-20"]) duly(env, ["remind", FIRM, "--sent-outside", on]);
    },
  });
});
after(async () => {
  await app?.close();
  await sink?.close();
});

test("autopilot: turned on through its preview; days later the polite reminder goes out by itself, the firm notice waits", async () => {
  let { browser, db } = app;
  await byTestId(browser, "nav-settings").waitForDisplayed({ timeout: 20_000 });
  await click(browser, "nav-settings");

  // Off to begin with; each step says who sends it; the formal demand can never be automatic.
  const card = byTestId(browser, "autopilot-card");
  await card.waitForDisplayed({ timeout: 20_000 });
  assert.equal(await byTestId(browser, "autopilot-state").getAttribute("data-state"), "off");
  const mode = (step) => browser.$(`[data-testid="autopilot-step"][data-step="${step}"]`).getAttribute("data-mode");
  assert.equal(await mode("overdue_1"), "auto");
  assert.equal(await mode("escalate"), "draft");
  assert.equal(await mode("final_demand"), "never");
  assert.equal(
    (await browser.$('[data-testid="autopilot-step-never"][data-step="final_demand"]').getText()).replace(/\s+/g, " ").trim(),
    "Always waits for you The formal demand is always yours to send.",
  );

  // "Turn on" first shows what would go out: one message, Thursday at 09:00 in Bucharest.
  await click(browser, "autopilot-turn-on");
  const preview = byTestId(browser, "autopilot-preview");
  await preview.waitForDisplayed({ timeout: 10_000 });
  const rows = await browser.$$('[data-testid="autopilot-preview-row"]');
  assert.equal(rows.length, 1, "only the polite reminder would go out by itself");
  const row = rows[0];
  assert.equal(await row.getAttribute("data-day"), THURSDAY);
  assert.equal((await row.$('[data-testid="autopilot-preview-client"]').getText()).trim(), "Studio Nusantara");
  assert.equal((await row.$('[data-testid="autopilot-preview-invoices"]').getText()).trim(), POLITE);
  assert.equal((await row.$('[data-testid="autopilot-preview-step"]').getText()).trim(), "Polite reminder");
  assert.match((await row.$('[data-testid="autopilot-preview-when"]').getText()).trim(), /^Thu 26 Nov \d\d:\d\d in Bucharest$/);
  assert.equal(await text(browser, "autopilot-preview-count"), "1 message would go out by itself.");
  assert.equal(sql(db, "SELECT count(*) AS n FROM settings WHERE key = 'autopilot' AND value LIKE '%\"enabled\":true%'")[0].n, 0,
    "a preview alone turns nothing on");
  await card.scrollIntoView({ block: "start" });
  await settle();
  await screenshot(browser, "e2e-autopilot-preview.png");

  await click(browser, "autopilot-confirm");
  await browser.waitUntil(async () => (await byTestId(browser, "autopilot-state").getAttribute("data-state")) === "on", {
    timeout: 10_000,
    timeoutMsg: "autopilot did not turn on after confirming its preview",
  });
  assert.equal(await byTestId(browser, "autopilot-turn-off").isDisplayed(), true, "turning it off is one click away");
  await browser.$('[data-testid="autopilot-step"][data-step="final_demand"]').scrollIntoView({ block: "center" });
  await settle();
  await screenshot(browser, "e2e-autopilot-steps.png");
  // Nothing is due by itself on Monday.
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(sink.messages.length, 0);

  // Thursday, same data: Duly starts again three days later.
  await app.close();
  app = await launch({ reuse: app, today: THURSDAY });
  ({ browser, db } = app);

  const [mail] = await sink.waitFor(1, 60_000);
  assert.deepEqual(mail.to, [NUSANTARA]);
  assert.match(mail.raw, new RegExp(`^Subject: Invoice ${POLITE} was due on 25 November 2026`, "m"));

  await byTestId(browser, "nav-today").waitForDisplayed({ timeout: 20_000 });
  await click(browser, "nav-today");
  const summary = byTestId(browser, "autopilot-today");
  await summary.waitForDisplayed({ timeout: 20_000 });
  await browser.waitUntil(async () => (await text(browser, "autopilot-headline")) === "Duly sent 1 polite reminder today", {
    timeout: 20_000,
    timeoutMsg: "Today does not say what autopilot sent",
  });
  const message = browser.$('[data-testid="autopilot-message"]');
  assert.equal(await message.getAttribute("data-state"), "sent");
  assert.equal((await message.$('[data-testid="autopilot-message-invoice"]').getText()).trim(), POLITE);
  assert.match(await message.$('[data-testid="autopilot-message-invoice"]').getAttribute("href"), new RegExp(`#/invoices/${POLITE}$`));

  // The firm notice is a draft on Today, and nothing went to Atelier Nord.
  const firm = browser.$(`[data-testid="draft"][data-number="${FIRM}"]`);
  await firm.waitForDisplayed({ timeout: 20_000 });
  assert.equal((await firm.$('[data-testid="draft-step"]').getText()).trim(), "Other contacts");
  assert.equal(await browser.$(`[data-testid="draft"][data-number="${POLITE}"]`).isExisting(), false, "the polite one is done");
  assert.equal(sink.messages.length, 1);
  assert.ok(sink.messages.every((m) => !m.to.includes(NORD)));
  assert.deepEqual(
    sql(db, `SELECT o.autopilot, o.state FROM outbox o JOIN invoices i ON i.id = o.invoice_id WHERE i.number = '${FIRM}'`),
    [],
    "the firm notice was not queued",
  );
  const [queued] = sql(db, `SELECT o.id, o.autopilot, o.state FROM outbox o JOIN invoices i ON i.id = o.invoice_id WHERE i.number = '${POLITE}'`);
  assert.deepEqual({ autopilot: queued.autopilot, state: queued.state }, { autopilot: 1, state: "sent" });

  await settle();
  await screenshot(browser, "e2e-autopilot-today.png");

  // The digest of the week is a click away on Today.
  await click(browser, "autopilot-digest-toggle");
  await byTestId(browser, "autopilot-digest").waitForDisplayed({ timeout: 10_000 });
  assert.match(await text(browser, "autopilot-digest-counts"), /1 sent/);
  await settle();
  await screenshot(browser, "e2e-autopilot-digest.png");

  // The link to the message opens the Outbox with it picked out.
  await message.$('[data-testid="autopilot-message-link"]').click();
  const picked = browser.$(`[data-testid="outbox-row"][data-id="${queued.id}"]`);
  await picked.waitForDisplayed({ timeout: 10_000 });
  assert.match(await picked.getAttribute("class"), /picked/);
  assert.equal((await picked.$('[data-testid="outbox-autopilot"]').getText()).trim(), "Queued by autopilot");

  // The invoice's timeline marks what autopilot did.
  await click(browser, "nav-today");
  await browser.$('[data-testid="autopilot-message"] [data-testid="autopilot-message-invoice"]').waitForClickable({ timeout: 10_000 });
  await browser.$('[data-testid="autopilot-message"] [data-testid="autopilot-message-invoice"]').click();
  await browser.waitUntil(async () => (await text(browser, "invoice-title")) === POLITE, { timeout: 10_000 });
  const marked = browser.$('[data-testid="timeline-item"] [data-testid="timeline-autopilot"]');
  await marked.waitForDisplayed({ timeout: 10_000 });
  assert.equal((await marked.getText()).trim(), "Sent by autopilot");

  // Per client: autopilot off for Atelier Nord, saved at once.
  await click(browser, "nav-clients");
  await browser.$('a[href="#/clients/2"]').waitForClickable({ timeout: 10_000 });
  await browser.$('a[href="#/clients/2"]').click();
  const perClient = byTestId(browser, "client-autopilot");
  await perClient.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await perClient.getAttribute("data-mode"), "default");
  await click(browser, "client-autopilot-off");
  await browser.waitUntil(async () => (await perClient.getAttribute("data-mode")) === "off", { timeout: 10_000 });
  assert.deepEqual(sql(db, "SELECT client_id, mode FROM autopilot_clients"), [{ client_id: 2, mode: "off" }]);
  // Or its own choices, step by step: the polite reminder kept as a draft for this client only.
  await click(browser, "client-autopilot-own");
  await browser.waitUntil(async () => (await perClient.getAttribute("data-mode")) === "own", { timeout: 10_000 });
  const ownStep = perClient.$('[data-testid="autopilot-step-mode"][data-step="overdue_1"]');
  await ownStep.waitForDisplayed({ timeout: 10_000 });
  await ownStep.selectByAttribute("value", "draft");
  await browser.waitUntil(
    async () => sql(db, "SELECT mode FROM autopilot_steps WHERE client_id = 2 AND step_id = 'overdue_1'")[0]?.mode === "draft",
    { timeout: 10_000, timeoutMsg: "the client's own choice was not saved" },
  );
  assert.deepEqual(sql(db, "SELECT mode FROM autopilot_steps WHERE client_id IS NULL"), [], "the business's choices are untouched");
  await perClient.scrollIntoView({ block: "start" });
  await settle();
  await screenshot(browser, "e2e-autopilot-client.png");

  // Turning it off is one click.
  await click(browser, "nav-settings");
  await click(browser, "autopilot-turn-off");
  await browser.waitUntil(async () => (await byTestId(browser, "autopilot-state").getAttribute("data-state")) === "off", {
    timeout: 10_000,
    timeoutMsg: "one click did not turn autopilot off",
  });
  await byTestId(browser, "autopilot-turn-on").waitForDisplayed({ timeout: 10_000 });
});

test("autopilot stops itself when a message cannot be sent, says why, and resumes once the user has looked", async () => {
  const failing = await launch({
    today: MONDAY,
    prepare: (env) => {
      mailThrough(env, sink);
      anaPopBusiness(env);
      // The sink refuses this mailbox with a 550: a permanent failure, in the server's words.
      duly(env, ["client", "add", "--name", "Kedai Salah Alamat", "--currency", "EUR", "--email", "refuse@example.com"]);
      // Due Sunday 22 November: the first polite reminder falls on Monday (the earlier friendly
      // steps fell on or before the due date, and are passed over once it is late).
      duly(env, ["invoice", "add", "--client", "Kedai Salah Alamat", "--number", "INV-AP-9",
        "--issue-date", "2026-10-23", "--due-date", "2026-11-22", "--item", "Logo;1;500.00"]);
    },
  });
  try {
    const { browser } = failing;
    await byTestId(browser, "nav-settings").waitForDisplayed({ timeout: 20_000 });
    await click(browser, "nav-settings");
    await click(browser, "autopilot-turn-on");
    await byTestId(browser, "autopilot-preview-row").waitForDisplayed({ timeout: 10_000 });
    await click(browser, "autopilot-confirm");

    // The sender tries, the server refuses: autopilot stops for everyone and Settings says why.
    const state = byTestId(browser, "autopilot-state");
    const deadline = Date.now() + 60_000;
    while ((await state.getAttribute("data-state")) !== "stopped") {
      assert.ok(Date.now() < deadline, "autopilot did not stop after the server refused the message");
      await new Promise((r) => setTimeout(r, 1000));
      // Settings reads the status when shown: come back to it.
      await click(browser, "nav-today");
      await click(browser, "nav-settings");
    }
    const stopped = byTestId(browser, "autopilot-stopped");
    await stopped.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await byTestId(browser, "autopilot-stop").getAttribute("data-scope"), "global");
    assert.equal(await text(browser, "autopilot-stop-reason"), "A message could not be sent.");
    assert.match(await text(browser, "autopilot-stop-detail"), /no such mailbox here/);
    await stopped.scrollIntoView({ block: "center" });
    await settle();
    await screenshot(browser, "e2e-autopilot-stopped.png");

    // Today says so too, with the way to Settings.
    await click(browser, "nav-today");
    await byTestId(browser, "autopilot-today-stopped").waitForDisplayed({ timeout: 10_000 });

    await click(browser, "nav-settings");
    await click(browser, "autopilot-resume");
    await browser.waitUntil(async () => (await byTestId(browser, "autopilot-state").getAttribute("data-state")) === "on", {
      timeout: 10_000,
      timeoutMsg: "resume did not turn autopilot back on",
    });
    assert.equal(await browser.$$('[data-testid="autopilot-stopped"]').length, 0);
  } finally {
    await failing.close();
  }
});
