//! The business's ladder as the follow-ups run it: the default one with the business's own steps
//! and catch-up gap (Settings writes them; reminders, autopilot and the Today list read them).

use duly_core::ladder::{self, Ladder};
use duly_store::{Connection, ladder_steps, settings};

use crate::{ApiError, ApiResult};

/// The `settings` key of the catch-up gap in days (a plain number).
pub(crate) const CATCH_UP_GAP_KEY: &str = "ladder.catch_up_gap_days";

/// The business's catch-up gap: the saved one, else the default (7 days).
pub(crate) fn catch_up_gap(conn: &Connection) -> ApiResult<u32> {
    Ok(settings::get(conn, CATCH_UP_GAP_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|d| (1..=ladder::MAX_CATCH_UP_GAP_DAYS).contains(d))
        .unwrap_or(ladder::DEFAULT_CATCH_UP_GAP_DAYS))
}

/// The business's ladder: the default with the business's steps and catch-up gap.
pub(crate) fn business_ladder(conn: &Connection) -> ApiResult<Ladder> {
    let global = ladder_steps::load(conn, None)?;
    Ladder::default()
        .with_catch_up_gap(catch_up_gap(conn)?)
        .with(&global)
        .map_err(|e| ApiError::invalid(format!("ladder: {e}")))
}
