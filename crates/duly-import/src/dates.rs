//! Calendar dates as files write them: ISO in e-invoices, CII's `102` form, and the many ways
//! exports and PDFs print a date.
//!
//! Day-first vs month-first is never guessed per value: `03/04/2021` is refused as ambiguous
//! unless the caller says which order the whole file uses (the CSV reader decides that once per
//! file from values whose first field is over 12, or from the user's hint).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which number comes first in `dd/mm/yyyy`-style dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Both readings are valid dates and nothing says which one is meant.
    Ambiguous,
    Invalid,
}

impl DateError {
    pub fn reason(&self) -> &'static str {
        match self {
            DateError::Ambiguous => "day and month could be either way round; choose day-first or month-first",
            DateError::Invalid => "expected a date such as 2024-03-31, 31.03.2024 or 31 March 2024",
        }
    }
}

/// `YYYY-MM-DD`, allowing the time zone or time that `xs:date`/`xs:dateTime` may carry.
///
/// The zone does not move the day: an `xs:date` of `2024-03-01+14:00` names 1 March where it
/// was written, which is the day the invoice states.
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let head = t.get(..10)?;
    let tail = &t[10..];
    let zone_or_time = match tail.as_bytes().first() {
        None => true,
        Some(b'Z') => tail.len() == 1,
        Some(b'+' | b'-') => is_zone_offset(&tail[1..]),
        Some(b'T' | b' ') => true,
        Some(_) => false,
    };
    // Without a '-' the format's literal dashes cannot match: skip chrono's parser (CSV dates
    // such as 15/03/2024 try this form first).
    if !zone_or_time || !head.contains('-') {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// `hh:mm` of an XML Schema time zone: hours 00 to 14, minutes 00 to 59.
fn is_zone_offset(t: &str) -> bool {
    let b = t.as_bytes();
    let two = |i: usize| -> Option<u32> {
        let (x, y) = (b.get(i)?, b.get(i + 1)?);
        (x.is_ascii_digit() && y.is_ascii_digit()).then(|| u32::from(x - b'0') * 10 + u32::from(y - b'0'))
    };
    matches!((b.len(), two(0), b.get(2), two(3)), (5, Some(h), Some(b':'), Some(m)) if h <= 14 && m <= 59)
}

/// CII `udt:DateTimeString` with its `format` attribute; only 102 (`YYYYMMDD`) names a day.
pub fn parse_cii(text: &str, format: Option<&str>) -> Option<NaiveDate> {
    let t = text.trim();
    match format.unwrap_or("102") {
        "102" if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) => NaiveDate::parse_from_str(t, "%Y%m%d").ok(),
        // Some producers write ISO into a 102 field; accept it rather than fail a valid invoice.
        "102" => parse_iso(t),
        _ => None,
    }
}

