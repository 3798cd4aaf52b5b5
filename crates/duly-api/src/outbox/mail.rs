//! `mail_settings_get` / `mail_settings_save` / `mail_test`: the SMTP account.
//!
//! The settings (server, login name, sender) are stored as JSON in the `settings` table; the
//! password only ever goes to the [`SecretStore`](duly_mail::SecretStore) (the OS keychain), or,
//! where there is no keychain (a bare Linux session), to memory for this session only
//! ([`SessionPasswords`](duly_mail::SessionPasswords)). No DTO carries it back: the UI learns
//! only where it is ([`PasswordState`]). A keychain that cannot be reached never stops the
//! settings from loading: it is one of those states, with its reason.

use duly_mail::{Mailbox, Mailer, OutgoingMessage, Secret, SecretError, Security, SettingsError, SmtpSettings};
use duly_store::settings;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, ApiResult, Duly, ErrorCode};

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MailSecurity {
    /// STARTTLS, usually port 587.
    StartTls,
    /// TLS from the first byte, usually port 465.
    ImplicitTls,
    /// No encryption: only to a server on this computer.
    Plain,
}

impl From<MailSecurity> for Security {
    fn from(s: MailSecurity) -> Self {
        match s {
            MailSecurity::StartTls => Security::StartTls,
            MailSecurity::ImplicitTls => Security::ImplicitTls,
            MailSecurity::Plain => Security::Plain,
        }
    }
}

impl From<Security> for MailSecurity {
    fn from(s: Security) -> Self {
        match s {
            Security::StartTls => MailSecurity::StartTls,
            Security::ImplicitTls => MailSecurity::ImplicitTls,
            Security::Plain => MailSecurity::Plain,
        }
    }
}

/// The SMTP account as the settings form shows it. Text fields are `""` when not set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailSettings {
    /// `false` before the user has saved an account.
    pub configured: bool,
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    /// `""` for a server that needs no login.
    pub username: String,
    pub from_name: String,
    pub from_email: String,
    pub reply_to: String,
    /// Whether a password is there to send with (in the keychain or for this session). The
    /// password itself never leaves them.
    pub has_password: bool,
    /// Where the password is, or why it cannot be saved.
    pub password: PasswordState,
}

/// Where the SMTP password is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PasswordState {
    /// The server needs no login, so no password.
    NotNeeded,
    /// Saved in the OS keychain.
    Keychain,
    /// Given for this session only, in memory until Duly closes.
    Session,
    /// None given yet; the keychain is there to save one.
    NotSaved,
    /// The OS keychain cannot be reached (`reason` says why), so a password can only be kept
    /// for this session ("Ask me once per session").
    KeychainUnavailable { reason: String },
}

/// What the settings form saves. `password`: `None` or `""` keeps the saved one; anything else
/// replaces it in the keychain.
#[derive(Clone, PartialEq, Eq, Deserialize, TS)]
pub struct MailSettingsInput {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub from_name: String,
    pub from_email: String,
    #[serde(default)]
    pub reply_to: String,
    #[serde(default)]
    #[ts(optional)]
    pub password: Option<String>,
    /// Keep `password` in memory until Duly closes instead of in the keychain: for a computer
    /// without one. It is asked for again in the next session.
    #[serde(default)]
    #[ts(optional)]
    pub session_only: Option<bool>,
}

impl std::fmt::Debug for MailSettingsInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettingsInput")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("from_name", &self.from_name)
            .field("from_email", &self.from_email)
            .field("reply_to", &self.reply_to)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("session_only", &self.session_only)
            .finish()
    }
}

/// Where to send a test message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailTestInput {
    pub to: String,
}

/// A test message the server accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailTestReport {
    pub to: String,
    pub message_id: String,
}

pub(crate) fn settings_error(e: SettingsError) -> ApiError {
    match e {
        SettingsError::Keychain(_) | SettingsError::MissingPassword { .. } | SettingsError::Transport(_) => {
            ApiError::new(ErrorCode::Mail, e.to_string())
        }
        other => ApiError::invalid(other.to_string()),
    }
}

/// The keychain could not give the password, and none was given for this session.
fn keychain_unavailable(e: &SecretError) -> ApiError {
    ApiError::new(
        ErrorCode::Mail,
        format!(
            "{e}; in Settings, Email, enter the password with \"Ask me once per session\" to send without the keychain"
        ),
    )
}

