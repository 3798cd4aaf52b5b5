//! `demo_load`: a realistic, reproducible book of invoices for trying Duly and for benchmarks.
//!
//! The same seed and as-of date always give the same database: clients in three languages and
//! four currencies, invoices due from 120 days ago to 60 days ahead, paid in full, in part or not
//! at all (older invoices more often paid, as in real life), a few drafts and voids.
//!
//! Demo data must never reach a real inbox: a user who explores with it after setting up their
//! mail account would otherwise email real companies. So every demo address is on a name
//! reserved for examples and tests (RFC 2606 / RFC 6761: `example.com`, `*.example`), every demo
//! client is marked (`clients.demo`), the app says it holds demo data (`AppInfo.demo_data`), and
//! the outbox refuses to queue or send anything for a demo client (`shared::demo_guard`).

use std::time::Instant;

use chrono::{Days, NaiveDate};
use duly_core::{Currency, Language, Lifecycle, LineItem, Quantity, TaxRate, compute_totals, status_of};
use duly_store::{business, clients, contacts, events, invoices, lines, payments};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DemoInput {
    pub invoices: i64,
    pub clients: i64,
    /// The same seed gives the same data; `null` for 1.
    pub seed: Option<i64>,
    /// The date the due dates spread around; `null` for today.
    pub as_of: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct DemoReport {
    pub clients: i64,
    pub invoices: i64,
    pub payments: i64,
    pub millis: i64,
}

struct Profile {
    language: Language,
    currency: &'static str,
    tax_percent: i64,
    /// Unit prices in whole units of the currency.
    price_range: (i64, i64),
    /// Prices and partial payments are multiples of this many whole units: rupiah invoices are
    /// priced in thousands, so their tax and totals come out in whole rupiah as real ones do.
    step: i64,
    names: &'static [&'static str],
    suffixes: &'static [&'static str],
    /// Reserved for examples (RFC 2606), so no demo address can belong to anyone.
    domain: &'static str,
}

const PROFILES: [Profile; 4] = [
    Profile {
        language: Language::Ro,
        currency: "RON",
        tax_percent: 19,
        price_range: (120, 650),
        step: 1,
        names: &[
            "Ștefănescu",
            "Popescu",
            "Țăranu",
            "Dumitrașcu",
            "Ionescu",
            "Mureșan",
            "Brătianu",
            "Enescu",
            "Sălăjan",
            "Vlăduț",
        ],
        suffixes: &["SRL", "& Fiii SRL", "Consulting SRL", "Digital SA", "Studio SRL"],
        domain: "ro.example",
    },
    Profile {
        language: Language::Id,
        currency: "IDR",
        tax_percent: 11,
        price_range: (250_000, 2_500_000),
        step: 1_000,
        names: &[
            "Sinar Jaya",
            "Maju Bersama",
            "Nusantara",
            "Cahaya Abadi",
            "Sumber Rejeki",
            "Mitra Karya",
            "Bintang Timur",
            "Sejahtera",
        ],
        suffixes: &["PT {}", "CV {}", "PT {} Tbk", "PT {} Digital", "CV {} Kreatif"],
        domain: "co.id.example",
    },
    Profile {
        language: Language::En,
        currency: "EUR",
        tax_percent: 0,
        price_range: (45, 140),
        step: 1,
        names: &["Northwind", "Bluebird", "Kestrel", "Hollow Oak", "Brightline", "Fjord", "Lindqvist", "Van Dijk"],
        suffixes: &["GmbH", "B.V.", "Ltd", "AB", "Studio"],
        domain: "eu.example",
    },
    Profile {
        language: Language::En,
        currency: "USD",
        tax_percent: 0,
        price_range: (60, 180),
        step: 1,
        names: &["Acme", "Pioneer", "Redwood", "Summit", "Harbor", "Cobalt", "Maple & Finch", "Granite"],
        suffixes: &["Inc.", "LLC", "Labs", "Partners", "Co."],
        domain: "example.com",
    },
];

