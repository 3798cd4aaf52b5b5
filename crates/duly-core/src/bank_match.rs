//! Which open invoices a bank credit pays: the creditor reference, else an invoice number in the
//! remittance text, else the amount and the payer's name against the client, each with a
//! confidence the review screen turns into "preselected" or "needs a click".
//!
//! Credits are matched in statement order against what is still open after the earlier ones, so
//! two credits paying one invoice in parts both find it, and one credit naming several invoices
//! pays them in the order named. A credit never pays an invoice in another currency.
//!
//! Built for a statement of thousands of lines against 100k open invoices: every rule is a hash
//! lookup (reference, normalised number, exact amount, name token); names are compared only for
//! the few invoices a lookup returns.

use std::collections::HashMap;

use crate::{CreditorReference, Currency};

/// A confidence at or above this is preselected on the review screen.
pub const CERTAIN: u8 = 90;

/// An invoice that can still receive money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenInvoice {
    pub id: i64,
    pub number: String,
    /// The client's name as Duly has it.
    pub client: String,
    pub currency: Currency,
    /// What is still due, in minor units (more than zero).
    pub open_minor: i64,
}

/// Money coming in, as a statement line says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credit {
    pub amount_minor: i64,
    pub currency: Currency,
    /// The ordering party's name; may be empty or cut short by the bank.
    pub payer: String,
    /// A structured reference field (camt `CdtrRefInf`), empty when the bank sent none.
    pub reference: String,
    /// The unstructured remittance text.
    pub text: String,
}

/// Why a credit was matched, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Basis {
    /// A valid RF creditor reference of the invoice.
    Reference,
    /// The invoice number written in the remittance text.
    InvoiceNumber,
    /// The amount, and the payer's name against the client's.
    AmountAndName,
}

/// Part of a credit put against one invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allocation {
    /// Index into the invoices given to [`Matcher::new`].
    pub invoice: usize,
    pub amount_minor: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditMatch {
    pub allocations: Vec<Allocation>,
    /// 0–100; [`CERTAIN`] and above is preselected.
    pub confidence: u8,
    pub basis: Basis,
}

impl CreditMatch {
    pub fn is_certain(&self) -> bool {
        self.confidence >= CERTAIN
    }

    /// What the credit leaves unallocated (an overpayment, or money for something else).
    pub fn unallocated(&self, credit: &Credit) -> i64 {
        credit.amount_minor - self.allocations.iter().map(|a| a.amount_minor).sum::<i64>()
    }
}

/// The open invoices, indexed once for a whole statement.
#[derive(Debug)]
pub struct Matcher<'a> {
    invoices: &'a [OpenInvoice],
    remaining: Vec<i64>,
    /// Invoices by a hash of their number's letters and digits (`number_key`): for numbers in
    /// the text and for RF references, whose body is that key. Candidates are checked against
    /// the real key, so a hash collision costs a comparison, never a wrong match.
    by_number: MultiIndex<u64>,
    /// Invoices whose reference is built from their id (a number with no letters or digits, or
    /// more than 21 of them).
    by_id_reference: HashMap<i64, usize>,
    by_amount: MultiIndex<(Currency, i64)>,
    /// Distinct normalised client names; `client_of[i]` indexes it for invoice `i`.
    names: Vec<String>,
    client_of: Vec<usize>,
    /// Per client (index into `names`), its invoices in the order given (oldest first).
    by_client: Vec<Vec<usize>>,
    /// Name token (and its first four letters) → clients (indexes into `names`).
    client_tokens: HashMap<String, Vec<usize>>,
}

/// Invoice numbers shorter than this (after normalising) are not looked for in free text: "12"
/// occurs in every date.
const MIN_NUMBER_CHARS: usize = 3;
/// A token shared by more clients than this ("solutions") does not pick candidates.
const MAX_CLIENTS_PER_TOKEN: usize = 200;

