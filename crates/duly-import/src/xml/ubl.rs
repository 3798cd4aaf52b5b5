//! OASIS UBL 2.1 `Invoice` and `CreditNote` (EN 16931, Peppol BIS 3, CIUS-RO) to a
//! [`ParsedInvoice`].

use duly_core::Currency;
use roxmltree::{Document, Node};

use super::values::Ctx;
use super::{all_at, at, child, children, collapse_ws, text, text_owned};
use crate::dates::parse_iso;
use crate::error::ImportError;
use crate::model::{Address, DocumentKind, Line, ParsedInvoice, Party};

/// UNCL 1001 codes that mean "credit note" even inside an `<Invoice>` root.
pub const CREDIT_NOTE_CODES: &[&str] = &["381", "396", "261", "262", "532"];

pub fn map(doc: &Document<'_>) -> super::Mapped {
    let root = doc.root_element();
    let root_name = root.tag_name().name();
    let mut cx = Ctx::new(format!("/{root_name}"));

    let type_code = text(child(root, "cbc:InvoiceTypeCode")).or(text(child(root, "cbc:CreditNoteTypeCode")));
    let kind = if root_name == "CreditNote" || type_code.is_some_and(|c| CREDIT_NOTE_CODES.contains(&c)) {
        DocumentKind::CreditNote
    } else {
        DocumentKind::Invoice
    };

    let number = cx.required(root, "cbc:ID", "invoice number").map(collapse_ws);
    let issue_date = cx.required(root, "cbc:IssueDate", "issue date").and_then(|t| {
        let d = parse_iso(t);
        if d.is_none() {
            cx.errors.push(ImportError::invalid(cx.loc("cbc:IssueDate"), "date", t, "expected YYYY-MM-DD"));
        }
        d
    });
    // BT-9 is `cbc:DueDate` on an Invoice; a CreditNote (and some Invoices) carry it only as
    // the payment means' due date.
    let due_path =
        if text(child(root, "cbc:DueDate")).is_some() { "cbc:DueDate" } else { "cac:PaymentMeans/cbc:PaymentDueDate" };
    let due_date = match text(at(root, due_path)) {
        None => None,
        Some(t) => {
            let d = parse_iso(t);
            if d.is_none() {
                cx.errors.push(ImportError::invalid(cx.loc(due_path), "date", t, "expected YYYY-MM-DD"));
            }
            d
        }
    };

    let currency: Option<Currency> =
        cx.required(root, "cbc:DocumentCurrencyCode", "currency").and_then(|c| match c.parse() {
            Ok(cur) => Some(cur),
            Err(e) => {
                cx.errors.push(ImportError::invalid(cx.loc("cbc:DocumentCurrencyCode"), "currency", c, format!("{e}")));
                None
            }
        });

    let mut total = None;
    let mut amount_due = None;
    let mut lines = Vec::new();
    if let Some(cur) = currency {
        let payable_path = "cac:LegalMonetaryTotal/cbc:PayableAmount";
        amount_due = cx
            .required(root, payable_path, "amount due (PayableAmount)")
            .and_then(|t| cx.amount_exact(t, payable_path, "amount due", cur));
        let incl_path = "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount";
        total = match text(at(root, incl_path)) {
            Some(t) => cx.amount_exact(t, incl_path, "total", cur),
            None => amount_due,
        };
        let (line_tag, qty_tag) = if root_name == "CreditNote" {
            ("cac:CreditNoteLine", "cbc:CreditedQuantity")
        } else {
            ("cac:InvoiceLine", "cbc:InvoicedQuantity")
        };
        for (i, line) in children(root, line_tag).enumerate() {
            lines.push(map_line(&mut cx, line, &format!("{line_tag}[{}]", i + 1), qty_tag, cur));
        }
    }

    let seller = party(at(root, "cac:AccountingSupplierParty/cac:Party"));
    let buyer = party(at(root, "cac:AccountingCustomerParty/cac:Party"));
    if seller.name.is_none() {
        cx.errors.push(ImportError::missing(
            cx.loc("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"),
            "seller name",
        ));
    }

    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    let (Some(number), Some(issue_date), Some(currency), Some(total), Some(amount_due)) =
        (number, issue_date, currency, total, amount_due)
    else {
        return Err(vec![ImportError::missing(cx.loc(""), "invoice data")]);
    };
    let invoice = ParsedInvoice {
        number,
        kind,
        issue_date,
        due_date,
        currency,
        total,
        amount_due,
        seller,
        buyer,
        lines,
        credited_invoice: text_owned(at(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"))
            .map(|r| collapse_ws(&r))
            .filter(|_| kind == DocumentKind::CreditNote),
        needs_review: false,
        warnings: Vec::new(),
    };
    Ok((super::finish(invoice), cx.warnings))
}

fn map_line(cx: &mut Ctx, line: Node<'_, '_>, base: &str, qty_tag: &str, cur: Currency) -> Line {
    let item = child(line, "cac:Item");
    let description = text_owned(item.and_then(|i| child(i, "cbc:Name")))
        .or_else(|| text_owned(item.and_then(|i| child(i, "cbc:Description"))))
        .or_else(|| text_owned(child(line, "cbc:Note")))
        .unwrap_or_default();
    let quantity = text(child(line, qty_tag)).and_then(|q| cx.quantity(q, &format!("{base}/{qty_tag}")));
    let price_path = "cac:Price/cbc:PriceAmount";
    let unit_price = text(at(line, price_path))
        .and_then(|p| cx.amount_rounded(p, &format!("{base}/{price_path}"), "unit price", cur));
    let amount = text(child(line, "cbc:LineExtensionAmount"))
        .and_then(|a| cx.amount_rounded(a, &format!("{base}/cbc:LineExtensionAmount"), "line amount", cur));
    Line { description, quantity, unit_price, amount }
}

/// BT-27 is the legal registration name; `PartyName` is the trading name (BT-28) and stands in
/// only when the legal name is absent (Peppol's Greek example has just the trading name).
fn party(node: Option<Node<'_, '_>>) -> Party {
    let Some(p) = node else { return Party::default() };
    let legal = text_owned(at(p, "cac:PartyLegalEntity/cbc:RegistrationName"));
    let trading = text_owned(at(p, "cac:PartyName/cbc:Name"));
    let schemes = all_at(p, "cac:PartyTaxScheme");
    let vat = schemes
        .iter()
        .find(|s| text(at(**s, "cac:TaxScheme/cbc:ID")).is_some_and(|id| id.eq_ignore_ascii_case("VAT")))
        .or(schemes.first())
        .and_then(|s| text_owned(child(*s, "cbc:CompanyID")));
    let endpoint = text_owned(child(p, "cbc:EndpointID")).filter(|e| e.contains('@'));
    let email = text_owned(at(p, "cac:Contact/cbc:ElectronicMail")).or(endpoint);
    Party {
        trading_name: trading.clone().filter(|t| Some(t) != legal.as_ref()),
        name: legal.or(trading),
        tax_id: vat,
        registration_id: text_owned(at(p, "cac:PartyLegalEntity/cbc:CompanyID")),
        email,
        address: child(p, "cac:PostalAddress").map(address).filter(|a| !a.is_empty()),
    }
}

fn address(a: Node<'_, '_>) -> Address {
    let mut lines: Vec<String> =
        ["cbc:StreetName", "cbc:AdditionalStreetName"].iter().filter_map(|t| text_owned(child(a, t))).collect();
    lines.extend(all_at(a, "cac:AddressLine/cbc:Line").into_iter().filter_map(|n| text_owned(Some(n))));
    Address {
        lines,
        city: text_owned(child(a, "cbc:CityName")),
        postal_code: text_owned(child(a, "cbc:PostalZone")),
        region: text_owned(child(a, "cbc:CountrySubentity")),
        country: text_owned(at(a, "cac:Country/cbc:IdentificationCode")),
    }
}
