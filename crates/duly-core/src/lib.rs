//! Duly's domain: money, invoices and their totals, and how amounts read in each language.
//!
//! This crate is the part of Duly that must be right before anything else is: every amount a
//! freelancer sees, sends or chases is computed here. It therefore keeps two promises that the
//! rest of the workspace relies on:
//!
//! * **No IO and no clock.** Nothing here touches files, the database, the network or the system
//!   time. "Today" is always a parameter, so every rule can be tested for any date.
//! * **No floating point for money.** Amounts are integer minor units of an ISO 4217 currency
//!   ([`Money`]); quantities are integer thousandths ([`Quantity`]); tax rates are integer
//!   hundredths of a percent ([`TaxRate`]). Rounding happens in exactly one place per operation,
//!   half away from zero, on integers.
//!
//! Amounts of different currencies are never added together: [`CurrencyTotals`] keeps one sum per
//! currency, and [`Money::checked_add`] refuses a mismatch.

mod aging;
pub mod bank_match;
pub mod calls;
mod creditor_reference;
mod currency;
mod iban;
mod invoice;
pub mod ladder;
pub mod law;
mod locale;
mod money;
pub mod numbering;
mod quantity;
mod tax;

pub use aging::{Aging, AgingInput, Bucket, ClientAging, CurrencyAging, age};
pub use creditor_reference::{CreditorReference, ReferenceError};
pub use currency::{Currency, CurrencyError};
pub use iban::{is_iban, mod97_rotated};
pub use invoice::{
    InvoiceStatus, Lifecycle, LineItem, Totals, TotalsError, UnknownStatus, amount_due, compute_totals, days_overdue,
    open_amount, overdue_days, status_of,
};
pub use locale::{Language, UnknownLanguage, format_date, format_days, format_money, romanian_takes_de};
pub use money::{CurrencyTotals, MAX_AMOUNT_MINOR, Money, MoneyError, check_amount, max_amount_text, parse_amount};
pub use numbering::{NumberPattern, ParsedNumber, PatternError};
pub use quantity::{Quantity, QuantityError};
pub use tax::{TaxRate, TaxRateError};
