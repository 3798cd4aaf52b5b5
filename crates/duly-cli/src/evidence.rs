//! `duly evidence NUMBER -o FILE.zip` and `duly evidence --client NAME -o FILE.zip`: the
//! evidence pack for a lawyer, a mediator or a court. `--json` prints the pack's file list with
//! each file's SHA-256 (as its manifest.json has them) and the gaps the dossier states.

use clap::Args;
use duly_api::{ApiResult, Duly, EvidenceInput, EvidencePack};

use crate::print::Printer;

#[derive(Debug, Args)]
pub struct EvidenceArgs {
    /// The invoice the pack is about
    #[arg(required_unless_present = "client", conflicts_with = "client")]
    pub number: Option<String>,
    /// Every sent invoice of this client instead: its id, its name ignoring case, or a part of
    /// the name only one client has
    #[arg(long)]
    pub client: Option<String>,
    /// The ZIP file to write (replaced if it exists)
    #[arg(short = 'o', long = "output", value_name = "FILE.zip")]
    pub output: String,
}

pub fn evidence(duly: &Duly, a: EvidenceArgs, out: &Printer) -> ApiResult<()> {
    let pack = duly.evidence_pack(EvidenceInput { number: a.number, client: a.client, path: a.output })?;
    out.dto(&pack, || text(&pack));
    Ok(())
}

fn text(pack: &EvidencePack) -> String {
    let mut lines = vec![format!("Wrote {} ({} files and manifest.json)", pack.path, pack.files.len())];
    for f in &pack.files {
        lines.push(format!("  {}  {}", f.sha256, f.name));
    }
    for gap in &pack.gaps {
        lines.push(format!("Gap: {gap}"));
    }
    lines.join("\n")
}
