/// Dovecot runs on Unix only; the mailbox test that needs it is Unix-only too.
#[cfg(unix)]
pub mod dovecot;
pub mod dump;
pub mod overdue;
pub mod smtp;
pub mod studio;
