//! The one question the ladder answers: for this invoice, on this day, what follow-up is due,
//! and why — or why nothing is.
//!
//! The rules, in the order they apply:
//! 1. Drafts and void invoices are never chased; a paid invoice stops at once (a payment recorded
//!    on or before the day counts, whatever the stored status still says).
//! 2. A pause holds everything through its last day; so does a promise to pay, through the
//!    promised date plus the grace day ([`crate::calls::GRACE_DAYS`]).
//! 3. The ladder only moves forward: once a step is done or skipped, no step before it in the
//!    schedule is proposed again, and a step done or skipped is never due again.
//! 4. The steps are caught up in order: the first step not yet done or skipped is the one due,
//!    from its own day (a postponed step from the day it was postponed to), never earlier. A step
//!    whose day had already come when the previous step was done (an invoice imported 60 days
//!    late, or a user back from holiday) is *caught up*: due no sooner than the ladder's catch-up
//!    gap ([`Ladder::catch_up_gap_days`]) after that step, counted from the last step done, in
//!    Duly or recorded as sent outside it. So the first message about an imported backlog is the
//!    first overdue step (the polite reminder), and the firmer ones follow a gap apart; none is
//!    passed over. A step whose day comes later keeps its day (the playbook's own cadence).
//!    Rule 4b: once a promise to pay has been made (kept only in part, or broken: any promise
//!    the facts carry), the client has been talked to, so the ladder resumes where its schedule
//!    stands instead: of the steps whose day has come the latest is due, the earlier ones passed
//!    over. This keeps promises and instalment plans as they were before catch-up existed.
//! 5. After a broken promise the ladder resumes at once at a firm step (the first remaining step
//!    at least [`Tone::Firm`]), unless the schedule has already reached a later one.
//! 6. A step that must be emailed is blocked while the client has no email address.
//! 7. A step whose day is on or before the due date is never sent after it (it would say "falls
//!    due on ..."): once the invoice is late it is passed over (the only steps that ever are).
//! 8. While an instalment plan on track governs (rule 2 holds the invoice's own steps), the
//!    per-instalment steps ([`Step::per_instalment`]) fall per instalment: for the instalment
//!    being paid, a step is due from its day (counted from the instalment's date) until it is
//!    done or skipped *for that instalment*. An instalment paid early is no longer the one being
//!    paid, so it gets no reminder; a step dated on or before the day the plan was agreed has
//!    nothing to add to the plan just confirmed. A missed instalment is a broken promise (rule 5).

use chrono::NaiveDate;

use super::Ladder;
use super::steps::{Purpose, Step, StepId, Tone};
use crate::calls::{CurrentInstalment, PaymentOn, Promise, PromiseStatus};
use crate::invoice::{InvoiceStatus, amount_due};

/// What the user did with a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Sent (or, for a call, the call was made).
    Done,
    /// Decided against; the ladder moves past it.
    Skipped,
    /// Not now: due again on `until`.
    Postponed { until: NaiveDate },
}

/// Which instalment of which plan a per-instalment step was about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InstalmentRef {
    /// The plan's key ([`crate::calls::Commitment::Plan`]'s `id`).
    pub plan: i64,
    /// 1 for the first instalment.
    pub number: u32,
}

/// One entry of an invoice's ladder history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRecord {
    pub step: StepId,
    pub on: NaiveDate,
    pub outcome: Outcome,
    /// For a per-instalment step, the instalment it was about: the same step is done once per
    /// instalment. `None` for the invoice's own steps.
    pub instalment: Option<InstalmentRef>,
}

impl StepRecord {
    /// A record of one of the invoice's own steps.
    pub fn new(step: StepId, on: NaiveDate, outcome: Outcome) -> Self {
        Self { step, on, outcome, instalment: None }
    }
}

