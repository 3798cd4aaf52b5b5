//! The documents as PDF: an invoice copy, a client's statement of account and the formal
//! demand letter, built from the database and rendered by `duly-pdf`.
//!
//! Every document is written in the *client's* language (it is for them to read), with amounts,
//! dates and wording in that language's formats, while the app itself speaks the business's.
//! `pdf_save` writes the file (to the user's Downloads folder unless a path is given, never over
//! an existing file there), `pdf_preview` into Duly's preview folder for the OS viewer, and
//! `pdf_bytes` hands the bytes to callers that attach or print them (reminders, the CLI).

pub(crate) mod evidence;
pub(crate) mod kept_documents;

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};
use duly_core::ladder::{LateFee, Terms};
use duly_core::{InvoiceStatus as CoreStatus, Language, Money, TaxRate, open_amount};
use duly_pdf::{
    Channel, ContactRecord, DemandInvoice, DemandLetterDoc, DocumentKind, InvoiceDoc, InvoiceLine, Party,
    PaymentDetails, PaymentTerms, PdfError, Signatory, StatementDoc, StatementEntry, file_title,
};
use duly_store::{
    business, clients, contacts, instalment_plans, instalments, invoices as table, lines, outbox, payments,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, ApiResult, Duly, ErrorCode, TimelineKind};

/// How long a demand letter gives to pay when the user does not say: the playbook's 15 days.
pub const DEFAULT_DEADLINE_DAYS: i64 = 15;

/// The day a demand letter written on `today` asks payment by, `days` later (1 to 365): the one
/// place the deadline is computed, for the letter and the email that carries it alike.
pub(crate) fn demand_deadline(today: NaiveDate, days: i64) -> ApiResult<NaiveDate> {
    if !(1..=365).contains(&days) {
        return Err(ApiError::invalid(format!("deadline_days: expected 1 to 365 days, got {days}")));
    }
    today
        .checked_add_days(Days::new(u64::try_from(days).unwrap_or(0)))
        .ok_or_else(|| ApiError::invalid("deadline_days: the deadline is out of range"))
}

/// Which document to make.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PdfDocument {
    /// A copy of the invoice with this number.
    Invoice { number: String },
    /// Every invoice of a client still open on `as_of` (today when `null`), per currency.
    /// `client` is the client's id or its name (ignoring case, or a part only one client has).
    Statement {
        client: String,
        #[serde(default)]
        #[ts(optional = nullable)]
        as_of: Option<String>,
    },
    /// The formal demand letter for this invoice, dated today, with `deadline_days` to pay
    /// (15 when `null`).
    Demand {
        number: String,
        #[serde(default)]
        #[ts(optional = nullable)]
        deadline_days: Option<i64>,
    },
    /// The invoice's latest instalment plan in writing: one page with the dated instalments,
    /// the final deadline and what a missed instalment means.
    Plan { number: String },
    /// The credit note with this number.
    CreditNote { number: String },
}

/// The paper a document is laid out for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaperSize {
    #[default]
    A4,
    Letter,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PdfRequest {
    pub document: PdfDocument,
    /// A4 when `null`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub paper: Option<PaperSize>,
    /// The file to write (replaced if it exists). `null` saves into the user's Downloads folder
    /// (the home folder when there is none) under the document's own name, adding " (2)",
    /// " (3)"... rather than replacing a file already there.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub path: Option<String>,
}

/// A document written to disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct SavedPdf {
    pub path: String,
    pub file_name: String,
    pub pages: u32,
    #[ts(type = "number")]
    pub bytes_len: u64,
    /// What the document could only print imperfectly (a character no font on this computer
    /// has, printed as a box); empty when it says exactly what it was given.
    pub warnings: Vec<String>,
}

/// A document in memory: for attaching to a message or printing to standard output.
#[derive(Clone, PartialEq, Eq)]
pub struct PdfFile {
    /// The name it is saved under by default: "INV-2026-0001.pdf".
    pub file_name: String,
    pub pages: u32,
    pub bytes: Vec<u8>,
    /// As in [`SavedPdf::warnings`].
    pub warnings: Vec<String>,
}

impl std::fmt::Debug for PdfFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfFile")
            .field("file_name", &self.file_name)
            .field("pages", &self.pages)
            .field("len", &self.bytes.len())
            .field("warnings", &self.warnings)
            .finish()
    }
}

/// Writes a rendered document to `path` (replaced if it exists): "Save as…", once the user chose
/// where, for a document rendered first so that the dialog could suggest its name.
pub fn pdf_write(file: &PdfFile, path: &Path) -> ApiResult<SavedPdf> {
    replace_file(path, &file.bytes)?;
    Ok(saved(path, file))
}

