//! When a message to a client may go out: during the client's business hours, in the client's
//! time zone.
//!
//! A reminder that lands at 03:00 sits under a night of newsletters, and one that lands on a
//! Saturday looks like pressure; the playbook asks for messages and calls in the client's working
//! day. The instant is always a parameter (no clock here) so the rule is testable for any date.

use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Days of the week and a daily `[start, end)` window in the client's local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "HoursSpec", into = "HoursSpec")]
pub struct BusinessHours {
    /// Indexed by `Weekday::num_days_from_monday`.
    days: [bool; 7],
    start: NaiveTime,
    end: NaiveTime,
}

/// Business hours that cannot contain any instant, or a time zone name that is not in the IANA
/// database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    #[error("business hours: choose at least one day")]
    NoDays,
    #[error("business hours: the end ({end}) must come after the start ({start}) on the same day")]
    EmptyRange { start: String, end: String },
    #[error("business hours: \"{0}\" is not a time of day (HH:MM)")]
    BadTime(String),
    #[error("time zone: \"{0}\" is not a known time zone (e.g. Europe/Bucharest, Asia/Jakarta)")]
    UnknownTimeZone(String),
}

impl BusinessHours {
    pub fn new(days: impl IntoIterator<Item = Weekday>, start: NaiveTime, end: NaiveTime) -> Result<Self, WindowError> {
        let mut set = [false; 7];
        for day in days {
            set[day.num_days_from_monday() as usize] = true;
        }
        if !set.contains(&true) {
            return Err(WindowError::NoDays);
        }
        if start >= end {
            return Err(WindowError::EmptyRange {
                start: start.format("%H:%M").to_string(),
                end: end.format("%H:%M").to_string(),
            });
        }
        Ok(Self { days: set, start, end })
    }

    /// Monday to Friday, 09:00 to 17:00: the default until the user sets a client's hours.
    pub fn office_hours() -> Self {
        Self {
            days: [true, true, true, true, true, false, false],
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }

    pub fn allows(&self, day: Weekday) -> bool {
        self.days[day.num_days_from_monday() as usize]
    }

    pub fn days(&self) -> impl Iterator<Item = Weekday> + '_ {
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
            .into_iter()
            .filter(|d| self.allows(*d))
    }

    pub fn start(&self) -> NaiveTime {
        self.start
    }

    pub fn end(&self) -> NaiveTime {
        self.end
    }
}

impl Default for BusinessHours {
    fn default() -> Self {
        Self::office_hours()
    }
}

/// The stored form: `{"days": ["Mon", ...], "start": "09:00", "end": "17:00"}`.
#[derive(Serialize, Deserialize)]
struct HoursSpec {
    days: Vec<Weekday>,
    start: String,
    end: String,
}

impl TryFrom<HoursSpec> for BusinessHours {
    type Error = WindowError;

    fn try_from(spec: HoursSpec) -> Result<Self, WindowError> {
        let time = |text: &str| {
            NaiveTime::parse_from_str(text, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
                .map_err(|_| WindowError::BadTime(text.to_owned()))
        };
        BusinessHours::new(spec.days, time(&spec.start)?, time(&spec.end)?)
    }
}

impl From<BusinessHours> for HoursSpec {
    fn from(hours: BusinessHours) -> Self {
        HoursSpec {
            days: hours.days().collect(),
            start: hours.start.format("%H:%M").to_string(),
            end: hours.end.format("%H:%M").to_string(),
        }
    }
}

/// Parses an IANA name as stored on a client (`"Asia/Jakarta"`).
pub fn parse_time_zone(name: &str) -> Result<Tz, WindowError> {
    name.trim().parse().map_err(|_| WindowError::UnknownTimeZone(name.to_owned()))
}

/// The earliest instant at or after `at` that falls inside `hours` in `tz`: `at` itself when it
/// already does, otherwise the start of the next allowed day's window.
pub fn next_send_instant(at: DateTime<Utc>, tz: Tz, hours: &BusinessHours) -> DateTime<Utc> {
    let today = at.with_timezone(&tz).date_naive();
    // Eight days always reach an allowed day, since `hours` has at least one.
    for offset in 0..=7 {
        let Some(date) = today.checked_add_days(Days::new(offset)) else {
            break;
        };
        if !hours.allows(date.weekday()) {
            continue;
        }
        let start = resolve_local(tz, date.and_time(hours.start));
        let end = resolve_local(tz, date.and_time(hours.end));
        if at < end {
            return at.max(start);
        }
    }
    at
}

/// A wall-clock time in `tz` as an instant. Twice-occurring times (autumn) take the first;
/// skipped ones (spring) are read with the offset in force before the jump, landing as far past
/// it as they were into the gap (02:30 on the night clocks go 02:00 → 03:00 becomes 03:30), the
/// same rule calendars use.
fn resolve_local(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => {
            // A day earlier is safely before the transition for any real offset (−12 h … +14 h).
            let before = tz.offset_from_utc_datetime(&(local - TimeDelta::days(1))).fix().local_minus_utc();
            (local - TimeDelta::seconds(i64::from(before))).and_utc()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Timelike};

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, 0).unwrap().and_utc()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    const JAKARTA: Tz = chrono_tz::Asia::Jakarta; // UTC+7, no DST
    const NEW_YORK: Tz = chrono_tz::America::New_York;

