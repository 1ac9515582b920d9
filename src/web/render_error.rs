//! Turns an `AppError` carried on a response into its body: API.md's JSON
//! under `/api/`, a translated page elsewhere. Internal errors are logged
//! here with the request id the user sees.
use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Map, Value, json};
use tower_http::csrf::ProtectionError;

use super::context::Ctx;
use super::{layout, paths};
use crate::error::{AppError, RenderableError};

pub fn render(ctx: &Ctx, res: Response) -> Response {
    let err = if let Some(e) = res.extensions().get::<RenderableError>() {
        e.0.clone()
    } else if res.extensions().get::<ProtectionError>().is_some() {
        std::sync::Arc::new(AppError::Csrf)
    } else if res.status() == StatusCode::INTERNAL_SERVER_ERROR {
        // A panic caught below us, or a layer's own failure.
        std::sync::Arc::new(AppError::Internal(anyhow::anyhow!("handler failed without detail")))
    } else if let Some(e) = super::extract::from_plain_rejection(&res) {
        std::sync::Arc::new(e)
    } else {
        return res;
    };
    let request_id = ctx.request_id.clone();
    if let AppError::Internal(detail) = err.as_ref() {
        tracing::error!(request_id = %request_id, error = ?detail, "internal error");
    }
    let status = err.status();
    let mut out = if ctx.is_api {
        (status, Json(json_body(ctx, &err))).into_response()
    } else if matches!(err.as_ref(), AppError::Unauthenticated) {
        Redirect::to(&paths::login_then(&ctx.path_and_query)).into_response()
    } else {
        (status, layout::error_page(ctx, &err, &request_id)).into_response()
    };
    if let Some(v) = res.headers().get(header::RETRY_AFTER) {
        out.headers_mut().insert(header::RETRY_AFTER, v.clone());
    }
    out
}

fn json_body(ctx: &Ctx, err: &AppError) -> Value {
    let mut body = Map::new();
    body.insert("code".into(), json!(err.code()));
    body.insert("message".into(), json!(err.message(ctx.locale)));
    if let AppError::BadRequest(detail) = err
        && !detail.is_empty()
    {
        body.insert("detail".into(), json!(detail));
    }
    if let AppError::Validation(fields) = err {
        let fields: Map<String, Value> =
            fields.iter().map(|(k, m)| (k.clone(), json!(ctx.locale.msg(m)))).collect();
        body.insert("fields".into(), Value::Object(fields));
    }
    json!({ "error": body })
}
