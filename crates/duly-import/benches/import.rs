//! Throughput of the two bulk cases: one 10,000-row CSV export, and 1,000 UBL files dropped at
//! once. Targets (release, 2 cores): CSV under 0.3 s, 1,000 UBL under 1 s.
//!
//!     cargo bench -p duly-import
//!
//! The generated inputs are also written to `$CARGO_TARGET_TMPDIR/import-bench/` so the Python
//! peer (benches/peer/peer.py) reads exactly the same bytes.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use duly_import::{ImportOptions, import_file};

#[path = "../tests/import/common/mod.rs"]
#[allow(unused_imports)]
mod common;

const CSV_ROWS: usize = 10_000;
const UBL_FILES: usize = 1_000;

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("import-bench");
    std::fs::create_dir_all(dir.join("ubl")).unwrap();
    dir
}

/// Two line rows per invoice, as invoicing tools export them; dates day-first with some days
/// over 12 so the file decides its own order, amounts with a decimal point.
fn csv_10k() -> Vec<u8> {
    let mut s = String::from(
        "Invoice Number,Invoice Date,Due Date,Client,Email,Item Name,Quantity,Rate,Line Total,Total,Balance,Currency\n",
    );
    for i in 0..CSV_ROWS {
        let inv = i / 2;
        let day = inv % 28 + 1;
        let cents = (inv * 7919) % 100_000;
        let total = format!("{}.{:02}", cents * 2 / 100, cents * 2 % 100);
        s.push_str(&format!(
            "INV-{inv:05},{day:02}/03/2024,{day:02}/04/2024,\"Client {c}, Ltd\",billing{c}@example.com,Design work {i},1,{}.{:02},{}.{:02},{total},{total},EUR\n",
            cents / 100,
            cents % 100,
            cents / 100,
            cents % 100,
            c = inv % 300
        ));
    }
    s.into_bytes()
}

/// The PEPPOL base example (`$DULY_BENCH_UBL_SAMPLE`, else the samples folder beside the
/// checkout), else the tests' own smaller invoice; the bench prints which one it used.
fn ubl_template() -> String {
    let sample = std::env::var_os("DULY_BENCH_UBL_SAMPLE").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples/ubl/peppol_base-example.xml")
    });
    match std::fs::read_to_string(&sample) {
        Ok(xml) => {
            println!("UBL template: {}", sample.display());
            xml
        }
        Err(_) => {
            println!("UBL template: the tests' sample invoice ({} not found)", sample.display());
            common::ubl_invoice("Invoice", "Snippet1", "1656.25")
        }
    }
}

fn ubl_files() -> Vec<(String, Vec<u8>)> {
    let template = ubl_template();
    (0..UBL_FILES)
        .map(|i| {
            let xml = template
                .replacen("<cbc:ID>Snippet1</cbc:ID>", &format!("<cbc:ID>INV-{i:05}</cbc:ID>"), 1)
                .replace(">1656.25</cbc:PayableAmount>", &format!(">{}.{:02}</cbc:PayableAmount>", 1000 + i, i % 100));
            (format!("ubl-{i:05}.xml"), xml.into_bytes())
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let dir = out_dir();
    let csv = csv_10k();
    std::fs::write(dir.join("invoices-10k.csv"), &csv).unwrap();
    let ubl = ubl_files();
    for (name, bytes) in &ubl {
        std::fs::write(dir.join("ubl").join(name), bytes).unwrap();
    }
    let options = ImportOptions::default();
    let check = import_file("invoices-10k.csv", &csv, &options);
    assert!(check.is_ok() && check.invoices.len() == CSV_ROWS / 2, "{:?}", check.errors.first());
    assert!(ubl.iter().all(|(n, b)| import_file(n, b, &options).is_ok()));
    print_best_of_seven(&csv, &ubl, &options);

    let mut g = c.benchmark_group("import");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    g.bench_function("csv_10k_rows", |b| {
        b.iter(|| black_box(import_file("invoices-10k.csv", black_box(&csv), &options)))
    });
    g.bench_function("ubl_1000_files", |b| {
        b.iter(|| {
            for (name, bytes) in &ubl {
                black_box(import_file(name, black_box(bytes), &options));
            }
        })
    });
    g.finish();
}

/// The figures `scripts/bench.sh` sets beside the Python peer's (benches/peer/peer.py), timed
/// the same way: the best of seven runs, in this process. `cargo bench -p duly-import --bench
/// import -- NONE` prints them and skips criterion's own (longer) measurement.
#[allow(clippy::float_arithmetic)]
fn print_best_of_seven(csv: &[u8], ubl: &[(String, Vec<u8>)], options: &ImportOptions) {
    let best = |work: &dyn Fn()| {
        (0..7)
            .map(|_| {
                let start = std::time::Instant::now();
                work();
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let t_csv = best(&|| {
        black_box(import_file("invoices-10k.csv", black_box(csv), options));
    });
    let t_ubl = best(&|| {
        for (name, bytes) in ubl {
            black_box(import_file(name, black_box(bytes), options));
        }
    });
    println!("duly csv_10k_rows: {:.1} ms", t_csv * 1000.0);
    println!("duly ubl_{}_files: {:.1} ms", ubl.len(), t_ubl * 1000.0);
    println!("inputs: {}", out_dir().display());
}

criterion_group!(import, benches);
criterion_main!(import);