impl Duly {
    /// Renders the document and writes it to `request.path`, else into the Downloads folder.
    pub fn pdf_save(&self, request: PdfRequest) -> ApiResult<SavedPdf> {
        let file = self.pdf_bytes(&request.document, request.paper.unwrap_or_default())?;
        match request.path.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => pdf_write(&file, Path::new(p)),
            None => Ok(saved(&write_new_file(&downloads_dir()?, &file.file_name, &file.bytes)?, &file)),
        }
    }

    /// Renders the document into Duly's preview folder (replacing an earlier preview of the
    /// same document) for the desktop app to open in the system's PDF viewer.
    pub fn pdf_preview(&self, request: PdfRequest) -> ApiResult<SavedPdf> {
        if request.path.as_deref().is_some_and(|p| !p.trim().is_empty()) {
            return Err(ApiError::invalid(
                "path: a preview is always written to Duly's preview folder; use pdf_save to choose a file",
            ));
        }
        let file = self.pdf_bytes(&request.document, request.paper.unwrap_or_default())?;
        let path = preview_dir()?.join(&file.file_name);
        replace_file(&path, &file.bytes)?;
        Ok(saved(&path, &file))
    }

    /// The document's bytes and default file name, nothing written.
    pub fn pdf_bytes(&self, document: &PdfDocument, paper: PaperSize) -> ApiResult<PdfFile> {
        let paper = match paper {
            PaperSize::A4 => duly_pdf::PaperSize::A4,
            PaperSize::Letter => duly_pdf::PaperSize::Letter,
        };
        // One read transaction: the document's figures all come from one state of the file
        // (the caller's, when it renders inside its own, as `remind` does).
        let _snapshot = if self.conn().is_autocommit() { Some(self.conn().unchecked_transaction()?) } else { None };
        let (file_name, pdf) = match document {
            PdfDocument::Invoice { number } => {
                let doc = self.invoice_doc(number, paper)?;
                (file_name(&doc.number, None), duly_pdf::render_invoice(&doc).map_err(pdf_error)?)
            }
            PdfDocument::Statement { client, as_of } => {
                let as_of = self.as_of(as_of.as_deref())?;
                let doc = self.statement_doc(client, as_of, paper)?;
                let title = file_title(DocumentKind::Statement, doc.language);
                (
                    file_name(&format!("{title} {} {as_of}", doc.client.name), None),
                    duly_pdf::render_statement(&doc).map_err(pdf_error)?,
                )
            }
            PdfDocument::Demand { number, deadline_days } => {
                let days = match deadline_days {
                    Some(days) => *days,
                    None => self.demand_days(number)?,
                };
                let deadline = demand_deadline(self.today(), days)?;
                let doc = self.demand_doc(number, deadline, paper)?;
                let number = &doc.invoices[0].number;
                (
                    file_name(number, Some(file_title(DocumentKind::Demand, doc.language))),
                    duly_pdf::render_demand_letter(&doc).map_err(pdf_error)?,
                )
            }
            PdfDocument::CreditNote { number } => {
                let doc = self.credit_note_doc(number, paper, self.sender()?.party)?;
                (
                    file_name(&doc.number, Some(file_title(DocumentKind::CreditNote, doc.language))),
                    duly_pdf::render_credit_note(&doc).map_err(pdf_error)?,
                )
            }
            PdfDocument::Plan { number } => {
                let doc = self.plan_doc(number, paper)?;
                (
                    file_name(&doc.number, Some(file_title(DocumentKind::Plan, doc.language))),
                    duly_pdf::render_plan(&doc).map_err(pdf_error)?,
                )
            }
        };
        Ok(pdf_file(file_name, pdf))
    }

    /// The demand letter asking payment by `deadline`: the final-demand email passes the date its
    /// own text states (`Draft::demand_deadline`), so the two can never disagree.
    pub(crate) fn demand_letter_until(
        &self,
        number: &str,
        deadline: NaiveDate,
        paper: PaperSize,
    ) -> ApiResult<PdfFile> {
        let paper = match paper {
            PaperSize::A4 => duly_pdf::PaperSize::A4,
            PaperSize::Letter => duly_pdf::PaperSize::Letter,
        };
        // One read transaction, or the caller's (`remind` renders inside its write transaction).
        let _snapshot = if self.conn().is_autocommit() { Some(self.conn().unchecked_transaction()?) } else { None };
        let doc = self.demand_doc(number, deadline, paper)?;
        let file_name = file_name(&doc.invoices[0].number, Some(file_title(DocumentKind::Demand, doc.language)));
        let pdf = duly_pdf::render_demand_letter(&doc).map_err(pdf_error)?;
        Ok(pdf_file(file_name, pdf))
    }

    fn invoice_doc(&self, number: &str, paper: duly_pdf::PaperSize) -> ApiResult<InvoiceDoc> {
        let inv = self.find_invoice(number)?;
        if inv.status == CoreStatus::Void {
            return Err(ApiError::invalid(format!(
                "invoice {}: it is void, so there is no invoice to print",
                inv.number
            )));
        }
        let sender = self.sender()?;
        let recipient = self.recipient(inv.client_id)?;
        let id = inv.id.unwrap_or_default();
        let terms = self.agreed_terms(&inv)?;
        // The notice names the law, not a figure: the day after the due date is enough to know
        // whether the fixed sum applies.
        let first_late = inv.due_date.succ_opt().unwrap_or(inv.due_date);
        let facts = crate::law::statutory::statutory_facts(self.conn(), &inv, &terms, first_late)?;
        Ok(InvoiceDoc {
            language: recipient.language,
            paper,
            number: inv.number.clone(),
            issue_date: inv.issue_date,
            due_date: inv.due_date,
            currency: inv.currency,
            seller: sender.party.clone(),
            logo: None,
            client: recipient.party,
            lines: lines::list_for_invoice(self.conn(), id)?
                .into_iter()
                .map(|l| InvoiceLine {
                    description: l.description,
                    quantity: l.quantity,
                    unit_price_minor: l.unit_price,
                })
                .collect(),
            tax_rate: TaxRate(inv.tax_rate),
            tax_label: String::new(),
            paid_minor: inv.paid_minor,
            deposit: duly_store::deposits::get(self.conn(), id)?.is_some(),
            terms: PaymentTerms {
                late_fee: terms.late_fee.map(|fee| printed_late_fee(fee, inv.currency)),
                early_payment_discount: terms.early_discount.map(|d| duly_pdf::EarlyPaymentDiscount {
                    percent: duly_pdf::Percent(d.rate),
                    within_days: d.within_days,
                }),
                note: statutory_notice(&facts, recipient.language),
            },
            payment: sender.payment(&payment_reference(&inv)),
            epc_qr: true,
            note: inv.notes.clone(),
        })
    }

    fn statement_doc(&self, client: &str, as_of: NaiveDate, paper: duly_pdf::PaperSize) -> ApiResult<StatementDoc> {
        let client_id = self.client_find(client)?;
        let sender = self.sender()?;
        let recipient = self.recipient(client_id)?;
        let filter =
            table::Filter { search: None, status: None, client_id: Some(client_id), overdue_only: false, as_of };
        let listed = table::list(self.conn(), &filter, table::Sort::DueDate, false, crate::MAX_PAGE, 0)?;
        let mut entries = Vec::new();
        for row in listed.rows {
            let inv = row.invoice;
            // Open on `as_of`: issued by then, and not yet fully paid by then. An invoice paid
            // since still shows, with what was open on that day.
            if inv.issue_date > as_of || matches!(inv.status, CoreStatus::Draft | CoreStatus::Void) {
                continue;
            }
            let paid_by_then = payments::list_for_invoice(self.conn(), inv.id.unwrap_or_default())?
                .iter()
                .filter(|p| p.paid_on <= as_of)
                .try_fold(0_i64, |sum, p| sum.checked_add(p.amount_minor))
                .ok_or(duly_core::MoneyError::Overflow(inv.currency))?;
            let balance = inv.total_minor.saturating_sub(paid_by_then);
            if balance <= 0 {
                continue;
            }
            let statutory = if inv.due_date < as_of {
                let terms = self.agreed_terms(&inv)?;
                let facts = crate::law::statutory::statutory_facts(self.conn(), &inv, &terms, as_of)?;
                statement_line(&facts, &inv.number, as_of, recipient.language)
            } else {
                String::new()
            };
            entries.push(StatementEntry {
                number: inv.number,
                issue_date: inv.issue_date,
                due_date: inv.due_date,
                total: Money::new(inv.total_minor, inv.currency),
                balance: Money::new(balance, inv.currency),
                statutory,
            });
        }
        if entries.is_empty() {
            return Err(ApiError::invalid(format!(
                "client {}: no invoice was open on {as_of}, so there is no statement to make",
                recipient.party.name
            )));
        }
        let payment = sender.payment("");
        Ok(StatementDoc {
            language: recipient.language,
            paper,
            as_of,
            seller: sender.party,
            logo: None,
            client: recipient.party,
            entries,
            payment: Some(payment),
        })
    }

    fn demand_doc(&self, number: &str, deadline: NaiveDate, paper: duly_pdf::PaperSize) -> ApiResult<DemandLetterDoc> {
        let inv = self.find_invoice(number)?;
        let today = self.today();
        let owed = open_amount(inv.status, inv.total_minor, inv.paid_minor);
        if owed <= 0 {
            return Err(ApiError::invalid(format!(
                "invoice {}: nothing is owed on it ({}), so there is nothing to demand",
                inv.number, inv.status
            )));
        }
        if inv.due_date >= today {
            return Err(ApiError::invalid(format!(
                "invoice {}: it is not overdue (due {}), so a demand letter would be premature",
                inv.number, inv.due_date
            )));
        }
        let sender = self.sender()?;
        let recipient = self.recipient(inv.client_id)?;
        let terms = self.agreed_terms(&inv)?;
        let mut charges = late_charges(&terms, &inv, owed, today, recipient.language);
        let facts = crate::law::statutory::statutory_facts(self.conn(), &inv, &terms, today)?;
        charges.extend(statutory_charges(&facts, &inv, today, recipient.language));
        Ok(DemandLetterDoc {
            language: recipient.language,
            paper,
            sender: sender.party.clone(),
            recipient: recipient.party,
            place: String::new(),
            date: today,
            reference: inv.number.clone(),
            invoices: vec![DemandInvoice {
                number: inv.number.clone(),
                issue_date: inv.issue_date,
                due_date: inv.due_date,
                total: Money::new(inv.total_minor, inv.currency),
                paid: Money::new(inv.paid_minor, inv.currency),
            }],
            charges,
            deadline,
            payment: sender.payment(&payment_reference(&inv)),
            history: self.contact_history(&inv, recipient.language)?,
            signatory: Signatory { name: sender.party.name.clone(), title: String::new() },
            law: demand_law(&facts),
            agreement_signed_on: self.agreement_signed_on(inv.client_id)?,
        })
    }

    /// The days the law of the invoice's contract gives in a demand letter (the playbook's 15
    /// where no rule sets them).
    pub(crate) fn demand_days(&self, number: &str) -> ApiResult<i64> {
        let inv = self.find_invoice(number)?;
        let (jurisdiction, private_person) = crate::law::statutory::jurisdiction_of(self.conn(), inv.client_id)?;
        let debtor =
            if private_person { duly_core::law::Debtor::PrivatePerson } else { duly_core::law::Debtor::Business };
        Ok(i64::from(duly_core::law::letter_law(jurisdiction.as_deref(), debtor).response_days))
    }

    /// The invoice's latest instalment plan, as agreed (its instalments and their dates, not
    /// what has been paid since: the page is the agreement, not a statement).
    fn plan_doc(&self, number: &str, paper: duly_pdf::PaperSize) -> ApiResult<duly_pdf::PlanDoc> {
        let inv = self.find_invoice(number)?;
        let id = inv.id.unwrap_or_default();
        let plan = instalment_plans::list_for_invoice(self.conn(), id)?.pop().ok_or_else(|| {
            ApiError::not_found(format!(
                "invoice {}: no instalment plan was agreed for it; create one first",
                inv.number
            ))
        })?;
        let parts = instalments::list_for_plan(self.conn(), plan.id)?;
        let sender = self.sender()?;
        let recipient = self.recipient(inv.client_id)?;
        Ok(duly_pdf::PlanDoc {
            language: recipient.language,
            paper,
            seller: sender.party.clone(),
            client: recipient.party,
            number: inv.number.clone(),
            made_on: plan.made_on,
            instalments: parts
                .iter()
                .map(|p| duly_pdf::PlanInstalmentLine {
                    number: p.number,
                    due_on: p.due_on,
                    amount: Money::new(p.amount, inv.currency),
                })
                .collect(),
            payment: sender.payment(&payment_reference(&inv)),
        })
    }

    /// The evidence that the client was told: the invoice being sent, every message about it
    /// that left the outbox, and calls and other contacts recorded on its timeline.
    fn contact_history(&self, inv: &table::Invoice, language: Language) -> ApiResult<Vec<ContactRecord>> {
        let id = inv.id.unwrap_or_default();
        let mut history = Vec::new();
        let timeline = crate::shared::timeline::read(self.conn(), id)?;
        // An invoice entered as already issued has its "sent" entry at the moment it was typed
        // in; it went out on its issue date, which is what the evidence must say.
        let created_at = timeline.iter().find(|e| e.kind == TimelineKind::Created).map(|e| e.at.clone());
        for e in timeline {
            let Some(date) = local_date(&e.at) else { continue };
            match e.kind {
                TimelineKind::Sent => {
                    let date =
                        if created_at.as_deref() == Some(e.at.as_str()) { inv.issue_date.min(date) } else { date };
                    history.push(ContactRecord::InvoiceSent { date, invoice: inv.number.clone() });
                }
                // A logged call is `call_<outcome>`, its detail who was reached and the notes.
                kind if kind.call_outcome().is_some() => {
                    let outcome = kind.call_outcome().map(|o| duly_pdf::call_outcome(o, language)).unwrap_or_default();
                    let outcome = outcome.to_owned();
                    let outcome =
                        if e.detail.trim().is_empty() { outcome } else { format!("{outcome} ({})", e.detail.trim()) };
                    history.push(ContactRecord::Call { date, outcome });
                }
                // email_* events mirror the outbox, which is read below with the message's kind.
                _ => {}
            }
        }
        for row in outbox::list(self.conn(), Some("sent"), i64::MAX)? {
            if row.invoice_id != Some(id) {
                continue;
            }
            let Some(date) = row.status.sent_at.as_deref().and_then(local_date) else { continue };
            history.push(match row.kind.as_str() {
                "invoice" => ContactRecord::InvoiceSent { date, invoice: inv.number.clone() },
                _ => ContactRecord::Reminder { date, channel: Channel::Email, invoice: inv.number.clone() },
            });
        }
        history.sort_by_key(ContactRecord::date);
        Ok(history)
    }

    /// The late fee and early-payment discount in force for this invoice: its own terms, else
    /// its client's, else the business's default (the follow-up ladder's `terms` table).
    fn agreed_terms(&self, inv: &table::Invoice) -> ApiResult<Terms> {
        Ok(duly_store::terms::in_force(self.conn(), inv.client_id, inv.id.unwrap_or_default())?)
    }

    fn sender(&self) -> ApiResult<Sender> {
        let b = business::get(self.conn())?.unwrap_or_else(crate::shared::letterhead::default_business);
        if b.name.trim().is_empty() {
            return Err(ApiError::invalid(
                "business name: it is not set, and every document must say who it is from; fill in your business profile first",
            ));
        }
        Ok(Sender {
            party: Party {
                name: b.name.trim().to_owned(),
                address: b.address,
                tax_id: b.tax_id,
                email: b.email,
                phone: b.phone,
                attention: String::new(),
            },
            bank_name: b.bank_name,
            iban: b.iban,
            bic: b.bic,
        })
    }

    pub(crate) fn recipient(&self, client_id: i64) -> ApiResult<Recipient> {
        let c = clients::get(self.conn(), client_id)?
            .ok_or_else(|| ApiError::not_found(format!("client {client_id} does not exist")))?;
        let people = contacts::list_for_client(self.conn(), client_id)?;
        let billing = crate::shared::recipients::billing_or_first(&people, |_| true);
        Ok(Recipient {
            language: c.language,
            party: Party {
                name: c.name,
                address: c.address,
                tax_id: c.tax_id,
                email: billing.map(|p| p.email.clone()).unwrap_or_default(),
                phone: billing.map(|p| p.phone.clone()).unwrap_or_default(),
                attention: billing.map(|p| p.name.clone()).unwrap_or_default(),
            },
        })
    }
}

