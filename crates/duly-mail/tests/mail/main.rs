//! duly-mail against real SMTP servers on 127.0.0.1 and the real OS keychain: one test binary for the crate, one module per subject.

mod support;

mod keychain;
mod smtp;
mod tls;
