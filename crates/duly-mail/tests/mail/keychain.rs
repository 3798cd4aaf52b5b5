//! The real OS keychain (Secret Service through GNOME Keyring, with keyring's keyutils cache),
//! in a private, throwaway D-Bus session and keyring so the developer's own is never touched.
//!
//! The test re-runs itself inside `dbus-run-session` with a freshly unlocked
//! `gnome-keyring-daemon` and temporary XDG folders, so plain `cargo test` (and so CI) exercises
//! the real backend. It needs the `dbus` and `gnome-keyring` packages, which `scripts/deps.sh`
//! installs for tests; `DULY_SKIP_KEYCHAIN_TESTS=1` skips it, saying so, where they cannot be had.
#![cfg(target_os = "linux")]

use std::process::Command;

use duly_mail::{
    KeyringStore, Mailbox, Mailer, OutgoingMessage, Secret, SecretStore, Security, SettingsError, SmtpSettings,
};

const INSIDE: &str = "DULY_KEYCHAIN_SESSION";
const PASSWORD: &str = "Sambal-Matah#2024";
const NEW_PASSWORD: &str = "Ciorba-de-Burta!77";

#[test]
fn keyring_store_round_trip_in_a_private_keychain() {
    if std::env::var_os(INSIDE).is_some() {
        round_trip();
        return;
    }
    if std::env::var_os("DULY_SKIP_KEYCHAIN_TESTS").is_some() {
        eprintln!("SKIPPED: DULY_SKIP_KEYCHAIN_TESTS is set; the OS keychain was not tested");
        return;
    }
    for tool in ["dbus-run-session", "gnome-keyring-daemon"] {
        let found =
            Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success());
        assert!(
            found,
            "{tool} is missing: install the dbus and gnome-keyring packages (scripts/deps.sh does), \
             or set DULY_SKIP_KEYCHAIN_TESTS=1 to skip this test"
        );
    }

    let runtime = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let script =
        r#"eval "$(printf '\n' | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null && exec "$0" "$@""#;
    let output = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script])
        .arg(&exe)
        .args([
            "--exact",
            "keychain::keyring_store_round_trip_in_a_private_keychain",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(INSIDE, "1")
        .env("XDG_RUNTIME_DIR", runtime.path())
        .env("XDG_DATA_HOME", data.path())
        .env("XDG_CONFIG_HOME", config.path())
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .expect("dbus-run-session runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "the keychain test failed inside its D-Bus session ({}):\n{stdout}\n{stderr}",
        output.status
    );
    for secret in [PASSWORD, NEW_PASSWORD] {
        assert!(!stdout.contains(secret) && !stderr.contains(secret), "a password was printed");
    }
}

fn settings(username: &str) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        // Nothing listens on port 9 (discard) here: sending fails at once, with an error to inspect.
        port: 9,
        security: Security::Plain,
        username: Some(username.into()),
        sender: Mailbox::new("Ana Pop", "ana@studio.example.ro"),
        reply_to: None,
    }
}

fn assert_hidden(what: &str, shown: &str) {
    for secret in [PASSWORD, NEW_PASSWORD] {
        assert!(!shown.contains(secret), "{what} shows a password: {shown}");
    }
}

fn round_trip() {
    let store = KeyringStore::new();
    assert_eq!(store.service(), "app.duly.Duly");
    let user = format!("keychain-test-{}", uuid::Uuid::new_v4());
    let settings = settings(&user);
    let account = settings.keychain_account().unwrap();

    assert_eq!(store.get(&account).unwrap(), None, "a fresh keychain has no entry");
    store.set(&account, &Secret::new(PASSWORD)).unwrap();
    // Every call opens a new keychain entry, so this is the OS store answering, not a cache.
    assert_eq!(store.get(&account).unwrap().unwrap().expose(), PASSWORD);
    assert_eq!(KeyringStore::new().get(&account).unwrap().unwrap().expose(), PASSWORD);

    let mailer = Mailer::from_keychain(settings.clone(), &store).unwrap();
    let mut message = OutgoingMessage::new(settings.sender.clone(), "Test", "Body");
    message.to = vec![Mailbox::address_only("client@example.com")];
    let send_error = mailer.send(&message).unwrap_err();
    assert!(send_error.is_temporary(), "{send_error:?}");
    assert_hidden(
        "settings, mailer, store or send error",
        &format!("{settings:?} {settings:#?} {mailer:?} {store:?} {send_error} {send_error:?}"),
    );

    store.set(&account, &Secret::new(NEW_PASSWORD)).unwrap();
    assert_eq!(store.get(&account).unwrap().unwrap().expose(), NEW_PASSWORD);

    store.delete(&account).unwrap();
    store.delete(&account).unwrap();
    assert_eq!(store.get(&account).unwrap(), None);
    let missing = Mailer::from_keychain(settings.clone(), &store).unwrap_err();
    assert_eq!(missing, SettingsError::MissingPassword { account: account.clone() });
    assert_hidden("a settings error", &format!("{missing} {missing:?}"));
    println!("keychain round trip passed for {account}");
}
