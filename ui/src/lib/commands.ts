// Generated from the command list in src-tauri/src/command_list.rs: do not edit.
// One typed function per Tauri command; `api.ts` re-exports them. To regenerate:
// DULY_UPDATE_COMMANDS=1 cargo test --workspace --features duly-app/custom-protocol generated_files
import { call } from "./call";
import type { AgingQuery } from "$lib/bindings/AgingQuery";
import type { AgingReport } from "$lib/bindings/AgingReport";
import type { AppInfo } from "$lib/bindings/AppInfo";
import type { AutopilotClientModeInput } from "$lib/bindings/AutopilotClientModeInput";
import type { AutopilotDigest } from "$lib/bindings/AutopilotDigest";
import type { AutopilotEnableInput } from "$lib/bindings/AutopilotEnableInput";
import type { AutopilotNoteInput } from "$lib/bindings/AutopilotNoteInput";
import type { AutopilotPreview } from "$lib/bindings/AutopilotPreview";
import type { AutopilotPreviewQuery } from "$lib/bindings/AutopilotPreviewQuery";
import type { AutopilotResumeInput } from "$lib/bindings/AutopilotResumeInput";
import type { AutopilotRunReport } from "$lib/bindings/AutopilotRunReport";
import type { AutopilotStatus } from "$lib/bindings/AutopilotStatus";
import type { AutopilotStepModeInput } from "$lib/bindings/AutopilotStepModeInput";
import type { AutopilotSummary } from "$lib/bindings/AutopilotSummary";
import type { BackupInfo } from "$lib/bindings/BackupInfo";
import type { BackupList } from "$lib/bindings/BackupList";
import type { BackupNowInput } from "$lib/bindings/BackupNowInput";
import type { BackupRestoreInput } from "$lib/bindings/BackupRestoreInput";
import type { BackupRestoreReport } from "$lib/bindings/BackupRestoreReport";
import type { Business } from "$lib/bindings/Business";
import type { Call } from "$lib/bindings/Call";
import type { CallEditInput } from "$lib/bindings/CallEditInput";
import type { CallId } from "$lib/bindings/CallId";
import type { CallInput } from "$lib/bindings/CallInput";
import type { CallQuery } from "$lib/bindings/CallQuery";
import type { CallSummary } from "$lib/bindings/CallSummary";
import type { ClaimKit } from "$lib/bindings/ClaimKit";
import type { ClaimKitRequest } from "$lib/bindings/ClaimKitRequest";
import type { Client } from "$lib/bindings/Client";
import type { ClientInput } from "$lib/bindings/ClientInput";
import type { ClientLaw } from "$lib/bindings/ClientLaw";
import type { ClientLawInput } from "$lib/bindings/ClientLawInput";
import type { ClientQuery } from "$lib/bindings/ClientQuery";
import type { ClientReminders } from "$lib/bindings/ClientReminders";
import type { ClientRemindersInput } from "$lib/bindings/ClientRemindersInput";
import type { ClientSummary } from "$lib/bindings/ClientSummary";
import type { CombinedRemindInput } from "$lib/bindings/CombinedRemindInput";
import type { CombinedRemindResult } from "$lib/bindings/CombinedRemindResult";
import type { CombinedReminderList } from "$lib/bindings/CombinedReminderList";
import type { CreditHoldInput } from "$lib/bindings/CreditHoldInput";
import type { CreditHoldView } from "$lib/bindings/CreditHoldView";
import type { CreditNoteInput } from "$lib/bindings/CreditNoteInput";
import type { CreditNoteResult } from "$lib/bindings/CreditNoteResult";
import type { DemoInput } from "$lib/bindings/DemoInput";
import type { DemoRemoved } from "$lib/bindings/DemoRemoved";
import type { DemoReport } from "$lib/bindings/DemoReport";
import type { DepositDeductInput } from "$lib/bindings/DepositDeductInput";
import type { DepositMarkInput } from "$lib/bindings/DepositMarkInput";
import type { DocumentInput } from "$lib/bindings/DocumentInput";
import type { Draft } from "$lib/bindings/Draft";
import type { EvidencePack } from "$lib/bindings/EvidencePack";
import type { EvidenceRequest } from "$lib/bindings/EvidenceRequest";
import type { ExportInput } from "$lib/bindings/ExportInput";
import type { ExportReport } from "$lib/bindings/ExportReport";
import type { FollowupList } from "$lib/bindings/FollowupList";
import type { FollowupQuery } from "$lib/bindings/FollowupQuery";
import type { FollowupStepInput } from "$lib/bindings/FollowupStepInput";
import type { ImportInput } from "$lib/bindings/ImportInput";
import type { ImportReport } from "$lib/bindings/ImportReport";
import type { InterestCard } from "$lib/bindings/InterestCard";
import type { InterestClaim } from "$lib/bindings/InterestClaim";
import type { InterestQuery } from "$lib/bindings/InterestQuery";
import type { InvoiceConfirmInput } from "$lib/bindings/InvoiceConfirmInput";
import type { InvoiceContacts } from "$lib/bindings/InvoiceContacts";
import type { InvoiceDetail } from "$lib/bindings/InvoiceDetail";
import type { InvoiceInput } from "$lib/bindings/InvoiceInput";
import type { InvoiceMarkSentInput } from "$lib/bindings/InvoiceMarkSentInput";
import type { InvoiceNumber } from "$lib/bindings/InvoiceNumber";
import type { InvoicePage } from "$lib/bindings/InvoicePage";
import type { InvoiceQuery } from "$lib/bindings/InvoiceQuery";
import type { InvoiceSendInput } from "$lib/bindings/InvoiceSendInput";
import type { InvoiceSendResult } from "$lib/bindings/InvoiceSendResult";
import type { InvoiceUnvoidInput } from "$lib/bindings/InvoiceUnvoidInput";
import type { KeptDocument } from "$lib/bindings/KeptDocument";
import type { LadderSaveInput } from "$lib/bindings/LadderSaveInput";
import type { LadderScope } from "$lib/bindings/LadderScope";
import type { LadderView } from "$lib/bindings/LadderView";
import type { MailSettings } from "$lib/bindings/MailSettings";
import type { MailSettingsInput } from "$lib/bindings/MailSettingsInput";
import type { MailTestInput } from "$lib/bindings/MailTestInput";
import type { MailTestReport } from "$lib/bindings/MailTestReport";
import type { MailboxCheckReport } from "$lib/bindings/MailboxCheckReport";
import type { MailboxSettings } from "$lib/bindings/MailboxSettings";
import type { MailboxSettingsInput } from "$lib/bindings/MailboxSettingsInput";
import type { MarkInvoice } from "$lib/bindings/MarkInvoice";
import type { NextFollowup } from "$lib/bindings/NextFollowup";
import type { NumberingInput } from "$lib/bindings/NumberingInput";
import type { NumberingSettings } from "$lib/bindings/NumberingSettings";
import type { OutboxEnqueueInput } from "$lib/bindings/OutboxEnqueueInput";
import type { OutboxId } from "$lib/bindings/OutboxId";
import type { OutboxItem } from "$lib/bindings/OutboxItem";
import type { OutboxQuery } from "$lib/bindings/OutboxQuery";
import type { Overview } from "$lib/bindings/Overview";
import type { OverviewQuery } from "$lib/bindings/OverviewQuery";
import type { PauseInput } from "$lib/bindings/PauseInput";
import type { PaymentInput } from "$lib/bindings/PaymentInput";
import type { PaymentReverseInput } from "$lib/bindings/PaymentReverseInput";
import type { PdfRequest } from "$lib/bindings/PdfRequest";
import type { Plan } from "$lib/bindings/Plan";
import type { PlanInput } from "$lib/bindings/PlanInput";
import type { Preferences } from "$lib/bindings/Preferences";
import type { PreferencesInput } from "$lib/bindings/PreferencesInput";
import type { PromiseEditInput } from "$lib/bindings/PromiseEditInput";
import type { RateTableStatus } from "$lib/bindings/RateTableStatus";
import type { RecurringDeleteInput } from "$lib/bindings/RecurringDeleteInput";
import type { RecurringInput } from "$lib/bindings/RecurringInput";
import type { RecurringQuery } from "$lib/bindings/RecurringQuery";
import type { RecurringRunReport } from "$lib/bindings/RecurringRunReport";
import type { RecurringSchedule } from "$lib/bindings/RecurringSchedule";
import type { ReferenceRateInput } from "$lib/bindings/ReferenceRateInput";
import type { RemindInput } from "$lib/bindings/RemindInput";
import type { RemindResult } from "$lib/bindings/RemindResult";
import type { SavedPdf } from "$lib/bindings/SavedPdf";
import type { SendWindow } from "$lib/bindings/SendWindow";
import type { SenderStatus } from "$lib/bindings/SenderStatus";
import type { SentOutsideInput } from "$lib/bindings/SentOutsideInput";
import type { SentOutsideResult } from "$lib/bindings/SentOutsideResult";
import type { StatementCommitInput } from "$lib/bindings/StatementCommitInput";
import type { StatementCommitReport } from "$lib/bindings/StatementCommitReport";
import type { StatementInput } from "$lib/bindings/StatementInput";
import type { StatementPreview } from "$lib/bindings/StatementPreview";
import type { StatementSendInput } from "$lib/bindings/StatementSendInput";
import type { StatementSendResult } from "$lib/bindings/StatementSendResult";
import type { TemplateInput } from "$lib/bindings/TemplateInput";
import type { TemplatePreviewInput } from "$lib/bindings/TemplatePreviewInput";
import type { TemplateQuery } from "$lib/bindings/TemplateQuery";
import type { TemplateView } from "$lib/bindings/TemplateView";
import type { TermsInput } from "$lib/bindings/TermsInput";
import type { TermsView } from "$lib/bindings/TermsView";
import type { TodayList } from "$lib/bindings/TodayList";
import type { TodayQuery } from "$lib/bindings/TodayQuery";

