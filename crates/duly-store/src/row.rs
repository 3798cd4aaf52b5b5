//! Reading typed values (currencies, languages, statuses) out of text columns.

use std::str::FromStr;

use rusqlite::Row;
use rusqlite::types::Type;

/// Reads a text column and parses it with the core's `FromStr`, so a row with a value the core
/// does not know fails loudly instead of being shown wrong.
pub(crate) fn parsed<T>(row: &Row<'_>, column: &str) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = row.get(column)?;
    let index = row.as_ref().column_index(column)?;
    text.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e)))
}

/// Like [`parsed`] for a nullable column.
pub(crate) fn parsed_opt<T>(row: &Row<'_>, column: &str) -> rusqlite::Result<Option<T>>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: Option<String> = row.get(column)?;
    let index = row.as_ref().column_index(column)?;
    text.map(|t| t.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e))))
        .transpose()
}

/// Empty strings are stored as NULL so "not given" has one representation.
pub(crate) fn blank_as_null(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty()).then_some(t)
}
