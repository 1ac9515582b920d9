//! The visit form, for a phone in one hand: sections one after another,
//! the right control for each kind of answer, N/A only where allowed, a
//! comment per question. Plain HTML forms; the script only adds autosave.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use maud::{Markup, html};
use serde_json::Value as Json;

use super::photos::{self as visit_photos, PhotosBy};
use crate::checklists::NUMBER_DEFAULT_MIN;
use crate::checklists::document::{ChecklistDoc, CriterionDoc, KindName, SectionDoc};
use crate::entities::{location, visit, visit_answer};
use crate::error::FieldErrors;
use crate::evidence::form::photo_key;
use crate::i18n::{Locale, format_int, input_date, parse_datetime, solar_hijri};
use crate::visits::answers::AnswerInput;
use crate::visits::draft::DraftInput;
use crate::visits::scoring::{Answer, Value};
use crate::web::components::{csrf_field, moment_input, time_field};
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

/// A moment as the form shows it in the location's time zone: the
/// `datetime-local` value, or on a Persian page the Solar Hijri date and
/// the time (`۱۴۰۵/۰۹/۱۳ 14:30`, see `components::moment_input`).
pub fn local_input(l: Locale, t: DateTime<Utc>, tz: Tz) -> String {
    let local = t.with_timezone(&tz).naive_local();
    if solar_hijri(l) {
        format!("{} {}", input_date(l, local.date()), local.format("%H:%M"))
    } else {
        local.format(LOCAL).to_string()
    }
}

