//! E-invoice XML: one safe way to parse it, and small helpers to walk it by element name.
//!
//! Hand mapping over roxmltree rather than a full EN 16931 model: Duly needs about twenty
//! business terms, must read ZUGFeRD 1.0 (which the EN 16931 crates refuse), and must never
//! expand entities (see `parse`). Elements are matched by local name, because UBL, CII D16B and
//! ZUGFeRD 1.0 agree on names far more than on namespaces.

pub mod cii;
pub mod ubl;
mod values;

use roxmltree::{Document, Node, ParsingOptions};

use crate::error::ImportError;
use crate::model::{Format, ParsedInvoice};

/// Real e-invoices nest about ten elements deep; a thousand means an attack or a broken file.
pub const MAX_DEPTH: usize = 100;
/// Bounds memory on a 20 MB file of empty elements (roxmltree stores ~60 bytes a node).
const MAX_NODES: u32 = 2_000_000;

/// Turns the file's bytes into text. e-invoices are UTF-8 by rule, but old ZUGFeRD producers
/// wrote ISO-8859-1 with a declaration saying so, and a UTF-16 BOM is legal XML.
pub fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, ImportError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            return std::str::from_utf8(&bytes[bom_len..])
                .map(std::borrow::Cow::Borrowed)
                .map_err(|e| ImportError::XmlSyntax(format!("invalid UTF-8 at byte {}", e.valid_up_to() + bom_len)));
        }
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(ImportError::XmlSyntax(format!("invalid {} text", enc.name())));
        }
        return Ok(text);
    }
    let head = &bytes[..bytes.len().min(200)];
    let head_text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let declared = ["iso-8859-1", "latin1", "windows-1252", "iso-8859-15"]
        .iter()
        .find(|e| head_text.contains(&format!("encoding=\"{e}\"")) || head_text.contains(&format!("encoding='{e}'")));
    if declared.is_some() {
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
        return Ok(text);
    }
    std::str::from_utf8(bytes)
        .map(std::borrow::Cow::Borrowed)
        .map_err(|e| ImportError::XmlSyntax(format!("invalid UTF-8 at byte {}", e.valid_up_to())))
}

/// Parses with DTDs refused (roxmltree's default, kept explicit: a DOCTYPE is where billion
/// laughs and external entities live, and no e-invoice standard uses one), bounded node count,
/// and a depth limit checked before any mapping code walks the tree.
pub fn parse(text: &str) -> Result<Document<'_>, ImportError> {
    let opts = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, entity_resolver: None };
    let doc = Document::parse_with_options(text, opts).map_err(|e| match e {
        roxmltree::Error::DtdDetected => ImportError::XmlDoctype,
        other => ImportError::XmlSyntax(other.to_string()),
    })?;
    // Nodes come in document order, so a parent's depth is known before its children's.
    let mut depth: Vec<u16> = vec![0; doc.descendants().count() + 1];
    for node in doc.descendants().filter(|n| n.is_element()) {
        let parent = node.parent().map_or(0, |p| depth[p.id().get_usize()]);
        let d = parent + 1;
        if usize::from(d) > MAX_DEPTH {
            return Err(ImportError::XmlTooDeep(MAX_DEPTH));
        }
        depth[node.id().get_usize()] = d;
    }
    Ok(doc)
}

/// Which e-invoice syntax the root element is, from its local name and namespace.
pub fn syntax_of(doc: &Document<'_>) -> Result<Format, ImportError> {
    let root = doc.root_element();
    let name = root.tag_name().name();
    let ns = root.tag_name().namespace().unwrap_or("");
    match name {
        "Invoice" | "CreditNote" if ns.starts_with("urn:oasis:names:specification:ubl:schema:xsd:") => Ok(Format::Ubl),
        "CrossIndustryInvoice" | "CrossIndustryDocument" => Ok(Format::Cii),
        _ => Err(ImportError::UnknownXml(if ns.is_empty() { name.to_owned() } else { format!("{{{ns}}}{name}") })),
    }
}

/// One mapped invoice with its warnings, or every error found in the document.
pub type Mapped = Result<(ParsedInvoice, Vec<String>), Vec<ImportError>>;

/// Reads a whole e-invoice XML file: decode, parse safely, pick the mapping by root element.
pub fn read(bytes: &[u8]) -> (Option<Format>, Mapped) {
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(e) => return (None, Err(vec![e])),
    };
    let doc = match parse(&text) {
        Ok(d) => d,
        Err(e) => return (None, Err(vec![e])),
    };
    match syntax_of(&doc) {
        Ok(Format::Ubl) => (Some(Format::Ubl), ubl::map(&doc)),
        Ok(_) => (Some(Format::Cii), cii::map(&doc)),
        Err(e) => (None, Err(vec![e])),
    }
}

fn local(step: &str) -> &str {
    step.rsplit_once(':').map_or(step, |(_, l)| l)
}

/// First child element with this local name (`"cbc:ID"` and `"ID"` both match `ID`).
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    let l = local(name);
    node.children().find(|c| c.is_element() && c.tag_name().name() == l)
}

pub fn children<'a, 'i: 'a>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    let l = local(name);
    node.children().filter(move |c| c.is_element() && c.tag_name().name() == l)
}

/// Follows a `/`-separated path of local names, taking the first match at each step.
pub fn at<'a, 'i>(node: Node<'a, 'i>, path: &str) -> Option<Node<'a, 'i>> {
    path.split('/').filter(|s| !s.is_empty()).try_fold(node, |n, step| child(n, step))
}

/// Every node matching the path, trying all branches (a party may carry several tax schemes).
pub fn all_at<'a, 'i>(node: Node<'a, 'i>, path: &str) -> Vec<Node<'a, 'i>> {
    let mut current = vec![node];
    for step in path.split('/').filter(|s| !s.is_empty()) {
        let l = local(step);
        current =
            current.iter().flat_map(|n| n.children().filter(|c| c.is_element() && c.tag_name().name() == l)).collect();
    }
    current
}

/// Trimmed text of an element, `None` when absent or blank.
pub fn text<'a>(node: Option<Node<'a, '_>>) -> Option<&'a str> {
    node.and_then(|n| n.text()).map(str::trim).filter(|t| !t.is_empty())
}

pub fn text_owned(node: Option<Node<'_, '_>>) -> Option<String> {
    text(node).map(collapse_ws)
}

/// Names in e-invoices are sometimes wrapped across lines; one space is what a person reads.
pub fn collapse_ws(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Credit notes state positive amounts that mean money going back to the client; Duly stores
/// them negative so they net against that client's invoices, and asks a person to confirm.
pub fn finish(mut inv: ParsedInvoice) -> ParsedInvoice {
    if inv.kind == crate::model::DocumentKind::CreditNote {
        inv.total = -inv.total;
        inv.amount_due = -inv.amount_due;
        for line in &mut inv.lines {
            line.amount = line.amount.map(|a| -a);
        }
        inv.needs_review = true;
        inv.warnings.push("credit note: amounts imported as negative".to_owned());
    }
    inv
}
