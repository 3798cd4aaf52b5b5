import { describe, expect, it } from "vitest";
import { applyTheme, storedTheme } from "./theme";

const storage = (value: string | null) => ({ getItem: () => value });

describe("theme", () => {
  it("follows the OS until the user chose, and ignores what it does not know", () => {
    expect(storedTheme(storage(null))).toBe("system");
    expect(storedTheme(storage("dark"))).toBe("dark");
    expect(storedTheme(storage("purple"))).toBe("system");
  });

  it("marks <html> only for an explicit choice", () => {
    const root = { dataset: {} as DOMStringMap } as HTMLElement;
    applyTheme("dark", root);
    expect(root.dataset.theme).toBe("dark");
    applyTheme("system", root);
    expect(root.dataset.theme).toBeUndefined();
  });
});
