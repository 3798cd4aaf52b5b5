//! One Tauri command per `duly-api` use case, each a single call: the shell adds no behaviour.
//! The command names are the API's method names; the UI's typed wrappers live in
//! `ui/src/lib/api.ts`.

use duly_api::SenderStatus;
use duly_api::{
    AgingQuery, AgingReport, ApiResult, AppInfo, Business, Client, ClientInput, ClientQuery, ClientSummary, DemoInput,
    DemoReport, InvoiceDetail, InvoiceInput, InvoicePage, InvoiceQuery, MarkInvoice, Overview, OverviewQuery,
    PaymentInput, SentOutsideInput, SentOutsideResult, TodayList, TodayQuery,
};
use duly_api::{
    AutopilotClientModeInput, AutopilotDigest, AutopilotEnableInput, AutopilotNoteInput, AutopilotPreview,
    AutopilotPreviewQuery, AutopilotResumeInput, AutopilotRunReport, AutopilotStatus, AutopilotStepModeInput,
    AutopilotSummary,
};
use duly_api::{
    BackupInfo, BackupList, BackupNowInput, BackupRestoreInput, BackupRestoreReport, ExportInput, ExportReport,
    Preferences, PreferencesInput,
};
use duly_api::{Call, CallId, CallInput, CallQuery, CallSummary, Plan, PlanInput};
use duly_api::{
    ClientLaw, ClientLawInput, InterestCard, InterestClaim, InterestQuery, RateTableStatus, ReferenceRateInput,
};
use duly_api::{
    CreditHoldInput, CreditHoldView, Draft, FollowupStepInput, LadderSaveInput, LadderScope, LadderView, PauseInput,
    TemplateInput, TemplatePreviewInput, TemplateQuery, TemplateView, TermsInput, TermsView,
};
use duly_api::{FollowupList, FollowupQuery, InvoiceNumber, NextFollowup, RemindInput, RemindResult};
use duly_api::{ImportInput, ImportRead, ImportReport, InvoiceConfirmInput};
use duly_api::{InvoiceContacts, PdfRequest, SavedPdf};
use duly_api::{
    MailSettings, MailSettingsInput, MailTestInput, MailTestReport, OutboxEnqueueInput, OutboxId, OutboxItem,
    OutboxQuery, SendWindow,
};
use duly_api::{StatementCommitInput, StatementCommitReport, StatementInput, StatementPreview};
use tauri::State;

use crate::paths::Granted;
use crate::state::{Db, ImportCancel};

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info,
        business_get,
        business_save,
        client_list,
        client_get,
        client_save,
        invoice_list,
        invoice_get,
        invoice_next_number,
        invoice_save,
        invoice_mark,
        invoice_confirm,
        payment_add,
        demo_load,
        overview,
        aging,
        today_list,
        backup_now,
        backup_list,
        backup_restore,
        backup_auto,
        backup_keep_set,
        export_data,
        preferences_get,
        preferences_save,
        sender_status,
        launch_files,
        pick,
        mail_settings_get,
        mail_settings_save,
        mail_test,
        send_window_get,
        send_window_save,
        outbox_enqueue,
        outbox_list,
        outbox_cancel,
        outbox_retry,
        outbox_resend,
        outbox_mark_sent,
        outbox_release,
        outbox_discard,
        pdf_save,
        pdf_save_as,
        pdf_preview,
        import_preview,
        import_commit,
        import_cancel,
        statement_preview,
        statement_commit,
        call_log,
        call_list,
        call_summary,
        plan_create,
        plan_get,
        invoice_contacts,
        followup_actions,
        followup_next,
        remind,
        remind_undo,
        followup_skip,
        followup_postpone,
        followup_pause,
        followup_sent_outside,
        ladder_get,
        ladder_save,
        template_get,
        template_save,
        template_reset,
        template_preview,
        terms_get,
        terms_save,
        credit_hold_get,
        credit_hold_set,
        autopilot_status,
        autopilot_preview,
        autopilot_enable,
        autopilot_disable,
        autopilot_step_mode_set,
        autopilot_client_mode_set,
        autopilot_resume,
        autopilot_note,
        autopilot_run,
        autopilot_today,
        autopilot_digest,
        interest_get,
        interest_card,
        law_country_get,
        law_country_set,
        client_law_get,
        client_law_set,
        reference_rate_add,
        rate_tables_get,
    ]
}

