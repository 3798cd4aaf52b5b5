//! `payment_reverse`: a payment recorded by mistake, or one the bank took back, is undone with a
//! reason. The invoice owes again what the payment covered (a paid invoice is open, overdue when
//! its due date has passed, and back on Today), and the timeline keeps what was reversed and why.
//! A reminder queued meanwhile states too little and is cancelled.

use duly_store::{events, invoices, payment_reversals, payments};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::invoices::InvoiceDetail;
use crate::shared::reminder_cancel::{CancelReason, cancel_reminders_on};
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly, shared::parse};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PaymentReverseInput {
    /// `InvoiceDetail.payments[].id`.
    pub payment_id: i64,
    /// Why, for the timeline: "entered twice", "the transfer bounced".
    pub reason: String,
}

impl Duly {
    /// Takes a payment back: it leaves the invoice's payments, the paid amount and status follow,
    /// and a `payment_reversed` timeline entry keeps it, in one transaction.
    pub fn payment_reverse(&mut self, input: PaymentReverseInput) -> ApiResult<InvoiceDetail> {
        let reason = input.reason.trim().to_owned();
        if reason.is_empty() {
            return Err(ApiError::invalid("reason: say why the payment is reversed"));
        }
        parse::text_limit("reason", &reason, parse::TextLimit::Long)?;
        let id = input.payment_id;
        let now = self.stamp();
        let tx = self.transaction()?;
        let Some(payment) = payments::get(&tx, id)? else {
            return Err(match payment_reversals::get(&tx, id)? {
                Some(r) => ApiError::conflict(format!(
                    "payment_id: payment {id} was already reversed at {} ({})",
                    r.reversed_at, r.reason
                )),
                None => ApiError::not_found(format!("payment_id: payment {id} does not exist")),
            });
        };
        // A credit note's share of the invoice is a document the client holds, not money that
        // can bounce back: it stays, and a wrong one is corrected by the user, not reversed here.
        if payment.method == crate::invoices::credit_notes::METHOD {
            return Err(ApiError::conflict(format!(
                "payment_id: {id} is a credit note's share of the invoice, not a payment: it cannot be reversed"
            )));
        }
        let inv = invoices::get(&tx, payment.invoice_id)?
            .ok_or_else(|| ApiError::not_found(format!("payment_id: the invoice of payment {id} does not exist")))?;
        payment_reversals::reverse(&tx, &payment, &reason, &now)?;
        crate::invoices::payments::settle(&tx, payment.invoice_id, inv.total_minor, &now)?;
        let amount = duly_core::Money::new(payment.amount_minor, inv.currency).to_decimal_string();
        let detail = format!("{amount} on {} · {reason}", payment.paid_on);
        events::insert(&tx, payment.invoice_id, &event(&now, crate::TimelineKind::PaymentReversed, &detail))?;
        // A reminder queued since the payment states less than is now due: cancel it; the next
        // draft states the whole amount.
        cancel_reminders_on(&tx, payment.invoice_id, CancelReason::PaymentReversed, &now)?;
        tx.commit()?;
        self.invoice_get(&inv.number)
    }
}
