// Starts the real Duly app through tauri-driver (WebDriver) with a database of its own, and gives
// the tests a WebdriverIO session plus a few helpers that read the SQLite file independently of
// the app (through the sqlite3 command-line shell).
//
// Each call of `launch()` gets fresh temporary XDG folders and a fresh DULY_DB, so tests never see
// each other's data and never touch the developer's own database.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, chmodSync, copyFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../..");
export const appBinary = process.env.DULY_APP ?? path.join(root, "target/debug/duly-app");
export const cliBinary = process.env.DULY_CLI ?? path.join(root, "target/debug/duly");
export const artifacts = process.env.DULY_E2E_ARTIFACTS ?? path.join(root, ".ci/artifacts");

/** A TCP port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited early with code ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => { socket.destroy(); resolve(true); });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on port ${port} within ${timeoutMs} ms`);
}

/** Temporary XDG folders and a database path for one app run. */
function sandbox() {
  const dir = mkdtempSync(path.join(tmpdir(), "duly-e2e-"));
  const env = { ...process.env };
  for (const name of ["DATA_HOME", "CONFIG_HOME", "CACHE_HOME", "RUNTIME_DIR"]) {
    const folder = path.join(dir, name.toLowerCase());
    mkdirSync(folder, { recursive: true });
    env[`XDG_${name}`] = folder;
  }
  chmodSync(env.XDG_RUNTIME_DIR, 0o700);
  env.DULY_DB = path.join(dir, "duly.sqlite3");
  env.NO_AT_BRIDGE = "1";
  // WebDriver cannot reach the system's file dialogs: the debug app answers them from this folder
  // instead (see src-tauri/src/paths.rs and answerDialog below). Empty means "cancelled".
  env.DULY_DIALOG_ANSWER_DIR = path.join(dir, "dialog");
  mkdirSync(env.DULY_DIALOG_ANSWER_DIR);
  return { dir, env };
}

/**
 * What the next file dialogs of the app launched with `env` answer, as if the user chose these
 * files: copies of them (same names) in a new folder inside the answer folder, the newest of
 * which the app answers from (src-tauri/src/paths.rs); earlier answers stay where they are.
 * Returns the paths the app will be given, and as `.folder` the new folder: what a folder dialog
 * answers, and where a save dialog answers the suggested name.
 */
export function answerDialog(env, files = []) {
  const root = env.DULY_DIALOG_ANSWER_DIR;
  const folder = path.join(root, String(readdirSync(root).length + 1).padStart(4, "0"));
  mkdirSync(folder);
  const paths = files.map((file) => {
    const target = path.join(folder, path.basename(file));
    copyFileSync(file, target);
    return target;
  });
  paths.folder = folder;
  return paths;
}

/** The day every end-to-end test stands on unless it names its own. */
export const DEFAULT_TODAY = "2026-11-23";

/**
 * Where the app's clock starts (DULY_NOW; it then runs): 09:05 UTC on `today`, or on the next
 * Monday when `today` falls on a weekend. Messages wait for the recipient's business hours
 * (Mon-Fri 09:00-17:00), and 09:05 UTC is inside them from UTC (the machine's zone, the last
 * fallback) to Jakarta (16:05), so a test's mail goes out whatever the real time of day.
 */
export function startOfWorkingDay(today) {
  const day = new Date(`${today}T09:05:00Z`);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().replace(/\.\d+Z$/, "Z");
}

/**
 * Starts tauri-driver and opens a session on the app. `prepare(env)` runs before the app starts
 * (for example to load demo data with the CLI into the same database). `today` pins the date
 * (DULY_TODAY) for the app and for the CLI calls in `prepare`, so that demo data ages the same
 * way on any day; a test that names none gets DEFAULT_TODAY: no test runs on the real calendar.
 * `now` is where the app's clock starts (DULY_NOW), by default startOfWorkingDay(today); the
 * session's `startedAt` (a Date) is that instant. `args(env)` gives the app's command-line
 * arguments (as "Open with" passes a file). `reuse` (a closed session's `{ dir, env }`) starts
 * the app again on that session's folders and database instead of fresh ones: the way to see
 * what Duly does on a later day (give the new `today`/`now`) with the data of an earlier run.
 */
