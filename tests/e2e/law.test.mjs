// Statutory interest in the real app, on 15 May 2025 (the bundled rate tables cover it). Ana Pop
// sets her business's law (Romania) and business-wide terms in Settings → "Law and late payment"
// (a mistyped rate is refused next to its field); Acme SRL's invoice, due 14 February 2025 and
// unpaid, then shows "Interest and compensation": one period at the BNR rate + 8 points, the
// total and the €40 fixed compensation, the same figures `duly interest NUMBER --as-of D --json`
// computes from the same file, and the firm reminder's wording states that interest too. Turning
// the claim off on the invoice's own terms leaves nothing claimed and says why.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { launch, duly, sql, byTestId, click, fill, screenshot, anaPopBusiness, root } from "./harness.mjs";

const TODAY = "2025-05-15";
const NUMBER = "INV-LAW-1";
const shots = path.join(root, "docs/screenshots");

let app;

/** WebKit paints a moment after the DOM changes: a screenshot waits for it. */
const settle = () => new Promise((r) => setTimeout(r, 500));
/** "RON 1,234.56" → "123456": the digits of an amount written with two decimals. */
const digits = (s) => s.replace(/\D/g, "");

before(async () => {
  app = await launch({
    today: TODAY,
    prepare: (env) => {
      duly(env, ["client", "add", "--name", "Acme SRL", "--currency", "RON", "--email", "plati@acme.example"]);
      anaPopBusiness(env);
      duly(env, ["invoice", "add", "--client", "Acme SRL", "--number", NUMBER,
        "--issue-date", "2025-01-15", "--due-date", "2025-02-14", "--item", "Website;1;12000.00"]);
    },
  });
});
after(async () => {
  await app?.close();
});

