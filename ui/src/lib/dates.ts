// Calendar dates are "YYYY-MM-DD" strings end to end; these helpers never touch money.

import { appNow } from "./clock";

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch at UTC midnight of `iso`, or null when it is not a real date. */
function utc(iso: string): number | null {
  const m = ISO.exec(iso.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms;
}

export function isIsoDate(text: string): boolean {
  return utc(text) !== null;
}

function toIso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `iso` plus `days` calendar days, or null for an invalid date. */
export function addDays(iso: string, days: number): string | null {
  const ms = utc(iso);
  return ms === null ? null : toIso(ms + days * 86_400_000);
}

/** Today on this computer, for when the app has not told us its own "today" yet. */
export function localToday(now: Date = new Date()): string {
  return toIso(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** "2026-10-31" as "31 Oct 2026" (en-GB), "31 Okt 2026" (id-ID), "31 oct. 2026" (ro-RO). */
export function formatDate(iso: string, tag: string): string {
  const ms = utc(iso);
  if (ms === null) return iso;
  let f = dateFormats.get(tag);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
    dateFormats.set(tag, f);
  }
  return f.format(ms);
}

/** An RFC 3339 instant in the computer's time zone. */
export function formatDateTime(rfc3339: string, tag: string): string {
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) return rfc3339;
  let f = dateTimeFormats.get(tag);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" });
    dateTimeFormats.set(tag, f);
  }
  return f.format(ms);
}

/** A count (not money): "12,345" in en-GB. */
export function formatCount(n: number, tag: string): string {
  let f = numberFormats.get(tag);
  if (!f) {
    f = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
    numberFormats.set(tag, f);
  }
  return f.format(n);
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A wall-clock time on the recipient's side ("2026-11-23T09:00", no offset: the API already
 * converted it into their zone) as a short weekday and time in the UI's language: "Mon 09:00",
 * "Sen 09.00", "lun. 09:00". Read as UTC so the computer's own zone never shifts it.
 */
export function formatWallClock(local: string, tag: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return local;
  const ms = Date.parse(`${local}:00Z`);
  if (Number.isNaN(ms)) return local;
  let f = wallClockFormats.get(tag);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, {
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: "UTC",
    });
    wallClockFormats.set(tag, f);
  }
  return f.format(ms).replace(",", "");
}

const wallDayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Like `formatWallClock`, with the day of the month: "Thu 26 Nov 09:00", for a plan that spans
 * more than one week's names (autopilot's 7-day preview).
 */
export function formatWallDay(local: string, tag: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return local;
  const ms = Date.parse(`${local}:00Z`);
  if (Number.isNaN(ms)) return local;
  let f = wallDayFormats.get(tag);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, {
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: "UTC",
    });
    wallDayFormats.set(tag, f);
  }
  return f.format(ms).replaceAll(",", "");
}

/** The place an IANA zone is named after: "Asia/Jakarta" → "Jakarta", "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export function zonePlace(zone: string): string {
  const last = zone.split("/").pop() ?? zone;
  return last.replaceAll("_", " ");
}

/** The time now on a client's wall clock, e.g. "14:05" (`null` when the zone is unknown to the browser). */
export function timeIn(zone: string, tag: string, at: number = appNow()): string | null {
  try {
    return new Intl.DateTimeFormat(tag, {
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: zone,
    })
      .format(at)
      .replace(",", "");
  } catch {
    return null;
  }
}

const numericFormats = new Map<string, Intl.DateTimeFormat>();

function numericFormat(tag: string): Intl.DateTimeFormat {
  let f = numericFormats.get(tag);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });
    numericFormats.set(tag, f);
  }
  return f;
}

/** "2026-10-31" as a date field shows it: "31/10/2026" (en-GB, id-ID), "31.10.2026" (ro-RO). */
export function formatDateInput(iso: string, tag: string): string {
  const ms = utc(iso);
  return ms === null ? iso : numericFormat(tag).format(ms);
}

/** The order the language writes day, month and year in, e.g. ["day", "month", "year"]. */
function fieldOrder(tag: string): string[] {
  return numericFormat(tag)
    .formatToParts(0)
    .map((p) => p.type)
    .filter((t) => t === "day" || t === "month" || t === "year");
}

/**
 * A date typed in the field back to "YYYY-MM-DD": the language's own order with any separator
 * ("31.10.2026", "31/10/2026", "31-10-2026"), or the ISO form pasted from elsewhere. Null when it
 * is not a real date, so the field can say so before anything is sent.
 */
export function parseDateInput(text: string, tag: string): string | null {
  const trimmed = text.trim();
  if (isIsoDate(trimmed)) return trimmed;
  const numbers = trimmed.split(/[^\d]+/).filter((s) => s !== "");
  if (numbers.length !== 3) return null;
  const order = fieldOrder(tag);
  const at = (field: string) => numbers[order.indexOf(field)] ?? "";
  const [day, month, year] = [at("day"), at("month"), at("year")];
  if (year.length !== 4 || day.length > 2 || month.length > 2) return null;
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/** The 6×7 grid of a month for a date picker, weeks starting on Monday; null outside the month. */
export function monthGrid(year: number, month: number): (string | null)[] {
  const first = Date.UTC(year, month - 1, 1);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (new Date(first).getUTCDay() + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 0; d < days; d++) cells.push(toIso(first + d * 86_400_000));
  while (cells.length % 7 !== 0) cells.push(null);
  return cells;
}
