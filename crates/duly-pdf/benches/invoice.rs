//! `cargo bench -p duly-pdf --bench invoice`: a one-page invoice rendered to PDF bytes, then the
//! same invoice drawn by ReportLab (benches/peer/) in the same run, for the ratio.
//!
//! The target is under 2 ms a page and at least ten times ReportLab's speed: a statement run
//! or a batch of reminders with invoice copies renders hundreds of pages at once.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use criterion::Criterion;
use duly_core::{Language, LineItem, Money, amount_due, compute_totals, format_date, format_money};
use duly_pdf::{epc_payload, format_percent, format_quantity, render_invoice, samples};

fn bench(c: &mut Criterion) {
    duly_pdf::warm_up().expect("bundled fonts load");
    let invoice = samples::invoice(Language::En);
    let pages = {
        let pdf = render_invoice(&invoice).expect("sample renders");
        pdf.windows(10).filter(|w| w == b"/Type/Page" || w == b"/Type /Pag").count()
    };
    assert!(pages >= 1);
    c.bench_function("invoice/one_page_a4_en", |b| b.iter(|| render_invoice(black_box(&invoice)).expect("renders")));
}

/// The invoice's text exactly as duly-pdf prints it, for the peer to draw.
fn peer_input() -> serde_json::Value {
    let l = Language::En;
    let inv = samples::invoice(l);
    let m = |minor: i64| format_money(Money::new(minor, inv.currency), l);
    let items: Vec<LineItem> = inv
        .lines
        .iter()
        .map(|x| LineItem { description: x.description.clone(), quantity: x.quantity, unit_price: x.unit_price_minor })
        .collect();
    let t = compute_totals(&items, inv.tax_rate).unwrap();
    let due = amount_due(t.total, inv.paid_minor);
    let party = |p: &duly_pdf::Party, contact: bool| {
        let mut lines = vec![p.name.clone()];
        if !p.attention.is_empty() {
            lines.push(format!("Attn. {}", p.attention));
        }
        lines.extend(p.address.lines().map(str::to_owned));
        lines.push(format!("Tax ID {}", p.tax_id));
        if contact {
            lines.push(p.email.clone());
            lines.push(p.phone.clone());
        }
        lines
    };
    let rows: Vec<Vec<String>> = inv
        .lines
        .iter()
        .zip(&items)
        .map(|(line, item)| {
            vec![
                line.description.clone(),
                format_quantity(line.quantity, l),
                m(line.unit_price_minor),
                m(item.amount()),
            ]
        })
        .collect();
    let qr = epc_payload(
        &inv.seller.name,
        &inv.payment.iban,
        &inv.payment.bic,
        Money::new(due, inv.currency),
        &inv.payment.reference,
    )
    .expect("sample is payable by SEPA");
    serde_json::json!({
        "title": format!("Invoice {}", inv.number),
        "labels": {"invoice": "Invoice", "bill_to": "Bill to", "amount_due": "Amount due", "payment_terms": "Payment terms", "how_to_pay": "How to pay"},
        "meta": [["Invoice number", inv.number], ["Issue date", format_date(inv.issue_date, l)], ["Due date", format_date(inv.due_date, l)]],
        "seller": party(&inv.seller, true),
        "client": party(&inv.client, false),
        "due": m(due),
        "due_line": format!("Due date {}", format_date(inv.due_date, l)),
        "columns": ["Description", "Qty", "Unit price", "Amount"],
        "rows": rows,
        "totals": [["Subtotal", m(t.subtotal), false], [format!("VAT {}", format_percent(inv.tax_rate.into(), l)), m(t.tax), false], ["Total", m(t.total), true], ["Paid", m(-inv.paid_minor), false]],
        "terms": [
            "Payment within 30 days of the invoice date, by 31 October 2026.",
            "Early payment: 2% discount if paid within 10 days of the invoice date (by 11 October 2026).",
            "Late payment: interest of 1% per month is charged on overdue amounts from the day after the due date."
        ],
        "payment": [["Account holder", inv.seller.name], ["Bank", inv.payment.bank_name], ["IBAN", inv.payment.iban], ["BIC", inv.payment.bic], ["Payment reference", inv.payment.reference]],
        "qr": qr,
        "footer": format!("Aoife Byrne Studio · Invoice {}", samples::invoice(l).number),
        "page": "Page 1 of 1",
    })
}

