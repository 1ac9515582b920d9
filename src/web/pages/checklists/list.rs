//! Checklists: the list, one version's content, publishing, new drafts,
//! JSON import and export, and the built-in standard.
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::accounts::Role;
use crate::app::AppState;
use crate::checklists::document::{ChecklistDoc, CriterionDoc, KindName, channel_named};
use crate::checklists::store;
use crate::checklists::{Direction, PhotoRule};
use crate::entities::checklist_version;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{Locale, Msg, format_date, format_int};
use crate::web::components::{csrf_field, input, select};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{PageForm, Path};
use crate::web::pages::locale_options;
use crate::web::{layout, paths};

fn upload_form(ctx: &Ctx, action: &str, button_key: &str) -> Markup {
    html! {
        form.stack method="post" action=(action) enctype="multipart/form-data" {
            (csrf_field(ctx))
            div.field {
                label for="file" { (ctx.t("checklist-json-file")) }
                input #file type="file" name="file" accept=".json,application/json" required;
            }
            div.actions { button.btn.btn-secondary type="submit" { (ctx.t(button_key)) } }
        }
    }
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let all = store::list(&app.db).await?;
    let l = ctx.locale;
    let none = FieldErrors::new();
    let body = html! {
        @if all.is_empty() {
            p.muted { (l.t("checklists-none")) }
        } @else {
            div.table-wrap {
                table.data {
                    thead { tr {
                        th scope="col" { (l.t("field-name")) }
                        th scope="col" { (l.t("checklist-published-version")) }
                        th scope="col" { (l.t("checklist-draft-version")) }
                    } }
                    tbody {
                        @for s in &all {
                            tr {
                                td { a href=(paths::checklist(s.checklist.id)) { (s.checklist.name) } }
                                td { @if let Some(v) = s.published() { a href=(paths::checklist_version(v.checklist_id, v.version)) { (format_int(l, v.version.into())) } } @else { "–" } }
                                td { @if let Some(v) = s.draft() { a href=(paths::checklist_version(v.checklist_id, v.version)) { (format_int(l, v.version.into())) } } @else { "–" } }
                            }
                        }
                    }
                }
            }
        }
        section.card {
            h2 { (l.t("checklist-builtin-title")) }
            p { (l.t("checklist-builtin-text")) }
            form.stack method="post" action=(paths::CHECKLIST_BUILTIN) {
                (csrf_field(&ctx))
                (select(&ctx, "locale", "field-language", &locale_options(), l.code(), &none))
                div.actions { button.btn.btn-primary type="submit" { (l.t("checklist-builtin-add")) } }
            }
        }
        section.card {
            h2 { (l.t("checklist-new-title")) }
            form.stack method="post" action=(paths::CHECKLIST_NEW) {
                (csrf_field(&ctx))
                (input(&ctx, "name", "field-name", "text", "", &none, "off"))
                div.actions { button.btn.btn-primary type="submit" { (l.t("checklist-new")) } }
            }
            h2 { (l.t("checklist-import-title")) }
            (upload_form(&ctx, paths::CHECKLIST_IMPORT, "checklist-import"))
        }
    };
    Ok(layout::page(&ctx, &l.t("nav-checklists"), body))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BuiltinForm {
    locale: String,
}

pub async fn add_builtin(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(f): PageForm<BuiltinForm>,
) -> AppResult<Redirect> {
    actor.require(Role::manages)?;
    let locale = Locale::parse(&f.locale).unwrap_or(ctx.locale);
    let v = store::add_builtin(&app.db, actor.id(), locale).await?;
    set_flash(ctx.session()?, "checklist-builtin-added").await?;
    Ok(Redirect::to(&paths::checklist_version(v.checklist_id, v.version)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewForm {
    name: String,
}

pub async fn create(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(f): PageForm<NewForm>,
) -> AppResult<Redirect> {
    actor.require(Role::manages)?;
    let doc = ChecklistDoc { id: None, name: f.name, description: String::new(), sections: vec![] };
    let v = store::create(&app.db, actor.id(), &doc).await?;
    set_flash(ctx.session()?, "checklist-created").await?;
    Ok(Redirect::to(&paths::checklist_version(v.checklist_id, v.version)))
}

/// Reads an uploaded checklist document; a file that is not one says why.
async fn uploaded_doc(mut multipart: Multipart) -> AppResult<ChecklistDoc> {
    while let Some(field) =
        multipart.next_field().await.map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        if field.name() == Some("file") {
            let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
            return serde_json::from_slice(&bytes).map_err(|e| {
                AppError::field("file", Msg::new("checklist-json-invalid").with("detail", e))
            });
        }
    }
    Err(AppError::field("file", Msg::new("field-required")))
}

pub async fn import_new(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    multipart: Multipart,
) -> AppResult<Redirect> {
    actor.require(Role::manages)?;
    let mut doc = uploaded_doc(multipart).await?;
    doc.clear_ids();
    let v = store::create(&app.db, actor.id(), &doc).await?;
    set_flash(ctx.session()?, "checklist-imported").await?;
    Ok(Redirect::to(&paths::checklist_version(v.checklist_id, v.version)))
}

pub async fn latest(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Redirect> {
    actor.require(Role::manages)?;
    let all = store::versions(&app.db, id).await?;
    let v = all.last().ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&paths::checklist_version(id, v.version)))
}

fn number(l: Locale, x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e12 { format_int(l, x as i64) } else { x.to_string() }
}

fn kind_summary(ctx: &Ctx, c: &CriterionDoc) -> String {
    let l = ctx.locale;
    let n = |x: Option<f64>| x.map(|v| number(l, v)).unwrap_or_else(|| "?".into());
    match c.kind {
        KindName::Scale => l.t_args("kind-scale-range", &[("min", n(c.min)), ("max", n(c.max))]),
        KindName::Number => {
            let key = match c.direction {
                Some(Direction::AtLeast) => "kind-number-at-least",
                _ => "kind-number-at-most",
            };
            l.t_args(key, &[("target", n(c.target)), ("unit", c.unit.clone().unwrap_or_default())])
        }
        KindName::Choice => c
            .options
            .iter()
            .map(|o| format!("{} ({})", o.label, number(l, o.value)))
            .collect::<Vec<_>>()
            .join(" · "),
        _ => String::new(),
    }
}

/// "only: Store, Delivery", for a criterion limited to some channels; a
/// name that is no channel (a draft imported with a typo) shows as typed.
fn channels_summary(l: Locale, c: &CriterionDoc) -> String {
    let names: Vec<String> = c
        .channels
        .iter()
        .map(|n| channel_named(n).map_or_else(|| n.clone(), |ch| l.t(ch.label_key())))
        .collect();
    l.t_args("criterion-channels-only", &[("channels", names.join(", "))])
}

pub(super) fn kind_key(k: KindName) -> &'static str {
    match k {
        KindName::YesNo => "kind-yes-no",
        KindName::Scale => "kind-scale",
        KindName::Number => "kind-number",
        KindName::Choice => "kind-choice",
        KindName::Text => "kind-text",
        KindName::Photo => "kind-photo",
    }
}

fn photo_key(p: PhotoRule) -> Option<&'static str> {
    match p {
        PhotoRule::Never => None,
        PhotoRule::OnFail => Some("photo-on-fail"),
        PhotoRule::Always => Some("photo-always"),
    }
}

