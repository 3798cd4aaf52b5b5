//! Reading the inbox over IMAP, read-only.
//!
//! Duly never changes the user's mailbox: the folder is opened with `EXAMINE` (read-only, so
//! not even `\Recent` is cleared) and bodies are fetched with `BODY.PEEK[]` (no `\Seen`). Only
//! messages after the last UID read are fetched; a changed UIDVALIDITY (the server renumbered
//! the folder) starts over from the messages of the last days, and duly-api's `mailbox_seen`
//! makes sure none of them is applied twice.
//!
//! TLS is rustls with the webpki roots (the same stack as sending), plus any extra root the
//! caller trusts (a private CA; the tests' own); plain IMAP is refused except to this computer,
//! as for SMTP. The password is a [`Secret`] and never appears in an error.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Secret;

const TIMEOUT: Duration = Duration::from_secs(30);
/// The most messages one poll fetches, so a first poll of a large inbox stays short; the rest
/// come at the next poll.
pub const MAX_PER_POLL: usize = 200;

/// The IMAP account (its password lives in the keychain under [`ImapSettings::keychain_account`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImapSettings {
    pub host: String,
    pub port: u16,
    pub username: String,
    /// TLS from the first byte (port 993); `false` is plain IMAP, only to this computer.
    pub tls: bool,
}

impl ImapSettings {
    pub fn keychain_account(&self) -> String {
        format!("imap:{}@{}", self.username.trim(), self.host.trim().to_ascii_lowercase())
    }

    /// Refuses a plain connection to anything but this computer, an empty host or user.
    pub fn validate(&self) -> Result<(), ImapError> {
        if self.host.trim().is_empty() {
            return Err(ImapError::Settings("host: enter the IMAP server's name".into()));
        }
        if self.username.trim().is_empty() {
            return Err(ImapError::Settings("user: enter the login name".into()));
        }
        if !self.tls && !crate::settings::is_loopback_host(self.host.trim()) {
            return Err(ImapError::Settings(
                "tls: an unencrypted connection is only allowed to this computer (localhost, 127.0.0.1, ::1)".into(),
            ));
        }
        Ok(())
    }
}

/// Where the last poll stopped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub uid_validity: u32,
    pub last_uid: u32,
}

/// One poll's result: the messages (UID, raw bytes), oldest first, and the new cursor.
#[derive(Debug)]
pub struct Fetched {
    pub messages: Vec<(u32, Vec<u8>)>,
    pub cursor: Cursor,
}

#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("{0}")]
    Settings(String),
    #[error("cannot connect to {host}: {reason}")]
    Connect { host: String, reason: String },
    #[error("the server refused the login for {user}: check the user name and the (app) password")]
    Login { user: String },
    #[error("IMAP: {0}")]
    Protocol(String),
}

trait Stream: Read + Write + std::fmt::Debug {}
impl<T: Read + Write + std::fmt::Debug> Stream for T {}

/// Fetches the INBOX's messages after `since` (or, without one or with another UIDVALIDITY,
/// those that arrived on or after `first_day`).
///
/// `extra_roots` (DER certificates) are trusted as well as the webpki roots, never instead of
/// them: a company's own CA, or a test's. Certificates are always verified.
pub fn fetch_new(
    settings: &ImapSettings,
    password: &Secret,
    since: Option<Cursor>,
    first_day: NaiveDate,
    extra_roots: &[Vec<u8>],
) -> Result<Fetched, ImapError> {
    settings.validate()?;
    let stream = connect(settings, extra_roots)?;
    let mut client = imap::Client::new(stream);
    client.read_greeting().map_err(protocol)?;
    let mut session = client
        .login(settings.username.trim(), password.expose())
        .map_err(|_| ImapError::Login { user: settings.username.trim().to_owned() })?;
    let result = read_inbox(&mut session, since, first_day);
    let _ = session.logout();
    result
}

fn read_inbox<S: Read + Write>(
    session: &mut imap::Session<S>,
    since: Option<Cursor>,
    first_day: NaiveDate,
) -> Result<Fetched, ImapError> {
    let mailbox = session.examine("INBOX").map_err(protocol)?;
    let uid_validity = mailbox.uid_validity.unwrap_or(0);
    let mut uids: Vec<u32> = match since.filter(|c| c.uid_validity == uid_validity) {
        Some(c) => session.uid_search(format!("UID {}:*", c.last_uid.saturating_add(1))).map_err(protocol)?,
        None => session.uid_search(format!("SINCE {}", first_day.format("%-d-%b-%Y"))).map_err(protocol)?,
    }
    .into_iter()
    .collect();
    let last = since.filter(|c| c.uid_validity == uid_validity).map_or(0, |c| c.last_uid);
    // "n:*" always includes the highest UID, even below n.
    uids.retain(|&u| u > last);
    uids.sort_unstable();
    uids.truncate(MAX_PER_POLL);
    let mut messages = Vec::with_capacity(uids.len());
    if !uids.is_empty() {
        let set = uids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        let fetches = session.uid_fetch(&set, "(UID BODY.PEEK[])").map_err(protocol)?;
        for f in fetches.iter() {
            if let (Some(uid), Some(body)) = (f.uid, f.body()) {
                messages.push((uid, body.to_vec()));
            }
        }
        messages.sort_by_key(|(uid, _)| *uid);
    }
    let last_uid = uids.last().copied().unwrap_or(last);
    Ok(Fetched { messages, cursor: Cursor { uid_validity, last_uid } })
}

fn connect(settings: &ImapSettings, extra_roots: &[Vec<u8>]) -> Result<Box<dyn Stream>, ImapError> {
    let host = settings.host.trim();
    let fail = |reason: String| ImapError::Connect { host: format!("{host}:{}", settings.port), reason };
    let addr = (host.trim_start_matches('[').trim_end_matches(']'), settings.port)
        .to_socket_addrs()
        .map_err(|e| fail(e.to_string()))?
        .next()
        .ok_or_else(|| fail("the name has no address".into()))?;
    let tcp = TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| fail(e.to_string()))?;
    tcp.set_read_timeout(Some(TIMEOUT)).map_err(|e| fail(e.to_string()))?;
    tcp.set_write_timeout(Some(TIMEOUT)).map_err(|e| fail(e.to_string()))?;
    if !settings.tls {
        return Ok(Box::new(tcp));
    }
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    for der in extra_roots {
        roots
            .add(rustls::pki_types::CertificateDer::from(der.clone()))
            .map_err(|e| fail(format!("an extra root certificate cannot be used: {e}")))?;
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| fail(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from(host.to_owned()).map_err(|e| fail(e.to_string()))?;
    let conn = rustls::ClientConnection::new(Arc::new(config), name).map_err(|e| fail(e.to_string()))?;
    Ok(Box::new(rustls::StreamOwned::new(conn, tcp)))
}

/// The server's or the library's words; the password is never among them (LOGIN's failure is
/// reported as [`ImapError::Login`] without the server's text).
fn protocol(e: imap::Error) -> ImapError {
    ImapError::Protocol(e.to_string())
}
