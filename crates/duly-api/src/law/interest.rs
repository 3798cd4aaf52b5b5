//! `interest_get`: what the law lets the business claim on a late invoice (statutory interest by
//! period, the fixed compensation, the rules to cite), and the facts it depends on: the
//! business's country (`law_country_*`), a client's governing law and whether the client is a
//! private person (`client_law_*`), and reference rates the user adds (`reference_rate_add`).
//! The rules themselves are `duly_core::law`.

use duly_core::law::{self, ClaimInput, Debtor, RateTable, Series};
use duly_store::{client_law, payments, reference_rates, settings};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, ApiResult, Duly, shared::parse};

/// The `settings` key of the business's own country (ISO 3166-1 alpha-2): the law that applies
/// to a client with no governing law of its own.
const LAW_COUNTRY: &str = "law_country";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct InterestQuery {
    pub number: String,
    /// YYYY-MM-DD; `null` for today.
    pub as_of: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InterestPeriod {
    /// YYYY-MM-DD, the first day of the period.
    pub from: String,
    /// YYYY-MM-DD, the last day (inclusive).
    pub to: String,
    pub days: i64,
    /// Basis points; `null` for a fixed statutory rate (Indonesia) or when the table has no rate.
    pub reference_rate_bp: Option<i64>,
    pub margin_bp: i64,
    /// `null` when the reference rate for these days is unknown: the period is left out of the total.
    pub rate_bp: Option<i64>,
    /// Minor units; `null` when the rate is unknown.
    pub amount: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InterestCompensation {
    /// Minor units of `currency`.
    pub amount: i64,
    /// The currency the law states the sum in (EUR for Romania, paid in lei).
    pub currency: String,
    pub basis: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InterestClaim {
    pub number: String,
    pub currency: String,
    /// The law applied: the client's governing law, else the business's country; `null` if neither is set.
    pub jurisdiction: Option<String>,
    /// The invoice's total, in minor units.
    pub principal: i64,
    pub periods: Vec<InterestPeriod>,
    /// Minor units: the sum of the periods whose rate is known.
    pub interest_total: i64,
    pub compensation: Option<InterestCompensation>,
    /// The rules applied, each with its source, or why none apply.
    pub basis: Vec<String>,
    /// What to check before relying on the figures (a stale rate table, a rate unknown for some
    /// days, a sum to convert); empty when there is nothing to say.
    pub warnings: Vec<String>,
}

/// [`InterestClaim`] with its amounts written for people in the business's language, for the
/// invoice page (the CLI's `--json` keeps the claim's own shape).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InterestCard {
    pub claim: InterestClaim,
    /// YYYY-MM-DD: the day the claim is computed for.
    pub as_of: String,
    pub principal_display: String,
    pub interest_total_display: String,
    /// One per period of `claim.periods`, `null` where the rate is unknown.
    pub period_amounts_display: Vec<Option<String>>,
    /// The fixed compensation in the currency the law states it in.
    pub compensation_display: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClientLawInput {
    pub client_id: i64,
    /// ISO 3166-1 alpha-2 (`"GB"`, `"UK"` accepted) or `"EU"`; `null` or "" for the business's own country.
    pub jurisdiction: Option<String>,
    pub private_person: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ClientLaw {
    pub client_id: i64,
    /// The client's own governing law, `null` when it follows the business's country.
    pub jurisdiction: Option<String>,
    pub private_person: bool,
    /// The law that applies to its invoices: its own, else the business's country.
    pub applies: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReferenceRateInput {
    /// `bnr_reference`, `boe_base`, `ecb_mro`, `de_basiszins` or `nbp_reference`.
    pub series: String,
    /// YYYY-MM-DD: the day the rate took effect.
    pub effective: String,
    /// The rate as a decimal percentage: "6.50".
    pub rate: String,
    /// Where it was published (a URL, a gazette), required.
    pub source: String,
}

/// One reference-rate table as Settings shows it: how far it is known and whether a newer
/// publication is overdue (then the figures that need it say "rate unknown" until the user adds it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RateTableStatus {
    /// The code `reference_rate_add` takes: `bnr_reference`, `boe_base`, ...
    pub series: String,
    /// How the rate is cited: "BNR reference rate".
    pub name: String,
    /// YYYY-MM-DD: the last day the table is known to be complete; `null` for an empty table.
    pub known_until: Option<String>,
    /// The latest rate: its effective day (YYYY-MM-DD), basis points, source and whether the user added it.
    pub last_effective: Option<String>,
    pub last_rate_bp: Option<i64>,
    pub last_source: Option<String>,
    pub last_user_added: bool,
    /// A newer publication is expected by today: a period after `known_until` has no rate.
    pub stale: bool,
}

impl Duly {
    /// Every reference-rate table (bundled with the user's rates merged), with its last known day
    /// and whether it is stale today.
    pub fn rate_tables_get(&self) -> ApiResult<Vec<RateTableStatus>> {
        let table = self.rate_table()?;
        let today = self.today();
        Ok(Series::ALL
            .into_iter()
            .map(|series| {
                let last = table.rates(series).last();
                RateTableStatus {
                    series: series.code().to_owned(),
                    name: series.name().to_owned(),
                    known_until: table.known_until(series).map(|d| d.to_string()),
                    last_effective: last.map(|r| r.effective.to_string()),
                    last_rate_bp: last.map(|r| r.rate_bp),
                    last_source: last.map(|r| r.source.clone()),
                    last_user_added: last.is_some_and(|r| r.user_added),
                    stale: table.stale_on(series, today),
                }
            })
            .collect())
    }

    /// The statutory claim on an invoice on `as_of` (today by default). Paid invoices are
    /// included: interest on a payment that came late is still owed.
    pub fn interest_get(&self, query: InterestQuery) -> ApiResult<InterestClaim> {
        let as_of = self.as_of(query.as_of.as_deref())?;
        let inv = self.find_invoice(&query.number)?;
        match inv.status {
            duly_core::InvoiceStatus::Draft => {
                return Err(ApiError::invalid(format!("invoice {} is a draft: it is not due yet", inv.number)));
            }
            duly_core::InvoiceStatus::Void => {
                return Err(ApiError::invalid(format!("invoice {} is void: nothing is owed", inv.number)));
            }
            _ => {}
        }
        let id = inv.id.unwrap_or_default();
        crate::invoices::review::refuse_unconfirmed(self.conn(), id, &inv.number)?;
        let law = client_law::get(self.conn(), inv.client_id)?;
        let jurisdiction = law.jurisdiction.clone().or(self.law_country()?);
        if let Some(whose) = self.claim_waived(inv.client_id, id)? {
            return Ok(InterestClaim {
                number: inv.number,
                currency: inv.currency.code().to_owned(),
                jurisdiction,
                principal: inv.total_minor,
                periods: Vec::new(),
                interest_total: 0,
                compensation: None,
                basis: vec![format!(
                    "Not claimed: {whose} say not to claim statutory interest and compensation on this invoice."
                )],
                warnings: Vec::new(),
            });
        }
        let paid: Vec<_> =
            payments::list_for_invoice(self.conn(), id)?.into_iter().map(|p| (p.paid_on, p.amount_minor)).collect();
        let input = ClaimInput {
            jurisdiction: jurisdiction.as_deref(),
            debtor: if law.private_person { Debtor::PrivatePerson } else { Debtor::Business },
            currency: inv.currency,
            principal: inv.total_minor,
            due: inv.due_date,
            payments: &paid,
            as_of,
        };
        let claim = law::claim(&input, &self.rate_table()?);
        Ok(InterestClaim {
            number: inv.number,
            currency: inv.currency.code().to_owned(),
            jurisdiction: claim.jurisdiction,
            principal: claim.principal,
            periods: claim
                .periods
                .iter()
                .map(|p| InterestPeriod {
                    from: p.from.to_string(),
                    to: p.to.to_string(),
                    days: p.days,
                    reference_rate_bp: p.reference_rate_bp,
                    margin_bp: p.margin_bp,
                    rate_bp: p.rate_bp,
                    amount: p.amount,
                })
                .collect(),
            interest_total: claim.interest_total,
            compensation: claim.compensation.map(|c| InterestCompensation {
                amount: c.amount,
                currency: c.currency.to_owned(),
                basis: c.basis.to_owned(),
            }),
            basis: claim.basis,
            warnings: claim.warnings.iter().map(ToString::to_string).collect(),
        })
    }

    /// [`interest_get`](Self::interest_get) with its amounts written out, for the window.
    pub fn interest_card(&self, query: InterestQuery) -> ApiResult<InterestCard> {
        let as_of = self.as_of(query.as_of.as_deref())?;
        let claim = self.interest_get(InterestQuery { number: query.number, as_of: Some(as_of.to_string()) })?;
        let language = self.language()?;
        let show = |minor: i64, code: &str| match code.parse::<duly_core::Currency>() {
            Ok(currency) => crate::shared::money::display(minor, currency, language),
            Err(_) => format!("{minor} {code}"),
        };
        Ok(InterestCard {
            as_of: as_of.to_string(),
            principal_display: show(claim.principal, &claim.currency),
            interest_total_display: show(claim.interest_total, &claim.currency),
            period_amounts_display: claim.periods.iter().map(|p| p.amount.map(|a| show(a, &claim.currency))).collect(),
            compensation_display: claim.compensation.as_ref().map(|c| show(c.amount, &c.currency)),
            claim,
        })
    }

    /// The business's own country (the default law for its clients), if set.
    pub fn law_country_get(&self) -> ApiResult<Option<String>> {
        self.law_country()
    }

    /// Sets (or with `None`/"" clears) the business's own country.
    pub fn law_country_set(&mut self, country: Option<String>) -> ApiResult<Option<String>> {
        let country = jurisdiction_code("country", country.as_deref())?;
        let now = self.stamp();
        settings::set(self.conn(), LAW_COUNTRY, country.as_deref().unwrap_or(""), &now)?;
        Ok(country)
    }

    pub fn client_law_get(&self, client_id: i64) -> ApiResult<ClientLaw> {
        self.client_get(client_id)?;
        let law = client_law::get(self.conn(), client_id)?;
        let applies = law.jurisdiction.clone().or(self.law_country()?);
        Ok(ClientLaw { client_id, jurisdiction: law.jurisdiction, private_person: law.private_person, applies })
    }

    /// Sets a client's governing law (overriding the business's country) and whether it is a
    /// private person.
    pub fn client_law_set(&mut self, input: ClientLawInput) -> ApiResult<ClientLaw> {
        self.client_get(input.client_id)?;
        let jurisdiction = jurisdiction_code("jurisdiction", input.jurisdiction.as_deref())?;
        let now = self.stamp();
        let row = client_law::ClientLaw { jurisdiction, private_person: input.private_person };
        client_law::set(self.conn(), input.client_id, &row, &now)?;
        self.client_law_get(input.client_id)
    }

    /// Adds a published reference rate the bundled table lacks (or corrects one), with its
    /// source; it is merged over the bundled table from then on.
    pub fn reference_rate_add(&mut self, input: ReferenceRateInput) -> ApiResult<()> {
        let series: Series = input.series.parse().map_err(|e| ApiError::invalid(format!("series: {e}")))?;
        let effective = parse::date("effective", &input.effective)?;
        parse::text_limit("source", &input.source, parse::TextLimit::Address)?;
        let rate_bp = rate_bp(&input.rate)?;
        // The same checks the core applies when merging, so a stored row always merges.
        RateTable::default()
            .add(series, effective, rate_bp, &input.source)
            .map_err(|e| ApiError::invalid(format!("rate: {e}")))?;
        let row =
            reference_rates::UserRate { series: series.code().to_owned(), effective, rate_bp, source: input.source };
        let now = self.stamp();
        reference_rates::put(self.conn(), &row, &now)?;
        Ok(())
    }

    /// Whose terms turn the statutory claim off for this invoice ("the invoice's own terms"), or
    /// `None` when the terms in force claim it. The most specific set decides, whole, as for the
    /// late fee (`Terms::resolve`).
    fn claim_waived(&self, client_id: i64, invoice_id: i64) -> ApiResult<Option<&'static str>> {
        use duly_store::terms::{self, Scope};
        for (scope, whose) in [
            (Scope::Invoice(invoice_id), "the invoice's own terms"),
            (Scope::Client(client_id), "the client's terms"),
            (Scope::Business, "the business's terms"),
        ] {
            if let Some(t) = terms::get(self.conn(), scope)? {
                return Ok((!t.claim_statutory).then_some(whose));
            }
        }
        Ok(None)
    }

    fn law_country(&self) -> ApiResult<Option<String>> {
        law_country(self.conn())
    }

    fn rate_table(&self) -> ApiResult<RateTable> {
        rate_table(self.conn())
    }
}

/// The business's own country, if set.
pub(crate) fn law_country(conn: &rusqlite::Connection) -> ApiResult<Option<String>> {
    Ok(settings::get(conn, LAW_COUNTRY)?.filter(|c| !c.trim().is_empty()))
}

/// The bundled table with the user's rates merged over it.
pub(crate) fn rate_table(conn: &rusqlite::Connection) -> ApiResult<RateTable> {
    let mut table = RateTable::bundled();
    for r in reference_rates::list(conn)? {
        let series: Series = r
            .series
            .parse()
            .map_err(|e| ApiError::invalid(format!("reference rate of {} ({}): {e}", r.effective, r.series)))?;
        table
            .add(series, r.effective, r.rate_bp, &r.source)
            .map_err(|e| ApiError::invalid(format!("reference rate {} of {}: {e}", r.series, r.effective)))?;
    }
    Ok(table)
}

/// "gb" → "GB", "UK" → "GB", "" → `None`; two letters or `EU`, else an error naming the field.
fn jurisdiction_code(field: &str, text: Option<&str>) -> ApiResult<Option<String>> {
    let code = text.unwrap_or("").trim().to_ascii_uppercase();
    if code.is_empty() {
        return Ok(None);
    }
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ApiError::invalid(format!(
            "{field}: \"{code}\" is not a two-letter country code (ISO 3166-1, e.g. RO, GB, ID) or EU"
        )));
    }
    Ok(Some(if code == "UK" { "GB".to_owned() } else { code }))
}

/// "6.50" → 650 basis points; "-0.88" → -88. At most two decimals.
fn rate_bp(text: &str) -> ApiResult<i64> {
    let t = text.trim().trim_end_matches('%').trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let bad = || ApiError::invalid(format!("rate: \"{}\" is not a percentage such as 6.50", text.trim()));
    if whole.is_empty() || frac.len() > 2 || !(whole.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let bp = whole.checked_mul(100).and_then(|w| w.checked_add(frac)).ok_or_else(bad)?;
    Ok(if negative { -bp } else { bp })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_basis_points() {
        assert_eq!(rate_bp("6.50").unwrap(), 650);
        assert_eq!(rate_bp("6.5 %").unwrap(), 650);
        assert_eq!(rate_bp("-0.88").unwrap(), -88);
        assert_eq!(rate_bp("7").unwrap(), 700);
        for bad in ["", "6.505", "a", "6,5", "--1"] {
            assert!(rate_bp(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn jurisdictions_are_two_letters() {
        assert_eq!(jurisdiction_code("j", Some(" uk ")).unwrap().as_deref(), Some("GB"));
        assert_eq!(jurisdiction_code("j", Some("")).unwrap(), None);
        assert!(jurisdiction_code("j", Some("GBR")).unwrap_err().message.starts_with("j:"));
    }
}
