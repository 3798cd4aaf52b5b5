//! Bank statements: every format and CSV preset read from a realistic sample (invented data,
//! under `tests/fixtures/statements`): only credits, with payer, reference, text and a stable id.

use duly_import::{BankPreset, StatementFile, StatementFormat, is_statement, read_statement};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/statements/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn read(name: &str) -> StatementFile {
    let bytes = fixture(name);
    assert!(is_statement(&bytes), "{name} is recognised as a statement");
    let file = read_statement(name, &bytes, None);
    assert!(file.errors.is_empty(), "{name}: {:?}", file.errors);
    // Reading twice gives the same ids, and no two lines share one.
    let again = read_statement(name, &bytes, None);
    let ids: Vec<&str> = file.credits.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, again.credits.iter().map(|c| c.id.as_str()).collect::<Vec<_>>());
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{name}: ids unique");
    file
}

/// (amount in minor units, currency, payer, reference, text contains)
fn summary(file: &StatementFile) -> Vec<(i64, &str, &str, &str, &str)> {
    file.credits
        .iter()
        .map(|c| (c.amount_minor, c.currency.code(), c.payer.as_str(), c.reference.as_str(), c.text.as_str()))
        .collect()
}

#[test]
fn camt053_keeps_booked_credits_and_splits_batches() {
    let f = read("camt053_bt.xml");
    assert_eq!(f.format, Some(StatementFormat::Camt053));
    assert_eq!(f.account, "RO60BTRL0130120234567890");
    assert_eq!(
        summary(&f),
        [
            (240_000, "RON", "STEFANESCU DESIGN PFA", "RF94DLY2026003", ""),
            (150_000, "RON", "ACME STUDIO S.R.L.", "", "CV FACT DLY-2026-001 SERVICII DESIGN"),
            (80_000, "RON", "ACME STUDIO SRL", "", "Factura DLY-2026-002"),
            (50_000, "RON", "ION POPESCU", "", "imprumut"),
        ]
    );
    assert_eq!(f.skipped, 2, "the debit and the reversal");
    assert_eq!(f.credits[0].id, "RO60BTRL0130120234567890:BT26111200017");
    assert_eq!(f.credits[2].id, "RO60BTRL0130120234567890:BT26111200020-1");
    assert_eq!(f.credits[0].payer_account, "RO49AAAA1B31007593840000");
    assert_eq!(f.credits[0].date.to_string(), "2026-11-12");
    assert_eq!(f.credits[3].location, "Ntry 4/TxDtls 2");
}

#[test]
fn camt054_version_8_parties_and_status_codes() {
    let f = read("camt054_ing.xml");
    assert_eq!(f.format, Some(StatementFormat::Camt054));
    assert_eq!(
        summary(&f),
        [
            (120_000, "EUR", "Nordlicht GmbH", "RF67DLY2026004", ""),
            (32_000, "EUR", "BRIGHT PIXEL LTD", "", "Invoice DLY-2026-007 part 1 of 2"),
        ]
    );
    assert_eq!(f.skipped, 1, "the pending entry");
    assert_eq!(f.credits[0].date.to_string(), "2026-11-13");
    assert_eq!(f.credits[0].payer_account, "DE89370400440532013000");
}

#[test]
fn mt940_unstructured_and_subfield_details() {
    let f = read("mt940_bcr.sta");
    assert_eq!(f.format, Some(StatementFormat::Mt940));
    assert_eq!(f.account, "RO49RNCB0082004402090001");
    assert_eq!(f.skipped, 1);
    let s = summary(&f);
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].0, s[0].1), (80_000, "RON"));
    assert!(s[0].4.contains("PLATA FACTURA DLY-2026-002") && s[0].4.contains("ACME STUDIO SRL"), "{}", s[0].4);
    assert_eq!((s[1].0, s[1].2), (240_000, "STEFANESCU DESIGN PFA"));
    assert_eq!(s[1].4, "RF94DLY2026003ONORARIU");
    assert_eq!(f.credits[1].payer_account, "RO49AAAA1B31007593840000");
    assert_eq!(f.credits[0].id, "RO49RNCB0082004402090001:RNCB261114A001");
    assert_eq!(f.credits[0].date.to_string(), "2026-11-14");
    assert_eq!(f.credits[0].location, "line 5");
}

#[test]
fn mt940_sepa_keywords() {
    let f = read("mt940_ing.sta");
    let s = summary(&f);
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].0, s[0].1, s[0].2), (95_000, "EUR", "Van Dijk Consultancy B.V."));
    assert!(s[0].4.ends_with("Factuur DLY 2026 005 dank je"), "{}", s[0].4);
    assert_eq!((s[1].0, s[1].2, s[1].4), (64_000, "BRIGHT PIXEL LTD", "Second half of your invoice"));
    assert_eq!(f.credits[1].payer_account, "GB33BUKB20201555555555");
}

#[test]
fn wise_keeps_incoming_transfers_only() {
    let f = read("wise.csv");
    assert_eq!(f.format, Some(StatementFormat::Csv(BankPreset::Wise)));
    let s = summary(&f);
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].0, s[0].1, s[0].2), (120_000, "EUR", "NORDLICHT GMBH"));
    assert!(s[0].4.starts_with("DLY-2026-009 "));
    assert_eq!(f.credits[0].date.to_string(), "2026-11-16");
    assert_eq!(f.credits[0].id, ":TRANSFER-1188442231");
    assert_eq!(f.skipped, 2, "the card payment and the conversion");
}

