//! Autopilot: the ladder's steps that go out without a click, with guard rails.
//!
//! Autopilot adds no way out of Duly: it queues what the Today page would have drafted into the
//! same outbox, with the same business hours (`business_hours_only`), the same demo refusal,
//! and the same guard at the sender's claim (`outbox_guard::recheck`, which also cancels an
//! automatic message once autopilot has stopped or been turned off). What it adds is *who
//! decides*: duly-core's `ladder::autopilot` says which steps may ever be automatic (never the
//! demand, nothing formal) and which are by default, and the user chooses per step and per
//! client.
//!
//! * Turning it on is a decision about a preview: `autopilot_enable` takes the `token` of the
//!   `autopilot_preview` the user saw and refuses a stale one; on that first day only what the
//!   preview showed goes out.
//! * One message per client per day: the day's automatic steps of one client become one message
//!   that names every invoice, with the statement of account attached.
//! * It stops itself (`autopilot_stops`): globally on an SMTP failure or when the SMTP account
//!   or the business profile changes; per invoice on a payment or a promise; per client on a
//!   reply or a bounce (`autopilot_note`, the hook a mailbox feature calls). A stop stands until
//!   the user resumes. A database with demo data never sends.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use duly_core::ladder::autopilot::{self as rules, NeverAuto, StepMode};
use duly_core::ladder::{self, Action, Ladder, Outcome, Step, Tone};
use duly_store::autopilot as table;
use duly_store::{Connection, clients, events, settings};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::documents::{PaperSize, PdfDocument};
use crate::followups::Case;
use crate::outbox::{OutboxAttachmentInput, OutboxEnqueueInput, OutboxStatus, enqueue_on};
use crate::shared::autopilot_stops::{AutopilotStopReason, Stops, load, save, stop_on};
use crate::shared::enums::{Language, StepPurpose, StepTone};
use crate::shared::timeline::instant;
use crate::{ApiError, ApiResult, Duly, ErrorCode, Notice};

/// How many days a preview covers unless asked: the "today and the next 7 days".
pub const DEFAULT_PREVIEW_DAYS: u32 = 7;
const MAX_PREVIEW_DAYS: u32 = 60;

/// Who sends a step: `auto` (autopilot) or `draft` (it waits on Today).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AutopilotStepMode {
    Auto,
    Draft,
}

impl From<StepMode> for AutopilotStepMode {
    fn from(m: StepMode) -> Self {
        match m {
            StepMode::Auto => Self::Auto,
            StepMode::Draft => Self::Draft,
        }
    }
}

impl From<AutopilotStepMode> for StepMode {
    fn from(m: AutopilotStepMode) -> Self {
        match m {
            AutopilotStepMode::Auto => Self::Auto,
            AutopilotStepMode::Draft => Self::Draft,
        }
    }
}

/// A client's autopilot: the business's choices (`default`), none (`off`: every step is a
/// draft for this client), or its own per-step choices (`own`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AutopilotClientMode {
    Default,
    Off,
    Own,
}

/// Where autopilot stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AutopilotState {
    /// Turned off: nothing goes out without a click.
    Off,
    /// On and sending.
    On,
    /// On, but stopped until the user looks (`stops` says why; `autopilot_resume`).
    Stopped,
    /// On, but the database holds demo data: autopilot never sends from it.
    DemoData,
}

/// What a stop covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AutopilotStopScope {
    Global,
    Client,
    Invoice,
}

/// One reason autopilot stopped, standing until the user resumes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AutopilotStop {
    pub id: i64,
    pub scope: AutopilotStopScope,
    pub reason: AutopilotStopReason,
    pub client_id: Option<i64>,
    pub client: Option<String>,
    pub invoice_id: Option<i64>,
    pub number: Option<String>,
    /// The server's reply, the amount paid, the promised date: data, shown as text.
    pub detail: String,
    /// RFC 3339 UTC.
    pub at: String,
    /// "Autopilot stopped for invoice INV-7: a payment was recorded."
    pub message: String,
}

/// A ladder step and who sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AutopilotStep {
    pub step: String,
    /// In English; the UI words `step` in the user's language.
    pub label: String,
    pub tone: StepTone,
    pub purpose: StepPurpose,
    /// The mode in force (never `auto` when `can_be_auto` is false).
    pub mode: AutopilotStepMode,
    /// The mode until the user chooses.
    pub default_mode: AutopilotStepMode,
    /// The user chose `mode` (for a client: this client's own row).
    pub chosen: bool,
    pub can_be_auto: bool,
    /// Why it can never be automatic: `final_demand`, `letter`, `formal` or `phone_call`.
    pub never_reason: Option<String>,
}

/// A client whose autopilot differs from the business's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AutopilotClient {
    pub client_id: i64,
    pub client: String,
    pub mode: AutopilotClientMode,
    /// The client's steps and their modes in force.
    pub steps: Vec<AutopilotStep>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AutopilotStatus {
    pub enabled: bool,
    pub state: AutopilotState,
    /// When it was last turned on (RFC 3339 UTC).
    pub enabled_at: Option<String>,
    /// The day the preview was confirmed: on it only the previewed steps go out.
    pub confirmed_on: Option<NaiveDate>,
    pub demo_data: bool,
    /// Every stop standing: global ones stop everything, the others their client or invoice.
    pub stops: Vec<AutopilotStop>,
    /// The business's steps and who sends them.
    pub steps: Vec<AutopilotStep>,
    /// Clients with a mode of their own.
    pub clients: Vec<AutopilotClient>,
    /// The last background pass (RFC 3339 UTC).
    pub last_run: Option<String>,
    /// "Autopilot is on." / "Autopilot stopped: the SMTP account changed. Look, then resume."
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutopilotPreviewQuery {
    /// How many days from today (today counts as the first); 7 unless given, 1 to 60.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub days: Option<u32>,
}

/// One message autopilot would send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AutopilotPreviewItem {
    /// The user's day the pass queues it on.
    pub day: NaiveDate,
    pub client_id: i64,
    pub client: String,
    pub invoice_ids: Vec<i64>,
    /// Invoice numbers, the one that words the message first.
    pub invoices: Vec<String>,
    /// The step that words the message (the firmest of the day's).
    pub step: String,
    pub step_label: String,
    /// Every invoice's own step, in `invoices`' order.
    pub steps: Vec<String>,
    /// When it goes out (RFC 3339 UTC): the first moment inside business hours in the client's
    /// time zone.
    pub send_at: String,
    /// `send_at` on the client's clock (`YYYY-MM-DDTHH:MM`).
    pub send_local: String,
    /// `send_at` as RFC 3339 with the client's offset (`2026-12-03T09:00:00+07:00`).
    pub send_at_local: String,
    /// The IANA zone business hours are read in for this client.
    pub timezone: String,
    /// An invoice in it is catching up on steps whose day passed (an imported backlog).
    pub catching_up: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AutopilotPreview {
    pub from: NaiveDate,
    pub days: u32,
    pub items: Vec<AutopilotPreviewItem>,
    /// What `autopilot_enable` must be given to confirm exactly this preview.
    pub token: String,
    /// Why autopilot could not send anything now even if turned on (demo data, no mail account).
    pub blocked: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutopilotEnableInput {
    /// The `token` of the preview the user saw and accepts.
    pub token: String,
    /// The preview's `days` (7 when `null`).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub days: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutopilotStepModeInput {
    pub step: String,
    pub mode: AutopilotStepMode,
    /// A client's own choice (its mode becomes `own`); the business's when `null`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub client_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutopilotClientModeInput {
    pub client_id: i64,
    pub mode: AutopilotClientMode,
}

/// Which stop the user looked at: an invoice's, a client's, or (both `null`) the global ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutopilotResumeInput {
    #[serde(default)]
    #[ts(optional = nullable)]
    pub invoice_id: Option<i64>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub client_id: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AutopilotNoteKind {
    Reply,
    Bounce,
}

/// The client answered, or a message bounced: what a mailbox feature (or the user) reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutopilotNoteInput {
    /// The invoice the reply or bounce was about.
    pub number: String,
    pub kind: AutopilotNoteKind,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub detail: Option<String>,
}

/// An invoice an automatic message covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AutopilotInvoiceRef {
    pub invoice_id: i64,
    pub number: String,
    pub step: String,
}

