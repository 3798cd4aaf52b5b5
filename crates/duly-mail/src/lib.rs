//! Placeholder: this crate gets its content with its own issue.
//! It exists now so the workspace layout, CI and ARCHITECTURE.md are final from day one.