export const appInfo = (): Promise<AppInfo> => call("app_info");

export const businessGet = (): Promise<Business> => call("business_get");

export const businessSave = (input: Business): Promise<Business> => call("business_save", input);

export const clientList = (input: ClientQuery): Promise<Array<ClientSummary>> => call("client_list", input);

export const clientGet = (input: number): Promise<Client> => call("client_get", input);

export const clientSave = (input: ClientInput): Promise<Client> => call("client_save", input);

export const invoiceList = (input: InvoiceQuery): Promise<InvoicePage> => call("invoice_list", input);

export const invoiceGet = (input: string): Promise<InvoiceDetail> => call("invoice_get", input);

export const invoiceNextNumber = (): Promise<string> => call("invoice_next_number");

export const invoiceSave = (input: InvoiceInput): Promise<InvoiceDetail> => call("invoice_save", input);

export const invoiceMark = (input: MarkInvoice): Promise<InvoiceDetail> => call("invoice_mark", input);

/** Emails the invoice with its PDF through the outbox (a draft is issued). */
export const invoiceSend = (input: InvoiceSendInput): Promise<InvoiceSendResult> => call("invoice_send", input);

/** Records the day an invoice sent outside Duly reached the client. */
export const invoiceMarkSent = (input: InvoiceMarkSentInput): Promise<InvoiceDetail> => call("invoice_mark_sent", input);

