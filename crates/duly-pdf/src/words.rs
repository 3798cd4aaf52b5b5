//! Everything the documents say, in English, Indonesian and Romanian.
//!
//! The wording is Duly's own. Dates and day counts are written by `duly_core::format_date` and
//! `format_days`, the same words as the emails.

use duly_core::calls::CallOutcome;
use duly_core::{Language, Money, Quantity, format_days, format_money};

use crate::error::PdfError;
use crate::model::{Channel, Percent};

fn decimal_separator(language: Language) -> char {
    match language {
        Language::En => '.',
        Language::Id | Language::Ro => ',',
    }
}

/// "2%" / "2,5%" / "2,5 %": Romanian typography puts a space before the sign, English and
/// Indonesian do not.
pub fn format_percent(percent: Percent, language: Language) -> String {
    let sign = if percent.0 < 0 { "-" } else { "" };
    let abs = percent.0.unsigned_abs();
    let (whole, frac) = (abs / 100, abs % 100);
    let mut number = format!("{sign}{whole}");
    if frac != 0 {
        let digits = format!("{frac:02}");
        number.push(decimal_separator(language));
        number.push_str(digits.trim_end_matches('0'));
    }
    match language {
        Language::Ro => format!("{number} %"),
        Language::En | Language::Id => format!("{number}%"),
    }
}

/// A quantity with the language's decimal separator: "1.5" in English, "1,5" elsewhere.
pub fn format_quantity(quantity: Quantity, language: Language) -> String {
    quantity.to_string().replace('.', &decimal_separator(language).to_string())
}

pub(crate) fn money(amount: Money, language: Language) -> String {
    format_money(amount, language)
}

/// The fixed labels of every document.
#[derive(Debug)]
pub(crate) struct Words {
    pub invoice: &'static str,
    /// The title of a deposit (advance) invoice.
    pub deposit_invoice: &'static str,
    pub invoice_number: &'static str,
    pub issue_date: &'static str,
    pub due_date: &'static str,
    pub bill_to: &'static str,
    pub attention: &'static str,
    pub tax_id: &'static str,
    pub description: &'static str,
    pub quantity: &'static str,
    pub unit_price: &'static str,
    pub amount: &'static str,
    pub subtotal: &'static str,
    pub default_tax: &'static str,
    pub total: &'static str,
    pub paid: &'static str,
    pub amount_due: &'static str,
    pub payment_terms: &'static str,
    pub how_to_pay: &'static str,
    pub bank: &'static str,
    pub account_holder: &'static str,
    pub iban: &'static str,
    pub bic: &'static str,
    pub account_number: &'static str,
    pub reference: &'static str,
    pub quote_reference: &'static str,
    pub scan_to_pay: &'static str,
    pub continued: &'static str,
    pub statement: &'static str,
    pub as_of: &'static str,
    pub client: &'static str,
    pub days_overdue: &'static str,
    pub invoice_total: &'static str,
    pub balance: &'static str,
    pub open_in: &'static str,
    pub statement_intro: &'static str,
    pub statement_outro: &'static str,
    pub outstanding: &'static str,
    pub total_demanded: &'static str,
    pub interest_and_fees: &'static str,
    pub our_reference: &'static str,
    pub date: &'static str,
    pub contact: &'static str,
}

const EN: Words = Words {
    invoice: "Invoice",
    deposit_invoice: "Deposit invoice",
    invoice_number: "Invoice number",
    issue_date: "Issue date",
    due_date: "Due date",
    bill_to: "Bill to",
    attention: "Attn.",
    tax_id: "Tax ID",
    description: "Description",
    quantity: "Qty",
    unit_price: "Unit price",
    amount: "Amount",
    subtotal: "Subtotal",
    default_tax: "VAT",
    total: "Total",
    paid: "Paid",
    amount_due: "Amount due",
    payment_terms: "Payment terms",
    how_to_pay: "How to pay",
    bank: "Bank",
    account_holder: "Account holder",
    iban: "IBAN",
    bic: "BIC",
    account_number: "Account number",
    reference: "Payment reference",
    quote_reference: "Please quote the payment reference with your transfer.",
    scan_to_pay: "Scan with your banking app to pay",
    continued: "continued",
    statement: "Statement of account",
    as_of: "As of",
    client: "Client",
    days_overdue: "Days overdue",
    invoice_total: "Invoice total",
    balance: "Balance",
    open_in: "Open invoices in",
    statement_intro: "According to our records, the following invoices were still open on this date.",
    statement_outro: "If your records differ, or if a payment has crossed with this statement, please let us know.",
    outstanding: "Outstanding",
    total_demanded: "Total demanded",
    interest_and_fees: "Interest and fees",
    our_reference: "Our reference",
    date: "Date",
    contact: "Contact",
};

