//! The background sender: a thread that reads the inbox every few minutes (`mailbox_check`, when
//! an IMAP account is saved), calls `autopilot_run` (autopilot's automatic steps, queued into the
//! outbox) and then `outbox_run` whenever a message may be due, and tells the window when
//! something happened so the Outbox page refreshes. The inbox comes first, on the same thread:
//! a client's reply pauses that client (and cancels what is queued) before the next reminder
//! can be claimed; a pass with a message due reads it first unless it was read within the last
//! minute, so a reply is never more than a minute stale when a reminder leaves.
//!
//! It has its own `Duly` handle on the same database file rather than borrowing the commands'
//! one, because `outbox_run` talks to the SMTP server (seconds, on a slow server) and the
//! window must stay usable meanwhile. The API keeps the two safe together: it commits each
//! claim before sending and each result after, and its lock file makes this handle the one
//! sender for the database (the `duly outbox run` CLI meanwhile reports itself busy).
//!
//! A pass that panics (a bug) must not end sending for the rest of the session without anyone
//! knowing: it is caught, logged, its handle dropped (the next one reopens the database, and the
//! lock's new holder turns a message left `sending` into `unsure`), and retried after a growing
//! pause. Every pass updates the [`SenderStatus`] the window shows as a banner.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use duly_api::{ApiError, ApiResult, Duly, OutboxRunReport, SenderStatus};
use tauri::{AppHandle, Emitter, Manager};

/// The event the UI listens to (`outbox-changed`), carrying the pass's [`OutboxRunReport`].
pub const EVENT: &str = "outbox-changed";

/// Raised with the new [`SenderStatus`] whenever it changes (`sender-status`).
pub const STATUS_EVENT: &str = "sender-status";

/// The sender's latest status, shared with the `sender_status` command and the tray.
#[derive(Clone, Default)]
pub struct Status(Arc<Mutex<Option<SenderStatus>>>);

impl Status {
    pub fn get(&self) -> SenderStatus {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone().unwrap_or_else(SenderStatus::ok)
    }

    /// Stores `status`; true when it differs from the last one.
    fn set(&self, status: SenderStatus) -> bool {
        let mut guard = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let changed = guard.as_ref() != Some(&status);
        *guard = Some(status);
        changed
    }
}

/// How often autopilot's pass runs without a command nudging the sender.
const AUTOPILOT_EVERY: Duration = Duration::from_secs(60);

/// How often the inbox is read while the app runs.
const MAILBOX_EVERY: Duration = Duration::from_secs(300);

/// The first read after start: soon, but after the window has painted and loaded its page.
const MAILBOX_FIRST: Duration = Duration::from_secs(20);

/// How old the last read of the inbox may be when a message is about to leave. A reply that
/// came in since must pause the client before the reminder is claimed, not up to
/// `MAILBOX_EVERY` later: so a pass with a message due reads the inbox first unless it was read
/// within this.
const MAILBOX_FRESH: Duration = Duration::from_secs(60);

/// The event raised after a poll that applied something (`mailbox-changed`), with its report.
pub const MAILBOX_EVENT: &str = "mailbox-changed";

/// Longest pause after passes that keep panicking.
const MAX_BACKOFF: Duration = Duration::from_secs(300);

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
        log::error!("Duly could not start its outbox sender: {e}");
    }
}

