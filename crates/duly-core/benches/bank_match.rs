//! Matching one statement of 5,000 credits against 100,000 open invoices, index included (what
//! `statement_preview` does per file). Issue 17's bar: well under a second in release.

use criterion::{Criterion, criterion_group, criterion_main};
use duly_core::bank_match::match_credits;

#[path = "../tests/core/support/statement_gen.rs"]
mod statement_gen;

fn bench(c: &mut Criterion) {
    let mut rng = statement_gen::Rng::new(7);
    let book = statement_gen::book(&mut rng, 100_000);
    let credits: Vec<_> = statement_gen::statement(&mut rng, &book, 5_000).into_iter().map(|c| c.credit).collect();
    let mut group = c.benchmark_group("bank_match");
    group.sample_size(10);
    group.bench_function("5000_credits_x_100000_invoices", |b| {
        b.iter(|| match_credits(std::hint::black_box(&book.invoices), std::hint::black_box(&credits)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
