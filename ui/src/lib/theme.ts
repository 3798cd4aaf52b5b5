// Light or dark: the OS decides unless the user chose one in Settings. The choice is a display
// preference of this computer's window, so it lives in the webview's storage and is applied
// before the first paint (no flash of the other theme); the colours themselves are the CSS
// variables in app.css.

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

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
