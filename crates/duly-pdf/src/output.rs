//! What rendering a document gives back: its bytes, and what the user should know about them.

use std::ops::Deref;

/// Something the document could only print imperfectly. The document is still written (a
/// reminder must not fail over one character in a client's name); the app shows these beside
/// the draft or preview so the user can decide whether it will do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PdfWarning {
    /// No font on this computer has the character; the document shows a box in its place.
    #[error(
        "no font on this computer can write the character '{character}' (U+{code:04X}) in \"{text}\": the document shows \u{25A1} in its place"
    )]
    Unprintable { character: char, code: u32, text: String },
}

/// A rendered PDF. It reads as its bytes (`&pdf[..]`), since that is what most callers want.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    /// Empty when the document says exactly what it was given.
    pub warnings: Vec<PdfWarning>,
}

impl Deref for Pdf {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl AsRef<[u8]> for Pdf {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl From<Pdf> for Vec<u8> {
    fn from(pdf: Pdf) -> Self {
        pdf.bytes
    }
}
