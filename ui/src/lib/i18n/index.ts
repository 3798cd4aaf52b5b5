import type { Language } from "$lib/bindings/Language";
import { en, type Dictionary, type MessageKey } from "./en";
import { id } from "./id";
import { ro } from "./ro";

export type { Dictionary, MessageKey };
export type Params = Readonly<Record<string, string | number>>;

export const LANGUAGES = ["en", "id", "ro"] as const satisfies readonly Language[];

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

/** `key` in `language` with its placeholders filled; falls back to English. */
export function translate(language: Language, key: MessageKey, params?: Params): string {
  const message = dictionaries[language][key] ?? en[key] ?? key;
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