/// A message autopilot queued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AutopilotMessage {
    /// The outbox row: the link to the message.
    pub outbox_id: i64,
    pub client_id: Option<i64>,
    pub client: String,
    pub invoices: Vec<AutopilotInvoiceRef>,
    pub step: String,
    pub step_label: String,
    pub tone: StepTone,
    pub state: OutboxStatus,
    pub day: NaiveDate,
    /// Not before (RFC 3339 UTC) while queued.
    pub send_at: String,
    pub sent_at: Option<String>,
}

/// What one background pass did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AutopilotRunReport {
    pub as_of: NaiveDate,
    /// False when autopilot did not look at all (`skipped` says why).
    pub ran: bool,
    /// `off`, `stopped`, `demo_data`, `no_mail_account`.
    pub skipped: Option<String>,
    pub queued: Vec<AutopilotMessage>,
    /// Automatic steps due today that wait for the user's confirmation (first day, not in the
    /// confirmed preview).
    pub held_for_confirmation: u32,
    /// Steps that could not be queued, each naming the invoice and why; they wait on Today.
    pub problems: Vec<String>,
}

/// "Duly sent 3 polite reminders today".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AutopilotSummary {
    pub day: NaiveDate,
    /// Messages the server accepted.
    pub sent: u32,
    /// Queued, waiting for the client's business hours.
    pub waiting: u32,
    /// In the app's language; `""` when autopilot did nothing today.
    pub headline: String,
    pub items: Vec<AutopilotMessage>,
}

/// The last seven days of autopilot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AutopilotDigest {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub sent: u32,
    pub waiting: u32,
    /// Queued, then not sent (the guard cancelled them, or they failed).
    pub not_sent: u32,
    /// Per step: `(step, count)` of messages.
    pub by_step: Vec<AutopilotStepCount>,
    pub items: Vec<AutopilotMessage>,
    pub stops: Vec<AutopilotStop>,
    pub headline: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AutopilotStepCount {
    pub step: String,
    pub step_label: String,
    pub count: u32,
}

/// A step's name in English, for lists and the CLI; the UI words the id itself.
pub(crate) fn step_label(id: &str) -> String {
    match id {
        "receipt_check" => "receipt check",
        "before_due" => "reminder before the due date",
        "overdue_1" => "polite reminder",
        "overdue_7" => "second polite reminder",
        "call" => "phone call",
        "escalate" => "firm notice to other contacts",
        "service_pause" => "service pause notice",
        "final_demand" => "formal demand",
        "instalment_due" => "instalment reminder",
        other => other,
    }
    .to_owned()
}

/// One invoice's automatic step on a day.
#[derive(Clone, Debug)]
struct Planned {
    day: NaiveDate,
    client_id: i64,
    invoice_id: i64,
    number: String,
    step: Step,
    catching_up: bool,
    /// The addressee (for the time zone business hours are read in).
    to: Vec<String>,
}

/// The user's choices that decide a client's modes.
struct Modes {
    business: HashMap<String, StepMode>,
    clients: HashMap<i64, (String, HashMap<String, StepMode>)>,
}

impl Modes {
    fn read(conn: &Connection) -> ApiResult<Self> {
        let rows = |client: Option<i64>| -> ApiResult<HashMap<String, StepMode>> {
            Ok(table::step_modes(conn, client)?
                .into_iter()
                .filter_map(|m| StepMode::parse(&m.mode).map(|mode| (m.step_id, mode)))
                .collect())
        };
        let business = rows(None)?;
        let mut clients = HashMap::new();
        for (id, mode) in table::client_modes(conn)? {
            clients.insert(id, (mode, rows(Some(id))?));
        }
        Ok(Self { business, clients })
    }

    /// The mode in force for a client's step (core's rules decide what may never be automatic).
    fn mode(&self, ladder: &Ladder, client_id: i64, step: &Step) -> StepMode {
        let chosen = match self.clients.get(&client_id) {
            Some((mode, _)) if mode == "off" => return StepMode::Draft,
            Some((_, own)) => own.get(step.id.as_str()).or_else(|| self.business.get(step.id.as_str())),
            None => self.business.get(step.id.as_str()),
        };
        rules::mode_in_force(ladder, step, chosen.copied())
    }

    fn client_off(&self, client_id: i64) -> bool {
        self.clients.get(&client_id).is_some_and(|(m, _)| m == "off")
    }
}

