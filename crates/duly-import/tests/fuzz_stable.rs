//! A bounded mutation fuzzer on stable Rust, for CI and machines without nightly/cargo-fuzz:
//! mutates the real samples (and small generated files) for a fixed time and fails on any
//! panic, even one `import_file` would catch, or on an input taking more than 10 s of CPU time.
//!
//!     DULY_FUZZ_SECS=120 cargo test -p duly-import --release --test fuzz_stable -- --ignored --nocapture
//!
//! A failing input is written to the system temp folder and named in the failure.

#[path = "import/common/mod.rs"]
mod common;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use duly_import::{ImportOptions, import_file};

static PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Time this thread spent on a CPU, where Linux tells (`/proc/thread-self/schedstat`), else wall
/// time: the fuzzer runs niced on shared machines, where a 0.4 s input can take 15 s of wall
/// time waiting for a core, and a hang is about work done, not waiting.
fn cpu_now() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

fn took_since(wall: Instant, cpu: Option<Duration>) -> Duration {
    match (cpu, cpu_now()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => wall.elapsed(),
    }
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut out = vec![
        ("gen.xml".to_owned(), common::ubl_invoice("Invoice", "F-1", "1000.00").into_bytes()),
        ("gen-cn.xml".to_owned(), common::ubl_invoice("CreditNote", "C-1", "1000.00").into_bytes()),
        ("gen.csv".to_owned(), b"Invoice Number;Invoice Date;Due Date;Total;Currency\nA;01.02.2024;03/04/2024;1.234,50;EUR\nA;01.02.2024;03/04/2024;1.234,50;EUR\n".to_vec()),
        ("gen.pdf".to_owned(), common::text_pdf(&[&["Invoice No:", "42"], &["Invoice Date:", "2024-01-02"], &["Amount due", "$10.00"]])),
        // Hostile shapes, small enough that a run stays fast: issue 15's PDF (one compressed
        // stream behind many attachments), hundreds of fonts and contents sharing one CMap,
        // deeply nested XML and a CSV with one huge field.
        ("bomb-attachments.pdf".to_owned(), common::pdf_many_attachments_one_stream(common::flate_bomb(2_000), 60)),
        ("bomb-fonts.pdf".to_owned(), common::pdf_many_fonts_one_cmap(common::flate_bomb(1_000), 60)),
        ("deep.xml".to_owned(), format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000)).into_bytes()),
        ("huge-field.csv".to_owned(), {
            let mut csv = b"Invoice Number,Invoice Date,Total,Currency\nA1,2024-01-02,\"".to_vec();
            csv.extend(std::iter::repeat_n(b'9', 5_000_000));
            csv.extend_from_slice(b"\",EUR\nA2,2024-01-03,10.00,EUR\n");
            csv
        }),
    ];
    if let Some(dir) = common::samples_dir() {
        for folder in ["ubl", "cii", "facturx", "pdf", "csv"] {
            let Ok(entries) = std::fs::read_dir(dir.join(folder)) else { continue };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_file() && p.extension().is_some_and(|x| x != "tsv") {
                    out.push((p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()));
                }
            }
        }
    }
    out
}

