//! Output: the API's DTOs as JSON with `--json`, otherwise short human-readable text.

use std::io::Write;
use std::path::Path;

use duly_api::{ApiError, AppInfo, Client, ClientSummary, DemoReport, InvoiceDetail, InvoicePage, InvoiceStatus};
use serde::Serialize;

pub struct Printer {
    pub json: bool,
}

impl Printer {
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
        self.text(&format!("{:<16} {:<32} {:<10} {:>5}  {:<11} {:>20}", "NUMBER", "CLIENT", "DUE", "DAYS", "STATUS", "AMOUNT DUE"));
        for r in &page.rows {
            let days = r.days_overdue.filter(|d| *d > 0).map(|d| d.to_string()).unwrap_or_default();
            self.text(&format!(
                "{:<16} {:<32} {:<10} {:>5}  {:<11} {:>20}",
                r.number,
                truncate(&r.client_name, 32),
                r.due_date,
                days,
                status(r.status),
                r.amount_due_display
            ));
        }
        let totals: Vec<_> = page.due_totals.iter().map(|t| t.display.as_str()).collect();
        self.text(&format!("{} of {} invoices; due: {}", page.rows.len(), page.total_count, totals.join(", ")));
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
            t.push_str(&format!("  {:<40} {:>8} × {:>16} = {:>18}\n", l.description, l.quantity, l.unit_price_display, l.amount_display));
        }
        t.push_str(&format!("Subtotal {}  Tax ({} %) {}  Total {}\n", d.subtotal_display, d.tax_rate, d.tax_display, d.total_display));
        t.push_str(&format!("Paid {}  Amount due {}", d.paid_display, d.amount_due_display));
        if let Some(days) = d.days_overdue.filter(|d| *d > 0) {
            t.push_str(&format!("  ({days} days overdue)"));
        }
        self.text(&t);
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

fn status(s: InvoiceStatus) -> &'static str {
    match s {
        InvoiceStatus::Draft => "draft",
        InvoiceStatus::Sent => "sent",
        InvoiceStatus::PartlyPaid => "partly paid",
        InvoiceStatus::Paid => "paid",
        InvoiceStatus::Void => "void",
    }
}

fn language(l: duly_api::Language) -> &'static str {
    match l {
        duly_api::Language::En => "en",
        duly_api::Language::Id => "id",
        duly_api::Language::Ro => "ro",
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        text.chars().take(max - 1).chain(['…']).collect()
    }
}