    #[test]
    fn inside_the_window_sends_at_once() {
        let hours = BusinessHours::office_hours();
        // Wednesday 10:00 in Jakarta.
        let at = utc(2024, 5, 29, 3, 0);
        assert_eq!(next_send_instant(at, JAKARTA, &hours), at);
        // 09:00 sharp is inside, 17:00 sharp is not.
        assert_eq!(next_send_instant(utc(2024, 5, 29, 2, 0), JAKARTA, &hours), utc(2024, 5, 29, 2, 0));
        assert_eq!(next_send_instant(utc(2024, 5, 29, 10, 0), JAKARTA, &hours), utc(2024, 5, 30, 2, 0));
    }

    #[test]
    fn early_late_and_weekends_wait_for_the_next_working_morning() {
        let hours = BusinessHours::office_hours();
        // Wednesday 08:00 Jakarta -> 09:00 the same day.
        assert_eq!(next_send_instant(utc(2024, 5, 29, 1, 0), JAKARTA, &hours), utc(2024, 5, 29, 2, 0));
        // Wednesday 18:00 Jakarta -> Thursday 09:00.
        assert_eq!(next_send_instant(utc(2024, 5, 29, 11, 0), JAKARTA, &hours), utc(2024, 5, 30, 2, 0));
        // Friday 17:30 Jakarta -> Monday 09:00.
        assert_eq!(next_send_instant(utc(2024, 5, 31, 10, 30), JAKARTA, &hours), utc(2024, 6, 3, 2, 0));
        // Saturday noon and Sunday 23:59 Jakarta -> Monday 09:00.
        assert_eq!(next_send_instant(utc(2024, 6, 1, 5, 0), JAKARTA, &hours), utc(2024, 6, 3, 2, 0));
        assert_eq!(next_send_instant(utc(2024, 6, 2, 16, 59), JAKARTA, &hours), utc(2024, 6, 3, 2, 0));
        // Sunday 18:00 UTC is already Monday 01:00 in Jakarta: its own Monday, 09:00.
        assert_eq!(next_send_instant(utc(2024, 6, 2, 18, 0), JAKARTA, &hours), utc(2024, 6, 3, 2, 0));
    }

    #[test]
    fn the_local_calendar_decides_not_utc() {
        // Friday 23:00 UTC is Friday 18:00 in New York but Saturday 06:00 in Jakarta.
        let hours = BusinessHours::office_hours();
        let at = utc(2024, 6, 7, 23, 0);
        assert_eq!(next_send_instant(at, NEW_YORK, &hours), utc(2024, 6, 10, 13, 0));
        assert_eq!(next_send_instant(at, JAKARTA, &hours), utc(2024, 6, 10, 2, 0));
    }

    #[test]
    fn daylight_saving_moves_the_utc_instant_not_the_local_time() {
        let hours = BusinessHours::office_hours();
        // Friday 18:00 EST; clocks spring forward on Sunday 10 March 2024: Monday 09:00 is EDT.
        assert_eq!(next_send_instant(utc(2024, 3, 8, 23, 0), NEW_YORK, &hours), utc(2024, 3, 11, 13, 0));
        // Friday 18:00 EDT; clocks fall back on Sunday 3 November 2024: Monday 09:00 is EST.
        assert_eq!(next_send_instant(utc(2024, 11, 1, 22, 0), NEW_YORK, &hours), utc(2024, 11, 4, 14, 0));
    }

