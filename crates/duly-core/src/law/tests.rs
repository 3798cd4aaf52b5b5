//! Worked examples and properties of the claim engine.
//!
//! No official calculator is reachable offline, so every figure below is computed by hand in the
//! comment above it, the way the UK government's guidance (gov.uk "Late commercial payments:
//! charging interest and debt recovery") tells a creditor to do it: daily interest = debt ×
//! (reference + margin) / 365, times the days late. The rates are the bundled table's.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::Currency;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn cur(code: &str) -> Currency {
    code.parse().unwrap()
}

fn run(j: &str, currency: &str, principal: i64, due: &str, payments: &[(&str, i64)], as_of: &str) -> Claim {
    let payments: Vec<_> = payments.iter().map(|(day, a)| (d(day), *a)).collect();
    claim(
        &ClaimInput {
            jurisdiction: Some(j),
            debtor: Debtor::Business,
            currency: cur(currency),
            principal,
            due: d(due),
            payments: &payments,
            as_of: d(as_of),
        },
        &RateTable::bundled(),
    )
}

/// (from, to, days, reference, rate, amount) of each period.
type Row = (&'static str, &'static str, i64, Option<i64>, Option<i64>, Option<i64>);
type DatedRow = (NaiveDate, NaiveDate, i64, Option<i64>, Option<i64>, Option<i64>);

fn rows(c: &Claim) -> Vec<DatedRow> {
    c.periods.iter().map(|p| (p.from, p.to, p.days, p.reference_rate_bp, p.rate_bp, p.amount)).collect()
}

fn expect(rows_: &[Row]) -> Vec<DatedRow> {
    rows_.iter().map(|(f, t, n, r, x, a)| (d(f), d(t), *n, *r, *x, *a)).collect()
}

#[test]
fn romania_splits_at_the_half_year_and_takes_the_rate_of_its_first_day() {
    // 10 000.00 RON due 2024-12-15, as of 2025-03-15.
    // H2 2024: BNR rate on 2024-07-01 was 7.00 % (the cut to 6.75 % came on 8 July) → 15.00 %.
    //   16 days (16–31 Dec): 1 000 000 × 1500 × 16 / 3 650 000 = 6 575.34 bani
    // H1 2025: BNR rate on 2025-01-01 was 6.50 % → 14.50 %.
    //   74 days (31 + 28 + 15): 1 000 000 × 1450 × 74 / 3 650 000 = 29 397.26 bani
    // Total exact 35 972.60 → 35 973 bani (359.73 lei); running totals 6 575 then 35 973.
    let c = run("RO", "RON", 1_000_000, "2024-12-15", &[], "2025-03-15");
    assert_eq!(
        rows(&c),
        expect(&[
            ("2024-12-16", "2024-12-31", 16, Some(700), Some(1_500), Some(6_575)),
            ("2025-01-01", "2025-03-15", 74, Some(650), Some(1_450), Some(29_398)),
        ])
    );
    assert_eq!(c.interest_total, 35_973);
    let comp = c.compensation.as_ref().unwrap();
    assert_eq!((comp.amount, comp.currency), (4_000, "EUR"));
    assert!(c.warnings.contains(&Warning::CompensationConverted { how: "paid in lei at the BNR EUR exchange rate" }));
    assert!(c.basis.iter().any(|b| b.contains("OG 13/2011")) && c.basis.iter().any(|b| b.contains("art. 1014")));
    assert_eq!(c.letter.unwrap().response_days, Some(15));
}

#[test]
fn a_rate_change_inside_a_half_year_does_not_change_the_rate() {
    // BNR cut to 6.75 % on 2024-07-08 and 6.50 % on 2024-08-08; H2 2024 keeps 1 July's 7.00 %.
    // 10 000.00 RON, 1 Jul–31 Dec 2024 = 184 days: 1 000 000 × 1500 × 184 / 3 650 000 = 75 616.44 → 75 616.
    let c = run("RO", "RON", 1_000_000, "2024-06-30", &[], "2024-12-31");
    assert_eq!(rows(&c), expect(&[("2024-07-01", "2024-12-31", 184, Some(700), Some(1_500), Some(75_616))]));
}

