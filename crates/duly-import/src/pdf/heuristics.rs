//! Invoice values from a PDF's text by labels ("Invoice No", "Factura nr", "Nomor Faktur",
//! "Rechnungsnummer", "Facture n°", "Factuurnummer", ...) in English, Romanian, Indonesian,
//! German, French and Dutch. A guess is only a guess: every invoice read this way needs review.
//!
//! A value is looked for after its label in the same cell, then in the following cells of the
//! line, then in the cell below: the one under the label on the page, else counted from the
//! right (label rows often have an extra column on the left). A label heading a column looks
//! below first. The user's business, where the page names it, is the seller.

use chrono::NaiveDate;
use duly_core::Currency;

use crate::direction::{BusinessIdentity, normalise_name, normalise_tax_id};

#[cfg(test)]
use super::text::Cell;
use super::text::{COLUMN_GAP, Row};
use crate::csv::DecimalSeparator;
use crate::dates::{DateOrder, leading_pair, parse_flexible};
use crate::decimal::Decimal;
use crate::error::ImportError;
use crate::model::{DocumentKind, ParsedInvoice, Party};

const NUMBER_LABELS: &[&str] = &[
    "invoice number",
    "invoice no",
    "invoice nr",
    "invoice #",
    "invoice num",
    "inv no",
    "tax invoice no",
    "nomor faktur",
    "nomor invoice",
    "no. faktur",
    "no faktur",
    "no. invoice",
    "număr factură",
    "numar factura",
    "nr. factură",
    "nr. factura",
    "nr factura",
    "factura nr",
    "factura seria",
    "seria și nr",
    "seria si nr",
    "rechnungsnummer",
    "rechnungs-nr",
    "rechnungsnr",
    "rechnung nr",
    "rechnung",
    "numéro de facture",
    "n° de facture",
    "facture n°",
    "facture no",
    "facture nº",
    "facture",
    "factuurnummer",
    "factuurnr",
    "factuur nr",
    "booking id",
    "receipt no",
    "invoice",
];
const ISSUE_LABELS: &[&str] = &[
    "invoice date",
    "date of issue",
    "issue date",
    "date issued",
    "tanggal faktur",
    "tanggal invoice",
    "tgl. faktur",
    "tgl faktur",
    "data facturii",
    "data emiterii",
    "data emitere",
    "data factură",
    "rechnungsdatum",
    "date de facture",
    "date de facturation",
    "date d'émission",
    "date d’émission",
    "ausstellungsdatum",
    "factuurdatum",
    "datum",
    "tanggal",
    "date",
    "data",
];
const DUE_LABELS: &[&str] = &[
    "due date",
    "payment due",
    "date due",
    "amount due on",
    "due on",
    "pay by",
    "due by",
    "termen de plată",
    "termen de plata",
    "te betalen vóór",
    "tanggal jatuh tempo",
    "jatuh tempo",
    "batas pembayaran",
    "data scadenței",
    "data scadentei",
    "scadența",
    "scadență",
    "scadenta",
    "fälligkeitsdatum",
    "fällig am",
    "zahlungsziel",
    "zahlbar bis",
    "date limite de paiement",
    "date d'échéance",
    "date d’échéance",
    "échéance",
    "vervaldatum",
    "uiterste betaaldatum",
];
const AMOUNT_LABELS: &[&str] = &[
    "total amount due",
    "amount due",
    "balance due",
    "total due",
    "amount payable",
    "total to pay",
    "offener betrag",
    "reste à payer",
    "openstaand bedrag",
    "jumlah yang harus dibayar",
    "total de plată",
    "total de plata",
    "total plată",
    "rest de plată",
    "de plată",
    "total tagihan",
    "jumlah tagihan",
    "sisa tagihan",
    "total bayar",
    "zu zahlen",
    "zahlbetrag",
    "rechnungsbetrag",
    "gesamtbetrag",
    "brutto",
    "somme à payer",
    "montant à payer",
    "net à payer",
    "total à payer",
    "total ttc",
    "te betalen",
    "totaal te betalen",
    "grand total",
    "invoice total",
    "total factură",
    "total factura",
    "total faktur",
    "montant ttc",
    "totaal incl. btw",
    "total eur",
    "totaal",
    "total",
    "gesamt",
    "jumlah",
];
const SELLER_LABELS: &[&str] = &[
    "sold by",
    "from",
    "dari",
    "van",
    "absender",
    "émetteur",
    "vânzător",
    "vanzator",
    "vendeur",
    "seller",
    "supplier",
    "vendor",
    "furnizor",
    "penjual",
    "verkäufer",
    "lieferant",
    "fournisseur",
    "leverancier",
];
const BUYER_LABELS: &[&str] = &[
    "attn",
    "bill to",
    "billed to",
    "invoice to",
    "billing address",
    "customer name",
    "client name",
    "guest name",
    "cumpărător",
    "cumparator",
    "beneficiar",
    "ditagihkan kepada",
    "kepada",
    "rechnungsempfänger",
    "nom de l'abonné",
    "nom de l’abonné",
    "facturé à",
    "destinataire",
    "factuuradres",
    "pembeli",
    "kunde",
    "aan",
    "an",
    "customer",
    "client",
    "klant",
];
/// Last words of company names; the word that ends a seller's name in a letterhead or footer.
const LEGAL_FORMS: &[&str] = &[
    "GmbH", "AG", "KG", "UG", "e.K.", "B.V.", "BV", "N.V.", "NV", "SAS", "S.A.S.", "SA", "S.A.", "SARL", "S.R.L.",
    "SRL", "Ltd", "Ltd.", "Limited", "LLC", "Inc", "Inc.", "Corp.", "PLC", "Tbk", "S.p.A.", "SpA", "Oy", "AB", "ApS",
    "A/S", "PFA",
];

/// Where a label's value was found, which says how sure the pairing is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum From {
    /// After the label in the same cell, or in the next column of the line.
    Beside,
    /// In the line below, in a row of as many cells as the label's row (a band of labels
    /// over a band of values).
    BelowAligned,
    /// In the line below, matched by position only.
    Below,
}

struct Lines {
    /// Cells of every line, pages concatenated.
    rows: Vec<Vec<String>>,
    /// Where each cell of `rows` starts and ends across the line. Units differ by source
    /// (points from a PDF, characters from plain text) but are the same within one line and
    /// the line below it, which is all the pairing compares.
    spans: Vec<Vec<(f64, f64)>>,
}

