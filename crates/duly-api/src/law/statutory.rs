//! What the law adds to a late invoice, as the documents and messages state it: which demand
//! letter the law of the contract calls for (`duly_core::law::letter_law`), and the statutory
//! interest accrued to a day with the fixed compensation (`duly_core::law::claim`).
//!
//! One computation per invoice and day: the firm reminders, the final demand's email and the
//! letter attached to it all read [`StatutoryFacts`] for the same date, so they cannot disagree.

use chrono::NaiveDate;
use duly_core::ladder::{LateFee, Terms};
use duly_core::law::{self, ClaimInput, Debtor, LetterLaw};
use duly_core::{Currency, Money};
use duly_store::{client_law, invoices as table, payments};
use rusqlite::Connection;

use crate::ApiResult;

/// The law's part of a demand on one invoice on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StatutoryFacts {
    /// The letter the law calls for; its citations are `None` where nothing statutory is claimed.
    pub letter: LetterLaw,
    pub private_person: bool,
    /// The statutory interest accrued on `as_of`; `None` when none is claimed, or when a
    /// period's reference rate is unknown (then only the basis is stated, never a figure).
    pub interest: Option<Money>,
    /// The fixed compensation, in the currency the law states it in.
    pub compensation: Option<Money>,
}

/// The jurisdiction that governs the client's invoices: the client's own, else the business's
/// country.
pub(crate) fn jurisdiction_of(conn: &Connection, client_id: i64) -> ApiResult<(Option<String>, bool)> {
    let law = client_law::get(conn, client_id)?;
    let own = law.jurisdiction.clone().filter(|j| !j.trim().is_empty());
    let jurisdiction = match own {
        Some(j) => Some(j),
        None => crate::law::interest::law_country(conn)?,
    };
    Ok((jurisdiction, law.private_person))
}

/// The facts for `inv` on `as_of`, given the payment terms in force (a contractual interest rate
/// takes the place of the statutory one, so the two are never claimed together).
pub(crate) fn statutory_facts(
    conn: &Connection,
    inv: &table::Invoice,
    terms: &Terms,
    as_of: NaiveDate,
) -> ApiResult<StatutoryFacts> {
    let (jurisdiction, private_person) = jurisdiction_of(conn, inv.client_id)?;
    let debtor = if private_person { Debtor::PrivatePerson } else { Debtor::Business };
    let mut letter = law::letter_law(jurisdiction.as_deref(), debtor);
    let mut facts = StatutoryFacts { letter: letter.clone(), private_person, interest: None, compensation: None };
    // The terms in force ("claim statutory interest and compensation", on unless turned off)
    // decide, as they do for `interest_get`: a reminder never states what the user waived.
    if !terms.claim_statutory {
        letter.interest_citation = None;
        letter.compensation_citation = None;
        facts.letter = letter;
        return Ok(facts);
    }
    if matches!(terms.late_fee, Some(LateFee::InterestPerYear { .. })) {
        letter.interest_citation = None;
    }
    let paid: Vec<_> = payments::list_for_invoice(conn, inv.id.unwrap_or_default())?
        .into_iter()
        .map(|p| (p.paid_on, p.amount_minor))
        .collect();
    let input = ClaimInput {
        jurisdiction: jurisdiction.as_deref(),
        debtor,
        currency: inv.currency,
        principal: inv.total_minor,
        due: inv.due_date,
        payments: &paid,
        as_of,
    };
    let claim = law::claim(&input, &crate::law::interest::rate_table(conn)?);
    if letter.interest_citation.is_some() && claim.complete() && !claim.periods.is_empty() {
        facts.interest = Some(Money::new(claim.interest_total, inv.currency));
    }
    if letter.compensation_citation.is_some() {
        facts.compensation = claim
            .compensation
            .as_ref()
            .and_then(|c| c.currency.parse::<Currency>().ok().map(|cur| Money::new(c.amount, cur)));
        if facts.compensation.is_none() {
            // The tier needs an exchange rate Duly does not have: cite nothing rather than guess.
            letter.compensation_citation = None;
        }
    }
    facts.letter = letter;
    Ok(facts)
}
