//! A message as the outbox keeps it, and how it becomes MIME.
//!
//! The outbox stores [`OutgoingMessage`] (not rendered MIME) so a resend after a crash is built
//! from the same data with the same Message-ID: the recipient's mail client then threads or
//! de-duplicates a copy that arrives twice instead of showing two different messages.

use std::time::SystemTime;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment as LettreAttachment, MultiPart, SinglePart};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::address::{AddressError, Mailbox};

/// A file sent with the message, typically the invoice PDF.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub filename: String,
    /// A MIME type such as `application/pdf`.
    pub content_type: String,
    /// Base64 in JSON, so a DTO carrying a PDF stays a string rather than an array of numbers.
    #[serde(with = "base64_bytes")]
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    // A PDF's bytes in a debug print or a test failure are noise measured in megabytes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attachment")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// One email, complete enough to be sent again identically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingMessage {
    /// `<uuid@sender-domain>`, fixed when the message is queued and reused by every attempt.
    pub message_id: String,
    pub from: Mailbox,
    #[serde(default)]
    pub reply_to: Option<Mailbox>,
    pub to: Vec<Mailbox>,
    #[serde(default)]
    pub cc: Vec<Mailbox>,
    pub subject: String,
    pub text_body: String,
    /// When present the message carries both bodies as `multipart/alternative`; the text one is
    /// what clients without HTML (and spam filters) read, so it is never optional.
    #[serde(default)]
    pub html_body: Option<String>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// Asks for a read receipt (`Disposition-Notification-To`): the playbook's "confirm the
    /// client received the invoice". Clients may ignore it; nothing may depend on getting one.
    #[serde(default)]
    pub read_receipt: bool,
}

/// A message that cannot be turned into MIME, named by field. Found at enqueue time by
/// [`OutgoingMessage::validate`], so nothing unsendable ever reaches the queue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error(transparent)]
    Address(#[from] AddressError),
    #[error("to: a message needs at least one recipient")]
    NoRecipients,
    #[error("message_id: \"{0}\" is not of the form <id@domain>")]
    BadMessageId(String),
    #[error("attachments[{index}]: the file name is empty")]
    EmptyFilename { index: usize },
    #[error("attachments[{index}] ({filename}): \"{content_type}\" is not a MIME type")]
    BadContentType { index: usize, filename: String, content_type: String },
    #[error("the message could not be assembled: {0}")]
    Build(String),
}

impl OutgoingMessage {
    /// A message from `from` with a fresh Message-ID and no recipients or bodies yet.
    pub fn new(from: Mailbox, subject: impl Into<String>, text_body: impl Into<String>) -> Self {
        Self {
            message_id: new_message_id(&from),
            from,
            reply_to: None,
            to: Vec::new(),
            cc: Vec::new(),
            subject: subject.into(),
            text_body: text_body.into(),
            html_body: None,
            attachments: Vec::new(),
            read_receipt: false,
        }
    }

    /// Everything [`Self::to_mime`] checks, without a date.
    pub fn validate(&self) -> Result<(), MessageError> {
        self.to_lettre(SystemTime::UNIX_EPOCH).map(drop)
    }

    /// The RFC 5322 bytes as they go over the wire, dated `date`. Pure, so tests and a future
    /// "save to Sent folder" get exactly what the server got.
    pub fn to_mime(&self, date: SystemTime) -> Result<Vec<u8>, MessageError> {
        Ok(self.to_lettre(date)?.formatted())
    }

    pub(crate) fn to_lettre(&self, date: SystemTime) -> Result<lettre::Message, MessageError> {
        if !is_message_id(&self.message_id) {
            return Err(MessageError::BadMessageId(self.message_id.clone()));
        }
        if self.to.is_empty() && self.cc.is_empty() {
            return Err(MessageError::NoRecipients);
        }
        let mut builder = lettre::Message::builder()
            .message_id(Some(self.message_id.clone()))
            .date(date)
            .from(self.from.to_lettre("from")?)
            .subject(self.subject.clone());
        for (i, to) in self.to.iter().enumerate() {
            builder = builder.to(to.to_lettre(&format!("to[{i}]"))?);
        }
        for (i, cc) in self.cc.iter().enumerate() {
            builder = builder.cc(cc.to_lettre(&format!("cc[{i}]"))?);
        }
        if let Some(reply_to) = &self.reply_to {
            builder = builder.reply_to(reply_to.to_lettre("reply_to")?);
        }
        if self.read_receipt {
            // Receipts go where the user reads replies.
            let target = self.reply_to.as_ref().unwrap_or(&self.from);
            let address = target.to_lettre("reply_to")?.email;
            builder = builder.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Disposition-Notification-To"),
                format!("<{address}>"),
            ));
        }

        let text = SinglePart::plain(self.text_body.clone());
        let body = match &self.html_body {
            Some(html) => Bodies::Alternative(
                MultiPart::alternative().singlepart(text).singlepart(SinglePart::html(html.clone())),
            ),
            None => Bodies::Single(text),
        };
        let message = if self.attachments.is_empty() {
            match body {
                Bodies::Single(part) => builder.singlepart(part),
                Bodies::Alternative(multi) => builder.multipart(multi),
            }
        } else {
            let mut mixed = match body {
                Bodies::Single(part) => MultiPart::mixed().singlepart(part),
                Bodies::Alternative(multi) => MultiPart::mixed().multipart(multi),
            };
            for (index, attachment) in self.attachments.iter().enumerate() {
                mixed = mixed.singlepart(attachment.to_part(index)?);
            }
            builder.multipart(mixed)
        };
        message.map_err(|e| MessageError::Build(e.to_string()))
    }
}

