//! SMTP passwords and where they are kept.
//!
//! Passwords never touch the database, settings files, logs or error messages: they live in the
//! OS keychain, behind [`SecretStore`] so that unit tests (and keyring's forgetful mock store)
//! never decide how the real app behaves. In memory they travel as [`Secret`], whose `Debug`
//! prints nothing of the value, so a `{:?}` anywhere up the stack cannot leak one.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

/// The keychain "service" every Duly password is filed under, so the user finds them together
/// in the OS's password manager and uninstalling can remove them as a group.
pub const KEYCHAIN_SERVICE: &str = "app.duly.Duly";

/// A password in memory.
///
/// Deliberately neither `Display` nor `Serialize`: the only way to the text is [`Secret::expose`],
/// which makes every place that needs the raw value easy to find in review.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The raw password, for handing to the SMTP client or the keychain and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

/// Why the keychain could not be used. Carries the account key and the platform's reason, never
/// the secret (keyring's own `BadEncoding` error holds the stored bytes, so it is not wrapped).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the OS keychain could not {operation} the password for {account}: {reason}")]
pub struct SecretError {
    pub operation: &'static str,
    pub account: String,
    pub reason: String,
}

/// Where SMTP passwords are kept, keyed by an account string such as
/// [`SmtpSettings::keychain_account`](crate::SmtpSettings::keychain_account).
///
/// A trait so the app uses the OS keychain while unit tests use [`MemoryStore`]; `Send + Sync`
/// because the API calls it from blocking worker threads.
pub trait SecretStore: Send + Sync {
    /// `Ok(None)` when nothing is saved: a missing password is a normal state (first run, a
    /// server without AUTH), not an error.
    fn get(&self, account: &str) -> Result<Option<Secret>, SecretError>;
    fn set(&self, account: &str, secret: &Secret) -> Result<(), SecretError>;
    /// Succeeds when nothing was saved, so "forget my password" is idempotent.
    fn delete(&self, account: &str) -> Result<(), SecretError>;
}

/// The OS keychain: Keychain on macOS, Credential Manager on Windows, the Secret Service
/// (GNOME Keyring, KWallet) with a kernel keyutils cache on Linux.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    /// Duly's own service name; see [`KEYCHAIN_SERVICE`].
    pub fn new() -> Self {
        Self::with_service(KEYCHAIN_SERVICE)
    }

    /// Another service name, so tests can use entries that cannot clash with a real install.
    pub fn with_service(service: impl Into<String>) -> Self {
        Self { service: service.into() }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, operation: &'static str, account: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, account).map_err(|e| keychain_error(operation, account, &e))
    }
}

impl Default for KeyringStore {
    fn default() -> Self {
        Self::new()
    }
}

fn keychain_error(operation: &'static str, account: &str, error: &keyring::Error) -> SecretError {
    let reason = match error {
        // Its payload is the stored secret itself.
        keyring::Error::BadEncoding(_) => "the saved password is not valid UTF-8 text".to_owned(),
        keyring::Error::Ambiguous(found) => {
            format!("{} entries match; remove the duplicates in the keychain", found.len())
        }
        other => other.to_string(),
    };
    SecretError { operation, account: account.to_owned(), reason }
}

impl SecretStore for KeyringStore {
    fn get(&self, account: &str) -> Result<Option<Secret>, SecretError> {
        match self.entry("read", account)?.get_password() {
            Ok(password) => Ok(Some(Secret(password))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error("read", account, &e)),
        }
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), SecretError> {
        self.entry("save", account)?.set_password(secret.expose()).map_err(|e| keychain_error("save", account, &e))
    }

    fn delete(&self, account: &str) -> Result<(), SecretError> {
        match self.entry("delete", account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error("delete", account, &e)),
        }
    }
}

/// A keychain that lives as long as the value: for unit tests and for the CLI's dry runs.
#[derive(Default)]
pub struct MemoryStore {
    secrets: Mutex<HashMap<String, Secret>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        // A panic while holding the lock cannot leave the map half-written, so keep going.
        self.secrets.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut accounts: Vec<String> = self.lock().keys().cloned().collect();
        accounts.sort();
        f.debug_struct("MemoryStore").field("accounts", &accounts).finish()
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, account: &str) -> Result<Option<Secret>, SecretError> {
        Ok(self.lock().get(account).cloned())
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), SecretError> {
        self.lock().insert(account.to_owned(), secret.clone());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), SecretError> {
        self.lock().remove(account);
        Ok(())
    }
}

/// Passwords given for this session only, because the keychain cannot keep them (a bare Linux
/// session has no Secret Service): held in memory until the process ends, never written to the
/// database, a file or a log. One value is shared (`Arc`) by every handle of a running app, so
/// the background sender sends with what the settings form was given.
#[derive(Debug, Default)]
pub struct SessionPasswords(MemoryStore);

impl SessionPasswords {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, account: &str) -> Option<Secret> {
        self.0.lock().get(account).cloned()
    }

    pub fn set(&self, account: &str, secret: Secret) {
        self.0.lock().insert(account.to_owned(), secret);
    }

    pub fn forget(&self, account: &str) {
        self.0.lock().remove(account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_is_redacted() {
        let secret = Secret::new("hunter2-very-secret");
        let shown = format!("{secret:?} {:?} {:#?}", Some(&secret), vec![secret.clone()]);
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn memory_store_round_trip_and_idempotent_delete() {
        let store = MemoryStore::new();
        assert_eq!(store.get("smtp:a@b").unwrap(), None);
        store.set("smtp:a@b", &Secret::new("pw-1")).unwrap();
        store.set("smtp:c@d", &Secret::new("pw-2")).unwrap();
        assert_eq!(store.get("smtp:a@b").unwrap(), Some(Secret::new("pw-1")));
        store.set("smtp:a@b", &Secret::new("pw-3")).unwrap();
        assert_eq!(store.get("smtp:a@b").unwrap().unwrap().expose(), "pw-3");
        store.delete("smtp:a@b").unwrap();
        store.delete("smtp:a@b").unwrap();
        assert_eq!(store.get("smtp:a@b").unwrap(), None);
        assert_eq!(store.get("smtp:c@d").unwrap().unwrap().expose(), "pw-2");
        let shown = format!("{store:?}");
        assert!(shown.contains("smtp:c@d") && !shown.contains("pw-2"), "{shown}");
    }

    #[test]
    fn keychain_errors_never_carry_the_stored_bytes() {
        let error =
            keychain_error("read", "smtp:me@example.com", &keyring::Error::BadEncoding(b"hunter2\xff".to_vec()));
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("hunter2") && !shown.contains("104, 117"), "{shown}");
        assert!(shown.contains("smtp:me@example.com"), "{shown}");
    }
}
