//! The kill -9 soak: `duly` is started for the work that writes (sending the outbox, importing a
//! file, restoring a backup, reminding and sending) and SIGKILLed at a random moment, again and
//! again, on one real database file with a real SMTP server on 127.0.0.1. After every kill the
//! file must pass `PRAGMA integrity_check`, no invoice, payment or timeline row may be missing,
//! an import must have landed whole or not at all, and at the end the server must never have
//! received one Message-ID twice unless the Outbox says that message is `unsure`.
//!
//! A power cut or a crash is what this stands for: the user's only copy of their receivables
//! goes through it every time the laptop's battery dies mid-send.
//!
//!     DULY_SOAK_KILLS=200 cargo test --workspace --features duly-app/custom-protocol \
//!         --test cli kill_soak:: -- --ignored --nocapture
//!
//! `scripts/test.sh` runs a short form (20 kills); the seed is printed so a failure replays.

use crate::smtp;
use crate::studio;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use duly_api::{
    ClientInput, Contact, ContactRole, Duly, InvoiceInput, Language, LineInput, MemoryStore, OutboxEnqueueInput,
};
use rusqlite::Connection;

/// A Monday; 09:05 UTC is 11:05 in Bucharest, inside the clients' business hours.
const TODAY: &str = "2026-11-23";
const START: &str = "2026-11-23T09:05:00Z";
const CLIENTS: usize = 4;
/// Overdue invoices to remind about: more than a long soak's remind steps can use up.
const INVOICES: usize = 120;
/// Invoices in each imported CSV file.
const IMPORT_ROWS: usize = 25;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Op {
    OutboxRun,
    Import,
    Restore,
    RemindAndSend,
}

const OPS: [Op; 4] = [Op::OutboxRun, Op::Import, Op::Restore, Op::RemindAndSend];

/// What must never shrink, read straight from the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Counts {
    invoices: i64,
    payments: i64,
    events: i64,
    outbox: i64,
}

struct Soak {
    dir: tempfile::TempDir,
    db: PathBuf,
    rng: fastrand::Rng,
    /// The clock of each run: an hour later than the one before, so queued messages fall due.
    now: DateTime<Utc>,
    next_invoice: usize,
    iteration: usize,
}

fn main_clock() -> DateTime<Utc> {
    START.parse().unwrap()
}

impl Soak {
    fn duly(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_duly"));
        c.arg("--db")
            .arg(&self.db)
            .env_remove("DULY_DB")
            .env("DULY_TODAY", TODAY)
            .env("DULY_NOW", self.now.to_rfc3339())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    }

    fn api(&self) -> Duly {
        Duly::open(&self.db)
            .unwrap()
            .with_today(TODAY.parse::<NaiveDate>().unwrap())
            .with_now(self.now)
            .with_home_zone(Some("Europe/Bucharest"))
            .with_secrets(Arc::new(MemoryStore::new()))
    }

    fn counts(&self) -> Counts {
        let conn = Connection::open(&self.db).unwrap();
        let n = |t: &str| conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap();
        Counts { invoices: n("invoices"), payments: n("payments"), events: n("events"), outbox: n("outbox") }
    }

