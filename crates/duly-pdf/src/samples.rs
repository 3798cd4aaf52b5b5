//! Realistic sample documents in each language: for previews in the app's settings, for this
//! crate's tests and benchmarks, and for the renders in `docs/pdf/`.

use chrono::NaiveDate;
use duly_core::{Currency, Language, Money, Quantity, TaxRate};

use duly_core::law::LetterStyle;

use crate::model::{
    Channel, Charge, ContactRecord, DemandInvoice, DemandLaw, DemandLetterDoc, EarlyPaymentDiscount, InvoiceDoc,
    InvoiceLine, LateFee, PaperSize, Party, PaymentDetails, PaymentTerms, Percent, Signatory, StatementDoc,
    StatementEntry,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn cur(code: &str) -> Currency {
    code.parse().unwrap_or_else(|_| unreachable!("sample currencies are ISO 4217 codes"))
}

fn qty(text: &str) -> Quantity {
    text.parse().unwrap_or(Quantity::ONE)
}

fn line(description: &str, quantity: &str, unit_price_minor: i64) -> InvoiceLine {
    InvoiceLine { description: description.to_owned(), quantity: qty(quantity), unit_price_minor }
}

struct Cast {
    seller: Party,
    client: Party,
    payment: PaymentDetails,
    currency: Currency,
    second_currency: Currency,
    tax_rate: TaxRate,
    lines: Vec<InvoiceLine>,
    place: &'static str,
    signatory: Signatory,
}

fn cast(language: Language) -> Cast {
    match language {
        Language::En => Cast {
            seller: Party {
                name: "Aoife Byrne Studio".into(),
                address: "12 Clanbrassil Street\nDublin D08 Y2R8\nIreland".into(),
                tax_id: "IE 3456789TH".into(),
                email: "hello@aoifebyrne.ie".into(),
                phone: "+353 1 555 0142".into(),
                attention: String::new(),
            },
            client: Party {
                name: "Northwind Analytics GmbH".into(),
                address: "Schönhauser Allee 36\n10435 Berlin\nGermany".into(),
                tax_id: "DE 812 345 678".into(),
                email: "ap@northwind.example".into(),
                phone: String::new(),
                attention: "Lena Vogel, Accounts Payable".into(),
            },
            payment: PaymentDetails {
                bank_name: "AIB Bank".into(),
                account_holder: String::new(),
                iban: "IE29 AIBK 9311 5212 3456 78".into(),
                bic: "AIBKIE2D".into(),
                account_number: String::new(),
                reference: "INV-2026-014".into(),
            },
            currency: cur("EUR"),
            second_currency: cur("USD"),
            tax_rate: TaxRate(2300),
            lines: vec![
                line("Brand identity: logo, colour palette and type system", "1", 180_000),
                line("Website design, 6 page templates (desktop and mobile)", "6", 45_000),
                line("Design review workshop with the product team (hours)", "3.5", 9_500),
                line("Icon set, 24 icons in SVG and PNG", "24", 2_500),
            ],
            place: "Dublin",
            signatory: Signatory { name: "Aoife Byrne".into(), title: "Owner".into() },
        },
        Language::Id => Cast {
            seller: Party {
                name: "Studio Kreatif Nusantara".into(),
                address: "Jl. Braga No. 12\nBandung 40111\nIndonesia".into(),
                tax_id: "01.234.567.8-423.000".into(),
                email: "halo@kreatifnusantara.id".into(),
                phone: "+62 22 555 0190".into(),
                attention: String::new(),
            },
            client: Party {
                name: "PT Maju Bersama Sejahtera".into(),
                address: "Jl. Jend. Sudirman Kav. 52–53\nJakarta Selatan 12190\nIndonesia".into(),
                tax_id: "02.345.678.9-012.000".into(),
                email: "keuangan@majubersama.example".into(),
                phone: String::new(),
                attention: "Ibu Sari Wulandari, Bagian Keuangan".into(),
            },
            payment: PaymentDetails {
                bank_name: "Bank Central Asia (BCA)".into(),
                account_holder: "Studio Kreatif Nusantara".into(),
                iban: String::new(),
                bic: "CENAIDJA".into(),
                account_number: "123 456 7890".into(),
                reference: "INV/2026/014".into(),
            },
            currency: cur("IDR"),
            second_currency: cur("USD"),
            tax_rate: TaxRate(1100),
            lines: vec![
                line("Desain identitas visual: logo, palet warna dan tipografi", "1", 1_500_000_000),
                line("Desain halaman situs web (desktop dan seluler)", "6", 250_000_000),
                line("Lokakarya tinjauan desain bersama tim produk (jam)", "3.5", 75_000_000),
                line("Set ikon, 24 ikon dalam format SVG dan PNG", "24", 15_000_000),
            ],
            place: "Bandung",
            signatory: Signatory { name: "Rizky Pratama".into(), title: "Direktur".into() },
        },
        Language::Ro => Cast {
            seller: Party {
                name: "Studio Ionescu Design SRL".into(),
                address: "Str. Memorandumului 28\n400114 Cluj-Napoca\nRomânia".into(),
                tax_id: "RO 31245678".into(),
                email: "contact@studioionescu.ro".into(),
                phone: "+40 264 555 019".into(),
                attention: String::new(),
            },
            client: Party {
                name: "Fabrica de Încălțăminte Târgu Mureș SRL".into(),
                address: "Str. Gheorghe Doja 64\n540146 Târgu Mureș\nRomânia".into(),
                tax_id: "RO 14567890".into(),
                email: "contabilitate@incaltaminte-tgm.example".into(),
                phone: String::new(),
                attention: "Dna Ioana Mureșan, contabilitate".into(),
            },
            payment: PaymentDetails {
                bank_name: "Banca Transilvania".into(),
                account_holder: String::new(),
                iban: "RO49 AAAA 1B31 0075 9384 0000".into(),
                bic: "BTRLRO22".into(),
                account_number: String::new(),
                reference: "SID 2026-014".into(),
            },
            currency: cur("RON"),
            second_currency: cur("EUR"),
            tax_rate: TaxRate(1900),
            lines: vec![
                line("Design identitate vizuală: siglă, paletă de culori și tipografie", "1", 850_000),
                line("Machete pagini web, variante desktop și mobil", "6", 210_000),
                line("Ședință de analiză a designului cu echipa de produs (ore)", "3.5", 45_000),
                line("Set de pictograme, 24 de pictograme în format SVG și PNG", "24", 12_000),
            ],
            place: "Cluj-Napoca",
            signatory: Signatory { name: "Andrei Ionescu".into(), title: "Administrator".into() },
        },
    }
}

fn number(language: Language) -> &'static str {
    match language {
        Language::En => "INV-2026-014",
        Language::Id => "INV/2026/014",
        Language::Ro => "SID 2026-014",
    }
}

