//! The invoice XML a Factur-X / ZUGFeRD (or Odoo UBL) PDF carries as an attachment.
//!
//! Every file specification (`/EF` dictionary) in the document is considered, not only the
//! catalog's `/EmbeddedFiles` name tree or `/AF` array: producers disagree on where they list
//! it. Many specifications may point at one stream (a crafted PDF does, thousands of times), so
//! each stream is inflated once ([`super::streams`]) and looked at once.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::streams::{self, Inflated};
use crate::budget::Budget;
use crate::error::ImportError;

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
/// such instead of silently falling back to text heuristics; a spent budget is the outer `Err`.
pub fn invoice_xml(doc: &mut Document, budget: &Budget) -> Result<Option<Result<Attachment, String>>, ImportError> {
    let mut candidates: Vec<(usize, String, ObjectId)> = Vec::new();
    for obj in doc.objects.values() {
        let Some(dict) = as_dict(obj) else { continue };
        let Ok(ef) = dict.get(b"EF") else { continue };
        let Some(ef) = resolve_dict(doc, ef) else { continue };
        let Some(id) = ef.get(b"F").or_else(|_| ef.get(b"UF")).ok().and_then(|s| stream_id(doc, s)) else {
            continue;
        };
        let name = file_name(dict);
        let lower = name.to_ascii_lowercase();
        let rank = match KNOWN_NAMES.iter().position(|k| *k == lower) {
            Some(i) => i,
            None if lower.ends_with(".xml") => KNOWN_NAMES.len(),
            None => continue,
        };
        candidates.push((rank, name, id));
    }
    candidates.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut seen = BTreeSet::new();
    candidates.retain(|(_, _, id)| seen.insert(*id));
    let mut inflated = Inflated::default();
    let mut first_error = None;
    for (_, name, id) in candidates {
        streams::inflate(doc, [id], MAX_XML_BYTES, budget, &mut inflated)?;
        if let Some(why) = inflated.failure(id) {
            first_error.get_or_insert(format!("the attachment {name} cannot be decoded: {why}"));
            continue;
        }
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else { continue };
        if looks_like_invoice(&stream.content) {
            return Ok(Some(Ok(Attachment { name, bytes: stream.content.clone() })));
        }
    }
    Ok(first_error.map(Err))
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

/// Embedded files are always indirect streams (PDF 32000 §7.11.4).
fn stream_id(doc: &Document, obj: &Object) -> Option<ObjectId> {
    let id = obj.as_reference().ok()?;
    matches!(doc.objects.get(&id), Some(Object::Stream(_))).then_some(id)
}

fn file_name(spec: &Dictionary) -> String {
    spec.get(b"UF").or_else(|_| spec.get(b"F")).ok().and_then(|o| lopdf::decode_text_string(o).ok()).unwrap_or_default()
}
