//! The visit form, for a phone in one hand: sections one after another,
//! the right control for each kind of answer, N/A only where allowed, a
//! comment per question. Plain HTML forms; the script only adds autosave.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use maud::{Markup, html};
use serde_json::Value as Json;

use super::photos::{self as visit_photos, PhotosBy};
use crate::checklists::NUMBER_DEFAULT_MIN;
use crate::checklists::document::{ChecklistDoc, CriterionDoc, KindName};
use crate::entities::{location, visit, visit_answer};
use crate::error::FieldErrors;
use crate::i18n::{Locale, format_int};
use crate::visits::answers::AnswerInput;
use crate::visits::draft::DraftInput;
use crate::visits::scoring::{Answer, Value};
use crate::web::components::csrf_field;
use crate::web::context::Ctx;
use crate::web::paths;

const LOCAL: &str = "%Y-%m-%dT%H:%M";

/// What the form shows and sends: text as typed, keyed by criterion code.
#[derive(Clone, Debug, Default)]
pub struct FormState {
    pub started_at: String,
    pub ended_at: String,
    pub narrative: String,
    pub values: HashMap<String, String>,
    pub na: HashSet<String>,
    pub comments: HashMap<String, String>,
    pub location_id: Option<i32>,
    pub checklist_version_id: Option<i32>,
    pub assignment_id: Option<i32>,
}

pub fn tz_of(l: &location::Model) -> Tz {
    l.timezone.parse().unwrap_or(chrono_tz::UTC)
}

/// A moment as the `datetime-local` value in the location's time zone.
pub fn local_input(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format(LOCAL).to_string()
}

/// A `datetime-local` value read in the location's time zone, as RFC 3339;
/// text that is no such value is passed on for the domain to refuse.
fn to_rfc3339(s: &str, tz: Tz) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let parsed = NaiveDateTime::parse_from_str(s, LOCAL)
        .ok()
        .and_then(|n| tz.from_local_datetime(&n).earliest())
        .map(|t| t.to_rfc3339());
    Some(parsed.unwrap_or_else(|| s.to_owned()))
}

impl FormState {
    /// The stored draft as the form shows it: `values` are its answers
    /// read for their criteria (`answers::stored`), `rows` give N/A and
    /// comments.
    pub fn from_stored(
        v: &visit::Model,
        rows: &[visit_answer::Model],
        values: &HashMap<String, Answer>,
        tz: Tz,
    ) -> Self {
        let mut f = FormState {
            started_at: v.started_at.map(|t| local_input(t, tz)).unwrap_or_default(),
            ended_at: v.ended_at.map(|t| local_input(t, tz)).unwrap_or_default(),
            narrative: v.narrative.clone(),
            ..Default::default()
        };
        for a in rows {
            if a.na {
                f.na.insert(a.code.clone());
            }
            if !a.comment.is_empty() {
                f.comments.insert(a.code.clone(), a.comment.clone());
            }
        }
        for (code, answer) in values {
            let text = match answer {
                Answer::Na => continue,
                Answer::Given(Value::Bool(b)) => (if *b { "yes" } else { "no" }).to_owned(),
                // A whole number as the form's buttons write it: 4, not 4.0.
                Answer::Given(Value::Number(x)) if x.fract() == 0.0 && x.abs() < 1e15 => {
                    (*x as i64).to_string()
                }
                Answer::Given(Value::Number(x)) => x.to_string(),
                Answer::Given(Value::Choice(s) | Value::Text(s)) => s.clone(),
            };
            f.values.insert(code.clone(), text);
        }
        f
    }

    /// The posted form: `v:CODE`, `na:CODE`, `c:CODE`, the times and the
    /// narrative, and for a new visit where it is made.
    pub fn from_posted(fields: &[(String, String)]) -> Self {
        let mut f = FormState::default();
        for (k, v) in fields {
            if let Some(code) = k.strip_prefix("v:") {
                f.values.insert(code.to_owned(), v.clone());
            } else if let Some(code) = k.strip_prefix("na:") {
                f.na.insert(code.to_owned());
            } else if let Some(code) = k.strip_prefix("c:") {
                f.comments.insert(code.to_owned(), v.clone());
            } else {
                match k.as_str() {
                    "started_at" => f.started_at = v.clone(),
                    "ended_at" => f.ended_at = v.clone(),
                    "narrative" => f.narrative = v.clone(),
                    "location_id" => f.location_id = v.parse().ok(),
                    "checklist_version_id" => f.checklist_version_id = v.parse().ok(),
                    "assignment_id" => f.assignment_id = v.parse().ok(),
                    _ => {}
                }
            }
        }
        f
    }

