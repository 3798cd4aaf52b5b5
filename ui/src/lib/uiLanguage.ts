// The UI's language on first run: the first of the OS's (the browser engine's) preferred languages
// that Duly speaks, else English. After that the user's choice, saved in the database, wins.
import type { Language } from "$lib/bindings/Language";
import { isLanguage } from "./i18n/index";

/** "ro-RO" → "ro", "id" → "id", "in-ID" (Java's old code for Indonesian) → "id". */
function primary(tag: string): string {
  const code = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return code === "in" ? "id" : code;
}

export function preferredLanguage(tags: readonly string[]): Language {
  for (const tag of tags) {
    const code = primary(tag);
    if (isLanguage(code)) return code;
  }
  return "en";
}

/** The OS's languages as the webview reports them (navigator.languages, else navigator.language). */
export function osLanguage(): Language {
  const nav = typeof navigator === "undefined" ? undefined : navigator;
  const tags = nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : [];
  return preferredLanguage(tags);
}
