//! The follow-up ladder as use cases: the actions due on a day with their drafted messages
//! (`followup_actions`), where one invoice stands (`followup_next`), and the one-click reminder
//! (`remind`) that sends the right message for the invoice's stage.
//!
//! The rules are duly-core's (`ladder::next_action`), the words duly-messages'; this module
//! gathers the facts from the store, and writes what happened (the step, the queued message with
//! the invoice PDF, the timeline event) in one transaction.

pub(crate) mod autopilot;
pub(crate) mod business_ladder;
pub(crate) mod client_reminders;
pub(crate) mod combined_reminder;
pub(crate) mod decisions;
pub(crate) mod escalation;
pub(crate) mod notices;
pub(crate) mod sent_outside;
pub(crate) mod statement_send;

use std::collections::HashMap;

use chrono::NaiveDate;
use duly_core::calls::{PaymentOn, current_instalment, effective_promise};
use duly_core::ladder::{self, Action, Blocked, DueReason, InvoiceFacts, Ladder, Outcome, Purpose, Step, StepRecord};
use duly_core::{Language as CoreLanguage, Money, days_overdue};
use duly_messages::{InstalmentLine, InstalmentVars, ReminderVars, Template, TemplateKind};
use duly_store::{
    Connection, business, clients, contacts, credit_holds, events, followups, invoices, ladder_pauses, ladder_steps,
    terms,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::documents::{PaperSize, PdfDocument};
use crate::outbox::{OutboxAttachmentInput, OutboxEnqueueInput, OutboxItem, enqueue_on};
use crate::shared::enums::{Language, StepAnchor, StepChannel, StepPurpose, StepTone};
use crate::shared::letterhead::{payment_details, signature};
use crate::shared::money::display;
use crate::shared::templates::template_in_force;
use crate::shared::timeline::event;
use crate::shared::timeline::instant;
use crate::{ApiError, ApiResult, Duly, ErrorCode};

/// At most this many actions in one list.
const MAX_ACTIONS: i64 = 1_000;
const DEFAULT_ACTIONS: i64 = 100;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FollowupQuery {
    /// `YYYY-MM-DD`; today when `null`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub as_of: Option<String>,
    /// How many actions to list; 100 unless given, at most 1,000.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub limit: Option<i64>,
}

/// A step of the ladder as the UI shows it. The words are duly-core's: `channel` is `email`,
/// `phone` or `letter_email`; `tone` `friendly`, `polite`, `firm` or `formal`; `purpose` one of
/// `receipt_check`, `before_due`, `reminder`, `call`, `escalate`, `service_pause`, `final_demand`,
/// `instalment_due`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct LadderStep {
    pub id: String,
    /// `sent`, `due`, or `instalment` (each instalment's date, while a plan is being paid).
    pub anchor: StepAnchor,
    pub offset_days: i32,
    pub channel: StepChannel,
    pub tone: StepTone,
    pub purpose: StepPurpose,
    pub template: String,
}

impl From<&Step> for LadderStep {
    fn from(s: &Step) -> Self {
        Self {
            id: s.id.to_string(),
            anchor: s.anchor.into(),
            offset_days: s.offset_days,
            channel: s.channel.into(),
            tone: s.tone.into(),
            purpose: s.purpose.into(),
            template: s.template.to_string(),
        }
    }
}

/// Why a step is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DueWhy {
    /// Its day has come.
    Scheduled,
    /// It was postponed to today (or earlier).
    Postponed,
    /// The promise to pay by `pay_by` was broken; the ladder resumes at a firm step.
    BrokenPromise { pay_by: NaiveDate },
    /// Instalment `number` of the agreed plan falls due on `due_on`: the reminder before it.
    Instalment { number: u32, due_on: NaiveDate },
}

impl From<DueReason> for DueWhy {
    fn from(r: DueReason) -> Self {
        match r {
            DueReason::Scheduled => Self::Scheduled,
            DueReason::Postponed => Self::Postponed,
            DueReason::BrokenPromise { pay_by } => Self::BrokenPromise { pay_by },
            DueReason::Instalment { number, due_on } => Self::Instalment { number, due_on },
        }
    }
}

