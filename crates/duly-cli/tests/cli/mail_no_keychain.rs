//! `duly mail` on a computer without a keychain: the D-Bus session address points at nothing,
//! as in a bare Linux session (or over SSH), so keyring's Secret Service backend cannot be
//! reached. The settings still save and show, saying why no password can be saved.

use std::path::Path;
use std::process::{Command, Output};

fn duly(db: &Path, bus: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DULY_DB")
        .env_remove("DISPLAY")
        .env("DBUS_SESSION_BUS_ADDRESS", format!("unix:path={}", bus.display()))
        .output()
        .unwrap()
}

#[test]
fn mail_show_works_without_a_keychain_and_says_why_no_password_can_be_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (db, bus) = (dir.path().join("duly.sqlite3"), dir.path().join("no-session-bus"));
    let set = duly(
        &db,
        &bus,
        &["mail", "set", "--host", "127.0.0.1", "--port", "2525", "--security", "plain", "--username", "ana"],
    );
    assert!(!set.status.success(), "--from-email is required");
    let set = duly(
        &db,
        &bus,
        &[
            "mail",
            "set",
            "--host",
            "127.0.0.1",
            "--port",
            "2525",
            "--security",
            "plain",
            "--username",
            "ana",
            "--from-email",
            "ana@studio.example.ro",
        ],
    );
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));

    let show = duly(&db, &bus, &["mail", "show"]);
    let stdout = String::from_utf8_lossy(&show.stdout);
    assert!(show.status.success(), "{}", String::from_utf8_lossy(&show.stderr));
    assert!(stdout.contains("SMTP 127.0.0.1:2525") && stdout.contains("login ana"), "{stdout}");
    assert!(stdout.contains("the OS keychain is unavailable ("), "{stdout}");
    // keyring's own reason: it could not reach the bus at that path.
    assert!(stdout.contains("no-session-bus") || stdout.to_lowercase().contains("dbus"), "{stdout}");

    let json = duly(&db, &bus, &["--json", "mail", "show"]);
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["password"]["kind"], "keychain_unavailable", "{value}");
    assert_eq!(value["has_password"], false);
}