    pub fn to_input(&self, doc: &ChecklistDoc, tz: Tz) -> DraftInput {
        let answers = doc
            .sections
            .iter()
            .flat_map(|s| &s.criteria)
            .filter_map(|c| {
                let value = self.values.get(&c.code).filter(|v| !v.trim().is_empty());
                let comment = self.comments.get(&c.code).cloned().unwrap_or_default();
                let na = self.na.contains(&c.code);
                (value.is_some() || na || !comment.trim().is_empty()).then(|| AnswerInput {
                    code: c.code.clone(),
                    value: if na { None } else { value.map(|v| Json::String(v.clone())) },
                    na,
                    comment,
                })
            })
            .collect();
        DraftInput {
            location_id: self.location_id,
            checklist_id: None,
            checklist_version_id: self.checklist_version_id,
            assignment_id: self.assignment_id,
            started_at: to_rfc3339(&self.started_at, tz),
            ended_at: to_rfc3339(&self.ended_at, tz),
            narrative: self.narrative.clone(),
            answers,
        }
    }

    fn answered(&self, c: &CriterionDoc) -> bool {
        self.na.contains(&c.code) || self.values.get(&c.code).is_some_and(|v| !v.trim().is_empty())
    }
}

fn number_text(l: Locale, x: f64) -> String {
    if x.fract() == 0.0 { format_int(l, x as i64) } else { x.to_string() }
}

/// The error for a criterion: a bad answer, or a missing one at submit.
fn criterion_error(ctx: &Ctx, errors: &FieldErrors, code: &str) -> Option<String> {
    errors.get(&format!("answers.{code}")).or_else(|| errors.get(code)).map(|m| ctx.locale.msg(m))
}

fn choice_group(name: &str, current: &str, options: &[(String, String)]) -> Markup {
    html! {
        div.choices {
            @for (value, label) in options {
                label.choice {
                    input type="radio" name=(name) value=(value) checked[current == value];
                    span { (label) }
                }
            }
        }
    }
}

fn control(ctx: &Ctx, c: &CriterionDoc, f: &FormState) -> Markup {
    let l = ctx.locale;
    let name = format!("v:{}", c.code);
    let current = f.values.get(&c.code).map(String::as_str).unwrap_or("");
    match c.kind {
        KindName::YesNo => choice_group(
            &name,
            current,
            &[("yes".into(), l.t("answer-yes")), ("no".into(), l.t("answer-no"))],
        ),
        KindName::Scale => {
            let (min, max) = (c.min.unwrap_or(1.0), c.max.unwrap_or(5.0));
            let steps: Vec<(String, String)> = if (max - min) <= 10.0 && min.fract() == 0.0 {
                (min as i64..=max as i64).map(|v| (v.to_string(), format_int(l, v))).collect()
            } else {
                vec![]
            };
            if steps.is_empty() {
                html! { input type="number" name=(name) value=(current) step="any" min=(min) max=(max) inputmode="decimal" aria-labelledby={ "q-" (c.code) }; }
            } else {
                choice_group(&name, current, &steps)
            }
        }
        KindName::Number => html! {
            div.number {
                // The range the server holds answers to, so a phone's keypad
                // and the browser say so first; `any` lets decimals through.
                input #{ "n-" (c.code) } type="number" name=(name) value=(current) step="any" min=(c.min.unwrap_or(NUMBER_DEFAULT_MIN)) max=[c.max] inputmode="decimal" aria-labelledby={ "q-" (c.code) };
                @if let Some(u) = &c.unit { span.unit { (u) } }
            }
        },
        KindName::Choice => {
            let opts: Vec<(String, String)> =
                c.options.iter().map(|o| (o.key.clone(), o.label.clone())).collect();
            choice_group(&name, current, &opts)
        }
        KindName::Text => {
            html! { textarea name=(name) rows="3" aria-labelledby={ "q-" (c.code) } { (current) } }
        }
        KindName::Photo => html! {},
    }
}

