//! Every built-in template in every language, rendered against one fixed sample invoice and
//! compared with the committed snapshot; plus the rules every message must keep.

use chrono::NaiveDate;
use duly_core::ladder::Tone;
use duly_core::{Currency, Language, Money};
use duly_messages::{
    Agreement, BUILTIN_TEMPLATES, CALL_SUMMARY, COMBINED_REMINDER, CallSummaryVars, CombinedReminderVars, INVOICE,
    InstalmentLine, InstalmentVars, Message, PAYMENT_THANKS, PaymentDetails, PaymentThanksVars, ReminderVars,
    STATEMENT, StatementLine, StatementVars, StatutoryVars, Template, TemplateKind, builtin,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn currency(code: &str) -> Currency {
    code.parse().unwrap()
}

/// One invoice per language, as that language's users would write it: issued 1 October, due
/// 31 October, 40 % paid, a late fee, written on 21 November (21 days overdue).
fn sample(language: Language) -> ReminderVars {
    let (client, contact, total, paid, fee, bank, holder, iban, bic, sender, business) = match language {
        Language::En => (
            "Northwind Studio Ltd",
            "Sarah Miller",
            Money::new(250_000, currency("EUR")),
            100_000,
            4_000,
            "Wise Europe",
            "Dana Ionescu",
            "BE11 9670 1234 5678",
            "TRWIBEB1XXX",
            "Dana Ionescu",
            "Dana Ionescu Design",
        ),
        Language::Id => (
            "PT Sinar Kreatif",
            "Budi Santoso",
            Money::new(1_500_000_000, currency("IDR")),
            600_000_000,
            15_000_000,
            "Bank Central Asia",
            "Ayu Lestari",
            "8720 1234 56",
            "CENAIDJA",
            "Ayu Lestari",
            "Studio Lestari",
        ),
        Language::Ro => (
            "Atelier Nord SRL",
            "Ioana Popescu",
            Money::new(1_190_000, currency("RON")),
            476_000,
            11_900,
            "Banca Transilvania",
            "Mihai Dumitrescu PFA",
            "RO60 BTRL 0130 1202 3456 7890",
            "BTRLRO22",
            "Mihai Dumitrescu",
            "Mihai Dumitrescu PFA",
        ),
    };
    ReminderVars {
        client_name: client.into(),
        contact_name: contact.into(),
        invoice_number: "2026-0042".into(),
        issue_date: d("2026-10-01"),
        due_date: d("2026-10-31"),
        as_of: d("2026-11-21"),
        total,
        paid,
        late_fee: fee,
        late_fee_is_interest: false,
        payment: PaymentDetails {
            bank_name: bank.into(),
            account_holder: holder.into(),
            iban: iban.into(),
            bic: bic.into(),
            reference: "2026-0042".into(),
        },
        business_name: business.into(),
        sender_name: sender.into(),
        signature: String::new(),
        previous_contact_name: String::new(),
        instalment: None,
        // Two reminders went before this one; the final demand asks payment in 15 days.
        previous_reminders: 2,
        demand_deadline: d("2026-12-06"),
        demand_days: 15,
        demand_from_receipt: language == Language::Ro,
        statutory: Default::default(),
    }
}

/// The +14 step as Duly drafts it: to the project contact, naming the billing contact who was
/// written to before.
fn escalation(language: Language) -> ReminderVars {
    let project = match language {
        Language::En => "James Carter",
        Language::Id => "Dewi Kartika",
        Language::Ro => "Andrei Stan",
    };
    let mut vars = sample(language);
    vars.previous_contact_name = std::mem::replace(&mut vars.contact_name, project.into());
    vars
}

/// The sample invoice's open 60 % in a 3-instalment plan, reminded before the second instalment
/// (due 15 December), of which a small part was already paid.
fn instalment(language: Language) -> ReminderVars {
    let mut vars = sample(language);
    let open = vars.total.minor - vars.paid;
    let share = open / 3;
    vars.as_of = d("2026-12-12");
    vars.instalment = Some(InstalmentVars {
        number: 2,
        count: 3,
        due_on: d("2026-12-15"),
        amount: share,
        remaining: share - share / 10,
        later: vec![InstalmentLine { due_on: d("2027-01-14"), amount: open - 2 * share }],
    });
    vars
}

fn call_summary(language: Language, agreement: Agreement) -> CallSummaryVars {
    let r = sample(language);
    CallSummaryVars {
        client_name: r.client_name,
        contact_name: r.contact_name,
        invoice_number: r.invoice_number,
        amount_due: Money::new(r.total.minor - r.paid, r.total.currency),
        call_date: d("2026-11-09"),
        agreement,
        payment: r.payment,
        business_name: r.business_name,
        sender_name: r.sender_name,
        signature: String::new(),
    }
}

/// A payment of the whole amount due (`part` false) or of a part of it.
fn thanks(language: Language, part: bool) -> PaymentThanksVars {
    let r = sample(language);
    let due = r.total.minor - r.paid;
    let received = if part { due / 4 } else { due };
    PaymentThanksVars {
        client_name: r.client_name,
        contact_name: r.contact_name,
        invoice_number: r.invoice_number,
        amount_received: Money::new(received, r.total.currency),
        received_on: d("2026-11-12"),
        amount_due: due - received,
        business_name: r.business_name,
        sender_name: r.sender_name,
        signature: String::new(),
    }
}

/// The sample invoice still owed and a second one not due yet, on the sample's day.
fn statement(language: Language) -> StatementVars {
    let r = sample(language);
    let currency = r.total.currency;
    StatementVars {
        client_name: r.client_name,
        contact_name: r.contact_name,
        as_of: r.as_of,
        lines: vec![
            StatementLine {
                number: r.invoice_number,
                due_date: r.due_date,
                amount_due: Money::new(r.total.minor - r.paid, currency),
            },
            StatementLine {
                number: "2026-0051".into(),
                due_date: d("2026-12-15"),
                amount_due: Money::new(r.total.minor, currency),
            },
        ],
        payment_details: r.payment,
        business_name: r.business_name,
        sender_name: r.sender_name,
        signature: String::new(),
    }
}

fn promise(language: Language) -> Agreement {
    let due = sample(language).total.minor - sample(language).paid;
    Agreement::Promise { amount: due, pay_by: d("2026-11-20") }
}

fn plan(language: Language) -> Agreement {
    let due = sample(language).total.minor - sample(language).paid;
    let first = due / 2;
    Agreement::Plan {
        instalments: vec![
            InstalmentLine { due_on: d("2026-11-30"), amount: first },
            InstalmentLine { due_on: d("2026-12-31"), amount: due - first },
        ],
    }
}

fn render(id: &str, language: Language) -> Message {
    let t = builtin(id, language).unwrap_or_else(|| panic!("{language}/{id} missing"));
    let kind = TemplateKind::of(id);
    let vars = match kind {
        TemplateKind::Reminder if id == "escalate" => escalation(language).to_value(language),
        TemplateKind::Reminder if id == "instalment_due" => instalment(language).to_value(language),
        TemplateKind::Reminder => sample(language).to_value(language),
        TemplateKind::CallSummary => call_summary(language, promise(language)).to_value(language),
        TemplateKind::PaymentThanks => thanks(language, false).to_value(language),
        TemplateKind::Statement => statement(language).to_value(language),
        TemplateKind::CombinedReminder => {
            CombinedReminderVars { statement: statement(language), tone: Tone::Polite, previous_reminders: 0 }
                .to_value(language)
        }
    };
    t.render(kind, language, &vars).unwrap_or_else(|e| panic!("{language}/{id}: {e}"))
}

fn shown(m: &Message) -> String {
    format!("Subject: {}\n\n{}\n---- html ----\n{}", m.subject, m.text, m.html)
}

#[test]
fn every_template_in_every_language_matches_its_snapshot() {
    for language in Language::ALL {
        for id in BUILTIN_TEMPLATES {
            insta::assert_snapshot!(format!("{language}__{id}"), shown(&render(id, language)));
        }
        let plan_message = call_summary(language, plan(language)).to_value(language);
        let m = builtin(CALL_SUMMARY, language)
            .unwrap()
            .render(TemplateKind::CallSummary, language, &plan_message)
            .unwrap();
        insta::assert_snapshot!(format!("{language}__call_summary_plan"), shown(&m));
        let part = thanks(language, true).to_value(language);
        let m =
            builtin(PAYMENT_THANKS, language).unwrap().render(TemplateKind::PaymentThanks, language, &part).unwrap();
        insta::assert_snapshot!(format!("{language}__payment_thanks_part"), shown(&m));
        // The firmest step leads, and earlier reminders are named only when the timeline has some.
        let firm = CombinedReminderVars { statement: statement(language), tone: Tone::Firm, previous_reminders: 2 };
        let m = builtin(COMBINED_REMINDER, language)
            .unwrap()
            .render(TemplateKind::CombinedReminder, language, &firm.to_value(language))
            .unwrap();
        insta::assert_snapshot!(format!("{language}__combined_reminder_firm"), shown(&m));
    }
}

/// The firm and final steps with what the law adds: the interest accrued to the day and the
/// fixed compensation, each with its statute; and, where a period's rate is unknown, the basis
/// without a figure.
#[test]
fn firm_and_final_steps_state_the_statutory_interest_and_compensation() {
    let euro = currency("EUR");
    for language in Language::ALL {
        for id in ["escalate", "service_pause", "final_demand"] {
            let t = builtin(id, language).unwrap();
            let mut vars = sample(language);
            vars.statutory = StatutoryVars {
                interest: Some(Money::new(vars.total.minor / 64, vars.total.currency)),
                interest_basis: "OG 13/2011 art. 3".into(),
                compensation: Some(Money::new(4_000, euro)),
                compensation_basis: "Legea nr. 72/2013".into(),
            };
            let m = t.render(TemplateKind::Reminder, language, &vars.to_value(language)).unwrap();
            insta::assert_snapshot!(format!("{language}__{id}__statutory"), shown(&m));
            // Rate unknown for some days: the basis, no figure.
            vars.statutory.interest = None;
            let m = t.render(TemplateKind::Reminder, language, &vars.to_value(language)).unwrap();
            assert!(m.text.contains("OG 13/2011 art. 3"), "{language}/{id}:\n{}", m.text);
            let figure = duly_core::format_money(Money::new(vars.total.minor / 64, vars.total.currency), language);
            assert!(!m.text.contains(&figure), "{language}/{id} states {figure}:\n{}", m.text);
            assert!(!m.text.contains("\n\n\n"), "{language}/{id}:\n{}", m.text);
        }
    }
}

/// The steps sent after the due date.
const OVERDUE: [&str; 5] = ["overdue_1", "overdue_7", "escalate", "service_pause", "final_demand"];

#[test]
fn every_overdue_message_says_it_can_be_ignored_if_already_paid() {
    let phrase = |language: Language| match language {
        Language::En => "ignore this",
        Language::Id => "mohon abaikan",
        Language::Ro => "vă rog să ignorați",
    };
    for language in Language::ALL {
        for id in OVERDUE {
            let m = render(id, language);
            assert!(m.text.contains(phrase(language)), "{language}/{id} lacks \"{}\":\n{}", phrase(language), m.text);
        }
    }
}

#[test]
fn every_message_states_the_facts_in_the_clients_language() {
    for language in Language::ALL {
        let (due_date, amount_due) = match language {
            Language::En => ("31 October 2026", "€1,500.00"),
            Language::Id => ("31 Oktober 2026", "Rp 9.000.000"),
            Language::Ro => ("31 octombrie 2026", "7.140,00 lei"),
        };
        // The receipt check and the invoice email state the invoice's total, not what is left.
        for id in BUILTIN_TEMPLATES.into_iter().filter(|id| {
            !["receipt_check", "instalment_due", CALL_SUMMARY, PAYMENT_THANKS, INVOICE, STATEMENT, COMBINED_REMINDER]
                .contains(id)
        }) {
            let m = render(id, language);
            assert!(m.subject.contains("2026-0042"), "{language}/{id}: {}", m.subject);
            assert!(m.text.contains(due_date), "{language}/{id} lacks {due_date}");
            assert!(m.text.contains(amount_due), "{language}/{id} lacks {amount_due}");
            assert!(!m.text.contains("{{") && !m.text.contains("{%"), "{language}/{id} left template syntax");
            assert_eq!(
                m.text.lines().nth(1),
                Some(""),
                "{language}/{id}: a blank line after the greeting:\n{}",
                m.text
            );
        }
        let m = render("overdue_7", language);
        let days = match language {
            Language::En => "21 days",
            Language::Id => "21 hari",
            Language::Ro => "21 de zile",
        };
        assert!(m.text.contains(days), "{language}: {}", m.text);
    }
}

/// Words that say earlier reminders were sent, per language.
const HISTORY_CLAIMS: &[&str] = &[
    "previous message",
    "previous reminders",
    "sent reminders",
    "sebelumnya",
    "beberapa pengingat",
    "beberapa kali",
    "anterior",
    "anterioare",
    "mai multe mesaje",
];

#[test]
fn a_message_claims_earlier_reminders_only_when_the_timeline_has_them() {
    for language in [Language::En, Language::Id, Language::Ro] {
        for id in ["overdue_1", "overdue_7", "escalate", "service_pause", "final_demand"] {
            let t = builtin(id, language).unwrap();
            let mut first = sample(language);
            first.previous_reminders = 0;
            let m = t.render(TemplateKind::Reminder, language, &first.to_value(language)).unwrap();
            let text = m.text.to_lowercase();
            for claim in HISTORY_CLAIMS {
                assert!(
                    !text.contains(claim),
                    "{language} {id} claims \"{claim}\" with no reminder before it:\n{}",
                    m.text
                );
            }
            // With reminders on the timeline, the firmer steps may say so.
            if ["overdue_7", "escalate", "final_demand"].contains(&id) {
                let later = render(id, language).text.to_lowercase();
                assert!(HISTORY_CLAIMS.iter().any(|c| later.contains(c)), "{language} {id}: {later}");
            }
        }
    }
}

#[test]
fn the_final_demand_states_the_deadline_the_letter_prints() {
    for (language, written) in
        [(Language::En, "6 December 2026"), (Language::Id, "6 Desember 2026"), (Language::Ro, "6 decembrie 2026")]
    {
        let text = render("final_demand", language).text;
        assert!(text.contains(written), "{language}: {text}");
        for vague in ["seven days", "tujuh hari", "șapte zile"] {
            assert!(!text.contains(vague), "{language}: {text}");
        }
    }
}

#[test]
fn the_tone_never_shouts() {
    for language in Language::ALL {
        for id in BUILTIN_TEMPLATES {
            let t = builtin(id, language).unwrap();
            let source = format!("{}\n{}", t.subject, t.body);
            assert!(!source.contains('!'), "{language}/{id} has an exclamation mark");
            let shouted: Vec<&str> = source
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_uppercase))
                .collect();
            assert!(shouted.is_empty(), "{language}/{id} shouts: {shouted:?}");
        }
    }
}

