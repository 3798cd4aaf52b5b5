//! The documents use cases on a real SQLite file: invoices, clients and payments written through
//! the API, the PDF written to disk, and its text read back with poppler's `pdftotext`, so the
//! checks see what a reader of the document sees.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use duly_api::*;

const TODAY: &str = "2026-11-23";

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Whether poppler's tools can run. CI must have them; a developer's machine without them skips.
fn poppler(test: &str) -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "pdftotext (poppler-utils) is missing, and CI must run {test}");
        eprintln!("SKIPPED {test}: pdftotext is not installed (apt-get install poppler-utils)");
    }
    ok
}

fn text_of(path: &Path) -> String {
    let out = Command::new("pdftotext").arg("-layout").arg(path).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext failed on {}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn pdfinfo(path: &Path, key: &str) -> String {
    let out = Command::new("pdfinfo").arg(path).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| panic!("pdfinfo printed no {key}:\n{info}"))
}

#[track_caller]
fn assert_has(text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "missing {e:?} in the extracted text:\n{text}");
    }
}

struct Fixture {
    dir: tempfile::TempDir,
    duly: Duly,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    // The instant too: the history dates events by when they were recorded, so a clock left
    // running would put them on the real day (before the invoice, on a machine set in the past).
    let now = date(TODAY).and_hms_opt(10, 0, 0).unwrap().and_utc();
    let mut duly = Duly::open(&dir.path().join("duly.sqlite3")).unwrap().with_now(now).with_today(date(TODAY));
    duly.business_save(Business {
        name: "Ana Lungu Design".into(),
        address: "Str. Lungă 12\n500035 Brașov\nRomânia".into(),
        tax_id: "RO 31245678".into(),
        email: "ana@lungu.design".into(),
        phone: "+40 268 555 019".into(),
        bank_name: "Banca Transilvania".into(),
        iban: "RO49 AAAA 1B31 0075 9384 0000".into(),
        bic: "BTRLRO22".into(),
        default_currency: "EUR".into(),
        // The app speaks English; each document speaks its client's language.
        language: Language::En,
        payment_terms_days: 30,
    })
    .unwrap();
    Fixture { dir, duly }
}

impl Fixture {
    fn client(&mut self, name: &str, language: Language, currency: &str, billing: &str) -> i64 {
        let contacts = vec![Contact {
            id: None,
            name: billing.to_owned(),
            role: ContactRole::Billing,
            email: "billing@example.com".to_owned(),
            phone: String::new(),
            language: None,
            timezone: String::new(),
        }];
        let input = ClientInput {
            id: None,
            name: name.to_owned(),
            address: "Str. Gheorghe Doja 64\n540146 Târgu Mureș".to_owned(),
            tax_id: "RO 14567890".to_owned(),
            language,
            currency: currency.to_owned(),
            notes: String::new(),
            country: String::new(),
            timezone: String::new(),
            contacts,
        };
        self.duly.client_save(input).unwrap().id
    }

    #[allow(clippy::too_many_arguments)]
    fn invoice(
        &mut self,
        client_id: i64,
        number: &str,
        issue: &str,
        due: &str,
        tax: &str,
        lines: &[(&str, &str, &str)],
        send: bool,
    ) {
        self.duly
            .invoice_save(InvoiceInput {
                id: None,
                client_id,
                number: Some(number.to_owned()),
                issue_date: issue.to_owned(),
                due_date: Some(due.to_owned()),
                currency: None,
                tax_rate: tax.to_owned(),
                notes: String::new(),
                lines: lines
                    .iter()
                    .map(|(d, q, p)| LineInput {
                        description: (*d).to_owned(),
                        quantity: (*q).to_owned(),
                        unit_price: (*p).to_owned(),
                    })
                    .collect(),
                send,
            })
            .unwrap();
    }

