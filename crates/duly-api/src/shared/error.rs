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
/// text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
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