#[tauri::command]
async fn app_info(db: State<'_, Db>) -> ApiResult<AppInfo> {
    db.run(|d| d.app_info()).await
}

#[tauri::command]
async fn business_get(db: State<'_, Db>) -> ApiResult<Business> {
    db.run(|d| d.business_get()).await
}

#[tauri::command]
async fn business_save(db: State<'_, Db>, input: Business) -> ApiResult<Business> {
    db.run(|d| d.business_save(input)).await
}

#[tauri::command]
async fn client_list(db: State<'_, Db>, input: ClientQuery) -> ApiResult<Vec<ClientSummary>> {
    db.run(|d| d.client_list(input)).await
}

#[tauri::command]
async fn client_get(db: State<'_, Db>, input: i64) -> ApiResult<Client> {
    db.run(move |d| d.client_get(input)).await
}

#[tauri::command]
async fn client_save(db: State<'_, Db>, input: ClientInput) -> ApiResult<Client> {
    db.run(|d| d.client_save(input)).await
}

#[tauri::command]
async fn invoice_list(db: State<'_, Db>, input: InvoiceQuery) -> ApiResult<InvoicePage> {
    db.run(|d| d.invoice_list(input)).await
}

#[tauri::command]
async fn invoice_get(db: State<'_, Db>, input: String) -> ApiResult<InvoiceDetail> {
    db.run(move |d| d.invoice_get(&input)).await
}

#[tauri::command]
async fn invoice_next_number(db: State<'_, Db>) -> ApiResult<String> {
    db.run(|d| d.invoice_next_number()).await
}

#[tauri::command]
async fn invoice_save(db: State<'_, Db>, input: InvoiceInput) -> ApiResult<InvoiceDetail> {
    db.run(|d| d.invoice_save(input)).await
}

#[tauri::command]
async fn invoice_mark(db: State<'_, Db>, input: MarkInvoice) -> ApiResult<InvoiceDetail> {
    db.run(|d| d.invoice_mark(input)).await
}

#[tauri::command]
async fn invoice_confirm(db: State<'_, Db>, input: InvoiceConfirmInput) -> ApiResult<InvoiceDetail> {
    db.run(|d| d.invoice_confirm(input)).await
}

#[tauri::command]
async fn payment_add(db: State<'_, Db>, input: PaymentInput) -> ApiResult<InvoiceDetail> {
    db.run(|d| d.payment_add(input)).await
}

#[tauri::command]
async fn demo_load(db: State<'_, Db>, input: DemoInput) -> ApiResult<DemoReport> {
    db.run(|d| d.demo_load(input)).await
}

#[tauri::command]
async fn overview(db: State<'_, Db>, input: OverviewQuery) -> ApiResult<Overview> {
    db.run(|d| d.overview(input)).await
}

#[tauri::command]
async fn aging(db: State<'_, Db>, input: AgingQuery) -> ApiResult<AgingReport> {
    db.run(|d| d.aging(input)).await
}

#[tauri::command]
async fn today_list(db: State<'_, Db>, input: TodayQuery) -> ApiResult<TodayList> {
    db.run(|d| d.today_list(input)).await
}

#[tauri::command]
async fn mail_settings_get(db: State<'_, Db>) -> ApiResult<MailSettings> {
    db.run(|d| d.mail_settings_get()).await
}

#[tauri::command]
async fn mail_settings_save(db: State<'_, Db>, input: MailSettingsInput) -> ApiResult<MailSettings> {
    db.run(|d| d.mail_settings_save(input)).await
}

/// On its own handle, like the background sender: the SMTP conversation takes seconds and must
/// not hold the lock every other command waits on.
#[tauri::command]
async fn mail_test(input: MailTestInput) -> ApiResult<MailTestReport> {
    let test = move || crate::state::open_duly()?.mail_test(input);
    let stopped =
        |e| duly_api::ApiError::new(duly_api::ErrorCode::Internal, format!("the test stopped unexpectedly: {e}"));
    tauri::async_runtime::spawn_blocking(test).await.map_err(stopped)?
}

#[tauri::command]
async fn send_window_get(db: State<'_, Db>) -> ApiResult<SendWindow> {
    db.run(|d| d.send_window_get()).await
}

#[tauri::command]
async fn send_window_save(db: State<'_, Db>, input: SendWindow) -> ApiResult<SendWindow> {
    db.run(|d| d.send_window_save(input)).await
}

