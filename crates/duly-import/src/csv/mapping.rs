//! Which column holds which invoice field: presets for the exports freelancers bring, a generic
//! guess from header names, and the user's own mapping (serializable so the app remembers it).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An invoice field a CSV column can feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Number,
    IssueDate,
    DueDate,
    Currency,
    /// Invoice total, repeated on each line row of the invoice.
    Total,
    /// Balance still owed; wins over `Total − AmountPaid`.
    AmountDue,
    AmountPaid,
    Status,
    BuyerName,
    /// Company name; preferred over `BuyerName` when filled (Zoho: contact vs company).
    BuyerCompany,
    BuyerEmail,
    BuyerTaxId,
    BuyerAddress,
    BuyerCity,
    BuyerPostalCode,
    BuyerCountry,
    LineItem,
    LineDescription,
    LineQuantity,
    LineUnitPrice,
    LineAmount,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Number => "number",
            Field::IssueDate => "issue_date",
            Field::DueDate => "due_date",
            Field::Currency => "currency",
            Field::Total => "total",
            Field::AmountDue => "amount_due",
            Field::AmountPaid => "amount_paid",
            Field::Status => "status",
            Field::BuyerName => "buyer_name",
            Field::BuyerCompany => "buyer_company",
            Field::BuyerEmail => "buyer_email",
            Field::BuyerTaxId => "buyer_tax_id",
            Field::BuyerAddress => "buyer_address",
            Field::BuyerCity => "buyer_city",
            Field::BuyerPostalCode => "buyer_postal_code",
            Field::BuyerCountry => "buyer_country",
            Field::LineItem => "line_item",
            Field::LineDescription => "line_description",
            Field::LineQuantity => "line_quantity",
            Field::LineUnitPrice => "line_unit_price",
            Field::LineAmount => "line_amount",
        }
    }
}

/// Exports Duly recognises by their header row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    InvoiceNinja,
    FreshBooks,
    /// Wave's account-transactions export: a ledger, read by its own rules (see `wave`).
    Wave,
    Zoho,
    QuickBooks,
    Invoice2go,
    Invoicely,
    /// No preset matched; columns were guessed from common header names.
    Generic,
}

/// Field → header text, as the user chose it in the mapping dialog. Header text is matched
/// case- and space-insensitively, so a remembered mapping survives trivial export changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    pub columns: BTreeMap<Field, String>,
}

/// A mapping resolved against one file's header row: field → column index.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub preset: Preset,
    pub columns: BTreeMap<Field, usize>,
    pub headers: Vec<String>,
}

impl Resolved {
    pub fn get(&self, f: Field) -> Option<usize> {
        self.columns.get(&f).copied()
    }

    /// The header as written in the file, for error locations.
    pub fn header(&self, f: Field) -> &str {
        self.get(f).and_then(|i| self.headers.get(i)).map_or(f.as_str(), String::as_str)
    }

    pub fn is_usable(&self) -> bool {
        self.columns.contains_key(&Field::Number) && self.columns.contains_key(&Field::IssueDate)
    }
}

/// Header text for comparison: case, spaces and punctuation ignored, and Romanian ş/ţ (cedilla,
/// what Windows-1250 can encode) equal to ș/ț (comma below, the correct letters).
pub fn norm(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '#')
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ş' => 'ș',
            'ţ' => 'ț',
            other => other,
        })
        .collect()
}

