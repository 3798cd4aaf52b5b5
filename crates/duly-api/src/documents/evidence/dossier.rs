//! What the dossier says: the facts gathered from the database once, then written as sections
//! (parties, invoices and terms, the chronological record, interest, the amount claimed, the
//! files) and rendered twice from the same text, as `index.html` and `index.pdf`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use duly_core::calls::{PaymentOn, Promise, PromiseStatus};
use duly_core::ladder::{LateFee, Terms};
use duly_mail::{Mailbox, OutgoingMessage};
use duly_pdf::{DossierDoc, DossierEntry, DossierSection, Percent};
use duly_store::documents::DocumentRow;

use super::words::{Words, words};
use super::{sha256_hex, storage};
use crate::law::interest::{InterestClaim, InterestQuery};
use crate::shared::error::ApiResult;
use crate::shared::money::display_amount;
use crate::{Business, Call, CallQuery, Client, Duly, InvoiceDetail, Language, Plan, TimelineEvent, TimelineKind};

/// A message that went out, with the bytes the server accepted when Duly kept them.
pub(crate) struct SentMessage {
    pub invoice_id: Option<i64>,
    pub sent_at: String,
    pub message: OutgoingMessage,
    pub reply: Option<String>,
    pub eml_name: Option<String>,
    pub eml: Option<Vec<u8>>,
}

/// A document the user kept with the client or an invoice, found in Duly's data folder.
pub(crate) struct KeptDocument {
    pub row: DocumentRow,
    pub path: PathBuf,
    pub pack_name: String,
}

pub(crate) struct Facts {
    pub language: Language,
    pub today: NaiveDate,
    pub business: Business,
    pub client: Client,
    pub invoices: Vec<InvoiceDetail>,
    pub terms: Vec<Terms>,
    pub messages: Vec<SentMessage>,
    pub calls: Vec<Call>,
    pub plans: Vec<Plan>,
    /// Timeline entries the dossier shows besides the above (replies, bounces, letters), with
    /// the invoice they are on.
    pub events: Vec<(String, TimelineEvent)>,
    pub interest: Vec<Result<InterestClaim, String>>,
    pub documents: Vec<KeptDocument>,
    pub gaps: Vec<String>,
}

/// Timeline kinds shown as they are: what the mailbox learnt, and reminders sent outside Duly.
const SHOWN_EVENTS: &[TimelineKind] =
    &[TimelineKind::ClientReplied, TimelineKind::EmailBounced, TimelineKind::AutoReply, TimelineKind::ReminderOutside];

