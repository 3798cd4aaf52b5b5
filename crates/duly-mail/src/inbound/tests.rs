use chrono::NaiveDate;

use super::*;

const OURS: &str = "0b5c9a34-6f55-4a4e-9d7b-2f1c3e4d5a6b@studio.example";
const CONTACT: &str = "ana@client.example";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn decide(raw: &str) -> Class {
    let msg = read(raw.as_bytes()).expect("a message");
    classify(&msg, |id| id == OURS, |a| a == CONTACT)
}

fn reply() -> String {
    format!(
        "From: Ana Pop <Ana@Client.example>\r\nTo: me@studio.example\r\nSubject: Re: Invoice F-1\r\n\
         Date: Thu, 3 Dec 2026 09:15:00 +0200\r\nMessage-ID: <r1@client.example>\r\nIn-Reply-To: <{OURS}>\r\n\
         References: <{OURS}>\r\n\r\nHi,\r\nwe paid it on Friday, see attached.\r\n\r\nOn Tue, Duly wrote:\r\n\
         > Invoice F-1 is overdue\r\n"
    )
}

#[test]
fn a_reply_in_our_thread_is_a_reply_with_its_first_lines() {
    let msg = read(reply().as_bytes()).unwrap();
    assert_eq!(msg.message_id, "r1@client.example");
    assert_eq!(msg.from, "ana@client.example");
    assert_eq!(msg.from_name, "Ana Pop");
    assert_eq!(msg.first_lines, "Hi,\nwe paid it on Friday, see attached.");
    assert_eq!(msg.date.unwrap().to_rfc3339(), "2026-12-03T07:15:00+00:00");
    assert_eq!(decide(&reply()), Class::Reply { thread: OURS.into() });
}

#[test]
fn a_message_from_a_contact_outside_our_threads_is_from_a_contact() {
    let raw = "From: ana@client.example\r\nSubject: question\r\nMessage-ID: <q@client.example>\r\n\r\nHello\r\n";
    assert_eq!(decide(raw), Class::FromContact);
}

#[test]
fn anything_else_is_unrelated() {
    let raw = "From: news@shop.example\r\nSubject: Sale\r\nMessage-ID: <n@shop.example>\r\nIn-Reply-To: <other@x.example>\r\n\r\n50% off\r\n";
    assert_eq!(decide(raw), Class::Unrelated);
    let ooo = "From: bob@elsewhere.example\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\n\r\nBack on 12 December\r\n";
    assert_eq!(decide(ooo), Class::Unrelated);
}

fn dsn(action: &str, original_id: &str) -> String {
    format!(
        "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.studio.example>\r\nTo: me@studio.example\r\n\
         Subject: Undelivered Mail Returned to Sender\r\nDate: Thu, 3 Dec 2026 10:00:00 +0000\r\n\
         Message-ID: <dsn1@mx.studio.example>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n\
         --B\r\nContent-Type: text/plain\r\n\r\nDelivery to the following recipient failed permanently.\r\n\r\n\
         --B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.studio.example\r\n\r\n\
         Final-Recipient: rfc822; Old.Person@Client.example\r\nAction: {action}\r\nStatus: 5.1.1\r\n\
         Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n\
         --B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: me@studio.example\r\nTo: old.person@client.example\r\n\
         Subject: Invoice F-1\r\nMessage-ID: <{original_id}>\r\n\r\n--B--\r\n"
    )
}

#[test]
fn a_failed_delivery_report_names_the_recipient_and_our_message() {
    assert_eq!(
        decide(&dsn("failed", OURS)),
        Class::Bounce { failed: vec!["old.person@client.example".into()], original: Some(OURS.into()) }
    );
}

#[test]
fn a_delay_report_or_a_bounce_of_someone_elses_message_is_not_ours() {
    let delayed = read(dsn("delayed", OURS).as_bytes()).unwrap();
    assert!(!matches!(delayed.kind, InboundKind::Bounce { .. }));
    assert_eq!(decide(&dsn("delayed", OURS)), Class::Unrelated);
    assert_eq!(decide(&dsn("failed", "someone-else@x.example")), Class::Unrelated);
}

fn ooo(subject: &str, body: &str) -> String {
    format!(
        "From: ana@client.example\r\nSubject: {subject}\r\nDate: Thu, 3 Dec 2026 10:00:00 +0000\r\n\
         Message-ID: <a1@client.example>\r\nIn-Reply-To: <{OURS}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
    )
}

#[test]
fn out_of_office_subjects_in_six_languages_with_their_return_dates() {
    let cases = [
        ("Out of Office: Invoice F-1", "I am away and will be back on 12 December.", "2026-12-12"),
        ("Di luar kantor", "Saya sedang cuti dan akan kembali 14 Desember 2026.", "2026-12-14"),
        ("Răspuns automat: Factura F-1", "Sunt în concediu, revin pe 15 decembrie.", "2026-12-15"),
        ("Abwesenheitsnotiz", "Ich bin ab 16. Dezember wieder im Büro.", "2026-12-16"),
        ("Réponse automatique : absence", "Je serai de retour le 17 décembre.", "2026-12-17"),
        ("Automatisch antwoord", "Ik ben terug op 18 december.", "2026-12-18"),
    ];
    for (subject, body, back) in cases {
        assert_eq!(
            decide(&ooo(subject, body)),
            Class::AutoReply { return_on: Some(d(back)), thread: Some(OURS.into()) },
            "{subject}"
        );
    }
}

#[test]
fn rfc_3834_marks_an_auto_reply_whatever_the_subject_and_no_date_is_no_date() {
    let raw = format!(
        "From: ana@client.example\r\nSubject: Re: Invoice F-1\r\nAuto-Submitted: auto-replied\r\n\
         Message-ID: <a2@client.example>\r\nIn-Reply-To: <{OURS}>\r\n\r\nThanks for your message.\r\n"
    );
    assert_eq!(decide(&raw), Class::AutoReply { return_on: None, thread: Some(OURS.into()) });
    let said_no = raw.replace("auto-replied", "no");
    assert_eq!(decide(&said_no), Class::Reply { thread: OURS.into() });
}

#[test]
fn return_dates_numeric_english_order_and_next_year() {
    let dec = d("2026-12-03");
    assert_eq!(return_date("Back on January 5, 2027", dec), Some(d("2027-01-05")));
    assert_eq!(return_date("I return on 5 Jan", dec), Some(d("2027-01-05")));
    assert_eq!(return_date("back on 12.12.", dec), Some(d("2026-12-12")));
    assert_eq!(return_date("back 14/12/2026", dec), Some(d("2026-12-14")));
    assert_eq!(return_date("returning 2026-12-20", dec), Some(d("2026-12-20")));
    // A date that is not about coming back is not the return date.
    assert_eq!(return_date("Away since 1 December. Thanks!", dec), None);
    assert_eq!(return_date("Away since 1 December, back 8 December", dec), Some(d("2026-12-08")));
}

#[test]
fn no_message_id_gets_a_stable_one() {
    let raw = "From: ana@client.example\r\nSubject: hi\r\nDate: Thu, 3 Dec 2026 10:00:00 +0000\r\n\r\nx\r\n";
    let a = read(raw.as_bytes()).unwrap();
    let b = read(raw.as_bytes()).unwrap();
    assert_eq!(a.message_id, b.message_id);
    assert!(a.message_id.starts_with("no-id:"));
}
