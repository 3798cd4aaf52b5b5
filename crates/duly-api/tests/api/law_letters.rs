//! Letters by country, not language: the demand letter follows the law of the client's contract
//! (its own jurisdiction, else the business's country), written in the client's language, and
//! the firm and final reminders state the statutory interest and compensation as the letter does,
//! from the same computation for the same day. Real SQLite file, real PDFs read with pdftotext.
//!
//! Dates are 2025 (the bundled rate tables end there): an invoice due 31 July 2025, written
//! about on 29 October 2025, 90 days late. One case runs into 2026, whose rates are unknown.

use std::path::Path;
use std::process::Command;

use duly_api::*;

const TODAY: &str = "2025-10-29";
const DUE: &str = "2025-07-31";

fn poppler(test: &str) -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "pdftotext (poppler-utils) is missing, and CI must run {test}");
        eprintln!("SKIPPED {test}: pdftotext is not installed (apt-get install poppler-utils)");
    }
    ok
}

/// The text as a reader sees it, with line breaks and runs of spaces made single spaces so a
/// sentence wrapped over two lines is still found whole.
fn text_of(path: &Path) -> String {
    let out = Command::new("pdftotext").arg(path).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext failed on {}", path.display());
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[track_caller]
fn assert_has(text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "missing {e:?} in:\n{text}");
    }
}

#[track_caller]
fn assert_lacks(text: &str, unexpected: &[&str]) {
    for e in unexpected {
        assert!(!text.contains(e), "unexpected {e:?} in:\n{text}");
    }
}

struct Studio {
    dir: tempfile::TempDir,
    duly: Duly,
    /// The due date of the invoices `client` adds.
    due: &'static str,
}

/// A Romanian business (its law country set only when `country` is given).
fn studio(today: &str, country: Option<&str>) -> Studio {
    let dir = tempfile::tempdir().unwrap();
    let now = today.parse::<chrono::NaiveDate>().unwrap().and_hms_opt(10, 0, 0).unwrap().and_utc();
    let mut duly =
        Duly::open(&dir.path().join("duly.sqlite3")).unwrap().with_now(now).with_today(today.parse().unwrap());
    duly.business_save(Business {
        name: "Ana Lungu Design".into(),
        address: "Str. Lungă 12\n500035 Brașov\nRomânia".into(),
        tax_id: "RO 31245678".into(),
        email: "ana@lungu.design".into(),
        phone: String::new(),
        bank_name: "Banca Transilvania".into(),
        iban: "RO49 AAAA 1B31 0075 9384 0000".into(),
        bic: "BTRLRO22".into(),
        default_currency: "RON".into(),
        language: Language::Ro,
        payment_terms_days: 30,
    })
    .unwrap();
    if let Some(c) = country {
        duly.law_country_set(Some(c.into())).unwrap();
    }
    Studio { dir, duly, due: DUE }
}

impl Studio {
    /// A client with a billing contact and one sent invoice of `amount`, due 31 July 2025; its
    /// governing law set when `law` is given.
    fn client(&mut self, number: &str, language: Language, currency: &str, amount: &str, law: Option<(&str, bool)>) {
        let id = self
            .duly
            .client_save(ClientInput {
                id: None,
                name: format!("Client {number}"),
                address: "1 High Street\nLondon".into(),
                tax_id: String::new(),
                language,
                currency: currency.into(),
                notes: String::new(),
                country: String::new(),
                timezone: String::new(),
                contacts: vec![Contact {
                    id: None,
                    name: "Sam Reed".into(),
                    role: ContactRole::Billing,
                    email: "sam@example.com".into(),
                    phone: String::new(),
                    language: None,
                    timezone: String::new(),
                }],
            })
            .unwrap()
            .id;
        if let Some((jurisdiction, private_person)) = law {
            let jurisdiction = Some(jurisdiction.to_owned()).filter(|j| !j.is_empty());
            self.duly.client_law_set(ClientLawInput { client_id: id, jurisdiction, private_person }).unwrap();
        }
        self.duly
            .invoice_save(InvoiceInput {
                id: None,
                client_id: id,
                number: Some(number.into()),
                issue_date: "2025-07-01".into(),
                due_date: Some(self.due.into()),
                currency: Some(currency.into()),
                tax_rate: "0".into(),
                notes: String::new(),
                lines: vec![LineInput {
                    description: "Design work".into(),
                    quantity: "1".into(),
                    unit_price: amount.into(),
                }],
                send: true,
            })
            .unwrap();
    }

