//! Notifications in the API: one's own list, marking read, preferences.
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::AppState;
use crate::error::AppResult;
use crate::notifications::{self, Pref, Shown};
use crate::web::context::CurrentUser;
use crate::web::extract::{ApiJson, Path};

fn notification_json(n: &Shown) -> Value {
    json!({
        "id": n.row.id,
        "kind": n.row.kind,
        "title": n.title,
        "body": n.body,
        "link": n.row.link,
        "created_at": n.row.created_at.to_rfc3339(),
        "read_at": n.row.read_at.map(|t| t.to_rfc3339()),
    })
}

/// The newest hundred, in the caller's language, and the unread count.
pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
) -> AppResult<Json<Value>> {
    let items = notifications::list(&app.db, &actor, ctx.locale).await?;
    let unread = notifications::unread_count(&app.db, actor.id()).await?;
    Ok(Json(json!({
        "items": items.iter().map(notification_json).collect::<Vec<_>>(),
        "unread": unread,
    })))
}

pub async fn mark_read(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<Value>> {
    notifications::mark_read(&app.db, &actor, id).await?;
    let unread = notifications::unread_count(&app.db, actor.id()).await?;
    Ok(Json(json!({ "unread": unread })))
}

pub async fn mark_all_read(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
) -> AppResult<Json<Value>> {
    let marked = notifications::mark_all_read(&app.db, &actor).await?;
    Ok(Json(json!({ "marked": marked, "unread": 0 })))
}

pub async fn prefs(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
) -> AppResult<Json<Vec<Pref>>> {
    Ok(Json(notifications::prefs(&app.db, &actor.user).await?))
}

#[derive(Debug, Deserialize)]
pub struct PrefsInput {
    prefs: Vec<Pref>,
}

/// Sets the kinds given; the others keep their choice.
pub async fn set_prefs(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    ApiJson(input): ApiJson<PrefsInput>,
) -> AppResult<Json<Vec<Pref>>> {
    Ok(Json(notifications::set_prefs(&app.db, &actor, &input.prefs).await?))
}
