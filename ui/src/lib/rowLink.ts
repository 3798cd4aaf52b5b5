import type { Attachment } from "svelte/attachments";

/**
 * Makes a table row open `hash` when clicked anywhere outside its own links and controls.
 * Keyboard users reach the same place through the real link in the row's first cell.
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
    element.addEventListener("click", onClick);
    return () => element.removeEventListener("click", onClick);
  };
}