impl Duly {
    /// Where autopilot stands: on or off, stopped and why, who sends each step.
    pub fn autopilot_status(&self) -> ApiResult<AutopilotStatus> {
        let conn = self.conn();
        let saved = load(conn)?;
        let demo_data = clients::has_demo(conn)?;
        let stops = self.stop_views()?;
        let modes = Modes::read(conn)?;
        let base = crate::followups::business_ladder::business_ladder(conn)?;
        let steps = step_views(&base, &modes.business, |s| modes.business.contains_key(s));
        let mut client_views = Vec::new();
        let ids: Vec<i64> = modes.clients.keys().copied().collect();
        let names = clients::names_of(conn, ids.iter().copied())?;
        let mut ids = ids;
        ids.sort_unstable();
        for id in ids {
            let (mode, own) = &modes.clients[&id];
            let ladder = crate::followups::client_ladder(conn, &base, id)?;
            let steps = ladder
                .steps()
                .iter()
                .map(|s| {
                    let m = modes.mode(&ladder, id, s);
                    step_view(&ladder, s, m, own.contains_key(s.id.as_str()))
                })
                .collect();
            client_views.push(AutopilotClient {
                client_id: id,
                client: names.get(&id).cloned().unwrap_or_default(),
                mode: if mode == "off" { AutopilotClientMode::Off } else { AutopilotClientMode::Own },
                steps,
            });
        }
        let global = stops.iter().find(|s| s.scope == AutopilotStopScope::Global);
        let state = match (saved.enabled, demo_data, global.is_some()) {
            (false, _, _) => AutopilotState::Off,
            (true, true, _) => AutopilotState::DemoData,
            (true, false, true) => AutopilotState::Stopped,
            (true, false, false) => AutopilotState::On,
        };
        let message = match state {
            AutopilotState::Off => "Autopilot is off: nothing goes out without your click.".to_owned(),
            AutopilotState::DemoData => {
                "Autopilot is on, but this database holds demo data: autopilot never sends from it.".to_owned()
            }
            AutopilotState::Stopped => {
                format!("{} Look at it, then resume autopilot.", global.map(|s| s.message.clone()).unwrap_or_default())
            }
            AutopilotState::On => {
                let others = stops.len();
                if others == 0 {
                    "Autopilot is on.".to_owned()
                } else {
                    format!("Autopilot is on; it waits for you on {others} client(s) or invoice(s).")
                }
            }
        };
        Ok(AutopilotStatus {
            enabled: saved.enabled,
            state,
            enabled_at: saved.enabled_at,
            confirmed_on: saved.confirmed_on,
            demo_data,
            stops,
            steps,
            clients: client_views,
            last_run: saved.last_run,
            message,
        })
    }

    /// What autopilot would send from today for `days` days, as one message per client and
    /// day, with the `token` that `autopilot_enable` needs to turn it on with exactly this.
    pub fn autopilot_preview(&self, query: AutopilotPreviewQuery) -> ApiResult<AutopilotPreview> {
        let days = preview_days(query.days)?;
        let today = self.today();
        let now = self.now();
        let _snapshot = self.conn().unchecked_transaction()?;
        let planned = self.plan(today, days, now, false)?;
        let items = self.preview_items(planned, today, now)?;
        let blocked = if clients::has_demo(self.conn())? {
            Some("this database holds demo data: autopilot never sends from it".to_owned())
        } else if crate::outbox::mail::saved_smtp_settings(self.conn())?.is_none() {
            Some("no mail account is set up: set one up in Settings before autopilot can send".to_owned())
        } else if duly_store::business::get(self.conn())?.is_none_or(|b| b.name.trim().is_empty()) {
            Some("the business profile has no name: every message must say who it is from; fill it in first".to_owned())
        } else {
            None
        };
        Ok(AutopilotPreview { from: today, days, token: token(today, days, &items), items, blocked })
    }

    /// Turns autopilot on, confirming the preview whose `token` is given: refused when the token
    /// is missing or what autopilot would send has changed since (the user looks again), when the
    /// database holds demo data, and when no mail account is set up. Enabling is also "I looked":
    /// standing global stops are cleared.
    pub fn autopilot_enable(&mut self, input: AutopilotEnableInput) -> ApiResult<AutopilotStatus> {
        let days = preview_days(input.days)?;
        let given = input.token.trim();
        if given.is_empty() {
            return Err(ApiError::invalid(
                "token: autopilot is turned on by confirming its preview; look at what it would send first",
            ));
        }
        let today = self.today();
        let now = self.now();
        let at = instant(now);
        let tx = self.write_transaction()?;
        if clients::has_demo(&tx)? {
            return Err(ApiError::conflict(
                "this database holds demo data: autopilot never sends from it; remove the demo data first",
            ));
        }
        crate::outbox::mail::required_smtp_settings(&tx)?;
        let planned = self.plan(today, days, now, false)?;
        let items = self.preview_items(planned, today, now)?;
        if token(today, days, &items) != given {
            return Err(ApiError::conflict(
                "token: what autopilot would send has changed since the preview you confirmed; look at the preview again",
            ));
        }
        let mut saved = load(&tx)?;
        saved.enabled = true;
        saved.enabled_at = Some(at.clone());
        saved.confirmed_on = Some(today);
        saved.confirmed =
            items.iter().flat_map(|i| i.invoice_ids.iter().zip(&i.steps).map(|(id, s)| (*id, s.clone()))).collect();
        save(&tx, &saved, &at)?;
        table::clear_stops(&tx, "global", None, None, &at)?;
        tx.commit()?;
        self.autopilot_status()
    }

    /// Turns autopilot off. Its messages still queued are cancelled (their steps are due again,
    /// as drafts on Today): nothing it queued goes out after the user said stop.
    pub fn autopilot_disable(&mut self) -> ApiResult<AutopilotStatus> {
        let at = self.stamp();
        let tx = self.write_transaction()?;
        let mut saved = load(&tx)?;
        saved.enabled = false;
        save(&tx, &saved, &at)?;
        cancel_queued_on(&tx, &at)?;
        tx.commit()?;
        self.autopilot_status()
    }