impl<'a> Matcher<'a> {
    /// `invoices` oldest first: where a rule cannot tell two invoices apart, the older is paid.
    pub fn new(invoices: &'a [OpenInvoice]) -> Self {
        let mut m = Matcher {
            invoices,
            remaining: invoices.iter().map(|i| i.open_minor).collect(),
            by_number: MultiIndex::new(invoices.len()),
            by_id_reference: HashMap::new(),
            by_amount: MultiIndex::new(invoices.len()),
            names: Vec::new(),
            client_of: Vec::with_capacity(invoices.len()),
            by_client: Vec::new(),
            client_tokens: HashMap::new(),
        };
        let mut client_ids: HashMap<String, usize> = HashMap::new();
        let mut raw_names: HashMap<&'a str, usize> = HashMap::new();
        for (i, inv) in invoices.iter().enumerate() {
            let alnum = alnum_chars(&inv.number).count();
            if alnum == 0 || alnum > crate::creditor_reference::MAX_BODY_CHARS {
                m.by_id_reference.insert(inv.id, i);
            }
            if alnum > 0 {
                m.by_number.insert(key_hash(alnum_chars(&inv.number)), i);
            }
            m.by_amount.insert((inv.currency, inv.open_minor), i);
            let client = match raw_names.get(inv.client.as_str()) {
                Some(&c) => c,
                None => {
                    let name = normalise_name(&inv.client);
                    let c = match client_ids.get(&name) {
                        Some(&c) => c,
                        None => {
                            let c = m.names.len();
                            for token in index_tokens(&name) {
                                m.client_tokens.entry(token).or_default().push(c);
                            }
                            client_ids.insert(name.clone(), c);
                            m.names.push(name);
                            m.by_client.push(Vec::new());
                            c
                        }
                    };
                    raw_names.insert(inv.client.as_str(), c);
                    c
                }
            };
            m.client_of.push(client);
            m.by_client[client].push(i);
        }
        m
    }

    /// The invoices whose number has these letters and digits (upper case).
    fn with_number_key<'s>(&'s self, key: &'s str) -> impl Iterator<Item = usize> + 's {
        self.by_number
            .get(key_hash(key.chars()))
            .filter(move |&i| alnum_chars(&self.invoices[i].number).eq(key.chars()))
    }

    /// The invoice whose RF reference this is, if exactly one.
    fn with_reference(&self, r: &CreditorReference) -> Option<usize> {
        let mut found = self
            .with_number_key(r.body())
            .chain(r.body().parse::<i64>().ok().and_then(|id| self.by_id_reference.get(&id).copied()))
            .filter(|&i| CreditorReference::for_invoice(&self.invoices[i].number, self.invoices[i].id) == *r);
        let first = found.next()?;
        // A reference two invoices share (numbers differing only in punctuation) proves nothing.
        found.next().is_none().then_some(first)
    }

    /// Matches the credits in order; what one credit pays is no longer open for the next.
    pub fn match_all(&mut self, credits: &[Credit]) -> Vec<Option<CreditMatch>> {
        credits.iter().map(|c| self.match_one(c)).collect()
    }

    /// Matches one credit and takes what it pays off the invoices' open amounts.
    pub fn match_one(&mut self, credit: &Credit) -> Option<CreditMatch> {
        if credit.amount_minor <= 0 {
            return None;
        }
        let found = self.by_reference(credit).or_else(|| self.by_number(credit)).or_else(|| self.by_amount(credit))?;
        for a in &found.allocations {
            self.remaining[a.invoice] -= a.amount_minor;
        }
        Some(found)
    }

    fn open(&self, i: usize, currency: Currency) -> bool {
        self.remaining[i] > 0 && self.invoices[i].currency == currency
    }

    /// Spreads the amount over the named invoices in order, each up to what it still owes.
    fn allocate(&self, named: &[usize], amount: i64) -> Vec<Allocation> {
        let mut left = amount;
        let mut out = Vec::new();
        for &i in named {
            if left == 0 {
                break;
            }
            let take = left.min(self.remaining[i]);
            out.push(Allocation { invoice: i, amount_minor: take });
            left -= take;
        }
        out
    }

