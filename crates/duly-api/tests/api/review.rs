//! Nothing unverified is chased: an imported invoice whose seller is not the business (or
//! cannot be checked), or one read from a PDF by heuristics, lands "to review": not owed, not on
//! Today, never reminded, until the user confirms it. Real sample files, read in place.

use std::path::PathBuf;

use duly_api::*;

fn samples() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "sample invoices not found at {}", dir.display());
    None
}

fn open(dir: &tempfile::TempDir, business: Option<(&str, &str)>) -> Duly {
    let mut duly = Duly::open(&dir.path().join("duly.sqlite3")).unwrap().with_today("2026-11-23".parse().unwrap());
    if let Some((name, tax_id)) = business {
        let mut b = duly.business_get().unwrap();
        b.name = name.into();
        b.tax_id = tax_id.into();
        duly.business_save(b).unwrap();
    }
    duly
}

fn import(duly: &mut Duly, file: PathBuf, refuse_unverified: bool) -> ImportReport {
    let file = ImportFile { path: Some(file.to_string_lossy().into_owned()), ..ImportFile::default() };
    duly.import_commit(ImportInput { files: vec![file], refuse_unverified, ..ImportInput::default() }).unwrap()
}

fn overdue_listed(duly: &Duly) -> i64 {
    duly.invoice_list(InvoiceQuery { overdue_only: Some(true), ..InvoiceQuery::default() }).unwrap().total_count
}

#[test]
fn an_invoice_between_two_other_companies_is_to_review_until_confirmed() {
    let Some(s) = samples() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, Some(("Mihai Dumitrescu PFA", "RO123456")));
    // SubscriptionSeller bills Buyercompany ltd, DKK 1,125.00 due 2013-05-10: neither is us.
    let report = import(&mut duly, s.join("ubl/cen_guide-example3.xml"), false);
    let file = &report.files[0];
    assert!(file.imported, "{file:?}");
    assert_eq!(
        file.invoices[0].review,
        ["seller: the seller on this invoice is SubscriptionSeller, not you (Mihai Dumitrescu PFA)"]
    );
    assert!(file.invoices[0].needs_review);

    // Not owed, not on Today, not in the overdue list, not reminded.
    assert!(duly.overview(OverviewQuery::default()).unwrap().currencies.is_empty());
    let today = duly.today_list(TodayQuery::default()).unwrap();
    assert!(today.items.is_empty() && today.overdue_count == 0, "{today:?}");
    assert!(duly.followup_actions(FollowupQuery::default()).unwrap().items.is_empty());
    assert_eq!(overdue_listed(&duly), 0);
    let clients = duly.client_list(ClientQuery::default()).unwrap();
    assert_eq!(
        (clients[0].name.as_str(), clients[0].open_count, clients[0].outstanding.len()),
        ("Buyercompany ltd", 0, 0),
        "{clients:?}"
    );
    let detail = duly.invoice_get("TOSL108").unwrap();
    assert_eq!(detail.review, file.invoices[0].review);
    let err = duly.remind(RemindInput { number: "TOSL108".into(), ..RemindInput::default() }).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(
        err.message,
        "invoice TOSL108 is to review (seller: the seller on this invoice is SubscriptionSeller, not you (Mihai Dumitrescu PFA)): confirm it before Duly chases it"
    );

    // Confirmed: owed and chased like any other invoice, with the confirmation on its timeline.
    let confirmed = duly.invoice_confirm(InvoiceConfirmInput { number: "TOSL108".into() }).unwrap();
    assert!(confirmed.review.is_empty());
    assert!(duly.invoice_get("TOSL108").unwrap().timeline.iter().any(|e| e.kind == "confirmed"));
    let overview = duly.overview(OverviewQuery::default()).unwrap();
    assert_eq!((overview.currencies[0].currency.as_str(), overview.currencies[0].outstanding), ("DKK", 112_500));
    assert_eq!(duly.today_list(TodayQuery::default()).unwrap().overdue_count, 1);
    assert_eq!(overdue_listed(&duly), 1);
    let err = duly.remind(RemindInput { number: "TOSL108".into(), ..RemindInput::default() }).unwrap_err();
    assert!(!err.message.contains("to review"), "now refused only for what any invoice would be: {err:?}");
    let again = duly.invoice_confirm(InvoiceConfirmInput { number: "TOSL108".into() }).unwrap_err();
    assert_eq!(again.code, ErrorCode::Conflict);
}