/// The invoice's ISO 11649 creditor reference, printed in groups of four: what the client quotes
/// with the transfer, what the EPC QR code carries in its structured field, and what statement
/// matching recognises with certainty (`duly_core::bank_match`).
fn payment_reference(inv: &table::Invoice) -> String {
    duly_core::CreditorReference::for_invoice(&inv.number, inv.id.unwrap_or_default()).printed()
}

struct Sender {
    party: Party,
    bank_name: String,
    iban: String,
    bic: String,
}

impl Sender {
    /// The business's one account field goes out as an IBAN only when it is one; an Indonesian
    /// rekening number is printed as "Nomor rekening" (and gets no EPC QR code).
    fn payment(&self, reference: &str) -> PaymentDetails {
        let (iban, account_number) = if duly_core::is_iban(&self.iban) {
            (grouped_iban(&self.iban), String::new())
        } else {
            (String::new(), self.iban.trim().to_owned())
        };
        PaymentDetails {
            bank_name: self.bank_name.clone(),
            account_holder: self.party.name.clone(),
            iban,
            bic: self.bic.clone(),
            account_number,
            reference: reference.to_owned(),
        }
    }
}

pub(crate) struct Recipient {
    pub(crate) language: Language,
    pub(crate) party: Party,
}

/// The late fee as the invoice's payment terms print it.
fn printed_late_fee(fee: LateFee, currency: duly_core::Currency) -> duly_pdf::LateFee {
    match fee {
        LateFee::Fixed { amount } => duly_pdf::LateFee::Fixed(Money::new(amount, currency)),
        LateFee::Percent { rate } => duly_pdf::LateFee::PercentOnce(duly_pdf::Percent(rate)),
        LateFee::InterestPerYear { rate } => duly_pdf::LateFee::PercentPerYear(duly_pdf::Percent(rate)),
    }
}

