// The user's formats in the real app: in the Romanian UI an amount is typed as a Romanian writes
// it ("1.500,50"), the field shows what it read, and the SQLite file holds 150050 bani; the
// payment's date is picked from a calendar, not typed; dark mode comes from Settings;
// the sidebar counts today's follow-ups.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, duly, sql, byTestId, fill, click, text, screenshot } from "./harness.mjs";

const today = "2026-11-23";
const NUMBER = "RO-FMT-001";

let app;
before(async () => {
  app = await launch({
    today,
    prepare: (env) => {
      duly(env, ["demo", "--invoices", "3", "--clients", "1", "--seed", "4", "--as-of", today]);
      duly(env, ["client", "add", "--name", "Croitoria Ileana SRL", "--language", "ro", "--currency", "RON",
        "--email", "plati@croitoria.example"]);
      duly(env, ["invoice", "add", "--client", "Croitoria Ileana SRL", "--number", NUMBER,
        "--issue-date", "2026-10-01", "--due-date", "2026-10-31", "--item", "Site de prezentare;1;4000.00"]);
    },
  });
});
after(async () => {
  await app?.close();
});

test("dark mode: a Settings choice over the OS's, from one set of colours", async () => {
  const { browser } = app;
  await byTestId(browser, "nav-settings").waitForDisplayed({ timeout: 20_000 });
  const background = () => browser.execute(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.equal(await background(), "rgb(246, 247, 249)", "the test's OS asks for light");
  await click(browser, "nav-settings");
  await byTestId(browser, "settings-theme").selectByAttribute("value", "dark");
  assert.equal(await background(), "rgb(11, 17, 32)");
  assert.equal(await browser.execute(() => localStorage.getItem("duly.theme")), "dark");
  await byTestId(browser, "settings-theme").selectByAttribute("value", "system");
  assert.equal(await background(), "rgb(246, 247, 249)");
});

test("the sidebar counts today's follow-ups, as the CLI lists them", async () => {
  const { browser, env } = app;
  const { due_count: due } = duly(env, ["followups"]);
  assert.ok(due > 0, "the data has follow-ups due today");
  await byTestId(browser, "nav-today-count").waitForDisplayed({ timeout: 10_000 });
  assert.match(await text(browser, "nav-today-count"), new RegExp(`^${due}\\b`));
});

test("1.500,50 typed in the Romanian UI is stored as RON 1500.50", async () => {
  const { browser, db } = app;
  await click(browser, "nav-settings");
  await byTestId(browser, "settings-language").selectByAttribute("value", "ro");
  await browser.waitUntil(async () => (await text(browser, "nav-dashboard")) === "Panou", {
    timeout: 10_000,
    timeoutMsg: "the UI did not switch to Romanian",
  });

  await browser.execute((h) => { window.location.hash = h; }, `#/invoices/${NUMBER}`);
  await byTestId(browser, "payment-amount").waitForDisplayed({ timeout: 10_000 });

  // English habits are not silently misread: the field says it cannot read them.
  await fill(browser, "payment-amount", "1,500.50");
  assert.match(await text(browser, "payment-amount-parsed"), /1\.500,50/, "the hint shows how to write it");
  assert.equal(await byTestId(browser, "payment-amount").getAttribute("aria-invalid"), "true");

  await fill(browser, "payment-amount", "1.500,50");
  assert.equal(await text(browser, "payment-amount-parsed"), "= RON 1.500,50");
  assert.equal(await byTestId(browser, "payment-amount").getAttribute("aria-invalid"), "false");
  // The date is picked from the calendar and shown the Romanian way.
  assert.equal(await byTestId(browser, "payment-date").getValue(), "23.11.2026");
  await click(browser, "payment-date-pick");
  await click(browser, "payment-date-day-2026-11-20");
  assert.equal(await byTestId(browser, "payment-date").getValue(), "20.11.2026");
  await screenshot(browser, "e2e-formats-amount-ro.png");
  await click(browser, "payment-save");

  const paymentsOf = () =>
    sql(db, `SELECT p.amount_minor, p.paid_on FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.number = '${NUMBER}'`);
  await browser.waitUntil(async () => paymentsOf().length === 1, {
    timeout: 10_000,
    timeoutMsg: "the payment was not stored",
  });
  assert.deepEqual(paymentsOf(), [{ amount_minor: 150050, paid_on: "2026-11-20" }]);
  const [inv] = sql(db, `SELECT currency, paid_minor FROM invoices WHERE number = '${NUMBER}'`);
  assert.deepEqual(inv, { currency: "RON", paid_minor: 150050 });
});
