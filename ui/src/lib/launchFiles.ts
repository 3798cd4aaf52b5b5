// Files handed to Duly by the OS ("Open with → Duly" on an e-invoice, CSV or PDF): at start, or
// later while Duly is open (a second launch passes its files to this window). Handed to the
// import page.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { queuePaths } from "./importQueue.svelte";

/** Raised by the shell when files arrive while the window is open. */
const OPEN_FILES_EVENT = "open-files";

/** Takes the files waiting in the shell; if any, queues them and opens the import page. */
export async function openLaunchFiles(): Promise<void> {
  let paths: string[];
  try {
    paths = await invoke<string[]>("launch_files");
  } catch {
    return; // an older shell without the command: nothing to open
  }
  if (paths.length === 0) return;
  queuePaths(paths);
  location.hash = "#/import";
}

/** Opens files that arrive later; returns the function that stops listening. */
export async function watchOpenFiles(): Promise<() => void> {
  return listen(OPEN_FILES_EVENT, () => void openLaunchFiles());
}
