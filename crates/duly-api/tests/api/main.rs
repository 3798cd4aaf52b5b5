//! The use cases of duly-api against real SQLite files, real SMTP servers on 127.0.0.1 and real
//! PDFs, one module per subject, and the checks that keep the crate honest (architecture,
//! bindings). One test binary for the crate: each binary links the whole stack again.

mod support;

mod aging;
mod architecture;
mod autopilot;
mod background;
mod backup;
mod bindings;
mod business_hours;
mod calls;
mod catch_up;
mod claims;
mod combined_reminder;
mod credit_hold;
mod demo;
mod deposits;
mod documents;
mod escalation;
mod escalation_draft;
mod evidence;
mod followups;
mod foreign_names;
mod import;
mod instalment_reminders;
mod interest;
mod law_letters;
mod limits;
mod mailbox;
mod mailbox_resume;
mod mailbox_tls;
mod mistakes;
mod no_keychain;
mod notices;
mod numbering;
mod outbox;
mod outbox_safety;
mod payment_thanks;
mod plan_pdf;
mod recurring;
mod restore_outbox;
mod review;
mod send_invoice;
mod statement_email;
mod statements;
mod use_cases;