impl Duly {
    pub(super) fn evidence_facts(&self, client_id: i64, invoices: &[InvoiceDetail], one: bool) -> ApiResult<Facts> {
        let client = self.client_get(client_id)?;
        let business = self.business_get()?;
        let ids: Vec<i64> = invoices.iter().map(|i| i.id).collect();
        let mut terms = Vec::new();
        let mut interest = Vec::new();
        let mut plans = Vec::new();
        let mut events = Vec::new();
        for inv in invoices {
            terms.push(duly_store::terms::in_force(self.conn(), client_id, inv.id)?);
            interest.push(
                self.interest_get(InterestQuery { number: inv.number.clone(), as_of: None }).map_err(|e| e.message),
            );
            if let Some(plan) = self.plan_get(&inv.number)? {
                plans.push(plan);
            }
            for e in &inv.timeline {
                if SHOWN_EVENTS.contains(&e.kind) {
                    events.push((inv.number.clone(), e.clone()));
                }
            }
        }
        let mut calls = Vec::new();
        if one {
            let number = invoices.first().map(|i| i.number.clone());
            calls =
                self.call_list(CallQuery { invoice_number: number, limit: Some(10_000), ..CallQuery::default() })?;
        } else {
            calls.extend(self.call_list(CallQuery {
                client_id: Some(client_id),
                limit: Some(10_000),
                ..CallQuery::default()
            })?);
        }
        calls.sort_by(|a, b| (a.called_on, &a.called_time, a.id).cmp(&(b.called_on, &b.called_time, b.id)));

        let mut messages = Vec::new();
        let rows = duly_store::outbox::sent_for(self.conn(), &ids, (!one).then_some(client_id))?;
        for (n, row) in rows.iter().enumerate() {
            let message = crate::outbox::message_of(row)?;
            let copy = duly_store::outbox::sent_copy(self.conn(), row.id)?;
            let sent_at = row.status.sent_at.clone().unwrap_or_default();
            let day: String = sent_at.chars().take(10).collect();
            let (eml_name, eml, reply) = match copy {
                Some(c) => {
                    if sha256_hex(&c.mime) != c.sha256 {
                        return Err(storage(format!(
                            "outbox message {}: the kept copy no longer matches its SHA-256",
                            row.id
                        )));
                    }
                    (Some(format!("messages/{:02}-{day}-{}.eml", n + 1, row.id)), Some(c.mime), Some(c.reply))
                }
                None => (None, None, None),
            };
            messages.push(SentMessage { invoice_id: row.invoice_id, sent_at, message, reply, eml_name, eml });
        }

        let folder = documents_folder(self)?;
        let mut documents = Vec::new();
        for row in duly_store::documents::list_for_client(self.conn(), client_id)? {
            if one && row.invoice_id.is_some_and(|id| !ids.contains(&id)) {
                continue;
            }
            let pack_name = format!("documents/{}-{}", row.id, row.file_name);
            documents.push(KeptDocument { path: folder.join(&row.stored_name), row, pack_name });
        }

        let mut gaps = Vec::new();
        for inv in invoices {
            if !messages.iter().any(|m| m.invoice_id == Some(inv.id)) {
                gaps.push(format!("{}: {}", inv.number, words(client.language).no_message));
            }
        }
        for m in &messages {
            if m.eml.is_none() {
                gaps.push(format!("{}: {}", m.message.message_id, words(client.language).not_kept));
            }
        }
        Ok(Facts {
            language: client.language,
            today: self.today(),
            business,
            client,
            invoices: invoices.to_vec(),
            terms,
            messages,
            calls,
            plans,
            events,
            interest,
            documents,
            gaps,
        })
    }
}

/// Where kept documents are copied: `documents/` beside the database.
pub(crate) fn documents_folder(duly: &Duly) -> ApiResult<PathBuf> {
    let parent = duly.db_path().parent().map(PathBuf::from).unwrap_or_default();
    Ok(parent.join("documents"))
}

/// The dossier as HTML and PDF. `files` are the pack's other files, listed with their SHA-256.
pub(super) fn render(facts: &Facts, files: &[(String, Vec<u8>)]) -> ApiResult<(String, Vec<u8>)> {
    let doc = document(facts, files);
    let pdf = duly_pdf::render_dossier(&doc).map_err(|e| storage(format!("index.pdf: {e}")))?;
    Ok((html(&doc), pdf.bytes))
}

fn document(facts: &Facts, files: &[(String, Vec<u8>)]) -> DossierDoc {
    let w = words(facts.language);
    let subject = if facts.invoices.len() == 1 {
        format!("{} · {}", facts.client.name.trim(), facts.invoices[0].number)
    } else {
        facts.client.name.trim().to_owned()
    };
    DossierDoc {
        language: facts.language.into(),
        paper: duly_pdf::PaperSize::A4,
        title: format!("{} · {subject}", w.title),
        subtitle: vec![
            format!("{}: {}", w.prepared_by, or_blank(&facts.business.name, w)),
            format!("{}: {}", w.as_of, facts.today),
        ],
        date: facts.today,
        author: facts.business.name.trim().to_owned(),
        sections: vec![
            parties(facts, w),
            invoices(facts, w),
            record(facts, w),
            interest(facts, w),
            claimed(facts, w),
            DossierSection {
                heading: w.files.to_owned(),
                entries: files
                    .iter()
                    .map(|(name, bytes)| DossierEntry { title: name.clone(), lines: vec![sha256_hex(bytes)] })
                    .collect(),
            },
        ],
    }
}

fn or_blank(text: &str, w: &Words) -> String {
    let text = text.trim();
    if text.is_empty() { w.blank.to_owned() } else { text.replace('\n', ", ") }
}