impl Lines {
    /// From plain text: a cell's position is its character offset in the line.
    #[cfg(test)]
    #[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
    fn new(pages: &[String]) -> Self {
        let rows: Vec<Row> = pages
            .iter()
            .flat_map(|p| p.lines())
            .map(|line| {
                let mut at = 0;
                let mut row = Vec::new();
                for piece in line.split(COLUMN_GAP) {
                    let start = line[at..].find(piece).map_or(at, |i| at + i);
                    let x0 = line[..start].chars().count() as f64;
                    row.push(Cell { x0, x1: x0 + piece.chars().count() as f64, text: piece.to_owned() });
                    at = start + piece.len();
                }
                row
            })
            .collect();
        Lines::from_rows(rows.iter())
    }

    /// From positioned rows; a cell holding a column gap of its own is split, sharing its place.
    fn from_rows<'a>(rows: impl Iterator<Item = &'a Row>) -> Self {
        let (mut out, mut spans) = (Vec::new(), Vec::new());
        for row in rows {
            let (mut texts, mut xs) = (Vec::new(), Vec::new());
            for cell in row {
                for piece in cell.text.split(COLUMN_GAP).map(str::trim).filter(|c| !c.is_empty()) {
                    texts.push(piece.to_owned());
                    xs.push((cell.x0, cell.x1));
                }
            }
            if !texts.is_empty() {
                out.push(texts);
                spans.push(xs);
            }
        }
        Lines { rows: out, spans }
    }

    /// The cell of the next line under cell `ci` of line `li`: the one overlapping it most.
    // Positions on the page, never money.
    #[allow(clippy::float_arithmetic)]
    fn under(&self, li: usize, ci: usize) -> Option<usize> {
        let (x0, x1) = *self.spans.get(li)?.get(ci)?;
        let below = self.spans.get(li + 1)?;
        let overlap = |&(a, b): &(f64, f64)| b.min(x1) - a.max(x0);
        (0..below.len())
            .filter(|&j| overlap(&below[j]) > 0.0)
            .max_by(|&a, &b| overlap(&below[a]).total_cmp(&overlap(&below[b])))
    }

    /// Whether the label in cell `ci` of line `li` reads as the head of a column: the cell `j`
    /// under it starts where it starts and is no label, and the next cell on its own line (if
    /// any) is no label and starts further away than the label is wide.
    #[allow(clippy::float_arithmetic)]
    fn stacked(&self, li: usize, ci: usize, j: usize) -> bool {
        let ((x0, x1), (bx0, _)) = (self.spans[li][ci], self.spans[li + 1][j]);
        let width = (x1 - x0).max(1.0);
        let aligned = (bx0 - x0).abs() <= width * 0.2;
        let below = &self.rows[li + 1][j];
        let right_far = self.spans[li].get(ci + 1).is_none_or(|&(nx0, _)| nx0 - x1 > width);
        let right_label = self.rows[li].get(ci + 1).is_some_and(|c| starts_with_label(c) || looks_like_label(c));
        aligned && right_far && !right_label && !starts_with_label(below) && !looks_like_label(below)
    }

    /// Candidate value texts for a label, best first: rest of the cell, the rest of the line,
    /// the cell below.
    fn after_label(&self, labels: &[&str], unless: &[&str]) -> Vec<Vec<(String, From)>> {
        self.after_label_where(labels, true, unless)
    }

    /// `line_rest`: also offer the rest of the line (values in the next column); off for names,
    /// where the next column is usually another label unless the label ends with a colon. A
    /// match inside an `unless` label is no match ("Date" in "Date limite de paiement" is not the
    /// invoice date), and a value ends where another field's label starts in the same cell
    /// ("Invoice # 12 · Invoice Date 2025-03-04").
    fn after_label_where(&self, labels: &[&str], line_rest: bool, unless: &[&str]) -> Vec<Vec<(String, From)>> {
        let mut out = Vec::new();
        for label in labels {
            for (li, row) in self.rows.iter().enumerate() {
                for (ci, cell) in row.iter().enumerate() {
                    let found = if line_rest { after(cell, label, unless) } else { party_label(cell, label) };
                    let Some(rest) = found else { continue };
                    let bare = rest.is_empty();
                    let mut candidates = vec![(rest.clone(), From::Beside)];
                    let next_is_label = row.get(ci + 1).is_some_and(|c| starts_with_label(c));
                    if !line_rest && cell.trim_end().ends_with(':') && !next_is_label {
                        // "Client:   Acme SRL": a colon says the value is in the next column.
                        candidates.extend(row.get(ci + 1).map(|c| (c.clone(), From::Beside)));
                    }
                    if line_rest && !next_is_label {
                        let mut joined = rest;
                        for c in &row[ci + 1..] {
                            joined.push(' ');
                            joined.push_str(c);
                        }
                        candidates.push((joined, From::Beside));
                    }
                    if let Some(below) = self.rows.get(li + 1) {
                        let from_right = row.len() - 1 - ci;
                        let counted = if row.len() == 1 {
                            // A label alone on its line: its value is the line below's first cell
                            // (or its only one).
                            Some((0, From::Below))
                        } else if below.len() > from_right {
                            let from = if below.len() == row.len() { From::BelowAligned } else { From::Below };
                            Some((below.len() - 1 - from_right, from))
                        } else if below.len() > ci {
                            // Fewer cells below: count the columns from the left instead.
                            Some((ci, From::Below))
                        } else {
                            None
                        };
                        // Where the page says what is under the label, that beats counting cells:
                        // a column beside it (an address block) shifts the count.
                        let under = self.under(li, ci);
                        let pick = match (counted, under) {
                            (Some((j, from)), Some(u)) if j == u => Some((j, from)),
                            (_, Some(u)) => Some((u, From::Below)),
                            (counted, None) => counted,
                        };
                        if let Some((j, from)) = pick {
                            let value = (below[j].clone(), from);
                            if bare && self.stacked(li, ci, j) {
                                // A label over its value, with something unrelated far to its right
                                // on the same baseline: the value below comes first.
                                candidates.insert(0, value);
                            } else {
                                candidates.push(value);
                            }
                        }
                    }
                    out.push(candidates);
                }
            }
        }
        out
    }
}