    fn pay(&mut self, number: &str, amount: &str, on: &str) {
        self.duly
            .payment_add(PaymentInput {
                invoice_number: number.to_owned(),
                amount: amount.to_owned(),
                date: Some(on.to_owned()),
                method: String::new(),
                note: String::new(),
            })
            .unwrap();
    }

    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join("out").join(name)
    }

    fn save(&self, document: PdfDocument, paper: Option<PaperSize>, name: &str) -> (SavedPdf, String) {
        let path = self.out(name);
        let saved = self.duly.pdf_save(PdfRequest { document, paper, path: Some(path.display().to_string()) }).unwrap();
        assert_eq!(Path::new(&saved.path), path);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), saved.bytes_len);
        assert_eq!(pdfinfo(&path, "Pages"), saved.pages.to_string(), "the page count the API reports");
        (saved, text_of(&path))
    }
}

fn invoice(number: &str) -> PdfDocument {
    PdfDocument::Invoice { number: number.to_owned() }
}

#[test]
fn invoice_copy_is_in_the_clients_language_with_lines_tax_payments_and_bank_details() {
    if !poppler("invoice_copy") {
        return;
    }
    let mut f = fixture();
    let ro = f.client("Fabrica de Încălțăminte Târgu Mureș SRL", Language::Ro, "RON", "Ioana Mureșan");
    f.invoice(
        ro,
        "INV-2026-0001",
        "2026-10-01",
        "2026-10-31",
        "19",
        &[
            ("Design identitate vizuală: siglă și tipografie", "1", "8500.00"),
            ("Ședință de analiză (ore)", "3.5", "450.00"),
        ],
        true,
    );
    f.pay("INV-2026-0001", "2000.00", "2026-10-15");
    let (saved, text) = f.save(invoice("INV-2026-0001"), None, "ro.pdf");
    assert_eq!(saved.pages, 1);
    // 8,500 + 1,575 = 10,075.00; VAT 19 % = 1,914.25; total 11,989.25; paid 2,000; due 9,989.25.
    assert_has(
        &text,
        &[
            "Factură",
            "INV-2026-0001",
            "Ana Lungu Design",
            "Fabrica de Încălțăminte Târgu Mureș SRL",
            "Ioana Mureșan",
            "Design identitate vizuală: siglă și tipografie",
            "Ședință de analiză (ore)",
            "1 octombrie 2026",
            "31 octombrie 2026",
            "10.075,00 lei",
            "TVA 19 %",
            "1.914,25 lei",
            "11.989,25 lei",
            "9.989,25 lei",
            "RO49 AAAA 1B31 0075 9384 0000",
            "BTRLRO22",
            // The invoice's ISO 11649 reference, which statement import matches with certainty.
            "RF16 INV2 0260 001",
            "Pagina 1 din 1",
        ],
    );

    let en = f.client("Northwind Analytics GmbH", Language::En, "EUR", "Lena Vogel");
    f.invoice(en, "INV-2026-0002", "2026-11-02", "2026-12-02", "0", &[("Website design", "2", "617.28")], true);
    let (_, text) = f.save(invoice("INV-2026-0002"), Some(PaperSize::Letter), "en.pdf");
    assert_has(
        &text,
        &[
            "Invoice",
            "INV-2026-0002",
            "€1,234.56",
            "2 November 2026",
            "2 December 2026",
            "RF86 INV2 0260 002",
            "Page 1 of 1",
        ],
    );
    assert!(pdfinfo(&f.out("en.pdf"), "Page size").starts_with("612 x 792"), "US Letter when asked");
    assert!(pdfinfo(&f.out("ro.pdf"), "Page size").starts_with("595"), "A4 by default");

    let id = f.client("PT Maju Bersama Sejahtera", Language::Id, "IDR", "Sari Wulandari");
    f.invoice(
        id,
        "INV-2026-0003",
        "2026-11-01",
        "2026-11-15",
        "11",
        &[("Desain halaman situs web", "1", "1500000")],
        true,
    );
    let (_, text) = f.save(invoice("INV-2026-0003"), None, "id.pdf");
    assert_has(
        &text,
        &["Faktur", "Rp 1.500.000", "PPN 11%", "Rp 165.000", "Rp 1.665.000", "1 November 2026", "Halaman 1 dari 1"],
    );
}

