//! Rendered PDFs, read back with poppler: one test binary for the crate, one module per subject.

mod common;

mod documents;
mod fallback_fonts;
