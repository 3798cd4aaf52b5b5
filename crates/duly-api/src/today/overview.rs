//! `overview`: the dashboard's first answer, what is owed and what is late, per currency.

use chrono::NaiveDate;
use duly_store::invoices as table;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::invoices::row_dto;
use crate::shared::money::display;
use crate::{ApiResult, Duly, InvoiceRow, shared::parse};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct OverviewQuery {
    pub as_of: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CurrencyOverview {
    pub currency: String,
    pub outstanding: i64,
    pub outstanding_display: String,
    pub overdue: i64,
    pub overdue_display: String,
    pub open_count: i64,
    pub overdue_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Overview {
    pub as_of: NaiveDate,
    /// No invoices at all: the UI shows its first-run view.
    pub is_empty: bool,
    pub currencies: Vec<CurrencyOverview>,
    /// The longest-overdue open invoices, oldest first (at most 10).
    pub most_overdue: Vec<InvoiceRow>,
}

impl Duly {
    pub fn overview(&self, query: OverviewQuery) -> ApiResult<Overview> {
        let as_of = self.as_of(query.as_of.as_deref())?;
        let language = self.language()?;
        let currencies = table::open_totals(self.conn(), as_of)?
            .into_iter()
            .map(|t| {
                let c = parse::currency("currency", &t.currency)?;
                Ok(CurrencyOverview {
                    outstanding_display: display(t.outstanding, c, language),
                    overdue_display: display(t.overdue, c, language),
                    currency: t.currency,
                    outstanding: t.outstanding,
                    overdue: t.overdue,
                    open_count: t.open_count,
                    overdue_count: t.overdue_count,
                })
            })
            .collect::<ApiResult<_>>()?;
        let filter = table::Filter { overdue_only: true, as_of, ..table::Filter::default() };
        let page = table::list(self.conn(), &filter, table::Sort::DaysOverdue, true, 10, 0)?;
        Ok(Overview {
            as_of,
            is_empty: table::count(self.conn())? == 0,
            currencies,
            most_overdue: page
                .rows
                .iter()
                .map(|l| row_dto(&l.invoice, &l.client_name, l.to_review, as_of, language))
                .collect(),
        })
    }
}
