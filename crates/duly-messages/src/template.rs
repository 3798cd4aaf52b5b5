//! A template (subject + body), its validation, and rendering it into a message.

use std::collections::BTreeSet;

use duly_core::Language;
use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior, Value};

use crate::builtin::{CALL_SUMMARY, COMBINED_REMINDER, PAYMENT_THANKS, STATEMENT};
use crate::html;

/// Which part of a template an error is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Subject,
    Body,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Subject => "subject",
            Part::Body => "body",
        }
    }
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error("the subject is empty")]
    EmptySubject,
    #[error("the subject must be one line")]
    SubjectLines,
    #[error("a template file starts with the subject line, then a blank line, then the body")]
    FileLayout,
    #[error("{part}, line {line}: {detail}")]
    Syntax { part: Part, line: usize, detail: String },
    #[error("{part}: unknown variable{} {} (known: {known})", if names.len() == 1 { "" } else { "s" }, names.join(", "))]
    UnknownVariables { part: Part, names: Vec<String>, known: String },
    #[error("{part}: cannot render: {detail}")]
    Render { part: Part, detail: String },
    #[error("no template \"{template}\" in {language}")]
    NoTemplate { template: String, language: Language },
}

/// What a template is used for, which decides the variables it may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateKind {
    /// A step of the ladder (an email, a letter's covering email, or a call brief).
    Reminder,
    /// The email that confirms what was agreed on a call.
    CallSummary,
    /// The "thank you, received" email for one payment.
    PaymentThanks,
    /// The email that sends a client their statement of account.
    Statement,
    /// One reminder about several of a client's invoices, the statement attached.
    CombinedReminder,
}

/// Variables every reminder template may use; see [`crate::ReminderVars`].
const REMINDER_VARIABLES: &[&str] = &[
    "client_name",
    "contact_name",
    "greeting_name",
    "invoice_number",
    "issue_date",
    "due_date",
    "total",
    "amount_paid",
    "amount_due",
    "days_overdue",
    "days_overdue_text",
    "late_fee",
    "late_fee_is_interest",
    "payment_details",
    "iban",
    "payment_reference",
    "business_name",
    "sender_name",
    "signature",
    "previous_contact_name",
    "instalment_number",
    "instalment_count",
    "instalment_date",
    "instalment_amount",
    "instalment_remaining",
    "later_instalments",
    "previous_reminders",
    "demand_deadline",
    "demand_days_text",
    "demand_from_receipt",
    "statutory_interest",
    "statutory_interest_basis",
    "statutory_compensation",
    "statutory_compensation_basis",
];

/// Variables the call summary may use; see [`crate::CallSummaryVars`].
const CALL_SUMMARY_VARIABLES: &[&str] = &[
    "client_name",
    "contact_name",
    "greeting_name",
    "invoice_number",
    "amount_due",
    "call_date",
    "agreement",
    "promised_date",
    "promised_amount",
    "instalments",
    "payment_details",
    "business_name",
    "sender_name",
    "signature",
];

/// Variables the payment thanks may use; see [`crate::PaymentThanksVars`].
const PAYMENT_THANKS_VARIABLES: &[&str] = &[
    "client_name",
    "contact_name",
    "greeting_name",
    "invoice_number",
    "amount_received",
    "received_on",
    "amount_due",
    "paid_in_full",
    "business_name",
    "sender_name",
    "signature",
];

/// Variables the statement email may use; see [`crate::StatementVars`].
const STATEMENT_VARIABLES: &[&str] = &[
    "client_name",
    "contact_name",
    "greeting_name",
    "as_of",
    "invoice_count",
    "overdue_count",
    "amount_due",
    "invoices",
    "payment_details",
    "business_name",
    "sender_name",
    "signature",
];

/// Variables the combined reminder may use; see [`crate::CombinedReminderVars`].
const COMBINED_REMINDER_VARIABLES: &[&str] = &[
    "client_name",
    "contact_name",
    "greeting_name",
    "as_of",
    "invoice_count",
    "overdue_count",
    "amount_due",
    "invoices",
    "tone",
    "previous_reminders",
    "payment_details",
    "business_name",
    "sender_name",
    "signature",
];