/// What the agreed late fee comes to on `owed` as of `today` (computed by the core, the one
/// place fees are worked out), with the words that explain it on the letter.
fn late_charges(
    terms: &Terms,
    inv: &table::Invoice,
    owed: i64,
    today: NaiveDate,
    language: Language,
) -> Vec<duly_pdf::Charge> {
    let Some(fee) = terms.late_fee else { return Vec::new() };
    let amount = fee.charge(owed, inv.due_date, today, inv.currency);
    if amount <= 0 {
        return Vec::new();
    }
    let n = &inv.number;
    let description = match fee {
        LateFee::InterestPerYear { rate } => {
            let percent = duly_pdf::format_percent(duly_pdf::Percent(rate), language);
            let from = duly_core::format_date(inv.due_date + Days::new(1), language);
            let to = duly_core::format_date(today, language);
            match language {
                Language::En => format!("Interest at {percent} per year on invoice {n}, {from} to {to}"),
                Language::Id => format!("Bunga {percent} per tahun atas faktur {n}, {from} sampai {to}"),
                Language::Ro => format!("Dobândă penalizatoare de {percent} pe an pentru factura {n}, {from} – {to}"),
            }
        }
        LateFee::Percent { rate } => {
            let percent = duly_pdf::format_percent(duly_pdf::Percent(rate), language);
            match language {
                Language::En => format!("Late payment fee of {percent} of the amount due on invoice {n}"),
                Language::Id => format!("Denda keterlambatan {percent} dari jumlah tagihan faktur {n}"),
                Language::Ro => format!("Penalitate de întârziere de {percent} din suma datorată pentru factura {n}"),
            }
        }
        LateFee::Fixed { .. } => match language {
            Language::En => format!("Late payment fee on invoice {n}"),
            Language::Id => format!("Denda keterlambatan faktur {n}"),
            Language::Ro => format!("Penalitate de întârziere pentru factura {n}"),
        },
    };
    vec![duly_pdf::Charge { description, amount: Money::new(amount, inv.currency) }]
}

