//! Which character separates the columns. Spreadsheet exports in locales with a decimal comma
//! use `;`, some tools use tab or `|`; the separator is the one that splits the leading lines
//! into the same number of fields most consistently.

const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
const SAMPLE_LINES: usize = 30;

pub fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(SAMPLE_LINES).collect();
    let mut best = (b',', 0usize, 0usize);
    for &d in &CANDIDATES {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let Some(mode) = mode(&counts) else { continue };
        if mode == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == mode).count();
        if (agreeing, mode) > (best.1, best.2) {
            best = (d, agreeing, mode);
        }
    }
    best.0
}

/// Lines of a quoted multi-line cell are miscounted here; the majority vote absorbs that.
fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

fn mode(values: &[usize]) -> Option<usize> {
    let mut counts = std::collections::BTreeMap::new();
    for &v in values {
        *counts.entry(v).or_insert(0usize) += 1;
    }
    counts.into_iter().max_by_key(|&(v, c)| (c, v)).map(|(v, _)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_consistent_separator() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("Nr;Data;Suma\n1;01.02.2024;1.234,50\n2;02.02.2024;12,00\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t\"x, y\"\t3\n"), b'\t');
        assert_eq!(detect_delimiter("a|b|c\n1|2,5|3\n"), b'|');
        assert_eq!(detect_delimiter("\"Total\",\"Client\"\n\"1,020.00\",\"Bruce\"\n"), b',');
    }
}
