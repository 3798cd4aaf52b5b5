//! Numbering series and credit notes (issue 18) on a real SQLite file, with the credit note's PDF
//! read back with poppler's `pdftotext`.

use std::process::Command;

use chrono::NaiveDate;
use duly_api::*;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn open(dir: &std::path::Path, today: &str) -> Duly {
    let now = date(today).and_hms_opt(10, 0, 0).unwrap().and_utc();
    Duly::open(&dir.join("duly.sqlite3")).unwrap().with_now(now).with_today(date(today))
}

fn setup(duly: &mut Duly) -> i64 {
    duly.business_save(Business {
        name: "Sinta Desain".into(),
        address: "Jl. Kemang Raya 5\nJakarta".into(),
        tax_id: "01.234.567.8-901.000".into(),
        email: "sinta@example.com".into(),
        phone: String::new(),
        bank_name: "BCA".into(),
        iban: String::new(),
        bic: String::new(),
        default_currency: "EUR".into(),
        language: Language::En,
        payment_terms_days: 30,
    })
    .unwrap();
    duly.client_save(ClientInput {
        id: None,
        name: "Kopi Nusantara".into(),
        address: "Bandung".into(),
        tax_id: String::new(),
        language: Language::En,
        currency: "EUR".into(),
        notes: String::new(),
        country: String::new(),
        timezone: String::new(),
        contacts: vec![],
    })
    .unwrap()
    .id
}

fn input(client_id: i64, number: Option<&str>, issued: &str, price: &str) -> InvoiceInput {
    InvoiceInput {
        id: None,
        client_id,
        number: number.map(Into::into),
        issue_date: issued.into(),
        due_date: None,
        currency: None,
        tax_rate: "0".into(),
        notes: String::new(),
        lines: vec![LineInput { description: "Design".into(), quantity: "1".into(), unit_price: price.into() }],
        send: true,
    }
}

fn pattern(duly: &mut Duly, p: &str, reset: bool, next: Option<&str>) -> ApiResult<NumberingSettings> {
    duly.numbering_set(NumberingInput {
        invoice_pattern: p.into(),
        reset_yearly: reset,
        next_invoice_number: next.map(Into::into),
        credit_note_pattern: None,
    })
}

#[test]
fn the_series_follows_the_pattern_across_a_year_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(dir.path(), "2026-12-30");
    let c = setup(&mut duly);
    assert_eq!(duly.invoice_next_number().unwrap(), "INV-2026-0001", "the default series");

    let set = pattern(&mut duly, "SID {YYYY}-{NNN}", true, Some("SID 2026-010")).unwrap();
    assert_eq!(set.next_invoice_number, "SID 2026-010", "a new series may start where the old tool stopped");
    assert_eq!(duly.invoice_next_number().unwrap(), "SID 2026-010");
    assert_eq!(duly.invoice_save(input(c, None, "2026-12-30", "100")).unwrap().number, "SID 2026-010");
    assert_eq!(duly.invoice_save(input(c, None, "2026-12-30", "100")).unwrap().number, "SID 2026-011");
    assert_eq!(duly.numbering_get().unwrap().next_invoice_number, "SID 2026-012");

    // Gaps and duplicates are refused, with the next number named.
    let gap = duly.invoice_save(input(c, Some("SID 2026-015"), "2026-12-30", "1")).unwrap_err();
    assert_eq!(gap.code, ErrorCode::Conflict);
    assert!(gap.message.starts_with("number:") && gap.message.contains("SID 2026-012"), "{}", gap.message);
    let dup = duly.invoice_save(input(c, Some("SID 2026-011"), "2026-12-30", "1")).unwrap_err();
    assert_eq!(dup.code, ErrorCode::Conflict, "{}", dup.message);
    let skip = pattern(&mut duly, "SID {YYYY}-{NNN}", true, Some("SID 2026-020")).unwrap_err();
    assert!(skip.message.contains("gap") && skip.message.contains("SID 2026-012"), "{}", skip.message);
    let back = pattern(&mut duly, "SID {YYYY}-{NNN}", true, Some("SID 2026-005")).unwrap_err();
    assert!(back.message.starts_with("next_invoice_number:"), "{}", back.message);
    let bad = pattern(&mut duly, "SID {YYYY}{NNN}", true, None).unwrap_err();
    assert!(bad.message.starts_with("invoice_pattern:"), "{}", bad.message);
    // Typing the next number is fine.
    assert_eq!(duly.invoice_save(input(c, Some("SID 2026-012"), "2026-12-30", "1")).unwrap().number, "SID 2026-012");

    // The year changes (pinned clock): the counter starts again; the setting moved to 10 is forgotten.
    drop(duly);
    let mut duly = open(dir.path(), "2027-01-02");
    assert_eq!(duly.invoice_next_number().unwrap(), "SID 2027-001");
    assert_eq!(duly.invoice_save(input(c, None, "2027-01-02", "100")).unwrap().number, "SID 2027-001");
    // A late invoice dated in December still continues December's run.
    assert_eq!(duly.invoice_save(input(c, None, "2026-12-31", "100")).unwrap().number, "SID 2026-013");

    // A running series without the year, as F-00042.
    pattern(&mut duly, "F-{NNNNN}", false, Some("F-00042")).unwrap();
    assert_eq!(duly.invoice_save(input(c, None, "2027-01-02", "100")).unwrap().number, "F-00042");
    assert_eq!(duly.numbering_get().unwrap().next_invoice_number, "F-00043");
}

