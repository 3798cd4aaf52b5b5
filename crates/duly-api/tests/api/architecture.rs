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

/// duly-api's feature folders, lowest first: a module may `use` its own folder and the folders
/// before it, never one after it (ARCHITECTURE.md, "duly-api's layout"). `shared` is the layer every
/// feature may use; `followups` runs the ladder over the features before it; `today` and
/// `settings` read or configure everything. A new folder fails the test until it is placed here.
const FEATURES: &[&str] = &[
    "shared",
    "law",
    "clients",
    "invoices",
    "calls",
    "import",
    "statements",
    "documents",
    "outbox",
    "mailbox",
    "followups",
    "today",
    "settings",
    // Use cases that read everything and nothing reads: last.
    "claims",
    "recurring",
];

/// Imports and `Duly` method calls (`(.name)`) that still run the wrong way, each a debt to pay by
/// moving the shared piece down; the test fails when one is paid, so the list only shrinks.
const KNOWN_UPWARD: &[&str] = &[
    "calls::summary -> documents",
    "calls::summary -> documents (.pdf_bytes)",
    "calls::summary -> outbox",
    "documents::evidence::dossier -> outbox",
    "documents::evidence::dossier -> settings::business",
    "documents::evidence::dossier -> settings::business (.business_get)",
    "followups::autopilot -> settings::preferences (.preferences_get)",
    "followups::notices -> settings::preferences (.preferences_get)",
    "invoices -> settings::business (.payment_terms_days)",
    "invoices -> settings::ladder_settings",
    "invoices -> settings::ladder_settings (.credit_hold_get)",
    "invoices::credit_notes -> documents (.recipient)",
    "invoices::invoice_send -> documents",
    "invoices::invoice_send -> documents (.pdf_bytes)",
    "invoices::invoice_send -> followups",
    "invoices::invoice_send -> followups (.case_by_number)",
    "invoices::invoice_send -> outbox",
    "invoices::payments -> outbox::payment_thanks",
    "invoices::review -> import",
    "law::interest -> clients (.client_get)",
    "law::interest -> invoices (.find_invoice)",
    "law::interest -> invoices::review",
    "mailbox -> followups",
    "mailbox -> followups (.case_by_id)",
    "outbox::payment_thanks -> followups",
    "shared::duly -> outbox",
    "shared::duly -> outbox::outbox_identity",
];

/// Every `.rs` file under `src/` as (module path, text without `//` comments): `followups/autopilot.rs`
/// is `followups::autopilot`, `calls.rs` is `calls`.
fn api_modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).expect("under src").with_extension("");
                let module = relative.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("::");
                let text = std::fs::read_to_string(&path).expect("read module");
                let code = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
                out.insert(module.trim_end_matches("::mod").to_owned(), code);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// The paths a module names after `crate::`, with `use crate::{a, b::c}` groups opened.
fn crate_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(group.len(), |(i, _)| i);
            paths.extend(group[..end].split(',').map(|item| item.trim().replace(['{', '}'], "")));
        } else {
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
            paths.push(rest[..end].trim_end_matches(':').to_owned());
        }
    }
    paths
}

/// What lib.rs re-exports at the crate root (`crate::Business`), name -> module.
fn root_names(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for statement in lib.split(';') {
        let Some(at) = statement.find("pub use ") else { continue };
        let path = statement[at + "pub use ".len()..].trim();
        let (module, items) = match path.split_once("::{") {
            Some((module, items)) => (module, items.trim_end_matches('}').to_owned()),
            None => match path.rsplit_once("::") {
                Some((module, item)) => (module, item.to_owned()),
                None => continue,
            },
        };
        for item in items.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            names.insert(item.split(" as ").last().unwrap_or(item).trim().to_owned(), module.to_owned());
        }
    }
    names
}

/// The methods each module adds to `Duly` (`impl Duly { fn name(&self ...`), name -> module: a
/// call `self.name(` is a dependency as real as an import, though no `use` line shows it.
fn duly_methods(modules: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut methods = BTreeMap::new();
    for (module, code) in modules {
        let mut inside = false;
        for line in code.lines() {
            if line.starts_with("impl Duly {") {
                inside = true;
            } else if line.starts_with('}') {
                inside = false;
            } else if inside && let Some(rest) = line.strip_prefix("    ") {
                let rest = rest.trim_start_matches("pub ").trim_start_matches("pub(crate) ");
                if let Some(signature) = rest.strip_prefix("fn ")
                    && let Some((name, after)) = signature.split_once('(')
                    && (after.starts_with("&self") || after.starts_with("&mut self"))
                {
                    methods.insert(name.to_owned(), module.clone());
                }
            }
        }
    }
    methods
}

