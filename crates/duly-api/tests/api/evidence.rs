//! The evidence pack against a real SQLite file, a real SMTP server on 127.0.0.1 and real PDFs:
//! two reminders sent, a call with a broken promise, a partial payment, a demand letter. The
//! ZIP's manifest is checked against its files, the dossier read back with `pdftotext`, and each
//! `.eml` compared with what the server received. A gap (an invoice never emailed, a client
//! with no address) is printed as one, never filled in.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::process::Command;

use chrono::{DateTime, Utc};
use duly_api::*;
use sha2::{Digest, Sha256};

use crate::support::smtp::RealServer;
use crate::support::studio::Studio;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn unzip(path: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        files.insert(entry.name().unwrap().into_owned(), bytes);
    }
    files
}

fn pdf_text(bytes: &[u8]) -> Option<String> {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "pdftotext (poppler-utils) is missing, and CI must run this");
        eprintln!("SKIPPED the dossier's text: pdftotext is not installed");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext").arg(&path).arg("-").output().unwrap();
    assert!(out.status.success());
    Some(String::from_utf8(out.stdout).unwrap())
}

/// Each needle found after the previous one.
fn in_order(text: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        let Some(i) = text[from..].find(needle) else {
            panic!("{needle:?} not found after position {from} in:\n{text}");
        };
        from += i + needle.len();
    }
}

fn send_reminder(studio: &mut Studio, day: &str) {
    studio
        .at(at(&format!("{day}T08:00:00Z")))
        .remind(RemindInput { number: "EV-1".into(), ..RemindInput::default() })
        .unwrap();
    let sent = studio.at(at(&format!("{day}T08:05:00Z"))).outbox_run(at(&format!("{day}T08:05:00Z"))).unwrap();
    assert_eq!(sent.sent, 1, "{day}: {sent:?}");
}

#[test]
fn a_pack_holds_the_whole_history_in_order_with_the_exact_messages_and_checksums() {
    let server = RealServer::start();
    let mut studio = Studio::new(server.addr, at("2026-02-01T08:00:00Z"));
    let client = studio.client("Acme Trading SRL", "RO", "billing@acme.example.ro");
    studio.invoice(client, "EV-1", "2026-02-01", "2026-02-15");

    send_reminder(&mut studio, "2026-02-16");
    send_reminder(&mut studio, "2026-02-23");
    studio
        .at(at("2026-02-24T09:00:00Z"))
        .call_log(CallInput {
            invoice_number: Some("EV-1".into()),
            phone: Some("+40 700 000 000".into()),
            contact_name: Some("Ana Pop".into()),
            called_on: Some("2026-02-24".into()),
            called_time: Some("11:30".into()),
            outcome: Some(CallOutcome::Promised),
            promise_date: Some("2026-02-27".into()),
            promise_amount: Some("200".into()),
            notes: Some("Says the transfer is approved".into()),
            ..CallInput::default()
        })
        .unwrap();
    studio
        .at(at("2026-03-03T09:00:00Z"))
        .payment_add(PaymentInput {
            invoice_number: "EV-1".into(),
            amount: "100".into(),
            date: Some("2026-03-03".into()),
            method: "bank transfer".into(),
            note: String::new(),
        })
        .unwrap();
    let contract = studio.path.with_file_name("contract.pdf");
    std::fs::write(&contract, b"%PDF-1.4 signed agreement").unwrap();
    let kept = studio
        .at(at("2026-03-04T10:00:00Z"))
        .document_add(DocumentInput {
            client_id: Some(client),
            path: contract.display().to_string(),
            note: Some("Signed agreement".into()),
            ..DocumentInput::default()
        })
        .unwrap();

    let zip_path = studio.path.with_file_name("EV-1 evidence.zip");
    let pack = studio
        .at(at("2026-03-05T10:00:00Z"))
        .evidence_pack(EvidenceInput {
            number: Some("EV-1".into()),
            path: zip_path.display().to_string(),
            ..EvidenceInput::default()
        })
        .unwrap();
    let files = unzip(&zip_path);

    // The manifest lists every other file with its size and SHA-256, and they verify.
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let listed = manifest["files"].as_array().unwrap();
    assert_eq!(listed.len() + 1, files.len(), "every file but the manifest is listed");
    for f in listed {
        let name = f["name"].as_str().unwrap();
        let bytes = &files[name];
        assert_eq!(f["sha256"].as_str().unwrap(), hex(bytes), "{name}");
        assert_eq!(f["size"].as_u64().unwrap(), bytes.len() as u64, "{name}");
    }
    assert_eq!(pack.files.len(), listed.len());
    let names: Vec<&String> = files.keys().collect();
    assert!(files.contains_key("index.pdf") && files.contains_key("index.html"), "{names:?}");
    assert!(files.keys().any(|n| n.starts_with("invoices/") && n.ends_with(".pdf")), "{names:?}");
    assert_eq!(files.keys().filter(|n| n.starts_with("letters/")).count(), 2, "demand letter and statement: {names:?}");
    let documents: Vec<&String> = files.keys().filter(|n| n.starts_with("documents/")).collect();
    assert_eq!(documents.len(), 1, "{names:?}");
    assert_eq!(hex(&files[documents[0]]), kept.sha256);

    // Each .eml is exactly what the server received: same Message-ID, same body.
    let received = server.received();
    let emls: Vec<&Vec<u8>> = files.iter().filter(|(n, _)| n.ends_with(".eml")).map(|(_, b)| b).collect();
    assert_eq!(emls.len(), 2);
    assert_eq!(received.len(), 2);
    for (eml, got) in emls.iter().zip(&received) {
        let ours = mail_parser::MessageParser::default().parse(eml.as_slice()).unwrap();
        let theirs = mail_parser::MessageParser::default().parse(got.as_slice()).unwrap();
        assert_eq!(ours.message_id(), theirs.message_id());
        assert!(ours.message_id().is_some());
        let body = |m: &mail_parser::Message<'_>| hex(m.body_text(0).unwrap().as_bytes());
        assert_eq!(body(&ours), body(&theirs));
        assert_eq!(hex(eml), hex(got), "byte for byte");
    }
    assert!(pack.gaps.is_empty(), "{:?}", pack.gaps);

    // The dossier lists every event in order, in the client's language (English here).
    let Some(text) = pdf_text(&files["index.pdf"]) else { return };
    let id_of = |eml: &[u8]| mail_parser::MessageParser::default().parse(eml).unwrap().message_id().unwrap().to_owned();
    let (first, second) = (id_of(emls[0]), id_of(emls[1]));
    in_order(
        &text,
        &[
            "Parties",
            "Mihai Dumitrescu PFA",
            "Acme Trading SRL",
            "Invoices and terms",
            "EV-1",
            "Total: RON 500.00",
            "Chronological record",
            "2026-02-01 · Invoice issued · EV-1",
            "2026-02-15 · Payment due · EV-1",
            "2026-02-16 08:05:00 UTC · Email sent · EV-1",
            "mihai@studio.example.ro",
            "billing@acme.example.ro",
            &first,
            "250",
            "2026-02-23 08:05:00 UTC · Email sent · EV-1",
            &second,
            "2026-02-24 11:30 · Phone call · EV-1",
            "Says the transfer is approved",
            "broken",
            "2026-03-03 · Payment received · EV-1",
            "bank transfer",
            "2026-03-04 10:00:00 UTC · Document added · contract.pdf",
            &kept.sha256,
            "Interest and compensation",
            "Amount claimed today",
            "RON 400.00",
            "Files in this pack",
        ],
    );
    let html = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(html.contains(&first) && html.contains("Phone call"));
}

