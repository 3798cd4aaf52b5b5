// The UI language, reactive: templates calling t() re-render when it changes.
import type { Language } from "$lib/bindings/Language";
import { LOCALE_TAGS, translate, type MessageKey, type Params } from "./i18n/index";

const state = $state<{ language: Language }>({ language: "en" });

export function t(key: MessageKey, params?: Params): string {
  return translate(state.language, key, params);
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
