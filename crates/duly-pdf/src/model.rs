//! The plain inputs of each document.
//!
//! They are this crate's own structs, not database rows or API DTOs, so that rendering needs no
//! store, no clock and no network: everything a document says, including its dates, is passed
//! in. Text fields left blank are simply not printed, the way the store keeps unknown values.

use chrono::NaiveDate;
use duly_core::{Currency, Language, Money, Quantity, TaxRate};

/// The paper the document is laid out for; freelancers in the US and Canada print on Letter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PaperSize {
    #[default]
    A4,
    Letter,
}

/// A business or a person: the sender or the recipient of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    /// Postal address, one line per `\n`, as the store keeps it.
    pub address: String,
    /// VAT number, CUI/CIF or NPWP; printed with the language's label.
    pub tax_id: String,
    pub email: String,
    pub phone: String,
    /// A person to whose attention the document goes (accounts payable, the project contact).
    pub attention: String,
}

/// Where and how to pay. Every field is optional because a rupiah invoice has an account
/// number and no IBAN, a euro invoice the reverse.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentDetails {
    pub bank_name: String,
    /// The name on the account; the sender's name when blank.
    pub account_holder: String,
    pub iban: String,
    pub bic: String,
    /// A domestic account number, for banks without IBAN (Indonesia, the US).
    pub account_number: String,
    /// What the client must quote so the payment can be matched; usually the invoice number.
    pub reference: String,
}

/// A percentage in hundredths of a percent (250 is 2.5 %), the same scale as
/// [`duly_core::TaxRate`], so that no percentage ever passes through a float.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(pub i64);

impl From<TaxRate> for Percent {
    fn from(rate: TaxRate) -> Self {
        Percent(rate.hundredths_of_percent())
    }
}

/// What a late payment costs, as agreed before the work started (a term only counts if it was
/// written down beforehand).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LateFee {
    /// Interest per month on the overdue amount, from the day after the due date.
    PercentPerMonth(Percent),
    /// Simple interest per year on the overdue amount, from the day after the due date.
    PercentPerYear(Percent),
    /// A share of the amount due, charged once when the due date has passed.
    PercentOnce(Percent),
    /// A flat fee once the due date has passed.
    Fixed(Money),
    /// The user's own wording, already in the document's language.
    Text(String),
}

/// The classic "2/10 net 30": a discount for paying within some days of the invoice date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EarlyPaymentDiscount {
    pub percent: Percent,
    pub within_days: u32,
}

/// The payment terms printed under the totals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentTerms {
    pub late_fee: Option<LateFee>,
    pub early_payment_discount: Option<EarlyPaymentDiscount>,
    /// Any further terms, in the document's language.
    pub note: String,
}

/// One itemised line of an invoice; its amount is computed by `duly-core` exactly as the store
/// computes it, so the PDF can never disagree with the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceLine {
    pub description: String,
    pub quantity: Quantity,
    /// Price of one unit, in minor units of the invoice's currency.
    pub unit_price_minor: i64,
}

/// An invoice as sent to the client, or a copy of it attached to a reminder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceDoc {
    pub language: Language,
    pub paper: PaperSize,
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub currency: Currency,
    pub seller: Party,
    /// PNG or JPEG bytes, drawn top left at most 45 × 18 mm.
    pub logo: Option<Vec<u8>>,
    pub client: Party,
    pub lines: Vec<InvoiceLine>,
    pub tax_rate: TaxRate,
    /// "VAT", "PPN", "TVA"... Blank uses the language's usual name.
    pub tax_label: String,
    /// What the client has paid so far, in minor units of the invoice's currency.
    pub paid_minor: i64,
    pub terms: PaymentTerms,
    pub payment: PaymentDetails,
    /// Draw an EPC069-12 ("SEPA") QR code that banking apps scan to prefill the transfer.
    /// Only drawn for a euro invoice with an IBAN and something still due.
    pub epc_qr: bool,
    /// A free note under the lines (project, purchase order number...).
    pub note: String,
    /// A deposit (advance) invoice: titled so ("Deposit invoice", "Faktur uang muka", "Factură de
    /// avans"), so the client's books tell it from the final one.
    pub deposit: bool,
}

/// One open invoice on a statement of account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementEntry {
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    /// The invoice's total.
    pub total: Money,
    /// What is still open on it; the statement lists and subtotals this.
    pub balance: Money,
    /// What the law adds on the statement's date (statutory interest, the fixed compensation,
    /// with their statutes), already worded in the document's language; "" for nothing.
    pub statutory: String,
}