const ID: Words = Words {
    invoice: "Faktur",
    deposit_invoice: "Faktur uang muka",
    invoice_number: "Nomor faktur",
    issue_date: "Tanggal faktur",
    due_date: "Jatuh tempo",
    bill_to: "Ditagihkan kepada",
    attention: "Up.",
    tax_id: "NPWP",
    description: "Deskripsi",
    quantity: "Jml",
    unit_price: "Harga satuan",
    amount: "Jumlah",
    subtotal: "Subtotal",
    default_tax: "PPN",
    total: "Total",
    paid: "Telah dibayar",
    amount_due: "Sisa tagihan",
    payment_terms: "Ketentuan pembayaran",
    how_to_pay: "Cara pembayaran",
    bank: "Bank",
    account_holder: "Atas nama",
    iban: "IBAN",
    bic: "BIC/SWIFT",
    account_number: "Nomor rekening",
    reference: "Referensi pembayaran",
    quote_reference: "Mohon cantumkan referensi pembayaran pada berita transfer.",
    scan_to_pay: "Pindai dengan aplikasi bank Anda untuk membayar",
    continued: "lanjutan",
    statement: "Rekapitulasi tagihan",
    as_of: "Per tanggal",
    client: "Klien",
    days_overdue: "Hari terlambat",
    invoice_total: "Nilai faktur",
    balance: "Sisa",
    open_in: "Faktur terbuka dalam",
    statement_intro: "Menurut catatan kami, faktur-faktur berikut masih belum lunas pada tanggal tersebut.",
    statement_outro: "Apabila catatan Anda berbeda, atau pembayaran telah dilakukan setelah rekapitulasi ini dibuat, mohon kabari kami.",
    outstanding: "Belum dibayar",
    total_demanded: "Total yang dituntut",
    interest_and_fees: "Bunga dan denda keterlambatan",
    our_reference: "Nomor surat",
    date: "Tanggal",
    contact: "Komunikasi",
};

const RO: Words = Words {
    invoice: "Factură",
    deposit_invoice: "Factură de avans",
    invoice_number: "Număr factură",
    issue_date: "Data emiterii",
    due_date: "Data scadenței",
    bill_to: "Client",
    attention: "În atenția",
    tax_id: "CIF",
    description: "Descriere",
    quantity: "Cant.",
    unit_price: "Preț unitar",
    amount: "Valoare",
    subtotal: "Subtotal",
    default_tax: "TVA",
    total: "Total",
    paid: "Achitat",
    amount_due: "Rest de plată",
    payment_terms: "Condiții de plată",
    how_to_pay: "Modalitate de plată",
    bank: "Banca",
    account_holder: "Titular cont",
    iban: "IBAN",
    bic: "BIC",
    account_number: "Număr cont",
    reference: "Referință plată",
    quote_reference: "Vă rugăm să menționați referința la efectuarea plății.",
    scan_to_pay: "Scanați cu aplicația băncii pentru a plăti",
    continued: "continuare",
    statement: "Situația facturilor neachitate",
    as_of: "La data de",
    client: "Client",
    days_overdue: "Zile întârziere",
    invoice_total: "Valoare factură",
    balance: "Sold",
    open_in: "Facturi neachitate în",
    statement_intro: "Conform evidențelor noastre, următoarele facturi erau neachitate la această dată.",
    statement_outro: "Dacă evidențele dumneavoastră diferă sau dacă între timp ați efectuat o plată, vă rugăm să ne anunțați.",
    outstanding: "Rest de plată",
    total_demanded: "Total solicitat",
    interest_and_fees: "Dobânzi și penalități de întârziere",
    our_reference: "Nr. de înregistrare",
    date: "Data",
    contact: "Comunicare",
};

pub(crate) fn words(language: Language) -> &'static Words {
    match language {
        Language::En => &EN,
        Language::Id => &ID,
        Language::Ro => &RO,
    }
}

/// "Page 2 of 5", in the document's language.
pub fn page_of(page: usize, pages: usize, language: Language) -> String {
    match language {
        Language::En => format!("Page {page} of {pages}"),
        Language::Id => format!("Halaman {page} dari {pages}"),
        Language::Ro => format!("Pagina {page} din {pages}"),
    }
}

