//! What kind of bytes a dropped file holds, from its content: people rename files, mail clients
//! drop extensions, and a `.csv` that is really an XLSX must be refused with a useful message.

/// The container, before its content is read. XML becomes UBL or CII once its root element is
/// known; a PDF becomes Factur-X if it carries an invoice XML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Pdf,
    Xml,
    /// Delimited text (CSV); the CSV reader decides encoding and delimiter.
    Text,
    /// Something else; the text says what it looks like, for the error message.
    Unknown(String),
}

pub fn sniff(bytes: &[u8]) -> Sniffed {
    // The PDF header may follow a little junk (ISO 32000 allows readers to search the first KB).
    if find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Sniffed::Pdf;
    }
    if let Some(kind) = known_binary(bytes) {
        return Sniffed::Unknown(kind.to_owned());
    }
    let body = strip_bom(bytes);
    if is_utf16(bytes) {
        return if utf16_starts_with_lt(bytes) { Sniffed::Xml } else { Sniffed::Text };
    }
    let first = body.iter().position(|b| !b.is_ascii_whitespace());
    if let Some(i) = first
        && body[i] == b'<'
    {
        return Sniffed::Xml;
    }
    if looks_like_text(body) {
        return Sniffed::Text;
    }
    Sniffed::Unknown("binary data".to_owned())
}

fn known_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "a ZIP archive or an Excel/Office file; export it as CSV first"),
        (b"\xD0\xCF\x11\xE0", "an old Excel/Office file; export it as CSV first"),
        (b"\x89PNG", "a PNG image; Duly cannot read scanned invoices yet"),
        (b"\xFF\xD8\xFF", "a JPEG image; Duly cannot read scanned invoices yet"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"{\\rtf", "an RTF document"),
    ];
    MAGIC.iter().find(|(m, _)| bytes.starts_with(m)).map(|(_, what)| *what)
}

pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")
}

fn utf16_starts_with_lt(bytes: &[u8]) -> bool {
    let (text, _) =
        encoding_rs::Encoding::for_bom(bytes).map_or((std::borrow::Cow::Borrowed(""), false), |(enc, _)| {
            let (t, _, e) = enc.decode(&bytes[..bytes.len().min(400)]);
            (t, e)
        });
    text.trim_start().starts_with('<')
}

/// Text has no NUL bytes and few control characters; Windows-125x and UTF-8 both pass.
fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.is_empty() || sample.contains(&0) {
        return false;
    }
    let control = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    control * 100 <= sample.len()
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_not_names_decides() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Sniffed::Pdf);
        assert_eq!(sniff(b"\xEF\xBB\xBF<?xml version=\"1.0\"?><Invoice/>"), Sniffed::Xml);
        assert_eq!(sniff(b"  \n<Invoice/>"), Sniffed::Xml);
        assert_eq!(sniff(b"a,b,c\n1,2,3\n"), Sniffed::Text);
        assert_eq!(sniff("Număr;Dată\n".as_bytes()), Sniffed::Text);
        assert!(matches!(sniff(b"PK\x03\x04rest"), Sniffed::Unknown(w) if w.contains("Excel")));
        assert!(matches!(sniff(&[0, 159, 146, 150, 1, 2]), Sniffed::Unknown(_)));
        assert!(matches!(sniff(b""), Sniffed::Unknown(_)));
    }
}