enum Bodies {
    Single(SinglePart),
    Alternative(MultiPart),
}

impl Attachment {
    fn to_part(&self, index: usize) -> Result<SinglePart, MessageError> {
        if self.filename.trim().is_empty() {
            return Err(MessageError::EmptyFilename { index });
        }
        let content_type = ContentType::parse(&self.content_type).map_err(|_| MessageError::BadContentType {
            index,
            filename: self.filename.clone(),
            content_type: self.content_type.clone(),
        })?;
        // lettre always encodes a `Vec<u8>` body as base64, whatever the bytes look like.
        Ok(LettreAttachment::new(self.filename.clone()).body(self.bytes.clone(), content_type))
    }
}

/// A fresh `<uuid@domain>` on the sender's domain: random, so two Duly installs sending for the
/// same freelancer never collide, and on the sender's domain as RFC 5322 recommends (some spam
/// filters frown at a Message-ID from a foreign domain).
pub fn new_message_id(from: &Mailbox) -> String {
    message_id_from(Uuid::new_v4(), from)
}

/// [`new_message_id`] with the UUID given, for tests and for callers with their own ids.
pub fn message_id_from(id: Uuid, from: &Mailbox) -> String {
    let domain = from.domain().trim().to_ascii_lowercase();
    let domain = if domain.is_empty() || !domain.is_ascii() { "duly.invalid".to_owned() } else { domain };
    format!("<{}@{domain}>", id.as_hyphenated())
}

fn is_message_id(id: &str) -> bool {
    let Some(inner) = id.strip_prefix('<').and_then(|s| s.strip_suffix('>')) else {
        return false;
    };
    let Some((left, right)) = inner.split_once('@') else {
        return false;
    };
    !left.is_empty()
        && !right.is_empty()
        && inner.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'"' | b'\\'))
        && !right.contains('@')
}

