// The habits of a desktop app, in the real window: an amount on the dashboard is never cut at
// 1280×800; the menu's shortcut opens a new invoice and the page's heading takes the focus; the
// list of invoices is walked with the arrow keys; an invalid form in the Romanian UI is refused
// in Romanian, naming the field by its label; light or dark is kept in the database; and the
// window's size survives a restart.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, duly, sql, byTestId, click, text, screenshot } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const asOf = "2026-11-23";
const cleanup = [];
after(async () => {
  // Every session is closed, even when one of them fails to.
  for (const done of cleanup.reverse()) await done().catch((e) => console.error(`e2e: closing: ${e.message}`));
});

/** The hash of the page the window shows. */
const hash = (browser) => browser.execute(() => window.location.hash);

/** What has the keyboard focus: its tag and data-testid. */
const focused = (browser) =>
  browser.execute(() => ({
    tag: document.activeElement?.tagName ?? "",
    testid: document.activeElement?.getAttribute("data-testid") ?? "",
    text: document.activeElement?.textContent?.trim() ?? "",
  }));

test("at 1280×800 no amount on the dashboard is cut, light or dark; the theme is saved", async () => {
  const app = await launch({
    today: asOf,
    prepare: (env) => duly(env, ["demo", "--invoices", "3000", "--clients", "150", "--seed", "7", "--as-of", asOf]),
  });
  cleanup.push(() => app.close());
  const { browser, db } = app;
  await browser.setWindowSize(1280, 800);
  await byTestId(browser, "currency-card").waitForDisplayed({ timeout: 20_000 });
  await browser.pause(500);

  const cut = () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid="currency-card"] .amount')].map((el) => {
        const style = getComputedStyle(el);
        return {
          text: el.textContent.trim(),
          overflowing: el.scrollWidth > el.clientWidth,
          ellipsis: style.textOverflow === "ellipsis",
          shown: el.getBoundingClientRect().width > 0,
        };
      }),
    );
  for (const theme of ["light", "dark"]) {
    const amounts = await cut();
    assert.ok(amounts.length >= 4, `the demo data has several currencies: ${JSON.stringify(amounts)}`);
    for (const a of amounts) {
      assert.ok(a.shown && !a.overflowing && !a.ellipsis, `${theme}: "${a.text}" is cut: ${JSON.stringify(a)}`);
    }
    // The longest figure is whole on screen: its digits are all there.
    assert.ok(amounts.some((a) => /^IDR [\d,.]+$/.test(a.text)), JSON.stringify(amounts.map((a) => a.text)));
    await screenshot(browser, `e2e-habits-dashboard-${theme}.png`);
    if (theme === "light") {
      await click(browser, "nav-settings");
      await byTestId(browser, "settings-theme").selectByAttribute("value", "dark");
      await browser.waitUntil(async () => sql(db, "SELECT value FROM settings WHERE key = 'theme'")[0]?.value === "dark", {
        timeout: 10_000,
        timeoutMsg: "the dark theme was not saved with the preferences",
      });
      assert.equal(await browser.execute(() => document.documentElement.dataset.theme), "dark");
      await click(browser, "nav-dashboard");
      await byTestId(browser, "currency-card").waitForDisplayed({ timeout: 20_000 });
      await browser.pause(500);
    }
  }
  // The window's storage forgotten (a reinstall): the saved theme comes back from the database.
  await browser.execute(() => localStorage.clear());
  await browser.refresh();
  await byTestId(browser, "currency-card").waitForDisplayed({ timeout: 20_000 });
  await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.dataset.theme)) === "dark", {
    timeout: 10_000,
    timeoutMsg: "the saved theme was not applied after the web view's storage was cleared",
  });

  // Today opens with the day's messages to send, above the list of invoices to chase.
  await click(browser, "nav-today");
  await byTestId(browser, "today-table").waitForDisplayed({ timeout: 10_000 });
  const order = await browser.execute(() => {
    const drafts = document.querySelector('[data-testid="drafts"]');
    const table = document.querySelector('[data-testid="today-table"]');
    return drafts && table ? Boolean(drafts.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING) : null;
  });
  assert.equal(order, true, "the day's messages come before the invoices to chase");
});

