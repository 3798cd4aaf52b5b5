//! The IMAP account Duly reads replies from, and one poll of it (`mailbox_check`).
//!
//! The account is JSON in `settings` (`imap`: host, port, user, TLS) beside the SMTP one; its
//! password goes to the same [`SecretStore`](duly_mail::SecretStore) (the OS keychain) under
//! `imap:user@host`, never the database, and the DTO only says whether there is one. Where the
//! last poll stopped (UIDVALIDITY and last UID) is `settings.imap_cursor`.

use chrono::TimeDelta;
use duly_mail::{ImapCursor, ImapSettings, Secret};
use duly_store::settings;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, ApiResult, Duly, ErrorCode, MailboxReport};

const ACCOUNT_KEY: &str = "imap";
const CURSOR_KEY: &str = "imap_cursor";
const LAST_CHECK_KEY: &str = "imap_last_check";
/// A first poll (or one after the server renumbered the inbox) reads this many days back.
const FIRST_POLL_DAYS: i64 = 14;

/// The IMAP account as the settings form shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct MailboxSettings {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub tls: bool,
    /// A password is saved (in the keychain or for this session); it is never sent back.
    pub has_password: bool,
    /// The last poll (the app's timer, "Check now" or the CLI), for the settings card.
    #[ts(optional = nullable)]
    pub last_check: Option<MailboxLastCheck>,
}

/// When the inbox was last read and how it went; a failure's reason never holds the password
/// (duly-mail reports a refused login without the server's text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailboxLastCheck {
    /// RFC 3339 UTC.
    pub at: String,
    pub fetched: u32,
    /// Messages that concerned an invoice (replies, bounces, auto-replies).
    pub applied: u32,
    /// Why the poll failed; `null` when it worked.
    #[ts(optional = nullable)]
    pub error: Option<String>,
}

/// What the settings form saves. `password`: `None` or `""` keeps the saved one.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailboxSettingsInput {
    pub host: String,
    /// 993 when not given.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub port: Option<u16>,
    pub user: String,
    /// TLS from the first byte; plain only to this computer. `true` when not given.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub tls: Option<bool>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub password: Option<String>,
}

impl std::fmt::Debug for MailboxSettingsInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailboxSettingsInput")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("tls", &self.tls)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// One poll: how many messages the server gave, and what they did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct MailboxCheckReport {
    pub fetched: u32,
    pub report: MailboxReport,
}

impl Duly {
    pub fn mailbox_settings_get(&self) -> ApiResult<Option<MailboxSettings>> {
        let Some(s) = saved(self.conn())? else { return Ok(None) };
        let has_password = self.imap_password(&s)?.is_some();
        let last_check = settings::get(self.conn(), LAST_CHECK_KEY)?.and_then(|j| serde_json::from_str(&j).ok());
        Ok(Some(MailboxSettings { host: s.host, port: s.port, user: s.username, tls: s.tls, has_password, last_check }))
    }

    /// Validates and saves the account; a new password goes to the keychain only.
    pub fn mailbox_settings_save(&mut self, input: MailboxSettingsInput) -> ApiResult<MailboxSettings> {
        let s = ImapSettings {
            host: input.host.trim().to_owned(),
            port: input.port.unwrap_or(993),
            username: input.user.trim().to_owned(),
            tls: input.tls.unwrap_or(true),
        };
        s.validate().map_err(|e| ApiError::invalid(e.to_string()))?;
        if let Some(password) = input.password.filter(|p| !p.is_empty()) {
            self.secrets()?
                .set(&s.keychain_account(), &Secret::new(password))
                .map_err(|e| ApiError::new(ErrorCode::Mail, format!("password: {e}")))?;
        }
        let json = serde_json::to_string(&s).map_err(|e| ApiError::new(ErrorCode::Storage, e.to_string()))?;
        let at = self.stamp();
        let tx = self.transaction()?;
        let changed = saved(&tx)?.is_none_or(|old| old.host != s.host || old.username != s.username);
        settings::set(&tx, ACCOUNT_KEY, &json, &at)?;
        if changed {
            // Another mailbox: its UIDs mean nothing here.
            tx.execute("DELETE FROM settings WHERE key IN (?1, ?2)", [CURSOR_KEY, LAST_CHECK_KEY])?;
        }
        tx.commit()?;
        self.mailbox_settings_get()?.ok_or_else(|| ApiError::new(ErrorCode::Storage, "the IMAP account was not saved"))
    }

