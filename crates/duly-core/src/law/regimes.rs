//! The late-payment rules of each jurisdiction Duly knows, as data, each with its source.
//!
//! A regime says which rate applies (a fixed statutory rate, or a published reference rate plus
//! a margin, fixed per half-year), whether it only applies between businesses, the fixed
//! compensation for recovery costs, and the formal letter that precedes a claim. `docs/law.md`
//! lists the same rules with the same sources; a change here changes it there.

use chrono::NaiveDate;

use super::rates::Series;

/// All rates in this module accrue per calendar day over a 365-day year (actual/365), leap years
/// included (a 29 February is one more day at 1/365 of the yearly rate).
pub const DAYS_PER_YEAR: i64 = 365;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateRule {
    /// One statutory rate for every day.
    Fixed { rate_bp: i64 },
    /// A reference rate plus a margin, the reference being fixed once per half-year
    /// (1 January–30 June, 1 July–31 December).
    HalfYear {
        series: Series,
        margin_bp: i64,
        fixing: Fixing,
        /// The first day the margin (and so this rule) applies: earlier days have no known rate.
        since: (i32, u32, u32),
    },
}

/// Which day's reference rate governs a half-year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixing {
    /// The rate in force on the half-year's first day (1 January / 1 July).
    FirstDay,
    /// The rate in force on the day before the half-year (31 December / 30 June): the UK's.
    DayBefore,
}

impl Fixing {
    /// The day whose rate governs the half-year starting on `start`.
    pub fn day(self, start: NaiveDate) -> NaiveDate {
        match self {
            Fixing::FirstDay => start,
            Fixing::DayBefore => start.pred_opt().unwrap_or(start),
        }
    }
}

/// A fixed sum for recovery costs, by the size of the debt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedSum {
    /// The currency the law states the sum in.
    pub currency: &'static str,
    /// The currency the tiers' thresholds are in (the debt is compared in it).
    pub threshold_currency: &'static str,
    /// (debt below this many minor units, sum in minor units), in order; the last is unbounded.
    pub tiers: &'static [(i64, i64)],
    pub basis: &'static str,
    /// The statute as a letter cites it ("Legea 72/2013 art. 7").
    pub citation: &'static str,
    /// How the sum is paid when the law converts it (Romania: in lei at the BNR rate).
    pub conversion: Option<&'static str>,
}

impl FixedSum {
    /// The sum for a debt of `debt_minor` in `debt_currency`, or `None` when the tier depends on
    /// an exchange rate Duly does not have (a debt in another currency than the thresholds').
    pub fn for_debt(&self, debt_minor: i64, debt_currency: &str) -> Option<i64> {
        if let [(_, only)] = self.tiers {
            return Some(*only);
        }
        if debt_currency != self.threshold_currency {
            return None;
        }
        self.tiers.iter().find(|(below, _)| debt_minor < *below).map(|(_, sum)| *sum)
    }
}

/// The formal demand that precedes a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LetterKind {
    Somatie,
    Somasi,
    LetterBeforeClaim,
    Mahnung,
    MiseEnDemeure,
    Ingebrekestelling,
    MessaInMora,
    RequerimientoDePago,
    WezwanieDoZaplaty,
    FormalNotice,
}

