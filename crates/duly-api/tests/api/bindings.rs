//! The UI's TypeScript types are generated from the API's DTOs and committed. This test fails
//! when they are stale; `DULY_UPDATE_BINDINGS=1 cargo test -p duly-api --test bindings` rewrites
//! them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use duly_api::*;
use ts_rs::TS;

fn export_all(dir: &Path) {
    // Money and ids are i64 but far below 2^53, so they cross as plain JavaScript numbers.
    let cfg = ts_rs::Config::new().with_out_dir(dir).with_large_int("number");
    macro_rules! export {
        ($($t:ty),* $(,)?) => { $( <$t as TS>::export_all(&cfg).expect(stringify!($t)); )* };
    }
    export!(
        CallEditInput,
        DemoRemoved,
        InvoiceUnvoidInput,
        PaymentReverseInput,
        PromiseEditInput,
        AutopilotClient,
        DocumentInput,
        EvidenceFile,
        EvidenceInput,
        EvidenceRequest,
        EvidencePack,
        KeptDocument,
        KeptKind,
        ClaimKit,
        ClaimKitInput,
        ClaimKitPart,
        ClaimKitRequest,
        Procedure,
        AutopilotClientMode,
        AutopilotClientModeInput,
        AutopilotDigest,
        AutopilotEnableInput,
        AutopilotInvoiceRef,
        AutopilotMessage,
        AutopilotNoteInput,
        AutopilotNoteKind,
        AutopilotPreview,
        AutopilotPreviewItem,
        AutopilotPreviewQuery,
        AutopilotResumeInput,
        AutopilotRunReport,
        AutopilotState,
        AutopilotStatus,
        AutopilotStep,
        AutopilotStepCount,
        AutopilotStepMode,
        AutopilotStepModeInput,
        AutopilotStop,
        AutopilotStopReason,
        AutopilotStopScope,
        AutopilotSummary,
        AgingQuery,
        AgingReport,
        ApiError,
        AppInfo,
        Business,
        Client,
        ClientInput,
        ClientQuery,
        ClientSummary,
        Contact,
        CurrencyOverview,
        DemoInput,
        DemoReport,
        InvoiceDetail,
        InvoiceInput,
        InvoicePage,
        InvoiceQuery,
        InvoiceRow,
        InvoiceSort,
        MarkInvoice,
        Overview,
        OverviewQuery,
        PaymentInput,
        NumberingSettings,
        NumberingInput,
        CreditNoteInput,
        CreditNoteResult,
        DepositMarkInput,
        DepositDeductInput,
        StatementSendInput,
        StatementSendResult,
        CombinedReminderList,
        CombinedRemindInput,
        CombinedRemindResult,
        ClientReminders,
        ClientRemindersInput,
        RecurringQuery,
        RecurringInput,
        RecurringSchedule,
        RecurringDeleteInput,
        RecurringRunReport,
        TodayList,
        TodayQuery,
        MailSettings,
        MailSettingsInput,
        MailTestInput,
        MailTestReport,
        OutboxEnqueueInput,
        OutboxId,
        OutboxItem,
        OutboxQuery,
        OutboxRunReport,
        SendWindow,
        SenderStatus,
        BackupInfo,
        BackupKind,
        BackupList,
        BackupNowInput,
        BackupRestoreInput,
        BackupRestoreReport,
        ExportFormat,
        ExportInput,
        ExportReport,
        OnboardingState,
        Preferences,
        PreferencesInput,
        ImportInput,
        ImportReport,
        StatementInput,
        StatementPreview,
        StatementCommitInput,
        StatementCommitReport,
        PdfRequest,
        SavedPdf,
        Call,
        CallId,
        CallInput,
        CallQuery,
        CallSummary,
        Plan,
        PlanInput,
        PromiseStanding,
        InvoiceContacts,
        InvoiceConfirmInput,
        FollowupList,
        FollowupQuery,
        InvoiceNumber,
        NextFollowup,
        RemindInput,
        RemindResult,
        FollowupStepInput,
        PauseInput,
        SentOutsideInput,
        InvoiceSendInput,
        InvoiceSendResult,
        InvoiceMarkSentInput,
        SentOutsideResult,
        CatchUpView,
        LadderScope,
        LadderSaveInput,
        LadderView,
        TemplateQuery,
        TemplateInput,
        TemplateView,
        TemplatePreviewInput,
        TermsInput,
        TermsView,
        CreditHoldInput,
        CreditHoldView,
        InterestQuery,
        InterestClaim,
        ClientLawInput,
        ClientLaw,
        ReferenceRateInput,
        RateTableStatus,
        InterestCard,
        MailboxSettings,
        MailboxSettingsInput,
        MailboxCheckReport,
        ReplyWaiting,
    );
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn typescript_bindings_are_current() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings");
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let generated = read_dir(fresh.path());
    assert!(generated.contains_key("InvoiceRow.ts"), "ts-rs wrote {:?}", generated.keys());

    if std::env::var_os("DULY_UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
        for (name, text) in &generated {
            std::fs::write(committed.join(name), text).unwrap();
        }
        return;
    }
    let on_disk = read_dir(&committed);
    let stale: Vec<_> = generated.keys().filter(|k| on_disk.get(*k) != generated.get(*k)).collect();
    let extra: Vec<_> = on_disk.keys().filter(|k| !generated.contains_key(*k)).collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "ui/src/lib/bindings is out of date (stale: {stale:?}, no longer generated: {extra:?}); \
         run DULY_UPDATE_BINDINGS=1 cargo test -p duly-api --test bindings and commit the result"
    );
}
