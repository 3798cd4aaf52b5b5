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

/** The six buckets of a report row, in order, from fields named by bucket key. */
export function bucketsOf(row: Readonly<Record<BucketKey, number>>, display: (key: BucketKey, minor: number) => string): BucketAmount[] {
  return BUCKETS.map((key) => ({ key, minor: row[key], display: display(key, row[key]) }));
}

/**
 * Chart.js data for one currency: one horizontal bar (the currency) stacked from one dataset
 * per bucket, in bucket order so that the bar reads left to right from calm to alarming.
 * Negative amounts (never expected: credits are not debts) draw as nothing.
 */
export function agingChartData(
  currency: string,
  buckets: readonly BucketAmount[],
  label: (key: BucketKey) => string,
): ChartData<"bar", number[], string> {
  return {
    labels: [currency],
    datasets: buckets.map((b) => ({
      label: label(b.key),
      data: [Math.max(0, b.minor)],
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
