// Light or dark: the OS decides unless the user chose one in Settings. The choice is saved with
// the other preferences in the database (`Preferences.theme`: it survives a reinstall and travels
// with backups); the webview's storage keeps a copy only so that it is applied before the first
// paint (no flash of the other theme), and the saved one replaces it once the session loads. The
// colours themselves are the CSS variables in app.css.
import type { Theme } from "$lib/bindings/Theme";

export type { Theme };
export const THEMES = ["system", "light", "dark"] as const satisfies readonly Theme[];

const KEY = "duly.theme";

export function isTheme(value: unknown): value is Theme {
  return typeof value === "string" && (THEMES as readonly string[]).includes(value);
}

export function storedTheme(storage: Pick<Storage, "getItem"> = localStorage): Theme {
  const value = storage.getItem(KEY);
  return isTheme(value) ? value : "system";
}

/** Sets `data-theme` on <html> for an explicit choice; "system" removes it so the media query rules. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme;
}

export function chooseTheme(theme: Theme, storage: Pick<Storage, "setItem"> = localStorage): void {
  storage.setItem(KEY, theme);
  applyTheme(theme);
}