#[tauri::command]
async fn outbox_enqueue(db: State<'_, Db>, input: OutboxEnqueueInput) -> ApiResult<OutboxItem> {
    db.run(|d| d.outbox_enqueue(input)).await
}

#[tauri::command]
async fn outbox_list(db: State<'_, Db>, input: OutboxQuery) -> ApiResult<Vec<OutboxItem>> {
    db.run(|d| d.outbox_list(input)).await
}

#[tauri::command]
async fn outbox_cancel(db: State<'_, Db>, input: OutboxId) -> ApiResult<OutboxItem> {
    db.run(move |d| d.outbox_cancel(input)).await
}

#[tauri::command]
async fn outbox_retry(db: State<'_, Db>, input: OutboxId) -> ApiResult<OutboxItem> {
    db.run(move |d| d.outbox_retry(input)).await
}

#[tauri::command]
async fn outbox_resend(db: State<'_, Db>, input: OutboxId) -> ApiResult<OutboxItem> {
    db.run(move |d| d.outbox_resend(input)).await
}

#[tauri::command]
async fn outbox_mark_sent(db: State<'_, Db>, input: OutboxId) -> ApiResult<OutboxItem> {
    db.run(move |d| d.outbox_mark_sent(input)).await
}

#[tauri::command]
async fn outbox_release(db: State<'_, Db>, input: OutboxId) -> ApiResult<OutboxItem> {
    db.run(move |d| d.outbox_release(input)).await
}

#[tauri::command]
async fn outbox_discard(db: State<'_, Db>, input: OutboxId) -> ApiResult<OutboxItem> {
    db.run(move |d| d.outbox_discard(input)).await
}

#[tauri::command]
async fn backup_now(db: State<'_, Db>, granted: State<'_, Granted>, input: BackupNowInput) -> ApiResult<BackupInfo> {
    granted.check_all("to", [input.to.as_ref()])?;
    db.run(|d| d.backup_now(input)).await
}

#[tauri::command]
async fn backup_list(db: State<'_, Db>) -> ApiResult<BackupList> {
    db.run(|d| d.backup_list()).await
}

#[tauri::command]
async fn backup_restore(
    db: State<'_, Db>,
    granted: State<'_, Granted>,
    input: BackupRestoreInput,
) -> ApiResult<BackupRestoreReport> {
    granted.check_all("path", [Some(&input.path)])?;
    db.run(|d| d.backup_restore(input)).await
}

/// The daily backup; the UI calls it once at start, at the handle's now (pinned by DULY_NOW in tests).
#[tauri::command]
async fn backup_auto(db: State<'_, Db>) -> ApiResult<Option<BackupInfo>> {
    db.run(|d| d.backup_auto(d.now())).await
}

#[tauri::command]
async fn backup_keep_set(db: State<'_, Db>, input: i64) -> ApiResult<BackupList> {
    db.run(move |d| d.backup_keep_set(input)).await
}

#[tauri::command]
async fn export_data(db: State<'_, Db>, granted: State<'_, Granted>, input: ExportInput) -> ApiResult<ExportReport> {
    granted.check_all("to", [input.to.as_ref()])?;
    db.run(|d| d.export_data(input)).await
}

#[tauri::command]
async fn preferences_get(db: State<'_, Db>) -> ApiResult<Preferences> {
    db.run(|d| d.preferences_get()).await
}

/// Whether queued mail is leaving, for the banner (the sender keeps it; see `sender.rs`).
#[tauri::command]
fn sender_status(status: State<'_, crate::sender::Status>) -> SenderStatus {
    status.get()
}

#[tauri::command]
async fn preferences_save(app: tauri::AppHandle, db: State<'_, Db>, input: PreferencesInput) -> ApiResult<Preferences> {
    crate::autostart::apply(&app, &input)?;
    db.run(|d| d.preferences_save(input)).await
}

#[tauri::command]
async fn import_preview(
    db: State<'_, Db>,
    granted: State<'_, Granted>,
    imports: State<'_, ImportCancel>,
    input: ImportInput,
) -> ApiResult<ImportReport> {
    let read = read_import(&db, &granted, &imports, input).await?;
    db.run(|d| d.import_preview_read(read)).await
}

