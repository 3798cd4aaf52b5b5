// The first-run setup as a user goes through it, in Romanian: shared by the end-to-end test and
// the script that takes the README's first-run screenshots.

import { byTestId, fill, click } from "./harness.mjs";

export const business = {
  name: "Ștefănescu Design SRL",
  address: "Str. Lăpușneanu 12, Iași",
  taxId: "RO12345678",
  email: "facturi@stefanescu.ro",
  bank: "Banca Transilvania",
  iban: "ro49 aaaa 1b31 0075 9384 0000",
  bic: "BTRLRO22",
  currency: "RON",
};

/** Walks the setup from the welcome screen to the dashboard; `shot(name)` is called on each step. */
export async function walkOnboarding(browser, take = async () => {}) {
  // A pause first: WebKit's screenshot shows the last frame painted.
  const shot = async (name) => {
    await browser.pause(400);
    await take(name);
  };
  await byTestId(browser, "onboarding-welcome").waitForDisplayed({ timeout: 20_000 });
  await byTestId(browser, "onboarding-language").selectByAttribute("value", "ro");
  await browser.waitUntil(async () => (await byTestId(browser, "onboarding-start").getText()).trim() === "Începe", {
    timeout: 5_000,
    timeoutMsg: "the welcome screen did not switch to Romanian",
  });
  await shot("first-run-1-welcome.png");
  await click(browser, "onboarding-start");

  await fill(browser, "ob-name", business.name);
  await fill(browser, "ob-address", business.address);
  await fill(browser, "ob-tax-id", business.taxId);
  await fill(browser, "ob-email", business.email);
  await fill(browser, "ob-bank", business.bank);
  await fill(browser, "ob-iban", business.iban);
  await fill(browser, "ob-bic", business.bic);
  await fill(browser, "ob-currency", business.currency);
  await shot("first-run-2-business.png");
  await click(browser, "onboarding-business-next");

  await byTestId(browser, "onboarding-mail").waitForDisplayed({ timeout: 10_000 });
  await browser.pause(300);
  await shot("first-run-3-email.png");
  await click(browser, "onboarding-mail-next");

  await byTestId(browser, "onboarding-autopilot").waitForDisplayed({ timeout: 10_000 });
  await byTestId(browser, "autopilot-card").waitForDisplayed({ timeout: 10_000 });
  // Offered, never switched on by walking through the setup.
  const autopilot = await byTestId(browser, "autopilot-state").getAttribute("data-state");
  if (autopilot !== "off") throw new Error(`autopilot is "${autopilot}" in the first-run setup, expected "off"`);
  await shot("first-run-3b-autopilot.png");
  await click(browser, "onboarding-autopilot-next");

  await byTestId(browser, "onboarding-start-choice").waitForDisplayed({ timeout: 10_000 });
  await shot("first-run-4-start.png");
  await click(browser, "onboarding-choice-demo");
  await byTestId(browser, "currency-card").waitForDisplayed({ timeout: 30_000 });
  await browser.pause(500); // the chart's entry animation
  await shot("first-run-5-dashboard.png");
}
