use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::users::user_json;
use crate::accounts::{throttle, tokens, users};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::web::context::{Ctx, CurrentUser};
use crate::web::extract::ApiJson;

#[derive(Debug, Deserialize)]
pub struct Credentials {
    email: String,
    password: String,
}

/// `POST /auth/token`: email and password for a personal token.
pub async fn issue(
    State(app): State<AppState>,
    ctx: Ctx,
    ApiJson(c): ApiJson<Credentials>,
) -> AppResult<Json<Value>> {
    throttle::check(&app.db, &c.email, &ctx.client_ip).await?;
    let Some(user) = users::authenticate(&app.db, &c.email, &c.password).await? else {
        throttle::record_failure(&app.db, &c.email, &ctx.client_ip).await?;
        return Err(AppError::WrongCredentials);
    };
    throttle::clear_account(&app.db, &user.email).await?;
    let token = tokens::issue(&app.db, user.id).await?;
    Ok(Json(json!({ "token": token, "user": user_json(&user) })))
}

/// `DELETE /auth/token`: revokes the token this request was made with.
pub async fn revoke(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
) -> AppResult<StatusCode> {
    let id = actor
        .token_id
        .ok_or_else(|| AppError::BadRequest("this request was not made with a token".into()))?;
    tokens::revoke(&app.db, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /me`: the caller, and for cookie sessions the CSRF token that
/// unsafe calls must send in `X-CSRF-Token`.
pub async fn me(CurrentUser(actor, ctx): CurrentUser) -> Json<Value> {
    let mut body = user_json(&actor.user);
    if actor.token_id.is_none() {
        body["csrf_token"] = json!(ctx.csrf);
    }
    Json(body)
}
