//! The EPC069-12 "SEPA credit transfer" QR code: a banking app that scans it fills in the
//! beneficiary, IBAN, amount and reference, so the client cannot mistype the reference that
//! lets the payment be matched to the invoice.

use duly_core::Money;
use qrcode::EcLevel;

use crate::layout::{Canvas, Mpt};

/// Why payment details cannot be put into an EPC QR code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EpcError {
    #[error("the amount must be in EUR, not {0}")]
    NotEuro(String),
    #[error("the amount must be between €0.01 and €999,999,999.99")]
    AmountOutOfRange,
    #[error("\"{0}\" is not a valid IBAN (check its length and check digits)")]
    Iban(String),
    #[error("\"{0}\" is not a valid BIC (8 or 11 letters and digits)")]
    Bic(String),
    #[error("the beneficiary name is missing or longer than 70 characters")]
    Name,
    #[error("the payment reference is longer than 140 characters")]
    Reference,
    #[error("the payment details do not fit in a QR code")]
    TooLong,
}

/// The text a SEPA QR code carries (EPC069-12 version 002, UTF-8).
///
/// An ISO 11649 creditor reference ("RF18 5390 0754 7034") goes in the structured reference
/// field, which banks match automatically; any other reference goes in the free text.
pub fn epc_payload(name: &str, iban: &str, bic: &str, amount: Money, reference: &str) -> Result<String, EpcError> {
    if amount.currency.code() != "EUR" {
        return Err(EpcError::NotEuro(amount.currency.code().to_owned()));
    }
    if !(1..=99_999_999_999).contains(&amount.minor) {
        return Err(EpcError::AmountOutOfRange);
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 70 {
        return Err(EpcError::Name);
    }
    let iban_compact = compact(iban);
    if !valid_iban(&iban_compact) {
        return Err(EpcError::Iban(iban.trim().to_owned()));
    }
    let bic_compact = compact(bic);
    if !bic_compact.is_empty()
        && (!(bic_compact.len() == 8 || bic_compact.len() == 11)
            || !bic_compact.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        return Err(EpcError::Bic(bic.trim().to_owned()));
    }
    let reference = reference.trim();
    let creditor_reference = compact(reference);
    let (structured, text) = if valid_creditor_reference(&creditor_reference) {
        (creditor_reference, String::new())
    } else {
        if reference.chars().count() > 140 {
            return Err(EpcError::Reference);
        }
        (String::new(), reference.to_owned())
    };
    let lines = [
        "BCD".to_owned(),
        "002".to_owned(),
        "1".to_owned(),
        "SCT".to_owned(),
        bic_compact,
        name.to_owned(),
        iban_compact,
        format!("EUR{}", amount.to_decimal_string()),
        String::new(),
        structured,
        text,
    ];
    let payload = lines.join("\n").trim_end_matches('\n').to_owned();
    if payload.len() > 331 {
        return Err(EpcError::TooLong);
    }
    Ok(payload)
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase()
}

fn valid_iban(iban: &str) -> bool {
    duly_core::is_iban(iban)
}

fn valid_creditor_reference(reference: &str) -> bool {
    reference.len() >= 5
        && reference.len() <= 25
        && reference.starts_with("RF")
        && reference.chars().all(|c| c.is_ascii_alphanumeric())
        && duly_core::mod97_rotated(reference) == Some(1)
}

/// The QR code for `payload` as rows of dark (`true`) and light modules, with error correction
/// level M as EPC069-12 requires.
///
/// The `qrcode` crate picks the mask pattern by scoring all eight with a general-purpose
/// routine that took longer than laying out and writing the rest of the invoice; this scores
/// them with the same four ISO/IEC 18004 penalty rules on a plain bit grid. Every mask gives a
/// valid code; the score only picks the one scanners read most easily.
pub(crate) fn qr_modules(payload: &str) -> Result<(usize, Vec<bool>), EpcError> {
    use qrcode::canvas::{Canvas as QrCanvas, MaskPattern};
    let level = EcLevel::M;
    let bits = qrcode::bits::encode_auto(payload.as_bytes(), level).map_err(|_| EpcError::TooLong)?;
    let version = bits.version();
    let data = bits.into_bytes();
    let (encoded, ec) = qrcode::ec::construct_codewords(&data, version, level).map_err(|_| EpcError::TooLong)?;
    let mut canvas = QrCanvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec);
    let width = usize::try_from(version.width()).map_err(|_| EpcError::TooLong)?;
    let mut best: Option<(u32, Vec<bool>)> = None;
    for pattern in [
        MaskPattern::Checkerboard,
        MaskPattern::HorizontalLines,
        MaskPattern::VerticalLines,
        MaskPattern::DiagonalLines,
        MaskPattern::LargeCheckerboard,
        MaskPattern::Fields,
        MaskPattern::Diamonds,
        MaskPattern::Meadow,
    ] {
        let mut masked = canvas.clone();
        masked.apply_mask(pattern);
        let modules: Vec<bool> = masked.into_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
        let score = penalty(&modules, width);
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, modules));
        }
    }
    best.map(|(_, modules)| (width, modules)).ok_or(EpcError::TooLong)
}

