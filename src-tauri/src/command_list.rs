// Every command the window may call, declared once. Included (not a module) by `main.rs` and by
// `build.rs`, because the build script needs the names before the crate compiles.
//
// To add a use case: write its `duly-api` method, then one line below in `api` (named after the
// method, with its input and output types). A command that needs the shell (a file the user
// chose, the sender, the clock, a dialog) goes in `shell` and gets a hand-written function of
// the same name in `commands.rs`. Then run
// `DULY_UPDATE_COMMANDS=1 cargo test --workspace --features duly-app/custom-protocol -p duly-app command_files`
// and commit `ui/src/lib/commands.ts` and `capabilities/default.json`.

/// The command list, handed to `$callback` (a `macro_rules!` macro) as
/// `api { name(Input) -> Output; ... } shell { ... }`. Each consumer builds its part from it:
/// `commands.rs` the Tauri functions of `api` and the `generate_handler!` list, `build.rs` the
/// app manifest's permissions, and `command_files.rs` (tests) the UI's typed wrappers and the
/// window's capability.
///
/// It lives in the shell, not in `duly-api`: it is the window's surface, not the API's (the CLI
/// calls the API without it), it names shell-only commands and types (`pick`'s `Purpose`), and
/// the build script can read a file of its own crate but not a macro of a dependency.
///
/// An `api` command calls the method of the same name on `Duly` with its input and adds nothing;
/// `(&T)` lends the input to a method that takes a reference. The output is the `Ok` type (every
/// command returns `ApiResult`, except the `shell` ones that cannot fail). Doc comments become
/// the Rust function's and the TypeScript wrapper's.
macro_rules! with_commands {
    ($callback:ident) => {
        $callback! {
            api {
                app_info() -> AppInfo;
                business_get() -> Business;
                business_save(Business) -> Business;
                client_list(ClientQuery) -> Vec<ClientSummary>;
                client_get(i64) -> Client;
                client_save(ClientInput) -> Client;
                invoice_list(InvoiceQuery) -> InvoicePage;
                invoice_get(&String) -> InvoiceDetail;
                invoice_next_number() -> String;
                invoice_save(InvoiceInput) -> InvoiceDetail;
                invoice_mark(MarkInvoice) -> InvoiceDetail;
                /// Emails the invoice with its PDF through the outbox (a draft is issued).
                invoice_send(InvoiceSendInput) -> InvoiceSendResult;
                /// Records the day an invoice sent outside Duly reached the client.
                invoice_mark_sent(InvoiceMarkSentInput) -> InvoiceDetail;
                /// Confirms an imported invoice "to review": from now on it is owed and chased.
                invoice_confirm(InvoiceConfirmInput) -> InvoiceDetail;
                invoice_contacts(&String) -> InvoiceContacts;
                /// Takes an invoice's void back: a draft again, or open (and chased) if it had been issued.
                invoice_unvoid(InvoiceUnvoidInput) -> InvoiceDetail;
                payment_add(PaymentInput) -> InvoiceDetail;
                /// Takes a payment back with a reason kept on the timeline; the invoice owes it again.
                payment_reverse(PaymentReverseInput) -> InvoiceDetail;
                numbering_get() -> NumberingSettings;
                numbering_set(NumberingInput) -> NumberingSettings;
                credit_note_create(CreditNoteInput) -> CreditNoteResult;
                /// Marks an invoice as a deposit (advance) for its client, or unmarks it.
                deposit_mark(DepositMarkInput) -> InvoiceDetail;
                /// Deducts a paid deposit on a draft: a line "Less deposit … paid on …".
                deposit_deduct(DepositDeductInput) -> InvoiceDetail;
                /// "Email statement": the client's statement of account with its PDF, through the outbox.
                statement_send(StatementSendInput) -> StatementSendResult;
                /// The combined reminders due on a day: one per client who asked for them and has
                /// two or more invoices due a reminder.
                combined_reminders(FollowupQuery) -> CombinedReminderList;
                /// Queues (or drafts) a client's one combined reminder, statement and invoices attached.
                combined_remind(CombinedRemindInput) -> CombinedRemindResult;
                client_reminders_get(i64) -> ClientReminders;
                /// Reminders off for a client, or one combined reminder when several are due.
                client_reminders_set(ClientRemindersInput) -> ClientReminders;
                /// Recurring invoices (retainers), every schedule or a client's.
                recurring_list(RecurringQuery) -> Vec<RecurringSchedule>;
                recurring_save(RecurringInput) -> RecurringSchedule;
                /// Deletes a schedule; the invoices it issued stay.
                recurring_delete(RecurringDeleteInput) -> ();
                /// Issues every recurring invoice due by today (the sender also runs it in its pass).
                recurring_run() -> RecurringRunReport;
                demo_load(DemoInput) -> DemoReport;
                /// "Start fresh": removes the demo clients and all about them; the profile and settings stay.
                demo_remove() -> DemoRemoved;
                overview(OverviewQuery) -> Overview;
                aging(AgingQuery) -> AgingReport;
                today_list(TodayQuery) -> TodayList;

                backup_list() -> BackupList;
                backup_keep_set(i64) -> BackupList;
                preferences_get() -> Preferences;

                mail_settings_get() -> MailSettings;
                mail_settings_save(MailSettingsInput) -> MailSettings;
                /// The IMAP account replies are read from; null when none is saved.
                mailbox_settings_get() -> Option<MailboxSettings>;
                mailbox_settings_save(MailboxSettingsInput) -> MailboxSettings;
                send_window_get() -> SendWindow;
                send_window_save(SendWindow) -> SendWindow;
                /// Queues a message; it leaves after the undo window (outboxCancel takes it back meanwhile).
                outbox_enqueue(OutboxEnqueueInput) -> OutboxItem;
                outbox_list(OutboxQuery) -> Vec<OutboxItem>;
                outbox_cancel(OutboxId) -> OutboxItem;
                outbox_retry(OutboxId) -> OutboxItem;
                outbox_resend(OutboxId) -> OutboxItem;
                outbox_mark_sent(OutboxId) -> OutboxItem;
                outbox_release(OutboxId) -> OutboxItem;
                outbox_discard(OutboxId) -> OutboxItem;

                /// A document rendered into the preview folder, for the system's PDF viewer.
                pdf_preview(PdfRequest) -> SavedPdf;

                call_log(CallInput) -> Call;
                call_list(CallQuery) -> Vec<Call>;
                /// Corrects a call's outcome or notes.
                call_edit(CallEditInput) -> Call;
                /// Corrects a promise's date or amount; returns the call it was made on.
                promise_edit(PromiseEditInput) -> Call;
                call_summary(CallId) -> CallSummary;
                plan_create(PlanInput) -> Plan;
                plan_get(&String) -> Option<Plan>;

                followup_actions(FollowupQuery) -> FollowupList;
                followup_next(InvoiceNumber) -> NextFollowup;
                remind(RemindInput) -> RemindResult;
                /// Undo of a reminder just queued: its message cancelled and its step due again, all or nothing.
                remind_undo(OutboxId) -> OutboxItem;
                followup_skip(FollowupStepInput) -> bool;
                /// The step is due again on `until` (YYYY-MM-DD, after today).
                followup_postpone(FollowupStepInput) -> bool;
                followup_pause(PauseInput) -> bool;
                followup_sent_outside(SentOutsideInput) -> SentOutsideResult;
                ladder_get(LadderScope) -> LadderView;
                ladder_save(LadderSaveInput) -> LadderView;
                template_get(TemplateQuery) -> TemplateView;
                template_save(TemplateInput) -> TemplateView;
                template_reset(TemplateQuery) -> TemplateView;
                template_preview(TemplatePreviewInput) -> Draft;
                terms_get(TermsInput) -> Option<TermsView>;
                terms_save(TermsInput) -> TermsView;
                credit_hold_get(i64) -> CreditHoldView;
                credit_hold_set(CreditHoldInput) -> CreditHoldView;

                autopilot_status() -> AutopilotStatus;
                /// Today and the next `days - 1` days (7 when null), one item per client and day.
                autopilot_preview(AutopilotPreviewQuery) -> AutopilotPreview;
                autopilot_enable(AutopilotEnableInput) -> AutopilotStatus;
                /// Off: autopilot's queued messages are cancelled; their steps wait on Today as drafts.
                autopilot_disable() -> AutopilotStatus;
                autopilot_step_mode_set(AutopilotStepModeInput) -> AutopilotStatus;
                autopilot_client_mode_set(AutopilotClientModeInput) -> AutopilotStatus;
                autopilot_resume(AutopilotResumeInput) -> AutopilotStatus;
                autopilot_note(AutopilotNoteInput) -> AutopilotStatus;
                /// "Duly sent 3 polite reminders today", with each message's invoices and outbox id.
                autopilot_today() -> AutopilotSummary;
                autopilot_digest() -> AutopilotDigest;

                interest_get(InterestQuery) -> InterestClaim;
                /// The claim with its amounts written out in the business's language (the invoice page's card).
                interest_card(InterestQuery) -> InterestCard;
                law_country_get() -> Option<String>;
                /// Sets the business's own country ("" or null clears it); resolves to the stored code.
                law_country_set(Option<String>) -> Option<String>;
                client_law_get(i64) -> ClientLaw;
                client_law_set(ClientLawInput) -> ClientLaw;
                reference_rate_add(ReferenceRateInput) -> ();
                rate_tables_get() -> Vec<RateTableStatus>;
                /// A client's kept documents (its own and its invoices'), oldest first.
                document_list(i64) -> Vec<KeptDocument>;
                /// The documents kept with one invoice.
                document_list_for_invoice(&String) -> Vec<KeptDocument>;
                /// Removes a kept document (Duly's copy; the user's original is not touched).
                document_remove(i64) -> KeptDocument;
                /// The client's signed agreement in force, if one is kept.
                agreement_get(i64) -> Option<KeptDocument>;
            }
            shell {
                mail_test(MailTestInput) -> MailTestReport;
                /// Reads the inbox now ("Check now"; the sender also does it every few minutes).
                mailbox_check() -> MailboxCheckReport;
                backup_now(BackupNowInput) -> BackupInfo;
                backup_restore(BackupRestoreInput) -> BackupRestoreReport;
                backup_auto() -> Option<BackupInfo>;
                export_data(ExportInput) -> ExportReport;
                preferences_save(PreferencesInput) -> Preferences;
                /// Whether queued mail is leaving; the `sender-status` event carries each change.
                sender_status() -> SenderStatus;
                /// The files handed to Duly by the OS ("Open with") and not yet taken, for the import.
                launch_files() -> Vec<String>;
                /// The paths the user chose in a native dialog (now usable in backupRestore,
                /// importPreview, exportData); empty when cancelled.
                pick(Purpose) -> Vec<String>;
                import_preview(ImportInput) -> ImportReport;
                import_commit(ImportInput) -> ImportReport;
                /// Stops the import being read (a file that takes long); its unread files come back as cancelled.
                import_cancel() -> ();
                /// A bank statement's credits and the invoices each seems to pay (nothing written).
                statement_preview(StatementInput) -> StatementPreview;
                /// Records the chosen payments from a statement in one transaction; lines seen before are skipped.
                statement_commit(StatementCommitInput) -> StatementCommitReport;
                pdf_save(PdfRequest) -> SavedPdf;
                /// "Save as…": the shell asks where in a native dialog; null when the user cancelled.
                pdf_save_as(PdfRequest) -> Option<SavedPdf>;
                /// "Evidence pack": the shell asks where in a native save dialog; null when the user cancelled.
                evidence_save_as(EvidenceRequest) -> Option<EvidencePack>;
                /// "Small-claims kit": the shell asks where in a native save dialog; null when the user cancelled.
                claim_kit_save_as(ClaimKitRequest) -> Option<ClaimKit>;
                /// Keeps a copy of a file the user chose (pick with purpose `document`) with a client or an invoice.
                document_add(DocumentInput) -> KeptDocument;
                /// The background pass now (the sender runs it by itself before every outbox pass).
                autopilot_run() -> AutopilotRunReport;
                /// Opens the folder of Duly's log file (for support) in the file manager; returns its path.
                log_folder_open() -> String;
                /// The dock or taskbar badge: the day's follow-ups (0 removes it). Nothing where the OS has none.
                badge_set(i64) -> ();
            }
        }
    };
}
