//! Published reference rates, by series, with the day each took effect.
//!
//! The bundled table (`assets/law/reference_rates.csv`, `assets/law/rate_series.csv`) is written
//! by hand from the publishers' pages and says, per series, the last day it was checked
//! (`checked_until`). A rate is only ever read for a day the table covers: after `checked_until`
//! the answer is "unknown", never the last known rate carried forward, because a central bank
//! may have moved in between. Rates a user adds (with their source) are merged over the bundled
//! ones with [`RateTable::add`]; an added rate also extends what the series is known to cover up
//! to its effective date.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Days, NaiveDate};
use serde::Deserialize;

const BUNDLED_RATES: &str = include_str!("../../../../assets/law/reference_rates.csv");
const BUNDLED_SERIES: &str = include_str!("../../../../assets/law/rate_series.csv");

/// A published reference rate series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Series {
    /// Banca Națională a României: the reference rate (= the monetary policy rate, OG 13/2011 art. 3).
    BnrReference,
    /// Bank of England Bank Rate ("base rate").
    BoeBase,
    /// ECB main refinancing operations (fixed rate).
    EcbMro,
    /// Deutsche Bundesbank Basiszinssatz (BGB § 247), set on 1 January and 1 July.
    DeBasiszins,
    /// Narodowy Bank Polski reference rate.
    NbpReference,
}

impl Series {
    pub const ALL: [Series; 5] =
        [Series::BnrReference, Series::BoeBase, Series::EcbMro, Series::DeBasiszins, Series::NbpReference];

    /// The code used in the data files and the database.
    pub fn code(self) -> &'static str {
        match self {
            Series::BnrReference => "bnr_reference",
            Series::BoeBase => "boe_base",
            Series::EcbMro => "ecb_mro",
            Series::DeBasiszins => "de_basiszins",
            Series::NbpReference => "nbp_reference",
        }
    }

    /// How the rate is named where it is cited.
    pub fn name(self) -> &'static str {
        match self {
            Series::BnrReference => "BNR reference rate",
            Series::BoeBase => "Bank of England base rate",
            Series::EcbMro => "ECB main refinancing rate",
            Series::DeBasiszins => "Basiszinssatz (Bundesbank)",
            Series::NbpReference => "NBP reference rate",
        }
    }
}

