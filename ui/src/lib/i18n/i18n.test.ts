import { describe, expect, it } from "vitest";
import { en, type MessageKey } from "./en";
import {
  dictionaries,
  isLanguage,
  isPlural,
  LANGUAGES,
  placeholders,
  plural,
  pluralCategories,
  pluralCategory,
  translate,
  type PluralForms,
} from "./index";

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
        const blank = (v: unknown): boolean => typeof v !== "string" || v.trim() === "";
        const empty = Object.entries(dict).filter(([, v]) => (isPlural(v) ? Object.values(v).some(blank) : blank(v)));
        expect(empty).toEqual([]);
      });

      it("keeps the English placeholders", () => {
        const mismatched = keys.filter((k) => {
          const reference = en[k as MessageKey];
          const wanted = placeholders(typeof reference === "string" ? reference : reference.other).join();
          const message = dict[k as MessageKey];
          const forms = typeof message === "string" ? [message] : Object.values(message as PluralForms);
          return forms.some((form) => placeholders(form ?? "").join() !== wanted);
        });
        expect(mismatched).toEqual([]);
      });

      it("spells every counted message in exactly the language's plural categories", () => {
        const wanted = pluralCategories(language).join();
        const pluralKeys = keys.filter((k) => isPlural(en[k as MessageKey]));
        expect(pluralKeys.length).toBeGreaterThan(0);
        const wrong = pluralKeys.filter((k) => {
          const message = dict[k as MessageKey];
          return !isPlural(message) || Object.keys(message).sort().join() !== wanted;
        });
        expect(wrong).toEqual([]);
        const notCounted = pluralKeys.filter((k) => {
          const forms = Object.values(dict[k as MessageKey] as PluralForms);
          return forms.some((form) => !placeholders(form ?? "").includes("count"));
        });
        expect(notCounted).toEqual([]);
      });
    });
  }

  it("translates the status labels the e2e test reads", () => {
    expect(translate("en", "status.draft")).toBe("Draft");
    expect(translate("en", "status.sent")).toBe("Issued");
    expect(translate("en", "status.partly_paid")).toBe("Partly paid");
    expect(translate("en", "status.paid")).toBe("Paid");
    expect(translate("en", "status.void")).toBe("Void");
  });

  it("is really translated (not copies of English)", () => {
    for (const language of ["id", "ro"] as const) {
      const same = keys.filter((k) => {
        const [mine, english] = [dictionaries[language][k as MessageKey], en[k as MessageKey]];
        return JSON.stringify(mine) === JSON.stringify(english);
      });
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

describe("plurals", () => {
  it("knows each language's categories", () => {
    expect(pluralCategories("en")).toEqual(["one", "other"]);
    expect(pluralCategories("id")).toEqual(["other"]);
    expect(pluralCategories("ro")).toEqual(["few", "one", "other"]);
  });

  it("picks the category by the CLDR rules", () => {
    expect([0, 1, 2, 21].map((n) => pluralCategory("en", n))).toEqual(["other", "one", "other", "other"]);
    expect([0, 1, 2].map((n) => pluralCategory("id", n))).toEqual(["other", "other", "other"]);
    // Romanian: 1 is "one"; 0, 2–19 and x01–x19 are "few"; 20 and up take "de".
    expect([1, 0, 2, 19, 20, 100, 101, 119, 120].map((n) => pluralCategory("ro", n))).toEqual([
      "one",
      "few",
      "few",
      "few",
      "other",
      "other",
      "few",
      "few",
      "other",
    ]);
  });

  it("writes days overdue the way each language counts", () => {
    expect(plural("en", "invoice.daysOverdue", 1)).toBe("1 day overdue");
    expect(plural("en", "invoice.daysOverdue", 23)).toBe("23 days overdue");
    expect(plural("en", "invoice.daysOverdue", 0)).toBe("0 days overdue");
    expect(plural("id", "invoice.daysOverdue", 1)).toBe("Terlambat 1 hari");
    expect(plural("id", "invoice.daysOverdue", 23)).toBe("Terlambat 23 hari");
    expect(plural("ro", "common.days", 1)).toBe("1 zi");
    expect(plural("ro", "common.days", 2)).toBe("2 zile");
    expect(plural("ro", "common.days", 20)).toBe("20 de zile");
    expect(plural("ro", "common.days", 102)).toBe("102 zile");
    expect(plural("ro", "common.days", 120)).toBe("120 de zile");
  });

  it("writes the count as a number of the language", () => {
    expect(plural("en", "common.invoiceCount", 12345)).toBe("12,345 invoices");
    expect(plural("ro", "common.invoiceCount", 12345)).toBe("12.345 de facturi");
    expect(plural("id", "common.invoiceCount", 12345)).toBe("12.345 faktur");
  });

  it("fills other placeholders and lets a caller override the count's text", () => {
    expect(plural("en", "common.clientCount", 1)).toBe("1 client");
    expect(plural("en", "common.clientCount", 3, { count: "three" })).toBe("three clients");
  });

  it("composes counted parts into a sentence", () => {
    const invoices = plural("ro", "common.invoiceCount", 300);
    const clients = plural("ro", "common.clientCount", 1);
    expect(translate("ro", "settings.countsValue", { invoices, clients })).toBe("300 de facturi, 1 client");
  });
});

/**
 * Words that address the reader as "tu" (docs/style-guide-ro.md: Duly speaks to a business,
 * always with "dumneavoastră"). Short button labels ("Salvează", "Trimite memento") are the
 * impersonal form every Romanian app uses and are not on the list.
 */
const RO_TU_FORMS = [
  "tu",
  "te",
  "ți",
  "îți",
  "tine",
  "tău",
  "ta",
  "tale",
  "tăi",
  "ești",
  "poți",
  "vrei",
  "fii",
  "introdu",
  "alege",
  "fă",
  "sari",
  "înlocuiești",
  "deschizi",
  "trimiți",
  "încerci",
  "scrie",
  "adaugă acum",
  "parcurge",
];

function roWords(message: string): string[] {
  return message
    .toLowerCase()
    .split(/[^\p{L}-]+/u)
    .filter((w) => w !== "");
}

describe("Romanian register", () => {
  const messages = Object.entries(dictionaries.ro).flatMap(([key, value]) =>
    isPlural(value) ? Object.values(value).map((form) => [key, form ?? ""] as const) : [[key, value] as const],
  );

  it("never addresses the user as tu", () => {
    const single = RO_TU_FORMS.filter((w) => !w.includes(" "));
    const found = messages.filter(([, m]) => {
      const words = roWords(m);
      // "Scrie"/"Alege" at the start of a sentence are imperatives; elsewhere they may be third person.
      return (
        words.some((w) => single.includes(w) && !["scrie", "alege", "parcurge"].includes(w)) ||
        /(^|[.;:!?]\s+)(Scrie|Alege|Parcurge|Adaugă acum)(?!\p{L})/u.test(m)
      );
    });
    expect(found).toEqual([]);
  });

  it("never assumes the user is a man", () => {
    expect(
      messages.filter(
        ([, m]) =>
          /(?<!\p{L})(plătit|pregătit|sigur|conectat)(?!\p{L})/u.test(m) &&
          /(?<!\p{L})(ești|sunteți)(?!\p{L})/u.test(m),
      ),
    ).toEqual([]);
  });

  it("puts de after every count of 20 and more, and only there", () => {
    const wrong = Object.entries(dictionaries.ro)
      .filter(([, v]) => isPlural(v))
      .filter(([, v]) => {
        const forms = v as PluralForms;
        const de = /\{count\} de /u;
        return !de.test(forms.other ?? "") || de.test(forms.few ?? "") || de.test(forms.one ?? "");
      })
      .map(([k]) => k);
    expect(wrong).toEqual([]);
    expect(plural("ro", "dashboard.openCount", 1)).toBe("1 factură deschisă");
    expect(plural("ro", "dashboard.openCount", 3)).toBe("3 facturi deschise");
    expect(plural("ro", "dashboard.openCount", 20)).toBe("20 de facturi deschise");
    expect(plural("ro", "dashboard.overdueCount", 101)).toBe("101 facturi restante");
  });
});

describe("Indonesian wording", () => {
  it("keeps jatuh tempo for payments and says what is still to be sent", () => {
    expect(translate("id", "drafts.title")).toBe("Pesan yang perlu dikirim hari ini");
    expect(plural("id", "remind.queued", 10, { subject: "S", to: "a@b" })).toBe(
      "\u201cS\u201d akan dikirim ke a@b dalam 10 detik.",
    );
    const eFaktur = Object.entries(dictionaries.id).filter(([, v]) =>
      JSON.stringify(v).toLowerCase().includes("e-faktur"),
    );
    expect(eFaktur).toEqual([]);
    expect(translate("id", "settings.iban")).toBe("Nomor rekening / IBAN");
  });
});
