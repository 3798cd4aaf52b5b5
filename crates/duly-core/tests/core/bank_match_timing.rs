//! Where the matching time goes (run by hand: `--test core bank_match_timing -- --ignored --nocapture`).
use crate::support;

use duly_core::bank_match::Matcher;
use support::statement_gen::{Rng, book, statement};

#[test]
#[ignore = "a measurement, not a check"]
#[allow(clippy::print_stdout)]
fn phases() {
    let mut rng = Rng::new(7);
    let book = book(&mut rng, 100_000);
    let credits: Vec<_> = statement(&mut rng, &book, 5_000).into_iter().map(|c| c.credit).collect();
    let t = std::time::Instant::now();
    let n: usize =
        book.invoices.iter().map(|i| duly_core::CreditorReference::for_invoice(&i.number, i.id).as_str().len()).sum();
    println!("references: {:?} {n}", t.elapsed());
    let t = std::time::Instant::now();
    let n: usize = book.invoices.iter().map(|i| duly_core::bank_match::normalise_name(&i.client).len()).sum();
    println!("names: {:?} {n}", t.elapsed());
    let t = std::time::Instant::now();
    let mut m = Matcher::new(&book.invoices);
    println!("index: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let mut slow = Vec::new();
    for c in &credits {
        let t1 = std::time::Instant::now();
        m.match_one(c);
        slow.push((t1.elapsed(), c.payer.clone(), c.text.clone()));
    }
    println!("match: {:?}", t.elapsed());
    slow.sort_by_key(|s| std::cmp::Reverse(s.0));
    for s in slow.iter().take(5) {
        println!("{s:?}");
    }
}
