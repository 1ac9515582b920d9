//! The JSON API of API.md under `/api/v1`.
mod auth;
mod users;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;
use crate::error::AppError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/token", post(auth::issue).delete(auth::revoke))
        .route("/me", get(auth::me))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}", get(users::show).patch(users::update))
        .fallback(|| async { AppError::NotFound })
}