/// ISO/IEC 18004 mask penalty: runs of five or more (N1), 2×2 blocks (N2), finder-like
/// 1:1:3:1:1 patterns beside four light modules (N3) and dark/light imbalance (N4).
///
/// Rows and columns are scored as bit sets (a code for a 331-byte payload is at most 69
/// modules wide, well within a `u128` with padding), a few word operations per line instead of
/// a branch per module.
fn penalty(m: &[bool], n: usize) -> u32 {
    if n == 0 || n + 8 > 128 || m.len() != n * n {
        return u32::MAX;
    }
    let mut rows = vec![0_u128; n];
    let mut cols = vec![0_u128; n];
    for (y, row) in m.chunks_exact(n).enumerate() {
        for (x, _) in row.iter().enumerate().filter(|(_, dark)| **dark) {
            rows[y] |= 1 << x;
            cols[x] |= 1 << y;
        }
    }
    let full: u128 = (1 << n) - 1;
    let mut score = 0_u32;
    for &line in rows.iter().chain(&cols) {
        // N1: bit i of `same` says modules i and i + 1 match; a run of k ≥ 5 equal modules is
        // a run of k − 1 ≥ 4 ones, and scores 3 + (k − 5) = ones − 1.
        let mut same = !(line ^ (line >> 1)) & (full >> 1);
        while same != 0 {
            same >>= same.trailing_zeros();
            let ones = same.trailing_ones();
            if ones >= 4 {
                score += ones - 1;
            }
            same = if ones >= 128 { 0 } else { same >> ones };
        }
        // N3: dark-light-dark-dark-dark-light-dark with four light modules before or after;
        // outside the code counts as light, which the four padding bits provide.
        let padded = line << 4;
        for start in 0..(n + 1).saturating_sub(7) {
            let window = (padded >> start) & 0x7FFF;
            if (window >> 4) & 0x7F == 0b101_1101 && (window & 0xF == 0 || (window >> 11) & 0xF == 0) {
                score += 40;
            }
        }
    }
    // N2: 2×2 blocks of one colour, 3 each.
    let pairs = full >> 1;
    for y in 0..n - 1 {
        let (a, b) = (rows[y], rows[y + 1]);
        let dark = a & (a >> 1) & b & (b >> 1) & pairs;
        let light = !a & !(a >> 1) & !b & !(b >> 1) & pairs;
        score += 3 * (dark.count_ones() + light.count_ones());
    }
    // N4: 10 points per full 5 % away from half dark.
    let dark: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    let deviation = (dark * 100 / (n * n)).abs_diff(50) / 5;
    score + u32::try_from(deviation * 10).unwrap_or(u32::MAX)
}

