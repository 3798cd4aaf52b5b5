//! Import use cases on a real SQLite file with the real samples in `../shared/samples` (read in
//! place, never copied): preview writes nothing, commit writes each file whole or not at all,
//! direction follows the business profile, duplicates and clients are recognised, paid amounts
//! become payments, and a CSV mapping made once is remembered.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use chrono::NaiveDate;
use duly_api::*;
use rusqlite::Connection;

fn samples() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "sample invoices not found at {}", dir.display());
    eprintln!("\n*** SKIPPED: sample invoices not found at {} ***\n", dir.display());
    None
}

struct Fixture {
    dir: tempfile::TempDir,
    path: PathBuf,
    duly: Duly,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("duly.sqlite3");
    let duly = Duly::open(&path).unwrap().with_today("2026-11-23".parse().unwrap());
    Fixture { dir, path, duly }
}

impl Fixture {
    fn business(&mut self, name: &str, tax_id: &str, currency: &str) {
        let mut b = self.duly.business_get().unwrap();
        b.name = name.to_owned();
        b.tax_id = tax_id.to_owned();
        b.default_currency = currency.to_owned();
        self.duly.business_save(b).unwrap();
    }

    /// A file written for the test (not a sample) in the fixture's folder.
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn db(&self) -> Connection {
        Connection::open(&self.path).unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.db().query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

fn by_path(p: &Path) -> ImportFile {
    ImportFile { path: Some(p.to_string_lossy().into_owned()), ..ImportFile::default() }
}

fn input(files: Vec<ImportFile>, skip_duplicates: bool) -> ImportInput {
    ImportInput { files, default_currency: None, skip_duplicates, refuse_unverified: false }
}

const PEPPOL_SELLER: (&str, &str) = ("SupplierOfficialName Ltd", "GB1232434");

#[test]
fn preview_writes_nothing_and_commit_imports_good_files_whole() {
    let Some(s) = samples() else { return };
    let mut fx = fixture();
    fx.business(PEPPOL_SELLER.0, PEPPOL_SELLER.1, "USD");
    let garbage = fx.write("notes.txt.pdf", "%PDF-1.4\n\u{1}\u{2} this is not a PDF at all");
    let files = vec![
        by_path(&s.join("ubl/peppol_base-example.xml")),
        by_path(&s.join("csv/invoiceninja_zoho_invoices.csv")),
        by_path(&garbage),
    ];

    let preview = fx.duly.import_preview(input(files.clone(), true)).unwrap();
    assert_eq!(fx.count("SELECT count(*) FROM invoices"), 0, "a preview writes nothing");
    assert_eq!(fx.count("SELECT count(*) FROM clients"), 0);
    let [ubl, zoho, bad] = &preview.files[..] else { panic!("{preview:?}") };
    assert_eq!((ubl.format, ubl.ok, ubl.file.as_str()), (Some(ImportFormat::Ubl), true, "peppol_base-example.xml"));
    let inv = &ubl.invoices[0];
    assert_eq!(
        (inv.number.as_str(), inv.currency.as_str(), inv.total, inv.amount_due),
        ("Snippet1", "EUR", 165_625, 165_625)
    );
    assert_eq!(
        (inv.issue_date, inv.due_date),
        ("2017-11-13".parse().unwrap(), Some("2017-12-01".parse::<NaiveDate>().unwrap()))
    );
    assert_eq!(
        (inv.seller.as_str(), inv.buyer.as_str(), inv.needs_review),
        ("SupplierOfficialName Ltd", "Buyer Official Name", false)
    );
    assert_eq!(ubl.clients.len(), 1);
    assert_eq!(ubl.clients[0].existing_id, None, "a new client");
    assert_eq!((zoho.format, zoho.ok, zoho.invoices.len()), (Some(ImportFormat::Csv), true, 3));
    assert_eq!(zoho.csv.as_ref().and_then(|c| c.preset.as_deref()), Some("zoho"));
    assert_eq!(zoho.invoices[0].seller, PEPPOL_SELLER.0, "exports name no seller: the business is");
    assert!(
        !bad.ok && bad.errors.iter().any(|e| e.location == "file" && e.message.contains("notes.txt.pdf")),
        "{bad:?}"
    );
    assert_eq!((preview.invoice_count, preview.new_client_count, preview.failed_files), (4, 4, 1));

    let done = fx.duly.import_commit(input(files, true)).unwrap();
    assert_eq!(done.files.iter().map(|f| f.imported).collect::<Vec<_>>(), [true, true, false]);
    assert_eq!(fx.count("SELECT count(*) FROM invoices"), 4);
    assert_eq!(fx.count("SELECT count(*) FROM clients"), 4);
    let db = fx.db();
    let (total, status, due, client): (i64, String, String, String) = db
        .query_row(
            "SELECT i.total_minor, i.status, i.due_date, c.name FROM invoices i JOIN clients c ON c.id = i.client_id WHERE number = 'Snippet1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (total, status.as_str(), due.as_str(), client.as_str()),
        (165_625, "sent", "2017-12-01", "Buyer Official Name")
    );
    // Stored lines add up to the document's total through the core's own rules.
    let (sub, tax): (i64, i64) = db
        .query_row("SELECT subtotal_minor, tax_minor FROM invoices WHERE number = 'Snippet1'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let lines: i64 = db
        .query_row("SELECT sum(amount_minor) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.number = 'Snippet1'", [], |r| r.get(0))
        .unwrap();
    assert_eq!((sub + tax, lines), (165_625, sub));
    let detail: String = db
        .query_row("SELECT e.detail FROM events e JOIN invoices i ON i.id = e.invoice_id WHERE i.number = 'INV-000003' AND e.kind = 'imported'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(detail, "invoiceninja_zoho_invoices.csv");
    let shown = fx.duly.invoice_get("INV-000003").unwrap();
    assert_eq!((shown.total, shown.amount_due, shown.currency.as_str()), (39_000, 39_000, "USD"));
    assert_eq!(shown.due_date, "2021-02-27".parse::<NaiveDate>().unwrap());
    assert!(shown.timeline.iter().any(|e| e.kind == "imported" && e.detail == "invoiceninja_zoho_invoices.csv"));
}

#[test]
fn the_user_as_buyer_is_rejected_with_the_reason_and_nothing_is_written() {
    let Some(s) = samples() else { return };
    let mut fx = fixture();
    fx.business("Buyer Official Name", "SE4598375937", "EUR");
    let report = fx.duly.import_commit(input(vec![by_path(&s.join("ubl/peppol_base-example.xml"))], true)).unwrap();
    let f = &report.files[0];
    assert!(!f.ok && !f.imported);
    assert_eq!(f.errors[0].location, "invoice Snippet1");
    assert!(f.errors[0].message.contains("you are the buyer"), "{:?}", f.errors);
    assert_eq!(fx.count("SELECT count(*) FROM invoices") + fx.count("SELECT count(*) FROM clients"), 0);
}

#[test]
fn duplicates_are_found_in_the_database_and_in_the_batch() {
    let Some(s) = samples() else { return };
    let mut fx = fixture();
    fx.business("Me", "", "USD");
    let zoho = by_path(&s.join("csv/invoiceninja_zoho_invoices.csv"));
    // The same file twice in one batch: the second copy's invoices are duplicates of the first.
    let twice = fx.duly.import_preview(input(vec![zoho.clone(), zoho.clone()], true)).unwrap();
    assert!(twice.files[1].invoices.iter().all(|i| i.duplicate == Some(Duplicate::InBatch)), "{:?}", twice.files[1]);
    assert_eq!(twice.invoice_count, 3);
    let done = fx.duly.import_commit(input(vec![zoho.clone(), zoho.clone()], true)).unwrap();
    assert!(done.files.iter().all(|f| f.imported));
    assert_eq!(fx.count("SELECT count(*) FROM invoices"), 3);
    assert_eq!(fx.count("SELECT count(*) FROM clients"), 3, "the second copy matched the clients the first created");

    // Again later: already in the database.
    let again = fx.duly.import_preview(input(vec![zoho.clone()], true)).unwrap();
    let f = &again.files[0];
    assert!(f.ok && f.invoices.iter().all(|i| i.duplicate == Some(Duplicate::InDatabase)));
    assert!(f.clients.iter().all(|c| c.existing_id.is_some() && c.matched_by == Some(MatchedBy::Name)));
    assert_eq!(again.invoice_count, 0);
    // Without skipping, a duplicate fails its file, naming the invoice.
    let strict = fx.duly.import_commit(input(vec![zoho], false)).unwrap();
    let f = &strict.files[0];
    assert!(!f.imported);
    assert!(
        f.errors.iter().any(|e| e.location == "invoice INV-000002" && e.message.contains("duplicate")),
        "{:?}",
        f.errors
    );
    assert_eq!(fx.count("SELECT count(*) FROM invoices"), 3);
}

#[test]
fn clients_are_matched_by_tax_id_then_name_ignoring_case() {
    let Some(s) = samples() else { return };
    let mut fx = fixture();
    fx.business(PEPPOL_SELLER.0, PEPPOL_SELLER.1, "EUR");
    let existing = fx
        .duly
        .client_save(ClientInput {
            id: None,
            name: "Buyer Trading AB".into(),
            address: String::new(),
            tax_id: "se 4598375937".into(),
            language: Language::En,
            currency: "EUR".into(),
            notes: String::new(),
            country: String::new(),
            timezone: String::new(),
            contacts: vec![],
        })
        .unwrap();
    let p = fx.duly.import_preview(input(vec![by_path(&s.join("ubl/peppol_base-example.xml"))], true)).unwrap();
    let c = &p.files[0].clients[0];
    assert_eq!((c.existing_id, c.matched_by), (Some(existing.id), Some(MatchedBy::TaxId)));
    assert_eq!(p.files[0].invoices[0].client, "Buyer Trading AB");

    let mut fx = fixture();
    fx.business("Me", "", "USD");
    let named = fx
        .duly
        .client_save(ClientInput {
            id: None,
            name: "simpsons baking co".into(),
            address: String::new(),
            tax_id: String::new(),
            language: Language::En,
            currency: "USD".into(),
            notes: String::new(),
            country: String::new(),
            timezone: String::new(),
            contacts: vec![],
        })
        .unwrap();
    let done =
        fx.duly.import_commit(input(vec![by_path(&s.join("csv/invoiceninja_zoho_invoices.csv"))], true)).unwrap();
    let simpsons = done.files[0].clients.iter().find(|c| c.existing_id == Some(named.id)).expect("matched by name");
    assert_eq!(simpsons.matched_by, Some(MatchedBy::Name));
    assert_eq!(
        fx.count(&format!("SELECT count(*) FROM invoices WHERE client_id = {} AND number = 'INV-000003'", named.id)),
        1
    );
}

#[test]
fn paid_amounts_become_payments_so_the_amount_due_is_right() {
    let Some(s) = samples() else { return };
    let mut fx = fixture();
    fx.business("Me", "", "USD");
    let done =
        fx.duly.import_commit(input(vec![by_path(&s.join("csv/invoiceninja_wave_invoices.csv"))], true)).unwrap();
    assert!(done.files[0].imported, "{:?}", done.files[0]);
    let paid = fx.duly.invoice_get("3").unwrap();
    assert_eq!((paid.total, paid.paid, paid.amount_due, paid.status), (59_050, 59_050, 0, InvoiceStatus::Paid));
    assert_eq!(paid.payments.len(), 1);
    let open = fx.duly.invoice_get("2").unwrap();
    assert_eq!((open.total, open.amount_due, open.status), (497_400, 497_400, InvoiceStatus::Sent));
    assert_eq!(fx.count("SELECT sum(amount_minor) FROM payments"), 59_050);
    // The denormalised paid amount matches the payments, as everywhere in Duly.
    assert_eq!(fx.count("SELECT count(*) FROM invoices i WHERE paid_minor != (SELECT coalesce(sum(amount_minor), 0) FROM payments p WHERE p.invoice_id = i.id)"), 0);
}

#[test]
fn a_file_with_one_bad_row_imports_nothing_and_names_row_and_column() {
    let mut fx = fixture();
    fx.business("Me", "", "EUR");
    let good = fx.write(
        "good.csv",
        "Invoice Number,Invoice Date,Due Date,Client,Total,Currency\nA-1,2026-01-05,2026-02-04,Acme,100.00,EUR\n",
    );
    let bad = fx.write(
        "bad.csv",
        "Invoice Number,Invoice Date,Due Date,Client,Total,Currency\nB-1,2026-01-05,2026-02-04,Acme,100.00,EUR\nB-2,2026-01-06,someday,Beta,50.00,EUR\n",
    );
    let done = fx.duly.import_commit(input(vec![by_path(&bad), by_path(&good)], true)).unwrap();
    let b = &done.files[0];
    assert!(!b.imported);
    assert!(
        b.errors.iter().any(|e| e.location == "row 3, column Due Date" && e.message.contains("someday")),
        "{:?}",
        b.errors
    );
    assert!(done.files[1].imported);
    let numbers: Vec<String> = fx
        .db()
        .prepare("SELECT number FROM invoices")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(numbers, ["A-1"], "nothing of bad.csv, all of good.csv");
    assert_eq!(fx.count("SELECT count(*) FROM clients"), 1);
}

/// One amount can be at most 10^15 minor units (duly-core's ceiling): a file that says more is
/// refused with the row and column named, as a typed amount would be, and nothing is written.
#[test]
fn an_amount_above_the_ceiling_names_row_and_column() {
    let mut fx = fixture();
    fx.business("Me", "", "EUR");
    let huge = fx.write(
        "huge.csv",
        "Invoice Number,Invoice Date,Due Date,Client,Total,Currency\nH-1,2026-01-05,2026-02-04,Acme,100.00,EUR\nH-2,2026-01-06,2026-02-05,Acme,50000000000000000.00,EUR\n",
    );
    let done = fx.duly.import_commit(input(vec![by_path(&huge)], true)).unwrap();
    let f = &done.files[0];
    assert!(!f.imported);
    assert!(
        f.errors
            .iter()
            .any(|e| e.location == "row 3, column Total" && e.message.contains("at most 10000000000000.00 EUR")),
        "{:?}",
        f.errors
    );
    assert_eq!(fx.count("SELECT count(*) FROM invoices"), 0);
}

/// Imported text gets the same limits as typed text: a client name of a megabyte is refused,
/// naming the invoice and the field.
#[test]
fn an_overlong_imported_client_name_is_refused_by_field() {
    let mut fx = fixture();
    fx.business("Me", "", "EUR");
    let name = "A".repeat(1_000_000);
    let long = fx.write(
        "long.csv",
        &format!(
            "Invoice Number,Invoice Date,Due Date,Client,Total,Currency\nL-1,2026-01-05,2026-02-04,{name},100.00,EUR\n"
        ),
    );
    let done = fx.duly.import_commit(input(vec![by_path(&long)], true)).unwrap();
    let f = &done.files[0];
    assert!(!f.imported);
    assert!(
        f.errors
            .iter()
            .any(|e| e.location == "invoice L-1"
                && e.message == "buyer name: 1000000 characters is too long (at most 200)"),
        "{:?}",
        f.errors.iter().map(|e| (&e.location, e.message.chars().take(200).collect::<String>())).collect::<Vec<_>>()
    );
    assert_eq!(fx.count("SELECT count(*) FROM clients"), 0);
}

#[test]
fn a_csv_mapping_made_once_is_remembered() {
    let mut fx = fixture();
    fx.business("Me", "", "EUR");
    let header = "Ref;When;Payable by;Who;Sum;Cur\n";
    let first = fx.write("mine-1.csv", &format!("{header}R-1;2026-03-01;2026-03-31;Acme;1.234,50;RON\n"));
    let p = fx.duly.import_preview(input(vec![by_path(&first)], true)).unwrap();
    let f = &p.files[0];
    assert!(!f.ok, "the columns are not recognised");
    let csv = f.csv.as_ref().expect("the mapping step's data");
    assert_eq!((csv.preset.as_deref(), csv.headers.len()), (None, 6));
    assert_eq!(csv.samples[0][0], "R-1");

    let col = |field, header: &str| CsvColumn { field, header: header.to_owned() };
    let mapping = vec![
        col(CsvField::Number, "Ref"),
        col(CsvField::IssueDate, "When"),
        col(CsvField::DueDate, "Payable by"),
        col(CsvField::BuyerName, "Who"),
        col(CsvField::Total, "Sum"),
        col(CsvField::Currency, "Cur"),
    ];
    let mapped = ImportFile { mapping: Some(mapping), ..by_path(&first) };
    let done = fx.duly.import_commit(input(vec![mapped], true)).unwrap();
    assert!(done.files[0].imported, "{:?}", done.files[0].errors);
    assert_eq!(fx.duly.invoice_get("R-1").unwrap().amount_due, 123_450);
    let saved: String =
        fx.db().query_row("SELECT value FROM settings WHERE key = ?1", [CSV_MAPPINGS_KEY], |r| r.get(0)).unwrap();
    assert!(saved.contains("\"issue_date\":\"When\""), "{saved}");

    // Next month's export, same columns: no mapping given, the remembered one is used.
    let second = fx.write("mine-2.csv", &format!("{header}R-2;2026-04-01;2026-04-30;Acme;99,00;RON\n"));
    let p = fx.duly.import_preview(input(vec![by_path(&second)], true)).unwrap();
    let f = &p.files[0];
    assert!(f.ok, "{:?}", f.errors);
    assert!(f.csv.as_ref().unwrap().user_mapping);
    assert_eq!((f.invoices[0].total, f.invoices[0].client.as_str()), (9_900, "Acme"));
}

#[test]
fn bytes_from_a_file_picker_read_like_a_path() {
    let Some(s) = samples() else { return };
    let mut fx = fixture();
    fx.business(PEPPOL_SELLER.0, PEPPOL_SELLER.1, "EUR");
    let path = s.join("ubl/peppol_base-example.xml");
    let bytes = std::fs::read(&path).unwrap();
    let picked = ImportFile {
        name: "picked.xml".into(),
        bytes_base64: Some(base64::engine::general_purpose::STANDARD.encode(&bytes)),
        ..ImportFile::default()
    };
    let a = fx.duly.import_preview(input(vec![picked.clone()], true)).unwrap();
    let b = fx.duly.import_preview(input(vec![by_path(&path)], true)).unwrap();
    assert_eq!(a.files[0].invoices, b.files[0].invoices);
    assert_eq!(a.files[0].file, "picked.xml");
    let broken =
        ImportFile { name: "x.xml".into(), bytes_base64: Some("not base64 !!".into()), ..ImportFile::default() };
    let missing = by_path(&fx.dir.path().join("nowhere.xml"));
    let p = fx.duly.import_preview(input(vec![broken, missing], true)).unwrap();
    assert!(p.files.iter().all(|f| !f.ok && f.errors[0].location == "file"));
    assert!(p.files[1].errors[0].message.starts_with("nowhere.xml: cannot be read"), "{:?}", p.files[1].errors);
}

/// Every UBL, CII and Factur-X sample imports with its amount due as expected.tsv says,
/// except those whose number another sample already took (numbers are unique in Duly).
#[test]
fn e_invoice_samples_store_the_expected_amount_due() {
    let Some(s) = samples() else { return };
    let mut fx = fixture();
    let mut checked = 0;
    for folder in ["ubl", "cii", "facturx"] {
        let tsv = std::fs::read_to_string(s.join(folder).join("expected.tsv")).unwrap();
        let mut lines = tsv.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        for line in lines.filter(|l| !l.trim().is_empty()) {
            let cells: Vec<&str> = line.split('\t').collect();
            let file = s.join(folder).join(cells[col("file")]);
            if !file.is_file() {
                continue;
            }
            let report = fx.duly.import_commit(input(vec![by_path(&file)], true)).unwrap();
            let f = &report.files[0];
            if !f.imported {
                assert!(f.errors.iter().all(|e| e.message.contains("already used")), "{}: {:?}", f.file, f.errors);
                continue;
            }
            let Some(inv) = f.invoices.iter().find(|i| i.duplicate.is_none()) else { continue };
            let stored = fx.duly.invoice_get(&inv.number).unwrap();
            let expected = cells[col("total_payable")].replace(['.', ','], "");
            let expected: i64 = expected.parse().unwrap();
            // expected.tsv writes "8550" and "729" without decimals: compare in major units then.
            let minor =
                if cells[col("total_payable")].contains('.') { stored.amount_due } else { stored.amount_due / 100 };
            if stored.total >= 0 {
                assert_eq!(minor, expected, "{}", f.file);
            }
            // The document's total, or the amount due when that is more (an earlier balance).
            assert_eq!(stored.total, inv.total.max(inv.amount_due), "{}", f.file);
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} samples imported");
}

/// Issue 15: reading an import's files (a hostile one can take long) holds nothing of the
/// database, so the app runs other commands meanwhile; the database parts before and after are
/// short, and a cancelled read says so for each file it did not read.
#[test]
fn files_are_read_without_the_database_and_a_cancel_stops_the_reading() {
    let Some(s) = samples() else { return };
    let mut fx = fixture();
    fx.business(PEPPOL_SELLER.0, PEPPOL_SELLER.1, "USD");
    let files = vec![by_path(&s.join("ubl/peppol_base-example.xml"))];
    let start = fx.duly.import_start(input(files.clone(), true)).unwrap();
    // Read on another thread while this one writes: `ImportStart` owns what it needs.
    let reading = std::thread::spawn(move || start.read(&ImportLimits::default()));
    fx.business("Someone Else", "GB1232434", "USD");
    let read = reading.join().unwrap();
    fx.business(PEPPOL_SELLER.0, PEPPOL_SELLER.1, "USD");
    let done = fx.duly.import_commit_read(read).unwrap();
    assert_eq!((done.invoice_count, done.failed_files), (1, 0), "{:?}", done.files[0].errors);
    assert_eq!(fx.count("SELECT COUNT(*) FROM invoices"), 1);

    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let limits = ImportLimits { cancel: Some(cancel), ..ImportLimits::default() };
    let read = fx.duly.import_start(input(files, true)).unwrap().read(&limits);
    let preview = fx.duly.import_preview_read(read).unwrap();
    assert_eq!(preview.failed_files, 1);
    assert_eq!(preview.files[0].errors[0].message, "peppol_base-example.xml: the import was cancelled");
}