/// The photo block of a criterion (or of the whole visit), with its error.
fn photo_block(ctx: &Ctx, code: Option<&str>, photos: &PhotosBy, errors: &FieldErrors) -> Markup {
    let list = photos.get(&code.map(str::to_owned)).map(Vec::as_slice).unwrap_or(&[]);
    let error = errors.get(&crate::evidence::form::photo_key(code)).map(|m| ctx.locale.msg(m));
    visit_photos::form_block(ctx, code, list, error)
}

fn criterion(
    ctx: &Ctx,
    c: &CriterionDoc,
    f: &FormState,
    errors: &FieldErrors,
    photos: &PhotosBy,
) -> Markup {
    let l = ctx.locale;
    let error = criterion_error(ctx, errors, &c.code);
    let comment = f.comments.get(&c.code).map(String::as_str).unwrap_or("");
    let target = match (c.kind, c.target, c.direction) {
        (KindName::Number, Some(t), Some(d)) => {
            let key = if d == crate::checklists::Direction::AtMost {
                "kind-number-at-most"
            } else {
                "kind-number-at-least"
            };
            Some(l.t_args(
                key,
                &[("target", number_text(l, t)), ("unit", c.unit.clone().unwrap_or_default())],
            ))
        }
        _ => None,
    };
    html! {
        fieldset.question.has-error[error.is_some()] id={ "q-" (c.code) } {
            legend {
                span.code { (c.code) } " " (c.prompt)
                @if c.critical { " " span.badge.badge-critical { (l.t("criterion-critical")) } }
            }
            @if !c.guidance.is_empty() { p.hint { (c.guidance) } }
            @if let Some(t) = target { p.hint { (l.t("target-is")) " " (t) } }
            @if let Some(e) = &error { p.field-error role="alert" { (e) } }
            (control(ctx, c, f))
            @if c.allow_na {
                label.na {
                    input type="checkbox" name={ "na:" (c.code) } value="1" checked[f.na.contains(&c.code)];
                    " " (l.t("answer-na"))
                }
            }
            (photo_block(ctx, Some(&c.code), photos, errors))
            details.comment open[!comment.is_empty()] {
                summary { (l.t("answer-comment")) }
                textarea name={ "c:" (c.code) } rows="2" aria-label=(l.t("answer-comment")) { (comment) }
            }
        }
    }
}

