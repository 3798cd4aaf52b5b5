//! Renders every document in every language, extracts its text with poppler and checks that
//! numbers, amounts, dates and diacritics come out exactly as each language writes them.

use crate::common;

use chrono::NaiveDate;
use common::{assert_contains_all, info, info_value, pages, poppler_available, text};
use duly_core::{Language, LineItem, Money, Quantity, amount_due, compute_totals, format_date, format_money};
use duly_pdf::{
    InvoiceLine, PaperSize, PdfError, page_of, render_demand_letter, render_invoice, render_statement, samples,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn invoices_read_back_exactly_in_each_language() {
    if !poppler_available("invoices_read_back_exactly_in_each_language") {
        return;
    }
    for language in Language::ALL {
        let inv = samples::invoice(language);
        let pdf = render_invoice(&inv).unwrap();
        let txt = text(&pdf);
        let m = |minor: i64| format_money(Money::new(minor, inv.currency), language);
        let items: Vec<LineItem> = inv
            .lines
            .iter()
            .map(|l| LineItem {
                description: l.description.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price_minor,
            })
            .collect();
        let totals = compute_totals(&items, inv.tax_rate).unwrap();
        let mut expected = vec![
            inv.number.clone(),
            inv.seller.name.clone(),
            inv.client.name.clone(),
            format_date(inv.issue_date, language),
            format_date(inv.due_date, language),
            m(totals.subtotal),
            m(totals.tax),
            m(totals.total),
            m(amount_due(totals.total, inv.paid_minor)),
            inv.payment.reference.clone(),
            page_of(1, 1, language),
        ];
        for item in &items {
            expected.push(m(item.unit_price));
            expected.push(m(item.amount()));
        }
        assert_contains_all(&txt, &expected);
        match language {
            Language::En => assert_contains_all(
                &txt,
                &[
                    "€6,681.98".into(),
                    "Amount due".into(),
                    "IE29 AIBK 9311 5212 3456 78".into(),
                    "2% discount if paid within 10 days of the invoice date (by 11 October 2026)".into(),
                    "interest of 1% per month".into(),
                ],
            ),
            Language::Id => assert_contains_all(
                &txt,
                &[
                    "Faktur".into(),
                    "Rp 15.000.000".into(),
                    "Sisa tagihan".into(),
                    "PPN 11%".into(),
                    "1 Oktober 2026".into(),
                    "Halaman 1 dari 1".into(),
                ],
            ),
            Language::Ro => assert_contains_all(
                &txt,
                &[
                    "Factură".into(),
                    "Fabrica de Încălțăminte Târgu Mureș SRL".into(),
                    "TVA 19 %".into(),
                    "Condiții de plată".into(),
                    "Plata se efectuează în termen de 30 de zile de la data facturii, până la 31 octombrie 2026."
                        .into(),
                    "8.500,00 lei".into(),
                    "Ședință de analiză a designului".into(),
                    "Pagina 1 din 1".into(),
                ],
            ),
        }
    }
}

#[test]
fn statements_subtotal_each_currency_separately() {
    if !poppler_available("statements_subtotal_each_currency_separately") {
        return;
    }
    for language in Language::ALL {
        let st = samples::statement(language);
        let txt = text(&render_statement(&st).unwrap());
        let mut expected = vec![format_date(st.as_of, language), st.client.name.clone()];
        let mut sums: std::collections::BTreeMap<&str, Money> = Default::default();
        for e in &st.entries {
            expected.push(e.number.clone());
            expected.push(format_date(e.issue_date, language));
            expected.push(format_date(e.due_date, language));
            expected.push(format_money(e.balance, language));
            let sum = sums.entry(e.balance.currency.code()).or_insert(Money::zero(e.balance.currency));
            *sum = sum.checked_add(e.balance).unwrap();
        }
        for (code, sum) in &sums {
            expected.push(format!("Total {code}"));
            expected.push(format_money(*sum, language));
        }
        assert_contains_all(&txt, &expected);
    }
    let ro = text(&render_statement(&samples::statement(Language::Ro)).unwrap());
    assert_contains_all(
        &ro,
        &[
            "Situația facturilor neachitate".into(),
            "Facturi neachitate în EUR".into(),
            "3.160,25 €".into(),
            "7.423,50 lei".into(),
        ],
    );
    // Days overdue as of 23 November 2026: due 13 September is 71 days late.
    let en = text(&render_statement(&samples::statement(Language::En)).unwrap());
    let line = en.lines().find(|l| l.contains("INV-2026-009")).unwrap();
    assert!(line.contains(" 71 "), "{line}");
}

#[test]
fn demand_letters_state_amounts_deadline_and_history() {
    if !poppler_available("demand_letters_state_amounts_deadline_and_history") {
        return;
    }
    for language in Language::ALL {
        let letter = samples::demand_letter(language);
        let txt = text(&render_demand_letter(&letter).unwrap());
        let mut expected = vec![
            letter.recipient.name.clone(),
            letter.sender.name.clone(),
            format_date(letter.date, language),
            letter.signatory.name.clone(),
        ];
        // A Romanian somație gives its term in days from receipt (art. 1015 CPC), not a date.
        if language != Language::Ro {
            expected.push(format_date(letter.deadline, language));
        }
        let mut total = Money::zero(letter.invoices[0].total.currency);
        for inv in &letter.invoices {
            let owed = Money::new(amount_due(inv.total.minor, inv.paid.minor), inv.total.currency);
            expected.push(inv.number.clone());
            expected.push(format_money(inv.total, language));
            expected.push(format_money(owed, language));
            total = total.checked_add(owed).unwrap();
        }
        for charge in &letter.charges {
            expected.push(format_money(charge.amount, language));
            total = total.checked_add(charge.amount).unwrap();
        }
        expected.push(format_money(total, language));
        for record in &letter.history {
            let date = record.date();
            expected.push(format_date(date, language));
        }
        let text_flat = txt.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_contains_all(&txt, &expected);
        match language {
            Language::En => assert_contains_all(
                &text_flat,
                &[
                    "Formal demand for payment of invoices INV-2026-009, INV-2026-011".into(),
                    // An Irish business under the directive's minimum (Ireland's own act is not encoded).
                    "Under Directive 2011/7/EU on combating late payment in commercial transactions".into(),
                    "We hereby formally demand payment of €2,864.41 in full no later than 8 December 2026.".into(),
                    "Payment reminder for invoice INV-2026-009 sent by email.".into(),
                    "Dear Lena Vogel,".into(),
                    "Yours sincerely,".into(),
                ],
            ),
            Language::Id => assert_contains_all(
                &text_flat,
                &[
                    "Kepada Yth.".into(),
                    "Perihal: Somasi atas tagihan faktur INV/2026/009, INV/2026/011".into(),
                    "Dengan hormat,".into(),
                    "Sehubungan dengan faktur-faktur yang tercantum di bawah ini".into(),
                    "dengan ini kami sampaikan bahwa hingga saat ini faktur-faktur tersebut belum dibayar lunas".into(),
                    "berdasarkan Pasal 1238 KUHPerdata, kami menegur Saudara untuk melunasi".into(),
                    "selambat-lambatnya pada tanggal 8 Desember 2026".into(),
                    "Nomor rekening".into(),
                    "Panggilan telepon.".into(),
                    "Hormat kami,".into(),
                ],
            ),
            Language::Ro => assert_contains_all(
                &text_flat,
                &[
                    "Somație de plată pentru facturile SID 2026-009, SID 2026-011".into(),
                    "Stimată doamnă, stimate domn,".into(),
                    "Vă aducem la cunoștință că facturile de mai jos".into(),
                    "În temeiul art. 1014 din Codul de procedură civilă, vă somăm ca, în termen de 15 zile de la primirea prezentei somații, să achitați integral suma de".into(),
                    "emiterea unei ordonanțe de plată".into(),
                    "Convorbire telefonică. Rezultat: Am vorbit cu dna Mureșan".into(),
                    "Notificare de plată pentru factura SID 2026-009 transmisă prin e-mail.".into(),
                    "Cu stimă,".into(),
                ],
            ),
        }
    }
    let id = text(&render_demand_letter(&samples::demand_letter(Language::Id)).unwrap());
    assert!(!id.contains("IBAN"), "an Indonesian rekening number is not an IBAN:\n{id}");
    let sen: Vec<&str> = id
        .split_whitespace()
        // A decimal comma: digits on both sides ("22," ending a citation is punctuation).
        .filter(|w| {
            w.chars().next().is_some_and(|c| c.is_ascii_digit())
                && w.split_once(',').is_some_and(|(_, d)| d.starts_with(|c: char| c.is_ascii_digit()))
        })
        .collect();
    assert!(sen.is_empty(), "rupiah amounts are whole, found {sen:?}");
    let ro = text(&render_demand_letter(&samples::demand_letter(Language::Ro)).unwrap());
    for ch in ['ș', 'ț', 'ă', 'î', 'â', 'Î'] {
        assert!(ro.contains(ch), "{ch} lost in extraction");
    }
}

#[test]
fn a_200_line_invoice_flows_over_pages_with_every_line() {
    if !poppler_available("a_200_line_invoice_flows_over_pages_with_every_line") {
        return;
    }
    let mut inv = samples::invoice(Language::En);
    inv.lines = (1..=200)
        .map(|i| InvoiceLine {
            description: format!("Support ticket #{i:03} resolved"),
            quantity: Quantity::from_whole(1 + i % 3),
            unit_price_minor: 1_000 + i,
        })
        .collect();
    let pdf = render_invoice(&inv).unwrap();
    let txt = text(&pdf);
    let n = pages(&pdf);
    // One row is 18.7 pt; an A4 page holds about 36 rows below the header and 38 on later
    // pages, then totals, terms and payment details need most of another page.
    assert!((6..=7).contains(&n), "{n} pages");
    for i in 1..=200 {
        let description = format!("Support ticket #{i:03} resolved");
        assert_eq!(txt.matches(&description).count(), 1, "{description}");
    }
    assert_eq!(txt.matches("Description").count(), n - 1, "the table header repeats on every page with lines");
    for page in 1..=n {
        assert!(txt.contains(&page_of(page, n, Language::En)), "page {page} of {n}");
    }
    assert_eq!(txt.matches("INV-2026-014 (continued)").count(), n - 1);
    assert_eq!(txt.split('\u{c}').filter(|p| !p.trim().is_empty()).count(), n);
}

#[test]
fn letter_and_a4_paper_have_their_sizes() {
    if !poppler_available("letter_and_a4_paper_have_their_sizes") {
        return;
    }
    let mut inv = samples::invoice(Language::En);
    inv.paper = PaperSize::Letter;
    let letter = info_value(&info(&render_invoice(&inv).unwrap()), "Page size");
    assert!(letter.starts_with("612 x 792 pts"), "{letter}");
    inv.paper = PaperSize::A4;
    let a4 = info_value(&info(&render_invoice(&inv).unwrap()), "Page size");
    assert!(a4.starts_with("595.") && a4.contains("x 841.") && a4.contains("(A4)"), "{a4}");
    let mut st = samples::statement(Language::Ro);
    st.paper = PaperSize::Letter;
    assert!(info_value(&info(&render_statement(&st).unwrap()), "Page size").starts_with("612 x 792"));
    let mut dl = samples::demand_letter(Language::Id);
    dl.paper = PaperSize::Letter;
    assert!(info_value(&info(&render_demand_letter(&dl).unwrap()), "Page size").starts_with("612 x 792"));
}

#[test]
fn document_properties_carry_the_documents_own_date() {
    if !poppler_available("document_properties_carry_the_documents_own_date") {
        return;
    }
    let inv = samples::invoice(Language::Ro);
    let i = info(&render_invoice(&inv).unwrap());
    assert_eq!(info_value(&i, "Title"), "Factură SID 2026-014");
    assert_eq!(info_value(&i, "Author"), "Studio Ionescu Design SRL");
    assert!(info_value(&i, "CreationDate").contains("2026"), "{i}");
}

#[test]
fn names_outside_the_common_latin_set_still_print() {
    if !poppler_available("names_outside_the_common_latin_set_still_print") {
        return;
    }
    let mut inv = samples::invoice(Language::En);
    inv.client.name = "Ελληνικά Σχέδια ΑΕ".into();
    inv.client.attention = "Андрей Петров".into();
    let txt = text(&render_invoice(&inv).unwrap());
    assert!(txt.contains("Ελληνικά Σχέδια ΑΕ"), "{txt}");
    assert!(txt.contains("Андрей Петров"), "{txt}");
}

#[test]
fn a_logo_is_drawn_and_a_broken_one_is_refused() {
    let mut inv = samples::invoice(Language::En);
    inv.logo = Some(include_bytes!("../../../../assets/icons/icon-128.png").to_vec());
    let with_logo = render_invoice(&inv).unwrap();
    assert!(
        with_logo.windows(7).any(|w| w == b"/Image "[..7].as_ref() || w == b"/Image/"[..7].as_ref()),
        "no image XObject"
    );
    inv.logo = Some(b"not an image".to_vec());
    assert!(matches!(render_invoice(&inv), Err(PdfError::Logo(_))));
}

#[test]
fn mixed_currencies_and_empty_documents_are_refused() {
    let mut st = samples::statement(Language::En);
    st.entries[0].balance = Money::new(1, "RON".parse().unwrap());
    let err = render_statement(&st).unwrap_err();
    assert!(err.to_string().contains("INV-2026-009"), "{err}");
    st.entries.clear();
    assert!(matches!(render_statement(&st), Err(PdfError::Empty(_))));
    let mut letter = samples::demand_letter(Language::En);
    letter.invoices.clear();
    assert!(matches!(render_demand_letter(&letter), Err(PdfError::Empty(_))));
}

#[test]
fn a_letter_in_several_currencies_demands_each_total_separately() {
    if !poppler_available("a_letter_in_several_currencies_demands_each_total_separately") {
        return;
    }
    let mut letter = samples::demand_letter(Language::En);
    letter.invoices.push(duly_pdf::DemandInvoice {
        number: "INV-2026-020".into(),
        issue_date: d(2026, 9, 1),
        due_date: d(2026, 10, 1),
        total: Money::new(50_000, "USD".parse().unwrap()),
        paid: Money::new(0, "USD".parse().unwrap()),
    });
    let txt = text(&render_demand_letter(&letter).unwrap());
    let flat = txt.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("€2,864.41 and $500.00"), "{flat}");
    assert!(flat.contains("Total demanded (EUR)") && flat.contains("Total demanded (USD)"), "{flat}");
}

