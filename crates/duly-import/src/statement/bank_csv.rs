//! CSV exports of banks and wallets, one preset per export format, recognised by its header row
//! (the first 20 rows are searched: Romanian and Indonesian banks put the account, currency and
//! period above it). Reading reuses the invoice CSV reader's decoding (UTF-8 or Windows-125x),
//! delimiter detection, and per-file decisions on the decimal separator and day/month order.
//!
//! Presets (the banks freelancers in Romania, Indonesia and the EU use most): Wise, Revolut
//! (personal and Business), PayPal activity, ING (Netherlands), Banca Transilvania, BCA (KlikBCA
//! "mutasi rekening").

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use duly_core::Currency;
use serde::Serialize;

use super::{Lines, StatementCredit, StatementFormat, one_line};
use crate::csv::{DecimalSeparator, decode, dialect, normalise, vote};
use crate::dates::{self, DateOrder};
use crate::decimal::Decimal;
use crate::model::Issue;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BankPreset {
    Wise,
    Revolut,
    RevolutBusiness,
    Paypal,
    Ing,
    BancaTransilvania,
    Bca,
}

impl BankPreset {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wise => "csv:wise",
            Self::Revolut => "csv:revolut",
            Self::RevolutBusiness => "csv:revolut_business",
            Self::Paypal => "csv:paypal",
            Self::Ing => "csv:ing",
            Self::BancaTransilvania => "csv:banca_transilvania",
            Self::Bca => "csv:bca",
        }
    }

    /// Header cells (normalised) that together identify the export.
    fn signature(self) -> &'static [&'static str] {
        match self {
            Self::Wise => &["transferwise id", "date", "amount", "currency", "payment reference"],
            Self::Revolut => &["type", "started date", "completed date", "description", "amount", "currency", "state"],
            Self::RevolutBusiness => {
                &["date completed (utc)", "id", "type", "state", "payer", "amount", "payment currency"]
            }
            Self::Paypal => &["date", "name", "type", "status", "currency", "gross", "transaction id"],
            Self::Ing => &["datum", "naam / omschrijving", "af bij", "mededelingen"],
            Self::BancaTransilvania => &["data tranzactie", "descriere", "debit", "credit"],
            Self::Bca => &["tanggal transaksi", "keterangan", "jumlah"],
        }
    }

    /// The reading of `03/04/2024` when no date in the file tells: the order the export uses.
    fn default_date_order(self) -> DateOrder {
        if self == Self::Paypal { DateOrder::MonthFirst } else { DateOrder::DayFirst }
    }

    const ALL: [BankPreset; 7] =
        [Self::Wise, Self::RevolutBusiness, Self::Revolut, Self::Paypal, Self::Ing, Self::BancaTransilvania, Self::Bca];
}

const HEADER_SEARCH_ROWS: usize = 20;

fn norm(cell: &str) -> String {
    cell.trim()
        .trim_start_matches('\u{feff}')
        .trim_matches('"')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn rows(bytes: &[u8]) -> Result<Vec<(u64, Vec<String>)>, Issue> {
    let text = decode::decode(bytes).text;
    let delimiter = dialect::detect_delimiter(&text);
    let mut reader =
        ::csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => out.push((r.position().map_or(0, ::csv::Position::line), r.iter().map(str::to_owned).collect())),
            Err(e) => {
                let at = e.position().map_or_else(|| "file".to_owned(), |p| format!("line {}", p.line()));
                return Err(Issue::new(at, format!("not readable as CSV: {e}")));
            }
        }
    }
    Ok(out)
}

fn find_header(rows: &[(u64, Vec<String>)]) -> Option<(usize, BankPreset, HashMap<String, usize>)> {
    rows.iter().take(HEADER_SEARCH_ROWS).enumerate().find_map(|(i, (_, cells))| {
        let cols: HashMap<String, usize> = cells.iter().enumerate().map(|(c, h)| (norm(h), c)).collect();
        let preset = BankPreset::ALL.into_iter().find(|p| p.signature().iter().all(|s| cols.contains_key(*s)))?;
        Some((i, preset, cols))
    })
}

