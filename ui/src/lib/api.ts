// One typed function per Tauri command. Types come from the Rust side (ts-rs, $lib/bindings).
// A failure rejects with an ApiError and is shown in the error banner.
import { invoke } from "@tauri-apps/api/core";
import type { AgingQuery } from "$lib/bindings/AgingQuery";
import type { AgingReport } from "$lib/bindings/AgingReport";
import type { AppInfo } from "$lib/bindings/AppInfo";
import type { AutopilotClientMode } from "$lib/bindings/AutopilotClientMode";
import type { AutopilotDigest } from "$lib/bindings/AutopilotDigest";
import type { AutopilotNoteKind } from "$lib/bindings/AutopilotNoteKind";
import type { AutopilotPreview } from "$lib/bindings/AutopilotPreview";
import type { AutopilotRunReport } from "$lib/bindings/AutopilotRunReport";
import type { AutopilotStatus } from "$lib/bindings/AutopilotStatus";
import type { AutopilotStepMode } from "$lib/bindings/AutopilotStepMode";
import type { AutopilotSummary } from "$lib/bindings/AutopilotSummary";
import type { Business } from "$lib/bindings/Business";
import type { Client } from "$lib/bindings/Client";
import type { ClientInput } from "$lib/bindings/ClientInput";
import type { ClientQuery } from "$lib/bindings/ClientQuery";
import type { ClientSummary } from "$lib/bindings/ClientSummary";
import type { DemoInput } from "$lib/bindings/DemoInput";
import type { DemoReport } from "$lib/bindings/DemoReport";
import type { InvoiceConfirmInput } from "$lib/bindings/InvoiceConfirmInput";
import type { InvoiceDetail } from "$lib/bindings/InvoiceDetail";
import type { InvoiceInput } from "$lib/bindings/InvoiceInput";
import type { InvoicePage } from "$lib/bindings/InvoicePage";
import type { InvoiceQuery } from "$lib/bindings/InvoiceQuery";
import type { MarkInvoice } from "$lib/bindings/MarkInvoice";
import type { Overview } from "$lib/bindings/Overview";
import type { OverviewQuery } from "$lib/bindings/OverviewQuery";
import type { PaymentInput } from "$lib/bindings/PaymentInput";
import type { TodayList } from "$lib/bindings/TodayList";
import type { TodayQuery } from "$lib/bindings/TodayQuery";
import type { MailSettings } from "$lib/bindings/MailSettings";
import type { MailSettingsInput } from "$lib/bindings/MailSettingsInput";
import type { MailTestReport } from "$lib/bindings/MailTestReport";
import type { OutboxEnqueueInput } from "$lib/bindings/OutboxEnqueueInput";
import type { OutboxItem } from "$lib/bindings/OutboxItem";
import type { OutboxQuery } from "$lib/bindings/OutboxQuery";
import type { SenderStatus } from "$lib/bindings/SenderStatus";
import type { SendWindow } from "$lib/bindings/SendWindow";
import type { BackupInfo } from "$lib/bindings/BackupInfo";
import type { BackupList } from "$lib/bindings/BackupList";
import type { BackupNowInput } from "$lib/bindings/BackupNowInput";
import type { BackupRestoreReport } from "$lib/bindings/BackupRestoreReport";
import type { ExportInput } from "$lib/bindings/ExportInput";
import type { ExportReport } from "$lib/bindings/ExportReport";
import type { Preferences } from "$lib/bindings/Preferences";
import type { PreferencesInput } from "$lib/bindings/PreferencesInput";
import type { ImportInput } from "$lib/bindings/ImportInput";
import type { StatementCommitInput } from "$lib/bindings/StatementCommitInput";
import type { StatementCommitReport } from "$lib/bindings/StatementCommitReport";
import type { StatementInput } from "$lib/bindings/StatementInput";
import type { StatementPreview } from "$lib/bindings/StatementPreview";
import type { ImportReport } from "$lib/bindings/ImportReport";
import type { PdfRequest } from "$lib/bindings/PdfRequest";
import type { SavedPdf } from "$lib/bindings/SavedPdf";
import type { Call } from "$lib/bindings/Call";
import type { CallInput } from "$lib/bindings/CallInput";
import type { CallQuery } from "$lib/bindings/CallQuery";
import type { CallSummary } from "$lib/bindings/CallSummary";
import type { Plan } from "$lib/bindings/Plan";
import type { InvoiceContacts } from "$lib/bindings/InvoiceContacts";
import type { PlanInput } from "$lib/bindings/PlanInput";
import type { FollowupList } from "$lib/bindings/FollowupList";
import type { FollowupQuery } from "$lib/bindings/FollowupQuery";
import type { NextFollowup } from "$lib/bindings/NextFollowup";
import type { RemindResult } from "$lib/bindings/RemindResult";
import type { PauseInput } from "$lib/bindings/PauseInput";
import type { SentOutsideInput } from "$lib/bindings/SentOutsideInput";
import type { SentOutsideResult } from "$lib/bindings/SentOutsideResult";
import type { LadderScope } from "$lib/bindings/LadderScope";
import type { LadderSaveInput } from "$lib/bindings/LadderSaveInput";
import type { LadderView } from "$lib/bindings/LadderView";
import type { TemplateQuery } from "$lib/bindings/TemplateQuery";
import type { TemplateInput } from "$lib/bindings/TemplateInput";
import type { TemplateView } from "$lib/bindings/TemplateView";
import type { TemplatePreviewInput } from "$lib/bindings/TemplatePreviewInput";
import type { Draft } from "$lib/bindings/Draft";
import type { TermsInput } from "$lib/bindings/TermsInput";
import type { TermsView } from "$lib/bindings/TermsView";
import type { CreditHoldInput } from "$lib/bindings/CreditHoldInput";
import type { CreditHoldView } from "$lib/bindings/CreditHoldView";
import type { ClientLaw } from "$lib/bindings/ClientLaw";
import type { ClientLawInput } from "$lib/bindings/ClientLawInput";
import type { InterestCard } from "$lib/bindings/InterestCard";
import type { InterestClaim } from "$lib/bindings/InterestClaim";
import type { InterestQuery } from "$lib/bindings/InterestQuery";
import type { RateTableStatus } from "$lib/bindings/RateTableStatus";
import type { ReferenceRateInput } from "$lib/bindings/ReferenceRateInput";
import { reportError } from "./errors.svelte";

