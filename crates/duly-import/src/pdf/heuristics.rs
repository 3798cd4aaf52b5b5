//! Invoice values from a PDF's text by labels ("Invoice No", "Factura nr", "Nomor Faktur",
//! "Rechnungsnummer", "Facture n°", "Factuurnummer", ...) in English, Romanian, Indonesian,
//! German, French and Dutch. A guess is only a guess: every invoice read this way needs review.
//!
//! A value is looked for after its label in the same cell, then in the following cells of the
//! line, then in the cell below (columns counted from the right, because label rows often have
//! an extra column on the left).

use chrono::NaiveDate;
use duly_core::Currency;

use super::text::COLUMN_GAP;
use crate::csv::DecimalSeparator;
use crate::dates::{DateOrder, parse_flexible};
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
    "rechnungsnummer",
    "rechnungsnr",
    "rechnung nr",
    "rechnung",
    "numéro de facture",
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
    "data facturii",
    "data emiterii",
    "data emitere",
    "data factură",
    "rechnungsdatum",
    "date de facture",
    "date de facturation",
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
    "total eur",
    "totaal",
    "total",
    "gesamt",
    "jumlah",
];
const SELLER_LABELS: &[&str] = &[
    "sold by",
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

struct Lines {
    /// Cells of every line, pages concatenated.
    rows: Vec<Vec<String>>,
}

impl Lines {
    fn new(pages: &[String]) -> Self {
        let rows = pages
            .iter()
            .flat_map(|p| p.lines())
            .map(|l| {
                l.split(COLUMN_GAP).map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned).collect::<Vec<_>>()
            })
            .filter(|r: &Vec<String>| !r.is_empty())
            .collect();
        Lines { rows }
    }

    /// Candidate value texts for a label, best first: rest of the cell, the rest of the line,
    /// the cell below.
    fn after_label(&self, labels: &[&str]) -> Vec<Vec<String>> {
        self.after_label_where(labels, true, &[])
    }

    /// `line_rest`: also offer the rest of the line (values in the next column); off for names,
    /// where the next column is usually another label unless the label ends with a colon. Cells matching an `unless` label are
    /// skipped ("Date limite de paiement" is not the invoice date).
    fn after_label_where(&self, labels: &[&str], line_rest: bool, unless: &[&str]) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for label in labels {
            for (li, row) in self.rows.iter().enumerate() {
                for (ci, cell) in row.iter().enumerate() {
                    let Some(rest) = after(cell, label) else { continue };
                    if unless.iter().any(|u| after(cell, u).is_some()) {
                        continue;
                    }
                    let mut candidates = vec![rest.clone()];
                    if !line_rest && cell.trim_end().ends_with(':') {
                        // "Client:   Acme SRL": a colon says the value is in the next column.
                        candidates.extend(row.get(ci + 1).cloned());
                    }
                    if line_rest {
                        let mut joined = rest;
                        for c in &row[ci + 1..] {
                            joined.push(' ');
                            joined.push_str(c);
                        }
                        candidates.push(joined);
                    }
                    if let Some(below) = self.rows.get(li + 1) {
                        let from_right = row.len() - 1 - ci;
                        if below.len() > from_right {
                            candidates.push(below[below.len() - 1 - from_right].clone());
                        }
                    }
                    out.push(candidates);
                }
            }
        }
        out
    }
}

/// The text after `label` if it occurs in `cell` at word boundaries (case-insensitive), with
/// separators such as ":", "#", "n°" stripped.
fn after(cell: &str, label: &str) -> Option<String> {
    let lower = cell.to_lowercase();
    // Lowercasing can change byte lengths (rare letters); only use positions when it did not.
    if lower.len() != cell.len() {
        return None;
    }
    let mut from = 0;
    while let Some(pos) = lower[from..].find(label) {
        let start = from + pos;
        let end = start + label.len();
        let before_ok = lower[..start].chars().last().is_none_or(|c| !c.is_alphanumeric());
        let after_ok = lower[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            let rest = cell[end..].trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ':' | '.' | '°' | 'º' | '-' | '#' | '(' | ')')
            });
            let rest = rest
                .strip_prefix("n°")
                .or_else(|| rest.strip_prefix("nr."))
                .or_else(|| rest.strip_prefix("no."))
                .unwrap_or(rest);
            return Some(rest.trim_start_matches([':', ' ', '#']).trim().to_owned());
        }
        from = start + label.len().max(1);
    }
    None
}

