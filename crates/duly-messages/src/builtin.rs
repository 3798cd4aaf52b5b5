//! Duly's own wording for every step of the default ladder, the call summary, the payment thanks and the invoice email.

use duly_core::Language;
use duly_core::ladder::ids;

use crate::template::Template;

/// The id of the email that confirms what was agreed on a call.
pub const CALL_SUMMARY: &str = "call_summary";

/// The id of the optional "thank you, received" email sent for a recorded payment.
pub const PAYMENT_THANKS: &str = "payment_thanks";

/// The id of the email that sends the invoice itself ("Send invoice"). It is worded with the
/// reminders' variables, so the user edits it like one.
pub const INVOICE: &str = "invoice";

/// The id of the email that sends a client their statement of account (the open invoices, with
/// the statement PDF attached).
pub const STATEMENT: &str = "statement";

/// The id of the one reminder that lists several of a client's invoices due a reminder the same
/// day, with the statement PDF attached (a per-client setting).
pub const COMBINED_REMINDER: &str = "combined_reminder";

/// Every built-in template id: the default ladder's steps, the call summary, the payment thanks
/// and the invoice email.
pub const BUILTIN_TEMPLATES: [&str; 14] = [
    ids::RECEIPT_CHECK,
    ids::BEFORE_DUE,
    ids::OVERDUE_1,
    ids::OVERDUE_7,
    ids::CALL,
    ids::ESCALATE,
    ids::SERVICE_PAUSE,
    ids::FINAL_DEMAND,
    ids::INSTALMENT_DUE,
    CALL_SUMMARY,
    PAYMENT_THANKS,
    INVOICE,
    STATEMENT,
    COMBINED_REMINDER,
];

macro_rules! sources {
    ($($id:literal),+ $(,)?) => {
        fn source(id: &str, language: Language) -> Option<&'static str> {
            match (language, id) {
                $(
                    (Language::En, $id) => Some(include_str!(concat!("../../../assets/templates/en/", $id, ".txt"))),
                    (Language::Id, $id) => Some(include_str!(concat!("../../../assets/templates/id/", $id, ".txt"))),
                    (Language::Ro, $id) => Some(include_str!(concat!("../../../assets/templates/ro/", $id, ".txt"))),
                )+
                _ => None,
            }
        }
    };
}

sources!(
    "receipt_check",
    "before_due",
    "overdue_1",
    "overdue_7",
    "call",
    "escalate",
    "service_pause",
    "final_demand",
    "instalment_due",
    "call_summary",
    "payment_thanks",
    "invoice",
    "statement",
    "combined_reminder",
);

/// The built-in template `id` in `language`; `None` for an id Duly has no wording for (a step
/// the user added must then be given a template of its own, or reuse a built-in one).
pub fn builtin(id: &str, language: Language) -> Option<Template> {
    let text = source(id, language)?;
    // The files are checked by this crate's tests; a malformed one is a build mistake.
    Some(Template::from_file(text).unwrap_or_else(|e| panic!("assets/templates/{language}/{id}.txt: {e}")))
}