#[test]
fn romanian_uses_comma_below_letters_and_indonesian_the_formal_anda() {
    for id in BUILTIN_TEMPLATES {
        let ro = builtin(id, Language::Ro).unwrap();
        let ro = format!("{}\n{}", ro.subject, ro.body);
        // ş ţ Ş Ţ (cedilla) are the wrong letters in Romanian; ș ț (comma below) are right.
        assert!(!ro.contains(['\u{15f}', '\u{163}', '\u{15e}', '\u{162}']), "ro/{id} has a cedilla letter");
        let id_text = builtin(id, Language::Id).unwrap();
        let id_text = format!("{}\n{}", id_text.subject, id_text.body);
        assert!(
            !id_text.split(|c: char| !c.is_alphabetic()).any(|w| w == "anda" || w == "kamu"),
            "id/{id}: Anda, not anda/kamu"
        );
    }
}

#[test]
fn every_builtin_template_validates_for_its_kind() {
    for language in Language::ALL {
        for id in BUILTIN_TEMPLATES {
            builtin(id, language)
                .unwrap()
                .validate(TemplateKind::of(id))
                .unwrap_or_else(|e| panic!("{language}/{id}: {e}"));
        }
    }
    assert!(builtin("overdue_45", Language::En).is_none());
}

#[test]
fn a_user_template_with_a_typo_is_refused_naming_the_variable() {
    let t = Template::new("Invoice {{ invoice_number }}", "Dear {{ contact_name }}, please pay {{ amount_owed }}.");
    let err = t.validate(TemplateKind::Reminder).unwrap_err();
    assert!(
        err.to_string().starts_with("body: unknown variable amount_owed (known: client_name, contact_name,"),
        "{err}"
    );
}

