//! SWIFT MT940 customer statements: a small reader of the fields Duly needs (`:25:` account,
//! `:60F:` currency, `:61:` statement line, `:86:` its details), written here rather than taken
//! from the strict `mt940` crate because banks bend the format (Romanian and Dutch exports wrap
//! `:86:` freely) and that crate brings a CLI parser and a decimal library into the importer.
//!
//! `:86:` is read in the two structured forms that carry a payer name (German-style `?20`–`?33`
//! subfields, and the SEPA `/NAME/…/REMI/…` keywords); otherwise it is all remittance text.

use chrono::NaiveDate;
use duly_core::Currency;

use super::{Lines, StatementCredit, StatementFormat, one_line};
use crate::decimal::Decimal;
use crate::model::Issue;

/// An MT940 starts with a `:20:` transaction reference, possibly after SWIFT header blocks.
pub fn looks_like(head: &str) -> bool {
    let body = head.trim_start_matches('\u{feff}').trim_start();
    let body =
        if body.starts_with("{1:") { body.find("{4:").map_or("", |i| &body[i + 3..]).trim_start() } else { body };
    body.starts_with(":20:") || (body.contains("\n:20:") && body.contains(":61:"))
}

/// One tag and its value (continuation lines joined by newlines), with its first line number.
struct Field<'a> {
    tag: &'a str,
    value: String,
    line: usize,
}

pub fn read(bytes: &[u8]) -> Lines {
    let text = crate::csv::decode::decode(bytes).text;
    let mut out = Lines { format: Some(StatementFormat::Mt940), ..Lines::default() };
    let fields = fields(&text);
    let mut currency: Option<Currency> = None;
    let mut pending: Option<StatementCredit> = None;
    for f in &fields {
        match f.tag {
            "25" if out.account.is_empty() => out.account = f.value.trim().replace(' ', ""),
            "60F" | "60M" => {
                let code = f.value.trim().get(7..10).unwrap_or("");
                match code.parse::<Currency>() {
                    Ok(c) => currency = Some(c),
                    Err(_) => out.errors.push(Issue::new(
                        format!("line {}", f.line),
                        format!("\"{code}\" in :{}: is not an ISO 4217 currency code", f.tag),
                    )),
                }
            }
            "61" => {
                out.credits.extend(pending.take());
                let Some(ccy) = currency else {
                    out.errors.push(Issue::new(
                        format!("line {}", f.line),
                        ":61: before any :60F: opening balance, so its currency is unknown",
                    ));
                    continue;
                };
                match statement_line(&f.value, ccy, f.line) {
                    Ok(Some(c)) => pending = Some(c),
                    Ok(None) => out.skipped += 1,
                    Err(message) => out.errors.push(Issue::new(format!("line {}", f.line), message)),
                }
            }
            "86" => {
                if let Some(c) = pending.as_mut() {
                    let (payer, account, remittance) = details(&f.value);
                    c.payer = payer;
                    c.payer_account = account;
                    c.text = one_line(&[c.text.as_str(), remittance.as_str()].join(" "));
                }
            }
            _ => {}
        }
    }
    out.credits.extend(pending);
    if fields.iter().all(|f| f.tag != "61") && out.errors.is_empty() {
        out.errors.push(Issue::new("file", "no :61: statement lines"));
    }
    out
}

fn fields(text: &str) -> Vec<Field<'_>> {
    let mut out: Vec<Field<'_>> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let tag = line.strip_prefix(':').and_then(|rest| {
            let end = rest.find(':')?;
            let tag = &rest[..end];
            let ok = (2..=3).contains(&tag.len()) && tag.chars().take(2).all(|c| c.is_ascii_digit());
            ok.then_some((tag, &rest[end + 1..]))
        });
        match tag {
            Some((tag, value)) => out.push(Field { tag, value: value.to_owned(), line: n + 1 }),
            // Block ends ("-}") and headers are not values.
            None if line.starts_with('-') || line.starts_with('{') => {}
            None => {
                if let Some(last) = out.last_mut() {
                    last.value.push('\n');
                    last.value.push_str(line);
                }
            }
        }
    }
    out
}

