//! Sending over SMTP, and what a failure means for the outbox.
//!
//! One [`Mailer`] per settings holds a pool of lettre SMTP connections, so a batch of reminders
//! reuses one authenticated connection instead of paying TCP + TLS + AUTH per message. Sending is blocking:
//! the API already runs every call on a worker thread, and the outbox sends one message at a time.

use std::fmt;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, TlsParameters};
use serde::{Deserialize, Serialize};

use crate::connection::{Connector, Encryption, Failure, Pool};

use crate::Delivered;
use crate::message::OutgoingMessage;
use crate::secret::{Secret, SecretStore};
use crate::settings::{Security, SettingsError, SmtpSettings};

/// Why a message was not sent, sorted by what the outbox should do next.
///
/// The text is the server's own reply where there is one ("550 5.1.1 No such user"), because
/// that is what the user or their provider's support needs to see. It never holds credentials:
/// the mailer scrubs its password (plain and base64) from anything a server echoes back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SendError {
    /// Worth retrying: a 4xx reply, a lost or refused connection, a timeout.
    #[error("not sent for now, Duly will try again: {}", describe(*.code, .reply))]
    Temporary { code: Option<u16>, reply: String },
    /// Retrying the same message cannot help: a 5xx reply, rejected login, a certificate or
    /// STARTTLS problem, or a message that cannot be built. Needs the user.
    #[error("not sent: {}", describe(*.code, .reply))]
    Permanent { code: Option<u16>, reply: String },
}

fn describe(code: Option<u16>, reply: &str) -> String {
    match code {
        Some(code) => format!("the mail server answered {code} {reply}"),
        None => reply.to_owned(),
    }
}

impl SendError {
    pub fn is_temporary(&self) -> bool {
        matches!(self, SendError::Temporary { .. })
    }

    /// The SMTP reply code, when the server gave one.
    pub fn code(&self) -> Option<u16> {
        match self {
            SendError::Temporary { code, .. } | SendError::Permanent { code, .. } => *code,
        }
    }

    /// The server's reply text, or what went wrong on the way to it.
    pub fn reply(&self) -> &str {
        match self {
            SendError::Temporary { reply, .. } | SendError::Permanent { reply, .. } => reply,
        }
    }
}

/// Knobs that are not user settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailerOptions {
    /// Per SMTP command (connect, each reply). Generous because large attachments on a slow
    /// uplink take a while, short enough that a dead server is noticed within a minute.
    pub timeout: Duration,
    /// Idle connections kept open. The outbox sends one message at a time; two lets a "test
    /// connection" click run beside it.
    pub pool_size: u32,
    /// How long an idle connection is kept: a batch of reminders reuses it, and it is closed
    /// before most servers would drop it themselves (typically after 5 minutes).
    pub idle_timeout: Duration,
    /// PEM certificates trusted besides the public roots (webpki-roots): a self-hosted server's
    /// private CA, or a test server's. Certificates are always verified; this only widens whom
    /// to trust.
    pub extra_root_certificates: Vec<Vec<u8>>,
}

impl Default for MailerOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            pool_size: 2,
            idle_timeout: Duration::from_secs(60),
            extra_root_certificates: Vec::new(),
        }
    }
}

/// A pooled SMTP connection for one account. Build it once per settings change and share it.
pub struct Mailer {
    pool: Pool,
    settings: SmtpSettings,
    /// The password and the forms it takes on the wire, scrubbed from every error text.
    scrub: Vec<String>,
    timeout: Duration,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer").field("settings", &self.settings).finish_non_exhaustive()
    }
}

impl Mailer {
    /// `password` is required exactly when the settings have a username.
    pub fn new(settings: SmtpSettings, password: Option<Secret>) -> Result<Self, SettingsError> {
        Self::with_options(settings, password, MailerOptions::default())
    }

    /// Reads the password from `store` under [`SmtpSettings::keychain_account`].
    pub fn from_keychain(settings: SmtpSettings, store: &dyn SecretStore) -> Result<Self, SettingsError> {
        let password = match settings.keychain_account() {
            Some(account) => store.get(&account)?,
            None => None,
        };
        Self::new(settings, password)
    }

