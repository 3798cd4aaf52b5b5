//! Runs poppler's command-line tools on rendered documents.

use std::io::Write;
use std::process::Command;

/// Whether the poppler tools can run here. Without them a developer's machine skips with a
/// message; CI (where `CI` is set) must have them, so there it fails instead.
pub fn poppler_available(test: &str) -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        if std::env::var_os("CI").is_some() {
            panic!("pdftotext (poppler-utils) is not installed, and CI must run {test}");
        }
        eprintln!("SKIPPED {test}: pdftotext is not installed (apt-get install poppler-utils)");
    }
    ok
}

fn to_file(pdf: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".pdf").tempfile().expect("temp file");
    file.write_all(pdf).expect("write pdf");
    file.flush().expect("flush pdf");
    file
}

/// The document's text as `pdftotext -layout` extracts it.
pub fn text(pdf: &[u8]) -> String {
    let file = to_file(pdf);
    let out = Command::new("pdftotext").arg("-layout").arg(file.path()).arg("-").output().expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("pdftotext prints UTF-8")
}

/// `pdfinfo`'s "key: value" lines.
pub fn info(pdf: &[u8]) -> String {
    let file = to_file(pdf);
    let out = Command::new("pdfinfo").arg(file.path()).output().expect("run pdfinfo");
    assert!(out.status.success(), "pdfinfo failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn info_value(info: &str, key: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| panic!("pdfinfo printed no {key}:\n{info}"))
}

pub fn pages(pdf: &[u8]) -> usize {
    info_value(&info(pdf), "Pages").parse().expect("page count")
}

/// Asserts every expected string appears in the extracted text, naming the missing one.
#[track_caller]
pub fn assert_contains_all(text: &str, expected: &[String]) {
    for e in expected {
        assert!(text.contains(e.as_str()), "missing {e:?} in extracted text:\n{text}");
    }
}

/// The first page as PNG bytes at `dpi`.
pub fn render_png(pdf: &[u8], dpi: u32) -> Vec<u8> {
    let file = to_file(pdf);
    let out = Command::new("pdftoppm")
        .args(["-png", "-singlefile", "-f", "1", "-l", "1", "-r", &dpi.to_string()])
        .arg(file.path())
        .output()
        .expect("run pdftoppm");
    assert!(out.status.success(), "pdftoppm failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}
