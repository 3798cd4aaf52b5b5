//! A computer without a keychain (a bare Linux session has no Secret Service): the mail settings
//! still load and say why a password cannot be saved, a password given "for this session only"
//! logs in to an SMTP server on 127.0.0.1 and sends, and it is never written to the database.

use crate::support;

use std::sync::Arc;

use chrono::{TimeDelta, Utc};
use duly_api::*;
use support::smtp::FakeServer;

const PASSWORD: &str = "Kq7-session-only-hunter2";
const WHY: &str = "org.freedesktop.secrets was not provided by any .service files";

/// The keychain as keyring reports it without a Secret Service: every call fails with a reason.
struct NoKeychain;

impl SecretStore for NoKeychain {
    fn get(&self, account: &str) -> Result<Option<Secret>, SecretError> {
        Err(SecretError { operation: "read", account: account.into(), reason: WHY.into() })
    }
    fn set(&self, account: &str, _secret: &Secret) -> Result<(), SecretError> {
        Err(SecretError { operation: "save", account: account.into(), reason: WHY.into() })
    }
    fn delete(&self, account: &str) -> Result<(), SecretError> {
        Err(SecretError { operation: "delete", account: account.into(), reason: WHY.into() })
    }
}

fn input(server: &FakeServer, password: Option<&str>, session_only: Option<bool>) -> MailSettingsInput {
    MailSettingsInput {
        host: server.addr.ip().to_string(),
        port: server.addr.port(),
        security: MailSecurity::Plain,
        username: "ana".into(),
        from_name: "Ana Pop".into(),
        from_email: "ana@studio.example.ro".into(),
        reply_to: String::new(),
        password: password.map(str::to_owned),
        session_only,
    }
}

#[test]
fn without_a_keychain_settings_load_and_a_session_password_sends_and_stays_off_disk() {
    let server = FakeServer::with_login("ana", PASSWORD);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("duly.sqlite3");
    let session = Arc::new(SessionPasswords::new());
    let mut duly =
        Duly::open(&path).unwrap().with_secrets(Arc::new(NoKeychain)).with_session_passwords(session.clone());

    // The account saves and loads without a password, saying why none can be saved.
    let saved = duly.mail_settings_save(input(&server, None, None)).unwrap();
    let unavailable = PasswordState::KeychainUnavailable { reason: WHY.into() };
    assert_eq!((saved.password.clone(), saved.has_password), (unavailable.clone(), false));
    assert_eq!(duly.mail_settings_get().unwrap().password, unavailable);

    // Into the keychain it cannot go: the form says so and what to choose instead.
    let refused = duly.mail_settings_save(input(&server, Some(PASSWORD), None)).unwrap_err();
    assert!(refused.message.contains(WHY) && refused.message.contains("Ask me once per session"), "{refused:?}");
    // Sending without any password says where to give one.
    let no_password = duly.mail_test(MailTestInput { to: "me@example.com".into() }).unwrap_err();
    assert!(no_password.message.contains("Ask me once per session"), "{no_password:?}");

    // For this session it is kept, in memory.
    let saved = duly.mail_settings_save(input(&server, Some(PASSWORD), Some(true))).unwrap();
    assert_eq!((saved.password, saved.has_password), (PasswordState::Session, true));

    // The background sender's own handle shares the session's passwords and sends with them.
    let mut sender = Duly::open(&path).unwrap().with_secrets(Arc::new(NoKeychain)).with_session_passwords(session);
    duly.mail_test(MailTestInput { to: "me@example.com".into() }).unwrap();
    duly.outbox_enqueue(OutboxEnqueueInput {
        to: vec!["client@example.com".into()],
        subject: "Invoice F-1".into(),
        text_body: "Please find the invoice attached.".into(),
        ..OutboxEnqueueInput::default()
    })
    .unwrap();
    let report = sender.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    assert_eq!(server.accepted().len(), 2, "the test message and the queued one");
    assert_eq!(server.logins(), ["ana", "ana"]);

    // A handle without the session (the next time Duly starts) has no password again.
    let next_session = Duly::open(&path).unwrap().with_secrets(Arc::new(NoKeychain));
    assert_eq!(next_session.mail_settings_get().unwrap().password, unavailable);

    drop((duly, sender, next_session));
    let mut bytes = std::fs::read(&path).unwrap();
    for extra in ["sqlite3-wal", "sqlite3-shm"] {
        bytes.extend(std::fs::read(path.with_extension(extra)).unwrap_or_default());
    }
    assert!(bytes.windows(13).any(|w| w == b"ana@studio.ex"), "the settings themselves are in the file");
    assert!(!bytes.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()), "the password is in the database file");
}