/// The invoice's one-line statutory notice, where the law gives a business interest (and a fixed
/// sum); "" where it gives nothing or the contract sets its own interest.
fn statutory_notice(facts: &crate::law::statutory::StatutoryFacts, language: Language) -> String {
    let Some(law) = facts.letter.interest_citation else { return String::new() };
    let fixed = facts.compensation.zip(facts.letter.compensation_citation);
    match (language, fixed) {
        (Language::En, Some((sum, by))) => format!(
            "Late payment: statutory interest under {law} and a fixed compensation of {} ({by}).",
            duly_core::format_money(sum, language)
        ),
        (Language::En, None) => format!("Late payment: statutory interest under {law}."),
        (Language::Ro, Some((sum, by))) => format!(
            "Întârzierea la plată: dobânda legală penalizatoare prevăzută de {law} și suma fixă de {} ({by}).",
            duly_core::format_money(sum, language)
        ),
        (Language::Ro, None) => format!("Întârzierea la plată: dobânda legală penalizatoare prevăzută de {law}."),
        (Language::Id, Some((sum, by))) => format!(
            "Keterlambatan pembayaran: bunga menurut undang-undang ({law}) dan kompensasi tetap sebesar {} ({by}).",
            duly_core::format_money(sum, language)
        ),
        (Language::Id, None) => format!("Keterlambatan pembayaran: bunga menurut undang-undang ({law})."),
    }
}

