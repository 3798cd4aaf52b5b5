//! A small pool of authenticated SMTP connections, built on lettre's `SmtpConnection`.
//!
//! Why not lettre's pooled `SmtpTransport`: it writes a message's body and the closing
//! `CRLF.CRLF` in two writes on a socket without `TCP_NODELAY`, so the terminator waits in
//! Nagle's buffer until the server's delayed ACK (40 ms on Linux, up to 200 ms elsewhere):
//! 22 msg/s into a local sink however small the message (see `benches/throughput.rs`). Here the
//! body goes out in the same write as its terminator. Everything else (connecting, TLS,
//! STARTTLS, AUTH, reply parsing) is still lettre's.

use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

/// Why one transaction failed, before classification into temporary and permanent.
pub(crate) enum Failure {
    Smtp(SmtpError),
    /// The server lacks an extension this message needs; a client-side refusal.
    Unsupported(&'static str),
}

impl From<SmtpError> for Failure {
    fn from(e: SmtpError) -> Self {
        Failure::Smtp(e)
    }
}

pub(crate) enum Encryption {
    None,
    Wrapper(TlsParameters),
    StartTls(TlsParameters),
}

/// How to open a ready-to-send connection.
pub(crate) struct Connector {
    pub host: String,
    pub port: u16,
    pub timeout: Duration,
    pub encryption: Encryption,
    pub credentials: Option<Credentials>,
}

impl Connector {
    fn connect(&self) -> Result<SmtpConnection, SmtpError> {
        let hello = ClientId::default();
        let wrapper = match &self.encryption {
            Encryption::Wrapper(params) => Some(params),
            _ => None,
        };
        let mut conn =
            SmtpConnection::connect((self.host.as_str(), self.port), Some(self.timeout), &hello, wrapper, None)?;
        if let Encryption::StartTls(params) = &self.encryption {
            // Fails when STARTTLS is not offered, before any credential is sent.
            conn.starttls(params, &hello)?;
        }
        if let Some(credentials) = &self.credentials
            && let Err(e) = conn.auth(DEFAULT_MECHANISMS, credentials)
        {
            conn.abort();
            return Err(e);
        }
        Ok(conn)
    }
}

/// Idle connections, most recently used last.
pub(crate) struct Pool {
    connector: Connector,
    idle: Mutex<Vec<(SmtpConnection, Instant)>>,
    max_idle: usize,
    idle_timeout: Duration,
}

impl fmt::Debug for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool")
            .field("host", &self.connector.host)
            .field("port", &self.connector.port)
            .finish_non_exhaustive()
    }
}

impl Pool {
    pub fn new(connector: Connector, max_idle: usize, idle_timeout: Duration) -> Self {
        Self { connector, idle: Mutex::new(Vec::new()), max_idle: max_idle.max(1), idle_timeout }
    }

    /// A pooled connection that still answers NOOP, or a new one.
    fn checkout(&self) -> Result<SmtpConnection, SmtpError> {
        loop {
            let parked = self.lock().pop();
            let Some((mut conn, since)) = parked else {
                return self.connector.connect();
            };
            // Servers drop idle clients after a few minutes; don't wait to find out the hard way.
            if since.elapsed() <= self.idle_timeout && conn.test_connected() {
                return Ok(conn);
            }
            conn.abort();
        }
    }

    fn checkin(&self, mut conn: SmtpConnection) {
        if conn.has_broken() {
            return;
        }
        let mut idle = self.lock();
        if idle.len() < self.max_idle {
            idle.push((conn, Instant::now()));
        } else {
            drop(idle);
            conn.abort();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(SmtpConnection, Instant)>> {
        // A panic mid-push cannot corrupt a Vec; keep going.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sends one message and returns the server's reply to the end of DATA (its acceptance,
    /// "250 2.0.0 Ok: queued as …"). A connection that saw any error is closed, never reused.
    pub fn send(&self, envelope: &Envelope, mime: &[u8]) -> Result<String, Failure> {
        let mut conn = self.checkout()?;
        match transaction(&mut conn, envelope, mime) {
            Ok(reply) => {
                self.checkin(conn);
                Ok(reply)
            }
            Err(e) => {
                conn.abort();
                Err(e)
            }
        }
    }

    /// Connects (or reuses a live connection) without sending anything.
    pub fn check(&self) -> Result<(), SmtpError> {
        let conn = self.checkout()?;
        self.checkin(conn);
        Ok(())
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        for (mut conn, _) in self.lock().drain(..) {
            conn.abort();
        }
    }
}

fn transaction(conn: &mut SmtpConnection, envelope: &Envelope, mime: &[u8]) -> Result<String, Failure> {
    let mut parameters = Vec::new();
    let non_ascii_address =
        envelope.from().into_iter().chain(envelope.to()).any(|a| !AsRef::<str>::as_ref(a).is_ascii());
    if non_ascii_address {
        if !conn.server_info().supports_feature(Extension::SmtpUtfEight) {
            return Err(Failure::Unsupported(
                "an address has non-ASCII characters and the server does not support SMTPUTF8",
            ));
        }
        parameters.push(MailParameter::SmtpUtfEight);
    }
    if !mime.is_ascii() {
        if !conn.server_info().supports_feature(Extension::EightBitMime) {
            return Err(Failure::Unsupported("the message has 8-bit content and the server does not support 8BITMIME"));
        }
        parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    conn.command(Mail::new(envelope.from().cloned(), parameters))?;
    for to in envelope.to() {
        conn.command(Rcpt::new(to.clone(), Vec::new()))?;
    }
    conn.command(Data)?;
    let block = dot_stuff(mime);
    let response = match std::str::from_utf8(&block) {
        Ok(text) => conn.command(DataBlock(text))?,
        // Never the case for lettre's 7-bit MIME; lettre's own (two-write) path is correct too.
        Err(_) => conn.message(mime)?,
    };
    let lines: Vec<&str> = response.message().collect();
    Ok(format!("{} {}", response.code(), lines.join(" ")).trim_end().to_owned())
}

/// A message body dot-stuffed and terminated, written by `SmtpConnection::command` in one go.
struct DataBlock<'a>(&'a str);

impl fmt::Display for DataBlock<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// RFC 5321 §4.5.2: a line starting with `.` gets another; then `CRLF.CRLF`. A bare LF counts
/// as a line end too, since some servers treat it as one.
fn dot_stuff(mime: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(mime.len() + mime.len() / 64 + 5);
    let mut line_start = true;
    for &byte in mime {
        if line_start && byte == b'.' {
            out.push(b'.');
        }
        out.push(byte);
        line_start = byte == b'\n';
    }
    if !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::dot_stuff;

    #[test]
    fn dot_stuffing_and_termination() {
        assert_eq!(dot_stuff(b".a\r\nb\r\n.\r\n..c\r\n"), b"..a\r\nb\r\n..\r\n...c\r\n.\r\n");
        assert_eq!(dot_stuff(b"no newline"), b"no newline\r\n.\r\n");
        assert_eq!(dot_stuff(b"x\n.y"), b"x\n..y\r\n.\r\n");
        assert_eq!(dot_stuff(b""), b"\r\n.\r\n");
    }
}