    /// Who sends one step, for the business or (with `client_id`) one client. `auto` is refused,
    /// naming the step and why, for a step that may never be automatic.
    pub fn autopilot_step_mode_set(&mut self, input: AutopilotStepModeInput) -> ApiResult<AutopilotStatus> {
        let at = self.stamp();
        let tx = self.write_transaction()?;
        let base = crate::followups::business_ladder::business_ladder(&tx)?;
        let ladder = match input.client_id {
            Some(id) => {
                clients::get(&tx, id)?
                    .ok_or_else(|| ApiError::not_found(format!("client_id: no client has id {id}")))?;
                crate::followups::client_ladder(&tx, &base, id)?
            }
            None => base,
        };
        let name = input.step.trim();
        let id: ladder::StepId =
            name.parse().map_err(|e: ladder::LadderError| ApiError::invalid(format!("step: {e}")))?;
        let step = ladder.get(&id).ok_or_else(|| {
            ApiError::invalid(format!(
                "step: \"{name}\" is not on the ladder (steps: {})",
                ladder.steps().iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
            ))
        })?;
        if input.mode == AutopilotStepMode::Auto
            && let Some(why) = rules::never_auto(step)
        {
            return Err(ApiError::invalid(format!(
                "step {name} ({}) can never be sent by autopilot: {why}",
                step_label(name)
            )));
        }
        let mode: StepMode = input.mode.into();
        table::set_step_mode(
            &tx,
            &table::StepMode { client_id: input.client_id, step_id: name.to_owned(), mode: mode.as_str().to_owned() },
            &at,
        )?;
        if let Some(client) = input.client_id
            && table::client_mode(&tx, client)?.is_none()
        {
            table::set_client_mode(&tx, client, Some("own"), &at)?;
        }
        tx.commit()?;
        self.autopilot_status()
    }

    /// A client's autopilot: the business's choices, off, or its own.
    pub fn autopilot_client_mode_set(&mut self, input: AutopilotClientModeInput) -> ApiResult<AutopilotStatus> {
        let at = self.stamp();
        let id = input.client_id;
        let tx = self.write_transaction()?;
        clients::get(&tx, id)?.ok_or_else(|| ApiError::not_found(format!("client_id: no client has id {id}")))?;
        let mode = match input.mode {
            AutopilotClientMode::Default => None,
            AutopilotClientMode::Off => Some("off"),
            AutopilotClientMode::Own => Some("own"),
        };
        table::set_client_mode(&tx, id, mode, &at)?;
        tx.commit()?;
        self.autopilot_status()
    }

    /// The user looked: clears the stops of an invoice, a client, or (neither given) the global
    /// ones. Refused when there was nothing to clear, so a wrong id is noticed.
    pub fn autopilot_resume(&mut self, input: AutopilotResumeInput) -> ApiResult<AutopilotStatus> {
        let at = self.stamp();
        let tx = self.write_transaction()?;
        let cleared = match (input.invoice_id, input.client_id) {
            (Some(invoice), _) => table::clear_stops(&tx, "invoice", None, Some(invoice), &at)?,
            (None, Some(client)) => table::clear_stops(&tx, "client", Some(client), None, &at)?,
            (None, None) => table::clear_stops(&tx, "global", None, None, &at)?,
        };
        if cleared == 0 {
            let what = match (input.invoice_id, input.client_id) {
                (Some(i), _) => format!("invoice_id: autopilot is not stopped for invoice {i}"),
                (None, Some(c)) => format!("client_id: autopilot is not stopped for client {c}"),
                (None, None) => "autopilot is not stopped".to_owned(),
            };
            return Err(ApiError::conflict(what));
        }
        tx.commit()?;
        self.autopilot_status()
    }

    /// A reply from the client or a bounce, reported by a mailbox feature or the user: autopilot
    /// stops for that client until the user resumes it, and its queued automatic messages to
    /// the client are cancelled at the claim.
    pub fn autopilot_note(&mut self, input: AutopilotNoteInput) -> ApiResult<AutopilotStatus> {
        let at = self.stamp();
        let number = input.number.trim().to_owned();
        let detail = input.detail.unwrap_or_default();
        crate::shared::parse::text_limits([("detail", detail.as_str(), crate::shared::parse::TextLimit::Body)])?;
        let tx = self.write_transaction()?;
        let inv = duly_store::invoices::get_by_number(&tx, &number)?
            .ok_or_else(|| ApiError::not_found(format!("number: no invoice is numbered \"{number}\"")))?;
        let (reason, kind) = match input.kind {
            AutopilotNoteKind::Reply => (AutopilotStopReason::Reply, crate::TimelineKind::ClientReplied),
            AutopilotNoteKind::Bounce => (AutopilotStopReason::Bounce, crate::TimelineKind::EmailBounced),
        };
        stop_on(&tx, reason, Some(inv.client_id), inv.id, detail.trim(), &at)?;
        events::insert(&tx, inv.id.unwrap_or_default(), &crate::shared::timeline::event(&at, kind, detail.trim()))?;
        tx.commit()?;
        self.autopilot_status()
    }

    /// The background pass: queues today's automatic steps (one message per client, with the
    /// statement of account when it covers several invoices) into the outbox, held to the
    /// client's business hours. Does nothing while autopilot is off or stopped, from a database
    /// with demo data, or without a mail account; on the day the preview was confirmed only what
    /// it showed goes out.
    pub fn autopilot_run(&mut self, now: DateTime<Utc>) -> ApiResult<AutopilotRunReport> {
        let today = self.today();
        let mut report = AutopilotRunReport {
            as_of: today,
            ran: false,
            skipped: None,
            queued: Vec::new(),
            held_for_confirmation: 0,
            problems: Vec::new(),
        };
        let conn = self.conn();
        let saved = load(conn)?;
        let skipped = if !saved.enabled {
            Some("off")
        } else if clients::has_demo(conn)? {
            Some("demo_data")
        } else if Stops::read(conn)?.global {
            Some("stopped")
        } else if crate::outbox::mail::saved_smtp_settings(conn)?.is_none() {
            Some("no_mail_account")
        } else {
            None
        };
        if let Some(why) = skipped {
            report.skipped = Some(why.to_owned());
            return Ok(report);
        }
        report.ran = true;
        let planned = {
            let _snapshot = self.conn().unchecked_transaction()?;
            self.plan(today, 1, now, true)?
        };
        let confirmed: HashSet<(i64, String)> = saved.confirmed.iter().cloned().collect();
        let first_day = saved.confirmed_on == Some(today);
        let mut todo = Vec::new();
        for p in planned {
            if first_day && !confirmed.contains(&(p.invoice_id, p.step.id.to_string())) {
                report.held_for_confirmation += 1;
            } else {
                todo.push(p);
            }
        }
        let batches = rules::one_message_per_client_day(todo, |p| (p.client_id, p.day, p.step.tone));
        for batch in batches {
            match self.queue_batch(&batch.items, today, now) {
                Ok(Some(m)) => report.queued.push(m),
                Ok(None) => {}
                Err(e) => report.problems.push(format!(
                    "{}: {}",
                    batch.items.iter().map(|p| p.number.as_str()).collect::<Vec<_>>().join(", "),
                    e.message
                )),
            }
        }
        let at = instant(now);
        let tx = self.write_transaction()?;
        let mut saved = load(&tx)?;
        saved.last_run = Some(at.clone());
        save(&tx, &saved, &at)?;
        tx.commit()?;
        Ok(report)
    }

