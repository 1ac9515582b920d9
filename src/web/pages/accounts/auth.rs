use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::accounts::{throttle, users};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::web::components::{csrf_field, input};
use crate::web::context::{Ctx, sign_in};
use crate::web::extract::{PageForm, Query};
use crate::web::{layout, paths};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginQuery {
    next: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

fn view(ctx: &Ctx, email: &str, next: &str, problem: Option<String>) -> Markup {
    let none = Default::default();
    let body = html! {
        section.card {
            @if let Some(p) = problem {
                div.flash.flash-error role="alert" { (p) }
            }
            form.stack method="post" action=(paths::LOGIN) {
                (csrf_field(ctx))
                input type="hidden" name="next" value=(next);
                (input(ctx, "email", "field-email", "email", email, &none, "username"))
                (input(ctx, "password", "field-password", "password", "", &none, "current-password"))
                div.actions { button.btn.btn-primary type="submit" { (ctx.t("login-submit")) } }
            }
        }
    };
    layout::page(ctx, &ctx.t("login-title"), body)
}

pub async fn form(ctx: Ctx, Query(q): Query<LoginQuery>) -> Response {
    let next = paths::safe_next(q.next.as_deref());
    if ctx.actor.is_some() {
        return Redirect::to(&next).into_response();
    }
    view(&ctx, "", &next, None).into_response()
}

pub async fn submit(
    State(app): State<AppState>,
    ctx: Ctx,
    PageForm(f): PageForm<LoginForm>,
) -> AppResult<Response> {
    let next = paths::safe_next(Some(&f.next));
    if let Err(e @ AppError::Throttled { .. }) =
        throttle::check(&app.db, &f.email, &ctx.client_ip).await
    {
        let page = view(&ctx, &f.email, &next, Some(e.message(ctx.locale)));
        let mut res = (e.status(), page).into_response();
        if let Some(v) = e.retry_after() {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        return Ok(res);
    }
    let Some(user) = users::authenticate(&app.db, &f.email, &f.password).await? else {
        throttle::record_failure(&app.db, &f.email, &ctx.client_ip).await?;
        let page = view(&ctx, &f.email, &next, Some(ctx.t("error-wrong-credentials")));
        return Ok((StatusCode::UNAUTHORIZED, page).into_response());
    };
    throttle::clear_account(&app.db, &user.email).await?;
    sign_in(ctx.session()?, &user).await?;
    Ok(Redirect::to(&next).into_response())
}

pub async fn logout(ctx: Ctx) -> AppResult<Redirect> {
    if let Some(session) = &ctx.session {
        session.flush().await.map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(Redirect::to(paths::LOGIN))
}
