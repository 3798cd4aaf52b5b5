//! Invented books and bank statements with the truth known, for measuring matching (the
//! precision/recall test) and timing it (the bench). Statement lines are written the ways banks
//! and payers write them: names in capitals, without diacritics, cut at 20 characters, legal
//! forms spelled differently, a typo; invoice numbers with or without punctuation, in sentences
//! of three languages, or not at all; RF references grouped or compact; part payments, one
//! transfer for two invoices, and credits that pay no invoice at all (some with an amount that
//! happens to equal an open invoice's).
#![allow(dead_code)]

use duly_core::bank_match::{Credit, OpenInvoice};
use duly_core::{CreditorReference, Currency};

/// A small deterministic generator (xorshift), so that every run sees the same statements.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap_or(0)
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Andrei", "Ioana", "Mihai", "Elena", "Ștefan", "Ana", "Budi", "Siti", "Agus", "Dewi", "Jan", "Lotte", "Pieter",
    "Sarah", "Lukas", "Marta", "Tomasz", "Zuzana", "Radu", "Cristina", "Putri", "Eka", "Hanna", "Oskar",
];
const LAST: &[&str] = &[
    "Popescu",
    "Ionescu",
    "Dumitrescu",
    "Stănescu",
    "Constantinescu",
    "Gheorghiu",
    "Santoso",
    "Wijaya",
    "Halim",
    "Kurniawan",
    "de Vries",
    "Jansen",
    "Bakker",
    "Müller",
    "Schneider",
    "Kowalski",
    "Novák",
    "Marinescu",
    "Lungu",
    "Pratama",
    "Hartono",
    "Visser",
    "Meijer",
    "Fischer",
];
const WORDS: &[&str] = &[
    "Acme", "Nord", "Lumina", "Cahaya", "Maju", "Jaya", "Pixel", "Studio", "Digital", "Consult", "Media", "Soft",
    "Design", "Arte", "Sinar", "Karya", "Bright", "Blue", "Verde", "Alpine", "Delta", "Orion", "Vega", "Nova",
    "Carpați", "Dunărea", "Borneo", "Sumatra", "Holland", "Rhein", "Baltic", "Atlas", "Kreativ", "Logic", "Craft",
];
const FORMS: &[(&str, &[&str])] = &[
    ("SRL", &["SRL", "S.R.L.", "srl", ""]),
    ("PT", &["PT", "PT.", ""]),
    ("GmbH", &["GMBH", "GmbH", ""]),
    ("BV", &["B.V.", "BV", ""]),
    ("Ltd", &["LTD", "LIMITED", "Ltd."]),
    ("CV", &["CV", "C.V.", ""]),
];

pub struct Book {
    pub invoices: Vec<OpenInvoice>,
}

pub struct Case {
    pub credit: Credit,
    /// The invoices (indexes) this credit truly pays, in order; empty: none.
    pub pays: Vec<usize>,
}

fn currency(code: &str) -> Currency {
    code.parse().unwrap()
}

fn client_name(rng: &mut Rng) -> String {
    if rng.chance(35) {
        // A freelancer paying as a person (or a PFA / sole trader).
        let mut n = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        if rng.chance(40) {
            n.push_str(" PFA");
        }
        return n;
    }
    let (form, _) = FORMS[rng.below(FORMS.len())];
    let base = format!("{} {}", rng.pick(WORDS), rng.pick(WORDS));
    let base = if rng.chance(50) { format!("{base} {}", rng.pick(WORDS)) } else { base };
    if form == "PT" || form == "CV" { format!("{form} {base}") } else { format!("{base} {form}") }
}

/// A book of `n` open invoices over `n / 10` clients, in RON, EUR and IDR, oldest first.
pub fn book(rng: &mut Rng, n: usize) -> Book {
    let clients: Vec<(String, Currency)> = (0..(n / 10).max(5))
        .map(|_| {
            let ccy = currency(["RON", "EUR", "IDR", "EUR", "RON"][rng.below(5)]);
            (client_name(rng), ccy)
        })
        .collect();
    let prefixes = ["DLY-2026-", "F", "INV/2026/", "2026-"];
    let invoices = (0..n)
        .map(|i| {
            let (client, ccy) = &clients[rng.below(clients.len())];
            let major = if ccy.code() == "IDR" { 500_000 + rng.below(40_000) * 1_000 } else { 50 + rng.below(6_000) };
            let minor = i64::try_from(major).unwrap() * 100;
            OpenInvoice {
                id: i64::try_from(i).unwrap() + 1,
                number: format!("{}{:05}", prefixes[i % prefixes.len()], i + 1),
                client: client.clone(),
                currency: *ccy,
                open_minor: minor,
            }
        })
        .collect();
    Book { invoices }
}

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ă' | 'â' => 'a',
            'î' => 'i',
            'ș' | 'ş' => 's',
            'ț' | 'ţ' => 't',
            'ü' => 'u',
            'á' => 'a',
            'Ș' => 'S',
            _ => c,
        })
        .collect()
}

