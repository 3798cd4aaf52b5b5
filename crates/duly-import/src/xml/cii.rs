//! UN/CEFACT Cross Industry Invoice to a [`ParsedInvoice`]: D16B (EN 16931, XRechnung,
//! Factur-X / ZUGFeRD 2.x) and ZUGFeRD 1.0's `CrossIndustryDocument`.
//!
//! The two generations name their containers differently (`ExchangedDocument` vs
//! `HeaderExchangedDocument`, `ApplicableHeaderTradeSettlement` vs
//! `ApplicableSupplyChainTradeSettlement`, ...) but agree inside them, so one mapping reads both
//! through a table of container names.

use duly_core::Currency;
use roxmltree::{Document, Node};

use super::values::Ctx;
use super::{all_at, at, child, children, collapse_ws, text, text_owned};
use crate::dates::parse_cii;
use crate::error::ImportError;
use crate::model::{Address, DocumentKind, Line, ParsedInvoice, Party};

struct Paths {
    doc: &'static str,
    tx: &'static str,
    agreement: &'static str,
    settlement: &'static str,
    summation: &'static str,
    line_agreement: &'static str,
    line_delivery: &'static str,
    line_summation: &'static str,
}

const D16B: Paths = Paths {
    doc: "rsm:ExchangedDocument",
    tx: "rsm:SupplyChainTradeTransaction",
    agreement: "ram:ApplicableHeaderTradeAgreement",
    settlement: "ram:ApplicableHeaderTradeSettlement",
    summation: "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
    line_agreement: "ram:SpecifiedLineTradeAgreement",
    line_delivery: "ram:SpecifiedLineTradeDelivery",
    line_summation: "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation",
};

const ZUGFERD1: Paths = Paths {
    doc: "rsm:HeaderExchangedDocument",
    tx: "rsm:SpecifiedSupplyChainTradeTransaction",
    agreement: "ram:ApplicableSupplyChainTradeAgreement",
    settlement: "ram:ApplicableSupplyChainTradeSettlement",
    summation: "ram:SpecifiedTradeSettlementMonetarySummation",
    line_agreement: "ram:SpecifiedSupplyChainTradeAgreement",
    line_delivery: "ram:SpecifiedSupplyChainTradeDelivery",
    line_summation: "ram:SpecifiedSupplyChainTradeSettlement/ram:SpecifiedTradeSettlementMonetarySummation",
};

