// Files Duly was started with ("Open with → Duly" on an e-invoice, CSV or PDF): handed to the
// import page.
import { invoke } from "@tauri-apps/api/core";
import { queuePaths } from "./importQueue.svelte";

/** Asks the shell for the start-up files; if any, queues them and opens the import page. */
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
