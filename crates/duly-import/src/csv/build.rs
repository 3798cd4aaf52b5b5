//! Rows to invoices: group by invoice number, read invoice-level fields from the first row of
//! each group, and lines from every row.

use chrono::NaiveDate;
use duly_core::Currency;

use super::numbers::{normalise, strip_currency};
use super::{Field, FileCx, Row};
use crate::dates::parse_flexible;
use crate::decimal::{Decimal, amount_reason};
use crate::error::ImportError;
use crate::model::{Address, DocumentKind, Line, ParsedInvoice, Party};

/// Dollar currencies: a "$" in a file of a Canadian business means CAD, not USD.
const DOLLARS: &[&str] = &["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "BSD", "JMD", "TTD", "FJD"];

/// Rows grouped by invoice number, in order of first appearance.
pub fn group<'r>(cx: &mut FileCx, rows: &'r [Row]) -> Vec<(String, Vec<&'r Row>)> {
    let mut groups: Vec<(&'r str, Vec<&Row>)> = Vec::new();
    // Keyed by the number as it stands in the row: no copy per row, one per invoice below.
    let mut index: std::collections::HashMap<&'r str, usize> = std::collections::HashMap::new();
    let column = cx.map.get(Field::Number);
    for row in rows {
        let Some(number) = row.get(column) else {
            cx.errors.push(ImportError::missing(cx.at(row, Field::Number), "invoice number"));
            continue;
        };
        let i = *index.entry(number).or_insert_with(|| {
            groups.push((number, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(row);
    }
    groups.into_iter().map(|(n, rows)| (n.to_owned(), rows)).collect()
}

pub fn build(cx: &mut FileCx, rows: &[Row]) -> Vec<ParsedInvoice> {
    let groups = group(cx, rows);
    let mut out = Vec::new();
    for (number, rows) in groups {
        if let Some(inv) = invoice(cx, number, &rows) {
            out.push(inv);
        }
    }
    out
}

fn invoice(cx: &mut FileCx, number: String, rows: &[&Row]) -> Option<ParsedInvoice> {
    let first = rows[0];
    let errors_before = cx.errors.len();
    let issue_date = cx.date(first, Field::IssueDate, true);
    let due_date = cx.date(first, Field::DueDate, false);
    let (currency, mut needs_review, mut warnings) = cx.currency(rows)?;

    let mut lines = Vec::new();
    let has_lines = [Field::LineItem, Field::LineDescription, Field::LineAmount, Field::LineUnitPrice]
        .iter()
        .any(|f| cx.map.get(*f).is_some());
    if has_lines {
        for row in rows {
            lines.push(cx.line(row, currency, &mut warnings));
        }
    }

    let total = match first.get(cx.map.get(Field::Total)) {
        Some(_) => cx.amount(first, Field::Total, currency),
        None if cx.map.get(Field::LineAmount).is_some() => {
            let sum: Option<i64> = lines.iter().map(|l| l.amount).try_fold(0i64, |acc, a| acc.checked_add(a?));
            if sum.is_none() {
                cx.errors.push(ImportError::missing(
                    cx.at(first, Field::LineAmount),
                    "line total (needed to compute the invoice total)",
                ));
            }
            sum
        }
        None => {
            let at = cx.at(first, Field::Total);
            cx.errors.push(ImportError::missing(at, "invoice total"));
            None
        }
    };
    let amount_due = if first.get(cx.map.get(Field::AmountDue)).is_some() {
        cx.amount(first, Field::AmountDue, currency)
    } else if first.get(cx.map.get(Field::AmountPaid)).is_some() {
        let paid = cx.amount(first, Field::AmountPaid, currency);
        total.zip(paid).map(|(t, p)| t - p)
    } else if first.get(cx.map.get(Field::Status)).is_some_and(|s| s.eq_ignore_ascii_case("paid")) {
        warnings.push("status is Paid and the export has no balance column: imported as fully paid".to_owned());
        Some(0)
    } else {
        total
    };

    if cx.errors.len() > errors_before {
        return None;
    }
    if rows.len() > 1 && !has_lines {
        needs_review = true;
        warnings.push(format!("{} rows share invoice number {number} but the export has no line columns", rows.len()));
    }
    Some(ParsedInvoice {
        number,
        kind: DocumentKind::Invoice,
        issue_date: issue_date?,
        due_date,
        currency,
        total: total?,
        amount_due: amount_due?,
        // The export is the user's own invoicing tool: the seller is the user, not in the file.
        seller: Party::default(),
        buyer: cx.buyer(first),
        lines,
        credited_invoice: None,
        needs_review,
        warnings,
    })
}

impl FileCx {
    pub fn date(&mut self, row: &Row, f: Field, required: bool) -> Option<NaiveDate> {
        let Some(cell) = row.get(self.map.get(f)) else {
            if required {
                self.errors.push(ImportError::missing(self.at(row, f), "date"));
            }
            return None;
        };
        match parse_flexible(cell, self.date_order) {
            Ok(d) => Some(d),
            Err(e) => {
                self.errors.push(ImportError::invalid(self.at(row, f), "date", cell, e.reason()));
                None
            }
        }
    }

    /// The invoice's currency: its column, else the symbol its amounts carry, else the caller's
    /// default (then the invoice needs review). Returns review flag and warnings to attach.
    pub fn currency(&mut self, rows: &[&Row]) -> Option<(Currency, bool, Vec<String>)> {
        let first = rows[0];
        if let Some(code) = first.get(self.map.get(Field::Currency)) {
            return match code.parse::<Currency>() {
                Ok(c) => Some((c, false, Vec::new())),
                Err(e) => {
                    self.errors.push(ImportError::invalid(
                        self.at(first, Field::Currency),
                        "currency",
                        code,
                        e.to_string(),
                    ));
                    None
                }
            };
        }
        let symbol = rows
            .iter()
            .flat_map(|r| {
                [Field::Total, Field::AmountDue, Field::AmountPaid, Field::LineAmount, Field::LineUnitPrice]
                    .map(|f| r.get(self.map.get(f)))
            })
            .flatten()
            .find_map(|cell| strip_currency(cell).0);
        match (symbol, self.default_currency) {
            (Some("$"), default) => {
                let c = default
                    .filter(|d| DOLLARS.contains(&d.code()))
                    .unwrap_or_else(|| "USD".parse().expect("USD is ISO 4217"));
                Some((c, true, vec![format!("amounts are in \"$\" only: read as {}", c.code())]))
            }
            (Some(code), _) => code.parse::<Currency>().ok().map(|c| (c, false, Vec::new())),
            (None, Some(c)) => Some((c, true, vec![format!("the export names no currency: {} assumed", c.code())])),
            (None, None) => {
                if !self.errors.iter().any(|e| matches!(e, ImportError::Csv { at, .. } if at == "file")) {
                    self.errors.push(ImportError::csv(
                        "file",
                        "the export has no currency column and amounts carry no currency sign; choose the currency",
                    ));
                }
                None
            }
        }
    }

    fn number_text(&mut self, row: &Row, f: Field) -> Option<String> {
        let cell = row.get(self.map.get(f))?;
        let (_, number) = strip_currency(cell);
        let plain = normalise(&number, self.decimal);
        if plain.is_none() {
            self.errors.push(ImportError::invalid(
                self.at(row, f),
                "amount",
                cell,
                "expected a number such as 1,234.50",
            ));
        }
        plain
    }

    /// An amount owed: exact in the currency or an error naming the cell.
    pub fn amount(&mut self, row: &Row, f: Field, currency: Currency) -> Option<i64> {
        let plain = self.number_text(row, f)?;
        let v = Decimal::parse(&plain).and_then(|d| d.to_minor_exact(currency));
        if v.is_none() {
            let cell = row.get(self.map.get(f)).unwrap_or_default().to_owned();
            self.errors.push(ImportError::invalid(self.at(row, f), "amount", &cell, amount_reason(&plain, currency)));
        }
        v
    }

    /// A line value: an amount of `currency` (within the ceiling on one amount), or a quantity
    /// in thousandths when `currency` is `None`.
    fn rounded(&mut self, row: &Row, f: Field, currency: Option<Currency>, warnings: &mut Vec<String>) -> Option<i64> {
        let plain = self.number_text(row, f)?;
        let value = Decimal::parse(&plain).and_then(|d| match currency {
            Some(c) => d.to_minor_rounded(c),
            None => d.to_scaled_rounded(3),
        });
        match value {
            Some((v, rounded)) => {
                if rounded {
                    warnings.push(format!("row {}: {} {plain} rounded", row.line, self.map.header(f)));
                }
                Some(v)
            }
            None => {
                let cell = row.get(self.map.get(f)).unwrap_or_default().to_owned();
                let reason = currency.map_or_else(|| "too large".to_owned(), |c| amount_reason(&plain, c));
                self.errors.push(ImportError::invalid(self.at(row, f), "number", &cell, reason));
                None
            }
        }
    }

    pub fn line(&mut self, row: &Row, currency: Currency, warnings: &mut Vec<String>) -> Line {
        let item = row.get(self.map.get(Field::LineItem));
        let desc = row.get(self.map.get(Field::LineDescription));
        let description = match (item, desc) {
            (Some(i), Some(d)) if i != d => format!("{i} — {d}"),
            (Some(i), _) => i.to_owned(),
            (None, Some(d)) => d.to_owned(),
            (None, None) => String::new(),
        };
        let quantity = self.rounded(row, Field::LineQuantity, None, warnings);
        let unit_price = self.rounded(row, Field::LineUnitPrice, Some(currency), warnings);
        let amount = self.rounded(row, Field::LineAmount, Some(currency), warnings);
        Line { description, quantity, unit_price, amount }
    }

    pub fn buyer(&self, row: &Row) -> Party {
        let get = |f: Field| row.get(self.map.get(f)).map(str::to_owned);
        let address = Address {
            lines: get(Field::BuyerAddress).into_iter().collect(),
            city: get(Field::BuyerCity),
            postal_code: get(Field::BuyerPostalCode),
            region: None,
            country: get(Field::BuyerCountry),
        };
        Party {
            name: get(Field::BuyerCompany).or_else(|| get(Field::BuyerName)),
            trading_name: None,
            tax_id: get(Field::BuyerTaxId),
            registration_id: None,
            email: get(Field::BuyerEmail),
            address: (!address.is_empty()).then_some(address),
        }
    }
}
