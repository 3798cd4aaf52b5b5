//! Which SMTP server to use and who the mail is from.
//!
//! The settings are safe to store, log and show: they hold no password. The password is
//! looked up in the keychain under [`SmtpSettings::keychain_account`].

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::address::{AddressError, Mailbox};
use crate::secret::SecretError;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, usually port 587. The upgrade is required: a
    /// server (or attacker) that does not offer it gets neither the password nor the message.
    StartTls,
    /// TLS from the first byte ("SMTPS"), usually port 465.
    ImplicitTls,
    /// No encryption. Only for a relay on this machine (a local Postfix, a test sink), since
    /// anything else would send the password and the invoice in clear over the network.
    Plain,
}

impl Security {
    /// The port a settings form should suggest for this choice.
    pub fn default_port(self) -> u16 {
        match self {
            Security::StartTls => 587,
            Security::ImplicitTls => 465,
            Security::Plain => 25,
        }
    }
}

/// One outgoing mail account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// `None` for a relay that accepts mail without AUTH; then no password is looked up.
    #[serde(default)]
    pub username: Option<String>,
    /// The From of every message: the freelancer's name and address.
    pub sender: Mailbox,
    /// Where replies should go when that is not the sender (e.g. sending through a service's
    /// SMTP but reading replies in a personal mailbox).
    #[serde(default)]
    pub reply_to: Option<Mailbox>,
}

/// Settings that cannot be used to send, named in the settings form's terms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("host: the SMTP server's name is empty")]
    EmptyHost,
    #[error("host: \"{0}\" is not a server name")]
    BadHost(String),
    #[error("port: 0 is not a port")]
    ZeroPort,
    #[error(
        "security: an unencrypted connection is only allowed to this computer (localhost, \
         127.0.0.1 or ::1), not to {host}; choose STARTTLS or TLS"
    )]
    PlainToRemoteHost { host: String },
    #[error("username: empty; leave it out if the server needs no login")]
    EmptyUsername,
    #[error(transparent)]
    Address(#[from] AddressError),
    #[error("no password is saved in the OS keychain for {account}")]
    MissingPassword { account: String },
    #[error(transparent)]
    Keychain(#[from] SecretError),
    #[error("host: {0}")]
    Transport(String),
}

impl SmtpSettings {
    /// Refuses what cannot work or would be unsafe, before anything connects anywhere.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let host = self.host.trim();
        if host.is_empty() {
            return Err(SettingsError::EmptyHost);
        }
        if host.chars().any(|c| c.is_whitespace() || c == '/' || c == '@') {
            return Err(SettingsError::BadHost(self.host.clone()));
        }
        if self.port == 0 {
            return Err(SettingsError::ZeroPort);
        }
        if self.security == Security::Plain && !is_loopback_host(host) {
            return Err(SettingsError::PlainToRemoteHost { host: self.host.clone() });
        }
        if self.username.as_deref().is_some_and(|u| u.trim().is_empty()) {
            return Err(SettingsError::EmptyUsername);
        }
        self.sender.validate("sender")?;
        if let Some(reply_to) = &self.reply_to {
            reply_to.validate("reply_to")?;
        }
        Ok(())
    }

    /// The keychain entry holding this account's password, or `None` when it logs in without
    /// one. Keyed by user and host (not port or security) so switching 465 ⇄ 587 keeps it.
    pub fn keychain_account(&self) -> Option<String> {
        self.username.as_deref().map(|user| format!("smtp:{}@{}", user.trim(), self.host.trim().to_ascii_lowercase()))
    }
}

/// Whether `host` can only mean this machine. Names other than `localhost` are not resolved:
/// a DNS answer is not a promise that the traffic stays local.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    bare.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(host: &str, security: Security) -> SmtpSettings {
        SmtpSettings {
            host: host.to_owned(),
            port: security.default_port(),
            security,
            username: Some("ana@studio.example".to_owned()),
            sender: Mailbox::new("Ana Pop", "ana@studio.example"),
            reply_to: None,
        }
    }

    #[test]
    fn plain_is_only_for_this_machine() {
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.0.0.2", "::1", "[::1]"] {
            assert_eq!(settings(host, Security::Plain).validate(), Ok(()), "{host}");
        }
        for host in ["smtp.example.com", "192.168.1.10", "localhost.example.com", "::2"] {
            let error = settings(host, Security::Plain).validate().unwrap_err();
            assert_eq!(error, SettingsError::PlainToRemoteHost { host: host.to_owned() });
            let text = error.to_string();
            assert!(text.contains(host) && text.contains("STARTTLS"), "{text}");
        }
        for security in [Security::StartTls, Security::ImplicitTls] {
            assert_eq!(settings("smtp.example.com", security).validate(), Ok(()));
        }
    }

    #[test]
    fn other_mistakes_are_named() {
        let mut s = settings("smtp.example.com", Security::StartTls);
        s.port = 0;
        assert_eq!(s.validate(), Err(SettingsError::ZeroPort));
        let mut s = settings(" ", Security::StartTls);
        assert_eq!(s.validate(), Err(SettingsError::EmptyHost));
        s.host = "smtp://x".into();
        assert!(matches!(s.validate(), Err(SettingsError::BadHost(_))));
        let mut s = settings("smtp.example.com", Security::StartTls);
        s.username = Some(String::new());
        assert_eq!(s.validate(), Err(SettingsError::EmptyUsername));
        let mut s = settings("smtp.example.com", Security::StartTls);
        s.reply_to = Some(Mailbox::address_only("nope"));
        let text = s.validate().unwrap_err().to_string();
        assert!(text.starts_with("reply_to:"), "{text}");
    }

    #[test]
    fn keychain_account_ignores_port_and_security() {
        let a = settings("SMTP.Example.com", Security::StartTls);
        let mut b = a.clone();
        b.security = Security::ImplicitTls;
        b.port = 465;
        assert_eq!(a.keychain_account().as_deref(), Some("smtp:ana@studio.example@smtp.example.com"));
        assert_eq!(a.keychain_account(), b.keychain_account());
        b.username = None;
        assert_eq!(b.keychain_account(), None);
    }

    #[test]
    fn serde_round_trip_has_no_password_field() {
        let s = settings("smtp.example.com", Security::StartTls);
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"security\":\"start_tls\""), "{json}");
        assert!(!json.contains("password"), "{json}");
        assert_eq!(serde_json::from_str::<SmtpSettings>(&json).unwrap(), s);
        let minimal: SmtpSettings =
            serde_json::from_str(r#"{"host":"localhost","port":2525,"security":"plain","sender":{"email":"a@b.c"}}"#)
                .unwrap();
        assert_eq!(minimal.username, None);
        assert_eq!(minimal.validate(), Ok(()));
    }
}
