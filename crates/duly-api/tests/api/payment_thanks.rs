//! The optional "thank you, received" email, against a real SQLite file and a real SMTP server
//! on 127.0.0.1, with the clock pinned: off by default (nothing queued); on, one email per
//! payment (typed by hand or confirmed from a bank statement) in the client's language with the
//! amount and invoice number; and one whose payment is gone (or whose invoice is void) by the
//! time the sender claims it is cancelled, not sent.

use crate::support;

use chrono::{DateTime, TimeDelta, Utc};
use duly_api::*;
use support::smtp::RealServer;
use support::studio::Studio;

/// Thursday 5 November 2026, 12:00 in Bucharest: inside business hours.
fn now() -> DateTime<Utc> {
    "2026-11-05T10:00:00Z".parse().unwrap()
}

/// When the sender runs: well after the undo window, still in business hours.
fn later() -> DateTime<Utc> {
    now() + TimeDelta::minutes(5)
}

fn client(s: &mut Studio, name: &str, language: Language, contact_language: Option<Language>, email: &str) -> i64 {
    s.d()
        .client_save(ClientInput {
            id: None,
            name: name.into(),
            address: String::new(),
            tax_id: String::new(),
            language,
            currency: "RON".into(),
            notes: String::new(),
            country: "RO".into(),
            timezone: String::new(),
            contacts: vec![Contact {
                id: None,
                name: format!("{name} billing"),
                role: ContactRole::Billing,
                email: email.into(),
                phone: String::new(),
                language: contact_language,
                timezone: String::new(),
            }],
        })
        .unwrap()
        .id
}

fn invoice(s: &mut Studio, client_id: i64, number: &str, amount: &str) {
    s.d()
        .invoice_save(InvoiceInput {
            id: None,
            client_id,
            number: Some(number.into()),
            issue_date: "2026-10-01".into(),
            due_date: Some("2026-10-31".into()),
            currency: None,
            tax_rate: "0".into(),
            notes: String::new(),
            lines: vec![LineInput { description: "Work".into(), quantity: "1".into(), unit_price: amount.into() }],
            send: true,
        })
        .unwrap();
}

fn pay(s: &mut Studio, number: &str, amount: &str) {
    s.d()
        .payment_add(PaymentInput {
            invoice_number: number.into(),
            amount: amount.into(),
            date: Some("2026-11-04".into()),
            method: "bank transfer".into(),
            note: String::new(),
        })
        .unwrap();
}

fn thanks_on(s: &mut Studio, on: bool) {
    let p = s.d().preferences_save(PreferencesInput { thank_for_payments: Some(on), ..Default::default() }).unwrap();
    assert_eq!(p.thank_for_payments, on);
}

fn outbox(s: &mut Studio) -> Vec<OutboxItem> {
    s.d().outbox_list(OutboxQuery::default()).unwrap()
}

/// (To, subject, plain text) of each message the server received.
fn received(server: &RealServer) -> Vec<(String, String, String)> {
    server
        .received()
        .iter()
        .map(|raw| {
            let m = mail_parser::MessageParser::default().parse(raw).unwrap();
            let to = m.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_owned();
            (to, m.subject().unwrap_or_default().to_owned(), m.body_text(0).unwrap_or_default().to_string())
        })
        .collect()
}

#[test]
fn off_by_default_a_payment_queues_nothing() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, now());
    assert!(!s.d().preferences_get().unwrap().thank_for_payments, "off until chosen");
    let c = client(&mut s, "Atelier Nord SRL", Language::Ro, None, "ioana@atelier-nord.example");
    invoice(&mut s, c, "F-1", "500");
    pay(&mut s, "F-1", "200");
    pay(&mut s, "F-1", "300");
    assert!(outbox(&mut s).is_empty());
    s.pass(later());
    assert!(server.received().is_empty());
}