    #[test]
    fn skipped_and_repeated_wall_times() {
        let sunday = BusinessHours::new([Weekday::Sun], hm(2, 30), hm(4, 0)).unwrap();
        // 02:30 does not exist on 10 March 2024 in New York; it is read as 03:30 EDT.
        let got = next_send_instant(utc(2024, 3, 9, 12, 0), NEW_YORK, &sunday);
        assert_eq!(got, utc(2024, 3, 10, 7, 30));
        assert_eq!(got.with_timezone(&NEW_YORK).hour(), 3);
        // 01:30 happens twice on 3 November 2024; the first (EDT, UTC-4) is taken.
        let early = BusinessHours::new([Weekday::Sun], hm(1, 30), hm(4, 0)).unwrap();
        assert_eq!(next_send_instant(utc(2024, 11, 2, 12, 0), NEW_YORK, &early), utc(2024, 11, 3, 5, 30));
    }

    #[test]
    fn sweep_a_year_the_answer_is_the_earliest_allowed_instant() {
        let hours = BusinessHours::new([Weekday::Mon, Weekday::Wed, Weekday::Sat], hm(8, 30), hm(12, 15)).unwrap();
        let inside = |t: DateTime<Utc>, tz: Tz| {
            let local = t.with_timezone(&tz);
            hours.allows(local.weekday()) && local.time() >= hours.start() && local.time() < hours.end()
        };
        for tz in [JAKARTA, NEW_YORK, chrono_tz::Europe::Bucharest, chrono_tz::Australia::Lord_Howe] {
            let mut at = utc(2024, 1, 1, 0, 7);
            while at < utc(2025, 1, 1, 0, 0) {
                let next = next_send_instant(at, tz, &hours);
                assert!(next >= at && inside(next, tz), "{tz} {at} -> {next}");
                if next > at {
                    assert!(!inside(at, tz), "{tz} {at} was already inside");
                    assert!(next - at < TimeDelta::days(7), "{tz} {at} -> {next}");
                    // Nothing in between is allowed either (checked every 29 minutes; every window
                    // is longer than that).
                    let mut t = at;
                    while t < next {
                        assert!(!inside(t, tz), "{tz} {t} lies between {at} and {next}");
                        t += TimeDelta::minutes(29);
                    }
                }
                at += TimeDelta::minutes(97);
            }
        }
    }

    #[test]
    fn hours_that_allow_nothing_are_refused() {
        assert_eq!(BusinessHours::new([], hm(9, 0), hm(17, 0)), Err(WindowError::NoDays));
        let error = BusinessHours::new([Weekday::Mon], hm(17, 0), hm(9, 0)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "business hours: the end (09:00) must come after the start (17:00) on the same day"
        );
        assert!(BusinessHours::new([Weekday::Mon], hm(9, 0), hm(9, 0)).is_err());
    }

    #[test]
    fn serde_and_time_zone_names() {
        let hours = BusinessHours::office_hours();
        let json = serde_json::to_string(&hours).unwrap();
        assert_eq!(json, r#"{"days":["Mon","Tue","Wed","Thu","Fri"],"start":"09:00","end":"17:00"}"#);
        assert_eq!(serde_json::from_str::<BusinessHours>(&json).unwrap(), hours);
        let bad = serde_json::from_str::<BusinessHours>(r#"{"days":[],"start":"09:00","end":"17:00"}"#);
        assert!(bad.unwrap_err().to_string().contains("choose at least one day"));
        let bad = serde_json::from_str::<BusinessHours>(r#"{"days":["Mon"],"start":"9am","end":"17:00"}"#);
        assert!(bad.unwrap_err().to_string().contains("\"9am\" is not a time of day"));
        assert_eq!(parse_time_zone(" Asia/Jakarta "), Ok(JAKARTA));
        assert!(matches!(parse_time_zone("Mars/Olympus"), Err(WindowError::UnknownTimeZone(_))));
    }
}
