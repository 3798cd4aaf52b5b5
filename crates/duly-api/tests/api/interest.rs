//! `interest_get` on a real database file: the law from the business's country or the client's
//! own, private persons excluded, payments shortening the principal, a rate the user adds.
//! Figures are worked by hand in the comments (see also duly-core's `law::tests`).

use duly_api::*;

fn open(dir: &tempfile::TempDir, today: &str) -> Duly {
    Duly::open(&dir.path().join("duly.sqlite3")).unwrap().with_today(today.parse().unwrap())
}

fn client(duly: &mut Duly, name: &str) -> i64 {
    duly.client_save(ClientInput {
        id: None,
        name: name.into(),
        address: String::new(),
        tax_id: String::new(),
        language: Language::Ro,
        currency: "RON".into(),
        notes: String::new(),
        country: String::new(),
        timezone: String::new(),
        contacts: Vec::new(),
    })
    .unwrap()
    .id
}

fn invoice(duly: &mut Duly, client_id: i64, number: &str, due: &str, send: bool) {
    duly.invoice_save(InvoiceInput {
        id: None,
        client_id,
        number: Some(number.into()),
        issue_date: "2024-11-15".into(),
        due_date: Some(due.into()),
        currency: None,
        tax_rate: "0".into(),
        notes: String::new(),
        lines: vec![LineInput { description: "Work".into(), quantity: "1".into(), unit_price: "10000".into() }],
        send,
    })
    .unwrap();
}

fn at(duly: &Duly, number: &str, as_of: &str) -> InterestClaim {
    duly.interest_get(InterestQuery { number: number.into(), as_of: Some(as_of.into()) }).unwrap()
}

#[test]
fn romanian_claim_from_the_business_country_with_a_partial_payment() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, "2025-03-15");
    let acme = client(&mut duly, "Acme SRL");
    invoice(&mut duly, acme, "RO-1", "2024-12-15", true);

    // No country yet: only the contract applies, and the result says why.
    let none = at(&duly, "RO-1", "2025-03-15");
    assert_eq!((none.jurisdiction.as_deref(), none.periods.len(), none.compensation.as_ref()), (None, 0, None));
    assert!(none.basis[0].contains("No jurisdiction"), "{:?}", none.basis);

    assert_eq!(duly.law_country_set(Some("ro".into())).unwrap().as_deref(), Some("RO"));
    // 10 000 lei due 2024-12-15: 16 days at 15.00 % (BNR 7.00 % on 2024-07-01 + 8) = 6 575.34 bani,
    // 74 days at 14.50 % (6.50 % on 2025-01-01 + 8) = 29 397.26 bani; total 35 972.60 → 35 973.
    let c = duly.interest_get(InterestQuery { number: "RO-1".into(), as_of: None }).unwrap();
    assert_eq!((c.jurisdiction.as_deref(), c.currency.as_str(), c.principal), (Some("RO"), "RON", 1_000_000));
    let periods: Vec<_> =
        c.periods.iter().map(|p| (p.from.as_str(), p.to.as_str(), p.days, p.rate_bp, p.amount)).collect();
    assert_eq!(
        periods,
        [
            ("2024-12-16", "2024-12-31", 16, Some(1_500), Some(6_575)),
            ("2025-01-01", "2025-03-15", 74, Some(1_450), Some(29_398))
        ]
    );
    assert_eq!(c.interest_total, 35_973);
    let comp = c.compensation.as_ref().unwrap();
    assert_eq!((comp.amount, comp.currency.as_str()), (4_000, "EUR"));
    assert!(c.warnings.iter().any(|w| w.contains("paid in lei at the BNR EUR exchange rate")), "{:?}", c.warnings);

    // 4 000 lei paid on 2025-01-31: from 1 February interest runs on 6 000 lei.
    // 6 575.34 + 1 000 000 × 1450 × 31 / 3 650 000 (12 315.07) + 600 000 × 1450 × 43 / 3 650 000 (10 249.32)
    // = 29 139.73 → 29 140; running totals 6 575, 18 890, 29 140.
    duly.payment_add(PaymentInput {
        invoice_number: "RO-1".into(),
        amount: "4000".into(),
        date: Some("2025-01-31".into()),
        method: String::new(),
        note: String::new(),
    })
    .unwrap();
    let c = at(&duly, "RO-1", "2025-03-15");
    let amounts: Vec<_> = c.periods.iter().map(|p| (p.days, p.amount)).collect();
    assert_eq!(amounts, [(16, Some(6_575)), (31, Some(12_315)), (43, Some(10_250))]);
    assert_eq!(c.interest_total, 29_140);
}

