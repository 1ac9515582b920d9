//! The first administrator, through the one-time link printed at start.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::accounts::setup;
use crate::accounts::users::NewUser;
use crate::app::AppState;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::web::components::{csrf_field, error_summary, input, password_hint, select};
use crate::web::context::{Ctx, set_flash, sign_in};
use crate::web::extract::{PageForm, Query};
use crate::web::pages::locale_options;
use crate::web::{layout, paths};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SetupQuery {
    token: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SetupForm {
    token: String,
    #[serde(flatten)]
    user: NewUser,
}

fn view(ctx: &Ctx, token: &str, user: &NewUser, errors: &FieldErrors) -> Markup {
    let locale = if user.locale.is_empty() { ctx.locale.code() } else { &user.locale };
    let body = html! {
        section.card {
            p { (ctx.t("setup-intro")) }
            (error_summary(ctx, errors))
            form.stack method="post" action=(paths::SETUP) {
                (csrf_field(ctx))
                input type="hidden" name="token" value=(token);
                (input(ctx, "name", "field-name", "text", &user.name, errors, "name"))
                (input(ctx, "email", "field-email", "email", &user.email, errors, "email"))
                (select(ctx, "locale", "field-language", &locale_options(), locale, errors))
                (input(ctx, "password", "field-password", "password", "", errors, "new-password"))
                (password_hint(ctx))
                (input(ctx, "password_confirm", "field-password-confirm", "password", "", errors, "new-password"))
                div.actions { button.btn.btn-primary type="submit" { (ctx.t("setup-submit")) } }
            }
        }
    };
    layout::page(ctx, &ctx.t("setup-title"), body)
}

pub async fn form(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<SetupQuery>,
) -> AppResult<Markup> {
    setup::check(&app.db, &q.token).await?;
    Ok(view(&ctx, &q.token, &NewUser::default(), &FieldErrors::new()))
}

pub async fn submit(
    State(app): State<AppState>,
    ctx: Ctx,
    PageForm(f): PageForm<SetupForm>,
) -> AppResult<Response> {
    match setup::complete(&app.db, &f.token, f.user.clone()).await {
        Ok(admin) => {
            let session = ctx.session()?;
            sign_in(session, &admin).await?;
            set_flash(session, "setup-done").await?;
            Ok(Redirect::to(paths::HOME).into_response())
        }
        Err(AppError::Validation(errors)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view(&ctx, &f.token, &f.user, &errors))
                .into_response())
        }
        Err(e) => Err(e),
    }
}
