// Every failure the UI shows is an ApiError: the shape Rust commands reject with. Anything else
// (a Tauri transport error, a thrown Error, a string) is normalised into one here.
import type { ApiError } from "$lib/bindings/ApiError";
import type { ErrorCode } from "$lib/bindings/ErrorCode";

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
    return { code, message };
  }
  return { code: "internal", message: FALLBACK };
}

/** An error raised by the UI itself before calling Rust (e.g. "choose a client"). */
export function invalidInput(message: string): ApiError {
  return { code: "invalid_input", message };
}
