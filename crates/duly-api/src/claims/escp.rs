//! The European Small Claims Procedure (Regulation (EC) 861/2007 as amended by Regulation (EU)
//! 2015/2421): form A's ten sections pre-filled, and how to file it. In English: the official
//! form exists in every EU language with the same numbering, so the user copies the fields into
//! the version in the court's language.

use super::facts::ClaimFacts;
use super::text::{self, blank, entry, field, or_blank, page, section};
use super::{Page, cross_border_eu};
use crate::Language;

const EN: Language = Language::En;
/// The regulation's ceiling, in euro cents: the claim without interest, expenses and
/// disbursements, valued when the court receives the form (Art. 2(1)).
const LIMIT_EUR_CENTS: i64 = 5_000 * 100;

pub(super) fn pages(facts: &ClaimFacts) -> (Vec<Page>, Vec<String>) {
    let warnings = warnings(facts);
    (vec![worksheet(facts), how_to(facts, &warnings)], warnings)
}

fn warnings(facts: &ClaimFacts) -> Vec<String> {
    let mut out = Vec::new();
    match text::within(&facts.principal(), "EUR", LIMIT_EUR_CENTS) {
        Some(true) => {}
        Some(false) => out.push(
            "The amount claimed (without interest and costs) is over 5,000 EUR: the European Small Claims Procedure \
             does not apply; use the national procedure or the European order for payment."
                .to_owned(),
        ),
        None => out.push(
            "The claim is not in euro. The limit is 5,000 EUR (without interest and costs) on the day the court \
             receives the form; Duly does not convert currencies: check the amount at that day's rate."
                .to_owned(),
        ),
    }
    if facts.claimant_country.is_none() {
        out.push(
            "Your business's country is not set (Settings → Law): the cross-border test cannot be checked.".to_owned(),
        );
    }
    if facts.defendant_country.is_none() {
        out.push("The client's country is not set: the cross-border test cannot be checked.".to_owned());
    }
    if facts.claimant_country.is_some() && facts.defendant_country.is_some() && !cross_border_eu(facts) {
        out.push(
            "The procedure needs parties in different EU Member States (Denmark is not bound by it): by the countries \
             on record this claim does not qualify, unless the court you file in is in a third Member State."
                .to_owned(),
        );
    }
    out
}

fn party(name: &str, address: &str, tax_id: &str, email: &str, phone: &str, country: Option<&str>) -> Vec<String> {
    vec![
        field("Surname and first name / name of company or organisation", name, EN),
        field("Address (street, postal code, city)", address, EN),
        field("Country", country.unwrap_or(""), EN),
        field("Identification code (tax or registration number)", tax_id, EN),
        field("Phone (optional)", phone, EN),
        field("Email (optional)", email, EN),
    ]
}

