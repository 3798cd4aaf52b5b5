//! How long to wait before trying a temporarily refused message again.
//!
//! Exponential so a server that is down for an hour is not hammered every few seconds, capped so
//! a message is never parked for days, and without jitter: one desktop app sending a handful of
//! reminders cannot cause a thundering herd, and a deterministic schedule is easier to explain in
//! the UI ("next try at 14:32").

use std::time::Duration;

/// When to retry and when to give up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failed attempt; each further failure doubles it.
    pub first_delay: Duration,
    pub max_delay: Duration,
    /// Attempts in all (the first one included) before a temporary failure becomes `failed`.
    pub max_attempts: u32,
}

impl RetryPolicy {
    /// 1 min, 2, 4, ... capped at 1 h; ten attempts span about four hours, long enough to ride
    /// out a provider's outage or a laptop's lost Wi-Fi, short enough that the user hears about
    /// a reminder that did not go out on the day it was meant to.
    pub const DEFAULT: RetryPolicy =
        RetryPolicy { first_delay: Duration::from_secs(60), max_delay: Duration::from_secs(60 * 60), max_attempts: 10 };

    /// The wait after `attempt` failed attempts (1 = the first attempt just failed). `0` is read
    /// as `1` so a caller's off-by-one cannot produce a zero delay and a tight loop.
    pub fn delay(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.first_delay.checked_mul(1u32 << doublings).map_or(self.max_delay, |d| d.min(self.max_delay))
    }

    /// Whether another attempt is allowed after `attempts` have been made.
    pub fn may_retry(&self, attempts: u32) -> bool {
        attempts < self.max_attempts
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// [`RetryPolicy::DEFAULT`]'s delay after `attempt` failed attempts.
pub fn retry_delay(attempt: u32) -> Duration {
    RetryPolicy::DEFAULT.delay(attempt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_from_one_minute_then_caps_at_an_hour() {
        let minutes: Vec<u64> = (1..=9).map(|a| retry_delay(a).as_secs() / 60).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(retry_delay(0), retry_delay(1));
    }

    #[test]
    fn huge_attempt_counts_do_not_overflow() {
        for attempt in [31, 32, 33, 64, 1000, u32::MAX] {
            assert_eq!(retry_delay(attempt), Duration::from_secs(3600), "{attempt}");
        }
        let policy =
            RetryPolicy { first_delay: Duration::from_secs(u64::MAX / 2), max_delay: Duration::MAX, max_attempts: 3 };
        assert_eq!(policy.delay(40), Duration::MAX);
    }

    #[test]
    fn default_gives_up_after_ten_attempts_about_four_hours_in() {
        let policy = RetryPolicy::default();
        assert!(policy.may_retry(9));
        assert!(!policy.may_retry(10));
        let total: Duration = (1..policy.max_attempts).map(|a| policy.delay(a)).sum();
        assert_eq!(total.as_secs() / 60, 1 + 2 + 4 + 8 + 16 + 32 + 60 + 60 + 60);
    }
}