#[test]
fn united_kingdom_uses_the_base_rate_of_the_day_before_and_partial_payments_shorten_the_principal() {
    // £5 000 due 2023-06-15, £2 000 paid 2023-07-10, as of 2023-07-31.
    // H1 2023: base rate on 31 Dec 2022 3.50 % → 11.50 %: £5 000 × 11.5 % / 365 × 15 days = £23.630
    // H2 2023: base rate on 30 Jun 2023 5.00 % → 13.00 %: £5 000 × 13 % / 365 × 10 days (1–10 Jul) = £17.808
    //          then £3 000 × 13 % / 365 × 21 days (11–31 Jul) = £22.438
    // Exact total £63.877 → £63.88; running totals 2 363, 4 144, 6 388 pence.
    let c = run("GB", "GBP", 500_000, "2023-06-15", &[("2023-07-10", 200_000)], "2023-07-31");
    assert_eq!(
        rows(&c),
        expect(&[
            ("2023-06-16", "2023-06-30", 15, Some(350), Some(1_150), Some(2_363)),
            ("2023-07-01", "2023-07-10", 10, Some(500), Some(1_300), Some(1_781)),
            ("2023-07-11", "2023-07-31", 21, Some(500), Some(1_300), Some(2_244)),
        ])
    );
    assert_eq!(c.periods[2].principal, 300_000);
    assert_eq!(c.interest_total, 6_388);
    // A £5 000 debt is between £1 000 and £10 000: £70.
    assert_eq!(c.compensation.as_ref().map(|x| (x.amount, x.currency)), Some((7_000, "GBP")));
    let letter = c.letter.unwrap();
    assert_eq!((letter.response_days, letter.response_days_individual), (Some(14), Some(30)));
}

#[test]
fn united_kingdom_fixed_sum_by_debt_size() {
    let sum = |p| run("UK", "GBP", p, "2024-01-31", &[], "2024-02-10").compensation.unwrap().amount;
    assert_eq!(sum(99_999), 4_000);
    assert_eq!(sum(100_000), 7_000);
    assert_eq!(sum(999_999), 7_000);
    assert_eq!(sum(1_000_000), 10_000);
    // In another currency the tier needs an exchange rate Duly does not have: said, not guessed.
    let c = run("GB", "EUR", 500_000, "2024-01-31", &[], "2024-02-10");
    assert_eq!(c.compensation, None);
    assert!(c.warnings.contains(&Warning::CompensationNeedsRate { threshold_currency: "GBP" }));
}

#[test]
fn leap_day_is_one_more_day_at_one_365th() {
    // Germany, €10 000: H1 2024 Basiszinssatz 3.62 % + 9 = 12.62 %.
    // Due 2024-02-27, as of 2024-03-01: 28 Feb, 29 Feb, 1 Mar = 3 days:
    //   1 000 000 × 1262 × 3 / 3 650 000 = 1 037.26 → 1 037 cents.
    let c = run("DE", "EUR", 1_000_000, "2024-02-27", &[], "2024-03-01");
    assert_eq!(rows(&c), expect(&[("2024-02-28", "2024-03-01", 3, Some(362), Some(1_262), Some(1_037))]));
    // Same dates in 2025 (no 29 Feb): 2 days at 2.27 % + 9 = 11.27 %: 617.53 → 618 cents.
    let c = run("DE", "EUR", 1_000_000, "2025-02-27", &[], "2025-03-01");
    assert_eq!(rows(&c), expect(&[("2025-02-28", "2025-03-01", 2, Some(227), Some(1_127), Some(618))]));
    // A whole leap year at a fixed 6 %: 366/365 of a year. Rp 1 000 000 → Rp 60 164.38 → Rp 60 164.
    let c = run("ID", "IDR", 100_000_000, "2023-12-31", &[], "2024-12-31");
    assert_eq!(c.periods[0].days, 366);
    assert_eq!(c.interest_total, 6_016_400);
}

#[test]
fn germany_negative_base_rate_still_gives_a_positive_rate() {
    // H2 2022: Basiszinssatz −0.88 % + 9 = 8.12 %. €1 000, 10 days: 100 000 × 812 × 10 / 3 650 000 = 222.47 → 222.
    let c = run("DE", "EUR", 100_000, "2022-09-30", &[], "2022-10-10");
    assert_eq!(rows(&c), expect(&[("2022-10-01", "2022-10-10", 10, Some(-88), Some(812), Some(222))]));
}