/// Every open invoice of one client as of a date, grouped per currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementDoc {
    pub language: Language,
    pub paper: PaperSize,
    pub as_of: NaiveDate,
    pub seller: Party,
    pub logo: Option<Vec<u8>>,
    pub client: Party,
    pub entries: Vec<StatementEntry>,
    /// Printed at the end when given, so the statement can be paid from.
    pub payment: Option<PaymentDetails>,
}

/// An invoice whose unpaid part a demand letter claims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemandInvoice {
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub total: Money,
    pub paid: Money,
}

/// Interest or a fee claimed under the agreed terms, computed by the caller (no float maths
/// here) and explained in words, e.g. "Interest at 1 % per month on invoice 2026-014, 24
/// September to 23 November 2026".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Charge {
    pub description: String,
    pub amount: Money,
}

/// How a reminder was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Channel {
    Email,
    Letter,
    Sms,
    WhatsApp,
    /// Any other channel, named in the document's language.
    Other(String),
}

/// One past contact about the debt; together they are the evidence that the debtor was told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContactRecord {
    /// A reminder sent; `invoice` names the invoice it was about, when it was about one.
    Reminder { date: NaiveDate, channel: Channel, invoice: String },
    /// A telephone call and what came of it, in the user's words.
    Call { date: NaiveDate, outcome: String },
    /// Anything else worth recording (a promise to pay, a meeting), in the user's words.
    Other { date: NaiveDate, description: String },
    /// The invoice itself was issued and sent: the first contact, from which the debtor knew.
    InvoiceSent { date: NaiveDate, invoice: String },
}

impl ContactRecord {
    /// When the contact happened; the letter lists them in this order.
    pub fn date(&self) -> NaiveDate {
        match self {
            ContactRecord::Reminder { date, .. }
            | ContactRecord::Call { date, .. }
            | ContactRecord::Other { date, .. }
            | ContactRecord::InvoiceSent { date, .. } => *date,
        }
    }
}

/// Who signs the letter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Signatory {
    pub name: String,
    /// "Owner", "Director"...; may be blank.
    pub title: String,
}

/// The formal demand letter (letter before action, somasi, somație): the last step of the
/// follow-up playbook before mediation or court.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemandLetterDoc {
    pub language: Language,
    pub paper: PaperSize,
    pub sender: Party,
    pub recipient: Party,
    /// Where the letter is written ("Cluj-Napoca"), printed before the date.
    pub place: String,
    pub date: NaiveDate,
    /// The sender's reference for this letter; may be blank.
    pub reference: String,
    pub invoices: Vec<DemandInvoice>,
    pub charges: Vec<Charge>,
    /// The last day to pay. The default policy (15 days) is the caller's.
    pub deadline: NaiveDate,
    pub payment: PaymentDetails,
    pub history: Vec<ContactRecord>,
    pub signatory: Signatory,
    /// The law the letter follows: its kind, what it cites and the statutory figures.
    pub law: DemandLaw,
    /// The day the client's signed agreement was signed, when one is kept: the letter then says
    /// the invoices were issued under it. `None` says nothing (never a guessed agreement).
    pub agreement_signed_on: Option<NaiveDate>,
}

/// What the law of the contract makes the demand letter say (`duly_core::law::letter_law`): a
/// somație, a somasi, a letter before claim, an EU demand or the contract's terms only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemandLaw {
    pub style: duly_core::law::LetterStyle,
    /// The debtor is an individual (the UK protocol's 30 days and its forms).
    pub private_person: bool,
    /// The statute giving statutory interest, "" when none is claimed.
    pub interest_citation: String,
    /// The statute giving the fixed compensation, "" when none is claimed.
    pub compensation_citation: String,
    /// The national law transposing Directive 2011/7/EU, "" for none.
    pub transposition: String,
    /// The statutory interest accrued to the letter's date; `None` when none is claimed or a
    /// period's reference rate is unknown (the letter then states the basis without a figure).
    pub statutory_interest: Option<Money>,
    /// The fixed compensation, in the currency the law states it in.
    pub statutory_compensation: Option<Money>,
}

impl DemandLaw {
    /// The contract's terms only: nothing statutory is said.
    pub fn contract() -> Self {
        Self {
            style: duly_core::law::LetterStyle::Contract,
            private_person: false,
            interest_citation: String::new(),
            compensation_citation: String::new(),
            transposition: String::new(),
            statutory_interest: None,
            statutory_compensation: None,
        }
    }
}
