//! The criterion page of the draft editor: every kind's settings on one
//! form, checked on the server and shown again with what was typed.
use super::editor::{draft, optional_number, parse_weight, save};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::accounts::Role;
use crate::app::AppState;
use crate::checklists::document::{CriterionDoc, KindName, OptionDoc};
use crate::checklists::edit::{self};
use crate::checklists::validate;
use crate::checklists::{Direction, PhotoRule};
use crate::entities::checklist_version;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;
use crate::places::Channel;
use crate::web::components::{checkbox, csrf_field, error_summary, input, select};
use crate::web::context::{Ctx, CurrentUser};
use crate::web::extract::{PageForm, Path};
use crate::web::{layout, paths};

/// A criterion as typed. Options are one per line: `key | label | value`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CriterionForm {
    code: String,
    prompt: String,
    guidance: String,
    kind: String,
    weight: String,
    critical: Option<String>,
    allow_na: Option<String>,
    photo: String,
    min: String,
    max: String,
    /// A number's allowed answers: kept apart from the scale's ends, as
    /// both sets of fields are on the page at once.
    number_min: String,
    number_max: String,
    target: String,
    direction: String,
    unit: String,
    options: String,
    /// One checkbox per channel (`Channel::ALL`); none ticked: every channel.
    channel_store: Option<String>,
    channel_website: Option<String>,
    channel_phone: Option<String>,
    channel_email: Option<String>,
    channel_app: Option<String>,
    channel_delivery: Option<String>,
    channel_social: Option<String>,
}

fn num(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

impl CriterionForm {
    fn of(c: &CriterionDoc) -> Self {
        CriterionForm {
            code: c.code.clone(),
            prompt: c.prompt.clone(),
            guidance: c.guidance.clone(),
            kind: c.kind.as_str().into(),
            weight: c.weight.to_string(),
            critical: c.critical.then(|| "on".into()),
            allow_na: c.allow_na.then(|| "on".into()),
            photo: photo_value(c.photo).into(),
            min: if c.kind == KindName::Number { String::new() } else { num(c.min) },
            max: if c.kind == KindName::Number { String::new() } else { num(c.max) },
            number_min: if c.kind == KindName::Number { num(c.min) } else { String::new() },
            number_max: if c.kind == KindName::Number { num(c.max) } else { String::new() },
            target: num(c.target),
            direction: match c.direction {
                Some(Direction::AtLeast) => "at_least".into(),
                Some(Direction::AtMost) => "at_most".into(),
                None => String::new(),
            },
            unit: c.unit.clone().unwrap_or_default(),
            options: c
                .options
                .iter()
                .map(|o| format!("{} | {} | {}", o.key, o.label, o.value))
                .collect::<Vec<_>>()
                .join("\n"),
            ..Default::default()
        }
        .with_channels(&c.known_channels())
    }

    fn channel_box(&mut self, ch: Channel) -> &mut Option<String> {
        match ch {
            Channel::Store => &mut self.channel_store,
            Channel::Website => &mut self.channel_website,
            Channel::Phone => &mut self.channel_phone,
            Channel::Email => &mut self.channel_email,
            Channel::App => &mut self.channel_app,
            Channel::Delivery => &mut self.channel_delivery,
            Channel::Social => &mut self.channel_social,
        }
    }

    fn with_channels(mut self, channels: &[Channel]) -> Self {
        for ch in channels {
            *self.channel_box(*ch) = Some("on".into());
        }
        self
    }

    /// The channels ticked, in `Channel::ALL` order.
    fn channels(&self) -> Vec<Channel> {
        let ticked = |ch: Channel| {
            match ch {
                Channel::Store => &self.channel_store,
                Channel::Website => &self.channel_website,
                Channel::Phone => &self.channel_phone,
                Channel::Email => &self.channel_email,
                Channel::App => &self.channel_app,
                Channel::Delivery => &self.channel_delivery,
                Channel::Social => &self.channel_social,
            }
            .is_some()
        };
        Channel::ALL.into_iter().filter(|ch| ticked(*ch)).collect()
    }

    /// Only the settings of the chosen kind are kept, so the editor never
    /// makes a criterion that carries another kind's settings.
    fn parse(&self) -> Result<CriterionDoc, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = KindName::parse(&self.kind);
        if kind.is_none() {
            e.insert("kind".into(), Msg::new("kind-invalid"));
        }
        let kind = kind.unwrap_or(KindName::YesNo);
        let weight = parse_weight(&mut e, "weight", &self.weight);
        let mut c = CriterionDoc::new(self.code.trim(), self.prompt.trim(), kind);
        c.guidance = self.guidance.trim().to_owned();
        c.weight = weight;
        c.critical = self.critical.is_some();
        c.allow_na = self.allow_na.is_some();
        c.channels = self.channels().into_iter().map(|ch| ch.as_str().to_owned()).collect();
        c.photo = match self.photo.as_str() {
            "on_fail" => PhotoRule::OnFail,
            "always" => PhotoRule::Always,
            _ => PhotoRule::Never,
        };
        match kind {
            KindName::Scale => {
                c.min = optional_number(&mut e, "min", &self.min);
                c.max = optional_number(&mut e, "max", &self.max);
            }
            KindName::Number => {
                c.min = optional_number(&mut e, "number_min", &self.number_min);
                c.max = optional_number(&mut e, "number_max", &self.number_max);
                c.target = optional_number(&mut e, "target", &self.target);
                c.direction = match self.direction.as_str() {
                    "at_least" => Some(Direction::AtLeast),
                    "at_most" => Some(Direction::AtMost),
                    _ => None,
                };
                c.unit = Some(self.unit.trim().to_owned()).filter(|u| !u.is_empty());
            }
            KindName::Choice => c.options = self.parse_options(&mut e),
            _ => {}
        }
        for (setting, msg) in validate::number_range_problems(&c) {
            let field = match setting {
                "min" => "number_min",
                "max" => "number_max",
                _ => "target",
            };
            e.entry(field.into()).or_insert(msg);
        }
        if e.is_empty() { Ok(c) } else { Err(e) }
    }

    fn parse_options(&self, e: &mut FieldErrors) -> Vec<OptionDoc> {
        let mut out = Vec::new();
        for (i, line) in self.options.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            let value = parts.get(2).and_then(|v| v.replace(',', ".").parse::<f64>().ok());
            match (parts.as_slice(), value) {
                ([key, label, _], Some(value)) => {
                    out.push(OptionDoc { key: (*key).into(), label: (*label).into(), value })
                }
                _ => {
                    e.insert(
                        "options".into(),
                        Msg::new("options-line-invalid").with_int("line", i as i64 + 1),
                    );
                }
            }
        }
        out
    }
}

