//! England and Wales: the particulars of claim for an online money claim (amount, interest
//! under the Late Payment of Commercial Debts (Interest) Act 1998 with its daily rate, the
//! fixed sum, and the statement of truth Practice Direction 22 requires), and how to file.

use super::Page;
use super::facts::ClaimFacts;
use super::text::{self, blank, entry, field, or_blank, page, section};
use crate::Language;

const EN: Language = Language::En;

/// Interest per day at the last period's rate on what is still due: `amount × rate / 365`,
/// rounded half away from zero; `None` when that rate is unknown.
fn daily(amount_due: i64, rate_bp: Option<i64>) -> Option<i64> {
    let rate = i128::from(rate_bp?);
    let num = i128::from(amount_due) * rate;
    let den: i128 = 10_000 * 365;
    let q = (num * 2 + den.signum() * num.signum() * den) / (2 * den);
    i64::try_from(q).ok()
}

pub(super) fn pages(f: &ClaimFacts) -> (Vec<Page>, Vec<String>) {
    let mut warnings = Vec::new();
    if f.defendant_country.as_deref().is_some_and(|c| c != "GB") {
        warnings.push(format!(
            "The defendant is not in the United Kingdom by the records ({}): check that the courts of England and \
             Wales can hear the claim and how it would be served.",
            f.defendant_country.as_deref().unwrap_or("")
        ));
    }
    if f.private_person {
        warnings.push(
            "The client is a private person: the 1998 Act covers debts between businesses only, and the \
             Pre-Action Protocol for Debt Claims applies (30 days to reply to the letter before claim)."
                .to_owned(),
        );
    }
    if f.principal().keys().any(|c| c != "GBP") {
        warnings.push(
            "Part of the claim is not in pounds. An online money claim is stated in pounds; Duly does not convert \
             currencies: check with the court how to state it."
                .to_owned(),
        );
    }
    for i in &f.invoices {
        if i.demand_sent.is_none() {
            warnings.push(format!(
                "{}: no letter before claim on record. The pre-action rules expect one before you issue.",
                i.detail.number
            ));
        }
    }
    (vec![particulars(f), how_to(f, &warnings)], warnings)
}

fn particulars(f: &ClaimFacts) -> Page {
    let b = &f.business;
    let c = &f.client;
    let mut facts = vec![
        format!(
            "1. The Claimant, {}, supplied services or goods to the Defendant, {}.",
            or_blank(&b.name, EN),
            or_blank(&c.name, EN)
        ),
        match &f.agreement {
            Some(a) => format!(
                "2. The supply was made under a written agreement between the parties signed on {}{}.",
                a.signed_on.as_deref().unwrap_or(""),
                if a.terms.trim().is_empty() {
                    String::new()
                } else {
                    format!(", on payment terms: {}", a.terms.trim())
                }
            ),
            None => {
                "2. The supply was made at the Defendant's request, on the terms stated on the invoices.".to_owned()
            }
        },
        "3. The Claimant invoiced the Defendant as follows:".to_owned(),
    ];
    facts
        .extend(text::invoice_lines(f, EN, ["dated", "due", "total", "unpaid"]).into_iter().map(|l| format!("   {l}")));
    let mut written: Vec<String> = f.invoices.iter().flat_map(|i| i.written.iter().map(ToString::to_string)).collect();
    written.sort();
    written.dedup();
    facts.push(if written.is_empty() {
        format!("4. The Defendant has not paid the sums due. {}", field("Requests for payment made on", "", EN))
    } else {
        format!(
            "4. Despite requests for payment made on {}, the Defendant has not paid the sums due.",
            written.join(", ")
        )
    });
    let mut interest = Vec::new();
    for i in &f.invoices {
        let d = &i.detail;
        match &i.claim {
            Some(cl) if cl.interest_total > 0 => {
                let last = cl.periods.last();
                let rate = last.and_then(|p| p.rate_bp);
                let per_day =
                    daily(d.amount_due, rate).map_or_else(|| blank(EN).to_owned(), |m| text::money(m, &d.currency, EN));
                interest.push(format!(
                    "{}: statutory interest under the Late Payment of Commercial Debts (Interest) Act 1998 from {} to {}: \
                     {}, and continuing at {per_day} a day until judgment or earlier payment.",
                    d.number,
                    cl.periods.first().map(|p| p.from.as_str()).unwrap_or(""),
                    f.today,
                    text::money(cl.interest_total, &cl.currency, EN),
                ));
                if let Some(comp) = &cl.compensation {
                    interest.push(format!(
                        "{}: fixed sum under section 5A of the Act: {}.",
                        d.number,
                        text::money(comp.amount, &comp.currency, EN)
                    ));
                }
            }
            _ => interest.push(format!("{}: no interest is claimed.", d.number)),
        }
    }
    let claims = vec![
        format!("(1) The unpaid sum of {};", text::totals(&f.principal(), EN)),
        if f.interest().is_empty() {
            "(2) No interest is claimed;".to_owned()
        } else {
            format!("(2) Interest to {} of {}, continuing as above;", f.today, text::totals(&f.interest(), EN))
        },
        format!(
            "(3) Fixed sums under section 5A of the Act: {};",
            if f.compensation().is_empty() { "none".to_owned() } else { text::totals(&f.compensation(), EN) }
        ),
        "(4) Costs.".to_owned(),
        format!("Total claimed today, before the court fee: {}", text::totals(&f.total(), EN)),
    ];
    let doc = page(
        f,
        EN,
        "Particulars of claim · money claim",
        vec![
            "For an online money claim in England and Wales. Prepared by Duly from your records: paste or copy into \
             the particulars of the claim. Fill every '[blank: to fill in]' yourself."
                .to_owned(),
        ],
        vec![
            section(
                "Parties",
                vec![
                    entry("Claimant", vec![field("Name", &b.name, EN), field("Address", &b.address, EN)]),
                    entry("Defendant", vec![field("Name", &c.name, EN), field("Address for service", &c.address, EN)]),
                ],
            ),
            section("Particulars of claim", vec![entry("The facts", facts), entry("5. Interest", interest)]),
            section("AND THE CLAIMANT CLAIMS", vec![entry("Sums claimed", claims)]),
            section(
                "Statement of truth",
                vec![entry(
                    "To be signed by the claimant",
                    vec![
                        "I believe that the facts stated in these particulars of claim are true. I understand that \
                         proceedings for contempt of court may be brought against anyone who makes, or causes to be \
                         made, a false statement in a document verified by a statement of truth without an honest \
                         belief in its truth."
                            .to_owned(),
                        field("Signed", "", EN),
                        field("Full name", "", EN),
                        field("Position (if signing for a company)", "", EN),
                        field("Date", "", EN),
                    ],
                )],
            ),
            section("Documents", vec![entry("Attached in evidence/", text::attachments(f))]),
        ],
    );
    Page { file: "particulars-of-claim".to_owned(), doc }
}