#[test]
fn without_bank_details_or_a_contact_the_message_still_reads_well() {
    let mut vars = sample(Language::En);
    vars.payment = PaymentDetails::default();
    vars.contact_name.clear();
    vars.paid = 0;
    vars.late_fee = 0;
    let m = builtin("escalate", Language::En)
        .unwrap()
        .render(TemplateKind::Reminder, Language::En, &vars.to_value(Language::En))
        .unwrap();
    assert!(!m.text.contains("\n\n\n"), "{}", m.text);
    assert!(
        !m.text.contains("Payment details") && !m.text.contains("late fee") && !m.text.contains(" to ,"),
        "{}",
        m.text
    );
    assert!(m.text.contains("I have sent reminders but"), "{}", m.text);
    assert!(m.text.ends_with("Regards,\nDana Ionescu\nDana Ionescu Design\n"), "{}", m.text);
}

#[test]
fn the_instalment_reminder_names_the_instalment_its_amount_date_the_rest_and_the_bank() {
    for language in Language::ALL {
        let m = render("instalment_due", language);
        let (which, date, amount, rest, bank) = match language {
            Language::En => (
                "Instalment 2 of 3",
                "15 December 2026",
                "€500.00",
                "instalment 3: €500.00 by 14 January 2027",
                "BE11 9670 1234 5678",
            ),
            Language::Id => (
                "Cicilan ke-2 dari 3",
                "15 Desember 2026",
                "Rp 3.000.000",
                "cicilan ke-3: Rp 3.000.000 paling lambat 14 Januari 2027",
                "8720 1234 56",
            ),
            Language::Ro => (
                "Rata 2 din 3",
                "15 decembrie 2026",
                "2.380,00 lei",
                "rata 3: 2.380,00 lei până la 14 ianuarie 2027",
                "RO60 BTRL 0130 1202 3456 7890",
            ),
        };
        assert!(
            m.subject.starts_with(which) && m.subject.contains("2026-0042") && m.subject.contains(date),
            "{language}: {}",
            m.subject
        );
        for part in [date, amount, rest, bank] {
            assert!(m.text.contains(part), "{language} lacks {part}:\n{}", m.text);
        }
        assert!(!m.text.contains("{{") && !m.text.contains("\n\n\n"), "{language}:\n{}", m.text);
        // The last instalment: no rest of the plan, and it says so.
        let mut last = instalment(language);
        if let Some(i) = last.instalment.as_mut() {
            i.number = 3;
            i.remaining = i.amount;
            i.later.clear();
        }
        let m = builtin("instalment_due", language)
            .unwrap()
            .render(TemplateKind::Reminder, language, &last.to_value(language))
            .unwrap();
        assert!(!m.text.contains(rest) && !m.text.contains("\n\n\n"), "{language}:\n{}", m.text);
    }
}