pub(crate) fn payment_within(n: i64, due: &str, language: Language) -> String {
    let span = format_days(n, language);
    match language {
        Language::En if n <= 0 => format!("Payable on receipt, by {due}."),
        Language::Id if n <= 0 => format!("Dibayar saat faktur diterima, paling lambat {due}."),
        Language::Ro if n <= 0 => format!("Plata se efectuează la primire, până la {due}."),
        Language::En => format!("Payment within {span} of the invoice date, by {due}."),
        Language::Id => format!("Pembayaran dalam {span} sejak tanggal faktur, paling lambat {due}."),
        Language::Ro => format!("Plata se efectuează în termen de {span} de la data facturii, până la {due}."),
    }
}

pub(crate) fn late_interest(percent: &str, language: Language) -> String {
    match language {
        Language::En => format!(
            "Late payment: interest of {percent} per month is charged on overdue amounts from the day after the due date."
        ),
        Language::Id => format!(
            "Keterlambatan pembayaran: dikenakan bunga {percent} per bulan atas jumlah yang terlambat, terhitung sejak hari setelah jatuh tempo."
        ),
        Language::Ro => format!(
            "Întârzierea la plată: se calculează dobândă penalizatoare de {percent} pe lună din suma restantă, începând cu ziua următoare scadenței."
        ),
    }
}

pub(crate) fn late_interest_yearly(percent: &str, language: Language) -> String {
    match language {
        Language::En => format!(
            "Late payment: interest of {percent} per year is charged on overdue amounts from the day after the due date."
        ),
        Language::Id => format!(
            "Keterlambatan pembayaran: dikenakan bunga {percent} per tahun atas jumlah yang terlambat, terhitung sejak hari setelah jatuh tempo."
        ),
        Language::Ro => format!(
            "Întârzierea la plată: se calculează dobândă penalizatoare de {percent} pe an din suma restantă, începând cu ziua următoare scadenței."
        ),
    }
}

pub(crate) fn late_share(percent: &str, language: Language) -> String {
    match language {
        Language::En => format!(
            "Late payment: a fee of {percent} of the amount due is charged if payment is not received by the due date."
        ),
        Language::Id => format!(
            "Keterlambatan pembayaran: dikenakan denda keterlambatan sebesar {percent} dari jumlah tagihan apabila pembayaran belum diterima pada tanggal jatuh tempo."
        ),
        Language::Ro => format!(
            "Întârzierea la plată: se percepe o penalitate de întârziere de {percent} din suma datorată dacă plata nu este primită până la data scadenței."
        ),
    }
}

pub(crate) fn late_fixed(fee: &str, language: Language) -> String {
    match language {
        Language::En => format!("Late payment: a fee of {fee} is charged if payment is not received by the due date."),
        Language::Id => format!(
            "Keterlambatan pembayaran: dikenakan denda keterlambatan sebesar {fee} apabila pembayaran belum diterima pada tanggal jatuh tempo."
        ),
        Language::Ro => format!(
            "Întârzierea la plată: se percepe o penalitate de întârziere de {fee} dacă plata nu este primită până la data scadenței."
        ),
    }
}

pub(crate) fn early_discount(percent: &str, within: i64, by: &str, language: Language) -> String {
    let span = format_days(within, language);
    match language {
        Language::En => {
            format!("Early payment: {percent} discount if paid within {span} of the invoice date (by {by}).")
        }
        Language::Id => format!(
            "Pembayaran lebih awal: potongan {percent} jika dibayar dalam {span} sejak tanggal faktur (paling lambat {by})."
        ),
        Language::Ro => format!(
            "Plată anticipată: reducere de {percent} pentru plata în {span} de la data facturii (până la {by})."
        ),
    }
}

pub(crate) fn continued(title: &str, number: &str, language: Language) -> String {
    let w = words(language);
    if number.is_empty() { format!("{title} ({})", w.continued) } else { format!("{title} {number} ({})", w.continued) }
}

pub(crate) fn channel(channel: &Channel, language: Language) -> String {
    match (channel, language) {
        (Channel::Email, Language::En) => "email".into(),
        (Channel::Email, Language::Id) => "email".into(),
        (Channel::Email, Language::Ro) => "e-mail".into(),
        (Channel::Letter, Language::En) => "post".into(),
        (Channel::Letter, Language::Id) => "surat".into(),
        (Channel::Letter, Language::Ro) => "poștă".into(),
        (Channel::Sms, _) => "SMS".into(),
        (Channel::WhatsApp, _) => "WhatsApp".into(),
        (Channel::Other(name), _) => name.clone(),
    }
}

pub(crate) fn reminder_sent(channel_name: &str, invoice: &str, language: Language) -> String {
    match (language, invoice.is_empty()) {
        (Language::En, true) => format!("Payment reminder sent by {channel_name}."),
        (Language::En, false) => format!("Payment reminder for invoice {invoice} sent by {channel_name}."),
        (Language::Id, true) => format!("Pengingat pembayaran dikirim melalui {channel_name}."),
        (Language::Id, false) => format!("Pengingat pembayaran faktur {invoice} dikirim melalui {channel_name}."),
        (Language::Ro, true) => format!("Notificare de plată transmisă prin {channel_name}."),
        (Language::Ro, false) => format!("Notificare de plată pentru factura {invoice} transmisă prin {channel_name}."),
    }
}