fn how_to(f: &ClaimFacts, warnings: &[String]) -> Page {
    let check = if warnings.is_empty() { vec!["Nothing Duly can see.".to_owned()] } else { warnings.to_vec() };
    let doc = page(
        f,
        EN,
        "UK money claim · how to file",
        vec![format!("For {} · as of {}", f.client.name.trim(), f.today)],
        vec![
            section(
                "Steps",
                vec![
                    entry(
                        "1. Before you claim",
                        vec![
                            "Send a letter before claim (Duly's demand letter for a client under UK law) and wait for \
                             the reply period: 14 days for a business, 30 days for an individual or sole trader \
                             under the Pre-Action Protocol for Debt Claims."
                                .to_owned(),
                        ],
                    ),
                    entry(
                        "2. Start the claim online",
                        vec![
                            "Use the online money claim service on GOV.UK ('Make a money claim'): it covers claims \
                             for a fixed sum of money in England and Wales. Scotland and Northern Ireland have \
                             their own procedures."
                                .to_owned(),
                        ],
                    ),
                    entry(
                        "3. Particulars of claim",
                        vec![
                            "Copy particulars-of-claim.txt into the particulars; the online form may limit their \
                             length, in which case state the facts briefly and serve the full particulars later as \
                             the service explains. The statement of truth must be signed by you."
                                .to_owned(),
                        ],
                    ),
                    entry(
                        "4. Fee and track",
                        vec![
                            "The court fee depends on the amount claimed (see the fee list on GOV.UK). Claims up to \
                             £10,000 are normally allocated to the small claims track if defended."
                                .to_owned(),
                        ],
                    ),
                ],
            ),
            section("Check before filing", vec![entry("From the facts on record", check)]),
            section(
                "Check with the court",
                vec![entry(
                    "What Duly does not know",
                    vec![
                        "The current fee, the service's limits, and whether your claim suits it.".to_owned(),
                        "Duly prepares figures from your records; it is not legal advice.".to_owned(),
                    ],
                )],
            ),
        ],
    );
    Page { file: "how-to-file".to_owned(), doc }
}

#[cfg(test)]
mod tests {
    #[test]
    fn daily_interest_rounds_half_away_from_zero() {
        // £1,000.00 at 13.25 % a year: 36.30137 pence a day.
        assert_eq!(super::daily(100_000, Some(1325)), Some(36));
        // 1,000.00 at 18.25 %: exactly 50 pence.
        assert_eq!(super::daily(100_000, Some(1825)), Some(50));
        // 365 pence at 0.5 %: 0.005 pence a day, which rounds to nothing.
        assert_eq!(super::daily(365, Some(50)), Some(0));
        assert_eq!(super::daily(1_000, None), None);
    }
}
