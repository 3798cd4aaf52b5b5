//! The window's commands. Those of the `api` list in `command_list.rs` are generated here, each
//! one call to the `duly-api` method of the same name (the shell adds no behaviour); the `shell`
//! ones, which need the shell's state (granted paths, the sender, dialogs, the import's Cancel),
//! are written below. `handler` registers both lists, so a command declared and not written (or
//! misspelled) does not compile.

// The list names its types unqualified; these are all of them (API DTOs and the shell's own).
use duly_api::{
    AgingQuery, AgingReport, ApiResult, AppInfo, AutopilotClientModeInput, AutopilotDigest, AutopilotEnableInput,
    AutopilotNoteInput, AutopilotPreview, AutopilotPreviewQuery, AutopilotResumeInput, AutopilotRunReport,
    AutopilotStatus, AutopilotStepModeInput, AutopilotSummary, BackupInfo, BackupList, BackupNowInput,
    BackupRestoreInput, BackupRestoreReport, Business, Call, CallId, CallInput, CallQuery, CallSummary, Client,
    ClientInput, ClientQuery, ClientSummary, CreditHoldInput, CreditHoldView, DemoInput, DemoReport, Draft,
    ExportInput, ExportReport, FollowupList, FollowupQuery, FollowupStepInput, ImportInput, ImportRead, ImportReport,
    InvoiceConfirmInput, InvoiceContacts, InvoiceDetail, InvoiceInput, InvoiceNumber, InvoicePage, InvoiceQuery,
    LadderSaveInput, LadderScope, LadderView, MailSettings, MailSettingsInput, MailTestInput, MailTestReport,
    MarkInvoice, NextFollowup, OutboxEnqueueInput, OutboxId, OutboxItem, OutboxQuery, Overview, OverviewQuery,
    PauseInput, PaymentInput, PdfRequest, Plan, PlanInput, Preferences, PreferencesInput, RemindInput, RemindResult,
    SavedPdf, SendWindow, SenderStatus, SentOutsideInput, SentOutsideResult, StatementCommitInput,
    StatementCommitReport, StatementInput, StatementPreview, TemplateInput, TemplatePreviewInput, TemplateQuery,
    TemplateView, TermsInput, TermsView, TodayList, TodayQuery,
};
use duly_api::{CallEditInput, DemoRemoved, InvoiceUnvoidInput, PaymentReverseInput, PromiseEditInput};
use duly_api::{ClaimKit, ClaimKitRequest, DocumentInput, KeptDocument};
use duly_api::{
    ClientLaw, ClientLawInput, InterestCard, InterestClaim, InterestQuery, InvoiceMarkSentInput, InvoiceSendInput,
    InvoiceSendResult, MailboxCheckReport, MailboxSettings, MailboxSettingsInput, RateTableStatus, ReferenceRateInput,
};
use duly_api::{
    ClientReminders, ClientRemindersInput, CombinedRemindInput, CombinedRemindResult, CombinedReminderList,
};
use duly_api::{CreditNoteInput, CreditNoteResult, EvidencePack, EvidenceRequest, NumberingInput, NumberingSettings};
use duly_api::{DepositDeductInput, DepositMarkInput, StatementSendInput, StatementSendResult};
use duly_api::{RecurringDeleteInput, RecurringInput, RecurringQuery, RecurringRunReport, RecurringSchedule};
use tauri::State;

use crate::paths::{Granted, Purpose};
use crate::state::{Db, ImportCancel};