/// An invoice of four lines, partly paid, with payment terms; in euro with a SEPA QR code in
/// English, in rupiah in Indonesian, in lei in Romanian.
pub fn invoice(language: Language) -> InvoiceDoc {
    let c = cast(language);
    let late_fee = match language {
        Language::En => LateFee::PercentPerMonth(Percent(100)),
        Language::Id => LateFee::PercentPerMonth(Percent(200)),
        Language::Ro => LateFee::PercentPerMonth(Percent(100)),
    };
    let paid = match language {
        Language::En => 50_000,
        Language::Id => 500_000_000,
        Language::Ro => 200_000,
    };
    InvoiceDoc {
        language,
        paper: PaperSize::A4,
        number: number(language).into(),
        issue_date: date(2026, 10, 1),
        due_date: date(2026, 10, 31),
        currency: c.currency,
        seller: c.seller,
        logo: None,
        client: c.client,
        lines: c.lines,
        tax_rate: c.tax_rate,
        tax_label: String::new(),
        paid_minor: paid,
        deposit: false,
        terms: PaymentTerms {
            late_fee: Some(late_fee),
            early_payment_discount: Some(EarlyPaymentDiscount { percent: Percent(200), within_days: 10 }),
            note: String::new(),
        },
        payment: c.payment,
        epc_qr: true,
        note: String::new(),
    }
}