    fn by_reference(&self, credit: &Credit) -> Option<CreditMatch> {
        let mut named = Vec::new();
        let structured = CreditorReference::parse(&credit.reference).ok();
        let in_text = CreditorReference::find_in(&credit.text);
        for r in structured.iter().chain(&in_text) {
            if let Some(i) = self.with_reference(r)
                && self.open(i, credit.currency)
                && !named.contains(&i)
            {
                named.push(i);
            }
        }
        if named.is_empty() {
            return None;
        }
        let owed: i64 = named.iter().map(|&i| self.remaining[i]).sum();
        // The reference proves which invoice; paying more than it owes is the only doubt.
        let confidence = if credit.amount_minor <= owed { 100 } else { 85 };
        Some(CreditMatch {
            allocations: self.allocate(&named, credit.amount_minor),
            confidence,
            basis: Basis::Reference,
        })
    }

    fn by_number(&self, credit: &Credit) -> Option<CreditMatch> {
        let mut named = Vec::new();
        for key in number_candidates(&credit.reference).chain(number_candidates(&credit.text)) {
            let open: Vec<usize> = self.with_number_key(&key).filter(|&i| self.open(i, credit.currency)).collect();
            if let [i] = open.as_slice()
                && !named.contains(i)
            {
                named.push(*i);
            }
        }
        if named.is_empty() {
            return None;
        }
        let owed: i64 = named.iter().map(|&i| self.remaining[i]).sum();
        let payer_fits = named.iter().any(|&i| name_score(&credit.payer, &self.invoices[i].client) >= 60);
        let confidence = match credit.amount_minor.cmp(&owed) {
            std::cmp::Ordering::Equal => 98,
            // Part payment of the named invoice: common, and the number says which.
            std::cmp::Ordering::Less if payer_fits => 95,
            std::cmp::Ordering::Less => 90,
            // More than the named invoices owe: a wrong number or money for something else.
            std::cmp::Ordering::Greater => 70,
        };
        Some(CreditMatch {
            allocations: self.allocate(&named, credit.amount_minor),
            confidence,
            basis: Basis::InvoiceNumber,
        })
    }

    fn by_amount(&self, credit: &Credit) -> Option<CreditMatch> {
        let payer = normalise_name(&credit.payer);
        let same_amount: Vec<usize> = self
            .by_amount
            .get((credit.currency, credit.amount_minor))
            .filter(|&i| self.remaining[i] == credit.amount_minor)
            .collect();
        let scored: Vec<(usize, u8)> = same_amount
            .iter()
            .map(|&i| (i, name_score_normalised(&payer, &normalise_name(&self.invoices[i].client))))
            .collect();
        let best = scored.iter().map(|&(_, s)| s).max().unwrap_or(0);
        if best >= 60 {
            let winners: Vec<usize> = scored.iter().filter(|&&(_, s)| s == best).map(|&(i, _)| i).collect();
            let same_client = winners.iter().all(|&i| {
                normalise_name(&self.invoices[i].client) == normalise_name(&self.invoices[winners[0]].client)
            });
            let base: u8 = if best >= 95 { 92 } else { 60 + best / 4 };
            // Several invoices of that client owe the amount: the oldest is paid, with a click.
            let confidence = if winners.len() == 1 {
                base
            } else if same_client {
                base.min(80)
            } else {
                50
            };
            return Some(CreditMatch {
                allocations: vec![Allocation { invoice: winners[0], amount_minor: credit.amount_minor }],
                confidence,
                basis: Basis::AmountAndName,
            });
        }
        if let Some(found) = self.by_client_total(credit, &payer) {
            return Some(found);
        }
        // No name to go by: a unique amount is a guess worth showing, never preselected.
        if payer.is_empty() && same_amount.len() == 1 {
            return Some(CreditMatch {
                allocations: vec![Allocation { invoice: same_amount[0], amount_minor: credit.amount_minor }],
                confidence: 40,
                basis: Basis::AmountAndName,
            });
        }
        None
    }

