//! The encrypted paths users actually configure: STARTTLS into mailin-embedded and TLS from the
//! first byte into the scripted server, both with a certificate from a throwaway CA that the
//! mailer is told to trust; and the same server refused when it is not trusted.

use crate::support;

use duly_mail::{
    Mailbox, Mailer, MailerOptions, MemoryStore, OutgoingMessage, Secret, SecretStore, Security, SmtpSettings,
};
use support::{FakeServer, RealServer, TestPki};

const PASSWORD: &str = "teh-tarik-7!";

fn settings(port: u16, security: Security) -> SmtpSettings {
    SmtpSettings {
        host: "localhost".into(),
        port,
        security,
        username: Some("ana@studio.example.ro".into()),
        sender: Mailbox::new("Ana Pop", "ana@studio.example.ro"),
        reply_to: None,
    }
}

fn trusting(pki: &TestPki) -> MailerOptions {
    MailerOptions { extra_root_certificates: vec![pki.ca_pem.clone()], ..MailerOptions::default() }
}

fn message() -> OutgoingMessage {
    let mut m = OutgoingMessage::new(Mailbox::address_only("ana@studio.example.ro"), "Invoice 2024-017", "Attached.");
    m.to = vec![Mailbox::address_only("finance@client.example")];
    m
}

#[test]
fn starttls_upgrades_then_logs_in_with_the_keychain_password_and_delivers() {
    let pki = TestPki::new();
    let server = RealServer::start_tls(&pki, PASSWORD);
    let settings = settings(server.addr.port(), Security::StartTls);
    let keychain = MemoryStore::new();
    keychain.set(&settings.keychain_account().unwrap(), &Secret::new(PASSWORD)).unwrap();
    let password = keychain.get(&settings.keychain_account().unwrap()).unwrap();
    let mailer = Mailer::with_options(settings, password, trusting(&pki)).unwrap();

    mailer.check_connection().unwrap();
    mailer.send(&message()).unwrap();
    mailer.send(&message()).unwrap();
    assert_eq!(server.count(), 2);
    assert_eq!(
        server.logins(),
        vec![("ana@studio.example.ro".to_owned(), PASSWORD.to_owned())],
        "one login: the pooled connection served the check and both messages"
    );
}

#[test]
fn implicit_tls_delivers() {
    let pki = TestPki::new();
    let server = FakeServer::start_implicit_tls([], &pki).with_auth("235 2.7.0 ok");
    let settings = settings(server.addr.port(), Security::ImplicitTls);
    let mailer = Mailer::with_options(settings, Some(Secret::new(PASSWORD)), trusting(&pki)).unwrap();
    mailer.send(&message()).unwrap();
    assert_eq!(server.accepted().len(), 1);
    assert_eq!(server.auth_lines().len(), 1);
}

#[test]
fn an_untrusted_certificate_stops_before_any_credential_or_message() {
    let pki = TestPki::new();
    let server = RealServer::start_tls(&pki, PASSWORD);
    let settings = settings(server.addr.port(), Security::StartTls);
    let mailer = Mailer::new(settings, Some(Secret::new(PASSWORD))).unwrap();
    let error = mailer.send(&message()).unwrap_err();
    assert!(!error.is_temporary(), "{error:?}");
    assert!(error.reply().contains("secure connection to localhost:"), "{error}");
    assert!(error.reply().to_lowercase().contains("certificate"), "{error}");
    assert!(server.logins().is_empty() && server.count() == 0);

    let tls_server = FakeServer::start_implicit_tls([], &pki).with_auth("235 2.7.0 ok");
    let settings = self::settings(tls_server.addr.port(), Security::ImplicitTls);
    let mailer = Mailer::new(settings, Some(Secret::new(PASSWORD))).unwrap();
    assert!(!mailer.send(&message()).unwrap_err().is_temporary());
    assert!(tls_server.auth_lines().is_empty() && tls_server.accepted().is_empty());
}
