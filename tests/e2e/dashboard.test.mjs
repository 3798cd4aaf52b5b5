// The aging dashboard over demo data: one invoice whose bucket is known (the only one in CHF, a
// currency the demo never uses) must show its amount in the right bucket, as of the app's date and
// as of a date picked on the dashboard; the EUR buckets must match a sum the test computes from the
// SQLite file itself.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { launch, duly, sql, cliBinary, byTestId, fill, click, text, screenshot } from "./harness.mjs";

const asOf = "2026-11-23";
const digits = (s) => s.replace(/\D/g, "");

let app;
before(async () => {
  app = await launch({
    today: asOf,
    prepare: (env) => {
      duly(env, ["demo", "--invoices", "2000", "--clients", "120", "--seed", "11", "--as-of", asOf]);
      const run = (args) => execFileSync(cliBinary, args, { env, encoding: "utf8" });
      run(["client", "add", "--name", "Bergli Atelier GmbH", "--currency", "CHF", "--email", "ap@bergli.ch"]);
      // Due 2026-10-01: 53 days late on 2026-11-23 (31–60), 91 days late on 2026-12-31 (91–120).
      run(["invoice", "add", "--client", "Bergli Atelier GmbH", "--number", "CH-2026-007",
        "--issue-date", "2026-09-01", "--due-date", "2026-10-01", "--item", "Website relaunch;1;4250.00"]);
    },
  });
});
after(async () => {
  await app?.close();
});

async function bucket(browser, currency, key) {
  return text(browser, `bucket-${currency}-${key}`);
}

test("a known invoice sits in the right aging bucket, and moves with the as-of date", async () => {
  const { browser, db } = app;
  await byTestId(browser, "aging-chart").waitForDisplayed({ timeout: 20_000 });
  // Demo data is announced on every page: its clients are invented and never emailed.
  assert.ok(await byTestId(browser, "demo-banner").isDisplayed(), "the demo-data banner is shown");

  assert.equal(digits(await bucket(browser, "CHF", "d31_60")), "425000");
  for (const key of ["not_due", "d1_30", "d61_90", "d91_120", "over_120"]) {
    assert.equal(digits(await bucket(browser, "CHF", key)), "000", `CHF ${key} must be empty`);
  }

  // EUR, 1–30 days late: the sum of what is still open, computed here from the raw rows.
  const [{ expected }] = sql(db, `
    SELECT coalesce(sum(max(total_minor - paid_minor, 0)), 0) AS expected FROM invoices
    WHERE currency = 'EUR' AND status IN ('sent', 'partly_paid')
      AND julianday('${asOf}') - julianday(due_date) BETWEEN 1 AND 30`);
  assert.ok(expected > 0, "the demo data has EUR invoices 1–30 days late");
  assert.equal(digits(await bucket(browser, "EUR", "d1_30")), String(expected));
  await screenshot(browser, "e2e-05-dashboard.png");

  // Picking a later date re-ages everything: the CHF invoice is now 91 days late.
  await fill(browser, "dashboard-as-of", "2026-12-31");
  await browser.waitUntil(async () => digits(await bucket(browser, "CHF", "d91_120")) === "425000", {
    timeout: 10_000,
    timeoutMsg: "the CHF invoice did not move to 91–120 days after picking 2026-12-31",
  });
  assert.equal(digits(await bucket(browser, "CHF", "d31_60")), "000");
  await screenshot(browser, "e2e-06-dashboard-later.png");

  // The biggest overdue invoices click through to the invoice.
  const row = byTestId(browser, "top-overdue-row");
  const number = (await row.$("a").getText()).trim();
  await row.$("a").click();
  assert.equal(await text(browser, "invoice-title"), number);
});

test("Today lists the invoices to chase, most urgent first, with the reason", async () => {
  const { browser } = app;
  await click(browser, "nav-today");
  await byTestId(browser, "today-row").waitForDisplayed({ timeout: 10_000 });
  const reasons = await browser.$$('[data-testid="today-reason"]').map((el) => el.getText());
  assert.ok(reasons.length > 0);
  assert.ok(reasons.every((r) => /overdue|due in/i.test(r)), `every row says why: ${reasons.slice(0, 5).join(" | ")}`);
  await screenshot(browser, "e2e-07-today.png");
});
