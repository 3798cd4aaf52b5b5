// Autopilot's words that the UI composes from the API's ids and counts: a step's name, why a
// stop happened, and Today's headline ("Duly sent 3 polite reminders today"). Pure, so the
// tests can call them in every language.
import type { Language } from "$lib/bindings/Language";
import { en } from "$lib/i18n/en";
import { plural, translate, type PluralKey, type TextKey } from "$lib/i18n/index";

function known(key: string): key is TextKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** A step's name: Duly's own words for its built-in steps, else the label the API gives (a step the user added). */
export function stepName(language: Language, step: string, label: string): string {
  const key = `autopilot.step.${step}`;
  return known(key) ? translate(language, key) : label;
}

/** Why autopilot stopped, in the UI's language; the API's English sentence for a reason this UI does not know yet. */
export function stopReason(language: Language, reason: string, fallback: string): string {
  const key = `autopilot.stop.${reason}`;
  return known(key) ? translate(language, key) : fallback;
}

/** Why a step may never go out by itself; `null` for a reason this UI does not know. */
export function neverReason(language: Language, reason: string | null): string | null {
  if (reason === null) return null;
  const key = `autopilot.never.${reason}`;
  return known(key) ? translate(language, key) : null;
}

/** The tones autopilot's "polite reminders" are written in. */
const GENTLE = new Set(["friendly", "polite"]);

/**
 * Today's headline: what was sent ("polite" when every message sent was friendly or polite),
 * then what still waits for business hours; `[]` when autopilot did nothing today.
 */
export function headline(language: Language, items: readonly { state: string; tone: string }[]): string[] {
  const sent = items.filter((m) => m.state === "sent");
  const waiting = items.filter((m) => m.state === "queued" || m.state === "sending").length;
  const lines: string[] = [];
  if (sent.length > 0) {
    const key: PluralKey = sent.every((m) => GENTLE.has(m.tone)) ? "autopilot.today.polite" : "autopilot.today.sent";
    lines.push(plural(language, key, sent.length));
    if (waiting > 0) lines.push(plural(language, "autopilot.today.waiting", waiting));
  } else if (waiting > 0) {
    lines.push(plural(language, "autopilot.today.queued", waiting));
  }
  return lines;
}
