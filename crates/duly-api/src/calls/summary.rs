//! The email that confirms in writing what was agreed on a call, as the playbook asks: short,
//! polite, in the client's language, stating the date and amount (or each instalment).
//!
//! Rendered from the `call_summary` template of duly-messages: the wording the user saved for the
//! client or the business (Settings, `message_templates`), else the built-in one. Names and notes
//! are data; the HTML part is made from the finished text by duly-messages.

use duly_core::{Language, Money, open_amount};
use duly_messages::{Agreement, CALL_SUMMARY, CallSummaryVars, InstalmentLine, Template, TemplateKind};
use duly_store::{business, calls as table, clients, contacts, instalment_plans, instalments, invoices, promises};
use serde::Serialize;
use ts_rs::TS;

use crate::shared::letterhead::{payment_details, signature};
use crate::{ApiError, ApiResult, Duly};

/// A confirmation email to review and send: pass `invoice_id`, `to`, `subject`, `text_body` and
/// `html_body` to `outbox_enqueue` with kind `call_summary`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CallSummary {
    pub call_id: i64,
    pub invoice_id: i64,
    /// The language it is written in: the contact's, else the client's.
    pub language: crate::Language,
    /// The contact called if they have an email address, else the client's billing contact;
    /// empty when the client has no address at all.
    pub to: Vec<String>,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// For a plan, the plan in writing (the one-page PDF), to pass on as `attachments`; empty
    /// for a promise.
    pub attachments: Vec<crate::OutboxAttachmentInput>,
}

pub(super) fn draft(duly: &Duly, call_id: i64) -> ApiResult<CallSummary> {
    let conn = duly.conn();
    let call =
        table::get(conn, call_id)?.ok_or_else(|| ApiError::not_found(format!("call {call_id} does not exist")))?;
    let nothing = || {
        ApiError::invalid(format!(
            "call {call_id}: nothing was agreed about an invoice on it (outcome {}), so there is nothing to confirm",
            call.outcome
        ))
    };
    let invoice_id = call.invoice_id.filter(|_| call.outcome.is_agreement()).ok_or_else(nothing)?;
    let inv = invoices::get(conn, invoice_id)?.ok_or_else(nothing)?;
    let mut is_plan = false;
    let agreement = match promises::list_for_invoice(conn, invoice_id)?.into_iter().find(|p| p.call_id == Some(call_id))
    {
        Some(p) => Agreement::Promise { amount: p.amount_minor, pay_by: p.pay_by },
        None => {
            let plan = instalment_plans::list_for_invoice(conn, invoice_id)?
                .into_iter()
                .find(|p| p.call_id == Some(call_id))
                .ok_or_else(|| {
                    ApiError::invalid(format!(
                        "call {call_id}: no promise or instalment plan was recorded with it; create the plan first"
                    ))
                })?;
            is_plan = true;
            let parts = instalments::list_for_plan(conn, plan.id)?;
            Agreement::Plan {
                instalments: parts.iter().map(|i| InstalmentLine { due_on: i.due_on, amount: i.amount }).collect(),
            }
        }
    };
    let client = clients::get(conn, call.client_id)?.ok_or_else(nothing)?;
    let people = contacts::list_for_client(conn, call.client_id)?;
    let called = people.iter().find(|c| call.contact_id.is_some() && c.id == call.contact_id);
    let language = called.and_then(|c| c.language).unwrap_or(client.language);
    let address = called
        .filter(|c| !c.email.is_empty())
        .or_else(|| crate::shared::recipients::billing_or_first(&people, |c| !c.email.is_empty()))
        .map(|c| c.email.clone());
    // The person spoken to, else the name written on the call; the template greets without a
    // name when there is none.
    let contact_name = [called.map(|c| c.name.as_str()).unwrap_or(""), call.contact_name.as_str()]
        .into_iter()
        .map(str::trim)
        .find(|n| !n.is_empty())
        .unwrap_or_default()
        .to_owned();
    let b = business::get(conn)?.unwrap_or_else(crate::shared::letterhead::default_business);
    let vars = CallSummaryVars {
        client_name: client.name.clone(),
        contact_name,
        invoice_number: inv.number.clone(),
        amount_due: Money::new(open_amount(inv.status, inv.total_minor, inv.paid_minor), inv.currency),
        call_date: call.called_on,
        agreement,
        payment: payment_details(&b, &inv.number),
        business_name: b.name.clone(),
        sender_name: b.name.clone(),
        signature: signature(&b),
    };
    let template = template_for(conn, call.client_id, language)?;
    let message = template
        .render(TemplateKind::CallSummary, language, &vars.to_value(language))
        .map_err(|e| ApiError::invalid(format!("template {CALL_SUMMARY} ({language}): {e}")))?;
    // The plan in writing goes with its confirmation when it can be made. It cannot before the
    // business has a name (every document says who it is from); the email still confirms the
    // plan, and the PDF stays one click away on the invoice page.
    let attachments = if is_plan {
        duly.pdf_bytes(&crate::PdfDocument::Plan { number: inv.number.clone() }, crate::PaperSize::A4)
            .ok()
            .map(|file| crate::OutboxAttachmentInput {
                filename: file.file_name,
                content_type: "application/pdf".into(),
                bytes: file.bytes,
            })
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };
    Ok(CallSummary {
        call_id,
        invoice_id,
        language: language.into(),
        to: address.into_iter().collect(),
        subject: message.subject,
        text_body: message.text,
        html_body: message.html,
        attachments,
    })
}

/// The wording in force: the client's own, else the business's, else Duly's.
fn template_for(conn: &duly_store::Connection, client_id: i64, language: Language) -> ApiResult<Template> {
    let found = crate::shared::templates::template_in_force(conn, Some(client_id), CALL_SUMMARY, language)?;
    found.map(|(template, _)| template).ok_or_else(|| {
        ApiError::new(crate::ErrorCode::Internal, format!("no built-in {CALL_SUMMARY} template for {language}"))
    })
}
