// Every failure the UI shows is an ApiError: the shape Rust commands reject with. Anything else
// (a Tauri transport error, a thrown Error, a string) is normalised into one here.
import type { ApiError } from "$lib/bindings/ApiError";
import type { ErrorCode } from "$lib/bindings/ErrorCode";
import type { FieldError } from "$lib/bindings/FieldError";
import type { FieldProblem } from "$lib/bindings/FieldProblem";

const CODES = {
  not_found: true,
  invalid_input: true,
  conflict: true,
  ambiguous: true,
  storage: true,
  mail: true,
  internal: true,
} as const satisfies Record<ErrorCode, true>;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(CODES, value);
}

const FALLBACK = "Something went wrong.";

function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

const PROBLEMS = {
  required: true,
  not_a_date: true,
  too_long: true,
  invalid: true,
} as const satisfies Record<FieldProblem, true>;

function count(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** The error's field, when it names one in the shape the API sends. */
function fieldOf(value: unknown): FieldError | null {
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  const name = text(record["name"]);
  const problem = record["problem"];
  if (name === null || typeof problem !== "string" || !Object.prototype.hasOwnProperty.call(PROBLEMS, problem)) {
    return null;
  }
  return {
    name,
    line: count(record["line"]),
    problem: problem as FieldProblem,
    max: count(record["max"]),
    value: typeof record["value"] === "string" ? record["value"] : null,
  };
}

/** Turns whatever a failed `invoke` (or anything else) threw into an ApiError. */
export function toApiError(error: unknown): ApiError {
  if (typeof error === "string") {
    return { code: "internal", message: text(error) ?? FALLBACK };
  }
  if (error instanceof Error) {
    return { code: "internal", message: text(error.message) ?? FALLBACK };
  }
  if (typeof error === "object" && error !== null) {
    const record = error as Record<string, unknown>;
    const message = text(record["message"]) ?? text(record["error"]) ?? FALLBACK;
    const code = isErrorCode(record["code"]) ? record["code"] : "internal";
    const field = fieldOf(record["field"]);
    return field === null ? { code, message } : { code, message, field };
  }
  return { code: "internal", message: FALLBACK };
}

/** An error raised by the UI itself before calling Rust (e.g. "choose a client"). */
export function invalidInput(message: string): ApiError {
  return { code: "invalid_input", message };
}