/// The `Duly` methods a module calls on `self` or a `duly` handle.
fn method_calls(code: &str) -> Vec<&str> {
    let mut calls = Vec::new();
    for receiver in ["self.", "duly."] {
        let mut rest = code;
        while let Some(at) = rest.find(receiver) {
            let preceded = rest[..at].chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_');
            rest = &rest[at + receiver.len()..];
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
            if !preceded && rest[end..].starts_with('(') {
                calls.push(&rest[..end]);
            }
        }
    }
    calls
}

/// Every import between modules of different folders that the order forbids, as "from -> to".
fn upward_imports(modules: &BTreeMap<String, String>) -> (Vec<String>, Vec<String>) {
    let rank = |module: &str| FEATURES.iter().position(|f| module.split("::").next() == Some(*f));
    let roots = root_names(modules.get("lib").map_or("", String::as_str));
    let methods = duly_methods(modules);
    let resolve = |path: &str| -> Option<String> {
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        (1..=parts.len())
            .rev()
            .map(|n| parts[..n].join("::"))
            .find(|candidate| modules.contains_key(candidate))
            .or_else(|| parts.first().and_then(|first| roots.get(*first).cloned()))
    };
    let (mut unplaced, mut upward) = (Vec::new(), std::collections::BTreeSet::new());
    for (module, code) in modules.iter().filter(|(m, _)| *m != "lib") {
        let Some(from) = rank(module) else {
            unplaced.push(format!("{module} is in no feature folder of FEATURES"));
            continue;
        };
        for target in crate_paths(code).iter().filter_map(|p| resolve(p)) {
            if rank(&target).is_some_and(|to| to > from) {
                upward.insert(format!("{module} -> {target}"));
            }
        }
        for name in method_calls(code) {
            if let Some(target) = methods.get(name)
                && rank(target).is_some_and(|to| to > from)
            {
                upward.insert(format!("{module} -> {target} (.{name})"));
            }
        }
    }
    (unplaced, upward.into_iter().collect())
}

#[test]
fn duly_api_folders_import_one_way() {
    let modules = api_modules();
    assert!(modules.contains_key("shared::error") && modules.contains_key("followups"), "{:?}", modules.keys());
    let (unplaced, upward) = upward_imports(&modules);
    assert!(unplaced.is_empty(), "place these in FEATURES (tests/api/architecture.rs):\n  {}", unplaced.join("\n  "));
    let known: Vec<String> = KNOWN_UPWARD.iter().map(|edge| (*edge).to_owned()).collect();
    let new: Vec<&String> = upward.iter().filter(|edge| !known.contains(edge)).collect();
    let paid: Vec<&String> = known.iter().filter(|edge| !upward.contains(edge)).collect();
    assert!(
        new.is_empty(),
        "these imports run from a lower feature folder to a higher one (FEATURES): move what they use \
         down (often into shared/) instead:\n  {}",
        new.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n  ")
    );
    assert!(
        paid.is_empty(),
        "these upward imports are gone: remove them from KNOWN_UPWARD:\n  {}",
        paid.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n  ")
    );
}

/// The folder rule catches what it is for: a use of a higher folder, through its path or a
/// name the crate root re-exports, is named.
#[test]
fn an_upward_import_is_named() {
    let mut modules = api_modules();
    let shared = modules.get_mut("shared::money").expect("shared::money");
    shared.push_str("\nuse crate::followups::autopilot::x;\nuse crate::{ApiError, TodayList};\nfn f(duly: &Duly) { duly.aging(q) }\n");
    let (_, upward) = upward_imports(&modules);
    for edge in [
        "shared::money -> followups::autopilot",
        "shared::money -> today::today_list",
        "shared::money -> today::aging (.aging)",
    ] {
        assert!(upward.iter().any(|e| e == edge), "{edge:?} not reported in {upward:#?}");
    }
    assert!(!upward.iter().any(|e| e == "shared::money -> shared::error"), "{upward:#?}");
}
