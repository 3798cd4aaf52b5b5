//! `client_list`, `client_get`, `client_save`: the people and companies invoiced.

use std::collections::BTreeMap;

use duly_store::{clients as table, contacts};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::shared::money::CurrencyAmount;
use crate::shared::parse::TextLimit;
use crate::{ApiError, ApiResult, ContactRole, Duly, Language, shared::parse};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Contact {
    /// `null` for a contact being added.
    pub id: Option<i64>,
    pub name: String,
    pub role: ContactRole,
    pub email: String,
    pub phone: String,
    /// The contact's own language when it differs from the client's.
    pub language: Option<Language>,
    /// An IANA zone such as "Asia/Jakarta", for calling and sending within business hours.
    pub timezone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClientInput {
    /// `null` to add a client, the id to edit one.
    pub id: Option<i64>,
    pub name: String,
    pub address: String,
    pub tax_id: String,
    pub language: Language,
    pub currency: String,
    pub notes: String,
    /// ISO 3166-1 alpha-2 (`"ID"`), or `""` when not given.
    #[serde(default)]
    pub country: String,
    /// The IANA zone the client's business hours are read in; `""` to guess it from `country`
    /// (the capital's zone for countries with several).
    #[serde(default)]
    pub timezone: String,
    pub contacts: Vec<Contact>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Client {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub tax_id: String,
    pub language: Language,
    pub currency: String,
    pub notes: String,
    /// ISO 3166-1 alpha-2, or `""`.
    pub country: String,
    /// An IANA zone such as "Asia/Jakarta", or `""` when neither given nor guessable.
    pub timezone: String,
    pub contacts: Vec<Contact>,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ClientSummary {
    pub id: i64,
    pub name: String,
    pub language: Language,
    pub currency: String,
    /// The first billing contact's address (any contact's when no billing one has one), or "".
    pub email: String,
    pub open_count: i64,
    /// What the client owes, one entry per currency (never summed across currencies).
    pub outstanding: Vec<CurrencyAmount>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct ClientQuery {
    pub search: Option<String>,
}

/// A client as a report names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ClientRef {
    pub id: i64,
    pub name: String,
}

impl Duly {
    pub fn client_list(&self, query: ClientQuery) -> ApiResult<Vec<ClientSummary>> {
        let language = self.language()?;
        let listing = table::list(self.conn(), query.search.as_deref())?;
        let mut owed: BTreeMap<i64, (i64, Vec<CurrencyAmount>)> = BTreeMap::new();
        for row in duly_store::invoices::outstanding_by_client(self.conn())? {
            let currency = parse::currency("currency", &row.1)?;
            let entry = owed.entry(row.0).or_default();
            entry.0 += row.3;
            entry.1.push(CurrencyAmount::new(row.2, currency, language));
        }
        Ok(listing
            .into_iter()
            .map(|l| {
                let id = l.client.id.unwrap_or_default();
                let (open_count, outstanding) = owed.remove(&id).unwrap_or_default();
                ClientSummary {
                    id,
                    name: l.client.name,
                    language: l.client.language.into(),
                    currency: l.client.currency.code().to_owned(),
                    email: l.email,
                    open_count,
                    outstanding,
                }
            })
            .collect())
    }

    pub fn client_get(&self, id: i64) -> ApiResult<Client> {
        let row =
            table::get(self.conn(), id)?.ok_or_else(|| ApiError::not_found(format!("client {id} does not exist")))?;
        let contacts = contacts::list_for_client(self.conn(), id)?;
        Ok(Client {
            id,
            name: row.name,
            address: row.address,
            tax_id: row.tax_id,
            language: row.language.into(),
            currency: row.currency.code().to_owned(),
            notes: row.notes,
            country: row.country,
            timezone: row.timezone,
            contacts: contacts.into_iter().map(contact_dto).collect(),
            created_at: row.created_at,
        })
    }

    /// A client as a person types it: its id ("42"), its name ignoring case, or a part of the
    /// name only one client has; several matches are an error that names them.
    pub fn client_find(&self, text: &str) -> ApiResult<i64> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ApiError::invalid("client: give the client's name or id"));
        }
        if let Ok(id) = text.parse::<i64>()
            && table::get(self.conn(), id)?.is_some()
        {
            return Ok(id);
        }
        Ok(self.find_client_by_name(text)?.id)
    }

    /// Adds or edits a client with its contacts, in one transaction.
    pub fn client_save(&mut self, input: ClientInput) -> ApiResult<Client> {
        parse::text_limits([
            ("name", input.name.as_str(), TextLimit::Short),
            ("address", &input.address, TextLimit::Address),
            ("tax_id", &input.tax_id, TextLimit::Short),
            ("notes", &input.notes, TextLimit::Long),
            ("country", &input.country, TextLimit::Short),
            ("timezone", &input.timezone, TextLimit::Short),
        ])?;
        let row = table::Client {
            id: input.id,
            name: parse::required("name", &input.name)?.to_owned(),
            address: input.address,
            tax_id: input.tax_id,
            language: input.language.into(),
            currency: parse::currency("currency", &input.currency)?,
            notes: input.notes,
            country: country(&input.country)?,
            timezone: client_zone(&input.country, &input.timezone)?,
            created_at: self.stamp(),
        };
        let contacts = input
            .contacts
            .iter()
            .enumerate()
            .filter(|(_, c)| !is_blank(c))
            .map(|(i, c)| contact_row(i + 1, c))
            .collect::<ApiResult<Vec<_>>>()?;
        let tx = self.transaction()?;
        let id = match input.id {
            Some(id) => {
                if !table::update(&tx, id, &row)? {
                    return Err(ApiError::not_found(format!("client {id} does not exist")));
                }
                id
            }
            None => table::insert(&tx, &row)?,
        };
        contacts::replace_for_client(&tx, id, &contacts)?;
        tx.commit()?;
        self.client_get(id)
    }
}