#[tauri::command]
async fn import_commit(
    db: State<'_, Db>,
    granted: State<'_, Granted>,
    imports: State<'_, ImportCancel>,
    input: ImportInput,
) -> ApiResult<ImportReport> {
    let read = read_import(&db, &granted, &imports, input).await?;
    db.run(|d| d.import_commit_read(read)).await
}

/// The part preview and commit share: the files must be ones the user chose, and they are read
/// between two short uses of the database, never holding it while a file is parsed, so other
/// commands go on and the window's Cancel (`import_cancel`) reaches the reading.
async fn read_import(db: &Db, granted: &Granted, imports: &ImportCancel, input: ImportInput) -> ApiResult<ImportRead> {
    granted.check_all("files.path", input.files.iter().map(|f| f.path.as_ref()))?;
    let limits = imports.limits();
    let start = db.run(|d| d.import_start(input)).await?;
    db.run_unlocked(move || start.read(&limits)).await
}

#[tauri::command]
fn import_cancel(imports: State<'_, ImportCancel>) {
    imports.cancel();
}

#[tauri::command]
async fn statement_preview(
    db: State<'_, Db>,
    granted: State<'_, Granted>,
    input: StatementInput,
) -> ApiResult<StatementPreview> {
    granted.check_all("file.path", [input.file.path.as_ref()])?;
    db.run(|d| d.statement_preview(input)).await
}

#[tauri::command]
async fn statement_commit(
    db: State<'_, Db>,
    granted: State<'_, Granted>,
    input: StatementCommitInput,
) -> ApiResult<StatementCommitReport> {
    granted.check_all("file.path", [input.file.path.as_ref()])?;
    db.run(|d| d.statement_commit(input)).await
}

#[tauri::command]
async fn pdf_save(db: State<'_, Db>, granted: State<'_, Granted>, input: PdfRequest) -> ApiResult<SavedPdf> {
    granted.check_all("path", [input.path.as_ref()])?;
    db.run(|d| d.pdf_save(input)).await
}

/// "Save as…": renders first so that the save dialog suggests the document's own name; `None`
/// when the user cancelled.
#[tauri::command]
async fn pdf_save_as(app: tauri::AppHandle, db: State<'_, Db>, input: PdfRequest) -> ApiResult<Option<SavedPdf>> {
    let paper = input.paper.unwrap_or_default();
    let file = db.run(move |d| d.pdf_bytes(&input.document, paper)).await?;
    let purpose = crate::paths::Purpose::SavePdf { file_name: file.file_name.clone() };
    let chosen = crate::paths::pick(&app, purpose).await?;
    chosen.first().map(|path| duly_api::pdf_write(&file, std::path::Path::new(path))).transpose()
}

/// A native dialog for `input` (restore, import, export, save): the chosen paths, now granted to
/// the window; empty when the user cancelled.
#[tauri::command]
async fn pick(app: tauri::AppHandle, input: crate::paths::Purpose) -> ApiResult<Vec<String>> {
    crate::paths::pick(&app, input).await
}

#[tauri::command]
async fn pdf_preview(db: State<'_, Db>, input: PdfRequest) -> ApiResult<SavedPdf> {
    db.run(|d| d.pdf_preview(input)).await
}

#[tauri::command]
async fn call_log(db: State<'_, Db>, input: CallInput) -> ApiResult<Call> {
    db.run(|d| d.call_log(input)).await
}

#[tauri::command]
async fn call_list(db: State<'_, Db>, input: CallQuery) -> ApiResult<Vec<Call>> {
    db.run(|d| d.call_list(input)).await
}

#[tauri::command]
async fn call_summary(db: State<'_, Db>, input: CallId) -> ApiResult<CallSummary> {
    db.run(move |d| d.call_summary(input)).await
}

#[tauri::command]
async fn plan_create(db: State<'_, Db>, input: PlanInput) -> ApiResult<Plan> {
    db.run(|d| d.plan_create(input)).await
}

#[tauri::command]
async fn followup_actions(db: State<'_, Db>, input: FollowupQuery) -> ApiResult<FollowupList> {
    db.run(|d| d.followup_actions(input)).await
}

#[tauri::command]
async fn followup_next(db: State<'_, Db>, input: InvoiceNumber) -> ApiResult<NextFollowup> {
    db.run(|d| d.followup_next(input)).await
}

