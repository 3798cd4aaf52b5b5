//! Deposits (advance invoices): the playbook's "ask a new client for a deposit", and the final
//! invoice that deducts it (migration 0020, table `deposits`).
//!
//! A deposit is an ordinary invoice (numbered in the series, taxed, chased) marked as one. Once
//! it is paid, a draft of the same client and currency deducts it with a negative line, "Less
//! deposit INV-… paid on …", at the deposit's net amount: with the same tax rate the final
//! invoice's tax then covers only what the deposit did not (EN 16931 and the Romanian and
//! Indonesian practice of reversing the advance on the final invoice), and its total is what
//! is still owed. Because the deduction is a line, the PDF, the email (worded from the
//! invoice's totals) and every list state the same amounts. A deposit is deducted once; a
//! draft whose deduction line is edited away gives its deposit back.

use duly_core::{Language, LineItem, Quantity, TaxRate, format_date, status_of};
use duly_store::{Connection, deposits as table, events, invoices as invoice_table, lines, payments};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::invoices::InvoiceDetail;
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly, shared::parse};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DepositMarkInput {
    pub number: String,
    /// Mark (true) or unmark (false) the invoice as a deposit for its client.
    pub deposit: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DepositDeductInput {
    /// The final invoice, still a draft.
    pub number: String,
    /// The paid deposit invoice to deduct.
    pub deposit_number: String,
}

/// A deposit as the invoice page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct DepositInfo {
    /// This invoice is a deposit.
    pub is_deposit: bool,
    /// The invoice this deposit was deducted on.
    pub deducted_on: Option<String>,
    /// On a draft: the client's paid deposits not deducted yet, which this invoice may deduct.
    pub deductible: Vec<String>,
}

/// The deduction line in the client's language.
fn line_text(number: &str, paid_on: chrono::NaiveDate, language: Language) -> String {
    let on = format_date(paid_on, language);
    match language {
        Language::En => format!("Less deposit {number} paid on {on}"),
        Language::Id => format!("Dikurangi uang muka {number} yang dibayar pada {on}"),
        Language::Ro => format!("Minus avansul {number} plătit pe {on}"),
    }
}

/// The text every language's deduction line starts with, to find it again among the lines.
fn names_deposit(description: &str, number: &str) -> bool {
    ["Less deposit ", "Dikurangi uang muka ", "Minus avansul "]
        .iter()
        .any(|p| description.strip_prefix(p).is_some_and(|rest| rest.starts_with(&format!("{number} "))))
}

/// After a draft's lines are replaced: a deposit whose line is gone is no longer deducted on it.
pub(crate) fn after_lines_replaced(conn: &Connection, invoice_id: i64, items: &[LineItem]) -> ApiResult<()> {
    for deposit_id in table::deducted_on(conn, invoice_id)? {
        let Some(deposit) = invoice_table::get(conn, deposit_id)? else { continue };
        if !items.iter().any(|l| names_deposit(&l.description, &deposit.number)) {
            table::release(conn, deposit_id)?;
        }
    }
    Ok(())
}

pub(crate) fn info(conn: &Connection, inv: &invoice_table::Invoice) -> ApiResult<DepositInfo> {
    let id = inv.id.unwrap_or_default();
    let own = table::get(conn, id)?;
    let deducted_on = match own.and_then(|d| d.deducted_on_invoice) {
        Some(f) => invoice_table::get(conn, f)?.map(|i| i.number),
        None => None,
    };
    let mut deductible = Vec::new();
    if inv.status == duly_core::InvoiceStatus::Draft && own.is_none() {
        for d in table::open_for_client(conn, inv.client_id)? {
            if let Some(dep) = invoice_table::get(conn, d)?
                && dep.status == duly_core::InvoiceStatus::Paid
                && dep.currency == inv.currency
            {
                deductible.push(dep.number);
            }
        }
    }
    Ok(DepositInfo { is_deposit: own.is_some(), deducted_on, deductible })
}

impl Duly {
    /// Marks an invoice as a deposit (advance) for its client, or unmarks one not deducted yet.
    pub fn deposit_mark(&mut self, input: DepositMarkInput) -> ApiResult<InvoiceDetail> {
        let inv = self.find_invoice(&input.number)?;
        let id = inv.id.unwrap_or_default();
        let at = self.stamp();
        let tx = self.transaction()?;
        if input.deposit {
            if !table::deducted_on(&tx, id)?.is_empty() {
                return Err(ApiError::conflict(format!(
                    "invoice {} deducts a deposit; it cannot be a deposit itself",
                    inv.number
                )));
            }
            if table::get(&tx, id)?.is_none() {
                table::mark(&tx, id)?;
                events::insert(&tx, id, &event(&at, crate::TimelineKind::DepositMarked, ""))?;
            }
        } else if let Some(d) = table::get(&tx, id)? {
            if d.deducted_on_invoice.is_some() {
                return Err(ApiError::conflict(format!(
                    "invoice {} was deducted as a deposit on another invoice; remove that line first",
                    inv.number
                )));
            }
            table::unmark(&tx, id)?;
        }
        tx.commit()?;
        self.invoice_get(&inv.number)
    }

