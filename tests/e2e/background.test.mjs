// Queued mail still goes out when the main window is closed. Closing the window during a
// reminder's undo window hides it (Duly stays in the tray) instead of quitting: the duly-app
// process keeps running, and the background sender delivers the message to the SMTP server on
// 127.0.0.1. With the queue empty and the window hidden, Duly then quits by itself. Closing the
// window with nothing queued quits at once, as before. At start, the day's "follow-ups are
// ready" notification is given once (a session without a notification daemon does not stop Duly). Settings' "Start Duly when I log in"
// writes the XDG autostart entry and removes it again.

import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync, readFileSync, readdirSync, mkdirSync } from "node:fs";
import { launch, duly, sql, byTestId, click, screenshot, mailThrough, anaPopBusiness } from "./harness.mjs";
import { startSink } from "./smtp-sink.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const today = "2026-11-09";
const NUMBER = "INV-BG-1";
const BILLING = "billing@nusantara.example";
const SUBJECT = `Invoice ${NUMBER} was due on 7 November 2026`;

const cleanup = [];
afterEach(async () => {
  // The app may have quit on its own: ending the session can then fail, but the harness still
  // stops everything the driver started.
  while (cleanup.length) await cleanup.pop()().catch(() => {});
});

function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (running(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  return !running(pid);
}

/**
 * Asks the app's window to close as its close button does: WM_DELETE_WINDOW, which the app sees
 * as a close request (WebDriver's closeWindow destroys the web view instead).
 */
function closeWindow(pid) {
  // Debian's python3 (python3-xlib is an apt package), whatever python3 comes first on PATH.
  execFileSync("/usr/bin/python3", [path.join(here, "close-window.py"), String(pid)], { env: process.env });
}

test("closing the window with mail queued keeps Duly running until the message is delivered", async () => {
  const sink = await startSink();
  cleanup.push(() => sink.close());
  const app = await launch({
    today,
    prepare: (env) => {
      mailThrough(env, sink);
      anaPopBusiness(env);
      duly(env, ["client", "add", "--name", "Studio Nusantara", "--currency", "EUR", "--email", BILLING]);
      duly(env, ["invoice", "add", "--client", "Studio Nusantara", "--number", NUMBER,
        "--issue-date", "2026-10-08", "--due-date", "2026-11-07", "--item", "Website redesign;1;2400.00"]);
    },
  });
  cleanup.push(() => app.close());
  const { browser, db } = app;
  await byTestId(browser, "nav-invoices").waitForDisplayed({ timeout: 20_000 });
  // A reminder is due today: the "follow-ups are ready" notification was given (and remembered
  // for the day) at start, and a session bus without a notification daemon did not stop Duly.
  await browser.waitUntil(
    async () => sql(db, "SELECT value FROM settings WHERE key = 'followups_notified_on'")[0]?.value === today,
    { timeout: 10_000, timeoutMsg: "no follow-ups notification at start" },
  );
  await browser.url(`${await browser.getUrl()}`.replace(/#.*$/, "") + `#/invoices/${NUMBER}`);
  const button = byTestId(browser, "remind-button");
  await button.waitForEnabled({ timeout: 20_000 });
  await button.click();
  await byTestId(browser, "remind-toast").waitForDisplayed({ timeout: 10_000 });

  // Inside the 10-second undo window: the message is queued, not sent yet.
  const pid = app.appPid();
  assert.ok(pid, "the app runs");
  assert.equal(sink.messages.length, 0);
  closeWindow(pid);
  await new Promise((r) => setTimeout(r, 2000));
  assert.ok(running(pid), "closing the window with mail queued leaves Duly running");
  assert.equal(sink.messages.length, 0, "the undo window still runs: nothing sent yet");

  const [mail] = await sink.waitFor(1, 40_000);
  assert.deepEqual(mail.to, [BILLING]);
  assert.match(mail.raw, new RegExp(`^Subject: ${SUBJECT}$`, "m"));

  // Nothing left to send and no window: Duly finishes the close the user asked for.
  assert.ok(await waitUntilGone(pid, 20_000), "Duly quits once the hidden window's queue is empty");
  assert.equal(sink.messages.length, 1);
});

test("closing the window with nothing queued quits Duly", async () => {
  const app = await launch({ today });
  cleanup.push(() => app.close());
  const { browser } = app;
  await byTestId(browser, "nav-invoices").waitForDisplayed({ timeout: 20_000 });
  const pid = app.appPid();
  assert.ok(pid, "the app runs");
  closeWindow(pid);
  assert.ok(await waitUntilGone(pid, 10_000), "an idle Duly goes away when its window closes");
});

test("Settings: start at login writes the autostart entry and removes it; keep sending is saved", async () => {
  let autostart;
  const app = await launch({
    today,
    prepare: (env) => {
      // Some data, so that the first-run setup does not open.
      duly(env, ["client", "add", "--name", "Studio Nusantara", "--currency", "EUR", "--email", BILLING]);
      // The autostart plugin writes to ~/.config/autostart whatever XDG_CONFIG_HOME says: a home
      // of the sandbox's own, so the test never touches the machine's.
      env.HOME = path.join(path.dirname(env.DULY_DB), "home");
      mkdirSync(env.HOME, { recursive: true });
      autostart = path.join(env.HOME, ".config", "autostart");
    },
  });
  cleanup.push(() => app.close());
  const { browser, db } = app;
  await click(browser, "nav-settings");
  const atLogin = byTestId(browser, "settings-start-at-login");
  const keep = byTestId(browser, "settings-keep-sending");
  await atLogin.waitForDisplayed({ timeout: 20_000 });
  assert.equal(await atLogin.isSelected(), false, "off until chosen");
  assert.equal(await keep.isSelected(), true, "on by default");

  await atLogin.scrollIntoView();
  await atLogin.click();
  const entry = () => (existsSync(autostart) ? readdir(autostart) : []);
  // The shell changes the OS first and saves the preference after (autostart.rs): the entry can
  // appear a moment before the setting is written.
  const startAtLogin = () => sql(db, "SELECT value FROM settings WHERE key = 'start_at_login'")[0]?.value;
  await browser.waitUntil(async () => entry().length === 1, { timeout: 10_000, timeoutMsg: "no autostart entry was written" });
  const desktop = readFileSync(path.join(autostart, entry()[0]), "utf8");
  assert.match(desktop, /^\[Desktop Entry\]/m);
  assert.match(desktop, /duly-app/, "it starts this Duly");
  await browser.waitUntil(async () => startAtLogin() === "true", { timeout: 10_000, timeoutMsg: "start_at_login is not saved as true" });
  await screenshot(browser, "e2e-background-settings.png");

  await atLogin.click();
  await browser.waitUntil(async () => entry().length === 0, { timeout: 10_000, timeoutMsg: "the autostart entry stayed" });
  await browser.waitUntil(async () => startAtLogin() === "false", { timeout: 10_000, timeoutMsg: "start_at_login is not saved as false" });

  await keep.click();
  await browser.waitUntil(
    async () => sql(db, "SELECT value FROM settings WHERE key = 'keep_sending_in_background'")[0]?.value === "false",
    { timeout: 10_000, timeoutMsg: "keep sending was not saved" },
  );
});

function readdir(dir) {
  return readdirSync(dir).filter((f) => f.endsWith(".desktop"));
}
