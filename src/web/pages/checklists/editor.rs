//! Editing a draft from any screen, without JavaScript: one page per
//! section or criterion, and buttons that move or delete items one step
//! at a time (so reordering works on a phone).
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::accounts::Role;
use crate::app::AppState;
use crate::checklists::document::{ChecklistDoc, SectionDoc, category};
use crate::checklists::edit::{self, Move};
use crate::checklists::store;
use crate::entities::checklist_version;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;
use crate::web::components::{csrf_field, error_summary, input};
use crate::web::context::{Ctx, CurrentUser};
use crate::web::extract::{PageForm, Path};
use crate::web::{layout, paths};

/// The draft and its document, or 409 for a published version.
pub(super) async fn draft(
    app: &AppState,
    id: i32,
    version: i32,
) -> AppResult<(checklist_version::Model, ChecklistDoc)> {
    let v = store::find_version(&app.db, id, version).await?;
    if v.is_published() {
        return Err(AppError::Conflict(Msg::new("checklist-published-immutable")));
    }
    let mut doc = store::load_doc(&app.db, &v).await?;
    doc.clear_ids();
    Ok((v, doc))
}

pub(super) async fn save(
    app: &AppState,
    v: &checklist_version::Model,
    doc: &ChecklistDoc,
) -> AppResult<Redirect> {
    store::replace_draft(&app.db, v.checklist_id, v.version, doc).await?;
    Ok(Redirect::to(&paths::checklist_version(v.checklist_id, v.version)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OpForm {
    op: String,
}

/// `section-up:0`, `criterion-delete:1:3`, ...
pub async fn op(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path((id, version)): Path<(i32, i32)>,
    PageForm(f): PageForm<OpForm>,
) -> AppResult<Redirect> {
    actor.require(Role::manages)?;
    let (v, mut doc) = draft(&app, id, version).await?;
    let bad = || AppError::BadRequest(format!("unknown operation {}", f.op));
    let (what, at) = f.op.split_once(':').ok_or_else(bad)?;
    let idx: Vec<usize> =
        at.split(':').map(str::parse).collect::<Result<_, _>>().map_err(|_| bad())?;
    match (what, idx.as_slice()) {
        ("section-up", [s]) => edit::move_section(&mut doc, *s, Move::Up)?,
        ("section-down", [s]) => edit::move_section(&mut doc, *s, Move::Down)?,
        ("section-delete", [s]) => edit::delete_section(&mut doc, *s)?,
        ("criterion-up", [s, c]) => edit::move_criterion(&mut doc, *s, *c, Move::Up)?,
        ("criterion-down", [s, c]) => edit::move_criterion(&mut doc, *s, *c, Move::Down)?,
        ("criterion-delete", [s, c]) => edit::delete_criterion(&mut doc, *s, *c)?,
        _ => return Err(bad()),
    }
    save(&app, &v, &doc).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SectionForm {
    category: String,
    title: String,
    weight: String,
}

pub(super) fn parse_weight(errors: &mut FieldErrors, field: &str, s: &str) -> f64 {
    match s.trim().replace(',', ".").parse::<f64>() {
        Ok(w) if w.is_finite() => w,
        _ => {
            errors.insert(field.into(), Msg::new("number-invalid"));
            1.0
        }
    }
}

pub(super) fn optional_number(errors: &mut FieldErrors, field: &str, s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let v = s.replace(',', ".").parse::<f64>().ok().filter(|x| x.is_finite());
    if v.is_none() {
        errors.insert(field.into(), Msg::new("number-invalid"));
    }
    v
}

impl SectionForm {
    fn parse(&self) -> Result<(String, String, f64), FieldErrors> {
        let mut e = FieldErrors::new();
        let cat = self.category.trim().to_owned();
        if !category::is_valid(&cat) {
            e.insert(
                "category".into(),
                Msg::new("checklist-category-invalid").with("category", &cat),
            );
        }
        if self.title.trim().is_empty() {
            e.insert("title".into(), Msg::new("checklist-title-empty"));
        }
        let weight = parse_weight(&mut e, "weight", &self.weight);
        if e.is_empty() { Ok((cat, self.title.trim().to_owned(), weight)) } else { Err(e) }
    }
}

fn section_page(
    ctx: &Ctx,
    v: &checklist_version::Model,
    action: &str,
    f: &SectionForm,
    errors: &FieldErrors,
) -> Markup {
    let l = ctx.locale;
    let body = html! {
        section.card {
            (error_summary(ctx, errors))
            form.stack method="post" action=(action) {
                (csrf_field(ctx))
                (input(ctx, "title", "section-title", "text", &f.title, errors, "off"))
                (input(ctx, "category", "section-category", "text", &f.category, errors, "off"))
                p.hint { (l.t("section-category-hint")) " " code.ltr { (category::BUILT_IN.join(", ")) } }
                (input(ctx, "weight", "section-weight", "text", &f.weight, errors, "off"))
                div.actions {
                    button.btn.btn-primary type="submit" { (l.t("save")) }
                    a.btn.btn-secondary href=(paths::checklist_version(v.checklist_id, v.version)) { (l.t("cancel")) }
                }
            }
        }
    };
    layout::page(ctx, &l.t("section-edit-title"), body)
}

fn section_url(id: i32, version: i32, s: Option<usize>) -> String {
    s.map_or_else(
        || paths::checklist_section_new(id, version),
        |s| paths::checklist_section(id, version, s),
    )
}

pub async fn new_section_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, version)): Path<(i32, i32)>,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let (v, _) = draft(&app, id, version).await?;
    let f = SectionForm { weight: "1".into(), ..Default::default() };
    Ok(section_page(&ctx, &v, &section_url(id, version, None), &f, &FieldErrors::new()))
}

pub async fn section_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, version, s)): Path<(i32, i32, usize)>,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let (v, doc) = draft(&app, id, version).await?;
    let sec = doc.sections.get(s).ok_or(AppError::NotFound)?;
    let f = SectionForm {
        category: sec.category.clone(),
        title: sec.title.clone(),
        weight: sec.weight.to_string(),
    };
    Ok(section_page(&ctx, &v, &section_url(id, version, Some(s)), &f, &FieldErrors::new()))
}

async fn save_section(
    app: &AppState,
    ctx: &Ctx,
    id: i32,
    version: i32,
    s: Option<usize>,
    f: SectionForm,
) -> AppResult<Response> {
    let (v, mut doc) = draft(app, id, version).await?;
    match f.parse() {
        Ok((category, title, weight)) => {
            match s {
                Some(s) => edit::update_section(&mut doc, s, category, title, weight)?,
                None => edit::add_section(
                    &mut doc,
                    SectionDoc { id: None, category, title, weight, criteria: vec![] },
                ),
            }
            Ok(save(app, &v, &doc).await?.into_response())
        }
        Err(errors) => {
            let page = section_page(ctx, &v, &section_url(id, version, s), &f, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn add_section(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, version)): Path<(i32, i32)>,
    PageForm(f): PageForm<SectionForm>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    save_section(&app, &ctx, id, version, None, f).await
}

pub async fn update_section(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, version, s)): Path<(i32, i32, usize)>,
    PageForm(f): PageForm<SectionForm>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    save_section(&app, &ctx, id, version, Some(s), f).await
}
