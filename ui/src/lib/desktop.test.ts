import { describe, expect, it } from "vitest";
import { isMenuCommand, routeOf, shortcutOf } from "./desktop";
import { rowToFocus } from "./rowLink";

const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey" | "shiftKey", boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("menu shortcuts", () => {
  it("reads Ctrl (or ⌘) with N, F and comma, and nothing else", () => {
    expect(shortcutOf(key("n", { ctrlKey: true }))).toBe("new-invoice");
    expect(shortcutOf(key("N", { metaKey: true }))).toBe("new-invoice");
    expect(shortcutOf(key("f", { ctrlKey: true }))).toBe("find");
    expect(shortcutOf(key(",", { ctrlKey: true }))).toBe("settings");
    expect(shortcutOf(key("n"))).toBeNull();
    expect(shortcutOf(key("n", { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(shortcutOf(key("c", { ctrlKey: true }))).toBeNull();
  });

  it("sends each command to its page", () => {
    expect(routeOf("new-invoice")).toEqual({ name: "invoice-new", clientId: null });
    expect(routeOf("find")).toEqual({ name: "invoices" });
    expect(routeOf("settings")).toEqual({ name: "settings" });
    expect(isMenuCommand("find")).toBe(true);
    expect(isMenuCommand("quit")).toBe(false);
  });
});

describe("rowToFocus", () => {
  it("moves between a table's rows with the arrows, Home and End", () => {
    // The test runs without a DOM: rows as the few properties rowToFocus reads.
    type FakeRow = {
      parentElement: { children: FakeRow[] };
      nextElementSibling: FakeRow | null;
      previousElementSibling: FakeRow | null;
    };
    const parent = { children: [] as FakeRow[] };
    const rows: FakeRow[] = [0, 1, 2].map(() => ({
      parentElement: parent,
      nextElementSibling: null,
      previousElementSibling: null,
    }));
    parent.children = rows;
    rows.forEach((row, i) => {
      row.nextElementSibling = rows[i + 1] ?? null;
      row.previousElementSibling = rows[i - 1] ?? null;
    });
    const [first, middle, last] = rows as unknown as Element[];
    expect(rowToFocus(middle!, "ArrowDown")).toBe(last);
    expect(rowToFocus(middle!, "ArrowUp")).toBe(first);
    expect(rowToFocus(last!, "ArrowDown")).toBeNull();
    expect(rowToFocus(last!, "Home")).toBe(first);
    expect(rowToFocus(first!, "End")).toBe(last);
    expect(rowToFocus(first!, "Enter")).toBeNull();
  });
});