#[test]
fn the_client_law_overrides_the_business_country_and_private_persons_are_excluded() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, "2025-03-15");
    duly.law_country_set(Some("RO".into())).unwrap();
    let uk = client(&mut duly, "London Ltd");
    let person = client(&mut duly, "Ion Popescu");
    invoice(&mut duly, uk, "UK-1", "2024-12-15", true);
    invoice(&mut duly, person, "P-1", "2024-12-15", true);

    let law =
        duly.client_law_set(ClientLawInput { client_id: uk, jurisdiction: Some("uk".into()), private_person: false });
    assert_eq!(law.unwrap().applies.as_deref(), Some("GB"));
    let c = at(&duly, "UK-1", "2025-03-15");
    assert_eq!(c.jurisdiction.as_deref(), Some("GB"));
    // H2 2024 base rate on 30 June 2024 5.25 % + 8; H1 2025 on 31 Dec 2024 4.75 % + 8.
    assert_eq!(c.periods.iter().map(|p| p.rate_bp).collect::<Vec<_>>(), [Some(1_325), Some(1_275)]);
    // A debt in lei: the £40/£70/£100 tier needs a sterling value Duly does not have.
    assert_eq!(c.compensation, None);
    assert!(c.warnings.iter().any(|w| w.contains("value in GBP")), "{:?}", c.warnings);

    let law =
        duly.client_law_set(ClientLawInput { client_id: person, jurisdiction: None, private_person: true }).unwrap();
    assert_eq!((law.jurisdiction, law.applies.as_deref(), law.private_person), (None, Some("RO"), true));
    let c = at(&duly, "P-1", "2025-03-15");
    assert_eq!((c.periods.len(), c.interest_total, c.compensation.as_ref()), (0, 0, None));
    assert!(c.basis[0].contains("private person"), "{:?}", c.basis);

    let err =
        duly.client_law_set(ClientLawInput { client_id: uk, jurisdiction: Some("GBR".into()), private_person: false });
    assert!(err.unwrap_err().message.starts_with("jurisdiction:"));
    let err = duly.client_law_get(9_999).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn a_missing_half_year_is_said_until_the_user_adds_the_rate_with_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, "2026-02-15");
    duly.law_country_set(Some("RO".into())).unwrap();
    let acme = client(&mut duly, "Acme SRL");
    invoice(&mut duly, acme, "RO-2", "2025-12-15", true);

    let c = at(&duly, "RO-2", "2026-02-15");
    assert_eq!(c.periods[1].rate_bp, None);
    assert_eq!(c.periods[1].amount, None);
    assert_eq!(c.interest_total, 6_356);
    assert!(c.warnings.iter().any(|w| w.starts_with("rate unknown from 2026-01-01 to 2026-02-15")), "{:?}", c.warnings);
    assert!(c.warnings.iter().any(|w| w.contains("known only up to")), "{:?}", c.warnings);

    let err = duly.reference_rate_add(ReferenceRateInput {
        series: "bnr".into(),
        effective: "2026-01-01".into(),
        rate: "6.50".into(),
        source: "https://www.bnr.ro".into(),
    });
    assert!(err.unwrap_err().message.starts_with("series:"));
    let err = duly.reference_rate_add(ReferenceRateInput {
        series: "bnr_reference".into(),
        effective: "2026-01-01".into(),
        rate: "6.50".into(),
        source: " ".into(),
    });
    assert!(err.unwrap_err().message.starts_with("rate:"));
    duly.reference_rate_add(ReferenceRateInput {
        series: "bnr_reference".into(),
        effective: "2026-01-01".into(),
        rate: "6.50".into(),
        source: "https://www.bnr.ro, read 2026-01-05".into(),
    })
    .unwrap();
    // Reopened: the rate was saved in the file.
    drop(duly);
    let duly = open(&dir, "2026-02-15");
    let c = at(&duly, "RO-2", "2026-02-15");
    assert_eq!(c.periods[1].rate_bp, Some(1_450));
    assert_eq!(c.interest_total, 24_630);
    assert!(!c.warnings.iter().any(|w| w.contains("unknown")), "{:?}", c.warnings);
}

#[test]
fn drafts_and_unknown_invoices_are_refused_with_their_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, "2025-03-15");
    let acme = client(&mut duly, "Acme SRL");
    invoice(&mut duly, acme, "D-1", "2024-12-15", false);
    let err = duly.interest_get(InterestQuery { number: "D-1".into(), as_of: None }).unwrap_err();
    assert!(err.message.contains("D-1 is a draft"), "{}", err.message);
    let err = duly.interest_get(InterestQuery { number: "X-9".into(), as_of: None }).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = duly.interest_get(InterestQuery { number: "D-1".into(), as_of: Some("15/03/2025".into()) }).unwrap_err();
    assert!(err.message.starts_with("as_of"), "{}", err.message);
}