export type { ApiError } from "$lib/bindings/ApiError";

async function call<T>(command: string, input?: unknown): Promise<T> {
  try {
    return await invoke<T>(command, input === undefined ? undefined : { input });
  } catch (error) {
    throw reportError(error);
  }
}

export const appInfo = (): Promise<AppInfo> => call("app_info");
export const businessGet = (): Promise<Business> => call("business_get");
export const businessSave = (input: Business): Promise<Business> => call("business_save", input);
export const clientList = (input: ClientQuery = {}): Promise<ClientSummary[]> => call("client_list", input);
export const clientGet = (id: number): Promise<Client> => call("client_get", id);
export const clientSave = (input: ClientInput): Promise<Client> => call("client_save", input);
export const invoiceList = (input: InvoiceQuery): Promise<InvoicePage> => call("invoice_list", input);
export const invoiceGet = (number: string): Promise<InvoiceDetail> => call("invoice_get", number);
export const invoiceNextNumber = (): Promise<string> => call("invoice_next_number");
export const invoiceSave = (input: InvoiceInput): Promise<InvoiceDetail> => call("invoice_save", input);
export const invoiceMark = (input: MarkInvoice): Promise<InvoiceDetail> => call("invoice_mark", input);
/** Confirms an imported invoice "to review": from now on it is owed and chased. */
export const invoiceConfirm = (input: InvoiceConfirmInput): Promise<InvoiceDetail> => call("invoice_confirm", input);
export const paymentAdd = (input: PaymentInput): Promise<InvoiceDetail> => call("payment_add", input);
export const demoLoad = (input: DemoInput): Promise<DemoReport> => call("demo_load", input);
export const overview = (input: OverviewQuery = {}): Promise<Overview> => call("overview", input);
export const aging = (input: AgingQuery = {}): Promise<AgingReport> => call("aging", input);
export const todayList = (input: TodayQuery = {}): Promise<TodayList> => call("today_list", input);