#[test]
fn a_long_invoice_flows_onto_further_pages_with_every_line() {
    if !poppler("long_invoice") {
        return;
    }
    let mut f = fixture();
    let c = f.client("Northwind Analytics GmbH", Language::En, "EUR", "Lena Vogel");
    let descriptions: Vec<String> = (1..=200).map(|i| format!("Support ticket #{i:03}")).collect();
    let lines: Vec<(&str, &str, &str)> = descriptions.iter().map(|d| (d.as_str(), "1", "10.00")).collect();
    f.invoice(c, "INV-2026-0200", "2026-11-01", "2026-12-01", "0", &lines, true);
    let (saved, text) = f.save(invoice("INV-2026-0200"), None, "long.pdf");
    assert!(saved.pages >= 4, "200 lines on {} pages", saved.pages);
    for d in &descriptions {
        assert!(text.contains(d.as_str()), "line {d} is missing");
    }
    let last = format!("Page {0} of {0}", saved.pages);
    assert_has(&text, &["Page 1 of", &last, "€2,000.00"]);
}

#[test]
fn statement_lists_what_was_open_on_the_date_per_currency() {
    if !poppler("statement") {
        return;
    }
    let mut f = fixture();
    let c = f.client("Fabrica de Încălțăminte Târgu Mureș SRL", Language::Ro, "RON", "Ioana Mureșan");
    f.invoice(c, "INV-2026-0011", "2026-08-01", "2026-08-31", "0", &[("Machete", "1", "1234.56")], true);
    f.invoice(c, "INV-2026-0012", "2026-09-01", "2026-10-01", "0", &[("Pictograme", "1", "3000.00")], true);
    // Paid in full after the statement's date: still open on that day.
    f.pay("INV-2026-0012", "3000.00", "2026-11-20");
    // Paid before the date, a draft, and one issued after the date: none of them is listed.
    f.invoice(c, "INV-2026-0013", "2026-09-05", "2026-10-05", "0", &[("Paid", "1", "111.11")], true);
    f.pay("INV-2026-0013", "111.11", "2026-10-01");
    f.invoice(c, "INV-2026-0014", "2026-09-10", "2026-10-10", "0", &[("Draft", "1", "222.22")], false);
    f.invoice(c, "INV-2026-0016", "2026-11-21", "2026-12-21", "0", &[("Later", "1", "333.33")], true);
    // Same client, another currency: its own subtotal.
    f.duly
        .invoice_save(InvoiceInput {
            id: None,
            client_id: c,
            number: Some("INV-2026-0015".into()),
            issue_date: "2026-10-01".into(),
            due_date: Some("2026-10-31".into()),
            currency: Some("EUR".into()),
            tax_rate: "0".into(),
            notes: String::new(),
            lines: vec![LineInput {
                description: "Consultanță".into(),
                quantity: "1".into(),
                unit_price: "760.25".into(),
            }],
            send: true,
        })
        .unwrap();

    let doc = PdfDocument::Statement { client: "încălțăminte".into(), as_of: Some("2026-11-15".into()) };
    let (_, text) = f.save(doc, None, "statement.pdf");
    assert_has(
        &text,
        &[
            "Situația facturilor neachitate",
            "15 noiembrie 2026",
            "INV-2026-0011",
            "INV-2026-0012",
            "INV-2026-0015",
            "1.234,56 lei",
            "3.000,00 lei",
            "4.234,56 lei",
            "760,25 €",
        ],
    );
    for absent in ["INV-2026-0013", "INV-2026-0014", "INV-2026-0016"] {
        assert!(!text.contains(absent), "{absent} was not open on 15 November:\n{text}");
    }

    // By id, as of today (the default): INV-2026-0012 is paid by now, 0016 is issued.
    let (_, text) = f.save(PdfDocument::Statement { client: c.to_string(), as_of: None }, None, "today.pdf");
    assert_has(&text, &["23 noiembrie 2026", "INV-2026-0011", "INV-2026-0016"]);
    assert!(!text.contains("INV-2026-0012"));

    let err = f
        .duly
        .pdf_bytes(&PdfDocument::Statement { client: c.to_string(), as_of: Some("2026-07-01".into()) }, PaperSize::A4)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("no invoice was open on 2026-07-01"), "{}", err.message);
}

