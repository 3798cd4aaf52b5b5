//! Autopilot's saved state and its stops. Payments, promises, replies, bounces, a changed mail
//! account or business profile each stop autopilot, and the sender asks whether it may send: those
//! features record and read the stops here, below `followups::autopilot`, which runs the ladder.

use std::collections::HashSet;

use chrono::NaiveDate;
use duly_store::autopilot as table;
use duly_store::{Connection, clients, settings};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, ApiResult, ErrorCode};

/// The `settings` key of autopilot's own state (JSON, [`Saved`]).
pub(crate) const SETTINGS_KEY: &str = "autopilot";

/// What `settings.autopilot` holds.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Saved {
    pub(crate) enabled: bool,
    pub(crate) enabled_at: Option<String>,
    /// The day the user confirmed the preview: on it, only the confirmed steps go out.
    pub(crate) confirmed_on: Option<NaiveDate>,
    /// `(invoice_id, step)` of every item of the confirmed preview.
    #[serde(default)]
    pub(crate) confirmed: Vec<(i64, String)>,
    pub(crate) last_run: Option<String>,
}

pub(crate) fn load(conn: &Connection) -> ApiResult<Saved> {
    match settings::get(conn, SETTINGS_KEY)? {
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            ApiError::new(ErrorCode::Storage, format!("the saved autopilot settings cannot be read: {e}"))
        }),
        None => Ok(Saved::default()),
    }
}

pub(crate) fn save(conn: &Connection, saved: &Saved, now: &str) -> ApiResult<()> {
    let json = serde_json::to_string(saved).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    settings::set(conn, SETTINGS_KEY, &json, now)?;
    Ok(())
}

/// Whether autopilot is turned on in this database (stopped or not).
pub(crate) fn enabled(conn: &Connection) -> ApiResult<bool> {
    Ok(load(conn)?.enabled)
}

/// Why autopilot stopped (all of it, a client or an invoice).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AutopilotStopReason {
    /// A message could not be sent (global).
    SmtpFailure,
    /// The SMTP account was changed (global): the next message would leave from a new account.
    SmtpChanged,
    /// The business profile was changed (global): the name, bank details or signature every
    /// message carries are new.
    BusinessChanged,
    /// A payment was recorded on the invoice.
    Payment,
    /// The client promised to pay, or agreed an instalment plan, for the invoice.
    Promise,
    /// The client replied (the whole client: they may be writing about any invoice).
    Reply,
    /// A message to the client bounced (the whole client: its address may be wrong).
    Bounce,
}

impl AutopilotStopReason {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::SmtpFailure => "smtp_failure",
            Self::SmtpChanged => "smtp_changed",
            Self::BusinessChanged => "business_changed",
            Self::Payment => "payment",
            Self::Promise => "promise",
            Self::Reply => "reply",
            Self::Bounce => "bounce",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        [
            Self::SmtpFailure,
            Self::SmtpChanged,
            Self::BusinessChanged,
            Self::Payment,
            Self::Promise,
            Self::Reply,
            Self::Bounce,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }

    pub(crate) fn sentence(self) -> &'static str {
        match self {
            Self::SmtpFailure => "a message could not be sent",
            Self::SmtpChanged => "the SMTP account changed",
            Self::BusinessChanged => "the business profile changed",
            Self::Payment => "a payment was recorded",
            Self::Promise => "the client promised to pay",
            Self::Reply => "the client replied",
            Self::Bounce => "a message to the client bounced",
        }
    }
}

/// The stops that stand, arranged for lookups.
pub(crate) struct Stops {
    pub(crate) global: bool,
    pub(crate) clients: HashSet<i64>,
    pub(crate) invoices: HashSet<i64>,
}

impl Stops {
    pub(crate) fn read(conn: &Connection) -> ApiResult<Self> {
        let mut s = Self { global: false, clients: HashSet::new(), invoices: HashSet::new() };
        for stop in table::active_stops(conn)? {
            match stop.scope.as_str() {
                "global" => s.global = true,
                "client" => {
                    s.clients.extend(stop.client_id);
                }
                _ => {
                    s.invoices.extend(stop.invoice_id);
                }
            }
        }
        Ok(s)
    }

    pub(crate) fn blocks(&self, client_id: i64, invoice_id: i64) -> bool {
        self.global || self.clients.contains(&client_id) || self.invoices.contains(&invoice_id)
    }
}

/// Records a stop when autopilot is on (a stop of something that was not running means nothing).
/// Called by the use cases that learn the reason, inside their transaction.
pub(crate) fn stop_on(
    conn: &Connection,
    reason: AutopilotStopReason,
    client_id: Option<i64>,
    invoice_id: Option<i64>,
    detail: &str,
    at: &str,
) -> ApiResult<()> {
    if !enabled(conn)? {
        return Ok(());
    }
    let scope = match reason {
        AutopilotStopReason::SmtpFailure | AutopilotStopReason::SmtpChanged | AutopilotStopReason::BusinessChanged => {
            "global"
        }
        AutopilotStopReason::Reply | AutopilotStopReason::Bounce => "client",
        AutopilotStopReason::Payment | AutopilotStopReason::Promise => "invoice",
    };
    let (client_id, invoice_id) = match scope {
        "global" => (None, None),
        "client" => (client_id, None),
        _ => (client_id, invoice_id),
    };
    table::add_stop(
        conn,
        &table::Stop {
            id: 0,
            scope: scope.to_owned(),
            client_id,
            invoice_id,
            reason: reason.as_str().to_owned(),
            detail: detail.to_owned(),
            at: at.to_owned(),
        },
    )?;
    Ok(())
}

/// Whether the sender must not send an automatic message now: autopilot was turned off or
/// stopped (for everyone, the client or one of the invoices it covers), or the database holds
/// demo data. Read in the sender's claim transaction.
pub(crate) fn must_not_send(conn: &Connection, client_id: Option<i64>, invoice_ids: &[i64]) -> ApiResult<bool> {
    if !enabled(conn)? || clients::has_demo(conn)? {
        return Ok(true);
    }
    let stops = Stops::read(conn)?;
    Ok(stops.global
        || client_id.is_some_and(|c| stops.clients.contains(&c))
        || invoice_ids.iter().any(|i| stops.invoices.contains(i)))
}

/// After the sender recorded a message's result: a failure stops autopilot (all of it: the
/// account or the server is what failed, so every next message would too).
pub(crate) fn after_send_on(conn: &Connection, failed: Option<&str>, at: &str) -> ApiResult<()> {
    if let Some(reply) = failed {
        stop_on(conn, AutopilotStopReason::SmtpFailure, None, None, reply, at)?;
    }
    Ok(())
}