    /// What autopilot did today: "Duly sent 3 polite reminders today", each with its invoices
    /// and the outbox message.
    pub fn autopilot_today(&self) -> ApiResult<AutopilotSummary> {
        let today = self.today();
        let items = self.messages(today, today)?;
        let sent = count(items.iter().filter(|m| m.state == OutboxStatus::Sent));
        let waiting = count(items.iter().filter(|m| m.state == OutboxStatus::Queued));
        let headline = headline(self.app_language_or_en(), &items, sent, waiting);
        Ok(AutopilotSummary { day: today, sent, waiting, headline, items })
    }

    /// The last seven days of autopilot, for the weekly digest.
    pub fn autopilot_digest(&self) -> ApiResult<AutopilotDigest> {
        let to = self.today();
        let from = to.checked_sub_days(Days::new(6)).unwrap_or(to);
        let items = self.messages(from, to)?;
        let sent = count(items.iter().filter(|m| m.state == OutboxStatus::Sent));
        let waiting = count(items.iter().filter(|m| m.state == OutboxStatus::Queued));
        let not_sent = count(items.iter().filter(|m| !matches!(m.state, OutboxStatus::Sent | OutboxStatus::Queued)));
        let mut by_step: Vec<AutopilotStepCount> = Vec::new();
        for m in &items {
            match by_step.iter_mut().find(|c| c.step == m.step) {
                Some(c) => c.count += 1,
                None => by_step.push(AutopilotStepCount {
                    step: m.step.clone(),
                    step_label: m.step_label.clone(),
                    count: 1,
                }),
            }
        }
        let language = self.app_language_or_en();
        let sent_text = MESSAGES.count(sent, language);
        let headline = match language {
            Language::En => {
                let verb = if waiting == 1 { "waits" } else { "wait" };
                format!("This week autopilot sent {sent_text}; {waiting} {verb} for business hours.")
            }
            Language::Id => format!("Minggu ini autopilot mengirim {sent_text}; {waiting} menunggu jam kerja."),
            Language::Ro => {
                format!(
                    "Săptămâna aceasta pilotul automat a trimis {sent_text}; {waiting} așteaptă programul de lucru."
                )
            }
        };
        Ok(AutopilotDigest { from, to, sent, waiting, not_sent, by_step, items, stops: self.stop_views()?, headline })
    }

    /// "Duly sent N reminders by autopilot: …" for the messages sent since the last notice, or
    /// `None`; each message is told once (the last one told is kept in `settings`).
    pub fn autopilot_notice(&mut self) -> ApiResult<Option<Notice>> {
        let through: i64 =
            settings::get(self.conn(), table::NOTIFIED_THROUGH)?.and_then(|v| v.parse().ok()).unwrap_or(0);
        let ids = table::sent_after(self.conn(), through)?;
        let Some(&last) = ids.last() else { return Ok(None) };
        let mut numbers = Vec::new();
        for id in &ids {
            numbers.extend(
                duly_store::followups::invoices_of_message(self.conn(), *id)?
                    .into_iter()
                    .filter_map(|i| duly_store::invoices::get(self.conn(), i).ok().flatten().map(|inv| inv.number)),
            );
        }
        let stamp = self.stamp();
        settings::set(self.conn(), table::NOTIFIED_THROUGH, &last.to_string(), &stamp)?;
        let n = ids.len();
        let list = numbers.join(", ");
        let language = self.app_language_or_en();
        let what = REMINDERS.count(u32::try_from(n).unwrap_or(u32::MAX), language);
        let body = match language {
            Language::En => format!("Autopilot sent {what}: {list}."),
            Language::Id => format!("Autopilot mengirim {what}: {list}."),
            Language::Ro => format!("Pilotul automat a trimis {what}: {list}."),
        };
        Ok(Some(Notice { title: "Duly".to_owned(), body }))
    }

    fn app_language_or_en(&self) -> Language {
        self.preferences_get().ok().and_then(|p| p.ui_language).unwrap_or(Language::En)
    }

    fn stop_views(&self) -> ApiResult<Vec<AutopilotStop>> {
        let conn = self.conn();
        let stops = table::active_stops(conn)?;
        let names = clients::names_of(conn, stops.iter().filter_map(|s| s.client_id))?;
        let mut out = Vec::new();
        for s in stops {
            let Some(reason) = AutopilotStopReason::parse(&s.reason) else { continue };
            let number = match s.invoice_id {
                Some(id) => duly_store::invoices::get(conn, id)?.map(|i| i.number),
                None => None,
            };
            let client = s.client_id.and_then(|c| names.get(&c).cloned());
            let scope = match s.scope.as_str() {
                "global" => AutopilotStopScope::Global,
                "client" => AutopilotStopScope::Client,
                _ => AutopilotStopScope::Invoice,
            };
            let whom = match scope {
                AutopilotStopScope::Global => String::new(),
                AutopilotStopScope::Client => format!(" for {}", client.clone().unwrap_or_default()),
                AutopilotStopScope::Invoice => format!(" for invoice {}", number.clone().unwrap_or_default()),
            };
            let message = format!("Autopilot stopped{whom}: {}.", reason.sentence());
            out.push(AutopilotStop {
                id: s.id,
                scope,
                reason,
                client_id: s.client_id,
                client,
                invoice_id: s.invoice_id,
                number,
                detail: s.detail,
                at: s.at,
                message,
            });
        }
        Ok(out)
    }