#[test]
fn refusing_unverified_invoices_fails_the_file_naming_invoice_and_field_and_writes_nothing() {
    let Some(s) = samples() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, Some(("Mihai Dumitrescu PFA", "RO123456")));
    let report = import(&mut duly, s.join("ubl/cen_BIS3_Invoice_negativ.xml"), true);
    let file = &report.files[0];
    assert!(!file.ok && !file.imported);
    let message = &file.errors.last().unwrap().message;
    assert!(
        message.starts_with(
            "cen_BIS3_Invoice_negativ.xml: invoice 12345 is unverified (seller: the seller on this invoice is Company A"
        ),
        "{message}"
    );
    assert_eq!(duly.app_info().unwrap().invoice_count, 0);
    assert_eq!(duly.app_info().unwrap().client_count, 0);
}

#[test]
fn with_an_empty_business_profile_a_named_seller_cannot_be_checked() {
    let Some(s) = samples() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, None);
    let report = import(&mut duly, s.join("ubl/cen_guide-example3.xml"), false);
    assert_eq!(
        report.files[0].invoices[0].review,
        [
            "seller: the seller on this invoice is SubscriptionSeller; your business profile is empty, so Duly cannot check that it is you"
        ]
    );
    assert_eq!(overdue_listed(&duly), 0);
}

#[test]
fn an_invoice_read_from_a_pdf_by_heuristics_is_to_review() {
    let Some(s) = samples() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, None);
    let report = import(&mut duly, s.join("pdf/i2d_QualityHosting.pdf"), false);
    let file = &report.files[0];
    assert!(file.imported, "{file:?}");
    let review = &file.invoices[0].review;
    assert!(review.iter().any(|r| r.starts_with("all fields: read from the PDF's text by heuristics")), "{review:?}");
    assert!(!duly.invoice_get(&file.invoices[0].number).unwrap().review.is_empty());
}

#[test]
fn the_invoice_list_and_today_show_invoices_to_review_as_such_not_as_owed() {
    let Some(s) = samples() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, Some(("Mihai Dumitrescu PFA", "RO123456")));
    import(&mut duly, s.join("ubl/cen_guide-example3.xml"), false);

    // The list row says "to review": nothing due, no days overdue (DKK 1,125.00 due 2013-05-10).
    let page = duly.invoice_list(InvoiceQuery::default()).unwrap();
    let row = page.rows.iter().find(|r| r.number == "TOSL108").unwrap();
    assert!(row.to_review, "{row:?}");
    assert_eq!((row.amount_due, row.days_overdue, row.total), (0, None, 112_500), "{row:?}");

    // Today lists it apart, with why, linking by number and id.
    let today = duly.today_list(TodayQuery::default()).unwrap();
    assert_eq!(today.to_review_count, 1);
    let waiting = &today.to_review[0];
    assert_eq!((waiting.id, waiting.number.as_str(), waiting.client.as_str()), (row.id, "TOSL108", "Buyercompany ltd"));
    assert_eq!(
        waiting.review,
        ["seller: the seller on this invoice is SubscriptionSeller, not you (Mihai Dumitrescu PFA)"]
    );
    assert!(today.items.is_empty());

    // Confirmed: owed like any other invoice, and off Today's review list.
    duly.invoice_confirm(InvoiceConfirmInput { number: "TOSL108".into() }).unwrap();
    let page = duly.invoice_list(InvoiceQuery::default()).unwrap();
    let row = page.rows.iter().find(|r| r.number == "TOSL108").unwrap();
    assert!(!row.to_review);
    assert_eq!(row.amount_due, 112_500);
    assert!(row.days_overdue.unwrap() > 4_000, "{row:?}");
    let today = duly.today_list(TodayQuery::default()).unwrap();
    assert_eq!((today.to_review_count, today.to_review.len(), today.items.len()), (0, 0, 1));
}