pub fn map(doc: &Document<'_>) -> super::Mapped {
    let root = doc.root_element();
    let root_name = root.tag_name().name();
    let p = if root_name == "CrossIndustryDocument" { &ZUGFERD1 } else { &D16B };
    let mut cx = Ctx::new(format!("/rsm:{root_name}"));

    let number = cx.required(root, &format!("{}/ram:ID", p.doc), "invoice number").map(collapse_ws);
    let type_code = text(at(root, &format!("{}/ram:TypeCode", p.doc)));
    let kind = if type_code.is_some_and(|c| super::ubl::CREDIT_NOTE_CODES.contains(&c)) {
        DocumentKind::CreditNote
    } else {
        DocumentKind::Invoice
    };
    let issue_path = format!("{}/ram:IssueDateTime/udt:DateTimeString", p.doc);
    let issue_date = date(&mut cx, root, &issue_path, true);

    let tx = at(root, p.tx);
    let settlement = tx.and_then(|t| child(t, p.settlement));
    let settle_path = format!("{}/{}", p.tx, p.settlement);

    // Several payment terms may exist (Skonto, instalments); the first stated due date is the
    // one the invoice is chased on.
    let due_date = settlement.and_then(|s| {
        let terms = all_at(s, "ram:SpecifiedTradePaymentTerms");
        let (i, term) = terms
            .iter()
            .enumerate()
            .find(|(_, t)| text(at(**t, "ram:DueDateDateTime/udt:DateTimeString")).is_some())?;
        let path =
            format!("{settle_path}/ram:SpecifiedTradePaymentTerms[{}]/ram:DueDateDateTime/udt:DateTimeString", i + 1);
        let node = at(*term, "ram:DueDateDateTime/udt:DateTimeString")?;
        date_node(&mut cx, node, &path)
    });

    let currency_path = format!("{settle_path}/ram:InvoiceCurrencyCode");
    let currency: Option<Currency> =
        cx.required(root, &currency_path, "currency").and_then(|c| match c.parse::<Currency>() {
            Ok(cur) => Some(cur),
            Err(e) => {
                cx.errors.push(ImportError::invalid(cx.loc(&currency_path), "currency", c, e.to_string()));
                None
            }
        });

    let mut total = None;
    let mut amount_due = None;
    let mut lines = Vec::new();
    if let (Some(cur), Some(s)) = (currency, settlement) {
        let sum_path = format!("{settle_path}/{}", p.summation);
        let sum = child(s, p.summation);
        let pick = |name: &'static str| sum.and_then(|n| amount_in(n, name, cur));
        let grand = pick("ram:GrandTotalAmount");
        let prepaid = pick("ram:TotalPrepaidAmount");
        let due = pick("ram:DuePayableAmount");
        match grand {
            Some(g) => total = cx.amount_exact(g, &format!("{sum_path}/ram:GrandTotalAmount"), "total", cur),
            None => cx.errors.push(ImportError::missing(
                cx.loc(&format!("{sum_path}/ram:GrandTotalAmount")),
                "total (GrandTotalAmount)",
            )),
        }
        amount_due = match due {
            Some(d) => cx.amount_exact(d, &format!("{sum_path}/ram:DuePayableAmount"), "amount due", cur),
            // ZUGFeRD 1.0 BASIC may omit DuePayableAmount; BR-CO-16 defines it as this.
            None => {
                let prepaid_minor = match prepaid {
                    Some(pp) => {
                        cx.amount_exact(pp, &format!("{sum_path}/ram:TotalPrepaidAmount"), "prepaid amount", cur)
                    }
                    None => Some(0),
                };
                total.zip(prepaid_minor).map(|(t, pp)| t - pp)
            }
        };
        if let Some(t) = tx {
            for (i, item) in children(t, "ram:IncludedSupplyChainTradeLineItem").enumerate() {
                lines.push(map_line(
                    &mut cx,
                    p,
                    item,
                    &format!("{}/ram:IncludedSupplyChainTradeLineItem[{}]", p.tx, i + 1),
                    cur,
                ));
            }
        }
    } else if currency.is_some() {
        cx.errors.push(ImportError::missing(cx.loc(&settle_path), "settlement (totals)"));
    }

    let agreement = tx.and_then(|t| child(t, p.agreement));
    let seller = party(agreement.and_then(|a| child(a, "ram:SellerTradeParty")));
    let buyer = party(agreement.and_then(|a| child(a, "ram:BuyerTradeParty")));
    if seller.name.is_none() {
        cx.errors.push(ImportError::missing(
            cx.loc(&format!("{}/{}/ram:SellerTradeParty/ram:Name", p.tx, p.agreement)),
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
        credited_invoice: text_owned(at(
            root,
            &format!("{}/{}/ram:InvoiceReferencedDocument/ram:IssuerAssignedID", p.tx, p.settlement),
        ))
        .map(|r| collapse_ws(&r))
        .filter(|_| kind == DocumentKind::CreditNote),
        needs_review: false,
        warnings: Vec::new(),
    };
    Ok((super::finish(invoice), cx.warnings))
}

/// An amount element in the invoice currency. Totals can repeat with another `currencyID` (the
/// tax currency, BT-111), so the one in the invoice currency, or without any, wins.
fn amount_in<'a>(parent: Node<'a, '_>, name: &'static str, cur: Currency) -> Option<&'a str> {
    let mut nodes = children(parent, name).collect::<Vec<_>>();
    nodes.sort_by_key(|n| match n.attribute("currencyID") {
        Some(c) if c.eq_ignore_ascii_case(cur.code()) => 0,
        None => 1,
        Some(_) => 2,
    });
    nodes.first().and_then(|n| text(Some(*n)))
}

