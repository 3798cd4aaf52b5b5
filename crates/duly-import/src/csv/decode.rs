//! Bytes of a CSV export to text. Exports come as UTF-8 (with or without BOM) from web tools,
//! and as Windows-1250 (Romanian, Polish, Czech Excel) or Windows-1252 (western Excel) from
//! desktop ones; nothing in the file says which, so the letters decide.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1250, WINDOWS_1252};

/// Letters that a Romanian, Polish or Czech text decoded as 1250 shows.
const CENTRAL: &str = "ăâîşţĂÂÎŞŢąćęłńóśźżĄĆĘŁŃÓŚŹŻčěřůťďňČĚŘŮŤĎŇšžŠŽáéíúýÁÉÍÚÝöüÖÜ";
/// Letters western European text decoded as 1252 shows.
const WESTERN: &str = "àáâäæçèéêëìíîïñòóôöøùúûüÿßÀÁÂÄÆÇÈÉÊËÌÍÎÏÑÒÓÔÖØÙÚÛÜšžŠŽ€";

pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
}

pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return Decoded { text, encoding: enc };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded { text: Cow::Borrowed(text), encoding: UTF_8 };
    }
    let (central, _, _) = WINDOWS_1250.decode(bytes);
    let (western, _, _) = WINDOWS_1252.decode(bytes);
    // Ties go to 1252: it is the more common of the two, and a tie means the distinguishing
    // bytes never occur, so both decodings read the same.
    if plausibility(&central, CENTRAL) > plausibility(&western, WESTERN) {
        Decoded { text: central, encoding: WINDOWS_1250 }
    } else {
        Decoded { text: western, encoding: WINDOWS_1252 }
    }
}

/// Letters of the expected alphabet count for; anything else outside ASCII (³, ¿, º, þ, ˘ that
/// a wrong code page produces) counts double against.
fn plausibility(text: &str, letters: &str) -> i64 {
    text.chars().filter(|c| !c.is_ascii()).map(|c| if letters.contains(c) { 1 } else { -2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_code_pages() {
        assert_eq!(decode("\u{feff}Număr;Sumă".as_bytes()).text, "Număr;Sumă");
        let (ro, _, _) = WINDOWS_1250.encode("Factură şi taxă, Ţară");
        let d = decode(&ro);
        assert_eq!(d.encoding, WINDOWS_1250);
        assert_eq!(d.text, "Factură şi taxă, Ţară");
        let (pl, _, _) = WINDOWS_1250.encode("Łódź, żółć, Gdańsk");
        assert_eq!(decode(&pl).text, "Łódź, żółć, Gdańsk");
        let (fr, _, _) = WINDOWS_1252.encode("Crème brûlée, Société Générale, Müller");
        let d = decode(&fr);
        assert_eq!(d.encoding, WINDOWS_1252);
        assert_eq!(d.text, "Crème brûlée, Société Générale, Müller");
    }
}