const MONTHS: &[(&str, u32)] = &[
    // en, de, fr, nl, ro, id, es, it: prefixes of 3+ letters are matched below.
    ("january", 1),
    ("januar", 1),
    ("janvier", 1),
    ("januari", 1),
    ("ianuarie", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("jänner", 1),
    ("february", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("februari", 2),
    ("februarie", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("march", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mars", 3),
    ("maart", 3),
    ("martie", 3),
    ("maret", 3),
    ("marzo", 3),
    ("april", 4),
    ("avril", 4),
    ("aprilie", 4),
    ("abril", 4),
    ("aprile", 4),
    ("may", 5),
    ("mai", 5),
    ("mei", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("june", 6),
    ("juni", 6),
    ("juin", 6),
    ("iunie", 6),
    ("junio", 6),
    ("giugno", 6),
    ("july", 7),
    ("juli", 7),
    ("juillet", 7),
    ("iulie", 7),
    ("julio", 7),
    ("luglio", 7),
    ("august", 8),
    ("août", 8),
    ("aout", 8),
    ("augustus", 8),
    ("agustus", 8),
    ("agosto", 8),
    ("september", 9),
    ("septembre", 9),
    ("septembrie", 9),
    ("septiembre", 9),
    ("settembre", 9),
    ("october", 10),
    ("oktober", 10),
    ("octobre", 10),
    ("octombrie", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("november", 11),
    ("novembre", 11),
    ("noiembrie", 11),
    ("nopember", 11),
    ("noviembre", 11),
    ("december", 12),
    ("dezember", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("decembrie", 12),
    ("desember", 12),
    ("diciembre", 12),
    ("dicembre", 12),
];

/// A month name or its abbreviation ("Jan", "Sept.", "Juillet", "mei").
pub fn month_from_name(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.chars().count() < 3 {
        return None;
    }
    if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| *name == w) {
        return Some(m);
    }
    // Abbreviations: a unique month among names starting with it ("jan", "sept", "okt").
    let mut found = None;
    for &(name, m) in MONTHS {
        if name.starts_with(&w) {
            match found {
                None => found = Some(m),
                Some(prev) if prev != m => return None,
                Some(_) => {}
            }
        }
    }
    found
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token<'a> {
    Num(&'a str),
    Word(&'a str),
}

/// At most this many tokens are kept: every date form has at most four, and a fifth only has to
/// make the text match none of them.
const MAX_TOKENS: usize = 5;

/// A date's tokens without a heap allocation (dates are read twice per cell of a CSV: issue 19).
struct Tokens<'a> {
    buf: [Token<'a>; MAX_TOKENS],
    len: usize,
}

impl<'a> Tokens<'a> {
    fn push(&mut self, t: Token<'a>) {
        if self.len < MAX_TOKENS {
            self.buf[self.len] = t;
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[Token<'a>] {
        &self.buf[..self.len]
    }
}

fn tokens(text: &str) -> Tokens<'_> {
    let mut out = Tokens { buf: [Token::Num(""); MAX_TOKENS], len: 0 };
    let mut start = None;
    let mut kind_num = false;
    fn flush<'t>(out: &mut Tokens<'t>, s: Option<usize>, end: usize, num: bool, text: &'t str) {
        if let Some(s) = s {
            let piece = &text[s..end];
            out.push(if num { Token::Num(piece) } else { Token::Word(piece) });
        }
    }
    for (i, c) in text.char_indices() {
        let is_num = c.is_ascii_digit();
        let is_word = c.is_alphabetic();
        if is_num || is_word {
            if start.is_some() && kind_num != is_num {
                flush(&mut out, start, i, kind_num, text);
                start = None;
            }
            if start.is_none() {
                start = Some(i);
                kind_num = is_num;
            }
        } else {
            flush(&mut out, start, i, kind_num, text);
            start = None;
        }
    }
    flush(&mut out, start, text.len(), kind_num, text);
    out
}

/// The two leading numbers of a numeric date (`31/12/2024` → (31, 12)), for deciding a file's
/// day/month order. ISO dates return `None`: their order is fixed.
pub fn leading_pair(text: &str) -> Option<(u32, u32)> {
    let toks = tokens(strip_time(text));
    match toks.as_slice() {
        [Token::Num(a), Token::Num(b), Token::Num(y)]
            if a.len() <= 2 && b.len() <= 2 && (y.len() == 4 || y.len() == 2) =>
        {
            Some((a.parse().ok()?, b.parse().ok()?))
        }
        _ => None,
    }
}

/// Drops a trailing time of day ("2021-01-28 05:14:15", "2021-01-28T07:57:37+00:00").
fn strip_time(text: &str) -> &str {
    let t = text.trim();
    if t.len() > 10 && t.as_bytes().get(10) == Some(&b'T') && parse_iso(&t[..10]).is_some() {
        return &t[..10];
    }
    match t.find(':') {
        Some(colon) => match t[..colon].rfind(char::is_whitespace) {
            Some(space) => t[..space].trim_end(),
            None => t,
        },
        None => t,
    }
}

fn year(text: &str) -> Option<i32> {
    let y: i32 = text.parse().ok()?;
    match text.len() {
        4 => Some(y),
        // Two-digit years appear in PDFs ("21.05.14"); this century is the only sane reading for
        // invoices still worth chasing.
        2 => Some(2000 + y),
        _ => None,
    }
}

/// Any date form Duly has met in exports and PDFs. `order` decides `aa/bb/yyyy`; without it an
/// ambiguous value is an error. Dotted dates (`31.12.2024`) are day-first everywhere they occur.
pub fn parse_flexible(text: &str, order: Option<DateOrder>) -> Result<NaiveDate, DateError> {
    let t = strip_time(text);
    if let Some(d) = parse_iso(t) {
        return Ok(d);
    }
    let toks = tokens(t);
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::Invalid);
    let num = |s: &str| s.parse::<u32>().map_err(|_| DateError::Invalid);
    match toks.as_slice() {
        [Token::Num(y), Token::Num(m), Token::Num(d)] if y.len() == 4 => {
            ymd(year(y).ok_or(DateError::Invalid)?, num(m)?, num(d)?)
        }
        [Token::Num(a), Token::Num(b), Token::Num(y)] if a.len() <= 2 && b.len() <= 2 => {
            let y = year(y).ok_or(DateError::Invalid)?;
            let (a, b) = (num(a)?, num(b)?);
            let dotted = t.contains('.') && !t.contains('/');
            let order = match order {
                Some(o) => o,
                None if dotted => DateOrder::DayFirst,
                None if a > 12 => DateOrder::DayFirst,
                None if b > 12 => DateOrder::MonthFirst,
                None if a == b => DateOrder::DayFirst,
                None => return Err(DateError::Ambiguous),
            };
            match order {
                DateOrder::DayFirst => ymd(y, b, a),
                DateOrder::MonthFirst => ymd(y, a, b),
            }
        }
        [Token::Word(m), Token::Num(d), Token::Num(y)] => {
            ymd(year(y).ok_or(DateError::Invalid)?, month_from_name(m).ok_or(DateError::Invalid)?, num(d)?)
        }
        [Token::Num(d), Token::Word(m), Token::Num(y)] => {
            ymd(year(y).ok_or(DateError::Invalid)?, month_from_name(m).ok_or(DateError::Invalid)?, num(d)?)
        }
        // "Monday, 3 August 2014" and the like.
        [Token::Word(w), rest @ ..] if month_from_name(w).is_none() && rest.len() == 3 => {
            let inner = &t[t.find(|c: char| c.is_ascii_digit()).unwrap_or(0)..];
            if inner.len() < t.len() { parse_flexible(inner, order) } else { Err(DateError::Invalid) }
        }
        _ => Err(DateError::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn e_invoice_forms() {
        assert_eq!(parse_iso("2019-01-25"), Some(d(2019, 1, 25)));
        assert_eq!(parse_iso("2019-01-25Z"), Some(d(2019, 1, 25)));
        assert_eq!(parse_iso("2019-01-25+01:00"), Some(d(2019, 1, 25)));
        assert_eq!(parse_iso("2019-02-30"), None);
        assert_eq!(parse_iso("2019-01-25-05:00"), Some(d(2019, 1, 25)));
        assert_eq!(parse_iso("2019-01-25+14:00"), Some(d(2019, 1, 25)));
        for bad in ["2019-01-25+garbage", "2019-01-25+15:00", "2019-01-25+01:60", "2019-01-25Zulu", "2019-01-25x"] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
        assert_eq!(parse_cii("20180305", Some("102")), Some(d(2018, 3, 5)));
        assert_eq!(parse_cii("201803", Some("610")), None);
    }

    #[test]
    fn export_and_pdf_forms() {
        let cases = [
            ("Jan 28 2021", d(2021, 1, 28)),
            ("August 3 , 2014", d(2014, 8, 3)),
            ("7. Mai 2014", d(2014, 5, 7)),
            ("02 Juillet 2015", d(2015, 7, 2)),
            ("19 april 2014", d(2014, 4, 19)),
            ("19.01.2016", d(2016, 1, 19)),
            ("21.05.14", d(2014, 5, 21)),
            ("2021-01-28 05:14:15", d(2021, 1, 28)),
            ("2021-01-28T07:57:37+00:00", d(2021, 1, 28)),
            ("20-10-2015", d(2015, 10, 20)),
            ("10/20/2019", d(2019, 10, 20)),
            ("12 Ianuarie 2024", d(2024, 1, 12)),
            ("5 Sept. 2023", d(2023, 9, 5)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_flexible(text, None), Ok(want), "{text}");
        }
    }

    #[test]
    fn ambiguous_needs_an_order() {
        assert_eq!(parse_flexible("03/04/2021", None), Err(DateError::Ambiguous));
        assert_eq!(parse_flexible("03/04/2021", Some(DateOrder::DayFirst)), Ok(d(2021, 4, 3)));
        assert_eq!(parse_flexible("03/04/2021", Some(DateOrder::MonthFirst)), Ok(d(2021, 3, 4)));
        assert_eq!(parse_flexible("31/04/2021", None), Err(DateError::Invalid));
        assert_eq!(leading_pair("13/04/2021"), Some((13, 4)));
        assert_eq!(leading_pair("2021-04-13"), None);
    }
}