#[test]
fn an_issued_invoice_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(dir.path(), "2026-11-02");
    let c = setup(&mut duly);
    let mut draft = input(c, None, "2026-11-02", "100");
    draft.send = false;
    let saved = duly.invoice_save(draft.clone()).unwrap();
    // A draft can still be edited.
    let mut edit = draft.clone();
    edit.id = Some(saved.id);
    edit.lines[0].unit_price = "120".into();
    edit.send = true;
    let issued = duly.invoice_save(edit.clone()).unwrap();
    assert_eq!((issued.number.as_str(), issued.total), ("INV-2026-0001", 12000));
    edit.lines[0].unit_price = "90".into();
    let err = duly.invoice_save(edit).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("correct it with a credit note"), "{}", err.message);
    assert_eq!(duly.invoice_get("INV-2026-0001").unwrap().total, 12000, "nothing changed");
}

#[test]
fn a_credit_note_is_numbered_netted_printed_and_on_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(dir.path(), "2026-11-02");
    let c = setup(&mut duly);
    duly.invoice_save(input(c, None, "2026-09-01", "1000")).unwrap();
    duly.invoice_save(input(c, None, "2026-09-01", "300")).unwrap();
    let aging_before = duly.aging(AgingQuery { as_of: None, client: None }).unwrap();
    let today = duly.today_list(TodayQuery { as_of: None, limit: None }).unwrap();
    assert_eq!(today.overdue_count, 2);

    // Partial: the open amount is reduced, the invoice stays open.
    let partial = duly
        .credit_note_create(CreditNoteInput {
            invoice_number: "INV-2026-0001".into(),
            amount: Some("250.00".into()),
            reason: "Discount for the late delivery".into(),
            date: None,
        })
        .unwrap();
    assert_eq!(partial.credit_note.number, "CN-2026-0001");
    assert_eq!(partial.invoice.amount_due, 75000);
    assert_eq!(partial.invoice.status, InvoiceStatus::PartlyPaid);
    assert_eq!(partial.invoice.credit_notes.len(), 1);
    assert!(partial.invoice.timeline.iter().any(|e| e.kind == "credit_note" && e.detail.contains("CN-2026-0001")));
    // More than is still due is refused; nothing changes.
    let too_much = duly
        .credit_note_create(CreditNoteInput {
            invoice_number: "INV-2026-0001".into(),
            amount: Some("800".into()),
            reason: "x".into(),
            date: None,
        })
        .unwrap_err();
    assert!(too_much.message.starts_with("amount:"), "{}", too_much.message);
    let blank = duly
        .credit_note_create(CreditNoteInput {
            invoice_number: "INV-2026-0001".into(),
            amount: None,
            reason: " ".into(),
            date: None,
        })
        .unwrap_err();
    assert!(blank.message.starts_with("reason"), "{}", blank.message);

    // Full: the rest is credited, the invoice settled, off Today and out of aging.
    let full = duly
        .credit_note_create(CreditNoteInput {
            invoice_number: "INV-2026-0001".into(),
            amount: None,
            reason: "Project cancelled".into(),
            date: None,
        })
        .unwrap();
    assert_eq!(full.credit_note.number, "CN-2026-0002", "credit notes have their own series");
    assert_eq!((full.invoice.amount_due, full.invoice.status), (0, InvoiceStatus::Paid));
    let today = duly.today_list(TodayQuery { as_of: None, limit: None }).unwrap();
    assert_eq!(today.overdue_count, 1);
    assert!(today.items.iter().all(|i| i.number != "INV-2026-0001"));
    let aging = duly.aging(AgingQuery { as_of: None, client: None }).unwrap();
    assert_ne!(aging.currencies, aging_before.currencies);
    assert_eq!(duly.invoice_next_number().unwrap(), "INV-2026-0003", "credit notes take no invoice number");

    // The PDF, read back.
    if Command::new("pdftotext").arg("-v").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "pdftotext is missing");
        return;
    }
    let path = dir.path().join("cn.pdf");
    duly.pdf_save(PdfRequest {
        document: PdfDocument::CreditNote { number: "CN-2026-0001".into() },
        paper: None,
        path: Some(path.to_string_lossy().into_owned()),
    })
    .unwrap();
    let out = Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for expected in
        ["Credit note", "CN-2026-0001", "INV-2026-0001", "Discount for the late delivery", "-€250.00", "€750.00"]
    {
        assert!(text.contains(expected), "missing {expected:?}:\n{text}");
    }
}

