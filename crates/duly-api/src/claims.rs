//! The small-claims kit: when chasing ends and the amount is small, the court form that the
//! procedure uses, pre-filled from the same facts as the evidence pack, with a short page on
//! how to file it. One ZIP per kit (`claim_kit`), kept apart from the evidence pack because it
//! answers another question (where and how to sue, not what happened) and is remade for each
//! court tried, while the pack is the record.
//!
//! Procedures: the European Small Claims Procedure (Regulation 861/2007, form A) for a client
//! in another EU state; Romania's cerere cu valoare redusă (CPC art. 1025 ff.) and ordonanța de
//! plată (CPC art. 1014 ff.); the particulars of claim for England and Wales's online money
//! claim; Indonesia's gugatan sederhana (PERMA 2/2015 as amended by PERMA 4/2019).
//!
//! Duly never embeds or copies an official form: each worksheet reproduces the form's sections
//! with their headings, pre-filled, for the user to copy into the official form (where to get
//! it is on the how-to page). A fact Duly does not have (the court, a signature, a personal
//! identification number) is a visible blank, never a guess; the amounts are the claim
//! engine's (`interest_get`), the same as the dossier's and the demand letter's.

mod escp;
mod facts;
mod gb;
mod id;
mod ro;
mod text;

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Duly;
use crate::documents::evidence::{EvidenceFile, sha256_hex};
use crate::shared::error::{ApiError, ApiResult};
use facts::ClaimFacts;

/// Which kit to make: one invoice (`number`) or every unpaid invoice of one client (`client`,
/// its id or name), for a procedure (`jurisdiction`), written to `path`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct ClaimKitInput {
    pub number: Option<String>,
    pub client: Option<String>,
    /// `EU` (European Small Claims), `RO`, `GB` or `ID`; `null` for every procedure that fits
    /// the parties' countries.
    pub jurisdiction: Option<String>,
    /// The ZIP file to write (replaced if it exists).
    pub path: String,
}

/// The window's request for a kit, without a path: the shell asks where in a save dialog.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct ClaimKitRequest {
    pub number: Option<String>,
    pub client: Option<String>,
    pub jurisdiction: Option<String>,
}

impl ClaimKitRequest {
    /// The name the save dialog suggests: `claim-INV-7.zip`.
    pub fn file_name(&self) -> String {
        crate::documents::evidence::zip_name(
            "claim",
            self.number.as_deref().or(self.client.as_deref()).unwrap_or("kit"),
        )
    }

    /// The input of [`Duly::claim_kit`] writing to `path`.
    pub fn to(self, path: String) -> ClaimKitInput {
        ClaimKitInput { number: self.number, client: self.client, jurisdiction: self.jurisdiction, path }
    }
}

/// A court procedure Duly has a kit for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// European Small Claims Procedure, Regulation (EC) 861/2007, form A.
    EuSmallClaims,
    /// Romania: cerere cu valoare redusă, Codul de procedură civilă art. 1025–1032.
    RoSmallClaim,
    /// Romania: ordonanța de plată, Codul de procedură civilă art. 1014–1025.
    RoPaymentOrder,
    /// England and Wales: particulars of claim for an online money claim.
    GbMoneyClaim,
    /// Indonesia: gugatan sederhana, PERMA 2/2015 as amended by PERMA 4/2019.
    IdSimpleClaim,
}

impl Procedure {
    /// The kit's folder in the ZIP.
    fn folder(self) -> &'static str {
        match self {
            Self::EuSmallClaims => "eu-small-claims",
            Self::RoSmallClaim => "ro-cerere-valoare-redusa",
            Self::RoPaymentOrder => "ro-ordonanta-de-plata",
            Self::GbMoneyClaim => "uk-money-claim",
            Self::IdSimpleClaim => "id-gugatan-sederhana",
        }
    }
}

/// One procedure's part of the kit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ClaimKitPart {
    pub procedure: Procedure,
    /// The procedure's name in the court's language.
    pub title: String,
    /// What the user must check before filing (an amount over the limit, a currency Duly does
    /// not convert, a somație not on record); also on the how-to page.
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ClaimKit {
    pub path: String,
    pub parts: Vec<ClaimKitPart>,
    /// Every file in the ZIP except `manifest.json` itself.
    pub files: Vec<EvidenceFile>,
    /// Facts a form needs that Duly does not have, left blank on it ("defendant's address").
    pub gaps: Vec<String>,
}

/// A worksheet or a how-to page, before rendering: the same text goes to PDF and plain text.
pub(crate) struct Page {
    pub file: String,
    pub doc: duly_pdf::DossierDoc,
}

