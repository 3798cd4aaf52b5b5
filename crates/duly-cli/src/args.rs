//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Shown under every `duly --help`: the clock is an input like any other, and scripts and tests
/// pin it rather than depend on the day they run.
const CLOCK_HELP: &str = "Environment:
  DULY_DB=PATH        the database file (as --db)
  DULY_TODAY=DATE     the date Duly treats as today (YYYY-MM-DD), for every command's default
                      \"today\" (due dates, overdue days, the follow-up ladder, new invoices)
  DULY_NOW=INSTANT    the instant the clock starts from (RFC 3339, e.g. 2026-11-23T09:00:00Z):
                      when mail is queued and sent; also today's date unless DULY_TODAY is set";

/// Duly from the command line: the same use cases as the desktop app, scriptable with --json.
#[derive(Debug, Parser)]
#[command(name = "duly", version, about, propagate_version = true, after_help = CLOCK_HELP)]
pub struct Cli {
    /// The database file [default: $DULY_DB, else the per-user data folder the app uses]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print machine-readable JSON (the API's DTOs; amounts in minor units)
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create (or upgrade) the database and say where it is
    Init,
    /// Your business profile: the name, address and bank details on every invoice and message
    #[command(subcommand)]
    Business(crate::business::BusinessCommand),
    /// Payment terms (late fee, early-payment discount, statutory claims) for the business, a client or an invoice
    #[command(subcommand)]
    Terms(crate::ladder::TermsCommand),
    /// The follow-up ladder: which reminders, calls and letters, how many days from the due date
    #[command(subcommand)]
    Ladder(crate::ladder::LadderCommand),
    /// The wording of each step's message, per language, for everyone or one client
    #[command(subcommand)]
    Template(crate::ladder::TemplateCommand),
    /// The days and hours messages may leave, on the recipient's clock
    #[command(subcommand)]
    SendWindow(crate::business::SendWindowCommand),
    /// Add, show, edit and list clients
    #[command(subcommand)]
    Client(ClientCommand),
    /// Add, list and show invoices
    #[command(subcommand)]
    Invoice(InvoiceCommand),
    /// Record a payment against an invoice
    Pay(PayArgs),
    /// A payment recorded by mistake or taken back by the bank: `payment reverse ID --reason ...`
    #[command(subcommand)]
    Payment(PaymentCommand),
    /// Issue a numbered credit note against an invoice (full, or part with --amount)
    CreditNote(crate::numbering::CreditNoteArgs),
    /// The invoice and credit-note number series
    #[command(subcommand)]
    Numbering(crate::numbering::NumberingCommand),
    /// Invoices issued by themselves every month or quarter (retainers)
    #[command(subcommand)]
    Recurring(crate::recurring::RecurringCommand),
    /// Fill an empty database with realistic, reproducible demo data (`demo remove` to start fresh)
    #[command(args_conflicts_with_subcommands = true)]
    Demo(DemoArgs),
    /// The dashboard: what is owed and overdue per currency, and the longest-overdue invoices
    Overview(crate::overview::OverviewArgs),
    /// What is owed, per currency and client, by how long past due
    Aging(AgingArgs),
    /// The invoices to follow up on today: overdue ones by urgency, then those due within a week
    Today(TodayArgs),
    /// Send the reminder the invoice's stage calls for, in the client's language, with the PDF (`--draft` to only print it)
    Remind(crate::followups::RemindArgs),
    /// The follow-up ladder's actions due on a day (reminders, calls, letters), with drafts
    Followups(crate::followups::FollowupsArgs),
    /// Skip a ladder step for an invoice, or postpone it to a later day
    #[command(subcommand)]
    Step(crate::chase::StepCommand),
    /// Pause an invoice's follow-up through a day (`--end` to resume)
    Pause(crate::chase::PauseArgs),
    /// The SMTP account Duly sends from (the password goes to the OS keychain only)
    #[command(subcommand)]
    Mail(MailCommand),
    /// Messages waiting to go out, sent, failed or unsure
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// Back up the database now (`backup list` lists the backups, `backup keep N` sets how many daily ones to keep)
    Backup(crate::backup::BackupArgs),
    /// Replace the database with a backup file (checked first; a copy of the current one is kept)
    Restore {
        /// The backup file
        file: PathBuf,
    },
    /// Write all data as CSV files (one per table) or one JSON file
    Export(crate::backup::ExportArgs),
    /// Import invoices from CSV exports, e-invoices (UBL, CII, Factur-X) and PDFs (`--dry-run` to preview)
    Import(crate::import::ImportArgs),
    /// Documents as PDF: an invoice copy, a client's statement of account, a formal demand letter
    #[command(subcommand)]
    Pdf(crate::pdf::PdfCommand),
    /// The evidence pack for a lawyer or a court: a ZIP with the dossier, documents, sent emails and checksums
    Evidence(crate::evidence::EvidenceArgs),
    /// The small-claims kit: the court form pre-filled as a worksheet, with how to file it (EU, RO, GB, ID)
    Claim(crate::claims::ClaimArgs),
    /// Files kept with a client or an invoice: the signed agreement, an order, a delivery proof
    #[command(subcommand)]
    Document(crate::claims::DocumentCommand),
    /// Phone calls: log one (a promise to pay, an agreed plan), list them, draft the summary email
    #[command(subcommand)]
    Call(crate::calls::CallCommand),
    /// Instalment plans: split what is due on an invoice into dated parts
    #[command(subcommand)]
    Plan(crate::calls::PlanCommand),
    /// Promises to pay made on calls: correct the date or the amount
    #[command(subcommand)]
    Promise(crate::calls::PromiseCommand),
    /// Statutory late-payment interest and fixed compensation on an invoice, by period, with the law cited
    Interest(crate::law::InterestArgs),
    /// The business's own country and reference rates the bundled table lacks
    #[command(subcommand)]
    Law(crate::law::LawCommand),
    /// Autopilot: send the ladder's automatic steps by themselves (`on` shows what it would send first)
    #[command(subcommand)]
    Autopilot(crate::autopilot::AutopilotCommand),
    /// The inbox Duly reads replies, bounces and out-of-office answers from (read-only IMAP)
    #[command(subcommand)]
    Mailbox(crate::mailbox::MailboxCommand),
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Save the SMTP account
    Set(MailSetArgs),
    /// Show the saved SMTP account (never the password)
    Show,
    /// Send a test message now, through the saved account
    Test {
        /// Where to send it
        #[arg(long)]
        to: String,
    },
}