fn number(lines: &Lines) -> Option<String> {
    for candidates in lines.after_label(NUMBER_LABELS) {
        for text in candidates {
            let Some(token) = text.split_whitespace().next() else { continue };
            let token = token.trim_end_matches([',', ';', ':', '.']);
            let is_date = token.starts_with(|c: char| c.is_ascii_digit())
                && parse_flexible(token, Some(DateOrder::DayFirst)).is_ok();
            if token.chars().any(|c| c.is_ascii_digit()) && token.len() <= 40 && !is_date && !token.contains('%') {
                return Some(token.to_owned());
            }
        }
    }
    None
}

/// The first date written in `text`: tries every word position with one to four words.
fn find_date(text: &str) -> Option<NaiveDate> {
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
            // Most of the world writes the day first; the invoice is reviewed anyway.
            if let Ok(d) =
                parse_flexible(&candidate, None).or_else(|_| parse_flexible(&candidate, Some(DateOrder::DayFirst)))
            {
                return Some(d);
            }
        }
    }
    None
}

fn date(lines: &Lines, labels: &[&str], unless: &[&str]) -> Option<NaiveDate> {
    lines.after_label_where(labels, true, unless).into_iter().flatten().find_map(|t| find_date(&t))
}

/// Labels specific enough to trust before the bare "Date"/"Datum" ones.
const ISSUE_SPECIFIC: usize = 14;

