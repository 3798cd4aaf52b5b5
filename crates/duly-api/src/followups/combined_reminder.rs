//! One combined reminder per client (issue 18 §1): when two or more of a client's invoices are
//! due a reminder the same day and the client asked for it (`clients.combined_reminders`, off by
//! default), Today offers ONE message listing them all, with the statement of account PDF and
//! each invoice's PDF attached, instead of one message per invoice.
//!
//! Which steps combine: email steps of the ladder that are due (not a call, not the final demand
//! or any letter, which keep their own formal message, not a per-instalment reminder). The
//! message is worded by the `combined_reminder` template (en/id/ro, edited in Settings like the
//! others) from the statement's facts. **Its tone is the most advanced step's among the
//! invoices** (a friendly before-due note and a firm escalation together read firm), and it
//! mentions earlier reminders only when the invoices' timelines hold some.
//!
//! Sending records each invoice's step as done, pointing at the one outbox row, so none of them
//! is reminded again separately for that step (the followups index makes a second record
//! impossible), and links the row to every invoice in `outbox_invoices` with the amount the
//! message states. The sender's claim re-checks every one of them (`outbox::combined_check`
//! and the reminders' usual check over all covered invoices): one paid, voided, credited, paused,
//! promised or replied-to invoice cancels the whole message with that reason, and the cancel
//! forgets all its steps, so the next draft lists what is still due.

use chrono::NaiveDate;
use duly_core::ladder::{self, Action, Channel, Outcome, Purpose, Step, Tone};
use duly_core::{Language as CoreLanguage, Money, days_overdue};
use duly_messages::{COMBINED_REMINDER, CombinedReminderVars, StatementLine, StatementVars, TemplateKind};
use duly_store::{Connection, business, clients, contacts, events, outbox as outbox_table, outbox_invoices};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::documents::{PaperSize, PdfDocument};
use crate::followups::{Case, Draft, apply_edits, attachment, previous_reminders, record_step_on};
use crate::outbox::statement_check::open_invoices;
use crate::outbox::{OutboxEnqueueInput, OutboxItem, enqueue_on};
use crate::shared::letterhead::{payment_details, signature};
use crate::shared::money::display;
use crate::shared::templates::template_in_force;
use crate::shared::timeline::{TimelineKind, event, instant};
use crate::{ApiError, ApiResult, Duly, ErrorCode};

/// One invoice a combined reminder lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CombinedInvoice {
    pub invoice_id: i64,
    pub number: String,
    /// The ladder step it stands for (recorded as done on the invoice when sent).
    pub step: String,
    pub tone: String,
    pub due_date: NaiveDate,
    pub days_overdue: i64,
    pub currency: String,
    /// Still owed, in minor units of `currency`.
    pub amount_due: i64,
    pub amount_due_display: String,
}

