// The UI language, reactive: templates calling t() re-render when it changes.
import type { Language } from "$lib/bindings/Language";
import { LOCALE_TAGS, plural, translate, type Params, type PluralKey, type TextKey } from "./i18n/index";

const state = $state<{ language: Language }>({ language: "en" });

export function t(key: TextKey, params?: Params): string {
  return translate(state.language, key, params);
}

/** A counted message in the form the language uses for `count`: "1 day", "2 days", "20 de zile". */
export function tn(key: PluralKey, count: number, params?: Params): string {
  return plural(state.language, key, count, params);
}

export function language(): Language {
  return state.language;
}

export function localeTag(): string {
  return LOCALE_TAGS[state.language];
}

export function setLanguage(language: Language): void {
  state.language = language;
  document.documentElement.lang = language;
}
