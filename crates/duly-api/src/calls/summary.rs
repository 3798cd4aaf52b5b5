//! The email that confirms in writing what was agreed on a call, as the playbook asks: short,
//! polite, in the client's language, stating the date and amount (or each instalment), and
//! saying that a payment already made can be ignored.
//!
//! Written here in plain text for now: when the message templates (duly-messages) have a
//! call-summary template, this is where it is rendered instead. Nothing here is HTML; names and
//! notes are data.

use chrono::{Datelike, NaiveDate};
use duly_core::Language;
use duly_core::calls::Instalment;
use duly_store::{business, calls as table, clients, contacts, instalment_plans, instalments, invoices, promises};
use serde::Serialize;
use ts_rs::TS;

use crate::money::display;
use crate::{ApiError, ApiResult, Duly};

/// A confirmation email to review and send: pass `invoice_id`, `to`, `subject` and `text_body`
/// to `outbox_enqueue` with kind `call_summary`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CallSummary {
    pub call_id: i64,
    pub invoice_id: i64,
    /// The language it is written in: the contact's, else the client's.
    pub language: crate::Language,
    /// The contact called if they have an email address, else the client's billing contact;
    /// empty when the client has no address at all.
    pub to: Vec<String>,
    pub subject: String,
    pub text_body: String,
}

enum Agreement {
    Promise { pay_by: NaiveDate, amount: i64 },
    Plan { total: i64, parts: Vec<Instalment> },
}

pub(super) fn draft(duly: &Duly, call_id: i64) -> ApiResult<CallSummary> {
    let conn = duly.conn();
    let call = table::get(conn, call_id)?.ok_or_else(|| ApiError::not_found(format!("call {call_id} does not exist")))?;
    let nothing = || {
        ApiError::invalid(format!(
            "call {call_id}: nothing was agreed about an invoice on it (outcome {}), so there is nothing to confirm",
            call.outcome
        ))
    };
    let invoice_id = call.invoice_id.filter(|_| call.outcome.is_agreement()).ok_or_else(nothing)?;
    let inv = invoices::get(conn, invoice_id)?.ok_or_else(nothing)?;
    let agreement = match promises::list_for_invoice(conn, invoice_id)?.into_iter().find(|p| p.call_id == Some(call_id)) {
        Some(p) => Agreement::Promise { pay_by: p.pay_by, amount: p.amount_minor },
        None => {
            let plan = instalment_plans::list_for_invoice(conn, invoice_id)?
                .into_iter()
                .find(|p| p.call_id == Some(call_id))
                .ok_or_else(|| {
                    ApiError::invalid(format!(
                        "call {call_id}: no promise or instalment plan was recorded with it; create the plan first"
                    ))
                })?;
            Agreement::Plan { total: plan.amount_minor, parts: instalments::list_for_plan(conn, plan.id.unwrap_or_default())? }
        }
    };
    let client = clients::get(conn, call.client_id)?.ok_or_else(nothing)?;
    let people = contacts::list_for_client(conn, call.client_id)?;
    let called = people.iter().find(|c| call.contact_id.is_some() && c.id == call.contact_id);
    let language = called.and_then(|c| c.language).unwrap_or(client.language);
    let address = called
        .filter(|c| !c.email.is_empty())
        .or_else(|| people.iter().find(|c| c.role == "billing" && !c.email.is_empty()))
        .or_else(|| people.iter().find(|c| !c.email.is_empty()))
        .map(|c| c.email.clone());
    // The person spoken to, else the name written on the call, else the client: never "Hello ,".
    let greeting_name = [called.map(|c| c.name.as_str()).unwrap_or(""), call.contact_name.as_str(), client.name.as_str()]
        .into_iter()
        .map(str::trim)
        .find(|n| !n.is_empty())
        .unwrap_or_default()
        .to_owned();
    let sender = business::get(conn)?.map(|b| b.name).unwrap_or_default();
    let money = |minor| display(minor, inv.currency, language);
    let w = Words::of(language);
    let date = |d: NaiveDate| long_date(d, language);

    let mut body = format!("{} {},\n\n{}\n\n", w.hello, greeting_name, (w.thanks)(&date(call.called_on)));
    match &agreement {
        Agreement::Promise { pay_by, amount } => {
            body.push_str(&(w.promise)(&money(*amount), &inv.number, &date(*pay_by)));
            body.push('\n');
        }
        Agreement::Plan { total, parts } => {
            body.push_str(&(w.plan)(&money(*total), &inv.number, parts.len()));
            body.push('\n');
            for p in parts {
                body.push_str(&format!("  {}. {}: {}\n", p.number, date(p.due_on), money(p.amount)));
            }
            if let Some(last) = parts.last() {
                body.push_str(&(w.plan_final)(&date(last.due_on)));
                body.push('\n');
            }
        }
    }
    body.push_str(&format!("\n{}\n\n{},\n", w.closing, w.regards));
    if !sender.trim().is_empty() {
        body.push_str(sender.trim());
        body.push('\n');
    }
    Ok(CallSummary {
        call_id,
        invoice_id,
        language: language.into(),
        to: address.into_iter().collect(),
        subject: (w.subject)(&inv.number, &date(call.called_on)),
        text_body: body,
    })
}

