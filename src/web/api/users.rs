use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::accounts::users::{self, NewUser, UserChanges};
use crate::app::AppState;
use crate::entities::user;
use crate::error::AppResult;
use crate::web::context::CurrentUser;
use crate::web::extract::{ApiJson, Path};

/// A user as the API shows it: never the password hash.
pub fn user_json(u: &user::Model) -> Value {
    json!({
        "id": u.id,
        "email": u.email,
        "name": u.name,
        "role": u.role,
        "locale": u.locale.as_deref().unwrap_or("en"),
        "active": u.active,
        "created_at": u.created_at.to_rfc3339(),
    })
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
) -> AppResult<Json<Vec<Value>>> {
    actor.require_admin()?;
    Ok(Json(users::list(&app.db).await?.iter().map(user_json).collect()))
}

pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<Value>> {
    actor.require_admin()?;
    Ok(Json(user_json(&users::find(&app.db, id).await?)))
}

pub async fn create(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    ApiJson(mut input): ApiJson<NewUser>,
) -> AppResult<(StatusCode, Json<Value>)> {
    actor.require_admin()?;
    // The API takes the password once; there is no one to mistype it twice.
    input.password_confirm = input.password.clone();
    if input.locale.is_empty() {
        input.locale = "en".into();
    }
    let user = users::create(&app.db, Some(actor.id()), &input).await?;
    Ok((StatusCode::CREATED, Json(user_json(&user))))
}

pub async fn update(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
    ApiJson(changes): ApiJson<UserChanges>,
) -> AppResult<Json<Value>> {
    let user = users::update(&app.db, &actor, id, &changes).await?;
    Ok(Json(user_json(&user)))
}
