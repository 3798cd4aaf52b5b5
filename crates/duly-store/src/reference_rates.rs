//! The `reference_rates` table: rates the user added (with their source), merged over the
//! bundled table by `duly-core`'s `RateTable::add`.

use chrono::NaiveDate;
use rusqlite::{Connection, named_params};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRate {
    /// A `duly_core::law::Series` code, e.g. `bnr_reference`.
    pub series: String,
    pub effective: NaiveDate,
    pub rate_bp: i64,
    pub source: String,
}

/// Adds a rate, or replaces the one of the same series and day.
pub fn put(conn: &Connection, rate: &UserRate, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO reference_rates (series, effective, rate_bp, source, created_at)
         VALUES (:series, :effective, :rate_bp, :source, :now)
         ON CONFLICT (series, effective) DO UPDATE SET rate_bp = excluded.rate_bp,
             source = excluded.source, created_at = excluded.created_at",
    )?
    .execute(named_params! {
        ":series": rate.series,
        ":effective": rate.effective,
        ":rate_bp": rate.rate_bp,
        ":source": rate.source.trim(),
        ":now": now,
    })?;
    Ok(())
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<UserRate>> {
    conn.prepare_cached("SELECT series, effective, rate_bp, source FROM reference_rates ORDER BY series, effective")?
        .query_map([], |r| {
            Ok(UserRate { series: r.get(0)?, effective: r.get(1)?, rate_bp: r.get(2)?, source: r.get(3)? })
        })?
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn a_rate_per_series_and_day_with_its_source() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let mut rate = UserRate {
            series: "bnr_reference".into(),
            effective: "2026-01-01".parse().unwrap(),
            rate_bp: 650,
            source: "bnr.ro".into(),
        };
        put(conn, &rate, "2026-01-05T00:00:00Z").unwrap();
        rate.rate_bp = 625;
        put(conn, &rate, "2026-01-06T00:00:00Z").unwrap();
        assert_eq!(list(conn).unwrap(), vec![rate.clone()]);
        rate.source = " ".into();
        assert!(put(conn, &rate, "x").is_err(), "a rate without a source is refused");
    }
}
