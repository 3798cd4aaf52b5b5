//! Messages per second through one pooled `Mailer` into a real SMTP sink (mailin-embedded) on
//! 127.0.0.1. The target is 200 msg/s: a month-end batch of a few hundred reminders must not
//! make the user wait, and a real provider, not Duly, should be the bottleneck.
//!
//! `cargo bench -p duly-mail --bench throughput` (add `-- --quick` for a short run). Prints one
//! line per workload with the median of several rounds; nothing is asserted, since timings
//! belong to benchmarks, not tests.
// Rates are printed, never used for money or logic.
#![allow(clippy::float_arithmetic)]

#[path = "../tests/mail/support/mod.rs"]
mod support;

use std::time::Instant;

use duly_mail::{Attachment, Mailbox, Mailer, OutgoingMessage};
use support::{RealServer, local_settings};

fn reminder(i: usize, with_pdf: bool) -> OutgoingMessage {
    let mut m = OutgoingMessage::new(
        Mailbox::new("Ana Pop", "ana@studio.example.ro"),
        format!("Reminder: invoice 2024-{i:04} is due tomorrow"),
        format!(
            "Hello,\n\nA friendly reminder that invoice 2024-{i:04} (IDR 12.500.000) is due \
             tomorrow.\nBank: BCA 123-456-7890.\n\nIf you have already paid, please ignore this.\n\nAna\n"
        ),
    );
    m.to = vec![Mailbox::new("Finance", format!("finance{i}@client.example"))];
    m.html_body =
        Some(format!("<p>Hello,</p><p>A friendly reminder that invoice <b>2024-{i:04}</b> is due tomorrow.</p>"));
    if with_pdf {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.extend((0..30_000u32).map(|n| (n.wrapping_mul(2_654_435_761) >> 24) as u8));
        m.attachments = vec![Attachment {
            filename: format!("Invoice 2024-{i:04}.pdf"),
            content_type: "application/pdf".into(),
            bytes: pdf,
        }];
    }
    m
}

fn run(name: &str, with_pdf: bool, rounds: usize, per_round: usize) {
    let server = RealServer::start(false);
    let mailer = Mailer::new(local_settings(server.addr), None).expect("local settings");
    let messages: Vec<_> = (0..per_round).map(|i| reminder(i, with_pdf)).collect();
    for m in messages.iter().take(50) {
        mailer.send(m).expect("warm-up send");
    }
    let mut rates = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        for m in &messages {
            mailer.send(m).expect("send");
        }
        let secs = start.elapsed().as_secs_f64();
        rates.push(per_round as f64 / secs);
    }
    assert_eq!(server.count(), 50 + rounds * per_round, "every message arrived");
    rates.sort_by(f64::total_cmp);
    let median = rates[rates.len() / 2];
    let shown: Vec<String> = rates.iter().map(|r| format!("{r:.0}")).collect();
    println!(
        "{name:<28} median {median:>6.0} msg/s  (rounds of {per_round}: {}; {} SMTP session(s))",
        shown.join(", "),
        server.sessions()
    );
}

/// lettre's own pooled `SmtpTransport`, for comparison: the reason `Mailer` keeps its own pool.
fn run_lettre_transport(rounds: usize, per_round: usize) {
    use lettre::Transport as _;
    let server = RealServer::start(false);
    let transport =
        lettre::SmtpTransport::builder_dangerous(server.addr.ip().to_string()).port(server.addr.port()).build();
    let messages: Vec<_> = (0..per_round)
        .map(|i| {
            let m = reminder(i, false);
            let envelope = lettre::address::Envelope::new(
                Some(m.from.email.parse().unwrap()),
                vec![m.to[0].email.parse().unwrap()],
            )
            .unwrap();
            (envelope, m.to_mime(std::time::SystemTime::now()).unwrap())
        })
        .collect();
    let mut rates = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        for (envelope, bytes) in &messages {
            transport.send_raw(envelope, bytes).expect("send");
        }
        rates.push(per_round as f64 / start.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "{:<28} median {:>6.0} msg/s  (reference: lettre's pooled SmtpTransport, {} session(s))",
        "reminder via SmtpTransport",
        rates[rates.len() / 2],
        server.sessions()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `--quick` shortens the run for a smoke check.
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, per_round) = if quick { (3, 100) } else { (5, 1000) };
    println!("duly-mail throughput, one pooled connection to a local SMTP sink (target >= 200 msg/s)");
    run("reminder (text + html)", false, rounds, per_round);
    run("invoice (+ 30 KB PDF)", true, rounds, per_round);
    run_lettre_transport(3, if quick { 20 } else { 100 });
}
