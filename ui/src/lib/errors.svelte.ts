// The one error banner: every failed command lands here (see api.ts).
import type { ApiError } from "$lib/bindings/ApiError";
import { toApiError } from "./errors";

export const errorState = $state<{ current: ApiError | null; serial: number }>({ current: null, serial: 0 });

export function reportError(error: unknown): ApiError {
  const err = toApiError(error);
  errorState.current = err;
  errorState.serial += 1;
  return err;
}

export function dismissError(): void {
  errorState.current = null;
}