/** Confirms an imported invoice "to review": from now on it is owed and chased. */
export const invoiceConfirm = (input: InvoiceConfirmInput): Promise<InvoiceDetail> => call("invoice_confirm", input);

export const invoiceContacts = (input: string): Promise<InvoiceContacts> => call("invoice_contacts", input);

/** Takes an invoice's void back: a draft again, or open (and chased) if it had been issued. */
export const invoiceUnvoid = (input: InvoiceUnvoidInput): Promise<InvoiceDetail> => call("invoice_unvoid", input);

export const paymentAdd = (input: PaymentInput): Promise<InvoiceDetail> => call("payment_add", input);

/** Takes a payment back with a reason kept on the timeline; the invoice owes it again. */
export const paymentReverse = (input: PaymentReverseInput): Promise<InvoiceDetail> => call("payment_reverse", input);

export const numberingGet = (): Promise<NumberingSettings> => call("numbering_get");

export const numberingSet = (input: NumberingInput): Promise<NumberingSettings> => call("numbering_set", input);

export const creditNoteCreate = (input: CreditNoteInput): Promise<CreditNoteResult> => call("credit_note_create", input);

/** Marks an invoice as a deposit (advance) for its client, or unmarks it. */
export const depositMark = (input: DepositMarkInput): Promise<InvoiceDetail> => call("deposit_mark", input);

/** Deducts a paid deposit on a draft: a line "Less deposit … paid on …". */
export const depositDeduct = (input: DepositDeductInput): Promise<InvoiceDetail> => call("deposit_deduct", input);

/** "Email statement": the client's statement of account with its PDF, through the outbox. */
export const statementSend = (input: StatementSendInput): Promise<StatementSendResult> => call("statement_send", input);