/// The payer as a bank prints the client's name.
fn as_bank_writes(rng: &mut Rng, name: &str) -> String {
    let mut n = fold(name);
    for (form, spellings) in FORMS {
        let with_space = format!(" {form}");
        if n.ends_with(&with_space) {
            n = format!("{}{}", &n[..n.len() - with_space.len()], format!(" {}", rng.pick(spellings)).trim_end());
        } else if n.starts_with(&format!("{form} ")) {
            n = format!("{} {}", rng.pick(spellings), &n[form.len() + 1..]).trim_start().to_owned();
        }
    }
    if rng.chance(60) {
        n = n.to_uppercase();
    }
    if rng.chance(20) {
        let mut words: Vec<&str> = n.split(' ').collect();
        words.reverse();
        n = words.join(" ");
    }
    if rng.chance(20) {
        n = n.chars().take(20).collect();
    }
    if rng.chance(8) && n.len() > 6 {
        // One letter dropped: a typo at the payer's bank.
        let at = 2 + rng.below(n.len() - 4);
        if n.is_char_boundary(at) && n.is_char_boundary(at + 1) {
            n.replace_range(at..=at, "");
        }
    }
    n
}

fn number_as_written(rng: &mut Rng, number: &str) -> String {
    match rng.below(4) {
        0 => number.to_owned(),
        1 => number.chars().filter(char::is_ascii_alphanumeric).collect(),
        2 => number.replace(['-', '/'], " "),
        _ => number.to_lowercase(),
    }
}

fn sentence(rng: &mut Rng, numbers: &[String]) -> String {
    let joined = numbers.join(", ");
    match rng.below(6) {
        0 => format!("CV FACT {joined}"),
        1 => format!("Plata factura nr. {joined} multumim"),
        2 => format!("Invoice {joined} thanks"),
        3 => format!("Pembayaran invoice {joined}"),
        4 => format!("Rechnung {joined}"),
        _ => joined,
    }
}

/// `lines` statement lines against the book; what each truly pays is in `Case::pays`.
pub fn statement(rng: &mut Rng, book: &Book, lines: usize) -> Vec<Case> {
    let mut open: Vec<i64> = book.invoices.iter().map(|i| i.open_minor).collect();
    let mut cases = Vec::with_capacity(lines);
    let mut by_client: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, inv) in book.invoices.iter().enumerate() {
        by_client.entry(inv.client.as_str()).or_default().push(i);
    }
    while cases.len() < lines {
        let i = rng.below(book.invoices.len());
        let inv = &book.invoices[i];
        if open[i] == 0 {
            continue;
        }
        let kind = rng.below(100);
        let payer = as_bank_writes(rng, &inv.client);
        let credit = |amount: i64, payer: String, reference: String, text: String| Credit {
            amount_minor: amount,
            currency: inv.currency,
            payer,
            reference,
            text,
        };
        let case = if kind < 15 {
            // Not a client's payment: a refund, a loan, a transfer from the freelancer's own
            // account; a third of them happen to carry an open invoice's amount.
            let amount = if rng.chance(33) { open[i] } else { 1_000 + i64::try_from(rng.below(500_000)).unwrap() };
            let who = format!("{} {}", rng.pick(FIRST), rng.pick(LAST)).to_uppercase();
            let text = rng.pick(&["refund", "imprumut", "transfer intern", "Salary", "tabungan", ""]).to_owned();
            Case { credit: credit(amount, fold(&who), String::new(), text), pays: vec![] }
        } else if kind < 35 {
            // The RF reference, structured or in the text.
            let r = CreditorReference::for_invoice(&inv.number, inv.id);
            let (reference, text) = if rng.chance(50) {
                (r.to_string(), String::new())
            } else {
                (String::new(), format!("{} {}", rng.pick(&["Ref", "Plata", "Payment", ""]), r.printed()))
            };
            Case { credit: credit(open[i], payer, reference, text), pays: vec![i] }
        } else if kind < 65 {
            // The number in the text; a tenth pay part of it.
            let amount = if rng.chance(10) { open[i] / 2 } else { open[i] };
            let written = number_as_written(rng, &inv.number);
            let text = sentence(rng, &[written]);
            Case { credit: credit(amount, payer, String::new(), text), pays: vec![i] }
        } else if kind < 70 {
            // Two invoices of the client in one transfer.
            let Some(j) = by_client[inv.client.as_str()].iter().copied().find(|&j| j != i && open[j] > 0) else {
                continue;
            };
            let numbers = [number_as_written(rng, &inv.number), number_as_written(rng, &book.invoices[j].number)];
            let text = sentence(rng, &numbers);
            Case { credit: credit(open[i] + open[j], payer, String::new(), text), pays: vec![i, j] }
        } else {
            // Nothing but the amount and the payer's name.
            let text = rng.pick(&["payment", "plata", "transfer", "", "pembayaran jasa"]).to_owned();
            Case { credit: credit(open[i], payer, String::new(), text), pays: vec![i] }
        };
        for &p in &case.pays {
            open[p] = 0;
        }
        cases.push(case);
    }
    cases
}
