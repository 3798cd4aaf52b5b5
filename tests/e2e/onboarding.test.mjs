// First run in the real app: an empty database opens the setup in the OS's language; the user
// goes through it in Romanian (business profile, email step, demo data) and lands on the
// dashboard. The SQLite file must then hold the profile, the preferences and the demo invoices;
// a second start on that database skips the setup and keeps Romanian although the OS says English.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { launch, sql, cliBinary, byTestId, text, screenshot } from "./harness.mjs";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { business, walkOnboarding } from "./onboarding-flow.mjs";

const apps = [];
after(async () => {
  for (const app of apps) await app.close().catch(() => {});
});

/**
 * Makes the app's OS language `tag` (e.g. "ro_RO"). The C library only honours locales it has
 * compiled, so the locale is compiled into the sandbox (LOCPATH) from Debian's sources.
 */
const osLanguage = (tag) => (env) => {
  const dir = path.join(path.dirname(env.DULY_DB), "locales");
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync("localedef", ["-i", tag, "-f", "UTF-8", path.join(dir, `${tag}.UTF-8`)], { stdio: "ignore" });
    env.LOCPATH = dir;
  } catch {
    // no locale sources: the OS language stays the default one
  }
  env.LANG = `${tag}.UTF-8`;
  env.LANGUAGE = tag;
  delete env.LC_ALL;
};

test("first run: the setup in Romanian ends on the dashboard, and is remembered", async () => {
  const first = await launch({ prepare: osLanguage("ro_RO") });
  apps.push(first);
  const { browser, db } = first;

  // The OS language decides the first screen; the test's webview reports it.
  await byTestId(browser, "onboarding-welcome").waitForDisplayed({ timeout: 20_000 });
  const reported = await browser.execute(() => navigator.language);
  assert.match(reported, /^ro\b/i, "the webview reports the OS language");
  assert.equal(await text(browser, "onboarding-start"), "Începe", "the setup follows the OS language");
  await screenshot(browser, "e2e-onboarding-welcome.png");

  // The setup's autopilot step is kept as an artifact to look at (it is offered, left off).
  await walkOnboarding(browser, (name) =>
    name.includes("autopilot") ? screenshot(browser, "e2e-onboarding-autopilot.png") : undefined,
  );
  assert.equal(await browser.$$('[data-testid="onboarding"]').length, 0, "the setup is gone");
  assert.equal(await text(browser, "nav-dashboard"), "Panou");
  await screenshot(browser, "e2e-onboarding-dashboard.png");

  const [row] = sql(db, "SELECT name, address, tax_id, email, bank_name, iban, bic, default_currency, language FROM business");
  assert.deepEqual(row, {
    name: business.name,
    address: business.address,
    tax_id: business.taxId,
    email: business.email,
    bank_name: business.bank,
    iban: "RO49AAAA1B31007593840000",
    bic: business.bic,
    default_currency: "RON",
    language: "ro",
  });
  const settings = Object.fromEntries(sql(db, "SELECT key, value FROM settings").map((r) => [r.key, r.value]));
  assert.equal(settings.ui_language, "ro");
  assert.equal(settings.onboarding, "done");
  assert.equal(sql(db, "SELECT count(*) AS n FROM invoices")[0].n, 300);
  assert.equal(sql(db, "SELECT count(*) AS n FROM clients")[0].n, 40);

  // Start again on a copy of that database, with an English OS: no setup, still Romanian.
  const copy = path.join(first.dir, "copy.sqlite3");
  execFileSync(cliBinary, ["--db", db, "backup", "--to", copy], { env: first.env });
  await first.close();
  apps.length = 0;
  const second = await launch({
    prepare: (env) => {
      osLanguage("en_US")(env);
      execFileSync(cliBinary, ["--db", env.DULY_DB, "restore", copy], { env });
    },
  });
  apps.push(second);
  await byTestId(second.browser, "currency-card").waitForDisplayed({ timeout: 20_000 });
  assert.equal(await second.browser.$$('[data-testid="onboarding"]').length, 0);
  assert.equal(await text(second.browser, "nav-settings"), "Setări");
});

test("the setup can be skipped, then reopened from Settings", async () => {
  const app = await launch({ prepare: osLanguage("en_US") });
  apps.push(app);
  const { browser, db } = app;
  await byTestId(browser, "onboarding-welcome").waitForDisplayed({ timeout: 20_000 });
  await byTestId(browser, "onboarding-skip").click();
  await byTestId(browser, "start-invoice").waitForDisplayed({ timeout: 10_000 });
  assert.equal(sql(db, "SELECT value FROM settings WHERE key = 'onboarding'")[0].value, "skipped");
  assert.equal(sql(db, "SELECT count(*) AS n FROM business")[0].n, 0, "skipping writes no profile");

  await byTestId(browser, "nav-settings").click();
  await byTestId(browser, "setup-open").click();
  await byTestId(browser, "onboarding-welcome").waitForDisplayed({ timeout: 10_000 });
});
