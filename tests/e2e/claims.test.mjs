// Agreements and the small-claims kit in the real app. On a client page the user keeps the
// signed contract (chosen in the system's file dialog, answered here by the test seam) with the
// day it was signed and its payment terms: it is listed and shown as the agreement. On an overdue
// invoice "Small-claims kit" saves a ZIP where the user chose: the Romanian forms' worksheets
// pre-filled, the agreement exactly as kept, every file's SHA-256 in the manifest.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { launch, duly, cliBinary, byTestId, click, text, screenshot, answerDialog } from "./harness.mjs";

const asOf = "2026-11-23";
const number = "CL-2026-0007";
let clientId;
let contract;

let app;
before(async () => {
  app = await launch({
    today: asOf,
    prepare: (env) => {
      // The demo writes the business profile the forms name as the claimant.
      duly(env, ["demo", "--invoices", "5", "--clients", "2", "--seed", "4", "--as-of", asOf]);
      const client = duly(env, ["client", "add", "--name", "Tipografia Carpați SRL", "--language", "ro",
        "--currency", "RON", "--email", "plati@carpati.example", "--address", "Str. Morilor 3, Sibiu"]);
      clientId = client.id;
      execFileSync(cliBinary, ["client", "edit", String(clientId), "--country", "RO"], { env });
      execFileSync(cliBinary, ["law", "country", "RO"], { env });
      execFileSync(cliBinary, ["invoice", "add", "--client", String(clientId), "--number", number,
        "--issue-date", "2026-09-01", "--due-date", "2026-10-01", "--item", "Broșuri;1;2400.00"], { env });
      contract = path.join(path.dirname(env.DULY_DB), "contract-carpati.pdf");
      writeFileSync(contract, "%PDF-1.4 contract semnat\n");
    },
  });
});
after(async () => {
  await app?.close();
});

async function open(browser, hash) {
  await browser.execute((h) => { window.location.hash = h; }, hash);
}

test("a signed agreement is added on the client page through the file dialog and listed", async () => {
  const { browser, env } = app;
  await byTestId(browser, "nav-dashboard").waitForDisplayed({ timeout: 20_000 });
  await open(browser, `#/clients/${clientId}`);
  await byTestId(browser, "documents-empty").waitForDisplayed({ timeout: 10_000 });
  await byTestId(browser, "document-note").setValue("Contract-cadru");
  await click(browser, "document-agreement");
  await byTestId(browser, "document-signed-on").setValue("15.08.2026");
  await byTestId(browser, "document-terms").setValue("30 de zile");
  answerDialog(env, [contract]);
  await click(browser, "document-add");
  const listed = byTestId(browser, "document");
  await listed.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await listed.getAttribute("data-name"), "contract-carpati.pdf");
  const agreement = await text(browser, "agreement");
  assert.ok(agreement.includes("contract-carpati.pdf") && agreement.includes("30 de zile"), agreement);
  assert.ok(agreement.includes("2026"), agreement);
  await byTestId(browser, "client-documents").scrollIntoView();
  await screenshot(browser, "client-agreement.png");
  // The CLI sees the same record.
  const docs = duly(env, ["document", "list", "--client", String(clientId)]);
  assert.equal(docs.length, 1);
  assert.equal(docs[0].kind, "agreement");
  assert.equal(docs[0].signed_on, "2026-08-15");
});

test("Small-claims kit saves the Romanian forms where the user chose, with the agreement", async () => {
  const { browser, env } = app;
  await open(browser, `#/invoices/${number}`);
  const { folder } = answerDialog(env);
  await click(browser, "claim-save");
  const expected = path.join(folder, `claim-${number}.zip`);
  const notice = byTestId(browser, "claim-notice");
  await browser.waitUntil(async () => (await notice.isDisplayed()) && (await notice.getAttribute("data-path")) === expected, {
    timeout: 30_000,
    timeoutMsg: `no notice for the small-claims kit at ${expected}`,
  });
  const check = [
    "import hashlib, json, sys, zipfile",
    "z = zipfile.ZipFile(sys.argv[1])",
    "m = json.loads(z.read('manifest.json'))",
    "bad = [f['name'] for f in m['files'] if hashlib.sha256(z.read(f['name'])).hexdigest() != f['sha256']]",
    "sheet = z.read('ro-cerere-valoare-redusa/formular-foaie-de-lucru.txt').decode()",
    "print(json.dumps({'names': z.namelist(), 'bad': bad, 'sheet': sheet}))",
  ].join("\n");
  const kit = JSON.parse(execFileSync("python3", ["-c", check, expected], { encoding: "utf8" }));
  assert.deepEqual(kit.bad, [], "every manifest hash matches its file");
  for (const name of ["ro-cerere-valoare-redusa/formular-foaie-de-lucru.pdf", "ro-ordonanta-de-plata/foaie-de-lucru.pdf",
    "ro-cerere-valoare-redusa/cum-se-depune.pdf"]) {
    assert.ok(kit.names.includes(name), `${name} in ${kit.names}`);
  }
  assert.ok(kit.names.some((n) => n.startsWith("evidence/agreement-") && n.endsWith("contract-carpati.pdf")), `${kit.names}`);
  for (const words of ["Tipografia Carpați SRL", "Str. Morilor 3, Sibiu", "în baza contractului semnat la 2026-08-15",
    "Judecătoria: [necompletat: de completat]"]) {
    assert.ok(kit.sheet.includes(words), `${words} is missing from the worksheet:\n${kit.sheet}`);
  }
  const parts = await browser.$$('[data-testid="claim-part"]');
  assert.equal(parts.length, 2, "cerere cu valoare redusă and ordonanța de plată");
  await screenshot(browser, "claim-kit.png");
});