pub(crate) fn invoice_sent(invoice: &str, language: Language) -> String {
    match language {
        Language::En => format!("Invoice {invoice} issued and sent."),
        Language::Id => format!("Faktur {invoice} diterbitkan dan dikirim."),
        Language::Ro => format!("Factura {invoice} a fost emisă și transmisă."),
    }
}

/// A call's outcome as a letter's contact history says it.
pub fn call_outcome(outcome: CallOutcome, language: Language) -> &'static str {
    match (outcome, language) {
        (CallOutcome::Reached, Language::En) => "spoke with the client",
        (CallOutcome::Reached, Language::Id) => "berbicara dengan klien",
        (CallOutcome::Reached, Language::Ro) => "discuție cu clientul",
        (CallOutcome::NoAnswer, Language::En) => "no answer",
        (CallOutcome::NoAnswer, Language::Id) => "tidak dijawab",
        (CallOutcome::NoAnswer, Language::Ro) => "fără răspuns",
        (CallOutcome::Voicemail, Language::En) => "voicemail message left",
        (CallOutcome::Voicemail, Language::Id) => "pesan suara ditinggalkan",
        (CallOutcome::Voicemail, Language::Ro) => "mesaj vocal lăsat",
        (CallOutcome::WrongNumber, Language::En) => "wrong number",
        (CallOutcome::WrongNumber, Language::Id) => "nomor salah",
        (CallOutcome::WrongNumber, Language::Ro) => "număr greșit",
        (CallOutcome::Disputed, Language::En) => "the invoice was disputed",
        (CallOutcome::Disputed, Language::Id) => "tagihan dibantah",
        (CallOutcome::Disputed, Language::Ro) => "factura a fost contestată",
        (CallOutcome::Promised, Language::En) => "promise to pay",
        (CallOutcome::Promised, Language::Id) => "janji membayar",
        (CallOutcome::Promised, Language::Ro) => "promisiune de plată",
        (CallOutcome::AgreedPlan, Language::En) => "payment plan agreed",
        (CallOutcome::AgreedPlan, Language::Id) => "rencana pembayaran disepakati",
        (CallOutcome::AgreedPlan, Language::Ro) => "plan de plată convenit",
    }
}

/// The documents saved under a name of their own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    Statement,
    CreditNote,
    Plan,
    Demand,
}

/// What a saved document's file name starts with ("Somație INV-2026-0014.pdf"): shorter than
/// the title printed on it, since a file list shows little.
pub fn file_title(kind: DocumentKind, language: Language) -> &'static str {
    match (kind, language) {
        (DocumentKind::Statement, Language::En) => "Statement",
        (DocumentKind::Statement, Language::Id) => "Rekapitulasi tagihan",
        (DocumentKind::Statement, Language::Ro) => "Situația facturilor neachitate",
        (DocumentKind::CreditNote, Language::En) => "Credit note",
        (DocumentKind::CreditNote, Language::Id) => "Nota kredit",
        (DocumentKind::CreditNote, Language::Ro) => "Storno",
        (DocumentKind::Plan, Language::En) => "Instalment plan",
        (DocumentKind::Plan, Language::Id) => "Rencana cicilan",
        (DocumentKind::Plan, Language::Ro) => "Plan de plată",
        (DocumentKind::Demand, Language::En) => "Letter before action",
        (DocumentKind::Demand, Language::Id) => "Somasi",
        (DocumentKind::Demand, Language::Ro) => "Somație",
    }
}

pub(crate) fn call_made(outcome: &str, language: Language) -> String {
    match language {
        Language::En => format!("Telephone call. Outcome: {outcome}"),
        Language::Id => format!("Panggilan telepon. Hasil: {outcome}"),
        Language::Ro => format!("Convorbire telefonică. Rezultat: {outcome}"),
    }
}

/// The line a letter in `language` puts above the addressee, if any.
pub(crate) fn addressee_line(language: Language) -> Option<&'static str> {
    match language {
        Language::Id => Some("Kepada Yth."),
        Language::En | Language::Ro => None,
    }
}

