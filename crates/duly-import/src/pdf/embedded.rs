//! The invoice XML a Factur-X / ZUGFeRD (or Odoo UBL) PDF carries as an attachment.
//!
//! Every file specification (`/EF` dictionary) in the document is considered, not only the
//! catalog's `/EmbeddedFiles` name tree or `/AF` array: producers disagree on where they list
//! it, and a scan over loaded objects is bounded by the file size anyway.

use lopdf::{Dictionary, Document, Object};

/// Attachment names the standards fix, most specific first.
const KNOWN_NAMES: &[&str] =
    &["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "ubl-invoice-2.1.xml", "order-x.xml"];

/// The decompressed XML is an e-invoice, never near this; a bigger one is a bomb.
const MAX_XML_BYTES: usize = crate::MAX_FILE_BYTES;

pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The attachment to read as the invoice: a standard name, else any XML whose root is an
/// invoice. Errors decoding an attachment are returned so a broken Factur-X is reported as
/// such instead of silently falling back to text heuristics.
pub fn invoice_xml(doc: &Document) -> Option<Result<Attachment, String>> {
    let mut candidates: Vec<(usize, String, &lopdf::Stream)> = Vec::new();
    for obj in doc.objects.values() {
        let Some(dict) = as_dict(obj) else { continue };
        let Ok(ef) = dict.get(b"EF") else { continue };
        let Some(ef) = resolve_dict(doc, ef) else { continue };
        let name = file_name(dict);
        let Some(stream) = ef.get(b"F").or_else(|_| ef.get(b"UF")).ok().and_then(|s| resolve_stream(doc, s)) else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        let rank = match KNOWN_NAMES.iter().position(|k| *k == lower) {
            Some(i) => i,
            None if lower.ends_with(".xml") => KNOWN_NAMES.len(),
            None => continue,
        };
        candidates.push((rank, name, stream));
    }
    candidates.sort_by_key(|(rank, name, _)| (*rank, name.clone()));
    let mut first_error = None;
    for (_, name, stream) in candidates {
        match stream.decompressed_content_with_limit(MAX_XML_BYTES) {
            Ok(bytes) if looks_like_invoice(&bytes) => return Some(Ok(Attachment { name, bytes })),
            Ok(_) => {}
            Err(e) => {
                first_error.get_or_insert(format!("the attachment {name} cannot be decoded: {e}"));
            }
        }
    }
    first_error.map(Err)
}

fn looks_like_invoice(bytes: &[u8]) -> bool {
    // Not only the head: producers put licence comments of several KB before the root.
    let markers: [&[u8]; 4] = [
        b"CrossIndustryInvoice",
        b"CrossIndustryDocument",
        b"ubl:schema:xsd:Invoice-2",
        b"ubl:schema:xsd:CreditNote-2",
    ];
    markers.iter().any(|m| crate::sniff::find(bytes, m).is_some())
}

fn as_dict(obj: &Object) -> Option<&Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn resolve_dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match obj {
        Object::Reference(id) => doc.get_object(*id).ok().and_then(as_dict),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

fn resolve_stream<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a lopdf::Stream> {
    match obj {
        Object::Reference(id) => doc.get_object(*id).ok().and_then(|o| o.as_stream().ok()),
        Object::Stream(s) => Some(s),
        _ => None,
    }
}

fn file_name(spec: &Dictionary) -> String {
    spec.get(b"UF").or_else(|_| spec.get(b"F")).ok().and_then(|o| lopdf::decode_text_string(o).ok()).unwrap_or_default()
}