#[test]
fn terms_that_waive_the_statutory_claim_give_none_and_say_whose() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, "2025-03-15");
    duly.law_country_set(Some("RO".into())).unwrap();
    let acme = client(&mut duly, "Acme SRL");
    let other = client(&mut duly, "Other SRL");
    invoice(&mut duly, acme, "W-1", "2024-12-15", true);
    invoice(&mut duly, other, "W-2", "2024-12-15", true);
    let claimed = at(&duly, "W-1", "2025-03-15");
    assert_eq!(claimed.interest_total, 35_973, "claimed by default");

    // Business-wide terms saved without saying: the claim stays on.
    let view = duly.terms_save(TermsInput {
        late_fee_kind: Some("fixed".into()),
        late_fee_value: Some("25".into()),
        ..TermsInput::default()
    });
    assert!(view.unwrap().claim_statutory);
    assert_eq!(at(&duly, "W-1", "2025-03-15").interest_total, 35_973);

    // The client waives it: nothing claimed on its invoices, and the result says why.
    let view = duly
        .terms_save(TermsInput { client_id: Some(acme), claim_statutory: Some(false), ..TermsInput::default() })
        .unwrap();
    assert!(!view.claim_statutory);
    let stored = duly.terms_get(TermsInput { client_id: Some(acme), ..TermsInput::default() }).unwrap().unwrap();
    assert!(!stored.claim_statutory, "read back from the file");
    let c = at(&duly, "W-1", "2025-03-15");
    assert_eq!((c.jurisdiction.as_deref(), c.periods.len(), c.interest_total), (Some("RO"), 0, 0));
    assert_eq!(c.compensation, None);
    assert!(c.basis[0].contains("Not claimed: the client's terms"), "{:?}", c.basis);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    // The other client still gets the business's terms, which claim it.
    assert_eq!(at(&duly, "W-2", "2025-03-15").interest_total, 35_973);

    // One invoice of the client claims it after all: the most specific set decides, whole.
    duly.terms_save(TermsInput {
        invoice_number: Some("W-1".into()),
        claim_statutory: Some(true),
        ..TermsInput::default()
    })
    .unwrap();
    assert_eq!(at(&duly, "W-1", "2025-03-15").interest_total, 35_973);
    // And the business turning it off reaches the invoice with no terms of its own.
    duly.terms_save(TermsInput { claim_statutory: Some(false), ..TermsInput::default() }).unwrap();
    let c = at(&duly, "W-2", "2025-03-15");
    assert_eq!((c.interest_total, c.compensation.as_ref()), (0, None));
    assert!(c.basis[0].contains("the business's terms"), "{:?}", c.basis);
}

#[test]
fn each_rate_table_says_how_far_it_is_known_and_whether_it_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    let duly = open(&dir, "2025-08-20");
    let tables = duly.rate_tables_get().unwrap();
    let codes: Vec<_> = tables.iter().map(|t| t.series.as_str()).collect();
    assert_eq!(codes, ["bnr_reference", "boe_base", "ecb_mro", "de_basiszins", "nbp_reference"]);
    let bnr = &tables[0];
    // The bundled BNR table is checked to 2025-08-08 and expects news within 60 days.
    assert_eq!((bnr.known_until.as_deref(), bnr.stale, bnr.last_user_added), (Some("2025-08-08"), false, false));
    assert!(bnr.last_rate_bp.is_some() && bnr.last_source.is_some());

    let mut later = open(&dir, "2026-02-15");
    assert!(later.rate_tables_get().unwrap()[0].stale, "2026-02-15 is past 2025-08-08 + 60 days");
    later
        .reference_rate_add(ReferenceRateInput {
            series: "bnr_reference".into(),
            effective: "2026-02-10".into(),
            rate: "6.50".into(),
            source: "BNR board decision".into(),
        })
        .unwrap();
    let bnr = &later.rate_tables_get().unwrap()[0];
    assert_eq!(
        (bnr.known_until.as_deref(), bnr.last_rate_bp, bnr.last_user_added, bnr.stale),
        (Some("2026-02-10"), Some(650), true, false)
    );
    drop(duly);
}

#[test]
fn the_card_writes_the_claim_s_amounts_for_people() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, "2025-03-15");
    duly.law_country_set(Some("RO".into())).unwrap();
    let acme = client(&mut duly, "Acme SRL");
    invoice(&mut duly, acme, "C-1", "2024-12-15", true);
    let card = duly.interest_card(InterestQuery { number: "C-1".into(), as_of: None }).unwrap();
    assert_eq!(card.claim, at(&duly, "C-1", "2025-03-15"), "the same claim as interest_get");
    assert_eq!(card.as_of, "2025-03-15");
    assert_eq!(card.period_amounts_display.len(), card.claim.periods.len());
    assert!(card.interest_total_display.contains("359.73"), "{}", card.interest_total_display);
    assert!(card.compensation_display.as_deref().unwrap().contains("40"), "{:?}", card.compensation_display);
}