/// One overdue invoice's statutory interest to the statement's date and its fixed sum, for the
/// statement of account; "" when the law adds nothing. No figure for interest whose rate is unknown.
fn statement_line(
    facts: &crate::law::statutory::StatutoryFacts,
    number: &str,
    as_of: NaiveDate,
    language: Language,
) -> String {
    let mut parts = Vec::new();
    let date = duly_core::format_date(as_of, language);
    if let Some(law) = facts.letter.interest_citation {
        parts.push(match (facts.interest, language) {
            (Some(m), Language::En) => {
                format!("statutory interest to {date} {} ({law})", duly_core::format_money(m, language))
            }
            (Some(m), Language::Ro) => {
                format!("dobânda legală penalizatoare până la {date}: {} ({law})", duly_core::format_money(m, language))
            }
            (Some(m), Language::Id) => {
                format!("bunga menurut undang-undang hingga {date}: {} ({law})", duly_core::format_money(m, language))
            }
            (None, Language::En) => format!("statutory interest runs ({law})"),
            (None, Language::Ro) => format!("curge dobânda legală penalizatoare ({law})"),
            (None, Language::Id) => format!("bunga menurut undang-undang berjalan ({law})"),
        });
    }
    if let (Some(m), Some(law)) = (facts.compensation, facts.letter.compensation_citation) {
        let sum = duly_core::format_money(m, language);
        parts.push(match language {
            Language::En => format!("fixed compensation {sum} ({law})"),
            Language::Ro => format!("suma fixă {sum} ({law})"),
            Language::Id => format!("kompensasi tetap {sum} ({law})"),
        });
    }
    if parts.is_empty() {
        return String::new();
    }
    format!("{number}: {}", parts.join("; "))
}