/// A two-letter country code, upper-cased; `""` stays empty.
fn country(text: &str) -> ApiResult<String> {
    let code = text.trim().to_ascii_uppercase();
    if !code.is_empty() && (code.len() != 2 || !code.chars().all(|c| c.is_ascii_alphabetic())) {
        return Err(ApiError::invalid(format!(
            "country: \"{}\" is not a two-letter country code (e.g. ID, RO)",
            text.trim()
        )));
    }
    Ok(code)
}

/// The zone given (checked against the IANA database), else the country's primary zone.
fn client_zone(country: &str, zone: &str) -> ApiResult<String> {
    let zone = zone.trim();
    if zone.is_empty() {
        return Ok(crate::law::countries::zone_for_country(country).unwrap_or_default().to_owned());
    }
    duly_mail::parse_time_zone(zone).map_err(|e| ApiError::invalid(format!("timezone: {e}")))?;
    Ok(zone.to_owned())
}

fn is_blank(c: &Contact) -> bool {
    c.name.trim().is_empty() && c.email.trim().is_empty() && c.phone.trim().is_empty()
}

fn contact_row(number: usize, c: &Contact) -> ApiResult<contacts::Contact> {
    let field = |what: &str| format!("contact {number}: {what}");
    for (what, text) in [("name", &c.name), ("email", &c.email), ("phone", &c.phone), ("timezone", &c.timezone)] {
        parse::text_limit(&field(what), text, TextLimit::Short)?;
    }
    let email = c.email.trim();
    if !email.is_empty() && !looks_like_email(email) {
        return Err(ApiError::invalid(format!("contact {number}: \"{email}\" is not an email address")));
    }
    Ok(contacts::Contact {
        id: c.id,
        name: c.name.trim().to_owned(),
        role: c.role.as_str().to_owned(),
        email: email.to_owned(),
        phone: c.phone.trim().to_owned(),
        language: c.language.map(Into::into),
        timezone: match c.timezone.trim() {
            "" => String::new(),
            zone => {
                duly_mail::parse_time_zone(zone).map_err(|e| ApiError::invalid(format!("contact {number}: {e}")))?;
                zone.to_owned()
            }
        },
    })
}

/// One `@` with something on both sides and a dot in the domain: enough to catch typos without
/// rejecting real addresses; the SMTP server has the last word.
fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

fn contact_dto(c: contacts::Contact) -> Contact {
    Contact {
        id: c.id,
        name: c.name,
        role: ContactRole::from_stored(&c.role),
        email: c.email,
        phone: c.phone,
        language: c.language.map(Into::into),
        timezone: c.timezone,
    }
}

impl Duly {
    /// The one client whose name is `text` ignoring case, else the one whose name contains it.
    pub(crate) fn find_client_by_name(&self, text: &str) -> ApiResult<ClientRef> {
        let needle = text.to_lowercase();
        let all = table::id_names(self.conn())?;
        let lowered: Vec<String> = all.iter().map(|(_, n)| n.trim().to_lowercase()).collect();
        let pick = |matches: Vec<usize>| -> Vec<ClientRef> {
            matches.into_iter().map(|i| ClientRef { id: all[i].0, name: all[i].1.clone() }).collect()
        };
        let mut found = pick((0..all.len()).filter(|&i| lowered[i] == needle).collect());
        if found.is_empty() {
            found = pick((0..all.len()).filter(|&i| lowered[i].contains(&needle)).collect());
        }
        match found.len() {
            0 => Err(ApiError::not_found(format!("client: no client's name is or contains \"{text}\""))),
            1 => Ok(found.remove(0)),
            n => {
                const SHOWN: usize = 5;
                let mut names: Vec<String> =
                    found.iter().take(SHOWN).map(|c| format!("{} (id {})", c.name, c.id)).collect();
                if n > SHOWN {
                    names.push(format!("{} more", n - SHOWN));
                }
                Err(ApiError::new(
                    crate::ErrorCode::Ambiguous,
                    format!("client: \"{text}\" matches {n} clients: {}; type more of the name", names.join(", ")),
                ))
            }
        }
    }
}
