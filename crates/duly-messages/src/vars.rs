//! The facts a message is rendered from, and how they become template variables: amounts and
//! dates are written in the message's language here, so templates only place them.

use chrono::NaiveDate;
use duly_core::{Language, Money, amount_due, days_overdue, format_date, format_days, format_money};
use minijinja::Value;

use crate::words::{greeting_name, payment_labels};

/// A template context: a map from variable name to value.
pub(crate) fn map<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    Value::from(pairs.into_iter().collect::<std::collections::BTreeMap<&str, Value>>())
}

/// Where the client should send the money. Empty fields are left out of the block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentDetails {
    pub bank_name: String,
    pub account_holder: String,
    pub iban: String,
    pub bic: String,
    /// What the client should write on the transfer (usually the invoice number).
    pub reference: String,
}

impl PaymentDetails {
    /// The labelled block ("Payment details:" then one line per known field), or "" when
    /// nothing is known, in which case templates' paragraph for it disappears.
    pub fn block(&self, language: Language) -> String {
        let l = payment_labels(language);
        let rows = [
            (l.bank, &self.bank_name),
            (l.holder, &self.account_holder),
            // Only an IBAN is labelled "IBAN"; an Indonesian rekening number is a "Nomor rekening".
            (if duly_core::is_iban(&self.iban) { l.iban } else { l.account_number }, &self.iban),
            (l.bic, &self.bic),
            (l.reference, &self.reference),
        ];
        let lines: Vec<String> =
            rows.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| format!("{k}: {}", v.trim())).collect();
        if lines.is_empty() { String::new() } else { format!("{}\n{}", l.heading, lines.join("\n")) }
    }
}

/// The sender's sign-off: the signature the user wrote, else their name and business.
fn signature(signature: &str, sender_name: &str, business_name: &str) -> String {
    if !signature.trim().is_empty() {
        return signature.trim().to_owned();
    }
    let mut lines: Vec<&str> = vec![sender_name.trim()];
    if business_name.trim() != sender_name.trim() {
        lines.push(business_name.trim());
    }
    lines.retain(|l| !l.is_empty());
    lines.join("\n")
}

/// Everything a reminder may say about an invoice, as of the day it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReminderVars {
    pub client_name: String,
    /// The person written to; empty for a general greeting.
    pub contact_name: String,
    pub invoice_number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    /// The day the message is written: days overdue count to it.
    pub as_of: NaiveDate,
    pub total: Money,
    /// Received so far, minor units of the total's currency.
    pub paid: i64,
    /// The late fee under the invoice's terms as of `as_of`, minor units; zero for none.
    pub late_fee: i64,
    /// The late fee is interest accruing per day (a yearly rate), not a one-off fee: the two are
    /// different words in every language (dobândă/penalitate, bunga/denda), and a message must
    /// call it what the letter calls it.
    pub late_fee_is_interest: bool,
    pub payment: PaymentDetails,
    pub business_name: String,
    pub sender_name: String,
    /// Free text, may be several lines; empty means name and business.
    pub signature: String,
    /// Whom the reminders went to before, when this message goes to someone else (the +14 step
    /// writing to the next person at the client); empty otherwise.
    pub previous_contact_name: String,
    /// The instalment this reminder is about, when an agreed plan is being paid.
    pub instalment: Option<InstalmentVars>,
    /// How many reminders about this invoice the timeline holds (sent by Duly, or recorded as
    /// sent outside it): a message claims "my previous reminders" only when this is not zero.
    pub previous_reminders: u32,
    /// The day the final demand asks payment by: the same value the demand letter prints.
    pub demand_deadline: NaiveDate,
    /// The days the law gives the debtor, and whether they run from receipt of the letter (only a
    /// Romanian somație): the email must name the letter it attaches and its term as the law does.
    pub demand_days: u32,
    pub demand_from_receipt: bool,
    /// What the law adds (statutory interest, the fixed compensation), as the demand letter
    /// states it on the same day; empty when the law gives nothing.
    pub statutory: StatutoryVars,
}

/// Statutory interest and the fixed compensation, each with the statute that gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatutoryVars {
    /// Accrued to the message's day; `None` when not claimed or when a period's rate is unknown
    /// (then `interest_basis` alone says that interest runs, with no figure).
    pub interest: Option<Money>,
    /// The statute giving the interest, "" when none is claimed.
    pub interest_basis: String,
    /// In the currency the law states it in (EUR for Romania).
    pub compensation: Option<Money>,
    pub compensation_basis: String,
}

