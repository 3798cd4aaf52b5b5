import type { Attachment } from "svelte/attachments";

/**
 * Makes a table row open `hash` when clicked anywhere outside its own links and controls.
 * Keyboard users reach the same place through the real link in the row's first cell, and move
 * between rows with the arrow keys (Home/End: first/last row); Enter on the link opens it.
 */
export function rowLink(hash: string): Attachment<HTMLElement> {
  return (element) => {
    const onClick = (event: MouseEvent): void => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest("a, button, input, select, textarea, label")) return;
      if ((window.getSelection()?.toString() ?? "") !== "") return;
      location.hash = hash;
    };
    const onKey = (event: KeyboardEvent): void => {
      const next = rowToFocus(element, event.key);
      if (!next || event.altKey || event.metaKey || event.ctrlKey) return;
      const target = event.target instanceof Element ? event.target : null;
      // Arrow keys keep their meaning inside a field or a list box.
      if (target?.closest("input, select, textarea")) return;
      const link = next.querySelector<HTMLElement>("a[href]");
      if (!link) return;
      event.preventDefault();
      link.focus();
      link.scrollIntoView({ block: "nearest" });
    };
    element.addEventListener("click", onClick);
    element.addEventListener("keydown", onKey);
    return () => {
      element.removeEventListener("click", onClick);
      element.removeEventListener("keydown", onKey);
    };
  };
}

/** The row an arrow (or Home/End) key moves to from `row`, among its table section's rows. */
export function rowToFocus(row: Element, key: string): Element | null {
  const rows = row.parentElement ? [...row.parentElement.children] : [];
  switch (key) {
    case "ArrowDown":
      return row.nextElementSibling;
    case "ArrowUp":
      return row.previousElementSibling;
    case "Home":
      return rows[0] ?? null;
    case "End":
      return rows[rows.length - 1] ?? null;
    default:
      return null;
  }
}