/// Where `label` occurs in `lower` at word boundaries.
fn spans(lower: &str, label: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(label) {
        let start = from + pos;
        let end = start + label.len();
        let before_ok = lower[..start].chars().last().is_none_or(|c| !c.is_alphanumeric());
        let after_ok = lower[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            out.push((start, end));
        }
        from = start + label.len().max(1);
    }
    out
}

/// The labels of the other fields, inside which a number label is no label ("Invoice" in
/// "Invoice date").
fn not_number() -> Vec<&'static str> {
    [ISSUE_LABELS, DUE_LABELS, AMOUNT_LABELS].into_iter().flatten().copied().filter(|l| l.len() >= 5).collect()
}

/// Labels long enough to end a value when they follow it in the same cell.
fn cutting_labels() -> impl Iterator<Item = &'static str> {
    [NUMBER_LABELS, ISSUE_LABELS, DUE_LABELS, AMOUNT_LABELS].into_iter().flatten().copied().filter(|l| l.len() >= 5)
}

fn starts_with_label(cell: &str) -> bool {
    let lower = cell.to_lowercase();
    lower.len() == cell.len() && cutting_labels().any(|l| spans(&lower, l).first().is_some_and(|(s, _)| *s == 0))
}

fn strip_separators(text: &str) -> &str {
    let rest = text
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | '°' | 'º' | '-' | '#' | '(' | ')'));
    let rest = rest
        .strip_prefix("n°")
        .or_else(|| rest.strip_prefix("nr."))
        .or_else(|| rest.strip_prefix("no."))
        .unwrap_or(rest);
    rest.trim_start_matches([':', ' ', '#']).trim()
}

/// The text after `label` if it occurs in `cell` at word boundaries (case-insensitive) and not
/// inside an `unless` label, with separators such as ":", "#", "n°" stripped, up to the next
/// label.
fn after(cell: &str, label: &str, unless: &[&str]) -> Option<String> {
    let lower = cell.to_lowercase();
    // Lowercasing can change byte lengths (rare letters); only use positions when it did not.
    if lower.len() != cell.len() {
        return None;
    }
    let found = spans(&lower, label);
    if found.is_empty() {
        return None;
    }
    let covered: Vec<(usize, usize)> = unless.iter().flat_map(|u| spans(&lower, u)).collect();
    let (_, end) = found.into_iter().find(|(s, _)| !covered.iter().any(|(a, b)| a <= s && s < b))?;
    let rest = &cell[end..];
    let cut = cutting_labels()
        .flat_map(|l| spans(&lower[end..], l))
        .map(|(s, _)| s)
        .filter(|s| *s > 0 && !covered.iter().any(|(a, b)| *a <= end + s && end + s < *b))
        .min()
        .unwrap_or(rest.len());
    let rest = rest[..cut].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '·' | '|' | ',' | ';' | '•'));
    Some(strip_separators(rest).to_owned())
}

/// A party label ("Bill to", "Furnizor:") at the start of a cell; short ones ("An", "Van")
/// only as the whole cell, where they cannot be an ordinary word of a sentence.
fn party_label(cell: &str, label: &str) -> Option<String> {
    let lower = cell.to_lowercase();
    if lower.len() != cell.len() {
        return None;
    }
    let (start, end) = spans(&lower, label).into_iter().next()?;
    let rest = strip_separators(&cell[end..]);
    let colon = cell[end..].trim_start().starts_with(':');
    if label.len() <= 4 && (start != 0 || !(rest.is_empty() || colon)) {
        return None;
    }
    Some(rest.to_owned())
}

/// Number labels that are also plain words of a title ("Invoice", "Rechnung", "Facture"): what
/// follows them is less surely the number.
const WEAK_NUMBER_LABELS: &[&str] = &["invoice", "rechnung", "facture", "booking id", "receipt no"];

fn number_token(text: &str) -> Option<&str> {
    let token = text.split_whitespace().next()?.trim_end_matches([',', ';', ':', '.']);
    let is_date =
        token.starts_with(|c: char| c.is_ascii_digit()) && parse_flexible(token, Some(DateOrder::DayFirst)).is_ok();
    (token.chars().any(|c| c.is_ascii_digit()) && token.len() <= 40 && !is_date && !token.contains('%'))
        .then_some(token)
}

/// The invoice number, and whether it is sure: a specific label, a value beside it or in an
/// aligned band below, and no other number the same label could be pointing at.
fn number(lines: &Lines) -> Option<(String, bool)> {
    let unless = not_number();
    for label in NUMBER_LABELS {
        for candidates in lines.after_label(&[label], &unless) {
            let mut found = candidates.iter().filter_map(|(t, from)| number_token(t).map(|n| (n, *from)));
            let Some((token, from)) = found.next() else { continue };
            let rivals = found.any(|(other, _)| other != token);
            let sure = !WEAK_NUMBER_LABELS.contains(label) && from != From::Below && !rivals;
            return Some((token.to_owned(), sure));
        }
    }
    None
}

/// The first date written in `text`: tries every word position with one to four words.
fn find_date(text: &str, order: Option<DateOrder>) -> Option<NaiveDate> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for start in 0..words.len() {
        for len in (1..=4).rev() {
            if start + len > words.len() {
                continue;
            }
            let candidate = words[start..start + len].join(" ");
            if !candidate.chars().next().is_some_and(|c| c.is_alphanumeric())
                || !candidate.chars().any(|c| c.is_ascii_digit())
            {
                continue;
            }
            // Most of the world writes the day first; the caller flags the date when the page
            // never says which order it uses.
            let order = order.unwrap_or(DateOrder::DayFirst);
            if let Ok(d) = parse_flexible(&candidate, None).or_else(|_| parse_flexible(&candidate, Some(order))) {
                return Some(d);
            }
        }
    }
    None
}

fn date(lines: &Lines, labels: &[&str], unless: &[&str], order: Option<DateOrder>) -> Option<NaiveDate> {
    lines.after_label_where(labels, true, unless).into_iter().flatten().find_map(|(t, _)| find_date(&t, order))
}

