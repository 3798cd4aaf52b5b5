//! What `synchronous = FULL` costs against WAL's usual NORMAL: one small write transaction, the
//! shape of the sender's claim (BEGIN IMMEDIATE, one row updated, COMMIT), on a real file.
//! FULL syncs the WAL at each commit; NORMAL only at checkpoints, and loses the last commits on
//! a power cut.
//!
//! `cargo bench -p duly-store --bench durability`

use criterion::{Criterion, criterion_group, criterion_main};
use duly_store::Store;
use rusqlite::TransactionBehavior;

fn claim_like_commit(c: &mut Criterion) {
    let mut group = c.benchmark_group("commit");
    for mode in ["NORMAL", "FULL"] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("duly.sqlite3")).unwrap();
        store.conn().pragma_update(None, "synchronous", mode).unwrap();
        let mut n = 0_u64;
        group.bench_function(mode, |b| {
            b.iter(|| {
                n += 1;
                let tx = store.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
                tx.execute(
                    "INSERT INTO settings (key, value, updated_at) VALUES ('bench', ?1, '2026-01-01T00:00:00Z')
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [n.to_string()],
                )
                .unwrap();
                tx.commit().unwrap();
            });
        });
    }
    group.finish();
}

criterion_group!(benches, claim_like_commit);
criterion_main!(benches);