/// The instalment of a plan a reminder is about, and the rest of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstalmentVars {
    /// 1 for the first.
    pub number: u32,
    /// How many instalments the plan has.
    pub count: u32,
    pub due_on: NaiveDate,
    /// The instalment's amount, minor units of the total's currency.
    pub amount: i64,
    /// What is still missing of it (its amount unless part was paid).
    pub remaining: i64,
    /// The instalments after it, in order.
    pub later: Vec<InstalmentLine>,
}

impl ReminderVars {
    /// The template variables, written in `language`. Optional facts (amount paid, late fee,
    /// the previous contact, the instalment) are empty strings (an empty list for
    /// `later_instalments`, zero for the numbers) when absent so templates can test them with
    /// `{% if %}`.
    pub fn to_value(&self, language: Language) -> Value {
        let money = |minor: i64| format_money(Money::new(minor, self.total.currency), language);
        let due = amount_due(self.total.minor, self.paid);
        let late = days_overdue(self.due_date, self.as_of);
        let inst = self.instalment.as_ref();
        let later: Vec<Value> = inst
            .map(|i| {
                i.later
                    .iter()
                    .enumerate()
                    .map(|(k, line)| {
                        map([
                            ("number", Value::from(i.number as usize + k + 1)),
                            ("date", Value::from(format_date(line.due_on, language))),
                            ("amount", Value::from(money(line.amount))),
                        ])
                    })
                    .collect()
            })
            .unwrap_or_default();
        map([
            ("client_name", Value::from(self.client_name.trim())),
            ("contact_name", Value::from(self.contact_name.trim())),
            ("greeting_name", Value::from(greeting_name(&self.contact_name))),
            ("invoice_number", Value::from(self.invoice_number.trim())),
            ("issue_date", Value::from(format_date(self.issue_date, language))),
            ("due_date", Value::from(format_date(self.due_date, language))),
            ("total", Value::from(money(self.total.minor))),
            ("amount_paid", Value::from(if self.paid > 0 { money(self.paid) } else { String::new() })),
            ("amount_due", Value::from(money(due))),
            ("days_overdue", Value::from(late)),
            ("days_overdue_text", Value::from(format_days(late, language))),
            ("late_fee", Value::from(if self.late_fee > 0 { money(self.late_fee) } else { String::new() })),
            ("late_fee_is_interest", Value::from(self.late_fee_is_interest)),
            ("payment_details", Value::from(self.payment.block(language))),
            ("iban", Value::from(self.payment.iban.trim())),
            ("payment_reference", Value::from(self.payment.reference.trim())),
            ("business_name", Value::from(self.business_name.trim())),
            ("sender_name", Value::from(self.sender_name.trim())),
            ("signature", Value::from(signature(&self.signature, &self.sender_name, &self.business_name))),
            ("previous_contact_name", Value::from(self.previous_contact_name.trim())),
            ("instalment_number", Value::from(inst.map_or(0, |i| i.number))),
            ("instalment_count", Value::from(inst.map_or(0, |i| i.count))),
            ("instalment_date", Value::from(inst.map(|i| format_date(i.due_on, language)).unwrap_or_default())),
            ("instalment_amount", Value::from(inst.map(|i| money(i.amount)).unwrap_or_default())),
            (
                "instalment_remaining",
                Value::from(inst.filter(|i| i.remaining != i.amount).map(|i| money(i.remaining)).unwrap_or_default()),
            ),
            ("later_instalments", Value::from(later)),
            ("previous_reminders", Value::from(self.previous_reminders)),
            ("demand_deadline", Value::from(format_date(self.demand_deadline, language))),
            ("demand_days_text", Value::from(format_days(i64::from(self.demand_days), language))),
            ("demand_from_receipt", Value::from(self.demand_from_receipt)),
            (
                "statutory_interest",
                Value::from(self.statutory.interest.map(|m| format_money(m, language)).unwrap_or_default()),
            ),
            ("statutory_interest_basis", Value::from(self.statutory.interest_basis.trim())),
            (
                "statutory_compensation",
                Value::from(self.statutory.compensation.map(|m| format_money(m, language)).unwrap_or_default()),
            ),
            ("statutory_compensation_basis", Value::from(self.statutory.compensation_basis.trim())),
        ])
    }
}

