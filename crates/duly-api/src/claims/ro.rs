//! Romania's two ways to a title for an unpaid invoice, in Romanian: the cerere cu valoare
//! redusă (Codul de procedură civilă art. 1025–1032, on the form of Anexa 1 to Ordinul MJ
//! 359/C/2013) up to 10.000 lei, and the ordonanța de plată (art. 1014–1025) for a certain,
//! liquid and due claim, after a somație.

use super::Page;
use super::facts::ClaimFacts;
use super::text::{self, blank, entry, field, or_blank, page, section};
use crate::Language;

const RO: Language = Language::Ro;
/// Art. 1025 alin. (1): 10.000 lei, without interest, court costs and other accessory sums.
const LIMIT_BANI: i64 = 10_000 * 100;

fn percent(bp: i64) -> String {
    duly_pdf::format_percent(duly_pdf::Percent(bp), RO.into())
}

fn party(f: &ClaimFacts, claimant: bool) -> Vec<String> {
    let (name, address, tax_id, email, phone, country) = if claimant {
        let b = &f.business;
        (
            b.name.clone(),
            b.address.clone(),
            b.tax_id.clone(),
            b.email.clone(),
            b.phone.clone(),
            f.claimant_country.clone(),
        )
    } else {
        let c = &f.client;
        let (email, phone) = f.client_contact();
        (c.name.clone(), c.address.clone(), c.tax_id.clone(), email, phone, f.defendant_country.clone())
    };
    let mut lines = vec![
        field("Nume și prenume / denumire", &name, RO),
        field("Domiciliul / sediul", &address, RO),
        field("Țara", country.as_deref().unwrap_or(""), RO),
        field("CNP / CUI / nr. de înregistrare", &tax_id, RO),
        field("Telefon", &phone, RO),
        field("E-mail", &email, RO),
    ];
    if claimant {
        lines.push(field("Cont bancar (IBAN)", &f.business.iban, RO));
        lines.push(field("Banca", &f.business.bank_name, RO));
    }
    lines
}

/// The amounts: principal, interest with how it was computed, compensation, total.
fn amounts(f: &ClaimFacts) -> Vec<String> {
    let mut lines = vec![format!("Creanța principală (rest de plată): {}", text::totals(&f.principal(), RO))];
    for i in &f.invoices {
        let Some(c) = &i.claim else {
            lines.push(format!("{}: dobânda nu a fost calculată ({})", i.detail.number, blank(RO)));
            continue;
        };
        if c.interest_total <= 0 {
            lines.push(format!("{}: nu se solicită dobândă", i.detail.number));
            continue;
        }
        for p in &c.periods {
            let rate = p.rate_bp.map_or_else(|| blank(RO).to_owned(), percent);
            let amount = p.amount.map_or_else(|| blank(RO).to_owned(), |a| text::money(a, &c.currency, RO));
            lines.push(format!(
                "{}: dobândă {} – {} ({} zile), {rate} pe an: {amount}",
                i.detail.number, p.from, p.to, p.days
            ));
        }
    }
    lines.push(format!("Dobânzi calculate până la {}: {}", f.today, text::totals(&f.interest(), RO)));
    let comp = f.compensation();
    if !comp.is_empty() {
        lines.push(format!(
            "Despăgubire pentru cheltuielile de recuperare (Legea 72/2013): {}, plătibilă în lei la cursul BNR din ziua plății",
            text::totals(&comp, RO)
        ));
    }
    lines.push(format!("Total solicitat la {}: {}", f.today, text::totals(&f.total(), RO)));
    lines
}

/// The facts, as the cerere states them.
fn reasons(f: &ClaimFacts) -> Vec<String> {
    let mut lines = vec![format!(
        "{} a furnizat către {} serviciile sau bunurile facturate mai jos{}. Facturile nu au fost achitate \
         integral la scadență.",
        or_blank(&f.business.name, RO),
        or_blank(&f.client.name, RO),
        match &f.agreement {
            Some(a) => format!(", în baza contractului semnat la {}", a.signed_on.as_deref().unwrap_or("")),
            None => String::new(),
        }
    )];
    lines.extend(text::invoice_lines(f, RO, ["emisă la", "scadentă la", "total", "rest de plată"]));
    if let Some(a) = &f.agreement
        && !a.terms.trim().is_empty()
    {
        lines.push(format!("Condiții de plată convenite: {}", a.terms.trim()));
    }
    for i in &f.invoices {
        if !i.written.is_empty() {
            let days: Vec<String> = i.written.iter().map(ToString::to_string).collect();
            lines.push(format!("{}: pârâtul a fost notificat prin e-mail la {}", i.detail.number, days.join(", ")));
        }
        if let Some(d) = i.demand_sent {
            lines.push(format!("{}: somația de plată a fost trimisă la {d}", i.detail.number));
        }
    }
    if f.invoices.iter().any(|i| i.claim.as_ref().is_some_and(|c| c.jurisdiction.as_deref() == Some("RO"))) {
        lines.push(
            "Temei: art. 1270 și 1535 Cod civil; OG 13/2011 art. 3 alin. (2^1) (dobânda legală penalizatoare între \
             profesioniști: rata de referință BNR plus 8 puncte procentuale); Legea 72/2013."
                .to_owned(),
        );
    } else {
        for b in text::bases(f) {
            lines.push(format!("Temeiul calculului (citat de Duly, în engleză): {b}"));
        }
    }
    lines
}

