//! The UI language the user saved: Settings writes it (`settings::preferences`), and every
//! layer formats the user's own figures in it (`Duly::language`), so it lives below both.

use duly_store::settings;

use crate::{ApiResult, Language};

/// The `settings` key the choice is kept under.
pub(crate) const UI_LANGUAGE: &str = "ui_language";

fn parse_language(code: &str) -> Option<Language> {
    match code {
        "en" => Some(Language::En),
        "id" => Some(Language::Id),
        "ro" => Some(Language::Ro),
        _ => None,
    }
}

/// The UI language saved, if any (also what `*_display` amounts are written in: see
/// `Duly::language`).
pub(crate) fn ui_language(conn: &rusqlite::Connection) -> ApiResult<Option<Language>> {
    Ok(settings::get(conn, UI_LANGUAGE)?.as_deref().and_then(parse_language))
}