/// "Facture n°562044387 du 02 Juillet 2015", "Rechnung 123 vom 05.03.2024": the date written
/// right after the number.
fn date_after_number(lines: &Lines, number: &str) -> Option<NaiveDate> {
    for row in &lines.rows {
        for cell in row {
            let Some(pos) = cell.find(number) else { continue };
            let rest = cell[pos + number.len()..].trim_start();
            for joiner in ["du ", "vom ", "din ", "dated ", "of ", "tanggal ", "van "] {
                if let Some(d) = rest.strip_prefix(joiner).and_then(find_date) {
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
    for raw in text.split_whitespace() {
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

fn amount(lines: &Lines) -> Option<(String, Option<&'static str>)> {
    for candidates in lines.after_label(AMOUNT_LABELS) {
        // An amount with decimals or a currency sign beats a bare number anywhere near the
        // label: "AMOUNT DUE ON August 3, 2014   $4.11" is 4.11, not 2014.
        let strong = candidates
            .iter()
            .find_map(|t| amounts_in(t).into_iter().rev().find(|(_, s)| *s).map(|(p, _)| (p, currency_in(t))));
        let weak = || candidates.iter().find_map(|t| amounts_in(t).pop().map(|(p, _)| (p, currency_in(t))));
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
    let end = words.iter().take(7).position(|w| LEGAL_FORMS.contains(&w.trim_end_matches([',', ';', ':'])))?;
    if end == 0 || words[..end].iter().any(|w| w.eq_ignore_ascii_case("bank")) {
        return None;
    }
    let name = words[..=end].join(" ");
    Some(name.trim_end_matches([',', ';', ':']).to_owned())
}

fn seller(lines: &Lines) -> Option<String> {
    for candidates in lines.after_label_where(SELLER_LABELS, false, &[]) {
        if let Some(name) = candidates
            .into_iter()
            .map(|t| t.trim_end_matches([',', ';']).trim().to_owned())
            .find(|t| t.len() > 1 && !t.starts_with('('))
        {
            return Some(name);
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
    // Most frequent, then earliest: the letterhead and footer repeat the seller.
    let max = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == max).map(|(name, _)| name)
}

fn looks_like_label(t: &str) -> bool {
    t.ends_with(':') || t.is_empty()
}

fn buyer(lines: &Lines, seller: Option<&str>) -> Option<String> {
    for candidates in lines.after_label_where(BUYER_LABELS, false, &[]) {
        if let Some(name) = candidates
            .into_iter()
            .find(|t| !looks_like_label(t) && !t.contains('@') && t.chars().any(char::is_alphabetic))
        {
            return Some(name);
        }
    }
    // DIN 5008 window envelope: the sender line ("Seller GmbH • Street 1 • 12345 City") sits
    // right above the recipient's name.
    if let Some(seller) = seller {
        for (i, row) in lines.rows.iter().enumerate().take(15) {
            let first = &row[0];
            if first.starts_with(seller)
                && first.len() > seller.len() + 5
                && first.chars().any(|c| c.is_ascii_digit())
                && let Some(next) = lines.rows.get(i + 1)
            {
                return Some(next[0].clone());
            }
        }
    }
    // Name, street with a number, postcode and city.
    for i in 2..lines.rows.len().min(40) {
        let postcode = &lines.rows[i][0];
        let street = &lines.rows[i - 1][0];
        let name = &lines.rows[i - 2][0];
        let starts_with_code =
            postcode.split_whitespace().next().is_some_and(|w| w.len() >= 4 && w.chars().all(|c| c.is_ascii_digit()));
        if starts_with_code
            && street.chars().any(|c| c.is_ascii_digit())
            && !name.chars().any(|c| c.is_ascii_digit())
            && seller.is_none_or(|s| !name.contains(s))
        {
            return Some(name.clone());
        }
    }
    None
}

pub fn extract(pages: &[String], default_currency: Option<Currency>) -> Result<ParsedInvoice, Vec<ImportError>> {
    let lines = Lines::new(pages);
    let mut errors = Vec::new();
    let number = number(&lines);
    if number.is_none() {
        errors.push(ImportError::missing(
            "page text",
            "invoice number (no label such as Invoice No, Factura nr, Nomor Faktur, Rechnungsnummer was found)",
        ));
    }
    let issue_date = date(&lines, &ISSUE_LABELS[..ISSUE_SPECIFIC], DUE_LABELS)
        .or_else(|| number.as_deref().and_then(|n| date_after_number(&lines, n)))
        .or_else(|| date(&lines, &ISSUE_LABELS[ISSUE_SPECIFIC..], DUE_LABELS));
    if issue_date.is_none() {
        errors.push(ImportError::missing("page text", "invoice date"));
    }
    let due_date = date(&lines, DUE_LABELS, &[]);
    let amount = amount(&lines);
    if amount.is_none() {
        errors.push(ImportError::missing(
            "page text",
            "amount due (no label such as Total, Amount due, Total de plată was found)",
        ));
    }
    let code = amount.as_ref().and_then(|(_, c)| *c).or_else(|| document_currency(&lines));
    let currency = match code.and_then(|c| c.parse::<Currency>().ok()).or(default_currency) {
        Some(c) => Some(c),
        None => {
            errors.push(ImportError::missing("page text", "currency (no currency code or sign was found)"));
            None
        }
    };
    let seller_name = seller(&lines);
    let buyer_name = buyer(&lines, seller_name.as_deref());
    let (Some(number), Some(issue_date), Some((amount_text, _)), Some(currency)) =
        (number, issue_date, amount, currency)
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
    }
    Ok(ParsedInvoice {
        number,
        kind: DocumentKind::Invoice,
        issue_date,
        due_date,
        currency,
        total: amount_due,
        amount_due,
        seller: Party { name: seller_name, ..Party::default() },
        buyer: Party { name: buyer_name, ..Party::default() },
        lines: Vec::new(),
        needs_review: true,
        warnings,
    })
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

    #[test]
    fn nothing_recognisable_is_an_error_not_a_guess() {
        let errs = extract(&page("Hello world\nJust a letter\n"), None).unwrap_err();
        assert!(errs.iter().any(|e| e.to_string().contains("invoice number")));
    }
}
