//! "Send invoice": the invoice itself emailed to the client with its PDF, and the day it reached
//! them kept as its sent date (`invoices.sent_on`, migration 0016).
//!
//! The ladder's "sent + N" steps (the receipt check) count from the sent date, so a check-in
//! never arrives three days after an invoice that went out a week late. The message goes through
//! the outbox like any other (same sender, undo window, business hours, the claim's re-check), and
//! the sent date is written when the sender actually hands it over, not when it is queued. An
//! invoice sent outside Duly (imported, or emailed by hand) is given its day by "sent on DATE".

use chrono::NaiveDate;
use duly_core::ladder::{Anchor, Channel, Purpose, Step, StepId, Tone};
use duly_core::{InvoiceStatus, Lifecycle, status_of};
use duly_store::{Connection, events, invoices, outbox as outbox_table};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::documents::{PaperSize, PdfDocument};
use crate::followups::{Draft, attachment};
use crate::invoices::InvoiceDetail;
use crate::outbox::{OutboxEnqueueInput, OutboxItem, enqueue_on};
use crate::shared::templates::template_in_force;
use crate::shared::timeline::event;
use crate::shared::timeline::instant;
use crate::{ApiError, ApiResult, Duly};

/// The outbox kind (and template id) of the message that carries the invoice.
pub(crate) const INVOICE_KIND: &str = duly_messages::INVOICE;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct InvoiceSendInput {
    pub number: String,
    /// Ask the client's mail program for a read receipt (`Disposition-Notification-To`); many
    /// ignore it, so nothing depends on getting one.
    #[serde(default)]
    pub read_receipt: Option<bool>,
    /// Only word the message (the preview before sending); nothing is queued or changed.
    #[serde(default)]
    pub draft_only: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InvoiceSendResult {
    pub invoice_id: i64,
    pub number: String,
    pub draft: Draft,
    /// The queued message; `null` for a draft. Cancelling it within the undo window stops it.
    pub outbox: Option<OutboxItem>,
    /// The invoice was a draft and is now issued (sending is issuing).
    pub issued: bool,
    /// What the attached PDF could only print imperfectly; it is sent all the same.
    pub document_warnings: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InvoiceMarkSentInput {
    pub number: String,
    /// The day the invoice reached the client (`YYYY-MM-DD`), not after today nor before its
    /// issue date.
    pub on: String,
}

/// The invoice email worded like a ladder step, so it takes the reminders' variables and the
/// same editable templates; it is no step of the ladder and is never recorded as one.
fn invoice_step() -> ApiResult<Step> {
    let id: StepId = INVOICE_KIND.parse().map_err(|e| ApiError::invalid(format!("template: {e}")))?;
    Ok(Step {
        id: id.clone(),
        anchor: Anchor::Sent,
        offset_days: 0,
        channel: Channel::Email,
        tone: Tone::Friendly,
        purpose: Purpose::ReceiptCheck,
        template: id,
    })
}

impl Duly {
    /// Emails the invoice with its PDF through the outbox, in the client's language and business
    /// hours. A draft is issued in the same transaction. Refused for a paid or void invoice, one
    /// still to review after import, and one whose email is already queued, going out or sent:
    /// the client gets the invoice once.
    pub fn invoice_send(&mut self, input: InvoiceSendInput) -> ApiResult<InvoiceSendResult> {
        let today = self.today();
        let now = self.now();
        let at = instant(now);
        let tx = self.write_transaction()?;
        let mut case = self.case_by_number(&input.number, today)?;
        let number = case.invoice.number.clone();
        let invoice_id = case.invoice.id.unwrap_or_default();
        match case.invoice.status {
            InvoiceStatus::Paid => {
                return Err(ApiError::conflict(format!("invoice {number} is paid; there is nothing to send for it")));
            }
            InvoiceStatus::Void => {
                return Err(ApiError::conflict(format!("invoice {number} is void; a void invoice is not sent")));
            }
            _ => {}
        }
        crate::invoices::review::refuse_unconfirmed(&tx, invoice_id, &number)?;
        if let Some(row) = outbox_table::live_of_kind(&tx, invoice_id, INVOICE_KIND)? {
            let what = match row.status.state.as_str() {
                "sent" => "was already sent".to_owned(),
                "queued" => "is already in the outbox, waiting to go out".to_owned(),
                other => format!("was already sent once (message {} is {other})", row.id),
            };
            return Err(ApiError::conflict(format!("invoice {number} {what}; it is not sent twice")));
        }
        if case.recipient.is_none() {
            return Err(ApiError::invalid(format!(
                "invoice {number}: the client has no contact with an email address; add one on the client's page"
            )));
        }
        let step = invoice_step()?;
        let template = template_in_force(&tx, Some(case.invoice.client_id), INVOICE_KIND, case.language)?
            .ok_or_else(|| {
                ApiError::invalid(format!("template: there is no wording for \"{INVOICE_KIND}\" in {}", case.language))
            })?
            .0;
        let draft = self.draft_with(&case, &step, today, &template, case.language)?;
        let issued = case.invoice.status == InvoiceStatus::Draft;
        if input.draft_only.unwrap_or(false) {
            let document_warnings = self
                .pdf_bytes(&PdfDocument::Invoice { number: number.clone() }, PaperSize::A4)
                .map(|file| file.warnings)
                .unwrap_or_default();
            return Ok(InvoiceSendResult { invoice_id, number, draft, outbox: None, issued: false, document_warnings });
        }
        if case.demo {
            crate::shared::demo_guard::refuse_demo(&tx, Some(case.invoice.client_id))?;
        }
        if issued {
            // Sending is issuing: the PDF the client gets is the issued invoice, and the ladder
            // chases it from now on.
            let status = status_of(Lifecycle::Issued, case.invoice.total_minor, case.invoice.paid_minor);
            invoices::set_payment_state(&tx, invoice_id, case.invoice.paid_minor, status, &at)?;
            events::insert(&tx, invoice_id, &event(&at, crate::TimelineKind::Sent, ""))?;
            case.invoice.status = status;
        }
        let pdf = self.pdf_bytes(&PdfDocument::Invoice { number: number.clone() }, PaperSize::A4)?;
        let document_warnings = pdf.warnings.clone();
        let home = self.home_zone().map(str::to_owned);
        let queued = enqueue_on(
            &tx,
            OutboxEnqueueInput {
                invoice_id: Some(invoice_id),
                kind: Some(INVOICE_KIND.to_owned()),
                to: draft.to.clone(),
                cc: draft.cc.clone(),
                subject: draft.subject.clone(),
                text_body: draft.text.clone(),
                html_body: Some(draft.html.clone()),
                attachments: vec![attachment(pdf)],
                read_receipt: input.read_receipt.unwrap_or(false),
                // Like a reminder: it lands in the client's working day, never at 3 a.m. theirs.
                business_hours_only: true,
                ..OutboxEnqueueInput::default()
            },
            now,
            home.as_deref(),
        )?;
        events::insert(
            &tx,
            invoice_id,
            &event(&at, crate::TimelineKind::EmailQueued, &format!("{}: {}", queued.to, queued.subject)),
        )?;
        tx.commit()?;
        Ok(InvoiceSendResult { invoice_id, number, draft, outbox: Some(queued), issued, document_warnings })
    }

    /// Records the day an invoice reached the client when it was sent outside Duly (an imported
    /// invoice, one emailed by hand): the ladder's "sent + N" steps count from it. A draft is
    /// issued by it. Replaces a sent date recorded before.
    pub fn invoice_mark_sent(&mut self, input: InvoiceMarkSentInput) -> ApiResult<InvoiceDetail> {
        let on = crate::shared::parse::date("on", &input.on)?;
        let today = self.today();
        let inv = self.find_invoice(&input.number)?;
        let number = inv.number.clone();
        let id = inv.id.unwrap_or_default();
        if on > today {
            return Err(ApiError::invalid(format!("on: {on} is after today ({today})")));
        }
        if on < inv.issue_date {
            return Err(ApiError::invalid(format!(
                "on: {on} is before invoice {number} was issued ({})",
                inv.issue_date
            )));
        }
        if inv.status == InvoiceStatus::Void {
            return Err(ApiError::conflict(format!("invoice {number} is void; a void invoice is not sent")));
        }
        let at = self.stamp();
        let tx = self.transaction()?;
        if inv.status == InvoiceStatus::Draft {
            let status = status_of(Lifecycle::Issued, inv.total_minor, inv.paid_minor);
            invoices::set_payment_state(&tx, id, inv.paid_minor, status, &at)?;
            events::insert(&tx, id, &event(&at, crate::TimelineKind::Sent, ""))?;
        }
        invoices::set_sent_on(&tx, id, on, &at)?;
        events::insert(&tx, id, &event(&at, crate::TimelineKind::InvoiceMarkedSent, &on.to_string()))?;
        tx.commit()?;
        self.invoice_get(&number)
    }
}

/// After the sender handed a message over (or the user said an unsure one did go out): for the
/// invoice email, the invoice's sent date becomes `today` unless it already had one (the first
/// time the client got it is what the ladder counts from), and the timeline says to whom.
pub(crate) fn after_sent_on(
    conn: &Connection,
    row: &outbox_table::OutboxRow,
    today: NaiveDate,
    at: &str,
) -> ApiResult<()> {
    let (INVOICE_KIND, Some(invoice_id)) = (row.kind.as_str(), row.invoice_id) else { return Ok(()) };
    if invoices::sent_on(conn, invoice_id)?.is_none() {
        invoices::set_sent_on(conn, invoice_id, today, at)?;
    }
    let to = serde_json::from_str::<duly_mail::OutgoingMessage>(&row.message_json)
        .map(|m| crate::shared::reminder_cancel::emails(&m.to))
        .unwrap_or_default();
    events::insert(conn, invoice_id, &event(at, crate::TimelineKind::InvoiceSent, &to))?;
    Ok(())
}

/// The message carries the invoice (the sender's claim re-checks it, see `outbox_guard`).
pub(crate) fn is_invoice_message(row: &outbox_table::OutboxRow) -> bool {
    row.kind == INVOICE_KIND
}