fn blank(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The saved SMTP account, if any, read on `conn` (which may be a caller's open transaction).
pub(crate) fn saved_smtp_settings(conn: &duly_store::Connection) -> ApiResult<Option<SmtpSettings>> {
    let Some(json) = settings::get(conn, settings::SMTP)? else { return Ok(None) };
    serde_json::from_str(&json)
        .map(Some)
        .map_err(|e| ApiError::new(ErrorCode::Storage, format!("the saved SMTP settings cannot be read: {e}")))
}

/// [`saved_smtp_settings`], or an error telling the user to set an account up.
pub(crate) fn required_smtp_settings(conn: &duly_store::Connection) -> ApiResult<SmtpSettings> {
    saved_smtp_settings(conn)?
        .ok_or_else(|| ApiError::invalid("email is not set up: enter your SMTP server in Settings first"))
}

impl Duly {
    /// The saved SMTP account, if any.
    pub(crate) fn smtp_settings(&self) -> ApiResult<Option<SmtpSettings>> {
        saved_smtp_settings(self.conn())
    }

    /// The saved SMTP account, or an error telling the user to set one up.
    pub(crate) fn require_smtp_settings(&self) -> ApiResult<SmtpSettings> {
        required_smtp_settings(self.conn())
    }

    /// A mailer for the saved account, with its password given for this session, else the one
    /// in the keychain.
    pub(crate) fn mailer(&self) -> ApiResult<Mailer> {
        let settings = self.require_smtp_settings()?;
        let password = match settings.keychain_account() {
            Some(account) => match self.session.get(&account) {
                Some(password) => Some(password),
                None => self.secrets()?.get(&account).map_err(|e| keychain_unavailable(&e))?,
            },
            None => None,
        };
        Mailer::new(settings, password).map_err(settings_error)
    }

    pub fn mail_settings_get(&self) -> ApiResult<MailSettings> {
        match self.smtp_settings()? {
            Some(s) => self.settings_dto(&s),
            None => Ok(MailSettings {
                configured: false,
                host: String::new(),
                port: Security::StartTls.default_port(),
                security: MailSecurity::StartTls,
                username: String::new(),
                from_name: String::new(),
                from_email: String::new(),
                reply_to: String::new(),
                has_password: false,
                password: PasswordState::NotNeeded,
            }),
        }
    }

    fn settings_dto(&self, s: &SmtpSettings) -> ApiResult<MailSettings> {
        let password = match s.keychain_account() {
            None => PasswordState::NotNeeded,
            Some(account) if self.session.get(&account).is_some() => PasswordState::Session,
            Some(account) => match self.secrets()?.get(&account) {
                Ok(Some(_)) => PasswordState::Keychain,
                Ok(None) => PasswordState::NotSaved,
                Err(e) => PasswordState::KeychainUnavailable { reason: e.reason },
            },
        };
        let has_password = matches!(password, PasswordState::Keychain | PasswordState::Session);
        Ok(MailSettings {
            configured: true,
            host: s.host.clone(),
            port: s.port,
            security: s.security.into(),
            username: s.username.clone().unwrap_or_default(),
            from_name: s.sender.name.clone().unwrap_or_default(),
            from_email: s.sender.email.clone(),
            reply_to: s.reply_to.as_ref().map(|m| m.email.clone()).unwrap_or_default(),
            has_password,
            password,
        })
    }

    /// Validates and saves the account; a non-empty `password` goes to the keychain only, or
    /// with `session_only` to memory until Duly closes. A keychain that cannot save it refuses
    /// the whole form, saying why and what to choose instead.
    pub fn mail_settings_save(&mut self, input: MailSettingsInput) -> ApiResult<MailSettings> {
        let settings = SmtpSettings {
            host: input.host.trim().to_owned(),
            port: input.port,
            security: input.security.into(),
            username: blank(&input.username),
            sender: Mailbox::new(input.from_name.trim(), input.from_email.trim()),
            reply_to: blank(&input.reply_to).map(Mailbox::address_only),
        };
        settings.validate().map_err(settings_error)?;
        let password = input.password.filter(|p| !p.is_empty()).map(Secret::new);
        if let Some(password) = &password {
            let Some(account) = settings.keychain_account() else {
                return Err(ApiError::invalid("password: a password needs a username; enter the login name too"));
            };
            if input.session_only == Some(true) {
                self.session.set(&account, password.clone());
            } else {
                self.secrets()?.set(&account, password).map_err(|e| {
                    ApiError::new(
                        ErrorCode::Mail,
                        format!(
                            "password: {e}; choose \"Ask me once per session\" to keep it in memory until Duly closes"
                        ),
                    )
                })?;
                self.session.forget(&account);
            }
        }
        let json = serde_json::to_string(&settings)
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the SMTP settings cannot be written: {e}")))?;
        let before = saved_smtp_settings(self.conn())?;
        let now = self.stamp();
        let tx = self.write_transaction()?;
        settings::set(&tx, settings::SMTP, &json, &now)?;
        // Autopilot's next message would leave from another account: it waits until the user
        // looks. (A new password alone changes no address and is not a stop.)
        if before.as_ref().is_some_and(|b| b != &settings) {
            crate::shared::autopilot_stops::stop_on(
                &tx,
                crate::AutopilotStopReason::SmtpChanged,
                None,
                None,
                &format!("{} via {}:{}", settings.sender.email, settings.host, settings.port),
                &now,
            )?;
        }
        tx.commit()?;
        self.settings_dto(&settings)
    }

    /// Sends a short message to `to` right away (not through the outbox), so the user learns
    /// at once whether the account works.
    pub fn mail_test(&mut self, input: MailTestInput) -> ApiResult<MailTestReport> {
        let mailer = self.mailer()?;
        let settings = mailer.settings().clone();
        let to = input.to.trim();
        if to.is_empty() {
            return Err(ApiError::invalid("to: enter the address to send the test message to"));
        }
        let mut message = OutgoingMessage::new(
            settings.sender.clone(),
            "Duly test message",
            "This is a test message from Duly. Your email settings work: Duly can send your invoices and reminders.",
        );
        message.reply_to = settings.reply_to.clone();
        message.to = vec![Mailbox::address_only(to)];
        message.validate().map_err(|e| ApiError::invalid(e.to_string()))?;
        mailer.send(&message).map_err(|e| ApiError::new(ErrorCode::Mail, e.to_string()))?;
        Ok(MailTestReport { to: to.to_owned(), message_id: message.message_id })
    }
}
