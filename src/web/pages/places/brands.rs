//! Brands: list, create, edit, archive. Managers and admins only.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::accounts::Role;
use crate::app::AppState;
use crate::entities::brand;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::places::brands::{self, BrandInput};
use crate::web::components::{archive_card, checkbox, csrf_field, error_summary, input, swatch};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{PageForm, Path, Query};
use crate::web::{layout, paths};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    archived: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BrandForm {
    name: String,
    own: Option<String>,
    color: String,
}

impl BrandForm {
    fn input(&self) -> BrandInput {
        BrandInput { name: self.name.clone(), own: self.own.is_some(), color: self.color.clone() }
    }

    fn of(b: &brand::Model) -> Self {
        BrandForm { name: b.name.clone(), own: b.own.then(|| "on".into()), color: b.color.clone() }
    }
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let show_archived = !q.archived.is_empty();
    let all = brands::list(&app.db, true).await?;
    let l = ctx.locale;
    let shown: Vec<&brand::Model> =
        all.iter().filter(|b| b.archived_at.is_some() == show_archived).collect();
    let body = html! {
        div.actions {
            a.btn.btn-primary href=(paths::BRAND_NEW) { (l.t("brands-new")) }
            @if show_archived {
                a.btn.btn-secondary href=(paths::BRANDS) { (l.t("show-active")) }
            } @else {
                a.btn.btn-secondary href={ (paths::BRANDS) "?archived=1" } { (l.t("show-archived")) }
            }
        }
        @if shown.is_empty() {
            p.muted { (l.t(if show_archived { "brands-none-archived" } else { "brands-none" })) }
        } @else {
            div.table-wrap {
                table.data {
                    thead { tr {
                        th scope="col" { (l.t("field-name")) }
                        th scope="col" { (l.t("brand-kind")) }
                    } }
                    tbody {
                        @for b in shown {
                            tr {
                                td { (swatch(&b.color)) " " a href=(paths::brand(b.id)) { (b.name) } }
                                td { (l.t(if b.own { "brand-own" } else { "brand-competitor" })) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(&ctx, &l.t("nav-brands"), body))
}

fn form_view(
    ctx: &Ctx,
    target: Option<&brand::Model>,
    f: &BrandForm,
    errors: &FieldErrors,
) -> Markup {
    let l = ctx.locale;
    let action = target.map_or(paths::BRAND_NEW.to_owned(), |b| paths::brand(b.id));
    let color = if f.color.is_empty() { brands::PALETTE[0] } else { &f.color };
    let body = html! {
        section.card {
            (error_summary(ctx, errors))
            form.stack method="post" action=(action) {
                (csrf_field(ctx))
                (input(ctx, "name", "field-name", "text", &f.name, errors, "off"))
                (checkbox(ctx, "own", "brand-own-label", f.own.is_some(), Some("brand-own-hint")))
                (input(ctx, "color", "brand-color", "color", color, errors, "off"))
                div.actions {
                    button.btn.btn-primary type="submit" { (l.t("save")) }
                    a.btn.btn-secondary href=(paths::BRANDS) { (l.t("cancel")) }
                }
            }
        }
        @if let Some(b) = target {
            (archive_card(ctx, &paths::brand_archive(b.id), b.archived_at.is_some(), ("brand-archive-note", "brand-archived-note")))
        }
    };
    let title = target.map_or(l.t("brands-new"), |b| b.name.clone());
    layout::page(ctx, &title, body)
}

/// The colour picker starts at the next default colour, so a brand saved
/// as offered does not take another brand's colour.
pub async fn new_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let f = BrandForm { color: brands::next_color(&app.db).await?, ..Default::default() };
    Ok(form_view(&ctx, None, &f, &FieldErrors::new()))
}

pub async fn create(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(f): PageForm<BrandForm>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    match brands::create(&app.db, actor.id(), &f.input()).await {
        Ok(_) => {
            set_flash(ctx.session()?, "brands-created").await?;
            Ok(Redirect::to(paths::BRANDS).into_response())
        }
        Err(AppError::Validation(errors)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, form_view(&ctx, None, &f, &errors))
                .into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn edit_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let b = brands::find(&app.db, id).await?;
    Ok(form_view(&ctx, Some(&b), &BrandForm::of(&b), &FieldErrors::new()))
}

pub async fn update(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
    PageForm(f): PageForm<BrandForm>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    match brands::update(&app.db, actor.id(), id, &f.input()).await {
        Ok(_) => {
            set_flash(ctx.session()?, "saved").await?;
            Ok(Redirect::to(paths::BRANDS).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let b = brands::find(&app.db, id).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, form_view(&ctx, Some(&b), &f, &errors))
                .into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ArchiveForm {
    archived: String,
}

impl ArchiveForm {
    /// Archiving is the default; only an explicit `false` restores.
    pub fn archived(&self) -> bool {
        self.archived != "false"
    }
}

pub async fn archive(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
    PageForm(f): PageForm<ArchiveForm>,
) -> AppResult<Redirect> {
    actor.require(Role::manages)?;
    let archived = f.archived();
    brands::set_archived(&app.db, actor.id(), id, archived).await?;
    set_flash(ctx.session()?, if archived { "archived-done" } else { "restored-done" }).await?;
    Ok(Redirect::to(paths::BRANDS))
}
