// Files Duly was started with ("Open with → Duly" on an e-invoice, CSV or PDF): handed to the
// import page. The import queue (issue 8) is found at build time, so this builds with or without it.
import { invoke } from "@tauri-apps/api/core";

type Queue = { queuePaths: (paths: readonly string[]) => void };
const queues = import.meta.glob<Queue>("./importQueue.svelte.ts");

/** Asks the shell for the start-up files; if any, queues them and opens the import page. */
export async function openLaunchFiles(): Promise<void> {
  let paths: string[];
  try {
    paths = await invoke<string[]>("launch_files");
  } catch {
    return; // an older shell without the command: nothing to open
  }
  if (paths.length === 0) return;
  const load = Object.values(queues)[0];
  if (load) {
    (await load()).queuePaths(paths);
    location.hash = "#/import";
  } else {
    location.hash = "#/invoices?import";
  }
}