#[test]
fn the_escalation_greets_the_next_person_and_names_who_was_written_to_before() {
    let m = render("escalate", Language::En);
    assert!(m.text.starts_with("Hello James Carter,\n"), "{}", m.text);
    assert!(m.text.contains("I have sent reminders to Sarah Miller but"), "{}", m.text);
    let m = render("escalate", Language::Ro);
    assert!(m.text.starts_with("Bună ziua, Andrei Stan,\n") && m.text.contains("către Ioana Popescu"), "{}", m.text);
    let m = render("escalate", Language::Id);
    assert!(
        m.text.starts_with("Yth. Bapak/Ibu Dewi Kartika,\n") && m.text.contains("kepada Budi Santoso"),
        "{}",
        m.text
    );
}

/// Second-person singular forms (tu) and the words that give them away: Duly writes to a
/// business, always with dumneavoastră (see docs/style-guide-ro.md).
const RO_TU_FORMS: &[&str] = &[
    "tu",
    "te",
    "ți",
    "îți",
    "tău",
    "ta",
    "tale",
    "tăi",
    "ești",
    "poți",
    "vrei",
    "ai",
    "fii",
    "alege",
    "introdu",
    "înlocuiește",
    "apasă",
    "verifică",
    "trimite-ne",
    "spune-ne",
    "dă",
    "fă",
];