#[test]
fn indonesia_six_percent_rounded_to_whole_rupiah() {
    // Rp 100 000 000 due 2025-01-31, as of 2025-04-30: 89 days at 6 %:
    //   100 000 000 × 6 % × 89 / 365 = Rp 1 463 013.70 → Rp 1 463 014 (IDR's cash unit is the rupiah).
    let c = run("ID", "IDR", 10_000_000_000, "2025-01-31", &[], "2025-04-30");
    assert_eq!(rows(&c), expect(&[("2025-02-01", "2025-04-30", 89, None, Some(600), Some(146_301_400))]));
    assert_eq!(c.compensation, None);
    assert!(c.basis.iter().any(|b| b.contains("Staatsblad 1848 No. 22")));
    assert!(c.basis.iter().any(|b| b.contains("art. 1250")));
    assert_eq!(c.letter.unwrap().kind, LetterKind::Somasi);
}

#[test]
fn france_ecb_plus_ten_and_the_directive_default_plus_eight() {
    // €1 000 due 2023-12-31, as of 2024-01-31: 31 days. ECB MRO on 2024-01-01: 4.50 %.
    // France + 10 = 14.50 %: 100 000 × 1450 × 31 / 3 650 000 = 1 231.51 → 1 232.
    let c = run("FR", "EUR", 100_000, "2023-12-31", &[], "2024-01-31");
    assert_eq!(rows(&c), expect(&[("2024-01-01", "2024-01-31", 31, Some(450), Some(1_450), Some(1_232))]));
    assert_eq!(c.compensation.as_ref().map(|x| x.amount), Some(4_000));
    // The directive's default (+ 8 = 12.50 %): 100 000 × 1250 × 31 / 3 650 000 = 1 061.64 → 1 062.
    for code in ["EU", "IT", "ES", "NL", "AT"] {
        let c = run(code, "EUR", 100_000, "2023-12-31", &[], "2024-01-31");
        assert_eq!(c.interest_total, 1_062, "{code}");
    }
    // Austria's own law is not encoded: the result says the directive's minimum stands in.
    let c = run("AT", "EUR", 100_000, "2023-12-31", &[], "2024-01-31");
    assert!(matches!(&c.warnings[0], Warning::Note(n) if n.contains("AT's own transposition")));
    assert_eq!(c.regime.unwrap().code, "EU");
}

#[test]
fn poland_nbp_plus_ten_and_the_fixed_sum_by_size_in_zloty() {
    // 10 000 zł due 2022-06-30, as of 2022-07-30: 30 days. NBP rate on 2022-07-01: 6.00 % (6.50 % only from 8 July)
    // → 16.00 %: 1 000 000 × 1600 × 30 / 3 650 000 = 13 150.68 → 13 151 grosze.
    let c = run("PL", "PLN", 1_000_000, "2022-06-30", &[], "2022-07-30");
    assert_eq!(rows(&c), expect(&[("2022-07-01", "2022-07-30", 30, Some(600), Some(1_600), Some(13_151))]));
    // Over 5 000 zł and under 50 000 zł: 70 EUR, paid in złoty.
    assert_eq!(c.compensation.as_ref().map(|x| (x.amount, x.currency)), Some((7_000, "EUR")));
    let sum = |p| run("PL", "PLN", p, "2022-06-30", &[], "2022-07-30").compensation.unwrap().amount;
    assert_eq!((sum(500_000), sum(500_001), sum(4_999_999), sum(5_000_000)), (4_000, 7_000, 7_000, 10_000));
}

#[test]
fn a_half_year_missing_from_the_table_is_unknown_and_the_table_says_it_is_stale() {
    // H2 2025 is known (BNR 6.50 % on 1 July 2025); H1 2026 is past the table's checked day.
    // 16 days of December at 14.50 % on 10 000 lei: 1 000 000 × 1450 × 16 / 3 650 000 = 6 356.16 → 6 356.
    let c = run("RO", "RON", 1_000_000, "2025-12-15", &[], "2026-02-15");
    assert_eq!(
        rows(&c),
        expect(&[
            ("2025-12-16", "2025-12-31", 16, Some(650), Some(1_450), Some(6_356)),
            ("2026-01-01", "2026-02-15", 46, None, None, None),
        ])
    );
    assert_eq!(c.interest_total, 6_356);
    assert!(!c.complete());
    assert!(c.warnings.contains(&Warning::RateUnknown {
        series: Series::BnrReference,
        from: d("2026-01-01"),
        to: d("2026-02-15")
    }));
    assert!(c.warnings.iter().any(|w| matches!(w, Warning::Stale { series: Series::BnrReference, .. })));
    // A rate the user adds (with its source) fills the gap.
    let mut rates = RateTable::bundled();
    rates.add(Series::BnrReference, d("2026-01-01"), 650, "bnr.ro, read 2026-01-05").unwrap();
    let input = ClaimInput {
        jurisdiction: Some("RO"),
        debtor: Debtor::Business,
        currency: cur("RON"),
        principal: 1_000_000,
        due: d("2025-12-15"),
        payments: &[],
        as_of: d("2026-02-15"),
    };
    let c = claim(&input, &rates);
    assert!(c.complete());
    // + 46 days at 14.50 %: 18 273.97; exact total 24 630.14 → 24 630.
    assert_eq!(c.interest_total, 24_630);
}