/// The preset whose header row the file has, if any.
pub fn detect(bytes: &[u8]) -> Option<BankPreset> {
    let text = decode::decode(&bytes[..bytes.len().min(16_384)]).text.into_owned();
    let head: String = text.lines().take(HEADER_SEARCH_ROWS + 1).collect::<Vec<_>>().join("\n");
    let rows = rows(head.as_bytes()).ok()?;
    find_header(&rows).map(|(_, p, _)| p)
}

/// One row's cells as the preset reads them, before dates and amounts are parsed.
#[derive(Default)]
struct Raw {
    date: String,
    amount: String,
    currency: String,
    payer: String,
    payer_account: String,
    reference: String,
    text: String,
    id: String,
}

pub fn read(bytes: &[u8], preset: BankPreset, default_currency: Option<Currency>) -> Lines {
    let mut out = Lines { format: Some(StatementFormat::Csv(preset)), ..Lines::default() };
    let all = match rows(bytes) {
        Ok(r) => r,
        Err(e) => {
            out.errors.push(e);
            return out;
        }
    };
    let Some((header_at, _, cols)) = find_header(&all) else {
        out.errors.push(Issue::new(
            "file",
            format!("no {} header row in the first {HEADER_SEARCH_ROWS} rows", preset.as_str()),
        ));
        return out;
    };
    let preamble = &all[..header_at];
    out.account =
        preamble_value(preamble, &["iban", "cod iban", "no. rekening", "no rekening", "account"]).unwrap_or_default();
    let preamble_ccy = preamble_currency(preamble).or(default_currency);
    let period_end = preamble_value(preamble, &["periode", "perioada"]).and_then(|p| {
        p.rsplit(['-', '–']).next().and_then(|d| dates::parse_flexible(d.trim(), Some(DateOrder::DayFirst)).ok())
    });
    let get = |cells: &[String], name: &str| -> String {
        cols.get(name)
            .and_then(|&c| cells.get(c))
            .map(|s| s.trim().trim_start_matches('\'').trim().to_owned())
            .unwrap_or_default()
    };
    let mut raws: Vec<(u64, Raw)> = Vec::new();
    for (line, cells) in &all[header_at + 1..] {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match row(preset, cells, &get) {
            Some(raw) => raws.push((*line, raw)),
            None => out.skipped += 1,
        }
    }
    let decimal = decide_decimal(raws.iter().map(|(_, r)| r.amount.as_str()), preset);
    let order = decide_order(raws.iter().map(|(_, r)| r.date.as_str())).unwrap_or(preset.default_date_order());
    for (line, raw) in raws {
        let here = format!("line {line}");
        let currency = if raw.currency.is_empty() {
            preamble_ccy
        } else {
            match raw.currency.parse::<Currency>() {
                Ok(c) => Some(c),
                Err(_) => {
                    out.errors.push(Issue::new(here, format!("\"{}\" is not an ISO 4217 currency code", raw.currency)));
                    continue;
                }
            }
        };
        let Some(currency) = currency else {
            out.errors.push(Issue::new(here, "the export names no currency; choose the account's currency"));
            continue;
        };
        let date = match parse_date(&raw.date, order, preset, period_end) {
            Some(d) => d,
            None => {
                out.errors.push(Issue::new(here, format!("\"{}\" is not a date", raw.date)));
                continue;
            }
        };
        let amount =
            normalise(&raw.amount, decimal).and_then(|t| Decimal::parse(&t)).and_then(|d| d.to_minor_exact(currency));
        let Some(amount) = amount else {
            out.errors.push(Issue::new(here, format!("\"{}\" is not an amount in {}", raw.amount, currency.code())));
            continue;
        };
        if amount <= 0 {
            out.skipped += 1;
            continue;
        }
        out.credits.push(StatementCredit {
            id: raw.id,
            date,
            amount_minor: amount,
            currency,
            payer: one_line(&raw.payer),
            payer_account: raw.payer_account.replace(' ', ""),
            reference: raw.reference.replace(' ', "").to_ascii_uppercase(),
            text: one_line(&raw.text),
            location: here,
        });
    }
    if out.credits.is_empty() && out.errors.is_empty() && out.skipped == 0 {
        out.errors.push(Issue::new("file", "the file has a header row but no transactions"));
    }
    out
}

