//! `duly recurring list|add|run|delete`: retainers that issue an invoice every month or quarter.

use clap::{Args, Subcommand, ValueEnum};
use duly_api::{
    ApiResult, Duly, RecurringDeleteInput, RecurringEvery, RecurringInput, RecurringQuery, RecurringSchedule,
};

use crate::print::Printer;

#[derive(Debug, Subcommand)]
pub enum RecurringCommand {
    /// The schedules, with the day each issues its next invoice
    List {
        /// Only this client's (id, name, or a part of the name only one client has)
        #[arg(long)]
        client: Option<String>,
    },
    /// A schedule that issues an invoice every month or quarter
    Add(RecurringAddArgs),
    /// Issue every invoice due by today (missed periods once each) and queue the automatic sends
    Run,
    /// Delete a schedule; the invoices it issued stay
    Delete { id: i64 },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Every {
    Month,
    Quarter,
}

#[derive(Debug, Args)]
pub struct RecurringAddArgs {
    /// The client's id, its name ignoring case, or a part of the name only one client has
    pub client: String,
    /// A line item as "description;quantity;unit price", e.g. "Retainer;1;500.00"; repeatable
    #[arg(long = "item", value_name = "DESC;QTY;PRICE", required = true)]
    pub items: Vec<String>,
    #[arg(long, value_enum, default_value = "month")]
    pub every: Every,
    /// The day of the month (1-31; a shorter month uses its last day)
    #[arg(long, default_value_t = 1)]
    pub day: u32,
    /// The first day an invoice may be issued, YYYY-MM-DD [default: today]
    #[arg(long)]
    pub start: Option<String>,
    /// No invoice for a period after this day, YYYY-MM-DD
    #[arg(long)]
    pub end: Option<String>,
    /// Stop after this many invoices
    #[arg(long)]
    pub count: Option<i64>,
    /// [default: the client's currency]
    #[arg(long)]
    pub currency: Option<String>,
    /// Tax rate in percent
    #[arg(long, default_value = "0")]
    pub tax: String,
    #[arg(long, default_value = "")]
    pub notes: String,
    /// Email each invoice to the client as it is issued (through the outbox, in business hours)
    #[arg(long)]
    pub send: bool,
}

fn line(s: &RecurringSchedule) -> String {
    let every = match s.every {
        RecurringEvery::Month => "monthly",
        RecurringEvery::Quarter => "quarterly",
    };
    let next = s.next_date.map_or_else(|| "ended".to_owned(), |d| format!("next {d}"));
    format!(
        "#{}  {}  {} on day {}  {}  {}  issued {}{}",
        s.id,
        s.client_name,
        every,
        s.day_of_month,
        s.total_display,
        next,
        s.issued_count,
        if s.auto_send { "  sends automatically" } else { "" }
    )
}

pub fn recurring(duly: &mut Duly, command: RecurringCommand, out: &Printer) -> ApiResult<()> {
    match command {
        RecurringCommand::List { client } => {
            let client_id = client.as_deref().map(|c| duly.client_find(c)).transpose()?;
            let list = duly.recurring_list(RecurringQuery { client_id })?;
            out.dto(&list, || {
                if list.is_empty() {
                    "no recurring invoices".to_owned()
                } else {
                    list.iter().map(line).collect::<Vec<_>>().join("\n")
                }
            });
        }
        RecurringCommand::Add(a) => {
            let client_id = duly.client_find(&a.client)?;
            let lines =
                a.items.iter().enumerate().map(|(i, s)| crate::parse_item(i + 1, s)).collect::<ApiResult<_>>()?;
            let saved = duly.recurring_save(RecurringInput {
                id: None,
                client_id,
                currency: a.currency,
                tax_rate: a.tax,
                notes: a.notes,
                lines,
                every: match a.every {
                    Every::Month => RecurringEvery::Month,
                    Every::Quarter => RecurringEvery::Quarter,
                },
                day_of_month: a.day,
                start: a.start,
                end_date: a.end,
                max_count: a.count,
                auto_send: a.send,
            })?;
            out.dto(&saved, || line(&saved));
        }
        RecurringCommand::Run => {
            let report = duly.recurring_run()?;
            out.dto(&report, || {
                let mut text: Vec<String> = report
                    .issued
                    .iter()
                    .map(|i| {
                        format!("issued {} for {} ({}), dated {}", i.number, i.client_name, i.total_display, i.period)
                    })
                    .collect();
                text.extend(report.queued.iter().map(|n| format!("queued {n} to be emailed")));
                text.extend(report.send_problems.iter().map(|p| format!("not sent: {}: {}", p.number, p.message)));
                if text.is_empty() {
                    text.push(format!("nothing due on {}", report.as_of));
                }
                text.join("\n")
            });
        }
        RecurringCommand::Delete { id } => {
            duly.recurring_delete(RecurringDeleteInput { id })?;
            out.dto(&id, || format!("deleted schedule #{id}"));
        }
    }
    Ok(())
}