fn date(cx: &mut Ctx, root: Node<'_, '_>, path: &str, required: bool) -> Option<chrono::NaiveDate> {
    match at(root, path) {
        Some(node) if text(Some(node)).is_some() => date_node(cx, node, path),
        _ => {
            if required {
                cx.errors.push(ImportError::missing(cx.loc(path), "issue date"));
            }
            None
        }
    }
}

fn date_node(cx: &mut Ctx, node: Node<'_, '_>, path: &str) -> Option<chrono::NaiveDate> {
    let raw = text(Some(node))?;
    let d = parse_cii(raw, node.attribute("format"));
    if d.is_none() {
        cx.errors.push(ImportError::invalid(cx.loc(path), "date", raw, "expected format 102 (YYYYMMDD)"));
    }
    d
}

fn map_line(cx: &mut Ctx, p: &Paths, item: Node<'_, '_>, base: &str, cur: Currency) -> Line {
    let description = text_owned(at(item, "ram:SpecifiedTradeProduct/ram:Name"))
        .or_else(|| text_owned(at(item, "ram:SpecifiedTradeProduct/ram:Description")))
        .unwrap_or_default();
    let qty_path = format!("{}/ram:BilledQuantity", p.line_delivery);
    let quantity = text(at(item, &qty_path)).and_then(|q| cx.quantity(q, &format!("{base}/{qty_path}")));
    let price_path = format!("{}/ram:NetPriceProductTradePrice/ram:ChargeAmount", p.line_agreement);
    let unit_price = text(at(item, &price_path))
        .and_then(|v| cx.amount_rounded(v, &format!("{base}/{price_path}"), "unit price", cur));
    let amount_path = format!("{}/ram:LineTotalAmount", p.line_summation);
    let amount = text(at(item, &amount_path))
        .and_then(|v| cx.amount_rounded(v, &format!("{base}/{amount_path}"), "line amount", cur));
    Line { description, quantity, unit_price, amount }
}

fn party(node: Option<Node<'_, '_>>) -> Party {
    let Some(p) = node else { return Party::default() };
    let regs = all_at(p, "ram:SpecifiedTaxRegistration/ram:ID");
    // VA is the VAT number; FC (the German Steuernummer) only when no VAT id is given.
    let tax_id = regs
        .iter()
        .find(|n| n.attribute("schemeID") == Some("VA"))
        .or_else(|| regs.first())
        .and_then(|n| text_owned(Some(*n)));
    let uri_email = all_at(p, "ram:URIUniversalCommunication/ram:URIID")
        .into_iter()
        .find(|n| n.attribute("schemeID") == Some("EM") || text(Some(*n)).is_some_and(|t| t.contains('@')))
        .and_then(|n| text_owned(Some(n)));
    let email = text_owned(at(p, "ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID")).or(uri_email);
    let name = text_owned(child(p, "ram:Name"));
    let trading = text_owned(at(p, "ram:SpecifiedLegalOrganization/ram:TradingBusinessName"))
        .filter(|t| Some(t) != name.as_ref());
    Party {
        name,
        trading_name: trading,
        tax_id,
        registration_id: text_owned(at(p, "ram:SpecifiedLegalOrganization/ram:ID")),
        email,
        address: child(p, "ram:PostalTradeAddress").map(address).filter(|a| !a.is_empty()),
    }
}

fn address(a: Node<'_, '_>) -> Address {
    Address {
        lines: ["ram:LineOne", "ram:LineTwo", "ram:LineThree"].iter().filter_map(|t| text_owned(child(a, t))).collect(),
        city: text_owned(child(a, "ram:CityName")),
        postal_code: text_owned(child(a, "ram:PostcodeCode")),
        region: text_owned(child(a, "ram:CountrySubDivisionName")),
        country: text_owned(child(a, "ram:CountryID")),
    }
}