fn parties(facts: &Facts, w: &Words) -> DossierSection {
    let b = &facts.business;
    let c = &facts.client;
    let mut debtor = vec![
        format!("{}: {}", w.name, or_blank(&c.name, w)),
        format!("{}: {}", w.address, or_blank(&c.address, w)),
        format!("{}: {}", w.tax_id, or_blank(&c.tax_id, w)),
    ];
    for contact in &c.contacts {
        debtor.push(format!(
            "{} · {}: {} · {}: {}",
            or_blank(&contact.name, w),
            w.email,
            or_blank(&contact.email, w),
            w.phone,
            or_blank(&contact.phone, w)
        ));
    }
    DossierSection {
        heading: w.parties.to_owned(),
        entries: vec![
            DossierEntry {
                title: w.creditor.to_owned(),
                lines: vec![
                    format!("{}: {}", w.name, or_blank(&b.name, w)),
                    format!("{}: {}", w.address, or_blank(&b.address, w)),
                    format!("{}: {}", w.tax_id, or_blank(&b.tax_id, w)),
                    format!("{}: {}", w.email, or_blank(&b.email, w)),
                    format!("{}: {}", w.phone, or_blank(&b.phone, w)),
                ],
            },
            DossierEntry { title: w.debtor.to_owned(), lines: debtor },
        ],
    }
}

fn money(minor: i64, currency: &str, language: Language) -> String {
    display_amount(minor, currency, language).unwrap_or_else(|| format!("{minor} {currency}"))
}

fn percent(hundredths: i64, language: Language) -> String {
    duly_pdf::format_percent(Percent(hundredths), language.into())
}

fn invoices(facts: &Facts, w: &Words) -> DossierSection {
    let lang = facts.language;
    let entries = facts
        .invoices
        .iter()
        .zip(&facts.terms)
        .map(|(inv, terms)| {
            let late_fee = match terms.late_fee {
                None => w.none.to_owned(),
                Some(LateFee::Fixed { amount }) => money(amount, &inv.currency, lang),
                Some(LateFee::Percent { rate }) => percent(rate, lang),
                Some(LateFee::InterestPerYear { rate }) => format!("{} / an", percent(rate, lang)),
            };
            let discount = match terms.early_discount {
                None => w.none.to_owned(),
                Some(d) => format!("{} / {}", percent(d.rate, lang), d.within_days),
            };
            // Credit notes are netted through the payments table; the dossier keeps them apart,
            // since a court must not read a correction as money received.
            let credited: i64 = inv.payments.iter().filter(|p| is_credit_note(&p.method)).map(|p| p.amount).sum();
            let mut amounts = format!(
                "{}: {} · {}: {}",
                w.total,
                money(inv.total, &inv.currency, lang),
                w.paid,
                money(inv.paid - credited, &inv.currency, lang)
            );
            if credited != 0 {
                amounts.push_str(&format!(" · {}: {}", w.credited, money(credited, &inv.currency, lang)));
            }
            amounts.push_str(&format!(" · {}: {}", w.still_due, money(inv.amount_due, &inv.currency, lang)));
            let mut lines = vec![format!("{} {} · {} {}", w.issued, inv.issue_date, w.due, inv.due_date), amounts];
            for line in &inv.lines {
                let amount = money(line.amount, &inv.currency, lang);
                lines.push(format!("– {} · {} × {} = {amount}", line.description, line.quantity, line.unit_price));
            }
            lines.push(format!(
                "{}: {}: {} · {}: {} · {}: {}",
                w.terms,
                w.late_fee,
                late_fee,
                w.discount,
                discount,
                w.statutory,
                if terms.claim_statutory { w.yes } else { w.no }
            ));
            DossierEntry { title: inv.number.clone(), lines }
        })
        .collect();
    DossierSection { heading: w.invoices.to_owned(), entries }
}

