// Files waiting for the Import page: dropped anywhere on the window or handed over by the OS
// ("Open with"), as paths that Rust reads. The page takes them when it opens or when more
// arrive while it is open.
import type { ImportFile } from "$lib/bindings/ImportFile";

export const pending = $state<{ files: ImportFile[]; seq: number }>({ files: [], seq: 0 });

/** Queues dropped paths; the file name shown is the path's last part. */
export function queuePaths(paths: readonly string[]): void {
  const files = paths.map((path) => ({ name: baseName(path), path }));
  pending.files = [...pending.files, ...files];
  pending.seq += 1;
}

/** Hands the queued files over and empties the queue. */
export function takePending(): ImportFile[] {
  const files = pending.files;
  pending.files = [];
  return files;
}

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