fn peer_python(manifest: &Path) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DULY_PEER_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let default = PathBuf::from("/tmp/duly-reportlab-venv/bin/python");
    let has_reportlab = |p: &Path| {
        Command::new(p).args(["-c", "import reportlab"]).output().map(|o| o.status.success()).unwrap_or(false)
    };
    if has_reportlab(&default) {
        return Some(default);
    }
    println!("setting up the ReportLab peer (benches/peer/setup.sh)...");
    let out = Command::new("bash").arg(manifest.join("benches/peer/setup.sh")).output().ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).lines().last()?.trim());
    has_reportlab(&path).then_some(path)
}

/// Times both renderers the same way (N renders after one warm-up, wall clock) and prints the
/// figures the issue asks for. Timings, not money: floats are fine here.
#[allow(clippy::float_arithmetic)]
fn compare_with_reportlab() {
    const N: u32 = 300;
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let invoice = samples::invoice(Language::En);
    let sample = render_invoice(&invoice).expect("renders");
    let bytes = sample.len();
    // The file measured, for a look (`pdftoppm -png -r 60`) and for `qpdf --show-object`.
    let written = Path::new(env!("CARGO_TARGET_TMPDIR")).join("invoice-bench.pdf");
    if std::fs::write(&written, &sample).is_ok() {
        println!("sample: {}", written.display());
    }
    let (start, cpu_start) = (Instant::now(), thread_cpu_ms());
    for _ in 0..N {
        black_box(render_invoice(black_box(&invoice)).expect("renders"));
    }
    let ours = start.elapsed().as_secs_f64() * 1000.0 / f64::from(N);
    let our_cpu = thread_cpu_ms().zip(cpu_start).map(|(end, start)| (end - start) / f64::from(N));
    match our_cpu {
        Some(cpu) => println!("duly-pdf  ms_per_page={ours:.3} cpu_ms_per_page={cpu:.3} bytes={bytes}"),
        None => println!("duly-pdf  ms_per_page={ours:.3} bytes={bytes}"),
    }

    let Some(python) = peer_python(manifest) else {
        println!(
            "ReportLab peer skipped: no Python with reportlab (set DULY_PEER_PYTHON or run benches/peer/setup.sh)"
        );
        return;
    };
    let input = std::env::temp_dir().join(format!("duly-pdf-peer-{}.json", std::process::id()));
    std::fs::write(&input, peer_input().to_string()).expect("write peer input");
    let out = Command::new(python)
        .arg(manifest.join("benches/peer/invoice_reportlab.py"))
        .arg(&input)
        .arg(manifest.join("../../assets/fonts"))
        .arg(N.to_string())
        .output()
        .expect("run the ReportLab peer");
    let _ = std::fs::remove_file(&input);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        println!("ReportLab peer failed: {}", String::from_utf8_lossy(&out.stderr));
        return;
    }
    print!("{stdout}");
    let figure = |key: &str| -> Option<f64> {
        stdout.split_whitespace().find_map(|w| w.strip_prefix(key)).and_then(|v| v.parse().ok())
    };
    if let Some(theirs) = figure("ms_per_page=") {
        println!(
            "ratio (wall clock): duly-pdf is {:.1}x faster than ReportLab on the same one-page invoice",
            theirs / ours
        );
    }
    if let (Some(theirs), Some(ours)) = (figure("cpu_ms_per_page="), our_cpu) {
        println!(
            "ratio (CPU time): duly-pdf is {:.1}x faster than ReportLab on the same one-page invoice",
            theirs / ours
        );
    }
}

/// This thread's CPU time in milliseconds, from /proc (Linux; `None` elsewhere). On a shared
/// machine wall-clock time also counts the time other processes had the CPU; CPU time does not.
#[allow(clippy::float_arithmetic)]
fn thread_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of stat(5), here at 11 and 12; in USER_HZ ticks (100 a
    // second on Linux) so the 300 renders are timed to about a hundredth of a second.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
    compare_with_reportlab();
}
