//! Duly's mail: SMTP settings, passwords in the OS keychain, messages as MIME, a pooled SMTP
//! mailer, and the outbox's state machine.
//!
//! The crate does the sending and the deciding, not the storing: duly-store persists
//! [`OutgoingMessage`] and [`OutboxEntry`] rows, and duly-api runs the loop
//! (claim → commit → [`Mailer::send`] → record → commit). Everything except [`Mailer`] and
//! [`KeyringStore`] is pure; the clock is always a parameter, as in duly-core.
//!
//! Passwords exist only in the OS keychain and, while sending, in memory as [`Secret`]: never in
//! settings, rows, logs or error texts.

mod address;
mod connection;
mod imap_reader;
pub mod inbound;
mod mailer;
mod message;
mod outbox;
mod retry;
mod secret;
mod send_window;
mod settings;

pub use address::{AddressError, Mailbox};
pub use imap_reader::{Cursor as ImapCursor, Fetched, ImapError, ImapSettings, MAX_PER_POLL, fetch_new};
pub use mailer::{Mailer, MailerOptions, SendError};
pub use message::{Attachment, MessageError, OutgoingMessage, message_id_from, new_message_id};
pub use outbox::{
    Action, OutboxEntry, OutboxState, SentBy, TransitionError, UNDO_WINDOW, UnknownState, first_send_instant,
    first_send_instant_after,
};
pub use retry::{RetryPolicy, retry_delay};
pub use secret::{KEYCHAIN_SERVICE, KeyringStore, MemoryStore, Secret, SecretError, SecretStore, SessionPasswords};
pub use send_window::{BusinessHours, WindowError, next_send_instant, parse_time_zone};
pub use settings::{Security, SettingsError, SmtpSettings};

/// Something that delivers one message: [`Mailer`] in the app, a recording fake in the API's
/// tests of the outbox loop, which then need no SMTP server.
pub trait MessageSender {
    fn send(&self, message: &OutgoingMessage) -> Result<Delivered, SendError>;
}

impl MessageSender for Mailer {
    fn send(&self, message: &OutgoingMessage) -> Result<Delivered, SendError> {
        Mailer::send(self, message)
    }
}

/// What a server accepted: the exact bytes that went out (the `Date:` header is fixed only at
/// sending, so the outbox's JSON alone cannot rebuild them) and the server's acceptance reply.
/// Both are kept as evidence: the evidence pack's `.eml` files are these bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivered {
    pub mime: Vec<u8>,
    pub reply: String,
}
