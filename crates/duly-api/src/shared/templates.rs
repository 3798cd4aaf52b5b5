//! Which wording a message uses: the client's own template, else the business's, else Duly's
//! built-in one. Reminders, the invoice email, thanks and call summaries all ask the same way.

use duly_core::Language as CoreLanguage;
use duly_messages::Template;
use duly_store::{Connection, message_templates};
use serde::Serialize;
use ts_rs::TS;

use crate::ApiResult;

/// Where the wording of a template comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TemplateSource {
    Builtin,
    Business,
    Client,
}

/// The wording that applies: the client's own, else the business's, else the built-in one.
pub(crate) fn template_in_force(
    conn: &Connection,
    client_id: Option<i64>,
    template_id: &str,
    language: CoreLanguage,
) -> ApiResult<Option<(Template, TemplateSource)>> {
    if let Some(t) = message_templates::find(conn, client_id, template_id, language)? {
        let source = if t.client_id.is_some() { TemplateSource::Client } else { TemplateSource::Business };
        return Ok(Some((Template::new(t.subject, t.body), source)));
    }
    Ok(duly_messages::builtin(template_id, language).map(|t| (t, TemplateSource::Builtin)))
}
