// An API error about one input field, said in the UI's language with the field named by the
// label the user sees ("Data emiterii: nu este o dată validă." rather than Rust's English
// "issue_date: \"…\" is not a date"). The API names the field as its input DTO spells it
// (`ApiError.field`); this file maps those names to labels. A field not listed here, or an error
// without a field, keeps the API's English message: a sentence nobody translated is better than
// a wrong one.
import type { ApiError } from "$lib/bindings/ApiError";
import type { Params, TextKey } from "$lib/i18n/index";

/** The label of each field the API may name, as its forms show it. */
export const FIELD_LABELS: Readonly<Record<string, TextKey>> = {
  issue_date: "invoiceForm.issueDate",
  due_date: "invoiceForm.dueDate",
  number: "invoiceForm.number",
  currency: "invoiceForm.currency",
  default_currency: "clientForm.currency",
  tax_rate: "invoiceForm.taxRate",
  lines: "fieldError.lines",
  description: "invoice.description",
  quantity: "invoice.quantity",
  unit_price: "invoice.unitPrice",
  amount: "invoice.amount",
  name: "clientForm.name",
  email: "clientForm.contactEmail",
  phone: "clientForm.contactPhone",
  address: "clientForm.address",
  country: "clientForm.country",
  timezone: "clientForm.timezone",
  tax_id: "clientForm.taxId",
  notes: "clientForm.notes",
  note: "invoice.paymentNote",
  date: "invoice.paymentDate",
  reason: "mistakes.reason",
  subject: "drafts.subject",
  until: "drafts.postponeUntil",
  outcome: "fieldError.outcome",
  promise_date: "fieldError.promiseDate",
  pay_by: "fieldError.promiseDate",
  promise_amount: "call.promiseAmount",
};

type Translate = (key: TextKey, params?: Params) => string;

/** The error in the UI's words when it is about a known field, else its English message. */
export function errorText(error: Pick<ApiError, "message" | "field">, t: Translate): string {
  const field = error.field;
  const labelKey = field ? FIELD_LABELS[field.name] : undefined;
  if (!field || !labelKey) return error.message;
  // "Tax rate (%)" names the field well enough without its unit in a sentence.
  const label = t(labelKey).replace(/\s*\([^)]*\)\s*$/, "");
  const named = field.line === null ? label : t("fieldError.line", { line: field.line, field: label });
  switch (field.problem) {
    case "required":
      return t("fieldError.required", { field: named });
    case "not_a_date":
      return field.value
        ? t("fieldError.notADateValue", { field: named, value: field.value })
        : t("fieldError.not_a_date", { field: named });
    case "too_long":
      return field.max === null
        ? t("fieldError.invalid", { field: named })
        : t("fieldError.too_long", { field: named, max: field.max });
    case "invalid":
      return field.value
        ? t("fieldError.invalidValue", { field: named, value: field.value })
        : t("fieldError.invalid", { field: named });
  }
}
