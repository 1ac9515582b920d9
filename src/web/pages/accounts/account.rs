//! One's own account: language and password.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::accounts::Actor;
use crate::accounts::users::{self, PasswordChange};
use crate::app::AppState;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::web::pages::locale_options;

use crate::web::components::{csrf_field, error_summary, input, password_hint, select};
use crate::web::context::{Ctx, CurrentUser, set_flash, sign_in};
use crate::web::extract::PageForm;
use crate::web::{layout, paths};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LanguageForm {
    locale: String,
}

fn view(ctx: &Ctx, actor: &Actor, locale: &str, errors: &FieldErrors) -> Markup {
    let l = ctx.locale;
    let u = &actor.user;
    let body = html! {
        (error_summary(ctx, errors))
        section.card {
            h2 { (l.t("account-profile")) }
            dl.facts {
                dt { (l.t("field-name")) } dd { bdi { (u.name) } }
                dt { (l.t("field-email")) } dd.ltr { (u.email) }
                dt { (l.t("field-role")) } dd { (l.t(actor.role.label_key())) }
            }
        }
        section.card {
            h2 { (l.t("account-language")) }
            form.stack method="post" action=(paths::ACCOUNT_LANGUAGE) {
                (csrf_field(ctx))
                (select(ctx, "locale", "field-language", &locale_options(), locale, errors))
                div.actions { button.btn.btn-primary type="submit" { (l.t("save")) } }
            }
        }
        section.card #notification-settings {
            h2 { (l.t("nav-notifications")) }
            p { a href=(paths::NOTIFICATION_PREFERENCES) { (l.t("notify-preferences")) } }
        }
        section.card {
            h2 { (l.t("account-password")) }
            form.stack method="post" action=(paths::ACCOUNT_PASSWORD) {
                (csrf_field(ctx))
                (input(ctx, "current", "field-password-current", "password", "", errors, "current-password"))
                (input(ctx, "new", "field-password-new", "password", "", errors, "new-password"))
                (password_hint(ctx))
                (input(ctx, "confirm", "field-password-confirm", "password", "", errors, "new-password"))
                div.actions { button.btn.btn-primary type="submit" { (l.t("account-change-password")) } }
            }
        }
    };
    layout::page(ctx, &l.t("nav-account"), body)
}

fn current_locale(ctx: &Ctx) -> &'static str {
    ctx.locale.code()
}

pub async fn show(CurrentUser(actor, ctx): CurrentUser) -> Markup {
    view(&ctx, &actor, current_locale(&ctx), &FieldErrors::new())
}

pub async fn change_language(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(f): PageForm<LanguageForm>,
) -> AppResult<Response> {
    match users::set_locale(&app.db, &actor.user, &f.locale).await {
        Ok(_) => {
            set_flash(ctx.session()?, "account-language-saved").await?;
            Ok(Redirect::to(paths::ACCOUNT).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let page = view(&ctx, &actor, current_locale(&ctx), &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn change_password(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(f): PageForm<PasswordChange>,
) -> AppResult<Response> {
    match users::change_password(&app.db, &actor.user, &f).await {
        Ok(user) => {
            // Other sessions end; this one carries on under a new id.
            let session = ctx.session()?;
            sign_in(session, &user).await?;
            set_flash(session, "account-password-changed").await?;
            Ok(Redirect::to(paths::ACCOUNT).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let page = view(&ctx, &actor, current_locale(&ctx), &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
