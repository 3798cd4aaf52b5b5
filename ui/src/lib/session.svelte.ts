// What the whole UI needs: the business profile (language, currency, terms) and app_info (today).
import type { AppInfo } from "$lib/bindings/AppInfo";
import type { Business } from "$lib/bindings/Business";
import * as api from "./api";
import { localToday } from "./dates";
import { setLanguage } from "./i18n.svelte";

export const session = $state<{ business: Business | null; info: AppInfo | null; ready: boolean }>({
  business: null,
  info: null,
  ready: false,
});

export function today(): string {
  return session.info?.today ?? localToday();
}

export function useBusiness(business: Business): void {
  session.business = business;
  setLanguage(business.language);
}

export async function refreshInfo(): Promise<void> {
  try {
    session.info = await api.appInfo();
  } catch {
    // shown in the banner
  }
}

export async function loadSession(): Promise<void> {
  const [business, info] = await Promise.allSettled([api.businessGet(), api.appInfo()]);
  if (business.status === "fulfilled") useBusiness(business.value);
  if (info.status === "fulfilled") session.info = info.value;
  session.ready = true;
}