test("Ctrl+N opens a new invoice with the focus on its heading; arrows walk the invoice list", async () => {
  const app = await launch({
    today: asOf,
    prepare: (env) => duly(env, ["demo", "--invoices", "40", "--clients", "8", "--seed", "3", "--as-of", asOf]),
  });
  cleanup.push(() => app.close());
  const { browser } = app;
  await byTestId(browser, "currency-card").waitForDisplayed({ timeout: 20_000 });

  await browser.keys(["Control", "n"]);
  await browser.waitUntil(async () => (await hash(browser)).startsWith("#/invoices/new"), {
    timeout: 10_000,
    timeoutMsg: "Ctrl+N did not open a new invoice",
  });
  await browser.waitUntil(async () => (await focused(browser)).tag === "H1", {
    timeout: 5_000,
    timeoutMsg: "the new invoice's heading did not take the focus",
  });

  // Ctrl+F: the invoices, with the focus in their search field.
  await browser.keys(["Control", "f"]);
  await browser.waitUntil(async () => (await focused(browser)).testid === "invoice-search", {
    timeout: 10_000,
    timeoutMsg: "Ctrl+F did not put the focus in the invoice search",
  });
  assert.equal(await hash(browser), "#/invoices");

  // The rows: Tab reaches the first row's link, ↓ moves to the next row, Enter opens it.
  await byTestId(browser, "invoice-row").waitForDisplayed({ timeout: 10_000 });
  const numbers = await browser.$$('[data-testid="invoice-row"]').map((row) => row.$("a").getText());
  await browser.execute(() => document.querySelector('[data-testid="invoice-row"] a')?.focus());
  assert.equal((await focused(browser)).text, numbers[0].trim());
  await browser.keys(["ArrowDown"]);
  assert.equal((await focused(browser)).text, numbers[1].trim(), "↓ moves to the next row's link");
  await browser.keys(["ArrowDown"]);
  await browser.keys(["ArrowUp"]);
  assert.equal((await focused(browser)).text, numbers[1].trim(), "↑ moves back");
  await browser.keys(["Enter"]);
  assert.equal(await text(browser, "invoice-title"), numbers[1].trim());

  // A reminder that cannot be sent (demo clients are never emailed) says why, reachable by Tab.
  await byTestId(browser, "remind-reason").waitForDisplayed({ timeout: 10_000 });
  const blocked = await browser.execute(() => {
    const button = document.querySelector('[data-testid="remind-button"]');
    const id = button?.getAttribute("aria-describedby");
    return {
      disabled: button?.hasAttribute("disabled"),
      ariaDisabled: button?.getAttribute("aria-disabled"),
      reason: id ? document.getElementById(id)?.textContent : null,
    };
  });
  assert.deepEqual(
    { ...blocked, reason: blocked.reason?.trim() },
    { disabled: false, ariaDisabled: "true", reason: await text(browser, "remind-reason") },
    "the blocked button stays reachable with Tab and is described by its reason",
  );
  const hashBefore = await hash(browser);
  await byTestId(browser, "remind-button").click();
  assert.equal(await hash(browser), hashBefore, "a click on the blocked button does nothing");
  assert.equal(await byTestId(browser, "remind-toast").isExisting(), false);

  // Settings → "Open log folder": the log file is there, with the shell's lines in it.
  await browser.keys(["Control", ","]);
  await click(browser, "log-folder-open");
  const shown = await text(browser, "log-folder");
  const folder = path.join(app.env.XDG_DATA_HOME, "app.duly.desktop", "logs");
  assert.ok(shown.includes(folder) || shown.includes("logs"), shown);
  const logs = readdirSync(folder);
  assert.ok(logs.includes("duly.log"), `log folder holds ${logs}`);
  assert.match(readFileSync(path.join(folder, "duly.log"), "utf8"), /the log folder was opened from Settings/);
});

test("the Romanian UI refuses an invalid form in Romanian, naming the field by its label", async () => {
  const app = await launch({
    today: asOf,
    prepare: (env) => {
      duly(env, ["client", "add", "--name", "Studio Nusantara", "--currency", "EUR"]);
      execFileSync("sqlite3", [env.DULY_DB, `INSERT INTO settings (key, value, updated_at)
        VALUES ('ui_language', 'ro', '2026-11-01T09:00:00Z')`]);
    },
  });
  cleanup.push(() => app.close());
  const { browser } = app;
  await byTestId(browser, "nav-clients").waitForDisplayed({ timeout: 20_000 });
  await browser.execute(() => { window.location.hash = "#/clients/new"; });
  await byTestId(browser, "client-name").waitForDisplayed({ timeout: 10_000 });
  await click(browser, "client-save");
  const message = await text(browser, "error-message");
  assert.equal(message, "Câmpul „Nume” este obligatoriu.");
  assert.doesNotMatch(message, /required|name is/);
  assert.equal(await text(browser, "nav-clients"), "Clienți", "the whole UI is in Romanian");
  await browser.pause(300);
  await screenshot(browser, "e2e-habits-ro-error.png");
});

test("the window's size is remembered across a restart", async () => {
  const first = await launch({ today: asOf });
  let firstOpen = true;
  cleanup.push(() => (firstOpen ? first.close() : Promise.resolve()));
  await byTestId(first.browser, "nav-invoices").waitForDisplayed({ timeout: 20_000 });
  await first.browser.setWindowSize(1100, 700);
  await first.browser.pause(500);
  const before = await first.browser.getWindowSize();
  // Closed as the user closes it (WM_DELETE_WINDOW): an idle Duly quits and saves the window.
  const pid = first.appPid();
  execFileSync("/usr/bin/python3", [path.join(here, "close-window.py"), String(pid)], { env: process.env });
  for (let i = 0; i < 50 && first.appPid(); i++) await new Promise((r) => setTimeout(r, 200));
  firstOpen = false;
  await first.close();
  const state = path.join(first.env.XDG_CONFIG_HOME, "app.duly.desktop", ".window-state.json");
  assert.ok(existsSync(state), `${state} was written`);

  const second = await launch({ reuse: first, today: asOf });
  cleanup.push(() => second.close());
  await byTestId(second.browser, "nav-invoices").waitForDisplayed({ timeout: 20_000 });
  const after = await second.browser.getWindowSize();
  assert.deepEqual(after, before, `the window came back at ${JSON.stringify(after)}, was ${JSON.stringify(before)}`);
});