#[test]
fn consumers_get_no_statutory_b2b_interest_or_fixed_sum() {
    for code in ["RO", "GB", "DE", "FR", "EU", "PL"] {
        let input = ClaimInput {
            jurisdiction: Some(code),
            debtor: Debtor::PrivatePerson,
            currency: cur("EUR"),
            principal: 1_000_000,
            due: d("2024-01-31"),
            payments: &[],
            as_of: d("2024-06-30"),
        };
        let c = claim(&input, &RateTable::bundled());
        assert!(c.periods.is_empty() && c.interest_total == 0 && c.compensation.is_none(), "{code}");
        assert!(c.basis[0].contains("private person"), "{code}: {:?}", c.basis);
    }
    // Indonesia's legal interest is general civil law, not a B2B rule: it applies to anyone.
    let input = ClaimInput {
        jurisdiction: Some("ID"),
        debtor: Debtor::PrivatePerson,
        currency: cur("IDR"),
        principal: 10_000_000_000,
        due: d("2025-01-31"),
        payments: &[],
        as_of: d("2025-04-30"),
    };
    assert_eq!(claim(&input, &RateTable::bundled()).interest_total, 146_301_400);
}

#[test]
fn elsewhere_only_the_contract_applies_and_says_so() {
    let c = run("US", "USD", 1_000_000, "2024-01-31", &[], "2024-06-30");
    assert!(c.regime.is_none() && c.periods.is_empty() && c.compensation.is_none());
    assert_eq!(c.jurisdiction.as_deref(), Some("US"));
    assert!(c.basis[0].contains("only the contract's terms apply"));
    let input = ClaimInput {
        jurisdiction: None,
        debtor: Debtor::Business,
        currency: cur("USD"),
        principal: 1,
        due: d("2024-01-31"),
        payments: &[],
        as_of: d("2024-06-30"),
    };
    assert!(claim(&input, &RateTable::bundled()).basis[0].contains("No jurisdiction"));
}

#[test]
fn not_yet_late_or_paid_on_the_due_date_owes_nothing() {
    let c = run("GB", "GBP", 500_000, "2024-01-31", &[], "2024-01-31");
    assert!(c.periods.is_empty() && c.interest_total == 0 && c.compensation.is_none());
    let c = run("GB", "GBP", 500_000, "2024-01-31", &[("2024-01-31", 500_000)], "2024-06-30");
    assert!(c.periods.is_empty() && c.interest_total == 0 && c.compensation.is_none());
    // Paid one day late: one day of interest. H1 2024: base rate on 31 Dec 2023 5.25 % + 8 = 13.25 %:
    // £5 000 × 13.25 % / 365 = £1.81507 → 182 pence.
    let c = run("GB", "GBP", 500_000, "2024-01-31", &[("2024-02-01", 500_000)], "2024-06-30");
    assert_eq!(rows(&c), expect(&[("2024-02-01", "2024-02-01", 1, Some(525), Some(1_325), Some(182))]));
}

const CODES: [&str; 11] = ["RO", "ID", "GB", "DE", "FR", "NL", "IT", "ES", "PL", "EU", "US"];