fn photo_value(p: PhotoRule) -> &'static str {
    match p {
        PhotoRule::Never => "never",
        PhotoRule::OnFail => "on_fail",
        PhotoRule::Always => "always",
    }
}

fn criterion_page(
    ctx: &Ctx,
    v: &checklist_version::Model,
    action: &str,
    f: &CriterionForm,
    errors: &FieldErrors,
) -> Markup {
    let l = ctx.locale;
    let kinds: Vec<(String, String)> = KindName::ALL
        .into_iter()
        .map(|k| (k.as_str().to_owned(), l.t(super::list::kind_key(k))))
        .collect();
    let photos: Vec<(String, String)> =
        [("never", "photo-never"), ("on_fail", "photo-on-fail"), ("always", "photo-always")]
            .into_iter()
            .map(|(v, k)| (v.to_owned(), l.t(k)))
            .collect();
    let directions: Vec<(String, String)> =
        [("at_most", "direction-at-most"), ("at_least", "direction-at-least")]
            .into_iter()
            .map(|(v, k)| (v.to_owned(), l.t(k)))
            .collect();
    let ticked = f.channels();
    let guidance_error = errors.get("guidance").map(|m| l.msg(m));
    let options_error = errors.get("options").map(|m| l.msg(m));
    let body = html! {
        section.card {
            (error_summary(ctx, errors))
            form.stack method="post" action=(action) {
                (csrf_field(ctx))
                (input(ctx, "code", "criterion-code", "text", &f.code, errors, "off"))
                (input(ctx, "prompt", "criterion-prompt", "text", &f.prompt, errors, "off"))
                div.field.has-error[guidance_error.is_some()] {
                    label for="guidance" { (l.t("criterion-guidance")) }
                    textarea #guidance name="guidance" rows="3" { (f.guidance) }
                    @if let Some(e) = &guidance_error { p.field-error { (e) } }
                }
                (select(ctx, "kind", "criterion-kind", &kinds, &f.kind, errors))
                (input(ctx, "weight", "criterion-weight", "text", &f.weight, errors, "off"))
                (checkbox(ctx, "critical", "criterion-critical-label", f.critical.is_some(), Some("criterion-critical-hint")))
                (checkbox(ctx, "allow_na", "criterion-allow-na-label", f.allow_na.is_some(), None))
                (select(ctx, "photo", "criterion-photo", &photos, if f.photo.is_empty() { "never" } else { &f.photo }, errors))
                fieldset.channels {
                    legend { (l.t("criterion-channels")) }
                    p.hint { (l.t("criterion-channels-hint")) }
                    @for ch in Channel::ALL {
                        (checkbox(ctx, &format!("channel_{}", ch.as_str()), ch.label_key(), ticked.contains(&ch), None))
                    }
                }
                fieldset {
                    legend { (l.t("criterion-scale-settings")) }
                    (input(ctx, "min", "criterion-min", "text", &f.min, errors, "off"))
                    (input(ctx, "max", "criterion-max", "text", &f.max, errors, "off"))
                }
                fieldset {
                    legend { (l.t("criterion-number-settings")) }
                    (input(ctx, "number_min", "criterion-number-min", "text", &f.number_min, errors, "off"))
                    (input(ctx, "number_max", "criterion-number-max", "text", &f.number_max, errors, "off"))
                    (input(ctx, "target", "criterion-target", "text", &f.target, errors, "off"))
                    (select(ctx, "direction", "criterion-direction", &directions, &f.direction, errors))
                    (input(ctx, "unit", "criterion-unit", "text", &f.unit, errors, "off"))
                }
                fieldset {
                    legend { (l.t("criterion-choice-settings")) }
                    div.field.has-error[options_error.is_some()] {
                        label for="options" { (l.t("criterion-options")) }
                        textarea #options.ltr name="options" rows="4" { (f.options) }
                        p.hint { (l.t("criterion-options-hint")) }
                        @if let Some(e) = &options_error { p.field-error { (e) } }
                    }
                }
                div.actions {
                    button.btn.btn-primary type="submit" { (l.t("save")) }
                    a.btn.btn-secondary href=(paths::checklist_version(v.checklist_id, v.version)) { (l.t("cancel")) }
                }
            }
        }
    };
    layout::page(ctx, &l.t("criterion-edit-title"), body)
}

