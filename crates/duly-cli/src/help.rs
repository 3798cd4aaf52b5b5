//! `duly --help` lists the commands by task, not in one long list. clap has no headings for
//! subcommands, so the list is rendered here from the commands' own about texts into the help
//! template; a command missing from [`GROUPS`] still shows, under "Other commands".

use clap::CommandFactory;

use crate::args::Cli;

/// Each task and its commands, in the order a new user meets them.
const GROUPS: &[(&str, &[&str])] = &[
    ("Set up", &["init", "business", "terms", "ladder", "template", "send-window", "mail", "mailbox", "law"]),
    (
        "Clients and invoices",
        &["client", "invoice", "pay", "payment", "credit-note", "numbering", "recurring", "document", "import", "pdf"],
    ),
    (
        "Chase",
        &[
            "today",
            "followups",
            "remind",
            "step",
            "pause",
            "call",
            "plan",
            "promise",
            "interest",
            "autopilot",
            "outbox",
            "evidence",
            "claim",
        ],
    ),
    ("See where you stand", &["overview", "aging"]),
    ("Your data", &["backup", "restore", "export", "demo"]),
];

/// The command line with the grouped command list as its help.
pub fn command() -> clap::Command {
    let cmd = Cli::command();
    let listed = grouped(&cmd);
    cmd.help_template(format!(
        "{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{listed}Options:\n{{options}}{{after-help}}"
    ))
}

fn grouped(cmd: &clap::Command) -> String {
    let visible: Vec<&clap::Command> = cmd.get_subcommands().filter(|c| !c.is_hide_set()).collect();
    let width = visible.iter().map(|c| c.get_name().len()).max().unwrap_or(0);
    let line = |c: &clap::Command| {
        let about = c.get_about().map(ToString::to_string).unwrap_or_default();
        format!("  {:<width$}  {about}\n", c.get_name())
    };
    let mut text = String::new();
    for (heading, names) in GROUPS {
        text.push_str(&format!("{heading}:\n"));
        for c in names.iter().filter_map(|n| visible.iter().find(|c| c.get_name() == *n)) {
            text.push_str(&line(c));
        }
        text.push('\n');
    }
    let others: Vec<_> =
        visible.iter().filter(|c| !GROUPS.iter().any(|(_, names)| names.contains(&c.get_name()))).collect();
    if !others.is_empty() {
        text.push_str("Other commands:\n");
        for c in others {
            text.push_str(&line(c));
        }
        text.push('\n');
    }
    text
}