#[test]
fn on_each_payment_by_hand_or_from_a_statement_is_thanked_once_in_the_clients_language() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, now());
    thanks_on(&mut s, true);
    // Three clients, three languages: the client's own, or its contact's when set.
    let ro = client(&mut s, "Ștefănescu Design PFA", Language::Ro, None, "ana@stefanescu.example");
    let en = client(&mut s, "Acme Studio SRL", Language::En, None, "billing@acme.example");
    let id = client(&mut s, "PT Maju Jaya Abadi", Language::En, Some(Language::Id), "keuangan@maju.example");
    // The invoices the sample camt.053 pays (duly-import's fixture), and one paid by hand.
    invoice(&mut s, en, "DLY-2026-001", "1500.00");
    invoice(&mut s, en, "DLY-2026-002", "800.00");
    invoice(&mut s, ro, "DLY-2026-003", "2400.00");
    invoice(&mut s, id, "MJ-7", "1000.00");

    // By hand: a part, then the rest.
    pay(&mut s, "MJ-7", "400");
    pay(&mut s, "MJ-7", "600");
    // From the statement: three credits, each paying one invoice in full.
    let file = ImportFile {
        path: Some(format!("{}/../duly-import/tests/fixtures/statements/camt053_bt.xml", env!("CARGO_MANIFEST_DIR"))),
        ..ImportFile::default()
    };
    let preview = s.d().statement_preview(StatementInput { file: file.clone(), default_currency: None }).unwrap();
    let choices: Vec<StatementChoice> = preview
        .credits
        .iter()
        .filter_map(|c| {
            let m = c.matched.as_ref().filter(|m| m.certain)?;
            let pays = m
                .allocations
                .iter()
                .map(|a| StatementPay { invoice: a.invoice.clone(), amount: a.amount_decimal.clone() })
                .collect();
            Some(StatementChoice { line_id: c.line_id.clone(), ignore: false, pays })
        })
        .collect();
    let report = s.d().statement_commit(StatementCommitInput { file, default_currency: None, choices }).unwrap();
    assert_eq!(report.recorded.len(), 3);

    let queued = outbox(&mut s);
    assert_eq!(queued.len(), 5, "one per payment: {queued:?}");
    assert!(queued.iter().all(|q| q.kind.starts_with("thanks:") && q.state == OutboxStatus::Queued));
    // The timeline says it was queued, like any message.
    let timeline = s.d().invoice_get("MJ-7").unwrap().timeline;
    assert_eq!(timeline.iter().filter(|e| e.kind == "email_queued").count(), 2, "{timeline:?}");

    let (_, run) = s.pass(later());
    assert_eq!(run.sent, 5, "{run:?}");
    let mut got = received(&server);
    got.sort();
    let expect = [
        // (to, words of the subject, what the body must state)
        ("ana@stefanescu.example", "DLY-2026-003", vec!["2.400,00 lei", "12 noiembrie 2026", "achitată integral"]),
        ("billing@acme.example", "DLY-2026-001", vec!["RON 1,500.00", "paid in full"]),
        ("billing@acme.example", "DLY-2026-002", vec!["RON 800.00", "paid in full"]),
        ("keuangan@maju.example", "MJ-7", vec!["RON 400,00", "RON 600,00"]),
    ];
    for (to, number, words) in expect {
        let mine: Vec<&(String, String, String)> =
            got.iter().filter(|(t, subject, _)| t == to && subject.contains(number)).collect();
        assert!(!mine.is_empty(), "no thanks to {to} for {number}: {got:?}");
        let all = mine.iter().map(|(_, _, text)| text.as_str()).collect::<Vec<_>>().join("\n----\n");
        for w in words {
            assert!(all.contains(w), "{to}/{number} lacks {w:?}:\n{all}");
        }
    }
    // Each in its language: Romanian, English, Indonesian (the contact's, over the client's).
    let (ro_mail, en_mail, id_mails) = (&got[0], &got[1], &got[3..]);
    assert!(ro_mail.1.starts_with("Plata pentru factura"), "{}", ro_mail.1);
    assert!(en_mail.1.starts_with("Payment received for invoice"), "{}", en_mail.1);
    assert_eq!(id_mails.len(), 2, "one per payment, not per invoice");
    for m in id_mails {
        assert!(m.1.starts_with("Pembayaran faktur MJ-7"), "{}", m.1);
    }
    // The part payment states what is left; the last one says paid in full.
    let part = id_mails.iter().find(|m| m.2.contains("sebesar RON 400,00")).expect("the part payment's thanks");
    assert!(part.2.contains("masih RON 600,00"), "{}", part.2);
    let rest = id_mails.iter().find(|m| m.2.contains("sebesar RON 600,00")).expect("the last payment's thanks");
    assert!(rest.2.contains("lunas"), "{}", rest.2);

    // Nothing more goes out on the next pass.
    s.pass(later() + TimeDelta::minutes(10));
    assert_eq!(server.received().len(), 5);
}

#[test]
fn a_thanks_whose_payment_is_gone_or_whose_invoice_is_void_is_cancelled_at_send_time() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, now());
    thanks_on(&mut s, true);
    let c = client(&mut s, "Atelier Nord SRL", Language::Ro, None, "ioana@atelier-nord.example");
    invoice(&mut s, c, "F-1", "500");
    invoice(&mut s, c, "F-2", "500");
    invoice(&mut s, c, "F-3", "500");
    pay(&mut s, "F-1", "200");
    pay(&mut s, "F-2", "200");
    pay(&mut s, "F-3", "500");
    assert_eq!(outbox(&mut s).len(), 3);

    // Meanwhile, outside any use case (another tool, a file restored by hand): F-1's payment is
    // deleted and F-2 voided. No use case ran to cancel anything, so the sender's claim is the
    // guard that must notice (the reversal use case is the next test).
    let sql = s.sql();
    sql.execute("DELETE FROM payments WHERE invoice_id = (SELECT id FROM invoices WHERE number = 'F-1')", []).unwrap();
    sql.execute("UPDATE invoices SET paid_minor = 0, status = 'sent' WHERE number = 'F-1'", []).unwrap();
    sql.execute("UPDATE invoices SET status = 'void' WHERE number = 'F-2'", []).unwrap();
    drop(sql);

    let (_, run) = s.pass(later());
    assert_eq!(run.sent, 1, "{run:?}");
    let got = received(&server);
    assert_eq!(got.len(), 1);
    assert!(got[0].1.contains("F-3"), "{got:?}");
    let items = outbox(&mut s);
    let reason =
        |number: &str| items.iter().find(|i| i.subject.contains(number)).map(|i| (i.state, i.cancel_reason)).unwrap();
    assert_eq!(reason("F-1"), (OutboxStatus::Cancelled, Some(CancelReason::PaymentRemoved)));
    assert_eq!(reason("F-2"), (OutboxStatus::Cancelled, Some(CancelReason::Voided)));
    assert_eq!(reason("F-3"), (OutboxStatus::Sent, None));
    let timeline = s.d().invoice_get("F-1").unwrap().timeline;
    assert!(timeline.iter().any(|e| e.kind == "email_cancelled:payment_removed"), "{timeline:?}");
}