/// A statement of six open invoices in two currencies, as of 23 November 2026.
pub fn statement(language: Language) -> StatementDoc {
    let c = cast(language);
    let (a, b) = (c.currency, c.second_currency);
    let unit = a.minor_per_major();
    let big = if a.code() == "IDR" { 1000 } else { 1 };
    // Rupiah amounts are whole; cents elsewhere show that the fraction is carried exactly.
    let cents = if a.code() == "IDR" { 0 } else { 50 };
    let entry =
        |n: &str, issue: NaiveDate, due: NaiveDate, total: i64, balance: i64, currency: Currency| StatementEntry {
            number: n.to_owned(),
            issue_date: issue,
            due_date: due,
            total: Money::new(total, currency),
            balance: Money::new(balance, currency),
            statutory: String::new(),
        };
    let n = |suffix: &str| format!("{}{suffix}", &number(language)[..number(language).len() - 3]);
    StatementDoc {
        language,
        paper: PaperSize::A4,
        as_of: date(2026, 11, 23),
        seller: c.seller,
        logo: None,
        client: c.client,
        entries: vec![
            entry(&n("009"), date(2026, 8, 14), date(2026, 9, 13), 1_250 * unit * big, 1_250 * unit * big, a),
            entry(
                &n("011"),
                date(2026, 9, 2),
                date(2026, 10, 2),
                3_480 * unit * big + cents,
                1_480 * unit * big + cents,
                a,
            ),
            entry(&n("014"), date(2026, 10, 1), date(2026, 10, 31), 4_213 * unit * big, 3_713 * unit * big, a),
            entry(&n("017"), date(2026, 11, 10), date(2026, 12, 10), 980 * unit * big, 980 * unit * big, a),
            entry(
                &n("012"),
                date(2026, 9, 20),
                date(2026, 10, 20),
                2_400 * b.minor_per_major(),
                2_400 * b.minor_per_major(),
                b,
            ),
            entry(
                &n("015"),
                date(2026, 10, 18),
                date(2026, 11, 17),
                760 * b.minor_per_major() + 25,
                760 * b.minor_per_major() + 25,
                b,
            ),
        ],
        payment: Some(c.payment),
    }
}