fn day(offset: i64) -> NaiveDate {
    d("2020-01-01") + chrono::Duration::days(offset)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn interest_is_never_negative_and_the_periods_add_up(
        code in 0..CODES.len(), principal in 1i64..1_000_000_000_000, due in 0i64..2_200, late in 0i64..900,
        pays in proptest::collection::vec((0i64..1_200, 1i64..1_000_000_000_000), 0..4),
    ) {
        let payments: Vec<_> = pays.iter().map(|(o, a)| (day(due + o - 100), *a)).collect();
        let input = ClaimInput { jurisdiction: Some(CODES[code]), debtor: Debtor::Business, currency: cur("EUR"),
            principal, due: day(due), payments: &payments, as_of: day(due + late) };
        let c = claim(&input, &RateTable::bundled());
        prop_assert!(c.interest_total >= 0);
        prop_assert!(c.periods.iter().all(|p| p.amount.unwrap_or(0) >= 0 && p.days > 0 && p.principal > 0));
        prop_assert_eq!(c.periods.iter().filter_map(|p| p.amount).sum::<i64>(), c.interest_total);
        prop_assert_eq!(c.periods.iter().map(|p| p.days).sum::<i64>() <= late, true);
    }

    #[test]
    fn interest_never_falls_as_time_passes(
        code in 0..CODES.len(), principal in 1i64..1_000_000_000_000, due in 0i64..2_200, late in 0i64..900,
        more in 0i64..400,
    ) {
        let at = |as_of| claim(&ClaimInput { jurisdiction: Some(CODES[code]), debtor: Debtor::Business,
            currency: cur("IDR"), principal, due: day(due), payments: &[], as_of }, &RateTable::bundled()).interest_total;
        prop_assert!(at(day(due + late + more)) >= at(day(due + late)));
    }

    #[test]
    fn a_payment_never_increases_the_claim(
        code in 0..CODES.len(), principal in 1i64..1_000_000_000_000, due in 0i64..2_200, late in 0i64..900,
        paid_at in 0i64..1_000, amount in 1i64..1_000_000_000_000,
    ) {
        let run_with = |payments: &[(NaiveDate, i64)]| claim(&ClaimInput { jurisdiction: Some(CODES[code]),
            debtor: Debtor::Business, currency: cur("GBP"), principal, due: day(due), payments, as_of: day(due + late) },
            &RateTable::bundled());
        let without = run_with(&[]);
        let with = run_with(&[(day(due + paid_at - 50), amount)]);
        prop_assert!(with.interest_total <= without.interest_total);
        let sum = |c: &Claim| c.compensation.as_ref().map_or(0, |x| x.amount);
        prop_assert!(sum(&with) <= sum(&without));
    }

    #[test]
    fn paid_in_full_by_the_due_date_owes_nothing(
        code in 0..CODES.len(), principal in 1i64..1_000_000_000_000, due in 0i64..2_200, early in 0i64..60,
        late in 0i64..900,
    ) {
        let payments = [(day(due - early), principal)];
        let c = claim(&ClaimInput { jurisdiction: Some(CODES[code]), debtor: Debtor::Business, currency: cur("RON"),
            principal, due: day(due), payments: &payments, as_of: day(due + late) }, &RateTable::bundled());
        prop_assert_eq!(c.interest_total, 0);
        prop_assert!(c.periods.is_empty() && c.compensation.is_none());
    }
}

/// docs/law.md's table of half-yearly rates is recomputed from the bundled data.
#[test]
fn the_half_year_figures_match_docs_law_md() {
    use super::regimes::{EU_DIRECTIVE, FRANCE, GERMANY, POLAND, ROMANIA, RateRule, Regime, UNITED_KINGDOM};
    let doc = include_str!("../../../../docs/law.md");
    let columns: [&Regime; 6] = [&ROMANIA, &UNITED_KINGDOM, &EU_DIRECTIVE, &FRANCE, &GERMANY, &POLAND];
    let rates = RateTable::bundled();
    let mut rows = 0;
    for line in doc.lines().filter(|l| l.starts_with("| 20") && l.contains(" H")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let (year, half) = cells[0].split_once(" H").unwrap();
        let Ok(year) = year.parse::<i32>() else { continue };
        let starts: Vec<NaiveDate> = half
            .split(", H")
            .map(|h| NaiveDate::from_ymd_opt(year, if h == "1" { 1 } else { 7 }, 1).unwrap())
            .collect();
        for start in starts {
            for (regime, cell) in columns.iter().zip(&cells[1..]) {
                let RateRule::HalfYear { series, margin_bp, fixing, .. } = regime.rate else { panic!() };
                let figure = rates.rate_on(series, fixing.day(start)).map_or("unknown".to_owned(), |r| {
                    let bp = r.rate_bp + margin_bp;
                    format!("{}.{:02}", bp / 100, bp % 100)
                });
                assert_eq!(&figure, cell, "{} from {start}", regime.code);
            }
            rows += 1;
        }
    }
    assert_eq!(rows, 14, "2020 H1 to 2026 H2");
}