const WORK: [&str; 12] = [
    "Website redesign",
    "Logo and brand guide",
    "Monthly retainer",
    "Hosting and maintenance",
    "Copywriting",
    "Translation EN→RO",
    "Consulting hours",
    "Mobile app screens",
    "SEO audit",
    "Photography session",
    "Newsletter template",
    "Bug fixes",
];

impl Duly {
    /// Fills an empty database. Refuses a database that already has invoices, so that demo data
    /// never mixes with a user's real book.
    pub fn demo_load(&mut self, input: DemoInput) -> ApiResult<DemoReport> {
        let started = Instant::now();
        if !(1..=1_000_000).contains(&input.invoices) {
            return Err(ApiError::invalid("invoices: expected 1 to 1,000,000"));
        }
        if !(1..=100_000).contains(&input.clients) {
            return Err(ApiError::invalid("clients: expected 1 to 100,000"));
        }
        let existing = invoices::count(self.conn())?;
        if existing > 0 {
            return Err(ApiError::conflict(format!(
                "the database already has {existing} invoices; demo data goes into an empty database only"
            )));
        }
        let as_of = self.as_of(input.as_of.as_deref())?;
        let seed = u64::try_from(input.seed.unwrap_or(1)).unwrap_or(1);
        let mut rng = fastrand::Rng::with_seed(seed);
        let now = self.stamp();
        let tx = self.transaction()?;
        if business::get(&tx)?.is_none() {
            let mut b = crate::shared::letterhead::default_business();
            b.name = "Ana Lungu Design".to_owned();
            b.address = "Str. Lungă 12, 500035 Brașov, România".to_owned();
            b.email = "ana@lungu.example".to_owned();
            b.iban = "RO49AAAA1B31007593840000".to_owned();
            business::save(&tx, &b, &now)?;
        }

        let mut client_ids = Vec::with_capacity(usize::try_from(input.clients).unwrap_or(0));
        for i in 0..input.clients {
            let p = &PROFILES[rng.usize(..PROFILES.len())];
            let base = p.names[rng.usize(..p.names.len())];
            let suffix = p.suffixes[rng.usize(..p.suffixes.len())];
            // Indonesian legal forms come first ("PT Sumber Rejeki"): a suffix holding "{}" is the
            // whole name with the base in its place.
            let named = if suffix.contains("{}") { suffix.replace("{}", base) } else { format!("{base} {suffix}") };
            let name = if i < 60 { named } else { format!("{named} #{}", i + 1) };
            let currency: Currency =
                p.currency.parse().map_err(|e| ApiError::new(crate::ErrorCode::Internal, format!("{e}")))?;
            let id = clients::insert(
                &tx,
                &clients::Client {
                    id: None,
                    name,
                    address: String::new(),
                    tax_id: String::new(),
                    language: p.language,
                    currency,
                    notes: String::new(),
                    country: String::new(),
                    timezone: String::new(),
                    created_at: instant(as_of, -200),
                },
            )?;
            clients::mark_demo(&tx, id)?;
            let slug = base.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "");
            contacts::replace_for_client(
                &tx,
                id,
                &[contacts::Contact {
                    id: None,
                    name: "Accounts".to_owned(),
                    role: crate::ContactRole::Billing.as_str().to_owned(),
                    email: format!("billing{}@{slug}.{}", i + 1, p.domain),
                    phone: String::new(),
                    language: None,
                    timezone: String::new(),
                }],
            )?;
            client_ids.push((id, p, currency));
        }

