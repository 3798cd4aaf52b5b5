//! Pieces shared by the three documents: address blocks, labelled values, the logo and the
//! payment instructions.

use duly_core::Language;
use printpdf::RawImage;

use crate::error::PdfError;
use crate::fonts::Face;
use crate::layout::{Canvas, INK, Item, MUTED, Mpt, Style, mm, pt};
use crate::model::{Party, PaymentDetails};
use crate::words::words;

pub(crate) const BODY: Style = Style::new(Face::Regular, pt(9), INK);
pub(crate) const BODY_BOLD: Style = Style::new(Face::Bold, pt(9), INK);
pub(crate) const SMALL: Style = Style::new(Face::Regular, pt(8), MUTED);
pub(crate) const LABEL: Style = Style::new(Face::Bold, pt(8), MUTED);
pub(crate) const HEADING: Style = Style::new(Face::Bold, pt(10), INK);

/// Places the logo with its top left at (`x`, `y`), scaled to fit `max_w` × `max_h` without
/// distortion. Returns its drawn height.
pub(crate) fn logo(canvas: &mut Canvas, bytes: &[u8], x: Mpt, y: Mpt, max_w: Mpt, max_h: Mpt) -> Result<Mpt, PdfError> {
    let image = RawImage::decode_from_bytes(bytes, &mut Vec::new()).map_err(PdfError::Logo)?;
    let (px_w, px_h) = (to_i64(image.width), to_i64(image.height));
    if px_w == 0 || px_h == 0 {
        return Err(PdfError::Logo("the image is empty".into()));
    }
    // Fit the box: whichever side hits its limit first decides the scale.
    let (w, h) = if max_w * px_h <= max_h * px_w { (max_w, max_w * px_h / px_w) } else { (max_h * px_w / px_h, max_h) };
    let index = canvas.images.len();
    canvas.images.push(image);
    canvas.push(Item::Image { x, y, w, h, index });
    Ok(h)
}

fn to_i64(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(0)
}

/// Lines of a party block after its name: address, tax id, contact details.
pub(crate) fn party_lines(
    party: &Party,
    language: Language,
    with_contact: bool,
) -> Vec<(Option<&'static str>, String)> {
    let w = words(language);
    let mut lines: Vec<(Option<&'static str>, String)> = Vec::new();
    if !party.attention.trim().is_empty() {
        lines.push((Some(w.attention), party.attention.trim().to_owned()));
    }
    for line in party.address.lines().map(str::trim).filter(|l| !l.is_empty()) {
        lines.push((None, line.to_owned()));
    }
    if !party.tax_id.trim().is_empty() {
        lines.push((Some(w.tax_id), party.tax_id.trim().to_owned()));
    }
    if with_contact {
        if !party.email.trim().is_empty() {
            lines.push((None, party.email.trim().to_owned()));
        }
        if !party.phone.trim().is_empty() {
            lines.push((None, party.phone.trim().to_owned()));
        }
    }
    lines
}

/// Draws a party block (name in bold, then its lines) at a fixed position, wrapping at
/// `max_w`. Returns the y below it.
pub(crate) fn party_block(
    canvas: &mut Canvas,
    party: &Party,
    language: Language,
    (x, y): (Mpt, Mpt),
    max_w: Mpt,
    name_style: Style,
    with_contact: bool,
) -> Mpt {
    let mut y = y;
    for line in canvas.wrap(name_style, party.name.trim(), max_w) {
        canvas.text_at(x, y + name_style.size, name_style, &line);
        y += name_style.leading();
    }
    for (label, value) in party_lines(party, language, with_contact) {
        let text = match label {
            Some(label) => format!("{label} {value}"),
            None => value,
        };
        for line in canvas.wrap(BODY, &text, max_w) {
            canvas.text_at(x, y + BODY.size, BODY, &line);
            y += BODY.leading();
        }
    }
    y
}

/// Labelled values in two columns ("IBAN   RO49 AAAA ..."), at a fixed position. Returns the y
/// below them.
pub(crate) fn key_values(
    canvas: &mut Canvas,
    rows: &[(&str, String)],
    x: Mpt,
    y: Mpt,
    label_w: Mpt,
    max_w: Mpt,
) -> Mpt {
    let mut y = y;
    for (label, value) in rows {
        canvas.text_at(x, y + BODY.size, SMALL, label);
        let lines = canvas.wrap(BODY, value, max_w - label_w);
        for line in lines {
            canvas.text_at(x + label_w, y + BODY.size, BODY, &line);
            y += BODY.leading();
        }
    }
    y
}

/// The rows of a "how to pay" block, in the order a person types them into a banking app.
pub(crate) fn payment_rows(
    payment: &PaymentDetails,
    fallback_holder: &str,
    language: Language,
) -> Vec<(&'static str, String)> {
    let w = words(language);
    let holder = if payment.account_holder.trim().is_empty() { fallback_holder } else { payment.account_holder.trim() };
    let mut rows = Vec::new();
    let mut push = |label: &'static str, value: &str| {
        if !value.trim().is_empty() {
            rows.push((label, value.trim().to_owned()));
        }
    };
    push(w.account_holder, holder);
    push(w.bank, &payment.bank_name);
    // An account number given as the IBAN is printed under its own label: a rekening number
    // labelled "IBAN" is a mistake a reader notices.
    if duly_core::is_iban(&payment.iban) {
        push(w.iban, &group_iban(&payment.iban));
    } else {
        push(w.account_number, &payment.iban);
    }
    push(w.bic, &payment.bic);
    push(w.account_number, &payment.account_number);
    push(w.reference, &payment.reference);
    rows
}

/// An IBAN in groups of four, as printed on bank statements: easier to read out and retype.
pub(crate) fn group_iban(iban: &str) -> String {
    let compact: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    let chars: Vec<char> = compact.chars().collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// A section heading at the cursor, kept on the same page as at least `keep_with` of what
/// follows it.
pub(crate) fn heading(canvas: &mut Canvas, text: &str, keep_with: Mpt) {
    canvas.ensure(pt(20) + keep_with);
    let y = canvas.y + HEADING.size;
    canvas.text_at(canvas.left, y, HEADING, text);
    canvas.y += pt(17);
}

pub(crate) const GAP: Mpt = mm(60);