/// `:61:` as `YYMMDD[MMDD](C|D|RC|RD)[funds code]amount N|F|S type reference[//bank reference]`
/// and an optional second line of supplementary details. `None` for a debit or a reversal.
fn statement_line(value: &str, currency: Currency, line: usize) -> Result<Option<StatementCredit>, String> {
    let (first, supplementary) = value.split_once('\n').unwrap_or((value, ""));
    let b = first.as_bytes();
    let bad = |what: &str| format!(":61: \"{first}\": {what}");
    if b.len() < 6 || !b[..6].iter().all(u8::is_ascii_digit) {
        return Err(bad("expected a value date YYMMDD first"));
    }
    let date = NaiveDate::parse_from_str(&format!("20{}", &first[..6]), "%Y%m%d")
        .map_err(|_| bad("the value date is not a date"))?;
    let mut i = 6;
    if b.len() >= i + 4 && b[i..i + 4].iter().all(u8::is_ascii_digit) {
        i += 4;
    }
    let mark_len = if first[i..].starts_with("RC")
        || first[i..].starts_with("RD")
        || first[i..].starts_with("EC")
        || first[i..].starts_with("ED")
    {
        2
    } else {
        1
    };
    let mark = first.get(i..i + mark_len).ok_or_else(|| bad("no debit/credit mark"))?;
    i += mark_len;
    match mark {
        "C" | "EC" => {}
        "D" | "ED" | "RC" | "RD" => return Ok(None),
        _ => return Err(bad("the debit/credit mark must be C, D, RC or RD")),
    }
    if b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1; // funds code
    }
    let amount_end = first[i..].find(|c: char| !(c.is_ascii_digit() || c == ',')).map_or(first.len(), |e| i + e);
    let raw = &first[i..amount_end];
    let amount = Decimal::parse(&raw.replace(',', "."))
        .and_then(|d| d.to_minor_exact(currency))
        .filter(|v| *v > 0)
        .ok_or_else(|| bad(&format!("\"{raw}\" is not an amount in {}", currency.code())))?;
    // The transaction type: N, F or S and a three-letter code.
    let rest = first.get(amount_end + 4..).unwrap_or("");
    let (customer_ref, bank_ref) = rest.split_once("//").unwrap_or((rest, ""));
    let customer_ref = customer_ref.trim();
    let text = if customer_ref.eq_ignore_ascii_case("NONREF") { String::new() } else { customer_ref.to_owned() };
    Ok(Some(StatementCredit {
        id: bank_ref.trim().to_owned(),
        date,
        amount_minor: amount,
        currency,
        payer: String::new(),
        payer_account: String::new(),
        reference: String::new(),
        text: one_line(&format!("{text} {supplementary}")),
        location: format!("line {line}"),
    }))
}

/// Payer name, payer account and remittance text from a `:86:` value.
fn details(value: &str) -> (String, String, String) {
    let flat: String = value.lines().collect::<Vec<_>>().join("");
    if flat.contains("?20") || flat.contains("?32") {
        return subfields(&flat);
    }
    if ["/NAME/", "/REMI/", "/CNTP/", "/ORDP/"].iter().any(|k| flat.contains(k)) {
        return keywords(&flat);
    }
    (String::new(), String::new(), one_line(&value.replace('\n', " ")))
}

/// German-style `?NN` subfields: 20–29 and 60–63 remittance, 32–33 name, 31/38 account.
fn subfields(flat: &str) -> (String, String, String) {
    let (mut name, mut account, mut text) = (String::new(), String::new(), Vec::new());
    for part in flat.split('?').skip(1) {
        let (code, v) = (part.get(..2).unwrap_or(""), part.get(2..).unwrap_or(""));
        match code {
            "20" | "21" | "22" | "23" | "24" | "25" | "26" | "27" | "28" | "29" | "60" | "61" | "62" | "63" => {
                text.push(v)
            }
            "32" | "33" => name.push_str(v),
            "31" | "38" if !v.is_empty() => account = v.to_owned(),
            _ => {}
        }
    }
    (one_line(&name), account, one_line(&text.join("")))
}

/// SEPA keywords as Dutch and Belgian banks write them: `/CNTP/account/bic/name/city/`,
/// `/NAME/…/`, `/REMI/USTD//text/` or `/REMI/STRD/CUR/reference/`.
fn keywords(flat: &str) -> (String, String, String) {
    const KEYS: &[&str] = &[
        "EREF", "CNTP", "NAME", "REMI", "ORDP", "BENM", "ISDT", "MARF", "CSID", "BUSP", "PURP", "ULTC", "ULTD", "RTRN",
        "ADDR", "IREF", "TRCD", "ID",
    ];
    let value_of = |key: &str| -> Option<&str> {
        let start = flat.find(&format!("/{key}/"))? + key.len() + 2;
        let rest = &flat[start..];
        let end = KEYS.iter().filter_map(|k| rest.find(&format!("/{k}/"))).min().unwrap_or(rest.len());
        Some(rest[..end].trim_end_matches('/'))
    };
    let mut name = value_of("NAME").unwrap_or("").to_owned();
    let mut account = String::new();
    if let Some(cntp) = value_of("CNTP") {
        let parts: Vec<&str> = cntp.split('/').collect();
        account = parts.first().copied().unwrap_or("").to_owned();
        if name.is_empty() {
            name = parts.get(2).copied().unwrap_or("").to_owned();
        }
    }
    if name.is_empty() {
        name = value_of("ORDP")
            .map(|o| o.trim_start_matches('/').split('/').next().unwrap_or("").to_owned())
            .unwrap_or_default();
    }
    let remi = value_of("REMI").unwrap_or("");
    let remi = remi
        .strip_prefix("USTD//")
        .or_else(|| remi.strip_prefix("STRD/CUR/"))
        .or_else(|| remi.strip_prefix("STRD/ISO/"))
        .unwrap_or(remi);
    (one_line(&name), account, one_line(remi))
}