    /// Integrity, and what `invoices.paid_minor` promises (the sum of the invoice's payments).
    fn check_file(&self, what: &str) {
        let conn = Connection::open(&self.db).unwrap();
        let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok", "{what}: the file is damaged");
        let wrong: i64 = conn
            .query_row(
                "SELECT count(*) FROM invoices i WHERE paid_minor <> \
                 (SELECT coalesce(sum(amount_minor), 0) FROM payments p WHERE p.invoice_id = i.id)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(wrong, 0, "{what}: an invoice's paid amount is not the sum of its payments");
    }

    /// Runs the commands one after the other and SIGKILLs whichever is running after `after`
    /// (never, if `after` is `None`). `None` if the kill landed before the work ended, else
    /// whether every command succeeded.
    fn run_killed(&self, commands: Vec<Command>, after: Option<Duration>) -> Option<bool> {
        let started = Instant::now();
        let mut all_ok = true;
        for mut command in commands {
            let mut child = command.spawn().unwrap();
            loop {
                if let Some(status) = child.try_wait().unwrap() {
                    all_ok &= status.success();
                    break;
                }
                if after.is_some_and(|a| started.elapsed() >= a) {
                    child.kill().unwrap(); // SIGKILL on Unix
                    child.wait().unwrap();
                    return None;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        Some(all_ok)
    }

    /// The commands of one operation, after whatever preparation it needs done uncut.
    fn prepare(&mut self, op: Op) -> Vec<Command> {
        match op {
            Op::OutboxRun => {
                let mut api = self.api();
                for n in 0..3 {
                    api.outbox_enqueue_at(
                        OutboxEnqueueInput {
                            invoice_id: None,
                            kind: None,
                            to: vec![format!("ap{n}@client{n}.test")],
                            subject: format!("Soak {} message {n}", self.iteration),
                            text_body: "A note from the soak.".into(),
                            ..Default::default()
                        },
                        self.now - TimeDelta::minutes(5),
                    )
                    .unwrap();
                }
                let mut run = self.duly();
                run.args(["outbox", "run"]);
                vec![run]
            }
            Op::Import => {
                let file = self.dir.path().join(format!("export-{}.csv", self.iteration));
                let mut csv = String::from("Invoice Number,Client,Invoice Date,Due Date,Total,Currency\n");
                for row in 0..IMPORT_ROWS {
                    csv.push_str(&format!(
                        "IMP-{}-{row},Client {},2026-09-01,2026-10-01,{}.00,RON\n",
                        self.iteration,
                        row % CLIENTS,
                        100 + row
                    ));
                }
                std::fs::write(&file, csv).unwrap();
                let mut import = self.duly();
                import.args(["import", "--accept-unverified"]).arg(&file);
                vec![import]
            }
            Op::Restore => {
                let file = self.dir.path().join(format!("backup-{}.sqlite3", self.iteration));
                let status = self.duly().args(["backup", "--to"]).arg(&file).status().unwrap();
                assert!(status.success(), "backup --to {}", file.display());
                let mut restore = self.duly();
                restore.arg("restore").arg(&file);
                vec![restore]
            }
            Op::RemindAndSend => {
                let number = format!("F-{}", self.next_invoice % INVOICES);
                self.next_invoice += 1;
                let mut remind = self.duly();
                remind.args(["remind", &number]);
                // The reminder waits out its undo window; the sender runs past it.
                let mut send = self.duly();
                send.env("DULY_NOW", (self.now + TimeDelta::minutes(10)).to_rfc3339()).args(["outbox", "run"]);
                vec![remind, send]
            }
        }
    }
}

fn setup() -> Soak {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    let seed = std::env::var("DULY_SOAK_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| fastrand::u64(..));
    println!("kill soak seed {seed} (replay: DULY_SOAK_SEED={seed})");
    let soak = Soak { dir, db, rng: fastrand::Rng::with_seed(seed), now: main_clock(), next_invoice: 0, iteration: 0 };
    let mut api = soak.api();
    api.business_save(studio::business()).unwrap();
    let mut clients = Vec::new();
    for n in 0..CLIENTS {
        let client = api
            .client_save(ClientInput {
                id: None,
                name: format!("Client {n}"),
                address: format!("Strada {n}, Cluj"),
                tax_id: String::new(),
                language: Language::Ro,
                currency: "RON".into(),
                notes: String::new(),
                country: "RO".into(),
                timezone: "Europe/Bucharest".into(),
                contacts: vec![Contact {
                    id: None,
                    name: format!("Accounts {n}"),
                    role: ContactRole::Billing,
                    email: format!("ap@client{n}.test"),
                    phone: String::new(),
                    language: None,
                    timezone: String::new(),
                }],
            })
            .unwrap();
        clients.push(client.id);
    }
    for n in 0..INVOICES {
        api.invoice_save(InvoiceInput {
            id: None,
            client_id: clients[n % CLIENTS],
            number: Some(format!("F-{n}")),
            issue_date: "2026-09-01".into(),
            due_date: Some(format!("2026-{}", ["10-01", "10-20", "11-05", "11-15"][n % 4])),
            currency: None,
            tax_rate: "0".into(),
            notes: String::new(),
            lines: vec![LineInput { description: "Design".into(), quantity: "1".into(), unit_price: "500.00".into() }],
            send: true,
        })
        .unwrap();
    }
    soak
}

#[test]
#[ignore = "the kill -9 soak: DULY_SOAK_KILLS (default 200) random kills; scripts/test.sh runs 20"]
fn killed_at_any_moment_duly_loses_nothing_and_sends_nothing_twice() {
    let kills: usize = std::env::var("DULY_SOAK_KILLS").ok().and_then(|s| s.parse().ok()).unwrap_or(200);
    let server = smtp::RealServer::start();
    let mut soak = setup();
    soak.api().mail_settings_save(studio::mail_settings(server.addr)).unwrap();
    soak.check_file("after setup");

    // How long each operation takes uncut, so kills land anywhere from its start to its end.
    let mut took: HashMap<Op, Duration> = HashMap::new();
    for op in OPS {
        soak.iteration += 1;
        let commands = soak.prepare(op);
        let before = soak.counts();
        let started = Instant::now();
        assert_eq!(soak.run_killed(commands, None), Some(true), "{op:?} uncut failed");
        took.insert(op, started.elapsed());
        let after = soak.counts();
        match op {
            Op::Import => assert_eq!(after.invoices - before.invoices, IMPORT_ROWS as i64, "the uncut import"),
            Op::OutboxRun | Op::RemindAndSend => assert!(after.outbox > before.outbox || op == Op::OutboxRun),
            Op::Restore => assert_eq!(after.invoices, before.invoices, "the uncut restore"),
        }
    }
    println!("uncut: {took:?}");

    let (mut landed, mut missed) = (HashMap::<Op, usize>::new(), 0usize);
    let started = Instant::now();
    while landed.values().sum::<usize>() < kills {
        soak.iteration += 1;
        soak.now += TimeDelta::minutes(20);
        let op = OPS[soak.rng.usize(..OPS.len())];
        let commands = soak.prepare(op);
        let before = soak.counts();
        let after = took[&op].mul_f64(soak.rng.f64() * 1.1);
        match soak.run_killed(commands, Some(after)) {
            None => *landed.entry(op).or_default() += 1,
            Some(_) => missed += 1,
        }
        let what = format!("iteration {} ({op:?} killed after {after:?})", soak.iteration);
        soak.check_file(&what);
        let now = soak.counts();
        assert!(now.payments >= before.payments, "{what}: payments lost: {before:?} → {now:?}");
        assert!(now.events >= before.events, "{what}: timeline rows lost: {before:?} → {now:?}");
        assert!(now.outbox >= before.outbox, "{what}: messages lost: {before:?} → {now:?}");
        if op == Op::Import {
            let added = now.invoices - before.invoices;
            assert!(added == 0 || added == IMPORT_ROWS as i64, "{what}: an import landed in part ({added} invoices)");
        } else {
            assert!(now.invoices >= before.invoices, "{what}: invoices lost: {before:?} → {now:?}");
        }
    }

    // The last sender runs uncut: whatever a kill left `sending` becomes `unsure`, never resent.
    soak.now += TimeDelta::hours(1);
    let mut last = soak.duly();
    last.args(["outbox", "run"]);
    assert_eq!(soak.run_killed(vec![last], None), Some(true), "the last outbox run");
    soak.check_file("after the last send");

    let conn = Connection::open(&soak.db).unwrap();
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT message_id, state FROM outbox")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let state: HashMap<String, String> = rows.iter().map(|(id, s)| (bare(id), s.clone())).collect();
    let mut received: HashMap<String, usize> = HashMap::new();
    for message in server.received() {
        *received.entry(message_id(&message)).or_default() += 1;
    }
    for (id, times) in &received {
        let s = state.get(id).unwrap_or_else(|| panic!("the server got {id}, which the outbox does not hold"));
        assert!(*times == 1 || s == "unsure", "{id} reached the server {times} times and the outbox says {s}");
    }
    for (id, s) in &state {
        if s == "sent" {
            assert!(received.contains_key(id), "{id} is marked sent and never reached the server");
        }
    }
    let tally = |s: &str| state.values().filter(|v| *v == s).count();
    println!(
        "kill soak: {kills} kills in {:?} ({landed:?}; {missed} runs ended before their kill); {} messages received, \
         outbox: {} sent, {} unsure, {} queued/held; file intact after every kill",
        started.elapsed(),
        received.values().sum::<usize>(),
        tally("sent"),
        tally("unsure"),
        state.len() - tally("sent") - tally("unsure"),
    );
}

fn bare(id: &str) -> String {
    id.trim().trim_start_matches('<').trim_end_matches('>').to_owned()
}

fn message_id(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let line = text
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
        .unwrap_or_else(|| panic!("a message without a Message-ID: {}", &text[..text.len().min(400)]));
    bare(&line["message-id:".len()..])
}