/// What the ladder needs to know about one invoice. The caller gathers it (from the database);
/// the rules below decide what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceFacts {
    pub status: InvoiceStatus,
    /// The day the invoice went to the client (its issue date unless a send was recorded).
    pub sent_on: NaiveDate,
    pub due_on: NaiveDate,
    /// The invoice total, minor units.
    pub total: i64,
    pub payments: Vec<PaymentOn>,
    pub history: Vec<StepRecord>,
    /// A pause set by the user, through this day inclusive.
    pub paused_until: Option<NaiveDate>,
    /// The promise that governs, if any: a promise to pay, or a plan's current instalment as
    /// [`crate::calls::effective_promise`] gives it.
    pub promise: Option<Promise>,
    /// Whether the client has an email address to write to.
    pub has_email: bool,
    /// Whether the client is already on credit hold (cash only).
    pub credit_hold: bool,
    /// The instalment being paid when an instalment plan on track governs
    /// ([`crate::calls::current_instalment`]): what the per-instalment steps are about.
    pub instalment: Option<CurrentInstalment>,
}

impl InvoiceFacts {
    /// Paid on or before `as_of`.
    pub fn paid_on(&self, as_of: NaiveDate) -> i64 {
        self.payments.iter().filter(|p| p.date <= as_of).map(|p| p.amount).sum()
    }

    /// Still owed on `as_of`, never below zero.
    pub fn due_on_day(&self, as_of: NaiveDate) -> i64 {
        amount_due(self.total, self.paid_on(as_of))
    }

    /// The history entry to write when `step` is done, skipped or postponed today: a
    /// per-instalment step is recorded against the instalment being paid.
    pub fn record(&self, step: &Step, on: NaiveDate, outcome: Outcome) -> StepRecord {
        let instalment = if step.per_instalment() { self.instalment_ref() } else { None };
        StepRecord { step: step.id.clone(), on, outcome, instalment }
    }

    /// The instalment being paid, as history refers to it.
    pub fn instalment_ref(&self) -> Option<InstalmentRef> {
        self.instalment.as_ref().map(|c| InstalmentRef { plan: c.plan, number: c.instalment.number })
    }
}

/// Why a step is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueReason {
    /// Its day (`Action::Due::on`) has come.
    Scheduled,
    /// It was postponed to `Action::Due::on`, which has come.
    Postponed,
    /// The promise to pay by `pay_by` was broken; the ladder resumes at a firm step.
    BrokenPromise { pay_by: NaiveDate },
    /// Instalment `number` of the plan falls due on `due_on`; the step's day before it has come.
    Instalment { number: u32, due_on: NaiveDate },
}

/// Why nothing is due and nothing is coming.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocked {
    Draft,
    Void,
    Paid,
    /// Paused by the user through this day.
    PausedUntil(NaiveDate),
    /// Waiting for a promise to pay by `pay_by`, through `until` (the grace day).
    PromisePending {
        pay_by: NaiveDate,
        until: NaiveDate,
    },
    /// `step` (due since `on`) needs an email address and the client has none.
    NoContactAddress {
        step: StepId,
        on: NaiveDate,
    },
    /// Every step has been done, skipped or passed over.
    AllStepsDone,
}

/// The ladder's answer for one invoice on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// `step` is due; its day was `on` (today or earlier: an action not taken stays due).
    Due {
        step: Step,
        on: NaiveDate,
        reason: DueReason,
        /// Earlier steps whose day also came, left out because this later one replaces them.
        passed_over: Vec<StepId>,
        /// Whether to propose putting the client on credit hold (service pause or a broken
        /// promise not yet answered, whatever step it resumes with; never once on hold).
        propose_credit_hold: bool,
    },
    /// Nothing today; `step` falls on `on`.
    Upcoming {
        step: Step,
        on: NaiveDate,
    },
    Blocked(Blocked),
}

impl Action {
    /// The step this action is about, if any.
    pub fn step(&self) -> Option<&Step> {
        match self {
            Action::Due { step, .. } | Action::Upcoming { step, .. } => Some(step),
            Action::Blocked(_) => None,
        }
    }

    pub fn is_due(&self) -> bool {
        matches!(self, Action::Due { .. })
    }
}