/// A typed moment read in the location's time zone, as RFC 3339; text that
/// is no such value is passed on for the domain to refuse. The same local
/// day and time give the same instant in either calendar.
fn to_rfc3339(l: Locale, s: &str, tz: Tz) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let parsed = parse_datetime(l, s)
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
        l: Locale,
        tz: Tz,
    ) -> Self {
        let mut f = FormState {
            started_at: v.started_at.map(|t| local_input(l, t, tz)).unwrap_or_default(),
            ended_at: v.ended_at.map(|t| local_input(l, t, tz)).unwrap_or_default(),
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
    /// narrative, and for a new visit where it is made. A Persian page
    /// sends a moment's time apart (`started_at_time`): it is joined to
    /// the date here, as typed.
    pub fn from_posted(fields: &[(String, String)]) -> Self {
        let mut f = FormState::default();
        let time_of = |name: &str| {
            let field = time_field(name);
            fields.iter().find(|(k, _)| *k == field).map(|(_, v)| v.trim().to_owned())
        };
        let (started_time, ended_time) = (time_of("started_at"), time_of("ended_at"));
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
        let join = |date: &str, time: Option<String>| match time {
            Some(t) => format!("{} {t}", date.trim()).trim().to_owned(),
            None => date.to_owned(),
        };
        f.started_at = join(&f.started_at, started_time);
        f.ended_at = join(&f.ended_at, ended_time);
        f
    }

    pub fn to_input(&self, doc: &ChecklistDoc, l: Locale, tz: Tz) -> DraftInput {
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
            started_at: to_rfc3339(l, &self.started_at, tz),
            ended_at: to_rfc3339(l, &self.ended_at, tz),
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

/// The error for a criterion: a bad answer, a missing one at submit, or a
/// missing photo.
fn criterion_error(ctx: &Ctx, errors: &FieldErrors, code: &str) -> Option<String> {
    errors
        .get(&format!("answers.{code}"))
        .or_else(|| errors.get(code))
        .or_else(|| errors.get(&photo_key(Some(code))))
        .map(|m| ctx.locale.msg(m))
}

/// Whether a question counts as answered: a value that was not refused, a
/// tick on N/A, or (a photo question) a photo.
fn is_answered(c: &CriterionDoc, f: &FormState, errors: &FieldErrors, photos: &PhotosBy) -> bool {
    if errors.contains_key(&format!("answers.{}", c.code)) {
        return false;
    }
    match c.kind {
        KindName::Photo => photos.get(&Some(c.code.clone())).is_some_and(|p| !p.is_empty()),
        _ => f.answered(c),
    }
}

/// Radio buttons drawn as large tappable options; `row` lays short ones
/// side by side.
fn choice_group(name: &str, current: &str, options: &[(String, String)], row: bool) -> Markup {
    html! {
        div.choices.choices-row[row] {
            @for (value, label) in options {
                label.choice {
                    input type="radio" name=(name) value=(value) checked[current == value];
                    span { (label) }
                }
            }
        }
    }
}

/// The bounds a number may take, in words ("from 0 to 60"), if any.
fn range_text(l: Locale, min: Option<f64>, max: Option<f64>) -> Option<String> {
    match (min, max) {
        (Some(lo), Some(hi)) => Some(l.t_args(
            "answer-range-between",
            &[("min", number_text(l, lo)), ("max", number_text(l, hi))],
        )),
        (Some(lo), None) => Some(l.t_args("answer-range-min", &[("min", number_text(l, lo))])),
        (None, Some(hi)) => Some(l.t_args("answer-range-max", &[("max", number_text(l, hi))])),
        (None, None) => None,
    }
}

/// A full-width number box with its unit and allowed range beside it.
fn number_box(l: Locale, c: &CriterionDoc, current: &str, min: f64, max: Option<f64>) -> Markup {
    let name = format!("v:{}", c.code);
    let id = format!("n-{}", c.code);
    let note = format!("r-{}", c.code);
    html! {
        div.number {
            // The range the server holds answers to, so a phone's keypad
            // and the browser say so first; `any` lets decimals through.
            input #(id) type="number" name=(name) value=(current) step="any" min=(min) max=[max]
                inputmode="decimal" aria-labelledby={ "l-" (c.code) } aria-describedby=(note);
            span.number-note #(note) {
                @if let Some(u) = &c.unit { span.unit { (u) } " " }
                @if let Some(r) = range_text(l, Some(min), max) { span.range { (r) } }
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
            true,
        ),
        KindName::Scale => {
            let (min, max) = (c.min.unwrap_or(1.0), c.max.unwrap_or(5.0));
            if (max - min) <= 10.0 && min.fract() == 0.0 {
                let steps: Vec<(String, String)> =
                    (min as i64..=max as i64).map(|v| (v.to_string(), format_int(l, v))).collect();
                choice_group(&name, current, &steps, true)
            } else {
                number_box(l, c, current, min, Some(max))
            }
        }
        KindName::Number => number_box(l, c, current, c.min.unwrap_or(NUMBER_DEFAULT_MIN), c.max),
        KindName::Choice => {
            let opts: Vec<(String, String)> =
                c.options.iter().map(|o| (o.key.clone(), o.label.clone())).collect();
            choice_group(&name, current, &opts, false)
        }
        KindName::Text => {
            html! { textarea name=(name) rows="3" aria-labelledby={ "l-" (c.code) } { (current) } }
        }
        KindName::Photo => html! {},
    }
}

/// The photo block of a criterion (or of the whole visit), with its error.
fn photo_block(ctx: &Ctx, code: Option<&str>, photos: &PhotosBy, errors: &FieldErrors) -> Markup {
    let list = photos.get(&code.map(str::to_owned)).map(Vec::as_slice).unwrap_or(&[]);
    // A criterion's photo error is said once, at the top of its question.
    let error = match code {
        Some(_) => None,
        None => errors.get(&photo_key(None)).map(|m| ctx.locale.msg(m)),
    };
    visit_photos::form_block(ctx, code, list, error)
}

fn target_text(l: Locale, c: &CriterionDoc) -> Option<String> {
    let (KindName::Number, Some(t), Some(d)) = (c.kind, c.target, c.direction) else {
        return None;
    };
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
    let answered = is_answered(c, f, errors, photos);
    html! {
        fieldset.question.has-error[error.is_some()] id={ "q-" (c.code) } data-kind=(c.kind.as_str())
            data-answered=(if answered { "1" } else { "0" }) {
            legend id={ "l-" (c.code) } {
                (c.prompt)
                @if c.critical { " " span.badge.badge-critical { (l.t("criterion-critical")) } }
                " " span.code { (c.code) }
            }
            @if !c.guidance.is_empty() {
                details.guidance {
                    summary { (l.t("visit-how-to-judge")) }
                    p.hint { (c.guidance) }
                }
            }
            @if let Some(t) = target_text(l, c) { p.hint { (l.t("target-is")) " " (t) } }
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

/// The message of a scored question left unanswered at submit.
const MISSING_ANSWER: &str = "visit-missing-answer";

/// One entry of the list a failed save or submit starts with.
struct Problem {
    /// The element the link jumps to, if the problem has a place.
    anchor: Option<String>,
    what: String,
    message: String,
}

/// Every error of the form in the form's own order: the times, each
/// question, the narrative, the visit's photos, then anything else.
fn problems(ctx: &Ctx, doc: &ChecklistDoc, errors: &FieldErrors) -> Vec<Problem> {
    let l = ctx.locale;
    let mut placed = HashSet::new();
    let mut out = Vec::new();
    let mut add = |keys: Vec<String>, anchor: &str, what: String| {
        if let Some(k) = keys.iter().find(|k| errors.contains_key(*k)) {
            // "Not answered" is what the list is mostly made of: the
            // question alone says it; any other problem is spelled out.
            let m = &errors[k];
            let message = if m.key == MISSING_ANSWER { String::new() } else { l.msg(m) };
            out.push(Problem { anchor: Some(anchor.to_owned()), what, message });
        }
        placed.extend(keys);
    };
    add(vec!["started_at".into()], "started_at", l.t("visit-started-at"));
    add(vec!["ended_at".into()], "ended_at", l.t("visit-ended-at"));
    for c in doc.sections.iter().flat_map(|s| &s.criteria) {
        let keys = vec![format!("answers.{}", c.code), c.code.clone(), photo_key(Some(&c.code))];
        add(keys, &format!("q-{}", c.code), c.prompt.clone());
    }
    add(vec!["narrative".into()], "narrative", l.t("visit-narrative"));
    add(vec![photo_key(None)], "photos-visit", l.t("photo-visit-title"));
    for (k, m) in errors {
        if !placed.contains(k) {
            out.push(Problem { anchor: None, what: String::new(), message: l.msg(m) });
        }
    }
    out
}

fn problem_list(ctx: &Ctx, doc: &ChecklistDoc, errors: &FieldErrors) -> Markup {
    let l = ctx.locale;
    let list = problems(ctx, doc, errors);
    html! {
        @if !list.is_empty() {
            div.error-summary role="alert" {
                p { (l.t_args("visit-form-problems", &[("count", format_int(l, list.len() as i64))])) }
                ol {
                    @for (i, p) in list.iter().enumerate() {
                        li {
                            @if let Some(a) = &p.anchor {
                                // The first is focused, so a keyboard or a
                                // screen reader starts at the list.
                                a href={ "#" (a) } autofocus[i == 0] { (p.what) }
                                @if !p.message.is_empty() { ": " }
                            }
                            (p.message)
                        }
                    }
                }
            }
        }
    }
}

/// Answered and total questions of one section.
fn section_count(
    s: &SectionDoc,
    f: &FormState,
    errors: &FieldErrors,
    photos: &PhotosBy,
) -> (usize, usize) {
    let answered = s.criteria.iter().filter(|c| is_answered(c, f, errors, photos)).count();
    (answered, s.criteria.len())
}

fn count_text(l: Locale, key: &str, (answered, total): (usize, usize)) -> String {
    l.t_args(
        key,
        &[("answered", format_int(l, answered as i64)), ("total", format_int(l, total as i64))],
    )
}

/// Links to each section with its answered/total, for the top of the form
/// and for the sticky bar.
fn section_index(l: Locale, doc: &ChecklistDoc, counts: &[(usize, usize)]) -> Markup {
    html! {
        ol.section-index {
            @for (i, (s, n)) in doc.sections.iter().zip(counts).enumerate() {
                li.done[n.0 == n.1] {
                    a href={ "#s-" (i + 1) } {
                        span.title { (s.title) }
                        " " span.count data-section={ "s-" (i + 1) } { (count_text(l, "visit-section-count", *n)) }
                    }
                }
            }
        }
    }
}

/// The whole form of the visit `id` (new or not yet submitted); `hidden`
/// carries where a new visit is made. It posts as multipart so that photos
/// chosen without the script travel with the answers; the CSRF token is
/// its first field, so it is read before any file (see `csrf.rs`).
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
    let counts: Vec<(usize, usize)> =
        doc.sections.iter().map(|s| section_count(s, f, errors, photos)).collect();
    let total = counts.iter().fold((0, 0), |a, n| (a.0 + n.0, a.1 + n.1));
    // Open: sections with a problem; else the first with work left.
    let has_error =
        |s: &SectionDoc| s.criteria.iter().any(|c| criterion_error(ctx, errors, &c.code).is_some());
    let first_open = counts.iter().position(|n| n.0 < n.1).unwrap_or(0);
    let open = |i: usize, s: &SectionDoc| {
        if errors.is_empty() { i == first_open } else { has_error(s) }
    };
    let digits: String = (0..10).map(|d| format_int(l, d)).collect();
    html! {
        form.visit-form method="post" action=(paths::visit(id))
            enctype="multipart/form-data" data-autosave="1"
            data-photo-api=(paths::api_visit_photos(id))
            data-digits=(digits)
            data-msg-progress=(l.t_args("visit-progress", &[("answered", "{a}".into()), ("total", "{t}".into())]))
            data-msg-section=(l.t_args("visit-section-count", &[("answered", "{a}".into()), ("total", "{t}".into())]))
            data-msg-saving=(l.t("visit-autosave-saving")) data-msg-saved=(l.t("visit-autosave-saved"))
            data-msg-offline=(l.t("visit-autosave-offline")) data-msg-restored=(l.t("visit-autosave-restored"))
            data-msg-invalid=(l.t("visit-autosave-invalid")) data-msg-locked=(l.t("visit-autosave-locked"))
            data-msg-signed-out=(l.t("visit-autosave-signed-out"))
            data-msg-photo-failed=(l.t("photo-upload-failed")) data-msg-photo-retry=(l.t("photo-retry"))
            data-msg-photo-remove=(l.t("photo-remove")) data-msg-photo-alt=(l.t("photo-alt")) {
            // First, so the token is read before any file (csrf.rs).
            (csrf_field(ctx))
            @if let Some(id) = f.location_id { input type="hidden" name="location_id" value=(id); }
            @if let Some(id) = f.checklist_version_id { input type="hidden" name="checklist_version_id" value=(id); }
            @if let Some(id) = f.assignment_id { input type="hidden" name="assignment_id" value=(id); }
            div.form-bar {
                p.progress aria-live="polite" {
                    span.progress-count { (count_text(l, "visit-progress", total)) }
                    " " span.save-state {}
                }
                details.jump {
                    summary { (l.t("visit-sections")) }
                    nav aria-label=(l.t("visit-sections")) { (section_index(l, doc, &counts)) }
                }
            }
            (problem_list(ctx, doc, errors))
            (super::offline::queue(ctx))
            (super::offline::shrink_setting(ctx))
            nav.card.section-nav aria-labelledby="sections-title" {
                h2 #sections-title { (l.t("visit-sections")) }
                (section_index(l, doc, &counts))
            }
            section.card {
                h2 { (l.t("visit-when")) }
                p.hint { (l.t_args("visit-times-in-zone", &[("zone", loc.timezone.clone())])) }
                (moment_input(ctx, "started_at", "visit-started-at", &f.started_at, errors))
                (moment_input(ctx, "ended_at", "visit-ended-at", &f.ended_at, errors))
            }
            @for (i, (s, n)) in doc.sections.iter().zip(&counts).enumerate() {
                details.card.visit-section id={ "s-" (i + 1) } open[open(i, s)] {
                    summary {
                        h2 {
                            (s.title)
                            " " span.count.done[n.0 == n.1] data-section={ "s-" (i + 1) } { (count_text(l, "visit-section-count", *n)) }
                        }
                    }
                    @for c in &s.criteria { (criterion(ctx, c, f, errors, photos)) }
                }
            }
            section.card {
                h2 { label for="narrative" { (l.t("visit-narrative")) } }
                p.hint { (l.t("visit-narrative-hint")) }
                textarea #narrative name="narrative" rows="5" { (f.narrative) }
            }
            section.card #photos-visit {
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
        let en = Locale::En;
        assert_eq!(
            to_rfc3339(en, "2026-11-23T10:30", tehran).unwrap(),
            "2026-11-23T10:30:00+03:30"
        );
        assert_eq!(to_rfc3339(en, "", tehran), None);
        assert_eq!(to_rfc3339(en, "soon", tehran).unwrap(), "soon");
        let t = DateTime::parse_from_rfc3339("2026-11-23T07:00:00Z").unwrap().to_utc();
        assert_eq!(local_input(en, t, tehran), "2026-11-23T10:30");
    }

    #[test]
    fn a_solar_hijri_moment_is_the_same_instant_as_the_english_one() {
        let tehran: Tz = "Asia/Tehran".parse().unwrap();
        let fields: Vec<(String, String)> =
            [("started_at", "۱۴۰۵/۰۹/۰۲"), ("started_at_time", "10:30")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let f = FormState::from_posted(&fields);
        assert_eq!(f.started_at, "۱۴۰۵/۰۹/۰۲ 10:30");
        let fa = to_rfc3339(Locale::Fa, &f.started_at, tehran);
        assert_eq!(fa, to_rfc3339(Locale::En, "2026-11-23T10:30", tehran));
        let t = DateTime::parse_from_rfc3339("2026-11-23T07:00:00Z").unwrap().to_utc();
        assert_eq!(local_input(Locale::Fa, t, tehran), "۱۴۰۵/۰۹/۰۲ 10:30");
        assert_eq!(to_rfc3339(Locale::Fa, "1405/13/40 10:30", tehran).unwrap(), "1405/13/40 10:30");
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
        let input = FormState::from_posted(&posted).to_input(&doc, Locale::En, chrono_tz::UTC);
        let codes: Vec<_> = input.answers.iter().map(|a| (a.code.as_str(), a.na)).collect();
        assert_eq!(codes, [("A", false), ("B", true), ("C", false)]);
        assert_eq!(input.answers[0].value, Some(Json::String("yes".into())));
        assert_eq!(input.answers[2].comment, "note");
        assert_eq!(input.narrative, "n");
    }
}