fn criterion_url(id: i32, version: i32, s: usize, c: Option<usize>) -> String {
    c.map_or_else(
        || paths::checklist_criterion_new(id, version, s),
        |c| paths::checklist_criterion(id, version, s, c),
    )
}

pub async fn new_criterion_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, version, s)): Path<(i32, i32, usize)>,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let (v, doc) = draft(&app, id, version).await?;
    doc.sections.get(s).ok_or(AppError::NotFound)?;
    let f = CriterionForm { kind: "yes_no".into(), weight: "1".into(), ..Default::default() };
    Ok(criterion_page(&ctx, &v, &criterion_url(id, version, s, None), &f, &FieldErrors::new()))
}

pub async fn criterion_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, version, s, c)): Path<(i32, i32, usize, usize)>,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let (v, doc) = draft(&app, id, version).await?;
    let f = CriterionForm::of(edit::criterion(&doc, s, c)?);
    Ok(criterion_page(&ctx, &v, &criterion_url(id, version, s, Some(c)), &f, &FieldErrors::new()))
}

async fn save_criterion(
    app: &AppState,
    ctx: &Ctx,
    (id, version, s, c): (i32, i32, usize, Option<usize>),
    f: CriterionForm,
) -> AppResult<Response> {
    let (v, mut doc) = draft(app, id, version).await?;
    match f.parse() {
        Ok(criterion) => {
            edit::put_criterion(&mut doc, s, c, criterion)?;
            Ok(save(app, &v, &doc).await?.into_response())
        }
        Err(errors) => {
            let page = criterion_page(ctx, &v, &criterion_url(id, version, s, c), &f, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn add_criterion(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, version, s)): Path<(i32, i32, usize)>,
    PageForm(f): PageForm<CriterionForm>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    save_criterion(&app, &ctx, (id, version, s, None), f).await
}

pub async fn update_criterion(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, version, s, c)): Path<(i32, i32, usize, usize)>,
    PageForm(f): PageForm<CriterionForm>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    save_criterion(&app, &ctx, (id, version, s, Some(c)), f).await
}