export const mailSettingsGet = (): Promise<MailSettings> => call("mail_settings_get");
export const mailSettingsSave = (input: MailSettingsInput): Promise<MailSettings> => call("mail_settings_save", input);
export const mailTest = (to: string): Promise<MailTestReport> => call("mail_test", { to });
export const sendWindowGet = (): Promise<SendWindow> => call("send_window_get");
export const sendWindowSave = (input: SendWindow): Promise<SendWindow> => call("send_window_save", input);
/** Queues a message; it leaves after the undo window (outboxCancel takes it back meanwhile). */
export const outboxEnqueue = (input: OutboxEnqueueInput): Promise<OutboxItem> => call("outbox_enqueue", input);
export const outboxList = (input: OutboxQuery = { state: null, limit: null }): Promise<OutboxItem[]> =>
  call("outbox_list", input);
export const outboxCancel = (id: number): Promise<OutboxItem> => call("outbox_cancel", { id });
export const outboxRetry = (id: number): Promise<OutboxItem> => call("outbox_retry", { id });
export const outboxResend = (id: number): Promise<OutboxItem> => call("outbox_resend", { id });
export const outboxMarkSent = (id: number): Promise<OutboxItem> => call("outbox_mark_sent", { id });
export const outboxRelease = (id: number): Promise<OutboxItem> => call("outbox_release", { id });
export const outboxDiscard = (id: number): Promise<OutboxItem> => call("outbox_discard", { id });
/** The background sender's event after a pass that changed something. */
export const OUTBOX_CHANGED = "outbox-changed";
/** Whether queued mail is leaving; SENDER_STATUS carries each change. */
export const senderStatus = (): Promise<SenderStatus> => call("sender_status");
export const SENDER_STATUS = "sender-status";

// Backups, export and the app's own preferences (issue 9).
export const backupNow = (input: BackupNowInput = { to: null }): Promise<BackupInfo> => call("backup_now", input);
export const backupList = (): Promise<BackupList> => call("backup_list");
export const backupRestore = (path: string): Promise<BackupRestoreReport> => call("backup_restore", { path });
export const backupAuto = (): Promise<BackupInfo | null> => call("backup_auto");
export const backupKeepSet = (keep: number): Promise<BackupList> => call("backup_keep_set", keep);
export const exportData = (input: ExportInput): Promise<ExportReport> => call("export_data", input);
export const preferencesGet = (): Promise<Preferences> => call("preferences_get");
export const preferencesSave = (input: PreferencesInput): Promise<Preferences> => call("preferences_save", input);
/** What a native file dialog is for; the shell opens it, so the window never names a path itself. */
export type PickPurpose = { kind: "restore" } | { kind: "import" } | { kind: "export" };
/** The paths the user chose (now usable in backupRestore, importPreview, exportData); empty when cancelled. */
export const pick = (purpose: PickPurpose): Promise<string[]> => call("pick", purpose);
export const importPreview = (input: ImportInput): Promise<ImportReport> => call("import_preview", input);
export const importCommit = (input: ImportInput): Promise<ImportReport> => call("import_commit", input);
/** A bank statement's credits and the invoices each seems to pay (nothing written). */
export const statementPreview = (input: StatementInput): Promise<StatementPreview> => call("statement_preview", input);
/** Records the chosen payments from a statement in one transaction; lines seen before are skipped. */
export const statementCommit = (input: StatementCommitInput): Promise<StatementCommitReport> =>
  call("statement_commit", input);
