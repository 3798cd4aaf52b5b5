//! Whom a client's letters and messages go to. Contacts store their role as text; this reads it
//! as a [`ContactRole`] in one place, so every "write to the billing contact" rule agrees.

use duly_store::contacts::Contact;

use crate::ContactRole;

/// Whether the stored contact is the client's billing contact.
pub(crate) fn is_billing(contact: &Contact) -> bool {
    ContactRole::from_stored(&contact.role) == ContactRole::Billing
}

/// The billing contact among the `usable` ones, else the first usable contact: reminders, thanks,
/// call summaries and documents each say what usable means (an address, one that does not bounce).
pub(crate) fn billing_or_first(people: &[Contact], usable: impl Fn(&Contact) -> bool) -> Option<&Contact> {
    people.iter().filter(|c| usable(c)).find(|c| is_billing(c)).or_else(|| people.iter().find(|c| usable(c)))
}
