//! The optional "thank you, received" email for each recorded payment (off until the user turns
//! it on: `settings.thank_for_payments`, Settings → Email).
//!
//! It goes through the outbox like every other message, queued in the transaction that records
//! the payment (typed by hand or confirmed from a statement), so it has the undo window, the
//! client's business hours and the sender's retries. Its kind names the payment
//! (`thanks:<payment id>`) because the sender's claim re-checks it ([`recheck`]): a payment that
//! is no longer there (reversed, removed by a restore) or an invoice voided meanwhile must not
//! be thanked for.
//!
//! A thank-you is never worth losing a payment over: when it cannot be queued (no email account,
//! no address, demo data, no time zone for business hours) the payment is still recorded and the
//! timeline says why no thanks was queued.

use chrono::{DateTime, NaiveDate, Utc};
use duly_core::{InvoiceStatus, Language, Money};
use duly_messages::{Message, PAYMENT_THANKS, PaymentThanksVars, Template, TemplateKind};
use duly_store::{Connection, business, clients, contacts, events, invoices, payments, settings};

use crate::followups::Draft;
use crate::outbox::{OutboxEnqueueInput, enqueue_on};
use crate::shared::reminder_cancel::CancelReason;
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult};

/// The settings key of the on/off choice.
pub(crate) const SETTING: &str = "thank_for_payments";

/// The kind prefix of a thank-you; the payment's id follows.
const KIND: &str = "thanks:";

/// Whether a thank-you is queued for each payment recorded.
pub(crate) fn enabled(conn: &Connection) -> ApiResult<bool> {
    Ok(settings::get(conn, SETTING)?.is_some_and(|v| v == "true"))
}

/// Queues the thank-you for a payment just recorded (inside the caller's transaction), when the
/// setting is on. `paid` is the invoice's paid amount after the payment.
pub(crate) fn queue_on(
    conn: &Connection,
    inv: &invoices::Invoice,
    payment: &payments::Payment,
    paid: i64,
    now: DateTime<Utc>,
    home: Option<&str>,
) -> ApiResult<()> {
    if !enabled(conn)? {
        return Ok(());
    }
    let (Some(invoice_id), payment_id) = (inv.id, payment.id) else { return Ok(()) };
    let at = crate::shared::timeline::instant(now);
    let outcome = match message(conn, inv, payment, paid) {
        Ok(input) => {
            enqueue_on(conn, OutboxEnqueueInput { kind: Some(format!("{KIND}{payment_id}")), ..input }, now, home)
        }
        Err(e) => Err(e),
    };
    let line = match outcome {
        Ok(item) => event(&at, crate::TimelineKind::EmailQueued, &format!("{}: {}", item.to, item.subject)),
        // The message was refused before anything was written; the payment stands.
        Err(e) => event(&at, crate::TimelineKind::ThanksNotQueued, &e.message),
    };
    events::insert(conn, invoice_id, &line)?;
    Ok(())
}

/// The thank-you to the billing contact (else the first contact with a usable address), in that
/// contact's language, else the client's.
fn message(
    conn: &Connection,
    inv: &invoices::Invoice,
    payment: &payments::Payment,
    paid: i64,
) -> ApiResult<OutboxEnqueueInput> {
    let client = clients::get(conn, inv.client_id)?
        .ok_or_else(|| ApiError::not_found(format!("invoice {}: its client is gone", inv.number)))?;
    let dead = duly_store::mailbox::undeliverable(conn)?;
    let people = contacts::list_for_client(conn, inv.client_id)?;
    let usable = |c: &contacts::Contact| !c.email.trim().is_empty() && !dead.contains(&c.email.trim().to_lowercase());
    let to = crate::shared::recipients::billing_or_first(&people, usable)
        .ok_or_else(|| ApiError::invalid(format!("{} has no email address to thank", client.name)))?;
    let language: Language = to.language.unwrap_or(client.language);
    let template = crate::shared::templates::template_in_force(conn, Some(inv.client_id), PAYMENT_THANKS, language)?
        .ok_or_else(|| ApiError::invalid(format!("no {PAYMENT_THANKS} template in {language}")))?
        .0;
    let received = Money::new(payment.amount_minor, inv.currency);
    let m = render(conn, inv, &template, &to.name, received, payment.paid_on, paid, language)?;
    Ok(OutboxEnqueueInput {
        invoice_id: inv.id,
        to: vec![to.email.trim().to_owned()],
        subject: m.subject,
        text_body: m.text,
        html_body: Some(m.html),
        business_hours_only: true,
        ..Default::default()
    })
}

