//! The background sender: a thread that calls `outbox_run` whenever a message may be due, and
//! tells the window when something happened so the Outbox page refreshes.
//!
//! It has its own `Duly` handle on the same database file rather than borrowing the commands'
//! one, because `outbox_run` talks to the SMTP server (seconds, on a slow server) and the
//! window must stay usable meanwhile. The API keeps the two safe together: it commits each
//! claim before sending and each result after, and its lock file makes this handle the one
//! sender for the database (the `duly outbox run` CLI meanwhile reports itself busy).

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use duly_api::{Duly, OutboxRunReport};
use tauri::{AppHandle, Emitter};

/// The event the UI listens to (`outbox-changed`), carrying the pass's [`OutboxRunReport`].
pub const EVENT: &str = "outbox-changed";

/// Longest sleep between passes: a retry after a 4xx waits a minute or more, and a message
/// queued by another process (the CLI) is noticed within this.
const TICK: Duration = Duration::from_secs(5);

/// Shortest sleep: a message already due again right after a pass (queued meanwhile by another
/// process) is picked up almost at once, without ever spinning on the database.
const MIN_PAUSE: Duration = Duration::from_millis(200);

/// Starts the sender thread; `wake` receives a nudge after every command.
pub fn start(app: AppHandle, wake: Receiver<()>) {
    let spawned = std::thread::Builder::new().name("duly-outbox".into()).spawn(move || run(&app, &wake));
    if let Err(e) = spawned {
        eprintln!("Duly could not start its outbox sender: {e}");
    }
}

fn run(app: &AppHandle, wake: &Receiver<()>) {
    let mut duly: Option<Duly> = None;
    let mut last_error = String::new();
    loop {
        if duly.is_none() {
            duly = crate::state::open_duly().map_err(|e| complain(&mut last_error, &e.message)).ok();
        }
        let mut pause = TICK;
        if let Some(handle) = duly.as_mut() {
            let now = handle.now();
            match handle.outbox_run(now) {
                Ok(report) => {
                    last_error.clear();
                    if report.sent + report.retrying + report.failed + report.unsure + report.cancelled + report.held > 0 {
                        let _ = app.emit(EVENT, &report);
                    }
                    pause = until_due(&report, handle.now());
                }
                Err(e) => complain(&mut last_error, &e.message),
            }
        }
        match wake.recv_timeout(pause) {
            // A burst of commands is one nudge.
            Ok(()) => while wake.try_recv().is_ok() {},
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => std::thread::sleep(pause),
        }
    }
}

/// How long to sleep: until the next queued message is due, between [`MIN_PAUSE`] and [`TICK`].
fn until_due(report: &OutboxRunReport, now: DateTime<Utc>) -> Duration {
    if report.busy {
        return TICK;
    }
    report
        .next_due
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|due| (due.with_timezone(&Utc) - now).to_std().unwrap_or(Duration::ZERO))
        .map_or(TICK, |wait| wait.clamp(MIN_PAUSE, TICK))
}

/// Logs a failure (mail not set up, keychain locked) once, not every tick.
fn complain(last: &mut String, message: &str) {
    if last != message {
        eprintln!("Duly's outbox sender: {message}");
        message.clone_into(last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(next_due: Option<String>, busy: bool) -> OutboxRunReport {
        OutboxRunReport { next_due, busy, ..OutboxRunReport::default() }
    }

    /// A fixed instant: the sender measures waits against the handle's clock, not the system's.
    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z").unwrap().with_timezone(&Utc)
    }

    fn at(offset: chrono::TimeDelta) -> Option<String> {
        Some((now() + offset).to_rfc3339())
    }

    #[test]
    fn sleeps_until_the_next_message_is_due_but_never_longer_than_a_tick() {
        assert_eq!(until_due(&report(None, false), now()), TICK);
        assert_eq!(until_due(&report(at(chrono::TimeDelta::hours(3)), false), now()), TICK);
        let soon = until_due(&report(at(chrono::TimeDelta::milliseconds(1500)), false), now());
        assert_eq!(soon, Duration::from_millis(1500));
        // Already due (queued meanwhile by another process): at once, but never a busy loop.
        assert_eq!(until_due(&report(at(chrono::TimeDelta::seconds(-30)), false), now()), MIN_PAUSE);
        // Another process sends: check back in a tick.
        assert_eq!(until_due(&report(at(chrono::TimeDelta::milliseconds(100)), true), now()), TICK);
        // Garbage from a newer Duly is not a reason to spin.
        assert_eq!(until_due(&report(Some("soon".into()), false), now()), TICK);
    }
}
