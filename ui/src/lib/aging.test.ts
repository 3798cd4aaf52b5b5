import { describe, expect, it } from "vitest";
import {
  agingChartData,
  BUCKET_COLOURS,
  BUCKET_LABELS,
  BUCKETS,
  bucketsOf,
  owingCurrency,
  owingIn,
  share,
  type BucketFields,
  type BucketKey,
} from "./aging";
import { en } from "./i18n/en";

const amounts: Record<BucketKey, number> = {
  not_due: 150_000,
  d1_30: 0,
  d31_60: 140_399,
  d61_90: 7,
  d91_120: 0,
  over_120: 2_000_000_000_000_00, // IDR-sized: far beyond 2^32, still a safe integer
};
// As the API sends a currency's row: minor units and a display string per bucket.
const row: BucketFields = {
  ...amounts,
  not_due_display: "RON 1,500.00",
  d1_30_display: "RON 0.00",
  d31_60_display: "RON 1,403.99",
  d61_90_display: "RON 0.07",
  d91_120_display: "RON 0.00",
  over_120_display: "RON 2,000,000,000,000.00",
};

describe("bucketsOf", () => {
  it("takes the six buckets in order with the API's display strings", () => {
    const buckets = bucketsOf(row);
    expect(buckets.map((b) => b.key)).toEqual(["not_due", "d1_30", "d31_60", "d61_90", "d91_120", "over_120"]);
    expect(buckets[2]).toEqual({ key: "d31_60", minor: 140_399, display: "RON 1,403.99" });
    expect(buckets[5]).toEqual({ key: "over_120", minor: 2_000_000_000_000_00, display: "RON 2,000,000,000,000.00" });
  });
});

describe("agingChartData", () => {
  const buckets = bucketsOf(row);
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
    expect(data.datasets.map((d) => d.data[0])).toEqual([150_000, null, 140_399, 7, null, 2_000_000_000_000_00]);
    expect(data.datasets.map((d) => d.backgroundColor)).toEqual(BUCKETS.map((k) => BUCKET_COLOURS[k]));
  });

  it("draws empty buckets and negative amounts as nothing", () => {
    const odd = agingChartData("EUR", [{ key: "d1_30", minor: -5, display: "-€0.05" }], String);
    expect(odd.datasets[0]?.data).toEqual([null]);
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

describe("clients owing", () => {
  const clients = [
    { client: "Cahaya", currency: "IDR", overdue: 497_504_380_30 },
    { client: "Acme", currency: "USD", overdue: 10_706_00 },
    { client: "Bintang", currency: "IDR", overdue: 481_266_138_17 },
    { client: "Paid up", currency: "EUR", overdue: 0 },
    { client: "Lindqvist", currency: "EUR", overdue: 5_074_00 },
  ];

  it("lists one currency's late clients in the API's order, never mixing currencies", () => {
    expect(owingIn(clients, "IDR", 10).map((c) => c.client)).toEqual(["Cahaya", "Bintang"]);
    expect(owingIn(clients, "EUR", 10).map((c) => c.client)).toEqual(["Lindqvist"]);
    expect(owingIn(clients, "IDR", 1).map((c) => c.client)).toEqual(["Cahaya"]);
    expect(owingIn(clients, null, 10)).toEqual([]);
  });

  it("keeps the chosen currency while it has late clients, else takes the first by code", () => {
    expect(owingCurrency(clients, null)).toBe("EUR");
    expect(owingCurrency(clients, "USD")).toBe("USD");
    expect(owingCurrency(clients, "RON")).toBe("EUR");
    expect(owingCurrency([], "USD")).toBeNull();
  });
});
