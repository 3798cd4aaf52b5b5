//! ISO 20022 camt.053 (end-of-day statement) and camt.054 (credit notification), versions .02
//! to .08 alike: elements are matched by local name, and the fields Duly needs kept their names.
//!
//! An entry (`Ntry`) may batch several transactions (`NtryDtls/TxDtls`); each becomes its own
//! credit with its own amount, payer and remittance, since each may pay a different invoice.

use duly_core::Currency;
use roxmltree::Node;

use super::{Lines, StatementCredit, StatementFormat, one_line};
use crate::dates;
use crate::decimal::Decimal;
use crate::model::Issue;
use crate::xml::{self, all_at, at, text};

pub fn read(bytes: &[u8]) -> Lines {
    let mut out = Lines::default();
    let text_ = match xml::decode(bytes) {
        Ok(t) => t,
        Err(e) => {
            out.errors.push(Issue::new("file", e.to_string()));
            return out;
        }
    };
    let doc = match xml::parse(&text_) {
        Ok(d) => d,
        Err(e) => {
            out.errors.push(Issue::new("file", e.to_string()));
            return out;
        }
    };
    let root = doc.root_element();
    let (format, reports) = if let Some(b) = at(root, "BkToCstmrStmt") {
        (StatementFormat::Camt053, all_at(b, "Stmt"))
    } else if let Some(b) = at(root, "BkToCstmrDbtCdtNtfctn") {
        (StatementFormat::Camt054, all_at(b, "Ntfctn"))
    } else {
        out.errors.push(Issue::new("file", "an XML file without BkToCstmrStmt or BkToCstmrDbtCdtNtfctn"));
        return out;
    };
    out.format = Some(format);
    let mut entry_no = 0;
    for report in reports {
        let account = text(at(report, "Acct/Id/IBAN")).or(text(at(report, "Acct/Id/Othr/Id"))).unwrap_or("");
        if out.account.is_empty() {
            out.account = account.to_owned();
        }
        for entry in all_at(report, "Ntry") {
            entry_no += 1;
            read_entry(entry, entry_no, &mut out);
        }
    }
    out
}

fn read_entry(entry: Node<'_, '_>, n: usize, out: &mut Lines) {
    let here = format!("Ntry {n}");
    let credit = text(at(entry, "CdtDbtInd")) == Some("CRDT");
    let reversal = text(at(entry, "RvslInd")).is_some_and(|t| t == "true" || t == "1");
    // Before version .08 the status is text; from .08 on it is a code inside.
    let status = text(at(entry, "Sts")).or(text(at(entry, "Sts/Cd"))).unwrap_or("BOOK");
    if !credit || reversal || status != "BOOK" {
        out.skipped += 1;
        return;
    }
    let date = text(at(entry, "BookgDt/Dt"))
        .or(text(at(entry, "BookgDt/DtTm")))
        .or(text(at(entry, "ValDt/Dt")))
        .or(text(at(entry, "ValDt/DtTm")));
    let Some(date) = date.and_then(dates::parse_iso) else {
        out.errors.push(Issue::new(format!("{here}/BookgDt"), "the entry has no booking or value date"));
        return;
    };
    let entry_ref = text(at(entry, "AcctSvcrRef")).or(text(at(entry, "NtryRef"))).unwrap_or("");
    let extra = text(at(entry, "AddtlNtryInf")).unwrap_or("");
    let txs = all_at(entry, "NtryDtls/TxDtls");
    let single = txs.len() <= 1;
    let Some((entry_amount, entry_ccy)) = amount(entry, "Amt", &here, out) else { return };
    if txs.is_empty() {
        out.credits.push(StatementCredit {
            id: entry_ref.to_owned(),
            date,
            amount_minor: entry_amount,
            currency: entry_ccy,
            payer: String::new(),
            payer_account: String::new(),
            reference: String::new(),
            text: one_line(extra),
            location: here,
        });
        return;
    }
    for (k, tx) in txs.into_iter().enumerate() {
        let tx_here = if single { here.clone() } else { format!("{here}/TxDtls {}", k + 1) };
        let (amount_minor, currency) = if single {
            (entry_amount, entry_ccy)
        } else {
            let found = if at(tx, "Amt").is_some() {
                amount(tx, "Amt", &tx_here, out)
            } else {
                amount(tx, "AmtDtls/TxAmt/Amt", &tx_here, out)
            };
            let Some(found) = found else { continue };
            found
        };
        // From version .08 a party is wrapped in `Pty`.
        let payer = text(at(tx, "RltdPties/Dbtr/Nm"))
            .or(text(at(tx, "RltdPties/Dbtr/Pty/Nm")))
            .or(text(at(tx, "RltdPties/UltmtDbtr/Nm")))
            .or(text(at(tx, "RltdPties/UltmtDbtr/Pty/Nm")))
            .unwrap_or("");
        let payer_account =
            text(at(tx, "RltdPties/DbtrAcct/Id/IBAN")).or(text(at(tx, "RltdPties/DbtrAcct/Id/Othr/Id"))).unwrap_or("");
        let reference = all_at(tx, "RmtInf/Strd/CdtrRefInf/Ref").into_iter().find_map(|n| text(Some(n))).unwrap_or("");
        let mut remittance: Vec<&str> = all_at(tx, "RmtInf/Ustrd").into_iter().filter_map(|n| text(Some(n))).collect();
        if let Some(info) = text(at(tx, "AddtlTxInf")) {
            remittance.push(info);
        }
        if remittance.is_empty() && !extra.is_empty() {
            remittance.push(extra);
        }
        let tx_ref = text(at(tx, "Refs/AcctSvcrRef"))
            .or(text(at(tx, "Refs/TxId")))
            .filter(|r| !r.eq_ignore_ascii_case("NOTPROVIDED"))
            .map(str::to_owned);
        let id = match (tx_ref, single) {
            (Some(r), _) => r,
            (None, true) => entry_ref.to_owned(),
            (None, false) if !entry_ref.is_empty() => format!("{entry_ref}/{}", k + 1),
            (None, false) => String::new(),
        };
        out.credits.push(StatementCredit {
            id,
            date,
            amount_minor,
            currency,
            payer: one_line(payer),
            payer_account: payer_account.replace(' ', ""),
            reference: reference.replace(' ', "").to_ascii_uppercase(),
            text: one_line(&remittance.join(" ")),
            location: tx_here,
        });
    }
}

fn amount(node: Node<'_, '_>, path: &str, here: &str, out: &mut Lines) -> Option<(i64, Currency)> {
    let Some(amt) = at(node, path) else {
        out.errors.push(Issue::new(format!("{here}/{path}"), "the amount is missing"));
        return None;
    };
    let raw = text(Some(amt)).unwrap_or("");
    let ccy = amt.attribute("Ccy").unwrap_or("");
    let Ok(currency) = ccy.parse::<Currency>() else {
        out.errors.push(Issue::new(format!("{here}/{path}"), format!("\"{ccy}\" is not an ISO 4217 currency code")));
        return None;
    };
    match Decimal::parse(raw).and_then(|d| d.to_minor_exact(currency)) {
        Some(v) if v > 0 => Some((v, currency)),
        _ => {
            out.errors.push(Issue::new(
                format!("{here}/{path}"),
                format!(
                    "\"{raw}\" is not an amount in {} (more than zero, at most {} decimals)",
                    currency.code(),
                    currency.exponent()
                ),
            ));
            None
        }
    }
}