/// What the letter says about the law, from the same facts its charges were taken from.
fn demand_law(facts: &crate::law::statutory::StatutoryFacts) -> duly_pdf::DemandLaw {
    let l = &facts.letter;
    duly_pdf::DemandLaw {
        style: l.style,
        private_person: facts.private_person,
        interest_citation: l.interest_citation.unwrap_or_default().to_owned(),
        compensation_citation: l.compensation_citation.unwrap_or_default().to_owned(),
        transposition: l.transposition.unwrap_or_default().to_owned(),
        statutory_interest: facts.interest,
        statutory_compensation: facts.compensation,
    }
}

/// The statutory interest and the fixed compensation as lines of the letter's table, so the
/// total demanded includes them. No line for interest whose figure is unknown.
fn statutory_charges(
    facts: &crate::law::statutory::StatutoryFacts,
    inv: &table::Invoice,
    today: NaiveDate,
    language: Language,
) -> Vec<duly_pdf::Charge> {
    let mut out = Vec::new();
    let n = &inv.number;
    if let (Some(amount), Some(law)) = (facts.interest, facts.letter.interest_citation)
        && amount.minor > 0
    {
        let from = duly_core::format_date(inv.due_date + Days::new(1), language);
        let to = duly_core::format_date(today, language);
        let description = match language {
            Language::En => format!("Statutory interest under {law} on invoice {n}, {from} to {to}"),
            Language::Id => format!("Bunga menurut undang-undang ({law}) atas faktur {n}, {from} sampai {to}"),
            Language::Ro => format!("Dobândă legală penalizatoare ({law}) pentru factura {n}, {from} – {to}"),
        };
        out.push(duly_pdf::Charge { description, amount });
    }
    if let (Some(amount), Some(law)) = (facts.compensation, facts.letter.compensation_citation) {
        let description = match language {
            Language::En => format!("Fixed compensation for recovery costs under {law}, invoice {n}"),
            Language::Id => format!("Kompensasi tetap biaya penagihan ({law}), faktur {n}"),
            Language::Ro => format!("Despăgubire fixă pentru cheltuielile de recuperare ({law}), factura {n}"),
        };
        out.push(duly_pdf::Charge { description, amount });
    }
    out
}

fn pdf_file(file_name: String, pdf: duly_pdf::Pdf) -> PdfFile {
    let pages = u32::try_from(duly_pdf::page_count(&pdf)).unwrap_or(u32::MAX);
    PdfFile { file_name, pages, warnings: pdf.warnings.iter().map(ToString::to_string).collect(), bytes: pdf.bytes }
}

fn pdf_error(e: PdfError) -> ApiError {
    match e {
        PdfError::Logo(_) | PdfError::Empty(_) | PdfError::EpcQr(_) | PdfError::Overflow(_) => {
            ApiError::invalid(e.to_string())
        }
        _ => ApiError::new(ErrorCode::Internal, e.to_string()),
    }
}

fn saved(path: &Path, file: &PdfFile) -> SavedPdf {
    SavedPdf {
        path: path.display().to_string(),
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| file.file_name.clone()),
        pages: file.pages,
        bytes_len: file.bytes.len() as u64,
        warnings: file.warnings.clone(),
    }
}

/// An RFC 3339 instant as the user's local calendar date.
fn local_date(at: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(at).ok().map(|t| t.with_timezone(&chrono::Local).date_naive())
}

/// "RO49AAAA1B31007593840000" as printed on paper: "RO49 AAAA 1B31 0075 9384 0000".
fn grouped_iban(iban: &str) -> String {
    let compact: Vec<char> = iban.chars().filter(|c| !c.is_whitespace()).collect();
    compact.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// A file name from a document's own words: characters no file system accepts become "-".
fn file_name(stem: &str, prefix: Option<&str>) -> String {
    let stem = match prefix {
        Some(p) => format!("{p} {stem}"),
        None => stem.to_owned(),
    };
    let clean: String =
        stem.trim()
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
    let clean = clean.trim_matches(|c: char| c == '.' || c.is_whitespace());
    format!("{}.pdf", if clean.is_empty() { "document" } else { clean })
}

/// The user's Downloads folder, else their home folder.
fn downloads_dir() -> ApiResult<PathBuf> {
    let dirs = directories::UserDirs::new().ok_or_else(|| {
        ApiError::new(ErrorCode::Storage, "no home folder is known for this user, so there is nowhere to save the PDF")
    })?;
    Ok(dirs.download_dir().map_or_else(|| dirs.home_dir().to_owned(), Path::to_owned))
}

/// Where previews go: a folder of Duly's own in the user's cache (the desktop app may open
/// files there and nowhere else).
pub fn preview_dir() -> ApiResult<PathBuf> {
    let base = directories::BaseDirs::new().ok_or_else(|| {
        ApiError::new(
            ErrorCode::Storage,
            "no cache folder is known for this user, so there is nowhere to put the preview",
        )
    })?;
    Ok(base.cache_dir().join("duly").join("preview"))
}

fn io_error(path: &Path, e: &std::io::Error) -> ApiError {
    ApiError::new(ErrorCode::Storage, format!("{}: could not be written: {e}", path.display()))
}

/// Writes `name` in `dir`, or "name (2).pdf", "name (3).pdf"... the first that does not exist
/// yet: a download never replaces a file the user already has.
fn write_new_file(dir: &Path, name: &str, bytes: &[u8]) -> ApiResult<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    let stem = name.strip_suffix(".pdf").unwrap_or(name);
    for n in 1..=9999 {
        let candidate = if n == 1 { dir.join(name) } else { dir.join(format!("{stem} ({n}).pdf")) };
        match OpenOptions::new().write(true).create_new(true).open(&candidate) {
            Ok(file) => {
                if let Err(e) = write_all(file, &candidate, bytes) {
                    let _ = std::fs::remove_file(&candidate);
                    return Err(e);
                }
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io_error(&candidate, &e)),
        }
    }
    Err(ApiError::new(ErrorCode::Storage, format!("{}: too many files named {name} already", dir.display())))
}

