//! What the user decides about the ladder: rewrite a template (checked before it is saved, previewed against a real invoice), re-time the steps
//! for everyone or one client, payment terms, and credit hold.

use chrono::NaiveDate;
use duly_core::ladder::{
    self, Anchor, Channel, EarlyDiscount, Ladder, LadderOverride, LateFee, Purpose, Step, StepChange, StepId, Terms,
    Tone,
};
use duly_messages::{Template, TemplateKind};
use duly_store::{clients, credit_holds, invoices, ladder_steps, message_templates, settings, terms};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::followups::business_ladder::{CATCH_UP_GAP_KEY, catch_up_gap};
use crate::followups::decisions::step_id;
use crate::followups::{Draft, LadderStep};
use crate::shared::enums::Language;
use crate::shared::templates::{TemplateSource, template_in_force};
use crate::{ApiError, ApiResult, Duly};

/// Whose ladder, template or terms: the business's (`client_id` null) or one client's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LadderScope {
    #[serde(default)]
    #[ts(optional = nullable)]
    pub client_id: Option<i64>,
}

/// One step as the Settings page edits it. Words as in [`LadderStep`]; `template` defaults to
/// the step's id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LadderStepInput {
    pub id: String,
    pub anchor: String,
    pub offset_days: i32,
    pub channel: String,
    pub tone: String,
    pub purpose: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub template: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LadderSaveInput {
    #[serde(default)]
    #[ts(optional = nullable)]
    pub client_id: Option<i64>,
    /// The whole ladder as it should be; Duly stores only how it differs from the one below.
    pub steps: Vec<LadderStepInput>,
    /// The least days between two steps caught up after their day (1 to 90); business-wide, so
    /// only with `client_id` null. Unchanged when `null`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub catch_up_gap_days: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct LadderView {
    pub client_id: Option<i64>,
    /// In the order they were listed (the schedule orders them by date per invoice).
    pub steps: Vec<LadderStep>,
    /// Whether this scope differs from the one below it (the default, or the business's).
    pub customised: bool,
    /// The least days between two steps caught up after their day (an imported backlog, a
    /// pause): the business's setting, default 7.
    pub catch_up_gap_days: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateQuery {
    /// A step's template id (`overdue_1`, ...), `call_summary` or `invoice` (the invoice email).
    pub template: String,
    pub language: Language,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub client_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateInput {
    pub template: String,
    pub language: Language,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub client_id: Option<i64>,
    pub subject: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct TemplateView {
    pub template: String,
    pub language: Language,
    pub client_id: Option<i64>,
    pub subject: String,
    pub body: String,
    pub source: TemplateSource,
    /// The variables this template may use, for the editor's list.
    pub variables: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplatePreviewInput {
    /// The invoice to preview against.
    pub number: String,
    /// The step whose template is edited (its channel and purpose shape the draft).
    pub step: String,
    pub language: Language,
    pub subject: String,
    pub body: String,
}

/// Payment terms as typed: the late fee's kind (`fixed`, `percent`, `interest_per_year`) with
/// `late_fee_value` a decimal amount in the invoice's currency for `fixed` and a percentage
/// ("1.5", "8") otherwise; the early-payment discount as a percentage and a number of days.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TermsInput {
    #[serde(default)]
    #[ts(optional = nullable)]
    pub client_id: Option<i64>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub invoice_number: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub late_fee_kind: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub late_fee_value: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub discount_percent: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub discount_days: Option<u32>,
    /// Claim statutory interest and the fixed compensation where the law gives them; `null`
    /// means yes (the default).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub claim_statutory: Option<bool>,
}

/// Terms as stored: rates in hundredths of a percent, a fixed fee in minor units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct TermsView {
    pub late_fee_kind: Option<String>,
    pub late_fee_value: Option<i64>,
    pub discount_rate: Option<i64>,
    pub discount_days: Option<u32>,
    pub claim_statutory: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CreditHoldInput {
    pub client_id: i64,
    pub on: bool,
    #[serde(default)]
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CreditHoldView {
    pub client_id: i64,
    pub on: bool,
    pub since: Option<NaiveDate>,
    pub reason: String,
}

impl Duly {
    /// The ladder in force for everyone, or for one client.
    pub fn ladder_get(&self, scope: LadderScope) -> ApiResult<LadderView> {
        let (below, own) = self.ladder_layers(scope.client_id)?;
        let ladder = below.with(&own).map_err(|e| ApiError::invalid(format!("ladder: {e}")))?;
        Ok(LadderView {
            client_id: scope.client_id,
            steps: ladder.steps().iter().map(LadderStep::from).collect(),
            customised: !own.is_empty(),
            catch_up_gap_days: ladder.catch_up_gap_days(),
        })
    }

    /// Saves the ladder for everyone or one client, as the difference from the one below it.
    pub fn ladder_save(&mut self, input: LadderSaveInput) -> ApiResult<LadderView> {
        let (below, _) = self.ladder_layers(input.client_id)?;
        let wanted = input.steps.iter().enumerate().map(|(i, s)| step_from(i, s)).collect::<ApiResult<Vec<Step>>>()?;
        Ladder::new(wanted.clone()).map_err(|e| ApiError::invalid(format!("steps: {e}")))?;
        let o = difference(&below, &wanted);
        below.with(&o).map_err(|e| ApiError::invalid(format!("steps: {e}")))?;
        if let Some(gap) = input.catch_up_gap_days {
            if input.client_id.is_some() {
                return Err(ApiError::invalid("catch_up_gap_days: set for the whole business, not per client"));
            }
            if !(1..=ladder::MAX_CATCH_UP_GAP_DAYS).contains(&gap) {
                return Err(ApiError::invalid(format!(
                    "catch_up_gap_days: expected 1 to {} days, got {gap}",
                    ladder::MAX_CATCH_UP_GAP_DAYS
                )));
            }
        }
        let now = self.stamp();
        let tx = self.transaction()?;
        ladder_steps::replace(&tx, input.client_id, &o, &now)?;
        if let Some(gap) = input.catch_up_gap_days {
            settings::set(&tx, CATCH_UP_GAP_KEY, &gap.to_string(), &now)?;
        }
        tx.commit()?;
        self.ladder_get(LadderScope { client_id: input.client_id })
    }

    /// (the ladder below this scope, this scope's own changes)
    fn ladder_layers(&self, client_id: Option<i64>) -> ApiResult<(Ladder, LadderOverride)> {
        let conn = self.conn();
        let global = ladder_steps::load(conn, None)?;
        let default = Ladder::default().with_catch_up_gap(catch_up_gap(conn)?);
        match client_id {
            None => Ok((default, global)),
            Some(id) => {
                clients::get(conn, id)?
                    .ok_or_else(|| ApiError::not_found(format!("client_id: no client has id {id}")))?;
                let base = default.with(&global).map_err(|e| ApiError::invalid(format!("ladder: {e}")))?;
                Ok((base, ladder_steps::load(conn, Some(id))?))
            }
        }
    }

    /// The wording in force for a template, and where it comes from.
    pub fn template_get(&self, q: TemplateQuery) -> ApiResult<TemplateView> {
        let id = q.template.trim();
        let (t, source) = template_in_force(self.conn(), q.client_id, id, q.language.into())?
            .ok_or_else(|| ApiError::not_found(format!("template: there is no template \"{id}\"; write one first")))?;
        Ok(view(id, q.language, q.client_id, t, source))
    }

    /// Saves a rewritten template after checking it: a syntax error or a variable Duly does not
    /// know is refused with the variable (or line) named, and nothing is saved.
    pub fn template_save(&mut self, input: TemplateInput) -> ApiResult<TemplateView> {
        let id = step_id("template", &input.template)?;
        let t = Template::new(input.subject.trim(), input.body.clone());
        t.validate(TemplateKind::of(id.as_str())).map_err(|e| ApiError::invalid(format!("template {id}: {e}")))?;
        if let Some(c) = input.client_id {
            clients::get(self.conn(), c)?
                .ok_or_else(|| ApiError::not_found(format!("client_id: no client has id {c}")))?;
        }
        let now = self.stamp();
        let tx = self.transaction()?;
        message_templates::set(
            &tx,
            &message_templates::StoredTemplate {
                client_id: input.client_id,
                template_id: id.to_string(),
                language: input.language.into(),
                subject: t.subject.clone(),
                body: t.body.clone(),
                updated_at: now.clone(),
            },
        )?;
        tx.commit()?;
        self.template_get(TemplateQuery {
            template: id.to_string(),
            language: input.language,
            client_id: input.client_id,
        })
    }

    /// Goes back to the wording below (the business's, or Duly's own).
    pub fn template_reset(&mut self, q: TemplateQuery) -> ApiResult<TemplateView> {
        let tx = self.transaction()?;
        message_templates::delete(&tx, q.client_id, q.template.trim(), q.language.into())?;
        tx.commit()?;
        self.template_get(q)
    }

    /// The message the text being edited makes for a real invoice, as of today.
    pub fn template_preview(&self, input: TemplatePreviewInput) -> ApiResult<Draft> {
        let today = self.today();
        let case = self.case_by_number(&input.number, today)?;
        let id = step_id("step", &input.step)?;
        if TemplateKind::of(id.as_str()) == TemplateKind::PaymentThanks {
            let t = Template::new(input.subject, input.body);
            return crate::outbox::payment_thanks::preview(self.conn(), &case, &t, input.language.into(), today);
        }
        if TemplateKind::of(id.as_str()) == TemplateKind::Statement {
            let t = Template::new(input.subject, input.body);
            return crate::followups::statement_send::preview(self.conn(), &case, &t, input.language.into(), today);
        }
        if TemplateKind::of(id.as_str()) == TemplateKind::CombinedReminder {
            let t = Template::new(input.subject, input.body);
            return crate::followups::combined_reminder::preview(self, &case, &t, input.language.into(), today);
        }
        let step = case.ladder.get(&id).cloned().unwrap_or_else(|| {
            // A template the ladder does not use (the call summary) previews as a plain email.
            Step {
                id: id.clone(),
                anchor: Anchor::Due,
                offset_days: 1,
                channel: Channel::Email,
                tone: Tone::Polite,
                purpose: Purpose::Reminder,
                template: id.clone(),
            }
        });
        let t = Template::new(input.subject, input.body);
        self.draft_with(&case, &step, today, &t, input.language.into())
    }

    /// The payment terms stored for the business, a client or an invoice (not inherited).
    pub fn terms_get(&self, input: TermsInput) -> ApiResult<Option<TermsView>> {
        let scope = self.terms_scope(&input)?;
        Ok(terms::get(self.conn(), scope)?.map(|t| terms_view(&t)))
    }

    /// Sets the payment terms of the business, a client or an invoice. Empty fields mean "none".
    pub fn terms_save(&mut self, input: TermsInput) -> ApiResult<TermsView> {
        let scope = self.terms_scope(&input)?;
        let currency = match scope {
            terms::Scope::Invoice(id) => invoices::get(self.conn(), id)?.map(|i| i.currency),
            terms::Scope::Client(id) => clients::get(self.conn(), id)?.map(|c| c.currency),
            terms::Scope::Business => duly_store::business::get(self.conn())?.map(|b| b.default_currency),
        }
        .unwrap_or_else(|| crate::shared::letterhead::default_business().default_currency);
        let value = input.late_fee_value.as_deref().map(str::trim).filter(|v| !v.is_empty());
        let late_fee = match input.late_fee_kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            None => None,
            Some(kind) => {
                let v = value.ok_or_else(|| ApiError::invalid("late_fee_value: give the fee's amount or rate"))?;
                Some(match kind {
                    "fixed" => LateFee::Fixed { amount: crate::shared::parse::amount("late_fee_value", v, currency)? },
                    "percent" => LateFee::Percent { rate: percent("late_fee_value", v)? },
                    "interest_per_year" => LateFee::InterestPerYear { rate: percent("late_fee_value", v)? },
                    other => {
                        return Err(ApiError::invalid(format!(
                            "late_fee_kind: \"{other}\" (expected fixed, percent or interest_per_year)"
                        )));
                    }
                })
            }
        };
        let early_discount =
            match (input.discount_percent.as_deref().map(str::trim).filter(|v| !v.is_empty()), input.discount_days) {
                (None, None) => None,
                (Some(p), Some(days)) => {
                    Some(EarlyDiscount { rate: percent("discount_percent", p)?, within_days: days })
                }
                _ => return Err(ApiError::invalid("discount_percent, discount_days: give both, or neither")),
            };
        let t = Terms { late_fee, early_discount, claim_statutory: input.claim_statutory.unwrap_or(true) };
        t.check().map_err(|e| ApiError::invalid(e.to_string()))?;
        let now = self.stamp();
        let tx = self.transaction()?;
        terms::set(&tx, scope, &t, &now)?;
        tx.commit()?;
        Ok(terms_view(&t))
    }

    fn terms_scope(&self, input: &TermsInput) -> ApiResult<terms::Scope> {
        match (input.client_id, input.invoice_number.as_deref().map(str::trim).filter(|n| !n.is_empty())) {
            (Some(_), Some(_)) => {
                Err(ApiError::invalid("client_id, invoice_number: terms belong to a client or to an invoice, not both"))
            }
            (Some(id), None) => {
                clients::get(self.conn(), id)?
                    .ok_or_else(|| ApiError::not_found(format!("client_id: no client has id {id}")))?;
                Ok(terms::Scope::Client(id))
            }
            (None, Some(n)) => {
                let inv = invoices::get_by_number(self.conn(), n)?
                    .ok_or_else(|| ApiError::not_found(format!("invoice_number: no invoice is numbered \"{n}\"")))?;
                Ok(terms::Scope::Invoice(inv.id.unwrap_or_default()))
            }
            (None, None) => Ok(terms::Scope::Business),
        }
    }

    /// Puts a client on credit hold (cash only / prepay) or lifts it.
    pub fn credit_hold_set(&mut self, input: CreditHoldInput) -> ApiResult<CreditHoldView> {
        let id = input.client_id;
        clients::get(self.conn(), id)?
            .ok_or_else(|| ApiError::not_found(format!("client_id: no client has id {id}")))?;
        let today = self.today();
        let now = self.stamp();
        let tx = self.transaction()?;
        if input.on {
            credit_holds::set(
                &tx,
                &credit_holds::CreditHold { client_id: id, since: today, reason: input.reason },
                &now,
            )?;
        } else {
            credit_holds::clear(&tx, id)?;
        }
        tx.commit()?;
        self.credit_hold_get(id)
    }

    pub fn credit_hold_get(&self, client_id: i64) -> ApiResult<CreditHoldView> {
        Ok(match credit_holds::get(self.conn(), client_id)? {
            Some(h) => CreditHoldView { client_id, on: true, since: Some(h.since), reason: h.reason },
            None => CreditHoldView { client_id, on: false, since: None, reason: String::new() },
        })
    }
}

fn view(id: &str, language: Language, client_id: Option<i64>, t: Template, source: TemplateSource) -> TemplateView {
    TemplateView {
        template: id.to_owned(),
        language,
        client_id,
        subject: t.subject,
        body: t.body,
        source,
        variables: TemplateKind::of(id).variables().iter().map(|v| (*v).to_owned()).collect(),
    }
}

fn word<T: std::str::FromStr<Err = ladder::LadderError>>(step: usize, field: &str, text: &str) -> ApiResult<T> {
    text.parse().map_err(|e: ladder::LadderError| ApiError::invalid(format!("steps[{step}].{field}: {e}")))
}

fn step_from(i: usize, s: &LadderStepInput) -> ApiResult<Step> {
    let id: StepId = s.id.trim().parse().map_err(|e| ApiError::invalid(format!("steps[{i}].id: {e}")))?;
    let template = match s.template.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.parse().map_err(|e| ApiError::invalid(format!("steps[{i}].template: {e}")))?,
        None => id.clone(),
    };
    let anchor: Anchor = word(i, "anchor", &s.anchor)?;
    Ok(Step {
        id,
        anchor,
        offset_days: s.offset_days,
        channel: word(i, "channel", &s.channel)?,
        tone: word(i, "tone", &s.tone)?,
        purpose: word(i, "purpose", &s.purpose)?,
        template,
    })
}

/// The override that turns `below` into `wanted`: steps missing are removed, steps with the
/// same id and other settings are changed (a changed purpose becomes remove + add), new ones added.
fn difference(below: &Ladder, wanted: &[Step]) -> LadderOverride {
    let mut o = LadderOverride::default();
    for b in below.steps() {
        match wanted.iter().find(|w| w.id == b.id) {
            None => o.remove.push(b.id.clone()),
            Some(w) if w.purpose != b.purpose => {
                o.remove.push(b.id.clone());
                o.add.push(w.clone());
            }
            Some(w) if w != b => {
                let pick = |same: bool| !same;
                o.change.push((
                    w.id.clone(),
                    StepChange {
                        anchor: pick(w.anchor == b.anchor).then_some(w.anchor),
                        offset_days: pick(w.offset_days == b.offset_days).then_some(w.offset_days),
                        channel: pick(w.channel == b.channel).then_some(w.channel),
                        tone: pick(w.tone == b.tone).then_some(w.tone),
                        template: pick(w.template == b.template).then(|| w.template.clone()),
                    },
                ));
            }
            Some(_) => {}
        }
    }
    o.add.extend(wanted.iter().filter(|w| below.get(&w.id).is_none()).cloned());
    o
}

/// "2", "1.5", "8 %" → hundredths of a percent.
fn percent(field: &str, text: &str) -> ApiResult<i64> {
    text.trim().parse::<duly_core::TaxRate>().map(|r| r.hundredths_of_percent()).map_err(|_| {
        ApiError::invalid(format!("{field}: \"{}\" is not a percentage between 0 and 100 (e.g. 2 or 1.5)", text.trim()))
    })
}

fn terms_view(t: &Terms) -> TermsView {
    let (kind, value) = match t.late_fee {
        None => (None, None),
        Some(LateFee::Fixed { amount }) => (Some("fixed"), Some(amount)),
        Some(LateFee::Percent { rate }) => (Some("percent"), Some(rate)),
        Some(LateFee::InterestPerYear { rate }) => (Some("interest_per_year"), Some(rate)),
    };
    TermsView {
        late_fee_kind: kind.map(str::to_owned),
        late_fee_value: value,
        discount_rate: t.early_discount.map(|d| d.rate),
        discount_days: t.early_discount.map(|d| d.within_days),
        claim_statutory: t.claim_statutory,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_difference_rebuilds_the_wanted_ladder() {
        let below = Ladder::default();
        let mut wanted: Vec<Step> = below.steps().to_vec();
        wanted.retain(|s| s.id.as_str() != "receipt_check");
        wanted[2].offset_days = 5; // overdue_7
        wanted[3].purpose = Purpose::Reminder; // the call becomes a reminder (remove + add)
        wanted[3].channel = Channel::Email;
        wanted.push(Step { id: "overdue_45".parse().unwrap(), offset_days: 45, ..below.steps()[7].clone() });
        let o = difference(&below, &wanted);
        let rebuilt = below.with(&o).unwrap();
        for w in &wanted {
            assert_eq!(rebuilt.get(&w.id), Some(w), "{}", w.id);
        }
        assert_eq!(rebuilt.steps().len(), wanted.len());
        assert!(difference(&below, below.steps()).is_empty());
    }
}