/// `template` filled in for a payment of `received` on `received_on` that brought the invoice's
/// paid amount to `paid`.
#[allow(clippy::too_many_arguments, reason = "the facts of one message, each named at the call")]
fn render(
    conn: &Connection,
    inv: &invoices::Invoice,
    template: &Template,
    contact_name: &str,
    received: Money,
    received_on: NaiveDate,
    paid: i64,
    language: Language,
) -> ApiResult<Message> {
    let client = clients::get(conn, inv.client_id)?.map(|c| c.name).unwrap_or_default();
    let b = business::get(conn)?.unwrap_or_else(crate::shared::letterhead::default_business);
    let vars = PaymentThanksVars {
        client_name: client,
        contact_name: contact_name.to_owned(),
        invoice_number: inv.number.clone(),
        amount_received: received,
        received_on,
        amount_due: (inv.total_minor - paid).max(0),
        business_name: b.name.clone(),
        sender_name: b.name.clone(),
        signature: crate::shared::letterhead::signature(&b),
    };
    template
        .render(TemplateKind::PaymentThanks, language, &vars.to_value(language))
        .map_err(|e| ApiError::invalid(format!("template {PAYMENT_THANKS} ({language}): {e}")))
}

/// The Settings preview of a thank-you being edited, for a real invoice: for its latest payment,
/// else as if what is still due were paid `today`.
pub(crate) fn preview(
    conn: &Connection,
    case: &crate::followups::Case,
    template: &Template,
    language: Language,
    today: NaiveDate,
) -> ApiResult<Draft> {
    let inv = &case.invoice;
    let latest = payments::list_for_invoice(conn, inv.id.unwrap_or_default())?.pop();
    let (amount, on, paid) = match latest {
        Some(p) => (p.amount_minor, p.paid_on, inv.paid_minor),
        None => ((inv.total_minor - inv.paid_minor).max(0), today, inv.total_minor),
    };
    let contact = case.recipient.as_ref();
    let name = contact.map(|c| c.name.as_str()).unwrap_or_default();
    let m = render(conn, inv, template, name, Money::new(amount, inv.currency), on, paid, language)?;
    Ok(Draft {
        template: PAYMENT_THANKS.to_owned(),
        language: language.into(),
        to: contact.map(|c| c.email.trim().to_owned()).filter(|e| !e.is_empty()).into_iter().collect(),
        cc: vec![],
        cc_other_contacts: false,
        escalate_to: None,
        subject: m.subject,
        text: m.text,
        html: m.html,
        attach_demand_letter: false,
        demand_deadline: None,
    })
}

/// The payment a queued message thanks for, when it is a thank-you.
fn payment_of(kind: &str) -> Option<i64> {
    kind.strip_prefix(KIND)?.parse().ok()
}

/// Whether a queued thank-you must be cancelled rather than sent: the payment is no longer
/// recorded, or the invoice was voided. `None` for every other message.
pub(crate) fn recheck(conn: &Connection, kind: &str, invoice_id: Option<i64>) -> ApiResult<Option<CancelReason>> {
    let Some(payment_id) = payment_of(kind) else { return Ok(None) };
    let Some(invoice_id) = invoice_id else { return Ok(None) };
    if !payments::exists(conn, invoice_id, payment_id)? {
        return Ok(Some(CancelReason::PaymentRemoved));
    }
    Ok(match invoices::get(conn, invoice_id)? {
        None => Some(CancelReason::PaymentRemoved),
        Some(inv) if inv.status == InvoiceStatus::Void => Some(CancelReason::Voided),
        // Still open or paid: the money arrived, so the thanks still holds.
        Some(_) => None,
    })
}
