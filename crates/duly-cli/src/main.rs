//! `duly`: Duly's use cases from the command line. Each subcommand is one `duly-api` call plus
//! printing; `--json` prints the API's DTO as it is, so scripts see exactly what the app sees.

mod args;
mod autopilot;
mod backup;
mod business;
mod calls;
mod chase;
mod claims;
mod clients;
mod evidence;
mod followups;
mod help;
mod import;
mod ladder;
mod law;
mod mailbox;
mod numbering;
mod overview;
mod pdf;
mod print;
mod recurring;
mod statement;

use std::process::ExitCode;

use clap::FromArgMatches;
use duly_api::{
    AgingQuery, ApiError, ApiResult, ClientInput, ClientQuery, Contact, ContactRole, DemoInput, Duly, InvoiceInput,
    InvoiceQuery, LineInput, MarkInvoice, MarkStatus, PaymentInput, TodayQuery,
};

use args::{Cli, ClientCommand, Command, InvoiceCommand, MailCommand, OutboxCommand};
use print::Printer;

fn main() -> ExitCode {
    let cli = Cli::from_arg_matches(&help::command().get_matches()).unwrap_or_else(|e| e.exit());
    let printer = Printer { json: cli.json };
    match run(cli, &printer) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            printer.error(&e);
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, out: &Printer) -> ApiResult<()> {
    let path = duly_api::resolve_db_path(cli.db.as_deref())?;
    let mut duly =
        Duly::open(&path)?.with_secrets(std::sync::Arc::new(duly_api::KeyringStore::new())).with_clock_from_env()?;
    match cli.command {
        Command::Init => out.app_info(&duly.app_info()?),
        Command::Client(ClientCommand::Add(a)) => {
            let currency = match a.currency {
                Some(c) => c,
                None => duly.business_get()?.default_currency,
            };
            let contacts = if a.email.is_some() || a.phone.is_some() {
                vec![Contact {
                    id: None,
                    name: String::new(),
                    role: ContactRole::Billing,
                    email: a.email.unwrap_or_default(),
                    phone: a.phone.unwrap_or_default(),
                    language: None,
                    timezone: String::new(),
                }]
            } else {
                Vec::new()
            };
            let client = duly.client_save(ClientInput {
                id: None,
                name: a.name,
                address: a.address,
                tax_id: a.tax_id,
                language: lang(a.language),
                currency,
                notes: String::new(),
                country: String::new(),
                timezone: String::new(),
                contacts,
            })?;
            out.client(&client);
        }
        Command::Client(ClientCommand::Show { client }) => clients::show(&duly, &client, out)?,
        Command::Client(ClientCommand::Edit(a)) => clients::edit(&mut duly, *a, out)?,
        Command::Client(ClientCommand::Hold(a)) => chase::hold(&mut duly, a, out)?,
        Command::Client(ClientCommand::EmailStatement { client, draft }) => {
            let client_id = duly.client_find(&client)?;
            let r = duly.statement_send(duly_api::StatementSendInput { client_id, draft_only: Some(draft) })?;
            out.dto(&r, || match &r.outbox {
                Some(q) => format!("statement queued to {} (message {}): {}", q.to, q.id, r.invoices.join(", ")),
                None => format!("To: {}\nSubject: {}\n\n{}", r.draft.to.join(", "), r.draft.subject, r.draft.text),
            });
        }
        Command::Client(ClientCommand::Reminders { client, off, on, combined, separate }) => {
            let client_id = duly.client_find(&client)?;
            let pick = |yes: bool, no: bool| {
                if yes {
                    Some(true)
                } else if no {
                    Some(false)
                } else {
                    None
                }
            };
            let r = if off || on || combined || separate {
                duly.client_reminders_set(duly_api::ClientRemindersInput {
                    client_id,
                    reminders_off: pick(off, on),
                    combined: pick(combined, separate),
                })?
            } else {
                duly.client_reminders_get(client_id)?
            };
            out.dto(&r, || {
                format!(
                    "reminders: {}; several due the same day: {}",
                    if r.reminders_off { "off" } else { "on" },
                    if r.combined { "one combined message" } else { "one message each" }
                )
            });
        }
        Command::Client(ClientCommand::Remind { client, draft }) => {
            let client_id = duly.client_find(&client)?;
            let r = duly.combined_remind(duly_api::CombinedRemindInput {
                client_id,
                draft_only: Some(draft),
                subject: None,
                body: None,
            })?;
            let numbers: Vec<&str> = r.invoices.iter().map(|i| i.number.as_str()).collect();
            out.dto(&r, || match &r.outbox {
                Some(q) => format!("combined reminder queued to {} (message {}): {}", q.to, q.id, numbers.join(", ")),
                None => format!("To: {}\nSubject: {}\n\n{}", r.draft.to.join(", "), r.draft.subject, r.draft.text),
            });
        }
        Command::Client(ClientCommand::Combined { as_of }) => {
            let list = duly.combined_reminders(duly_api::FollowupQuery { as_of, limit: None })?;
            out.dto(&list, || {
                let lines: Vec<String> = list
                    .items
                    .iter()
                    .map(|c| {
                        let numbers: Vec<&str> = c.invoices.iter().map(|i| i.number.as_str()).collect();
                        format!("{}: {} ({}, {})", c.client, numbers.join(", "), c.totals.join(" + "), c.tone)
                    })
                    .collect();
                if lines.is_empty() { format!("no combined reminders due on {}", list.as_of) } else { lines.join("\n") }
            });
        }
        Command::Step(c) => chase::step(&mut duly, c, out)?,
        Command::Pause(a) => chase::pause(&mut duly, a, out)?,
        Command::Invoice(InvoiceCommand::Contacts { number }) => chase::contacts(&duly, &number, out)?,
        Command::Invoice(InvoiceCommand::NextStep { number, as_of }) => chase::next_step(&duly, number, as_of, out)?,
        Command::Overview(a) => overview::overview(&duly, a, out)?,
        Command::Invoice(InvoiceCommand::NextNumber) => {
            let next = duly.invoice_next_number()?;
            out.dto(&next, || next.clone());
        }
        Command::Business(c) => business::business(&mut duly, c, out)?,
        Command::Numbering(c) => numbering::numbering(&mut duly, c, out)?,
        Command::CreditNote(a) => numbering::credit_note(&mut duly, a, out)?,
        Command::Recurring(c) => recurring::recurring(&mut duly, c, out)?,
        Command::SendWindow(c) => business::send_window(&mut duly, c, out)?,
        Command::Terms(c) => ladder::terms(&mut duly, c, out)?,
        Command::Ladder(c) => ladder::ladder(&mut duly, c, out)?,
        Command::Template(c) => ladder::template(&mut duly, c, out)?,
        Command::Client(ClientCommand::List { search }) => out.clients(&duly.client_list(ClientQuery { search })?),
        Command::Invoice(InvoiceCommand::Add(a)) => {
            let client_id = duly.client_find(&a.client)?;
            let lines = a.items.iter().enumerate().map(|(i, s)| parse_item(i + 1, s)).collect::<ApiResult<_>>()?;
            let detail = duly.invoice_save(InvoiceInput {
                id: None,
                client_id,
                number: a.number,
                issue_date: a.issue_date.unwrap_or_else(|| duly.today().to_string()),
                due_date: a.due_date,
                currency: a.currency,
                tax_rate: a.tax,
                notes: a.notes,
                lines,
                send: !a.draft,
            })?;
            out.invoice_added(&detail);
        }
        Command::Invoice(InvoiceCommand::List(a)) => {
            let client_id = a.client.as_deref().map(|c| duly.client_find(c)).transpose()?;
            let mut query = InvoiceQuery {
                search: a.search,
                status: a.status.map(status),
                client_id,
                overdue_only: Some(a.overdue),
                sort: Some(sort(a.sort)),
                descending: Some(a.desc),
                limit: Some(a.limit),
                offset: Some(a.offset),
                as_of: a.as_of,
            };
            let page = if a.all { all_pages(&duly, &mut query)? } else { duly.invoice_list(query)? };
            out.invoices(&page);
        }
        Command::Invoice(InvoiceCommand::Show { number }) => out.invoice(&duly.invoice_get(&number)?),
        Command::Invoice(InvoiceCommand::Confirm { number }) => {
            out.invoice(&duly.invoice_confirm(duly_api::InvoiceConfirmInput { number })?)
        }
        Command::Invoice(InvoiceCommand::Send { number, draft, read_receipt }) => {
            let r = duly.invoice_send(duly_api::InvoiceSendInput {
                number,
                read_receipt: Some(read_receipt),
                draft_only: Some(draft),
            })?;
            out.dto(&r, || print::invoice_sent(&r));
        }
        Command::Invoice(InvoiceCommand::MarkSent { number, on }) => {
            out.invoice(&duly.invoice_mark_sent(duly_api::InvoiceMarkSentInput { number, on })?)
        }
        Command::Invoice(InvoiceCommand::Mark { number, status }) => {
            let status = match status {
                args::Mark::Sent => MarkStatus::Sent,
                args::Mark::Void => MarkStatus::Void,
            };
            out.invoice(&duly.invoice_mark(MarkInvoice { number, status })?);
        }
        Command::Pay(a) => {
            let detail = duly.payment_add(PaymentInput {
                invoice_number: a.number,
                amount: a.amount,
                date: a.date,
                method: a.method,
                note: a.note,
            })?;
            out.invoice(&detail);
        }
        Command::Payment(args::PaymentCommand::Reverse { id, reason }) => {
            out.invoice(&duly.payment_reverse(duly_api::PaymentReverseInput { payment_id: id, reason })?);
        }
        Command::Invoice(InvoiceCommand::Deposit { number, off }) => {
            out.invoice(&duly.deposit_mark(duly_api::DepositMarkInput { number, deposit: !off })?);
        }
        Command::Invoice(InvoiceCommand::DeductDeposit { number, deposit }) => {
            out.invoice(&duly.deposit_deduct(duly_api::DepositDeductInput { number, deposit_number: deposit })?);
        }
        Command::Invoice(InvoiceCommand::Unvoid { number }) => {
            out.invoice(&duly.invoice_unvoid(duly_api::InvoiceUnvoidInput { number })?);
        }
        Command::Demo(args::DemoArgs { command: Some(args::DemoCommand::Remove), .. }) => {
            out.demo_removed(&duly.demo_remove()?);
        }
        Command::Demo(a) => {
            if a.if_empty && duly.app_info()?.invoice_count > 0 {
                out.note("the database already has invoices; no demo data added");
                return Ok(());
            }
            let report =
                duly.demo_load(DemoInput { invoices: a.invoices, clients: a.clients, seed: a.seed, as_of: a.as_of })?;
            out.demo(&report, duly.db_path());
        }
        Command::Aging(a) => out.aging(&duly.aging(AgingQuery { as_of: a.as_of, client: a.client })?),
        Command::Today(a) => out.today(&duly.today_list(TodayQuery { as_of: a.as_of, limit: a.limit })?),
        Command::Mail(MailCommand::Set(a)) => out.mail_settings(&duly.mail_settings_save(mail_settings(a)?)?),
        Command::Mail(MailCommand::Show) => out.mail_settings(&duly.mail_settings_get()?),
        Command::Mail(MailCommand::Test { to }) => {
            let report = duly.mail_test(duly_api::MailTestInput { to })?;
            out.mail_test(&report);
        }
        Command::Outbox(c) => outbox(&mut duly, c, out)?,
        Command::Backup(a) => backup::backup(&mut duly, a, out)?,
        Command::Restore { file } => backup::restore(&mut duly, file, out)?,
        Command::Export(a) => backup::export(&duly, a, out)?,
        Command::Import(a) => import::import(&mut duly, a, out)?,
        Command::Pdf(c) => pdf::pdf(&duly, c, out)?,
        Command::Evidence(a) => evidence::evidence(&duly, a, out)?,
        Command::Claim(a) => claims::claim(&duly, a, out)?,
        Command::Document(c) => claims::document(&mut duly, c, out)?,
        Command::Call(c) => calls::call(&mut duly, c, out)?,
        Command::Remind(a) => followups::remind(&mut duly, a, out)?,
        Command::Followups(a) => followups::followups(&duly, a, out)?,
        Command::Plan(c) => calls::plan(&mut duly, c, out)?,
        Command::Promise(c) => calls::promise(&mut duly, c, out)?,
        Command::Interest(a) => law::interest(&duly, a, out)?,
        Command::Law(c) => law::law(&mut duly, c, out)?,
        Command::Client(ClientCommand::Set(a)) => law::client_set(&mut duly, a, out)?,
        Command::Autopilot(c) => autopilot::autopilot(&mut duly, c, out)?,
        Command::Mailbox(c) => mailbox::mailbox(&mut duly, c, out)?,
    }
    Ok(())
}

