//! The `terms` table: payment terms (late fee, early-payment discount) for the business as a
//! default, for a client, or for one invoice. The most specific set applies whole
//! (`duly_core::ladder::Terms::resolve`); this module only stores them.

use duly_core::ladder::{EarlyDiscount, LateFee, Terms};
use rusqlite::{Connection, OptionalExtension, Row, named_params};

/// Whose terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Business,
    Client(i64),
    Invoice(i64),
}

impl Scope {
    fn ids(self) -> (Option<i64>, Option<i64>) {
        match self {
            Scope::Business => (None, None),
            Scope::Client(id) => (Some(id), None),
            Scope::Invoice(id) => (None, Some(id)),
        }
    }
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Terms> {
    let kind: Option<String> = r.get("late_fee_kind")?;
    let value: Option<i64> = r.get("late_fee_value")?;
    let late_fee = match (kind.as_deref(), value) {
        (Some("fixed"), Some(amount)) => Some(LateFee::Fixed { amount }),
        (Some("percent"), Some(rate)) => Some(LateFee::Percent { rate }),
        (Some("interest_per_year"), Some(rate)) => Some(LateFee::InterestPerYear { rate }),
        _ => None,
    };
    let rate: Option<i64> = r.get("discount_rate")?;
    let days: Option<u32> = r.get("discount_days")?;
    let early_discount = rate.zip(days).map(|(rate, within_days)| EarlyDiscount { rate, within_days });
    let claim_statutory: bool = r.get("claim_statutory")?;
    Ok(Terms { late_fee, early_discount, claim_statutory })
}

/// The terms stored for exactly this scope (no fallback: that is the core's `resolve`).
pub fn get(conn: &Connection, scope: Scope) -> rusqlite::Result<Option<Terms>> {
    let (client_id, invoice_id) = scope.ids();
    conn.prepare_cached("SELECT * FROM terms WHERE client_id IS ?1 AND invoice_id IS ?2")?
        .query_row(rusqlite::params![client_id, invoice_id], from_row)
        .optional()
}

/// Sets the terms of a scope (the caller has checked them with `Terms::check`).
pub fn set(conn: &Connection, scope: Scope, t: &Terms, now: &str) -> rusqlite::Result<()> {
    let (client_id, invoice_id) = scope.ids();
    let (kind, value) = match t.late_fee {
        None => (None, None),
        Some(LateFee::Fixed { amount }) => (Some("fixed"), Some(amount)),
        Some(LateFee::Percent { rate }) => (Some("percent"), Some(rate)),
        Some(LateFee::InterestPerYear { rate }) => (Some("interest_per_year"), Some(rate)),
    };
    clear(conn, scope)?;
    conn.prepare_cached(
        "INSERT INTO terms (client_id, invoice_id, late_fee_kind, late_fee_value, discount_rate, discount_days, claim_statutory, updated_at)
         VALUES (:client_id, :invoice_id, :kind, :value, :rate, :days, :claim, :now)",
    )?
    .execute(named_params! {
        ":client_id": client_id,
        ":invoice_id": invoice_id,
        ":kind": kind,
        ":value": value,
        ":rate": t.early_discount.map(|d| d.rate),
        ":days": t.early_discount.map(|d| d.within_days),
        ":claim": t.claim_statutory,
        ":now": now,
    })?;
    Ok(())
}

/// Removes a scope's own terms, so the next one up applies. False when there were none.
pub fn clear(conn: &Connection, scope: Scope) -> rusqlite::Result<bool> {
    let (client_id, invoice_id) = scope.ids();
    let n = conn
        .prepare_cached("DELETE FROM terms WHERE client_id IS ?1 AND invoice_id IS ?2")?
        .execute(rusqlite::params![client_id, invoice_id])?;
    Ok(n == 1)
}

/// The terms in force for an invoice: its own, else its client's, else the business's, else none.
pub fn in_force(conn: &Connection, client_id: i64, invoice_id: i64) -> rusqlite::Result<Terms> {
    Ok(Terms::resolve(
        get(conn, Scope::Business)?.unwrap_or_default(),
        get(conn, Scope::Client(client_id))?,
        get(conn, Scope::Invoice(invoice_id))?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ladder_fixtures::{client, invoice, store};

    #[test]
    fn terms_per_scope_and_the_most_specific_in_force() {
        let store = store();
        let conn = store.conn();
        let acme = client(conn, "Acme");
        let inv = invoice(conn, "T-1", acme);
        let business = Terms {
            late_fee: Some(LateFee::InterestPerYear { rate: 800 }),
            early_discount: Some(EarlyDiscount { rate: 200, within_days: 10 }),
            claim_statutory: true,
        };
        set(conn, Scope::Business, &business, "t").unwrap();
        set(conn, Scope::Business, &business, "t2").unwrap();
        assert_eq!(in_force(conn, acme, inv).unwrap(), business);
        let no_fee = Terms { claim_statutory: false, ..Terms::default() };
        set(conn, Scope::Client(acme), &no_fee, "t").unwrap();
        assert_eq!(in_force(conn, acme, inv).unwrap(), no_fee, "the client's own terms apply whole");
        let fixed = Terms { late_fee: Some(LateFee::Fixed { amount: 2_500 }), ..Terms::default() };
        set(conn, Scope::Invoice(inv), &fixed, "t").unwrap();
        assert_eq!(in_force(conn, acme, inv).unwrap(), fixed);
        assert!(clear(conn, Scope::Invoice(inv)).unwrap());
        assert!(clear(conn, Scope::Client(acme)).unwrap());
        assert_eq!(in_force(conn, acme, inv).unwrap(), business);
        let n: i64 = conn.query_row("SELECT count(*) FROM terms", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
    }
}