    /// Every automatic step, per invoice, from `from` for `days` days: the ladder walked day by
    /// day as if each automatic step were sent on its day (a draft-only step holds its invoice
    /// where it is). `apply_stops`: leave out what stops block (the run); a preview shows what
    /// turning autopilot on would send, stops included, since enabling clears the global ones.
    fn plan(&self, from: NaiveDate, days: u32, now: DateTime<Utc>, apply_stops: bool) -> ApiResult<Vec<Planned>> {
        let _ = now;
        let conn = self.conn();
        if clients::has_demo(conn)? {
            return Ok(Vec::new());
        }
        let modes = Modes::read(conn)?;
        let stops = Stops::read(conn)?;
        let open = open_invoices(conn, from)?;
        let mut out = Vec::new();
        // Clients already written to today (a click, or an earlier pass): one message a day.
        let written_today = clients_written_on(conn, from)?;
        for (invoice_id, client_id) in open {
            if modes.client_off(client_id) {
                continue;
            }
            if apply_stops && stops.blocks(client_id, invoice_id) {
                continue;
            }
            if !crate::invoices::review::stored(conn, invoice_id)?.is_empty() {
                continue;
            }
            // The terms do not change from day to day: read once per invoice.
            let terms = terms_of(conn, client_id, invoice_id)?;
            let mut simulated: Vec<ladder::StepRecord> = Vec::new();
            for offset in 0..days {
                let Some(day) = from.checked_add_days(Days::new(u64::from(offset))) else { break };
                if offset == 0 && written_today.contains(&client_id) {
                    continue;
                }
                let mut case = self.case_by_id(invoice_id, day)?;
                if case.demo {
                    break;
                }
                case.facts.history.extend(simulated.iter().cloned());
                let action = ladder::next_action(&case.ladder, &case.facts, day);
                let Action::Due { step, on, .. } = &action else { continue };
                if !step.channel.needs_email()
                    || modes.mode(&case.ladder, client_id, step) != StepMode::Auto
                    || states_costs(&terms, &case, day)
                {
                    // A draft waits for the user; the invoice goes no further by itself.
                    break;
                }
                let catching_up = ladder::catch_up(&case.ladder, &case.facts, day).is_some() || *on < day;
                out.push(Planned {
                    day,
                    client_id,
                    invoice_id,
                    number: case.invoice.number.clone(),
                    step: step.clone(),
                    catching_up,
                    to: recipients(&case),
                });
                simulated.push(case.facts.record(step, day, Outcome::Done));
            }
        }
        out.sort_by(|a, b| a.day.cmp(&b.day).then(a.client_id.cmp(&b.client_id)).then(a.invoice_id.cmp(&b.invoice_id)));
        Ok(out)
    }

