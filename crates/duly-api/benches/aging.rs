//! The aging dashboard over 10k and 100k demo invoices: the whole use case, its store + core
//! part alone, and, as the yardstick, one plain SQL `GROUP BY` computing the same per-currency
//! buckets over the same file. Target: 100k under 20 ms and within 1.5× of the plain query.
//!
//! `cargo bench -p duly-api --bench aging`
//!
//! * `use_case`: `Duly::aging` as the app calls it (buckets, clients with names, top ten, DTOs).
//! * `store_and_core`: `with_aging_rows` feeding `duly_core::age`, nothing else.
//! * `plain_sql_group_by`: the buckets in SQL alone, `CASE` on `julianday`, index left to the
//!   planner; `plain_sql_group_by_covering`: the same SQL pinned to the covering index.
//! * `scan_floor`: stepping through the rows the aging query reads without reading a column,
//!   what any row-by-row reader pays before doing anything.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use duly_api::{AgingQuery, DemoInput, Duly, TodayQuery};
use duly_store::invoices::{AgingScope, with_aging_rows};
use rusqlite::Connection;

const AS_OF: &str = "2026-11-23";

/// The same buckets as `duly_core::age`, in SQL alone: open (sent, partly paid) invoices with
/// something due, summed per currency by whole days past due.
const PLAIN_SQL: &str = "
    SELECT currency,
           sum(CASE WHEN d <= 0 THEN due ELSE 0 END),
           sum(CASE WHEN d BETWEEN 1 AND 30 THEN due ELSE 0 END),
           sum(CASE WHEN d BETWEEN 31 AND 60 THEN due ELSE 0 END),
           sum(CASE WHEN d BETWEEN 61 AND 90 THEN due ELSE 0 END),
           sum(CASE WHEN d BETWEEN 91 AND 120 THEN due ELSE 0 END),
           sum(CASE WHEN d > 120 THEN due ELSE 0 END),
           count(*)
      FROM (SELECT currency, max(total_minor - paid_minor, 0) AS due,
                   CAST(julianday(?1) - julianday(due_date) AS INTEGER) AS d
              FROM invoices WHERE status IN ('sent', 'partly_paid'))
     WHERE due > 0
     GROUP BY currency ORDER BY currency";

fn build(dir: &Path, invoices: i64) -> PathBuf {
    let path = dir.join(format!("aging-{invoices}.sqlite3"));
    let mut duly = Duly::open(&path).unwrap();
    let input = DemoInput { invoices, clients: invoices / 50, seed: Some(1), as_of: Some(AS_OF.to_owned()) };
    let report = duly.demo_load(input).unwrap();
    eprintln!("built {} invoices in {} ms: {}", report.invoices, report.millis, path.display());
    path
}

fn plain(conn: &Connection, sql: &str, as_of: &str) -> Vec<(String, [i64; 6], i64)> {
    conn.prepare_cached(sql)
        .unwrap()
        .query_map([as_of], |r| {
            let mut b = [0; 6];
            for (i, v) in b.iter_mut().enumerate() {
                *v = r.get(i + 1)?;
            }
            Ok((r.get(0)?, b, r.get(7)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn scan_floor(conn: &Connection, as_of: NaiveDate) -> usize {
    let scope = AgingScope { sales_after: as_of - Days::new(90), sales_until: as_of, client_id: None };
    let sql = "SELECT id, client_id, currency, issue_date, due_date, total_minor, paid_minor
                 FROM invoices INDEXED BY invoices_open_aging WHERE status IN ('sent', 'partly_paid')
               UNION ALL
               SELECT id, client_id, currency, issue_date, due_date, total_minor, paid_minor
                 FROM invoices INDEXED BY invoices_paid_by_issue_date
                WHERE status = 'paid' AND issue_date > ?1 AND issue_date <= ?2";
    let mut stmt = conn.prepare_cached(sql).unwrap();
    let mut rows = stmt.query(rusqlite::params![scope.sales_after, scope.sales_until]).unwrap();
    let mut n = 0;
    while rows.next().unwrap().is_some() {
        n += 1;
    }
    n
}

fn store_and_core(conn: &Connection, as_of: NaiveDate) -> duly_core::Aging {
    let scope = AgingScope { sales_after: as_of - Days::new(90), sales_until: as_of, client_id: None };
    with_aging_rows(conn, &scope, |rows| duly_core::age(rows.map(|r| r.input), as_of)).unwrap().unwrap()
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let as_of: NaiveDate = AS_OF.parse().unwrap();
    for invoices in [10_000, 100_000] {
        let path = build(dir.path(), invoices);
        let duly = Duly::open(&path).unwrap().with_today(as_of);
        let store = duly_store::Store::open(&path).unwrap();
        let sql = Connection::open(&path).unwrap();

        // Before timing anything: the three agree.
        let covering = PLAIN_SQL.replace("FROM invoices WHERE", "FROM invoices INDEXED BY invoices_open_aging WHERE");
        let expected = plain(&sql, PLAIN_SQL, AS_OF);
        assert_eq!(plain(&sql, &covering, AS_OF), expected);
        let aging = store_and_core(store.conn(), as_of);
        let report = duly.aging(AgingQuery::default()).unwrap();
        let from_core: Vec<_> =
            aging.currencies.iter().map(|(c, a)| (c.code().to_owned(), a.buckets, a.count)).collect();
        let from_api: Vec<_> = report
            .currencies
            .iter()
            .map(|c| (c.currency.clone(), [c.not_due, c.d1_30, c.d31_60, c.d61_90, c.d91_120, c.over_120], c.count))
            .collect();
        assert_eq!(from_core, expected);
        assert_eq!(from_api, expected);

        let mut group = c.benchmark_group(format!("aging_{}k", invoices / 1000));
        group.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
        group.bench_function("use_case", |b| b.iter(|| duly.aging(AgingQuery::default()).unwrap()));
        group.bench_function("store_and_core", |b| b.iter(|| store_and_core(store.conn(), as_of)));
        group.bench_function("plain_sql_group_by", |b| b.iter(|| plain(&sql, PLAIN_SQL, AS_OF)));
        group.bench_function("plain_sql_group_by_covering", |b| b.iter(|| plain(&sql, &covering, AS_OF)));
        group.bench_function("scan_floor", |b| b.iter(|| scan_floor(store.conn(), as_of)));
        group.bench_function("today_list", |b| b.iter(|| duly.today_list(TodayQuery::default()).unwrap()));
        group.finish();
    }
}

criterion_group!(aging, benches);
criterion_main!(aging);
