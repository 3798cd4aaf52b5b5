//! Mailboxes as Duly stores them: a display name and an address, both plain strings.
//!
//! Plain strings (not lettre's types) so rows and DTOs round-trip through serde and SQLite
//! without depending on lettre's serde support; they are checked when a message is built or
//! settings are validated, where the error can name the field.

use serde::{Deserialize, Serialize};

/// `"Name" <address>`: a recipient, sender or reply-to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Mailbox {
    /// Shown by mail clients instead of the address; `None` or empty shows the address alone.
    #[serde(default)]
    pub name: Option<String>,
    pub email: String,
}

/// An address that is not `local@domain`, with the field it came from (`to`, `reply_to`, ...).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: \"{value}\" is not an email address ({reason})")]
pub struct AddressError {
    pub field: String,
    pub value: String,
    pub reason: String,
}

impl Mailbox {
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Self {
        let name = name.into();
        Self { name: (!name.trim().is_empty()).then_some(name), email: email.into() }
    }

    pub fn address_only(email: impl Into<String>) -> Self {
        Self { name: None, email: email.into() }
    }

    /// The part after the last `@`: the right-hand side of the Message-IDs Duly makes.
    pub fn domain(&self) -> &str {
        self.email.rsplit_once('@').map_or("", |(_, domain)| domain)
    }

    pub(crate) fn to_lettre(&self, field: &str) -> Result<lettre::message::Mailbox, AddressError> {
        let email = self.email.trim();
        let address: lettre::Address = email.parse().map_err(|e: lettre::address::AddressError| AddressError {
            field: field.to_owned(),
            value: self.email.clone(),
            reason: e.to_string(),
        })?;
        let name = self.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        Ok(lettre::message::Mailbox::new(name.map(str::to_owned), address))
    }

    /// Checks the address the way sending will, so settings and drafts fail early.
    pub fn validate(&self, field: &str) -> Result<(), AddressError> {
        self.to_lettre(field).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_domains() {
        let m = Mailbox::new("Ana Pop", "ana@Studio.example.ro");
        assert_eq!(m.domain(), "Studio.example.ro");
        assert_eq!(Mailbox::new("  ", "x@y.z").name, None);
        assert!(m.validate("from").is_ok());
    }

    #[test]
    fn bad_addresses_name_the_field() {
        let error = Mailbox::address_only("not-an-address").validate("cc").unwrap_err();
        assert_eq!(error.field, "cc");
        assert!(error.to_string().starts_with("cc: \"not-an-address\""), "{error}");
        assert!(Mailbox::address_only("a@").validate("to").is_err());
    }
}
