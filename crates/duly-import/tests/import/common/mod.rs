//! Where the shared real-world samples live, and the rule for when they are missing.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/samples` beside the repository, read in place: their licences allow testing but
/// not redistribution, so they are never copied into the project.
pub fn samples_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("sample invoices not found at {}: CI must have ../shared/samples beside the repository", dir.display());
    }
    eprintln!(
        "\n*** SKIPPED: sample invoices not found at {} (tests over real samples did not run) ***\n",
        dir.display()
    );
    None
}

/// Rows of a TSV file as maps from column name to value.
pub fn read_tsv(path: &std::path::Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t').chain(std::iter::repeat("")))
                .map(|(h, v)| ((*h).to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

/// A one-page PDF whose text lines are placed top to bottom, each line's cells separated into
/// columns; built with lopdf so tests need no sample files.
pub fn text_pdf(lines: &[&[&str]]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut ops = vec![Operation::new("BT", vec![]), Operation::new("Tf", vec!["F1".into(), 10.into()])];
    for (i, cells) in lines.iter().enumerate() {
        for (j, cell) in cells.iter().enumerate() {
            let y = 800 - 14 * i64::try_from(i).unwrap();
            let x = 40 + 250 * i64::try_from(j).unwrap();
            ops.push(Operation::new("Tm", vec![1.into(), 0.into(), 0.into(), 1.into(), x.into(), y.into()]));
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(cell);
            ops.push(Operation::new("Tj", vec![Object::String(bytes.into_owned(), lopdf::StringFormat::Literal)]));
        }
    }
    ops.push(Operation::new("ET", vec![]));
    let content_id = doc.add_object(Stream::new(dictionary! {}, Content { operations: ops }.encode().unwrap()));
    let page_id = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => content_id });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1, "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A PDF carrying `xml` as an attachment named `name` (Factur-X style), optionally deflated.
pub fn pdf_with_attachment(name: &str, xml: &[u8], deflate: bool) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let base = text_pdf(&[&["Rechnung"]]);
    let mut doc = Document::load_mem(&base).unwrap();
    let mut stream = Stream::new(dictionary! { "Type" => "EmbeddedFile", "Subtype" => "text/xml" }, xml.to_vec());
    if deflate {
        use std::io::Write;
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(xml).unwrap();
        stream = Stream::new(
            dictionary! { "Type" => "EmbeddedFile", "Subtype" => "text/xml", "Filter" => "FlateDecode" },
            enc.finish().unwrap(),
        );
        stream.allows_compression = false;
    }
    let file_id = doc.add_object(stream);
    let spec_id = doc.add_object(dictionary! {
        "Type" => "Filespec", "F" => Object::string_literal(name), "UF" => Object::string_literal(name),
        "EF" => dictionary! { "F" => file_id }, "AFRelationship" => "Alternative",
    });
    let catalog_id = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let names = dictionary! { "EmbeddedFiles" => dictionary! { "Names" => vec![Object::string_literal(name), spec_id.into()] } };
    let catalog = doc.get_dictionary_mut(catalog_id).unwrap();
    catalog.set("Names", names);
    catalog.set("AF", vec![spec_id.into()]);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A minimal valid UBL invoice; `extra` is spliced before the closing tag's monetary totals.
pub fn ubl_invoice(root: &str, number: &str, payable: &str) -> String {
    let (ns, line, qty) = if root == "CreditNote" {
        ("urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2", "CreditNoteLine", "CreditedQuantity")
    } else {
        ("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "InvoiceLine", "InvoicedQuantity")
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<{root} xmlns="{ns}" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>{number}</cbc:ID>
  <cbc:IssueDate>2024-03-01</cbc:IssueDate>
  <cbc:DueDate>2024-03-31</cbc:DueDate>
  <cbc:DocumentCurrencyCode>RON</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyName><cbc:Name>Acme</cbc:Name></cac:PartyName>
    <cac:PostalAddress><cbc:StreetName>Str. Lungă 1</cbc:StreetName><cbc:CityName>Cluj-Napoca</cbc:CityName><cac:Country><cbc:IdentificationCode>RO</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>RO1234567</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Acme SRL</cbc:RegistrationName><cbc:CompanyID>J12/345/2020</cbc:CompanyID></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PartyLegalEntity><cbc:RegistrationName>Client SA</cbc:RegistrationName></cac:PartyLegalEntity>
    <cac:Contact><cbc:ElectronicMail>plati@client.ro</cbc:ElectronicMail></cac:Contact>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:LegalMonetaryTotal>
    <cbc:TaxInclusiveAmount currencyID="RON">1190.00</cbc:TaxInclusiveAmount>
    <cbc:PrepaidAmount currencyID="RON">190.00</cbc:PrepaidAmount>
    <cbc:PayableAmount currencyID="RON">{payable}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:{line}><cbc:ID>1</cbc:ID><cbc:{qty} unitCode="HUR">10</cbc:{qty}><cbc:LineExtensionAmount currencyID="RON">1000.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Design work</cbc:Name></cac:Item><cac:Price><cbc:PriceAmount currencyID="RON">100.0000</cbc:PriceAmount></cac:Price></cac:{line}>
</{root}>"#
    )
}

/// Zlib data of about `compressed_len` bytes that inflates to spaces, about 1000 times its size
/// (a 20 MB stream inflates to some 20 GB). Built by repeating one sync-flushed block of a
/// megabyte of spaces, so making even the largest one takes milliseconds. It never ends (no
/// final block): any reader hits its size limit first, or reports the stream as truncated.
pub fn flate_bomb(compressed_len: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    fn deflate(c: &mut Compress, input: &[u8], out: &mut Vec<u8>) {
        let mut buf = vec![0u8; 64 * 1024];
        let mut rest = input;
        loop {
            let (before_in, before_out) = (c.total_in(), c.total_out());
            c.compress(rest, &mut buf, FlushCompress::Sync).unwrap();
            let consumed = usize::try_from(c.total_in() - before_in).unwrap();
            let produced = usize::try_from(c.total_out() - before_out).unwrap();
            out.extend_from_slice(&buf[..produced]);
            rest = &rest[consumed..];
            if rest.is_empty() && produced < buf.len() {
                break;
            }
        }
    }
    let spaces = vec![b' '; 1 << 20];
    let mut c = Compress::new(Compression::best(), true);
    let mut out = Vec::with_capacity(compressed_len + (64 << 10));
    deflate(&mut c, &spaces, &mut out);
    let mut block = Vec::new();
    deflate(&mut c, &spaces, &mut block);
    // Every block only refers back into spaces, so repeating it is valid deflate data.
    while out.len() < compressed_len {
        out.extend_from_slice(&block);
    }
    out
}

/// A PDF with one deflated stream of `zlib` data referenced as the embedded file of `entries`
/// file specifications named `factur-x.xml`, `invoice-1.xml`, ...: the shape of issue 15's PDF
/// that tied the app up (each entry inflated and scanned again).
pub fn pdf_many_attachments_one_stream(zlib: Vec<u8>, entries: usize) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let base = text_pdf(&[&["Rechnung"]]);
    let mut doc = Document::load_mem(&base).unwrap();
    let mut stream =
        Stream::new(dictionary! { "Type" => "EmbeddedFile", "Subtype" => "text/xml", "Filter" => "FlateDecode" }, zlib);
    stream.allows_compression = false;
    let file_id = doc.add_object(stream);
    let mut names = Vec::new();
    for i in 0..entries {
        let name = if i == 0 { "factur-x.xml".to_owned() } else { format!("invoice-{i}.xml") };
        let spec_id = doc.add_object(dictionary! {
            "Type" => "Filespec", "F" => Object::string_literal(name.as_str()), "UF" => Object::string_literal(name.as_str()),
            "EF" => dictionary! { "F" => file_id },
        });
        names.push(Object::string_literal(name.as_str()));
        names.push(spec_id.into());
    }
    let catalog_id = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = doc.get_dictionary_mut(catalog_id).unwrap();
    catalog.set("Names", dictionary! { "EmbeddedFiles" => dictionary! { "Names" => names } });
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A one-page PDF whose page uses `fonts` fonts that all share one ToUnicode CMap stream of
/// `zlib` data, and whose content lists that same stream `fonts` times.
pub fn pdf_many_fonts_one_cmap(zlib: Vec<u8>, fonts: usize) -> Vec<u8> {
    use lopdf::{Dictionary, Document, Object, Stream, dictionary};
    let base = text_pdf(&[&["Rechnung"]]);
    let mut doc = Document::load_mem(&base).unwrap();
    let mut stream = Stream::new(dictionary! { "Filter" => "FlateDecode" }, zlib);
    stream.allows_compression = false;
    let cmap_id = doc.add_object(stream);
    let mut font_res = Dictionary::new();
    for i in 0..fonts {
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "ToUnicode" => cmap_id,
        });
        font_res.set(format!("F{i}"), font);
    }
    let page_id = doc.page_iter().next().unwrap();
    let page = doc.get_dictionary_mut(page_id).unwrap();
    page.set("Resources", dictionary! { "Font" => font_res });
    page.set("Contents", vec![Object::Reference(cmap_id); fonts]);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}
