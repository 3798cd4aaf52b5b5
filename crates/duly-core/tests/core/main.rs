//! duly-core against generated bank statements: one test binary for the crate, one module per subject.

mod support;

mod bank_match_quality;
mod bank_match_timing;
