// Documents in the real app: "Download PDF" on an invoice page saves the invoice into the user's
// Downloads folder (here the test's own, declared the way xdg-user-dirs does in
// $XDG_CONFIG_HOME/user-dirs.dirs), the notice names the file, and poppler's pdftotext finds the
// invoice number and the amounts in the client's language in it. A second click never replaces
// the first file. On an overdue invoice the demand letter downloads too, and on the client page
// the statement of account.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { launch, duly, cliBinary, byTestId, click, text, screenshot, answerDialog } from "./harness.mjs";

const asOf = "2026-11-23";
const number = "INV-2026-0500";
let downloads;
let clientId;
let viewerLog;

let app;
before(async () => {
  app = await launch({
    today: asOf,
    prepare: (env) => {
      downloads = path.join(path.dirname(env.DULY_DB), "Descărcări");
      mkdirSync(env.XDG_CONFIG_HOME, { recursive: true });
      writeFileSync(path.join(env.XDG_CONFIG_HOME, "user-dirs.dirs"), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
      // A PDF viewer, as every desktop has one: xdg-open then opens the preview with it (this one
      // writes down what it was given) instead of depending on what the machine has installed.
      viewerLog = path.join(path.dirname(env.DULY_DB), "viewer-opened.txt");
      const viewer = path.join(path.dirname(env.DULY_DB), "pdf-viewer.sh");
      writeFileSync(viewer, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${viewerLog}'\n`, { mode: 0o755 });
      const apps = path.join(env.XDG_DATA_HOME, "applications");
      mkdirSync(apps, { recursive: true });
      // xdg-open reads Exec naively: a plain command and %f, no shell quoting.
      writeFileSync(path.join(apps, "duly-test-viewer.desktop"), [
        "[Desktop Entry]", "Type=Application", "Name=Test PDF viewer", "MimeType=application/pdf;",
        `Exec=${viewer} %f`, "",
      ].join("\n"));
      writeFileSync(path.join(env.XDG_CONFIG_HOME, "mimeapps.list"),
        "[Default Applications]\napplication/pdf=duly-test-viewer.desktop\n");
      // The demo writes the business profile documents are sent from.
      duly(env, ["demo", "--invoices", "20", "--clients", "3", "--seed", "4", "--as-of", asOf]);
      const client = duly(env, ["client", "add", "--name", "Fabrica de Încălțăminte Târgu Mureș SRL", "--language", "ro",
        "--currency", "RON", "--email", "contabilitate@example.ro"]);
      clientId = client.id;
      // A Romanian business: its demand letter is a somație under Romanian law.
      execFileSync(cliBinary, ["law", "country", "RO"], { env });
      execFileSync(cliBinary, ["invoice", "add", "--client", String(clientId), "--number", number,
        "--issue-date", "2026-09-05", "--due-date", "2026-10-05", "--tax", "19",
        "--item", "Design identitate vizuală;1;1000.00", "--item", "Ședință de analiză (ore);2;117.28"], { env });
    },
  });
});
after(async () => {
  await app?.close();
});

function pdftotext(file) {
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

async function savedPath(browser) {
  const notice = byTestId(browser, "pdf-notice");
  await notice.waitForDisplayed({ timeout: 20_000 });
  return notice.getAttribute("data-path");
}

async function open(browser, hash) {
  await browser.execute((h) => { window.location.hash = h; }, hash);
}

test("Download PDF saves the invoice, in the client's language, into Downloads", async () => {
  const { browser } = app;
  await byTestId(browser, "nav-dashboard").waitForDisplayed({ timeout: 20_000 });
  await open(browser, `#/invoices/${number}`);
  assert.equal(await text(browser, "invoice-title"), number);

  await click(browser, "invoice-pdf-download");
  const first = await savedPath(browser);
  assert.equal(first, path.join(downloads, `${number}.pdf`));
  assert.ok((await text(browser, "pdf-notice")).includes(first), "the notice says where the file is");
  assert.ok(existsSync(first));
  const words = pdftotext(first);
  // 1,000 + 2 × 117.28 = 1,234.56; TVA 19 % = 234.57; total 1,469.13, written the Romanian way.
  for (const expected of [number, "Factură", "Fabrica de Încălțăminte Târgu Mureș SRL", "1.234,56 lei", "234,57 lei", "1.469,13 lei", "5 septembrie 2026"]) {
    assert.ok(words.includes(expected), `${expected} is missing from the PDF:\n${words}`);
  }

  // Again: a second file beside the first, which is left as it was.
  await browser.execute(() => document.querySelector('[data-testid="pdf-notice"]')?.remove());
  await click(browser, "invoice-pdf-download");
  const second = await savedPath(browser);
  assert.equal(second, path.join(downloads, `${number} (2).pdf`));
  assert.ok(existsSync(first) && existsSync(second));

  // Overdue since 5 October: the formal demand letter is offered and downloads too.
  await click(browser, "demand-pdf-download");
  await browser.waitUntil(async () => (await byTestId(browser, "pdf-notice").getAttribute("data-path"))?.includes("Somație"), {
    timeout: 20_000,
    timeoutMsg: "the demand letter was not saved",
  });
  const letter = await byTestId(browser, "pdf-notice").getAttribute("data-path");
  await screenshot(browser, "e2e-pdf-invoice.png");
  // Lines joined: a sentence may wrap anywhere. A Romanian somație gives its term from receipt
  // (CPC art. 1015), not a date.
  const letterText = pdftotext(letter).replace(/\s+/g, " ");
  for (const expected of ["Somație", number, "1.469,13 lei", "în termen de 15 zile de la primirea prezentei somații"]) {
    assert.ok(letterText.includes(expected), `${expected} is missing from the letter:\n${letterText}`);
  }
});

test("Preview writes into Duly's preview folder, which the opener capability lets the window open", async () => {
  const { browser, env } = app;
  await open(browser, `#/invoices/${number}`);
  await click(browser, "invoice-pdf-preview");
  // The notice names the preview only once the opener plugin accepted the path: a path outside
  // the capability's scope is refused and lands in the error banner instead. (The download's
  // notice may still be showing: wait for this one's path rather than remove that element,
  // which Svelte would go on updating detached from the page.)
  const expected = path.join(env.XDG_CACHE_HOME, "duly", "preview", `${number}.pdf`);
  const notice = byTestId(browser, "pdf-notice");
  await browser.waitUntil(async () => (await notice.isDisplayed()) && (await notice.getAttribute("data-path")) === expected, {
    timeout: 20_000,
    timeoutMsg: `no notice for the preview at ${expected}`,
  });
  const previewed = await notice.getAttribute("data-path");
  assert.equal(previewed, expected);
  assert.equal(await browser.$$('[data-testid="error-banner"]').length, 0, "no error from the opener");
  assert.ok(pdftotext(previewed).includes("1.469,13 lei"));
  // And the desktop's PDF viewer was handed that file.
  await browser.waitUntil(async () => existsSync(viewerLog) && readFileSync(viewerLog, "utf8").includes(expected), {
    timeout: 10_000,
    timeoutMsg: "the PDF viewer was not asked to open the preview",
  });
});

test("Save as… writes where the user chose in the save dialog, named after the document", async () => {
  const { browser, env } = app;
  await open(browser, `#/invoices/${number}`);
  const { folder } = answerDialog(env);
  await click(browser, "invoice-pdf-save-as");
  const expected = path.join(folder, `${number}.pdf`);
  const notice = byTestId(browser, "pdf-notice");
  await browser.waitUntil(async () => (await notice.isDisplayed()) && (await notice.getAttribute("data-path")) === expected, {
    timeout: 20_000,
    timeoutMsg: `no notice for the file saved at ${expected}`,
  });
  assert.ok(pdftotext(expected).includes("1.469,13 lei"));
});

test("the client page saves the statement of account", async () => {
  const { browser } = app;
  await open(browser, `#/clients/${clientId}`);
  await click(browser, "statement-pdf-download");
  const saved = await savedPath(browser);
  assert.ok(saved.startsWith(downloads + path.sep), saved);
  const words = pdftotext(saved);
  for (const expected of ["Situația facturilor neachitate", number, "1.469,13 lei", "23 noiembrie 2026"]) {
    assert.ok(words.includes(expected), `${expected} is missing from the statement:\n${words}`);
  }
});

test("Evidence pack saves a ZIP where the user chose, its manifest's hashes hold, its gaps are shown", async () => {
  const { browser, env } = app;
  await open(browser, `#/invoices/${number}`);
  const { folder } = answerDialog(env);
  await click(browser, "evidence-save");
  const expected = path.join(folder, `evidence-${number}.zip`);
  const notice = byTestId(browser, "evidence-notice");
  await browser.waitUntil(async () => (await notice.isDisplayed()) && (await notice.getAttribute("data-path")) === expected, {
    timeout: 30_000,
    timeoutMsg: `no notice for the evidence pack at ${expected}`,
  });
  // Read back with Python's zipfile (an independent reader): every file the manifest lists is in
  // the ZIP with that SHA-256, and the dossier names the invoice.
  const check = [
    "import hashlib, json, sys, zipfile",
    "z = zipfile.ZipFile(sys.argv[1])",
    "m = json.loads(z.read('manifest.json'))",
    "files = m['files'] if isinstance(m, dict) else m",
    "bad = [f['name'] for f in files if hashlib.sha256(z.read(f['name'])).hexdigest() != f['sha256']]",
    "print(json.dumps({'names': z.namelist(), 'listed': len(files), 'bad': bad, 'html': z.read('index.html').decode()}))",
  ].join("\n");
  const pack = JSON.parse(execFileSync("python3", ["-c", check, expected], { encoding: "utf8" }));
  assert.deepEqual(pack.bad, [], "every manifest hash matches its file");
  assert.ok(pack.listed >= 3, `the manifest lists the files: ${pack.names}`);
  for (const name of ["index.pdf", "index.html", "manifest.json"]) assert.ok(pack.names.includes(name), `${name} in ${pack.names}`);
  assert.ok(pack.html.includes(number), "the dossier names the invoice");
  // Never emailed from Duly: the gap is said on the page, not papered over.
  const gaps = await text(browser, "evidence-gaps");
  assert.ok(gaps.includes(number), gaps);
  await screenshot(browser, "evidence-pack.png");
});