/// Where an invoice stands on the ladder on a day: a step due, the next one coming, or why
/// nothing is. A tagged object (`{"kind": "paused_until", "until": "2026-11-15"}`) for the UI
/// to word in the user's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NextFollowup {
    Due {
        step: LadderStep,
        due_on: NaiveDate,
        why: DueWhy,
        passed_over: Vec<String>,
        propose_credit_hold: bool,
        /// Set while the invoice catches up on steps whose day has passed (an imported backlog):
        /// "catching up: step 2 of 5, next on 14 Dec".
        catch_up: Option<CatchUpView>,
        /// The client is demo data: the step is drafted but can never be sent ("demo data: Duly
        /// never emails demo clients"); `remind` drafts it and refuses to queue it.
        demo: bool,
    },
    Upcoming {
        step: LadderStep,
        on: NaiveDate,
        /// The step already sent that day, if any: `remind` then refuses to send this one early
        /// (never two messages in a day), and the UI says so instead of offering the button.
        sent_today: Option<String>,
        /// As for `due`: set while the invoice catches up (then `on` is held by the catch-up gap).
        catch_up: Option<CatchUpView>,
        /// As for `due`: a demo client's step is never sent.
        demo: bool,
    },
    Draft,
    Void,
    Paid,
    PausedUntil {
        until: NaiveDate,
    },
    PromisePending {
        pay_by: NaiveDate,
        until: NaiveDate,
    },
    NoContactAddress {
        step: String,
        since: NaiveDate,
    },
    AllStepsDone,
}

/// Where an invoice catching up stands: step `step` of the `of` overdue steps in force comes
/// on `on` (today or earlier when it is due now). duly-core's `ladder::CatchUp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CatchUpView {
    pub step: u32,
    pub of: u32,
    pub on: NaiveDate,
    /// When the step after it comes (for a step due now, if it is done today): "next on 14 Dec".
    /// `null` after the last step.
    pub next_on: Option<NaiveDate>,
    /// The business's catch-up gap in days, for "at least N days apart".
    pub gap_days: u32,
}

impl NextFollowup {
    /// The same answer with where the invoice stands in catching up (`None` when it is not).
    pub(crate) fn with_catch_up(mut self, ladder: &Ladder, facts: &InvoiceFacts, as_of: NaiveDate) -> Self {
        let view = ladder::catch_up(ladder, facts, as_of).map(|c| CatchUpView {
            step: c.step,
            of: c.of,
            on: c.on,
            next_on: c.next_on,
            gap_days: ladder.catch_up_gap_days(),
        });
        if let Self::Due { catch_up, .. } | Self::Upcoming { catch_up, .. } = &mut self {
            *catch_up = view;
        }
        self
    }

    /// The same answer for a demo client (`demo`), whose steps are drafts that are never sent.
    pub(crate) fn with_demo(mut self, is_demo: bool) -> Self {
        if let Self::Due { demo, .. } | Self::Upcoming { demo, .. } = &mut self {
            *demo = is_demo;
        }
        self
    }
}

impl From<&Action> for NextFollowup {
    fn from(a: &Action) -> Self {
        match a {
            Action::Due { step, on, reason, passed_over, propose_credit_hold } => Self::Due {
                step: step.into(),
                due_on: *on,
                why: (*reason).into(),
                passed_over: passed_over.iter().map(ToString::to_string).collect(),
                propose_credit_hold: *propose_credit_hold,
                catch_up: None,
                demo: false,
            },
            Action::Upcoming { step, on } => {
                Self::Upcoming { step: step.into(), on: *on, sent_today: None, catch_up: None, demo: false }
            }
            Action::Blocked(b) => match b {
                Blocked::Draft => Self::Draft,
                Blocked::Void => Self::Void,
                Blocked::Paid => Self::Paid,
                Blocked::PausedUntil(until) => Self::PausedUntil { until: *until },
                Blocked::PromisePending { pay_by, until } => Self::PromisePending { pay_by: *pay_by, until: *until },
                Blocked::NoContactAddress { step, on } => Self::NoContactAddress { step: step.to_string(), since: *on },
                Blocked::AllStepsDone => Self::AllStepsDone,
            },
        }
    }
}

/// A message drafted for a step, in the client's language, ready to edit or send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Draft {
    pub template: String,
    pub language: Language,
    /// The billing contact (or the first contact with an address); for the escalation step the
    /// next person to try (`escalate_to`) when there is one; empty for a call.
    pub to: Vec<String>,
    /// Copied: when the escalation step writes to the next person, the usual recipient, so that
    /// they see the message too and the conversation stays one thread (going round them would
    /// read as going behind their back).
    pub cc: Vec<String>,
    /// The escalation step copies the client's other contacts when it has nobody new to write to
    /// (the usual recipient is the only one, or everyone was tried).
    pub cc_other_contacts: bool,
    /// For the escalation step: the next person to try (`invoice_contacts`' choice among the
    /// contacts with an email address), whom the draft is addressed to; `null` when the client has
    /// nobody else, and for every other step.
    pub escalate_to: Option<escalation::NextPerson>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The final demand carries the formal letter as well as the invoice.
    pub attach_demand_letter: bool,
    /// The day the final demand asks payment by, as its text states it; the attached letter is
    /// made with this same date. `null` for every other step.
    pub demand_deadline: Option<NaiveDate>,
}