/// minijinja's global functions, which its static analysis reports like variables.
const GLOBALS: &[&str] = &["range", "dict", "namespace"];

impl TemplateKind {
    /// The kind of the template with this id: the call summary, the payment thanks, or a ladder
    /// step's.
    pub fn of(template_id: &str) -> Self {
        match template_id {
            CALL_SUMMARY => Self::CallSummary,
            PAYMENT_THANKS => Self::PaymentThanks,
            STATEMENT => Self::Statement,
            COMBINED_REMINDER => Self::CombinedReminder,
            _ => Self::Reminder,
        }
    }

    /// The variables a template of this kind may use, in the order the UI lists them.
    pub fn variables(self) -> &'static [&'static str] {
        match self {
            Self::Reminder => REMINDER_VARIABLES,
            Self::CallSummary => CALL_SUMMARY_VARIABLES,
            Self::PaymentThanks => PAYMENT_THANKS_VARIABLES,
            Self::Statement => STATEMENT_VARIABLES,
            Self::CombinedReminder => COMBINED_REMINDER_VARIABLES,
        }
    }
}

/// A message template: a one-line subject and a plain-text body, both minijinja source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

/// A rendered message, ready for the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Template {
    /// A template as the user typed it; not yet checked (see [`Template::validate`]).
    pub fn new(subject: impl Into<String>, body: impl Into<String>) -> Self {
        Self { subject: subject.into(), body: body.into() }
    }

    /// Reads the file layout: the subject line, a blank line, the body.
    pub fn from_file(text: &str) -> Result<Self, MessageError> {
        let text = text.replace("\r\n", "\n");
        let (subject, body) = text.split_once("\n\n").ok_or(MessageError::FileLayout)?;
        let t = Self::new(subject.trim(), body.trim_end());
        t.check_subject()?;
        Ok(t)
    }

    fn check_subject(&self) -> Result<(), MessageError> {
        if self.subject.trim().is_empty() {
            return Err(MessageError::EmptySubject);
        }
        if self.subject.contains('\n') {
            return Err(MessageError::SubjectLines);
        }
        Ok(())
    }

    /// Checks that the template parses and uses only the variables of its `kind`; the error
    /// names each unknown variable. Run before a user's template is saved.
    pub fn validate(&self, kind: TemplateKind) -> Result<(), MessageError> {
        self.check_subject()?;
        let env = environment();
        for (part, source) in [(Part::Subject, &self.subject), (Part::Body, &self.body)] {
            let tpl = env.template_from_str(source).map_err(|e| syntax(part, &e))?;
            let allowed: BTreeSet<&str> = kind.variables().iter().chain(GLOBALS).copied().collect();
            let unknown: BTreeSet<String> =
                tpl.undeclared_variables(false).into_iter().filter(|v| !allowed.contains(v.as_str())).collect();
            if !unknown.is_empty() {
                return Err(MessageError::UnknownVariables {
                    part,
                    names: unknown.into_iter().collect(),
                    known: kind.variables().join(", "),
                });
            }
        }
        Ok(())
    }

    /// Renders the template with `vars` (a map from [`crate::ReminderVars::to_value`] or
    /// [`crate::CallSummaryVars::to_value`]) into a message in `language`.
    pub fn render(&self, kind: TemplateKind, language: Language, vars: &Value) -> Result<Message, MessageError> {
        self.validate(kind)?;
        let env = environment();
        let render = |part: Part, source: &str| -> Result<String, MessageError> {
            let tpl = env.template_from_str(source).map_err(|e| syntax(part, &e))?;
            tpl.render(vars).map_err(|e| MessageError::Render { part, detail: describe(&e) })
        };
        let subject = render(Part::Subject, &self.subject)?.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = tidy(&render(Part::Body, &self.body)?);
        let html = html::from_text(&subject, &text, language);
        Ok(Message { subject, text, html })
    }
}

