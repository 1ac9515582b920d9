//! Who is asking, in which language, with which CSRF token: resolved once
//! per request and handed to handlers as `Ctx`.
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::EntityTrait;
use tower_sessions::Session;

use crate::accounts::{Actor, tokens};
use crate::app::AppState;
use crate::entities::user;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, negotiate};

pub const SESSION_USER: &str = "uid";
pub const SESSION_VERSION: &str = "sv";
pub const SESSION_CSRF: &str = "csrf";
pub const SESSION_LANG: &str = "lang";
pub const SESSION_FLASH: &str = "flash";

/// A one-time notice: a locale key, and a count for messages that say how
/// many.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Flash {
    pub key: String,
    pub count: Option<i64>,
}

/// Leaves a notice (a locale key) for the next page the user sees.
pub async fn set_flash(session: &Session, key: &str) -> AppResult<()> {
    let flash = Flash { key: key.to_owned(), count: None };
    session.insert(SESSION_FLASH, flash).await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// A notice with a `$count`, e.g. "42 locations imported".
pub async fn set_flash_count(session: &Session, key: &str, count: i64) -> AppResult<()> {
    let flash = Flash { key: key.to_owned(), count: Some(count) };
    session.insert(SESSION_FLASH, flash).await.map_err(anyhow::Error::from)?;
    Ok(())
}

#[derive(Clone)]
pub struct Ctx {
    pub actor: Option<Actor>,
    pub locale: Locale,
    /// The session's CSRF token; empty for token-authenticated calls.
    pub csrf: String,
    pub session: Option<Session>,
    /// Path and query, for "come back here after signing in".
    pub path_and_query: String,
    pub is_api: bool,
    pub client_ip: String,
    pub request_id: String,
    /// A one-time notice from the previous request (post/redirect/get).
    pub flash: Option<Flash>,
    /// The signed-in user's unread notifications, for the header (pages).
    pub unread: Option<u64>,
}

impl Ctx {
    pub fn actor(&self) -> AppResult<&Actor> {
        self.actor.as_ref().ok_or(AppError::Unauthenticated)
    }

    pub fn t(&self, key: &str) -> String {
        self.locale.t(key)
    }

    pub fn session(&self) -> AppResult<&Session> {
        self.session
            .as_ref()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("session layer missing")))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("context middleware missing")))
    }
}

/// The signed-in actor, or a redirect to sign-in (pages) or 401 (API).
pub struct CurrentUser(pub Actor, pub Ctx);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, s).await?;
        let actor = ctx.actor()?.clone();
        Ok(CurrentUser(actor, ctx))
    }
}

fn bearer(req: &Request) -> Option<&str> {
    req.headers().get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

fn lang_param(req: &Request) -> Option<Locale> {
    let query = req.uri().query()?;
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Locale::parse(&v))
}

async fn session_actor(state: &AppState, session: &Session) -> AppResult<Option<Actor>> {
    let Some(uid) = session.get::<i32>(SESSION_USER).await.map_err(anyhow::Error::from)? else {
        return Ok(None);
    };
    let version = session.get::<i32>(SESSION_VERSION).await.map_err(anyhow::Error::from)?;
    let user = user::Entity::find_by_id(uid).one(&state.db).await?;
    let actor =
        user.filter(|u| Some(u.session_version) == version).and_then(|u| Actor::from_user(u, None));
    if actor.is_none() {
        // Deactivated, password changed elsewhere, or deleted: this
        // session no longer signs anyone in.
        session.flush().await.map_err(anyhow::Error::from)?;
    }
    Ok(actor)
}

/// Resolves the context, runs the handler, and renders any error in the
/// reader's language.
pub async fn middleware(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let accept = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(negotiate);
    let client_ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    let path_and_query = req.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default();
    let request_id =
        req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-").to_owned();
    let mut ctx = Ctx {
        actor: None,
        locale: accept.unwrap_or_default(),
        csrf: String::new(),
        session: None,
        path_and_query,
        is_api,
        client_ip,
        request_id,
        flash: None,
        unread: None,
    };
    let incoming = Incoming {
        bearer: bearer(&req).map(str::to_owned),
        session: req.extensions().get::<Session>().cloned(),
        is_get: req.method() == Method::GET,
        is_page: is_page(req.uri().path()),
        lang: lang_param(&req),
    };
    let mut new_token = false;
    match resolve(&state, &mut ctx, incoming, &mut new_token).await {
        Ok(()) => {}
        Err(e) => return super::render_error::render(&ctx, e.into_response()),
    }
    req.extensions_mut().insert(ctx.clone());
    let res = next.run(req).await;
    let res = super::render_error::render(&ctx, res);
    if new_token && !res.status().is_redirection() {
        keep_new_token(&ctx).await;
    }
    res
}