    fn preview_items(
        &self,
        planned: Vec<Planned>,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> ApiResult<Vec<AutopilotPreviewItem>> {
        let conn = self.conn();
        let names = clients::names_of(conn, planned.iter().map(|p| p.client_id))?;
        let batches = rules::one_message_per_client_day(planned, |p| (p.client_id, p.day, p.step.tone));
        let home = self.home_zone().map(str::to_owned);
        let mut items = Vec::new();
        for b in batches {
            let lead = &b.items[0];
            // The pass that queues it: now for today, else the first pass of that day (midnight
            // on the user's clock).
            let from = if b.day <= today { now } else { start_of_day(b.day, home.as_deref()) };
            let (send_at, zone) =
                crate::outbox::business_hours_instant(conn, Some(b.client), &lead.to, from, home.as_deref())?;
            let tz = duly_mail::parse_time_zone(&zone).map_err(|e| ApiError::invalid(e.to_string()))?;
            items.push(AutopilotPreviewItem {
                day: b.day,
                client_id: b.client,
                client: names.get(&b.client).cloned().unwrap_or_default(),
                invoice_ids: b.items.iter().map(|p| p.invoice_id).collect(),
                invoices: b.items.iter().map(|p| p.number.clone()).collect(),
                step: lead.step.id.to_string(),
                step_label: step_label(lead.step.id.as_str()),
                steps: b.items.iter().map(|p| p.step.id.to_string()).collect(),
                send_at: instant(send_at),
                send_local: send_at.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string(),
                send_at_local: send_at.with_timezone(&tz).to_rfc3339(),
                timezone: zone,
                catching_up: b.items.iter().any(|p| p.catching_up),
            });
        }
        Ok(items)
    }

    /// Queues one client's message for the day, in one IMMEDIATE transaction that first reads
    /// every invoice again: an invoice whose step is no longer due (paid meanwhile, sent by a
    /// click) is left out; `None` when none is left.
    fn queue_batch(
        &self,
        items: &[Planned],
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> ApiResult<Option<AutopilotMessage>> {
        let tx = self.write_transaction()?;
        let modes = Modes::read(&tx)?;
        let stops = Stops::read(&tx)?;
        let mut cases: Vec<(Case, Step)> = Vec::new();
        for p in items {
            if stops.blocks(p.client_id, p.invoice_id) {
                continue;
            }
            let case = self.case_by_id(p.invoice_id, today)?;
            if case.demo || !crate::invoices::review::stored(&tx, p.invoice_id)?.is_empty() {
                continue;
            }
            if states_costs(&terms_of(&tx, p.client_id, p.invoice_id)?, &case, today) {
                continue;
            }
            match ladder::next_action(&case.ladder, &case.facts, today) {
                Action::Due { step, .. }
                    if step.id == p.step.id && modes.mode(&case.ladder, p.client_id, &step) == StepMode::Auto =>
                {
                    cases.push((case, step));
                }
                _ => {}
            }
        }
        if cases.is_empty() {
            return Ok(None);
        }
        // The firmest step words the message (the batch came ordered so; keep it).
        let (lead_case, lead_step) = &cases[0];
        let client_id = lead_case.invoice.client_id;
        let mut draft = self.draft(lead_case, lead_step, today)?;
        let mut attachments = Vec::new();
        for (case, _) in &cases {
            let pdf = self.pdf_bytes(&PdfDocument::Invoice { number: case.invoice.number.clone() }, PaperSize::A4)?;
            attachments.push(crate::followups::attachment(pdf));
        }
        if cases.len() > 1 {
            let others: Vec<String> = cases[1..]
                .iter()
                .map(|(c, _)| {
                    let due = c.facts.due_on_day(today);
                    format!(
                        "{} ({}, {})",
                        c.invoice.number,
                        crate::shared::money::display(due, c.invoice.currency, lead_case.language),
                        duly_core::format_date(c.invoice.due_date, lead_case.language)
                    )
                })
                .collect();
            let (subject_more, body_more) = also_covers(lead_case.language, &others);
            draft.subject = format!("{} {subject_more}", draft.subject);
            draft.text = format!("{}\n\n{body_more}", draft.text.trim_end());
            draft.html = duly_messages::html_from_text(&draft.subject, &draft.text, lead_case.language);
            let statement = self.pdf_bytes(
                &PdfDocument::Statement { client: client_id.to_string(), as_of: Some(today.to_string()) },
                PaperSize::A4,
            )?;
            attachments.push(crate::followups::attachment(statement));
        }
        let home = self.home_zone().map(str::to_owned);
        let queued = enqueue_on(
            &tx,
            OutboxEnqueueInput {
                invoice_id: lead_case.invoice.id,
                kind: Some(format!("reminder:{}", lead_step.id)),
                to: draft.to.clone(),
                cc: draft.cc.clone(),
                cc_other_contacts: draft.cc_other_contacts,
                subject: draft.subject.clone(),
                text_body: draft.text.clone(),
                html_body: Some(draft.html.clone()),
                attachments: attachments.into_iter().map(|a: OutboxAttachmentInput| a).collect(),
                business_hours_only: true,
                ..OutboxEnqueueInput::default()
            },
            now,
            home.as_deref(),
        )?;
        table::mark_message(&tx, queued.id)?;
        let at = instant(now);
        let mut refs = Vec::new();
        for (case, step) in &cases {
            let invoice_id = case.invoice.id.unwrap_or_default();
            let record = case.facts.record(step, today, Outcome::Done);
            crate::followups::record_step_on(
                &tx,
                invoice_id,
                &case.invoice.number,
                &record,
                Some(queued.id),
                &at,
                "was already sent",
            )?;
            let mut e = crate::shared::timeline::event(
                &at,
                crate::TimelineKind::EmailQueued,
                &format!("{}: {}", queued.to, queued.subject),
            );
            e.by_autopilot = true;
            events::insert(&tx, invoice_id, &e)?;
            refs.push(AutopilotInvoiceRef {
                invoice_id,
                number: case.invoice.number.clone(),
                step: step.id.to_string(),
            });
        }
        let client = clients::get(&tx, client_id)?.map(|c| c.name).unwrap_or_default();
        tx.commit()?;
        Ok(Some(AutopilotMessage {
            outbox_id: queued.id,
            client_id: Some(client_id),
            client,
            invoices: refs,
            step: lead_step.id.to_string(),
            step_label: step_label(lead_step.id.as_str()),
            tone: lead_step.tone.into(),
            state: OutboxStatus::Queued,
            day: today,
            send_at: queued.not_before,
            sent_at: None,
        }))
    }

    /// Autopilot's messages of days `from..=to`.
    fn messages(&self, from: NaiveDate, to: NaiveDate) -> ApiResult<Vec<AutopilotMessage>> {
        let conn = self.conn();
        let rows = table::messages_between(conn, &from.to_string(), &to.to_string())?;
        let names = clients::names_of(conn, rows.iter().filter_map(|r| r.client_id))?;
        let base = crate::followups::business_ladder::business_ladder(conn)?;
        let mut out = Vec::new();
        for r in rows {
            let step = r.kind.strip_prefix("reminder:").unwrap_or(&r.kind).to_owned();
            let tone = step
                .parse::<ladder::StepId>()
                .ok()
                .and_then(|id| base.get(&id).map(|s| s.tone))
                .unwrap_or(Tone::Polite);
            let mut invoices = Vec::new();
            for (invoice_id, step) in &r.steps {
                let number = duly_store::invoices::get(conn, *invoice_id)?.map(|i| i.number).unwrap_or_default();
                invoices.push(AutopilotInvoiceRef { invoice_id: *invoice_id, number, step: step.clone() });
            }
            let state: OutboxStatus = duly_mail::OutboxState::parse(&r.state)
                .map_err(|e| ApiError::new(ErrorCode::Storage, format!("autopilot message {}: {e}", r.outbox_id)))?
                .into();
            out.push(AutopilotMessage {
                outbox_id: r.outbox_id,
                client_id: r.client_id,
                client: r.client_id.and_then(|c| names.get(&c).cloned()).unwrap_or_default(),
                invoices,
                step_label: step_label(&step),
                step,
                tone: tone.into(),
                state,
                day: r.on_date.parse().unwrap_or(from),
                send_at: r.not_before,
                sent_at: r.sent_at,
            });
        }
        Ok(out)
    }
}

/// Cancels every automatic message still queued (autopilot turned off), through the guard's one
/// way of cancelling, so the timeline and the steps agree.
fn cancel_queued_on(conn: &Connection, at: &str) -> ApiResult<usize> {
    let mut n = 0;
    for row in duly_store::outbox::list_filtered(conn, Some("queued"), None, 100_000)? {
        if row.autopilot
            && crate::shared::reminder_cancel::cancel_on(conn, &row, crate::CancelReason::AutopilotStopped, at)?
        {
            n += 1;
        }
    }
    Ok(n)
}

fn preview_days(days: Option<u32>) -> ApiResult<u32> {
    let days = days.unwrap_or(DEFAULT_PREVIEW_DAYS);
    if !(1..=MAX_PREVIEW_DAYS).contains(&days) {
        return Err(ApiError::invalid(format!("days: expected 1 to {MAX_PREVIEW_DAYS}, got {days}")));
    }
    Ok(days)
}

/// The confirmation of a preview: a digest of what it would send (day, client, invoices, steps)
/// and the span it covers. The send times are left out: they move with the clock, what is sent
/// does not.
fn token(from: NaiveDate, days: u32, items: &[AutopilotPreviewItem]) -> String {
    let mut h = Sha256::new();
    h.update(format!("{from}|{days}\n"));
    for i in items {
        h.update(format!("{}|{}|{:?}|{:?}\n", i.day, i.client_id, i.invoice_ids, i.steps));
    }
    h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn step_view(ladder: &Ladder, s: &Step, mode: StepMode, chosen: bool) -> AutopilotStep {
    let never = rules::never_auto(s);
    AutopilotStep {
        step: s.id.to_string(),
        label: step_label(s.id.as_str()),
        tone: s.tone.into(),
        purpose: s.purpose.into(),
        mode: mode.into(),
        default_mode: rules::default_mode(ladder, s).into(),
        chosen,
        can_be_auto: never.is_none(),
        never_reason: never.map(|n: NeverAuto| n.as_str().to_owned()),
    }
}

fn step_views(
    ladder: &Ladder,
    chosen: &HashMap<String, StepMode>,
    is_chosen: impl Fn(&str) -> bool,
) -> Vec<AutopilotStep> {
    ladder
        .steps()
        .iter()
        .map(|s| {
            let mode = rules::mode_in_force(ladder, s, chosen.get(s.id.as_str()).copied());
            step_view(ladder, s, mode, is_chosen(s.id.as_str()))
        })
        .collect()
}

/// The open invoices, `(invoice_id, client_id)`, in id order.
fn open_invoices(conn: &Connection, as_of: NaiveDate) -> ApiResult<Vec<(i64, i64)>> {
    let scope = duly_store::invoices::AgingScope { sales_after: as_of, sales_until: as_of, client_id: None };
    let mut out = Vec::new();
    duly_store::invoices::with_aging_rows(conn, &scope, |rows| {
        for row in rows {
            if row.input.status.is_open() {
                out.push((row.id, row.input.client_id));
            }
        }
    })?;
    out.sort_unstable();
    Ok(out)
}

/// Clients that had a step done (a message sent, by a click or by autopilot) on `day`.
fn clients_written_on(conn: &Connection, day: NaiveDate) -> ApiResult<HashSet<i64>> {
    Ok(duly_store::followups::clients_done_on(conn, day)?.into_iter().collect())
}

fn recipients(case: &Case) -> Vec<String> {
    case.recipient.as_ref().map(|c| c.email.trim().to_owned()).into_iter().collect()
}

/// Midnight of `day` on the user's clock (UTC when the user's zone is unknown).
fn start_of_day(day: NaiveDate, home: Option<&str>) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    home.and_then(|z| duly_mail::parse_time_zone(z).ok())
        .and_then(|tz| tz.from_local_datetime(&midnight).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

/// The words a message covering several invoices adds: to the subject, and a paragraph naming
/// the others (number, amount due, due date) and the attached statement.
fn also_covers(language: duly_core::Language, others: &[String]) -> (String, String) {
    let list = others.iter().map(|o| format!("- {o}")).collect::<Vec<_>>().join("\n");
    let numbers = others.iter().map(|o| o.split(' ').next().unwrap_or_default()).collect::<Vec<_>>().join(", ");
    match language {
        duly_core::Language::En => (
            format!("(also {numbers})"),
            format!(
                "This message also concerns:\n{list}\n\nThe attached statement of account lists every open invoice."
            ),
        ),
        duly_core::Language::Id => (
            format!("(juga {numbers})"),
            format!(
                "Pesan ini juga mengenai:\n{list}\n\nLaporan rekening terlampir memuat semua faktur yang belum dibayar."
            ),
        ),
        duly_core::Language::Ro => (
            format!("(și {numbers})"),
            format!("Acest mesaj privește și:\n{list}\n\nExtrasul de cont atașat cuprinde toate facturile neachitate."),
        ),
    }
}

fn headline(language: Language, items: &[AutopilotMessage], sent: u32, waiting: u32) -> String {
    if items.is_empty() {
        return String::new();
    }
    let one_step = items.iter().all(|m| m.step == items[0].step);
    let label = if one_step { step_label(&items[0].step) } else { "reminder".to_owned() };
    let what = if sent == 1 { label } else { plural(&label) };
    match language {
        Language::En if waiting == 0 => format!("Duly sent {sent} {what} today"),
        Language::En => {
            let verb = if waiting == 1 { "waits" } else { "wait" };
            format!("Duly sent {sent} {what} today; {waiting} {verb} for business hours")
        }
        Language::Id => {
            format!("Duly mengirim {} hari ini; {waiting} menunggu jam kerja", REMINDERS.count(sent, language))
        }
        Language::Ro => {
            format!("Duly a trimis azi {}; {waiting} așteaptă programul de lucru", REMINDERS.count(sent, language))
        }
    }
}

/// An English step label in the plural: the noun before " before …" / " to …" takes the "s".
fn plural(label: &str) -> String {
    match label.split_once(" before ").or_else(|| label.split_once(" to ")) {
        Some((noun, rest)) => {
            let joint = if label.contains(" before ") { " before " } else { " to " };
            format!("{noun}s{joint}{rest}")
        }
        None => format!("{label}s"),
    }
}

/// A count with its noun in the form the language wants: "1 reminder", "3 pengingat",
/// "un memento", "20 de mementouri".
struct CountedNoun {
    en: (&'static str, &'static str),
    id: &'static str,
    ro: (&'static str, &'static str),
}

const REMINDERS: CountedNoun =
    CountedNoun { en: ("reminder", "reminders"), id: "pengingat", ro: ("un memento", "mementouri") };
const MESSAGES: CountedNoun = CountedNoun { en: ("message", "messages"), id: "pesan", ro: ("un mesaj", "mesaje") };

impl CountedNoun {
    fn count(&self, n: u32, language: Language) -> String {
        match language {
            Language::En if n == 1 => format!("1 {}", self.en.0),
            Language::En => format!("{n} {}", self.en.1),
            Language::Id => format!("{n} {}", self.id),
            Language::Ro if n == 1 => self.ro.0.to_owned(),
            Language::Ro if duly_core::romanian_takes_de(i64::from(n)) => format!("{n} de {}", self.ro.1),
            Language::Ro => format!("{n} {}", self.ro.1),
        }
    }
}

/// The payment terms in force for an invoice (business, client and invoice levels resolved).
fn terms_of(conn: &Connection, client_id: i64, invoice_id: i64) -> ApiResult<ladder::Terms> {
    Ok(duly_store::terms::in_force(conn, client_id, invoice_id)?)
}

/// Whether the message for `case` on `day` would state a late fee. A message that says what
/// not paying costs is the user's to send, whatever the step's mode: the terms may be for a
/// client the user would rather not charge, and a fee claimed by a machine reads as a threat.
fn states_costs(terms: &ladder::Terms, case: &Case, day: NaiveDate) -> bool {
    let inv = &case.invoice;
    terms.late_fee_on(case.facts.due_on_day(day), inv.due_date, day, inv.currency) > 0
}

fn count<T>(it: impl Iterator<Item = T>) -> u32 {
    u32::try_from(it.count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn counts_take_each_languages_form() {
        use super::{Language, MESSAGES, REMINDERS};
        assert_eq!(REMINDERS.count(1, Language::En), "1 reminder");
        assert_eq!(REMINDERS.count(3, Language::En), "3 reminders");
        assert_eq!(REMINDERS.count(3, Language::Id), "3 pengingat");
        assert_eq!(REMINDERS.count(1, Language::Ro), "un memento");
        assert_eq!(REMINDERS.count(19, Language::Ro), "19 mementouri");
        assert_eq!(REMINDERS.count(20, Language::Ro), "20 de mementouri");
        assert_eq!(MESSAGES.count(1, Language::Ro), "un mesaj");
        assert_eq!(MESSAGES.count(101, Language::Ro), "101 mesaje");
        assert_eq!(MESSAGES.count(120, Language::Ro), "120 de mesaje");
    }

    #[test]
    fn labels_in_the_plural() {
        assert_eq!(plural("polite reminder"), "polite reminders");
        assert_eq!(plural("reminder before the due date"), "reminders before the due date");
        assert_eq!(plural("firm notice to other contacts"), "firm notices to other contacts");
    }
}
