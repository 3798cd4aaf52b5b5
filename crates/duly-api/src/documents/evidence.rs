//! The evidence pack: when chasing ends, one ZIP a lawyer, a mediator or a court can read. It
//! holds a chronological dossier (`index.pdf` and `index.html`, in the client's language), the
//! invoice PDFs, the demand letter and the statement of account, every sent message as the
//! exact bytes the SMTP server accepted (`.eml`), the documents the user kept with the client,
//! and `manifest.json` with every file's SHA-256 so the pack's integrity can be checked later.
//!
//! A fact Duly does not have is printed as a visible blank or gap ("no message sent"), never
//! filled in: a dossier that guesses is worse than none.

mod dossier;
mod words;

use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::documents::{PaperSize, PdfDocument};
use crate::shared::error::{ApiError, ApiResult, ErrorCode};
use crate::{Duly, InvoiceDetail, InvoiceQuery, InvoiceStatus};

pub(crate) use dossier::{Facts, documents_folder};

/// Which pack to make: one invoice (`number`) or every invoice of one client (`client`, its id
/// or name), written to `path`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct EvidenceInput {
    pub number: Option<String>,
    pub client: Option<String>,
    /// The ZIP file to write (replaced if it exists).
    pub path: String,
}

/// The window's request for a pack: which one, without a path. The shell asks the user where in
/// a native save dialog (the window never names a path) and calls [`Duly::evidence_pack`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct EvidenceRequest {
    pub number: Option<String>,
    pub client: Option<String>,
}

impl EvidenceRequest {
    /// The name the save dialog suggests: `evidence-INV-7.zip`, `evidence-Ana Pop.zip`.
    pub fn file_name(&self) -> String {
        zip_name("evidence", self.number.as_deref().or(self.client.as_deref()).unwrap_or("pack"))
    }

    /// The input of [`Duly::evidence_pack`] writing to `path`.
    pub fn to(self, path: String) -> EvidenceInput {
        EvidenceInput { number: self.number, client: self.client, path }
    }
}

/// A ZIP's suggested name, `{kind}-{what}.zip`, with what is not a letter, digit, space, `-`, `_`
/// or `.` in `what` (an invoice number or a client's name) replaced by `-`: the evidence pack's
/// and the small-claims kit's save dialogs name their file the same way.
pub(crate) fn zip_name(kind: &str, what: &str) -> String {
    let safe: String =
        what.trim().chars().map(|c| if c.is_alphanumeric() || " -_.".contains(c) { c } else { '-' }).collect();
    format!("{kind}-{safe}.zip")
}

/// One file of the pack, as `manifest.json` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EvidenceFile {
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Lowercase hex SHA-256 of the file's bytes.
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct EvidencePack {
    pub path: String,
    /// Every file in the ZIP except `manifest.json` itself.
    pub files: Vec<EvidenceFile>,
    /// What the pack could not include and says so in the dossier ("INV-7: no message sent").
    pub gaps: Vec<String>,
}

pub(crate) fn storage(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Storage, message)
}

/// A file of the pack: its name in the ZIP and its bytes.
type PackFile = (String, Vec<u8>);

/// Lowercase hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

impl Duly {
    /// Builds the evidence pack for one invoice or one client and writes it to `input.path`.
    pub fn evidence_pack(&self, input: EvidenceInput) -> ApiResult<EvidencePack> {
        let path = input.path.trim();
        if path.is_empty() {
            return Err(ApiError::invalid("path: give the file to write the evidence pack to"));
        }
        // One read transaction: every figure and file comes from one state of the database.
        let _snapshot = if self.conn().is_autocommit() { Some(self.conn().unchecked_transaction()?) } else { None };
        let (client_id, invoices) = self.evidence_scope(&input)?;
        let mut facts = self.evidence_facts(client_id, &invoices, input.number.is_some())?;
        let (mut files, gaps) = self.evidence_files(&facts)?;
        facts.gaps.extend(gaps);
        let (html, pdf) = dossier::render(&facts, &files)?;
        files.insert(0, ("index.pdf".to_owned(), pdf));
        files.insert(0, ("index.html".to_owned(), html.into_bytes()));
        let listed: Vec<EvidenceFile> = files
            .iter()
            .map(|(name, bytes)| EvidenceFile {
                name: name.clone(),
                size: bytes.len() as u64,
                sha256: sha256_hex(bytes),
            })
            .collect();
        let manifest = serde_json::to_vec_pretty(&serde_json::json!({
            "created_by": "Duly",
            "as_of": self.today().to_string(),
            "client": facts.client.name,
            "invoices": facts.invoices.iter().map(|i| i.number.clone()).collect::<Vec<_>>(),
            "files": listed,
        }))
        .map_err(|e| storage(format!("manifest.json: {e}")))?;
        files.push(("manifest.json".to_owned(), manifest));
        let zip = zip_files(&files)?;
        crate::documents::replace_file(Path::new(path), &zip)?;
        Ok(EvidencePack { path: path.to_owned(), files: listed, gaps: facts.gaps.clone() })
    }

