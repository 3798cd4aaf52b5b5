// What a person types in an amount field, read in the UI's language, and turned into the one
// form the API takes ("1500.50": digits, an optional "-", a "." before the decimals). The rule
// about separators lives here only; the API keeps checking decimals and the ceiling per currency,
// and the CLI and scripts keep a format that never depends on anyone's language.

import type { Language } from "$lib/bindings/Language";

/** The group and decimal separators each UI language writes: "1,500.50" or "1.500,50". */
const SEPARATORS: Record<Language, { group: string; decimal: string }> = {
  en: { group: ",", decimal: "." },
  id: { group: ".", decimal: "," },
  ro: { group: ".", decimal: "," },
};

/** Spaces people and other programs put between thousands, including the no-break ones. */
const SPACES = /[\s\u00a0\u202f\u2009]/g;

export type ParsedAmount = { kind: "empty" } | { kind: "amount"; decimal: string } | { kind: "invalid" };

/**
 * `text` as the API's decimal string, read with `language`'s separators. Groups of three after
 * the first are required, so "1.50" in Romanian is not silently 150; but a single separator of
 * the other kind followed by one or two digits at the end ("12.50" typed in Romanian, "12,50" in
 * English) can only be decimals, so it is read as such.
 */
export function parseAmount(text: string, language: Language): ParsedAmount {
  const trimmed = text.replace(SPACES, "");
  if (trimmed === "") return { kind: "empty" };
  const { group, decimal } = SEPARATORS[language];
  const negative = trimmed.startsWith("-");
  const unsigned = negative ? trimmed.slice(1) : trimmed;
  if (unsigned === "") return { kind: "invalid" };
  let whole = unsigned;
  let fraction = "";
  const parts = unsigned.split(decimal);
  if (parts.length > 2) return { kind: "invalid" };
  if (parts.length === 2) {
    whole = parts[0] ?? "";
    fraction = parts[1] ?? "";
    if (!/^\d+$/.test(fraction)) return { kind: "invalid" };
  } else {
    const lone = new RegExp(`^(\\d+)\\${group}(\\d{1,2})$`).exec(unsigned);
    if (lone) {
      whole = lone[1] ?? "";
      fraction = lone[2] ?? "";
    }
  }
  const digits = readGroups(whole, group);
  if (digits === null) return { kind: "invalid" };
  const intPart = digits === "" ? "0" : digits;
  const decimalText = fraction === "" ? intPart : `${intPart}.${fraction}`;
  return { kind: "amount", decimal: negative ? `-${decimalText}` : decimalText };
}

/** "1.234.567" → "1234567"; plain digits pass; misplaced separators give null. */
function readGroups(whole: string, group: string): string | null {
  if (whole === "") return "";
  if (/^\d+$/.test(whole)) return whole;
  const groups = whole.split(group);
  const [first = "", ...rest] = groups;
  if (!/^\d{1,3}$/.test(first) || rest.some((g) => !/^\d{3}$/.test(g))) return null;
  return groups.join("");
}

const previewFormats = new Map<string, Intl.NumberFormat>();

/**
 * The parsed amount as the person will see it elsewhere, e.g. "RON 1.500,50" under a Romanian
 * field: the check that "1.500" was read as fifteen hundred, not one and a half.
 */
export function formatParsedAmount(decimal: string, currency: string, tag: string): string {
  const fractionDigits = (decimal.split(".")[1] ?? "").replace(/0+$/, "").length;
  const key = `${tag}|${fractionDigits}`;
  let f = previewFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(tag, {
      minimumFractionDigits: Math.max(2, fractionDigits),
      maximumFractionDigits: Math.max(2, fractionDigits),
    });
    previewFormats.set(key, f);
  }
  // A string keeps every digit exact where the engine formats decimals as written (ES2023).
  const number = f.format(decimal as unknown as number);
  return currency ? `${currency} ${number}` : number;
}

/** What the API should receive for a field's text: the decimal string, or the text untouched
 * when it cannot be read, so the API's own error names the field and what was typed. */
export function amountForApi(text: string, language: Language): string {
  const parsed = parseAmount(text, language);
  return parsed.kind === "amount" ? parsed.decimal : text.trim();
}

/** The API's "1500.50" written back for editing in `language`: "1500,50" in Romanian. */
export function amountForInput(decimal: string, language: Language): string {
  return decimal.replace(".", SEPARATORS[language].decimal);
}

/** What a person would type for one and a half thousand, as the field's placeholder and hint. */
export function amountExample(language: Language): string {
  const { group, decimal } = SEPARATORS[language];
  return `1${group}500${decimal}50`;
}