/** The combined reminders due on a day: one per client who asked for them and has two or more invoices due a reminder. */
export const combinedReminders = (input: FollowupQuery): Promise<CombinedReminderList> => call("combined_reminders", input);

/** Queues (or drafts) a client's one combined reminder, statement and invoices attached. */
export const combinedRemind = (input: CombinedRemindInput): Promise<CombinedRemindResult> => call("combined_remind", input);

export const clientRemindersGet = (input: number): Promise<ClientReminders> => call("client_reminders_get", input);

/** Reminders off for a client, or one combined reminder when several are due. */
export const clientRemindersSet = (input: ClientRemindersInput): Promise<ClientReminders> => call("client_reminders_set", input);

/** Recurring invoices (retainers), every schedule or a client's. */
export const recurringList = (input: RecurringQuery): Promise<Array<RecurringSchedule>> => call("recurring_list", input);

export const recurringSave = (input: RecurringInput): Promise<RecurringSchedule> => call("recurring_save", input);

/** Deletes a schedule; the invoices it issued stay. */
export const recurringDelete = (input: RecurringDeleteInput): Promise<void> => call("recurring_delete", input);

/** Issues every recurring invoice due by today (the sender also runs it in its pass). */
export const recurringRun = (): Promise<RecurringRunReport> => call("recurring_run");

export const demoLoad = (input: DemoInput): Promise<DemoReport> => call("demo_load", input);

/** "Start fresh": removes the demo clients and all about them; the profile and settings stay. */
export const demoRemove = (): Promise<DemoRemoved> => call("demo_remove");

export const overview = (input: OverviewQuery): Promise<Overview> => call("overview", input);

export const aging = (input: AgingQuery): Promise<AgingReport> => call("aging", input);

export const todayList = (input: TodayQuery): Promise<TodayList> => call("today_list", input);

export const backupList = (): Promise<BackupList> => call("backup_list");

export const backupKeepSet = (input: number): Promise<BackupList> => call("backup_keep_set", input);

export const preferencesGet = (): Promise<Preferences> => call("preferences_get");

export const mailSettingsGet = (): Promise<MailSettings> => call("mail_settings_get");

export const mailSettingsSave = (input: MailSettingsInput): Promise<MailSettings> => call("mail_settings_save", input);

/** The IMAP account replies are read from; null when none is saved. */
export const mailboxSettingsGet = (): Promise<MailboxSettings | null> => call("mailbox_settings_get");

export const mailboxSettingsSave = (input: MailboxSettingsInput): Promise<MailboxSettings> => call("mailbox_settings_save", input);

export const sendWindowGet = (): Promise<SendWindow> => call("send_window_get");

export const sendWindowSave = (input: SendWindow): Promise<SendWindow> => call("send_window_save", input);

/** Queues a message; it leaves after the undo window (outboxCancel takes it back meanwhile). */
export const outboxEnqueue = (input: OutboxEnqueueInput): Promise<OutboxItem> => call("outbox_enqueue", input);

export const outboxList = (input: OutboxQuery): Promise<Array<OutboxItem>> => call("outbox_list", input);

export const outboxCancel = (input: OutboxId): Promise<OutboxItem> => call("outbox_cancel", input);

export const outboxRetry = (input: OutboxId): Promise<OutboxItem> => call("outbox_retry", input);

export const outboxResend = (input: OutboxId): Promise<OutboxItem> => call("outbox_resend", input);

export const outboxMarkSent = (input: OutboxId): Promise<OutboxItem> => call("outbox_mark_sent", input);

export const outboxRelease = (input: OutboxId): Promise<OutboxItem> => call("outbox_release", input);

export const outboxDiscard = (input: OutboxId): Promise<OutboxItem> => call("outbox_discard", input);

/** A document rendered into the preview folder, for the system's PDF viewer. */
export const pdfPreview = (input: PdfRequest): Promise<SavedPdf> => call("pdf_preview", input);

export const callLog = (input: CallInput): Promise<Call> => call("call_log", input);

export const callList = (input: CallQuery): Promise<Array<Call>> => call("call_list", input);

/** Corrects a call's outcome or notes. */
export const callEdit = (input: CallEditInput): Promise<Call> => call("call_edit", input);

/** Corrects a promise's date or amount; returns the call it was made on. */
export const promiseEdit = (input: PromiseEditInput): Promise<Call> => call("promise_edit", input);

