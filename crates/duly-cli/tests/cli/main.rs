//! The `duly` command end to end, each module one subject: the built binary run on a real SQLite
//! file (and a real SMTP server on 127.0.0.1 where it sends). One test binary for the crate.

// The API tests' SMTP servers and freelancer, shared rather than copied; the CLI tests use only
// part of them.
#[allow(dead_code)]
#[path = "../../../duly-api/tests/api/support/smtp.rs"]
mod smtp;
#[allow(dead_code)]
#[path = "../../../duly-api/tests/api/support/studio.rs"]
mod studio;

mod aging;
mod autopilot;
mod backup;
mod business;
mod calls;
mod chase;
mod cli;
mod concurrent_writers;
mod credit_hold;
mod evidence;
mod followups;
mod import;
mod interest;
mod kill_soak;
mod mail_no_keychain;
mod mistakes;
mod money;
mod numbering;
mod outbox;
mod overview;
mod pdf;
mod runner;
mod send_invoice;
mod settings;
mod statement;
mod today_actions;