#[test]
fn revolut_personal_and_business() {
    let f = read("revolut.csv");
    assert_eq!(f.format, Some(StatementFormat::Csv(BankPreset::Revolut)));
    assert_eq!(summary(&f), [(125_000, "USD", "SARAH MILLER", "", "Transfer from SARAH MILLER")]);
    assert_eq!(f.skipped, 3, "card payment, top-up, pending");
    assert!(f.credits[0].id.starts_with("h:"), "no bank reference: a hash");
    let b = read("revolut_business.csv");
    assert_eq!(b.format, Some(StatementFormat::Csv(BankPreset::RevolutBusiness)));
    assert_eq!(summary(&b)[0].0..=summary(&b)[0].0, 95_000..=95_000);
    assert_eq!(b.credits[0].payer, "VAN DIJK CONSULTANCY B.V.");
    assert!(b.credits[0].text.starts_with("DLY-2026-005"));
    assert_eq!(b.credits.len(), 1);
}

#[test]
fn paypal_activity_counts_the_gross_received() {
    let f = read("paypal.csv");
    assert_eq!(f.format, Some(StatementFormat::Csv(BankPreset::Paypal)));
    assert_eq!(summary(&f).len(), 1);
    let c = &f.credits[0];
    assert_eq!(
        (c.amount_minor, c.payer.as_str(), c.payer_account.as_str()),
        (125_000, "Sarah Miller", "sarah@miller.example")
    );
    assert!(c.text.contains("Invoice DLY-2026-008"));
    assert_eq!(c.date.to_string(), "2026-11-18", "PayPal's month-first dates");
    assert_eq!(c.id, ":5TY12345AB678901C");
}

#[test]
fn ing_semicolons_and_decimal_commas() {
    let f = read("ing.csv");
    assert_eq!(f.format, Some(StatementFormat::Csv(BankPreset::Ing)));
    let s = summary(&f);
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].0, s[0].1, s[0].2), (120_000, "EUR", "Nordlicht GmbH"));
    assert!(s[0].4.contains("Rechnung DLY-2026-004"));
    assert_eq!(f.credits[0].date.to_string(), "2026-11-18");
    assert_eq!(f.credits[0].payer_account, "DE89370400440532013000");
    assert_eq!(s[1].0, 32_000);
}

#[test]
fn banca_transilvania_reads_the_preamble_and_the_description() {
    let f = read("bt.csv");
    assert_eq!(f.format, Some(StatementFormat::Csv(BankPreset::BancaTransilvania)));
    assert_eq!(f.account, "RO60BTRL0130120234567890");
    let s = summary(&f);
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].0, s[0].1, s[0].2), (240_000, "RON", "STEFANESCU DESIGN PFA"));
    assert_eq!((s[1].0, s[1].2), (150_000, "ACME STUDIO SRL"));
    assert!(s[1].4.contains("CV FACTURA DLY-2026-001"));
    assert_eq!(f.credits[1].id, "RO60BTRL0130120234567890:261118BT55");
    assert_eq!(f.skipped, 1);
}

#[test]
fn bca_mutasi_takes_the_year_from_the_period_and_skips_pending() {
    let f = read("bca.csv");
    assert_eq!(f.format, Some(StatementFormat::Csv(BankPreset::Bca)));
    assert_eq!(f.account, "0123456789");
    let s = summary(&f);
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].0, s[0].1), (1_500_000_000, "IDR"));
    assert!(s[0].4.contains("PT MAJU JAYA ABADI RF13DLY2026006"));
    assert_eq!(f.credits[0].date.to_string(), "2026-11-19");
    assert_eq!(f.skipped, 2, "the debit and the pending line");
}

#[test]
fn errors_name_the_file_and_the_place() {
    let bad = fixture("camt053_bt.xml");
    let bad =
        String::from_utf8(bad).unwrap().replace("<Amt Ccy=\"RON\">1500.00</Amt>", "<Amt Ccy=\"RON\">15O0.00</Amt>");
    let f = read_statement("nov.xml", bad.as_bytes(), None);
    assert_eq!(f.errors.len(), 1, "{:?}", f.errors);
    assert!(f.errors[0].message.starts_with("nov.xml, Ntry 2/Amt: \"15O0.00\""), "{}", f.errors[0].message);
    let mt = "{1:F01}{4:\r\n:20:X\r\n:25:RO1\r\n:60F:C261113RON1,00\r\n:61:2611141114C,00NTRF//A\r\n-}";
    let f = read_statement("s.sta", mt.as_bytes(), None);
    assert!(f.errors[0].message.starts_with("s.sta, line 5: :61:"), "{:?}", f.errors);
    let csv = "Data tranzactie,Data valuta,Descriere,Referinta tranzactiei,Debit,Credit,Sold contabil\n2026-11-19,,x,1,,\"2.400,00\",\n";
    let f = read_statement("bt.csv", csv.as_bytes(), None);
    assert!(f.errors[0].message.contains("line 2") && f.errors[0].message.contains("no currency"), "{:?}", f.errors);
    assert!(!is_statement(b"Invoice Number,Invoice Date,Total\nA1,2026-01-01,10\n"));
    assert!(!is_statement(b"<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>"));
}
