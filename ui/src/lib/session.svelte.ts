// What the whole UI needs: the business profile (currency, terms), app_info (today) and the app's
// preferences (the UI language, kept apart from the business's and clients' document languages;
// whether first-run setup is showing).
import type { AppInfo } from "$lib/bindings/AppInfo";
import type { Business } from "$lib/bindings/Business";
import type { Language } from "$lib/bindings/Language";
import type { Preferences } from "$lib/bindings/Preferences";
import * as api from "./api";
import { syncClock } from "./clock";
import { localToday } from "./dates";
import { setLanguage } from "./i18n.svelte";
import { osLanguage } from "./uiLanguage";
import { chooseTheme, type Theme } from "./theme";

export const session = $state<{
  business: Business | null;
  info: AppInfo | null;
  preferences: Preferences | null;
  /** The first-run setup is on screen (an empty database, or reopened from Settings). */
  onboarding: boolean;
  ready: boolean;
  /** Bumped when data under every page changed at once (demo data removed): pages reload. */
  dataVersion: number;
}>({
  business: null,
  info: null,
  preferences: null,
  onboarding: false,
  ready: false,
  dataVersion: 0,
});

export function today(): string {
  return session.info?.today ?? localToday();
}

export function useBusiness(business: Business): void {
  session.business = business;
}

/** The saved UI language, else the OS's (first run: nothing saved yet). */
export function usePreferences(preferences: Preferences): void {
  session.preferences = preferences;
  setLanguage(preferences.ui_language ?? osLanguage());
  // The saved choice wins over the copy kept for the first paint (another computer, a restore).
  chooseTheme(preferences.theme);
}

/** Switches light/dark at once and saves it with the other preferences. */
export async function setTheme(theme: Theme): Promise<void> {
  chooseTheme(theme);
  try {
    usePreferences(
      await api.preferencesSave({
        ui_language: null,
        onboarding: null,
        keep_sending_in_background: null,
        start_at_login: null,
        thank_for_payments: null,
        theme,
      }),
    );
  } catch {
    // shown in the banner
  }
}

/** Switches the UI language at once and saves it. */
export async function setUiLanguage(language: Language): Promise<void> {
  setLanguage(language);
  try {
    usePreferences(
      await api.preferencesSave({
        ui_language: language,
        onboarding: null,
        keep_sending_in_background: null,
        start_at_login: null,
        thank_for_payments: null,
        theme: null,
      }),
    );
  } catch {
    // shown in the banner
  }
}

export async function refreshInfo(): Promise<void> {
  try {
    session.info = await api.appInfo();
    syncClock(session.info.now);
  } catch {
    // shown in the banner
  }
}

export async function loadSession(): Promise<void> {
  const [business, info, preferences] = await Promise.allSettled([
    api.businessGet(),
    api.appInfo(),
    api.preferencesGet(),
  ]);
  if (business.status === "fulfilled") useBusiness(business.value);
  if (info.status === "fulfilled") {
    session.info = info.value;
    syncClock(info.value.now);
  }
  if (preferences.status === "fulfilled") {
    usePreferences(preferences.value);
    session.onboarding = preferences.value.onboarding === "pending";
  } else {
    setLanguage(osLanguage());
  }
  session.ready = true;
}