/// Buttons that change a draft one step at a time; they all post to the
/// draft's `op` address inside one form, so the page stays small.
fn op_button(l: Locale, op: String, label_key: &str, confirm: bool) -> Markup {
    html! {
        button.btn.btn-small type="submit" name="op" value=(op)
            data-confirm=[confirm.then(|| l.t("confirm-delete"))] { (l.t(label_key)) }
    }
}

fn doc_view(
    ctx: &Ctx,
    doc: &ChecklistDoc,
    problems: &FieldErrors,
    // The draft being edited: checklist id and version.
    editing: Option<(i32, i32)>,
) -> Markup {
    let l = ctx.locale;
    let problem = |path: String| problems.get(&path).map(|m| l.msg(m));
    html! {
        // Problems of the document as a whole (name, sections).
        @for (_, m) in problems.iter().filter(|(p, _)| !p.contains('[')) {
            p.field-error { (l.msg(m)) }
        }
        @if !doc.description.is_empty() { p { (doc.description) } }
        @if doc.sections.is_empty() { p.muted { (l.t("checklist-no-sections-yet")) } }
        @for (i, s) in doc.sections.iter().enumerate() {
            section.card.checklist-section {
                h2 { (s.title) }
                p.muted { code.ltr { (s.category) } " · " (l.t_args("weight-is", &[("weight", number(l, s.weight))])) }
                @for key in ["category", "title", "weight", "criteria"] {
                    @if let Some(p) = problem(format!("sections[{i}].{key}")) { p.field-error { (p) } }
                }
                @if let Some(p) = problem(format!("sections[{i}]")) { p.field-error { (p) } }
                @if let Some((id, version)) = editing {
                    div.item-actions {
                        a.btn.btn-small href=(paths::checklist_section(id, version, i)) { (l.t("edit")) }
                        (op_button(l, format!("section-up:{i}"), "move-up", false))
                        (op_button(l, format!("section-down:{i}"), "move-down", false))
                        (op_button(l, format!("section-delete:{i}"), "delete", true))
                    }
                }
                ol.criteria {
                    @for (j, c) in s.criteria.iter().enumerate() {
                        li {
                            p { span.code.ltr { (c.code) } " " strong { (c.prompt) } }
                            @if !c.guidance.is_empty() { p.hint { (c.guidance) } }
                            p.muted {
                                (l.t(kind_key(c.kind)))
                                @let summary = kind_summary(ctx, c);
                                @if !summary.is_empty() { " · " (summary) }
                                @if c.kind.is_scored() { " · " (l.t_args("weight-is", &[("weight", number(l, c.weight))])) }
                                @if c.critical { " · " strong { (l.t("criterion-critical")) } }
                                @if c.allow_na { " · " (l.t("criterion-allow-na")) }
                                @if let Some(k) = photo_key(c.photo) { " · " (l.t(k)) }
                                @if !c.channels.is_empty() { " · " span.criterion-channels { (channels_summary(l, c)) } }
                            }
                            // Each message says what is wrong in words, so no field name is shown.
                            @for (_, m) in problems.iter().filter(|(p, _)| p.starts_with(&format!("sections[{i}].criteria[{j}]."))) {
                                p.field-error { (l.msg(m)) }
                            }
                            @if let Some((id, version)) = editing {
                                div.item-actions {
                                    a.btn.btn-small href=(paths::checklist_criterion(id, version, i, j)) { (l.t("edit")) }
                                    (op_button(l, format!("criterion-up:{i}:{j}"), "move-up", false))
                                    (op_button(l, format!("criterion-down:{i}:{j}"), "move-down", false))
                                    (op_button(l, format!("criterion-delete:{i}:{j}"), "delete", true))
                                }
                            }
                        }
                    }
                }
                @if let Some((id, version)) = editing {
                    a.btn.btn-secondary href=(paths::checklist_criterion_new(id, version, i)) { (l.t("criterion-add")) }
                }
            }
        }
        @if let Some((id, version)) = editing {
            div.actions { a.btn.btn-secondary href=(paths::checklist_section_new(id, version)) { (l.t("section-add")) } }
        }
    }
}