    /// Deducts a paid deposit on a draft of the same client: a line "Less deposit … paid on …"
    /// at the deposit's net amount, the draft's totals recomputed, in one transaction.
    pub fn deposit_deduct(&mut self, input: DepositDeductInput) -> ApiResult<InvoiceDetail> {
        let fin = self.find_invoice(&input.number)?;
        let dep = self.find_invoice(&input.deposit_number)?;
        let (fin_id, dep_id) = (fin.id.unwrap_or_default(), dep.id.unwrap_or_default());
        if fin.status != duly_core::InvoiceStatus::Draft {
            return Err(ApiError::conflict(format!(
                "number: invoice {} is issued; a deposit is deducted on a draft",
                fin.number
            )));
        }
        let Some(record) = table::get(self.conn(), dep_id)? else {
            return Err(ApiError::invalid(format!("deposit_number: invoice {} is not a deposit", dep.number)));
        };
        if let Some(on) = record.deducted_on_invoice {
            let on = invoice_table::get(self.conn(), on)?.map(|i| i.number).unwrap_or_default();
            return Err(ApiError::conflict(format!(
                "deposit_number: deposit {} was already deducted on invoice {on}",
                dep.number
            )));
        }
        if dep.client_id != fin.client_id {
            return Err(ApiError::invalid(format!("deposit_number: deposit {} is another client's", dep.number)));
        }
        if dep.currency != fin.currency {
            return Err(ApiError::invalid(format!(
                "deposit_number: deposit {} is in {}, invoice {} in {}",
                dep.number,
                dep.currency.code(),
                fin.number,
                fin.currency.code()
            )));
        }
        if dep.status != duly_core::InvoiceStatus::Paid {
            return Err(ApiError::conflict(format!(
                "deposit_number: deposit {} is not paid yet; only a paid deposit is deducted",
                dep.number
            )));
        }
        if dep.tax_rate != fin.tax_rate {
            return Err(ApiError::invalid(format!(
                "deposit_number: deposit {} was taxed at {} %, invoice {} at {} %; deduct it on an invoice at the same rate",
                dep.number,
                TaxRate(dep.tax_rate),
                fin.number,
                TaxRate(fin.tax_rate)
            )));
        }
        let paid_on = payments::list_for_invoice(self.conn(), dep_id)?
            .iter()
            .map(|p| p.paid_on)
            .max()
            .ok_or_else(|| ApiError::conflict(format!("deposit_number: deposit {} has no payment", dep.number)))?;
        let language = duly_store::clients::get(self.conn(), fin.client_id)?.map(|c| c.language).unwrap_or_default();
        let mut items = lines::list_for_invoice(self.conn(), fin_id)?;
        items.push(LineItem {
            description: line_text(&dep.number, paid_on, language),
            quantity: Quantity(1000),
            unit_price: -dep.subtotal_minor,
        });
        let totals = parse::totals(&items, TaxRate(fin.tax_rate), fin.currency, |i| format!("line {}", i + 1))?;
        if totals.total < 0 {
            return Err(ApiError::invalid(format!(
                "deposit_number: deposit {} is more than invoice {} comes to",
                dep.number, fin.number
            )));
        }
        let at = self.stamp();
        let row = invoice_table::Invoice {
            subtotal_minor: totals.subtotal,
            tax_minor: totals.tax,
            total_minor: totals.total,
            status: status_of(duly_core::Lifecycle::Draft, totals.total, fin.paid_minor),
            updated_at: at.clone(),
            ..fin.clone()
        };
        let tx = self.transaction()?;
        invoice_table::update(&tx, fin_id, &row)?;
        lines::replace_for_invoice(&tx, fin_id, &items)?;
        if !table::set_deducted(&tx, dep_id, fin_id)? {
            return Err(ApiError::conflict(format!("deposit_number: deposit {} was just deducted", dep.number)));
        }
        events::insert(&tx, fin_id, &event(&at, crate::TimelineKind::DepositDeducted, &dep.number))?;
        events::insert(&tx, dep_id, &event(&at, crate::TimelineKind::DepositDeducted, &fin.number))?;
        tx.commit()?;
        self.invoice_get(&fin.number)
    }
}
