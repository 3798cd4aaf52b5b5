//! The files made from the command list that cannot be made at build time, and the test that
//! fails when one is out of date: the UI's typed wrappers (`ui/src/lib/commands.ts`, types from
//! the ts-rs bindings) and the window's capability (`capabilities/default.json`, whose `allow-*`
//! permissions are the list; its other permissions are kept as written there).
//! `DULY_UPDATE_COMMANDS=1 cargo test --workspace --features duly-app/custom-protocol generated_files`
//! rewrites both.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ts_rs::{Config, Dependency, TS, TypeVisitor};

use super::*;

const REGENERATE: &str =
    "DULY_UPDATE_COMMANDS=1 cargo test --workspace --features duly-app/custom-protocol generated_files";

/// A command as the window sees it.
struct Command {
    name: &'static str,
    docs: Vec<&'static str>,
    input: Option<TsType>,
    output: TsType,
}

/// A type written in TypeScript, and the generated bindings it needs imported.
struct TsType {
    text: String,
    imports: BTreeSet<String>,
}

fn bindings_dir() -> PathBuf {
    repo_root().join("ui/src/lib/bindings")
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Names a binding the API generates (`ui/src/lib/bindings/`), or a wrapper (`Vec`, `Option`) of
/// one; writes a shell type that has none (`pick`'s `Purpose`) inline.
fn ts<T: TS + 'static + ?Sized>(cfg: &Config) -> TsType {
    match Dependency::from_ty::<T>(cfg) {
        Some(own) if bindings_dir().join(&own.output_path).is_file() => {
            TsType { text: T::name(cfg), imports: BTreeSet::from([own.ts_name]) }
        }
        Some(_) => TsType { text: T::inline(cfg), imports: BTreeSet::new() },
        None => {
            let mut wrapped = Wrapped(cfg, BTreeSet::new());
            T::visit_generics(&mut wrapped);
            TsType { text: T::name(cfg), imports: wrapped.1 }
        }
    }
}

/// The bindings a wrapper (`Vec<T>`, `Option<T>`) wraps.
struct Wrapped<'a>(&'a Config, BTreeSet<String>);

impl TypeVisitor for Wrapped<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        self.1.extend(Dependency::from_ty::<T>(self.0).map(|d| d.ts_name));
    }
}

