// The UI's calls to the shell. Every command has a typed function generated from the command list
// (`./commands`, re-exported here); the functions below replace some of them with the shape the
// pages use (defaults, positional arguments). Types come from the Rust side (ts-rs, $lib/bindings).
// A failure rejects with an ApiError and is shown in the error banner.
import { invoke } from "@tauri-apps/api/core";
import type { AgingQuery } from "$lib/bindings/AgingQuery";
import type { AgingReport } from "$lib/bindings/AgingReport";
import type { AutopilotClientMode } from "$lib/bindings/AutopilotClientMode";
import type { AutopilotNoteKind } from "$lib/bindings/AutopilotNoteKind";
import type { AutopilotPreview } from "$lib/bindings/AutopilotPreview";
import type { AutopilotStatus } from "$lib/bindings/AutopilotStatus";
import type { AutopilotStepMode } from "$lib/bindings/AutopilotStepMode";
import type { BackupInfo } from "$lib/bindings/BackupInfo";
import type { BackupNowInput } from "$lib/bindings/BackupNowInput";
import type { BackupRestoreReport } from "$lib/bindings/BackupRestoreReport";
import type { Call } from "$lib/bindings/Call";
import type { CallQuery } from "$lib/bindings/CallQuery";
import type { CallSummary } from "$lib/bindings/CallSummary";
import type { ClientQuery } from "$lib/bindings/ClientQuery";
import type { ClientSummary } from "$lib/bindings/ClientSummary";
import type { FollowupList } from "$lib/bindings/FollowupList";
import type { FollowupQuery } from "$lib/bindings/FollowupQuery";
import type { LadderScope } from "$lib/bindings/LadderScope";
import type { LadderView } from "$lib/bindings/LadderView";
import type { MailTestReport } from "$lib/bindings/MailTestReport";
import type { NextFollowup } from "$lib/bindings/NextFollowup";
import type { OutboxItem } from "$lib/bindings/OutboxItem";
import type { OutboxQuery } from "$lib/bindings/OutboxQuery";
import type { Overview } from "$lib/bindings/Overview";
import type { OverviewQuery } from "$lib/bindings/OverviewQuery";
import type { RemindResult } from "$lib/bindings/RemindResult";
import type { TodayList } from "$lib/bindings/TodayList";
import type { TodayQuery } from "$lib/bindings/TodayQuery";
import * as commands from "./commands";
import { reportError } from "./errors.svelte";

export * from "./commands";
export type { ApiError } from "$lib/bindings/ApiError";

export const clientList = (input: ClientQuery = {}): Promise<ClientSummary[]> => commands.clientList(input);
export const overview = (input: OverviewQuery = {}): Promise<Overview> => commands.overview(input);
export const aging = (input: AgingQuery = {}): Promise<AgingReport> => commands.aging(input);
export const todayList = (input: TodayQuery = {}): Promise<TodayList> => commands.todayList(input);

export const mailTest = (to: string): Promise<MailTestReport> => commands.mailTest({ to });
export const outboxList = (input: OutboxQuery = { state: null, limit: null }): Promise<OutboxItem[]> =>
  commands.outboxList(input);
export const outboxCancel = (id: number): Promise<OutboxItem> => commands.outboxCancel({ id });
export const outboxRetry = (id: number): Promise<OutboxItem> => commands.outboxRetry({ id });
export const outboxResend = (id: number): Promise<OutboxItem> => commands.outboxResend({ id });
export const outboxMarkSent = (id: number): Promise<OutboxItem> => commands.outboxMarkSent({ id });
export const outboxRelease = (id: number): Promise<OutboxItem> => commands.outboxRelease({ id });
export const outboxDiscard = (id: number): Promise<OutboxItem> => commands.outboxDiscard({ id });
/** The background sender's event after a pass that changed something. */
export const OUTBOX_CHANGED = "outbox-changed";
/** The background sender's event after a poll of the inbox that applied something. */
export const MAILBOX_CHANGED = "mailbox-changed";
/** senderStatus's changes, as the sender makes them. */
export const SENDER_STATUS = "sender-status";

