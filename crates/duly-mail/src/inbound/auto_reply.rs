//! Automatic answers: RFC 3834's `Auto-Submitted`, the headers common servers add instead, and
//! the out-of-office subjects mail programs write in the languages Duly's users and their
//! clients use (en, id, ro, de, fr, nl).

use mail_parser::Message;

use super::header_text;

/// Subject words of out-of-office and automatic replies, lower case.
const SUBJECTS: &[&str] = &[
    // en
    "out of office",
    "out of the office",
    "automatic reply",
    "auto-reply",
    "autoreply",
    "auto reply",
    "away from the office",
    "on vacation",
    "on holiday",
    // id
    "di luar kantor",
    "balasan otomatis",
    "sedang cuti",
    "tidak di kantor",
    // ro
    "în afara biroului",
    "in afara biroului",
    "răspuns automat",
    "raspuns automat",
    "plecat din birou",
    "absent din birou",
    "în concediu",
    // de
    "abwesenheitsnotiz",
    "automatische antwort",
    "nicht im büro",
    "außer haus",
    "abwesend",
    // fr
    "absence du bureau",
    "réponse automatique",
    "reponse automatique",
    "absent du bureau",
    "message d'absence",
    // nl
    "afwezigheidsmelding",
    "automatisch antwoord",
    "niet op kantoor",
    "buiten kantoor",
    "afwezig",
];

pub(super) fn is_auto_reply(msg: &Message<'_>, subject: &str) -> bool {
    // RFC 3834: anything but "no" means a machine wrote it.
    if header_text(msg, "Auto-Submitted").is_some_and(|v| !v.to_ascii_lowercase().starts_with("no")) {
        return true;
    }
    if ["X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress-Reply"].iter().any(|h| header_text(msg, h).is_some())
    {
        return true;
    }
    if header_text(msg, "Precedence").is_some_and(|v| v.eq_ignore_ascii_case("auto_reply")) {
        return true;
    }
    let subject = subject.to_lowercase();
    SUBJECTS.iter().any(|s| subject.contains(s))
}