/// A visitor's first page starts their session with the token its forms
/// carry; a redirect (home sending a visitor to sign in) starts none. A
/// new session there set a second cookie: a service worker fetching home
/// while the sign-in page loaded replaced the page's session with its
/// own, and the sign-in form then failed as expired.
async fn keep_new_token(ctx: &Ctx) {
    if let Some(session) = &ctx.session
        && let Err(e) = session.insert(SESSION_CSRF, &ctx.csrf).await
    {
        tracing::error!(error = %e, "could not keep a new session's form token");
    }
}

/// Paths that render HTML for people, as opposed to the API and machinery.
fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/")
        || path.starts_with("/assets/")
        || path == super::paths::HEALTHZ
        || path == super::paths::METRICS)
}

/// What `resolve` needs of the request; the request itself (its body is
/// not `Sync`) cannot be held across an await.
struct Incoming {
    bearer: Option<String>,
    session: Option<Session>,
    is_get: bool,
    is_page: bool,
    lang: Option<Locale>,
}

async fn resolve(
    state: &AppState,
    ctx: &mut Ctx,
    req: Incoming,
    new_token: &mut bool,
) -> AppResult<()> {
    let is_get = req.is_get;
    if let Some(token) = &req.bearer {
        let actor = tokens::authenticate(&state.db, token).await?;
        ctx.actor = Some(actor.ok_or(AppError::Unauthenticated)?);
    } else if let Some(session) = req.session {
        ctx.actor = session_actor(state, &session).await?;
        if is_get && let Some(lang) = req.lang {
            session.insert(SESSION_LANG, lang.code()).await.map_err(anyhow::Error::from)?;
        }
        if ctx.actor.is_none()
            && let Some(code) =
                session.get::<String>(SESSION_LANG).await.map_err(anyhow::Error::from)?
            && let Some(l) = Locale::parse(&code)
        {
            ctx.locale = l;
        }
        let csrf = session.get::<String>(SESSION_CSRF).await.map_err(anyhow::Error::from)?;
        ctx.csrf = match csrf {
            Some(t) => t,
            None if ctx.actor.is_some() => {
                let t = tokens::random_secret();
                session.insert(SESSION_CSRF, &t).await.map_err(anyhow::Error::from)?;
                t
            }
            // Only pages hand out tokens, so a bare API call or a probe of
            // /healthz does not create a session row; and a page only when
            // it is shown (see `keep_new_token`).
            None if is_get && req.is_page => {
                *new_token = true;
                tokens::random_secret()
            }
            None => String::new(),
        };
        if is_get
            && req.is_page
            && let Some(actor) = &ctx.actor
        {
            ctx.unread = Some(crate::notifications::unread_count(&state.db, actor.id()).await?);
        }
        if is_get && req.is_page {
            ctx.flash =
                session.remove::<Flash>(SESSION_FLASH).await.map_err(anyhow::Error::from)?;
        }
        ctx.session = Some(session);
    }
    if let Some(l) =
        ctx.actor.as_ref().and_then(|a| a.user.locale.as_deref()).and_then(Locale::parse)
    {
        ctx.locale = l;
    }
    Ok(())
}

/// Signs the user in on this session: a new session id (so an id planted
/// before sign-in is worthless) and a new CSRF token.
pub async fn sign_in(session: &Session, user: &user::Model) -> AppResult<()> {
    let fail = |e: tower_sessions::session::Error| AppError::Internal(e.into());
    session.cycle_id().await.map_err(fail)?;
    session.insert(SESSION_USER, user.id).await.map_err(fail)?;
    session.insert(SESSION_VERSION, user.session_version).await.map_err(fail)?;
    session.insert(SESSION_CSRF, tokens::random_secret()).await.map_err(fail)?;
    session.remove::<String>(SESSION_LANG).await.map_err(fail)?;
    Ok(())
}
