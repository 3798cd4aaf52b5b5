//! The invoice use cases: list, show, number, save, mark sent or void.

pub(crate) mod credit_notes;
pub(crate) mod deposits;
pub(crate) mod invoice_send;
pub(crate) mod invoice_unvoid;
pub(crate) mod numbering;
pub(crate) mod payment_reverse;
pub(crate) mod payments;
pub(crate) mod review;

use chrono::{Days, NaiveDate};
use duly_core::{Currency, Language, Lifecycle, LineItem, TaxRate, open_amount, overdue_days, status_of};
use duly_store::{events, invoices as table, lines, payments as payment_rows};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::shared::money::{CurrencyAmount, display};
use crate::shared::parse::TextLimit;
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly, InvoiceStatus, shared::parse};

/// Columns the invoice list sorts by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceSort {
    Number,
    Client,
    IssueDate,
    #[default]
    DueDate,
    Total,
    AmountDue,
    DaysOverdue,
    Status,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct InvoiceQuery {
    /// Part of the invoice number or the client's name.
    pub search: Option<String>,
    pub status: Option<InvoiceStatus>,
    pub client_id: Option<i64>,
    /// Only sent or partly paid invoices past their due date.
    pub overdue_only: Option<bool>,
    pub sort: Option<InvoiceSort>,
    pub descending: Option<bool>,
    /// Page size; 100 unless given, at most 1,000,000.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    /// The date "overdue" is measured against; today unless given.
    pub as_of: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InvoiceRow {
    pub id: i64,
    pub number: String,
    pub client_id: i64,
    pub client_name: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub currency: String,
    pub total: i64,
    pub paid: i64,
    pub amount_due: i64,
    pub total_display: String,
    pub amount_due_display: String,
    /// Days past due for open invoices (0 until the due date); `null` for drafts, paid, void,
    /// and invoices to review.
    pub days_overdue: Option<i64>,
    pub status: InvoiceStatus,
    /// Imported and not confirmed yet (`InvoiceDetail.review` says why): it owes nothing until
    /// the user confirms it, so `amount_due` is 0 and `days_overdue` `null`; the list shows
    /// "to review" instead.
    pub to_review: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InvoicePage {
    pub rows: Vec<InvoiceRow>,
    /// How many invoices match the filter, over all pages.
    pub total_count: i64,
    pub as_of: NaiveDate,
    /// Amount due over every matching invoice, per currency.
    pub due_totals: Vec<CurrencyAmount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineInput {
    pub description: String,
    /// A decimal number: "10", "1.5".
    pub quantity: String,
    /// A decimal amount in the invoice's currency: "150.00".
    pub unit_price: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Line {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub unit_price_display: String,
    pub amount: i64,
    pub amount_display: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Payment {
    pub id: i64,
    pub date: NaiveDate,
    pub amount: i64,
    pub amount_display: String,
    pub method: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InvoiceDetail {
    pub id: i64,
    pub number: String,
    pub client_id: i64,
    pub client_name: String,
    pub issue_date: NaiveDate,
    /// The day the invoice reached the client (sent by Duly or marked "sent on"); the ladder's
    /// "sent + N" steps count from it, else from the issue date.
    pub sent_on: Option<NaiveDate>,
    pub due_date: NaiveDate,
    pub currency: String,
    /// Percent, shortest exact form: "19", "9.5".
    pub tax_rate: String,
    pub lines: Vec<Line>,
    pub subtotal: i64,
    pub tax: i64,
    pub total: i64,
    pub paid: i64,
    pub amount_due: i64,
    pub subtotal_display: String,
    pub tax_display: String,
    pub total_display: String,
    pub paid_display: String,
    pub amount_due_display: String,
    pub status: InvoiceStatus,
    pub days_overdue: Option<i64>,
    pub notes: String,
    pub payments: Vec<Payment>,
    /// Credit notes issued against this invoice (their amounts are among `payments` too, as
    /// settlements with method `credit_note`).
    pub credit_notes: Vec<crate::CreditNoteView>,
    pub timeline: Vec<crate::TimelineEvent>,
    /// What was promised on calls, today: paused until …, kept, or broken.
    pub promise: crate::shared::commitments::PromiseStanding,
    /// The client's credit hold (cash only), `null` when there is none: whoever makes a new
    /// invoice for the client sees it at once (the form, `duly invoice add`).
    pub credit_hold: Option<crate::CreditHoldView>,
    /// Why the invoice is "to review" (imported, seller not the business, read from a PDF by
    /// heuristics...), one "field: why" each; empty when Duly may chase it. An invoice to
    /// review is not owed and never reminded until `invoice_confirm`.
    pub review: Vec<String>,
    /// A deposit (advance) invoice, where it was deducted, and on a draft the deposits it may deduct.
    pub deposit: crate::DepositInfo,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InvoiceInput {
    /// `null` to add an invoice, the id to edit one.
    pub id: Option<i64>,
    pub client_id: i64,
    /// `null` or "" for the next free number.
    pub number: Option<String>,
    pub issue_date: String,
    /// `null` or "" for the issue date plus the business's payment terms.
    pub due_date: Option<String>,
    /// `null` or "" for the client's currency.
    pub currency: Option<String>,
    /// Percent: "19", "9.5", "" for none.
    pub tax_rate: String,
    pub notes: String,
    pub lines: Vec<LineInput>,
    /// Issue the invoice (status sent) rather than keep it a draft.
    pub send: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MarkStatus {
    Sent,
    Void,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MarkInvoice {
    pub number: String,
    pub status: MarkStatus,
}

/// The largest page `invoice_list` returns; the UI asks for 100, `duly invoice list --all` for this.
pub const MAX_PAGE: i64 = 1_000_000;

impl Duly {
    pub fn invoice_list(&self, query: InvoiceQuery) -> ApiResult<InvoicePage> {
        let as_of = self.as_of(query.as_of.as_deref())?;
        let language = self.language()?;
        let filter = table::Filter {
            search: query.search,
            status: query.status.map(Into::into),
            client_id: query.client_id,
            overdue_only: query.overdue_only.unwrap_or(false),
            as_of,
        };
        let limit = query.limit.unwrap_or(100);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(ApiError::invalid(format!("limit: expected 1 to {MAX_PAGE}, got {limit}")));
        }
        let offset = query.offset.unwrap_or(0).max(0);
        let sort = store_sort(query.sort.unwrap_or_default());
        let page = table::list(self.conn(), &filter, sort, query.descending.unwrap_or(false), limit, offset)?;
        let due_totals = page
            .due_by_currency
            .iter()
            .map(|(code, minor)| Ok(CurrencyAmount::new(*minor, parse::currency("currency", code)?, language)))
            .collect::<ApiResult<_>>()?;
        Ok(InvoicePage {
            rows: page.rows.iter().map(|l| row_dto(&l.invoice, &l.client_name, l.to_review, as_of, language)).collect(),
            total_count: page.total_count,
            as_of,
            due_totals,
        })
    }

    pub fn invoice_get(&self, number: &str) -> ApiResult<InvoiceDetail> {
        let inv = self.find_invoice(number)?;
        self.detail(&inv)
    }

    /// The next number in the business's series (Settings → Numbering) for today's year.
    pub fn invoice_next_number(&self) -> ApiResult<String> {
        use chrono::Datelike;
        numbering::invoice_series(self.conn())?.next(self.conn(), self.today().year())
    }

    pub fn invoice_save(&mut self, input: InvoiceInput) -> ApiResult<InvoiceDetail> {
        let client = duly_store::clients::get(self.conn(), input.client_id)?
            .ok_or_else(|| ApiError::invalid(format!("client: client {} does not exist", input.client_id)))?;
        let currency = match input.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => parse::currency("currency", code)?,
            None => client.currency,
        };
        let issue_date = parse::date("issue_date", &input.issue_date)?;
        let due_date = match parse::optional_date("due_date", input.due_date.as_deref())? {
            Some(d) => d,
            None => add_days(issue_date, self.payment_terms_days()?)?,
        };
        if due_date < issue_date {
            return Err(ApiError::invalid(format!("due_date: {due_date} is before the issue date {issue_date}")));
        }
        let tax_rate = parse::tax_rate("tax_rate", &input.tax_rate)?;
        parse::text_limits([
            ("number", input.number.as_deref().unwrap_or_default(), TextLimit::Short),
            ("notes", input.notes.as_str(), TextLimit::Long),
        ])?;
        let items = parse_lines(&input.lines, currency)?;
        let totals = parse::totals(&items, tax_rate, currency, |i| format!("line {}", i + 1))?;
        let existing = match input.id {
            Some(id) => Some(
                table::get(self.conn(), id)?
                    .ok_or_else(|| ApiError::not_found(format!("invoice {id} does not exist")))?,
            ),
            None => None,
        };
        if let Some(e) = &existing {
            if e.status == duly_core::InvoiceStatus::Void {
                return Err(ApiError::invalid(format!("invoice {} is void and cannot be edited", e.number)));
            }
            // What the client received is a document of record: a correction is a credit note.
            if e.status.lifecycle() != Lifecycle::Draft {
                return Err(ApiError::conflict(format!(
                    "invoice {} is issued and locked: correct it with a credit note",
                    e.number
                )));
            }
        }
        let series = numbering::invoice_series(self.conn())?;
        let number = match input.number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => {
                if existing.as_ref().is_none_or(|e| e.number != n) {
                    series.check_typed(self.conn(), n, issue_date)?;
                }
                n.to_owned()
            }
            None => match &existing {
                Some(e) => e.number.clone(),
                None => {
                    use chrono::Datelike;
                    series.next(self.conn(), issue_date.year())?
                }
            },
        };
        let lifecycle = if input.send { Lifecycle::Issued } else { Lifecycle::Draft };
        let paid = existing.as_ref().map_or(0, |e| e.paid_minor);
        if paid > 0 && existing.as_ref().is_some_and(|e| e.currency != currency) {
            return Err(ApiError::invalid("currency: cannot change the currency of an invoice with payments"));
        }
        let now = self.stamp();
        let row = table::Invoice {
            id: input.id,
            number: number.clone(),
            client_id: input.client_id,
            issue_date,
            due_date,
            currency,
            tax_rate: tax_rate.hundredths_of_percent(),
            subtotal_minor: totals.subtotal,
            tax_minor: totals.tax,
            total_minor: totals.total,
            paid_minor: paid,
            status: status_of(lifecycle, totals.total, paid),
            notes: input.notes,
            created_at: now.clone(),
            updated_at: now.clone(),
        };
        let tx = self.transaction()?;
        let id = match input.id {
            Some(id) => {
                table::update(&tx, id, &row).map_err(|e| duplicate_number(e.into(), &number))?;
                events::insert(&tx, id, &event(&now, crate::TimelineKind::Edited, ""))?;
                id
            }
            None => {
                let id = table::insert(&tx, &row).map_err(|e| duplicate_number(e.into(), &number))?;
                events::insert(&tx, id, &event(&now, crate::TimelineKind::Created, ""))?;
                id
            }
        };
        if lifecycle == Lifecycle::Issued {
            events::insert(&tx, id, &event(&now, crate::TimelineKind::Sent, ""))?;
        }
        lines::replace_for_invoice(&tx, id, &items)?;
        deposits::after_lines_replaced(&tx, id, &items)?;
        tx.commit()?;
        self.invoice_get(&number)
    }

    pub fn invoice_mark(&mut self, input: MarkInvoice) -> ApiResult<InvoiceDetail> {
        let inv = self.find_invoice(&input.number)?;
        let id = inv.id.unwrap_or_default();
        let now = self.stamp();
        let (status, kind) = match input.status {
            MarkStatus::Sent if inv.status == duly_core::InvoiceStatus::Draft => {
                (status_of(Lifecycle::Issued, inv.total_minor, inv.paid_minor), crate::TimelineKind::Sent)
            }
            MarkStatus::Sent => {
                return Err(ApiError::invalid(format!("invoice {} is already {}", inv.number, inv.status)));
            }
            MarkStatus::Void if inv.status == duly_core::InvoiceStatus::Void => {
                return Err(ApiError::invalid(format!("invoice {} is already void", inv.number)));
            }
            MarkStatus::Void if inv.paid_minor > 0 => {
                return Err(ApiError::invalid(format!(
                    "invoice {} has payments recorded and cannot be voided; issue a credit note instead",
                    inv.number
                )));
            }
            MarkStatus::Void => (duly_core::InvoiceStatus::Void, crate::TimelineKind::Voided),
        };
        let tx = self.transaction()?;
        table::set_payment_state(&tx, id, inv.paid_minor, status, &now)?;
        events::insert(&tx, id, &event(&now, kind, ""))?;
        if status == duly_core::InvoiceStatus::Void {
            crate::shared::reminder_cancel::cancel_reminders_on(
                &tx,
                id,
                crate::shared::reminder_cancel::CancelReason::Voided,
                &now,
            )?;
        }
        tx.commit()?;
        self.invoice_get(&inv.number)
    }

    pub(crate) fn find_invoice(&self, number: &str) -> ApiResult<table::Invoice> {
        table::get_by_number(self.conn(), number)?
            .ok_or_else(|| ApiError::not_found(format!("invoice {} does not exist", number.trim())))
    }

    pub(crate) fn detail(&self, inv: &table::Invoice) -> ApiResult<InvoiceDetail> {
        let language = self.language()?;
        let id = inv.id.unwrap_or_default();
        let conn = self.conn();
        let client_name = duly_store::clients::get(conn, inv.client_id)?.map(|c| c.name).unwrap_or_default();
        let c = inv.currency;
        let money = |minor: i64| display(minor, c, language);
        let due = open_amount(inv.status, inv.total_minor, inv.paid_minor);
        Ok(InvoiceDetail {
            id,
            number: inv.number.clone(),
            client_id: inv.client_id,
            client_name,
            issue_date: inv.issue_date,
            sent_on: table::sent_on(conn, id)?,
            due_date: inv.due_date,
            currency: c.code().to_owned(),
            tax_rate: TaxRate(inv.tax_rate).to_string(),
            lines: lines::list_for_invoice(conn, id)?
                .into_iter()
                .map(|l| Line {
                    quantity: l.quantity.to_string(),
                    unit_price: duly_core::Money::new(l.unit_price, c).to_decimal_string(),
                    unit_price_display: money(l.unit_price),
                    amount: l.amount(),
                    amount_display: money(l.amount()),
                    description: l.description,
                })
                .collect(),
            subtotal: inv.subtotal_minor,
            tax: inv.tax_minor,
            total: inv.total_minor,
            paid: inv.paid_minor,
            amount_due: due,
            subtotal_display: money(inv.subtotal_minor),
            tax_display: money(inv.tax_minor),
            total_display: money(inv.total_minor),
            paid_display: money(inv.paid_minor),
            amount_due_display: money(due),
            status: inv.status.into(),
            days_overdue: overdue_days(inv.status, inv.due_date, self.today()),
            notes: inv.notes.clone(),
            payments: payment_rows::list_for_invoice(conn, id)?
                .into_iter()
                .map(|p| Payment {
                    id: p.id,
                    date: p.paid_on,
                    amount: p.amount_minor,
                    amount_display: money(p.amount_minor),
                    method: p.method,
                    note: p.note,
                })
                .collect(),
            credit_notes: credit_notes::list_for_invoice(conn, inv, language)?,
            timeline: crate::shared::timeline::read(conn, id)?,
            promise: crate::shared::commitments::standing_dto(conn, inv, self.today(), language)?,
            credit_hold: Some(self.credit_hold_get(inv.client_id)?).filter(|h| h.on),
            review: review::stored(conn, id)?,
            deposit: deposits::info(conn, inv)?,
        })
    }
}

pub(crate) fn row_dto(
    inv: &table::Invoice,
    client_name: &str,
    to_review: bool,
    as_of: NaiveDate,
    language: Language,
) -> InvoiceRow {
    // The same rule as the list's totals and sorts (duly-store's AMOUNT_DUE_SQL).
    let due = if to_review { 0 } else { open_amount(inv.status, inv.total_minor, inv.paid_minor) };
    InvoiceRow {
        id: inv.id.unwrap_or_default(),
        number: inv.number.clone(),
        client_id: inv.client_id,
        client_name: client_name.to_owned(),
        issue_date: inv.issue_date,
        due_date: inv.due_date,
        currency: inv.currency.code().to_owned(),
        total: inv.total_minor,
        paid: inv.paid_minor,
        amount_due: due,
        total_display: display(inv.total_minor, inv.currency, language),
        amount_due_display: display(due, inv.currency, language),
        days_overdue: if to_review { None } else { overdue_days(inv.status, inv.due_date, as_of) },
        status: inv.status.into(),
        to_review,
    }
}

fn store_sort(sort: InvoiceSort) -> table::Sort {
    match sort {
        InvoiceSort::Number => table::Sort::Number,
        InvoiceSort::Client => table::Sort::Client,
        InvoiceSort::IssueDate => table::Sort::IssueDate,
        InvoiceSort::DueDate => table::Sort::DueDate,
        InvoiceSort::Total => table::Sort::Total,
        InvoiceSort::AmountDue => table::Sort::AmountDue,
        InvoiceSort::DaysOverdue => table::Sort::DaysOverdue,
        InvoiceSort::Status => table::Sort::Status,
    }
}

pub(crate) fn parse_lines(inputs: &[LineInput], currency: Currency) -> ApiResult<Vec<LineItem>> {
    let items: Vec<LineItem> = inputs
        .iter()
        .enumerate()
        .filter(|(_, l)| !(l.description.trim().is_empty() && l.unit_price.trim().is_empty()))
        .map(|(i, l)| {
            let n = i + 1;
            let description = parse::required(&format!("line {n}: description"), &l.description)?;
            parse::text_limit(&format!("line {n}: description"), description, TextLimit::Long)?;
            let item = LineItem {
                description: description.to_owned(),
                quantity: parse::quantity(&format!("line {n}: quantity"), &l.quantity)?,
                unit_price: parse::amount(&format!("line {n}: unit price"), &l.unit_price, currency)?,
            };
            // Named by its place on the form, which blank lines skipped above would shift.
            parse::totals(std::slice::from_ref(&item), TaxRate::ZERO, currency, |_| format!("line {n}"))?;
            Ok(item)
        })
        .collect::<ApiResult<_>>()?;
    if items.is_empty() {
        return Err(ApiError::invalid("lines: an invoice needs at least one line"));
    }
    Ok(items)
}

fn add_days(date: NaiveDate, days: i64) -> ApiResult<NaiveDate> {
    u64::try_from(days)
        .ok()
        .and_then(|d| date.checked_add_days(Days::new(d)))
        .ok_or_else(|| ApiError::invalid(format!("due_date: {date} plus {days} days is out of range")))
}

fn duplicate_number(e: duly_store::StoreError, number: &str) -> ApiError {
    if e.is_unique_violation() {
        ApiError::conflict(format!("number: invoice number {number} is already used"))
    } else {
        e.into()
    }
}