/// One `api` command: a Tauri function that runs the method of the same name on the database
/// handle. `(&T)` lends the input to a method that takes a reference.
macro_rules! api_command {
    ($(#[doc = $doc:literal])* $name:ident () -> $out:ty) => {
        $(#[doc = $doc])*
        #[tauri::command]
        async fn $name(db: State<'_, Db>) -> ApiResult<$out> {
            db.run(|d| d.$name()).await
        }
    };
    ($(#[doc = $doc:literal])* $name:ident (& $input:ty) -> $out:ty) => {
        $(#[doc = $doc])*
        #[tauri::command]
        async fn $name(db: State<'_, Db>, input: $input) -> ApiResult<$out> {
            db.run(move |d| d.$name(&input)).await
        }
    };
    ($(#[doc = $doc:literal])* $name:ident ($input:ty) -> $out:ty) => {
        $(#[doc = $doc])*
        #[tauri::command]
        async fn $name(db: State<'_, Db>, input: $input) -> ApiResult<$out> {
            db.run(move |d| d.$name(input)).await
        }
    };
}

/// Receives the list: writes the `api` functions and `handler`, which registers every command of
/// both lists (the `shell` ones are the hand-written functions below).
macro_rules! tauri_commands {
    (
        api { $( $(#[doc = $doc:literal])* $name:ident ( $($input:tt)* ) -> $out:ty; )* }
        shell { $( $(#[doc = $shell_doc:literal])* $shell:ident ( $($shell_input:tt)* ) -> $shell_out:ty; )* }
    ) => {
        $( api_command!($(#[doc = $doc])* $name ( $($input)* ) -> $out); )*

        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name,)* $($shell,)*]
        }
    };
}

with_commands!(tauri_commands);

#[cfg(test)]
mod files;

// The `shell` commands.

/// On its own handle, like the background sender: the SMTP conversation takes seconds and must
/// not hold the lock every other command waits on.
#[tauri::command]
async fn mail_test(input: MailTestInput) -> ApiResult<MailTestReport> {
    let test = move || crate::state::open_duly()?.mail_test(input);
    let stopped =
        |e| duly_api::ApiError::new(duly_api::ErrorCode::Internal, format!("the test stopped unexpectedly: {e}"));
    tauri::async_runtime::spawn_blocking(test).await.map_err(stopped)?
}

/// On its own handle too: the IMAP conversation must not hold the commands' lock.
#[tauri::command]
async fn mailbox_check() -> ApiResult<MailboxCheckReport> {
    let check = || crate::state::open_duly()?.mailbox_check();
    let stopped =
        |e| duly_api::ApiError::new(duly_api::ErrorCode::Internal, format!("the check stopped unexpectedly: {e}"));
    tauri::async_runtime::spawn_blocking(check).await.map_err(stopped)?
}

#[tauri::command]
async fn backup_now(db: State<'_, Db>, granted: State<'_, Granted>, input: BackupNowInput) -> ApiResult<BackupInfo> {
    granted.check_all("to", [input.to.as_ref()])?;
    db.run(|d| d.backup_now(input)).await
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
async fn export_data(db: State<'_, Db>, granted: State<'_, Granted>, input: ExportInput) -> ApiResult<ExportReport> {
    granted.check_all("to", [input.to.as_ref()])?;
    db.run(|d| d.export_data(input)).await
}

/// Whether queued mail is leaving, for the banner (the sender keeps it; see `sender.rs`).
#[tauri::command]
fn sender_status(status: State<'_, crate::sender::Status>) -> SenderStatus {
    status.get()
}

#[tauri::command]
async fn preferences_save(app: tauri::AppHandle, db: State<'_, Db>, input: PreferencesInput) -> ApiResult<Preferences> {
    crate::autostart::apply(&app, &input)?;
    let saved = db.run(|d| d.preferences_save(input)).await?;
    // The menu bar speaks the UI's language: renamed at once when it changes.
    crate::menu::apply(&app, saved.ui_language.unwrap_or(duly_api::Language::En));
    Ok(saved)
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
    let purpose = Purpose::SavePdf { file_name: file.file_name.clone() };
    let chosen = crate::paths::pick(&app, purpose).await?;
    chosen.first().map(|path| duly_api::pdf_write(&file, std::path::Path::new(path))).transpose()
}

/// "Evidence pack": the shell asks where in a native save dialog, then the API writes the ZIP
/// there; `None` when the user cancelled.
#[tauri::command]
async fn evidence_save_as(
    app: tauri::AppHandle,
    db: State<'_, Db>,
    input: EvidenceRequest,
) -> ApiResult<Option<EvidencePack>> {
    let purpose = Purpose::SaveZip { file_name: input.file_name() };
    let Some(path) = crate::paths::pick(&app, purpose).await?.into_iter().next() else { return Ok(None) };
    db.run(move |d| d.evidence_pack(input.to(path))).await.map(Some)
}

/// "Small-claims kit": as the evidence pack, a native save dialog, then the API writes the ZIP
/// there; `None` when the user cancelled.
#[tauri::command]
async fn claim_kit_save_as(
    app: tauri::AppHandle,
    db: State<'_, Db>,
    input: ClaimKitRequest,
) -> ApiResult<Option<ClaimKit>> {
    let purpose = Purpose::SaveZip { file_name: input.file_name() };
    let Some(path) = crate::paths::pick(&app, purpose).await?.into_iter().next() else { return Ok(None) };
    db.run(move |d| d.claim_kit(input.to(path))).await.map(Some)
}

/// Keeps a copy of a file the user chose in a native dialog (never a path the window made up).
#[tauri::command]
async fn document_add(db: State<'_, Db>, granted: State<'_, Granted>, input: DocumentInput) -> ApiResult<KeptDocument> {
    granted.check_all("path", [Some(&input.path)])?;
    db.run(|d| d.document_add(input)).await
}

/// A native dialog for `input` (restore, import, export, save): the chosen paths, now granted to
/// the window; empty when the user cancelled.
#[tauri::command]
async fn pick(app: tauri::AppHandle, input: Purpose) -> ApiResult<Vec<String>> {
    crate::paths::pick(&app, input).await
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
async fn autopilot_run(db: State<'_, Db>) -> ApiResult<AutopilotRunReport> {
    db.run(|d| {
        let now = d.now();
        d.autopilot_run(now)
    })
    .await
}

/// Opens the log folder (Settings → "Open log folder"); see `logs.rs`.
#[tauri::command]
fn log_folder_open(app: tauri::AppHandle) -> ApiResult<String> {
    crate::logs::open_folder(&app)
}

/// The badge beside Duly's icon: the number of follow-ups due today, as in the sidebar.
#[tauri::command]
fn badge_set(window: tauri::WebviewWindow, input: i64) {
    crate::menu::badge(&window, input);
}
