//! Whether an account number is an IBAN: decides both the EPC QR code and the label the
//! account is printed under ("IBAN" or "Account number"). Indonesian banks, among many others,
//! have no IBAN, and a rekening number labelled "IBAN" tells the reader the sender does not know
//! their own bank.

/// Remainder mod 97 of the digits obtained by moving the first four characters to the end and
/// writing letters as 10..35 (ISO 13616 for IBANs and ISO 11649 for creditor references share
/// this check). `None` for text shorter than four characters or with a non-alphanumeric one.
pub fn mod97_rotated(text: &str) -> Option<u32> {
    let rotated = text.get(4..)?.chars().chain(text.get(..4)?.chars());
    let mut remainder: u32 = 0;
    for c in rotated {
        let value = c.to_digit(36)?;
        remainder = if value >= 10 { (remainder * 100 + value) % 97 } else { (remainder * 10 + value) % 97 };
    }
    Some(remainder)
}

/// True for an IBAN as people type it: spaces allowed, letters in either case; the country
/// letters, check digits, length and mod-97 checksum must all hold.
pub fn is_iban(text: &str) -> bool {
    let iban: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let shape = (15..=34).contains(&iban.len())
        && iban.chars().take(2).all(|c| c.is_ascii_uppercase())
        && iban.chars().skip(2).take(2).all(|c| c.is_ascii_digit())
        && iban.chars().all(|c| c.is_ascii_alphanumeric());
    shape && mod97_rotated(&iban) == Some(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_pass_and_rekening_numbers_do_not() {
        assert!(is_iban("RO49AAAA1B31007593840000"));
        assert!(is_iban("de89 3704 0044 0532 0130 00"));
        assert!(!is_iban("RO49AAAA1B31007593840001"), "checksum");
        assert!(!is_iban("1234567890"), "a BCA account number");
        assert!(!is_iban("123-456-7890"));
        assert!(!is_iban(""));
    }
}