/// The body of the demand letter, paragraph by paragraph.
#[derive(Debug)]
pub(crate) struct LetterText {
    pub subject: String,
    pub salutation: String,
    pub opening: String,
    pub amounts_intro: String,
    /// The statutory basis and figures; "" when the letter claims nothing statutory.
    pub law: String,
    pub demand: String,
    pub pay_to: String,
    pub consequence: String,
    pub dispute: String,
    pub history_intro: String,
    pub closing: String,
    pub valediction: String,
}

pub(crate) struct LetterFacts<'a> {
    pub sender: &'a str,
    pub recipient: &'a str,
    pub attention: &'a str,
    pub invoice_numbers: &'a str,
    pub several: bool,
    pub total: &'a str,
    pub deadline: &'a str,
    /// Days from the letter's date to the deadline: a Romanian somație counts them from receipt.
    pub term_days: i64,
    pub reference: &'a str,
    pub has_history: bool,
    pub letter_date: &'a str,
    pub law: &'a crate::model::DemandLaw,
    /// The statutory figures, already written in the letter's language ("" for none).
    pub statutory_interest: &'a str,
    pub statutory_compensation: &'a str,
    /// The signed agreement's day, already written ("" when none is kept).
    pub agreement_date: &'a str,
}

/// The demand letter's and the instalment plan's wording, one file per language beside the
/// emails' templates, so a translator can work on them without reading Rust.
fn template_source(name: &str, language: Language) -> &'static str {
    match (name, language) {
        ("demand_letter_somatie", Language::En) => {
            include_str!("../../../assets/templates/en/demand_letter_somatie.txt")
        }
        ("demand_letter_somatie", Language::Id) => {
            include_str!("../../../assets/templates/id/demand_letter_somatie.txt")
        }
        ("demand_letter_somatie", Language::Ro) => {
            include_str!("../../../assets/templates/ro/demand_letter_somatie.txt")
        }
        ("demand_letter_somasi", Language::En) => {
            include_str!("../../../assets/templates/en/demand_letter_somasi.txt")
        }
        ("demand_letter_somasi", Language::Id) => {
            include_str!("../../../assets/templates/id/demand_letter_somasi.txt")
        }
        ("demand_letter_somasi", Language::Ro) => {
            include_str!("../../../assets/templates/ro/demand_letter_somasi.txt")
        }
        ("demand_letter_letter_before_claim", Language::En) => {
            include_str!("../../../assets/templates/en/demand_letter_letter_before_claim.txt")
        }
        ("demand_letter_letter_before_claim", Language::Id) => {
            include_str!("../../../assets/templates/id/demand_letter_letter_before_claim.txt")
        }
        ("demand_letter_letter_before_claim", Language::Ro) => {
            include_str!("../../../assets/templates/ro/demand_letter_letter_before_claim.txt")
        }
        ("demand_letter_eu", Language::En) => {
            include_str!("../../../assets/templates/en/demand_letter_eu.txt")
        }
        ("demand_letter_eu", Language::Id) => {
            include_str!("../../../assets/templates/id/demand_letter_eu.txt")
        }
        ("demand_letter_eu", Language::Ro) => {
            include_str!("../../../assets/templates/ro/demand_letter_eu.txt")
        }
        ("demand_letter_contract", Language::En) => {
            include_str!("../../../assets/templates/en/demand_letter_contract.txt")
        }
        ("demand_letter_contract", Language::Id) => {
            include_str!("../../../assets/templates/id/demand_letter_contract.txt")
        }
        ("demand_letter_contract", Language::Ro) => {
            include_str!("../../../assets/templates/ro/demand_letter_contract.txt")
        }
        ("instalment_plan", Language::En) => include_str!("../../../assets/templates/en/instalment_plan.txt"),
        ("instalment_plan", Language::Id) => include_str!("../../../assets/templates/id/instalment_plan.txt"),
        ("instalment_plan", Language::Ro) => include_str!("../../../assets/templates/ro/instalment_plan.txt"),
        _ => "",
    }
}

/// A document's template rendered and cut into its parts: each "## name" line starts one, and
/// the lines under it are joined with single spaces. `take` hands out a part by name, an error
/// naming the file if the template lacks it.
struct Sections {
    file: String,
    parts: Vec<(String, Vec<String>)>,
}

impl Sections {
    fn render(name: &str, language: Language, context: minijinja::Value) -> Result<Self, PdfError> {
        let file = format!("assets/templates/{language}/{name}.txt");
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        let text = env
            .render_str(template_source(name, language), context)
            .map_err(|e| PdfError::Template(format!("{file}: {e:#}")))?;
        let mut parts: Vec<(String, Vec<String>)> = Vec::new();
        for line in text.lines() {
            if let Some(name) = line.strip_prefix("## ") {
                parts.push((name.trim().to_owned(), Vec::new()));
            } else if let Some((_, lines)) = parts.last_mut()
                && !line.trim().is_empty()
            {
                lines.push(line.trim().to_owned());
            }
        }
        Ok(Self { file, parts })
    }

