//! Output: the API's DTOs as JSON with `--json`, otherwise short human-readable text.

use std::io::Write;
use std::path::Path;

use duly_api::{
    AgingReport, ApiError, AppInfo, Client, ClientSummary, CurrencyAging, DemoReport, FollowUpReason, InvoiceDetail,
    InvoicePage, InvoiceStatus, TodayList,
};
use serde::Serialize;

pub struct Printer {
    pub json: bool,
}

impl Printer {
    /// Any DTO as JSON, on one line.
    pub(crate) fn value(&self, value: &impl Serialize) {
        self.json(value);
    }

    /// One line of text.
    pub(crate) fn line(&self, text: &str) {
        self.text(text);
    }

    /// The DTO as JSON with `--json`, else the text made from it (only made when printed).
    pub(crate) fn dto(&self, value: &impl Serialize, text: impl FnOnce() -> String) {
        if self.json { self.json(value) } else { self.text(&text()) }
    }

    fn json(&self, value: &impl Serialize) {
        let mut out = std::io::stdout().lock();
        // A closed pipe (`duly invoice list --json | head`) is not an error worth a panic.
        let _ = serde_json::to_writer(&mut out, value).map(|()| writeln!(out));
    }

    fn text(&self, text: &str) {
        let _ = writeln!(std::io::stdout().lock(), "{text}");
    }

    /// Errors go to stderr: as `{code, message}` JSON with `--json`, else as a sentence.
    pub fn error(&self, e: &ApiError) {
        if self.json {
            eprintln!("{}", serde_json::to_string(e).unwrap_or_else(|_| e.message.clone()));
        } else {
            eprintln!("duly: {}", e.message);
        }
    }

    pub fn note(&self, text: &str) {
        if self.json {
            self.json(&serde_json::json!({ "note": text }));
        } else {
            self.text(text);
        }
    }

    pub fn app_info(&self, info: &AppInfo) {
        if self.json {
            return self.json(info);
        }
        self.text(&format!(
            "Database: {}\nSchema version: {}\nClients: {}\nInvoices: {}",
            info.db_path, info.schema_version, info.client_count, info.invoice_count
        ));
    }

    pub fn client(&self, c: &Client) {
        if self.json {
            return self.json(c);
        }
        self.text(&format!("Client {}: {} ({}, {})", c.id, c.name, c.currency, language(c.language)));
    }

    pub fn clients(&self, list: &[ClientSummary]) {
        if self.json {
            return self.json(&list);
        }
        for c in list {
            let owed: Vec<_> = c.outstanding.iter().map(|a| a.display.as_str()).collect();
            self.text(&format!("{:>6}  {:<40}  {:<3}  {}", c.id, c.name, c.currency, owed.join(", ")));
        }
    }

    pub fn invoices(&self, page: &InvoicePage) {
        if self.json {
            return self.json(page);
        }
        self.text(&format!(
            "{:<16} {:<32} {:<10} {:>5}  {:<11} {:>20}",
            "NUMBER", "CLIENT", "DUE", "DAYS", "STATUS", "AMOUNT DUE"
        ));
        for r in &page.rows {
            let days = r.days_overdue.filter(|d| *d > 0).map(|d| d.to_string()).unwrap_or_default();
            self.text(&format!(
                "{:<16} {:<32} {:<10} {:>5}  {:<11} {:>20}",
                r.number,
                truncate(&r.client_name, 32),
                r.due_date,
                days,
                status(r.status),
                // Not owed until confirmed: say so rather than print a zero.
                if r.to_review { "to review" } else { r.amount_due_display.as_str() }
            ));
        }
        let totals: Vec<_> = page.due_totals.iter().map(|t| t.display.as_str()).collect();
        self.text(&format!("{} of {} invoices; due: {}", page.rows.len(), page.total_count, totals.join(", ")));
    }