    fn letter(&self, number: &str) -> String {
        let path = self.dir.path().join(format!("{number}.pdf"));
        let document = PdfDocument::Demand { number: number.into(), deadline_days: None };
        self.duly.pdf_save(PdfRequest { document, paper: None, path: Some(path.display().to_string()) }).unwrap();
        text_of(&path)
    }

    /// The built-in wording of a step, drafted for the invoice today.
    fn draft(&self, number: &str, step: &str, language: Language) -> Draft {
        let t = self.duly.template_get(TemplateQuery { template: step.into(), language, client_id: None }).unwrap();
        self.duly
            .template_preview(TemplatePreviewInput {
                number: number.into(),
                step: step.into(),
                language,
                subject: t.subject,
                body: t.body,
            })
            .unwrap()
    }

    /// The statutory interest as the interest breakdown states it, written in `language`.
    fn interest(&self, number: &str, language: Language) -> String {
        let c = self.duly.interest_get(InterestQuery { number: number.into(), as_of: None }).unwrap();
        assert!(c.interest_total > 0 && c.periods.iter().all(|p| p.amount.is_some()), "{c:?}");
        display_amount(c.interest_total, &c.currency, language).unwrap()
    }
}

#[test]
fn a_romanian_somatie_cites_the_code_and_states_the_interest_and_the_40_euros() {
    if !poppler("somatie") {
        return;
    }
    let mut s = studio(TODAY, Some("RO"));
    s.client("RO-1", Language::Ro, "RON", "10000", None);
    let interest = s.interest("RO-1", Language::Ro);
    let text = s.letter("RO-1");
    assert_has(
        &text,
        &[
            "Somație de plată pentru factura RO-1",
            "În temeiul art. 1014 din Codul de procedură civilă",
            "în termen de 15 zile de la primirea prezentei somații",
            "ordonanțe de plată",
            &format!(
                "dobânda prevăzută de OG 13/2011 art. 3, care la data de 29 octombrie 2025 se ridică la {interest}"
            ),
            "suma fixă de 40,00 € cu titlu de despăgubire pentru cheltuielile de recuperare, prevăzută de Legea nr. 72/2013",
        ],
    );
}

#[test]
fn an_indonesian_somasi_cites_article_1238_and_the_six_percent() {
    if !poppler("somasi") {
        return;
    }
    let mut s = studio(TODAY, Some("RO"));
    s.client("ID-1", Language::Id, "IDR", "15000000", Some(("ID", false)));
    let interest = s.interest("ID-1", Language::Id);
    let text = s.letter("ID-1");
    assert_has(
        &text,
        &[
            "Somasi atas tagihan faktur ID-1",
            "berdasarkan Pasal 1238 KUHPerdata",
            "KUHPerdata art. 1250 and Staatsblad 1848 No. 22",
            &format!("berjumlah {interest}"),
        ],
    );
    assert_lacks(&text, &["kompensasi tetap"]);
}

#[test]
fn an_english_letter_before_claim_gives_a_business_14_days_and_a_private_person_30() {
    if !poppler("letter_before_claim") {
        return;
    }
    let mut s = studio(TODAY, Some("RO"));
    s.client("GB-1", Language::En, "GBP", "5000", Some(("GB", false)));
    s.client("GB-2", Language::En, "GBP", "5000", Some(("GB", true)));
    let interest = s.interest("GB-1", Language::En);

    let business = s.letter("GB-1");
    assert_has(
        &business,
        &[
            "Letter before claim: invoice GB-1",
            "Practice Direction – Pre-Action Conduct and Protocols",
            "within 14 days of the date of this letter, that is by 12 November 2025",
            &format!(
                "under the Late Payment of Commercial Debts (Interest) Act 1998: to 29 October 2025 it comes to {interest}"
            ),
            // £5,000: the middle tier of s. 5A.
            "fixed compensation of £70.00",
            "court proceedings may be issued against you without further notice",
        ],
    );
    assert_lacks(&business, &["Pre-Action Protocol for Debt Claims", "Romania"]);

    let person = s.letter("GB-2");
    assert_has(
        &person,
        &[
            "Letter before claim: invoice GB-2",
            "and the Pre-Action Protocol for Debt Claims",
            "within 30 days of the date of this letter, that is by 28 November 2025",
            "Information Sheet",
            "without further notice",
        ],
    );
    // The 1998 Act is between businesses only.
    assert_lacks(&person, &["Late Payment", "Statutory interest", "fixed compensation"]);
}