export const callSummary = (input: CallId): Promise<CallSummary> => call("call_summary", input);

export const planCreate = (input: PlanInput): Promise<Plan> => call("plan_create", input);

export const planGet = (input: string): Promise<Plan | null> => call("plan_get", input);

export const followupActions = (input: FollowupQuery): Promise<FollowupList> => call("followup_actions", input);

export const followupNext = (input: InvoiceNumber): Promise<NextFollowup> => call("followup_next", input);

export const remind = (input: RemindInput): Promise<RemindResult> => call("remind", input);

/** Undo of a reminder just queued: its message cancelled and its step due again, all or nothing. */
export const remindUndo = (input: OutboxId): Promise<OutboxItem> => call("remind_undo", input);

export const followupSkip = (input: FollowupStepInput): Promise<boolean> => call("followup_skip", input);

/** The step is due again on `until` (YYYY-MM-DD, after today). */
export const followupPostpone = (input: FollowupStepInput): Promise<boolean> => call("followup_postpone", input);

export const followupPause = (input: PauseInput): Promise<boolean> => call("followup_pause", input);

export const followupSentOutside = (input: SentOutsideInput): Promise<SentOutsideResult> => call("followup_sent_outside", input);

export const ladderGet = (input: LadderScope): Promise<LadderView> => call("ladder_get", input);

export const ladderSave = (input: LadderSaveInput): Promise<LadderView> => call("ladder_save", input);

export const templateGet = (input: TemplateQuery): Promise<TemplateView> => call("template_get", input);

export const templateSave = (input: TemplateInput): Promise<TemplateView> => call("template_save", input);

export const templateReset = (input: TemplateQuery): Promise<TemplateView> => call("template_reset", input);

export const templatePreview = (input: TemplatePreviewInput): Promise<Draft> => call("template_preview", input);

export const termsGet = (input: TermsInput): Promise<TermsView | null> => call("terms_get", input);

export const termsSave = (input: TermsInput): Promise<TermsView> => call("terms_save", input);

export const creditHoldGet = (input: number): Promise<CreditHoldView> => call("credit_hold_get", input);

export const creditHoldSet = (input: CreditHoldInput): Promise<CreditHoldView> => call("credit_hold_set", input);

export const autopilotStatus = (): Promise<AutopilotStatus> => call("autopilot_status");

/** Today and the next `days - 1` days (7 when null), one item per client and day. */
export const autopilotPreview = (input: AutopilotPreviewQuery): Promise<AutopilotPreview> => call("autopilot_preview", input);

export const autopilotEnable = (input: AutopilotEnableInput): Promise<AutopilotStatus> => call("autopilot_enable", input);

/** Off: autopilot's queued messages are cancelled; their steps wait on Today as drafts. */
export const autopilotDisable = (): Promise<AutopilotStatus> => call("autopilot_disable");

export const autopilotStepModeSet = (input: AutopilotStepModeInput): Promise<AutopilotStatus> => call("autopilot_step_mode_set", input);

export const autopilotClientModeSet = (input: AutopilotClientModeInput): Promise<AutopilotStatus> => call("autopilot_client_mode_set", input);

export const autopilotResume = (input: AutopilotResumeInput): Promise<AutopilotStatus> => call("autopilot_resume", input);

export const autopilotNote = (input: AutopilotNoteInput): Promise<AutopilotStatus> => call("autopilot_note", input);

/** "Duly sent 3 polite reminders today", with each message's invoices and outbox id. */
export const autopilotToday = (): Promise<AutopilotSummary> => call("autopilot_today");

export const autopilotDigest = (): Promise<AutopilotDigest> => call("autopilot_digest");

export const interestGet = (input: InterestQuery): Promise<InterestClaim> => call("interest_get", input);

/** The claim with its amounts written out in the business's language (the invoice page's card). */
export const interestCard = (input: InterestQuery): Promise<InterestCard> => call("interest_card", input);

export const lawCountryGet = (): Promise<string | null> => call("law_country_get");

/** Sets the business's own country ("" or null clears it); resolves to the stored code. */
export const lawCountrySet = (input: string | null): Promise<string | null> => call("law_country_set", input);

export const clientLawGet = (input: number): Promise<ClientLaw> => call("client_law_get", input);

export const clientLawSet = (input: ClientLawInput): Promise<ClientLaw> => call("client_law_set", input);