    pub fn with_options(
        settings: SmtpSettings,
        password: Option<Secret>,
        options: MailerOptions,
    ) -> Result<Self, SettingsError> {
        settings.validate()?;
        let host = settings.host.trim().to_owned();
        let tls = || {
            let mut builder = TlsParameters::builder(host.clone());
            for pem in &options.extra_root_certificates {
                let certificate = Certificate::from_pem(pem)
                    .map_err(|e| SettingsError::Transport(format!("extra root certificate: {e}")))?;
                builder = builder.add_root_certificate(certificate);
            }
            builder.build().map_err(|e| SettingsError::Transport(e.to_string()))
        };
        let encryption = match settings.security {
            Security::StartTls => Encryption::StartTls(tls()?),
            Security::ImplicitTls => Encryption::Wrapper(tls()?),
            Security::Plain => Encryption::None,
        };
        let mut scrub = Vec::new();
        let mut credentials = None;
        if let Some(username) = settings.username.as_deref() {
            let account = settings.keychain_account().unwrap_or_default();
            let password = password.filter(|p| !p.is_empty()).ok_or(SettingsError::MissingPassword { account })?;
            let b64 = base64::engine::general_purpose::STANDARD;
            let pw = password.expose();
            scrub = vec![b64.encode(format!("\0{username}\0{pw}")), b64.encode(pw), pw.to_owned()];
            credentials = Some(Credentials::new(username.to_owned(), pw.to_owned()));
        }
        let connector = Connector { host, port: settings.port, timeout: options.timeout, encryption, credentials };
        let pool = Pool::new(connector, options.pool_size as usize, options.idle_timeout);
        Ok(Self { pool, settings, scrub, timeout: options.timeout })
    }

    pub fn settings(&self) -> &SmtpSettings {
        &self.settings
    }

    /// Sends `message` dated now. `Ok` means the server accepted responsibility for it (250
    /// after DATA); only then may the outbox mark it sent.
    pub fn send(&self, message: &OutgoingMessage) -> Result<Delivered, SendError> {
        self.send_dated(message, SystemTime::now())
    }

    /// [`Self::send`] with the `Date:` header given, for reproducible tests.
    pub fn send_dated(&self, message: &OutgoingMessage, date: SystemTime) -> Result<Delivered, SendError> {
        let mime = message.to_lettre(date).map_err(|e| SendError::Permanent { code: None, reply: e.to_string() })?;
        let bytes = mime.formatted();
        let reply = self.pool.send(mime.envelope(), &bytes).map_err(|failure| match failure {
            Failure::Smtp(e) => self.classify(&e),
            Failure::Unsupported(why) => {
                SendError::Permanent { code: None, reply: format!("{}: {why}", self.endpoint()) }
            }
        })?;
        Ok(Delivered { mime: bytes, reply })
    }

    /// Connects, negotiates TLS and logs in without sending anything: the settings form's
    /// "Test connection" button.
    pub fn check_connection(&self) -> Result<(), SendError> {
        self.pool.check().map_err(|e| self.classify(&e))
    }

    fn endpoint(&self) -> String {
        format!("{}:{}", self.settings.host.trim(), self.settings.port)
    }

    fn classify(&self, error: &lettre::transport::smtp::Error) -> SendError {
        let (temporary, code, reply) = if let Some(code) = error.status() {
            // For 4xx/5xx lettre keeps the server's reply lines as the error's source.
            let reply = std::error::Error::source(error).map_or_else(String::new, ToString::to_string);
            (error.is_transient(), Some(u16::from(code)), reply)
        } else if timed_out(error) {
            let limit = self.timeout;
            (true, None, format!("{} did not answer in time ({limit:?}): {error}", self.endpoint()))
        } else if error.is_tls() || tls_failure(error) {
            // A certificate that does not match or has expired will not fix itself in a minute.
            (false, None, format!("secure connection to {} failed: {error}", self.endpoint()))
        } else if error.is_client() {
            // STARTTLS missing, no common AUTH mechanism: the settings need changing.
            (false, None, format!("{}: {error}", self.endpoint()))
        } else {
            // Connection refused or lost, an unreadable or missing reply: the network's fault.
            (true, None, format!("{}: {error}", self.endpoint()))
        };
        let reply = scrub(&reply, &self.scrub);
        if temporary { SendError::Temporary { code, reply } } else { SendError::Permanent { code, reply } }
    }
}

