// Receivables aging as the dashboard draws it: six buckets per currency, calm to alarming.
// Pure functions; the chart component (components/AgingChart.svelte) only hands their output to
// Chart.js. Amounts stay integer minor units: the bar lengths are those integers, and people only
// ever read the API's formatted strings.
import type { ChartData } from "chart.js";
import type { TextKey } from "./i18n/index";

export const BUCKETS = ["not_due", "d1_30", "d31_60", "d61_90", "d91_120", "over_120"] as const;
export type BucketKey = (typeof BUCKETS)[number];

/** One bucket of one currency: minor units for drawing, the API's display string for reading. */
export interface BucketAmount {
  key: BucketKey;
  minor: number;
  display: string;
}

/** From calm (not yet due) to alarming (more than 120 days late). */
export const BUCKET_COLOURS: Readonly<Record<BucketKey, string>> = {
  not_due: "#5eb8a8",
  d1_30: "#f6c453",
  d31_60: "#f59e0b",
  d61_90: "#ea580c",
  d91_120: "#dc2626",
  over_120: "#881337",
};

export const BUCKET_LABELS: Readonly<Record<BucketKey, TextKey>> = {
  not_due: "aging.notDue",
  d1_30: "aging.d1_30",
  d31_60: "aging.d31_60",
  d61_90: "aging.d61_90",
  d91_120: "aging.d91_120",
  over_120: "aging.over120",
};

/** A report row with one amount and one display string per bucket (the API's `CurrencyAging`). */
export type BucketFields = Readonly<Record<BucketKey, number> & Record<`${BucketKey}_display`, string>>;

/** The six buckets of a report row, in order. */
export function bucketsOf(row: BucketFields): BucketAmount[] {
  return BUCKETS.map((key) => ({ key, minor: row[key], display: row[`${key}_display`] }));
}

/**
 * Chart.js data for one currency: one horizontal bar (the currency) stacked from one dataset
 * per bucket, in bucket order so that the bar reads left to right from calm to alarming.
 * Empty buckets draw as nothing (null: not even a hairline), and so would negative amounts
 * (never expected: credits are not debts).
 */
export function agingChartData(
  currency: string,
  buckets: readonly BucketAmount[],
  label: (key: BucketKey) => string,
): ChartData<"bar", (number | null)[], string> {
  return {
    labels: [currency],
    datasets: buckets.map((b) => ({
      label: label(b.key),
      data: [b.minor > 0 ? b.minor : null],
      backgroundColor: BUCKET_COLOURS[b.key],
      hoverBackgroundColor: BUCKET_COLOURS[b.key],
      stack: currency,
    })),
  };
}

/** Whole percent of `part` in `whole`, in integers (amounts are minor units, never floats). */
export function share(part: number, whole: number): number {
  if (!(whole > 0) || !Number.isSafeInteger(whole) || !Number.isSafeInteger(part)) return 0;
  return Number((BigInt(Math.max(0, Math.min(part, whole))) * 100n) / BigInt(whole));
}

/** The clients with something overdue in `currency`, in the API's order (most overdue first). */
export function owingIn<C extends { currency: string; overdue: number }>(
  clients: readonly C[],
  currency: string | null,
  limit: number,
): C[] {
  return clients.filter((c) => c.overdue > 0 && c.currency === currency).slice(0, limit);
}

/** The currency whose clients to list: the chosen one while it still has overdue clients, else the first that has. */
export function owingCurrency(
  clients: readonly { currency: string; overdue: number }[],
  chosen: string | null,
): string | null {
  const late = new Set(clients.filter((c) => c.overdue > 0).map((c) => c.currency));
  if (chosen !== null && late.has(chosen)) return chosen;
  return [...late].sort()[0] ?? null;
}
