import { describe, expect, it } from "vitest";
import { errorText, FIELD_LABELS } from "./fieldErrors";
import { en } from "./i18n/en";
import { LANGUAGES, translate, type Params, type TextKey } from "./i18n/index";
import { toApiError } from "./errors";

const tr = (language: "en" | "id" | "ro") => (key: TextKey, params?: Params) => translate(language, key, params);

describe("errorText", () => {
  it("says a field error in the UI's language, naming the field by its label", () => {
    const error = toApiError({
      code: "invalid_input",
      message: 'issue_date: "31/02" is not a date (expected YYYY-MM-DD)',
      field: { name: "issue_date", line: null, problem: "not_a_date", max: null, value: null },
    });
    expect(errorText(error, tr("ro"))).toBe("Data emiterii: nu este o dată validă.");
    expect(errorText(error, tr("en"))).toBe("Issue date: this is not a date.");
    expect(errorText(error, tr("ro"))).not.toContain("issue_date");
  });

  it("names an invoice line and drops a label's unit", () => {
    const line = { name: "unit_price", line: 2, problem: "invalid", max: null, value: null } as const;
    expect(errorText({ message: "line 2: unit price: …", field: line }, tr("ro"))).toBe(
      "Rândul 2: Preț unitar: valoarea nu este validă.",
    );
    const rate = { name: "tax_rate", line: null, problem: "invalid", max: null, value: null } as const;
    expect(errorText({ message: "tax_rate: …", field: rate }, tr("en"))).toBe("Tax rate: this value is not valid.");
  });

  it("quotes what was typed, as the English message does", () => {
    const price = { name: "unit_price", line: 1, problem: "invalid", max: null, value: "abc" } as const;
    expect(errorText({ message: 'line 1: unit price: "abc" …', field: price }, tr("ro"))).toBe(
      "Rândul 1: Preț unitar: „abc” nu este o valoare validă.",
    );
    const day = { name: "issue_date", line: null, problem: "not_a_date", max: null, value: "31/02" } as const;
    expect(errorText({ message: "…", field: day }, tr("en"))).toBe("Issue date: “31/02” is not a date.");
  });

  it("says how long a field may be", () => {
    const field = { name: "name", line: null, problem: "too_long", max: 200, value: null } as const;
    expect(errorText({ message: "name: 201 characters is too long (at most 200)", field }, tr("id"))).toBe(
      "Nama terlalu panjang (paling banyak 200 karakter).",
    );
  });

  it("keeps the API's message for an unknown field or an error about no field", () => {
    expect(errorText({ message: "invoice X does not exist" }, tr("ro"))).toBe("invoice X does not exist");
    const field = { name: "brand_new_field", line: null, problem: "required", max: null, value: null } as const;
    expect(errorText({ message: "brand_new_field is required", field }, tr("ro"))).toBe("brand_new_field is required");
  });

  it("labels every field with a message that exists in every language", () => {
    for (const key of Object.values(FIELD_LABELS)) {
      expect(en[key]).toBeTruthy();
      for (const language of LANGUAGES) expect(translate(language, key)).not.toBe(key);
    }
  });
});

describe("toApiError's field", () => {
  it("keeps a well-formed field and drops a malformed one", () => {
    const field = { name: "name", line: null, problem: "required", max: null, value: null };
    expect(toApiError({ code: "invalid_input", message: "name is required", field }).field).toEqual(field);
    expect(toApiError({ code: "invalid_input", message: "x", field: { name: "name", problem: "odd" } }).field).toBe(
      undefined,
    );
    expect(toApiError({ code: "invalid_input", message: "x", field: "name" })).toEqual({
      code: "invalid_input",
      message: "x",
    });
  });
});
