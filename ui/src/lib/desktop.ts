// The desktop habits of the window: the menu bar's commands and their shortcuts, and where the
// keyboard focus goes when a page opens.
//
// The shell's menu (src-tauri/src/menu.rs) emits MENU_EVENT with what was chosen; the same
// shortcuts are also read here, for the window's keys the OS does not hand to the menu (and for
// the UI tests in a browser). Both land in `runMenuCommand`, which only navigates: doing it
// twice is harmless.

import type { Route } from "./router";

export const MENU_EVENT = "menu";
export const MENU_COMMANDS = ["new-invoice", "find", "settings"] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === "string" && (MENU_COMMANDS as readonly string[]).includes(value);
}

/** The menu command of a key press (Ctrl, or ⌘ on macOS, with N, F or comma), else null. */
export function shortcutOf(
  event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">,
): MenuCommand | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  switch (event.key.toLowerCase()) {
    case "n":
      return "new-invoice";
    case "f":
      return "find";
    case ",":
      return "settings";
    default:
      return null;
  }
}

/** Where a menu command goes. */
export function routeOf(command: MenuCommand): Route {
  switch (command) {
    case "new-invoice":
      return { name: "invoice-new", clientId: null };
    case "find":
      return { name: "invoices" };
    case "settings":
      return { name: "settings" };
  }
}

/** The search field "Find" focuses, once the invoices page shows it. */
export const FIND_SELECTOR = '[data-testid="invoice-search"]';

/**
 * Waits (a few frames at most) for `selector` inside `root` and focuses it; true when done.
 * Pages render their heading at once but may render fields after their data arrives.
 */
export async function focusWhenShown(root: ParentNode, selector: string, frames = 30): Promise<boolean> {
  for (let i = 0; i < frames; i++) {
    const element = root.querySelector<HTMLElement>(selector);
    if (element) {
      element.focus({ preventScroll: true });
      return true;
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return false;
}

/**
 * After a navigation: the page's heading takes the focus (announced by screen readers; Tab
 * continues from the top of the page), unless the page already put it somewhere (a form's
 * first field).
 */
export async function focusHeading(main: HTMLElement): Promise<void> {
  // The old page goes first (its link that was clicked held the focus).
  await new Promise((resolve) => requestAnimationFrame(resolve));
  for (let i = 0; i < 60; i++) {
    const active = document.activeElement;
    if (active && active !== document.body && main.contains(active) && active.tagName !== "H1") return;
    const heading = main.querySelector<HTMLElement>("h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
      return;
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}