test("law: set in Settings, the interest and compensation on the invoice page are the CLI's figures", async () => {
  const { browser, db, env } = app;
  await byTestId(browser, "nav-settings").waitForDisplayed({ timeout: 20_000 });
  await click(browser, "nav-settings");

  const card = byTestId(browser, "law-settings");
  await card.waitForDisplayed({ timeout: 20_000 });
  await card.scrollIntoView({ block: "start" });
  // The business's law: Romania (saved when chosen).
  await byTestId(browser, "law-country").selectByAttribute("value", "RO");
  await browser.waitUntil(async () => sql(db, "SELECT value FROM settings WHERE key = 'law_country'")[0]?.value === "RO", {
    timeout: 10_000,
    timeoutMsg: "the law country was not saved",
  });
  // Business-wide terms: a late fee of 1.5 % once, statutory claim left on.
  await byTestId(browser, "law-terms-kind").selectByAttribute("value", "percent");
  await fill(browser, "law-terms-value", "1.5");
  assert.equal(await byTestId(browser, "law-terms-claim").isSelected(), true, "claimed by default");
  await click(browser, "law-terms-save");
  await browser.waitUntil(async () => sql(db, "SELECT count(*) AS n FROM terms WHERE client_id IS NULL AND invoice_id IS NULL")[0].n === 1, {
    timeout: 10_000,
    timeoutMsg: "the business terms were not saved",
  });
  const [terms] = sql(db, "SELECT late_fee_kind, late_fee_value, claim_statutory FROM terms");
  assert.deepEqual(terms, { late_fee_kind: "percent", late_fee_value: 150, claim_statutory: 1 });

  // Each rate table with its last day; on 15 May 2025 the BNR table is current.
  const bnr = byTestId(browser, "law-rate-bnr_reference");
  assert.match(await bnr.getText(), /BNR reference rate/);
  assert.equal(await bnr.$('[data-testid="law-stale"]').isExisting(), false);

  // A mistyped rate is refused next to its field, and nothing is stored.
  await fill(browser, "law-add-effective", "2025-05-08");
  await fill(browser, "law-add-rate-value", "6,5");
  await fill(browser, "law-add-source", "BNR press release");
  await click(browser, "law-add-submit");
  const error = byTestId(browser, "law-add-rate-error");
  await error.waitForDisplayed({ timeout: 10_000 });
  assert.match(await error.getText(), /^rate: "6,5" is not a percentage/);
  assert.equal(sql(db, "SELECT count(*) AS n FROM reference_rates")[0].n, 0);
  await card.scrollIntoView({ block: "start" });
  await settle();
  await screenshot(browser, "law-settings.png", shots);

  // The invoice page: interest from 15 February to today, and the fixed compensation.
  await browser.execute((h) => { window.location.hash = h; }, `#/invoices/${NUMBER}`);
  const total = byTestId(browser, "interest-total");
  const interest = byTestId(browser, "interest-card");
  await interest.waitForExist({ timeout: 20_000 });
  await interest.scrollIntoView({ block: "start" });
  await total.waitForExist({ timeout: 20_000 }).catch(async (e) => {
    await screenshot(browser, "e2e-law-invoice-failed.png");
    throw e;
  });
  const cli = duly(env, ["interest", NUMBER, "--as-of", TODAY]);
  assert.equal(cli.jurisdiction, "RO");
  assert.ok(cli.interest_total > 0, JSON.stringify(cli));
  assert.equal(digits(await total.getText()), String(cli.interest_total));
  const rows = await browser.$$('[data-testid="interest-period"]');
  assert.equal(rows.length, cli.periods.length);
  const cells = await rows[0].$$("td");
  assert.equal((await cells[2].getText()).trim(), String(cli.periods[0].days));
  assert.equal(digits(await cells[6].getText()), String(cli.periods[0].amount));
  assert.equal(digits(await byTestId(browser, "interest-compensation").getText()), String(cli.compensation.amount));
  assert.match(await byTestId(browser, "interest-compensation").getText(), /EUR|€/);
  assert.match(await byTestId(browser, "interest-basis").getText(), /OG 13\/2011/);
  assert.equal(await byTestId(browser, "interest-stale").isExisting(), false, "no unknown rate in 2025");
  await interest.scrollIntoView({ block: "start" });
  await settle();
  await screenshot(browser, "law-invoice.png", shots);

  // The firm reminder's wording, previewed on this invoice in Settings, states the same interest
  // (as the card writes it) and the fixed sum with its statute.
  const cardTotal = (await total.getText()).trim();
  await click(browser, "nav-settings");
  await byTestId(browser, "ladder-settings").waitForDisplayed({ timeout: 20_000 });
  await byTestId(browser, "template-step").selectByAttribute("value", "escalate");
  await byTestId(browser, "template-language").selectByAttribute("value", "en");
  await fill(browser, "template-invoice", NUMBER);
  const previewBody = byTestId(browser, "template-preview-body");
  await browser
    .waitUntil(async () => (await previewBody.isExisting()) && (await previewBody.getText()).includes(cardTotal), {
      timeout: 10_000,
    })
    .catch(async (e) => {
      await screenshot(browser, "e2e-law-draft-failed.png");
      throw new Error(`the firm reminder does not state ${cardTotal}: ${await byTestId(browser, "template-preview").getText()}`, { cause: e });
    });
  assert.match(await previewBody.getText(), /72\/2013/);
  await browser.execute((h) => { window.location.hash = h; }, `#/invoices/${NUMBER}`);
  await byTestId(browser, "interest-total").waitForExist({ timeout: 20_000 });

  // This invoice's own terms waive the claim: nothing is claimed, and the card says whose terms.
  await browser.$('[data-testid="invoice-terms"] summary').click();
  const claim = byTestId(browser, "invoice-terms-form-claim");
  await claim.waitForDisplayed({ timeout: 10_000 });
  await claim.click();
  await click(browser, "invoice-terms-form-save");
  await browser.waitUntil(async () => !(await byTestId(browser, "interest-total").isExisting()), {
    timeout: 10_000,
    timeoutMsg: "the card still shows interest after the claim was turned off",
  });
  assert.match(await byTestId(browser, "interest-basis").getText(), /Not claimed: the invoice's own terms/);
  assert.equal(await byTestId(browser, "interest-compensation").isExisting(), false);
  assert.equal(sql(db, "SELECT claim_statutory AS c FROM terms WHERE invoice_id IS NOT NULL")[0].c, 0);
  assert.equal(duly(env, ["interest", NUMBER, "--as-of", TODAY]).interest_total, 0);
});