#[derive(Debug, Args)]
pub struct MailSetArgs {
    #[arg(long)]
    pub host: String,
    /// [default: 587 for starttls, 465 for tls, 25 for plain]
    #[arg(long)]
    pub port: Option<u16>,
    #[arg(long, value_enum, default_value = "starttls")]
    pub security: MailSecurityArg,
    /// The login name; leave out for a server without login
    #[arg(long)]
    pub username: Option<String>,
    #[arg(long, default_value = "")]
    pub from_name: String,
    #[arg(long)]
    pub from_email: String,
    #[arg(long)]
    pub reply_to: Option<String>,
    /// Read the password from standard input (one line) and save it in the OS keychain
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MailSecurityArg {
    /// STARTTLS (usually port 587)
    Starttls,
    /// TLS from the first byte (usually port 465)
    Tls,
    /// No encryption: only to a server on this computer
    Plain,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// List messages, newest first
    List {
        /// Only messages in this state (queued, held, sending, sent, failed, unsure, cancelled)
        #[arg(long)]
        state: Option<String>,
        #[arg(long, default_value_t = 200)]
        limit: i64,
    },
    /// Send every due message once, then exit (what the app's background worker does)
    Run,
    /// Cancel a queued, failed or unsure message
    Cancel { id: i64 },
    /// Undo a reminder just queued: the message is cancelled and its ladder step is due again
    Undo { id: i64 },
    /// Queue a failed message again
    Retry { id: i64 },
    /// Send an unsure message again (same Message-ID)
    Resend { id: i64 },
    /// Record that an unsure message did go out
    MarkSent { id: i64 },
    /// Send a message held after a restore (or found in a copied database) after all
    Release { id: i64 },
    /// Throw away a message held after a restore: it is cancelled, never sent
    Discard { id: i64 },
}

#[derive(Debug, Args)]
pub struct AgingArgs {
    /// Age as of this date (YYYY-MM-DD) [default: today]
    #[arg(long)]
    pub as_of: Option<String>,
    /// Only this client: its name ignoring case, or a part of it that only one client has
    #[arg(long)]
    pub client: Option<String>,
}

#[derive(Debug, Args)]
pub struct TodayArgs {
    /// Plan for this date (YYYY-MM-DD) [default: today]
    #[arg(long)]
    pub as_of: Option<String>,
    /// How many invoices to list [default: 20]
    #[arg(long)]
    pub limit: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Add a client with a billing contact
    Add(ClientAddArgs),
    /// Show a client with its contacts and the law that applies to it
    Show {
        /// The client's id, its name ignoring case, or a part of the name only one client has
        client: String,
    },
    /// Change a client's details, contacts, language, time zone or jurisdiction (only the options given)
    Edit(Box<crate::clients::ClientEditArgs>),
    /// Set the law governing a client's contracts and whether it is a private person
    Set(crate::law::ClientSetArgs),
    /// Show, put on or lift a client's credit hold (cash only / prepay): `client hold NAME on --reason "..."`
    Hold(crate::chase::HoldArgs),
    /// Email the client their statement of account (open invoices, PDF attached) through the outbox
    EmailStatement {
        /// The client's id, its name ignoring case, or a part of the name only one client has
        client: String,
        /// Only print the message; queue nothing
        #[arg(long)]
        draft: bool,
    },
    /// Show or change a client's reminders: `client reminders NAME --off`, `--on`, `--combined`, `--separate`
    Reminders {
        /// The client's id, its name ignoring case, or a part of the name only one client has
        client: String,
        /// No reminders at all for this client
        #[arg(long, conflicts_with = "on")]
        off: bool,
        /// Reminders on again, on the usual schedule
        #[arg(long)]
        on: bool,
        /// One combined reminder when several invoices are due the same day (statement attached)
        #[arg(long, conflicts_with = "separate")]
        combined: bool,
        /// One reminder per invoice (the default)
        #[arg(long)]
        separate: bool,
    },
    /// Send one combined reminder about the client's invoices due a reminder today (statement attached)
    Remind {
        /// The client's id, its name ignoring case, or a part of the name only one client has
        client: String,
        /// Only print the message; queue nothing
        #[arg(long)]
        draft: bool,
    },
    /// List the combined reminders due (clients with the setting on and two or more invoices due)
    Combined {
        /// The day, YYYY-MM-DD [default: today]
        #[arg(long)]
        as_of: Option<String>,
    },
    /// List clients with what they owe
    List {
        /// Only clients whose name contains this
        #[arg(long)]
        search: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct ClientAddArgs {
    #[arg(long)]
    pub name: String,
    /// The billing contact's email address
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    /// Language of messages and documents for this client
    #[arg(long, value_enum, default_value = "en")]
    pub language: Lang,
    /// ISO 4217 code of the client's invoices [default: the business's currency]
    #[arg(long)]
    pub currency: Option<String>,
    #[arg(long, default_value = "")]
    pub address: String,
    #[arg(long, default_value = "")]
    pub tax_id: String,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Lang {
    En,
    Id,
    Ro,
}

#[derive(Debug, Subcommand)]
pub enum InvoiceCommand {
    /// Add an invoice (issued unless --draft)
    Add(InvoiceAddArgs),
    /// List invoices, filtered and sorted
    List(InvoiceListArgs),
    /// Show one invoice with its lines, payments and timeline
    Show { number: String },
    /// The number the next invoice gets when none is given
    NextNumber,
    /// Where an invoice stands on the follow-up ladder: the step due, the next one, or why none
    NextStep {
        number: String,
        /// As of this date (YYYY-MM-DD) [default: today]
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Who at the client was contacted about an invoice, when and how, and whom to try next
    Contacts { number: String },
    /// Confirm an imported invoice "to review" (checked by you): Duly may count and chase it
    Confirm { number: String },
    /// Take a void back: the invoice is a draft again, or open and chased if it had been issued
    Unvoid { number: String },
    /// Mark an invoice as a deposit (advance) for its client (`--off` to unmark)
    Deposit {
        number: String,
        #[arg(long)]
        off: bool,
    },
    /// Deduct a paid deposit on a draft: a line "Less deposit NUMBER paid on DATE"
    DeductDeposit {
        /// The final invoice (a draft)
        number: String,
        /// The paid deposit invoice
        deposit: String,
    },
    /// Email the invoice with its PDF to the client through the outbox, in their working hours
    /// (a draft is issued); the day it goes out becomes its sent date
    Send {
        number: String,
        /// Print the message that would go out; queue nothing, change nothing
        #[arg(long)]
        draft: bool,
        /// Ask the client's mail program for a read receipt
        #[arg(long)]
        read_receipt: bool,
    },
    /// Record the day an invoice sent outside Duly reached the client; the ladder's "sent + N"
    /// steps count from it
    MarkSent {
        number: String,
        /// The day it was sent (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        on: String,
    },
    /// Mark a draft as sent, or void an invoice
    Mark {
        number: String,
        #[arg(value_enum)]
        status: Mark,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Mark {
    Sent,
    Void,
}

#[derive(Debug, Args)]
pub struct InvoiceAddArgs {
    /// The client's id, its name ignoring case, or a part of the name only one client has
    #[arg(long)]
    pub client: String,
    /// [default: the next number of this year's series, INV-YYYY-NNNN]
    #[arg(long)]
    pub number: Option<String>,
    /// YYYY-MM-DD [default: today]
    #[arg(long)]
    pub issue_date: Option<String>,
    /// YYYY-MM-DD [default: issue date + the business's payment terms]
    #[arg(long)]
    pub due_date: Option<String>,
    /// [default: the client's currency]
    #[arg(long)]
    pub currency: Option<String>,
    /// Tax rate in percent, e.g. 19
    #[arg(long, default_value = "0")]
    pub tax: String,
    /// A line item as "description;quantity;unit price", e.g. "Design work;10;150.00"; repeatable
    #[arg(long = "item", value_name = "DESC;QTY;PRICE", required = true)]
    pub items: Vec<String>,
    #[arg(long, default_value = "")]
    pub notes: String,
    /// Keep it a draft instead of issuing it
    #[arg(long)]
    pub draft: bool,
}

#[derive(Debug, Args)]
pub struct InvoiceListArgs {
    #[arg(long, value_enum)]
    pub status: Option<Status>,
    /// The client's id, its name ignoring case, or a part of the name only one client has
    #[arg(long)]
    pub client: Option<String>,
    /// Part of the number or the client's name
    #[arg(long)]
    pub search: Option<String>,
    /// Only open invoices past due
    #[arg(long)]
    pub overdue: bool,
    #[arg(long, value_enum, default_value = "due-date")]
    pub sort: Sort,
    #[arg(long)]
    pub desc: bool,
    /// Rows per page
    #[arg(long, default_value_t = 100)]
    pub limit: i64,
    #[arg(long, default_value_t = 0)]
    pub offset: i64,
    /// Every matching invoice, however many
    #[arg(long, conflicts_with_all = ["limit", "offset"])]
    pub all: bool,
    /// Measure "overdue" as of this date (YYYY-MM-DD) [default: today]
    #[arg(long)]
    pub as_of: Option<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Status {
    Draft,
    Sent,
    PartlyPaid,
    Paid,
    Void,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Sort {
    Number,
    Client,
    IssueDate,
    DueDate,
    Total,
    AmountDue,
    DaysOverdue,
    Status,
}

#[derive(Debug, Args)]
pub struct PayArgs {
    pub number: String,
    /// In the invoice's currency, e.g. 12.50
    #[arg(long)]
    pub amount: String,
    /// YYYY-MM-DD [default: today]
    #[arg(long)]
    pub date: Option<String>,
    #[arg(long, default_value = "")]
    pub method: String,
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Subcommand)]
pub enum PaymentCommand {
    /// Take a payment back; the invoice owes it again and the timeline keeps it with the reason
    Reverse {
        /// The payment's id (`duly invoice show NUMBER` lists them)
        id: i64,
        /// Why: "entered twice", "the transfer bounced"
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Start fresh: remove the demo clients and everything about them (your profile, settings and own clients stay)
    Remove,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(subcommand)]
    pub command: Option<DemoCommand>,
    #[arg(long, default_value_t = 300)]
    pub invoices: i64,
    #[arg(long, default_value_t = 40)]
    pub clients: i64,
    /// The same seed gives the same data
    #[arg(long)]
    pub seed: Option<i64>,
    /// Spread due dates around this date (YYYY-MM-DD) [default: today]
    #[arg(long)]
    pub as_of: Option<String>,
    /// Do nothing (successfully) when the database already has invoices
    #[arg(long)]
    pub if_empty: bool,
}
