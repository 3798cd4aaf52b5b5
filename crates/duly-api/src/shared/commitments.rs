//! The commitments read model: what was promised on calls and agreed in instalment plans, read
//! back for the core to judge on a given day. The invoice page, the Today list, the ladder and the
//! outbox's last check before sending all ask it, so it sits below every one of them.

use std::collections::HashMap;

use chrono::NaiveDate;
use duly_core::calls::{self as core, Commitment, PaymentOn};
use duly_core::{Currency, Language as CoreLanguage, open_amount};
use duly_store::{Connection, instalment_plans, instalments, invoices, payments, promises};
use serde::Serialize;
use ts_rs::TS;

use crate::ApiResult;
use crate::shared::money::display;

/// Where an invoice stands with what was promised on calls, on a given day. A tagged object
/// (`{"kind": "paused", "until": "2026-11-21", ...}`) so the UI words it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PromiseStanding {
    /// Nothing promised, or nothing due any more.
    None,
    /// Reminders wait through `until` for a promise (or, with `instalment`, a plan's instalment)
    /// to pay `amount` by `pay_by`.
    Paused { until: NaiveDate, pay_by: NaiveDate, amount: i64, amount_display: String, instalment: Option<u32> },
    /// The latest promise or plan was kept; what is still due is chased as usual.
    Kept { on: NaiveDate },
    /// Not kept: broken since `since`; `paid` of `amount` had arrived.
    Broken {
        since: NaiveDate,
        pay_by: NaiveDate,
        amount: i64,
        amount_display: String,
        paid: i64,
        paid_display: String,
        instalment: Option<u32>,
    },
}

/// An invoice's payments as the core weighs them.
pub(crate) fn payments_of(conn: &Connection, invoice_id: i64) -> ApiResult<Vec<PaymentOn>> {
    Ok(payments::list_for_invoice(conn, invoice_id)?
        .into_iter()
        .map(|p| PaymentOn { date: p.paid_on, amount: p.amount_minor })
        .collect())
}

/// Everything promised or agreed on invoices, made on or before `as_of`, keyed by invoice. The
/// tables hold a few rows per chased invoice, so this reads them whole.
pub(crate) fn commitments_by_invoice(conn: &Connection, as_of: NaiveDate) -> ApiResult<HashMap<i64, Vec<Commitment>>> {
    let mut map: HashMap<i64, Vec<Commitment>> = HashMap::new();
    for p in promises::list_made_by(conn, as_of)? {
        let promise = core::Promise { made_on: p.made_on, pay_by: p.pay_by, amount: p.amount_minor };
        map.entry(p.invoice_id).or_default().push(Commitment::Promise(promise));
    }
    for p in instalment_plans::list_made_by(conn, as_of)? {
        let parts = instalments::list_for_plan(conn, p.id)?;
        map.entry(p.invoice_id).or_default().push(Commitment::Plan {
            id: p.id,
            made_on: p.made_on,
            instalments: parts,
        });
    }
    // The core lets the last of equal days govern: keep the order they were recorded in.
    Ok(map)
}

/// The core's standing of every invoice with a commitment, on `as_of`: what the Today list
/// (paused until / broken promise) and the dashboard read in one pass.
pub(crate) fn standings(conn: &Connection, as_of: NaiveDate) -> ApiResult<HashMap<i64, core::Standing>> {
    let mut out = HashMap::new();
    for (invoice_id, commitments) in commitments_by_invoice(conn, as_of)? {
        let Some(inv) = invoices::get(conn, invoice_id)? else { continue };
        if !inv.status.is_open() {
            continue;
        }
        let due = open_amount(inv.status, inv.total_minor, inv.paid_minor);
        out.insert(invoice_id, core::standing(&commitments, &payments_of(conn, invoice_id)?, due, as_of));
    }
    Ok(out)
}

/// **The ladder's hook**: the promise to put in `ladder::InvoiceFacts::promise` for this invoice
/// on `as_of` (a plan is the promise of its current instalment; see
/// `duly_core::calls::effective_promise`). `None` when nothing was promised.
pub fn ladder_promise(conn: &Connection, invoice_id: i64, as_of: NaiveDate) -> ApiResult<Option<core::Promise>> {
    let commitments = commitments_by_invoice_one(conn, invoice_id, as_of)?;
    Ok(core::effective_promise(&commitments, &payments_of(conn, invoice_id)?, as_of))
}