fn mailboxes(list: &[Mailbox], w: &Words) -> String {
    if list.is_empty() {
        return w.blank.to_owned();
    }
    list.iter()
        .map(|m| match m.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) => format!("{name} <{}>", m.email),
            None => m.email.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// An instant as the record prints it: "2026-03-02 09:00:00 UTC".
fn when(instant: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(instant) {
        Ok(t) => t.with_timezone(&chrono::Utc).format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        Err(_) => instant.to_owned(),
    }
}

fn record(facts: &Facts, w: &Words) -> DossierSection {
    let lang = facts.language;
    let number_of = |id: Option<i64>| {
        id.and_then(|id| facts.invoices.iter().find(|i| i.id == id)).map(|i| i.number.clone()).unwrap_or_default()
    };
    // (sort key, entry): a date alone sorts before that day's instants, a due date after them.
    let mut entries: Vec<(String, DossierEntry)> = Vec::new();
    for inv in &facts.invoices {
        entries.push((
            inv.issue_date.to_string(),
            DossierEntry {
                title: format!("{} · {} · {}", inv.issue_date, w.invoice_issued, inv.number),
                lines: vec![format!("{}: {}", w.total, money(inv.total, &inv.currency, lang))],
            },
        ));
        entries.push((
            format!("{}~", inv.due_date),
            DossierEntry { title: format!("{} · {} · {}", inv.due_date, w.invoice_due, inv.number), lines: vec![] },
        ));
        if !facts.messages.iter().any(|m| m.invoice_id == Some(inv.id)) {
            entries.push((
                format!("{}~~", inv.due_date),
                DossierEntry { title: format!("{} · {}", inv.number, w.no_message), lines: vec![] },
            ));
        }
        // Only money received keeps a promise to pay; a credit note does not.
        let payments: Vec<PaymentOn> = inv
            .payments
            .iter()
            .filter(|p| !is_credit_note(&p.method))
            .map(|p| PaymentOn { date: p.date, amount: p.amount })
            .collect();
        for p in &inv.payments {
            let credit = is_credit_note(&p.method);
            let mut lines = vec![format!("{}: {}", w.total, money(p.amount, &inv.currency, lang))];
            if !credit && !p.method.trim().is_empty() {
                lines.push(format!("{}: {}", w.method, p.method.trim()));
            }
            if !p.note.trim().is_empty() {
                lines.push(format!("{}: {}", w.notes, p.note.trim()));
            }
            entries.push((
                format!("{}T12", p.date),
                DossierEntry {
                    title: format!("{} · {} · {}", p.date, if credit { w.credit_note } else { w.payment }, inv.number),
                    lines,
                },
            ));
        }
        for call in facts.calls.iter().filter(|c| c.invoice_id == Some(inv.id)) {
            entries.push(call_entry(call, &inv.currency, &payments, facts.today, w, lang));
        }
    }
    for call in facts.calls.iter().filter(|c| c.invoice_id.is_none()) {
        entries.push(call_entry(call, "", &[], facts.today, w, lang));
    }
    for m in &facts.messages {
        let mut lines = vec![
            format!("{}: {}", w.from, mailboxes(std::slice::from_ref(&m.message.from), w)),
            format!("{}: {}", w.to, mailboxes(&m.message.to, w)),
        ];
        if !m.message.cc.is_empty() {
            lines.push(format!("{}: {}", w.cc, mailboxes(&m.message.cc, w)));
        }
        lines.push(format!("{}: {}", w.subject, m.message.subject));
        lines.push(format!("{}: {}", w.message_id, m.message.message_id));
        lines.push(format!("{}: {}", w.server_reply, m.reply.as_deref().unwrap_or(w.not_kept)));
        lines.push(format!("{}: {}", w.eml, m.eml_name.as_deref().unwrap_or(w.not_kept)));
        let number = number_of(m.invoice_id);
        entries.push((
            m.sent_at.clone(),
            DossierEntry { title: format!("{} · {} · {}", when(&m.sent_at), w.email_sent, number), lines },
        ));
    }
    for plan in &facts.plans {
        let lines = plan
            .instalments
            .iter()
            .map(|i| {
                let amount = money(i.amount, &plan.currency, lang);
                format!("{} {} · {} · {amount} · {:?}", w.instalment, i.number, i.due_on, i.state)
            })
            .collect();
        entries.push((
            format!("{}T23", plan.made_on),
            DossierEntry { title: format!("{} · {} · {}", plan.made_on, w.plan, plan.invoice_number), lines },
        ));
    }
    for (number, e) in &facts.events {
        let label = match e.kind {
            TimelineKind::ClientReplied => w.reply,
            TimelineKind::EmailBounced => w.bounce,
            TimelineKind::AutoReply => w.auto_reply,
            other => other.as_str(),
        };
        let lines = if e.detail.trim().is_empty() { vec![] } else { vec![e.detail.trim().to_owned()] };
        entries.push((e.at.clone(), DossierEntry { title: format!("{} · {label} · {number}", when(&e.at)), lines }));
    }
    for d in &facts.documents {
        entries.push((
            d.row.added_at.clone(),
            DossierEntry {
                title: format!("{} · {} · {}", when(&d.row.added_at), w.document, d.row.file_name),
                lines: vec![format!("SHA-256: {}", d.row.sha256), format!("{}: {}", w.in_pack, d.pack_name)]
                    .into_iter()
                    .chain(d.row.signed_on.as_ref().map(|day| format!("{} {day}", w.agreement)))
                    .chain(
                        (!d.row.terms.trim().is_empty()).then(|| format!("{}: {}", w.agreed_terms, d.row.terms.trim())),
                    )
                    .chain((!d.row.note.trim().is_empty()).then(|| format!("{}: {}", w.notes, d.row.note.trim())))
                    .collect(),
            },
        ));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    DossierSection { heading: w.record.to_owned(), entries: entries.into_iter().map(|(_, e)| e).collect() }
}

fn call_entry(
    call: &Call,
    currency: &str,
    payments: &[PaymentOn],
    today: NaiveDate,
    w: &Words,
    lang: Language,
) -> (String, DossierEntry) {
    let outcome = duly_pdf::call_outcome(call.outcome.into(), lang.into());
    let mut lines = vec![
        format!("{}: {} · {}", w.phone, or_blank(&call.contact_name, w), or_blank(&call.phone, w)),
        format!("{}: {outcome}", w.outcome),
    ];
    if !call.notes.trim().is_empty() {
        lines.push(format!("{}: {}", w.notes, call.notes.trim()));
    }
    if let Some(p) = &call.promise {
        let promise = Promise { made_on: call.called_on, pay_by: p.pay_by, amount: p.amount };
        let standing = match promise.status(payments, today) {
            PromiseStatus::Kept { on } => format!("{} ({on})", w.promise_kept),
            PromiseStatus::Broken { since, .. } => format!("{} ({since})", w.promise_broken),
            PromiseStatus::Pending { until } => format!("{} ({until})", w.promise_pending),
        };
        let amount = if currency.is_empty() { p.amount_display.clone() } else { money(p.amount, currency, lang) };
        lines.push(format!("{}: {amount} · {} · {standing}", w.promise, p.pay_by));
    }
    let number = call.invoice_number.clone().unwrap_or_default();
    (
        format!("{}T{}", call.called_on, call.called_time),
        DossierEntry { title: format!("{} {} · {} · {number}", call.called_on, call.called_time, w.call), lines },
    )
}

fn interest(facts: &Facts, w: &Words) -> DossierSection {
    let lang = facts.language;
    let mut entries = Vec::new();
    for (inv, claim) in facts.invoices.iter().zip(&facts.interest) {
        let mut lines = Vec::new();
        match claim {
            Err(why) => lines.push(format!("{}: {why}", w.not_computed)),
            Ok(c) => {
                lines.push(format!("{}: {}", w.jurisdiction, c.jurisdiction.as_deref().unwrap_or(w.blank)));
                for p in &c.periods {
                    let rate = p.rate_bp.map_or_else(|| w.blank.to_owned(), |r| percent(r, lang));
                    let amount = p.amount.map_or_else(|| w.blank.to_owned(), |a| money(a, &c.currency, lang));
                    lines.push(format!(
                        "{} {} – {} ({} d), {} {rate}: {amount}",
                        w.period, p.from, p.to, p.days, w.rate
                    ));
                }
                lines.push(format!("{}: {}", w.interest, money(c.interest_total, &c.currency, lang)));
                if let Some(comp) = &c.compensation {
                    lines.push(format!(
                        "{}: {} ({})",
                        w.compensation,
                        money(comp.amount, &comp.currency, lang),
                        comp.basis
                    ));
                }
                let cited = duly_core::law::letter_law(c.jurisdiction.as_deref(), duly_core::law::Debtor::Business);
                let mut under = Vec::new();
                if let Some(law) = cited.interest_citation.filter(|_| c.interest_total > 0 || !c.periods.is_empty()) {
                    under.push(format!("{} {law}", w.interest_under));
                }
                if let Some(law) = cited.compensation_citation.filter(|_| c.compensation.is_some()) {
                    under.push(format!("{} {law}", w.compensation_under));
                }
                if !under.is_empty() {
                    lines.push(format!("{}: {}", w.basis, under.join("; ")));
                }
                for b in &c.basis {
                    lines.push(format!("{}: {b}", w.basis_detail));
                }
                for warning in &c.warnings {
                    lines.push(format!("{}: {warning}", w.warning));
                }
            }
        }
        entries.push(DossierEntry { title: inv.number.clone(), lines });
    }
    DossierSection { heading: w.interest.to_owned(), entries }
}

fn claimed(facts: &Facts, w: &Words) -> DossierSection {
    let lang = facts.language;
    let mut totals: BTreeMap<String, Option<i64>> = BTreeMap::new();
    let mut add = |currency: &str, minor: i64| {
        let slot = totals.entry(currency.to_owned()).or_insert(Some(0));
        *slot = slot.and_then(|t| t.checked_add(minor));
    };
    let mut entries = Vec::new();
    for (inv, claim) in facts.invoices.iter().zip(&facts.interest) {
        if inv.amount_due <= 0 {
            continue;
        }
        let mut lines = vec![format!("{}: {}", w.principal, money(inv.amount_due, &inv.currency, lang))];
        add(&inv.currency, inv.amount_due);
        if let Ok(c) = claim {
            if c.interest_total > 0 {
                lines.push(format!("{}: {}", w.interest, money(c.interest_total, &c.currency, lang)));
                add(&c.currency, c.interest_total);
            }
            if let Some(comp) = &c.compensation {
                lines.push(format!("{}: {}", w.compensation, money(comp.amount, &comp.currency, lang)));
                add(&comp.currency, comp.amount);
            }
        }
        entries.push(DossierEntry { title: inv.number.clone(), lines });
    }
    let total_lines: Vec<String> = totals
        .iter()
        .map(|(currency, minor)| match minor {
            Some(m) => money(*m, currency, lang),
            None => format!("{currency}: {}", w.blank),
        })
        .collect();
    entries.push(DossierEntry { title: w.claimed.to_owned(), lines: total_lines });
    DossierSection { heading: w.claimed.to_owned(), entries }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The same text as the PDF, as a self-contained page (no scripts, no outside resources).
fn html(doc: &DossierDoc) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
    out.push_str(&format!("<title>{}</title>", escape(&doc.title)));
    out.push_str("<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}h3{font-size:1em;margin-bottom:.2em}p{margin:.1em 0 .1em 1.5em}</style>");
    out.push_str(&format!("</head><body>\n<h1>{}</h1>\n", escape(&doc.title)));
    for line in &doc.subtitle {
        out.push_str(&format!("<div>{}</div>\n", escape(line)));
    }
    for section in &doc.sections {
        out.push_str(&format!("<h2>{}</h2>\n", escape(&section.heading)));
        for entry in &section.entries {
            out.push_str(&format!("<h3>{}</h3>\n", escape(&entry.title)));
            for line in &entry.lines {
                out.push_str(&format!("<p>{}</p>\n", escape(line)));
            }
        }
    }
    out.push_str("</body></html>\n");
    out
}

/// Whether a row of the invoice's payments is a credit note's share (see `credit_notes::METHOD`).
fn is_credit_note(method: &str) -> bool {
    method == crate::invoices::credit_notes::METHOD
}
