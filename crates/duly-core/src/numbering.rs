//! Invoice and credit-note number series: `SID {YYYY}-{NNN}`, `{YYYY}/{NNNN}`, `F-{NNNNN}`.
//!
//! Tax authorities in Romania and Indonesia (and most of the EU) expect one unbroken, unique
//! series, so the series is a pattern Duly can both write and read back: reading the numbers
//! already used is how the next one is found, and how a typed number that would leave a gap is
//! told apart from one outside the series (an imported invoice keeps its own number).
//!
//! A pattern is literal text with exactly one counter `{N…}` (its width is the number of `N`s,
//! zero-padded, never cut when it grows past it) and at most one year `{YYYY}` or `{YY}`.

use std::fmt;

use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PatternError {
    #[error("the pattern needs a counter such as {{NNNN}}")]
    NoCounter,
    #[error("the pattern has more than one counter")]
    TwoCounters,
    #[error("the pattern has more than one year")]
    TwoYears,
    #[error("unknown placeholder {{{0}}}: use {{YYYY}}, {{YY}} or {{NNNN}}")]
    UnknownPlaceholder(String),
    #[error("a counter is 1 to 9 digits wide")]
    Width,
    #[error("the counter must not follow the year or another number directly: put a separator between them")]
    Ambiguous,
    #[error("a yearly reset needs the year in the pattern, or numbers would repeat")]
    ResetWithoutYear,
    #[error("the pattern is empty")]
    Empty,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    Year { digits: u8 },
    Counter { width: u8 },
}

/// A parsed numbering pattern and whether its counter starts again at 1 each year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberPattern {
    parts: Vec<Part>,
    reset_yearly: bool,
}

/// A number read back through its pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedNumber {
    /// The full year, when the pattern has one (`{YY}` reads as 20YY).
    pub year: Option<i32>,
    pub counter: u64,
}

impl NumberPattern {
    pub fn new(pattern: &str, reset_yearly: bool) -> Result<Self, PatternError> {
        if pattern.trim().is_empty() {
            return Err(PatternError::Empty);
        }
        let mut parts = Vec::new();
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_owned()));
            }
            let close = rest[open..]
                .find('}')
                .map(|c| open + c)
                .ok_or_else(|| PatternError::UnknownPlaceholder(rest[open + 1..].to_owned()))?;
            let token = &rest[open + 1..close];
            parts.push(match token {
                "YYYY" => Part::Year { digits: 4 },
                "YY" => Part::Year { digits: 2 },
                t if !t.is_empty() && t.chars().all(|c| c == 'N') => {
                    Part::Counter { width: u8::try_from(t.len()).ok().filter(|w| *w <= 9).ok_or(PatternError::Width)? }
                }
                t => return Err(PatternError::UnknownPlaceholder(t.to_owned())),
            });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        let counters = parts.iter().filter(|p| matches!(p, Part::Counter { .. })).count();
        let years = parts.iter().filter(|p| matches!(p, Part::Year { .. })).count();
        match (counters, years) {
            (0, _) => return Err(PatternError::NoCounter),
            (2.., _) => return Err(PatternError::TwoCounters),
            (_, 2..) => return Err(PatternError::TwoYears),
            _ => {}
        }
        // The counter has no fixed width, so digits right beside it could belong to either.
        let digit_edge = |p: Option<&Part>, at_end: bool| match p {
            Some(Part::Year { .. }) => true,
            Some(Part::Text(t)) => {
                if at_end {
                    t.ends_with(|c: char| c.is_ascii_digit())
                } else {
                    t.starts_with(|c: char| c.is_ascii_digit())
                }
            }
            _ => false,
        };
        let at = parts.iter().position(|p| matches!(p, Part::Counter { .. })).unwrap_or_default();
        if digit_edge(at.checked_sub(1).and_then(|i| parts.get(i)), true) || digit_edge(parts.get(at + 1), false) {
            return Err(PatternError::Ambiguous);
        }
        if reset_yearly && years == 0 {
            return Err(PatternError::ResetWithoutYear);
        }
        Ok(Self { parts, reset_yearly })
    }

    pub fn reset_yearly(&self) -> bool {
        self.reset_yearly
    }

    pub fn has_year(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Year { .. }))
    }

    /// The number for `counter` in `year`.
    pub fn format(&self, year: i32, counter: u64) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Year { digits: 4 } => out.push_str(&format!("{year:04}")),
                Part::Year { .. } => out.push_str(&format!("{:02}", year.rem_euclid(100))),
                Part::Counter { width } => out.push_str(&format!("{counter:0width$}", width = usize::from(*width))),
            }
        }
        out
    }

    /// Reads `number` back, or `None` when it is not in this series. A counter shorter than the
    /// width (`F-42` for `F-{NNNNN}`) is not the series' spelling, so it is not in it.
    pub fn parse(&self, number: &str) -> Option<ParsedNumber> {
        let mut rest = number.trim();
        let mut year = None;
        let mut counter = None;
        for part in &self.parts {
            match part {
                Part::Text(t) => rest = rest.strip_prefix(t.as_str())?,
                Part::Year { digits } => {
                    let n = usize::from(*digits);
                    let digits_str = rest.get(..n).filter(|s| s.bytes().all(|b| b.is_ascii_digit()))?;
                    let y: i32 = digits_str.parse().ok()?;
                    year = Some(if n == 2 { 2000 + y } else { y });
                    rest = &rest[n..];
                }
                Part::Counter { width } => {
                    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
                    if len < usize::from(*width) || len > 19 {
                        return None;
                    }
                    counter = Some(rest[..len].parse().ok()?);
                    rest = &rest[len..];
                }
            }
        }
        rest.is_empty().then_some(ParsedNumber { year, counter: counter? })
    }

    /// The counter that follows the highest one among `used` in `year`'s run of the series
    /// (every year's when the counter never resets), and at least `floor` (the next counter
    /// the user set, e.g. when coming from another tool at 42).
    pub fn next_counter<'a>(&self, used: impl IntoIterator<Item = &'a str>, year: i32, floor: u64) -> u64 {
        let highest = used
            .into_iter()
            .filter_map(|n| self.parse(n))
            .filter(|p| !self.reset_yearly || p.year == Some(year))
            .map(|p| p.counter)
            .max()
            .unwrap_or(0);
        highest.saturating_add(1).max(floor).max(1)
    }

    /// The next number in `year`, after `used` and at least `floor`.
    pub fn next<'a>(&self, used: impl IntoIterator<Item = &'a str>, year: i32, floor: u64) -> String {
        self.format(year, self.next_counter(used, year, floor))
    }
}