type Table = &'static [(Field, &'static [&'static str])];

const INVOICE_NINJA: Table = &[
    (Field::Number, &["Invoice Number"]),
    (Field::IssueDate, &["Invoice Date"]),
    (Field::DueDate, &["Due Date"]),
    (Field::Total, &["Amount"]),
    (Field::AmountPaid, &["Paid"]),
    (Field::AmountDue, &["Balance"]),
    (Field::Status, &["Status"]),
    (Field::BuyerName, &["Client", "Client Name"]),
    (Field::BuyerEmail, &["Email", "Client Email"]),
    (Field::LineItem, &["Item Product", "Product"]),
    (Field::LineDescription, &["Item Notes", "Notes"]),
    (Field::LineUnitPrice, &["Item Cost", "Cost"]),
    (Field::LineQuantity, &["Item Quantity", "Quantity"]),
];

const FRESHBOOKS: Table = &[
    (Field::Number, &["Invoice #", "Invoice Number"]),
    (Field::IssueDate, &["Date Issued", "Issue Date"]),
    (Field::DueDate, &["Due Date", "Date Due"]),
    (Field::Status, &["Invoice Status", "Status"]),
    (Field::BuyerName, &["Client Name", "Organization"]),
    (Field::BuyerEmail, &["Email"]),
    (Field::LineItem, &["Item Name"]),
    (Field::LineDescription, &["Item Description"]),
    (Field::LineUnitPrice, &["Rate"]),
    (Field::LineQuantity, &["Quantity"]),
    (Field::LineAmount, &["Line Total"]),
    (Field::AmountDue, &["Amount Outstanding", "Outstanding"]),
    (Field::Currency, &["Currency"]),
];

const WAVE: Table = &[
    (Field::Number, &["Invoice Number"]),
    (Field::IssueDate, &["Transaction Date"]),
    (Field::BuyerName, &["Customer"]),
    (Field::LineDescription, &["Transaction Line Description"]),
    (Field::LineAmount, &["Amount (One column)"]),
];

const ZOHO: Table = &[
    (Field::Number, &["Invoice Number"]),
    (Field::IssueDate, &["Invoice Date"]),
    (Field::DueDate, &["Due Date"]),
    (Field::Status, &["Invoice Status"]),
    (Field::BuyerName, &["Customer Name"]),
    (Field::BuyerCompany, &["Company Name"]),
    (Field::BuyerEmail, &["Email", "Customer Email"]),
    (Field::Currency, &["Currency Code"]),
    (Field::Total, &["Total"]),
    (Field::AmountDue, &["Balance"]),
    (Field::LineItem, &["Item Name"]),
    (Field::LineDescription, &["Item Desc"]),
    (Field::LineQuantity, &["Quantity"]),
    (Field::LineUnitPrice, &["Item Price"]),
    (Field::LineAmount, &["Item Total"]),
    (Field::BuyerAddress, &["Billing Address"]),
    (Field::BuyerCity, &["Billing City"]),
    (Field::BuyerPostalCode, &["Billing Code"]),
    (Field::BuyerCountry, &["Billing Country"]),
    (Field::BuyerTaxId, &["GST Identification Number (GSTIN)", "Tax ID"]),
];

/// QuickBooks Online's invoice list report and its invoice import template.
const QUICKBOOKS: Table = &[
    (Field::Number, &["No.", "Num", "InvoiceNo", "Invoice No"]),
    (Field::IssueDate, &["Date", "InvoiceDate", "Invoice Date"]),
    (Field::DueDate, &["Due Date", "DueDate"]),
    (Field::BuyerName, &["Customer", "Customer full name"]),
    (Field::Total, &["Amount", "Total"]),
    (Field::AmountDue, &["Open Balance", "Balance"]),
    (Field::Currency, &["Currency"]),
    (Field::LineItem, &["Item(Product/Service)", "Product/Service"]),
    (Field::LineDescription, &["ItemDescription", "Memo/Description"]),
    (Field::LineQuantity, &["ItemQuantity", "Qty"]),
    (Field::LineUnitPrice, &["ItemRate", "Rate"]),
    (Field::LineAmount, &["ItemAmount"]),
    (Field::BuyerEmail, &["Email", "BillEmail"]),
];

const INVOICE2GO: Table = &[
    (Field::Number, &["DocumentNumber"]),
    (Field::IssueDate, &["DocumentDate"]),
    (Field::BuyerName, &["Name"]),
    (Field::BuyerEmail, &["EmailRecipient"]),
    (Field::BuyerAddress, &["DocumentRecipientAddress"]),
    (Field::Currency, &["CurrencyCode"]),
    (Field::Total, &["TotalAmount"]),
    (Field::AmountDue, &["BalanceDueAmount"]),
    (Field::AmountPaid, &["AmountPaidAmount"]),
    (Field::Status, &["DocumentStatus"]),
];

const INVOICELY: Table = &[
    (Field::Number, &["Details"]),
    (Field::IssueDate, &["Date"]),
    (Field::DueDate, &["Due"]),
    (Field::BuyerName, &["Client"]),
    (Field::Status, &["Status"]),
    (Field::Total, &["Total"]),
];

/// Header names seen in exports of all kinds, in English, Romanian, Indonesian, German, French
/// and Dutch, for files no preset knows.
const GENERIC: Table = &[
    (
        Field::Number,
        &[
            "Invoice Number",
            "Invoice No",
            "Invoice #",
            "Invoice",
            "Number",
            "No",
            "Nr",
            "Număr factură",
            "Numar factura",
            "Nr. factură",
            "Factura",
            "Nomor Faktur",
            "Nomor Invoice",
            "No Faktur",
            "Rechnungsnummer",
            "Rechnungsnr",
            "Numéro de facture",
            "N° facture",
            "Factuurnummer",
            "Document Number",
        ],
    ),
    (
        Field::IssueDate,
        &[
            "Invoice Date",
            "Issue Date",
            "Date Issued",
            "Date",
            "Data",
            "Data emiterii",
            "Data factură",
            "Tanggal",
            "Tanggal Faktur",
            "Rechnungsdatum",
            "Datum",
            "Date de facture",
            "Factuurdatum",
        ],
    ),
    (
        Field::DueDate,
        &[
            "Due Date",
            "Due",
            "Payment Due",
            "Data scadenței",
            "Data scadentei",
            "Scadența",
            "Scadenta",
            "Jatuh Tempo",
            "Tanggal Jatuh Tempo",
            "Fälligkeitsdatum",
            "Fällig",
            "Échéance",
            "Date d'échéance",
            "Vervaldatum",
        ],
    ),
    (Field::Currency, &["Currency", "Currency Code", "Monedă", "Moneda", "Mata Uang", "Währung", "Devise", "Valuta"]),
    (
        Field::Total,
        &[
            "Total",
            "Amount",
            "Invoice Total",
            "Total Amount",
            "Grand Total",
            "Sumă",
            "Suma",
            "Total factură",
            "Jumlah",
            "Betrag",
            "Gesamtbetrag",
            "Montant",
            "Montant TTC",
            "Totaal",
            "Bedrag",
        ],
    ),
    (
        Field::AmountDue,
        &[
            "Balance",
            "Balance Due",
            "Amount Due",
            "Outstanding",
            "Open Balance",
            "Rest de plată",
            "Sisa",
            "Sisa Tagihan",
            "Offener Betrag",
            "Restbetrag",
            "Reste à payer",
            "Openstaand",
        ],
    ),
    (Field::AmountPaid, &["Paid", "Amount Paid", "Încasat", "Dibayar", "Bezahlt", "Payé", "Betaald"]),
    (Field::Status, &["Status", "Stare", "Statut"]),
    (Field::BuyerName, &["Client", "Client Name", "Customer", "Customer Name", "Buyer", "Klant", "Kunde", "Pelanggan"]),
    (Field::BuyerCompany, &["Company", "Company Name", "Organization", "Firma", "Perusahaan"]),
    (Field::BuyerEmail, &["Email", "E-mail", "Client Email", "Customer Email"]),
    (Field::BuyerTaxId, &["Tax ID", "VAT", "VAT Number", "CUI", "CIF", "NPWP", "USt-IdNr", "TVA"]),
    (Field::LineItem, &["Item", "Item Name", "Product", "Produs", "Produk"]),
    (Field::LineDescription, &["Description", "Item Description", "Descriere", "Deskripsi", "Beschreibung"]),
    (Field::LineQuantity, &["Quantity", "Qty", "Cantitate", "Jumlah Barang", "Menge", "Quantité", "Aantal"]),
    (
        Field::LineUnitPrice,
        &["Unit Price", "Rate", "Price", "Preț unitar", "Pret unitar", "Harga", "Preis", "Prix unitaire", "Prijs"],
    ),
    (Field::LineAmount, &["Line Total", "Line Amount", "Item Total", "Valoare"]),
];

/// Headers that only this preset's export has, which is what identifies it.
const SIGNATURES: &[(Preset, &[&str], Table)] = &[
    (Preset::Wave, &["Account Name", "Transaction Line Description", "Invoice Number"], WAVE),
    (Preset::Zoho, &["Invoice ID", "Invoice Number", "Customer Name", "Item Desc"], ZOHO),
    (Preset::FreshBooks, &["Invoice #", "Date Issued", "Line Total"], FRESHBOOKS),
    (Preset::InvoiceNinja, &["Invoice Number", "Invoice Date", "Item Product"], INVOICE_NINJA),
    (Preset::Invoice2go, &["DocumentNumber", "DocumentDate", "BalanceDueAmount"], INVOICE2GO),
    (Preset::Invoicely, &["Date", "Due", "Details", "Client", "Total"], INVOICELY),
    (Preset::QuickBooks, &["Num", "Customer", "Open Balance"], QUICKBOOKS),
    (Preset::QuickBooks, &["InvoiceNo", "Customer", "InvoiceDate"], QUICKBOOKS),
];

fn resolve_table(preset: Preset, table: Table, headers: &[String]) -> Resolved {
    let normed: Vec<String> = headers.iter().map(|h| norm(h)).collect();
    let mut columns = BTreeMap::new();
    let mut taken = vec![false; headers.len()];
    for (field, names) in table {
        for name in *names {
            let n = norm(name);
            if let Some(i) = normed.iter().enumerate().position(|(i, h)| !taken[i] && *h == n) {
                columns.insert(*field, i);
                taken[i] = true;
                break;
            }
        }
    }
    Resolved { preset, columns, headers: headers.to_vec() }
}

/// The best reading of a header row: the user's mapping if given, else a preset whose
/// signature headers are all present, else generic names.
pub fn resolve(headers: &[String], user: Option<&ColumnMapping>) -> Resolved {
    if let Some(m) = user {
        let normed: Vec<String> = headers.iter().map(|h| norm(h)).collect();
        let columns =
            m.columns.iter().filter_map(|(f, h)| normed.iter().position(|x| *x == norm(h)).map(|i| (*f, i))).collect();
        return Resolved { preset: Preset::Generic, columns, headers: headers.to_vec() };
    }
    let normed: Vec<String> = headers.iter().map(|h| norm(h)).collect();
    for (preset, signature, table) in SIGNATURES {
        if signature.iter().all(|s| normed.contains(&norm(s))) {
            return resolve_table(*preset, table, headers);
        }
    }
    resolve_table(Preset::Generic, GENERIC, headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<String> {
        s.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn presets_win_and_generic_names_cover_the_rest() {
        let r = resolve(
            &h(
                "Client Name,Invoice #,Date Issued,Invoice Status,Date Paid,Item Name,Item Description,Rate,Quantity,Line Total,Currency",
            ),
            None,
        );
        assert_eq!(r.preset, Preset::FreshBooks);
        assert_eq!(r.get(Field::LineAmount), Some(9));
        let g = resolve(&h("Nr. factură,Data,Scadența,Client,Total,Monedă"), None);
        assert_eq!(g.preset, Preset::Generic);
        assert!(g.is_usable());
        assert_eq!(g.get(Field::Currency), Some(5));
        let mut user = ColumnMapping::default();
        user.columns.insert(Field::Number, "Ref".into());
        user.columns.insert(Field::IssueDate, "When".into());
        let u = resolve(&h("ref,WHEN,x"), Some(&user));
        assert_eq!((u.get(Field::Number), u.get(Field::IssueDate)), (Some(0), Some(1)));
        let json = serde_json::to_string(&user).unwrap();
        assert_eq!(json, r#"{"columns":{"number":"Ref","issue_date":"When"}}"#);
    }
}