/// The Romanian words of `text` that address the reader as tu.
pub fn tu_forms(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphabetic() || c == '-'))
        .filter(|w| RO_TU_FORMS.contains(w))
        .map(str::to_owned)
        .collect()
}

#[test]
fn romanian_messages_never_address_the_reader_as_tu() {
    for id in BUILTIN_TEMPLATES {
        let m = render(id, Language::Ro);
        let found = tu_forms(&format!("{}\n{}", m.subject, m.text));
        assert!(found.is_empty(), "ro/{id} says {found:?}:\n{}", m.text);
    }
    // The demand letter's and the instalment plan's wording (rendered by duly-pdf) sit beside the emails.
    for (name, text) in [
        ("demand_letter_somatie", include_str!("../../../assets/templates/ro/demand_letter_somatie.txt")),
        ("demand_letter_somasi", include_str!("../../../assets/templates/ro/demand_letter_somasi.txt")),
        (
            "demand_letter_letter_before_claim",
            include_str!("../../../assets/templates/ro/demand_letter_letter_before_claim.txt"),
        ),
        ("demand_letter_eu", include_str!("../../../assets/templates/ro/demand_letter_eu.txt")),
        ("demand_letter_contract", include_str!("../../../assets/templates/ro/demand_letter_contract.txt")),
        ("instalment_plan", include_str!("../../../assets/templates/ro/instalment_plan.txt")),
    ] {
        let body: String = text.lines().filter(|l| !l.starts_with("{#") && !l.starts_with("    ")).collect();
        assert!(tu_forms(&body).is_empty(), "ro/{name} says {:?}", tu_forms(&body));
    }
}

