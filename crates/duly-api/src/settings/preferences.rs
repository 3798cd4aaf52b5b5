//! `preferences_get` / `preferences_save`: the app's own choices, kept in the database's
//! `settings` table so that they travel with backups: the UI language (separate from the
//! business's document language and from each client's), whether first-run setup is over, and
//! the desktop shell's background choices (keep sending from the tray, start at login),
//! whether each payment recorded is answered with a thank-you, and light or dark (kept here
//! rather than in the web view's storage, which a reinstall or a cleared cache loses).

use duly_store::settings;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::shared::ui_language::{UI_LANGUAGE, ui_language};
use crate::{ApiError, ApiResult, Duly, Language};

const ONBOARDING: &str = "onboarding";
const BACKGROUND: &str = "keep_sending_in_background";
const START_AT_LOGIN: &str = "start_at_login";
const THANKS: &str = crate::outbox::payment_thanks::SETTING;
const THEME: &str = "theme";

/// Light or dark screens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// As the OS is set (and changes with it).
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    fn code(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        match code {
            "system" => Some(Self::System),
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            _ => None,
        }
    }
}

/// Where first-run setup stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OnboardingState {
    /// An empty database: show the setup.
    Pending,
    /// The user chose "later"; Settings offers to finish it.
    Skipped,
    /// Finished, or not needed (a database that already had data).
    Done,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Preferences {
    /// The language of the app's screens; `null` until chosen, when the UI follows the OS.
    pub ui_language: Option<Language>,
    pub onboarding: OnboardingState,
    /// Closing the window leaves Duly running in the system tray, so queued mail still goes out
    /// (on until the user turns it off).
    pub keep_sending_in_background: bool,
    /// Start Duly (in the tray) when the user logs in; off until chosen.
    pub start_at_login: bool,
    /// Queue a "thank you, received" email to the client for each payment recorded (by hand or
    /// from a statement), in the client's language; off until chosen.
    pub thank_for_payments: bool,
    /// Light or dark; the OS's until chosen.
    pub theme: Theme,
}

/// Fields left `null` are not changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, TS)]
pub struct PreferencesInput {
    #[serde(default)]
    pub ui_language: Option<Language>,
    #[serde(default)]
    pub onboarding: Option<OnboardingState>,
    #[serde(default)]
    pub keep_sending_in_background: Option<bool>,
    #[serde(default)]
    pub start_at_login: Option<bool>,
    #[serde(default)]
    pub thank_for_payments: Option<bool>,
    #[serde(default)]
    pub theme: Option<Theme>,
}

fn language_code(l: Language) -> &'static str {
    match l {
        Language::En => "en",
        Language::Id => "id",
        Language::Ro => "ro",
    }
}

fn state_code(s: OnboardingState) -> &'static str {
    match s {
        OnboardingState::Pending => "pending",
        OnboardingState::Skipped => "skipped",
        OnboardingState::Done => "done",
    }
}

impl Duly {
    pub fn preferences_get(&self) -> ApiResult<Preferences> {
        let conn = self.conn();
        let ui_language = ui_language(conn)?;
        let onboarding = match settings::get(conn, ONBOARDING)?.as_deref() {
            Some("skipped") => OnboardingState::Skipped,
            Some("done") => OnboardingState::Done,
            Some("pending") => OnboardingState::Pending,
            // Never recorded: only a database with nothing in it needs the first-run setup (one
            // filled by `duly demo` or an older Duly does not).
            _ => {
                let empty = duly_store::business::get(conn)?.is_none()
                    && duly_store::clients::count(conn)? == 0
                    && duly_store::invoices::count(conn)? == 0;
                if empty { OnboardingState::Pending } else { OnboardingState::Done }
            }
        };
        let flag = |key: &str, default: bool| -> ApiResult<bool> {
            Ok(settings::get(conn, key)?.map_or(default, |v| v == "true"))
        };
        Ok(Preferences {
            ui_language,
            onboarding,
            keep_sending_in_background: flag(BACKGROUND, true)?,
            start_at_login: flag(START_AT_LOGIN, false)?,
            thank_for_payments: flag(THANKS, false)?,
            theme: settings::get(conn, THEME)?.as_deref().and_then(Theme::parse).unwrap_or_default(),
        })
    }

    pub fn preferences_save(&mut self, input: PreferencesInput) -> ApiResult<Preferences> {
        let now = self.stamp();
        let tx = self.transaction()?;
        if let Some(l) = input.ui_language {
            settings::set(&tx, UI_LANGUAGE, language_code(l), &now)?;
        }
        if let Some(s) = input.onboarding {
            settings::set(&tx, ONBOARDING, state_code(s), &now)?;
        }
        if let Some(theme) = input.theme {
            settings::set(&tx, THEME, theme.code(), &now)?;
        }
        for (key, value) in [
            (BACKGROUND, input.keep_sending_in_background),
            (START_AT_LOGIN, input.start_at_login),
            (THANKS, input.thank_for_payments),
        ] {
            if let Some(on) = value {
                settings::set(&tx, key, if on { "true" } else { "false" }, &now)?;
            }
        }
        tx.commit().map_err(|e| ApiError::from(duly_store::StoreError::from(e)))?;
        self.preferences_get()
    }
}
