//! `followups_notice` and `send_failed_notice`: what the desktop app says through the OS's
//! notifications, and when. "N follow-ups are ready today" is said at most once a day (the day
//! told is kept in `settings`, so a restart the same day does not repeat it) and only when the
//! follow-up ladder has something due; a failed send is said each time, naming the recipient.
//! The shell only shows what these return.

use duly_store::settings;

use crate::{ApiError, ApiResult, Duly, FollowupQuery, Language};

/// The `settings` key of the last day "follow-ups are ready" was said (YYYY-MM-DD).
const NOTIFIED_ON: &str = "followups_notified_on";

/// One OS notification, in the app's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

impl Duly {
    /// The "follow-ups are ready" notice for today, or `None` when it was already given today or
    /// nothing is due. Giving it is remembered (the caller shows it, or fails to, but never
    /// repeats it the same day).
    pub fn followups_notice(&mut self) -> ApiResult<Option<Notice>> {
        let today = self.today().format("%Y-%m-%d").to_string();
        if settings::get(self.conn(), NOTIFIED_ON)?.as_deref() == Some(today.as_str()) {
            return Ok(None);
        }
        let due = self.followup_actions(FollowupQuery { as_of: None, limit: Some(1) })?.due_count;
        if due <= 0 {
            return Ok(None);
        }
        let now = self.stamp();
        let tx = self.transaction()?;
        settings::set(&tx, NOTIFIED_ON, &today, &now)?;
        tx.commit().map_err(|e| ApiError::from(duly_store::StoreError::from(e)))?;
        Ok(Some(ready_text(self.app_language()?, due)))
    }

    /// "A message to … could not be sent", for each recipient list in a pass's `failed_to`.
    pub fn send_failed_notice(&self, to: &str) -> ApiResult<Notice> {
        Ok(failed_text(self.app_language()?, to))
    }

    fn app_language(&self) -> ApiResult<Language> {
        Ok(self.preferences_get()?.ui_language.unwrap_or(Language::En))
    }
}

fn ready_text(language: Language, n: i64) -> Notice {
    let body = match (language, n) {
        (Language::En, 1) => "1 follow-up is ready today.".to_owned(),
        (Language::En, n) => format!("{n} follow-ups are ready today."),
        (Language::Id, n) => format!("{n} tindak lanjut siap hari ini."),
        (Language::Ro, 1) => "O urmărire e pregătită azi.".to_owned(),
        (Language::Ro, n) if duly_core::romanian_takes_de(n) => format!("{n} de urmăriri sunt pregătite azi."),
        (Language::Ro, n) => format!("{n} urmăriri sunt pregătite azi."),
    };
    Notice { title: "Duly".to_owned(), body }
}

fn failed_text(language: Language, to: &str) -> Notice {
    let body = match language {
        Language::En => format!("A message to {to} could not be sent. Open the Outbox to see why."),
        Language::Id => format!("Pesan ke {to} tidak dapat dikirim. Buka Kotak keluar untuk melihat alasannya."),
        Language::Ro => format!("Un mesaj către {to} nu a putut fi trimis. Deschide „De trimis” pentru a vedea de ce."),
    };
    Notice { title: "Duly".to_owned(), body }
}
