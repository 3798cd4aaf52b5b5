//! A TrueType file with a short `name` table.
//!
//! DejaVu's `name` table is 15.6 KB, mostly its licence text in several encodings, and the PDF
//! subsetter copies it into every embedded subset: it was over half of each embedded font and a
//! third of a one-page invoice (issue 19). PDF readers use no `name` records (the font's name in
//! the PDF is its `BaseFont`), so the bundled faces keep only the records that name the face:
//! family, subfamily, full name and PostScript name. The licence stays in `assets/fonts/`.
//!
//! The file format: an offset table, a directory of tables (tag, checksum, offset, length), the
//! tables 4-byte aligned; the whole file sums to `0xB1B0AFBA` through `head.checkSumAdjustment`.

/// The `name` records kept: family (1), subfamily (2), full name (4), PostScript name (6).
const KEPT_NAME_IDS: [u16; 4] = [1, 2, 4, 6];

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The sum of big-endian 32-bit words the format uses for its checksums (zero-padded).
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0_u32, |sum, chunk| {
        let mut word = [0_u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// A format-0 `name` table with only [`KEPT_NAME_IDS`]' records; `None` if it cannot be read.
fn short_name_table(name: &[u8]) -> Option<Vec<u8>> {
    let count = usize::from(u16_at(name, 2)?);
    let storage = usize::from(u16_at(name, 4)?);
    let mut records = Vec::new();
    let mut strings: Vec<u8> = Vec::new();
    for i in 0..count {
        let at = 6 + i * 12;
        let record = name.get(at..at + 12)?;
        if !KEPT_NAME_IDS.contains(&u16_at(record, 6)?) {
            continue;
        }
        let (length, offset) = (usize::from(u16_at(record, 8)?), usize::from(u16_at(record, 10)?));
        let text = name.get(storage + offset..storage + offset + length)?;
        let new_offset = u16::try_from(strings.len()).ok()?;
        strings.extend_from_slice(text);
        let mut kept = record[..10].to_vec();
        kept.extend_from_slice(&new_offset.to_be_bytes());
        records.push(kept);
    }
    if records.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(6 + records.len() * 12 + strings.len());
    out.extend_from_slice(&0_u16.to_be_bytes());
    out.extend_from_slice(&u16::try_from(records.len()).ok()?.to_be_bytes());
    out.extend_from_slice(&u16::try_from(6 + records.len() * 12).ok()?.to_be_bytes());
    for record in records {
        out.extend_from_slice(&record);
    }
    out.extend_from_slice(&strings);
    Some(out)
}

/// The font with its `name` table cut to the records that name the face; `None` when the file
/// is not a TrueType font this can read (the caller then keeps the original).
pub(crate) fn with_short_name(font: &[u8]) -> Option<Vec<u8>> {
    let num_tables = usize::from(u16_at(font, 4)?);
    let mut tables = Vec::with_capacity(num_tables);
    for i in 0..num_tables {
        let at = 12 + i * 16;
        let tag: [u8; 4] = font.get(at..at + 4)?.try_into().ok()?;
        let (offset, length) =
            (usize::try_from(u32_at(font, at + 8)?).ok()?, usize::try_from(u32_at(font, at + 12)?).ok()?);
        let data = font.get(offset..offset + length)?;
        let data = if &tag == b"name" { short_name_table(data)? } else { data.to_vec() };
        tables.push((tag, data));
    }
    let mut out = font.get(..12)?.to_vec();
    let mut offset = 12 + num_tables * 16;
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(offset).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (tag, data) in &tables {
        let mut data = data.clone();
        if tag == b"head" {
            // checkSumAdjustment is computed over the whole file with itself at zero.
            data.get_mut(8..12)?.fill(0);
        }
        out.extend_from_slice(&data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    let head_at = head_at?;
    let adjustment = 0xB1B0_AFBA_u32.wrapping_sub(checksum(&out));
    out.get_mut(head_at + 8..head_at + 12)?.copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_shrinks_and_the_font_still_reads_with_its_name_and_glyphs() {
        let original: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
        let short = with_short_name(original).expect("DejaVu is a TrueType file");
        assert!(short.len() + 10_000 < original.len(), "{} → {}", original.len(), short.len());
        let face = ttf_parser::Face::parse(&short, 0).expect("parses");
        let names: Vec<String> = face.names().into_iter().filter_map(|n| n.to_string()).collect();
        assert!(names.iter().any(|n| n == "DejaVu Sans"), "{names:?}");
        assert!(names.iter().any(|n| n == "DejaVuSans"), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("Bitstream Vera")), "licence text gone: {names:?}");
        let before = ttf_parser::Face::parse(original, 0).expect("parses");
        for ch in ['A', 'ș', '€', '—'] {
            let gid = face.glyph_index(ch).expect("glyph");
            assert_eq!(Some(gid), before.glyph_index(ch));
            assert_eq!(face.glyph_hor_advance(gid), before.glyph_hor_advance(gid));
        }
        assert_eq!(checksum(&short), 0xB1B0_AFBA);
        assert_eq!(with_short_name(b"not a font"), None);
    }
}
