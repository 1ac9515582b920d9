//! The one application error. Handlers and the domain return it; the web
//! layer renders it once, as a translated page or as API.md's JSON.
use std::collections::BTreeMap;
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sea_orm::DbErr;

use crate::i18n::{Locale, Msg};

/// Field name -> what is wrong with it.
pub type FieldErrors = BTreeMap<String, Msg>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("not signed in")]
    Unauthenticated,
    #[error("wrong email or password")]
    WrongCredentials,
    /// The request could not be read at all (malformed JSON, bad form).
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("conflict: {}", .0.key)]
    Conflict(Msg),
    #[error("too large")]
    TooLarge,
    #[error("unsupported media type")]
    UnsupportedMedia,
    #[error("too many attempts")]
    Throttled { retry_after_secs: u64 },
    #[error("missing or wrong CSRF token")]
    Csrf,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn field(field: &str, msg: Msg) -> Self {
        AppError::Validation(BTreeMap::from([(field.to_owned(), msg)]))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Unauthenticated | AppError::WrongCredentials => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMedia => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable `code` of API.md's error object.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden => "forbidden",
            AppError::Unauthenticated => "unauthenticated",
            AppError::WrongCredentials => "wrong_credentials",
            AppError::BadRequest(_) => "bad_request",
            AppError::Validation(_) => "validation_failed",
            AppError::Conflict(_) => "conflict",
            AppError::TooLarge => "too_large",
            AppError::UnsupportedMedia => "unsupported_media_type",
            AppError::Throttled { .. } => "throttled",
            AppError::Csrf => "csrf_failed",
            AppError::Internal(_) => "internal_error",
        }
    }

    /// The human message, in the reader's language. Never internals.
    pub fn message(&self, l: Locale) -> String {
        match self {
            AppError::NotFound => l.t("error-not-found"),
            AppError::Forbidden => l.t("error-forbidden"),
            AppError::Unauthenticated => l.t("error-unauthenticated"),
            AppError::WrongCredentials => l.t("error-wrong-credentials"),
            AppError::BadRequest(_) => l.t("error-bad-request"),
            AppError::Validation(fields) if fields.len() == 1 => {
                l.msg(fields.values().next().expect("one field"))
            }
            AppError::Validation(_) => l.t("error-validation"),
            AppError::Conflict(msg) => l.msg(msg),
            AppError::TooLarge => l.t("error-too-large"),
            AppError::UnsupportedMedia => l.t("error-unsupported-media"),
            AppError::Throttled { retry_after_secs } => l.t_args(
                "error-throttled",
                &[("minutes", crate::i18n::format_int(l, minutes_up(*retry_after_secs)))],
            ),
            AppError::Csrf => l.t("error-csrf"),
            AppError::Internal(_) => l.t("error-internal"),
        }
    }

    /// The `Retry-After` value a throttled answer carries, however it is
    /// rendered: seconds until the attempt would be let through.
    pub fn retry_after(&self) -> Option<axum::http::HeaderValue> {
        match self {
            AppError::Throttled { retry_after_secs } => Some((*retry_after_secs).into()),
            _ => None,
        }
    }

    /// English text for the command line.
    pub fn plain_message(&self) -> String {
        match self {
            AppError::Validation(fields) => fields
                .iter()
                .map(|(k, m)| format!("{k}: {}", Locale::En.msg(m)))
                .collect::<Vec<_>>()
                .join("; "),
            other => other.message(Locale::En),
        }
    }
}

fn minutes_up(secs: u64) -> i64 {
    secs.div_ceil(60).max(1) as i64
}

/// How SQLite's writer (rusqlite, `db::writer`) marks a duplicate.
pub const UNIQUE_VIOLATION: &str = "unique constraint violated: ";

/// Whether a write failed on a unique key, from either driver.
fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
        || matches!(e, DbErr::Exec(sea_orm::RuntimeErr::Internal(m)) if m.starts_with(UNIQUE_VIOLATION))
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        if is_unique_violation(&e) {
            return AppError::Conflict(Msg::new("error-conflict"));
        }
        AppError::Internal(e.into())
    }
}

impl<E> From<sea_orm::TransactionError<E>> for AppError
where
    E: Into<AppError> + std::error::Error,
{
    fn from(e: sea_orm::TransactionError<E>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(inner) => inner.into(),
        }
    }
}

/// Carried on the response until the web layer, which knows the reader's
/// language and whether this is the API, turns it into a body.
#[derive(Clone, Debug)]
pub struct RenderableError(pub Arc<AppError>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut res = self.status().into_response();
        if let Some(v) = self.retry_after() {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        res.extensions_mut().insert(RenderableError(Arc::new(self)));
        res
    }
}
