//! What a claim form needs, gathered once: the parties and their countries, the unpaid
//! invoices with the claim engine's interest and compensation, what was sent and when, the
//! signed agreement, and the files to attach. What is missing is listed in `gaps` and printed
//! blank on the forms.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::documents::evidence::{EvidenceInput, documents_folder, sha256_hex, storage};
use crate::law::interest::{InterestClaim, InterestQuery};
use crate::shared::error::{ApiError, ApiResult};
use crate::{Business, Client, ContactRole, Duly, InvoiceDetail, InvoiceStatus, KeptDocument, PaperSize, PdfDocument};

/// One unpaid invoice and what is claimed on it.
pub(crate) struct InvoiceClaim {
    pub detail: InvoiceDetail,
    /// The statutory claim today; `None` when it could not be computed (then `gaps` says why).
    pub claim: Option<InterestClaim>,
    /// Days the client was written to about it (reminders, the invoice email), oldest first.
    pub written: Vec<NaiveDate>,
    /// The day the formal demand (somație, letter before claim, somasi) went out, if on record.
    pub demand_sent: Option<NaiveDate>,
}

pub(crate) struct ClaimFacts {
    pub today: NaiveDate,
    pub business: Business,
    /// The business's country (Settings → law), upper case; `None` when not set.
    pub claimant_country: Option<String>,
    pub client: Client,
    /// The client's country, else its governing law's; `None` when neither is set.
    pub defendant_country: Option<String>,
    pub private_person: bool,
    pub invoices: Vec<InvoiceClaim>,
    pub agreement: Option<KeptDocument>,
    /// Files to attach to the claim: `evidence/…`, in the ZIP beside the worksheets.
    pub attachments: Vec<(String, Vec<u8>)>,
    pub gaps: Vec<String>,
}

/// Amounts per currency, never summed across currencies; `None` once a sum overflows.
pub(crate) type Totals = BTreeMap<String, Option<i64>>;

pub(crate) fn add(totals: &mut Totals, currency: &str, minor: i64) {
    let slot = totals.entry(currency.to_owned()).or_insert(Some(0));
    *slot = slot.and_then(|t| t.checked_add(minor));
}

impl ClaimFacts {
    /// The principal (what is still due), per currency.
    pub fn principal(&self) -> Totals {
        let mut t = Totals::new();
        for i in &self.invoices {
            add(&mut t, &i.detail.currency, i.detail.amount_due);
        }
        t
    }

    /// Statutory interest to today, per currency.
    pub fn interest(&self) -> Totals {
        let mut t = Totals::new();
        for i in &self.invoices {
            if let Some(c) = &i.claim
                && c.interest_total > 0
            {
                add(&mut t, &c.currency, c.interest_total);
            }
        }
        t
    }

    /// The fixed compensation for recovery costs, per currency the law states it in.
    pub fn compensation(&self) -> Totals {
        let mut t = Totals::new();
        for i in &self.invoices {
            if let Some(comp) = i.claim.as_ref().and_then(|c| c.compensation.as_ref()) {
                add(&mut t, &comp.currency, comp.amount);
            }
        }
        t
    }

    /// Everything claimed, per currency.
    pub fn total(&self) -> Totals {
        let mut t = Totals::new();
        for part in [self.principal(), self.interest(), self.compensation()] {
            for (currency, minor) in part {
                match minor {
                    Some(m) => add(&mut t, &currency, m),
                    None => {
                        t.insert(currency, None);
                    }
                }
            }
        }
        t
    }