export const referenceRateAdd = (input: ReferenceRateInput): Promise<void> => call("reference_rate_add", input);

export const rateTablesGet = (): Promise<Array<RateTableStatus>> => call("rate_tables_get");

/** A client's kept documents (its own and its invoices'), oldest first. */
export const documentList = (input: number): Promise<Array<KeptDocument>> => call("document_list", input);

/** The documents kept with one invoice. */
export const documentListForInvoice = (input: string): Promise<Array<KeptDocument>> => call("document_list_for_invoice", input);

/** Removes a kept document (Duly's copy; the user's original is not touched). */
export const documentRemove = (input: number): Promise<KeptDocument> => call("document_remove", input);

/** The client's signed agreement in force, if one is kept. */
export const agreementGet = (input: number): Promise<KeptDocument | null> => call("agreement_get", input);

export const mailTest = (input: MailTestInput): Promise<MailTestReport> => call("mail_test", input);

/** Reads the inbox now ("Check now"; the sender also does it every few minutes). */
export const mailboxCheck = (): Promise<MailboxCheckReport> => call("mailbox_check");

export const backupNow = (input: BackupNowInput): Promise<BackupInfo> => call("backup_now", input);

export const backupRestore = (input: BackupRestoreInput): Promise<BackupRestoreReport> => call("backup_restore", input);

export const backupAuto = (): Promise<BackupInfo | null> => call("backup_auto");

export const exportData = (input: ExportInput): Promise<ExportReport> => call("export_data", input);

export const preferencesSave = (input: PreferencesInput): Promise<Preferences> => call("preferences_save", input);

/** Whether queued mail is leaving; the `sender-status` event carries each change. */
export const senderStatus = (): Promise<SenderStatus> => call("sender_status");

/** The files handed to Duly by the OS ("Open with") and not yet taken, for the import. */
export const launchFiles = (): Promise<Array<string>> => call("launch_files");

/** The paths the user chose in a native dialog (now usable in backupRestore, importPreview, exportData); empty when cancelled. */
export const pick = (input: { "kind": "restore" } | { "kind": "import" } | { "kind": "export" } | { "kind": "save_pdf", file_name: string, } | { "kind": "save_zip", file_name: string, } | { "kind": "document" }): Promise<Array<string>> => call("pick", input);

export const importPreview = (input: ImportInput): Promise<ImportReport> => call("import_preview", input);

export const importCommit = (input: ImportInput): Promise<ImportReport> => call("import_commit", input);

/** Stops the import being read (a file that takes long); its unread files come back as cancelled. */
export const importCancel = (): Promise<void> => call("import_cancel");

/** A bank statement's credits and the invoices each seems to pay (nothing written). */
export const statementPreview = (input: StatementInput): Promise<StatementPreview> => call("statement_preview", input);

/** Records the chosen payments from a statement in one transaction; lines seen before are skipped. */
export const statementCommit = (input: StatementCommitInput): Promise<StatementCommitReport> => call("statement_commit", input);

export const pdfSave = (input: PdfRequest): Promise<SavedPdf> => call("pdf_save", input);

/** "Save as…": the shell asks where in a native dialog; null when the user cancelled. */
export const pdfSaveAs = (input: PdfRequest): Promise<SavedPdf | null> => call("pdf_save_as", input);

/** "Evidence pack": the shell asks where in a native save dialog; null when the user cancelled. */
export const evidenceSaveAs = (input: EvidenceRequest): Promise<EvidencePack | null> => call("evidence_save_as", input);

/** "Small-claims kit": the shell asks where in a native save dialog; null when the user cancelled. */
export const claimKitSaveAs = (input: ClaimKitRequest): Promise<ClaimKit | null> => call("claim_kit_save_as", input);

/** Keeps a copy of a file the user chose (pick with purpose `document`) with a client or an invoice. */
export const documentAdd = (input: DocumentInput): Promise<KeptDocument> => call("document_add", input);

/** The background pass now (the sender runs it by itself before every outbox pass). */
export const autopilotRun = (): Promise<AutopilotRunReport> => call("autopilot_run");

/** Opens the folder of Duly's log file (for support) in the file manager; returns its path. */
export const logFolderOpen = (): Promise<string> => call("log_folder_open");

/** The dock or taskbar badge: the day's follow-ups (0 removes it). Nothing where the OS has none. */
export const badgeSet = (input: number): Promise<void> => call("badge_set", input);