#[test]
fn a_dutch_letter_cites_the_directive_and_its_transposition() {
    if !poppler("eu_letter") {
        return;
    }
    let mut s = studio(TODAY, Some("RO"));
    s.client("NL-1", Language::En, "EUR", "2000", Some(("NL", false)));
    let interest = s.interest("NL-1", Language::En);
    let text = s.letter("NL-1");
    assert_has(
        &text,
        &[
            "Formal demand for payment of invoice NL-1",
            "Under Directive 2011/7/EU on combating late payment in commercial transactions and BW art. 6:119a",
            &format!("it comes to {interest}"),
            "fixed compensation of €40.00",
            "BW art. 6:96 lid 4",
            "no later than 13 November 2025",
        ],
    );
}

#[test]
fn without_a_known_law_the_letter_speaks_only_of_the_contract() {
    if !poppler("contract_letter") {
        return;
    }
    let mut s = studio(TODAY, None);
    s.client("X-1", Language::En, "EUR", "2000", None);
    s.client("US-1", Language::En, "EUR", "2000", Some(("US", false)));
    for number in ["X-1", "US-1"] {
        let text = s.letter(number);
        assert_has(&text, &["Formal demand for payment of invoice", "no later than 13 November 2025", "payment terms"]);
        assert_lacks(&text, &["tatutory", "Directive", "Act", "by law", "compensation", "somație"]);
    }
}

#[test]
fn a_romanian_business_without_a_client_law_writes_in_english_under_romanian_law() {
    if !poppler("somatie_en") {
        return;
    }
    let mut s = studio(TODAY, Some("RO"));
    s.client("UK-1", Language::En, "GBP", "5000", None);
    let text = s.letter("UK-1");
    assert_has(
        &text,
        &[
            "Formal notice to pay (somație) for invoice UK-1",
            "Under Article 1014 of the Romanian Code of Civil Procedure",
            "within 15 days of receiving this notice",
            "OG 13/2011 art. 3",
            "fixed compensation of €40.00",
        ],
    );
    assert_lacks(&text, &["Letter before claim", "Pre-Action"]);
}

#[test]
fn the_firm_reminder_and_the_final_demand_state_the_interest_the_letter_states() {
    if !poppler("same_figures") {
        return;
    }
    let mut s = studio(TODAY, Some("RO"));
    s.client("RO-2", Language::Ro, "RON", "10000", None);
    let interest = s.interest("RO-2", Language::Ro);

    let firm = s.draft("RO-2", "escalate", Language::Ro);
    assert_has(
        &firm.text,
        &[
            &format!(
                "Dobânda legală penalizatoare, prevăzută de OG 13/2011 art. 3, se ridică la data de azi la {interest}."
            ),
            "Se datorează, de asemenea, suma fixă de 40,00 € pentru cheltuielile de recuperare, prevăzută de Legea nr. 72/2013.",
        ],
    );
    let last = s.draft("RO-2", "final_demand", Language::Ro);
    assert_has(
        &last.text,
        &[
            &format!("Dobândă legală penalizatoare (OG 13/2011 art. 3): {interest} până azi\n"),
            "Despăgubire fixă pentru cheltuielile de recuperare (Legea nr. 72/2013): 40,00 €\n",
        ],
    );
    // The letter it attaches asks payment by the date the email states, and states the same figure.
    assert_eq!(last.demand_deadline, Some("2025-11-13".parse().unwrap()));
    let letter = s.letter("RO-2");
    assert_has(&letter, &[&format!("se ridică la {interest}")]);
}

#[test]
fn a_romanian_final_demand_under_english_law_names_no_somatie_and_the_law_s_days() {
    // A Romanian-speaking client whose contract is under English law: the email attaches a letter
    // before claim (14 days from its date), so it must not speak of a somație or of 15 days.
    let mut s = studio(TODAY, Some("RO"));
    s.client("GB-3", Language::Ro, "GBP", "5000", Some(("GB", false)));
    let last = s.draft("GB-3", "final_demand", Language::Ro);
    assert_has(&last.text, &["până la data de 12 noiembrie 2025.", "Scrisoarea formală se află în atașament."]);
    assert_lacks(&last.text, &["somați", "Somați", "15 zile"]);
    assert_eq!(last.demand_deadline, Some("2025-11-12".parse().unwrap()));
    // Under Romanian law it is the somație, with the code's 15 days from receipt.
    s.client("RO-5", Language::Ro, "RON", "5000", None);
    let last = s.draft("RO-5", "final_demand", Language::Ro);
    assert_has(
        &last.text,
        &["în termen de 15 zile de la primirea somației atașate", "Somația de plată se află în atașament."],
    );
}