fn common_warnings(f: &ClaimFacts) -> Vec<String> {
    let mut out = Vec::new();
    if f.defendant_country.as_deref().is_some_and(|c| c != "RO") {
        out.push(format!(
            "Pârâtul nu are sediul în România (țara din evidență: {}): verificați competența instanțelor române.",
            f.defendant_country.as_deref().unwrap_or("")
        ));
    }
    out
}

pub(super) fn small_claim(f: &ClaimFacts) -> (Vec<Page>, Vec<String>) {
    let mut warnings = common_warnings(f);
    match text::within(&f.principal(), "RON", LIMIT_BANI) {
        Some(true) => {}
        Some(false) => warnings.push(
            "Creanța principală depășește 10.000 lei: procedura cu valoare redusă nu se aplică (art. 1025); \
             folosiți ordonanța de plată sau procedura de drept comun."
                .to_owned(),
        ),
        None => warnings.push(
            "Creanța nu este în lei. Pragul este de 10.000 lei la data sesizării instanței, fără dobânzi și \
             cheltuieli; Duly nu convertește valute: verificați suma la cursul BNR din acea zi."
                .to_owned(),
        ),
    }
    let sheet = page(
        f,
        RO,
        "Cerere cu valoare redusă · foaie de lucru",
        vec![
            "Foaie de lucru precompletată de Duly, după structura formularului din Anexa 1 la Ordinul MJ \
             nr. 359/C/2013 (art. 1026 C.proc.civ.). Nu este formularul oficial: copiați datele în el. \
             Numerotarea formularului în vigoare poate diferi: verificați la instanță."
                .to_owned(),
        ],
        vec![
            section(
                "1. Instanța",
                vec![entry(
                    "Instanța sesizată",
                    vec![
                        field("Judecătoria", "", RO),
                        "De regulă, judecătoria în circumscripția căreia își are domiciliul sau sediul pârâtul."
                            .to_owned(),
                    ],
                )],
            ),
            section("2. Reclamantul", vec![entry("Date de identificare", party(f, true))]),
            section("3. Pârâtul", vec![entry("Date de identificare", party(f, false))]),
            section("4. Valoarea cererii", vec![entry("Suma solicitată", amounts(f))]),
            section("5. Motivele cererii", vec![entry("Situația de fapt și temeiul", reasons(f))]),
            section(
                "6. Probe",
                vec![entry("Înscrisuri anexate (în dosarul evidence/ al acestui pachet)", text::attachments(f))],
            ),
            section(
                "7. Dezbateri orale",
                vec![entry("Solicitați dezbaterea orală a cauzei?", vec![field("Da / Nu, și motivul", "", RO)])],
            ),
            section(
                "8. Data și semnătura",
                vec![entry("Reclamantul", vec![field("Data", "", RO), field("Semnătura", "", RO)])],
            ),
        ],
    );
    let how = how_to(
        f,
        "Cerere cu valoare redusă · cum se depune",
        vec![
            entry(
                "Când se aplică (art. 1025 C.proc.civ.)",
                vec![
                    "Cereri a căror valoare nu depășește 10.000 lei la data sesizării instanței, fără dobânzi, \
                     cheltuieli de judecată și alte venituri accesorii."
                        .to_owned(),
                ],
            ),
            entry(
                "1. Formularul",
                vec![
                    "Formularul de cerere (Anexa 1 la Ordinul MJ nr. 359/C/2013) se obține de la judecătorie sau de \
                     pe portalul instanțelor. Copiați în el datele din formular-foaie-de-lucru.pdf și completați \
                     fiecare „[necompletat: de completat]”."
                        .to_owned(),
                ],
            ),
            entry(
                "2. Depunerea (art. 1026)",
                vec![
                    "La judecătoria competentă, personal, prin poștă sau prin alt mijloc acceptat de instanță, cu \
                     înscrisurile din dosarul evidence/, în atâtea exemplare câte părți sunt, plus unul pentru instanță."
                        .to_owned(),
                ],
            ),
            entry(
                "3. Ce urmează",
                vec![
                    "Instanța comunică cererea pârâtului, care are 30 de zile pentru formularul de răspuns; \
                     procedura este în principiu scrisă, dezbaterea orală având loc doar dacă instanța o consideră \
                     necesară sau o cere una dintre părți."
                        .to_owned(),
                ],
            ),
        ],
        &warnings,
    );
    (vec![Page { file: "formular-foaie-de-lucru".to_owned(), doc: sheet }, how], warnings)
}

