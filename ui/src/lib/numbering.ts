// The invoice-number pattern as the Settings card edits it: pieces (prefix, year, separator,
// counter width, suffix) <-> the API's pattern text ("F-{YYYY}-{NNN}"). The API checks the
// pattern and the series; this only builds the text and previews a number.

export type YearPiece = "" | "YYYY" | "YY";

export type Pieces = {
  prefix: string;
  year: YearPiece;
  /** Between the year and the counter ("-", "/", ""); unused without a year. */
  separator: string;
  /** Digits of the counter, zero-padded. */
  width: number;
  suffix: string;
};

const PATTERN = /^(.*?)(?:\{(YYYY|YY)\}(.*?))?\{(N+)\}(.*)$/;

/** The pieces of a pattern, or null when it does not fit them (the year after the counter). */
export function piecesOf(pattern: string): Pieces | null {
  const m = PATTERN.exec(pattern);
  if (!m) return null;
  const [, prefix = "", year = "", separator = "", ns = "N", suffix = ""] = m;
  if (/\{(YYYY|YY)\}/.test(suffix)) return null;
  return { prefix, year: year as YearPiece, separator: year === "" ? "" : separator, width: ns.length, suffix };
}

export function patternOf(p: Pieces): string {
  const year = p.year === "" ? "" : `{${p.year}}${p.separator}`;
  return `${p.prefix}${year}{${"N".repeat(Math.max(1, p.width))}}${p.suffix}`;
}

/** The number `counter` makes in `year` ("F-2027-001"). */
export function render(p: Pieces, year: number, counter: number): string {
  const y = p.year === "YYYY" ? String(year) : p.year === "YY" ? String(year % 100).padStart(2, "0") : "";
  const n = String(counter).padStart(Math.max(1, p.width), "0");
  return `${p.prefix}${p.year === "" ? "" : y + p.separator}${n}${p.suffix}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The counter of `number` in the series of `p`, or null when it is not in it. */
export function counterOf(p: Pieces, number: string): number | null {
  const year = p.year === "YYYY" ? "\\d{4}" : p.year === "YY" ? "\\d{2}" : "";
  const re = new RegExp(
    `^${escape(p.prefix)}${p.year === "" ? "" : year + escape(p.separator)}(\\d+)${escape(p.suffix)}$`,
  );
  const m = re.exec(number.trim());
  return m?.[1] ? Number(m[1]) : null;
}