/// Strict about undefined variables; block tags on their own lines leave no blank lines behind,
/// so templates can be written as readable text. Plain text: no autoescaping here, the HTML part
/// escapes the finished text once.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    // Both flags are plain booleans; building this config cannot fail.
    if let Ok(syntax) = SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build() {
        env.set_syntax(syntax);
    }
    env
}

fn syntax(part: Part, e: &minijinja::Error) -> MessageError {
    MessageError::Syntax { part, line: e.line().unwrap_or(1), detail: describe(e) }
}

fn describe(e: &minijinja::Error) -> String {
    e.detail().map_or_else(|| e.kind().to_string(), str::to_owned)
}

/// Trailing spaces go, runs of blank lines (left by an empty optional block such as payment
/// details without a bank account) become one, and the text ends with one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.trim().lines().map(str::trim_end) {
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Value {
        crate::vars::map([("client_name", Value::from("Acme")), ("contact_name", Value::from(""))])
    }

    #[test]
    fn an_unknown_variable_is_refused_by_name() {
        let t = Template::new("Invoice {{ invoice_number }}", "Dear {{ client_nam }}, {{ amount }} {{ total }}");
        let err = t.validate(TemplateKind::Reminder).unwrap_err();
        assert_eq!(
            err,
            MessageError::UnknownVariables {
                part: Part::Body,
                names: vec!["amount".into(), "client_nam".into()],
                known: REMINDER_VARIABLES.join(", "),
            }
        );
        assert!(
            err.to_string().starts_with("body: unknown variables amount, client_nam (known: client_name,"),
            "{err}"
        );
        // A call-summary variable is unknown to a reminder, and the other way round.
        let t = Template::new("x", "{{ promised_date }}");
        assert!(t.validate(TemplateKind::Reminder).unwrap_err().to_string().contains("unknown variable promised_date"));
        assert!(t.validate(TemplateKind::CallSummary).is_ok());
    }

    #[test]
    fn loop_variables_and_attributes_are_not_unknown() {
        let t = Template::new(
            "x",
            "{% for i in instalments %}{{ i.amount }} {{ loop.index }}{% endfor %}{% set n = 1 %}{{ n }}",
        );
        assert!(t.validate(TemplateKind::CallSummary).is_ok());
    }

    #[test]
    fn syntax_errors_name_the_part_and_line() {
        let t = Template::new("ok", "line one\n{% if client_name %}\nno end");
        let err = t.validate(TemplateKind::Reminder).unwrap_err();
        assert!(matches!(err, MessageError::Syntax { part: Part::Body, .. }), "{err:?}");
        assert!(err.to_string().starts_with("body, line "), "{err}");
        assert_eq!(Template::new(" ", "x").validate(TemplateKind::Reminder), Err(MessageError::EmptySubject));
        assert_eq!(Template::new("a\nb", "x").validate(TemplateKind::Reminder), Err(MessageError::SubjectLines));
    }

    #[test]
    fn a_missing_value_is_an_error_not_a_blank() {
        let t = Template::new("Invoice {{ invoice_number }}", "Hello");
        let err = t.render(TemplateKind::Reminder, Language::En, &vars()).unwrap_err();
        assert!(matches!(err, MessageError::Render { part: Part::Subject, .. }), "{err:?}");
    }

    #[test]
    fn block_lines_leave_no_gaps_and_blank_runs_collapse() {
        let t = Template::new("Hi  {{ client_name }}", "A\n{% if contact_name %}\nnever\n{% endif %}\n\n\n\nB   \n");
        let m = t.render(TemplateKind::Reminder, Language::En, &vars()).unwrap();
        assert_eq!(m.subject, "Hi Acme");
        assert_eq!(m.text, "A\n\nB\n");
    }

    #[test]
    fn file_layout_is_subject_blank_line_body() {
        let t = Template::from_file("Subject here\r\n\r\nBody\r\n").unwrap();
        assert_eq!((t.subject.as_str(), t.body.as_str()), ("Subject here", "Body"));
        assert_eq!(Template::from_file("no blank line"), Err(MessageError::FileLayout));
    }
}
