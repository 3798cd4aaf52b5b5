//! `duly claim NUMBER -o FILE.zip`: the small-claims kit (pre-filled worksheets for the court
//! forms and a how-to page per procedure). `duly document add|list|remove`: the files kept
//! with a client or an invoice, the signed agreement among them (`--agreement`).

use clap::{Args, Subcommand};
use duly_api::{ApiResult, ClaimKit, ClaimKitInput, DocumentInput, Duly, KeptDocument, KeptKind};

use crate::print::Printer;

#[derive(Debug, Args)]
pub struct ClaimArgs {
    /// The invoice to claim
    #[arg(required_unless_present = "client", conflicts_with = "client")]
    pub number: Option<String>,
    /// Every unpaid invoice of this client instead (its id or name)
    #[arg(long)]
    pub client: Option<String>,
    /// EU (European Small Claims), RO, GB or ID; default: every procedure the parties' countries allow
    #[arg(long)]
    pub jurisdiction: Option<String>,
    /// The ZIP file to write (replaced if it exists)
    #[arg(short = 'o', long = "output", value_name = "FILE.zip")]
    pub output: String,
}

pub fn claim(duly: &Duly, a: ClaimArgs, out: &Printer) -> ApiResult<()> {
    let kit = duly.claim_kit(ClaimKitInput {
        number: a.number,
        client: a.client,
        jurisdiction: a.jurisdiction,
        path: a.output,
    })?;
    out.dto(&kit, || kit_text(&kit));
    Ok(())
}

fn kit_text(kit: &ClaimKit) -> String {
    let mut lines = vec![format!("Wrote {} ({} files and manifest.json)", kit.path, kit.files.len())];
    for part in &kit.parts {
        lines.push(part.title.clone());
        for w in &part.warnings {
            lines.push(format!("  Check: {w}"));
        }
    }
    for f in &kit.files {
        lines.push(format!("  {}  {}", f.sha256, f.name));
    }
    for gap in &kit.gaps {
        lines.push(format!("Blank: {gap}"));
    }
    lines.join("\n")
}

#[derive(Debug, Subcommand)]
pub enum DocumentCommand {
    /// Keep a copy of a file with a client or an invoice (a signed agreement: --agreement --signed-on)
    Add(DocumentAddArgs),
    /// A client's kept documents (its own and its invoices')
    List {
        /// The client (its id or name)
        #[arg(long, required_unless_present = "invoice")]
        client: Option<String>,
        /// Only this invoice's documents
        #[arg(long, conflicts_with = "client")]
        invoice: Option<String>,
    },
    /// Remove a kept document (Duly's copy; your original file is not touched)
    Remove { id: i64 },
}

#[derive(Debug, Args)]
pub struct DocumentAddArgs {
    /// The file to keep
    pub file: String,
    /// The client it belongs to (its id or name)
    #[arg(long, required_unless_present = "invoice")]
    pub client: Option<String>,
    /// The invoice it belongs to
    #[arg(long)]
    pub invoice: Option<String>,
    /// What it is ("delivery note")
    #[arg(long)]
    pub note: Option<String>,
    /// It is the signed agreement with the client: the client page shows it and demand letters cite it
    #[arg(long, requires = "signed_on")]
    pub agreement: bool,
    /// YYYY-MM-DD: the day the agreement was signed
    #[arg(long)]
    pub signed_on: Option<String>,
    /// The agreement's payment terms in a line ("30 days net")
    #[arg(long)]
    pub terms: Option<String>,
}

pub fn document(duly: &mut Duly, c: DocumentCommand, out: &Printer) -> ApiResult<()> {
    match c {
        DocumentCommand::Add(a) => {
            let client_id = a.client.as_deref().map(|c| duly.client_find(c)).transpose()?;
            let doc = duly.document_add(DocumentInput {
                client_id,
                invoice_number: a.invoice,
                path: a.file,
                note: a.note,
                kind: Some(if a.agreement { KeptKind::Agreement } else { KeptKind::Document }),
                signed_on: a.signed_on,
                terms: a.terms,
            })?;
            out.dto(&doc, || format!("Kept document {}: {}", doc.id, line(&doc)));
        }
        DocumentCommand::List { client, invoice } => {
            let list = match (client, invoice) {
                (_, Some(number)) => duly.document_list_for_invoice(&number)?,
                (Some(client), None) => {
                    let id = duly.client_find(&client)?;
                    duly.document_list(id)?
                }
                (None, None) => Vec::new(),
            };
            out.dto(&list, || {
                if list.is_empty() {
                    "No documents kept.".to_owned()
                } else {
                    list.iter().map(|d| format!("{:>4}  {}", d.id, line(d))).collect::<Vec<_>>().join("\n")
                }
            });
        }
        DocumentCommand::Remove { id } => {
            let doc = duly.document_remove(id)?;
            out.dto(&doc, || format!("Removed document {}: {}", doc.id, doc.file_name));
        }
    }
    Ok(())
}

fn line(d: &KeptDocument) -> String {
    let mut text = d.file_name.clone();
    if let Some(n) = &d.invoice_number {
        text.push_str(&format!(" · {n}"));
    }
    if d.kind == KeptKind::Agreement {
        text.push_str(&format!(" · agreement signed {}", d.signed_on.as_deref().unwrap_or("")));
        if !d.terms.is_empty() {
            text.push_str(&format!(" · terms: {}", d.terms));
        }
    }
    if !d.note.is_empty() {
        text.push_str(&format!(" · {}", d.note));
    }
    text.push_str(&format!(" · {} bytes · SHA-256 {}", d.size, d.sha256));
    text
}