#[tauri::command]
async fn remind(db: State<'_, Db>, input: RemindInput) -> ApiResult<RemindResult> {
    db.run(|d| d.remind(input)).await
}

#[tauri::command]
async fn remind_undo(db: State<'_, Db>, input: OutboxId) -> ApiResult<OutboxItem> {
    db.run(move |d| d.remind_undo(input)).await
}

#[tauri::command]
async fn followup_skip(db: State<'_, Db>, input: FollowupStepInput) -> ApiResult<bool> {
    db.run(move |d| d.followup_skip(input)).await
}

#[tauri::command]
async fn followup_postpone(db: State<'_, Db>, input: FollowupStepInput) -> ApiResult<bool> {
    db.run(move |d| d.followup_postpone(input)).await
}

#[tauri::command]
async fn followup_sent_outside(db: State<'_, Db>, input: SentOutsideInput) -> ApiResult<SentOutsideResult> {
    db.run(move |d| d.followup_sent_outside(input)).await
}

#[tauri::command]
async fn followup_pause(db: State<'_, Db>, input: PauseInput) -> ApiResult<bool> {
    db.run(move |d| d.followup_pause(input)).await
}

#[tauri::command]
async fn ladder_get(db: State<'_, Db>, input: LadderScope) -> ApiResult<LadderView> {
    db.run(move |d| d.ladder_get(input)).await
}

#[tauri::command]
async fn ladder_save(db: State<'_, Db>, input: LadderSaveInput) -> ApiResult<LadderView> {
    db.run(move |d| d.ladder_save(input)).await
}

#[tauri::command]
async fn template_get(db: State<'_, Db>, input: TemplateQuery) -> ApiResult<TemplateView> {
    db.run(move |d| d.template_get(input)).await
}

#[tauri::command]
async fn template_save(db: State<'_, Db>, input: TemplateInput) -> ApiResult<TemplateView> {
    db.run(move |d| d.template_save(input)).await
}

#[tauri::command]
async fn template_reset(db: State<'_, Db>, input: TemplateQuery) -> ApiResult<TemplateView> {
    db.run(move |d| d.template_reset(input)).await
}

#[tauri::command]
async fn template_preview(db: State<'_, Db>, input: TemplatePreviewInput) -> ApiResult<Draft> {
    db.run(move |d| d.template_preview(input)).await
}

#[tauri::command]
async fn terms_get(db: State<'_, Db>, input: TermsInput) -> ApiResult<Option<TermsView>> {
    db.run(move |d| d.terms_get(input)).await
}

#[tauri::command]
async fn terms_save(db: State<'_, Db>, input: TermsInput) -> ApiResult<TermsView> {
    db.run(move |d| d.terms_save(input)).await
}

#[tauri::command]
async fn credit_hold_get(db: State<'_, Db>, input: i64) -> ApiResult<CreditHoldView> {
    db.run(move |d| d.credit_hold_get(input)).await
}

#[tauri::command]
async fn credit_hold_set(db: State<'_, Db>, input: CreditHoldInput) -> ApiResult<CreditHoldView> {
    db.run(move |d| d.credit_hold_set(input)).await
}

#[tauri::command]
async fn plan_get(db: State<'_, Db>, input: String) -> ApiResult<Option<Plan>> {
    db.run(move |d| d.plan_get(&input)).await
}

#[tauri::command]
async fn invoice_contacts(db: State<'_, Db>, input: String) -> ApiResult<InvoiceContacts> {
    db.run(move |d| d.invoice_contacts(&input)).await
}

/// The files handed to Duly by the OS ("Open with → Duly" on an .xml, .csv or .pdf) and not yet
/// taken, for the import.
#[tauri::command]
fn launch_files(pending: State<'_, crate::open_files::PendingFiles>, granted: State<'_, Granted>) -> Vec<String> {
    let files = pending.take();
    granted.grant(files.iter().map(std::path::PathBuf::from));
    files
}

#[tauri::command]
async fn interest_get(db: State<'_, Db>, input: InterestQuery) -> ApiResult<InterestClaim> {
    db.run(move |d| d.interest_get(input)).await
}

#[tauri::command]
async fn interest_card(db: State<'_, Db>, input: InterestQuery) -> ApiResult<InterestCard> {
    db.run(move |d| d.interest_card(input)).await
}

#[tauri::command]
async fn law_country_get(db: State<'_, Db>) -> ApiResult<Option<String>> {
    db.run(|d| d.law_country_get()).await
}

