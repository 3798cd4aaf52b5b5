//! `duly overview [--as-of D]`: the dashboard's figures (what is owed and overdue per currency,
//! never summed across currencies) and the longest-overdue invoices.

use clap::Args;
use duly_api::{ApiResult, Duly, Overview, OverviewQuery};

use crate::print::Printer;

#[derive(Debug, Args)]
pub struct OverviewArgs {
    /// Count "overdue" as of this date (YYYY-MM-DD) [default: today]
    #[arg(long)]
    pub as_of: Option<String>,
}

pub fn overview(duly: &Duly, a: OverviewArgs, out: &Printer) -> ApiResult<()> {
    let o = duly.overview(OverviewQuery { as_of: a.as_of })?;
    out.dto(&o, || text(&o));
    Ok(())
}

fn text(o: &Overview) -> String {
    if o.is_empty {
        return format!("As of {}: no invoices yet.", o.as_of);
    }
    let mut t = format!("As of {}\n", o.as_of);
    for c in &o.currencies {
        t.push_str(&format!(
            "{}  outstanding {} (open: {}), overdue {} (overdue: {})\n",
            c.currency, c.outstanding_display, c.open_count, c.overdue_display, c.overdue_count
        ));
    }
    if !o.most_overdue.is_empty() {
        t.push_str("Most overdue:\n");
        for r in &o.most_overdue {
            let client: String = r.client_name.chars().take(30).collect();
            t.push_str(&format!(
                "  {:<16} {:<30} {:>18}  {} days\n",
                r.number,
                client,
                r.amount_due_display,
                r.days_overdue.unwrap_or_default()
            ));
        }
    }
    t.trim_end().to_owned()
}
