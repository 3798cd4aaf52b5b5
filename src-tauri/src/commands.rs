//! One Tauri command per `duly-api` use case, each a single call: the shell adds no behaviour.
//! The command names are the API's method names; the UI's typed wrappers live in
//! `ui/src/lib/api.ts`.

use duly_api::{
    AgingQuery, AgingReport, TodayList, TodayQuery,
    ApiResult, AppInfo, Business, Client, ClientInput, ClientQuery, ClientSummary, DemoInput, DemoReport,
    InvoiceDetail, InvoiceInput, InvoicePage, InvoiceQuery, MarkInvoice, Overview, OverviewQuery, PaymentInput,
};
use tauri::State;

use crate::state::Db;

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info,
        business_get,
        business_save,
        client_list,
        client_get,
        client_save,
        invoice_list,
        invoice_get,
        invoice_next_number,
        invoice_save,
        invoice_mark,
        payment_add,
        demo_load,
        overview,
        aging,
        today_list,
    ]
}

#[tauri::command]
async fn app_info(db: State<'_, Db>) -> ApiResult<AppInfo> {
    db.run(|d| d.app_info()).await
}

#[tauri::command]
async fn business_get(db: State<'_, Db>) -> ApiResult<Business> {
    db.run(|d| d.business_get()).await
}

#[tauri::command]
async fn business_save(db: State<'_, Db>, input: Business) -> ApiResult<Business> {
    db.run(|d| d.business_save(input)).await
}

#[tauri::command]
async fn client_list(db: State<'_, Db>, input: ClientQuery) -> ApiResult<Vec<ClientSummary>> {
    db.run(|d| d.client_list(input)).await
}

#[tauri::command]
async fn client_get(db: State<'_, Db>, input: i64) -> ApiResult<Client> {
    db.run(move |d| d.client_get(input)).await
}

#[tauri::command]
async fn client_save(db: State<'_, Db>, input: ClientInput) -> ApiResult<Client> {
    db.run(|d| d.client_save(input)).await
}

#[tauri::command]
async fn invoice_list(db: State<'_, Db>, input: InvoiceQuery) -> ApiResult<InvoicePage> {
    db.run(|d| d.invoice_list(input)).await
}

#[tauri::command]
async fn invoice_get(db: State<'_, Db>, input: String) -> ApiResult<InvoiceDetail> {
    db.run(move |d| d.invoice_get(&input)).await
}

#[tauri::command]
async fn invoice_next_number(db: State<'_, Db>) -> ApiResult<String> {
    db.run(|d| d.invoice_next_number()).await
}

#[tauri::command]
async fn invoice_save(db: State<'_, Db>, input: InvoiceInput) -> ApiResult<InvoiceDetail> {
    db.run(|d| d.invoice_save(input)).await
}

#[tauri::command]
async fn invoice_mark(db: State<'_, Db>, input: MarkInvoice) -> ApiResult<InvoiceDetail> {
    db.run(|d| d.invoice_mark(input)).await
}

#[tauri::command]
async fn payment_add(db: State<'_, Db>, input: PaymentInput) -> ApiResult<InvoiceDetail> {
    db.run(|d| d.payment_add(input)).await
}

#[tauri::command]
async fn demo_load(db: State<'_, Db>, input: DemoInput) -> ApiResult<DemoReport> {
    db.run(|d| d.demo_load(input)).await
}

#[tauri::command]
async fn overview(db: State<'_, Db>, input: OverviewQuery) -> ApiResult<Overview> {
    db.run(|d| d.overview(input)).await
}

#[tauri::command]
async fn aging(db: State<'_, Db>, input: AgingQuery) -> ApiResult<AgingReport> {
    db.run(|d| d.aging(input)).await
}

#[tauri::command]
async fn today_list(db: State<'_, Db>, input: TodayQuery) -> ApiResult<TodayList> {
    db.run(|d| d.today_list(input)).await
}