#[test]
fn terms_that_waive_the_claim_keep_it_out_of_the_reminder_and_the_letter() {
    if !poppler("waived") {
        return;
    }
    let mut s = studio(TODAY, Some("RO"));
    s.client("RO-4", Language::Ro, "RON", "10000", None);
    s.duly
        .terms_save(TermsInput {
            invoice_number: Some("RO-4".into()),
            claim_statutory: Some(false),
            ..TermsInput::default()
        })
        .unwrap();
    let firm = s.draft("RO-4", "escalate", Language::Ro);
    assert_lacks(&firm.text, &["Dobânda legală penalizatoare", "40,00 €", "Legea nr. 72/2013"]);
    let last = s.draft("RO-4", "final_demand", Language::Ro);
    assert_lacks(&last.text, &["Dobândă legală penalizatoare", "Despăgubire fixă"]);
    let letter = s.letter("RO-4");
    assert_lacks(&letter, &["se ridică la", "Legea nr. 72/2013"]);
}

#[test]
fn a_period_whose_rate_is_unknown_gets_no_figure_only_the_basis() {
    if !poppler("rate_unknown") {
        return;
    }
    // Due 1 December 2025, written on 15 February 2026: the 2026 half-year has no BNR rate in
    // the bundled table, so no figure is stated anywhere; the 40 EUR does not depend on it.
    let mut s = studio("2026-02-15", Some("RO"));
    s.due = "2025-12-01";
    s.client("RO-3", Language::Ro, "RON", "10000", None);
    let firm = s.draft("RO-3", "escalate", Language::Ro);
    assert_has(
        &firm.text,
        &[
            "Pentru întârzierea la plată curge dobânda legală penalizatoare prevăzută de OG 13/2011 art. 3, din ziua următoare scadenței.",
            "40,00 €",
        ],
    );
    assert_lacks(&firm.text, &["se ridică la data de azi"]);
    let letter = s.letter("RO-3");
    assert_has(&letter, &["care curge din ziua următoare scadenței până la plată, la nivelul stabilit de lege"]);
    assert_lacks(&letter, &["Dobândă legală penalizatoare (", "se ridică la"]);
}

impl Studio {
    fn pdf(&self, document: PdfDocument, name: &str) -> String {
        let path = self.dir.path().join(name);
        self.duly.pdf_save(PdfRequest { document, paper: None, path: Some(path.display().to_string()) }).unwrap();
        text_of(&path)
    }
}

#[test]
fn the_invoice_prints_the_statutory_notice_and_the_statement_the_interest_per_invoice() {
    if !poppler("invoice_statement") {
        return;
    }
    let mut s = studio(TODAY, Some("RO"));
    s.client("RO-4", Language::Ro, "RON", "10000", None);
    s.client("GB-4", Language::En, "GBP", "5000", Some(("GB", true)));
    let invoice = s.pdf(PdfDocument::Invoice { number: "RO-4".into() }, "RO-4.pdf");
    assert_has(
        &invoice,
        &[
            "Întârzierea la plată: dobânda legală penalizatoare prevăzută de OG 13/2011 art. 3 și suma fixă de 40,00 € (Legea nr. 72/2013).",
        ],
    );
    // A private person under the 1998 Act: no statutory notice.
    let person = s.pdf(PdfDocument::Invoice { number: "GB-4".into() }, "GB-4.pdf");
    assert_lacks(&person, &["statutory", "Late Payment"]);

    let interest = s.interest("RO-4", Language::Ro);
    let statement = s.pdf(PdfDocument::Statement { client: "Client RO-4".into(), as_of: None }, "statement.pdf");
    assert_has(
        &statement,
        &[&format!(
            "RO-4: dobânda legală penalizatoare până la 29 octombrie 2025: {interest} (OG 13/2011 art. 3); suma fixă 40,00 € (Legea nr. 72/2013)"
        )],
    );
}
