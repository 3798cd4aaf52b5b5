//! A lost IMAP connection, then resumed, against a real Dovecot on 127.0.0.1: the connection
//! cut in the middle of the server's FETCH answer, and the server stopped and started again.
//! Each poll that fails leaves the cursor (`settings.imap_cursor`) where it was and says so in
//! "last checked"; the next poll reads exactly what was not read yet: no message is read twice
//! (the UIDs already applied are not fetched again) and none is lost (the one whose FETCH was
//! cut is applied once, on the resumed poll).
//!
//! Duly talks to Dovecot through a small relay on 127.0.0.1 that the test controls, so the cut
//! happens at a chosen point of a real IMAP conversation (after the client's `UID FETCH`, a few
//! bytes into the answer); the relay is the account's server throughout, because saving a
//! different host or port is another account and starts reading afresh.

#![cfg(unix)]

use crate::support;

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use chrono::{DateTime, Utc};
use duly_api::*;
use support::dovecot::{self, Dovecot};
use support::smtp::RealServer;
use support::studio::Studio;

/// A TCP relay to `upstream`. In `cut` mode, the connection accepted next is closed on both
/// sides once the client has sent a FETCH command and the first bytes of the server's answer
/// were passed on; otherwise it relays everything.
struct Relay {
    addr: SocketAddr,
    cut: Arc<AtomicBool>,
}

impl Relay {
    fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let cut = Arc::new(AtomicBool::new(false));
        let mode = Arc::clone(&cut);
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                // The server is down: the client's connection is closed at once.
                let Ok(server) = TcpStream::connect(upstream) else { continue };
                relay(client, server, mode.load(Ordering::SeqCst));
            }
        });
        Self { addr, cut }
    }

    fn cut_next_fetch(&self, on: bool) {
        self.cut.store(on, Ordering::SeqCst);
    }
}

fn relay(client: TcpStream, server: TcpStream, cut: bool) {
    let fetch_sent = Arc::new(Mutex::new(false));
    let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
    let sent = Arc::clone(&fetch_sent);
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n @ 1..) = c_in.read(&mut buf) {
            if cut && buf[..n].windows(5).any(|w| w.eq_ignore_ascii_case(b"FETCH")) {
                *sent.lock().unwrap() = true;
            }
            if s_out.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = s_out.shutdown(Shutdown::Write);
    });
    let (mut s_in, mut c_out) = (server, client);
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n @ 1..) = s_in.read(&mut buf) {
            if *fetch_sent.lock().unwrap() {
                // A few bytes of the answer ("* 1 FETCH (UID 3 BODY[] {…") then the line drops.
                let _ = c_out.write_all(&buf[..n.min(24)]);
                let _ = c_out.shutdown(Shutdown::Both);
                let _ = s_in.shutdown(Shutdown::Both);
                return;
            }
            if c_out.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = c_out.shutdown(Shutdown::Write);
    });
}

/// Note `n` from the client's billing contact: a message from a contact's address, which Duly
/// puts on the client's invoice timeline.
fn note(n: u32) -> Vec<u8> {
    format!(
        "From: Ana Pop <ana@atelier-nord.example>\r\nTo: mihai@studio.example.ro\r\nSubject: About F-1 ({n})\r\n\
         Date: Mon, 2 Nov 2026 09:{n:02}:00 +0000\r\nMessage-ID: <note-{n}@atelier-nord.example>\r\n\r\n\
         Note number {n} about the invoice.\r\n"
    )
    .into_bytes()
}

fn now() -> DateTime<Utc> {
    "2026-11-02T10:00:00Z".parse().unwrap()
}

/// The notes on F-1's timeline, by number, in the order applied.
fn notes_on_timeline(s: &mut Studio) -> Vec<u32> {
    s.d()
        .invoice_get("F-1")
        .unwrap()
        .timeline
        .into_iter()
        .filter(|e| e.kind == TimelineKind::ClientReplied)
        .filter_map(|e| {
            let at = e.detail.find("Note number ")? + "Note number ".len();
            e.detail[at..].split_whitespace().next()?.parse().ok()
        })
        .collect()
}

fn check(s: &mut Studio) -> ApiResult<MailboxCheckReport> {
    s.d().mailbox_check()
}

fn last_error(s: &mut Studio) -> Option<String> {
    s.d().mailbox_settings_get().unwrap().unwrap().last_check.unwrap().error
}

#[test]
fn a_lost_connection_is_resumed_without_reading_anything_twice_or_losing_anything() {
    let Some(mut server) = Dovecot::start() else { return };
    let relay = Relay::start(server.addr);
    let smtp = RealServer::start();
    let mut s = Studio::new(smtp.addr, now());
    let c = s.client("Atelier Nord SRL", "RO", "ana@atelier-nord.example");
    s.invoice(c, "F-1", "2026-10-01", "2026-10-31");
    s.d()
        .mailbox_settings_save(MailboxSettingsInput {
            host: "127.0.0.1".into(),
            port: Some(relay.addr.port()),
            user: dovecot::USER.into(),
            tls: Some(false),
            password: Some(dovecot::PASSWORD.into()),
        })
        .unwrap();

    server.deliver(&note(1));
    server.deliver(&note(2));
    let first = check(&mut s).unwrap_or_else(|e| panic!("{e:?}\n{}", server.log()));
    assert_eq!((first.fetched, first.report.applied.len()), (2, 2));
    assert_eq!(notes_on_timeline(&mut s), [1, 2]);

    // The line drops in the middle of the FETCH of note 3: the poll fails, says so, and
    // applies nothing; the cursor stays after note 2.
    server.deliver(&note(3));
    relay.cut_next_fetch(true);
    let err = check(&mut s).unwrap_err();
    assert_eq!(err.code, ErrorCode::Mail, "{err:?}");
    assert!(last_error(&mut s).is_some());
    assert_eq!(notes_on_timeline(&mut s), [1, 2]);

    // Resumed: notes 3 (cut before) and 4 (new) are read, 1 and 2 are not fetched again.
    relay.cut_next_fetch(false);
    server.deliver(&note(4));
    let resumed = check(&mut s).unwrap();
    assert_eq!((resumed.fetched, resumed.report.already_seen, resumed.report.applied.len()), (2, 0, 2));
    assert_eq!(notes_on_timeline(&mut s), [1, 2, 3, 4]);
    assert_eq!(last_error(&mut s), None);

    // The server goes away between polls: the poll fails with the connection named, nothing
    // changes; started again (same Maildir, same UIDs), only what arrived since is read.
    server.stop();
    let err = check(&mut s).unwrap_err();
    assert_eq!(err.code, ErrorCode::Mail, "{err:?}");
    let down = last_error(&mut s).unwrap();
    assert!(!down.contains(dovecot::PASSWORD), "{down}");
    server.restart();
    server.deliver(&note(5));
    let after = check(&mut s).unwrap_or_else(|e| panic!("{e:?}\n{}", server.log()));
    assert_eq!((after.fetched, after.report.applied.len()), (1, 1));
    assert_eq!(notes_on_timeline(&mut s), [1, 2, 3, 4, 5]);

    // Nothing is left, and nothing in the inbox was marked read.
    assert_eq!(check(&mut s).unwrap().fetched, 0);
    let flags = server.flags();
    assert_eq!(flags.len(), 5);
    assert!(flags.iter().all(|f| !f.contains("Seen")), "{flags:?}");
}
