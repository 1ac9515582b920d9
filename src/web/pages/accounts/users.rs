//! Admin pages for users: list, create, change role, language, deactivate.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::accounts::Role;
use crate::accounts::users::{self, NewUser, UserChanges};
use crate::app::AppState;
use crate::entities::user;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{Locale, format_date};
use crate::web::components::{csrf_field, error_summary, input, password_hint, select};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{PageForm, Path};
use crate::web::pages::{locale_options, role_options};
use crate::web::{layout, paths};

fn role_badge(ctx: &Ctx, role: &str) -> Markup {
    let role = Role::parse(role).unwrap_or(Role::Shopper);
    html! { span class={ "badge badge-" (role.as_str()) } { (ctx.t(role.label_key())) } }
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
) -> AppResult<Markup> {
    actor.require_admin()?;
    let all = users::list(&app.db).await?;
    let l = ctx.locale;
    let body = html! {
        div.actions { a.btn.btn-primary href=(paths::USER_NEW) { (l.t("users-new")) } }
        div.table-wrap {
            table.data.stack {
                thead { tr {
                    th scope="col" { (l.t("field-name")) }
                    th scope="col" { (l.t("field-email")) }
                    th scope="col" { (l.t("field-role")) }
                    th scope="col" { (l.t("field-language")) }
                    th scope="col" { (l.t("users-status")) }
                    th scope="col" { (l.t("users-created-on")) }
                } }
                tbody {
                    @for u in &all {
                        tr {
                            td { a href=(paths::user(u.id)) { bdi { (u.name) } } }
                            td data-label=(l.t("field-email")) { span.ltr { (u.email) } }
                            td data-label=(l.t("field-role")) { (role_badge(&ctx, &u.role)) }
                            td data-label=(l.t("field-language")) { (u.locale.as_deref().and_then(Locale::parse).unwrap_or_default().native_name()) }
                            td data-label=(l.t("users-status")) {
                                @if u.active { (l.t("users-active")) }
                                @else { span.badge.badge-inactive { (l.t("users-inactive")) } }
                            }
                            td data-label=(l.t("users-created-on")) { time datetime=(u.created_at.date_naive().to_string()) { (format_date(l, u.created_at.date_naive())) } }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(&ctx, &l.t("nav-users"), body))
}

fn new_view(ctx: &Ctx, f: &NewUser, errors: &FieldErrors) -> Markup {
    let role = if f.role.is_empty() { "shopper" } else { &f.role };
    let locale = if f.locale.is_empty() { ctx.locale.code() } else { &f.locale };
    let body = html! {
        section.card {
            (error_summary(ctx, errors))
            form.stack method="post" action=(paths::USER_NEW) {
                (csrf_field(ctx))
                (input(ctx, "name", "field-name", "text", &f.name, errors, "off"))
                (input(ctx, "email", "field-email", "email", &f.email, errors, "off"))
                (select(ctx, "role", "field-role", &role_options(ctx), role, errors))
                (select(ctx, "locale", "field-language", &locale_options(), locale, errors))
                (input(ctx, "password", "field-password", "password", "", errors, "new-password"))
                (password_hint(ctx))
                (input(ctx, "password_confirm", "field-password-confirm", "password", "", errors, "new-password"))
                div.actions {
                    button.btn.btn-primary type="submit" { (ctx.t("users-create")) }
                    a.btn.btn-secondary href=(paths::USERS) { (ctx.t("cancel")) }
                }
            }
        }
    };
    layout::page(ctx, &ctx.t("users-new"), body)
}

pub async fn new_form(CurrentUser(actor, ctx): CurrentUser) -> AppResult<Markup> {
    actor.require_admin()?;
    Ok(new_view(&ctx, &NewUser::default(), &FieldErrors::new()))
}

pub async fn create(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(f): PageForm<NewUser>,
) -> AppResult<Response> {
    actor.require_admin()?;
    match users::create(&app.db, Some(actor.id()), &f).await {
        Ok(_) => {
            set_flash(ctx.session()?, "users-created").await?;
            Ok(Redirect::to(paths::USERS).into_response())
        }
        Err(AppError::Validation(errors)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, new_view(&ctx, &f, &errors)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// What the edit form posts. An unticked checkbox is simply absent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditForm {
    name: String,
    role: String,
    locale: String,
    active: Option<String>,
}

impl EditForm {
    fn of(u: &user::Model) -> Self {
        EditForm {
            name: u.name.clone(),
            role: u.role.clone(),
            locale: u.locale.clone().unwrap_or_else(|| "en".into()),
            active: u.active.then(|| "on".into()),
        }
    }
}

fn edit_view(
    ctx: &Ctx,
    target: &user::Model,
    f: &EditForm,
    errors: &FieldErrors,
    locations: Markup,
) -> Markup {
    let l = ctx.locale;
    let active_error = errors.get("active").map(|m| l.msg(m));
    let body = html! {
        section.card {
            p.ltr { (target.email) }
            (error_summary(ctx, errors))
            form.stack method="post" action=(paths::user(target.id)) {
                (csrf_field(ctx))
                (input(ctx, "name", "field-name", "text", &f.name, errors, "off"))
                (select(ctx, "role", "field-role", &role_options(ctx), &f.role, errors))
                (select(ctx, "locale", "field-language", &locale_options(), &f.locale, errors))
                div.field.checkbox.has-error[active_error.is_some()] {
                    label {
                        input type="checkbox" name="active" checked[f.active.is_some()];
                        " " (l.t("users-active-label"))
                    }
                    p.hint { (l.t("users-active-hint")) }
                    @if let Some(e) = &active_error { p.field-error { (e) } }
                }
                div.actions {
                    button.btn.btn-primary type="submit" { (l.t("save")) }
                    a.btn.btn-secondary href=(paths::USERS) { (l.t("cancel")) }
                }
            }
        }
        (locations)
    };
    layout::page(ctx, &target.name, body)
}

pub async fn edit_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    actor.require_admin()?;
    let target = users::find(&app.db, id).await?;
    let locations = crate::web::pages::actions::user_locations_card(&app, &ctx, &target).await?;
    Ok(edit_view(&ctx, &target, &EditForm::of(&target), &FieldErrors::new(), locations))
}

pub async fn update(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
    PageForm(f): PageForm<EditForm>,
) -> AppResult<Response> {
    actor.require_admin()?;
    let changes = UserChanges {
        name: Some(f.name.clone()),
        role: Some(f.role.clone()),
        locale: Some(f.locale.clone()),
        active: Some(f.active.is_some()),
    };
    match users::update(&app.db, &actor, id, &changes).await {
        Ok(_) => {
            set_flash(ctx.session()?, "users-saved").await?;
            Ok(Redirect::to(paths::USERS).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let target = users::find(&app.db, id).await?;
            let locations =
                crate::web::pages::actions::user_locations_card(&app, &ctx, &target).await?;
            let page = edit_view(&ctx, &target, &f, &errors, locations);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