        // Invoices in issue-date order so numbers increase with dates, as a real series does.
        let mut plans: Vec<(NaiveDate, i64, usize)> = (0..input.invoices)
            .map(|_| {
                let due_offset = rng.i64(-120..=60);
                let terms = [14, 30, 30, 45][rng.usize(..4)];
                let due = shift(as_of, due_offset);
                (shift(due, -terms), due_offset, rng.usize(..client_ids.len()))
            })
            .collect();
        plans.sort_by_key(|p| p.0);
        let mut payment_count = 0;
        let mut seq_by_year: std::collections::HashMap<i32, u32> = std::collections::HashMap::new();
        for (issue, due_offset, client) in plans {
            let (client_id, p, currency) = client_ids[client];
            let items: Vec<LineItem> = (0..rng.usize(1..=3))
                .map(|_| LineItem {
                    description: WORK[rng.usize(..WORK.len())].to_owned(),
                    quantity: Quantity::from_whole(rng.i64(1..=24)),
                    unit_price: rng.i64(p.price_range.0 / p.step..=p.price_range.1 / p.step)
                        * p.step
                        * currency.minor_per_major(),
                })
                .collect();
            let totals = compute_totals(&items, TaxRate(p.tax_percent * 100))
                .map_err(|e| ApiError::new(crate::ErrorCode::Internal, format!("demo data: {e}")))?;
            // Older invoices are more often settled; a few are drafts (future) or voided.
            let roll = rng.u32(..100);
            let age_bias = u32::try_from((-due_offset).clamp(0, 120)).unwrap_or(0) / 3;
            let (lifecycle, paid) = if due_offset > 30 && roll < 4 {
                (Lifecycle::Draft, 0)
            } else if roll < 2 {
                (Lifecycle::Void, 0)
            } else if roll < 25 + age_bias {
                (Lifecycle::Issued, totals.total)
            } else if roll < 40 + age_bias {
                let unit = p.step * currency.minor_per_major();
                (Lifecycle::Issued, (totals.total * i64::from(rng.u32(20..=70)) / 100 / unit * unit).max(unit))
            } else {
                (Lifecycle::Issued, 0)
            };
            let status = status_of(lifecycle, totals.total, paid);
            let year = chrono::Datelike::year(&issue);
            let seq = seq_by_year.entry(year).or_insert(0);
            *seq += 1;
            let due = shift(as_of, due_offset);
            let created = instant(issue, 0);
            let id = invoices::insert(
                &tx,
                &invoices::Invoice {
                    id: None,
                    number: format!("INV-{year}-{seq:05}"),
                    client_id,
                    issue_date: issue,
                    due_date: due,
                    currency,
                    tax_rate: p.tax_percent * 100,
                    subtotal_minor: totals.subtotal,
                    tax_minor: totals.tax,
                    total_minor: totals.total,
                    paid_minor: paid,
                    status,
                    notes: String::new(),
                    created_at: created.clone(),
                    updated_at: created.clone(),
                },
            )?;
            lines::replace_for_invoice(&tx, id, &items)?;
            events::insert(&tx, id, &event(&created, crate::TimelineKind::Created, ""))?;
            match lifecycle {
                Lifecycle::Draft => {}
                Lifecycle::Void => {
                    events::insert(&tx, id, &event(&instant(issue, 2), crate::TimelineKind::Voided, ""))?
                }
                Lifecycle::Issued => events::insert(&tx, id, &event(&created, crate::TimelineKind::Sent, ""))?,
            }
            if paid > 0 {
                let latest = (due_offset + rng.i64(-10..=25)).min(0);
                let paid_on = shift(as_of, latest).max(issue);
                let payment = payments::NewPayment {
                    invoice_id: id,
                    paid_on,
                    amount_minor: paid,
                    method: "bank transfer".to_owned(),
                    note: String::new(),
                    created_at: instant(paid_on, 0),
                };
                crate::invoices::payments::write_payment(&tx, &payment, currency)?;
                payment_count += 1;
                if status == duly_core::InvoiceStatus::Paid {
                    events::insert(&tx, id, &event(&instant(paid_on, 0), crate::TimelineKind::Paid, ""))?;
                }
            }
        }
        tx.commit()?;
        Ok(DemoReport {
            clients: input.clients,
            invoices: input.invoices,
            payments: payment_count,
            millis: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        })
    }
}

fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    let d = Days::new(days.unsigned_abs());
    if days >= 0 { date.checked_add_days(d) } else { date.checked_sub_days(d) }.unwrap_or(date)
}

/// 09:00 UTC on `date` shifted by `days`: demo instants are derived from dates so a seed
/// reproduces the whole database.
fn instant(date: NaiveDate, days: i64) -> String {
    format!("{}T09:00:00Z", shift(date, days))
}