/// The day/month order the page's own dates show: a 13–31 in first place says day-first, in
/// second place month-first; `None` when no date shows it (or they disagree).
fn page_date_order(lines: &Lines) -> Option<DateOrder> {
    let (mut day_first, mut month_first) = (false, false);
    for word in lines.rows.iter().flatten().flat_map(|c| c.split_whitespace()) {
        if let Some((a, b)) = leading_pair(word.trim_end_matches(['.', ','])) {
            day_first |= a > 12 && b <= 12;
            month_first |= b > 12 && a <= 12;
        }
    }
    match (day_first, month_first) {
        (true, false) => Some(DateOrder::DayFirst),
        (false, true) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

fn issue_and_due(
    lines: &Lines,
    number: Option<&str>,
    order: Option<DateOrder>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let issue = date(lines, &ISSUE_LABELS[..ISSUE_SPECIFIC], DUE_LABELS, order)
        .or_else(|| number.and_then(|n| date_after_number(lines, n, order)))
        .or_else(|| date(lines, &ISSUE_LABELS[ISSUE_SPECIFIC..], DUE_LABELS, order));
    (issue, date(lines, DUE_LABELS, &[], order))
}

/// A due date this long after the issue date is more likely a misread than payment terms.
const MAX_TERMS_DAYS: i64 = 180;

/// Payment terms people write: a week, two weeks, a month, 45, 60 or 90 days.
const USUAL_TERMS_DAYS: &[i64] = &[0, 7, 10, 14, 15, 20, 21, 28, 30, 31, 45, 60, 90];

fn plausible(issue: Option<NaiveDate>, due: Option<NaiveDate>) -> bool {
    match (issue, due) {
        (Some(i), Some(d)) => (0..=MAX_TERMS_DAYS).contains(&(d - i).num_days()),
        _ => true,
    }
}

/// Labels specific enough to trust before the bare "Datum", "Tanggal", "Date", "Data" (the last four).
const ISSUE_SPECIFIC: usize = ISSUE_LABELS.len() - 4;

/// "Facture n°562044387 du 02 Juillet 2015", "Rechnung 123 vom 05.03.2024": the date written
/// right after the number.
fn date_after_number(lines: &Lines, number: &str, order: Option<DateOrder>) -> Option<NaiveDate> {
    for row in &lines.rows {
        for cell in row {
            let Some(pos) = cell.find(number) else { continue };
            let rest = cell[pos + number.len()..].trim_start();
            for joiner in ["du ", "vom ", "din ", "dated ", "of ", "tanggal ", "van "] {
                if let Some(d) = rest.strip_prefix(joiner).and_then(|t| find_date(t, order)) {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// Currency signs and codes seen in invoices, most specific first.
const SIGNS: &[(&str, &str)] = &[
    ("€", "EUR"),
    ("£", "GBP"),
    ("₹", "INR"),
    ("Rs.", "INR"),
    ("Rs", "INR"),
    ("Rp", "IDR"),
    ("lei", "RON"),
    ("zł", "PLN"),
    ("US$", "USD"),
    ("$", "USD"),
];
const CODES: &[&str] = &[
    "EUR", "USD", "GBP", "RON", "IDR", "INR", "PLN", "CHF", "CZK", "HUF", "SEK", "NOK", "DKK", "CAD", "AUD", "SGD",
    "MYR", "JPY", "BGN",
];

fn currency_in(text: &str) -> Option<&'static str> {
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ':' | ',')) {
        if let Some(code) = CODES.iter().find(|c| **c == word) {
            return Some(code);
        }
    }
    for (sign, code) in SIGNS {
        if let Some(pos) = text.find(sign) {
            let is_word = sign.chars().all(char::is_alphabetic);
            let before_ok = !is_word || text[..pos].chars().last().is_none_or(|c| !c.is_alphabetic());
            let after_ok = !is_word || text[pos + sign.len()..].chars().next().is_none_or(|c| !c.is_alphabetic());
            if before_ok && after_ok {
                return Some(code);
            }
        }
    }
    None
}

/// Amounts in a text, as (plain decimal text, had decimals or a sign).
fn amounts_in(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let text = join_groups(text);
    for raw in text.split_whitespace() {
        // "14.10.2025" and "24-10-2025" are dates, not amounts.
        let seps = raw.chars().filter(|c| matches!(c, '.' | '-' | '/')).count();
        if seps == 2 && parse_flexible(raw.trim_end_matches(['.', ',']), Some(DateOrder::DayFirst)).is_ok() {
            continue;
        }
        let stripped: String = raw.chars().filter(|c| !matches!(c, '€' | '$' | '£' | '₹')).collect();
        let t = stripped
            .trim_start_matches("Rs")
            .trim_start_matches("Rp")
            .trim_matches(|c: char| matches!(c, '(' | ')' | ':' | ';'));
        let t = t.trim_end_matches([',', '.']);
        if t.is_empty()
            || !t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
            || !t.chars().any(|c| c.is_ascii_digit())
        {
            continue;
        }
        let sep = crate::csv::vote(t);
        let plain = match sep {
            Some(s) => crate::csv::normalise(t, s),
            // "1939" or "1.500": no decimals; a lone 3-digit group is thousands.
            None => crate::csv::normalise(
                t,
                if t.contains('.') { DecimalSeparator::Comma } else { DecimalSeparator::Point },
            ),
        };
        if let Some(p) = plain {
            let strong = sep.is_some() || raw.len() != stripped.len() || raw.starts_with("Rs");
            out.push((p, strong));
        }
    }
    out
}

/// "17 290,55" and "1\u{202f}234,56": digit groups split by a (no-break) space become one number.
/// A plain space only joins when the next group is three digits with a decimal comma or
/// nothing after, so "3 185.56" (a quantity, then a price) stays two numbers.
fn join_groups(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, ' ' | '\u{a0}' | '\u{202f}') && i > 0 && chars[i - 1].is_ascii_digit() {
            let run_before = chars[..i].iter().rev().take_while(|c| c.is_ascii_digit()).count();
            let before_run = chars[..i - run_before].last();
            let group = chars.get(i + 1..i + 4).is_some_and(|g| g.iter().all(char::is_ascii_digit));
            let after = chars.get(i + 4).copied();
            let ends_group = after.is_none_or(|a| !a.is_ascii_digit());
            let plain_ok =
                c != ' ' || after.is_none_or(|a| a != '.' || chars.get(i + 5).is_none_or(|d| !d.is_ascii_digit()));
            let starts_number = before_run.is_none_or(|b| !matches!(b, '.' | ','));
            if run_before <= 3 && group && ends_group && plain_ok && starts_number {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Plain decimal text in hundredths, for comparing amounts with each other.
fn hundredths(plain: &str) -> Option<i128> {
    let (neg, t) = plain.strip_prefix('-').map_or((false, plain), |t| (true, t));
    let (i, f) = t.split_once('.').unwrap_or((t, ""));
    if f.len() > 2 {
        return None;
    }
    let v: i128 = format!("{i}{f:0<2}").parse().ok()?;
    Some(if neg { -v } else { v })
}

/// Every amount with decimals or a currency sign on the pages, in reading order.
fn all_amounts(lines: &Lines) -> Vec<i128> {
    lines
        .rows
        .iter()
        .flatten()
        .flat_map(|c| amounts_in(c))
        .filter(|(_, strong)| *strong)
        .filter_map(|(p, _)| hundredths(&p))
        .filter(|v| *v > 0)
        .collect()
}

/// How the amount due was settled against the totals printed on the page.
#[derive(Debug, PartialEq)]
enum Reconciled {
    /// It is the gross total of a net + tax = gross triple, or that total less an amount paid.
    Agrees,
    /// No label gave it: the gross total (or the gross less a payment) was taken.
    Derived(i128),
    /// There is no net + tax = gross on the page to check it against.
    Unchecked,
}

/// Net + tax = gross, with the largest gross: the invoice's totals, whatever their labels.
fn totals_triple(amounts: &[i128]) -> Option<(i128, i128, i128)> {
    let mut best: Option<(i128, i128, i128)> = None;
    for &g in amounts {
        if best.is_some_and(|(_, _, bg)| bg >= g) {
            continue;
        }
        for &t in amounts {
            let n = g - t;
            if t > 0 && t < n && amounts.contains(&n) {
                best = Some((n, t, g));
                break;
            }
        }
    }
    best
}

fn reconcile(labelled: Option<i128>, amounts: &[i128]) -> Reconciled {
    let Some((n, t, g)) = totals_triple(amounts) else { return Reconciled::Unchecked };
    // A deposit or payment already made: gross − paid, both printed.
    let less_paid = |a: i128| a < g && a != n && a != t && amounts.iter().any(|p| *p != t && *p != n && g - p == a);
    // The gross less a payment when both are printed, else the gross.
    let derived = || amounts.iter().rev().copied().find(|a| less_paid(*a)).unwrap_or(g);
    match labelled {
        // The gross, while the page also shows a payment and what remains: the label was a
        // total, not what is still owed.
        Some(a) if a == g && derived() != g => Reconciled::Derived(derived()),
        Some(a) if a == g || less_paid(a) => Reconciled::Agrees,
        _ => Reconciled::Derived(derived()),
    }
}

fn amount(lines: &Lines) -> Option<(String, Option<&'static str>)> {
    for candidates in lines.after_label(AMOUNT_LABELS, DUE_LABELS) {
        // An amount with decimals or a currency sign beats a bare number anywhere near the
        // label: "AMOUNT DUE ON August 3, 2014   $4.11" is 4.11, not 2014. In the label's own
        // cell the first one is the label's ("Total 23,50 €, Deposit: 7,00 €"); along the line,
        // the last ("Total   20,00   3,50   23,50").
        let strong = candidates.iter().enumerate().find_map(|(i, (t, _))| {
            let found = amounts_in(t);
            let mut strong = found.into_iter().filter(|(_, s)| *s);
            let pick = if i == 0 { strong.next() } else { strong.next_back() };
            pick.map(|(p, _)| (p, currency_in(t)))
        });
        let weak = || candidates.iter().find_map(|(t, _)| amounts_in(t).pop().map(|(p, _)| (p, currency_in(t))));
        if let Some(found) = strong.or_else(weak) {
            return Some(found);
        }
    }
    None
}

fn document_currency(lines: &Lines) -> Option<&'static str> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for cell in lines.rows.iter().flatten() {
        if let Some(c) = currency_in(cell) {
            match counts.iter_mut().find(|(k, _)| *k == c) {
                Some((_, n)) => *n += 1,
                None => counts.push((c, 1)),
            }
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c)
}

/// "Hetzner Online GmbH • Industriestr. 25" → "Hetzner Online GmbH".
fn company_prefix(cell: &str) -> Option<String> {
    let words: Vec<&str> = cell.split_whitespace().collect();
    // "PT Maju Jaya", "CV Sentosa": Indonesian forms come first; the name runs to a separator.
    if words.len() >= 2 && matches!(words[0], "PT" | "PT." | "CV" | "CV.") {
        let mut name = vec![words[0]];
        for w in words[1..].iter().take(5) {
            if w.chars().any(|c| c.is_ascii_digit()) || matches!(*w, "·" | "|" | "•" | "-" | "–") {
                break;
            }
            name.push(w.trim_end_matches([',', ';', ':']));
            if w.ends_with([',', ';', ':']) || LEGAL_FORMS.contains(w) {
                break;
            }
        }
        return (name.len() >= 2).then(|| name.join(" "));
    }
    let end = words.iter().take(7).position(|w| LEGAL_FORMS.contains(&w.trim_end_matches([',', ';', ':'])))?;
    if end == 0 || words[..end].iter().any(|w| w.eq_ignore_ascii_case("bank")) {
        return None;
    }
    let name = words[..=end].join(" ");
    Some(name.trim_end_matches([',', ';', ':']).to_owned())
}

/// "Northgate Digital LLC, 95 Kestrel Street, …" → "Northgate Digital LLC": a name ends at
/// its legal form, else at the first separator.
fn party_name(text: &str) -> String {
    let t = text.trim_end_matches([',', ';']).trim();
    if let Some(name) = company_prefix(t) {
        return name;
    }
    let end = [", ", " · ", " | ", " • "].iter().filter_map(|sep| t.find(sep)).min().unwrap_or(t.len());
    t[..end].trim().to_owned()
}

/// A name and whether it is sure: a label's value with a company's legal form.
type Named = Option<(String, bool)>;

fn seller(lines: &Lines) -> Named {
    for candidates in lines.after_label_where(SELLER_LABELS, false, &[]) {
        if let Some(name) = candidates
            .into_iter()
            .map(|(t, _)| t)
            .filter(|t| !starts_with_label(t) && !looks_like_label(t))
            .map(|t| party_name(&t))
            .find(|t| t.len() > 1 && !t.starts_with('(') && t.chars().any(char::is_alphabetic))
        {
            let sure = company_prefix(&name).is_some();
            return Some((name, sure));
        }
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for cell in lines.rows.iter().flatten() {
        let by = cell.find(" by ").map(|i| &cell[i + 4..]);
        for name in [company_prefix(cell), by.and_then(company_prefix)].into_iter().flatten() {
            match counts.iter_mut().find(|(k, _)| *k == name) {
                Some((_, n)) => *n += 1,
                None => counts.push((name, 1)),
            }
        }
    }
    // Most frequent, then earliest: the letterhead and footer repeat the seller. A guess from
    // position only, never sure.
    let max = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == max).map(|(name, _)| (name, false))
}

fn looks_like_label(t: &str) -> bool {
    t.ends_with(':') || t.is_empty()
}

fn buyer(lines: &Lines, seller: Option<&str>) -> Named {
    for candidates in lines.after_label_where(BUYER_LABELS, false, &[]) {
        if let Some(name) = candidates.into_iter().map(|(t, _)| t).find(|t| {
            !looks_like_label(t) && !starts_with_label(t) && !t.contains('@') && t.chars().any(char::is_alphabetic)
        }) {
            let name = party_name(&name);
            let sure = company_prefix(&name).is_some() && seller != Some(name.as_str());
            return Some((name, sure));
        }
    }
    buyer_by_position(lines, seller).map(|n| (n, false))
}

fn buyer_by_position(lines: &Lines, seller: Option<&str>) -> Option<String> {
    // The left column read down, without the label lines of a column beside it that the layout
    // put on the same baselines ("Invoice date:   12.03.2024" next to the address window).
    let left: Vec<&str> = lines
        .rows
        .iter()
        .take(40)
        .map(|r| r[0].as_str())
        .filter(|c| !starts_with_label(c) && !looks_like_label(c))
        .collect();
    // DIN 5008 window envelope: the sender line ("Seller GmbH • Street 1 • 12345 City") sits
    // right above the recipient's name.
    if let Some(seller) = seller {
        for (i, first) in left.iter().enumerate().take(15) {
            if first.starts_with(seller)
                && first.len() > seller.len() + 5
                && first.chars().any(|c| c.is_ascii_digit())
                && let Some(next) = left.get(i + 1)
            {
                return Some(party_name(next));
            }
        }
    }
    // Name, street with a number, postcode and city ("12345 Berlin", "Jakarta 12488").
    for i in 2..left.len() {
        let (name, street, city) = (left[i - 2], left[i - 1], left[i]);
        let words: Vec<&str> = city.split_whitespace().collect();
        let has_code = words.len() <= 4
            && words.iter().any(|w| (4..=6).contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit()));
        if has_code
            && street.chars().any(|c| c.is_ascii_digit())
            && !name.chars().any(|c| c.is_ascii_digit())
            && seller.is_none_or(|s| !name.contains(s))
        {
            return Some(name.to_owned());
        }
    }
    None
}

/// Seller and buyer, told apart by the user's own business where the page shows it: the
/// business's name or tax id printed anywhere but as the labelled buyer makes it the seller
/// (and its tax id is carried, so the import's direction check sees it). An invoice whose
/// buyer reads as the business is left as read: it is likely a bill to the user, refused later.
fn parties(lines: &Lines, me: &BusinessIdentity) -> (Named, Named, Option<String>) {
    let seller = seller(lines);
    let buyer = buyer(lines, seller.as_ref().map(|(n, _)| n.as_str()));
    let mine =
        |name: &str| me.name.as_deref().map(normalise_name).is_some_and(|m| !m.is_empty() && normalise_name(name) == m);
    if buyer.as_ref().is_some_and(|(n, _)| mine(n)) || !me.is_configured() {
        return (seller, buyer, None);
    }
    let printed = lines.rows.iter().flatten().find_map(|cell| {
        let name = company_prefix(cell).unwrap_or_else(|| party_name(cell));
        mine(&name).then_some(name)
    });
    let tax_id = me.tax_id.as_deref().map(normalise_tax_id).filter(|t| t.len() >= 4).filter(|t| {
        lines
            .rows
            .iter()
            .flatten()
            .any(|cell| cell.split(|c: char| c.is_whitespace() || c == ':').any(|w| normalise_tax_id(w) == *t))
    });
    let Some(my_name) = printed.or_else(|| tax_id.as_ref().and(me.name.clone())) else {
        return (seller, buyer, None);
    };
    let my_tax_id = tax_id.and(me.tax_id.clone());
    if seller.as_ref().is_some_and(|(n, _)| mine(n)) {
        return (Some((my_name, true)), buyer, my_tax_id);
    }
    // The heuristics took another company for the seller: the user's business is the seller;
    // the buyer is whichever other company they found, never sure.
    let others = [buyer.map(|(n, _)| n), seller.map(|(n, _)| n)];
    let buyer = others.into_iter().flatten().find(|n| !mine(n)).or_else(|| buyer_by_position(lines, Some(&my_name)));
    (Some((my_name, true)), buyer.map(|n| (n, false)), my_tax_id)
}

/// The wording the warnings use for one uncertain field: "<field> uncertain: <why>".
fn uncertain(field: &str, why: &str) -> String {
    format!("{field} uncertain: {why}")
}

/// Reads an invoice from plain page text (lines, cells split by [`COLUMN_GAP`]).
#[cfg(test)]
pub fn extract(pages: &[String], default_currency: Option<Currency>) -> Result<ParsedInvoice, Vec<ImportError>> {
    extract_lines(&Lines::new(pages), default_currency, &BusinessIdentity::default())
}

/// Reads an invoice from pages of positioned cells, as laid out by [`super::text`]; `me` tells
/// the seller from the buyer where the page shows the business's name or tax id.
pub fn extract_rows(
    pages: &[Vec<Row>],
    default_currency: Option<Currency>,
    me: &BusinessIdentity,
) -> Result<ParsedInvoice, Vec<ImportError>> {
    extract_lines(&Lines::from_rows(pages.iter().flatten()), default_currency, me)
}

fn extract_lines(
    lines: &Lines,
    default_currency: Option<Currency>,
    me: &BusinessIdentity,
) -> Result<ParsedInvoice, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut doubts = Vec::new();
    let number = number(lines);
    match &number {
        None => errors.push(ImportError::missing(
            "page text",
            "invoice number (no label such as Invoice No, Factura nr, Nomor Faktur, Rechnungsnummer was found)",
        )),
        Some((_, false)) => doubts.push(uncertain("invoice number", "read after a title word, not a number label")),
        Some(_) => {}
    }
    let number_text = number.as_ref().map(|(n, _)| n.as_str());
    // Dates: the page's own order when its dates show it; otherwise the order under which the
    // due date follows the issue date; otherwise day-first, flagged.
    let order = page_date_order(lines);
    let (mut issue_date, mut due_date) = issue_and_due(lines, number_text, order);
    if order.is_none() {
        let day_first = (issue_date, due_date);
        let month_first = issue_and_due(lines, number_text, Some(DateOrder::MonthFirst));
        if day_first != month_first {
            let usual = |(i, d): (Option<NaiveDate>, Option<NaiveDate>)| {
                i.zip(d).is_some_and(|(i, d)| USUAL_TERMS_DAYS.contains(&(d - i).num_days()))
            };
            if !plausible(day_first.0, day_first.1) && plausible(month_first.0, month_first.1) {
                (issue_date, due_date) = month_first;
            } else if plausible(day_first.0, day_first.1) == plausible(month_first.0, month_first.1) {
                // Both readings possible: the one giving usual payment terms, still flagged.
                if usual(month_first) && !usual(day_first) {
                    (issue_date, due_date) = month_first;
                }
                doubts.push(uncertain("issue date", "day and month could be either way round"));
                doubts.push(uncertain("due date", "day and month could be either way round"));
            }
        }
    }
    if issue_date.is_none() {
        errors.push(ImportError::missing("page text", "invoice date"));
    }
    if !plausible(issue_date, due_date) {
        doubts.push(uncertain("due date", "it is before the invoice date or far after it"));
    }
    // Amount due: the labelled value, checked against net + tax = gross on the page.
    let labelled = amount(lines);
    let amounts = all_amounts(lines);
    let (amount_text, amount_code) = match reconcile(labelled.as_ref().and_then(|(a, _)| hundredths(a)), &amounts) {
        Reconciled::Agrees => labelled.map_or((None, None), |(a, c)| (Some(a), c)),
        Reconciled::Derived(v) => {
            doubts.push(uncertain("amount due", "taken from the totals (net + tax = total), not from its label"));
            (Some(plain_from_hundredths(v)), None)
        }
        Reconciled::Unchecked => {
            if labelled.is_some() {
                doubts.push(uncertain("amount due", "no net, tax and total on the page to check it against"));
            }
            labelled.map_or((None, None), |(a, c)| (Some(a), c))
        }
    };
    if amount_text.is_none() {
        errors.push(ImportError::missing(
            "page text",
            "amount due (no label such as Total, Amount due, Total de plată was found)",
        ));
    }
    let code = amount_code.or_else(|| document_currency(lines));
    let currency = match code.and_then(|c| c.parse::<Currency>().ok()).or(default_currency) {
        Some(c) => Some(c),
        None => {
            errors.push(ImportError::missing("page text", "currency (no currency code or sign was found)"));
            None
        }
    };
    let (seller, buyer, my_tax_id) = parties(lines, me);
    match &seller {
        Some((_, false)) => doubts.push(uncertain("seller", "no seller label with a company name")),
        None => {}
        Some(_) => {}
    }
    match &buyer {
        Some((_, false)) => doubts.push(uncertain("buyer", "no buyer label with a company name")),
        None => {}
        Some(_) => {}
    }
    let (Some((number, _)), Some(issue_date), Some(amount_text), Some(currency)) =
        (number, issue_date, amount_text, currency)
    else {
        return Err(errors);
    };
    let Some(amount_due) = Decimal::parse(&amount_text).and_then(|d| d.to_minor_exact(currency)) else {
        return Err(vec![ImportError::invalid(
            "page text",
            "amount due",
            &amount_text,
            crate::decimal::amount_reason(&amount_text, currency),
        )]);
    };
    let mut warnings = vec!["read from the PDF's text by label heuristics: check every value".to_owned()];
    if code.is_none() {
        warnings.push(format!("no currency in the PDF: {} assumed", currency.code()));
        doubts.push(uncertain("currency", "none is written on the invoice"));
    }
    warnings.extend(doubts);
    Ok(ParsedInvoice {
        number,
        kind: DocumentKind::Invoice,
        issue_date,
        due_date,
        currency,
        total: amount_due,
        amount_due,
        seller: Party { name: seller.map(|(n, _)| n), tax_id: my_tax_id, ..Party::default() },
        buyer: Party { name: buyer.map(|(n, _)| n), ..Party::default() },
        lines: Vec::new(),
        credited_invoice: None,
        needs_review: true,
        warnings,
    })
}

fn plain_from_hundredths(v: i128) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let v = v.abs();
    format!("{sign}{}.{:02}", v / 100, v % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Vec<String> {
        vec![text.to_owned()]
    }

    #[test]
    fn romanian_and_indonesian_labels() {
        let ro = page(
            "SC Acme SRL   CUI RO123\nFactura nr.   ACM-0042\nData emiterii:   12.03.2024\nData scadenței:   11.04.2024\nCumpărător:   Client SA\nTotal de plată   1.234,50 lei\n",
        );
        let inv = extract(&ro, None).unwrap();
        assert_eq!(inv.number, "ACM-0042");
        assert_eq!(inv.issue_date, NaiveDate::from_ymd_opt(2024, 3, 12).unwrap());
        assert_eq!(inv.due_date, NaiveDate::from_ymd_opt(2024, 4, 11));
        assert_eq!((inv.currency.code(), inv.amount_due), ("RON", 123_450));
        assert_eq!(inv.buyer.name.as_deref(), Some("Client SA"));
        assert!(inv.needs_review);
        let id = page(
            "PT Maju Tbk\nNomor Faktur: INV/2024/07/001\nTanggal: 5 Juli 2024\nJatuh Tempo: 4 Agustus 2024\nKepada: CV Sentosa\nTotal Tagihan   Rp 1.500.000\n",
        );
        let inv = extract(&id, None).unwrap();
        assert_eq!(inv.number, "INV/2024/07/001");
        assert_eq!(inv.due_date, NaiveDate::from_ymd_opt(2024, 8, 4));
        assert_eq!((inv.currency.code(), inv.amount_due), ("IDR", 150_000_000));
        assert_eq!(inv.buyer.name.as_deref(), Some("CV Sentosa"));
    }

    fn doubts(inv: &ParsedInvoice) -> Vec<&str> {
        inv.warnings.iter().filter_map(|w| w.split_once(" uncertain:").map(|(f, _)| f)).collect()
    }

    #[test]
    fn a_value_ends_where_the_next_label_starts() {
        let inv = extract(
            &page(
                "Acme Ltd\nInvoice # INV-7 · Invoice Date 2025-03-04 · Payment due 18 April 2025\nBill to   Beta LLC\nSubtotal: 100.00 GBP\nVAT 20%: 20.00 GBP\nTotal due: 120.00 GBP\n",
            ),
            None,
        )
        .unwrap();
        assert_eq!(inv.number, "INV-7");
        assert_eq!(inv.issue_date, NaiveDate::from_ymd_opt(2025, 3, 4).unwrap());
        assert_eq!(inv.due_date, NaiveDate::from_ymd_opt(2025, 4, 18));
        assert_eq!(inv.amount_due, 12_000);
    }

    #[test]
    fn space_grouped_amounts_and_dates_are_not_split_or_summed() {
        assert_eq!(amounts_in("Net à payer 17\u{202f}290,55 €"), vec![("17290.55".to_owned(), true)]);
        assert_eq!(amounts_in("Reste à payer 1 450,53 €"), vec![("1450.53".to_owned(), true)]);
        assert!(amounts_in("Te betalen vóór 14.10.2025").is_empty());
        // A quantity then a price with a decimal point stay two numbers.
        assert_eq!(amounts_in("3 185.56").len(), 2);
    }

    #[test]
    fn the_amount_due_is_checked_against_net_tax_and_total() {
        // The labelled total, while a deposit and what remains are printed too.
        let text = "Factuurnummer   F-1\nFactuurdatum   20-05-2025\nSubtotaal: 19.121,90 €   Btw 21%: 4.015,60 €\nTotaal incl. btw: 23.137,50 €, Aanbetaling: 7.712,00 €.\nGelieve 15.425,50 EUR over te maken.\n";
        let inv = extract(&page(text), None).unwrap();
        assert_eq!(inv.amount_due, 1_542_550);
        assert!(doubts(&inv).contains(&"amount due"));
        // Labelled and adding up: not flagged.
        let text = "Invoice No.   A-1\nInvoice date   2025-01-02\nSubtotal   1,000.00 USD\nTax   80.00 USD\nAmount due   1,080.00 USD\n";
        let inv = extract(&page(text), None).unwrap();
        assert_eq!(inv.amount_due, 108_000);
        assert!(!doubts(&inv).contains(&"amount due"), "{:?}", inv.warnings);
    }

    #[test]
    fn ambiguous_dates_take_the_order_with_usual_terms_and_stay_flagged() {
        let text = "Invoice No.   A-2\nInvoice date   2025-05-26\nDue by   07/10/2025\nTotal due   $10.00\n";
        let inv = extract(&page(text), None).unwrap();
        assert_eq!(inv.due_date, NaiveDate::from_ymd_opt(2025, 7, 10));
        assert!(doubts(&inv).contains(&"due date"));
    }

    #[test]
    fn a_number_another_column_could_also_be_is_not_sure() {
        // "INVOICE NO:" with a postcode beside it (another block) and the number below.
        let text = "INVOICE NO:   76676 London\n31344\nInvoice date   2025-11-09\nTotal due   $10.00\n";
        let inv = extract(&page(text), None).unwrap();
        assert!(doubts(&inv).contains(&"invoice number"), "{:?}", inv.warnings);
    }

    #[test]
    fn a_label_heading_its_column_pairs_with_what_is_under_it() {
        // A left column of labels over values, an address block far right on the same baselines,
        // and a buyer label whose line below has one cell more (a page note) at the right.
        let text = [
            "Northwind Trading Ltd",
            "INVOICE NO:                          BILL TO",
            "31344                                Meadow Logistics Inc.   Page 1 of 1",
            "DATE:                                76676 London",
            "2025-03-14",
            "Total due: 120.00 GBP",
        ]
        .join("\n");
        let inv = extract(&page(&text), None).unwrap();
        assert_eq!(inv.number, "31344");
        assert_eq!(inv.issue_date, NaiveDate::from_ymd_opt(2025, 3, 14).unwrap());
        assert_eq!(inv.buyer.name.as_deref(), Some("Meadow Logistics Inc."));
        // Found below, not beside: still named for review.
        assert!(doubts(&inv).contains(&"invoice number"), "{:?}", inv.warnings);
    }

    #[test]
    fn the_business_profile_says_which_company_is_the_seller() {
        // No seller label; another company is named more often (a payment processor).
        let text = "Acme Design SRL\nCUI: RO 123456\nFactura nr. A-17\nData: 03.02.2025\nClient:   Beta Trading GmbH\nTotal de plată: 100,00 RON\nHosting Partner Ltd · plăți online\nHosting Partner Ltd, London\n";
        let read = |me: &BusinessIdentity| extract_lines(&Lines::new(&page(text)), None, me).unwrap();
        let guessed = read(&BusinessIdentity::default());
        assert_eq!(guessed.seller.name.as_deref(), Some("Hosting Partner Ltd"));
        assert!(doubts(&guessed).contains(&"seller"));
        let by_name = read(&BusinessIdentity { name: Some("ACME Design S.R.L.".into()), tax_id: None });
        assert_eq!(by_name.seller.name.as_deref(), Some("Acme Design SRL"));
        assert_eq!(by_name.buyer.name.as_deref(), Some("Beta Trading GmbH"));
        assert!(!doubts(&by_name).contains(&"seller"), "{:?}", by_name.warnings);
        // The tax id alone (the profile's name written differently): the seller, with its id.
        let by_id = read(&BusinessIdentity { name: Some("Acme Studio".into()), tax_id: Some("RO123456".into()) });
        assert_eq!(by_id.seller.name.as_deref(), Some("Acme Studio"));
        assert_eq!(by_id.seller.tax_id.as_deref(), Some("RO123456"));
        assert_eq!(by_id.buyer.name.as_deref(), Some("Beta Trading GmbH"));
        // A bill addressed to the business stays as read (the import refuses it as a payable).
        let to_me = read(&BusinessIdentity { name: Some("Beta Trading GmbH".into()), tax_id: None });
        assert_eq!(to_me.buyer.name.as_deref(), Some("Beta Trading GmbH"));
        assert_eq!(to_me.seller.name.as_deref(), Some("Hosting Partner Ltd"));
    }

    #[test]
    fn nothing_recognisable_is_an_error_not_a_guess() {
        let errs = extract(&page("Hello world\nJust a letter\n"), None).unwrap_err();
        assert!(errs.iter().any(|e| e.to_string().contains("invoice number")));
    }
}