// Stops the import being read (a file that takes long); its unread files come back as cancelled.
export const importCancel = (): Promise<void> => call("import_cancel");

// Documents as PDF (issue 4): saved to Downloads (or where the user chose: pdfSaveAs), or to the preview folder and then
// opened in the system's PDF viewer by the opener plugin, whose capability allows only that folder.
export const pdfSave = (input: PdfRequest): Promise<SavedPdf> => call("pdf_save", input);
/** "Save as…": the shell asks where in a native dialog; null when the user cancelled. */
export const pdfSaveAs = (input: PdfRequest): Promise<SavedPdf | null> => call("pdf_save_as", input);
export const pdfPreview = (input: PdfRequest): Promise<SavedPdf> => call("pdf_preview", input);
export async function openInViewer(path: string): Promise<void> {
  try {
    await invoke("plugin:opener|open_path", { path });
  } catch (error) {
    throw reportError(error);
  }
}

// Calls, promises to pay and instalment plans (issue 7). The summary email goes out through
// outboxEnqueue with kind "call_summary".
export const callLog = (input: CallInput): Promise<Call> => call("call_log", input);
export const callList = (input: CallQuery = {}): Promise<Call[]> => call("call_list", input);
export const callSummary = (id: number): Promise<CallSummary> => call("call_summary", { id });
export const planCreate = (input: PlanInput): Promise<Plan> => call("plan_create", input);
export const planGet = (invoiceNumber: string): Promise<Plan | null> => call("plan_get", invoiceNumber);
export const invoiceContacts = (invoiceNumber: string): Promise<InvoiceContacts> =>
  call("invoice_contacts", invoiceNumber);

// The follow-up ladder: the day's actions with their drafts, where one invoice stands, the
// one-click reminder (queued with its undo window: remindUndo cancels it and makes the step due
// again, in one transaction).
export const followupActions = (input: FollowupQuery = { as_of: null, limit: null }): Promise<FollowupList> =>
  call("followup_actions", input);
export const followupNext = (number: string): Promise<NextFollowup> => call("followup_next", { number, as_of: null });
/** `edit` sends the user's subject and plain-text body instead of the drafted ones. */
export const remind = (
  number: string,
  draftOnly = false,
  edit: { subject: string | null; body: string | null } = { subject: null, body: null },
): Promise<RemindResult> => call("remind", { number, draft_only: draftOnly, subject: edit.subject, body: edit.body });
/** Undo of a reminder just queued: its message cancelled and its step due again, all or nothing. */
export const remindUndo = (outboxId: number): Promise<OutboxItem> => call("remind_undo", { id: outboxId });
export const followupSkip = (number: string, step: string): Promise<boolean> => call("followup_skip", { number, step });
/** The step is due again on `until` (YYYY-MM-DD, after today). */
export const followupPostpone = (number: string, step: string, until: string): Promise<boolean> =>
  call("followup_postpone", { number, step, until });
export const followupPause = (input: PauseInput): Promise<boolean> => call("followup_pause", input);
export const followupSentOutside = (input: SentOutsideInput): Promise<SentOutsideResult> =>
  call("followup_sent_outside", input);
// Ladder settings: the steps for everyone or one client, the wording of each step's template per
// language (refused when it uses an unknown variable), its preview against a real invoice, terms,
// credit hold.
export const ladderGet = (input: LadderScope = { client_id: null }): Promise<LadderView> => call("ladder_get", input);
export const ladderSave = (input: LadderSaveInput): Promise<LadderView> => call("ladder_save", input);
export const templateGet = (input: TemplateQuery): Promise<TemplateView> => call("template_get", input);
export const templateSave = (input: TemplateInput): Promise<TemplateView> => call("template_save", input);
export const templateReset = (input: TemplateQuery): Promise<TemplateView> => call("template_reset", input);
export const templatePreview = (input: TemplatePreviewInput): Promise<Draft> => call("template_preview", input);
export const termsGet = (input: TermsInput): Promise<TermsView | null> => call("terms_get", input);
export const termsSave = (input: TermsInput): Promise<TermsView> => call("terms_save", input);
export const creditHoldGet = (clientId: number): Promise<CreditHoldView> => call("credit_hold_get", clientId);
export const creditHoldSet = (input: CreditHoldInput): Promise<CreditHoldView> => call("credit_hold_set", input);

