//! The `business` table: the one profile of the freelancer using Duly (row id 1).

use duly_core::{Currency, Language};
use rusqlite::{Connection, OptionalExtension, named_params};

use crate::row::{blank_as_null, parsed};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Business {
    pub name: String,
    pub address: String,
    pub tax_id: String,
    pub email: String,
    pub phone: String,
    pub bank_name: String,
    pub iban: String,
    pub bic: String,
    pub default_currency: Currency,
    pub language: Language,
    pub payment_terms_days: i64,
}

/// The profile, or `None` before the user has saved one.
pub fn get(conn: &Connection) -> rusqlite::Result<Option<Business>> {
    conn.query_row("SELECT * FROM business WHERE id = 1", [], |r| {
        let text = |c: &str| r.get::<_, Option<String>>(c).map(Option::unwrap_or_default);
        Ok(Business {
            name: r.get("name")?,
            address: text("address")?,
            tax_id: text("tax_id")?,
            email: text("email")?,
            phone: text("phone")?,
            bank_name: text("bank_name")?,
            iban: text("iban")?,
            bic: text("bic")?,
            default_currency: parsed(r, "default_currency")?,
            language: parsed(r, "language")?,
            payment_terms_days: r.get("payment_terms_days")?,
        })
    })
    .optional()
}

pub fn save(conn: &Connection, b: &Business, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO business (id, name, address, tax_id, email, phone, bank_name, iban, bic,
                               default_currency, language, payment_terms_days, updated_at)
         VALUES (1, :name, :address, :tax_id, :email, :phone, :bank_name, :iban, :bic,
                 :currency, :language, :terms, :now)
         ON CONFLICT (id) DO UPDATE SET
             name = excluded.name, address = excluded.address, tax_id = excluded.tax_id,
             email = excluded.email, phone = excluded.phone, bank_name = excluded.bank_name,
             iban = excluded.iban, bic = excluded.bic, default_currency = excluded.default_currency,
             language = excluded.language, payment_terms_days = excluded.payment_terms_days,
             updated_at = excluded.updated_at",
        named_params! {
            ":name": b.name.trim(),
            ":address": blank_as_null(&b.address),
            ":tax_id": blank_as_null(&b.tax_id),
            ":email": blank_as_null(&b.email),
            ":phone": blank_as_null(&b.phone),
            ":bank_name": blank_as_null(&b.bank_name),
            ":iban": blank_as_null(&b.iban),
            ":bic": blank_as_null(&b.bic),
            ":currency": b.default_currency.code(),
            ":language": b.language.code(),
            ":terms": b.payment_terms_days,
            ":now": now,
        },
    )?;
    Ok(())
}