fn mutate(rng: &mut fastrand::Rng, input: &[u8], seeds: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..rng.usize(1..8) {
        let len = b.len();
        match rng.u8(0..8) {
            0 if len > 0 => {
                let i = rng.usize(..len);
                b[i] ^= 1 << rng.u8(0..8);
            }
            1 if len > 0 => {
                let i = rng.usize(..len);
                b[i] = rng.u8(..);
            }
            2 if len > 0 => b.truncate(rng.usize(..len)),
            3 => {
                let i = rng.usize(..=len);
                let junk: Vec<u8> = (0..rng.usize(1..64)).map(|_| rng.u8(..)).collect();
                b.splice(i..i, junk);
            }
            4 if len > 1 => {
                // Remove a range.
                let a = rng.usize(..len);
                let z = (a + rng.usize(1..256)).min(len);
                b.drain(a..z);
            }
            5 if len > 1 => {
                // Duplicate a range (repeats nesting, rows, objects).
                let a = rng.usize(..len);
                let z = (a + rng.usize(1..512)).min(len);
                let chunk = b[a..z].to_vec();
                let at = rng.usize(..=b.len());
                b.splice(at..at, chunk.iter().copied().cycle().take(chunk.len() * rng.usize(1..20)));
            }
            6 => {
                // Splice in part of another seed.
                let other = &seeds[rng.usize(..seeds.len())].1;
                if !other.is_empty() {
                    let a = rng.usize(..other.len());
                    let z = (a + rng.usize(1..2048)).min(other.len());
                    let at = rng.usize(..=b.len());
                    b.splice(at..at, other[a..z].iter().copied());
                }
            }
            _ => {
                // Interesting tokens for the readers.
                const TOKENS: &[&[u8]] = &[
                    b"<!DOCTYPE x [<!ENTITY a \"b\">]>",
                    b"&a;",
                    b"\"",
                    b";",
                    b"\n",
                    b"\xff\xfe",
                    b"\xef\xbb\xbf",
                    b"99999999999999999999.999",
                    b"-0",
                    b"31/12/2024",
                    b"obj <<",
                    b"/Filter /FlateDecode",
                    b"stream\n",
                    b"]]>",
                    b"<![CDATA[",
                    b"(",
                    b"\\",
                ];
                let t = TOKENS[rng.usize(..TOKENS.len())];
                let at = rng.usize(..=b.len());
                b.splice(at..at, t.iter().copied());
            }
        }
    }
    // Room for the 5 MB CSV field seed.
    b.truncate(8 * 1024 * 1024);
    b
}

/// Re-runs saved inputs (`DULY_FUZZ_REPLAY=path[:path...]`) with both option sets, timed.
#[test]
#[ignore = "replays DULY_FUZZ_REPLAY"]
fn replay() {
    let paths = std::env::var("DULY_FUZZ_REPLAY").unwrap_or_default();
    for path in paths.split(':').filter(|p| !p.is_empty()) {
        let input = std::fs::read(path).unwrap();
        for currency in [None, Some("EUR".parse().unwrap())] {
            let options = ImportOptions { default_currency: currency, ..ImportOptions::default() };
            let t = Instant::now();
            let r = import_file(path, &input, &options);
            println!("{path} ({currency:?}): {:?}, {} invoices, errors {:?}", t.elapsed(), r.invoices.len(), r.errors);
        }
    }
}

#[test]
#[ignore = "bounded fuzz run: DULY_FUZZ_SECS (default 60) of mutated samples"]
fn mutated_samples_never_panic_or_hang() {
    let secs: u64 = std::env::var("DULY_FUZZ_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seeds = seeds();
    std::panic::set_hook(Box::new(|info| {
        *PANIC.lock().unwrap() = Some(info.to_string());
    }));
    let mut rng =
        fastrand::Rng::with_seed(std::env::var("DULY_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5EED));
    let start = Instant::now();
    let (mut runs, mut ok, mut slowest, mut slowest_from) = (0u64, 0u64, Duration::ZERO, String::new());
    let options = [
        ImportOptions::default(),
        ImportOptions { default_currency: Some("EUR".parse().unwrap()), ..ImportOptions::default() },
    ];
    while start.elapsed() < Duration::from_secs(secs) {
        let (name, seed) = &seeds[rng.usize(..seeds.len())];
        let input = if rng.u8(..20) == 0 {
            (0..rng.usize(..8192)).map(|_| rng.u8(..)).collect()
        } else {
            mutate(&mut rng, seed, &seeds)
        };
        let (t, cpu) = (Instant::now(), cpu_now());
        let r = import_file(name, &input, &options[rng.usize(..2)]);
        let took = took_since(t, cpu);
        if took > slowest {
            slowest = took;
            slowest_from = format!("{name} ({} bytes)", input.len());
        }
        runs += 1;
        ok += u64::from(r.is_ok());
        let panicked = PANIC.lock().unwrap().take();
        if panicked.is_some() || took > Duration::from_secs(10) {
            let path = std::env::temp_dir().join(format!("duly-fuzz-crash-{runs}.bin"));
            std::fs::write(&path, &input).unwrap();
            let _ = std::panic::take_hook();
            panic!(
                "input from {name} ({} bytes, saved to {}) {}",
                input.len(),
                path.display(),
                panicked.unwrap_or_else(|| format!("took {took:?}"))
            );
        }
    }
    let _ = std::panic::take_hook();
    println!(
        "fuzz_stable: {runs} inputs in {:?} from {} seeds; {ok} imported cleanly, the rest refused with errors; slowest input {slowest:?} of CPU time, mutated from {slowest_from}",
        start.elapsed(),
        seeds.len()
    );
}