#[tauri::command]
async fn law_country_set(db: State<'_, Db>, input: Option<String>) -> ApiResult<Option<String>> {
    db.run(move |d| d.law_country_set(input)).await
}

#[tauri::command]
async fn client_law_get(db: State<'_, Db>, input: i64) -> ApiResult<ClientLaw> {
    db.run(move |d| d.client_law_get(input)).await
}

#[tauri::command]
async fn client_law_set(db: State<'_, Db>, input: ClientLawInput) -> ApiResult<ClientLaw> {
    db.run(move |d| d.client_law_set(input)).await
}

#[tauri::command]
async fn reference_rate_add(db: State<'_, Db>, input: ReferenceRateInput) -> ApiResult<()> {
    db.run(move |d| d.reference_rate_add(input)).await
}

#[tauri::command]
async fn rate_tables_get(db: State<'_, Db>) -> ApiResult<Vec<RateTableStatus>> {
    db.run(|d| d.rate_tables_get()).await
}

#[cfg(test)]
mod tests {
    /// The commands `build.rs` made permissions for (see `command_names.in`).
    const COMMANDS: &[&str] = &include!("command_names.in");

    /// The window's capability grants every command of the manifest, and of Duly's own only
    /// those: a command added to one list and not the other is caught here, not by a user.
    #[test]
    fn the_capability_grants_exactly_the_manifest() {
        let file = include_str!("../capabilities/default.json");
        let capability: serde_json::Value = serde_json::from_str(file).unwrap();
        let mut granted: Vec<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter_map(|p| p.strip_prefix("allow-"))
            .map(|p| p.replace('-', "_"))
            .collect();
        granted.sort();
        let mut manifest: Vec<String> = COMMANDS.iter().map(|c| (*c).to_owned()).collect();
        manifest.sort();
        assert_eq!(granted, manifest);
    }
}

// Autopilot (issue 23): the ladder's automatic steps, turned on by confirming a preview.

#[tauri::command]
async fn autopilot_status(db: State<'_, Db>) -> ApiResult<AutopilotStatus> {
    db.run(|d| d.autopilot_status()).await
}

#[tauri::command]
async fn autopilot_preview(db: State<'_, Db>, input: AutopilotPreviewQuery) -> ApiResult<AutopilotPreview> {
    db.run(move |d| d.autopilot_preview(input)).await
}

#[tauri::command]
async fn autopilot_enable(db: State<'_, Db>, input: AutopilotEnableInput) -> ApiResult<AutopilotStatus> {
    db.run(move |d| d.autopilot_enable(input)).await
}

#[tauri::command]
async fn autopilot_disable(db: State<'_, Db>) -> ApiResult<AutopilotStatus> {
    db.run(|d| d.autopilot_disable()).await
}

#[tauri::command]
async fn autopilot_step_mode_set(db: State<'_, Db>, input: AutopilotStepModeInput) -> ApiResult<AutopilotStatus> {
    db.run(move |d| d.autopilot_step_mode_set(input)).await
}

#[tauri::command]
async fn autopilot_client_mode_set(db: State<'_, Db>, input: AutopilotClientModeInput) -> ApiResult<AutopilotStatus> {
    db.run(move |d| d.autopilot_client_mode_set(input)).await
}

#[tauri::command]
async fn autopilot_resume(db: State<'_, Db>, input: AutopilotResumeInput) -> ApiResult<AutopilotStatus> {
    db.run(move |d| d.autopilot_resume(input)).await
}

#[tauri::command]
async fn autopilot_note(db: State<'_, Db>, input: AutopilotNoteInput) -> ApiResult<AutopilotStatus> {
    db.run(move |d| d.autopilot_note(input)).await
}

#[tauri::command]
async fn autopilot_run(db: State<'_, Db>) -> ApiResult<AutopilotRunReport> {
    db.run(|d| {
        let now = d.now();
        d.autopilot_run(now)
    })
    .await
}

#[tauri::command]
async fn autopilot_today(db: State<'_, Db>) -> ApiResult<AutopilotSummary> {
    db.run(|d| d.autopilot_today()).await
}

#[tauri::command]
async fn autopilot_digest(db: State<'_, Db>) -> ApiResult<AutopilotDigest> {
    db.run(|d| d.autopilot_digest()).await
}