impl fmt::Display for NumberPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::Text(t) => f.write_str(t)?,
                Part::Year { digits: 4 } => f.write_str("{YYYY}")?,
                Part::Year { .. } => f.write_str("{YY}")?,
                Part::Counter { width } => write!(f, "{{{}}}", "N".repeat(usize::from(*width)))?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str, reset: bool) -> NumberPattern {
        NumberPattern::new(s, reset).unwrap()
    }

    #[test]
    fn formats_the_issue_examples() {
        assert_eq!(p("SID {YYYY}-{NNN}", true).format(2026, 11), "SID 2026-011");
        assert_eq!(p("{YYYY}/{NNNN}", true).format(2026, 42), "2026/0042");
        assert_eq!(p("F-{NNNNN}", false).format(2026, 42), "F-00042");
        assert_eq!(p("F{YY}-{NN}", true).format(2026, 7), "F26-07");
        assert_eq!(p("F-{NN}", false).format(2026, 123), "F-123", "a counter past its width grows, never cut");
    }

    #[test]
    fn parses_back_only_numbers_in_the_series() {
        let sid = p("SID {YYYY}-{NNN}", true);
        assert_eq!(sid.parse("SID 2026-011"), Some(ParsedNumber { year: Some(2026), counter: 11 }));
        assert_eq!(sid.parse("SID 2026-1000"), Some(ParsedNumber { year: Some(2026), counter: 1000 }));
        assert_eq!(sid.parse("SID 2026-11"), None);
        assert_eq!(sid.parse("SID 26-011"), None);
        assert_eq!(sid.parse("INV-2026-0001"), None);
        assert_eq!(sid.parse("SID 2026-011a"), None);
        assert_eq!(p("F-{NNNNN}", false).parse("F-00042"), Some(ParsedNumber { year: None, counter: 42 }));
    }

    #[test]
    fn next_follows_the_highest_and_the_floor() {
        let f = p("F-{NNNNN}", false);
        assert_eq!(f.next([], 2026, 0), "F-00001");
        assert_eq!(f.next(["F-00041", "F-00007", "X-9"], 2026, 0), "F-00042");
        assert_eq!(f.next(["F-00041"], 2026, 100), "F-00100", "the user moved the counter on");
        assert_eq!(f.next(["F-00041"], 2027, 0), "F-00042", "no reset: the year does not matter");
    }

    #[test]
    fn a_year_change_restarts_the_counter_with_a_pinned_date() {
        let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let yesterday = today.pred_opt().unwrap();
        use chrono::Datelike;
        let sid = p("SID {YYYY}-{NNN}", true);
        let used = ["SID 2026-010", "SID 2026-011"];
        assert_eq!(sid.next(used, yesterday.year(), 0), "SID 2026-012");
        assert_eq!(sid.next(used, today.year(), 0), "SID 2027-001");
        let running = p("{YYYY}/{NNNN}", false);
        assert_eq!(running.next(["2026/0042"], today.year(), 0), "2027/0043", "no reset: the counter runs on");
    }

    #[test]
    fn refuses_patterns_that_could_not_be_read_back() {
        assert_eq!(NumberPattern::new("INV-{YYYY}", false), Err(PatternError::NoCounter));
        assert_eq!(NumberPattern::new("{NN}-{NN}", false), Err(PatternError::TwoCounters));
        assert_eq!(NumberPattern::new("{YYYY}{NNNN}", true), Err(PatternError::Ambiguous));
        assert_eq!(NumberPattern::new("A1{NNN}", false), Err(PatternError::Ambiguous));
        assert_eq!(NumberPattern::new("F-{NNN}", true), Err(PatternError::ResetWithoutYear));
        assert_eq!(NumberPattern::new("F-{X}", false), Err(PatternError::UnknownPlaceholder("X".into())));
        assert_eq!(NumberPattern::new("F-{NNNNNNNNNN}", false), Err(PatternError::Width));
        assert_eq!(p("SID {YYYY}-{NNN}", true).to_string(), "SID {YYYY}-{NNN}");
    }
}