/// Writes `path` whole or not at all: a temporary file beside it, then a rename.
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> ApiResult<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if path.is_dir() {
        return Err(ApiError::invalid(format!("path: {} is a folder; give a file name", path.display())));
    }
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.partial", std::process::id()));
    let file = File::create(&temp).map_err(|e| io_error(&temp, &e))?;
    let written =
        write_all(file, &temp, bytes).and_then(|()| std::fs::rename(&temp, path).map_err(|e| io_error(path, &e)));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

fn write_all(mut file: File, path: &Path, bytes: &[u8]) -> ApiResult<()> {
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| io_error(path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn invoice(due: NaiveDate) -> table::Invoice {
        table::Invoice {
            id: Some(1),
            number: "INV-2026-0007".into(),
            client_id: 1,
            issue_date: d(2026, 1, 1),
            due_date: due,
            currency: "EUR".parse().unwrap(),
            tax_rate: 0,
            subtotal_minor: 100_000,
            tax_minor: 0,
            total_minor: 100_000,
            paid_minor: 0,
            status: CoreStatus::Sent,
            notes: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn the_letter_claims_the_fee_the_core_computes_and_says_what_it_is() {
        let terms = Terms { late_fee: Some(LateFee::InterestPerYear { rate: 1200 }), ..Terms::default() };
        // €1,000.00 at 12 % a year for 73 days: 1000 × 0.12 × 73 / 365 = €24.00.
        let charges = late_charges(&terms, &invoice(d(2026, 1, 31)), 100_000, d(2026, 4, 14), Language::En);
        assert_eq!(charges.len(), 1);
        assert_eq!(charges[0].amount.minor, 2_400);
        assert!(
            charges[0].description.contains("12% per year on invoice INV-2026-0007, 1 February 2026 to 14 April 2026"),
            "{}",
            charges[0].description
        );
        let once = Terms { late_fee: Some(LateFee::Percent { rate: 500 }), ..Terms::default() };
        let charges = late_charges(&once, &invoice(d(2026, 1, 31)), 100_000, d(2026, 4, 14), Language::Ro);
        assert_eq!(charges[0].amount.minor, 5_000);
        assert!(charges[0].description.contains("5 %"), "{}", charges[0].description);
        assert!(
            late_charges(&Terms::default(), &invoice(d(2026, 1, 31)), 100_000, d(2026, 4, 14), Language::En).is_empty()
        );
        assert!(
            late_charges(&terms, &invoice(d(2026, 4, 14)), 100_000, d(2026, 4, 14), Language::En).is_empty(),
            "not late yet"
        );
    }

    #[test]
    fn file_names_keep_the_number_and_lose_what_file_systems_refuse() {
        assert_eq!(file_name("INV-2026-0001", None), "INV-2026-0001.pdf");
        assert_eq!(file_name("INV/2026/014", Some("Somasi")), "Somasi INV-2026-014.pdf");
        assert_eq!(file_name("..", None), "document.pdf");
        assert_eq!(grouped_iban("RO49AAAA1B31007593840000"), "RO49 AAAA 1B31 0075 9384 0000");
    }

    #[test]
    fn downloads_never_replace_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = write_new_file(dir.path(), "INV-1.pdf", b"one").unwrap();
        let b = write_new_file(dir.path(), "INV-1.pdf", b"two").unwrap();
        let c = write_new_file(dir.path(), "INV-1.pdf", b"three").unwrap();
        assert_eq!(a.file_name().unwrap(), "INV-1.pdf");
        assert_eq!(b.file_name().unwrap(), "INV-1 (2).pdf");
        assert_eq!(c.file_name().unwrap(), "INV-1 (3).pdf");
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(std::fs::read(&c).unwrap(), b"three");
    }
}
