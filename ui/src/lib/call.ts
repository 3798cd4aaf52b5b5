// The one way the UI calls a Tauri command: the input travels as the command's `input` argument,
// and a failure rejects with an ApiError that is also shown in the error banner.
import { invoke } from "@tauri-apps/api/core";
import { reportError } from "./errors.svelte";

export async function call<T>(command: string, input?: unknown): Promise<T> {
  try {
    return await invoke<T>(command, input === undefined ? undefined : { input });
  } catch (error) {
    throw reportError(error);
  }
}