    /// A new invoice, with a warning when its client is on credit hold: on stderr as a sentence,
    /// or with `--json` as `warnings` beside the invoice's fields.
    pub fn invoice_added(&self, d: &InvoiceDetail) {
        let warnings: Vec<String> = d
            .credit_hold
            .iter()
            .map(|h| {
                let since = h.since.map(|s| format!(" since {s}")).unwrap_or_default();
                let reason = if h.reason.trim().is_empty() { String::new() } else { format!(" ({})", h.reason.trim()) };
                format!(
                    "{} is on credit hold{since}{reason}: ask for payment up front (cash only) for new work",
                    d.client_name
                )
            })
            .collect();
        if !self.json {
            for w in &warnings {
                eprintln!("Warning: {w}");
            }
            return self.invoice(d);
        }
        match serde_json::to_value(d) {
            Ok(serde_json::Value::Object(mut fields)) => {
                fields.insert("warnings".into(), warnings.into());
                self.json(&fields);
            }
            _ => self.json(d),
        }
    }

    pub fn invoice(&self, d: &InvoiceDetail) {
        if self.json {
            return self.json(d);
        }
        let mut t = format!(
            "Invoice {}  ({})\nClient: {}\nIssued {}, due {}\n",
            d.number,
            status(d.status),
            d.client_name,
            d.issue_date,
            d.due_date
        );
        for l in &d.lines {
            t.push_str(&format!(
                "  {:<40} {:>8} × {:>16} = {:>18}\n",
                l.description, l.quantity, l.unit_price_display, l.amount_display
            ));
        }
        t.push_str(&format!(
            "Subtotal {}  Tax ({} %) {}  Total {}\n",
            d.subtotal_display, d.tax_rate, d.tax_display, d.total_display
        ));
        for p in &d.payments {
            t.push_str(&format!("  payment #{}: {} on {}\n", p.id, p.amount_display, p.date));
        }
        if let Some(on) = d.sent_on {
            t.push_str(&format!("Sent to the client on {on}\n"));
        }
        t.push_str(&format!("Paid {}  Amount due {}", d.paid_display, d.amount_due_display));
        if let Some(days) = d.days_overdue.filter(|d| *d > 0) {
            t.push_str(&format!("  ({days} days overdue)"));
        }
        for r in &d.review {
            t.push_str(&format!("\nTo review (not chased until `duly invoice confirm {}`): {r}", d.number));
        }
        self.text(&t);
    }

    pub fn demo_removed(&self, r: &duly_api::DemoRemoved) {
        if self.json {
            return self.json(r);
        }
        self.text(&format!(
            "Removed the demo data: {} clients, {} invoices and {} payments. Your business profile and settings are kept.",
            r.clients, r.invoices, r.payments
        ));
    }

    pub fn demo(&self, r: &DemoReport, db: &Path) {
        if self.json {
            return self.json(r);
        }
        self.text(&format!(
            "Added {} clients, {} invoices and {} payments to {} in {} ms",
            r.clients,
            r.invoices,
            r.payments,
            db.display(),
            r.millis
        ));
    }
}

/// `duly aging --json`: a deliberately narrower shape than the API's `AgingReport` (which also
/// carries display strings, DSO, the top overdue invoices and client ids), kept stable for
/// scripts. Amounts are integer minor units; currencies by code, clients most overdue first.
#[derive(Serialize)]
struct AgingJson<'a> {
    as_of: chrono::NaiveDate,
    currencies: Vec<CurrencyAgingJson<'a>>,
    clients: Vec<ClientAgingJson<'a>>,
}

#[derive(Serialize)]
struct CurrencyAgingJson<'a> {
    currency: &'a str,
    not_due: i64,
    d1_30: i64,
    d31_60: i64,
    d61_90: i64,
    d91_120: i64,
    over_120: i64,
    total: i64,
    overdue: i64,
    count: i64,
}

#[derive(Serialize)]
struct ClientAgingJson<'a> {
    client: &'a str,
    currency: &'a str,
    total: i64,
    overdue: i64,
    oldest_days: i64,
}

