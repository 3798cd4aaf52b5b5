import { describe, expect, it } from "vitest";
import { agingChartData, BUCKET_COLOURS, BUCKET_LABELS, BUCKETS, bucketsOf, share, type BucketKey } from "./aging";
import { en } from "./i18n/en";

const row: Record<BucketKey, number> = {
  not_due: 150_000,
  d1_30: 0,
  d31_60: 140_399,
  d61_90: 7,
  d91_120: 0,
  over_120: 2_000_000_000_000_00, // IDR-sized: far beyond 2^32, still a safe integer
};

describe("bucketsOf", () => {
  it("takes the six buckets in order with their display strings", () => {
    const buckets = bucketsOf(row, (key, minor) => `${key}=${minor}`);
    expect(buckets.map((b) => b.key)).toEqual(["not_due", "d1_30", "d31_60", "d61_90", "d91_120", "over_120"]);
    expect(buckets[2]).toEqual({ key: "d31_60", minor: 140_399, display: "d31_60=140399" });
  });
});

describe("agingChartData", () => {
  const buckets = bucketsOf(row, (_, minor) => String(minor));
  const data = agingChartData("RON", buckets, (key) => `label:${key}`);

  it("draws one bar, labelled by its currency", () => {
    expect(data.labels).toEqual(["RON"]);
    for (const dataset of data.datasets) {
      expect(dataset.data).toHaveLength(1);
      expect(dataset.stack).toBe("RON");
    }
  });

  it("stacks one dataset per bucket, calm to alarming, with the exact minor units", () => {
    expect(data.datasets.map((d) => d.label)).toEqual(BUCKETS.map((k) => `label:${k}`));
    expect(data.datasets.map((d) => d.data[0])).toEqual([150_000, 0, 140_399, 7, 0, 2_000_000_000_000_00]);
    expect(data.datasets.map((d) => d.backgroundColor)).toEqual(BUCKETS.map((k) => BUCKET_COLOURS[k]));
  });

  it("draws negative amounts as nothing", () => {
    const odd = agingChartData("EUR", [{ key: "d1_30", minor: -5, display: "-€0.05" }], String);
    expect(odd.datasets[0]?.data).toEqual([0]);
  });
});

describe("bucket colours and labels", () => {
  it("has a distinct colour and a translated label for every bucket", () => {
    expect(new Set(BUCKETS.map((k) => BUCKET_COLOURS[k])).size).toBe(6);
    for (const key of BUCKETS) expect(en[BUCKET_LABELS[key]]).toBeTruthy();
  });
});

describe("share", () => {
  it("is a whole percent, rounded down, computed on integers", () => {
    expect(share(1, 3)).toBe(33);
    expect(share(2, 3)).toBe(66);
    expect(share(3, 3)).toBe(100);
    expect(share(0, 3)).toBe(0);
    // Exact where floats are not: 0.29 * 100 is 28.999999999999996.
    expect(share(29, 100)).toBe(29);
    expect(share(2_000_000_000_000_00 - 1, 2_000_000_000_000_00)).toBe(99);
  });

  it("is 0 for nothing owed or bad input and never leaves 0–100", () => {
    expect(share(5, 0)).toBe(0);
    expect(share(-5, 10)).toBe(0);
    expect(share(50, 10)).toBe(100);
    expect(share(0.5, 10)).toBe(0);
  });
});