/// One thing to do today about one invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct FollowupAction {
    pub invoice_id: i64,
    pub number: String,
    pub client_id: i64,
    pub client: String,
    pub currency: String,
    pub amount_due: i64,
    pub amount_due_display: String,
    pub due_date: NaiveDate,
    pub days_overdue: i64,
    pub next: NextFollowup,
    /// `null` when the draft could not be made; `draft_error` says why (a user template that
    /// no longer renders, no wording for an added step).
    pub draft: Option<Draft>,
    pub draft_error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct FollowupList {
    pub as_of: NaiveDate,
    /// Due actions, the longest-waiting first, then invoices blocked for want of an address.
    pub items: Vec<FollowupAction>,
    /// How many invoices have a step due, listed or not.
    pub due_count: i64,
    /// How many have a step due but no email address to send it to.
    pub no_address_count: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InvoiceNumber {
    pub number: String,
    /// `YYYY-MM-DD`; today when `null`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub as_of: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RemindInput {
    pub number: String,
    /// Only draft the message; nothing is queued or recorded.
    #[serde(default)]
    pub draft_only: bool,
    /// The user's edited subject, sent instead of the drafted one; `null` keeps the draft's.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub subject: Option<String>,
    /// The user's edited plain-text body, sent instead of the drafted one (its HTML part is made
    /// from it, escaped); `null` keeps the draft's.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub body: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RemindResult {
    pub invoice_id: i64,
    pub number: String,
    pub step: LadderStep,
    /// The step was due (`true`), or the next one was sent early on the user's word.
    pub was_due: bool,
    pub propose_credit_hold: bool,
    pub draft: Draft,
    /// The queued message; `null` for a draft. `remind_undo` within its undo window cancels it
    /// and makes the step due again, in one transaction.
    pub outbox: Option<OutboxItem>,
    /// What the attached documents could only print imperfectly (a character in the client's
    /// name that no font on this computer has, printed as a box), for the user to see beside the
    /// draft; the message is sent all the same. Empty for a call.
    pub document_warnings: Vec<String>,
}

/// The facts about one invoice, and whom to write to.
pub(crate) struct Case {
    pub(crate) invoice: invoices::Invoice,
    pub(crate) facts: InvoiceFacts,
    pub(crate) ladder: Ladder,
    pub(crate) recipient: Option<contacts::Contact>,
    pub(crate) language: CoreLanguage,
    /// The client is demo data: nothing is ever emailed to it.
    pub(crate) demo: bool,
}

impl Duly {
    /// The follow-up actions due on a day (today unless `as_of`), each with its drafted message.
    pub fn followup_actions(&self, query: FollowupQuery) -> ApiResult<FollowupList> {
        let as_of = self.as_of(query.as_of.as_deref())?;
        let limit = query.limit.unwrap_or(DEFAULT_ACTIONS);
        if !(1..=MAX_ACTIONS).contains(&limit) {
            return Err(ApiError::invalid(format!("limit: expected 1 to {MAX_ACTIONS}, got {limit}")));
        }
        let _snapshot = self.conn().unchecked_transaction()?;
        self.followup_actions_on(as_of, limit)
    }

    /// `followup_actions` inside the caller's read snapshot (`today_list` lists the same actions
    /// beside its aging list, from the same state of the file). `limit` is checked by the caller.
    pub(crate) fn followup_actions_on(&self, as_of: NaiveDate, limit: i64) -> ApiResult<FollowupList> {
        let conn = self.conn();
        let history = followups::for_open_invoices(conn)?;
        // Promises and plans: a few rows per chased invoice, read whole; their invoices' payments
        // are read with dates, because whether a promise was kept depends on when money came.
        let commitments = crate::shared::commitments::commitments_by_invoice(conn, as_of)?;
        let pauses = ladder_pauses::active_on(conn, as_of)?;
        let holds = credit_holds::client_ids(conn)?;
        let sent_days = invoices::open_sent_days(conn)?;
        let base = business_ladder::business_ladder(conn)?;
        // Read once for all clients, not once per client (thousands of them over 100k invoices):
        // who has a ladder of their own (the rest follow the business's, shared, not cloned) and
        // who has an address to write to (as `billing_contact`: any contact with an email).
        let mut own_ladder = ladder_steps::clients_with_own(conn)?;
        // A client with reminders off has an empty ladder of its own.
        own_ladder.extend(clients::reminders_off_ids(conn)?);
        let mut ladders: HashMap<i64, Ladder> = HashMap::new();
        let reachable: std::collections::HashSet<i64> = contacts::emails_by_client(conn)?
            .into_iter()
            .filter(|(_, email)| !email.trim().is_empty())
            .map(|(client_id, _)| client_id)
            .collect();
        let scope = invoices::AgingScope { sales_after: as_of, sales_until: as_of, client_id: None };
        let mut found: Vec<(i64, i64, Action)> = Vec::new();
        let mut failure: Option<ApiError> = None;
        invoices::with_aging_rows(conn, &scope, |rows| {
            for row in rows {
                let i = &row.input;
                if !i.status.is_open() || failure.is_some() {
                    continue;
                }
                let ladder = if !own_ladder.contains(&i.client_id) {
                    &base
                } else {
                    match ladders.get(&i.client_id) {
                        Some(l) => l,
                        None => match client_ladder(conn, &base, i.client_id) {
                            Ok(l) => ladders.entry(i.client_id).or_insert(l),
                            Err(e) => {
                                failure = Some(e);
                                continue;
                            }
                        },
                    }
                };
                let has_email = reachable.contains(&i.client_id);
                let (payments, promise, instalment) = match commitments.get(&row.id) {
                    Some(c) => match crate::shared::commitments::payments_of(conn, row.id) {
                        Ok(p) => {
                            let promise = effective_promise(c, &p, as_of);
                            let instalment = current_instalment(c, &p, as_of);
                            (p, promise, instalment)
                        }
                        Err(e) => {
                            failure = Some(e);
                            continue;
                        }
                    },
                    // Without a promise only the sum matters, and the row has it.
                    None => (vec![PaymentOn { date: NaiveDate::MIN, amount: i.paid }], None, None),
                };
                let facts = InvoiceFacts {
                    status: i.status,
                    sent_on: sent_days.get(&row.id).copied().unwrap_or(i.issue_date),
                    due_on: i.due_date,
                    total: i.total,
                    payments,
                    history: history.get(&row.id).cloned().unwrap_or_default(),
                    paused_until: pauses.get(&row.id).copied(),
                    promise,
                    has_email,
                    credit_hold: holds.contains(&i.client_id),
                    instalment,
                };
                let action = ladder::next_action(ladder, &facts, as_of);
                if matches!(action, Action::Due { .. } | Action::Blocked(Blocked::NoContactAddress { .. })) {
                    found.push((row.id, i.client_id, action));
                }
            }
        })?;
        if let Some(e) = failure {
            return Err(e);
        }
        let since = |a: &Action| match a {
            Action::Due { on, .. } | Action::Blocked(Blocked::NoContactAddress { on, .. }) => *on,
            _ => as_of,
        };
        let due_count = count(found.iter().filter(|(_, _, a)| a.is_due()).count());
        let no_address_count = count(found.len()) - due_count;
        found.sort_by(|a, b| b.2.is_due().cmp(&a.2.is_due()).then(since(&a.2).cmp(&since(&b.2))).then(a.0.cmp(&b.0)));
        found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));

        let names = clients::names_of(conn, found.iter().map(|f| f.1))?;
        let mut items = Vec::with_capacity(found.len());
        for (invoice_id, client_id, action) in found {
            let case = self.case_by_id(invoice_id, as_of)?;
            let (draft, draft_error) = match action.step() {
                Some(step) if action.is_due() => match self.draft(&case, step, as_of) {
                    Ok(d) => (Some(d), None),
                    Err(e) => (None, Some(e.message)),
                },
                _ => (None, None),
            };
            let inv = &case.invoice;
            let due = case.facts.due_on_day(as_of);
            items.push(FollowupAction {
                invoice_id,
                number: inv.number.clone(),
                client_id,
                client: names.get(&client_id).cloned().unwrap_or_default(),
                currency: inv.currency.code().to_owned(),
                amount_due: due,
                amount_due_display: display(due, inv.currency, case.language),
                due_date: inv.due_date,
                days_overdue: days_overdue(inv.due_date, as_of),
                next: NextFollowup::from(&action).with_catch_up(&case.ladder, &case.facts, as_of).with_demo(case.demo),
                draft,
                draft_error,
            });
        }
        Ok(FollowupList { as_of, items, due_count, no_address_count })
    }

    /// Where one invoice stands on the ladder on a day (today unless `as_of`).
    pub fn followup_next(&self, input: InvoiceNumber) -> ApiResult<NextFollowup> {
        let as_of = self.as_of(input.as_of.as_deref())?;
        let case = self.case_by_number(&input.number, as_of)?;
        let mut next = NextFollowup::from(&ladder::next_action(&case.ladder, &case.facts, as_of))
            .with_catch_up(&case.ladder, &case.facts, as_of)
            .with_demo(case.demo);
        if let NextFollowup::Upcoming { sent_today, .. } = &mut next {
            *sent_today = sent_on(&case.facts.history, as_of).map(|r| r.step.to_string());
        }
        Ok(next)
    }

    /// The one-click reminder: drafts the message for the step the invoice has reached (the
    /// step due today, else the next email step, sent early on the user's word) in the client's
    /// language and, unless `draft_only`, queues it to the billing contact with the invoice PDF
    /// (and the demand letter for the final step), records the step as done and puts it on the
    /// invoice's timeline, all in one transaction.
    ///
    /// The decision is read inside the IMMEDIATE transaction that writes it: a payment, a
    /// promise or another `remind` in another process either happened before (and is seen) or
    /// waits until this one commits.
    pub fn remind(&mut self, input: RemindInput) -> ApiResult<RemindResult> {
        crate::shared::parse::text_limits([
            ("subject", input.subject.as_deref().unwrap_or_default(), crate::shared::parse::TextLimit::Address),
            ("body", input.body.as_deref().unwrap_or_default(), crate::shared::parse::TextLimit::Body),
        ])?;
        let today = self.today();
        let tx = self.write_transaction()?;
        let case = self.case_by_number(&input.number, today)?;
        let number = case.invoice.number.clone();
        crate::invoices::review::refuse_unconfirmed(self.conn(), case.invoice.id.unwrap_or_default(), &number)?;
        let action = ladder::next_action(&case.ladder, &case.facts, today);
        let (step, was_due, propose_credit_hold) = match &action {
            Action::Due { step, propose_credit_hold, .. } => (step.clone(), true, *propose_credit_hold),
            Action::Upcoming { step, on } => {
                // Early on the user's word, but never a second, firmer message the same day as
                // the last one (a double click, or a click after the Today list already sent).
                if let Some(r) = sent_on(&case.facts.history, today) {
                    return Err(ApiError::new(
                        ErrorCode::Conflict,
                        format!(
                            "invoice {number}: a reminder ({}) was already sent today; the next step ({}) falls on {on}",
                            r.step, step.id
                        ),
                    ));
                }
                // Catching up, the gap is what keeps a late client from a burst of firmer
                // messages: no sending early inside it.
                if ladder::catch_up(&case.ladder, &case.facts, today).is_some() {
                    return Err(ApiError::new(
                        ErrorCode::Conflict,
                        format!(
                            "invoice {number}: catching up, the next step ({}) comes on {on}, at least {} days after the last one",
                            step.id,
                            case.ladder.catch_up_gap_days()
                        ),
                    ));
                }
                (step.clone(), false, false)
            }
            Action::Blocked(b) => return Err(not_chased(&number, b)),
        };
        if step.channel == ladder::Channel::Phone && !input.draft_only {
            return Err(ApiError::invalid(format!(
                "invoice {number}: the next step ({}) is a phone call, not a message; call the client and log the call",
                step.id
            )));
        }
        let mut draft = self.draft(&case, &step, today)?;
        apply_edits(&mut draft, &number, input.subject.as_deref(), input.body.as_deref(), case.language)?;
        if input.draft_only {
            // The invoice the message will attach, rendered to say what it cannot print. A
            // document that cannot be made at all is the send's to report, not the draft's.
            let document_warnings = if step.channel == ladder::Channel::Phone {
                Vec::new()
            } else {
                self.pdf_bytes(&PdfDocument::Invoice { number: number.clone() }, PaperSize::A4)
                    .map(|file| file.warnings)
                    .unwrap_or_default()
            };
            return Ok(RemindResult {
                document_warnings,
                invoice_id: case.invoice.id.unwrap_or_default(),
                number,
                step: (&step).into(),
                was_due,
                propose_credit_hold,
                draft,
                outbox: None,
            });
        }
        if case.demo {
            // The outbox would refuse it too; say so before rendering any document.
            crate::shared::demo_guard::refuse_demo(self.conn(), Some(case.invoice.client_id))?;
        }
        // Documents render inside the transaction, from the same state the decision was read in.
        let invoice_pdf = self.pdf_bytes(&PdfDocument::Invoice { number: number.clone() }, PaperSize::A4)?;
        let mut document_warnings = invoice_pdf.warnings.clone();
        let mut attachments = vec![attachment(invoice_pdf)];
        if let Some(deadline) = draft.demand_deadline.filter(|_| draft.attach_demand_letter) {
            let file = self.demand_letter_until(&number, deadline, PaperSize::A4)?;
            document_warnings.extend(file.warnings);
            attachments.push(OutboxAttachmentInput {
                filename: file.file_name,
                content_type: "application/pdf".into(),
                bytes: file.bytes,
            });
        }
        let invoice_id = case.invoice.id.unwrap_or_default();
        let now = self.now();
        let home = self.home_zone().map(str::to_owned);
        let queued = enqueue_on(
            &tx,
            OutboxEnqueueInput {
                invoice_id: Some(invoice_id),
                kind: Some(format!("reminder:{}", step.id)),
                to: draft.to.clone(),
                cc: draft.cc.clone(),
                cc_other_contacts: draft.cc_other_contacts,
                subject: draft.subject.clone(),
                text_body: draft.text.clone(),
                html_body: Some(draft.html.clone()),
                attachments,
                // A reminder goes out in the client's working day, never at 3 a.m. their time.
                business_hours_only: true,
                ..OutboxEnqueueInput::default()
            },
            now,
            home.as_deref(),
        )?;
        let record = case.facts.record(&step, today, Outcome::Done);
        record_step_on(&tx, invoice_id, &number, &record, Some(queued.id), &instant(now), "was already sent")?;
        events::insert(
            &tx,
            invoice_id,
            &event(&instant(now), crate::TimelineKind::EmailQueued, &format!("{}: {}", queued.to, queued.subject)),
        )?;
        tx.commit()?;
        Ok(RemindResult {
            invoice_id,
            number,
            step: (&step).into(),
            was_due,
            propose_credit_hold,
            draft,
            outbox: Some(queued),
            document_warnings,
        })
    }

    pub(crate) fn case_by_number(&self, number: &str, as_of: NaiveDate) -> ApiResult<Case> {
        let number = number.trim();
        let inv = invoices::get_by_number(self.conn(), number)?
            .ok_or_else(|| ApiError::not_found(format!("number: no invoice is numbered \"{number}\"")))?;
        self.case_of(inv, as_of)
    }

    pub(crate) fn case_by_id(&self, id: i64, as_of: NaiveDate) -> ApiResult<Case> {
        let inv = invoices::get(self.conn(), id)?
            .ok_or_else(|| ApiError::not_found(format!("invoice {id} does not exist")))?;
        self.case_of(inv, as_of)
    }

    fn case_of(&self, invoice: invoices::Invoice, as_of: NaiveDate) -> ApiResult<Case> {
        let conn = self.conn();
        let id = invoice.id.unwrap_or_default();
        let client = clients::get(conn, invoice.client_id)?
            .ok_or_else(|| ApiError::not_found(format!("client {} does not exist", invoice.client_id)))?;
        let mut people = contacts::list_for_client(conn, invoice.client_id)?;
        // An address a bounce ruled out is as good as none: the next contact gets the message.
        let dead = duly_store::mailbox::undeliverable(conn)?;
        people.iter_mut().filter(|c| dead.contains(&c.email.trim().to_lowercase())).for_each(|c| c.email.clear());
        let recipient = billing_contact(&people).cloned();
        let language = recipient.as_ref().and_then(|c| c.language).unwrap_or(client.language);
        let base = business_ladder::business_ladder(conn)?;
        let facts = InvoiceFacts {
            status: invoice.status,
            // The day it reached the client when Duly knows it; the issue date stands in otherwise.
            sent_on: invoices::sent_on(conn, id)?.unwrap_or(invoice.issue_date),
            due_on: invoice.due_date,
            total: invoice.total_minor,
            payments: crate::shared::commitments::payments_of(conn, id)?,
            history: followups::list_for_invoice(conn, id)?.into_iter().map(|f| f.record).collect(),
            paused_until: ladder_pauses::get(conn, id)?.filter(|&u| u >= as_of),
            promise: crate::shared::commitments::ladder_promise(conn, id, as_of)?,
            has_email: recipient.is_some(),
            credit_hold: credit_holds::get(conn, invoice.client_id)?.is_some(),
            instalment: crate::shared::commitments::ladder_instalment(conn, id, as_of)?,
        };
        let ladder = client_ladder(conn, &base, invoice.client_id)?;
        let demo = clients::is_demo(conn, invoice.client_id)?;
        Ok(Case { invoice, facts, ladder, recipient, language, demo })
    }

    /// The message for `step` on `as_of`: the client's own wording, else the business's, else
    /// Duly's built-in one, in the client's language.
    pub(crate) fn draft(&self, case: &Case, step: &Step, as_of: NaiveDate) -> ApiResult<Draft> {
        // A call's brief is for the user, in the user's language; everything else is for the
        // client, in theirs.
        let language = if step.channel == ladder::Channel::Phone { self.language()? } else { case.language };
        let template = template_in_force(self.conn(), Some(case.invoice.client_id), step.template.as_str(), language)?
            .ok_or_else(|| {
                ApiError::invalid(format!(
                    "step {}: there is no wording for template \"{}\" in {}; write one in Settings",
                    step.id, step.template, language
                ))
            })?
            .0;
        self.draft_with(case, step, as_of, &template, language)
    }

    /// The message `template` makes for `case` on `as_of` in `language` (the Settings page's
    /// live preview passes the text being edited).
    pub(crate) fn draft_with(
        &self,
        case: &Case,
        step: &Step,
        as_of: NaiveDate,
        template: &Template,
        language: CoreLanguage,
    ) -> ApiResult<Draft> {
        let conn = self.conn();
        let inv = &case.invoice;
        let template_id = step.template.as_str();
        let b = business::get(conn)?.unwrap_or_else(crate::shared::letterhead::default_business);
        let client = clients::get(conn, inv.client_id)?.map(|c| c.name).unwrap_or_default();
        let paid = case.facts.paid_on(as_of);
        let owed = case.facts.due_on_day(as_of);
        let terms = terms::in_force(conn, inv.client_id, inv.id.unwrap_or_default())?;
        let late_fee = terms.late_fee_on(owed, inv.due_date, as_of, inv.currency);
        let late_fee_is_interest = matches!(terms.late_fee, Some(ladder::LateFee::InterestPerYear { .. }));
        let emailed = step.channel.needs_email();
        let usual = case.recipient.as_ref();
        // The +14 step: to the next person at the client when there is someone new to try, with
        // the usual recipient in copy; else as before, to the usual recipient with everyone else
        // in copy.
        let escalate_to = if emailed && step.widens_recipients() {
            escalation::next_by_email(conn, inv.id.unwrap_or_default(), inv.client_id)?
                .filter(|n| usual.is_none_or(|u| u.id != Some(n.contact_id)))
        } else {
            None
        };
        let (contact_name, previous_contact_name) = match (&escalate_to, step.widens_recipients()) {
            // The greeting uses the name on file only: `NextPerson::name` falls back to the address.
            (Some(next), _) => {
                let named =
                    contacts::list_for_client(conn, inv.client_id)?.into_iter().find(|c| c.id == Some(next.contact_id));
                (
                    named.map(|c| c.name.trim().to_owned()).unwrap_or_default(),
                    usual.map(|u| u.name.clone()).unwrap_or_default(),
                )
            }
            // Also read by the others in copy: a general greeting.
            (None, true) => (String::new(), usual.map(|u| u.name.clone()).unwrap_or_default()),
            (None, false) => (usual.map(|c| c.name.clone()).unwrap_or_default(), String::new()),
        };
        if step.per_instalment() && case.facts.instalment.is_none() {
            // Only the Settings preview gets here: the ladder never proposes such a step without
            // an instalment being paid, and the message would have nothing to name.
            return Err(ApiError::invalid(format!(
                "step {}: invoice {} has no instalment plan being paid; preview it against an invoice with a plan",
                step.id, inv.number
            )));
        }
        let instalment = case.facts.instalment.as_ref().filter(|_| step.per_instalment()).map(|c| InstalmentVars {
            number: c.instalment.number,
            count: c.count,
            due_on: c.instalment.due_on,
            amount: c.instalment.amount,
            remaining: c.remaining,
            later: c.later.iter().map(|i| InstalmentLine { due_on: i.due_on, amount: i.amount }).collect(),
        });
        // Computed once: the final demand's text states it and the attached letter is made with it.
        let facts = crate::law::statutory::statutory_facts(conn, inv, &terms, as_of)?;
        let demand_deadline = crate::documents::demand_deadline(as_of, i64::from(facts.letter.response_days))?;
        let vars = ReminderVars {
            client_name: client,
            contact_name,
            invoice_number: inv.number.clone(),
            issue_date: inv.issue_date,
            due_date: inv.due_date,
            as_of,
            total: Money::new(inv.total_minor, inv.currency),
            paid,
            late_fee,
            late_fee_is_interest,
            payment: payment_details(&b, &inv.number),
            business_name: b.name.clone(),
            sender_name: b.name.clone(),
            signature: signature(&b),
            previous_contact_name,
            instalment,
            previous_reminders: previous_reminders(case, as_of),
            demand_deadline,
            demand_days: facts.letter.response_days,
            demand_from_receipt: facts.letter.from_receipt,
            statutory: duly_messages::StatutoryVars {
                interest: facts.interest,
                interest_basis: facts.letter.interest_citation.unwrap_or_default().to_owned(),
                compensation: facts.compensation,
                compensation_basis: facts.letter.compensation_citation.unwrap_or_default().to_owned(),
            },
        };
        let message = template
            .render(TemplateKind::of(template_id), language, &vars.to_value(language))
            .map_err(|e| ApiError::invalid(format!("template {template_id} ({language}): {e}")))?;
        let address = |c: &contacts::Contact| c.email.trim().to_owned();
        let (to, cc) = match &escalate_to {
            Some(next) => (vec![next.email.trim().to_owned()], usual.map(address).into_iter().collect()),
            None => (usual.filter(|_| emailed).map(address).into_iter().collect(), vec![]),
        };
        Ok(Draft {
            template: template_id.to_owned(),
            language: language.into(),
            to,
            cc,
            cc_other_contacts: emailed && step.widens_recipients() && escalate_to.is_none(),
            escalate_to,
            subject: message.subject,
            text: message.text,
            html: message.html,
            attach_demand_letter: step.purpose == Purpose::FinalDemand,
            demand_deadline: Some(demand_deadline).filter(|_| step.purpose == Purpose::FinalDemand),
        })
    }
}

