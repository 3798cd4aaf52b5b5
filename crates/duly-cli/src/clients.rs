//! `duly client show|edit`: a client as the client page shows and edits it (details, contacts,
//! language, time zone, and the law governing its contracts). `edit` changes only the options
//! given: the client is read back from the API first and saved whole, as the page saves it.

use clap::Args;
use duly_api::{ApiError, ApiResult, Client, ClientInput, ClientLaw, ClientLawInput, Contact, ContactRole, Duly};
use serde::Serialize;

use crate::args::Lang;
use crate::print::{Printer, language};

#[derive(Debug, Args)]
pub struct ClientEditArgs {
    /// The client's id, its name ignoring case, or a part of the name only one client has
    pub client: String,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub tax_id: Option<String>,
    /// Language of messages and documents for this client
    #[arg(long, value_enum)]
    pub language: Option<Lang>,
    /// ISO 4217 code of the client's new invoices
    #[arg(long)]
    pub currency: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    /// ISO 3166-1 alpha-2, e.g. ID or RO ("" for none)
    #[arg(long)]
    pub country: Option<String>,
    /// The IANA zone its business hours are read in (Asia/Jakarta); "" to guess it from the country
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    /// The client's contacts, replacing the ones it has, each as
    /// "role;name;email[;phone[;language[;time zone]]]" with role billing, project or other,
    /// e.g. "billing;Ana Pop;ana@example.ro;+40 21 000 0000;ro;Europe/Bucharest"; repeatable.
    /// A contact keeps its history when its email address stays the same.
    #[arg(long = "contact", value_name = "SPEC", conflicts_with = "no_contacts")]
    pub contacts: Vec<String>,
    /// A contact to add to the ones the client has (same form as --contact); repeatable
    #[arg(long = "add-contact", value_name = "SPEC", conflicts_with = "no_contacts")]
    pub add_contacts: Vec<String>,
    /// Remove every contact
    #[arg(long)]
    pub no_contacts: bool,
    /// The law governing the client's contracts (RO, GB, ID, EU, ...); "" for the business's country
    #[arg(long, value_name = "CODE")]
    pub jurisdiction: Option<String>,
    /// The client is a private person (a consumer): no statutory B2B interest or fixed sum
    #[arg(long, conflicts_with = "business")]
    pub private_person: bool,
    /// The client is a business (the default)
    #[arg(long)]
    pub business: bool,
}

/// The client and the law that applies to it, as `client show` and `client edit` print them.
#[derive(Serialize)]
struct ClientWithLaw {
    #[serde(flatten)]
    client: Client,
    law: ClientLaw,
}

pub fn show(duly: &Duly, client: &str, out: &Printer) -> ApiResult<()> {
    let id = duly.client_find(client)?;
    print(ClientWithLaw { client: duly.client_get(id)?, law: duly.client_law_get(id)? }, out);
    Ok(())
}

pub fn edit(duly: &mut Duly, a: ClientEditArgs, out: &Printer) -> ApiResult<()> {
    let id = duly.client_find(&a.client)?;
    let c = duly.client_get(id)?;
    let mut contacts = if a.no_contacts || !a.contacts.is_empty() { Vec::new() } else { c.contacts.clone() };
    for (i, spec) in a.contacts.iter().chain(&a.add_contacts).enumerate() {
        let mut contact = contact_spec(i + 1, spec)?;
        // The same person (by address) keeps their id, so their history stays theirs.
        contact.id = c
            .contacts
            .iter()
            .find(|old| !old.email.is_empty() && old.email.eq_ignore_ascii_case(contact.email.trim()))
            .and_then(|old| old.id);
        contacts.retain(|kept| kept.id.is_none() || kept.id != contact.id);
        contacts.push(contact);
    }
    let client = duly.client_save(ClientInput {
        id: Some(id),
        name: a.name.unwrap_or(c.name),
        address: a.address.unwrap_or(c.address),
        tax_id: a.tax_id.unwrap_or(c.tax_id),
        language: a.language.map_or(c.language, crate::lang),
        currency: a.currency.unwrap_or(c.currency),
        notes: a.notes.unwrap_or(c.notes),
        country: a.country.unwrap_or(c.country),
        timezone: a.timezone.unwrap_or(c.timezone),
        contacts,
    })?;
    let law = if a.jurisdiction.is_some() || a.private_person || a.business {
        let current = duly.client_law_get(id)?;
        duly.client_law_set(ClientLawInput {
            client_id: id,
            jurisdiction: a.jurisdiction.or(current.jurisdiction),
            private_person: if a.private_person || a.business { a.private_person } else { current.private_person },
        })?
    } else {
        duly.client_law_get(id)?
    };
    print(ClientWithLaw { client, law }, out);
    Ok(())
}

/// "billing;Ana Pop;ana@example.ro;+40…;ro;Europe/Bucharest" → a contact; the API checks the
/// address and the zone.
fn contact_spec(n: usize, text: &str) -> ApiResult<Contact> {
    let parts: Vec<&str> = text.split(';').map(str::trim).collect();
    let bad = |why: &str| {
        ApiError::invalid(format!(
            "--contact {n}: \"{text}\" {why}; write \"role;name;email[;phone[;language[;time zone]]]\", \
             e.g. \"billing;Ana Pop;ana@example.ro\""
        ))
    };
    let (role, name, email, rest) = match parts.as_slice() {
        [role, name, email, rest @ ..] if rest.len() <= 3 => (*role, *name, *email, rest),
        _ => return Err(bad("has the wrong number of parts")),
    };
    let role = match role {
        "billing" => ContactRole::Billing,
        "project" => ContactRole::Project,
        "other" => ContactRole::Other,
        _ => return Err(bad("has a role other than billing, project or other")),
    };
    let language = match rest.get(1).copied().unwrap_or("") {
        "" => None,
        "en" => Some(duly_api::Language::En),
        "id" => Some(duly_api::Language::Id),
        "ro" => Some(duly_api::Language::Ro),
        _ => return Err(bad("has a language other than en, id or ro")),
    };
    Ok(Contact {
        id: None,
        name: name.to_owned(),
        role,
        email: email.to_owned(),
        phone: rest.first().copied().unwrap_or("").to_owned(),
        language,
        timezone: rest.get(2).copied().unwrap_or("").to_owned(),
    })
}

fn print(c: ClientWithLaw, out: &Printer) {
    out.dto(&c, || {
        let ClientWithLaw { client: c, law } = &c;
        let or_dash = |s: &str| if s.trim().is_empty() { "-".to_owned() } else { s.to_owned() };
        let who = if law.private_person { "a private person" } else { "a business" };
        let mut t = format!(
            "Client {}: {} ({}, {})\nAddress: {}\nTax id: {}\nCountry: {}  Time zone: {}\nLaw: {} ({who})\n",
            c.id,
            c.name,
            c.currency,
            language(c.language),
            or_dash(&c.address.replace('\n', ", ")),
            or_dash(&c.tax_id),
            or_dash(&c.country),
            or_dash(&c.timezone),
            law.applies.as_deref().unwrap_or("not set"),
        );
        if c.contacts.is_empty() {
            t.push_str("No contacts.");
        }
        for k in &c.contacts {
            let role =
                serde_json::to_value(k.role).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            let lang = k.language.map_or(String::new(), |l| format!(" [{}]", language(l)));
            let zone = if k.timezone.is_empty() { String::new() } else { format!(" ({})", k.timezone) };
            t.push_str(&format!("  {role:<8} {} <{}> {}{lang}{zone}\n", or_dash(&k.name), or_dash(&k.email), k.phone));
        }
        t.trim_end().to_owned()
    });
}
