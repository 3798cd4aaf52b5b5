//! The instalment plan in writing, on a real SQLite file: a plan agreed through the API, the
//! one-page PDF written to disk, its text read back with poppler's `pdftotext` (dates, amounts
//! and wording in the client's language, Romanian diacritics included) and the page rendered
//! with `pdftoppm`. Set DULY_PLAN_PNG=path to keep the rendered page (docs/pdf/ holds one).

use crate::support;

use std::path::Path;
use std::process::Command;

use duly_api::*;
use support::overdue::{self, NUMBER, OverdueInvoice, contact};

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
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A Romanian client owing 12,500.00 RON on one invoice, and the business that invoiced it.
fn duly_with_invoice(language: Language) -> overdue::Fixture {
    OverdueInvoice::new("Ștefănescu și Fiii SRL")
        .business(Business {
            name: "Ana Lungu Design".into(),
            address: "Str. Lungă 12\n500035 Brașov\nRomânia".into(),
            tax_id: "RO 31245678".into(),
            email: "ana@lungu.design".into(),
            phone: "+40 268 555 019".into(),
            bank_name: "Banca Transilvania".into(),
            iban: "RO49AAAA1B31007593840000".into(),
            bic: "BTRLRO22".into(),
            default_currency: "RON".into(),
            // The app speaks English; the plan speaks its client's language.
            language: Language::En,
            payment_terms_days: 30,
        })
        .address("Bd. Eroilor 3\nCluj-Napoca")
        .language(language)
        .contacts(vec![contact("Ioana Pop", ContactRole::Billing, "plati@stefanescu.ro", "")])
        .line("Identitate vizuală", "12500.00")
        .build()
}

#[test]
fn the_plan_in_writing_lists_each_dated_instalment_in_the_clients_language() {
    if !poppler("the_plan_in_writing_lists_each_dated_instalment_in_the_clients_language") {
        return;
    }
    let overdue::Fixture { mut duly, dir, .. } = duly_with_invoice(Language::Ro);
    let plan = duly
        .plan_create(PlanInput {
            invoice_number: NUMBER.into(),
            instalments: 3,
            every_days: 30,
            first_date: Some("2026-11-20".into()),
        })
        .unwrap();
    assert_eq!(plan.instalments.iter().map(|i| i.amount).collect::<Vec<_>>(), [416_666, 416_666, 416_668]);

    let path = dir.path().join("plan.pdf");
    let saved = duly
        .pdf_save(PdfRequest {
            document: PdfDocument::Plan { number: NUMBER.into() },
            paper: None,
            path: Some(path.display().to_string()),
        })
        .unwrap();
    assert_eq!(saved.pages, 1, "the plan fits on one page");
    let text = text_of(&path);
    for expected in [
        "Plan de plată în rate",
        "Ștefănescu și Fiii SRL",
        "Ana Lungu Design",
        NUMBER,
        // Dates in full and Romanian amounts (dot for thousands, comma for decimals).
        "20 noiembrie 2026",
        "20 decembrie 2026",
        "19 ianuarie 2027",
        "4.166,66",
        "4.166,68",
        "12.500,00",
        "Termen final",
        "Dacă o rată nu este achitată",
        "devine exigibilă imediat",
        "RO49 AAAA 1B31 0075 9384 0000",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in the plan:\n{text}");
    }
    // The schedule reads in date order, each instalment on its line with its amount.
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("4.166,6")).collect();
    assert_eq!(lines.len(), 3, "three instalment rows:\n{text}");
    assert!(
        lines[0].contains("20 noiembrie 2026")
            && lines[2].contains("19 ianuarie 2027")
            && lines[2].contains("4.166,68"),
        "{lines:?}"
    );

    // The page renders, and can be kept to look at.
    let png_stem = dir.path().join("plan");
    let out =
        Command::new("pdftoppm").args(["-png", "-r", "80", "-singlefile"]).arg(&path).arg(&png_stem).output().unwrap();
    assert!(out.status.success(), "pdftoppm failed: {}", String::from_utf8_lossy(&out.stderr));
    let png = png_stem.with_extension("png");
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000, "a rendered page, not a blank one");
    if let Some(keep) = std::env::var_os("DULY_PLAN_PNG") {
        std::fs::copy(&png, keep).unwrap();
    }
}

#[test]
fn english_wording_and_no_plan_is_a_clear_error() {
    if !poppler("english_wording_and_no_plan_is_a_clear_error") {
        return;
    }
    let overdue::Fixture { mut duly, dir, .. } = duly_with_invoice(Language::En);
    let err = duly.pdf_bytes(&PdfDocument::Plan { number: NUMBER.into() }, PaperSize::A4).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains(NUMBER) && err.message.contains("no instalment plan"), "{}", err.message);

    duly.plan_create(PlanInput {
        invoice_number: NUMBER.into(),
        instalments: 2,
        every_days: 14,
        first_date: Some("2026-11-16".into()),
    })
    .unwrap();
    let file = duly.pdf_bytes(&PdfDocument::Plan { number: NUMBER.into() }, PaperSize::Letter).unwrap();
    assert_eq!(file.file_name, format!("Instalment plan {NUMBER}.pdf"));
    let path = dir.path().join(&file.file_name);
    std::fs::write(&path, &file.bytes).unwrap();
    let text = text_of(&path);
    for expected in [
        "Instalment plan",
        "16 November 2026",
        "30 November 2026",
        "Final deadline",
        "If an instalment is missed",
        "6,250.00",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in the plan:\n{text}");
    }
}

#[test]
fn the_confirmation_of_a_plan_agreed_on_a_call_carries_the_plan_in_writing() {
    if !poppler("the_confirmation_of_a_plan_agreed_on_a_call_carries_the_plan_in_writing") {
        return;
    }
    let overdue::Fixture { mut duly, dir, .. } = duly_with_invoice(Language::Ro);
    let call = duly
        .call_log(CallInput {
            invoice_number: Some(NUMBER.into()),
            outcome: Some(CallOutcome::AgreedPlan),
            plan: Some(PlanTerms { instalments: 2, every_days: 14, first_date: Some("2026-11-16".into()) }),
            ..CallInput::default()
        })
        .unwrap();
    let summary = duly.call_summary(CallId { id: call.id }).unwrap();
    assert_eq!(summary.attachments.len(), 1, "the plan PDF goes with its confirmation");
    let pdf = &summary.attachments[0];
    assert_eq!(
        (pdf.filename.as_str(), pdf.content_type.as_str()),
        (format!("Plan de plată {NUMBER}.pdf").as_str(), "application/pdf")
    );
    let path = dir.path().join("attached.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let text = text_of(&path);
    for expected in ["16 noiembrie 2026", "30 noiembrie 2026", "6.250,00", "12.500,00"] {
        assert!(text.contains(expected), "missing {expected:?} in the attached plan:\n{text}");
    }

    // A promise is confirmed by the email alone.
    let promise = duly
        .call_log(CallInput {
            invoice_number: Some(NUMBER.into()),
            outcome: Some(CallOutcome::Promised),
            promise_date: Some("2026-11-20".into()),
            ..CallInput::default()
        })
        .unwrap();
    assert!(duly.call_summary(CallId { id: promise.id }).unwrap().attachments.is_empty());
}
