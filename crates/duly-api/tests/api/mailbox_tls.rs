//! The IMAP reader over TLS against a real Dovecot on 127.0.0.1 whose certificate the test made
//! (a root of its own signing a certificate for 127.0.0.1): refused as long as Duly does not
//! trust that root (verification is never off), read once Duly is given it as an extra root.

#![cfg(unix)]

use crate::support;

use std::sync::Arc;

use duly_api::*;
use support::dovecot::{self, Dovecot};

const MESSAGE: &[u8] = b"From: Someone <someone@elsewhere.example>\r\nTo: mihai@studio.example.ro\r\n\
Subject: Hello\r\nDate: Mon, 2 Nov 2026 09:00:00 +0000\r\nMessage-ID: <hello@elsewhere.example>\r\n\r\nHello.\r\n";

#[test]
fn the_reader_speaks_tls_and_trusts_a_private_root_only_when_given_it() {
    let Some(server) = Dovecot::start_tls() else { return };
    let tls = server.tls_addr.unwrap();
    server.deliver(MESSAGE);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("duly.sqlite3");
    let secrets = Arc::new(MemoryStore::new());
    let open = || Duly::open(&path).unwrap().with_secrets(secrets.clone()).with_today("2026-11-02".parse().unwrap());

    let mut untrusting = open();
    untrusting
        .mailbox_settings_save(MailboxSettingsInput {
            host: "127.0.0.1".into(),
            port: Some(tls.port()),
            user: dovecot::USER.into(),
            tls: Some(true),
            password: Some(dovecot::PASSWORD.into()),
        })
        .unwrap();
    let err = untrusting.mailbox_check().unwrap_err();
    assert_eq!(err.code, ErrorCode::Mail, "{err:?}");
    assert!(err.message.contains("certificate"), "{}", err.message);
    assert!(!err.message.contains(dovecot::PASSWORD));
    drop(untrusting);

    let mut trusting = open().with_imap_root(server.ca_der.clone());
    let read = trusting.mailbox_check().unwrap_or_else(|e| panic!("{e:?}\n{}", server.log()));
    assert_eq!((read.fetched, read.report.ignored), (1, 1));
    assert_eq!(trusting.mailbox_check().unwrap().fetched, 0);
}