    fn take(&mut self, name: &str) -> Result<String, PdfError> {
        let at = self
            .parts
            .iter()
            .position(|(n, _)| n == name)
            .ok_or_else(|| PdfError::Template(format!("{}: no \"## {name}\" paragraph", self.file)))?;
        Ok(self.parts.remove(at).1.join(" "))
    }
}

/// The letter's paragraphs from its template.
pub(crate) fn letter(f: &LetterFacts<'_>, language: Language) -> Result<LetterText, PdfError> {
    // "Lena Vogel, Accounts Payable" is addressed as "Dear Lena Vogel,".
    let attention_name = f.attention.split(',').next().map(str::trim).unwrap_or_default();
    let context = minijinja::context! {
        sender => f.sender,
        recipient => f.recipient,
        attention_name => attention_name,
        invoice_numbers => f.invoice_numbers,
        several => f.several,
        total => f.total,
        deadline => f.deadline,
        term_days_text => format_days(f.term_days, language),
        reference => f.reference,
        has_history => f.has_history,
        letter_date => f.letter_date,
        private_person => f.law.private_person,
        interest_citation => f.law.interest_citation.trim(),
        compensation_citation => f.law.compensation_citation.trim(),
        transposition => f.law.transposition.trim(),
        statutory_interest => f.statutory_interest,
        statutory_compensation => f.statutory_compensation,
        agreement_date => f.agreement_date,
    };
    let name = format!("demand_letter_{}", f.law.style.code());
    let mut s = Sections::render(&name, language, context)?;
    Ok(LetterText {
        subject: s.take("subject")?,
        salutation: s.take("salutation")?,
        opening: s.take("opening")?,
        amounts_intro: s.take("amounts_intro")?,
        law: s.take("law")?,
        demand: s.take("demand")?,
        pay_to: s.take("pay_to")?,
        consequence: s.take("consequence")?,
        dispute: s.take("dispute")?,
        history_intro: s.take("history_intro")?,
        closing: s.take("closing")?,
        valediction: s.take("valediction")?,
    })
}

/// The instalment plan's wording, sentence by sentence.
#[derive(Debug)]
pub(crate) struct PlanText {
    pub title: String,
    pub agreed_on: String,
    pub final_deadline: String,
    pub instalment: String,
    pub intro: String,
    pub if_missed_heading: String,
    pub if_missed: String,
    pub pay_each: String,
    pub closing: String,
}

pub(crate) struct PlanFacts<'a> {
    pub seller: &'a str,
    pub client: &'a str,
    pub number: &'a str,
    pub amount: &'a str,
    pub made_on: &'a str,
    pub deadline: &'a str,
    pub count: usize,
    pub reference: &'a str,
}

/// The plan's wording from its template.
pub(crate) fn plan(f: &PlanFacts<'_>, language: Language) -> Result<PlanText, PdfError> {
    let context = minijinja::context! {
        seller => f.seller,
        client => f.client,
        number => f.number,
        amount => f.amount,
        made_on => f.made_on,
        deadline => f.deadline,
        count => f.count,
        count_takes_de => duly_core::romanian_takes_de(i64::try_from(f.count).unwrap_or(i64::MAX)),
        reference => f.reference,
    };
    let mut s = Sections::render("instalment_plan", language, context)?;
    Ok(PlanText {
        title: s.take("title")?,
        agreed_on: s.take("agreed_on")?,
        final_deadline: s.take("final_deadline")?,
        instalment: s.take("instalment")?,
        intro: s.take("intro")?,
        if_missed_heading: s.take("if_missed_heading")?,
        if_missed: s.take("if_missed")?,
        pay_each: s.take("pay_each")?,
        closing: s.take("closing")?,
    })
}

/// The credit note's own words.
pub(crate) struct CreditNoteWords {
    pub title: &'static str,
    pub number: &'static str,
    pub corrects: &'static str,
    pub total_credited: &'static str,
    pub left_to_pay: &'static str,
}

pub(crate) fn credit_note_words(language: Language) -> CreditNoteWords {
    match language {
        Language::En => CreditNoteWords {
            title: "Credit note",
            number: "Credit note number",
            corrects: "Corrects invoice",
            total_credited: "Total credited",
            left_to_pay: "Left to pay on the invoice",
        },
        Language::Id => CreditNoteWords {
            title: "Nota kredit",
            number: "Nomor nota kredit",
            corrects: "Mengoreksi faktur",
            total_credited: "Total dikreditkan",
            left_to_pay: "Sisa tagihan faktur",
        },
        Language::Ro => CreditNoteWords {
            title: "Factură de stornare",
            number: "Număr storno",
            corrects: "Stornează factura",
            total_credited: "Total stornat",
            left_to_pay: "Rest de plată pe factură",
        },
    }
}