/// The ladder's other hook: the instalment being paid, when an instalment plan on track governs
/// the invoice on `as_of` (`ladder::InvoiceFacts::instalment`, what per-instalment reminders
/// are about; see `duly_core::calls::current_instalment`).
pub fn ladder_instalment(
    conn: &Connection,
    invoice_id: i64,
    as_of: NaiveDate,
) -> ApiResult<Option<core::CurrentInstalment>> {
    let commitments = commitments_by_invoice_one(conn, invoice_id, as_of)?;
    Ok(core::current_instalment(&commitments, &payments_of(conn, invoice_id)?, as_of))
}

fn commitments_by_invoice_one(conn: &Connection, invoice_id: i64, as_of: NaiveDate) -> ApiResult<Vec<Commitment>> {
    let mut out: Vec<Commitment> = promises::list_for_invoice(conn, invoice_id)?
        .into_iter()
        .filter(|p| p.made_on <= as_of)
        .map(|p| Commitment::Promise(core::Promise { made_on: p.made_on, pay_by: p.pay_by, amount: p.amount_minor }))
        .collect();
    for p in instalment_plans::list_for_invoice(conn, invoice_id)?.into_iter().filter(|p| p.made_on <= as_of) {
        let parts = instalments::list_for_plan(conn, p.id)?;
        out.push(Commitment::Plan { id: p.id, made_on: p.made_on, instalments: parts });
    }
    Ok(out)
}

/// The core's standing of one open invoice on `as_of` (`NoCommitment` when nothing was agreed
/// or it is not open): what the outbox re-checks before a reminder goes out.
pub(crate) fn standing_of(conn: &Connection, inv: &invoices::Invoice, as_of: NaiveDate) -> ApiResult<core::Standing> {
    let id = inv.id.unwrap_or_default();
    let commitments = commitments_by_invoice_one(conn, id, as_of)?;
    if commitments.is_empty() || !inv.status.is_open() {
        return Ok(core::Standing::NoCommitment);
    }
    let due = open_amount(inv.status, inv.total_minor, inv.paid_minor);
    Ok(core::standing(&commitments, &payments_of(conn, id)?, due, as_of))
}

pub(crate) fn standing_dto(
    conn: &Connection,
    inv: &invoices::Invoice,
    as_of: NaiveDate,
    language: CoreLanguage,
) -> ApiResult<PromiseStanding> {
    let id = inv.id.unwrap_or_default();
    let commitments = commitments_by_invoice_one(conn, id, as_of)?;
    if commitments.is_empty() || !inv.status.is_open() {
        return Ok(PromiseStanding::None);
    }
    let due = open_amount(inv.status, inv.total_minor, inv.paid_minor);
    let standing = core::standing(&commitments, &payments_of(conn, id)?, due, as_of);
    Ok(standing_to_dto(standing, inv.currency, language))
}

pub(crate) fn standing_to_dto(standing: core::Standing, currency: Currency, language: CoreLanguage) -> PromiseStanding {
    let money = |minor| display(minor, currency, language);
    match standing {
        core::Standing::NoCommitment | core::Standing::Settled => PromiseStanding::None,
        core::Standing::Kept { on } => PromiseStanding::Kept { on },
        core::Standing::Paused(p) => {
            let (pay_by, amount, instalment) = match p.reason {
                core::PauseReason::Promise { pay_by, amount } => (pay_by, amount, None),
                core::PauseReason::Instalment { instalment, remaining } => {
                    (instalment.due_on, remaining, Some(instalment.number))
                }
            };
            PromiseStanding::Paused { until: p.until, pay_by, amount, amount_display: money(amount), instalment }
        }
        core::Standing::Broken(b) => {
            let (pay_by, amount, paid, instalment) = match b.what {
                core::Broken::Promise { pay_by, amount, paid } => (pay_by, amount, paid, None),
                core::Broken::Instalment { instalment, paid } => {
                    (instalment.due_on, instalment.amount, paid, Some(instalment.number))
                }
            };
            PromiseStanding::Broken {
                since: b.since,
                pay_by,
                amount,
                amount_display: money(amount),
                paid,
                paid_display: money(paid),
                instalment,
            }
        }
    }
}
