//! Is this invoice money owed *to* the user? Duly chases receivables only; a supplier's invoice
//! dropped by mistake must be turned away, not added as a debt the user's client owes.

use serde::{Deserialize, Serialize};

use crate::model::{ParsedInvoice, Party};

/// The user's business as configured in Duly's settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessIdentity {
    pub name: Option<String>,
    pub tax_id: Option<String>,
}

impl BusinessIdentity {
    pub fn is_configured(&self) -> bool {
        self.name.as_deref().is_some_and(|n| !normalise_name(n).is_empty())
            || self.tax_id.as_deref().is_some_and(|t| !normalise_tax_id(t).is_empty())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "direction", rename_all = "snake_case")]
pub enum Direction {
    /// The user is the seller, or nothing says otherwise (exports of the user's own invoicing
    /// tool carry no seller; without a configured identity nothing can be checked).
    Receivable,
    /// The user is the buyer: this is a bill to pay, not an invoice to chase.
    Rejected { reason: String },
    /// Identity configured, the invoice names a seller, and neither party matches the user: show
    /// it for review rather than guess (a renamed business, a tax id typed differently).
    Unverified { reason: String },
}

pub const BUYER_REASON: &str = "you are the buyer: Duly tracks money owed to you";

/// Tax ids decide when both sides have one (they are unique); names are the fallback, compared
/// without case, punctuation or legal-form noise.
pub fn classify(invoice: &ParsedInvoice, me: &BusinessIdentity) -> Direction {
    if !me.is_configured() {
        return Direction::Receivable;
    }
    let seller_is_me = is_me(&invoice.seller, me);
    let buyer_is_me = is_me(&invoice.buyer, me);
    match (seller_is_me, buyer_is_me) {
        (Some(true), _) => Direction::Receivable,
        (_, Some(true)) => Direction::Rejected { reason: BUYER_REASON.to_owned() },
        _ if invoice.seller.is_empty() => Direction::Receivable,
        _ => Direction::Unverified {
            reason: format!(
                "neither the seller ({}) nor the buyer matches your business details; check before importing",
                invoice.seller.name.as_deref().unwrap_or("unnamed")
            ),
        },
    }
}

/// `Some(true)` on a match, `Some(false)` when the party has comparable data that differs,
/// `None` when nothing can be compared.
fn is_me(party: &Party, me: &BusinessIdentity) -> Option<bool> {
    if let (Some(theirs), Some(mine)) =
        (party.tax_id.as_deref().or(party.registration_id.as_deref()), me.tax_id.as_deref())
    {
        let (a, b) = (normalise_tax_id(theirs), normalise_tax_id(mine));
        if !a.is_empty() && !b.is_empty() {
            if a == b {
                return Some(true);
            }
            // Registration id may match where the VAT id did not (RO CUI vs "RO" + CUI handled
            // by normalisation; a separate company number here).
            if let Some(reg) = party.registration_id.as_deref()
                && normalise_tax_id(reg) == b
            {
                return Some(true);
            }
            return Some(false);
        }
    }
    let mine = normalise_name(me.name.as_deref()?);
    if mine.is_empty() {
        return None;
    }
    let names = [party.name.as_deref(), party.trading_name.as_deref()];
    let comparable: Vec<String> = names.iter().flatten().map(|n| normalise_name(n)).filter(|n| !n.is_empty()).collect();
    if comparable.is_empty() {
        return None;
    }
    Some(comparable.contains(&mine))
}

/// "RO 123 456" and "123456", "DE123456789" and "de 123.456.789" are the same id: the country
/// prefix is optional in practice (Romanian CUI vs CIF), separators are decoration.
pub fn normalise_tax_id(id: &str) -> String {
    let alnum: String = id.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_uppercase();
    let bytes = alnum.as_bytes();
    if bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1].is_ascii_alphabetic() && bytes[2].is_ascii_digit()
    {
        alnum[2..].to_owned()
    } else {
        alnum
    }
}

const LEGAL_FORMS: &[&str] = &[
    "srl", "sa", "pfa", "ii", "if", "sc", "gmbh", "ag", "kg", "ug", "ohg", "ltd", "limited", "llc", "inc", "corp",
    "co", "plc", "bv", "nv", "sas", "sarl", "eurl", "pt", "cv", "tbk", "ud", "spa", "sl", "oy", "ab", "as", "aps",
];

/// Lower case, letters and digits only, legal-form words dropped: "Acme S.R.L." == "ACME SRL" ==
/// "acme".
pub fn normalise_name(name: &str) -> String {
    let lowered = name.to_lowercase();
    // Join dotted abbreviations first so "S.R.L." becomes "srl" rather than "s r l".
    let joined: String = lowered.chars().filter(|c| *c != '.').collect();
    let words: Vec<String> =
        joined.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect();
    let kept: Vec<&str> = words.iter().map(String::as_str).filter(|w| !LEGAL_FORMS.contains(w)).collect();
    if kept.is_empty() { words.join(" ") } else { kept.join(" ") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentKind;
    use chrono::NaiveDate;

    fn invoice(seller: Party, buyer: Party) -> ParsedInvoice {
        ParsedInvoice {
            number: "1".into(),
            kind: DocumentKind::Invoice,
            issue_date: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            due_date: None,
            currency: "EUR".parse().unwrap(),
            total: 100,
            amount_due: 100,
            seller,
            buyer,
            lines: vec![],
            credited_invoice: None,
            needs_review: false,
            warnings: vec![],
        }
    }

    fn party(name: &str, tax: Option<&str>) -> Party {
        Party { name: Some(name.into()), tax_id: tax.map(Into::into), ..Party::default() }
    }

    #[test]
    fn seller_me_is_receivable_buyer_me_is_rejected() {
        let me = BusinessIdentity { name: Some("Acme S.R.L.".into()), tax_id: Some("RO 1234567".into()) };
        let mine = invoice(party("ACME SRL", Some("RO1234567")), party("Client SA", None));
        assert_eq!(classify(&mine, &me), Direction::Receivable);
        let bill = invoice(party("Hosting GmbH", Some("DE999")), party("Acme", Some("1234567")));
        assert_eq!(classify(&bill, &me), Direction::Rejected { reason: BUYER_REASON.into() });
        let stranger = invoice(party("Other", Some("DE1")), party("Someone", Some("DE2")));
        assert!(matches!(classify(&stranger, &me), Direction::Unverified { .. }));
    }

    #[test]
    fn names_decide_when_no_tax_ids_and_nothing_configured_rejects_nothing() {
        let me = BusinessIdentity { name: Some("Jane Doe Design".into()), tax_id: None };
        let bill = invoice(party("Supplier Ltd", None), party("jane doe design", None));
        assert!(matches!(classify(&bill, &me), Direction::Rejected { .. }));
        assert_eq!(classify(&bill, &BusinessIdentity::default()), Direction::Receivable);
        let csv_export = invoice(Party::default(), party("Client", None));
        assert_eq!(classify(&csv_export, &me), Direction::Receivable);
    }
}