#[test]
fn the_sepa_qr_code_scans_back_to_the_epc_payload() {
    if !poppler_available("the_sepa_qr_code_scans_back_to_the_epc_payload") {
        return;
    }
    let inv = samples::invoice(Language::En);
    let pdf = render_invoice(&inv).unwrap();
    let png = common::render_png(&pdf, 150);
    let image = image::load_from_memory(&png).expect("pdftoppm wrote a PNG").to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the page");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    let due = {
        let items: Vec<LineItem> = inv
            .lines
            .iter()
            .map(|l| LineItem {
                description: l.description.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price_minor,
            })
            .collect();
        amount_due(compute_totals(&items, inv.tax_rate).unwrap().total, inv.paid_minor)
    };
    let expected = duly_pdf::epc_payload(
        &inv.seller.name,
        &inv.payment.iban,
        &inv.payment.bic,
        Money::new(due, inv.currency),
        &inv.payment.reference,
    )
    .unwrap();
    assert_eq!(content, expected);
    assert!(content.contains("\nEUR6181.98\n"), "{content}");
}

#[test]
fn no_qr_code_is_drawn_when_the_invoice_is_not_in_euro() {
    if !poppler_available("no_qr_code_is_drawn_when_the_invoice_is_not_in_euro") {
        return;
    }
    let pdf = render_invoice(&samples::invoice(Language::Ro)).unwrap();
    let image = image::load_from_memory(&common::render_png(&pdf, 100)).unwrap().to_luma8();
    assert!(rqrr::PreparedImage::prepare(image).detect_grids().is_empty());
}