async fn version_page(
    app: &AppState,
    ctx: &Ctx,
    v: &checklist_version::Model,
    problems: &FieldErrors,
) -> AppResult<Markup> {
    let l = ctx.locale;
    let doc = store::load_doc(&app.db, v).await?;
    let versions = store::versions(&app.db, v.checklist_id).await?;
    let has_draft = versions.iter().any(|x| !x.is_published());
    let (id, version) = (v.checklist_id, v.version);
    let status =
        if v.is_published() { "checklist-status-published" } else { "checklist-status-draft" };
    let body = html! {
        p {
            span class={ "badge badge-" (v.status) } { (l.t(status)) }
            " " (l.t_args("checklist-version-n", &[("version", format_int(l, v.version.into()))]))
            @if let Some(at) = v.published_at { " · " (format_date(l, at.date_naive())) }
        }
        @if !problems.is_empty() {
            div.error-summary role="alert" {
                (l.t_args("checklist-publish-problems", &[("count", format_int(l, problems.len() as i64))]))
                // Each says where it is, so the list alone is enough to find them.
                ul.problems { @for m in problems.values() { li { (l.msg(m)) } } }
            }
        }
        div.actions {
            @if v.is_published() {
                @if !has_draft {
                    form.inline method="post" action=(paths::checklist_version_edit(id, version)) {
                        (csrf_field(ctx))
                        button.btn.btn-primary type="submit" { (l.t("checklist-edit-new-draft")) }
                    }
                }
            } @else {
                form.inline method="post" action=(paths::checklist_version_publish(id, version)) {
                    (csrf_field(ctx))
                    button.btn.btn-primary type="submit" { (l.t("checklist-publish")) }
                }
            }
            a.btn.btn-secondary href=(paths::checklist_version_export(id, version)) download { (l.t("checklist-export")) }
        }
        @if v.is_published() {
            p.muted { (l.t("checklist-published-note")) }
        }
        @if v.is_published() {
            (doc_view(ctx, &doc, problems, None))
        } @else {
            form method="post" action=(paths::checklist_version_op(id, version)) {
                (csrf_field(ctx))
                (doc_view(ctx, &doc, problems, Some((id, version))))
            }
        }
        @if !v.is_published() {
            section.card {
                h2 { (l.t("checklist-replace-title")) }
                p.hint { (l.t("checklist-replace-hint")) }
                (upload_form(ctx, &paths::checklist_version_import(id, version), "checklist-replace"))
            }
        }
        @if versions.len() > 1 {
            section.card {
                h2 { (l.t("checklist-versions")) }
                ul {
                    @for x in &versions {
                        li {
                            a href=(paths::checklist_version(x.checklist_id, x.version)) aria-current=[(x.id == v.id).then_some("page")] {
                                (l.t_args("checklist-version-n", &[("version", format_int(l, x.version.into()))]))
                            }
                            " · " (l.t(if x.is_published() { "checklist-status-published" } else { "checklist-status-draft" }))
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(ctx, &doc.name, body))
}

pub async fn show_version(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, version)): Path<(i32, i32)>,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let v = store::find_version(&app.db, id, version).await?;
    version_page(&app, &ctx, &v, &FieldErrors::new()).await
}

pub async fn publish(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, version)): Path<(i32, i32)>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    match store::publish(&app.db, actor.id(), id, version).await {
        Ok(_) => {
            set_flash(ctx.session()?, "checklist-published").await?;
            Ok(Redirect::to(&paths::checklist_version(id, version)).into_response())
        }
        Err(AppError::Validation(problems)) => {
            let v = store::find_version(&app.db, id, version).await?;
            let page = version_page(&app, &ctx, &v, &problems).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn new_draft(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, version)): Path<(i32, i32)>,
) -> AppResult<Redirect> {
    actor.require(Role::manages)?;
    let v = store::draft_from(&app.db, actor.id(), id, version).await?;
    set_flash(ctx.session()?, "checklist-draft-made").await?;
    Ok(Redirect::to(&paths::checklist_version(id, v.version)))
}

pub async fn replace(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, version)): Path<(i32, i32)>,
    multipart: Multipart,
) -> AppResult<Redirect> {
    actor.require(Role::manages)?;
    let mut doc = uploaded_doc(multipart).await?;
    doc.clear_ids();
    store::replace_draft(&app.db, id, version, &doc).await?;
    set_flash(ctx.session()?, "checklist-imported").await?;
    Ok(Redirect::to(&paths::checklist_version(id, version)))
}

/// The version as a JSON file, the same document the API gives.
pub async fn export(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path((id, version)): Path<(i32, i32)>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    let v = store::find_version(&app.db, id, version).await?;
    let doc = store::load_doc(&app.db, &v).await?;
    let body = serde_json::to_string_pretty(&doc).map_err(anyhow::Error::from)?;
    let disposition = format!("attachment; filename=\"checklist-{id}-v{version}.json\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}