impl fmt::Display for Series {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Series {
    type Err = RateTableError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Series::ALL
            .into_iter()
            .find(|x| x.code() == s.trim())
            .ok_or_else(|| RateTableError::UnknownSeries(s.to_owned()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateTableError {
    #[error("unknown rate series \"{0}\" (known: bnr_reference, boe_base, ecb_mro, de_basiszins, nbp_reference)")]
    UnknownSeries(String),
    #[error("{file} line {line}: {message}")]
    Row { file: &'static str, line: u64, message: String },
    #[error("rate {0} basis points is outside -10000..=10000")]
    OutOfRange(i64),
    #[error("a rate needs its source (where it was published)")]
    NoSource,
}

/// A rate in force, with where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedRate {
    pub series: Series,
    pub effective: NaiveDate,
    /// Hundredths of a percent; may be negative (the Basiszinssatz was −0.88 % until 2022).
    pub rate_bp: i64,
    pub source: String,
    /// Added by the user rather than bundled.
    pub user_added: bool,
}

#[derive(Clone, Debug, Default)]
struct SeriesData {
    rates: BTreeMap<NaiveDate, PublishedRate>,
    checked_until: Option<NaiveDate>,
    /// Days after `checked_until` by which a new publication is expected (the series' meeting or
    /// fixing rhythm plus a margin); past it the table is called stale.
    max_age_days: u64,
}

/// Every series' rates, bundled and user-added.
#[derive(Clone, Debug, Default)]
pub struct RateTable {
    series: BTreeMap<Series, SeriesData>,
}

#[derive(Deserialize)]
struct RateRow {
    series: String,
    effective: NaiveDate,
    rate_bp: i64,
    /// For the reader of the file (and the test that every row has one).
    #[cfg_attr(not(test), allow(dead_code))]
    confidence: String,
    source: String,
}

#[derive(Deserialize)]
struct SeriesRow {
    series: String,
    checked_until: NaiveDate,
    max_age_days: u64,
    #[allow(dead_code)]
    publisher: String,
    #[allow(dead_code)]
    url: String,
}

impl RateTable {
    /// The table compiled into Duly. A unit test parses it, so this cannot fail in a build.
    pub fn bundled() -> RateTable {
        Self::parse(BUNDLED_RATES, BUNDLED_SERIES).unwrap_or_default()
    }

    /// Reads the two CSV files: rates (`series,effective,rate_bp,confidence,source`) and series
    /// (`series,checked_until,max_age_days,publisher,url`).
    pub fn parse(rates_csv: &str, series_csv: &str) -> Result<RateTable, RateTableError> {
        let mut table = RateTable::default();
        for (i, row) in csv::Reader::from_reader(series_csv.as_bytes()).deserialize::<SeriesRow>().enumerate() {
            let row = row.map_err(|e| row_error("rate_series.csv", i, &e))?;
            let data = table.series.entry(row.series.parse()?).or_default();
            data.checked_until = Some(row.checked_until);
            data.max_age_days = row.max_age_days;
        }
        for (i, row) in csv::Reader::from_reader(rates_csv.as_bytes()).deserialize::<RateRow>().enumerate() {
            let row = row.map_err(|e| row_error("reference_rates.csv", i, &e))?;
            let series = row.series.parse()?;
            table.insert(series, row.effective, row.rate_bp, row.source, false).map_err(|e| RateTableError::Row {
                file: "reference_rates.csv",
                line: i as u64 + 2,
                message: e.to_string(),
            })?;
        }
        Ok(table)
    }

    /// Merges a rate the user found (for a period the bundled table does not cover, or to
    /// correct it); it replaces a rate of the same series and day.
    pub fn add(
        &mut self,
        series: Series,
        effective: NaiveDate,
        rate_bp: i64,
        source: &str,
    ) -> Result<(), RateTableError> {
        self.insert(series, effective, rate_bp, source.to_owned(), true)
    }

    fn insert(
        &mut self,
        series: Series,
        effective: NaiveDate,
        rate_bp: i64,
        source: String,
        user_added: bool,
    ) -> Result<(), RateTableError> {
        if !(-10_000..=10_000).contains(&rate_bp) {
            return Err(RateTableError::OutOfRange(rate_bp));
        }
        if source.trim().is_empty() {
            return Err(RateTableError::NoSource);
        }
        let data = self.series.entry(series).or_default();
        data.rates.insert(effective, PublishedRate { series, effective, rate_bp, source, user_added });
        Ok(())
    }

    /// The last day the series is known to be complete: its `checked_until`, or a later rate's
    /// effective date.
    pub fn known_until(&self, series: Series) -> Option<NaiveDate> {
        let data = self.series.get(&series)?;
        let last = data.rates.keys().next_back().copied();
        match (data.checked_until, last) {
            (Some(c), Some(l)) => Some(c.max(l)),
            (c, l) => c.or(l),
        }
    }

    /// The rate in force on `day`, or `None` when the table does not cover that day (before its
    /// first rate, or after [`known_until`](Self::known_until)).
    pub fn rate_on(&self, series: Series, day: NaiveDate) -> Option<&PublishedRate> {
        if day > self.known_until(series)? {
            return None;
        }
        self.series.get(&series)?.rates.range(..=day).next_back().map(|(_, r)| r)
    }

    /// Whether, on `as_of`, a newer publication than the table holds is overdue: the table is
    /// then "stale" and results that use it say so.
    pub fn stale_on(&self, series: Series, as_of: NaiveDate) -> bool {
        let Some(known) = self.known_until(series) else { return true };
        let age = self.series.get(&series).map_or(0, |d| d.max_age_days);
        known.checked_add_days(Days::new(age)).is_none_or(|limit| as_of > limit)
    }

    /// Every rate of a series, oldest first.
    pub fn rates(&self, series: Series) -> impl Iterator<Item = &PublishedRate> {
        self.series.get(&series).into_iter().flat_map(|d| d.rates.values())
    }
}

fn row_error(file: &'static str, index: usize, e: &csv::Error) -> RateTableError {
    RateTableError::Row { file, line: index as u64 + 2, message: e.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_bundled_table_parses_and_covers_2020_for_every_series() {
        let table = RateTable::parse(BUNDLED_RATES, BUNDLED_SERIES).expect("bundled table");
        for s in Series::ALL {
            assert!(table.rate_on(s, d("2020-01-01")).is_some(), "{s} on 2020-01-01");
            assert!(table.known_until(s).unwrap() >= d("2025-07-01"), "{s} checked until mid-2025");
        }
    }

    /// Guards hand edits of the CSV: rows in order per series, plausible values, a source each,
    /// and no rate dated after the day the series was last checked.
    #[test]
    fn the_bundled_rows_are_in_order_and_plausible() {
        let mut last: BTreeMap<String, NaiveDate> = BTreeMap::new();
        for row in csv::Reader::from_reader(BUNDLED_RATES.as_bytes()).deserialize::<RateRow>() {
            let row = row.unwrap();
            let before = last.insert(row.series.clone(), row.effective);
            assert!(before.is_none_or(|b| b < row.effective), "{} {} out of order", row.series, row.effective);
            assert!((-100..=2_000).contains(&row.rate_bp), "{} {}: {} bp", row.series, row.effective, row.rate_bp);
            assert!(!row.source.trim().is_empty() && !row.confidence.trim().is_empty());
        }
        let table = RateTable::bundled();
        for s in Series::ALL {
            let checked = table.series[&s].checked_until.unwrap();
            assert!(last[s.code()] <= checked, "{s}: a rate after its checked_until day");
        }
    }

    #[test]
    fn a_rate_is_the_latest_published_on_or_before_the_day() {
        let t = RateTable::bundled();
        assert_eq!(t.rate_on(Series::BoeBase, d("2023-08-02")).unwrap().rate_bp, 500);
        assert_eq!(t.rate_on(Series::BoeBase, d("2023-08-03")).unwrap().rate_bp, 525);
        assert_eq!(t.rate_on(Series::DeBasiszins, d("2022-12-31")).unwrap().rate_bp, -88);
    }

    #[test]
    fn past_the_checked_day_the_rate_is_unknown_not_carried_forward() {
        let mut t = RateTable::bundled();
        assert_eq!(t.rate_on(Series::BnrReference, d("2026-01-01")), None);
        assert!(t.stale_on(Series::BnrReference, d("2026-12-02")));
        assert!(!t.stale_on(Series::BnrReference, d("2025-08-30")));
        t.add(Series::BnrReference, d("2026-01-01"), 650, "BNR page, read 2026-01-05").unwrap();
        let r = t.rate_on(Series::BnrReference, d("2026-01-01")).unwrap();
        assert_eq!((r.rate_bp, r.user_added), (650, true));
        assert_eq!(t.rate_on(Series::BnrReference, d("2026-01-02")), None, "only known up to the added day");
    }

    #[test]
    fn a_user_rate_needs_a_source_and_a_sane_value() {
        let mut t = RateTable::default();
        assert_eq!(t.add(Series::EcbMro, d("2026-01-01"), 215, " "), Err(RateTableError::NoSource));
        assert_eq!(t.add(Series::EcbMro, d("2026-01-01"), 20_000, "x"), Err(RateTableError::OutOfRange(20_000)));
    }

    #[test]
    fn a_bad_row_is_named_by_file_and_line() {
        let err =
            RateTable::parse("series,effective,rate_bp,confidence,source\necb_mro,2025-13-01,1,h,s\n", "").unwrap_err();
        assert!(matches!(err, RateTableError::Row { file: "reference_rates.csv", line: 2, .. }), "{err}");
    }
}
