// What the inbox put on an invoice's timeline, read back for wording in the user's language.
// duly-api writes each line's detail in a fixed shape (`mailbox.rs`): a reply is
// "Name <addr>, 2026-12-03T09:15:00+00:00: first lines", a bounce "a@x, b@y: undeliverable, …",
// an automatic answer "Name <addr>: subject (back on 2026-12-20)" or "(no return date given)".
// Everything stays plain text: the page shows it through Svelte's escaping, never as markup.

export interface Reply {
  from: string;
  /** RFC 3339, as the message's Date header said. */
  at: string;
  text: string;
}

export interface AutoReply {
  from: string;
  subject: string;
  /** YYYY-MM-DD, or null when the message gave no return date. */
  back: string | null;
}

export function parseReply(detail: string): Reply | null {
  const m = /^([\s\S]*?), (\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})): ([\s\S]*)$/.exec(detail);
  if (!m) return null;
  return { from: m[1] ?? "", at: m[2] ?? "", text: m[3] ?? "" };
}

export function parseBounce(detail: string): string[] {
  const cut = detail.indexOf(": undeliverable");
  if (cut < 0) return [];
  return detail
    .slice(0, cut)
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a !== "");
}

export function parseAutoReply(detail: string): AutoReply | null {
  const m = /^([\s\S]*?): ([\s\S]*) \((?:back on (\d{4}-\d{2}-\d{2})|no return date given)\)$/.exec(detail);
  if (!m) return null;
  return { from: m[1] ?? "", subject: m[2] ?? "", back: m[3] ?? null };
}

/** A pause "until read" (a reply): the API's end is the last date it can write (`UNTIL_READ`). */
export function isUntilRead(until: string): boolean {
  return until.startsWith("+") || until >= "9999";
}
