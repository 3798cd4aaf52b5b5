//! PDF reader (lopdf loading, attachment search, text layout, heuristics): any bytes after a
//! PDF header.
#![no_main]

use duly_import::{ImportOptions, import_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend_from_slice(data);
    let _ = import_file("fuzz.pdf", &bytes, &ImportOptions::default());
});
