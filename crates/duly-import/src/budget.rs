//! What one file may cost: wall time, bytes inflated from compressed streams, and the user's
//! cancel. A hostile file is refused with the budget it hit instead of tying the app up.
//!
//! The deadline is monotonic (`Instant`), never the calendar: the crate still does not read the
//! date, and the same input gives the same result unless it runs out of time.

use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::error::ImportError;

/// Bytes all of a file's compressed streams may inflate to together: a Factur-X PDF inflates
/// to a few MB at most, so this only stops bombs (including one stream referenced many times).
pub const INFLATE_BUDGET_BYTES: usize = 64 * 1024 * 1024;

/// Time one file may take: real invoices take milliseconds even in a debug build.
pub const TIME_BUDGET: Duration = Duration::from_secs(8);

/// The limits a caller sets for one import; [`Limits::default`] is what the app uses.
#[derive(Clone, Debug)]
pub struct Limits {
    pub time: Duration,
    pub inflate_bytes: usize,
    /// Set by the user's Cancel; checked wherever the time budget is.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { time: TIME_BUDGET, inflate_bytes: INFLATE_BUDGET_BYTES, cancel: None }
    }
}

/// The running account of one file's import against its [`Limits`].
#[derive(Debug)]
pub(crate) struct Budget {
    deadline: Instant,
    time: Duration,
    inflate_limit: usize,
    inflate_left: Cell<usize>,
    cancel: Option<Arc<AtomicBool>>,
}

impl Budget {
    pub fn start(limits: &Limits) -> Budget {
        let now = Instant::now();
        Budget {
            deadline: now.checked_add(limits.time).unwrap_or(now + Duration::from_secs(86_400)),
            time: limits.time,
            inflate_limit: limits.inflate_bytes,
            inflate_left: Cell::new(limits.inflate_bytes),
            cancel: limits.cancel.clone(),
        }
    }

    /// Called in every loop whose length the file decides.
    pub fn check(&self) -> Result<(), ImportError> {
        if self.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(ImportError::Cancelled);
        }
        if Instant::now() > self.deadline {
            return Err(ImportError::TimeBudget { secs: self.time.as_secs() });
        }
        Ok(())
    }

    /// How many more bytes may be inflated; a decoder is capped at this.
    pub fn inflate_left(&self) -> usize {
        self.inflate_left.get()
    }

    pub fn inflate_limit(&self) -> usize {
        self.inflate_limit
    }

    /// Records `bytes` inflated; past the budget the file is refused.
    pub fn charge_inflate(&self, bytes: usize) -> Result<(), ImportError> {
        let left = self.inflate_left.get();
        if bytes > left {
            self.inflate_left.set(0);
            return Err(ImportError::InflateBudget { limit: self.inflate_limit });
        }
        self.inflate_left.set(left - bytes);
        Ok(())
    }
}
