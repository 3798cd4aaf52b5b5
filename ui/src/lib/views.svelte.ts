// List filters that survive leaving a page and coming back.
import type { InvoiceSort } from "$lib/bindings/InvoiceSort";
import type { InvoiceStatus } from "$lib/bindings/InvoiceStatus";

export const PAGE_SIZE = 100;

export const invoiceView = $state<{
  search: string;
  status: InvoiceStatus | "";
  overdueOnly: boolean;
  sort: InvoiceSort;
  descending: boolean;
  offset: number;
}>({ search: "", status: "", overdueOnly: false, sort: "number", descending: true, offset: 0 });

export const clientView = $state<{ search: string }>({ search: "" });

/** Clicking the sorted column flips the order; another column sorts ascending. */
export function nextSort(
  current: { sort: InvoiceSort; descending: boolean },
  column: InvoiceSort,
): { sort: InvoiceSort; descending: boolean } {
  return current.sort === column
    ? { sort: column, descending: !current.descending }
    : { sort: column, descending: false };
}