/// The follow-up for `facts` on `as_of` under `ladder`. See the module comment for the rules.
pub fn next_action(ladder: &Ladder, facts: &InvoiceFacts, as_of: NaiveDate) -> Action {
    let blocked = Action::Blocked;
    match facts.status {
        InvoiceStatus::Draft => return blocked(Blocked::Draft),
        InvoiceStatus::Void => return blocked(Blocked::Void),
        InvoiceStatus::Paid => return blocked(Blocked::Paid),
        InvoiceStatus::Sent | InvoiceStatus::PartlyPaid => {}
    }
    if facts.due_on_day(as_of) == 0 {
        return blocked(Blocked::Paid);
    }
    if let Some(until) = facts.paused_until.filter(|&u| as_of <= u) {
        return blocked(Blocked::PausedUntil(until));
    }
    let broken = match facts.promise.map(|p| (p, p.status(&facts.payments, as_of))) {
        Some((p, PromiseStatus::Pending { until })) => {
            return instalment_step(ladder, facts, as_of)
                .unwrap_or(blocked(Blocked::PromisePending { pay_by: p.pay_by, until }));
        }
        Some((p, PromiseStatus::Broken { since, .. })) => Some((p.pay_by, since)),
        Some((_, PromiseStatus::Kept { .. })) | None => None,
    };

    let schedule: Vec<(&Step, NaiveDate)> = ladder
        .schedule(facts.sent_on, facts.due_on)
        .into_iter()
        // A step on or before the day the invoice went out has nothing to add to it.
        .filter(|&(_, date)| date > facts.sent_on)
        .collect();
    let settled = |s: &Step| settled(facts, s, None);
    let postponed_to = |s: &Step| postponed_to(facts, s, None);
    let start = schedule.iter().rposition(|&(s, _)| settled(s)).map_or(0, |i| i + 1);
    // (position in the schedule, step, nominal day, day it is due from)
    let remaining: Vec<(usize, &Step, NaiveDate, NaiveDate)> = schedule[start..]
        .iter()
        .enumerate()
        .map(|(i, &(s, date))| (start + i, s, date, postponed_to(s).map_or(date, |p| p.max(date))))
        .collect();
    // A step meant for on or before the due date ("falls due on ...") would read wrong once the
    // invoice is late: it can be passed over, never sent.
    let moot = |date: NaiveDate| date <= facts.due_on && as_of > facts.due_on;
    let open: Vec<(usize, &Step, NaiveDate, NaiveDate)> =
        remaining.iter().filter(|&&(_, _, date, _)| !moot(date)).copied().collect();
    // (position, step, nominal day, day due from) of the step that comes next, and whether it
    // has come. Rule 4: in order, caught up a gap apart. Rule 4b: once a promise has been made
    // (kept in part, or broken), the client has been talked to and the ladder resumes where its
    // schedule stands: the latest step whose day has come.
    let (next, arrived_next) = if facts.promise.is_none() {
        let next = open.first().map(|&(i, s, date, from)| (i, s, date, catch_up_day(ladder, facts, date, from)));
        (next, next.filter(|&(.., day)| day <= as_of))
    } else {
        let latest = open.iter().rev().find(|&&(.., from)| from <= as_of).copied();
        (latest.or_else(|| open.iter().min_by_key(|&&(i, .., from)| (from, i)).copied()), latest)
    };

    // A broken promise not yet answered by any step done or skipped since it broke.
    let escalation = broken.filter(|&(_, since)| {
        !facts.history.iter().any(|r| r.on >= since && matches!(r.outcome, Outcome::Done | Outcome::Skipped))
    });
    let done =
        |s: &Step| facts.history.iter().any(|r| r.step == s.id && r.instalment.is_none() && r.outcome == Outcome::Done);
    let last_done_tone = schedule[..start].iter().filter(|&&(s, _)| done(s)).map(|&(s, _)| s.tone).max();
    let firm_floor = last_done_tone.map_or(Tone::Firm, |t| t.max(Tone::Firm));

    let chosen = match escalation {
        Some((pay_by, _)) => {
            let firm = remaining.iter().find(|&&(_, s, _, _)| s.tone >= firm_floor).copied();
            match (firm, arrived_next) {
                (Some(f), Some(a)) if a.0 > f.0 => Some((a, DueReason::Scheduled)),
                (Some(f), _) => Some((f, DueReason::BrokenPromise { pay_by })),
                (None, a) => a.map(|a| (a, DueReason::Scheduled)),
            }
        }
        None => arrived_next.map(|a| (a, DueReason::Scheduled)),
    };

    let Some(((pos, step, date, from), reason)) = chosen else {
        return match next {
            Some((_, step, _, day)) => Action::Upcoming { step: step.clone(), on: day },
            None => blocked(Blocked::AllStepsDone),
        };
    };
    let (on, reason) = match reason {
        DueReason::BrokenPromise { pay_by } => {
            let since = broken.map_or(as_of, |(_, since)| since);
            (since, DueReason::BrokenPromise { pay_by })
        }
        _ if postponed_to(step).is_some_and(|p| p > date) => (from, DueReason::Postponed),
        r => (from, r),
    };
    if step.channel.needs_email() && !facts.has_email {
        return blocked(Blocked::NoContactAddress { step: step.id.clone(), on });
    }
    let passed_over =
        remaining.iter().filter(|&&(i, _, _, from)| i < pos && from <= as_of).map(|&(_, s, ..)| s.id.clone()).collect();
    // A broken promise not yet answered proposes credit hold whichever step it resumes with:
    // when it broke after the schedule had already reached a later step (the final demand), that
    // step is due as scheduled, but the client still broke their word.
    let propose_credit_hold = !facts.credit_hold
        && (step.purpose == Purpose::ServicePause
            || matches!(reason, DueReason::BrokenPromise { .. })
            || escalation.is_some());
    Action::Due { step: step.clone(), on, reason, passed_over, propose_credit_hold }
}