impl LetterKind {
    pub fn name(self) -> &'static str {
        match self {
            LetterKind::Somatie => "somație",
            LetterKind::Somasi => "somasi",
            LetterKind::LetterBeforeClaim => "letter before claim",
            LetterKind::Mahnung => "Mahnung",
            LetterKind::MiseEnDemeure => "mise en demeure",
            LetterKind::Ingebrekestelling => "ingebrekestelling",
            LetterKind::MessaInMora => "messa in mora",
            LetterKind::RequerimientoDePago => "requerimiento de pago",
            LetterKind::WezwanieDoZaplaty => "wezwanie do zapłaty",
            LetterKind::FormalNotice => "formal notice",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LetterRule {
    pub kind: LetterKind,
    /// Days the debtor is given to pay or answer, when a rule sets them.
    pub response_days: Option<u32>,
    /// Days when the debtor is an individual (a private person or a sole trader), if different.
    pub response_days_individual: Option<u32>,
    pub basis: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Regime {
    /// `RO`, `ID`, `GB`, `DE`, `FR`, `NL`, `IT`, `ES`, `PL`, or `EU` (the directive's minimum).
    pub code: &'static str,
    pub name: &'static str,
    pub rate: RateRule,
    /// The statutory interest and fixed sum apply between businesses only (not to a consumer).
    pub b2b_only: bool,
    pub compensation: Option<FixedSum>,
    pub letter: LetterRule,
    /// Each rule applied, with its source, in the order a letter would cite them.
    pub basis: &'static [&'static str],
    /// The statute giving the interest, as a letter or a reminder cites it ("OG 13/2011 art. 3").
    pub interest_citation: &'static str,
}

const EUR_40: &[(i64, i64)] = &[(i64::MAX, 4_000)];

pub const ROMANIA: Regime = Regime {
    code: "RO",
    name: "Romania",
    rate: RateRule::HalfYear {
        series: Series::BnrReference,
        margin_bp: 800,
        fixing: Fixing::FirstDay,
        since: (2014, 1, 1),
    },
    b2b_only: true,
    compensation: Some(FixedSum {
        currency: "EUR",
        threshold_currency: "EUR",
        tiers: EUR_40,
        basis: "Legea 72/2013: a fixed sum of 40 EUR for recovery costs, paid in lei at the BNR exchange rate",
        citation: "Legea nr. 72/2013",
        conversion: Some("paid in lei at the BNR EUR exchange rate"),
    }),
    letter: LetterRule {
        kind: LetterKind::Somatie,
        response_days: Some(15),
        response_days_individual: None,
        basis: "Codul de procedură civilă art. 1014: a somație giving the debtor 15 days from receipt to pay",
    },
    basis: &[
        "OG 13/2011 art. 3 alin. (2^1): between professionals, the legal penalty interest is the BNR reference rate plus 8 percentage points",
        "OG 13/2011 art. 3: the BNR reference rate in force on the first calendar day of a half-year applies to the whole half-year",
        "Legea 72/2013: interest runs from the day after the payment deadline, without a formal notice",
    ],
    interest_citation: "OG 13/2011 art. 3",
};

pub const INDONESIA: Regime = Regime {
    code: "ID",
    name: "Indonesia",
    rate: RateRule::Fixed { rate_bp: 600 },
    b2b_only: false,
    compensation: None,
    letter: LetterRule {
        kind: LetterKind::Somasi,
        response_days: None,
        response_days_individual: None,
        basis: "KUHPerdata art. 1238: the debtor is in default after a somasi (or when the agreement says the lapse of time is enough)",
    },
    basis: &[
        "Staatsblad 1848 No. 22: the legal interest (bunga menurut undang-undang) is 6 % a year",
        "KUHPerdata art. 1250: for a late payment of money the damages are the legal interest; a court awards it from the day the claim is filed unless the law says otherwise, so the figure from the due date is what the letter can ask, not what a court must grant",
    ],
    interest_citation: "KUHPerdata art. 1250 and Staatsblad 1848 No. 22",
};

pub const UNITED_KINGDOM: Regime = Regime {
    code: "GB",
    name: "United Kingdom",
    rate: RateRule::HalfYear {
        series: Series::BoeBase,
        margin_bp: 800,
        fixing: Fixing::DayBefore,
        since: (2002, 8, 7),
    },
    b2b_only: true,
    compensation: Some(FixedSum {
        currency: "GBP",
        threshold_currency: "GBP",
        tiers: &[(100_000, 4_000), (1_000_000, 7_000), (i64::MAX, 10_000)],
        basis: "Late Payment of Commercial Debts (Interest) Act 1998 s. 5A: a fixed sum of £40 (debt under £1,000), £70 (under £10,000) or £100 (£10,000 or more)",
        citation: "Late Payment of Commercial Debts (Interest) Act 1998 s. 5A",
        conversion: None,
    }),
    letter: LetterRule {
        kind: LetterKind::LetterBeforeClaim,
        response_days: Some(14),
        response_days_individual: Some(30),
        basis: "Pre-Action Protocol for Debt Claims (individuals and sole traders: 30 days to reply); Practice Direction – Pre-Action Conduct (businesses: 14 days)",
    },
    basis: &[
        "Late Payment of Commercial Debts (Interest) Act 1998: simple statutory interest on a qualifying debt between businesses, from the day after the due date",
        "Late Payment of Commercial Debts (Rate of Interest) (No. 3) Order 2002: the Bank of England base rate in force on 30 June (31 December) plus 8 percentage points applies for the following six months",
    ],
    interest_citation: "Late Payment of Commercial Debts (Interest) Act 1998",
};

const DIRECTIVE: &str =
    "Directive 2011/7/EU art. 3: between businesses, interest from the day after the due date without a reminder";

pub const EU_DIRECTIVE: Regime = Regime {
    code: "EU",
    name: "European Union (Directive 2011/7/EU minimum)",
    rate: RateRule::HalfYear { series: Series::EcbMro, margin_bp: 800, fixing: Fixing::FirstDay, since: (2013, 3, 16) },
    b2b_only: true,
    compensation: Some(FixedSum {
        currency: "EUR",
        threshold_currency: "EUR",
        tiers: EUR_40,
        basis: "Directive 2011/7/EU art. 6: a fixed sum of at least 40 EUR for recovery costs",
        citation: "Directive 2011/7/EU art. 6",
        conversion: None,
    }),
    letter: LetterRule {
        kind: LetterKind::FormalNotice,
        response_days: None,
        response_days_individual: None,
        basis: "The directive sets no letter: the national law of procedure does",
    },
    basis: &[
        DIRECTIVE,
        "Directive 2011/7/EU art. 2 and 3: the ECB main refinancing rate in force on 1 January (1 July) plus at least 8 percentage points, for that half-year",
    ],
    interest_citation: "Directive 2011/7/EU art. 3",
};

pub const GERMANY: Regime = Regime {
    code: "DE",
    name: "Germany",
    rate: RateRule::HalfYear {
        series: Series::DeBasiszins,
        margin_bp: 900,
        fixing: Fixing::FirstDay,
        since: (2014, 7, 29),
    },
    b2b_only: true,
    compensation: Some(FixedSum {
        currency: "EUR",
        threshold_currency: "EUR",
        tiers: EUR_40,
        basis: "BGB § 288 Abs. 5: a flat sum of 40 EUR",
        citation: "BGB § 288 Abs. 5",
        conversion: None,
    }),
    letter: LetterRule {
        kind: LetterKind::Mahnung,
        response_days: None,
        response_days_individual: None,
        basis: "BGB § 286: default after a Mahnung, or without one when the due date is a calendar date (Abs. 2 Nr. 1) or 30 days after the due date and the invoice (Abs. 3)",
    },
    basis: &[
        "BGB § 288 Abs. 2: where no consumer is party, default interest is 9 percentage points above the base rate",
        "BGB § 247: the base rate (Basiszinssatz) set by the Bundesbank on 1 January and 1 July",
    ],
    interest_citation: "BGB § 288 Abs. 2",
};

pub const FRANCE: Regime = Regime {
    code: "FR",
    name: "France",
    rate: RateRule::HalfYear {
        series: Series::EcbMro,
        margin_bp: 1_000,
        fixing: Fixing::FirstDay,
        since: (2013, 3, 16),
    },
    b2b_only: true,
    compensation: Some(FixedSum {
        currency: "EUR",
        threshold_currency: "EUR",
        tiers: EUR_40,
        basis: "Code de commerce art. L441-10 II and D441-5: indemnité forfaitaire pour frais de recouvrement of 40 EUR",
        citation: "Code de commerce art. L441-10 II",
        conversion: None,
    }),
    letter: LetterRule {
        kind: LetterKind::MiseEnDemeure,
        response_days: None,
        response_days_individual: None,
        basis: "Code civil art. 1344: a mise en demeure (late-payment penalties need none: L441-10)",
    },
    basis: &[
        "Code de commerce art. L441-10 II: unless the terms set another rate, the ECB rate of its most recent refinancing operation plus 10 percentage points; the rate in force on 1 January applies to the first half-year, on 1 July to the second",
        "Code de commerce art. L441-10 II: the penalties are due from the day after the due date without a reminder",
    ],
    interest_citation: "Code de commerce art. L441-10 II",
};

pub const NETHERLANDS: Regime = Regime {
    code: "NL",
    name: "Netherlands",
    rate: RateRule::HalfYear { series: Series::EcbMro, margin_bp: 800, fixing: Fixing::FirstDay, since: (2013, 3, 16) },
    b2b_only: true,
    compensation: Some(FixedSum {
        currency: "EUR",
        threshold_currency: "EUR",
        tiers: EUR_40,
        basis: "BW art. 6:96 lid 4: at least 40 EUR for extrajudicial collection costs in a commercial contract",
        citation: "BW art. 6:96 lid 4",
        conversion: None,
    }),
    letter: LetterRule {
        kind: LetterKind::Ingebrekestelling,
        response_days: None,
        response_days_individual: None,
        basis: "BW art. 6:82: an ingebrekestelling, not needed once a fixed payment term has passed (art. 6:83)",
    },
    basis: &[
        "BW art. 6:119a: wettelijke handelsrente, the ECB main refinancing rate in force on 1 January (1 July) plus 8 percentage points, from the day after the due date",
        "BW art. 6:119a lid 3 with 6:119 lid 2: each year the interest is added to the principal (not applied here: the figure is simple interest and understates a claim older than a year)",
    ],
    interest_citation: "BW art. 6:119a",
};

pub const ITALY: Regime = Regime {
    code: "IT",
    name: "Italy",
    rate: RateRule::HalfYear { series: Series::EcbMro, margin_bp: 800, fixing: Fixing::FirstDay, since: (2013, 1, 1) },
    b2b_only: true,
    compensation: Some(FixedSum {
        currency: "EUR",
        threshold_currency: "EUR",
        tiers: EUR_40,
        basis: "D.Lgs. 231/2002 art. 6 comma 2: 40 EUR for recovery costs",
        citation: "D.Lgs. 231/2002 art. 6",
        conversion: None,
    }),
    letter: LetterRule {
        kind: LetterKind::MessaInMora,
        response_days: None,
        response_days_individual: None,
        basis: "Codice civile art. 1219: a messa in mora (interest under D.Lgs. 231/2002 needs none)",
    },
    basis: &[
        "D.Lgs. 231/2002 art. 4: interest from the day after the due date, without a formal notice",
        "D.Lgs. 231/2002 art. 5: the ECB main refinancing rate in force on 1 January (1 July) plus 8 percentage points, for that half-year",
    ],
    interest_citation: "D.Lgs. 231/2002 art. 5",
};

pub const SPAIN: Regime = Regime {
    code: "ES",
    name: "Spain",
    rate: RateRule::HalfYear { series: Series::EcbMro, margin_bp: 800, fixing: Fixing::FirstDay, since: (2013, 2, 24) },
    b2b_only: true,
    compensation: Some(FixedSum {
        currency: "EUR",
        threshold_currency: "EUR",
        tiers: EUR_40,
        basis: "Ley 3/2004 art. 8: 40 EUR for recovery costs",
        citation: "Ley 3/2004 art. 8",
        conversion: None,
    }),
    letter: LetterRule {
        kind: LetterKind::RequerimientoDePago,
        response_days: None,
        response_days_individual: None,
        basis: "Ley 3/2004 art. 5: interest is due without a notice; a requerimiento de pago precedes a claim",
    },
    basis: &[
        "Ley 3/2004 art. 5: interest from the day after the due date, without a notice",
        "Ley 3/2004 art. 7: the ECB rate of its most recent main refinancing operation before the first day of the half-year plus 8 percentage points",
    ],
    interest_citation: "Ley 3/2004 art. 7",
};

pub const POLAND: Regime = Regime {
    code: "PL",
    name: "Poland",
    rate: RateRule::HalfYear {
        series: Series::NbpReference,
        margin_bp: 1_000,
        fixing: Fixing::FirstDay,
        since: (2020, 1, 1),
    },
    b2b_only: true,
    compensation: Some(FixedSum {
        currency: "EUR",
        threshold_currency: "PLN",
        tiers: &[(500_001, 4_000), (5_000_000, 7_000), (i64::MAX, 10_000)],
        basis: "Ustawa o przeciwdziałaniu nadmiernym opóźnieniom w transakcjach handlowych art. 10: 40 EUR (debt up to 5 000 zł), 70 EUR (under 50 000 zł), 100 EUR (50 000 zł or more), in złoty at the NBP average rate",
        citation: "Ustawa o przeciwdziałaniu nadmiernym opóźnieniom w transakcjach handlowych art. 10",
        conversion: Some(
            "paid in złoty at the NBP average EUR rate of the last working day of the month before the payment was due",
        ),
    }),
    letter: LetterRule {
        kind: LetterKind::WezwanieDoZaplaty,
        response_days: None,
        response_days_individual: None,
        basis: "Kodeks postępowania cywilnego art. 187 § 1 pkt 3: a claim says whether an amicable settlement was tried (a wezwanie do zapłaty)",
    },
    basis: &[
        "Ustawa o przeciwdziałaniu nadmiernym opóźnieniom w transakcjach handlowych art. 4 pkt 3 (since 2020): the NBP reference rate plus 10 percentage points (8 for some public debtors, not applied)",
        "The same article: the reference rate in force on 1 January applies to the first half-year, on 1 July to the second",
    ],
    interest_citation: "Ustawa o przeciwdziałaniu nadmiernym opóźnieniom w transakcjach handlowych art. 4 pkt 3",
};

/// Every regime, for listing.
pub const ALL: [&Regime; 10] =
    [&ROMANIA, &INDONESIA, &UNITED_KINGDOM, &EU_DIRECTIVE, &GERMANY, &FRANCE, &NETHERLANDS, &ITALY, &SPAIN, &POLAND];

/// Euro-area members whose transposition of the directive Duly has not encoded: the directive's
/// minimum (ECB + 8, 40 EUR) is used for them, and the result says so.
const EURO_AREA_OTHERS: [&str; 15] =
    ["AT", "BE", "HR", "CY", "EE", "FI", "GR", "IE", "LV", "LT", "LU", "MT", "PT", "SK", "SI"];

/// The regime for a jurisdiction code (ISO 3166-1 alpha-2, `UK` as `GB`, `EU` for the
/// directive), with a note when it stands in for a national law Duly has not encoded. `None`:
/// no statutory rules are bundled, only the contract's terms apply.
pub fn regime_for(code: &str) -> (Option<&'static Regime>, Option<String>) {
    let code = code.trim().to_ascii_uppercase();
    let code = if code == "UK" { "GB".to_owned() } else { code };
    if let Some(r) = ALL.iter().find(|r| r.code == code) {
        return (Some(r), None);
    }
    if EURO_AREA_OTHERS.contains(&code.as_str()) {
        let note = format!(
            "{code}'s own transposition of Directive 2011/7/EU is not encoded: the directive's minimum is used (national law may give more)"
        );
        return (Some(&EU_DIRECTIVE), Some(note));
    }
    (None, None)
}
