//! The law behind a demand: statutory late-payment interest, the fixed compensation for recovery
//! costs and the rules to cite, per jurisdiction. Pure: the as-of date and the rate table are
//! parameters. `docs/law.md` lists every rule with its source.
//!
//! * [`rates`]: the published reference rates (bundled from `assets/law/`, user rates merged over
//!   them), which never guess a rate past the day the table was checked.
//! * [`regimes`]: each jurisdiction's rules as data.
//! * [`claim()`]: the computation for one invoice.
//! * [`letter_law()`]: which demand letter the law calls for, its deadline and its citations.

mod claim;
mod letter;
pub mod rates;
pub mod regimes;
#[cfg(test)]
mod tests;

pub use claim::{Claim, ClaimInput, Compensation, Debtor, Period, Warning, claim};
pub use letter::{LetterLaw, LetterStyle, PLAYBOOK_RESPONSE_DAYS, letter_law};
pub use rates::{PublishedRate, RateTable, RateTableError, Series};
pub use regimes::{DAYS_PER_YEAR, Fixing, LetterKind, LetterRule, RateRule, Regime, regime_for};