pub(super) fn payment_order(f: &ClaimFacts) -> (Vec<Page>, Vec<String>) {
    let mut warnings = common_warnings(f);
    for i in &f.invoices {
        if i.demand_sent.is_none() {
            warnings.push(format!(
                "{}: nicio somație de plată în evidența Duly. Ordonanța de plată cere ca somația să fi fost \
                 comunicată și să fi trecut 15 zile de la primire (art. 1014 alin. (2)).",
                i.detail.number
            ));
        }
    }
    if f.agreement.is_none() {
        warnings.push(
            "Niciun contract semnat în evidența Duly: creanța trebuie să rezulte dintr-un contract constatat printr-un \
             înscris sau însușit de părți prin semnătură ori în alt mod admis de lege (art. 1014 alin. (1))."
                .to_owned(),
        );
    }
    let mut somatie = Vec::new();
    for i in &f.invoices {
        somatie.push(match i.demand_sent {
            Some(d) => format!("{}: somația a fost trimisă la {d}", i.detail.number),
            None => format!("{}: somația: {}", i.detail.number, blank(RO)),
        });
    }
    somatie.push(field("Modul de comunicare (executor judecătoresc / scrisoare recomandată cu confirmare)", "", RO));
    somatie.push(field("Data primirii de către debitor (din confirmarea de primire)", "", RO));
    let sheet = page(
        f,
        RO,
        "Ordonanța de plată · foaie de lucru",
        vec![
            "Foaie de lucru precompletată de Duly pentru cererea de emitere a ordonanței de plată (art. 1016 C.proc.civ.). Procedura nu are \
             un formular oficial: redactați cererea după această structură și verificați conținutul cerut la instanță."
                .to_owned(),
        ],
        vec![
            section(
                "1. Instanța",
                vec![entry(
                    "Instanța competentă să judece fondul în primă instanță (art. 1015)",
                    vec![field("Instanța", "", RO)],
                )],
            ),
            section("2. Creditorul", vec![entry("Date de identificare", party(f, true))]),
            section("3. Debitorul", vec![entry("Date de identificare", party(f, false))]),
            section("4. Suma datorată", vec![entry("Creanța certă, lichidă și exigibilă", amounts(f))]),
            section("5. Situația de fapt și temeiul", vec![entry("Motivele", reasons(f))]),
            section("6. Somația (art. 1014 alin. (2))", vec![entry("Comunicarea somației", somatie)]),
            section("7. Înscrisuri", vec![entry("Anexate (dosarul evidence/)", text::attachments(f))]),
            section(
                "8. Data și semnătura",
                vec![entry("Creditorul", vec![field("Data", "", RO), field("Semnătura", "", RO)])],
            ),
        ],
    );
    let how = how_to(
        f,
        "Ordonanța de plată · cum se depune",
        vec![
            entry(
                "Când se aplică (art. 1014 C.proc.civ.)",
                vec![
                    "Creanțe certe, lichide și exigibile, sume de bani dintr-un contract constatat printr-un înscris \
                     sau însușit de părți. Nu are un plafon de valoare."
                        .to_owned(),
                ],
            ),
            entry(
                "1. Somația întâi",
                vec![
                    "Trimiteți somația (scrisoarea de somație din Duly) prin executor judecătoresc sau prin scrisoare \
                     recomandată cu conținut declarat și confirmare de primire. Debitorul are 15 zile de la primire. \
                     Un e-mail nu ține loc de această comunicare."
                        .to_owned(),
                ],
            ),
            entry(
                "2. Cererea",
                vec![
                    "Redactați cererea după foaie-de-lucru.pdf, completați fiecare „[necompletat: de completat]” și \
                     anexați dovada comunicării somației și înscrisurile din dosarul evidence/."
                        .to_owned(),
                ],
            ),
            entry(
                "3. Ce urmează",
                vec![
                    "Instanța citează părțile; dacă cererea e întemeiată, emite ordonanța, cu un termen de plată. \
                     Debitorul poate formula cerere în anulare (art. 1023)."
                        .to_owned(),
                ],
            ),
        ],
        &warnings,
    );
    (vec![Page { file: "foaie-de-lucru".to_owned(), doc: sheet }, how], warnings)
}

fn how_to(f: &ClaimFacts, title: &str, steps: Vec<duly_pdf::DossierEntry>, warnings: &[String]) -> Page {
    let check = if warnings.is_empty() { vec!["Nimic din evidența Duly.".to_owned()] } else { warnings.to_vec() };
    let doc = page(
        f,
        RO,
        title,
        vec![format!("Pentru {} · la data de {}", f.client.name.trim(), f.today)],
        vec![
            section("Pași", steps),
            section("De verificat înainte de depunere", vec![entry("Din datele din evidență", check)]),
            section(
                "De verificat la instanță",
                vec![entry(
                    "Ce nu știe Duly",
                    vec![
                        "Taxa judiciară de timbru și modul de plată, instanța competentă, numărul de exemplare."
                            .to_owned(),
                        "Duly pregătește cifrele din evidențele dumneavoastră; nu este consultanță juridică."
                            .to_owned(),
                    ],
                )],
            ),
        ],
    );
    Page { file: "cum-se-depune".to_owned(), doc }
}