/// The whole form of the visit `id` (new or not yet submitted); `hidden`
/// carries where a new visit is made. It posts as multipart so that photos chosen without
/// the script travel with the answers; the CSRF token of a multipart post
/// rides in the query (see `csrf.rs`).
pub fn render(
    ctx: &Ctx,
    id: &str,
    doc: &ChecklistDoc,
    loc: &location::Model,
    f: &FormState,
    errors: &FieldErrors,
    photos: &PhotosBy,
) -> Markup {
    let l = ctx.locale;
    let total: usize = doc.sections.iter().map(|s| s.criteria.len()).sum();
    let answered = doc.sections.iter().flat_map(|s| &s.criteria).filter(|c| f.answered(c)).count();
    let time_error = |field: &str| errors.get(field).map(|m| l.msg(m));
    html! {
        form.visit-form method="post" action=(paths::with_csrf(&paths::visit(id), &ctx.csrf))
            enctype="multipart/form-data" data-autosave="1"
            data-photo-api=(paths::api_visit_photos(id))
            data-msg-saving=(l.t("visit-autosave-saving")) data-msg-saved=(l.t("visit-autosave-saved"))
            data-msg-offline=(l.t("visit-autosave-offline")) data-msg-restored=(l.t("visit-autosave-restored"))
            data-msg-invalid=(l.t("visit-autosave-invalid")) data-msg-locked=(l.t("visit-autosave-locked"))
            data-msg-signed-out=(l.t("visit-autosave-signed-out"))
            data-msg-photo-failed=(l.t("photo-upload-failed")) data-msg-photo-retry=(l.t("photo-retry"))
            data-msg-photo-remove=(l.t("photo-remove")) data-msg-photo-alt=(l.t("photo-alt")) {
            (csrf_field(ctx))
            @if let Some(id) = f.location_id { input type="hidden" name="location_id" value=(id); }
            @if let Some(id) = f.checklist_version_id { input type="hidden" name="checklist_version_id" value=(id); }
            @if let Some(id) = f.assignment_id { input type="hidden" name="assignment_id" value=(id); }
            @if !errors.is_empty() {
                div.error-summary role="alert" {
                    (l.t_args("visit-form-problems", &[("count", format_int(l, errors.len() as i64))]))
                }
            }
            p.progress aria-live="polite" {
                (l.t_args("visit-progress", &[("answered", format_int(l, answered as i64)), ("total", format_int(l, total as i64))]))
                " " span.save-state {}
            }
            section.card {
                h2 { (l.t("visit-when")) }
                p.hint { (l.t_args("visit-times-in-zone", &[("zone", loc.timezone.clone())])) }
                @for (field, key) in [("started_at", "visit-started-at"), ("ended_at", "visit-ended-at")] {
                    @let value = if field == "started_at" { &f.started_at } else { &f.ended_at };
                    @let err = time_error(field);
                    div.field.has-error[err.is_some()] {
                        label for=(field) { (l.t(key)) }
                        input #(field) type="datetime-local" name=(field) value=(value);
                        @if let Some(e) = &err { p.field-error { (e) } }
                    }
                }
            }
            @for (i, s) in doc.sections.iter().enumerate() {
                section.card.visit-section {
                    h2 {
                        (s.title)
                        " " span.muted { (l.t_args("visit-section-n", &[("n", format_int(l, i as i64 + 1)), ("of", format_int(l, doc.sections.len() as i64))])) }
                    }
                    @for c in &s.criteria { (criterion(ctx, c, f, errors, photos)) }
                }
            }
            section.card {
                h2 { label for="narrative" { (l.t("visit-narrative")) } }
                p.hint { (l.t("visit-narrative-hint")) }
                textarea #narrative name="narrative" rows="5" { (f.narrative) }
            }
            section.card {
                h2 { (l.t("photo-visit-title")) }
                (photo_block(ctx, None, photos, errors))
            }
            div.actions.sticky-actions {
                button.btn.btn-secondary type="submit" name="action" value="save" { (l.t("visit-save")) }
                button.btn.btn-primary type="submit" name="action" value="submit" { (l.t("visit-submit")) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_read_in_the_locations_zone() {
        let tehran: Tz = "Asia/Tehran".parse().unwrap();
        assert_eq!(to_rfc3339("2026-11-23T10:30", tehran).unwrap(), "2026-11-23T10:30:00+03:30");
        assert_eq!(to_rfc3339("", tehran), None);
        assert_eq!(to_rfc3339("soon", tehran).unwrap(), "soon");
        let t = DateTime::parse_from_rfc3339("2026-11-23T07:00:00Z").unwrap().to_utc();
        assert_eq!(local_input(t, tehran), "2026-11-23T10:30");
    }

    #[test]
    fn posted_fields_become_answers_in_checklist_order() {
        let doc: ChecklistDoc = serde_json::from_value(serde_json::json!({
            "name": "x", "sections": [{"category": "staff", "title": "S", "criteria": [
                {"code": "A", "prompt": "?", "kind": "yes_no"},
                {"code": "B", "prompt": "?", "kind": "number", "target": 5, "direction": "at_most", "allow_na": true},
                {"code": "C", "prompt": "?", "kind": "text"}]}]
        }))
        .unwrap();
        let posted: Vec<(String, String)> =
            [("v:B", ""), ("na:B", "1"), ("v:A", "yes"), ("c:C", "note"), ("narrative", "n")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let input = FormState::from_posted(&posted).to_input(&doc, chrono_tz::UTC);
        let codes: Vec<_> = input.answers.iter().map(|a| (a.code.as_str(), a.na)).collect();
        assert_eq!(codes, [("A", false), ("B", true), ("C", false)]);
        assert_eq!(input.answers[0].value, Some(Json::String("yes".into())));
        assert_eq!(input.answers[2].comment, "note");
        assert_eq!(input.narrative, "n");
    }
}
