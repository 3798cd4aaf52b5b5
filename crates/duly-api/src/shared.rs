//! The layer every feature may use and that uses none: the `Duly` handle and its clock, errors,
//! enums, money and input parsing.

pub(crate) mod autopilot_stops;
pub(crate) mod commitments;
pub(crate) mod demo_guard;
pub(crate) mod duly;
pub(crate) mod enums;
pub(crate) mod error;
pub(crate) mod letterhead;
pub(crate) mod money;
pub(crate) mod parse;
pub(crate) mod recipients;
pub(crate) mod reminder_cancel;
pub(crate) mod templates;
pub(crate) mod timeline;
pub(crate) mod ui_language;
