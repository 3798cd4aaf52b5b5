// The window names no path of its own (issue 15, part 7): commands that read or write a file
// accept only files the user chose in a dialog the shell opened, dropped on the window or opened
// with Duly, and files in Duly's own folders. A page gone wrong that calls the commands directly
// (here through Tauri's IPC, as an injected script would) is refused, with an error naming the
// path, and nothing is read or written. And the window may call only the commands it needs:
// forging a drop (emitting the event) or opening a dialog of its own is refused by the
// capability.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { launch, duly, sql, byTestId } from "./harness.mjs";

let app;
after(async () => {
  await app?.close();
});

/** Calls a command as the page could: `{ ok }` or `{ failed }` (what the command rejected with;
 * not `error`, which WebDriver clients take for an error of the driver itself). */
async function invoke(browser, command, args) {
  return browser.execute(
    (c, a) =>
      window.__TAURI_INTERNALS__.invoke(c, a).then(
        (ok) => ({ ok: ok ?? null }),
        (failed) => ({ failed }),
      ),
    command,
    args,
  );
}

function refused(result, pathName) {
  assert.ok(result.failed, `expected a refusal, got ${JSON.stringify(result)}`);
  assert.equal(result.failed.code, "invalid_input", JSON.stringify(result.failed));
  assert.match(result.failed.message, new RegExp(`${pathName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} was not chosen in Duly`));
}

test("a path the user did not choose is refused by every command that reads or writes one", async () => {
  app = await launch({
    prepare: (env) => duly(env, ["demo", "--invoices", "10", "--clients", "3", "--seed", "3", "--as-of", "2026-11-23"]),
  });
  const { browser, dir, db } = app;
  await byTestId(browser, "nav-dashboard").waitForDisplayed({ timeout: 20_000 });
  const [{ number }] = sql(db, "SELECT number FROM invoices ORDER BY number LIMIT 1");
  const clients = sql(db, "SELECT count(*) AS n FROM clients")[0].n;

  // Reading: a system file, and a Duly database the user never chose.
  refused(await invoke(browser, "backup_restore", { input: { path: "/etc/passwd" } }), "/etc/passwd");
  const elsewhere = path.join(dir, "elsewhere.sqlite3");
  duly({ ...app.env, DULY_DB: elsewhere }, ["init"]);
  refused(await invoke(browser, "backup_restore", { input: { path: elsewhere } }), elsewhere);
  refused(
    await invoke(browser, "import_preview", { input: { files: [{ name: "passwd", path: "/etc/passwd" }] } }),
    "/etc/passwd",
  );
  refused(
    await invoke(browser, "import_commit", { input: { files: [{ name: "x.csv", path: "/etc/passwd" }] } }),
    "/etc/passwd",
  );
  // Climbing out of Duly's own backups folder.
  const climbing = path.join(path.dirname(db), "backups", "..", "..", "elsewhere.sqlite3");
  refused(await invoke(browser, "backup_restore", { input: { path: climbing } }), climbing);
  assert.equal(sql(db, "SELECT count(*) AS n FROM clients")[0].n, clients, "nothing was restored");

  // Writing: a PDF, a backup and an export outside what the user chose.
  const pdf = path.join(dir, "written-by-the-page.pdf");
  refused(await invoke(browser, "pdf_save", { input: { document: { kind: "invoice", number }, path: pdf } }), pdf);
  const copy = path.join(dir, "copy.sqlite3");
  refused(await invoke(browser, "backup_now", { input: { to: copy } }), copy);
  const folder = path.join(dir, "export-by-the-page");
  refused(await invoke(browser, "export_data", { input: { to: folder, format: "csv" } }), folder);
  for (const written of [pdf, copy, folder]) assert.ok(!existsSync(written), `${written} must not exist`);

  // Duly's own folders stay usable without a dialog: an export into exports/.
  const own = path.join(path.dirname(db), "exports", "by-name");
  const exported = await invoke(browser, "export_data", { input: { to: own, format: "json" } });
  assert.equal(exported.ok?.folder, own, JSON.stringify(exported));
});

test("the window may not forge a drop, nor open a dialog of its own", async () => {
  const { browser, dir } = app;
  const target = path.join(dir, "forged.csv");
  writeFileSync(target, "Number;Total\n1;2\n");
  // Tauri's drop event, forged by the page: the capability grants listening, not emitting.
  const forged = await invoke(browser, "plugin:event|emit", { event: "tauri://drag-drop", payload: { paths: [target], position: { x: 1, y: 1 } } });
  assert.ok(forged.failed, `emitting was allowed: ${JSON.stringify(forged)}`);
  assert.match(String(forged.failed), /not allowed/);
  // And even had it reached the page, the shell never granted the path.
  refused(await invoke(browser, "import_preview", { input: { files: [{ name: "forged.csv", path: target }] } }), target);
  // The dialog plugin is the shell's: the page cannot open one (and so choose for the user).
  const dialog = await invoke(browser, "plugin:dialog|open", { options: {} });
  assert.ok(dialog.failed, `the page opened a dialog: ${JSON.stringify(dialog)}`);
  assert.match(String(dialog.failed), /not allowed/);
  // Nor anything of core:default it does not need, such as closing its window.
  const close = await invoke(browser, "plugin:window|close", { label: "main" });
  assert.match(String(close.failed), /not allowed/);
});