/// Receives the list (see `command_list.rs`) and makes the commands' TypeScript shapes.
macro_rules! typescript_commands {
    (
        api { $( $(#[doc = $doc:literal])* $name:ident ( $($input:tt)* ) -> $out:ty; )* }
        shell { $( $(#[doc = $shell_doc:literal])* $shell:ident ( $($shell_input:tt)* ) -> $shell_out:ty; )* }
    ) => {
        fn commands(cfg: &Config) -> Vec<Command> {
            vec![
                $( typescript_command!(cfg, [$($doc)*] $name ( $($input)* ) -> $out), )*
                $( typescript_command!(cfg, [$($shell_doc)*] $shell ( $($shell_input)* ) -> $shell_out), )*
            ]
        }
    };
}

macro_rules! typescript_command {
    ($cfg:ident, [$($doc:literal)*] $name:ident () -> $out:ty) => {
        Command { name: stringify!($name), docs: vec![$($doc),*], input: None, output: ts::<$out>($cfg) }
    };
    ($cfg:ident, [$($doc:literal)*] $name:ident (& $input:ty) -> $out:ty) => {
        Command { name: stringify!($name), docs: vec![$($doc),*], input: Some(ts::<$input>($cfg)), output: ts::<$out>($cfg) }
    };
    ($cfg:ident, [$($doc:literal)*] $name:ident ($input:ty) -> $out:ty) => {
        Command { name: stringify!($name), docs: vec![$($doc),*], input: Some(ts::<$input>($cfg)), output: ts::<$out>($cfg) }
    };
}

with_commands!(typescript_commands);

fn camel_case(name: &str) -> String {
    let mut words = name.split('_');
    let first = words.next().unwrap_or_default().to_owned();
    words.fold(first, |mut out, word| {
        let mut chars = word.chars();
        out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        out.push_str(chars.as_str());
        out
    })
}

fn permission(name: &str) -> String {
    format!("allow-{}", name.replace('_', "-"))
}

/// `ui/src/lib/commands.ts`: one function per command, named in camelCase, taking the command's
/// input as is (`api.ts` re-exports them and adds friendlier shapes where the UI wants them).
fn commands_ts(commands: &[Command]) -> String {
    let mut out = String::from(
        "// Generated from the command list in src-tauri/src/command_list.rs: do not edit.\n\
         // One typed function per Tauri command; `api.ts` re-exports them. To regenerate:\n",
    );
    out += &format!("// {REGENERATE}\n");
    out += "import { call } from \"./call\";\n";
    let imports: BTreeSet<&String> =
        commands.iter().flat_map(|c| c.input.iter().chain([&c.output])).flat_map(|t| &t.imports).collect();
    for name in imports {
        out += &format!("import type {{ {name} }} from \"$lib/bindings/{name}\";\n");
    }
    for command in commands {
        out += "\n";
        match command.docs.as_slice() {
            [] => {}
            docs => {
                let text: Vec<&str> = docs.iter().map(|d| d.trim()).collect();
                out += &format!("/** {} */\n", text.join(" "));
            }
        }
        let output = match command.output.text.as_str() {
            "null" => "void",
            other => other,
        };
        let (param, arg) = match &command.input {
            Some(input) => (format!("input: {}", input.text), ", input"),
            None => (String::new(), ""),
        };
        out += &format!(
            "export const {} = ({param}): Promise<{output}> => call(\"{}\"{arg});\n",
            camel_case(command.name),
            command.name
        );
    }
    out
}

/// The capability with its `allow-*` permissions replaced by the list's, in the list's order,
/// after the other plain permissions and before the scoped ones (objects).
fn capability(commands: &[Command], written: &str) -> String {
    let mut capability: serde_json::Value = serde_json::from_str(written).expect("capabilities/default.json is JSON");
    let permissions = capability["permissions"].as_array().expect("a permissions array").clone();
    let is_command = |p: &serde_json::Value| p.as_str().is_some_and(|p| p.starts_with("allow-"));
    let plain = permissions.iter().filter(|p| p.is_string() && !is_command(p)).cloned();
    let scoped = permissions.iter().filter(|p| !p.is_string()).cloned();
    let granted = commands.iter().map(|c| serde_json::Value::String(permission(c.name)));
    capability["permissions"] = plain.chain(granted).chain(scoped).collect();
    serde_json::to_string_pretty(&capability).unwrap() + "\n"
}

fn check_or_update(path: &Path, fresh: &str, stale: &mut Vec<String>) {
    let written = std::fs::read_to_string(path).unwrap_or_default();
    if written == fresh {
        return;
    }
    if std::env::var_os("DULY_UPDATE_COMMANDS").is_some() {
        std::fs::write(path, fresh).unwrap();
    } else {
        stale.push(path.display().to_string());
    }
}

/// Every generated file says what the list says: a command added, renamed or removed there is
/// caught here (and at compile time for the Rust side), not by a user whose click does nothing.
#[test]
fn generated_files_are_current() {
    let cfg = Config::new().with_large_int("number");
    let commands = commands(&cfg);
    let root = repo_root();
    let capability_path = root.join("src-tauri/capabilities/default.json");
    let written_capability = std::fs::read_to_string(&capability_path).unwrap();
    let mut stale = Vec::new();
    check_or_update(&root.join("ui/src/lib/commands.ts"), &commands_ts(&commands), &mut stale);
    check_or_update(&capability_path, &capability(&commands, &written_capability), &mut stale);
    assert!(
        stale.is_empty(),
        "out of date with src-tauri/src/command_list.rs: {stale:?}; run {REGENERATE} and commit them"
    );
}

/// Names are unique (Tauri would keep only one of two commands with the same name).
#[test]
fn command_names_are_unique() {
    let commands = commands(&Config::new());
    let mut seen = BTreeSet::new();
    let twice: Vec<_> = commands.iter().filter(|c| !seen.insert(c.name)).map(|c| c.name).collect();
    assert!(twice.is_empty(), "declared twice: {twice:?}");
}