/// The day of the last step done about the invoice itself (sent by Duly, a call made, or a
/// reminder the user recorded as sent outside Duly): catch-up gaps count from it.
fn last_done_on(facts: &InvoiceFacts) -> Option<NaiveDate> {
    facts.history.iter().filter(|r| r.instalment.is_none() && r.outcome == Outcome::Done).map(|r| r.on).max()
}

/// Rule 4: the day a step scheduled on `date` and otherwise due from `from` is due. When its day
/// had already come by the last step done, it is caught up at least the gap after that step.
fn catch_up_day(ladder: &Ladder, facts: &InvoiceFacts, date: NaiveDate, from: NaiveDate) -> NaiveDate {
    match last_done_on(facts) {
        Some(last) if date <= last => {
            let after_gap =
                last.checked_add_days(chrono::Days::new(u64::from(ladder.catch_up_gap_days()))).unwrap_or(last);
            from.max(after_gap)
        }
        _ => from,
    }
}

/// Where an invoice that is behind its schedule stands in catching up: the step due or coming
/// next is number `step` of the `of` overdue steps in force, due on `on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatchUp {
    /// 1 for the first overdue step.
    pub step: u32,
    /// How many overdue steps the ladder has for this invoice (every one still enabled).
    pub of: u32,
    /// The day step `step` is due (today or earlier when it is due now).
    pub on: NaiveDate,
    /// When the step after it comes: for a step due now, if it is done today; for an upcoming
    /// one, its own day. `None` after the last step.
    pub next_on: Option<NaiveDate>,
}

