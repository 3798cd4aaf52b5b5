//! Delivery status notifications (RFC 3464): a `multipart/report; report-type=delivery-status`
//! whose `message/delivery-status` part names each recipient with an `Action`. Only `failed`
//! ones count: `delayed`, `delivered`, `relayed` and `expanded` reports are not bounces.

use mail_parser::{MessageParser, MimeHeaders, PartType};

use super::bare;

/// The failed recipients and the undelivered message's Message-ID, or `None` when `msg` is not
/// a failure report.
pub(super) fn read(msg: &mail_parser::Message<'_>) -> Option<(Vec<String>, Option<String>)> {
    let root = msg.root_part().content_type()?;
    let is_report = root.ctype().eq_ignore_ascii_case("multipart")
        && root.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report"))
        && root.attribute("report-type").is_some_and(|t| t.eq_ignore_ascii_case("delivery-status"));
    if !is_report {
        return None;
    }
    let mut failed = Vec::new();
    let mut original = None;
    for part in &msg.parts {
        let Some(ct) = part.content_type() else { continue };
        let sub = ct.subtype().unwrap_or_default().to_ascii_lowercase();
        match (ct.ctype().to_ascii_lowercase().as_str(), sub.as_str()) {
            ("message", "delivery-status") => {
                failed.extend(failed_recipients(&String::from_utf8_lossy(part.contents())))
            }
            ("message", "rfc822") | ("message", "rfc822-headers") | ("text", "rfc822-headers") => {
                let id = match &part.body {
                    PartType::Message(inner) => inner.message_id().map(bare),
                    _ => MessageParser::default().parse_headers(part.contents()).and_then(|m| m.message_id().map(bare)),
                };
                original = original.or(id);
            }
            _ => {}
        }
    }
    if failed.is_empty() {
        return None;
    }
    Some((failed, original))
}

/// Recipients whose per-recipient block says `Action: failed`. The blocks follow the
/// per-message one, separated by blank lines; `Final-Recipient` is preferred, else
/// `Original-Recipient`, both `rfc822; address`.
fn failed_recipients(status: &str) -> Vec<String> {
    let text = status.replace("\r\n", "\n");
    let mut out = Vec::new();
    for block in text.split("\n\n") {
        let mut action = None;
        let mut final_rcpt = None;
        let mut original_rcpt = None;
        for line in block.lines() {
            let Some((name, value)) = line.split_once(':') else { continue };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "action" => action = Some(value.to_ascii_lowercase()),
                "final-recipient" => final_rcpt = Some(address_of(value)),
                "original-recipient" => original_rcpt = Some(address_of(value)),
                _ => {}
            }
        }
        if action.as_deref() == Some("failed")
            && let Some(a) = final_rcpt.or(original_rcpt).filter(|a| !a.is_empty())
            && !out.contains(&a)
        {
            out.push(a);
        }
    }
    out
}

/// `rfc822; someone@example.com` → `someone@example.com`.
fn address_of(value: &str) -> String {
    let addr = value.split_once(';').map_or(value, |(_, a)| a);
    addr.trim().trim_start_matches('<').trim_end_matches('>').trim().to_lowercase()
}