pub(crate) fn credit_note_intro(invoice: &str, date: &str, total: &str, language: Language) -> String {
    match language {
        Language::En => {
            format!("This credit note reduces invoice {invoice} of {date} (total {total}) by the amount below.")
        }
        Language::Id => format!(
            "Nota kredit ini mengurangi faktur {invoice} tanggal {date} (total {total}) sebesar jumlah di bawah."
        ),
        Language::Ro => format!(
            "Această factură de stornare reduce factura {invoice} din {date} (total {total}) cu suma de mai jos."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_follow_each_languages_typography() {
        assert_eq!(format_percent(Percent(200), Language::En), "2%");
        assert_eq!(format_percent(Percent(250), Language::Id), "2,5%");
        assert_eq!(format_percent(Percent(1905), Language::Ro), "19,05 %");
        assert_eq!(format_percent(Percent(950), Language::En), "9.5%");
    }

    #[test]
    fn every_letter_template_fills_every_paragraph_in_every_case() {
        use duly_core::law::LetterStyle;
        let cited = crate::model::DemandLaw {
            style: LetterStyle::Contract,
            private_person: true,
            interest_citation: "INTEREST-LAW".into(),
            compensation_citation: "COMPENSATION-LAW".into(),
            transposition: "TRANSPOSITION".into(),
            statutory_interest: None,
            statutory_compensation: None,
        };
        for language in Language::ALL {
            for style in LetterStyle::ALL {
                for (several, has_history, reference, attention, figures) in [
                    (false, false, "", "", ("", "")),
                    (true, true, "RF18 5390 0754 7034", "Lena Vogel, Accounts Payable", ("FIGURE-I", "FIXED")),
                    (false, true, "INV-9", "Ioana Mureșan", ("", "FIXED")),
                ] {
                    let law = crate::model::DemandLaw { style, ..cited.clone() };
                    let facts = LetterFacts {
                        sender: "Seller",
                        recipient: "Buyer",
                        attention,
                        invoice_numbers: "A-1",
                        several,
                        total: "TOTAL",
                        deadline: "DEADLINE",
                        term_days: 20,
                        reference,
                        has_history,
                        letter_date: "TODAY",
                        law: &law,
                        statutory_interest: figures.0,
                        statutory_compensation: figures.1,
                        agreement_date: "",
                    };
                    let t = letter(&facts, language).unwrap();
                    let all = [
                        &t.subject,
                        &t.salutation,
                        &t.opening,
                        &t.amounts_intro,
                        &t.demand,
                        &t.pay_to,
                        &t.consequence,
                        &t.dispute,
                        &t.closing,
                        &t.valediction,
                    ];
                    for p in all.into_iter().chain([&t.law]) {
                        assert!(!p.contains("{{") && !p.contains("  "), "{language} {style:?}: {t:?}");
                    }
                    for p in all {
                        assert!(!p.is_empty(), "{language} {style:?}: {t:?}");
                    }
                    assert_eq!(t.history_intro.is_empty(), !has_history, "{language}");
                    assert!(t.demand.contains("TOTAL"), "{language}: {}", t.demand);
                    assert!(t.pay_to.contains(reference), "{language}");
                    if style == LetterStyle::Somatie {
                        let term = match language {
                            Language::En => "within 20 days of receiving",
                            Language::Id => "dalam waktu 20 hari sejak surat ini diterima",
                            Language::Ro => "în termen de 20 de zile de la primirea",
                        };
                        assert!(t.demand.contains(term), "{}", t.demand);
                    } else {
                        assert!(t.demand.contains("DEADLINE"), "{language}: {}", t.demand);
                    }
                    if style == LetterStyle::Contract {
                        // Nothing statutory, whatever it is given.
                        assert!(t.law.is_empty(), "{language}: {}", t.law);
                    } else {
                        // An EU letter cites the directive and the law transposing it.
                        let cited = if style == LetterStyle::EuDirective { "TRANSPOSITION" } else { "INTEREST-LAW" };
                        assert!(t.law.contains(cited), "{language} {style:?}: {}", t.law);
                        assert_eq!(t.law.contains("FIGURE-I"), !figures.0.is_empty(), "{}", t.law);
                        assert_eq!(t.law.contains("FIXED"), !figures.1.is_empty(), "{}", t.law);
                    }
                }
            }
        }
        let law = crate::model::DemandLaw::contract();
        let one = LetterFacts {
            sender: "S",
            recipient: "B",
            attention: "",
            invoice_numbers: "A-1",
            several: false,
            total: "T",
            deadline: "D",
            term_days: 15,
            reference: "",
            has_history: false,
            letter_date: "L",
            law: &law,
            statutory_interest: "",
            statutory_compensation: "",
            agreement_date: "",
        };
        let en = letter(&one, Language::En).unwrap();
        assert_eq!(
            en.opening,
            "We refer to the invoice listed below, issued by S to B. It has remained unpaid, in whole or in part, after its due date."
        );
        assert_eq!((en.salutation.as_str(), en.valediction.as_str()), ("Dear Sir or Madam,", "Yours faithfully,"));
        // A signed agreement on record is cited in every letter's opening, in every language.
        for language in Language::ALL {
            for style in LetterStyle::ALL {
                let law = crate::model::DemandLaw { style, ..law.clone() };
                let with = LetterFacts { agreement_date: "AGREED-DAY", law: &law, ..one };
                let t = letter(&with, language).unwrap();
                assert!(t.opening.contains("AGREED-DAY"), "{language} {style:?}: {}", t.opening);
                let without = letter(&LetterFacts { law: &law, ..one }, language).unwrap();
                assert!(!without.opening.contains("AGREED-DAY"), "{language}");
            }
        }
    }

    #[test]
    fn every_plan_template_fills_every_part_in_every_case() {
        for language in Language::ALL {
            for (count, reference) in [(3, ""), (20, "INV-9"), (101, "RF18 5390 0754 7034")] {
                let facts = PlanFacts {
                    seller: "Seller",
                    client: "Buyer",
                    number: "A-1",
                    amount: "AMOUNT",
                    made_on: "MADE",
                    deadline: "DEADLINE",
                    count,
                    reference,
                };
                let t = plan(&facts, language).unwrap();
                let all = [
                    &t.title,
                    &t.agreed_on,
                    &t.final_deadline,
                    &t.instalment,
                    &t.intro,
                    &t.if_missed_heading,
                    &t.if_missed,
                    &t.pay_each,
                    &t.closing,
                ];
                for p in all {
                    assert!(!p.is_empty() && !p.contains("{{") && !p.contains("  "), "{language}: {t:?}");
                }
                for word in ["MADE", "Buyer", "AMOUNT", "Seller", "A-1", "DEADLINE"] {
                    assert!(t.intro.contains(word), "{language}: {}", t.intro);
                }
                assert!(t.pay_each.contains(reference), "{language}");
            }
        }
        let facts = |count, reference| PlanFacts {
            seller: "S",
            client: "B",
            number: "N",
            amount: "A",
            made_on: "M",
            deadline: "D",
            count,
            reference,
        };
        // Word for word what the plan said when its wording was Rust.
        let ro = plan(&facts(20, ""), Language::Ro).unwrap();
        assert_eq!(
            ro.intro,
            "Conform înțelegerii din M, B va achita către S suma de A datorată pentru factura N, în cele 20 de rate de mai jos, ultima până la D."
        );
        assert_eq!(ro.pay_each, "Vă rugăm să achitați fiecare rată prin transfer bancar în contul:");
        let ro = plan(&facts(3, "R"), Language::Ro).unwrap();
        assert!(ro.intro.contains("în cele 3 rate de mai jos"), "{}", ro.intro);
        assert_eq!(
            ro.pay_each,
            "Vă rugăm să achitați fiecare rată prin transfer bancar, menționând referința R, în contul:"
        );
        let en = plan(&facts(2, ""), Language::En).unwrap();
        assert_eq!(
            en.intro,
            "As agreed on M, B will pay the A due to S on invoice N in the 2 instalments below, the last of them by D."
        );
        assert_eq!(en.pay_each, "Please pay each instalment by bank transfer to:");
        assert_eq!(
            plan(&facts(2, "R"), Language::En).unwrap().pay_each,
            "Please pay each instalment by bank transfer, quoting the reference R, to:"
        );
        assert_eq!(
            plan(&facts(2, ""), Language::Id).unwrap().pay_each,
            "Mohon bayar setiap cicilan melalui transfer bank ke:"
        );
        assert_eq!(
            plan(&facts(2, "R"), Language::Id).unwrap().pay_each,
            "Mohon bayar setiap cicilan melalui transfer bank dengan mencantumkan referensi R ke:"
        );
    }

    #[test]
    fn quantities_use_the_decimal_comma_outside_english() {
        let q: Quantity = "1.5".parse().unwrap();
        assert_eq!(format_quantity(q, Language::En), "1.5");
        assert_eq!(format_quantity(q, Language::Ro), "1,5");
    }
}