fn mail_settings(a: args::MailSetArgs) -> ApiResult<duly_api::MailSettingsInput> {
    use duly_api::MailSecurity;
    let security = match a.security {
        args::MailSecurityArg::Starttls => MailSecurity::StartTls,
        args::MailSecurityArg::Tls => MailSecurity::ImplicitTls,
        args::MailSecurityArg::Plain => MailSecurity::Plain,
    };
    let port = a.port.unwrap_or(match security {
        MailSecurity::StartTls => 587,
        MailSecurity::ImplicitTls => 465,
        MailSecurity::Plain => 25,
    });
    let password = if a.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| ApiError::invalid(format!("--password-stdin: cannot read standard input: {e}")))?;
        let password = line.trim_end_matches(['\r', '\n']).to_owned();
        if password.is_empty() {
            return Err(ApiError::invalid("--password-stdin: standard input held no password"));
        }
        Some(password)
    } else {
        None
    };
    Ok(duly_api::MailSettingsInput {
        host: a.host,
        port,
        security,
        username: a.username.unwrap_or_default(),
        from_name: a.from_name,
        from_email: a.from_email,
        reply_to: a.reply_to.unwrap_or_default(),
        password,
        session_only: None,
    })
}

fn outbox(duly: &mut Duly, command: OutboxCommand, out: &Printer) -> ApiResult<()> {
    use duly_api::{OutboxId, OutboxQuery, OutboxStatus};
    match command {
        OutboxCommand::List { state, limit } => {
            let state = match state.as_deref() {
                None => None,
                Some(s) => Some(
                    serde_json::from_value::<OutboxStatus>(serde_json::Value::String(s.to_owned())).map_err(|_| {
                        ApiError::invalid(format!(
                            "--state: \"{s}\" is not one of queued, held, sending, sent, failed, unsure, cancelled"
                        ))
                    })?,
                ),
            };
            out.outbox(&duly.outbox_list(OutboxQuery { state, limit: Some(limit) })?);
        }
        OutboxCommand::Run => {
            let now = duly.now();
            out.outbox_run(&duly.outbox_run(now)?)
        }
        OutboxCommand::Cancel { id } => out.outbox(&[duly.outbox_cancel(OutboxId { id })?]),
        OutboxCommand::Undo { id } => chase::undo(duly, id, out)?,
        OutboxCommand::Retry { id } => out.outbox(&[duly.outbox_retry(OutboxId { id })?]),
        OutboxCommand::Resend { id } => out.outbox(&[duly.outbox_resend(OutboxId { id })?]),
        OutboxCommand::MarkSent { id } => out.outbox(&[duly.outbox_mark_sent(OutboxId { id })?]),
        OutboxCommand::Release { id } => out.outbox(&[duly.outbox_release(OutboxId { id })?]),
        OutboxCommand::Discard { id } => out.outbox(&[duly.outbox_discard(OutboxId { id })?]),
    }
    Ok(())
}

