import { describe, expect, it } from "vitest";
import { en } from "./en";

// Every message must be shown somewhere: a key no screen uses still costs a translation in each
// language and drifts out of date unseen. The UI's source is read as text; a key counts as used
// when it appears as a whole string literal ("invoice.save"), or when a template literal or a
// concatenation could build it (`status.${s}`, "role." + r), the `${…}` parts standing for any text.
const sources = import.meta.glob(
  ["/src/**/*.{ts,svelte}", "!/src/**/*.test.ts", "!/src/lib/i18n/**", "!/src/lib/bindings/**"],
  {
    query: "?raw",
    import: "default",
    eager: true,
  },
) as Record<string, string>;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The keys the source names literally, and patterns for those it builds. */
function keyUses(source: string): { literals: Set<string>; patterns: RegExp[] } {
  const literals = new Set([...source.matchAll(/["'`]([\w.]+)["'`]/g)].map((m) => m[1] ?? ""));
  const patterns: RegExp[] = [];
  for (const m of source.matchAll(/`([^`]*\$\{[^`]*)`/g)) {
    const parts = (m[1] ?? "").split(/\$\{[^}]*\}/);
    if (!/^[\w.]*$/.test(parts.join(""))) continue;
    patterns.push(new RegExp(`^${parts.map(escape).join(".+")}$`));
  }
  for (const m of source.matchAll(/["']([\w.]+\.)["']\s*\+/g)) {
    patterns.push(new RegExp(`^${escape(m[1] ?? "")}.+$`));
  }
  return { literals, patterns };
}

describe("message keys", () => {
  it("finds the UI's source files", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    expect(Object.keys(sources)).toContain("/src/App.svelte");
  });

  it("reads literal and built keys", () => {
    const { literals, patterns } = keyUses('t("a.b"); t(`status.${s}`); t(`ladder.${g}.${v}`); t("role." + r);');
    expect(literals.has("a.b") && !literals.has("status.paid")).toBe(true);
    const matches = (key: string) => patterns.some((p) => p.test(key));
    expect(["status.paid", "ladder.tone.firm", "role.billing"].every(matches)).toBe(true);
    expect(["ladder", "statusx.paid", "other.key"].some(matches)).toBe(false);
  });

  it("uses every English message somewhere in the UI", () => {
    const literals = new Set<string>();
    const patterns: RegExp[] = [];
    for (const source of Object.values(sources)) {
      const uses = keyUses(source);
      uses.literals.forEach((k) => literals.add(k));
      patterns.push(...uses.patterns);
    }
    const unused = Object.keys(en).filter((key) => !literals.has(key) && !patterns.some((p) => p.test(key)));
    expect(unused).toEqual([]);
  });
});
