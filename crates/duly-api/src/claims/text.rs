//! Helpers the worksheets share: the visible blank in each language, amounts per currency,
//! a field line, and the plain-text copy of a page (to paste into an online form).

use duly_pdf::{DossierDoc, DossierEntry, DossierSection};

use super::facts::{ClaimFacts, Totals};
use crate::Language;
use crate::shared::money::display_amount;

/// What a field Duly cannot fill shows: never an empty line that reads as "nothing".
pub(crate) fn blank(language: Language) -> &'static str {
    match language {
        Language::En => "[blank: to fill in]",
        Language::Ro => "[necompletat: de completat]",
        Language::Id => "[kosong: diisi sendiri]",
    }
}

/// `text`, or the blank when it is empty; line breaks become ", ".
pub(crate) fn or_blank(text: &str, language: Language) -> String {
    let t = text.trim();
    if t.is_empty() {
        blank(language).to_owned()
    } else {
        t.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(", ")
    }
}

/// "Label: value" with the blank for an empty value.
pub(crate) fn field(label: &str, value: &str, language: Language) -> String {
    format!("{label}: {}", or_blank(value, language))
}

pub(crate) fn money(minor: i64, currency: &str, language: Language) -> String {
    display_amount(minor, currency, language).unwrap_or_else(|| format!("{minor} {currency}"))
}

/// "1.234,50 lei + 40,00 EUR": each currency apart; the blank for an empty list.
pub(crate) fn totals(t: &Totals, language: Language) -> String {
    if t.is_empty() {
        return "0".to_owned();
    }
    t.iter()
        .map(|(currency, minor)| match minor {
            Some(m) => money(*m, currency, language),
            None => format!("{currency}: {}", blank(language)),
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

pub(crate) fn entry(title: impl Into<String>, lines: Vec<String>) -> DossierEntry {
    DossierEntry { title: title.into(), lines }
}

pub(crate) fn section(heading: impl Into<String>, entries: Vec<DossierEntry>) -> DossierSection {
    DossierSection { heading: heading.into(), entries }
}

/// A page with the kit's usual frame: A4, dated today, by the business.
pub(crate) fn page(
    facts: &ClaimFacts,
    language: Language,
    title: impl Into<String>,
    subtitle: Vec<String>,
    sections: Vec<DossierSection>,
) -> DossierDoc {
    DossierDoc {
        language: language.into(),
        paper: duly_pdf::PaperSize::A4,
        title: title.into(),
        subtitle,
        date: facts.today,
        author: facts.business.name.trim().to_owned(),
        sections,
    }
}

/// The page as plain text, the same words as the PDF.
pub(crate) fn plain(doc: &DossierDoc) -> String {
    let mut out = format!("{}\n", doc.title);
    for line in &doc.subtitle {
        out.push_str(line);
        out.push('\n');
    }
    for s in &doc.sections {
        out.push_str(&format!("\n{}\n", s.heading));
        for e in &s.entries {
            out.push_str(&format!("\n{}\n", e.title));
            for line in &e.lines {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    out
}

/// The invoices as lines: "INV-7 · issued 2026-03-02 · due 2026-04-01 · total … · still due …".
pub(crate) fn invoice_lines(facts: &ClaimFacts, language: Language, words: [&str; 4]) -> Vec<String> {
    let [issued, due, total, still_due] = words;
    facts
        .invoices
        .iter()
        .map(|i| {
            let d = &i.detail;
            format!(
                "{} · {issued} {} · {due} {} · {total} {} · {still_due} {}",
                d.number,
                d.issue_date,
                d.due_date,
                money(d.total, &d.currency, language),
                money(d.amount_due, &d.currency, language)
            )
        })
        .collect()
}

/// Every file to attach, with its name in the kit.
pub(crate) fn attachments(facts: &ClaimFacts) -> Vec<String> {
    facts.attachments.iter().map(|(name, _)| name.clone()).collect()
}

/// The rules the claim engine applied, each once.
pub(crate) fn bases(facts: &ClaimFacts) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for b in facts.invoices.iter().filter_map(|i| i.claim.as_ref()).flat_map(|c| c.basis.iter()) {
        if !out.contains(b) {
            out.push(b.clone());
        }
    }
    out
}

/// Whether the principal in `currency` is within `limit` minor units: `Some(true/false)`, or
/// `None` when some of it is in another currency (Duly never converts).
pub(crate) fn within(principal: &Totals, currency: &str, limit: i64) -> Option<bool> {
    if principal.keys().any(|c| c != currency) {
        return None;
    }
    principal.get(currency).map(|m| m.is_some_and(|m| m <= limit))
}