#[test]
fn demand_letter_claims_what_is_owed_gives_a_deadline_and_lists_the_contacts() {
    if !poppler("demand") {
        return;
    }
    let mut f = fixture();
    // The letter follows the law of the contract: the business is Romanian, and the
    // Indonesian client's contract is under Indonesian law (a somasi).
    f.duly.law_country_set(Some("RO".into())).unwrap();
    let c = f.client("PT Maju Bersama Sejahtera", Language::Id, "IDR", "Sari Wulandari");
    let law = ClientLawInput { client_id: c, jurisdiction: Some("ID".into()), private_person: false };
    f.duly.client_law_set(law).unwrap();
    f.invoice(
        c,
        "INV-2026-0021",
        "2026-09-01",
        "2026-10-01",
        "0",
        &[("Desain identitas visual", "1", "15000000")],
        true,
    );
    f.pay("INV-2026-0021", "5000000", "2026-10-20");
    let doc = PdfDocument::Demand { number: "INV-2026-0021".into(), deadline_days: None };
    let (_, text) = f.save(doc, None, "somasi.pdf");
    // Today 23 November + 15 days = 8 December. The invoice was entered as issued, so the
    // history says it was sent on its issue date, 1 September.
    assert_has(
        &text,
        &[
            "Somasi",
            "INV-2026-0021",
            "Rp 15.000.000",
            "Rp 5.000.000",
            "Rp 10.000.000",
            "8 Desember 2026",
            "23 November 2026",
            "Faktur INV-2026-0021 diterbitkan dan dikirim.",
        ],
    );
    let sent = text.lines().find(|l| l.contains("diterbitkan dan dikirim")).unwrap();
    assert!(sent.contains("1 September 2026"), "the history dates the sending by the issue date: {sent}");

    let (_, text) =
        f.save(PdfDocument::Demand { number: "INV-2026-0021".into(), deadline_days: Some(7) }, None, "7.pdf");
    assert_has(&text, &["30 November 2026"]);

    // With the client's agreed terms (written as the follow-up ladder stores them): interest
    // at 12 % a year on the Rp 10.000.000 owed, 2 October to 23 November (53 days):
    // 1 000 000 000 × 1200 × 53 / (10 000 × 365) = 17 424 657.5 sen → Rp 174.246,58, charged
    // in whole rupiah: Rp 174.247.
    let conn = duly_store::Connection::open(f.dir.path().join("duly.sqlite3")).unwrap();
    let terms = duly_core::ladder::Terms {
        late_fee: Some(duly_core::ladder::LateFee::InterestPerYear { rate: 1200 }),
        early_discount: Some(duly_core::ladder::EarlyDiscount { rate: 200, within_days: 10 }),
        claim_statutory: true,
    };
    duly_store::terms::set(&conn, duly_store::terms::Scope::Client(c), &terms, "2026-11-23T09:00:00Z").unwrap();
    drop(conn);
    let (_, text) =
        f.save(PdfDocument::Demand { number: "INV-2026-0021".into(), deadline_days: None }, None, "interest.pdf");
    assert_has(
        &text,
        &[
            "Bunga 12% per tahun atas faktur INV-2026-0021, 2 Oktober 2026 sampai 23 November 2026",
            "Rp 174.247",
            "Rp 10.174.247",
        ],
    );
    let (_, text) = f.save(invoice("INV-2026-0021"), None, "terms.pdf");
    assert_has(&text, &["bunga 12% per tahun", "potongan 2%"]);

    let ro = f.client("Fabrica de Încălțăminte Târgu Mureș SRL", Language::Ro, "RON", "Ioana Mureșan");
    f.invoice(ro, "INV-2026-0022", "2026-09-01", "2026-10-01", "0", &[("Machete", "1", "1234.56")], true);
    let (_, text) =
        f.save(PdfDocument::Demand { number: "INV-2026-0022".into(), deadline_days: None }, None, "somatie.pdf");
    assert_has(
        &text,
        &[
            "Somație",
            "1.234,56 lei",
            "art. 1014 din Codul de procedură civilă",
            "15 zile",
            "Factura INV-2026-0022 a fost emisă și transmisă.",
        ],
    );

    // Not yet due, paid in full, or an absurd deadline: refused, naming the invoice or field.
    f.invoice(ro, "INV-2026-0023", "2026-11-01", "2026-12-01", "0", &[("Later", "1", "10")], true);
    let premature = f
        .duly
        .pdf_bytes(&PdfDocument::Demand { number: "INV-2026-0023".into(), deadline_days: None }, PaperSize::A4)
        .unwrap_err();
    assert_eq!(premature.code, ErrorCode::InvalidInput);
    assert!(
        premature.message.contains("INV-2026-0023") && premature.message.contains("not overdue"),
        "{}",
        premature.message
    );
    f.pay("INV-2026-0022", "1234.56", "2026-11-22");
    let paid = f
        .duly
        .pdf_bytes(&PdfDocument::Demand { number: "INV-2026-0022".into(), deadline_days: None }, PaperSize::A4)
        .unwrap_err();
    assert!(paid.message.contains("INV-2026-0022") && paid.message.contains("nothing is owed"), "{}", paid.message);
    let days = f
        .duly
        .pdf_bytes(&PdfDocument::Demand { number: "INV-2026-0021".into(), deadline_days: Some(0) }, PaperSize::A4)
        .unwrap_err();
    assert!(days.message.starts_with("deadline_days"), "{}", days.message);
}