fn worksheet(facts: &ClaimFacts) -> Page {
    let b = &facts.business;
    let c = &facts.client;
    let (client_email, client_phone) = facts.client_contact();
    let claimant = facts.claimant_country.as_deref();
    let defendant = facts.defendant_country.as_deref();
    let comp = facts.compensation();
    let mut interest_lines = Vec::new();
    for i in &facts.invoices {
        match &i.claim {
            Some(cl) if cl.interest_total > 0 => {
                let from = cl.periods.first().map(|p| p.from.clone()).unwrap_or_default();
                let rates: Vec<String> = cl
                    .periods
                    .iter()
                    .map(|p| match p.rate_bp {
                        Some(r) => duly_pdf::format_percent(duly_pdf::Percent(r), EN.into()),
                        None => blank(EN).to_owned(),
                    })
                    .collect();
                interest_lines.push(format!(
                    "{}: statutory interest from {from} to {} at {} a year: {}",
                    i.detail.number,
                    facts.today,
                    rates.join(", then "),
                    text::money(cl.interest_total, &cl.currency, EN)
                ));
            }
            _ => interest_lines.push(format!("{}: no interest claimed", i.detail.number)),
        }
    }
    interest_lines.push(format!("Interest to {}: {}", facts.today, text::totals(&facts.interest(), EN)));
    let mut details = vec![format!(
        "{} supplied {} the services or goods invoiced below{}; they remain unpaid after their due dates.",
        or_blank(&b.name, EN),
        or_blank(&c.name, EN),
        match &facts.agreement {
            Some(a) => format!(" under the agreement signed on {}", a.signed_on.as_deref().unwrap_or("")),
            None => String::new(),
        }
    )];
    details.extend(text::invoice_lines(facts, EN, ["issued", "due", "total", "still due"]));
    for i in &facts.invoices {
        if !i.written.is_empty() {
            let days: Vec<String> = i.written.iter().map(ToString::to_string).collect();
            details.push(format!("{}: written to the defendant on {}", i.detail.number, days.join(", ")));
        }
        if let Some(d) = i.demand_sent {
            details.push(format!("{}: formal demand for payment sent on {d}", i.detail.number));
        }
    }
    if let Some(a) = &facts.agreement
        && !a.terms.trim().is_empty()
    {
        details.push(format!("Payment terms agreed: {}", a.terms.trim()));
    }
    let doc = page(
        facts,
        EN,
        "European Small Claims · Form A worksheet",
        vec![
            "Duly's pre-filled worksheet: copy each field into the official form A (Regulation (EC) 861/2007, \
             Annex I as replaced by Regulation (EU) 2017/1259). It is not the form itself."
                .to_owned(),
            format!("Prepared by Duly on {}", facts.today),
        ],
        vec![
            section(
                "1. Court/tribunal",
                vec![entry(
                    "1.1 Name and address of the court",
                    vec![
                        field("Court", "", EN),
                        "Duly does not know which court: see section 4 and the how-to page.".to_owned(),
                    ],
                )],
            ),
            section(
                "2. Claimant",
                vec![entry("2.1 Claimant", party(&b.name, &b.address, &b.tax_id, &b.email, &b.phone, claimant))],
            ),
            section(
                "3. Defendant",
                vec![entry(
                    "3.1 Defendant",
                    party(&c.name, &c.address, &c.tax_id, &client_email, &client_phone, defendant),
                )],
            ),
            section(
                "4. Jurisdiction",
                vec![entry(
                    "4.1 Grounds for the court's jurisdiction",
                    vec![
                        field("Ground ticked", "", EN),
                        match defendant {
                            Some(country) => format!(
                                "If you file in the defendant's country ({country}), the ground is the domicile of the defendant."
                            ),
                            None => "The defendant's country is not on record.".to_owned(),
                        },
                    ],
                )],
            ),
            section(
                "5. Cross-border nature of the case",
                vec![entry(
                    "5.1 Countries",
                    vec![
                        field("Country of domicile or habitual residence of the claimant", claimant.unwrap_or(""), EN),
                        field(
                            "Country of domicile or habitual residence of the defendant",
                            defendant.unwrap_or(""),
                            EN,
                        ),
                        field("Country of the court", "", EN),
                    ],
                )],
            ),
            section(
                "6. Bank details (optional)",
                vec![entry(
                    "6.1 Payment of the court fee",
                    vec![
                        field("Method of payment", "", EN),
                        field("Your account for receiving payment: bank", &b.bank_name, EN),
                        field("IBAN", &b.iban, EN),
                        field("BIC", &b.bic, EN),
                    ],
                )],
            ),
            section(
                "7. Claim",
                vec![
                    entry(
                        "7.1 Money claim (principal still due)",
                        vec![format!("Amount: {}", text::totals(&facts.principal(), EN))],
                    ),
                    entry("7.2 Interest", interest_lines),
                    entry(
                        "7.3 Other costs",
                        vec![if comp.is_empty() {
                            "None claimed".to_owned()
                        } else {
                            format!("Fixed compensation for recovery costs: {}", text::totals(&comp, EN))
                        }],
                    ),
                    entry("7.4 Total claimed today", vec![text::totals(&facts.total(), EN)]),
                ],
            ),
            section(
                "8. Details of claim",
                vec![
                    entry("8.1 Description of the claim", details),
                    entry("8.2 Evidence (attached to this kit under evidence/)", text::attachments(facts)),
                    entry("8.3 Oral hearing", vec![field("Do you request an oral hearing? Why?", "", EN)]),
                    entry("Legal basis cited by Duly's claim figures", text::bases(facts)),
                ],
            ),
            section(
                "9. Certificate",
                vec![entry(
                    "9.1 Certificate of the judgment",
                    vec![field("Tick to ask for the certificate (needed to enforce in another Member State)", "", EN)],
                )],
            ),
            section(
                "10. Date and signature",
                vec![entry(
                    "10.1 Declaration",
                    vec![field("Place", "", EN), field("Date", "", EN), field("Name and signature", "", EN)],
                )],
            ),
        ],
    );
    Page { file: "form-a-worksheet".to_owned(), doc }
}

fn how_to(facts: &ClaimFacts, warnings: &[String]) -> Page {
    let check = if warnings.is_empty() { vec!["Nothing Duly can see.".to_owned()] } else { warnings.to_vec() };
    let doc = page(
        facts,
        EN,
        "European Small Claims · how to file",
        vec![format!("For {} · as of {}", facts.client.name.trim(), facts.today)],
        vec![
            section(
                "When it applies",
                vec![entry(
                    "Regulation (EC) 861/2007, Art. 2–3",
                    vec![
                        "Civil and commercial claims across EU borders: at least one party lives or is established \
                         in a Member State other than the court's. Denmark does not take part."
                            .to_owned(),
                        "Up to 5,000 EUR without interest, expenses and disbursements, valued when the court receives \
                         the form."
                            .to_owned(),
                    ],
                )],
            ),
            section("Check before filing", vec![entry("From the facts on record", check)]),
            section(
                "Steps",
                vec![
                    entry(
                        "1. Get form A",
                        vec![
                            "Download the claim form A from the European e-Justice Portal (e-justice.europa.eu, \
                             'Small claims'), in a language the court accepts."
                                .to_owned(),
                        ],
                    ),
                    entry(
                        "2. Copy the worksheet",
                        vec![
                            "form-a-worksheet.pdf follows form A's numbering. Copy each field; fill every \
                             '[blank: to fill in]' yourself. Duly left them blank because it does not know them."
                                .to_owned(),
                        ],
                    ),
                    entry(
                        "3. Choose the court",
                        vec![
                            "Usually a court where the defendant is domiciled. The portal's court finder names the \
                             competent court; check with that court which fee applies and how it can be paid."
                                .to_owned(),
                        ],
                    ),
                    entry(
                        "4. Attach the evidence",
                        vec![
                            "The files under evidence/ (invoices, the signed agreement if kept). The court may ask \
                             for translations."
                                .to_owned(),
                        ],
                    ),
                    entry(
                        "5. Lodge the form",
                        vec![
                            "By post, or by any other means the court accepts (Art. 4(1)). The court serves the \
                             defendant, who has 30 days to answer (Art. 5). A judgment is enforceable in the other \
                             Member States without any further declaration (Art. 20)."
                                .to_owned(),
                        ],
                    ),
                ],
            ),
            section(
                "Check with the court",
                vec![entry(
                    "What Duly does not know",
                    vec![
                        "The court fee and how to pay it, the languages accepted, electronic filing.".to_owned(),
                        "Duly prepares figures from your records; it is not legal advice.".to_owned(),
                    ],
                )],
            ),
        ],
    );
    Page { file: "how-to-file".to_owned(), doc }
}
