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
}

impl Duly {
    /// Copies a file into Duly's data folder and lists it with the client (and invoice).
    pub fn document_add(&mut self, input: DocumentInput) -> ApiResult<KeptDocument> {
        let note = input.note.unwrap_or_default();
        parse::text_limits([("note", note.as_str(), TextLimit::Long)])?;
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
        })
    }

    /// A client's documents, its own and its invoices', oldest first.
    pub fn document_list(&self, client_id: i64) -> ApiResult<Vec<KeptDocument>> {
        let mut out = Vec::new();
        for row in duly_store::documents::list_for_client(self.conn(), client_id)? {
            let invoice_number = match row.invoice_id {
                Some(id) => duly_store::invoices::get(self.conn(), id)?.map(|i| i.number),
                None => None,
            };
            out.push(KeptDocument {
                id: row.id,
                client_id: row.client_id,
                invoice_number,
                file_name: row.file_name,
                size: u64::try_from(row.size).unwrap_or_default(),
                sha256: row.sha256,
                note: row.note,
                added_at: row.added_at,
            });
        }
        Ok(out)
    }
}