// The law behind a demand (issue 16): statutory interest and compensation on an invoice, the
// business's country, a client's governing law, and the reference-rate tables.
export const interestGet = (input: InterestQuery): Promise<InterestClaim> => call("interest_get", input);
/** The claim with its amounts written out in the business's language (the invoice page's card). */
export const interestCard = (input: InterestQuery): Promise<InterestCard> => call("interest_card", input);
export const lawCountryGet = (): Promise<string | null> => call("law_country_get");
/** Sets the business's own country ("" or null clears it); resolves to the stored code. */
export const lawCountrySet = (country: string | null): Promise<string | null> => call("law_country_set", country);
export const clientLawGet = (clientId: number): Promise<ClientLaw> => call("client_law_get", clientId);
export const clientLawSet = (input: ClientLawInput): Promise<ClientLaw> => call("client_law_set", input);
export const referenceRateAdd = (input: ReferenceRateInput): Promise<null> => call("reference_rate_add", input);
export const rateTablesGet = (): Promise<RateTableStatus[]> => call("rate_tables_get");

// Autopilot (issue 23): the ladder's automatic steps. Turning it on confirms a preview: pass the
// `token` of the autopilotPreview the user saw; a stale one is refused (conflict) and the UI shows
// the preview again.
export const autopilotStatus = (): Promise<AutopilotStatus> => call("autopilot_status");
/** Today and the next `days - 1` days (7 when null), one item per client and day. */
export const autopilotPreview = (days: number | null = null): Promise<AutopilotPreview> =>
  call("autopilot_preview", { days });
export const autopilotEnable = (token: string, days: number | null = null): Promise<AutopilotStatus> =>
  call("autopilot_enable", { token, days });
/** Off: autopilot's queued messages are cancelled; their steps wait on Today as drafts. */
export const autopilotDisable = (): Promise<AutopilotStatus> => call("autopilot_disable");
/** `clientId` null: the business's choice; else that client's own (its mode becomes "own"). */
export const autopilotStepModeSet = (
  step: string,
  mode: AutopilotStepMode,
  clientId: number | null = null,
): Promise<AutopilotStatus> => call("autopilot_step_mode_set", { step, mode, client_id: clientId });
export const autopilotClientModeSet = (clientId: number, mode: AutopilotClientMode): Promise<AutopilotStatus> =>
  call("autopilot_client_mode_set", { client_id: clientId, mode });
/** The user looked: clears an invoice's stop, a client's, or (both null) the global ones. */
export const autopilotResume = (
  where: { invoiceId?: number | null; clientId?: number | null } = {},
): Promise<AutopilotStatus> =>
  call("autopilot_resume", { invoice_id: where.invoiceId ?? null, client_id: where.clientId ?? null });
/** The client replied about invoice `number`, or a message bounced: autopilot stops for the client. */
export const autopilotNote = (
  number: string,
  kind: AutopilotNoteKind,
  detail: string | null = null,
): Promise<AutopilotStatus> => call("autopilot_note", { number, kind, detail });
/** The background pass now (the sender runs it by itself before every outbox pass). */
export const autopilotRun = (): Promise<AutopilotRunReport> => call("autopilot_run");
/** "Duly sent 3 polite reminders today", with each message's invoices and outbox id. */
export const autopilotToday = (): Promise<AutopilotSummary> => call("autopilot_today");
export const autopilotDigest = (): Promise<AutopilotDigest> => call("autopilot_digest");