    /// The client and the invoices (oldest first) a pack is about; drafts were never sent, so
    /// a client's pack leaves them out, and a draft asked for by number is refused.
    pub(crate) fn evidence_scope(&self, input: &EvidenceInput) -> ApiResult<(i64, Vec<InvoiceDetail>)> {
        let number = input.number.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let client = input.client.as_deref().map(str::trim).filter(|c| !c.is_empty());
        match (number, client) {
            (Some(number), None) => {
                let detail = self.invoice_get(number)?;
                if detail.status == InvoiceStatus::Draft {
                    return Err(ApiError::invalid(format!(
                        "number: {number} is a draft; it was never sent, so there is no evidence to pack"
                    )));
                }
                Ok((detail.client_id, vec![detail]))
            }
            (None, Some(client)) => {
                let client_id = self.client_find(client)?;
                let page = self.invoice_list(InvoiceQuery {
                    client_id: Some(client_id),
                    limit: Some(10_000),
                    ..InvoiceQuery::default()
                })?;
                let mut invoices = Vec::new();
                for row in page.rows {
                    if row.status != InvoiceStatus::Draft {
                        invoices.push(self.invoice_get(&row.number)?);
                    }
                }
                invoices.sort_by(|a, b| (a.issue_date, &a.number).cmp(&(b.issue_date, &b.number)));
                Ok((client_id, invoices))
            }
            (Some(_), Some(_)) => Err(ApiError::invalid("number: give an invoice number or a client, not both")),
            (None, None) => Err(ApiError::invalid("number: give an invoice number or a client")),
        }
    }

    /// The documents that go in beside the dossier: invoice PDFs, demand letters for what is
    /// still owed, the statement of account, each sent message's exact bytes, kept documents.
    /// Also returns what could not be made, as gaps.
    fn evidence_files(&self, facts: &Facts) -> ApiResult<(Vec<PackFile>, Vec<String>)> {
        let mut files = Vec::new();
        let mut gaps = Vec::new();
        for inv in &facts.invoices {
            let pdf = self.pdf_bytes(&PdfDocument::Invoice { number: inv.number.clone() }, PaperSize::A4)?;
            files.push((format!("invoices/{}", pdf.file_name), pdf.bytes));
            if inv.amount_due > 0 && inv.status != InvoiceStatus::Void {
                match self
                    .pdf_bytes(&PdfDocument::Demand { number: inv.number.clone(), deadline_days: None }, PaperSize::A4)
                {
                    Ok(pdf) => files.push((format!("letters/{}", pdf.file_name), pdf.bytes)),
                    Err(e) => gaps.push(format!("{}: no demand letter ({})", inv.number, e.message)),
                }
            }
        }
        if facts.invoices.iter().any(|i| i.amount_due > 0) {
            match self
                .pdf_bytes(&PdfDocument::Statement { client: facts.client.id.to_string(), as_of: None }, PaperSize::A4)
            {
                Ok(pdf) => files.push((format!("letters/{}", pdf.file_name), pdf.bytes)),
                Err(e) => gaps.push(format!("no statement of account ({})", e.message)),
            }
        }
        for m in &facts.messages {
            if let (Some(name), Some(bytes)) = (&m.eml_name, &m.eml) {
                files.push((name.clone(), bytes.clone()));
            }
        }
        for d in &facts.documents {
            let bytes = std::fs::read(&d.path)
                .map_err(|e| storage(format!("document {} ({}): {e}", d.row.id, d.row.file_name)))?;
            if sha256_hex(&bytes) != d.row.sha256 {
                return Err(ApiError::conflict(format!(
                    "document {} ({}): the stored file no longer matches the SHA-256 recorded when it was added",
                    d.row.id, d.row.file_name
                )));
            }
            files.push((d.pack_name.clone(), bytes));
        }
        Ok((files, gaps))
    }
}

/// The pack as a ZIP, entries in the given order, deflated, with a fixed timestamp so the same
/// pack gives the same bytes.
pub(crate) fn zip_files(files: &[PackFile]) -> ApiResult<Vec<u8>> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let zip_error = |e: zip::result::ZipError| storage(format!("evidence pack: {e}"));
    for (name, bytes) in files {
        out.start_file(name.as_str(), options).map_err(zip_error)?;
        out.write_all(bytes).map_err(|e| storage(format!("evidence pack: {name}: {e}")))?;
    }
    Ok(out.finish().map_err(zip_error)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suggested_zip_name_keeps_the_number_and_drops_path_characters() {
        let pack = EvidenceRequest { number: Some(" INV/7 ".into()), client: None };
        assert_eq!(pack.file_name(), "evidence-INV-7.zip");
        assert_eq!(zip_name("claim", "Ana Pop: SRL"), "claim-Ana Pop- SRL.zip");
        assert_eq!(EvidenceRequest::default().file_name(), "evidence-pack.zip");
    }
}
