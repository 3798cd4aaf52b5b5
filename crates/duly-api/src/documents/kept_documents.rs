//! Documents kept with a client or an invoice: the signed agreement or order, a delivery proof.
//! The file is copied into Duly's data folder (so moving or deleting the original loses
//! nothing) and its SHA-256 recorded, so the evidence pack can show it is the file added then.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Duly;
use crate::documents::evidence::{documents_folder, sha256_hex};
use crate::shared::error::{ApiError, ApiResult};
use crate::shared::parse::{self, TextLimit};
use crate::shared::timeline::instant;

/// The largest file Duly keeps: a scanned contract fits, a video does not.
pub const DOCUMENT_MAX_BYTES: u64 = 25 * 1024 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct DocumentInput {
    /// The client the document belongs to; or give `invoice_number` (its client is taken).
    pub client_id: Option<i64>,
    pub invoice_number: Option<String>,
    /// The file to copy.
    pub path: String,
    /// What it is ("signed agreement", "delivery note").
    pub note: Option<String>,
    /// `agreement` for the signed contract with the client (then `signed_on` is required);
    /// `document` (the default) for anything else.
    pub kind: Option<KeptKind>,
    /// YYYY-MM-DD: the day the agreement was signed.
    pub signed_on: Option<String>,
    /// The agreement's payment terms in a line ("30 days net; 0.1 % a day after").
    pub terms: Option<String>,
}

/// What a kept document is to Duly: any file, or the signed agreement the demand letter cites.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeptKind {
    #[default]
    Document,
    Agreement,
}