mod base64_bytes {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD.decode(text.as_bytes()).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
fn decode_base64(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(text.split_whitespace().collect::<String>()).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn pdf() -> Vec<u8> {
        let mut bytes = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        bytes.extend((0u8..=255).cycle().take(3000));
        bytes
    }

    fn message() -> OutgoingMessage {
        let mut m = OutgoingMessage::new(
            Mailbox::new("Ana Pop", "ana@studio.example.ro"),
            "Factura 2024-017: scadentă mâine",
            "Bună ziua,\nfactura este atașată.\n",
        );
        m.to = vec![Mailbox::new("Client SRL", "plati@client.example")];
        m.cc = vec![Mailbox::address_only("contabil@client.example")];
        m.reply_to = Some(Mailbox::address_only("ana.pop@personal.example"));
        m.html_body = Some("<p>Bună ziua,</p><p>factura este atașată.</p>".into());
        m.attachments = vec![Attachment {
            filename: "Factura 2024-017.pdf".into(),
            content_type: "application/pdf".into(),
            bytes: pdf(),
        }];
        m.read_receipt = true;
        m
    }

    fn text(m: &OutgoingMessage) -> String {
        let date = SystemTime::UNIX_EPOCH + Duration::from_secs(1_717_000_000);
        String::from_utf8(m.to_mime(date).unwrap()).unwrap()
    }

    #[test]
    fn message_ids_are_uuid_at_sender_domain() {
        let id = new_message_id(&Mailbox::address_only("ana@Studio.Example.RO"));
        assert!(id.starts_with('<') && id.ends_with("@studio.example.ro>"), "{id}");
        assert!(is_message_id(&id));
        assert_eq!(id.len(), "<>@studio.example.ro".len() + 36);
        assert_ne!(id, new_message_id(&Mailbox::address_only("ana@studio.example.ro")));
        let fixed = message_id_from(Uuid::nil(), &Mailbox::address_only("x@y.z"));
        assert_eq!(fixed, "<00000000-0000-0000-0000-000000000000@y.z>");
    }

    #[test]
    fn mime_has_headers_structure_and_base64_pdf() {
        let m = message();
        let mime = text(&m);
        let head = &mime[..mime.find("\r\n\r\n").unwrap()];
        assert!(head.contains(&format!("Message-ID: {}", m.message_id)), "{head}");
        assert!(head.contains("From: \"Ana Pop\" <ana@studio.example.ro>"), "{head}");
        assert!(head.contains("To: \"Client SRL\" <plati@client.example>"), "{head}");
        assert!(head.contains("Cc: contabil@client.example"), "{head}");
        assert!(head.contains("Reply-To: ana.pop@personal.example"), "{head}");
        assert!(head.contains("Disposition-Notification-To: <ana.pop@personal.example>"), "{head}");
        assert!(head.contains("Subject: Factura 2024-017: =?utf-8?b?"), "non-ASCII words are encoded: {head}");
        assert!(head.contains("Date: Wed, 29 May 2024"), "{head}");
        assert!(head.contains("Content-Type: multipart/mixed"), "{head}");
        assert!(mime.contains("Content-Type: multipart/alternative"));
        assert!(mime.contains("Content-Type: text/plain; charset=utf-8"));
        assert!(mime.contains("Content-Type: text/html; charset=utf-8"));
        assert!(mime.is_ascii(), "8BITMIME is never needed");

        let at = mime.find("Content-Disposition: attachment").unwrap();
        let part = &mime[at..];
        let part_head = &part[..part.find("\r\n\r\n").unwrap()];
        assert!(part_head.contains("filename=\"Factura 2024-017.pdf\""), "{part_head}");
        assert!(part_head.contains("Content-Type: application/pdf"), "{part_head}");
        assert!(part_head.contains("Content-Transfer-Encoding: base64"), "{part_head}");
        let body_start = part.find("\r\n\r\n").unwrap() + 4;
        let body_end = part.find("\r\n--").unwrap();
        assert_eq!(decode_base64(&part[body_start..body_end]), pdf());
    }

    #[test]
    fn the_message_id_survives_every_rebuild() {
        let m = message();
        let first = m.to_mime(SystemTime::UNIX_EPOCH).unwrap();
        let later = m.to_mime(SystemTime::now()).unwrap();
        let line = format!("Message-ID: {}\r\n", m.message_id);
        for mime in [first, later] {
            let mime = String::from_utf8(mime).unwrap();
            assert_eq!(mime.matches("Message-ID:").count(), 1);
            assert!(mime.contains(&line));
        }
    }

    #[test]
    fn simpler_shapes() {
        let mut m = message();
        m.attachments.clear();
        let mime = text(&m);
        assert!(mime.contains("Content-Type: multipart/alternative") && !mime.contains("multipart/mixed"));
        m.html_body = None;
        m.read_receipt = false;
        let mime = text(&m);
        assert!(!mime.contains("multipart/") && mime.contains("Content-Type: text/plain"));
        assert!(!mime.contains("Disposition-Notification-To"));
        m.reply_to = None;
        m.read_receipt = true;
        assert!(text(&m).contains("Disposition-Notification-To: <ana@studio.example.ro>"));
    }

    #[test]
    fn unsendable_messages_are_refused_by_field() {
        let mut m = message();
        m.to.clear();
        m.cc.clear();
        assert_eq!(m.validate(), Err(MessageError::NoRecipients));

        let mut m = message();
        m.cc.push(Mailbox::address_only("broken"));
        assert!(m.validate().unwrap_err().to_string().starts_with("cc[1]:"));

        let mut m = message();
        m.message_id = "no-brackets@x".into();
        assert_eq!(m.validate(), Err(MessageError::BadMessageId("no-brackets@x".into())));
        m.message_id = "<two@at@signs>".into();
        assert!(m.validate().is_err());

        let mut m = message();
        m.attachments[0].content_type = "pdf please".into();
        let text = m.validate().unwrap_err().to_string();
        assert!(text.starts_with("attachments[0] (Factura 2024-017.pdf)"), "{text}");
        m.attachments[0].content_type = "application/pdf".into();
        m.attachments[0].filename = " ".into();
        assert_eq!(m.validate(), Err(MessageError::EmptyFilename { index: 0 }));
    }

    #[test]
    fn serde_round_trip_keeps_bytes_as_base64() {
        let m = message();
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("\"bytes\":\"JVBERi0xLjcK"), "PDF bytes as base64");
        assert_eq!(serde_json::from_str::<OutgoingMessage>(&json).unwrap(), m);
        let debug = format!("{m:?}");
        assert!(debug.contains("len: ") && debug.len() < 2000, "{debug}");
    }
}
