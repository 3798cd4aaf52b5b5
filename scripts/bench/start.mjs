// Cold start and idle memory of a Tauri app, for scripts/bench.sh (not a test; not in CI).
//
//   node scripts/bench/start.mjs APP RUNS [DB]
//
// Each run starts APP afresh through tauri-driver (WebDriver, as tests/e2e does) with new XDG
// folders and, when DB is given, a private copy of that database. Start = from just before the
// WebDriver session is requested (which launches the app) to the `duly:first-paint` performance
// mark, which Duly's dashboard sets once its figures are on screen (ui/src/lib/firstPaint.ts) and
// the hello-world page sets after its first frame. The WebDriver overhead is in both apps' figures
// alike. Memory = the app's process and every process under it (WebKit's web and network
// processes) 10 s after the mark: RSS summed, and PSS (shared pages split between processes).
// Prints one JSON line: {"start_ms":[...], "rss_mb":[...], "pss_mb":[...]}.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, chmodSync, copyFileSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tests/e2e/package.json"));
const { remote } = require("webdriverio");

const [app, runsArg, db] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const IDLE_MS = 10_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port) {
  for (let i = 0; i < 200; i++) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`tauri-driver did not listen on ${port}`);
}

/** Every process under `pid` (children, grandchildren, ...), `pid` included. */
function tree(pid) {
  const out = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" });
  const children = new Map();
  for (const line of out.trim().split("\n")) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]) ?? []));
  return all;
}

function kb(file, key) {
  try {
    const m = readFileSync(file, "utf8").match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function once() {
  const dir = mkdtempSync(path.join(tmpdir(), "duly-bench-start-"));
  const env = { ...process.env, NO_AT_BRIDGE: "1" };
  for (const name of ["DATA_HOME", "CONFIG_HOME", "CACHE_HOME", "RUNTIME_DIR"]) {
    env[`XDG_${name}`] = path.join(dir, name.toLowerCase());
    mkdirSync(env[`XDG_${name}`], { recursive: true });
  }
  chmodSync(env.XDG_RUNTIME_DIR, 0o700);
  if (db) {
    env.DULY_DB = path.join(dir, "duly.sqlite3");
    copyFileSync(db, env.DULY_DB);
  }
  const [port, nativePort] = [await freePort(), await freePort()];
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env,
    stdio: "ignore",
    detached: true,
  });
  let browser;
  try {
    await waitForPort(port);
    const requested = Date.now();
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "error",
      capabilities: { "tauri:options": { application: app } },
    });
    let painted = null;
    for (let i = 0; i < 600 && painted === null; i++) {
      painted = await browser.execute(() => {
        const mark = performance.getEntriesByName("duly:first-paint")[0];
        return mark ? performance.timeOrigin + mark.startTime : null;
      });
      if (painted === null) await new Promise((r) => setTimeout(r, 20));
    }
    if (painted === null) throw new Error("no duly:first-paint mark within 12 s");
    await new Promise((r) => setTimeout(r, Math.max(0, painted + IDLE_MS - Date.now())));
    const appName = path.basename(app).slice(0, 15);
    const appPid = tree(driver.pid).find((p) => {
      try {
        return readFileSync(`/proc/${p}/comm`, "utf8").trim() === appName;
      } catch {
        return false;
      }
    });
    const pids = appPid ? tree(appPid) : [];
    const rss = pids.reduce((sum, p) => sum + kb(`/proc/${p}/status`, "VmRSS"), 0);
    const pss = pids.reduce((sum, p) => sum + kb(`/proc/${p}/smaps_rollup`, "Pss"), 0);
    return { start: painted - requested, rss: rss / 1024, pss: pss / 1024, processes: pids.length };
  } finally {
    try {
      await browser?.deleteSession();
    } catch {
      // the app may already be gone
    }
    driver.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    try {
      process.kill(-driver.pid, "SIGKILL");
    } catch {
      // nothing left
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const result = { start_ms: [], rss_mb: [], pss_mb: [], processes: [] };
for (let i = 0; i < runs; i++) {
  const r = await once();
  result.start_ms.push(Math.round(r.start));
  result.rss_mb.push(Math.round(r.rss));
  result.pss_mb.push(Math.round(r.pss));
  result.processes.push(r.processes);
}
console.log(JSON.stringify(result));
