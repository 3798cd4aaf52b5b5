//! Behaviour of each reader on small files written here, so these run with or without the
//! shared samples.

use crate::common;

use chrono::NaiveDate;
use duly_import::{
    BusinessIdentity, ColumnMapping, DateOrder, DecimalSeparator, Direction, DocumentKind, Field, Format,
    ImportOptions, classify, import_file,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn opts() -> ImportOptions {
    ImportOptions::default()
}

#[test]
fn ubl_invoice_reads_every_field_and_prepaid_is_deducted() {
    let xml = common::ubl_invoice("Invoice", "ACM-7", "1000.00");
    // Named .csv on purpose: the content decides.
    let r = import_file("renamed.csv", xml.as_bytes(), &opts());
    assert!(r.is_ok(), "{:?}", r.errors);
    assert_eq!(r.format, Some(Format::Ubl));
    let inv = &r.invoices[0];
    assert_eq!((inv.number.as_str(), inv.issue_date, inv.due_date), ("ACM-7", d(2024, 3, 1), Some(d(2024, 3, 31))));
    assert_eq!((inv.currency.code(), inv.total, inv.amount_due), ("RON", 119_000, 100_000));
    assert_eq!(inv.kind, DocumentKind::Invoice);
    assert!(!inv.needs_review);
    assert_eq!(inv.seller.name.as_deref(), Some("Acme SRL"));
    assert_eq!(inv.seller.trading_name.as_deref(), Some("Acme"));
    assert_eq!(inv.seller.tax_id.as_deref(), Some("RO1234567"));
    assert_eq!(inv.seller.registration_id.as_deref(), Some("J12/345/2020"));
    assert_eq!(inv.seller.address.as_ref().unwrap().city.as_deref(), Some("Cluj-Napoca"));
    assert_eq!(inv.buyer.email.as_deref(), Some("plati@client.ro"));
    assert_eq!(inv.lines.len(), 1);
    assert_eq!(
        (inv.lines[0].quantity, inv.lines[0].unit_price, inv.lines[0].amount),
        (Some(10_000), Some(10_000), Some(100_000))
    );
}

#[test]
fn credit_notes_are_negative_and_flagged() {
    let xml = common::ubl_invoice("CreditNote", "CN-1", "1000.00");
    let r = import_file("cn.xml", xml.as_bytes(), &opts());
    assert!(r.is_ok(), "{:?}", r.errors);
    let inv = &r.invoices[0];
    assert_eq!(inv.kind, DocumentKind::CreditNote);
    assert_eq!((inv.total, inv.amount_due), (-119_000, -100_000));
    assert_eq!(inv.lines[0].amount, Some(-100_000));
    assert!(inv.needs_review);
}

#[test]
fn xml_errors_point_at_the_element_and_amounts_are_never_rounded() {
    let xml =
        common::ubl_invoice("Invoice", "ACM-8", "1000.005").replace("<cbc:IssueDate>2024-03-01</cbc:IssueDate>", "");
    let r = import_file("bad.xml", xml.as_bytes(), &opts());
    assert!(r.invoices.is_empty());
    let locs: Vec<&str> = r.errors.iter().map(|e| e.location.as_str()).collect();
    assert!(locs.contains(&"/Invoice/cbc:IssueDate"), "{locs:?}");
    let payable = r.errors.iter().find(|e| e.location == "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount").unwrap();
    assert!(payable.message.contains("1000.005") && payable.message.contains("does not round"), "{}", payable.message);
}

const CII: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocument><ram:ID>RE-1</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20240105</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:SpecifiedTradeProduct><ram:Name>Beratung</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>0.8403</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">100</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement><ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>84.03</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty><ram:Name>Lieferant GmbH</ram:Name><ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">201/113/40209</ram:ID></ram:SpecifiedTaxRegistration><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Kunde AG</ram:Name><ram:URIUniversalCommunication><ram:URIID schemeID="EM">buchhaltung@kunde.de</ram:URIID></ram:URIUniversalCommunication></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradePaymentTerms><ram:Description>Skonto</ram:Description></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">20240204</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:GrandTotalAmount currencyID="GBP">86.00</ram:GrandTotalAmount>
        <ram:GrandTotalAmount currencyID="EUR">100.00</ram:GrandTotalAmount>
        <ram:TotalPrepaidAmount>40.00</ram:TotalPrepaidAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"#;

#[test]
fn cii_picks_the_invoice_currency_total_and_derives_the_amount_due() {
    let r = import_file("x.xml", CII.as_bytes(), &opts());
    assert!(r.is_ok(), "{:?}", r.errors);
    assert_eq!(r.format, Some(Format::Cii));
    let inv = &r.invoices[0];
    assert_eq!((inv.total, inv.amount_due, inv.due_date), (10_000, 6_000, Some(d(2024, 2, 4))));
    assert_eq!(inv.seller.tax_id.as_deref(), Some("DE123456789"));
    assert_eq!(inv.buyer.email.as_deref(), Some("buchhaltung@kunde.de"));
    assert_eq!(inv.lines[0].unit_price, Some(84));
    assert!(inv.warnings.iter().any(|w| w.contains("0.8403")), "{:?}", inv.warnings);
}

/// Every lexical form XML Schema allows for `xs:decimal` and `xs:date` is a value a valid
/// e-invoice may carry; each one here was refused or misread by some importer once.
#[test]
fn ubl_reads_every_lexical_form_the_schema_allows() {
    let base = common::ubl_invoice("Invoice", "LEX-1", "1000.00");
    let cases: &[(&str, &str, &str)] = &[
        (
            "a trailing point",
            "<cbc:PayableAmount currencyID=\"RON\">1000.00<",
            "<cbc:PayableAmount currencyID=\"RON\">1000.<",
        ),
        (
            "a plus sign",
            "<cbc:PayableAmount currencyID=\"RON\">1000.00<",
            "<cbc:PayableAmount currencyID=\"RON\">+1000.00<",
        ),
        (
            "leading zeros",
            "<cbc:PayableAmount currencyID=\"RON\">1000.00<",
            "<cbc:PayableAmount currencyID=\"RON\">0001000.00<",
        ),
        (
            "whitespace around",
            "<cbc:PayableAmount currencyID=\"RON\">1000.00<",
            "<cbc:PayableAmount currencyID=\"RON\">\n\t 1000.00 \n<",
        ),
        ("a quantity written 10.", "unitCode=\"HUR\">10<", "unitCode=\"HUR\">10.<"),
        (
            "a leading point",
            "<cbc:PrepaidAmount currencyID=\"RON\">190.00<",
            "<cbc:PrepaidAmount currencyID=\"RON\">190.<",
        ),
        ("a date in UTC", "<cbc:IssueDate>2024-03-01<", "<cbc:IssueDate>2024-03-01Z<"),
        ("a date with a positive zone", "<cbc:IssueDate>2024-03-01<", "<cbc:IssueDate>2024-03-01+14:00<"),
        ("a date with a negative zone", "<cbc:DueDate>2024-03-31<", "<cbc:DueDate>2024-03-31-05:00<"),
        ("a date with whitespace", "<cbc:DueDate>2024-03-31<", "<cbc:DueDate>\n  2024-03-31\n<"),
    ];
    for (what, from, to) in cases {
        assert_eq!(base.matches(from).count(), 1, "{what}: the fixture changed");
        let xml = base.replace(from, to);
        let r = import_file("lex.xml", xml.as_bytes(), &opts());
        assert!(r.is_ok(), "{what}: {:?}", r.errors);
        let inv = &r.invoices[0];
        assert_eq!((inv.issue_date, inv.due_date), (d(2024, 3, 1), Some(d(2024, 3, 31))), "{what}");
        assert_eq!((inv.total, inv.amount_due), (119_000, 100_000), "{what}");
        assert_eq!(inv.lines[0].quantity, Some(10_000), "{what}");
    }
    // A leading point alone is a number too; a bare point, a doubled sign or a bad zone are not.
    let half =
        base.replace(">190.00<", ">.50<").replace(">1000.00</cbc:PayableAmount>", ">1189.50</cbc:PayableAmount>");
    let r = import_file("half.xml", half.as_bytes(), &opts());
    assert!(r.is_ok(), "{:?}", r.errors);
    for (bad, field) in
        [(">.<", "PayableAmount"), (">+-1000.00<", "PayableAmount"), (">2024-03-01+25:00<", "IssueDate")]
    {
        let target = if field == "IssueDate" { ">2024-03-01<" } else { ">1000.00</cbc:PayableAmount>" };
        let replacement = if field == "IssueDate" {
            bad.to_owned()
        } else {
            format!("{}</cbc:PayableAmount>", &bad[..bad.len() - 1])
        };
        let r = import_file("bad.xml", base.replace(target, &replacement).as_bytes(), &opts());
        assert!(!r.is_ok(), "{bad} must be refused");
        assert!(r.errors.iter().any(|e| format!("{e:?}").contains(field)), "{bad}: {:?}", r.errors);
    }
}

#[test]
fn cii_reads_signs_points_and_zeros_in_amounts() {
    let xml =
        CII.replace(">100.00</ram:GrandTotalAmount>", ">+0100.</ram:GrandTotalAmount>").replace(">40.00<", ">40.<");
    assert_ne!(xml, CII);
    let r = import_file("x.xml", xml.as_bytes(), &opts());
    assert!(r.is_ok(), "{:?}", r.errors);
    assert_eq!((r.invoices[0].total, r.invoices[0].amount_due), (10_000, 6_000));
}

#[test]
fn factur_x_reads_the_attachment_exactly() {
    let pdf = common::pdf_with_attachment("factur-x.xml", CII.as_bytes(), true);
    let r = import_file("rechnung.pdf", &pdf, &opts());
    assert!(r.is_ok(), "{:?}", r.errors);
    assert_eq!(r.format, Some(Format::Facturx));
    assert_eq!(r.invoices[0].number, "RE-1");
    assert!(!r.invoices[0].needs_review);
}

#[test]
fn plain_pdf_values_come_from_labels_and_need_review() {
    let pdf = common::text_pdf(&[
        &["Studio Foo SRL"],
        &["Factura nr.", "SF-2024-031"],
        &["Data emiterii:", "14.02.2024"],
        &["Data scadentei:", "15.03.2024"],
        &["Client:", "Bar Consulting SA"],
        &["Total de plata", "2.380,00 RON"],
    ]);
    let r = import_file("factura.pdf", &pdf, &opts());
    assert!(r.is_ok(), "{:?}", r.errors);
    assert_eq!(r.format, Some(Format::Pdf));
    let inv = &r.invoices[0];
    assert_eq!(
        (inv.number.as_str(), inv.issue_date, inv.due_date),
        ("SF-2024-031", d(2024, 2, 14), Some(d(2024, 3, 15)))
    );
    assert_eq!((inv.currency.code(), inv.amount_due), ("RON", 238_000));
    assert_eq!(inv.seller.name.as_deref(), Some("Studio Foo SRL"));
    assert_eq!(inv.buyer.name.as_deref(), Some("Bar Consulting SA"));
    assert!(inv.needs_review);
}

#[test]
fn csv_windows_1250_semicolons_decimal_comma_and_day_first() {
    let text = "Nr. factură;Data;Scadenţa;Client;Descriere;Cantitate;Preţ unitar;Total;Monedă\n\
                F-1;05.02.2024;06/03/2024;Şcoala Ţăndărei;Consultanţă;2;500,50;1.001,00;RON\n\
                F-1;05.02.2024;06/03/2024;Şcoala Ţăndărei;Deplasare;1;0;1.001,00;RON\n\
                F-2;28/02/2024;13/03/2024;Ana Pop;Logo;1;250;250;RON\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1250.encode(text);
    let r = import_file("export.csv", &bytes, &opts());
    assert!(r.is_ok(), "{:?}", r.errors);
    assert_eq!(r.invoices.len(), 2, "rows sharing a number are one invoice");
    let f1 = &r.invoices[0];
    assert_eq!(f1.buyer.name.as_deref(), Some("Şcoala Ţăndărei"));
    assert_eq!((f1.total, f1.due_date), (100_100, Some(d(2024, 3, 6))));
    assert_eq!(f1.lines.len(), 2);
    assert_eq!((f1.lines[0].quantity, f1.lines[0].unit_price), (Some(2_000), Some(50_050)));
    assert!(r.warnings.iter().any(|w| w.message.contains("windows-1250")), "{:?}", r.warnings);
    assert!(r.warnings.iter().any(|w| w.message.contains("day-first")));
}

#[test]
fn csv_ambiguity_is_reported_not_guessed_and_hints_resolve_it() {
    let text =
        "Invoice Number,Invoice Date,Due Date,Client,Total,Currency\nA-1,03/04/2024,05/06/2024,Acme,\"1,500\",EUR\n";
    let r = import_file("amb.csv", text.as_bytes(), &opts());
    assert!(r.invoices.is_empty());
    let msgs: Vec<String> = r.errors.iter().map(|e| format!("{}: {}", e.location, e.message)).collect();
    assert!(
        msgs.iter().any(|m| m.starts_with("row 2, column Total") && m.contains("decimal point or comma")),
        "{msgs:?}"
    );
    let hinted = ImportOptions {
        date_order: Some(DateOrder::MonthFirst),
        decimal_separator: Some(DecimalSeparator::Point),
        ..opts()
    };
    let r = import_file("amb.csv", text.as_bytes(), &hinted);
    assert!(r.is_ok(), "{:?}", r.errors);
    assert_eq!((r.invoices[0].issue_date, r.invoices[0].total), (d(2024, 3, 4), 150_000));
}

#[test]
fn csv_errors_name_row_and_column_and_fail_the_whole_file() {
    let text = "Invoice Number,Invoice Date,Due Date,Total,Currency\nA-1,2024-01-02,2024-02-01,10.00,EUR\nA-2,2024-01-03,soon,12.00,EUR\n";
    let r = import_file("e.csv", text.as_bytes(), &opts());
    assert!(!r.is_ok());
    assert_eq!(r.errors[0].location, "row 3, column Due Date");
    assert!(r.errors[0].message.contains("soon"));
}

#[test]
fn csv_without_currency_uses_the_default_and_asks_for_review() {
    let text = "Date,Due,Details,Client,Status,Total\n\"Jan 28 2021\",\"Feb 27 2021\",\"INV-1\",\"Bruce Wayne\",\"Due\",\"1,020.00\"\n";
    let r = import_file("invoicely.csv", text.as_bytes(), &opts());
    assert!(r.errors.iter().any(|e| e.message.contains("choose the currency")), "{:?}", r.errors);
    let r = import_file(
        "invoicely.csv",
        text.as_bytes(),
        &ImportOptions { default_currency: Some("EUR".parse().unwrap()), ..opts() },
    );
    assert!(r.is_ok(), "{:?}", r.errors);
    let inv = &r.invoices[0];
    assert_eq!((inv.currency.code(), inv.total, inv.due_date), ("EUR", 102_000, Some(d(2021, 2, 27))));
    assert!(inv.needs_review);
}

#[test]
fn a_remembered_mapping_reads_an_unknown_export() {
    let mut mapping = ColumnMapping::default();
    for (f, h) in [
        (Field::Number, "Ref"),
        (Field::IssueDate, "Raised"),
        (Field::Total, "Gross"),
        (Field::Currency, "Cur"),
        (Field::BuyerName, "Who"),
    ] {
        mapping.columns.insert(f, h.to_owned());
    }
    let json = serde_json::to_string(&mapping).unwrap();
    let remembered: ColumnMapping = serde_json::from_str(&json).unwrap();
    let text = "ref|raised|gross|cur|who\nQ1|2024-05-01|99.90|USD|Jo\n";
    let r = import_file("odd.txt", text.as_bytes(), &ImportOptions { mapping: Some(remembered), ..opts() });
    assert!(r.is_ok(), "{:?}", r.errors);
    assert_eq!(
        (r.invoices[0].number.as_str(), r.invoices[0].total, r.invoices[0].buyer.name.as_deref()),
        ("Q1", 9_990, Some("Jo"))
    );
}

#[test]
fn client_lists_are_recognised_as_the_wrong_file() {
    let r = import_file("clients.csv", b"Client Name,Email,Phone,Country\nAlex,a@x.io,1,US\n", &opts());
    assert!(r.errors[0].message.contains("client list"), "{:?}", r.errors);
}

#[test]
fn direction_rejects_bills_to_the_user() {
    let xml = common::ubl_invoice("Invoice", "ACM-9", "1000.00");
    let inv = &import_file("i.xml", xml.as_bytes(), &opts()).invoices[0];
    let seller = BusinessIdentity { name: None, tax_id: Some("1234567".into()) };
    assert_eq!(classify(inv, &seller), Direction::Receivable);
    let buyer = BusinessIdentity { name: Some("CLIENT S.A.".into()), tax_id: None };
    assert_eq!(classify(inv, &buyer), Direction::Rejected { reason: duly_import::BUYER_REASON.into() });
    assert_eq!(classify(inv, &BusinessIdentity::default()), Direction::Receivable);
}

#[test]
fn the_result_serialises_to_the_shape_the_cli_prints() {
    let xml = common::ubl_invoice("Invoice", "ACM-10", "1000.00");
    let r = import_file("i.xml", xml.as_bytes(), &opts());
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["file"], "i.xml");
    assert_eq!(v["format"], "ubl");
    let inv = &v["invoices"][0];
    for key in [
        "number",
        "issue_date",
        "due_date",
        "currency",
        "total",
        "amount_due",
        "seller",
        "buyer",
        "needs_review",
        "lines",
        "kind",
    ] {
        assert!(inv.get(key).is_some(), "missing {key}");
    }
    assert_eq!(inv["currency"], "RON");
    assert_eq!(inv["issue_date"], "2024-03-01");
    assert_eq!(inv["amount_due"], 100_000);
    assert_eq!(inv["kind"], "invoice");
    let bad = serde_json::to_value(import_file("b.xml", b"<x/>", &opts())).unwrap();
    assert!(bad["errors"][0].get("where").is_some() && bad["errors"][0].get("message").is_some());
}

#[test]
fn csv_columns_show_the_header_row_samples_and_the_mapping_in_use() {
    // Three preamble lines above the header, as Invoice Ninja v4 writes them.
    let text = "Exported by a tool\n,,\nINVOICES,,\nInvoice Number,Invoice Date,Client,Amount\nA-1,2024-01-02,Acme,10.00\nA-2,2024-01-03,Beta,20.00\n";
    let cols = duly_import::csv_columns(text.as_bytes(), None).unwrap();
    assert_eq!(cols.headers, ["Invoice Number", "Invoice Date", "Client", "Amount"]);
    assert_eq!(cols.samples, [["A-1", "2024-01-02", "Acme", "10.00"], ["A-2", "2024-01-03", "Beta", "20.00"]]);
    assert_eq!(cols.preset, Some(duly_import::Preset::Generic));
    assert_eq!(cols.mapping.columns.get(&Field::Number).map(String::as_str), Some("Invoice Number"));
    // Nothing recognised: the first row is shown, no preset, nothing mapped.
    let unknown = duly_import::csv_columns(b"Ref;When\nR-1;2024-01-02\n", None).unwrap();
    assert_eq!((unknown.headers.len(), unknown.preset, unknown.mapping.columns.len()), (2, None, 0));
}
