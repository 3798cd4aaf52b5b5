import type { Language } from "$lib/bindings/Language";
import { en, type Dictionary, type MessageKey, type PluralForms, type PluralKey, type TextKey } from "./en";
import { id } from "./id";
import { ro } from "./ro";

export type { Dictionary, MessageKey, PluralForms, PluralKey, TextKey };
export type Params = Readonly<Record<string, string | number>>;

export const LANGUAGES = ["en", "id", "ro"] as const satisfies readonly Language[];

/** Each language in its own words, so anyone can find theirs in a list. */
export const ENDONYMS: Readonly<Record<Language, string>> = { en: "English", id: "Bahasa Indonesia", ro: "Română" };

export const dictionaries: Readonly<Record<Language, Dictionary>> = { en, id, ro };

/** BCP 47 tags for Intl: dates and counts in the user's language. */
export const LOCALE_TAGS: Readonly<Record<Language, string>> = { en: "en-GB", id: "id-ID", ro: "ro-RO" };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The names of the "{placeholders}" in a message, sorted. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "").sort();
}

function fill(message: string, params?: Params): string {
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** `key` in `language` with its placeholders filled; falls back to English. */
export function translate(language: Language, key: TextKey, params?: Params): string {
  const message = dictionaries[language][key] ?? en[key] ?? key;
  return fill(message, params);
}

export function isPlural(message: string | PluralForms): message is PluralForms {
  return typeof message === "object" && message !== null;
}

const pluralRules = new Map<string, Intl.PluralRules>();
const countFormats = new Map<string, Intl.NumberFormat>();

function cached<T>(map: Map<string, T>, tag: string, make: (tag: string) => T): T {
  let value = map.get(tag);
  if (value === undefined) {
    value = make(tag);
    map.set(tag, value);
  }
  return value;
}

/** The CLDR plural category of `count` in `language` ("one", "few", "other", ...). */
export function pluralCategory(language: Language, count: number): Intl.LDMLPluralRule {
  return cached(pluralRules, LOCALE_TAGS[language], (tag) => new Intl.PluralRules(tag)).select(count);
}

/** The categories `language` distinguishes for whole numbers, as its dictionary must spell them. */
export function pluralCategories(language: Language): Intl.LDMLPluralRule[] {
  const rules = cached(pluralRules, LOCALE_TAGS[language], (tag) => new Intl.PluralRules(tag));
  return [...rules.resolvedOptions().pluralCategories].sort();
}

/**
 * The form of counted message `key` for `count` in `language`, with "{count}" written as a
 * number of that language ("1,234" / "1.234") and the other placeholders from `params`.
 * A missing form falls back to "other", a missing message to English.
 */
export function plural(language: Language, key: PluralKey, count: number, params?: Params): string {
  const forms: PluralForms = dictionaries[language][key] ?? en[key];
  const message = forms[pluralCategory(language, count)] ?? forms.other;
  const number = cached(
    countFormats,
    LOCALE_TAGS[language],
    (tag) => new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }),
  );
  return fill(message, { count: number.format(count), ...params });
}
