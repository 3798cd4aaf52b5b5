//! Which formal demand letter the law of the contract calls for: its kind (one wording per kind
//! and language), the days it gives the debtor, and what it cites. The letter follows the
//! jurisdiction, not the language: a Romanian business writing in English to a client under
//! English law sends a letter before claim, and one writing in English under Romanian law a
//! somație. `docs/law.md` ("Letters by country") lists the same facts with their sources.

use super::claim::Debtor;
use super::regimes::{self, Regime, regime_for};

/// The days a letter gives when no rule sets them: the follow-up playbook's 15.
pub const PLAYBOOK_RESPONSE_DAYS: u32 = 15;

/// The kind of letter, each worded by its own template per language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LetterStyle {
    /// Romania: somație under Codul de procedură civilă art. 1014, the step before an ordonanță
    /// de plată.
    Somatie,
    /// Indonesia: somasi, which puts the debtor in default (KUHPerdata art. 1238).
    Somasi,
    /// England and Wales: letter before claim under the pre-action rules.
    LetterBeforeClaim,
    /// An EU member state: a demand citing Directive 2011/7/EU and its national transposition.
    EuDirective,
    /// No statutory rules known (or none apply to this debtor): the contract's terms only, and
    /// the letter says nothing about statutory rights.
    Contract,
}

impl LetterStyle {
    /// The template's name: `assets/templates/{language}/demand_letter_{code}.txt`.
    pub fn code(self) -> &'static str {
        match self {
            LetterStyle::Somatie => "somatie",
            LetterStyle::Somasi => "somasi",
            LetterStyle::LetterBeforeClaim => "letter_before_claim",
            LetterStyle::EuDirective => "eu",
            LetterStyle::Contract => "contract",
        }
    }

    pub const ALL: [LetterStyle; 5] = [
        LetterStyle::Somatie,
        LetterStyle::Somasi,
        LetterStyle::LetterBeforeClaim,
        LetterStyle::EuDirective,
        LetterStyle::Contract,
    ];
}

/// What the law of the contract says the demand letter is and cites.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterLaw {
    pub style: LetterStyle,
    /// The regime followed (`RO`, `GB`, `NL`, `EU`...); `None` for the contract's terms only.
    pub jurisdiction: Option<&'static str>,
    /// Days the debtor is given to pay.
    pub response_days: u32,
    /// The days run from receipt of the letter (a Romanian somație), not from its date.
    pub from_receipt: bool,
    /// The rules of procedure the letter follows ("Codul de procedură civilă art. 1014"), "" for none.
    pub procedure: &'static str,
    /// The statute giving statutory interest to this debtor, `None` when none does.
    pub interest_citation: Option<&'static str>,
    /// The statute giving the fixed compensation to this debtor, `None` when none does.
    pub compensation_citation: Option<&'static str>,
    /// The national law transposing Directive 2011/7/EU, for an EU letter (`None` for the
    /// directive's own minimum).
    pub transposition: Option<&'static str>,
}

impl LetterLaw {
    /// The law gives this debtor statutory interest or a fixed sum.
    pub fn statutory(&self) -> bool {
        self.interest_citation.is_some() || self.compensation_citation.is_some()
    }
}