export async function launch({ prepare, today, now, args, reuse } = {}) {
  const { dir, env } = reuse ? { dir: reuse.dir, env: { ...reuse.env } } : sandbox();
  env.DULY_TODAY = today ?? DEFAULT_TODAY;
  env.DULY_NOW = now ?? startOfWorkingDay(env.DULY_TODAY);
  if (prepare) prepare(env);
  const port = await freePort();
  const nativePort = await freePort();
  // Its own process group (detached), so that closing can end everything it started: an app
  // left behind would hold the test runner's output pipe open and the run would never end.
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  await waitForPort(port, driver);
  let browser;
  try {
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      capabilities: { "tauri:options": { application: appBinary, ...(args ? { args: args(env) } : {}) } },
    });
  } catch (e) {
    await stopDriver(driver);
    throw e;
  }
  return {
    browser,
    dir,
    env,
    startedAt: new Date(env.DULY_NOW),
    db: env.DULY_DB,
    /** The pid of the running duly-app (started by WebKitWebDriver in the driver's process group), or null. */
    appPid() {
      try {
        return Number(execFileSync("pgrep", ["-g", String(driver.pid), "-x", "duly-app"], { encoding: "utf8" }).trim().split("\n")[0]);
      } catch {
        return null;
      }
    },
    async close() {
      try {
        await browser.deleteSession();
      } finally {
        await stopDriver(driver);
      }
    },
  };
}

/** The names of a process group's members, for the log. */
function leftovers(pgid) {
  try {
    return execFileSync("pgrep", ["-g", String(pgid), "-l"], { encoding: "utf8" }).trim().replace(/\n/g, ", ");
  } catch {
    return "(gone)";
  }
}

/**
 * Stops tauri-driver, then whatever of its process group is left (WebKitWebDriver, the app if
 * the session's end did not close it). SIGTERM first, to the driver alone: a hard kill of the
 * driver orphans WebKitWebDriver. SIGKILL only for what outlives a grace period.
 */
async function stopDriver(child) {
  if (child.exitCode === null) {
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 5000);
      child.once("exit", () => { clearTimeout(timer); resolve(); });
      child.kill("SIGTERM");
    });
  }
  const group = -child.pid;
  const alive = () => {
    try {
      process.kill(group, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const signal of ["SIGTERM", "SIGKILL"]) {
    if (!alive()) return;
    console.error(`e2e: ${signal} to what the session left running: ${leftovers(child.pid)}`);
    process.kill(group, signal);
    for (let i = 0; i < 30 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  }
}

/** Rows of a query on the app's database, read by the sqlite3 shell, not by Duly. */
export function sql(db, query) {
  const out = execFileSync("sqlite3", ["-json", "-readonly", db, query], { encoding: "utf8" });
  return out.trim() === "" ? [] : JSON.parse(out);
}

/** Runs the duly CLI on the sandbox's database and returns its parsed JSON output. */
export function duly(env, args) {
  const out = execFileSync(cliBinary, [...args, "--json"], { env, encoding: "utf8" });
  return JSON.parse(out);
}

/** Ana Pop's studio sends through `sink` (the test's SMTP server): plain SMTP, no login. */
export function mailThrough(env, sink) {
  duly(env, ["mail", "set", "--host", "127.0.0.1", "--port", String(sink.port), "--security", "plain",
    "--from-name", "Ana Pop", "--from-email", "ana@studio.example.ro"]);
}

/** Ana Pop's business profile, which documents and reminders print (no CLI command sets it). */
export function anaPopBusiness(env) {
  execFileSync("sqlite3", [env.DULY_DB, `PRAGMA busy_timeout = 5000; INSERT INTO business
    (id, name, address, email, bank_name, iban, default_currency, language, updated_at)
    VALUES (1, 'Ana Pop Design', 'Str. Lipscani 12, București', 'ana@studio.example.ro', 'Banca Transilvania',
    'RO49AAAA1B31007593840000', 'EUR', 'en', '2026-11-01T09:00:00Z')`]);
}

/** The element with this data-testid (the first one). */
export function byTestId(browser, id) {
  return browser.$(`[data-testid="${id}"]`);
}

/** Waits for an element, then types into it after clearing it. */
export async function fill(browser, id, value) {
  const el = byTestId(browser, id);
  await el.waitForDisplayed({ timeout: 10_000 });
  await el.clearValue();
  await el.setValue(value);
}

export async function click(browser, id) {
  const el = byTestId(browser, id);
  await el.waitForClickable({ timeout: 10_000 });
  await el.click();
}

export async function text(browser, id) {
  const el = byTestId(browser, id);
  await el.waitForDisplayed({ timeout: 10_000 });
  return (await el.getText()).trim();
}

/** Saves a PNG of the window to the artifacts folder (or `docs/screenshots` for the README). */
export async function screenshot(browser, file, folder = artifacts) {
  mkdirSync(folder, { recursive: true });
  const data = await browser.takeScreenshot();
  const target = path.join(folder, file);
  writeFileSync(target, Buffer.from(data, "base64"));
  return target;
}
