//! The importers against real and generated files: one test binary for the crate, one module per subject.

mod common;

mod accuracy;
mod formats;
mod hostile;
mod pdf_corpus;
mod statements;