#[test]
fn a_payment_is_recorded_even_when_its_thanks_cannot_be_queued() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, now());
    thanks_on(&mut s, true);
    // A client with no email address at all.
    let c = client(&mut s, "Atelier Nord SRL", Language::Ro, None, "");
    invoice(&mut s, c, "F-1", "500");
    pay(&mut s, "F-1", "500");
    let inv = s.d().invoice_get("F-1").unwrap();
    assert_eq!(inv.payments.len(), 1);
    assert!(outbox(&mut s).is_empty());
    let why = inv.timeline.iter().find(|e| e.kind == "thanks_not_queued").expect("the timeline says why");
    assert!(why.detail.contains("no email address"), "{}", why.detail);
}

#[test]
fn the_wording_is_edited_and_previewed_like_the_other_templates() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, now());
    thanks_on(&mut s, true);
    let c = client(&mut s, "Atelier Nord SRL", Language::Ro, None, "ioana@atelier-nord.example");
    invoice(&mut s, c, "F-1", "500");
    let q = TemplateQuery { template: "payment_thanks".into(), language: Language::Ro, client_id: None };
    let builtin = s.d().template_get(q.clone()).unwrap();
    assert!(builtin.variables.contains(&"amount_received".to_owned()), "{:?}", builtin.variables);
    // A variable the thanks does not have is refused by name.
    let err = s
        .d()
        .template_save(TemplateInput {
            template: "payment_thanks".into(),
            language: Language::Ro,
            client_id: None,
            subject: "Mulțumesc".into(),
            body: "{{ days_overdue }}".into(),
        })
        .unwrap_err();
    assert!(err.message.contains("days_overdue"), "{}", err.message);
    s.d()
        .template_save(TemplateInput {
            template: "payment_thanks".into(),
            language: Language::Ro,
            client_id: None,
            subject: "Am primit {{ amount_received }} pentru {{ invoice_number }}".into(),
            body: "Mulțumesc, {{ greeting_name }}.".into(),
        })
        .unwrap();
    let preview = s
        .d()
        .template_preview(TemplatePreviewInput {
            number: "F-1".into(),
            step: "payment_thanks".into(),
            language: Language::Ro,
            subject: "Am primit {{ amount_received }} pentru {{ invoice_number }}".into(),
            body: "Rămân {{ amount_due }}.".into(),
        })
        .unwrap();
    assert_eq!(preview.subject, "Am primit 500,00 lei pentru F-1");
    assert_eq!(preview.text.trim_end(), "Rămân 0,00 lei.");
    pay(&mut s, "F-1", "200");
    s.pass(later());
    let got = received(&server);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, "Am primit 200,00 lei pentru F-1");
}

#[test]
fn a_thanks_for_a_payment_reversed_before_it_leaves_is_cancelled_not_sent() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, now());
    thanks_on(&mut s, true);
    let c = client(&mut s, "Atelier Sud SRL", Language::Ro, None, "ioana@atelier-sud.example");
    invoice(&mut s, c, "F-9", "500");
    pay(&mut s, "F-9", "500");
    assert_eq!(outbox(&mut s).len(), 1, "the thank-you is queued");

    // The user reverses the payment (entered twice, or the transfer bounced) through the use
    // case, while the thank-you still waits in the outbox.
    let payment = s.d().invoice_get("F-9").unwrap().payments[0].id;
    s.d().payment_reverse(PaymentReverseInput { payment_id: payment, reason: "entered twice".into() }).unwrap();

    let (_, run) = s.pass(later());
    assert_eq!(run.sent, 0, "{run:?}");
    assert!(received(&server).is_empty(), "no thanks for money that is not there");
    let items = outbox(&mut s);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].state, OutboxStatus::Cancelled);
    assert!(
        matches!(items[0].cancel_reason, Some(CancelReason::PaymentRemoved | CancelReason::PaymentReversed)),
        "{:?}",
        items[0].cancel_reason
    );
}