/// The sentences of the summary in one language.
struct Words {
    hello: &'static str,
    thanks: fn(&str) -> String,
    promise: fn(&str, &str, &str) -> String,
    plan: fn(&str, &str, usize) -> String,
    plan_final: fn(&str) -> String,
    closing: &'static str,
    regards: &'static str,
    subject: fn(&str, &str) -> String,
}

impl Words {
    fn of(language: Language) -> Self {
        match language {
            Language::En => Self {
                hello: "Hello",
                thanks: |d| format!("Thank you for taking the time to speak with me on {d}."),
                promise: |a, n, d| format!("As agreed, {a} for invoice {n} will be paid by {d}."),
                plan: |a, n, k| format!("As agreed, the {a} due on invoice {n} will be paid in {k} instalments:"),
                plan_final: |d| format!("The last instalment is due on {d}."),
                closing: "If I have misunderstood anything, please let me know. If the payment has already been made, please ignore this message.",
                regards: "Kind regards",
                subject: |n, d| format!("Invoice {n}: confirming our call of {d}"),
            },
            Language::Id => Self {
                hello: "Halo",
                thanks: |d| format!("Terima kasih atas waktu Anda untuk berbicara dengan saya pada {d}."),
                promise: |a, n, d| format!("Sesuai kesepakatan kita, pembayaran sebesar {a} untuk faktur {n} akan dilakukan paling lambat {d}."),
                plan: |a, n, k| format!("Sesuai kesepakatan kita, sisa tagihan sebesar {a} untuk faktur {n} akan dibayar dalam {k} kali cicilan:"),
                plan_final: |d| format!("Cicilan terakhir jatuh tempo pada {d}."),
                closing: "Jika ada yang kurang tepat, mohon kabari saya. Jika pembayaran sudah dilakukan, mohon abaikan pesan ini.",
                regards: "Salam hormat",
                subject: |n, d| format!("Faktur {n}: konfirmasi pembicaraan kita pada {d}"),
            },
            Language::Ro => Self {
                hello: "Bună ziua,",
                thanks: |d| format!("Vă mulțumesc pentru timpul acordat convorbirii noastre din {d}."),
                promise: |a, n, d| format!("Așa cum am convenit, suma de {a} pentru factura {n} va fi achitată până la {d}."),
                plan: |a, n, k| format!("Așa cum am convenit, suma de {a} rămasă de plată pentru factura {n} va fi achitată în {k} rate:"),
                plan_final: |d| format!("Ultima rată este scadentă pe {d}."),
                closing: "Dacă am înțeles greșit ceva, vă rog să-mi spuneți. Dacă plata a fost deja efectuată, vă rog să ignorați acest mesaj.",
                regards: "Cu stimă",
                subject: |n, d| format!("Factura {n}: confirmarea convorbirii noastre din {d}"),
            },
        }
    }
}

/// "20 November 2026", "20 November 2026" (Indonesian month names), "20 noiembrie 2026".
fn long_date(d: NaiveDate, language: Language) -> String {
    const EN: [&str; 12] = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ];
    const ID: [&str; 12] = [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ];
    const RO: [&str; 12] = [
        "ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august", "septembrie", "octombrie", "noiembrie",
        "decembrie",
    ];
    let months = match language {
        Language::En => EN,
        Language::Id => ID,
        Language::Ro => RO,
    };
    let month = months[usize::try_from(d.month0()).unwrap_or(0)];
    format!("{} {month} {}", d.day(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_in_each_language() {
        let d: NaiveDate = "2026-11-20".parse().unwrap();
        assert_eq!(long_date(d, Language::En), "20 November 2026");
        assert_eq!(long_date("2026-08-01".parse().unwrap(), Language::Id), "1 Agustus 2026");
        assert_eq!(long_date(d, Language::Ro), "20 noiembrie 2026");
    }
}