/// Every matching invoice in one page.
fn all_pages(duly: &Duly, query: &mut InvoiceQuery) -> ApiResult<duly_api::InvoicePage> {
    query.limit = Some(duly_api::MAX_PAGE);
    query.offset = Some(0);
    duly.invoice_list(query.clone())
}

/// "Design work;10;150.00" → a line. Descriptions may not contain ';' (it separates fields).
pub(crate) fn parse_item(n: usize, text: &str) -> ApiResult<LineInput> {
    let parts: Vec<&str> = text.split(';').collect();
    match parts.as_slice() {
        [description, quantity, unit_price] => Ok(LineInput {
            description: (*description).to_owned(),
            quantity: (*quantity).trim().to_owned(),
            unit_price: (*unit_price).trim().to_owned(),
        }),
        _ => Err(ApiError::invalid(format!(
            "--item {n}: \"{text}\" should be \"description;quantity;unit price\", e.g. \"Design work;10;150.00\""
        ))),
    }
}

fn lang(l: args::Lang) -> duly_api::Language {
    match l {
        args::Lang::En => duly_api::Language::En,
        args::Lang::Id => duly_api::Language::Id,
        args::Lang::Ro => duly_api::Language::Ro,
    }
}

fn status(s: args::Status) -> duly_api::InvoiceStatus {
    match s {
        args::Status::Draft => duly_api::InvoiceStatus::Draft,
        args::Status::Sent => duly_api::InvoiceStatus::Sent,
        args::Status::PartlyPaid => duly_api::InvoiceStatus::PartlyPaid,
        args::Status::Paid => duly_api::InvoiceStatus::Paid,
        args::Status::Void => duly_api::InvoiceStatus::Void,
    }
}

fn sort(s: args::Sort) -> duly_api::InvoiceSort {
    match s {
        args::Sort::Number => duly_api::InvoiceSort::Number,
        args::Sort::Client => duly_api::InvoiceSort::Client,
        args::Sort::IssueDate => duly_api::InvoiceSort::IssueDate,
        args::Sort::DueDate => duly_api::InvoiceSort::DueDate,
        args::Sort::Total => duly_api::InvoiceSort::Total,
        args::Sort::AmountDue => duly_api::InvoiceSort::AmountDue,
        args::Sort::DaysOverdue => duly_api::InvoiceSort::DaysOverdue,
        args::Sort::Status => duly_api::InvoiceSort::Status,
    }
}
