//! What needs doing today: the aging report and the overview, read over invoices, calls and
//! follow-ups.

pub(crate) mod aging;
pub(crate) mod overview;
pub(crate) mod today_list;
