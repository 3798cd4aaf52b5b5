//! UBL / CII reader: any bytes behind an XML start, so most inputs reach the parser and the
//! mappings rather than the sniffer's refusal.
#![no_main]

use duly_import::{ImportOptions, import_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let r = import_file("fuzz.xml", data, &ImportOptions::default());
    // A result is either importable or explains why not.
    assert!(r.is_ok() || !r.errors.is_empty());
});