impl Duly {
    /// Writes the small-claims kit for one invoice or one client's unpaid invoices to
    /// `input.path`: per procedure a pre-filled worksheet (PDF and text) and a how-to page,
    /// the invoices and kept agreement to attach, and `manifest.json` with every file's SHA-256.
    pub fn claim_kit(&self, input: ClaimKitInput) -> ApiResult<ClaimKit> {
        let path = input.path.trim();
        if path.is_empty() {
            return Err(ApiError::invalid("path: give the file to write the small-claims kit to"));
        }
        let _snapshot = if self.conn().is_autocommit() { Some(self.conn().unchecked_transaction()?) } else { None };
        let facts = self.claim_facts(input.number.as_deref(), input.client.as_deref())?;
        let procedures = procedures(&facts, input.jurisdiction.as_deref())?;
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut parts = Vec::new();
        for procedure in procedures {
            let (pages, warnings) = match procedure {
                Procedure::EuSmallClaims => escp::pages(&facts),
                Procedure::RoSmallClaim => ro::small_claim(&facts),
                Procedure::RoPaymentOrder => ro::payment_order(&facts),
                Procedure::GbMoneyClaim => gb::pages(&facts),
                Procedure::IdSimpleClaim => id::pages(&facts),
            };
            let title = pages.first().map(|p| p.doc.title.clone()).unwrap_or_default();
            for page in pages {
                let name = format!("{}/{}", procedure.folder(), page.file);
                let pdf = duly_pdf::render_dossier(&page.doc)
                    .map_err(|e| crate::documents::evidence::storage(format!("{name}.pdf: {e}")))?;
                files.push((format!("{name}.pdf"), pdf.bytes));
                files.push((format!("{name}.txt"), text::plain(&page.doc).into_bytes()));
            }
            parts.push(ClaimKitPart { procedure, title, warnings });
        }
        files.extend(facts.attachments.iter().cloned());
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
            "kind": "small-claims kit",
            "as_of": facts.today.to_string(),
            "client": facts.client.name,
            "invoices": facts.invoices.iter().map(|i| i.detail.number.clone()).collect::<Vec<_>>(),
            "procedures": parts.iter().map(|p| p.procedure).collect::<Vec<_>>(),
            "files": listed,
        }))
        .map_err(|e| crate::documents::evidence::storage(format!("manifest.json: {e}")))?;
        files.push(("manifest.json".to_owned(), manifest));
        let zip = crate::documents::evidence::zip_files(&files)?;
        crate::documents::replace_file(Path::new(path), &zip)?;
        Ok(ClaimKit { path: path.to_owned(), parts, files: listed, gaps: facts.gaps.clone() })
    }
}

/// EU member states bound by the small-claims regulation: every member but Denmark.
const ESCP_STATES: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT",
    "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// Whether both parties' countries are known, bound by the regulation and different.
fn cross_border_eu(facts: &ClaimFacts) -> bool {
    match (facts.claimant_country.as_deref(), facts.defendant_country.as_deref()) {
        (Some(a), Some(b)) => a != b && ESCP_STATES.contains(&a) && ESCP_STATES.contains(&b),
        _ => false,
    }
}

/// The procedures a kit holds: the one asked for, or those the parties' countries allow (the
/// European one across EU borders, and the national one of the defendant's country, whose
/// courts hear claims against it).
fn procedures(facts: &ClaimFacts, asked: Option<&str>) -> ApiResult<Vec<Procedure>> {
    const KNOWN: &str = "EU (European Small Claims), RO, GB or ID";
    let asked = asked.map(|j| j.trim().to_ascii_uppercase()).filter(|j| !j.is_empty());
    let national = |country: &str| match country {
        "RO" => Some(vec![Procedure::RoSmallClaim, Procedure::RoPaymentOrder]),
        "GB" | "UK" => Some(vec![Procedure::GbMoneyClaim]),
        "ID" => Some(vec![Procedure::IdSimpleClaim]),
        _ => None,
    };
    if let Some(asked) = asked {
        if asked == "EU" || asked == "ESCP" {
            return Ok(vec![Procedure::EuSmallClaims]);
        }
        return national(&asked).ok_or_else(|| {
            ApiError::invalid(format!("jurisdiction: Duly has no small-claims kit for \"{asked}\"; give {KNOWN}"))
        });
    }
    let Some(country) = facts.defendant_country.as_deref() else {
        return Err(ApiError::invalid(format!(
            "jurisdiction: the country of {} is not set, so Duly cannot tell which court hears the claim; \
             set the client's country or give the jurisdiction ({KNOWN})",
            facts.client.name.trim()
        )));
    };
    let mut out = Vec::new();
    if cross_border_eu(facts) {
        out.push(Procedure::EuSmallClaims);
    }
    out.extend(national(country).unwrap_or_default());
    if out.is_empty() {
        return Err(ApiError::invalid(format!(
            "jurisdiction: Duly has no small-claims kit for a client in {country}; it has {KNOWN} \
             (the European procedure needs both parties in different EU states: set the business's country in Settings)"
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kit_is_named_after_the_invoice_or_the_client() {
        let kit = ClaimKitRequest { number: Some("INV/7".into()), client: None, jurisdiction: None };
        assert_eq!(kit.file_name(), "claim-INV-7.zip");
        assert_eq!(ClaimKitRequest::default().file_name(), "claim-kit.zip");
    }
}