#[test]
fn an_account_number_that_is_not_an_iban_is_not_labelled_iban() {
    // The Indonesian sample's BCA account, 8720 1234 56, has no IBAN.
    for id in ["before_due", "overdue_1", "final_demand"] {
        let m = render(id, Language::Id);
        assert!(m.text.contains("Nomor rekening: 8720 1234 56"), "id/{id}:\n{}", m.text);
        assert!(!m.text.contains("IBAN"), "id/{id}:\n{}", m.text);
    }
    let m = render("overdue_1", Language::Ro);
    assert!(m.text.contains("IBAN: RO60 BTRL 0130 1202 3456 7890"), "{}", m.text);
}

#[test]
fn interest_and_a_late_fee_keep_one_name_each_across_messages_and_letters() {
    // (language, the word for yearly interest, the word for a one-off late fee); the letter and
    // the invoice PDF use the same words (crates/duly-pdf/src/words.rs).
    let terms = [
        (Language::En, "interest", "late fee"),
        (Language::Id, "bunga keterlambatan", "denda keterlambatan"),
        (Language::Ro, "dobând", "penalitățile de întârziere"),
    ];
    for (language, interest, fee) in terms {
        for id in ["escalate", "service_pause", "final_demand"] {
            let t = builtin(id, language).unwrap();
            for is_interest in [true, false] {
                let mut vars = sample(language);
                vars.late_fee_is_interest = is_interest;
                let text = t.render(TemplateKind::Reminder, language, &vars.to_value(language)).unwrap().text;
                let text = text.to_lowercase();
                let (said, not_said) = if is_interest { (interest, fee) } else { (fee, interest) };
                let said_ro_final = if language == Language::Ro && id == "final_demand" && !is_interest {
                    "penalități de întârziere"
                } else {
                    said
                };
                assert!(
                    text.contains(said_ro_final),
                    "{language}/{id} (interest: {is_interest}) lacks {said}:\n{text}"
                );
                assert!(!text.contains(not_said), "{language}/{id} (interest: {is_interest}) says {not_said}:\n{text}");
            }
        }
    }
}

#[test]
fn a_department_is_greeted_in_general() {
    let mut vars = sample(Language::Id);
    vars.contact_name = "Accounts".into();
    let m = builtin("overdue_1", Language::Id)
        .unwrap()
        .render(TemplateKind::Reminder, Language::Id, &vars.to_value(Language::Id))
        .unwrap();
    assert!(m.text.starts_with("Yth. Bapak/Ibu,\n"), "{}", m.text);
}