#[test]
fn an_invoice_never_emailed_and_a_client_without_an_address_show_as_gaps() {
    let server = RealServer::start();
    let mut studio = Studio::new(server.addr, at("2026-03-05T10:00:00Z"));
    let client = studio.client("Nowhere Ltd", "RO", "ap@nowhere.example");
    studio.invoice(client, "EV-9", "2026-02-01", "2026-02-15");
    let zip_path = studio.path.with_file_name("gap.zip");
    let pack = studio
        .d()
        .evidence_pack(EvidenceInput {
            client: Some("Nowhere".into()),
            path: zip_path.display().to_string(),
            ..EvidenceInput::default()
        })
        .unwrap();
    assert!(pack.gaps.iter().any(|g| g == "EV-9: No message sent for this invoice"), "{:?}", pack.gaps);
    let files = unzip(&zip_path);
    assert!(!files.keys().any(|n| n.ends_with(".eml")));
    let Some(text) = pdf_text(&files["index.pdf"]) else { return };
    assert!(text.contains("EV-9 · No message sent for this invoice"), "{text}");
    // Studio's clients have no postal address: the dossier says so instead of inventing one.
    in_order(&text, &["Debtor", "Address: [not on record]"]);

    let err = studio
        .d()
        .evidence_pack(EvidenceInput { path: zip_path.display().to_string(), ..EvidenceInput::default() })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[test]
fn a_document_over_the_size_limit_is_refused_with_its_name() {
    let server = RealServer::start();
    let mut studio = Studio::new(server.addr, at("2026-03-05T10:00:00Z"));
    let client = studio.client("Big Files SRL", "RO", "ap@big.example");
    let big = studio.path.with_file_name("scan.tiff");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(DOCUMENT_MAX_BYTES + 1).unwrap();
    let err = studio
        .d()
        .document_add(DocumentInput {
            client_id: Some(client),
            path: big.display().to_string(),
            ..DocumentInput::default()
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("scan.tiff") && err.message.contains("25 MB"), "{}", err.message);
    assert!(studio.d().document_list(client).unwrap().is_empty());
}

#[test]
fn a_credit_note_is_shown_as_a_credit_note_never_as_money_received() {
    let server = RealServer::start();
    let mut studio = Studio::new(server.addr, at("2026-03-05T10:00:00Z"));
    let client = studio.client("Credited SRL", "EN", "ap@credited.example");
    studio.invoice(client, "EV-11", "2026-02-01", "2026-02-15");
    let note = studio
        .d()
        .credit_note_create(CreditNoteInput {
            invoice_number: "EV-11".into(),
            amount: Some("10.00".into()),
            reason: "one day not worked".into(),
            date: Some("2026-03-01".into()),
        })
        .unwrap();
    let zip_path = studio.path.with_file_name("credited.zip");
    studio
        .d()
        .evidence_pack(EvidenceInput {
            number: Some("EV-11".into()),
            path: zip_path.display().to_string(),
            ..EvidenceInput::default()
        })
        .unwrap();
    let html = String::from_utf8(unzip(&zip_path).remove("index.html").unwrap()).unwrap();
    assert!(html.contains("2026-03-01 · Credit note · EV-11"), "{html}");
    assert!(!html.contains("Payment received"), "a credit note is not money received:\n{html}");
    assert!(!html.contains("credit_note"), "no internal method name reaches the dossier:\n{html}");
    assert!(html.contains("Credited: "), "{html}");
    assert!(note.credit_note.number.starts_with("CN-"), "{:?}", note.credit_note.number);
}
