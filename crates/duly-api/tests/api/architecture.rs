//! The crate-level dependency rule of ARCHITECTURE.md ("Crate dependencies"), read from
//! `cargo metadata`, so that a `Cargo.toml` line breaking a layer fails `cargo test` with the edge
//! named instead of waiting for a reviewer to notice.
//!
//! Only what a crate's own code links counts (normal and build dependencies). Tests may reach
//! further down (the CLI's tests read the SQLite file through duly-store), so dev-dependencies
//! are free, except that they too must name crates of this workspace that exist in the table.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Which Duly crates each Duly crate may depend on. A new crate fails the test until it is placed
/// here and in ARCHITECTURE.md's diagram.
const LAYERS: &[(&str, &[&str])] = &[
    ("duly-core", &[]),
    ("duly-store", &["duly-core"]),
    ("duly-pdf", &["duly-core"]),
    ("duly-mail", &["duly-core"]),
    ("duly-import", &["duly-core"]),
    ("duly-messages", &["duly-core"]),
    ("duly-api", &["duly-core", "duly-store", "duly-pdf", "duly-mail", "duly-import", "duly-messages"]),
    ("duly-cli", &["duly-api"]),
    ("duly-app", &["duly-api"]),
];

/// duly-core does no IO and never reads the clock: its few dependencies are chosen one by one.
/// `csv` reads the statutory rate tables that `include_str!` compiles in, from strings only.
const CORE_MAY_USE: &[&str] = &["chrono", "iso_currency", "serde", "thiserror", "csv"];

/// Outside crates that belong to one layer: the window, the database, mail and secrets, PDF
/// drawing and the command line each stay behind their crate. (`duly-api` opens the transactions
/// that duly-store's functions run in, so it uses rusqlite too.)
const OWNERS: &[(&str, &[&str])] = &[
    ("tauri", &["duly-app"]),
    ("rusqlite", &["duly-store", "duly-api"]),
    ("rusqlite_migration", &["duly-store"]),
    ("lettre", &["duly-mail"]),
    ("keyring", &["duly-mail"]),
    ("rustls", &["duly-mail"]),
    ("printpdf", &["duly-pdf"]),
    ("clap", &["duly-cli"]),
];

/// A crate that belongs to one layer: `tauri` also covers `tauri-build` and every `tauri-plugin-*`.
fn owners_of(dependency: &str) -> Option<&'static [&'static str]> {
    let family = if dependency.starts_with("tauri-") { "tauri" } else { dependency };
    OWNERS.iter().find(|(name, _)| *name == family).map(|(_, owners)| *owners)
}

/// Each workspace crate's dependencies as (dependency, kind), from `cargo metadata --no-deps`.
fn workspace_dependencies() -> BTreeMap<String, Vec<(String, String)>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline", "--manifest-path"])
        .arg(&root)
        .output()
        .expect("run cargo metadata");
    assert!(output.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr));
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let mut crates = BTreeMap::new();
    for package in metadata["packages"].as_array().expect("packages") {
        let dependencies = package["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .map(|d| {
                let name = d["name"].as_str().expect("dependency name").to_owned();
                let kind = d["kind"].as_str().unwrap_or("normal").to_owned();
                (name, kind)
            })
            .collect();
        crates.insert(package["name"].as_str().expect("package name").to_owned(), dependencies);
    }
    crates
}

/// Every edge that breaks the rule, one sentence each.
fn violations(crates: &BTreeMap<String, Vec<(String, String)>>) -> Vec<String> {
    let layer = |name: &str| LAYERS.iter().find(|(crate_name, _)| *crate_name == name).map(|(_, allowed)| *allowed);
    let mut found = Vec::new();
    for (krate, dependencies) in crates {
        let Some(allowed) = layer(krate) else {
            found.push(format!(
                "{krate} is a workspace crate with no place in the dependency rule: add it to LAYERS in \
                 crates/duly-api/tests/architecture.rs and to ARCHITECTURE.md's diagram"
            ));
            continue;
        };
        for (dependency, kind) in dependencies {
            let edge = format!("{krate} -> {dependency} ({kind} dependency)");
            let linked = kind != "dev";
            if crates.contains_key(dependency) {
                if linked && !allowed.contains(&dependency.as_str()) {
                    let may = if allowed.is_empty() { "no other Duly crate".to_owned() } else { allowed.join(", ") };
                    found.push(format!("{edge}: {krate} may depend on {may}"));
                }
                continue;
            }
            if !linked {
                continue;
            }
            if krate == "duly-core" && !CORE_MAY_USE.contains(&dependency.as_str()) {
                found.push(format!(
                    "{edge}: duly-core does no IO and reads no clock, so it uses only {} (a new one is a \
                     decision: add it to CORE_MAY_USE and say why in ARCHITECTURE.md)",
                    CORE_MAY_USE.join(", ")
                ));
            }
            if let Some(owners) = owners_of(dependency)
                && !owners.contains(&krate.as_str())
            {
                found.push(format!("{edge}: only {} may use {dependency}", owners.join(", ")));
            }
        }
    }
    found
}

#[test]
fn crates_depend_only_on_the_layers_architecture_md_allows() {
    let crates = workspace_dependencies();
    assert!(
        crates.contains_key("duly-core") && crates.contains_key("duly-app"),
        "metadata lists the workspace: {:?}",
        crates.keys()
    );
    let found = violations(&crates);
    assert!(found.is_empty(), "the crate dependency rule (ARCHITECTURE.md) is broken:\n  {}", found.join("\n  "));
}

/// The rule itself catches what it is for: without this, a typo in a table could let anything by.
#[test]
fn a_forbidden_edge_is_named() {
    let mut crates = workspace_dependencies();
    let core = crates.get_mut("duly-core").expect("duly-core");
    core.push(("duly-store".into(), "normal".into()));
    core.push(("rusqlite".into(), "normal".into()));
    crates.get_mut("duly-cli").expect("duly-cli").push(("tauri".into(), "normal".into()));
    crates.get_mut("duly-cli").expect("duly-cli").push(("duly-mail".into(), "normal".into()));
    crates.insert("duly-new".into(), Vec::new());
    let found = violations(&crates);
    for edge in [
        "duly-core -> duly-store (normal dependency): duly-core may depend on no other Duly crate",
        "duly-core -> rusqlite (normal dependency): duly-core does no IO",
        "duly-core -> rusqlite (normal dependency): only duly-store, duly-api may use rusqlite",
        "duly-cli -> tauri (normal dependency): only duly-app may use tauri",
        "duly-cli -> duly-mail (normal dependency): duly-cli may depend on duly-api",
        "duly-new is a workspace crate with no place",
    ] {
        assert!(found.iter().any(|f| f.starts_with(edge)), "{edge:?} not reported in {found:#?}");
    }
}