impl KeptKind {
    fn code(self) -> &'static str {
        match self {
            Self::Document => duly_store::documents::DOCUMENT,
            Self::Agreement => duly_store::documents::AGREEMENT,
        }
    }

    fn from_code(code: &str) -> Self {
        if code == duly_store::documents::AGREEMENT { Self::Agreement } else { Self::Document }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct KeptDocument {
    pub id: i64,
    pub client_id: i64,
    pub invoice_number: Option<String>,
    pub file_name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub sha256: String,
    pub note: String,
    pub added_at: String,
    pub kind: KeptKind,
    /// YYYY-MM-DD, for an agreement.
    pub signed_on: Option<String>,
    /// The agreement's payment terms as the user summed them up; "" when none.
    pub terms: String,
}

impl Duly {
    /// Copies a file into Duly's data folder and lists it with the client (and invoice).
    pub fn document_add(&mut self, input: DocumentInput) -> ApiResult<KeptDocument> {
        let note = input.note.unwrap_or_default();
        let terms = input.terms.unwrap_or_default();
        parse::text_limits([("note", note.as_str(), TextLimit::Long), ("terms", terms.as_str(), TextLimit::Long)])?;
        let kind = input.kind.unwrap_or_default();
        let signed_on = match input.signed_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(text) => {
                let day = parse::date("signed_on", text)?;
                if day > self.today() {
                    return Err(ApiError::invalid(format!("signed_on: {day} is after today")));
                }
                Some(day.to_string())
            }
            None if kind == KeptKind::Agreement => {
                return Err(ApiError::invalid("signed_on: give the day the agreement was signed"));
            }
            None => None,
        };
        if kind == KeptKind::Document && (signed_on.is_some() || !terms.trim().is_empty()) {
            return Err(ApiError::invalid("kind: a signing day and terms are kept for an agreement only"));
        }
        let source = Path::new(input.path.trim());
        let file_name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| ApiError::invalid("path: give the file to add"))?;
        let meta = std::fs::metadata(source)
            .map_err(|e| ApiError::invalid(format!("path: {} cannot be read: {e}", source.display())))?;
        if !meta.is_file() {
            return Err(ApiError::invalid(format!("path: {} is not a file", source.display())));
        }
        if meta.len() > DOCUMENT_MAX_BYTES {
            return Err(ApiError::invalid(format!(
                "path: {file_name} is {} MB; Duly keeps documents up to {} MB",
                meta.len().div_ceil(1024 * 1024),
                DOCUMENT_MAX_BYTES / (1024 * 1024)
            )));
        }
        let bytes = std::fs::read(source)
            .map_err(|e| ApiError::invalid(format!("path: {} cannot be read: {e}", source.display())))?;
        let (client_id, invoice) = match (input.client_id, input.invoice_number.as_deref().map(str::trim)) {
            (_, Some(number)) if !number.is_empty() => {
                let inv = self.find_invoice(number)?;
                if input.client_id.is_some_and(|c| c != inv.client_id) {
                    return Err(ApiError::invalid(format!("client_id: invoice {number} belongs to another client")));
                }
                (inv.client_id, Some((inv.id.unwrap_or_default(), inv.number)))
            }
            (Some(client_id), _) => {
                self.client_get(client_id)?;
                (client_id, None)
            }
            _ => return Err(ApiError::invalid("client_id: give the client or the invoice the document belongs to")),
        };
        let sha256 = sha256_hex(&bytes);
        let added_at = instant(self.now());
        let extension =
            Path::new(&file_name).extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
        let stored_name = format!("{}-{}{extension}", &sha256[..16], fastrand::u64(..));
        let folder = documents_folder(self)?;
        crate::documents::replace_file(&folder.join(&stored_name), &bytes)?;
        let row = duly_store::documents::DocumentRow {
            id: 0,
            client_id,
            invoice_id: invoice.as_ref().map(|(id, _)| *id),
            file_name: file_name.clone(),
            stored_name,
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            sha256: sha256.clone(),
            note: note.trim().to_owned(),
            added_at: added_at.clone(),
            kind: kind.code().to_owned(),
            signed_on: signed_on.clone(),
            terms: terms.trim().to_owned(),
        };
        let tx = self.transaction()?;
        let id = duly_store::documents::insert(&tx, &row)?;
        tx.commit()?;
        Ok(KeptDocument {
            id,
            client_id,
            invoice_number: invoice.map(|(_, n)| n),
            file_name,
            size: bytes.len() as u64,
            sha256,
            note: row.note,
            added_at,
            kind,
            signed_on,
            terms: row.terms,
        })
    }

    /// A client's documents, its own and its invoices', oldest first.
    pub fn document_list(&self, client_id: i64) -> ApiResult<Vec<KeptDocument>> {
        self.client_get(client_id)?;
        duly_store::documents::list_for_client(self.conn(), client_id)?
            .into_iter()
            .map(|row| self.kept_document(row))
            .collect()
    }

    /// One invoice's documents (those added with its number), oldest first.
    pub fn document_list_for_invoice(&self, number: &str) -> ApiResult<Vec<KeptDocument>> {
        let inv = self.find_invoice(number)?;
        Ok(self
            .document_list(inv.client_id)?
            .into_iter()
            .filter(|d| d.invoice_number.as_deref() == Some(&inv.number))
            .collect())
    }

    /// The client's signed agreement in force (signed last), if one is kept.
    pub fn agreement_get(&self, client_id: i64) -> ApiResult<Option<KeptDocument>> {
        self.client_get(client_id)?;
        duly_store::documents::agreement_for_client(self.conn(), client_id)?
            .map(|row| self.kept_document(row))
            .transpose()
    }

    /// The day the client's agreement in force was signed, for the demand letter to cite.
    pub(crate) fn agreement_signed_on(&self, client_id: i64) -> ApiResult<Option<chrono::NaiveDate>> {
        Ok(duly_store::documents::agreement_for_client(self.conn(), client_id)?
            .and_then(|row| row.signed_on)
            .and_then(|d| d.parse().ok()))
    }

    /// Removes a kept document: its row, then its copy in Duly's data folder. The user's
    /// original file was never touched.
    pub fn document_remove(&mut self, id: i64) -> ApiResult<KeptDocument> {
        let row = duly_store::documents::get(self.conn(), id)?
            .ok_or_else(|| ApiError::not_found(format!("document {id}: no such document")))?;
        let removed = self.kept_document(row.clone())?;
        let tx = self.transaction()?;
        duly_store::documents::delete(&tx, id)?;
        tx.commit()?;
        let file = documents_folder(self)?.join(&row.stored_name);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(crate::documents::evidence::storage(format!(
                    "document {id} ({}): removed from the list, but its copy {} could not be deleted: {e}",
                    row.file_name,
                    file.display()
                )));
            }
        }
        Ok(removed)
    }

    fn kept_document(&self, row: duly_store::documents::DocumentRow) -> ApiResult<KeptDocument> {
        let invoice_number = match row.invoice_id {
            Some(id) => duly_store::invoices::get(self.conn(), id)?.map(|i| i.number),
            None => None,
        };
        Ok(KeptDocument {
            id: row.id,
            client_id: row.client_id,
            invoice_number,
            file_name: row.file_name,
            size: u64::try_from(row.size).unwrap_or_default(),
            sha256: row.sha256,
            note: row.note,
            added_at: row.added_at,
            kind: KeptKind::from_code(&row.kind),
            signed_on: row.signed_on,
            terms: row.terms,
        })
    }
}