/// One dated instalment of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InstalmentLine {
    pub due_on: NaiveDate,
    pub amount: i64,
}

/// What was agreed on the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Agreement {
    /// `amount` minor units by `pay_by`.
    Promise { amount: i64, pay_by: NaiveDate },
    /// The amount due in dated instalments.
    Plan { instalments: Vec<InstalmentLine> },
}

/// Everything the email after a call may say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallSummaryVars {
    pub client_name: String,
    pub contact_name: String,
    pub invoice_number: String,
    /// Still owed at the time of the call (its currency is every amount's currency).
    pub amount_due: Money,
    pub call_date: NaiveDate,
    pub agreement: Agreement,
    pub payment: PaymentDetails,
    pub business_name: String,
    pub sender_name: String,
    pub signature: String,
}

impl CallSummaryVars {
    /// The template variables, written in `language`. `agreement` is "promise" or "plan";
    /// `instalments` is a list of `{number, date, amount}` (empty for a promise), and
    /// `promised_date`/`promised_amount` are empty for a plan.
    pub fn to_value(&self, language: Language) -> Value {
        let money = |minor: i64| format_money(Money::new(minor, self.amount_due.currency), language);
        let (kind, promised_date, promised_amount, instalments) = match &self.agreement {
            Agreement::Promise { amount, pay_by } => {
                ("promise", format_date(*pay_by, language), money(*amount), vec![])
            }
            Agreement::Plan { instalments } => {
                let rows = instalments
                    .iter()
                    .enumerate()
                    .map(|(i, line)| {
                        map([
                            ("number", Value::from(i + 1)),
                            ("date", Value::from(format_date(line.due_on, language))),
                            ("amount", Value::from(money(line.amount))),
                        ])
                    })
                    .collect();
                ("plan", String::new(), String::new(), rows)
            }
        };
        map([
            ("client_name", Value::from(self.client_name.trim())),
            ("contact_name", Value::from(self.contact_name.trim())),
            ("greeting_name", Value::from(greeting_name(&self.contact_name))),
            ("invoice_number", Value::from(self.invoice_number.trim())),
            ("amount_due", Value::from(money(self.amount_due.minor))),
            ("call_date", Value::from(format_date(self.call_date, language))),
            ("agreement", Value::from(kind)),
            ("promised_date", Value::from(promised_date)),
            ("promised_amount", Value::from(promised_amount)),
            ("instalments", Value::from(instalments)),
            ("payment_details", Value::from(self.payment.block(language))),
            ("business_name", Value::from(self.business_name.trim())),
            ("sender_name", Value::from(self.sender_name.trim())),
            ("signature", Value::from(signature(&self.signature, &self.sender_name, &self.business_name))),
        ])
    }
}

/// Everything the "thank you, received" email may say about one payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentThanksVars {
    pub client_name: String,
    pub contact_name: String,
    pub invoice_number: String,
    /// This payment (its currency is every amount's currency).
    pub amount_received: Money,
    pub received_on: NaiveDate,
    /// Still owed after this payment; zero when the invoice is paid in full.
    pub amount_due: i64,
    pub business_name: String,
    pub sender_name: String,
    pub signature: String,
}

impl PaymentThanksVars {
    /// The template variables, written in `language`; `paid_in_full` lets a template thank
    /// for the whole invoice or state what is left.
    pub fn to_value(&self, language: Language) -> Value {
        let money = |minor: i64| format_money(Money::new(minor, self.amount_received.currency), language);
        map([
            ("client_name", Value::from(self.client_name.trim())),
            ("contact_name", Value::from(self.contact_name.trim())),
            ("greeting_name", Value::from(greeting_name(&self.contact_name))),
            ("invoice_number", Value::from(self.invoice_number.trim())),
            ("amount_received", Value::from(money(self.amount_received.minor))),
            ("received_on", Value::from(format_date(self.received_on, language))),
            ("amount_due", Value::from(money(self.amount_due))),
            ("paid_in_full", Value::from(self.amount_due <= 0)),
            ("business_name", Value::from(self.business_name.trim())),
            ("sender_name", Value::from(self.sender_name.trim())),
            ("signature", Value::from(signature(&self.signature, &self.sender_name, &self.business_name))),
        ])
    }
}

