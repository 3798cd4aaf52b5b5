//! Names in scripts DejaVu Sans lacks: drawn with a font found on the computer, or, where none
//! has the character, printed as a box with a warning; never a refused document. Needs the
//! fonts `scripts/deps.sh --test` installs (fonts-droid-fallback for CJK).

use crate::common;

use common::{poppler_available, text};
use duly_core::Language;
use duly_pdf::{PdfWarning, render_demand_letter, render_invoice, samples};

const JAPANESE: &str = "株式会社テスト 🚀";
const ARABIC: &str = "شركة النور للتجارة";

#[test]
fn a_japanese_name_is_drawn_with_a_system_font_and_an_emoji_without_one_is_marked() {
    if !poppler_available("a_japanese_name_is_drawn_with_a_system_font_and_an_emoji_without_one_is_marked") {
        return;
    }
    let mut inv = samples::invoice(Language::En);
    inv.client.name = JAPANESE.into();
    let pdf = render_invoice(&inv).unwrap();
    let txt = text(&pdf);
    assert!(txt.contains("株式会社テスト"), "the CJK characters are not in the text:\n{txt}");
    // No font here draws the rocket (colour emoji fonts have no outlines and are not used):
    // the box takes its place and the render says so, naming the text.
    assert!(!txt.contains('🚀'), "{txt}");
    assert!(txt.contains("株式会社テスト \u{25A1}"), "no replacement mark:\n{txt}");
    assert_eq!(
        pdf.warnings,
        vec![PdfWarning::Unprintable { character: '🚀', code: 0x1F680, text: JAPANESE.into() }],
        "one warning, for the rocket"
    );
    let message = pdf.warnings[0].to_string();
    assert!(message.contains("U+1F680") && message.contains(JAPANESE), "{message}");
    // The borrowed face is embedded as a subset, not whole (Droid Sans Fallback is 4 MB).
    assert!(pdf.len() < 400_000, "{} bytes", pdf.len());
}

#[test]
fn an_arabic_name_prints_its_letters() {
    if !poppler_available("an_arabic_name_prints_its_letters") {
        return;
    }
    let mut inv = samples::invoice(Language::En);
    inv.client.name = ARABIC.into();
    inv.client.attention = "مريم الحسيني".into();
    let pdf = render_invoice(&inv).unwrap();
    assert!(pdf.warnings.is_empty(), "{:?}", pdf.warnings);
    let txt = text(&pdf);
    // Letters only: shaping and right-to-left order are not done (see duly-pdf's fallback.rs).
    for ch in ARABIC.chars().chain("مريم الحسيني".chars()).filter(|c| !c.is_whitespace()) {
        assert!(txt.contains(ch), "'{ch}' (U+{:04X}) is missing:\n{txt}", ch as u32);
    }
}

#[test]
fn every_document_with_such_a_name_is_written() {
    let mut letter = samples::demand_letter(Language::En);
    letter.recipient.name = format!("{JAPANESE} {ARABIC}");
    let pdf = render_demand_letter(&letter).unwrap();
    assert!(pdf.warnings.iter().all(|w| matches!(w, PdfWarning::Unprintable { character: '🚀', .. })));
    assert!(!pdf.warnings.is_empty());
}