/// A demand letter for two invoices with late interest and a recovery fee, and the history of
/// reminders and calls that preceded it.
pub fn demand_letter(language: Language) -> DemandLetterDoc {
    let c = cast(language);
    let cur = c.currency;
    let unit = cur.minor_per_major() * if cur.code() == "IDR" { 1000 } else { 1 };
    let m = |minor: i64| Money::new(minor, cur);
    let n = |suffix: &str| format!("{}{suffix}", &number(language)[..number(language).len() - 3]);
    let (inv_a, inv_b) = (n("009"), n("011"));
    let charges = match language {
        Language::En => vec![
            Charge {
                description: format!("Interest at 1% per month on invoice {inv_a}, 14 September to 23 November 2026"),
                amount: m(28 * unit + 75),
            },
            Charge {
                description: format!("Interest at 1% per month on invoice {inv_b}, 3 October to 23 November 2026"),
                amount: m(25 * unit + 16),
            },
            Charge {
                description: "Fixed compensation for recovery costs, 2 invoices × €40.00".into(),
                amount: m(80 * unit),
            },
        ],
        Language::Id => vec![
            Charge {
                description: format!("Bunga 2% per bulan atas faktur {inv_a}, 14 September s.d. 23 November 2026"),
                amount: m(57 * unit),
            },
            Charge {
                description: format!("Bunga 2% per bulan atas faktur {inv_b}, 3 Oktober s.d. 23 November 2026"),
                amount: m(50 * unit + 32 * cur.minor_per_major()),
            },
        ],
        Language::Ro => vec![
            Charge {
                description: format!(
                    "Dobândă penalizatoare de 1 % pe lună pentru factura {inv_a}, 14 septembrie – 23 noiembrie 2026"
                ),
                amount: m(28 * unit + 75),
            },
            Charge {
                description: format!(
                    "Dobândă penalizatoare de 1 % pe lună pentru factura {inv_b}, 3 octombrie – 23 noiembrie 2026"
                ),
                amount: m(25 * unit + 16),
            },
        ],
    };
    let outcome_1 = match language {
        Language::En => "Spoke with Lena Vogel; she promised payment of both invoices by 6 November.",
        Language::Id => "Berbicara dengan Ibu Sari; beliau berjanji kedua faktur dibayar paling lambat 6 November.",
        Language::Ro => "Am vorbit cu dna Mureșan; a promis plata ambelor facturi până la 6 noiembrie.",
    };
    let outcome_2 = match language {
        Language::En => "No answer; voicemail left asking for a call back.",
        Language::Id => "Tidak diangkat; meninggalkan pesan suara agar kami dihubungi kembali.",
        Language::Ro => "Nu a răspuns nimeni; am lăsat un mesaj vocal cu rugămintea de a ne suna înapoi.",
    };
    let promise = match language {
        Language::En => "Promised payment date (6 November 2026) passed without payment.",
        Language::Id => "Tanggal pembayaran yang dijanjikan (6 November 2026) terlewati tanpa pembayaran.",
        Language::Ro => "Termenul de plată promis (6 noiembrie 2026) a expirat fără ca plata să fie efectuată.",
    };
    // Each language's sample follows its sender's country's law: a somație, a somasi, and for
    // the Irish studio the EU directive's minimum.
    let law = match language {
        Language::Ro => DemandLaw {
            style: LetterStyle::Somatie,
            interest_citation: "OG 13/2011 art. 3".into(),
            compensation_citation: "Legea 72/2013".into(),
            ..DemandLaw::contract()
        },
        Language::Id => DemandLaw {
            style: LetterStyle::Somasi,
            interest_citation: "KUHPerdata art. 1250 and Staatsblad 1848 No. 22".into(),
            ..DemandLaw::contract()
        },
        Language::En => DemandLaw {
            style: LetterStyle::EuDirective,
            interest_citation: "Directive 2011/7/EU art. 3".into(),
            compensation_citation: "Directive 2011/7/EU art. 6".into(),
            ..DemandLaw::contract()
        },
    };
    DemandLetterDoc {
        language,
        paper: PaperSize::A4,
        sender: c.seller,
        recipient: c.client,
        place: c.place.into(),
        date: date(2026, 11, 23),
        reference: format!("{}-S1", n("011")),
        invoices: vec![
            DemandInvoice {
                number: inv_a.clone(),
                issue_date: date(2026, 8, 14),
                due_date: date(2026, 9, 13),
                total: m(1_250 * unit),
                paid: m(0),
            },
            DemandInvoice {
                number: inv_b.clone(),
                issue_date: date(2026, 9, 2),
                due_date: date(2026, 10, 2),
                total: m(3_480 * unit + if cur.code() == "IDR" { 0 } else { 50 }),
                paid: m(2_000 * unit),
            },
        ],
        charges,
        deadline: date(2026, 12, 8),
        payment: PaymentDetails { reference: n("011"), ..c.payment },
        history: vec![
            ContactRecord::Reminder { date: date(2026, 9, 6), channel: Channel::Email, invoice: inv_a.clone() },
            ContactRecord::Reminder { date: date(2026, 9, 14), channel: Channel::Email, invoice: inv_a.clone() },
            ContactRecord::Reminder { date: date(2026, 9, 20), channel: Channel::Email, invoice: inv_a.clone() },
            ContactRecord::Reminder { date: date(2026, 10, 3), channel: Channel::Email, invoice: inv_b.clone() },
            ContactRecord::Call { date: date(2026, 10, 10), outcome: outcome_1.into() },
            ContactRecord::Other { date: date(2026, 11, 7), description: promise.into() },
            ContactRecord::Call { date: date(2026, 11, 9), outcome: outcome_2.into() },
            ContactRecord::Reminder { date: date(2026, 11, 14), channel: Channel::Letter, invoice: String::new() },
        ],
        signatory: c.signatory,
        law,
        agreement_signed_on: None,
    }
}