impl<'a> AgingJson<'a> {
    fn of(r: &'a AgingReport) -> Self {
        Self {
            as_of: r.as_of,
            currencies: r
                .currencies
                .iter()
                .map(|c| CurrencyAgingJson {
                    currency: &c.currency,
                    not_due: c.not_due,
                    d1_30: c.d1_30,
                    d31_60: c.d31_60,
                    d61_90: c.d61_90,
                    d91_120: c.d91_120,
                    over_120: c.over_120,
                    total: c.total,
                    overdue: c.overdue,
                    count: c.count,
                })
                .collect(),
            clients: r
                .clients
                .iter()
                .map(|c| ClientAgingJson {
                    client: &c.client,
                    currency: &c.currency,
                    total: c.total,
                    overdue: c.overdue,
                    oldest_days: c.oldest_days,
                })
                .collect(),
        }
    }
}

/// One figure of a currency's column in the text output of `duly aging`.
type Cell = fn(&CurrencyAging) -> String;

/// How many clients and invoices the text output of `duly aging` lists (`--json` has them all).
const TEXT_ROWS: usize = 20;

impl Printer {
    pub fn aging(&self, r: &AgingReport) {
        if self.json {
            return self.json(&AgingJson::of(r));
        }
        let mut t = match &r.client {
            Some(c) => format!("Receivables of {} as of {}\n", c.name, r.as_of),
            None => format!("Receivables as of {}\n", r.as_of),
        };
        if r.currencies.is_empty() {
            t.push_str("Nothing is owed.");
            return self.text(&t);
        }
        // One column per currency, one row per bucket: amounts of different currencies are
        // never added, so they never share a column.
        let rows: [(&str, Cell); 11] = [
            ("Not yet due", |c| c.not_due_display.clone()),
            ("1–30 days", |c| c.d1_30_display.clone()),
            ("31–60 days", |c| c.d31_60_display.clone()),
            ("61–90 days", |c| c.d61_90_display.clone()),
            ("91–120 days", |c| c.d91_120_display.clone()),
            ("Over 120 days", |c| c.over_120_display.clone()),
            ("Total owed", |c| c.total_display.clone()),
            ("Overdue", |c| c.overdue_display.clone()),
            ("Open invoices", |c| format!("{} ({} overdue)", c.count, c.overdue_count)),
            ("Avg days late", |c| days_or_dash(c.average_days_overdue)),
            ("DSO (days)", |c| days_or_dash(c.dso_days)),
        ];
        let cells: Vec<Vec<String>> = rows.iter().map(|(_, f)| r.currencies.iter().map(f).collect()).collect();
        let widths: Vec<usize> = (0..r.currencies.len())
            .map(|i| {
                cells
                    .iter()
                    .map(|row| row[i].chars().count())
                    .chain([r.currencies[i].currency.len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |label: &str, values: &mut dyn Iterator<Item = &str>| {
            let mut l = format!("{label:<14}");
            for (v, w) in values.zip(&widths) {
                l.push_str(&format!("  {v:>w$}"));
            }
            l.push('\n');
            l
        };
        t.push('\n');
        t.push_str(&line("", &mut r.currencies.iter().map(|c| c.currency.as_str())));
        for ((label, _), row) in rows.iter().zip(&cells) {
            t.push_str(&line(label, &mut row.iter().map(String::as_str)));
        }

        if !r.clients.is_empty() {
            t.push_str(&format!("\n{:<40} {:<3} {:>20} {:>20} {:>7}\n", "CLIENT", "CUR", "OVERDUE", "OWED", "OLDEST"));
            for c in r.clients.iter().take(TEXT_ROWS) {
                let oldest = if c.oldest_days > 0 { format!("{}d", c.oldest_days) } else { String::new() };
                t.push_str(&format!(
                    "{:<40} {:<3} {:>20} {:>20} {:>7}\n",
                    truncate(&c.client, 40),
                    c.currency,
                    c.overdue_display,
                    c.total_display,
                    oldest
                ));
            }
            if r.clients.len() > TEXT_ROWS {
                t.push_str(&format!("… and {} more (--json lists them all)\n", r.clients.len() - TEXT_ROWS));
            }
        }
        if !r.top_overdue.is_empty() {
            t.push_str(&format!(
                "\nBiggest overdue invoices\n{:<16} {:<32} {:<10} {:>5} {:>20}\n",
                "NUMBER", "CLIENT", "DUE", "DAYS", "AMOUNT DUE"
            ));
            for i in &r.top_overdue {
                t.push_str(&format!(
                    "{:<16} {:<32} {:<10} {:>5} {:>20}\n",
                    i.number,
                    truncate(&i.client, 32),
                    i.due_date,
                    i.days_overdue,
                    i.amount_due_display
                ));
            }
        }
        self.text(t.trim_end());
    }

    pub fn today(&self, list: &TodayList) {
        if self.json {
            return self.json(list);
        }
        let mut t = format!(
            "To follow up on {}: {} overdue, {} due within a week\n",
            list.as_of, list.overdue_count, list.due_soon_count
        );
        // Invoices waiting for a promise to pay: said once, below the list (see calls.rs).
        let paused: String = list
            .paused
            .iter()
            .filter_map(|i| match &i.promise {
                duly_api::PromiseStanding::Paused { until, .. } => {
                    Some(format!("\n{} ({}): paused until {until}", i.number, i.client))
                }
                _ => None,
            })
            .collect();
        // The ladder's steps due today (the same list as `duly followups`), below the invoices,
        // then the imported invoices waiting for review (in no figure until confirmed).
        let mut actions = crate::followups::list_text(&list.actions);
        if list.to_review_count > 0 {
            let n = list.to_review_count;
            actions.push_str(&format!(
                "\n\n{n} imported invoice{} wait{} for your review (confirm with `duly invoice confirm NUMBER`):",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" }
            ));
            for r in &list.to_review {
                let why = r.review.first().map_or("", String::as_str);
                actions.push_str(&format!(
                    "\n{:<16} {:<32} {:>20}  {why}",
                    r.number,
                    truncate(&r.client, 32),
                    r.total_display
                ));
            }
        }
        if list.items.is_empty() {
            t.push_str("Nothing to chase today.");
            t.push_str(&paused);
            return self.text(&format!("{t}\n\n{actions}"));
        }
        t.push_str(&format!("{:<16} {:<32} {:<10} {:>20}  {}\n", "NUMBER", "CLIENT", "DUE", "AMOUNT DUE", "WHY"));
        for i in &list.items {
            let why = match i.reason {
                FollowUpReason::Overdue { days: 1 } => "1 day overdue".to_owned(),
                FollowUpReason::Overdue { days } => format!("{days} days overdue"),
                FollowUpReason::DueSoon { days: 0 } => "due today".to_owned(),
                FollowUpReason::DueSoon { days: 1 } => "due tomorrow".to_owned(),
                FollowUpReason::DueSoon { days } => format!("due in {days} days"),
            };
            let why = match &i.promise {
                duly_api::PromiseStanding::Broken { pay_by, .. } => format!("{why}, promise of {pay_by} broken"),
                _ => why,
            };
            t.push_str(&format!(
                "{:<16} {:<32} {:<10} {:>20}  {}\n",
                i.number,
                truncate(&i.client, 32),
                i.due_date,
                i.amount_due_display,
                why
            ));
        }
        t.push_str(&paused);
        self.text(&format!("{}\n\n{actions}", t.trim_end()));
    }
}

fn days_or_dash(days: Option<i64>) -> String {
    days.map_or_else(|| "–".to_owned(), |d| d.to_string())
}

fn status(s: InvoiceStatus) -> &'static str {
    match s {
        InvoiceStatus::Draft => "draft",
        InvoiceStatus::Sent => "sent",
        InvoiceStatus::PartlyPaid => "partly paid",
        InvoiceStatus::Paid => "paid",
        InvoiceStatus::Void => "void",
    }
}

pub(crate) fn language(l: duly_api::Language) -> &'static str {
    match l {
        duly_api::Language::En => "en",
        duly_api::Language::Id => "id",
        duly_api::Language::Ro => "ro",
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max { text.to_owned() } else { text.chars().take(max - 1).chain(['…']).collect() }
}

impl Printer {
    pub fn mail_settings(&self, m: &duly_api::MailSettings) {
        if self.json {
            return self.json(m);
        }
        if !m.configured {
            return self.text("Email is not set up (duly mail set --help)");
        }
        let login = if m.username.is_empty() { "no login".to_owned() } else { format!("login {}", m.username) };
        let password = match &m.password {
            duly_api::PasswordState::NotNeeded => "no password needed".to_owned(),
            duly_api::PasswordState::Keychain => "password saved in the OS keychain".to_owned(),
            duly_api::PasswordState::Session => "password kept for this session only".to_owned(),
            duly_api::PasswordState::NotSaved => "no password saved".to_owned(),
            duly_api::PasswordState::KeychainUnavailable { reason } => {
                format!("no password saved: the OS keychain is unavailable ({reason})")
            }
        };
        self.text(&format!(
            "SMTP {}:{} ({:?}), {login}, {password}\nFrom: {} <{}>{}",
            m.host,
            m.port,
            m.security,
            m.from_name,
            m.from_email,
            if m.reply_to.is_empty() { String::new() } else { format!("\nReply-To: {}", m.reply_to) }
        ));
    }

    pub fn mail_test(&self, r: &duly_api::MailTestReport) {
        if self.json {
            return self.json(r);
        }
        self.text(&format!("Test message sent to {} ({})", r.to, r.message_id));
    }

    pub fn outbox(&self, items: &[duly_api::OutboxItem]) {
        if self.json {
            return self.json(&items);
        }
        if items.is_empty() {
            return self.text("The outbox is empty");
        }
        for i in items {
            let state =
                serde_json::to_value(i.state).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            let error = i.last_error.as_deref().map(|e| format!("  ({e})")).unwrap_or_default();
            let why = match (i.state, i.cancel_reason) {
                (duly_api::OutboxStatus::Held, _) => {
                    "  (held after restore: `duly outbox release ID` to send, `duly outbox discard ID`)".to_owned()
                }
                (_, Some(r)) => format!("  (cancelled: {})", r.as_str().replace('_', " ")),
                _ => String::new(),
            };
            let error = format!("{error}{why}");
            self.text(&format!("{:>5}  {state:<9}  {}  {}{error}", i.id, i.to, i.subject));
        }
    }

    pub fn outbox_run(&self, r: &duly_api::OutboxRunReport) {
        if self.json {
            return self.json(r);
        }
        if r.busy {
            return self.text("Another Duly is sending from this database; nothing sent");
        }
        let mut text = format!("Sent {}, retrying later {}, failed {}", r.sent, r.retrying, r.failed);
        if r.unsure > 0 {
            text.push_str(&format!(
                "\n{} message(s) were being sent when Duly stopped and may or may not have gone out: \
                 see `duly outbox list --state unsure`, then resend or mark-sent",
                r.unsure
            ));
        }
        if r.cancelled > 0 {
            text.push_str(&format!(
                "\n{} reminder(s) cancelled: their invoice no longer needs them (see `duly outbox list`)",
                r.cancelled
            ));
        }
        if r.held > 0 {
            text.push_str(&format!(
                "\n{} message(s) held: queued in another copy of this database; `duly outbox list --state held`",
                r.held
            ));
        }
        self.text(&text);
    }
}

/// `duly invoice send`: what was queued and when it goes out, or the draft in full.
pub(crate) fn invoice_sent(r: &duly_api::InvoiceSendResult) -> String {
    let mut t = match &r.outbox {
        Some(o) => format!(
            "Queued invoice {} as message {} to {}: it goes out after {} (`duly outbox run`).",
            r.number, o.id, o.to, o.not_before
        ),
        None => format!(
            "Draft of the email for invoice {} (nothing queued):\nTo: {}\nSubject: {}\n\n{}",
            r.number,
            r.draft.to.join(", "),
            r.draft.subject,
            r.draft.text.trim_end()
        ),
    };
    if r.issued {
        t.push_str(&format!("\nInvoice {} was a draft and is now issued.", r.number));
    }
    for w in &r.document_warnings {
        t.push_str(&format!("\nWarning: {w}"));
    }
    t
}