/// What one data row holds if it is money in; `None` for debits, pending lines, conversions and
/// card payments.
fn row(preset: BankPreset, cells: &[String], get: &dyn Fn(&[String], &str) -> String) -> Option<Raw> {
    let g = |name: &str| get(cells, name);
    let positive = |amount: &str| !amount.trim_start().starts_with('-') && !amount.trim().is_empty();
    match preset {
        BankPreset::Wise => {
            let id = g("transferwise id");
            // BALANCE- lines are conversions between own balances, CARD- lines card payments.
            if !positive(&g("amount")) || id.starts_with("BALANCE") || id.starts_with("CARD") {
                return None;
            }
            let description = g("description");
            let payer = Some(g("payer name"))
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| between(&description, "from ", " with"));
            Some(Raw {
                date: g("date"),
                amount: g("amount"),
                currency: g("currency"),
                payer,
                text: format!("{} {description}", g("payment reference")),
                id,
                ..Raw::default()
            })
        }
        BankPreset::Revolut => {
            let kind = g("type");
            if !positive(&g("amount"))
                || !g("state").eq_ignore_ascii_case("COMPLETED")
                || !kind.eq_ignore_ascii_case("TRANSFER")
            {
                return None;
            }
            let description = g("description");
            Some(Raw {
                date: g("completed date"),
                amount: g("amount"),
                currency: g("currency"),
                payer: after_word(&description, "from "),
                text: description,
                ..Raw::default()
            })
        }
        BankPreset::RevolutBusiness => {
            let kind = g("type").to_ascii_uppercase();
            if !positive(&g("amount"))
                || !g("state").eq_ignore_ascii_case("COMPLETED")
                || !matches!(kind.as_str(), "TRANSFER" | "TOPUP")
            {
                return None;
            }
            Some(Raw {
                date: g("date completed (utc)"),
                amount: g("amount"),
                currency: g("payment currency"),
                payer: g("payer"),
                text: format!("{} {}", g("reference"), g("description")),
                id: g("id"),
                ..Raw::default()
            })
        }
        BankPreset::Paypal => {
            let kind = g("type").to_lowercase();
            let credit = if get(cells, "balance impact").is_empty() {
                positive(&g("gross"))
            } else {
                g("balance impact").eq_ignore_ascii_case("credit")
            };
            let skip = ["conversion", "hold", "withdraw", "transfer", "refund"].iter().any(|w| kind.contains(w));
            if !credit || skip || !g("status").eq_ignore_ascii_case("completed") {
                return None;
            }
            Some(Raw {
                date: g("date"),
                amount: g("gross"),
                currency: g("currency"),
                payer: g("name"),
                payer_account: g("from email address"),
                text: format!("{} {} {} {}", g("invoice number"), g("subject"), g("note"), g("item title")),
                id: g("transaction id"),
                ..Raw::default()
            })
        }
        BankPreset::Ing => {
            if !g("af bij").eq_ignore_ascii_case("bij") {
                return None;
            }
            let amount_col = cells_header_starting(get, cells, &["bedrag (eur)", "bedrag"]);
            Some(Raw {
                date: g("datum"),
                amount: amount_col,
                currency: "EUR".to_owned(),
                payer: g("naam / omschrijving"),
                payer_account: g("tegenrekening"),
                text: g("mededelingen"),
                ..Raw::default()
            })
        }
        BankPreset::BancaTransilvania => {
            let credit = g("credit");
            if credit.is_empty() || !positive(&credit) {
                return None;
            }
            let description = g("descriere");
            // "Incasare OP - canal electronic;PAYER;IBAN;text;REF. …"
            let parts: Vec<&str> = description.split(';').map(str::trim).collect();
            let (payer, account) = match parts.as_slice() {
                [_, name, iban, ..] if duly_core::is_iban(iban) => ((*name).to_owned(), (*iban).to_owned()),
                _ => (String::new(), String::new()),
            };
            Some(Raw {
                date: g("data tranzactie"),
                amount: credit,
                payer,
                payer_account: account,
                text: description,
                id: g("referinta tranzactiei"),
                ..Raw::default()
            })
        }
        BankPreset::Bca => {
            let amount = g("jumlah");
            let upper = amount.to_ascii_uppercase();
            if !upper.trim_end().ends_with("CR") || g("tanggal transaksi").eq_ignore_ascii_case("PEND") {
                return None;
            }
            Some(Raw {
                date: g("tanggal transaksi"),
                amount: upper.trim_end().trim_end_matches("CR").trim().to_owned(),
                // KlikBCA accounts are rupiah; "Kode Mata Uang : Rp" above the header says so.
                text: g("keterangan"),
                ..Raw::default()
            })
        }
    }
}