/// One open invoice on a statement email.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    pub number: String,
    pub due_date: NaiveDate,
    /// What is still owed on it.
    pub amount_due: Money,
}

/// Everything the statement email may say: the client's open invoices on a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementVars {
    pub client_name: String,
    pub contact_name: String,
    pub as_of: NaiveDate,
    pub lines: Vec<StatementLine>,
    pub payment_details: PaymentDetails,
    pub business_name: String,
    pub sender_name: String,
    pub signature: String,
}

impl StatementVars {
    /// The template variables, written in `language`: `invoices` is one line per open invoice
    /// ("- INV-7: €500.00, due 1 October 2026, 30 days overdue"), `amount_due` the total per
    /// currency (never added across currencies), joined with " + ".
    pub fn to_value(&self, language: Language) -> Value {
        Value::from(self.pairs(language))
    }

    /// The variables as a map, for messages that say more than the statement email.
    fn pairs(&self, language: Language) -> std::collections::BTreeMap<&'static str, Value> {
        let due_word = match language {
            Language::En => "due",
            Language::Id => "jatuh tempo",
            Language::Ro => "scadentă pe",
        };
        let overdue = |days: String| match language {
            Language::En => format!("{days} overdue"),
            Language::Id => format!("terlambat {days}"),
            Language::Ro => format!("{days} întârziere"),
        };
        let invoices: Vec<String> = self
            .lines
            .iter()
            .map(|l| {
                let late = (self.as_of - l.due_date).num_days();
                let mut line = format!(
                    "- {}: {}, {due_word} {}",
                    l.number.trim(),
                    format_money(l.amount_due, language),
                    format_date(l.due_date, language)
                );
                if late > 0 {
                    line.push_str(&format!(", {}", overdue(format_days(late, language))));
                }
                line
            })
            .collect();
        let mut totals: Vec<Money> = Vec::new();
        for l in &self.lines {
            match totals.iter_mut().find(|m| m.currency == l.amount_due.currency) {
                Some(m) => m.minor = m.minor.saturating_add(l.amount_due.minor),
                None => totals.push(l.amount_due),
            }
        }
        let amount_due = totals.iter().map(|m| format_money(*m, language)).collect::<Vec<_>>().join(" + ");
        let overdue_count = self.lines.iter().filter(|l| l.due_date < self.as_of).count();
        std::collections::BTreeMap::from([
            ("client_name", Value::from(self.client_name.trim())),
            ("contact_name", Value::from(self.contact_name.trim())),
            ("greeting_name", Value::from(greeting_name(&self.contact_name))),
            ("as_of", Value::from(format_date(self.as_of, language))),
            ("invoice_count", Value::from(self.lines.len())),
            ("overdue_count", Value::from(overdue_count)),
            ("amount_due", Value::from(amount_due)),
            ("invoices", Value::from(invoices.join("\n"))),
            ("payment_details", Value::from(self.payment_details.block(language))),
            ("business_name", Value::from(self.business_name.trim())),
            ("sender_name", Value::from(self.sender_name.trim())),
            ("signature", Value::from(signature(&self.signature, &self.sender_name, &self.business_name))),
        ])
    }
}

/// Everything the combined reminder may say: the statement email's facts for the invoices due
/// a reminder the same day, and how firm to sound.
///
/// The tone is the most advanced one among the steps the message stands for (a friendly
/// before-due note and a firm escalation together read firm), and `previous_reminders` counts
/// only reminders the invoices' timelines hold, so the words "my earlier reminders" appear only
/// when there were some.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CombinedReminderVars {
    pub statement: StatementVars,
    pub tone: duly_core::ladder::Tone,
    pub previous_reminders: u32,
}

impl CombinedReminderVars {
    /// The statement email's variables plus `tone` (`friendly`, `polite`, `firm`, `formal`) and
    /// `previous_reminders`.
    pub fn to_value(&self, language: Language) -> Value {
        let mut pairs = self.statement.pairs(language);
        pairs.insert("tone", Value::from(self.tone.as_str()));
        pairs.insert("previous_reminders", Value::from(self.previous_reminders));
        Value::from(pairs)
    }
}