#[test]
fn unknown_records_are_named_and_nothing_is_written() {
    let mut f = fixture();
    f.client("Acme Design", Language::En, "EUR", "Jo");
    f.client("Acme Build", Language::En, "EUR", "Jo");
    let target = f.out("never.pdf");
    let save = |document: PdfDocument| {
        f.duly.pdf_save(PdfRequest { document, paper: None, path: Some(target.display().to_string()) })
    };

    let err = save(invoice("INV-1999-0001")).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains("INV-1999-0001"), "{}", err.message);
    let err = save(PdfDocument::Demand { number: "NOPE-7".into(), deadline_days: None }).unwrap_err();
    assert_eq!((err.code, err.message.contains("NOPE-7")), (ErrorCode::NotFound, true), "{}", err.message);
    let err = save(PdfDocument::Statement { client: "Globex".into(), as_of: None }).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains("Globex"), "{}", err.message);
    let err = save(PdfDocument::Statement { client: "acme".into(), as_of: None }).unwrap_err();
    assert_eq!(err.code, ErrorCode::Ambiguous);
    assert!(err.message.contains("Acme Design") && err.message.contains("Acme Build"), "{}", err.message);
    let err =
        save(PdfDocument::Statement { client: "Acme Design".into(), as_of: Some("23/11/2026".into()) }).unwrap_err();
    assert!(err.message.starts_with("as_of"), "{}", err.message);
    assert!(!target.exists(), "a refused document writes no file");
    assert!(!target.parent().unwrap().exists());
}

#[test]
fn saving_twice_to_a_folder_keeps_both_and_a_preview_needs_no_path() {
    let mut f = fixture();
    let c = f.client("Northwind Analytics GmbH", Language::En, "EUR", "Lena Vogel");
    f.invoice(c, "INV/2026/0031", "2026-11-01", "2026-12-01", "0", &[("Work", "1", "100")], true);
    let file = f.duly.pdf_bytes(&invoice("INV/2026/0031"), PaperSize::A4).unwrap();
    assert_eq!(file.file_name, "INV-2026-0031.pdf", "slashes cannot be in a file name");
    assert!(file.bytes.starts_with(b"%PDF-"));
    assert_eq!(file.pages, 1);

    // An explicit path is replaced, whole.
    let path = f.out("copy.pdf");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"old").unwrap();
    let request =
        PdfRequest { document: invoice("INV/2026/0031"), paper: None, path: Some(path.display().to_string()) };
    f.duly.pdf_save(request.clone()).unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF-"));
    let leftovers: Vec<_> =
        std::fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left beside it: {leftovers:?}");

    let err = f.duly.pdf_preview(request).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}
