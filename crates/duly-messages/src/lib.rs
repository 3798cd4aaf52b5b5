//! The words Duly sends: reminder messages for each step of the follow-up ladder, the
//! summary after a call and the thanks for a payment, in English, Indonesian and Romanian.
//!
//! * Built-in templates live in `assets/templates/{en,id,ro}/STEP.txt` (first line the subject,
//!   a blank line, then the plain-text body) and are compiled in with `include_str!`, so the
//!   binary never depends on files beside it. Users may replace any of them; see [`Template`].
//! * Templates are rendered with minijinja from named variables ([`ReminderVars`],
//!   [`CallSummaryVars`]), with amounts and dates already written the way the client's language
//!   writes them. Undefined variables are errors, not blanks: a message that silently lost the
//!   amount would be worse than no message.
//! * The HTML part is made from the rendered text (escaped, paragraphs kept), so the two parts of
//!   one email can never say different things and user text can never become markup.
//!
//! Pure: no IO, no clock. The API gathers the facts and decides what to do with the result.

mod builtin;
mod html;
mod template;
mod vars;
mod words;

pub use builtin::{BUILTIN_TEMPLATES, CALL_SUMMARY, COMBINED_REMINDER, INVOICE, PAYMENT_THANKS, STATEMENT, builtin};
pub use html::from_text as html_from_text;
pub use template::{Message, MessageError, Part, Template, TemplateKind};
pub use vars::{
    Agreement, CallSummaryVars, CombinedReminderVars, InstalmentLine, InstalmentVars, PaymentDetails,
    PaymentThanksVars, ReminderVars, StatementLine, StatementVars, StatutoryVars,
};
