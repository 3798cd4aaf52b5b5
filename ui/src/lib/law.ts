// The law behind a demand, as the window shows it: the countries whose law Duly knows, their
// names in the UI's language, rates in basis points as percentages, and which field an API error
// names (the API's messages start with the field: "rate: …").

/** The countries and unions whose late-payment law Duly applies (duly-core `law::regimes`),
 * then the other euro states (the EU directive's minimum). Any other country: contract only. */
export const LAW_COUNTRIES = [
  "RO",
  "ID",
  "GB",
  "DE",
  "FR",
  "NL",
  "IT",
  "ES",
  "PL",
  "AT",
  "BE",
  "HR",
  "CY",
  "EE",
  "FI",
  "GR",
  "IE",
  "LV",
  "LT",
  "LU",
  "MT",
  "PT",
  "SK",
  "SI",
  "EU",
] as const;

const names = new Map<string, Intl.DisplayNames>();

/** "RO" as "Romania" / "Rumania" / "România"; the code itself where the runtime has no name. */
export function countryName(code: string, tag: string): string {
  let n = names.get(tag);
  if (!n) {
    n = new Intl.DisplayNames([tag], { type: "region" });
    names.set(tag, n);
  }
  try {
    return n.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The codes to offer, the current one included when it is not in the list. */
export function countryChoices(current: string | null | undefined): string[] {
  const list: string[] = [...LAW_COUNTRIES];
  if (current && !list.includes(current)) list.unshift(current);
  return list;
}

const rateFormats = new Map<string, Intl.NumberFormat>();

/** 1450 basis points as "14.50 %" (en-GB "14.50%", ro-RO "14,50 %"). */
export function formatRate(bp: number, tag: string): string {
  let f = rateFormats.get(tag);
  if (!f) {
    f = new Intl.NumberFormat(tag, { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 });
    rateFormats.set(tag, f);
  }
  return f.format(bp / 10_000);
}

/** Hundredths (of a percent or of a currency unit) as the decimal text a form field takes: 150 → "1.5". */
export function hundredthsText(value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

/** The field an API error message names first ("rate: …" → "rate"), if it is one of `fields`. */
export function errorField<F extends string>(message: string, fields: readonly F[]): F | null {
  const head = message.split(":")[0]?.trim() ?? "";
  return (
    fields.find(
      (f) =>
        head === f ||
        head
          .split(",")
          .map((s) => s.trim())
          .includes(f),
    ) ?? null
  );
}
