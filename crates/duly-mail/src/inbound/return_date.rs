//! The day someone says they are back, read from an out-of-office text: "back on 12 December",
//! "kembali 12 Desember", "revin pe 12 decembrie", "ab 12. Dezember wieder im Büro", "de retour
//! le 12 décembre", "terug op 12 december", or numerically (12.12., 12/12/2026, 2026-12-12).
//!
//! Only a date near a word meaning "back" counts, so the dates an out-of-office names for
//! something else ("since 1 December") are not taken for the return. A date written without a
//! year is the next such day on or after the message's own day.

use chrono::{Datelike, NaiveDate};

/// How far before and after a "back" word its date may be, in bytes of the lower-cased text.
const BEFORE: usize = 40;
const AFTER: usize = 60;

/// Words meaning "back" / "return" in en, id, ro, de, fr, nl (lower case).
const BACK: &[&str] = &[
    "back",
    "return",
    "returning",
    "returns",
    "kembali",
    "revin",
    "revenim",
    "întorc",
    "intorc",
    "înapoi",
    "inapoi",
    "zurück",
    "wieder",
    "retour",
    "reviens",
    "rentre",
    "terug",
    "weer",
];

/// Month names and the usual abbreviations in those languages, lower case.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("januari", 1),
    ("ianuarie", 1),
    ("januar", 1),
    ("janvier", 1),
    ("janv", 1),
    ("february", 2),
    ("feb", 2),
    ("februari", 2),
    ("februarie", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("march", 3),
    ("mar", 3),
    ("maret", 3),
    ("martie", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mars", 3),
    ("maart", 3),
    ("april", 4),
    ("apr", 4),
    ("aprilie", 4),
    ("avril", 4),
    ("may", 5),
    ("mei", 5),
    ("mai", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("iunie", 6),
    ("juin", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("iulie", 7),
    ("juillet", 7),
    ("august", 8),
    ("aug", 8),
    ("agustus", 8),
    ("août", 8),
    ("aout", 8),
    ("augustus", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembrie", 9),
    ("septembre", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("octombrie", 10),
    ("octobre", 10),
    ("okt", 10),
    ("november", 11),
    ("nov", 11),
    ("noiembrie", 11),
    ("novembre", 11),
    ("december", 12),
    ("dec", 12),
    ("desember", 12),
    ("decembrie", 12),
    ("dezember", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("dez", 12),
    ("des", 12),
];

/// The return date written in `text`, counted from `received` (the message's day).
pub fn return_date(text: &str, received: NaiveDate) -> Option<NaiveDate> {
    let lower = text.to_lowercase();
    let words = tokens(&lower);
    let dates = dates(&lower, &words, received);
    for w in words.iter().filter(|w| BACK.contains(&w.text)) {
        let from = w.start.saturating_sub(BEFORE);
        let to = w.end + AFTER;
        // The nearest date after the word first ("back on 12 Dec"), else one just before it
        // ("ab 12. Dezember wieder").
        let after = dates.iter().find(|d| d.start >= w.end && d.start <= to);
        let before = dates.iter().rev().find(|d| d.end <= w.start && d.start >= from);
        if let Some(d) = after.or(before) {
            return Some(d.day);
        }
    }
    None
}

#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

#[derive(Debug)]
struct Found {
    start: usize,
    end: usize,
    day: NaiveDate,
}

/// Runs of letters or digits, with their byte positions.
fn tokens(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word { text: &text[s..i], start: s, end: i });
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn month(word: &str) -> Option<u32> {
    MONTHS.iter().find(|(name, _)| *name == word).map(|&(_, m)| m)
}

/// A day of the month, allowing an ordinal ending (12th, 1st, 1er).
fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = &word[digits.len()..];
    if !["", "st", "nd", "rd", "th", "er"].contains(&suffix) || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())).then(|| word.parse().ok()).flatten()
}

/// Every date written in the text.
fn dates(text: &str, w: &[Word<'_>], received: NaiveDate) -> Vec<Found> {
    let gap = |i: usize| text[w[i].end..w[i + 1].start].trim();
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let found = iso(w, i, &gap).or_else(|| day_first(w, i, &gap)).or_else(|| month_first(w, i, &gap));
        match found.and_then(|(used, d, m, y)| Some((used, resolve(d, m, y, received)?))) {
            Some((used, day)) => {
                out.push(Found { start: w[i].start, end: w[i + used - 1].end, day });
                i += used;
            }
            None => i += 1,
        }
    }
    out
}

/// A date found at word `i`: (words used, day, month, year).
type Parsed = (usize, u32, u32, Option<i32>);

/// 2026-12-12
fn iso<'t>(w: &[Word<'t>], i: usize, gap: &impl Fn(usize) -> &'t str) -> Option<Parsed> {
    let (y, m, d) = (year(w[i].text)?, w.get(i + 1)?, w.get(i + 2)?);
    if gap(i) == "-" && gap(i + 1) == "-" {
        return Some((3, day_number(d.text)?, m.text.parse().ok()?, Some(y)));
    }
    None
}

/// 12 December [2026], 12. Dezember, 12.12.[2026], 12/12/2026 (day first, as in every language
/// here).
fn day_first<'t>(w: &[Word<'t>], i: usize, gap: &impl Fn(usize) -> &'t str) -> Option<Parsed> {
    let d = day_number(w[i].text)?;
    let m_word = w.get(i + 1)?;
    let sep = gap(i);
    if let Some(m) = month(m_word.text).filter(|_| sep.is_empty() || sep == "." || sep == "-") {
        let y = w.get(i + 2).filter(|_| matches!(gap(i + 1), "" | "," | "-")).and_then(|t| year(t.text));
        return Some((if y.is_some() { 3 } else { 2 }, d, m, y));
    }
    if (sep == "." || sep == "/") && m_word.text.len() <= 2 {
        let m = m_word.text.parse().ok()?;
        let y = w.get(i + 2).filter(|_| gap(i + 1) == sep).and_then(|t| year(t.text));
        return Some((if y.is_some() { 3 } else { 2 }, d, m, y));
    }
    None
}

/// December 12[, 2026]
fn month_first<'t>(w: &[Word<'t>], i: usize, gap: &impl Fn(usize) -> &'t str) -> Option<Parsed> {
    let m = month(w[i].text)?;
    let d = day_number(w.get(i + 1)?.text).filter(|_| gap(i).is_empty())?;
    let y = w.get(i + 2).filter(|_| matches!(gap(i + 1), "" | ",")).and_then(|t| year(t.text));
    Some((if y.is_some() { 3 } else { 2 }, d, m, y))
}

/// The date itself; without a year, the first such day on or after `received`.
fn resolve(d: u32, m: u32, y: Option<i32>, received: NaiveDate) -> Option<NaiveDate> {
    if let Some(y) = y {
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    let this_year = NaiveDate::from_ymd_opt(received.year(), m, d);
    match this_year {
        Some(day) if day >= received => Some(day),
        _ => NaiveDate::from_ymd_opt(received.year() + 1, m, d),
    }
}