// Backups, export and the app's own preferences (issue 9).
export const backupNow = (input: BackupNowInput = { to: null }): Promise<BackupInfo> => commands.backupNow(input);
export const backupRestore = (path: string): Promise<BackupRestoreReport> => commands.backupRestore({ path });
/** What a native file dialog is for; the shell opens it, so the window never names a path itself. */
export type PickPurpose = { kind: "restore" } | { kind: "import" } | { kind: "export" } | { kind: "document" };
export const pick = (purpose: PickPurpose): Promise<string[]> => commands.pick(purpose);

// Documents as PDF (issue 4): saved to Downloads (or where the user chose: pdfSaveAs), or to the preview folder and then
// opened in the system's PDF viewer by the opener plugin, whose capability allows only that folder.
export async function openInViewer(path: string): Promise<void> {
  try {
    await invoke("plugin:opener|open_path", { path });
  } catch (error) {
    throw reportError(error);
  }
}

// Calls, promises to pay and instalment plans (issue 7). The summary email goes out through
// outboxEnqueue with kind "call_summary".
export const callList = (input: CallQuery = {}): Promise<Call[]> => commands.callList(input);
export const callSummary = (id: number): Promise<CallSummary> => commands.callSummary({ id });

// The follow-up ladder: the day's actions with their drafts, where one invoice stands, the
// one-click reminder (queued with its undo window: remindUndo cancels it and makes the step due
// again, in one transaction).
export const followupActions = (input: FollowupQuery = { as_of: null, limit: null }): Promise<FollowupList> =>
  commands.followupActions(input);
export const followupNext = (number: string): Promise<NextFollowup> => commands.followupNext({ number, as_of: null });
/** `edit` sends the user's subject and plain-text body instead of the drafted ones. */
export const remind = (
  number: string,
  draftOnly = false,
  edit: { subject: string | null; body: string | null } = { subject: null, body: null },
): Promise<RemindResult> => commands.remind({ number, draft_only: draftOnly, subject: edit.subject, body: edit.body });
/** Undo of a reminder just queued: its message cancelled and its step due again, all or nothing. */
export const remindUndo = (outboxId: number): Promise<OutboxItem> => commands.remindUndo({ id: outboxId });
export const followupSkip = (number: string, step: string): Promise<boolean> => commands.followupSkip({ number, step });
/** The step is due again on `until` (YYYY-MM-DD, after today). */
export const followupPostpone = (number: string, step: string, until: string): Promise<boolean> =>
  commands.followupPostpone({ number, step, until });
// Ladder settings: the steps for everyone or one client, the wording of each step's template per
// language (refused when it uses an unknown variable), its preview against a real invoice, terms,
// credit hold.
export const ladderGet = (input: LadderScope = { client_id: null }): Promise<LadderView> => commands.ladderGet(input);

// Autopilot (issue 23): the ladder's automatic steps. Turning it on confirms a preview: pass the
// `token` of the autopilotPreview the user saw; a stale one is refused (conflict) and the UI shows
// the preview again.
/** Today and the next `days - 1` days (7 when null), one item per client and day. */
export const autopilotPreview = (days: number | null = null): Promise<AutopilotPreview> =>
  commands.autopilotPreview({ days });
export const autopilotEnable = (token: string, days: number | null = null): Promise<AutopilotStatus> =>
  commands.autopilotEnable({ token, days });
/** `clientId` null: the business's choice; else that client's own (its mode becomes "own"). */
export const autopilotStepModeSet = (
  step: string,
  mode: AutopilotStepMode,
  clientId: number | null = null,
): Promise<AutopilotStatus> => commands.autopilotStepModeSet({ step, mode, client_id: clientId });
export const autopilotClientModeSet = (clientId: number, mode: AutopilotClientMode): Promise<AutopilotStatus> =>
  commands.autopilotClientModeSet({ client_id: clientId, mode });
/** The user looked: clears an invoice's stop, a client's, or (both null) the global ones. */
export const autopilotResume = (
  where: { invoiceId?: number | null; clientId?: number | null } = {},
): Promise<AutopilotStatus> =>
  commands.autopilotResume({ invoice_id: where.invoiceId ?? null, client_id: where.clientId ?? null });
/** The client replied about invoice `number`, or a message bounced: autopilot stops for the client. */
export const autopilotNote = (
  number: string,
  kind: AutopilotNoteKind,
  detail: string | null = null,
): Promise<AutopilotStatus> => commands.autopilotNote({ number, kind, detail });