    /// The payer is a client: the credit pays its oldest invoices exactly (several at once), or
    /// part of the oldest.
    fn by_client_total(&self, credit: &Credit, payer: &str) -> Option<CreditMatch> {
        if payer.is_empty() {
            return None;
        }
        let (client, score) = self.best_client(payer)?;
        let open: Vec<usize> =
            self.by_client[client].iter().copied().filter(|&i| self.open(i, credit.currency)).collect();
        let first = *open.first()?;
        let mut sum = 0;
        for (n, &i) in open.iter().enumerate() {
            sum += self.remaining[i];
            if sum == credit.amount_minor && n > 0 {
                let confidence = if score >= 95 { 85 } else { 70 };
                return Some(CreditMatch {
                    allocations: self.allocate(&open[..=n], credit.amount_minor),
                    confidence,
                    basis: Basis::AmountAndName,
                });
            }
            if sum > credit.amount_minor {
                break;
            }
        }
        (credit.amount_minor < self.remaining[first]).then(|| CreditMatch {
            allocations: vec![Allocation { invoice: first, amount_minor: credit.amount_minor }],
            confidence: 45,
            basis: Basis::AmountAndName,
        })
    }

    /// The client whose name is most like the payer's (80 or more). Only the clients sharing
    /// the most words with the payer are scored, so a common first name costs a count, not a
    /// comparison per client.
    fn best_client(&self, payer: &str) -> Option<(usize, u8)> {
        let mut hits: HashMap<usize, u32> = HashMap::new();
        for token in index_tokens(payer) {
            let Some(clients) = self.client_tokens.get(&token) else { continue };
            if clients.len() > MAX_CLIENTS_PER_TOKEN {
                continue;
            }
            for &c in clients {
                *hits.entry(c).or_insert(0) += 1;
            }
        }
        let most = *hits.values().max()?;
        let mut best: Option<(usize, u8)> = None;
        for (&c, _) in hits.iter().filter(|&(_, &h)| h == most) {
            let score = name_score_normalised(payer, &self.names[c]);
            if score >= 80 && best.is_none_or(|(b, s)| score > s || (score == s && c < b)) {
                best = Some((c, score));
            }
        }
        best
    }
}

/// Matches a whole statement in one call; see [`Matcher`].
pub fn match_credits(invoices: &[OpenInvoice], credits: &[Credit]) -> Vec<Option<CreditMatch>> {
    Matcher::new(invoices).match_all(credits)
}

/// A hash → invoices map without an allocation per invoice: the first invoice per key in a hash
/// map, the others chained through `next`, in the order inserted.
#[derive(Debug)]
struct MultiIndex<K> {
    first: HashMap<K, usize>,
    last: HashMap<K, usize>,
    next: Vec<usize>,
}

impl<K: std::hash::Hash + Eq + Copy> MultiIndex<K> {
    fn new(capacity: usize) -> Self {
        MultiIndex { first: HashMap::with_capacity(capacity), last: HashMap::new(), next: vec![usize::MAX; capacity] }
    }

    fn insert(&mut self, key: K, i: usize) {
        match self.first.entry(key) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                let tail = self.last.insert(key, i).unwrap_or(*e.get());
                self.next[tail] = i;
            }
        }
    }

    fn get(&self, key: K) -> impl Iterator<Item = usize> + '_ {
        let mut at = self.first.get(&key).copied().unwrap_or(usize::MAX);
        std::iter::from_fn(move || {
            let here = at;
            (here != usize::MAX).then(|| {
                at = self.next[here];
                here
            })
        })
    }
}

/// The letters and digits of a number, upper case: what references and remittance texts keep.
fn alnum_chars(number: &str) -> impl Iterator<Item = char> + '_ {
    number.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase())
}

/// FNV-1a over the characters: stable, fast, and never trusted alone (see `by_number`).
fn key_hash(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0xcbf2_9ce4_8422_2325, |h, c| (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3))
}

/// An invoice number as compared: letters and digits only, upper case (`inv-2024/017` →
/// `INV2024017`). Numbers without a digit are not numbers.
fn number_key(number: &str) -> String {
    let key: String = number.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_uppercase();
    if key.chars().any(|c| c.is_ascii_digit()) { key } else { String::new() }
}

