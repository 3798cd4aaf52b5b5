//! `business_get` / `business_save`: the freelancer's own profile.

use duly_store::business as table;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::shared::letterhead::default_business;
use crate::shared::parse::TextLimit;
use crate::{ApiError, ApiResult, Duly, Language, shared::parse};

/// The profile printed on invoices and letters. Text fields are `""` when not set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Business {
    pub name: String,
    pub address: String,
    pub tax_id: String,
    pub email: String,
    pub phone: String,
    pub bank_name: String,
    pub iban: String,
    pub bic: String,
    pub default_currency: String,
    /// The UI's language and the format of amounts.
    pub language: Language,
    pub payment_terms_days: i64,
}

impl Duly {
    /// The saved profile, or sensible defaults (EUR, English, 30 days) before one is saved.
    pub fn business_get(&self) -> ApiResult<Business> {
        let b = table::get(self.conn())?.unwrap_or_else(default_business);
        Ok(to_dto(&b))
    }

    pub fn business_save(&mut self, input: Business) -> ApiResult<Business> {
        parse::text_limits([
            ("name", input.name.as_str(), TextLimit::Short),
            ("address", &input.address, TextLimit::Address),
            ("tax_id", &input.tax_id, TextLimit::Short),
            ("email", &input.email, TextLimit::Short),
            ("phone", &input.phone, TextLimit::Short),
            ("bank_name", &input.bank_name, TextLimit::Short),
            ("iban", &input.iban, TextLimit::Short),
            ("bic", &input.bic, TextLimit::Short),
        ])?;
        let row = table::Business {
            name: input.name.trim().to_owned(),
            address: input.address,
            tax_id: input.tax_id,
            email: input.email,
            phone: input.phone,
            bank_name: input.bank_name,
            iban: input.iban.replace(' ', "").to_uppercase(),
            bic: input.bic.trim().to_uppercase(),
            default_currency: parse::currency("default_currency", &input.default_currency)?,
            language: input.language.into(),
            payment_terms_days: input.payment_terms_days,
        };
        if !(0..=365).contains(&row.payment_terms_days) {
            return Err(ApiError::invalid("payment_terms_days: expected a number of days from 0 to 365"));
        }
        let before = table::get(self.conn())?;
        let now = self.stamp();
        let tx = self.write_transaction()?;
        table::save(&tx, &row, &now)?;
        // Every automatic message carries the profile (name, bank details, signature): a change
        // waits for the user to look before autopilot writes with it.
        if before.as_ref().is_some_and(|b| b != &row) {
            crate::shared::autopilot_stops::stop_on(
                &tx,
                crate::AutopilotStopReason::BusinessChanged,
                None,
                None,
                &row.name,
                &now,
            )?;
        }
        tx.commit()?;
        Ok(to_dto(&row))
    }

    /// Payment terms for new invoices.
    pub(crate) fn payment_terms_days(&self) -> ApiResult<i64> {
        Ok(table::get(self.conn())?.map_or(30, |b| b.payment_terms_days))
    }
}

fn to_dto(b: &table::Business) -> Business {
    Business {
        name: b.name.clone(),
        address: b.address.clone(),
        tax_id: b.tax_id.clone(),
        email: b.email.clone(),
        phone: b.phone.clone(),
        bank_name: b.bank_name.clone(),
        iban: b.iban.clone(),
        bic: b.bic.clone(),
        default_currency: b.default_currency.code().to_owned(),
        language: b.language.into(),
        payment_terms_days: b.payment_terms_days,
    }
}