fn cells_header_starting(get: &dyn Fn(&[String], &str) -> String, cells: &[String], names: &[&str]) -> String {
    names.iter().map(|n| get(cells, n)).find(|v| !v.is_empty()).unwrap_or_default()
}

/// The text between two markers: "Received money from ACME with reference X" → "ACME".
fn between(text: &str, start: &str, end: &str) -> String {
    let lower = text.to_lowercase();
    let Some(s) = lower.find(start) else { return String::new() };
    let from = s + start.len();
    let to = lower[from..].find(end).map_or(text.len(), |e| from + e);
    text.get(from..to).unwrap_or("").trim().to_owned()
}

/// What follows a word: "Transfer from ACME LTD" → "ACME LTD".
fn after_word(text: &str, word: &str) -> String {
    let lower = text.to_lowercase();
    lower.find(word).and_then(|s| text.get(s + word.len()..)).unwrap_or("").trim().to_owned()
}

/// A labelled value above the header: "Cod IBAN:,RO49…" or "No. rekening : 123".
fn preamble_value(preamble: &[(u64, Vec<String>)], labels: &[&str]) -> Option<String> {
    for (_, cells) in preamble {
        let joined = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
        let Some((label, value)) = joined.split_once(':') else { continue };
        if labels.contains(&norm(label).as_str()) {
            let v = value.trim();
            if !v.is_empty() {
                return Some(v.to_owned());
            }
        }
    }
    None
}

fn preamble_currency(preamble: &[(u64, Vec<String>)]) -> Option<Currency> {
    let v = preamble_value(preamble, &["valuta", "moneda", "currency", "kode mata uang", "mata uang"])?;
    if v.trim().eq_ignore_ascii_case("rp") {
        return "IDR".parse().ok();
    }
    v.trim().parse().ok()
}

fn decide_decimal<'a>(amounts: impl Iterator<Item = &'a str>, preset: BankPreset) -> DecimalSeparator {
    let (mut point, mut comma) = (0, 0);
    for a in amounts {
        match vote(a) {
            Some(DecimalSeparator::Point) => point += 1,
            Some(DecimalSeparator::Comma) => comma += 1,
            None => {}
        }
    }
    match (point, comma) {
        (0, 0) if matches!(preset, BankPreset::Ing | BankPreset::BancaTransilvania) => DecimalSeparator::Comma,
        (p, c) if c > p => DecimalSeparator::Comma,
        _ => DecimalSeparator::Point,
    }
}

fn decide_order<'a>(dates_: impl Iterator<Item = &'a str>) -> Option<DateOrder> {
    for d in dates_ {
        if let Some((a, b)) = dates::leading_pair(d) {
            if a > 12 && b <= 12 {
                return Some(DateOrder::DayFirst);
            }
            if b > 12 && a <= 12 {
                return Some(DateOrder::MonthFirst);
            }
        }
    }
    None
}

fn parse_date(text: &str, order: DateOrder, preset: BankPreset, period_end: Option<NaiveDate>) -> Option<NaiveDate> {
    let t = text.trim();
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").ok();
    }
    if preset == BankPreset::Bca {
        // "05/03": the year comes from the statement period; December lines in a January
        // statement belong to the year before.
        let (d, m) = t.split_once('/')?;
        let (d, m): (u32, u32) = (d.trim().parse().ok()?, m.trim().parse().ok()?);
        let end = period_end?;
        let year = if m > end.month() { end.year() - 1 } else { end.year() };
        return NaiveDate::from_ymd_opt(year, m, d);
    }
    dates::parse_flexible(t, Some(order)).ok()
}