/// The keys an invoice number written in free text may take: each word, each tail of a word
/// after punctuation (`FACT.BT-0042` → `FACTBT0042`, `BT0042`, `0042`) and two or three words
/// joined (`INV 2024 017`).
fn number_candidates(text: &str) -> impl Iterator<Item = String> + '_ {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '\'' | '#'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut keys = Vec::new();
    for (n, word) in words.iter().enumerate() {
        keys.push(number_key(word));
        for (at, c) in word.char_indices() {
            if !c.is_ascii_alphanumeric() {
                keys.push(number_key(&word[at + c.len_utf8()..]));
            }
        }
        for span in [2, 3] {
            if let Some(joined) = words.get(n..n + span) {
                keys.push(number_key(&joined.concat()));
            }
        }
    }
    keys.into_iter().filter(|k| k.len() >= MIN_NUMBER_CHARS)
}

/// Words that say what kind of company, not which: dropped before names are compared.
const LEGAL_FORMS: &[&str] = &[
    "srl", "sa", "pfa", "ii", "if", "scs", "snc", "pt", "cv", "tbk", "ud", "ltd", "limited", "plc", "gmbh", "ag", "kg",
    "ug", "bv", "nv", "llc", "inc", "corp", "co", "sarl", "sas", "spa", "oy", "ab", "as", "aps", "sro", "zoo", "sp",
    "mr", "mrs", "ms", "dl", "dna", "bpk", "ibu", "sc",
];

/// A name as compared: lower case ASCII (Romanian and other Latin diacritics folded), words of
/// letters and digits, legal forms dropped, words sorted (banks often print surname first).
pub fn normalise_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        folded.push(match c {
            'ă' | 'â' | 'á' | 'à' | 'ä' | 'ã' | 'å' | 'ą' => 'a',
            'î' | 'í' | 'ì' | 'ï' => 'i',
            'ș' | 'ş' | 'ś' | 'š' => 's',
            'ț' | 'ţ' | 'ť' => 't',
            'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ő' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ű' | 'ů' => 'u',
            'ç' | 'ć' | 'č' => 'c',
            'ñ' | 'ń' | 'ň' => 'n',
            'ł' => 'l',
            'ž' | 'ź' | 'ż' => 'z',
            'ý' => 'y',
            'ř' => 'r',
            'ď' => 'd',
            'ß' => 's',
            c if c.is_ascii_alphanumeric() => c,
            _ => ' ',
        });
    }
    let mut words: Vec<&str> = folded.split_whitespace().filter(|w| !LEGAL_FORMS.contains(w)).collect();
    words.sort_unstable();
    words.dedup();
    words.join(" ")
}

/// The tokens a client is found by: words of three letters or more, and their first four
/// letters (banks cut names short).
fn index_tokens(normalised: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in normalised.split(' ').filter(|w| w.len() >= 3) {
        out.push(w.to_owned());
        if w.len() > 4 {
            out.push(w[..4].to_owned());
        }
    }
    out
}

/// How alike a payer's name and a client's are, 0–100 (100: the same words).
pub fn name_score(a: &str, b: &str) -> u8 {
    name_score_normalised(&normalise_name(a), &normalise_name(b))
}

/// [`name_score`] of names already normalised: shared words (a word cut short counts when four
/// letters or more agree), all of the shorter name's words present (a truncated or shortened
/// name), or character pairs for typos, whichever is highest.
fn name_score_normalised(a: &str, b: &str) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a == b {
        return 100;
    }
    let wa: Vec<&str> = a.split(' ').collect();
    let wb: Vec<&str> = b.split(' ').collect();
    let same = |x: &str, y: &str| x == y || (x.len().min(y.len()) >= 4 && (x.starts_with(y) || y.starts_with(x)));
    let common = wa.iter().filter(|x| wb.iter().any(|y| same(x, y))).count();
    let words = 200 * common / (wa.len() + wb.len());
    let shorter = wa.len().min(wb.len());
    let contained = if common >= shorter && shorter >= 2 { 90 } else { 0 };
    let pairs = bigram_dice(a, b);
    let best = words.max(contained).max(pairs);
    u8::try_from(best.min(100)).unwrap_or(100)
}