/// A UBL 2.1 CreditNote from the business to Kopi Nusantara correcting `reference`.
fn ubl_credit_note(number: &str, reference: &str, amount: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>{number}</cbc:ID>
  <cbc:IssueDate>2026-10-15</cbc:IssueDate>
  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{reference}</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyTaxScheme><cbc:CompanyID>01.234.567.8-901.000</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Sinta Desain</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PartyLegalEntity><cbc:RegistrationName>Kopi Nusantara</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">{amount}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">{amount}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">{amount}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">{amount}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:CreditNoteLine>
    <cbc:ID>1</cbc:ID>
    <cbc:CreditedQuantity unitCode="C62">1</cbc:CreditedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">{amount}</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Refund for a cancelled banner</cbc:Name></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">{amount}</cbc:PriceAmount></cac:Price>
  </cac:CreditNoteLine>
</CreditNote>"#
    )
}

fn import_one(duly: &mut Duly, dir: &std::path::Path, name: &str, xml: &str) -> ImportFileResult {
    let path = dir.join(name);
    std::fs::write(&path, xml).unwrap();
    let file = ImportFile { path: Some(path.to_string_lossy().into_owned()), ..ImportFile::default() };
    let report = duly
        .import_commit(ImportInput {
            files: vec![file],
            default_currency: None,
            skip_duplicates: false,
            refuse_unverified: false,
        })
        .unwrap();
    report.files.into_iter().next().unwrap()
}

#[test]
fn an_imported_credit_note_is_netted_against_the_invoice_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(dir.path(), "2026-11-02");
    let c = setup(&mut duly);
    duly.invoice_save(input(c, None, "2026-09-01", "1000")).unwrap();
    let invoices_before = duly.invoice_list(InvoiceQuery::default()).unwrap().total_count;

    let f = import_one(&mut duly, dir.path(), "cn-1.xml", &ubl_credit_note("SD-CN-7", "INV-2026-0001", "200.00"));
    assert!(f.imported, "{:?}", f.errors);
    assert!(f.invoices[0].credit_note);
    let inv = duly.invoice_get("INV-2026-0001").unwrap();
    assert_eq!((inv.amount_due, inv.status), (80000, InvoiceStatus::PartlyPaid));
    assert_eq!(inv.credit_notes.len(), 1);
    assert_eq!((inv.credit_notes[0].number.as_str(), inv.credit_notes[0].source.as_str()), ("SD-CN-7", "import"));
    assert!(inv.timeline.iter().any(|e| e.kind == "credit_note" && e.detail.contains("SD-CN-7")));
    assert_eq!(
        duly.invoice_list(InvoiceQuery::default()).unwrap().total_count,
        invoices_before,
        "not stored as an invoice"
    );

    // Again: a duplicate, refused by name; nothing changes.
    let again = import_one(&mut duly, dir.path(), "cn-1.xml", &ubl_credit_note("SD-CN-7", "INV-2026-0001", "200.00"));
    assert!(!again.imported);
    assert!(
        again.errors.iter().any(|e| e.message.contains("SD-CN-7") && e.message.contains("duplicate")),
        "{:?}",
        again.errors
    );
    // More than is open: refused, naming the file and the invoice.
    let big = import_one(&mut duly, dir.path(), "cn-big.xml", &ubl_credit_note("SD-CN-8", "INV-2026-0001", "900.00"));
    assert!(!big.imported);
    assert!(
        big.errors.iter().any(|e| e.message.contains("cn-big.xml") && e.message.contains("INV-2026-0001")),
        "{:?}",
        big.errors
    );
    // A reference Duly does not know: the file and the reference are named, nothing is written.
    let unknown = import_one(&mut duly, dir.path(), "cn-2.xml", &ubl_credit_note("SD-CN-9", "OLD-0042", "50.00"));
    assert!(!unknown.imported);
    let message = &unknown.errors[0].message;
    assert!(message.contains("cn-2.xml") && message.contains("OLD-0042"), "{message}");
    let inv = duly.invoice_get("INV-2026-0001").unwrap();
    assert_eq!((inv.amount_due, inv.credit_notes.len()), (80000, 1));
}