    /// The billing contact's (else any contact's) email and phone, "" when none.
    pub fn client_contact(&self) -> (String, String) {
        let contacts = &self.client.contacts;
        let pick = |f: fn(&crate::Contact) -> &str| {
            contacts
                .iter()
                .filter(|c| c.role == ContactRole::Billing)
                .chain(contacts.iter())
                .map(f)
                .find(|v| !v.trim().is_empty())
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        (pick(|c| c.email.as_str()), pick(|c| c.phone.as_str()))
    }
}

impl Duly {
    pub(crate) fn claim_facts(&self, number: Option<&str>, client: Option<&str>) -> ApiResult<ClaimFacts> {
        let scope =
            EvidenceInput { number: number.map(str::to_owned), client: client.map(str::to_owned), path: String::new() };
        let (client_id, details) = self.evidence_scope(&scope)?;
        let client = self.client_get(client_id)?;
        let mut gaps = Vec::new();
        let owed: Vec<InvoiceDetail> =
            details.into_iter().filter(|d| d.amount_due > 0 && d.status != InvoiceStatus::Void).collect();
        if owed.is_empty() {
            return Err(ApiError::invalid(match number {
                Some(n) => format!("number: nothing is owed on {}, so there is nothing to claim", n.trim()),
                None => format!("client: {} owes nothing, so there is nothing to claim", client.name.trim()),
            }));
        }
        let ids: Vec<i64> = owed.iter().map(|d| d.id).collect();
        let sent = duly_store::outbox::sent_for(self.conn(), &ids, None)?;
        let mut attachments = Vec::new();
        let mut invoices = Vec::new();
        for detail in owed {
            let claim = match self.interest_get(InterestQuery { number: detail.number.clone(), as_of: None }) {
                Ok(c) => {
                    // A rate unknown for some days leaves them out of the figure: the user must know.
                    gaps.extend(c.warnings.iter().map(|w| format!("{}: {w}", detail.number)));
                    Some(c)
                }
                Err(e) => {
                    gaps.push(format!("{}: interest not computed ({})", detail.number, e.message));
                    None
                }
            };
            let day = |instant: &str| instant.get(..10).and_then(|d| d.parse::<NaiveDate>().ok());
            let mine: Vec<_> = sent.iter().filter(|m| m.invoice_id == Some(detail.id)).collect();
            let mut written: Vec<NaiveDate> =
                mine.iter().filter_map(|m| m.status.sent_at.as_deref().and_then(day)).collect();
            written.sort();
            written.dedup();
            let demand_sent = mine
                .iter()
                .filter(|m| m.kind == "reminder:final_demand")
                .filter_map(|m| m.status.sent_at.as_deref().and_then(day))
                .min();
            if detail.sent_on.is_none() && written.is_empty() {
                gaps.push(format!(
                    "{}: no record that the invoice reached the client (not sent from Duly, no \"sent on\" day)",
                    detail.number
                ));
            }
            let pdf = self.pdf_bytes(&PdfDocument::Invoice { number: detail.number.clone() }, PaperSize::A4)?;
            attachments.push((format!("evidence/{}", pdf.file_name), pdf.bytes));
            invoices.push(InvoiceClaim { detail, claim, written, demand_sent });
        }
        let agreement = self.agreement_get(client_id)?;
        if let Some(a) = &agreement {
            let row = duly_store::documents::get(self.conn(), a.id)?
                .ok_or_else(|| storage(format!("document {}: gone while reading", a.id)))?;
            let bytes = std::fs::read(documents_folder(self)?.join(&row.stored_name))
                .map_err(|e| storage(format!("document {} ({}): {e}", a.id, a.file_name)))?;
            if sha256_hex(&bytes) != a.sha256 {
                return Err(ApiError::conflict(format!(
                    "document {} ({}): the stored file no longer matches the SHA-256 recorded when it was added",
                    a.id, a.file_name
                )));
            }
            attachments.push((format!("evidence/agreement-{}-{}", a.id, a.file_name), bytes));
        } else {
            gaps.push("no signed agreement on record: the claim rests on the invoices and the messages".to_owned());
        }
        if client.address.trim().is_empty() {
            gaps.push(format!("defendant's address: {} has none on record; a court needs it", client.name.trim()));
        }
        let business = self.business_get()?;
        if business.name.trim().is_empty() || business.address.trim().is_empty() {
            gaps.push("claimant's name or address: the business profile lacks it".to_owned());
        }
        let law = duly_store::client_law::get(self.conn(), client_id)?;
        let upper = |s: &str| Some(s.trim().to_ascii_uppercase()).filter(|s| s.len() == 2 && s != "EU");
        let defendant_country = upper(&client.country).or_else(|| law.jurisdiction.as_deref().and_then(upper));
        let claimant_country = crate::law::interest::law_country(self.conn())?.as_deref().and_then(upper);
        Ok(ClaimFacts {
            today: self.today(),
            business,
            claimant_country,
            client,
            defendant_country,
            private_person: law.private_person,
            invoices,
            agreement,
            attachments,
            gaps,
        })
    }
}