/// The letter for a debt under `jurisdiction` (ISO 3166-1 alpha-2, `EU`, `None` when unknown)
/// owed by `debtor`.
pub fn letter_law(jurisdiction: Option<&str>, debtor: Debtor) -> LetterLaw {
    let contract = LetterLaw {
        style: LetterStyle::Contract,
        jurisdiction: None,
        response_days: PLAYBOOK_RESPONSE_DAYS,
        from_receipt: false,
        procedure: "",
        interest_citation: None,
        compensation_citation: None,
        transposition: None,
    };
    let Some(regime) = jurisdiction.and_then(|j| regime_for(j).0) else {
        return contract;
    };
    let applies = !(regime.b2b_only && debtor == Debtor::PrivatePerson);
    let interest_citation = Some(regime.interest_citation).filter(|_| applies);
    let compensation_citation = regime.compensation.map(|c| c.citation).filter(|_| applies);
    let days = |r: &Regime| match debtor {
        Debtor::PrivatePerson => r.letter.response_days_individual.or(r.letter.response_days),
        Debtor::Business => r.letter.response_days,
    };
    let response_days = days(regime).unwrap_or(PLAYBOOK_RESPONSE_DAYS);
    let base = LetterLaw {
        jurisdiction: Some(regime.code),
        response_days,
        interest_citation,
        compensation_citation,
        ..contract
    };
    match regime.code {
        "RO" => LetterLaw {
            style: LetterStyle::Somatie,
            from_receipt: true,
            procedure: "Codul de procedură civilă art. 1014",
            ..base
        },
        "ID" => LetterLaw { style: LetterStyle::Somasi, procedure: "KUHPerdata art. 1238", ..base },
        "GB" => LetterLaw {
            style: LetterStyle::LetterBeforeClaim,
            procedure: "Practice Direction – Pre-Action Conduct and Protocols; Pre-Action Protocol for Debt Claims",
            ..base
        },
        // The directive protects businesses only: a consumer under an EU law gets the
        // contract's letter, which claims no statutory right.
        _ if !applies => contract,
        code => LetterLaw {
            style: LetterStyle::EuDirective,
            transposition: Some(regime.interest_citation).filter(|_| code != regimes::EU_DIRECTIVE.code),
            ..base
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_country_gets_its_own_letter() {
        let ro = letter_law(Some("RO"), Debtor::Business);
        assert_eq!((ro.style, ro.response_days, ro.from_receipt), (LetterStyle::Somatie, 15, true));
        assert_eq!(ro.procedure, "Codul de procedură civilă art. 1014");
        assert_eq!(ro.interest_citation, Some("OG 13/2011 art. 3"));
        assert_eq!(ro.compensation_citation, Some("Legea nr. 72/2013"));

        let id = letter_law(Some("id"), Debtor::PrivatePerson);
        assert_eq!((id.style, id.response_days), (LetterStyle::Somasi, PLAYBOOK_RESPONSE_DAYS));
        // The legal interest is general civil law: a private person owes it too.
        assert_eq!(id.interest_citation, Some("KUHPerdata art. 1250 and Staatsblad 1848 No. 22"));
        assert_eq!(id.compensation_citation, None);

        let gb = letter_law(Some("UK"), Debtor::Business);
        assert_eq!((gb.style, gb.response_days), (LetterStyle::LetterBeforeClaim, 14));
        assert!(gb.statutory());
        let gb_person = letter_law(Some("GB"), Debtor::PrivatePerson);
        assert_eq!((gb_person.style, gb_person.response_days), (LetterStyle::LetterBeforeClaim, 30));
        assert!(!gb_person.statutory(), "the 1998 Act is between businesses only");

        let nl = letter_law(Some("NL"), Debtor::Business);
        assert_eq!(nl.style, LetterStyle::EuDirective);
        assert_eq!(nl.transposition, Some("BW art. 6:119a"));
        assert_eq!(nl.compensation_citation, Some("BW art. 6:96 lid 4"));
        let eu = letter_law(Some("AT"), Debtor::Business);
        assert_eq!((eu.style, eu.jurisdiction, eu.transposition), (LetterStyle::EuDirective, Some("EU"), None));
    }

    #[test]
    fn without_a_known_law_or_for_a_consumer_under_the_directive_only_the_contract_speaks() {
        for law in [letter_law(None, Debtor::Business), letter_law(Some("US"), Debtor::Business)] {
            assert_eq!(law.style, LetterStyle::Contract);
            assert_eq!(law.response_days, PLAYBOOK_RESPONSE_DAYS);
            assert!(!law.statutory() && law.procedure.is_empty());
        }
        let consumer = letter_law(Some("DE"), Debtor::PrivatePerson);
        assert_eq!((consumer.style, consumer.statutory()), (LetterStyle::Contract, false));
    }
}