/// rustls finishes the handshake on the first read, so lettre reports a refused certificate as a
/// network error wrapping the `rustls::Error`; without this it would be retried for hours.
fn tls_failure(error: &lettre::transport::smtp::Error) -> bool {
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        let inner = e
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .map_or(e, |inner| inner as &(dyn std::error::Error + 'static));
        if inner.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        source = e.source();
    }
    false
}

/// lettre's `is_timeout` looks for `TimedOut`, but on Unix an expired socket timeout surfaces as
/// `WouldBlock` (EAGAIN); both mean the server went quiet.
fn timed_out(error: &lettre::transport::smtp::Error) -> bool {
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return matches!(io.kind(), std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock);
        }
        source = e.source();
    }
    false
}

/// Replaces every occurrence of each secret and truncates: a server's reply is shown to the user
/// and stored in the outbox, and neither may ever hold the password, however the server behaves.
fn scrub(text: &str, secrets: &[String]) -> String {
    const MAX_CHARS: usize = 1000;
    let mut out = text.trim().to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        out = out.replace(secret.as_str(), "<redacted>");
    }
    if out.chars().count() > MAX_CHARS {
        out = out.chars().take(MAX_CHARS).collect::<String>() + "…";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::Mailbox;
    use crate::secret::MemoryStore;

    fn settings() -> SmtpSettings {
        SmtpSettings {
            host: "smtp.example.com".into(),
            port: 587,
            security: Security::StartTls,
            username: Some("ana".into()),
            sender: Mailbox::new("Ana", "ana@example.com"),
            reply_to: None,
        }
    }

    #[test]
    fn scrub_removes_every_form_of_the_secret() {
        let secrets = vec!["AGFuYQBodW50ZXIy".to_owned(), "aHVudGVyMg==".to_owned(), "hunter2".to_owned()];
        let text = scrub("535 bad AGFuYQBodW50ZXIy / aHVudGVyMg== / hunter2!", &secrets);
        assert_eq!(text, "535 bad <redacted> / <redacted> / <redacted>!");
        assert_eq!(scrub(&"x".repeat(5000), &secrets).chars().count(), 1001);
    }

    #[test]
    fn a_username_needs_a_password_from_the_keychain() {
        let store = MemoryStore::new();
        let error = Mailer::from_keychain(settings(), &store).unwrap_err();
        assert_eq!(error, SettingsError::MissingPassword { account: "smtp:ana@smtp.example.com".into() });
        store.set("smtp:ana@smtp.example.com", &Secret::new("hunter2")).unwrap();
        let mailer = Mailer::from_keychain(settings(), &store).unwrap();
        let shown = format!("{mailer:?} {:#?}", mailer.settings());
        assert!(!shown.contains("hunter2"), "{shown}");

        let mut anonymous = settings();
        anonymous.username = None;
        assert!(Mailer::from_keychain(anonymous, &store).is_ok());
    }

    #[test]
    fn invalid_settings_never_build_a_mailer() {
        let mut s = settings();
        s.security = Security::Plain;
        assert!(matches!(Mailer::new(s, Some(Secret::new("pw"))), Err(SettingsError::PlainToRemoteHost { .. })));
    }

    #[test]
    fn send_error_text_and_accessors() {
        let e = SendError::Permanent { code: Some(550), reply: "5.1.1 No such user".into() };
        assert_eq!(e.to_string(), "not sent: the mail server answered 550 5.1.1 No such user");
        assert!(!e.is_temporary());
        assert_eq!((e.code(), e.reply()), (Some(550), "5.1.1 No such user"));
        let t =
            SendError::Temporary { code: None, reply: "smtp.example.com:587: network error: connection reset".into() };
        assert!(t.is_temporary());
        assert!(t.to_string().starts_with("not sent for now, Duly will try again: smtp.example.com"));
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"kind":"permanent","code":550,"reply":"5.1.1 No such user"}"#);
        assert_eq!(serde_json::from_str::<SendError>(&json).unwrap(), e);
    }
}