/// How many reminders about the invoice its timeline holds by `as_of`: steps done that were
/// messages about payment (sent by Duly, or recorded as sent outside it), not calls or the
/// receipt check. A message may say "my previous reminders" only when this is not zero.
fn previous_reminders(case: &Case, as_of: NaiveDate) -> u32 {
    let is_reminder = |id: &ladder::StepId| {
        case.ladder.get(id).is_none_or(|s| s.channel != ladder::Channel::Phone && s.purpose != Purpose::ReceiptCheck)
    };
    let n = case
        .facts
        .history
        .iter()
        .filter(|r| r.outcome == Outcome::Done && r.on <= as_of && is_reminder(&r.step))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Puts the user's edited subject and body in place of the drafted ones. The HTML part is
/// remade from the edited text the way templates make theirs, so what the user typed is shown
/// as typed and can never become markup.
fn apply_edits(
    draft: &mut Draft,
    number: &str,
    subject: Option<&str>,
    body: Option<&str>,
    language: CoreLanguage,
) -> ApiResult<()> {
    if subject.is_none() && body.is_none() {
        return Ok(());
    }
    if let Some(subject) = subject {
        let subject = subject.trim();
        if subject.is_empty() {
            return Err(ApiError::invalid(format!("subject: the reminder for invoice {number} needs a subject")));
        }
        if subject.contains(['\r', '\n']) {
            return Err(ApiError::invalid(format!(
                "subject: the reminder for invoice {number} must have a one-line subject"
            )));
        }
        draft.subject = subject.to_owned();
    }
    if let Some(body) = body {
        let body = body.replace("\r\n", "\n");
        if body.trim().is_empty() {
            return Err(ApiError::invalid(format!("body: the reminder for invoice {number} needs some text")));
        }
        draft.text = body;
    }
    draft.html = duly_messages::html_from_text(&draft.subject, &draft.text, language);
    Ok(())
}

/// The client's ladder: the business's with the client's own changes merged over it.
/// A client with reminders off (`clients.reminders_off`) has a ladder with no steps, so nothing
/// is ever due for them.
pub(crate) fn client_ladder(conn: &Connection, base: &Ladder, client_id: i64) -> ApiResult<Ladder> {
    if combined_reminder::reminders_off(conn, client_id)? {
        let none =
            Ladder::new(Vec::new()).map_err(|e| ApiError::invalid(format!("client {client_id}'s ladder: {e}")))?;
        return Ok(none.with_catch_up_gap(base.catch_up_gap_days()));
    }
    let own = ladder_steps::load(conn, Some(client_id))?;
    if own.is_empty() {
        return Ok(base.clone());
    }
    base.with(&own).map_err(|e| ApiError::invalid(format!("client {client_id}'s ladder: {e}")))
}

/// Whom reminders go to: the billing contact with an email address, else the first contact
/// that has one.
fn billing_contact(people: &[contacts::Contact]) -> Option<&contacts::Contact> {
    crate::shared::recipients::billing_or_first(people, |c| !c.email.trim().is_empty())
}

fn not_chased(number: &str, b: &Blocked) -> ApiError {
    let why = match b {
        Blocked::Draft => "it is a draft, not sent yet".to_owned(),
        Blocked::Void => "it is void".to_owned(),
        Blocked::Paid => "it is paid".to_owned(),
        Blocked::PausedUntil(d) => format!("follow-up is paused until {d}"),
        Blocked::PromisePending { pay_by, until } => {
            format!("the client promised to pay by {pay_by}; Duly waits until {until}")
        }
        Blocked::NoContactAddress { step, .. } => {
            format!("step {step} needs an email address and the client's contacts have none")
        }
        Blocked::AllStepsDone => "every step of its ladder has been done".to_owned(),
    };
    ApiError::invalid(format!("invoice {number}: nothing to send: {why}"))
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The step sent (done) on `day`, if any: the one-message-a-day rule's evidence.
/// Records a step as done, skipped or postponed for an invoice. The file's unique index makes
/// a step recorded twice impossible; that case is a conflict saying `what` happened to it
/// ("was already sent"), not a storage error.
pub(crate) fn record_step_on(
    conn: &Connection,
    invoice_id: i64,
    number: &str,
    record: &StepRecord,
    outbox_id: Option<i64>,
    at: &str,
    what: &str,
) -> ApiResult<()> {
    followups::insert(conn, invoice_id, record, outbox_id, at).map_err(|e| {
        let e = duly_store::StoreError::from(e);
        if e.is_unique_violation() {
            ApiError::new(ErrorCode::Conflict, format!("invoice {number}: step {} {what}", record.step))
        } else {
            e.into()
        }
    })?;
    Ok(())
}

fn sent_on(history: &[StepRecord], day: NaiveDate) -> Option<&StepRecord> {
    history.iter().find(|r| r.on == day && r.outcome == Outcome::Done)
}

pub(crate) fn attachment(file: crate::documents::PdfFile) -> OutboxAttachmentInput {
    OutboxAttachmentInput { filename: file.file_name, content_type: "application/pdf".into(), bytes: file.bytes }
}