fn bigram_dice(a: &str, b: &str) -> usize {
    let pairs = |s: &str| -> Vec<(u8, u8)> { s.as_bytes().windows(2).map(|w| (w[0], w[1])).collect() };
    let (pa, mut pb) = (pairs(a), pairs(b));
    if pa.is_empty() || pb.is_empty() {
        return 0;
    }
    let total = pa.len() + pb.len();
    let mut common = 0;
    for p in &pa {
        if let Some(at) = pb.iter().position(|q| q == p) {
            pb.swap_remove(at);
            common += 1;
        }
    }
    200 * common / total
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eur() -> Currency {
        "EUR".parse().unwrap()
    }
    fn ron() -> Currency {
        "RON".parse().unwrap()
    }

    fn inv(id: i64, number: &str, client: &str, open: i64) -> OpenInvoice {
        OpenInvoice { id, number: number.into(), client: client.into(), currency: eur(), open_minor: open }
    }

    fn credit(amount: i64, payer: &str, reference: &str, text: &str) -> Credit {
        Credit {
            amount_minor: amount,
            currency: eur(),
            payer: payer.into(),
            reference: reference.into(),
            text: text.into(),
        }
    }

    fn book() -> Vec<OpenInvoice> {
        vec![
            inv(1, "INV-2024-001", "Acme Studio SRL", 100_000),
            inv(2, "INV-2024-002", "Acme Studio SRL", 50_000),
            inv(3, "INV-2024-003", "PT Maju Jaya Abadi", 250_000),
            inv(4, "2024-017", "Ștefănescu Design PFA", 120_000),
            inv(5, "INV-2024-005", "Nordlicht GmbH", 120_000),
        ]
    }

    #[test]
    fn a_reference_beats_everything() {
        let invoices = book();
        let r = CreditorReference::for_invoice("INV-2024-003", 3);
        let m = match_credits(&invoices, &[credit(250_000, "someone else", r.as_str(), "INV-2024-001")]);
        let m = m[0].as_ref().unwrap();
        assert_eq!((m.basis, m.confidence), (Basis::Reference, 100));
        assert_eq!(m.allocations, [Allocation { invoice: 2, amount_minor: 250_000 }]);
        // Also when printed in the free text only, in groups.
        let m = match_credits(&invoices, &[credit(1_000, "", "", &format!("payment {}", r.printed()))]);
        assert_eq!(m[0].as_ref().unwrap().allocations[0].invoice, 2);
    }

    #[test]
    fn an_invoice_number_in_the_text_is_found_through_punctuation_and_prefixes() {
        let invoices = book();
        for text in ["Plata fact. 2024-017", "FACT.2024-017 multumim", "c/v factura nr 2024 017", "INV2024017"] {
            let m = match_credits(&invoices, &[credit(120_000, "STEFANESCU DESIGN", "", text)]);
            let m = m[0].as_ref().unwrap_or_else(|| panic!("{text}"));
            assert_eq!(m.allocations[0].invoice, 3, "{text}");
            assert!(m.is_certain(), "{text}");
        }
    }

    #[test]
    fn one_credit_pays_several_invoices_and_several_credits_one() {
        let invoices = book();
        let m = match_credits(&invoices, &[credit(150_000, "ACME", "", "INV-2024-001, INV-2024-002")]);
        let m = m[0].as_ref().unwrap();
        assert_eq!(
            m.allocations,
            [Allocation { invoice: 0, amount_minor: 100_000 }, Allocation { invoice: 1, amount_minor: 50_000 }]
        );
        // Two halves of one invoice; the second finds what the first left.
        let halves = [
            credit(125_000, "PT MAJU JAYA", "", "INV-2024-003 1/2"),
            credit(125_000, "PT MAJU JAYA", "", "INV-2024-003 2/2"),
        ];
        let m = match_credits(&invoices, &halves);
        assert!(
            m.iter().all(|m| m.as_ref().unwrap().allocations == [Allocation { invoice: 2, amount_minor: 125_000 }])
        );
        // A third would find nothing left by number.
        let mut matcher = Matcher::new(&invoices);
        matcher.match_all(&halves);
        assert!(matcher.match_one(&credit(1_000, "", "", "INV-2024-003")).is_none());
    }

    #[test]
    fn amount_and_name_when_the_text_says_nothing() {
        let invoices = book();
        // Same amount at two clients: the name decides.
        let m = match_credits(&invoices, &[credit(120_000, "NORDLICHT GMBH", "", "Zahlung")]);
        let m = m[0].as_ref().unwrap();
        assert_eq!((m.allocations[0].invoice, m.basis), (4, Basis::AmountAndName));
        assert!(m.is_certain());
        let m = match_credits(&invoices, &[credit(120_000, "STEFANESCU DESIGN", "", "")]);
        assert_eq!(m[0].as_ref().unwrap().allocations[0].invoice, 3);
        // The sum of a client's two open invoices.
        let m = match_credits(&invoices, &[credit(150_000, "Acme Studio", "", "thanks")]);
        let m = m[0].as_ref().unwrap();
        assert_eq!(m.allocations.len(), 2);
        assert!(!m.is_certain());
        // A stranger with a matching amount is not matched.
        assert!(match_credits(&invoices, &[credit(120_000, "Interest payment", "", "")])[0].is_none());
    }

    #[test]
    fn currency_must_match() {
        let invoices = book();
        let mut c = credit(100_000, "Acme Studio", "", "INV-2024-001");
        c.currency = ron();
        assert!(match_credits(&invoices, &[c])[0].is_none());
    }

    #[test]
    fn names_compare_as_banks_write_them() {
        assert_eq!(name_score("Ștefănescu Design PFA", "STEFANESCU DESIGN"), 100);
        assert_eq!(name_score("Popescu Ion", "ION POPESCU"), 100);
        assert!(name_score("PT Maju Jaya Abadi", "PT MAJU JAYA ABAD") >= 90);
        assert!(name_score("Nordlicht GmbH", "Nordlict GmbH") >= 80, "a typo");
        assert!(name_score("Acme Studio SRL", "Nordlicht GmbH") < 40);
        assert_eq!(name_score("", "Acme"), 0);
    }

    proptest! {
        /// Whatever the statement, no invoice is paid more than it owed, no credit allocates more
        /// than it brought, and currencies never mix.
        #[test]
        fn allocations_never_exceed_what_is_owed_or_paid(
            opens in prop::collection::vec(1i64..5_000, 1..20),
            credits in prop::collection::vec((1i64..8_000, 0usize..25, prop::bool::ANY), 1..30),
        ) {
            let invoices: Vec<OpenInvoice> = opens.iter().enumerate()
                .map(|(n, &o)| inv(i64::try_from(n).unwrap(), &format!("F-{n:04}"), if n % 2 == 0 { "Acme" } else { "Beta Co" }, o))
                .collect();
            let credits: Vec<Credit> = credits.iter().map(|&(amount, n, by_name)| {
                let mut c = if by_name { credit(amount, "ACME", "", "") } else { credit(amount, "", "", &format!("F-{n:04} F-{:04}", n + 1)) };
                if n % 7 == 0 { c.currency = ron(); }
                c
            }).collect();
            let matched = match_credits(&invoices, &credits);
            let mut paid = vec![0i64; invoices.len()];
            for (c, m) in credits.iter().zip(&matched) {
                let Some(m) = m else { continue };
                prop_assert!(m.unallocated(c) >= 0);
                for a in &m.allocations {
                    prop_assert!(a.amount_minor > 0);
                    prop_assert_eq!(invoices[a.invoice].currency, c.currency);
                    paid[a.invoice] += a.amount_minor;
                }
            }
            for (p, i) in paid.iter().zip(&invoices) {
                prop_assert!(*p <= i.open_minor);
            }
        }
    }
}