/// A client's invoices due a reminder on one day, as one message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CombinedReminder {
    pub client_id: i64,
    pub client: String,
    /// In due-date order.
    pub invoices: Vec<CombinedInvoice>,
    /// What is still owed per currency, written in the message's language; never added across
    /// currencies.
    pub totals: Vec<String>,
    /// The most advanced step's tone, which words the message.
    pub tone: String,
    /// `null` when it could not be worded; `draft_error` says why.
    pub draft: Option<Draft>,
    pub draft_error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CombinedReminderList {
    pub as_of: NaiveDate,
    pub items: Vec<CombinedReminder>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct CombinedRemindInput {
    pub client_id: i64,
    /// Only word the message; nothing is queued or recorded.
    #[serde(default)]
    pub draft_only: Option<bool>,
    /// The user's edited subject, replacing the drafted one.
    #[serde(default)]
    pub subject: Option<String>,
    /// The user's edited text, replacing the drafted one.
    #[serde(default)]
    pub body: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CombinedRemindResult {
    pub client_id: i64,
    pub invoices: Vec<CombinedInvoice>,
    pub draft: Draft,
    /// The queued message; `null` for a draft.
    pub outbox: Option<OutboxItem>,
    pub document_warnings: Vec<String>,
}

/// Whether a due step may be said in a combined message: an email about payment, not a call, a
/// letter or the final demand (which keep their own message), nor a plan's instalment reminder.
fn combinable(step: &Step) -> bool {
    step.channel == Channel::Email && step.purpose != Purpose::FinalDemand && !step.per_instalment()
}

/// The client's invoices whose due step combines on `as_of`, with that step, firmest first then
/// by due date. Invoices still to review are left to their own reminder (which refuses them).
fn due_group(duly: &Duly, client_id: i64, as_of: NaiveDate) -> ApiResult<Vec<(Case, Step)>> {
    let mut group = Vec::new();
    for inv in open_invoices(duly.conn(), client_id)? {
        let id = inv.id.unwrap_or_default();
        if crate::invoices::review::refuse_unconfirmed(duly.conn(), id, &inv.number).is_err() {
            continue;
        }
        let case = duly.case_by_id(id, as_of)?;
        if let Action::Due { step, .. } = ladder::next_action(&case.ladder, &case.facts, as_of)
            && combinable(&step)
        {
            group.push((case, step));
        }
    }
    group.sort_by(|a, b| b.1.tone.cmp(&a.1.tone).then(a.0.invoice.due_date.cmp(&b.0.invoice.due_date)));
    Ok(group)
}

fn listed(group: &[(Case, Step)], as_of: NaiveDate, language: CoreLanguage) -> Vec<CombinedInvoice> {
    let mut rows: Vec<CombinedInvoice> = group
        .iter()
        .map(|(case, step)| {
            let inv = &case.invoice;
            let due = case.facts.due_on_day(as_of);
            CombinedInvoice {
                invoice_id: inv.id.unwrap_or_default(),
                number: inv.number.clone(),
                step: step.id.to_string(),
                tone: step.tone.as_str().to_owned(),
                due_date: inv.due_date,
                days_overdue: days_overdue(inv.due_date, as_of),
                currency: inv.currency.code().to_owned(),
                amount_due: due,
                amount_due_display: display(due, inv.currency, language),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.due_date.cmp(&b.due_date).then(a.number.cmp(&b.number)));
    rows
}

/// Totals per currency, in first-seen order; an amount too large to add is an error, never a
/// wrapped figure.
fn totals(group: &[(Case, Step)], as_of: NaiveDate, language: CoreLanguage) -> ApiResult<Vec<String>> {
    let mut sums: Vec<Money> = Vec::new();
    for (case, _) in group {
        let m = Money::new(case.facts.due_on_day(as_of), case.invoice.currency);
        match sums.iter_mut().find(|s| s.currency == m.currency) {
            Some(s) => {
                *s = s.checked_add(m).map_err(|e| ApiError::invalid(format!("amount_due: {e}")))?;
            }
            None => sums.push(m),
        }
    }
    Ok(sums.iter().map(|m| display(m.minor, m.currency, language)).collect())
}

/// The message for `group` (at least one invoice; the firmest step first) to its lead invoice's
/// usual recipient, in that recipient's language.
fn word(duly: &Duly, client: &str, group: &[(Case, Step)], as_of: NaiveDate) -> ApiResult<Draft> {
    let conn = duly.conn();
    let (lead, lead_step) = &group[0];
    let language = lead.language;
    let client_id = lead.invoice.client_id;
    let template = template_in_force(conn, Some(client_id), COMBINED_REMINDER, language)?
        .ok_or_else(|| {
            ApiError::invalid(format!("template: there is no wording for \"{COMBINED_REMINDER}\" in {language}"))
        })?
        .0;
    let b = business::get(conn)?.unwrap_or_else(crate::shared::letterhead::default_business);
    let mut by_due: Vec<&(Case, Step)> = group.iter().collect();
    by_due.sort_by_key(|(c, _)| c.invoice.due_date);
    let numbers: Vec<&str> = by_due.iter().map(|(c, _)| c.invoice.number.as_str()).collect();
    let contact = lead.recipient.as_ref();
    let vars = CombinedReminderVars {
        statement: StatementVars {
            client_name: client.to_owned(),
            contact_name: contact.map(|c| c.name.clone()).unwrap_or_default(),
            as_of,
            lines: by_due
                .iter()
                .map(|(c, _)| StatementLine {
                    number: c.invoice.number.clone(),
                    due_date: c.invoice.due_date,
                    amount_due: Money::new(c.facts.due_on_day(as_of), c.invoice.currency),
                })
                .collect(),
            payment_details: payment_details(&b, &numbers.join(", ")),
            business_name: b.name.clone(),
            sender_name: b.name.clone(),
            signature: signature(&b),
        },
        tone: group.iter().map(|(_, s)| s.tone).max().unwrap_or(Tone::Polite),
        previous_reminders: group.iter().map(|(c, _)| previous_reminders(c, as_of)).sum(),
    };
    // An escalation among them widens the message to the client's other contacts, as alone.
    let widens = group.iter().any(|(_, s)| s.widens_recipients()) || lead_step.widens_recipients();
    rendered(&template, language, &vars, contact, widens)
}

/// The combined reminder `template` rendered with `vars` into a draft to `contact`: one place for
/// the message Today sends and the one Settings previews.
fn rendered(
    template: &duly_messages::Template,
    language: CoreLanguage,
    vars: &CombinedReminderVars,
    contact: Option<&contacts::Contact>,
    cc_other_contacts: bool,
) -> ApiResult<Draft> {
    let m = template
        .render(TemplateKind::CombinedReminder, language, &vars.to_value(language))
        .map_err(|e| ApiError::invalid(format!("template {COMBINED_REMINDER} ({language}): {e}")))?;
    Ok(Draft {
        template: COMBINED_REMINDER.to_owned(),
        language: language.into(),
        to: contact.map(|c| c.email.trim().to_owned()).into_iter().filter(|e| !e.is_empty()).collect(),
        cc: vec![],
        cc_other_contacts,
        escalate_to: None,
        subject: m.subject,
        text: m.text,
        html: m.html,
        attach_demand_letter: false,
        demand_deadline: None,
    })
}

impl Duly {
    /// The combined reminders due on a day (today unless `as_of`): one per client who asked for
    /// them and has two or more invoices due a combinable step that day. The invoices listed here
    /// are the ones Today should not offer one by one.
    pub fn combined_reminders(&self, query: crate::followups::FollowupQuery) -> ApiResult<CombinedReminderList> {
        let as_of = self.as_of(query.as_of.as_deref())?;
        let mut ids: Vec<i64> = clients::combined_reminder_ids(self.conn())?.into_iter().collect();
        ids.sort_unstable();
        let off = clients::reminders_off_ids(self.conn())?;
        let mut items = Vec::new();
        for client_id in ids.into_iter().filter(|id| !off.contains(id)) {
            let group = due_group(self, client_id, as_of)?;
            if group.len() < 2 {
                continue;
            }
            let client = clients::get(self.conn(), client_id)?.map(|c| c.name).unwrap_or_default();
            let language = group[0].0.language;
            let (draft, draft_error) = match word(self, &client, &group, as_of) {
                Ok(d) => (Some(d), None),
                Err(e) => (None, Some(e.message)),
            };
            items.push(CombinedReminder {
                client_id,
                client,
                invoices: listed(&group, as_of, language),
                totals: totals(&group, as_of, language)?,
                tone: group.iter().map(|(_, s)| s.tone).max().unwrap_or(Tone::Polite).as_str().to_owned(),
                draft,
                draft_error,
            });
        }
        Ok(CombinedReminderList { as_of, items })
    }

    /// Sends (or, with `draft_only`, words) the client's combined reminder for today: one message
    /// to the usual recipient with the statement PDF and each invoice's PDF, each invoice's step
    /// recorded as done and on its timeline, the outbox row linked to every invoice; all in one
    /// IMMEDIATE transaction, decided from what it reads inside it.
    pub fn combined_remind(&mut self, input: CombinedRemindInput) -> ApiResult<CombinedRemindResult> {
        crate::shared::parse::text_limits([
            ("subject", input.subject.as_deref().unwrap_or_default(), crate::shared::parse::TextLimit::Address),
            ("body", input.body.as_deref().unwrap_or_default(), crate::shared::parse::TextLimit::Body),
        ])?;
        let today = self.today();
        let now = self.now();
        let at = instant(now);
        let client_id = input.client_id;
        let tx = self.write_transaction()?;
        let client = clients::get(&tx, client_id)?
            .ok_or_else(|| ApiError::not_found(format!("client_id: client {client_id} does not exist")))?;
        let settings = clients::reminder_settings(&tx, client_id)?;
        if settings.reminders_off {
            return Err(ApiError::invalid(format!("client {}: reminders are off for this client", client.name)));
        }
        let group = due_group(self, client_id, today)?;
        if group.len() < 2 {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "client {}: {} invoice(s) due a reminder today; a combined reminder needs two or more",
                    client.name,
                    group.len()
                ),
            ));
        }
        let language = group[0].0.language;
        let mut draft = word(self, &client.name, &group, today)?;
        apply_edits(&mut draft, &client.name, input.subject.as_deref(), input.body.as_deref(), language)?;
        if draft.to.is_empty() {
            return Err(ApiError::invalid(format!(
                "client {}: no contact has an email address; add one on the client's page",
                client.name
            )));
        }
        let invoices = listed(&group, today, language);
        let statement = self.pdf_bytes(
            &PdfDocument::Statement { client: client_id.to_string(), as_of: Some(today.to_string()) },
            PaperSize::A4,
        )?;
        let mut document_warnings = statement.warnings.clone();
        let mut attachments = vec![attachment(statement)];
        for row in &invoices {
            let pdf = self.pdf_bytes(&PdfDocument::Invoice { number: row.number.clone() }, PaperSize::A4)?;
            document_warnings.extend(pdf.warnings.iter().cloned());
            attachments.push(attachment(pdf));
        }
        if input.draft_only.unwrap_or(false) {
            return Ok(CombinedRemindResult { client_id, invoices, draft, outbox: None, document_warnings });
        }
        crate::shared::demo_guard::refuse_demo(&tx, Some(client_id))?;
        let (lead, lead_step) = &group[0];
        let home = self.home_zone().map(str::to_owned);
        let queued = enqueue_on(
            &tx,
            OutboxEnqueueInput {
                invoice_id: lead.invoice.id,
                kind: Some(format!("{}{}", crate::shared::reminder_cancel::REMINDER_KIND, lead_step.id)),
                to: draft.to.clone(),
                cc: draft.cc.clone(),
                cc_other_contacts: draft.cc_other_contacts,
                subject: draft.subject.clone(),
                text_body: draft.text.clone(),
                html_body: Some(draft.html.clone()),
                attachments,
                business_hours_only: true,
                ..OutboxEnqueueInput::default()
            },
            now,
            home.as_deref(),
        )?;
        outbox_table::set_client(&tx, queued.id, client_id)?;
        let line = event(&at, TimelineKind::EmailQueued, &format!("{}: {}", queued.to, queued.subject));
        for (case, step) in &group {
            let invoice_id = case.invoice.id.unwrap_or_default();
            let record = case.facts.record(step, today, Outcome::Done);
            record_step_on(&tx, invoice_id, &case.invoice.number, &record, Some(queued.id), &at, "was already sent")?;
            outbox_invoices::insert(
                &tx,
                queued.id,
                &outbox_invoices::Covered {
                    invoice_id,
                    step_id: step.id.to_string(),
                    amount_due_minor: case.facts.due_on_day(today),
                },
            )?;
            events::insert(&tx, invoice_id, &line)?;
        }
        tx.commit()?;
        Ok(CombinedRemindResult { client_id, invoices, draft, outbox: Some(queued), document_warnings })
    }
}

/// The client's reminder settings, read where the ladder is built.
pub(crate) fn reminders_off(conn: &Connection, client_id: i64) -> ApiResult<bool> {
    Ok(clients::reminder_settings(conn, client_id)?.reminders_off)
}

/// The Settings preview of the combined reminder template being edited, for the invoice's client:
/// the client's combined reminder of today when there is one, else every open invoice of theirs
/// as if each were due its polite reminder.
pub(crate) fn preview(
    duly: &Duly,
    case: &Case,
    template: &duly_messages::Template,
    language: CoreLanguage,
    today: NaiveDate,
) -> ApiResult<Draft> {
    let conn = duly.conn();
    let client_id = case.invoice.client_id;
    let client = clients::get(conn, client_id)?.map(|c| c.name).unwrap_or_default();
    let group = due_group(duly, client_id, today)?;
    let mut open = open_invoices(conn, client_id)?;
    if open.is_empty() {
        open.push(case.invoice.clone());
    }
    let b = business::get(conn)?.unwrap_or_else(crate::shared::letterhead::default_business);
    let numbers: Vec<&str> = open.iter().map(|i| i.number.as_str()).collect();
    let contact = case.recipient.as_ref();
    let vars = CombinedReminderVars {
        statement: StatementVars {
            client_name: client,
            contact_name: contact.map(|c| c.name.clone()).unwrap_or_default(),
            as_of: today,
            lines: open
                .iter()
                .map(|i| StatementLine {
                    number: i.number.clone(),
                    due_date: i.due_date,
                    amount_due: Money::new(i.total_minor - i.paid_minor, i.currency),
                })
                .collect(),
            payment_details: payment_details(&b, &numbers.join(", ")),
            business_name: b.name.clone(),
            sender_name: b.name.clone(),
            signature: signature(&b),
        },
        tone: group.iter().map(|(_, s)| s.tone).max().unwrap_or(Tone::Polite),
        previous_reminders: previous_reminders(case, today),
    };
    rendered(template, language, &vars, contact, false)
}
