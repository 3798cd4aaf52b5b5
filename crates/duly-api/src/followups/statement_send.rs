//! "Email statement": the statement of account sent to a client from the client page, with the
//! statement PDF attached, through the outbox (undo window, business hours, the sender's claim).
//!
//! The email is worded from its own template (`statement`, en/id/ro, edited in Settings like the
//! others) and lists the same invoices the PDF prints: issued, not void, something still owed.
//! The message belongs to the client, not to one invoice (`outbox.client_id`, no invoice), and
//! each listed invoice's timeline records that a statement naming it was queued. At send time
//! the claim re-checks it: once nothing is open any more (all paid or voided meanwhile) the
//! statement is cancelled, not sent.

use duly_core::{Language, Money};
use duly_messages::{STATEMENT, StatementLine, StatementVars, Template, TemplateKind};
use duly_store::{Connection, business, clients, contacts, events, invoices as invoice_table, outbox as outbox_table};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::documents::{PaperSize, PdfDocument};
use crate::followups::{Draft, attachment};
use crate::outbox::statement_check::{STATEMENT_KIND, open_invoices};
use crate::outbox::{OutboxEnqueueInput, OutboxItem, enqueue_on};
use crate::shared::letterhead::{payment_details, signature};
use crate::shared::templates::template_in_force;
use crate::shared::timeline::{event, instant};
use crate::{ApiError, ApiResult, Duly};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct StatementSendInput {
    pub client_id: i64,
    /// Only word the message (the preview before sending); nothing is queued.
    #[serde(default)]
    pub draft_only: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct StatementSendResult {
    pub client_id: i64,
    pub draft: Draft,
    /// The queued message; `null` for a draft.
    pub outbox: Option<OutboxItem>,
    /// The open invoices the statement lists.
    pub invoices: Vec<String>,
    pub document_warnings: Vec<String>,
}

/// The statement email in `language` for the client's `open` invoices on `as_of`.
pub(crate) fn render(
    conn: &Connection,
    client_name: &str,
    contact_name: &str,
    open: &[invoice_table::Invoice],
    template: &Template,
    language: Language,
    as_of: chrono::NaiveDate,
) -> ApiResult<duly_messages::Message> {
    let b = business::get(conn)?.unwrap_or_else(crate::shared::letterhead::default_business);
    let vars = StatementVars {
        client_name: client_name.to_owned(),
        contact_name: contact_name.to_owned(),
        as_of,
        lines: open
            .iter()
            .map(|i| StatementLine {
                number: i.number.clone(),
                due_date: i.due_date,
                amount_due: Money::new(i.total_minor - i.paid_minor, i.currency),
            })
            .collect(),
        payment_details: payment_details(&b, ""),
        business_name: b.name.clone(),
        sender_name: b.name.clone(),
        signature: signature(&b),
    };
    template
        .render(TemplateKind::Statement, language, &vars.to_value(language))
        .map_err(|e| ApiError::invalid(format!("template {STATEMENT} ({language}): {e}")))
}

/// The Settings preview of the statement template being edited, for the invoice's client.
pub(crate) fn preview(
    conn: &Connection,
    case: &crate::followups::Case,
    template: &Template,
    language: Language,
    today: chrono::NaiveDate,
) -> ApiResult<Draft> {
    let client_id = case.invoice.client_id;
    let client = clients::get(conn, client_id)?.map(|c| c.name).unwrap_or_default();
    let mut open = open_invoices(conn, client_id)?;
    if open.is_empty() {
        open.push(case.invoice.clone());
    }
    let contact = case.recipient.as_ref();
    let m =
        render(conn, &client, contact.map(|c| c.name.as_str()).unwrap_or_default(), &open, template, language, today)?;
    Ok(draft(contact.map(|c| c.email.trim().to_owned()).into_iter().collect(), language, m))
}

fn draft(to: Vec<String>, language: Language, m: duly_messages::Message) -> Draft {
    Draft {
        template: STATEMENT.to_owned(),
        language: language.into(),
        to: to.into_iter().filter(|e| !e.is_empty()).collect(),
        cc: vec![],
        cc_other_contacts: false,
        escalate_to: None,
        subject: m.subject,
        text: m.text,
        html: m.html,
        attach_demand_letter: false,
        demand_deadline: None,
    }
}

impl Duly {
    /// Emails the client's statement of account (open invoices, PDF attached) to their billing
    /// contact, else the first contact with an address that has not bounced, in that contact's
    /// language, else the client's; through the outbox in business hours.
    pub fn statement_send(&mut self, input: StatementSendInput) -> ApiResult<StatementSendResult> {
        let today = self.today();
        let now = self.now();
        let at = instant(now);
        let client_id = input.client_id;
        let tx = self.write_transaction()?;
        let client = clients::get(&tx, client_id)?
            .ok_or_else(|| ApiError::not_found(format!("client_id: client {client_id} does not exist")))?;
        let open = open_invoices(&tx, client_id)?;
        if open.is_empty() {
            return Err(ApiError::conflict(format!(
                "client {}: nothing is open, so there is no statement to send",
                client.name
            )));
        }
        let dead = duly_store::mailbox::undeliverable(&tx)?;
        let people = contacts::list_for_client(&tx, client_id)?;
        let usable =
            |c: &&contacts::Contact| !c.email.trim().is_empty() && !dead.contains(&c.email.trim().to_lowercase());
        let to = people
            .iter()
            .filter(usable)
            .find(|c| c.role == "billing")
            .or_else(|| people.iter().find(usable))
            .ok_or_else(|| {
                ApiError::invalid(format!(
                    "client {}: no contact has an email address; add one on the client's page",
                    client.name
                ))
            })?;
        let language: Language = to.language.unwrap_or(client.language);
        let template = template_in_force(&tx, Some(client_id), STATEMENT, language)?
            .ok_or_else(|| {
                ApiError::invalid(format!("template: there is no wording for \"{STATEMENT}\" in {language}"))
            })?
            .0;
        let m = render(&tx, &client.name, &to.name, &open, &template, language, today)?;
        let draft = draft(vec![to.email.trim().to_owned()], language, m);
        let numbers: Vec<String> = open.iter().map(|i| i.number.clone()).collect();
        let pdf =
            self.pdf_bytes(&PdfDocument::Statement { client: client_id.to_string(), as_of: None }, PaperSize::A4)?;
        let document_warnings = pdf.warnings.clone();
        if input.draft_only.unwrap_or(false) {
            return Ok(StatementSendResult { client_id, draft, outbox: None, invoices: numbers, document_warnings });
        }
        crate::shared::demo_guard::refuse_demo(&tx, Some(client_id))?;
        let home = self.home_zone().map(str::to_owned);
        let queued = enqueue_on(
            &tx,
            OutboxEnqueueInput {
                kind: Some(STATEMENT_KIND.to_owned()),
                to: draft.to.clone(),
                subject: draft.subject.clone(),
                text_body: draft.text.clone(),
                html_body: Some(draft.html.clone()),
                attachments: vec![attachment(pdf)],
                business_hours_only: true,
                ..OutboxEnqueueInput::default()
            },
            now,
            home.as_deref(),
        )?;
        outbox_table::set_client(&tx, queued.id, client_id)?;
        for inv in &open {
            let detail = format!("{}: {}", queued.to, queued.subject);
            events::insert(
                &tx,
                inv.id.unwrap_or_default(),
                &event(&at, crate::TimelineKind::StatementQueued, &detail),
            )?;
        }
        tx.commit()?;
        Ok(StatementSendResult { client_id, draft, outbox: Some(queued), invoices: numbers, document_warnings })
    }
}