    /// Whether an IMAP account is saved: the app's timer polls only then.
    pub fn mailbox_configured(&self) -> ApiResult<bool> {
        Ok(saved(self.conn())?.is_some())
    }

    /// Reads the inbox once (read-only) and applies what is new; the outcome, failure included,
    /// is kept for the settings card.
    pub fn mailbox_check(&mut self) -> ApiResult<MailboxCheckReport> {
        let result = self.poll();
        let (fetched, applied, error) = match &result {
            Ok(r) => (r.fetched, u32::try_from(r.report.applied.len()).unwrap_or(u32::MAX), None),
            Err(e) => (0, 0, Some(e.message.clone())),
        };
        // No account: nothing was attempted, so there is nothing to remember.
        if saved(self.conn())?.is_some() {
            let last = MailboxLastCheck { at: self.stamp(), fetched, applied, error };
            let json = serde_json::to_string(&last).map_err(|e| ApiError::new(ErrorCode::Storage, e.to_string()))?;
            let at = self.stamp();
            let tx = self.transaction()?;
            settings::set(&tx, LAST_CHECK_KEY, &json, &at)?;
            tx.commit()?;
        }
        result
    }

    fn poll(&mut self) -> ApiResult<MailboxCheckReport> {
        let s = saved(self.conn())?.ok_or_else(|| {
            ApiError::invalid("imap: no mailbox is set up; enter the IMAP account in Settings, Email")
        })?;
        let password = self.imap_password(&s)?.ok_or_else(|| {
            ApiError::new(ErrorCode::Mail, format!("password: no password is saved for {}", s.keychain_account()))
        })?;
        let cursor: Option<ImapCursor> =
            settings::get(self.conn(), CURSOR_KEY)?.and_then(|j| serde_json::from_str(&j).ok());
        let first_day = self.today() - TimeDelta::days(FIRST_POLL_DAYS);
        let fetched = duly_mail::fetch_new(&s, &password, cursor, first_day, &self.imap_roots)
            .map_err(|e| ApiError::new(ErrorCode::Mail, e.to_string()))?;
        let raw: Vec<Vec<u8>> = fetched.messages.into_iter().map(|(_, m)| m).collect();
        let report = self.mailbox_apply(&raw)?;
        // Saved after the messages are applied: a crash in between reads them again, and
        // `mailbox_seen` makes that harmless.
        let json =
            serde_json::to_string(&fetched.cursor).map_err(|e| ApiError::new(ErrorCode::Storage, e.to_string()))?;
        let at = self.stamp();
        let tx = self.transaction()?;
        settings::set(&tx, CURSOR_KEY, &json, &at)?;
        tx.commit()?;
        Ok(MailboxCheckReport { fetched: u32::try_from(raw.len()).unwrap_or(u32::MAX), report })
    }

    fn imap_password(&self, s: &ImapSettings) -> ApiResult<Option<Secret>> {
        let account = s.keychain_account();
        if let Some(p) = self.session.get(&account) {
            return Ok(Some(p));
        }
        self.secrets()?.get(&account).map_err(|e| ApiError::new(ErrorCode::Mail, format!("password: {e}")))
    }
}

fn saved(conn: &duly_store::Connection) -> ApiResult<Option<ImapSettings>> {
    let Some(json) = settings::get(conn, ACCOUNT_KEY)? else { return Ok(None) };
    serde_json::from_str(&json)
        .map(Some)
        .map_err(|e| ApiError::new(ErrorCode::Storage, format!("the saved IMAP settings cannot be read: {e}")))
}