fn run(app: &AppHandle, wake: &Receiver<()>) {
    let status = app.state::<Status>().inner().clone();
    let mut duly: Option<Duly> = None;
    let mut last_error = String::new();
    let mut panics = 0u32;
    let mut notifier = crate::notify::Notifier::default();
    // Autopilot's pass reads every open invoice's ladder: every few minutes is enough (steps fall
    // per day), and at once after a command (turned on, resumed, a step's mode changed).
    let mut last_autopilot: Option<std::time::Instant> = None;
    let mut nudged = true;
    let started = std::time::Instant::now();
    let mut last_mailbox: Option<std::time::Instant> = None;
    // The last poll's failure, shown in the banner until a poll works.
    let mut mailbox_error: Option<ApiError> = None;
    // When the outbox's next message is due, from the last pass's report. Unknown before the
    // first pass: a message queued while Duly was closed may be due at once, so the inbox is
    // read before it leaves.
    let mut next_due: Option<DateTime<Utc>> = Some(DateTime::<Utc>::MIN_UTC);
    loop {
        if duly.is_none() {
            duly = match crate::state::open_duly() {
                Ok(d) => Some(d),
                Err(e) => {
                    complain(&mut last_error, &e.message);
                    publish(app, &status, SenderStatus::from_error(&e));
                    None
                }
            };
        }
        let mut pause = TICK;
        if let Some(handle) = duly.as_mut() {
            let autopilot = nudged || last_autopilot.is_none_or(|t| t.elapsed() >= AUTOPILOT_EVERY);
            if autopilot {
                last_autopilot = Some(std::time::Instant::now());
                nudged = false;
            }
            let sending = next_due.is_some_and(|due| due <= handle.now());
            let mailbox = mailbox_due(started.elapsed(), last_mailbox.map(|t| t.elapsed()), sending);
            if mailbox {
                last_mailbox = Some(std::time::Instant::now());
            }
            match pass(app, handle, autopilot, mailbox, &mut mailbox_error) {
                Ok((result, next)) => {
                    panics = 0;
                    match &result {
                        Ok(report) => {
                            last_error.clear();
                            if report.sent
                                + report.retrying
                                + report.failed
                                + report.unsure
                                + report.cancelled
                                + report.held
                                > 0
                            {
                                let _ = app.emit(EVENT, report);
                            }
                            // Counts only: the recipients stay out of the log file.
                            if report.failed + report.retrying + report.unsure > 0 {
                                log::warn!(
                                    "Duly's outbox sender: {} failed for good, {} to retry, {} unsure",
                                    report.failed,
                                    report.retrying,
                                    report.unsure
                                );
                            }
                            pause = until_due(report, handle.now());
                            next_due = due_at(report);
                            notifier.after_pass(app, handle, report);
                        }
                        Err(e) => complain(&mut last_error, &e.message),
                    }
                    publish(app, &status, next);
                    crate::background::after_pass(app, handle);
                }
                Err(panic) => {
                    panics += 1;
                    log::error!("Duly's outbox sender: a pass failed unexpectedly ({panic}); retrying");
                    // The handle may be mid-way through anything: start again from a fresh one.
                    duly = None;
                    publish(app, &status, SenderStatus::crashed(panic));
                    pause = backoff(panics);
                }
            }
        }
        match wake.recv_timeout(pause) {
            // A burst of commands is one nudge.
            Ok(()) => {
                nudged = true;
                while wake.try_recv().is_ok() {}
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => std::thread::sleep(pause),
        }
    }
}

/// One pass and the status it implies, with a panic anywhere in it caught and described.
fn pass(
    app: &AppHandle,
    handle: &mut Duly,
    autopilot: bool,
    mailbox: bool,
    mailbox_error: &mut Option<ApiError>,
) -> Result<(ApiResult<OutboxRunReport>, SenderStatus), String> {
    catch_unwind(AssertUnwindSafe(|| {
        if mailbox {
            *mailbox_error = read_inbox(app, handle).err();
        }
        let now = handle.now();
        // Autopilot first, on the same handle: what it queues goes through the same outbox,
        // guard and business hours as everything else. Its failure must not stop sending.
        if autopilot {
            // Recurring invoices due today are issued (and their automatic sends queued) first.
            if let Err(e) = handle.recurring_run() {
                eprintln!("Duly's recurring invoices: {}", e.message);
            }
            match handle.autopilot_run(now) {
                Ok(report) => report.problems.iter().for_each(|p| log::error!("Duly's autopilot: {p}")),
                Err(e) => log::error!("Duly's autopilot: {}", e.message),
            }
        }
        let result = handle.outbox_run(now);
        let mut status = handle.sender_status_after(&result).unwrap_or_else(|e| SenderStatus::from_error(&e));
        if let (true, Some(e)) = (status == SenderStatus::ok(), mailbox_error.as_ref()) {
            status = SenderStatus::mailbox(e);
        }
        (result, status)
    }))
    .map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

/// Whether the inbox is read on this pass: `MAILBOX_FIRST` after start, then every
/// `MAILBOX_EVERY` since the last read (`since_last`, `None` before the first); and whenever a
/// message is due (`sending`) and the last read is older than `MAILBOX_FRESH`.
fn mailbox_due(since_start: Duration, since_last: Option<Duration>, sending: bool) -> bool {
    if sending && since_last.is_none_or(|d| d >= MAILBOX_FRESH) {
        return true;
    }
    since_last.map_or(since_start >= MAILBOX_FIRST, |d| d >= MAILBOX_EVERY)
}

/// One poll of the inbox when an account is saved; the window hears of what it applied.
fn read_inbox(app: &AppHandle, handle: &mut Duly) -> ApiResult<()> {
    if !handle.mailbox_configured()? {
        return Ok(());
    }
    let checked = handle.mailbox_check()?;
    if !checked.report.applied.is_empty() {
        let _ = app.emit(MAILBOX_EVENT, &checked);
    }
    Ok(())
}

/// Stores the status and tells the window (and the tray) when it changed.
fn publish(app: &AppHandle, status: &Status, next: SenderStatus) {
    if status.set(next.clone()) {
        let _ = app.emit(STATUS_EVENT, &next);
    }
}

/// The pause after `panics` passes in a row panicked: 5 s, 10 s, 20 s, … up to 5 minutes.
fn backoff(panics: u32) -> Duration {
    TICK.saturating_mul(1u32 << panics.saturating_sub(1).min(10)).min(MAX_BACKOFF)
}

/// How long to sleep: until the next queued message is due, between [`MIN_PAUSE`] and [`TICK`].
fn until_due(report: &OutboxRunReport, now: DateTime<Utc>) -> Duration {
    if report.busy {
        return TICK;
    }
    due_at(report)
        .map(|due| (due - now).to_std().unwrap_or(Duration::ZERO))
        .map_or(TICK, |wait| wait.clamp(MIN_PAUSE, TICK))
}

/// When the report says the next queued message may leave.
fn due_at(report: &OutboxRunReport) -> Option<DateTime<Utc>> {
    report.next_due.as_deref().and_then(|t| DateTime::parse_from_rfc3339(t).ok()).map(|due| due.with_timezone(&Utc))
}

/// Logs a failure (mail not set up, keychain locked) once, not every tick.
fn complain(last: &mut String, message: &str) {
    if last != message {
        log::error!("Duly's outbox sender: {message}");
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
    fn a_pass_that_panics_is_caught_and_retried_ever_more_slowly() {
        let caught = catch_unwind(|| panic!("boom")).map_err(|p| p.downcast_ref::<&str>().map(|s| (*s).to_owned()));
        assert_eq!(caught.unwrap_err().as_deref(), Some("boom"));
        assert_eq!(backoff(1), TICK);
        assert_eq!(backoff(2), TICK * 2);
        assert_eq!(backoff(3), TICK * 4);
        assert_eq!(backoff(40), MAX_BACKOFF);
    }

    #[test]
    fn the_inbox_is_read_soon_after_start_then_every_few_minutes() {
        // Not before the window has had its first seconds.
        assert!(!mailbox_due(Duration::ZERO, None, false));
        assert!(mailbox_due(MAILBOX_FIRST, None, false));
        assert!(!mailbox_due(Duration::from_secs(3600), Some(Duration::from_secs(60)), false));
        assert!(mailbox_due(Duration::from_secs(3600), Some(MAILBOX_EVERY), false));
    }

    #[test]
    fn a_message_about_to_leave_waits_for_a_fresh_read_of_the_inbox() {
        // A reply that came in two minutes ago must be seen before the reminder is claimed.
        assert!(mailbox_due(Duration::from_secs(3600), Some(Duration::from_secs(120)), true));
        // Even in the first seconds, before the timer's first read.
        assert!(mailbox_due(Duration::ZERO, None, true));
        // Read a moment ago: not again for every message of a batch.
        assert!(!mailbox_due(Duration::from_secs(3600), Some(Duration::from_secs(10)), true));
    }

    #[test]
    fn the_status_reports_a_change_once() {
        let status = Status::default();
        assert_eq!(status.get(), SenderStatus::ok());
        assert!(status.set(SenderStatus::crashed("boom")));
        assert!(!status.set(SenderStatus::crashed("boom")));
        assert!(status.set(SenderStatus::ok()));
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