/// Whether `facts` is catching up on `as_of` (rule 4), and how far along: the step due now or
/// next is behind its scheduled day because of the catch-up gap, or is due while later steps'
/// days have come too. `None` for an invoice on its normal cadence, blocked, or whose next step
/// answers a broken promise or an instalment.
pub fn catch_up(ladder: &Ladder, facts: &InvoiceFacts, as_of: NaiveDate) -> Option<CatchUp> {
    let action = next_action(ladder, facts, as_of);
    let (step, on, due_now) = match &action {
        Action::Due { step, on, reason: DueReason::Scheduled, .. } => (step, *on, true),
        Action::Upcoming { step, on } => (step, *on, false),
        _ => return None,
    };
    if step.per_instalment() || (facts.promise.is_some() && !due_now) {
        return None;
    }
    let overdue: Vec<(&Step, NaiveDate)> = ladder
        .schedule(facts.sent_on, facts.due_on)
        .into_iter()
        .filter(|&(_, date)| date > facts.sent_on && date > facts.due_on)
        .collect();
    let pos = overdue.iter().position(|&(s, _)| s.id == step.id)?;
    let date = overdue[pos].1;
    let held_by_gap = on > date && postponed_to(facts, step, None).is_none_or(|p| p < on);
    let later_arrived = overdue[pos + 1..].iter().any(|&(s, d)| d <= as_of && !settled(facts, s, None));
    if !(held_by_gap || (due_now && later_arrived)) {
        return None;
    }
    let next_on = if due_now {
        let mut after = facts.clone();
        after.history.push(facts.record(step, as_of, Outcome::Done));
        match next_action(ladder, &after, as_of) {
            Action::Upcoming { on, .. } | Action::Due { on, .. } => Some(on.max(as_of)),
            Action::Blocked(_) => None,
        }
    } else {
        Some(on)
    };
    Some(CatchUp { step: u32::try_from(pos + 1).ok()?, of: u32::try_from(overdue.len()).ok()?, on, next_on })
}

/// Whether `step` was done or skipped (for `instalment`, when it is about one).
fn settled(facts: &InvoiceFacts, step: &Step, instalment: Option<InstalmentRef>) -> bool {
    facts.history.iter().any(|r| {
        r.step == step.id && r.instalment == instalment && matches!(r.outcome, Outcome::Done | Outcome::Skipped)
    })
}

/// The day `step` (for `instalment`) was last postponed to, unless it was settled since.
fn postponed_to(facts: &InvoiceFacts, step: &Step, instalment: Option<InstalmentRef>) -> Option<NaiveDate> {
    facts.history.iter().filter(|r| r.step == step.id && r.instalment == instalment).max_by_key(|r| r.on).and_then(
        |r| match r.outcome {
            Outcome::Postponed { until } => Some(until),
            Outcome::Done | Outcome::Skipped => None,
        },
    )
}

/// Rule 8: while a plan on track holds the invoice's own steps, the per-instalment step due for
/// the instalment being paid, if its day has come (the latest of several; the earlier ones are
/// passed over). `None` leaves the invoice waiting for the instalment.
fn instalment_step(ladder: &Ladder, facts: &InvoiceFacts, as_of: NaiveDate) -> Option<Action> {
    let current = facts.instalment.as_ref()?;
    let at = facts.instalment_ref();
    let due_on = current.instalment.due_on;
    // (step, nominal day, day it is due from)
    let arrived: Vec<(&Step, NaiveDate, NaiveDate)> = ladder
        .steps()
        .iter()
        .filter(|s| s.per_instalment() && !settled(facts, s, at))
        .map(|s| (s, s.date_from(due_on)))
        .filter(|&(_, date)| date > current.made_on)
        .map(|(s, date)| (s, date, postponed_to(facts, s, at).map_or(date, |p| p.max(date))))
        .filter(|&(_, _, from)| from <= as_of)
        .collect();
    let &(step, date, from) = arrived.iter().max_by_key(|&&(_, date, _)| date)?;
    let (on, reason) = if from > date {
        (from, DueReason::Postponed)
    } else {
        (date, DueReason::Instalment { number: current.instalment.number, due_on })
    };
    if step.channel.needs_email() && !facts.has_email {
        return Some(Action::Blocked(Blocked::NoContactAddress { step: step.id.clone(), on }));
    }
    let passed_over =
        arrived.iter().filter(|&&(s, d, _)| d < date && s.id != step.id).map(|&(s, ..)| s.id.clone()).collect();
    Some(Action::Due { step: step.clone(), on, reason, passed_over, propose_credit_hold: false })
}
