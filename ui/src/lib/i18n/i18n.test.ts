import { describe, expect, it } from "vitest";
import { en } from "./en";
import { dictionaries, isLanguage, LANGUAGES, placeholders, translate } from "./index";

const keys = Object.keys(en).sort();

describe("dictionaries", () => {
  it("has one dictionary per language", () => {
    expect(Object.keys(dictionaries).sort()).toEqual(["en", "id", "ro"]);
    expect([...LANGUAGES].sort()).toEqual(["en", "id", "ro"]);
  });

  for (const language of LANGUAGES) {
    describe(language, () => {
      const dict = dictionaries[language];

      it("has exactly the English keys", () => {
        expect(Object.keys(dict).sort()).toEqual(keys);
      });

      it("has no empty messages", () => {
        const empty = Object.entries(dict).filter(([, v]) => typeof v !== "string" || v.trim() === "");
        expect(empty).toEqual([]);
      });

      it("keeps the English placeholders", () => {
        const mismatched = keys.filter(
          (k) => placeholders(dict[k as keyof typeof en]).join() !== placeholders(en[k as keyof typeof en]).join(),
        );
        expect(mismatched).toEqual([]);
      });
    });
  }

  it("translates the status labels the e2e test reads", () => {
    expect(translate("en", "status.draft")).toBe("Draft");
    expect(translate("en", "status.sent")).toBe("Sent");
    expect(translate("en", "status.partly_paid")).toBe("Partly paid");
    expect(translate("en", "status.paid")).toBe("Paid");
    expect(translate("en", "status.void")).toBe("Void");
  });

  it("is really translated (not copies of English)", () => {
    for (const language of ["id", "ro"] as const) {
      const same = keys.filter((k) => dictionaries[language][k as keyof typeof en] === en[k as keyof typeof en]);
      // Brand names, codes and symbols may stay the same; real sentences may not.
      expect(same.length).toBeLessThan(keys.length / 10);
    }
  });
});

describe("translate", () => {
  it("fills placeholders", () => {
    expect(translate("en", "common.range", { from: "1", to: "100", total: "12,345" })).toBe("1–100 of 12,345");
    expect(translate("ro", "common.range", { from: 1, to: 100, total: 5 })).toBe("1–100 din 5");
  });

  it("leaves unknown placeholders visible", () => {
    expect(translate("en", "common.range", { from: 1 })).toBe("1–{to} of {total}");
  });

  it("recognises languages", () => {
    expect(isLanguage("ro")).toBe(true);
    expect(isLanguage("fr")).toBe(false);
    expect(isLanguage(null)).toBe(false);
  });
});