/// Draws the QR code for `payload` as filled squares with its top left at (`x`, `y`), `size`
/// wide including the 4-module quiet zone the standard asks for. Horizontal runs of dark
/// modules become one rectangle each, which keeps the page small.
pub(crate) fn draw_qr(canvas: &mut Canvas, payload: &str, x: Mpt, y: Mpt, size: Mpt) -> Result<(), EpcError> {
    let (width, modules) = qr_modules(payload)?;
    let quiet_modules = i64::try_from(width + 8).map_err(|_| EpcError::TooLong)?;
    let module = size / quiet_modules;
    let origin_x = x + 4 * module;
    let origin_y = y + 4 * module;
    for (row, cells) in modules.chunks(width).enumerate() {
        let mut col = 0;
        while col < width {
            if cells[col] {
                let start = col;
                while col < width && cells[col] {
                    col += 1;
                }
                let (start, run, row) = (as_i64(start), as_i64(col - start), as_i64(row));
                canvas.rect(origin_x + start * module, origin_y + row * module, run * module, module, 0);
            } else {
                col += 1;
            }
        }
    }
    Ok(())
}

fn as_i64(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(minor: i64) -> Money {
        Money::new(minor, "EUR".parse().unwrap())
    }

    #[test]
    fn payload_follows_epc069_12() {
        let p = epc_payload("Ana Popescu PFA", "RO49 AAAA 1B31 0075 9384 0000", "", eur(119_000), "2026-014").unwrap();
        assert_eq!(p, "BCD\n002\n1\nSCT\n\nAna Popescu PFA\nRO49AAAA1B31007593840000\nEUR1190.00\n\n\n2026-014");
    }

    #[test]
    fn creditor_references_go_in_the_structured_field() {
        let p = epc_payload("Jan", "DE89370400440532013000", "COBADEFFXXX", eur(5), "RF18 5390 0754 7034").unwrap();
        assert!(p.ends_with("EUR0.05\n\nRF18539007547034"), "{p}");
        assert!(p.contains("\nCOBADEFFXXX\n"));
    }

    #[test]
    fn the_chosen_mask_decodes_to_the_same_modules_as_the_qrcode_crate_for_that_mask() {
        // Whatever mask is picked, the data must be the payload's: compare with the crate's
        // own encoder when it happens to pick the same mask, and always check the size.
        let payload =
            epc_payload("Aoife Byrne Studio", "IE29 AIBK 9311 5212 3456 78", "AIBKIE2D", eur(618_198), "INV-2026-014")
                .unwrap();
        let (width, modules) = qr_modules(&payload).unwrap();
        let reference = qrcode::QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).unwrap();
        assert_eq!(width, reference.width());
        assert_eq!(modules.len(), width * width);
        let ours = penalty(&modules, width);
        let theirs: Vec<bool> = reference.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
        assert!(ours <= penalty(&theirs, width), "the chosen mask scores no worse than the crate's choice");
    }

    #[test]
    fn penalty_counts_runs_blocks_finders_and_imbalance() {
        // A 5×5 all-dark grid: 10 runs of five (3 each), 16 2×2 blocks (3 each), 100 % dark.
        assert_eq!(penalty(&[true; 25], 5), 10 * 3 + 16 * 3 + 100);
        // One row 1011101 with light around it in a 7×7 otherwise light grid: a finder-like
        // pattern in that row (40), plus the light runs and blocks around it.
        let mut grid = [false; 49];
        for (x, dark) in [true, false, true, true, true, false, true].into_iter().enumerate() {
            grid[3 * 7 + x] = dark;
        }
        let with_finder = penalty(&grid, 7);
        grid[3 * 7 + 1] = true;
        assert!(with_finder >= 40 + penalty(&grid, 7) - 20, "{with_finder}");
    }

    #[test]
    fn bad_details_are_named() {
        assert_eq!(
            epc_payload("Jan", "DE89370400440532013001", "", eur(5), "x"),
            Err(EpcError::Iban("DE89370400440532013001".into()))
        );
        assert!(matches!(
            epc_payload("Jan", "DE89370400440532013000", "", Money::new(5, "USD".parse().unwrap()), ""),
            Err(EpcError::NotEuro(_))
        ));
        assert_eq!(epc_payload("Jan", "DE89370400440532013000", "", eur(0), ""), Err(EpcError::AmountOutOfRange));
        assert_eq!(epc_payload("Jan", "DE89370400440532013000", "BAD", eur(1), ""), Err(EpcError::Bic("BAD".into())));
        assert_eq!(epc_payload(&"x".repeat(71), "DE89370400440532013000", "", eur(1), ""), Err(EpcError::Name));
    }
}
