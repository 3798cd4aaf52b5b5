//! The `duly` binary as a script runs it: on one database file, with the day pinned to
//! 2026-11-23 and nothing inherited from the caller's DULY_DB or DULY_NOW. Modules that need
//! another day or more environment keep a runner of their own.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

pub fn duly(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DULY_DB")
        .env_remove("DULY_NOW")
        .env("DULY_TODAY", "2026-11-23")
        .output()
        .unwrap()
}

/// `duly --json ARGS`, which must succeed; its output parsed.
pub fn json(db: &Path, args: &[&str]) -> Value {
    let out = duly(db, &[&["--json"], args].concat());
    assert!(out.status.success(), "duly {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}
