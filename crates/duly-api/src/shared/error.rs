//! The one error type of the API: a stable machine `code` and a sentence for a person.

use duly_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// What kind of failure: the UI and scripts branch on this, never on the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The thing named (invoice, client) does not exist.
    NotFound,
    /// The input is wrong; the message names the field or line and says what is expected.
    InvalidInput,
    /// The text given to find a record (a client's name) matches several; the message names
    /// the text and some of the matches.
    Ambiguous,
    /// The input is valid but collides with what is stored (a duplicate invoice number).
    Conflict,
    /// The database could not be opened, read or written.
    Storage,
    /// The mail server or the OS keychain refused; the message gives their reason (never a
    /// password).
    Mail,
    /// A bug: something Duly did not expect.
    Internal,
}

/// An error as it crosses the API boundary: `{ "code": "invalid_input", "message": "..." }`.
///
/// Messages never contain secrets; they may contain what the user typed, which the UI shows as
/// text. The message is English (the CLI prints it); an error about one input field also says
/// which field and what is wrong with it in `field`, so the window can say it in the user's
/// language and name the field by the label they see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field at fault, when the error is about one (absent from the JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<FieldError>,
}

/// Which input field is wrong and how, in machine terms (see [`ApiError::field`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct FieldError {
    /// The field as the input DTO spells it (`issue_date`, `name`, `unit_price`); a line's field
    /// is named without the line, which is in `line`.
    pub name: String,
    /// The invoice line (1 = the first) when the field belongs to one.
    pub line: Option<u32>,
    pub problem: FieldProblem,
    /// For `too_long`: the most characters the field may hold.
    pub max: Option<u32>,
    /// For `not_a_date` and `invalid`: what was typed (trimmed), so the sentence the window
    /// shows in the user's language can quote it, as the English message does.
    pub value: Option<String>,
}

/// What is wrong with a field: the UI words each one in its language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    /// Empty, and it must not be.
    Required,
    /// Not a date of the form YYYY-MM-DD.
    NotADate,
    /// More characters than `max`.
    TooLong,
    /// Not a value of this field's kind (an amount, a currency, a quantity, a rate); the English
    /// message says why.
    Invalid,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: None }
    }

    /// Invalid input in one field: `message` is the English sentence (it names the field too);
    /// `field` (`issue_date`, or `line 2: unit price` for an invoice line) and `problem` let the
    /// UI say it in its own words.
    pub fn field(field: &str, problem: FieldProblem, message: impl Into<String>) -> Self {
        let (line, name) = match field.strip_prefix("line ").and_then(|rest| rest.split_once(": ")) {
            Some((n, name)) if n.parse::<u32>().is_ok() => (n.parse().ok(), name.replace(' ', "_")),
            _ => (None, field.to_owned()),
        };
        Self {
            code: ErrorCode::InvalidInput,
            message: message.into(),
            field: Some(FieldError { name, line, problem, max: None, value: None }),
        }
    }

    /// [`ApiError::field`] for text longer than `max` characters.
    pub fn too_long(field: &str, max: usize, message: impl Into<String>) -> Self {
        let mut e = Self::field(field, FieldProblem::TooLong, message);
        if let Some(f) = e.field.as_mut() {
            f.max = u32::try_from(max).ok();
        }
        e
    }

    /// Records what was typed into the field at fault (see [`FieldError::value`]).
    pub fn with_value(mut self, typed: &str) -> Self {
        if let Some(f) = self.field.as_mut() {
            f.value = Some(typed.trim().to_owned());
        }
        self
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        // SQLite's sum() refuses to overflow rather than wrap; say what that means.
        if let StoreError::Sql(rusqlite::Error::SqliteFailure(_, Some(message))) = &e
            && message == "integer overflow"
        {
            return Self::invalid("the amounts stored are too large to add up (integer overflow in a sum)");
        }
        Self::new(ErrorCode::Storage, e.to_string())
    }
}

/// An amount out of range: too large to parse, to store or to add up. The message names the
/// currency and the amount or the ceiling.
impl From<duly_core::MoneyError> for ApiError {
    fn from(e: duly_core::MoneyError) -> Self {
        Self::invalid(e.to_string())
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::from(e).into()
    }
}
