//! ISO 11649 structured creditor references ("RF references") per invoice.
//!
//! A reference the bank carries in a structured field (or that survives in the remittance text)
//! lets a statement line be matched to its invoice with certainty: the check digits catch a
//! typo, and the body is derived from the invoice number alone, so Duly can recompute every open
//! invoice's reference when a statement arrives instead of storing one more column.

use std::fmt;

use crate::iban::mod97_rotated;

/// The body holds at most 21 characters (25 with "RF" and the check digits).
pub const MAX_BODY_CHARS: usize = 21;

/// A valid ISO 11649 reference in its electronic form: `RF`, two check digits, 1–21 letters or
/// digits, upper case, no spaces.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CreditorReference(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("a creditor reference starts with RF and two check digits")]
    Prefix,
    #[error("a creditor reference has 1 to 21 letters or digits after RF and the check digits")]
    Body,
    #[error("the check digits of this creditor reference are wrong (a typo?)")]
    Checksum,
}

impl CreditorReference {
    /// The reference for a body of 1–21 letters and digits (case ignored): check digits are
    /// 98 − (body + "RF00" as digits mod 97).
    pub fn from_body(body: &str) -> Result<Self, ReferenceError> {
        let body = body.to_ascii_uppercase();
        if body.is_empty() || body.len() > MAX_BODY_CHARS || !body.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ReferenceError::Body);
        }
        let remainder = mod97_rotated(&format!("RF00{body}")).ok_or(ReferenceError::Body)?;
        Ok(CreditorReference(format!("RF{:02}{body}", 98 - remainder)))
    }

    /// The invoice's reference: its number's letters and digits (`INV-2024/017` → `INV2024017`),
    /// or the invoice's database id when the number has none or more than 21. Deterministic, so
    /// matching recomputes it for every open invoice.
    pub fn for_invoice(number: &str, id: i64) -> Self {
        let body: String = number.chars().filter(char::is_ascii_alphanumeric).collect();
        Self::from_body(&body).unwrap_or_else(|_| {
            Self::from_body(&id.unsigned_abs().to_string()).unwrap_or_else(|_| CreditorReference("RF".to_owned()))
        })
    }

    /// Reads a reference as people and banks write it: spaces anywhere, either case.
    pub fn parse(text: &str) -> Result<Self, ReferenceError> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let (Some(prefix), Some(body)) = (compact.get(..4), compact.get(4..)) else {
            return Err(ReferenceError::Prefix);
        };
        if !prefix.starts_with("RF") || !prefix[2..].chars().all(|c| c.is_ascii_digit()) {
            return Err(ReferenceError::Prefix);
        }
        if body.is_empty() || body.len() > MAX_BODY_CHARS || !body.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ReferenceError::Body);
        }
        if mod97_rotated(&compact) != Some(1) {
            return Err(ReferenceError::Checksum);
        }
        Ok(CreditorReference(compact))
    }

    /// Every valid reference written in free text (remittance information), in order: compact, or
    /// in printed groups of four. Where a shorter and a longer reading at one place are both valid
    /// (1 in 97 for a short word after the reference), both are returned, longer first: the caller
    /// keeps the one it knows.
    pub fn find_in(text: &str) -> Vec<Self> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut i = 0;
        while i + 4 <= bytes.len() {
            let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
            if starts_word
                && bytes[i].eq_ignore_ascii_case(&b'R')
                && bytes[i + 1].eq_ignore_ascii_case(&b'F')
                && bytes[i + 2].is_ascii_digit()
                && bytes[i + 3].is_ascii_digit()
            {
                let (candidates, end) = readings_at(bytes, i);
                if !candidates.is_empty() {
                    found.extend(candidates);
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        found
    }

    /// The body after `RF` and the check digits.
    pub fn body(&self) -> &str {
        self.0.get(4..).unwrap_or("")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Groups of four separated by spaces, as printed on an invoice: `RF18 5390 0754 7034`.
    pub fn printed(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
    }
}

/// The valid readings starting at `start`, longest first, and the byte index after the longest.
/// A reading ends at a word's end; words join only as printed groups (all of four characters but
/// the last), so "RF18 5390 0754 7034 thanks" never swallows "thanks".
fn readings_at(bytes: &[u8], start: usize) -> (Vec<CreditorReference>, usize) {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = start;
    loop {
        let word_start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        words.push((word_start, i));
        let joinable = i - word_start == 4 && bytes.get(i) == Some(&b' ');
        let next_len = bytes[(i + 1).min(bytes.len())..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if !joinable || next_len == 0 || next_len > 4 {
            break;
        }
        i += 1;
    }
    let mut compact = String::new();
    let mut readings: Vec<(CreditorReference, usize)> = Vec::new();
    for &(from, to) in &words {
        compact.extend(bytes[from..to].iter().map(|b| char::from(b.to_ascii_uppercase())));
        if let Ok(r) = CreditorReference::parse(&compact) {
            readings.push((r, to));
        }
    }
    let end = readings.last().map_or(start, |(_, end)| *end);
    (readings.into_iter().rev().map(|(r, _)| r).collect(), end)
}

impl fmt::Display for CreditorReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_standards_examples_are_valid() {
        // ISO 11649's example (also in the EPC's guidance), compact and zero-padded.
        for valid in
            ["RF18539007547034", "RF18 5390 0754 7034", "RF18000000000539007547034", "rf45g72uur", "RF712348231"]
        {
            assert!(CreditorReference::parse(valid).is_ok(), "{valid}");
        }
        assert_eq!(CreditorReference::from_body("539007547034").unwrap().as_str(), "RF18539007547034");
        assert_eq!(CreditorReference::from_body("G72UUR").unwrap().as_str(), "RF45G72UUR");
        assert_eq!(CreditorReference::parse("RF18539007547034").unwrap().printed(), "RF18 5390 0754 7034");
    }

    #[test]
    fn typos_and_bad_shapes_are_refused() {
        assert_eq!(CreditorReference::parse("RF18539007547035"), Err(ReferenceError::Checksum));
        assert_eq!(CreditorReference::parse("RF81539007547034"), Err(ReferenceError::Checksum), "swapped digits");
        assert_eq!(CreditorReference::parse("XX18539007547034"), Err(ReferenceError::Prefix));
        assert_eq!(CreditorReference::parse("RF18"), Err(ReferenceError::Body));
        assert_eq!(CreditorReference::parse("RF18-5390"), Err(ReferenceError::Body));
        assert_eq!(CreditorReference::parse("RF"), Err(ReferenceError::Prefix));
        assert_eq!(CreditorReference::from_body("1234567890123456789012"), Err(ReferenceError::Body));
    }

    #[test]
    fn an_invoice_gets_its_numbers_letters_and_digits_or_its_id() {
        let r = CreditorReference::for_invoice("INV-2024/017", 9);
        assert_eq!(r.body(), "INV2024017");
        assert!(CreditorReference::parse(r.as_str()).is_ok());
        assert_eq!(CreditorReference::for_invoice("---", 42).body(), "42");
        assert_eq!(CreditorReference::for_invoice("FACTURA-2024-000000000000017", 7).body(), "7");
    }

    #[test]
    fn references_are_found_in_remittance_text() {
        let text = "Plata factura RF18 5390 0754 7034 si rf45g72uur, multumim";
        let found: Vec<String> = CreditorReference::find_in(text).iter().map(ToString::to_string).collect();
        assert_eq!(found, ["RF18539007547034", "RF45G72UUR"]);
        assert!(CreditorReference::find_in("REF18539007547034 RF18539007547035").is_empty());
        assert!(CreditorReference::find_in("RF1").is_empty());
    }

    proptest! {
        #[test]
        fn every_generated_reference_validates_and_is_found(body in "[A-Z0-9]{1,21}", pre in "[a-z ]{0,10}") {
            let r = CreditorReference::from_body(&body).unwrap();
            prop_assert_eq!(CreditorReference::parse(r.as_str()), Ok(r.clone()));
            prop_assert_eq!(CreditorReference::parse(&r.printed()), Ok(r.clone()));
            let text = format!("{pre} {} thanks", r.printed());
            // A shorter reading may also be valid by chance (1 in 97); the full one comes first.
            let found = CreditorReference::find_in(&text);
            prop_assert_eq!(found.first(), Some(&r));
            let compact = format!("{pre},{r}; thanks");
            prop_assert_eq!(CreditorReference::find_in(&compact), vec![r]);
        }

        #[test]
        fn one_changed_character_is_caught(body in "[0-9]{4,21}", at in 0usize..21, digit in 0u32..10) {
            let r = CreditorReference::from_body(&body).unwrap();
            let mut chars: Vec<char> = r.as_str().chars().collect();
            let i = 2 + at % (chars.len() - 2);
            let new = char::from_digit(digit, 10).unwrap();
            prop_assume!(chars[i] != new);
            chars[i] = new;
            let changed: String = chars.into_iter().collect();
            prop_assert!(CreditorReference::parse(&changed).is_err());
        }
    }
}
