//! The in-app notifications: the list (newest first, mark read), the
//! preferences, and the signed unsubscribe page reached from a mail.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::FixedOffset;
use maud::{Markup, html};

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::i18n::format_datetime;
use crate::notifications::{self, Kind, Pref, Unsubscribe, outbox};
use crate::web::components::{csrf_field, error_summary};
use crate::web::context::{Ctx, CurrentUser, set_flash, set_flash_count};
use crate::web::extract::{PageForm, Path, Query};
use crate::web::{layout, paths};

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
) -> AppResult<Markup> {
    let l = ctx.locale;
    let items = notifications::list(&app.db, &actor, l).await?;
    let problems = match actor.role.is_admin() {
        true => notifications::mail_problems(&app.db, &actor).await?,
        false => Vec::new(),
    };
    let utc = FixedOffset::east_opt(0).expect("zero is an offset");
    let unread = items.iter().filter(|n| n.row.read_at.is_none()).count();
    let body = html! {
        div.actions {
            a.btn href=(paths::NOTIFICATION_PREFERENCES) { (l.t("notify-preferences")) }
            @if unread > 0 {
                form.inline method="post" action=(paths::NOTIFICATIONS_READ_ALL) {
                    (csrf_field(&ctx))
                    button.btn type="submit" { (l.t("notify-mark-all-read")) }
                }
            }
        }
        @if items.is_empty() {
            p.muted #no-notifications { (l.t("notify-none")) }
        } @else {
            div.notifications {
                @for n in &items {
                    article.card.notification.unread[n.row.read_at.is_none()] id=(format!("n{}", n.row.id)) {
                        h2.notification-title {
                            a href=(n.row.link) { bdi { (n.title) } }
                            @if n.row.read_at.is_none() {
                                " " span.badge { (l.t("notify-new")) }
                            }
                        }
                        @if !n.body.is_empty() { p.notification-body { bdi { (n.body) } } }
                        p.muted { time datetime=(n.row.created_at.to_rfc3339()) { (format_datetime(l, n.row.created_at, utc)) } }
                        @if n.row.read_at.is_none() {
                            form.inline method="post" action=(paths::notification_read(n.row.id)) {
                                (csrf_field(&ctx))
                                button.btn.btn-small type="submit" { (l.t("notify-mark-read")) }
                            }
                        }
                    }
                }
            }
        }
        @if actor.role.is_admin() {
            section.card #mail-problems {
                h2 { (l.t("notify-mail-problems")) }
                @if problems.is_empty() {
                    p.muted { (l.t("notify-mail-problems-none")) }
                } @else {
                    p.hint { (l.t("notify-mail-problems-hint")) }
                    ul {
                        @for m in &problems {
                            li {
                                span.badge { (l.t(if m.status == outbox::FAILED { "notify-status-failed" } else { "notify-status-uncertain" })) }
                                " " span.ltr { (m.recipient) } " · " bdi { (m.subject) }
                                @if let Some(e) = &m.last_error { br; small.muted.ltr { (e) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(&ctx, &l.t("notify-title"), body))
}

pub async fn mark_read(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    notifications::mark_read(&app.db, &actor, id).await?;
    Ok(Redirect::to(paths::NOTIFICATIONS).into_response())
}

pub async fn mark_all_read(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
) -> AppResult<Response> {
    let n = notifications::mark_all_read(&app.db, &actor).await?;
    set_flash_count(ctx.session()?, "notify-marked-read", n as i64).await?;
    Ok(Redirect::to(paths::NOTIFICATIONS).into_response())
}

fn prefs_view(ctx: &Ctx, prefs: &[Pref], email_on: bool) -> Markup {
    let l = ctx.locale;
    let body = html! {
        form.stack method="post" action=(paths::NOTIFICATION_PREFERENCES) {
            (csrf_field(ctx))
            @if !email_on { p.hint #mail-off { (l.t("notify-mail-off")) } }
            table.prefs {
                thead { tr {
                    th scope="col" { (l.t("notify-kind")) }
                    th scope="col" { (l.t("notify-in-app")) }
                    th scope="col" { (l.t("notify-email")) }
                } }
                tbody {
                    @for p in prefs {
                        @let label = l.t(p.kind.label_key());
                        tr {
                            th scope="row" { (label) }
                            td { input type="checkbox" name=(format!("{}.in_app", p.kind.as_str())) checked[p.in_app]
                                   aria-label=(format!("{label}: {}", l.t("notify-in-app"))); }
                            td { input type="checkbox" name=(format!("{}.email", p.kind.as_str())) checked[p.email]
                                   aria-label=(format!("{label}: {}", l.t("notify-email"))); }
                        }
                    }
                }
            }
            div.actions { button.btn.btn-primary type="submit" { (l.t("save")) } }
        }
    };
    layout::page(ctx, &l.t("notify-preferences"), body)
}

pub async fn prefs_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
) -> AppResult<Markup> {
    let prefs = notifications::prefs(&app.db, &actor.user).await?;
    let email_on = notifications::settings(&app.db).await?.email_on;
    Ok(prefs_view(&ctx, &prefs, email_on))
}

/// Checkboxes send `on` when ticked and nothing when not: every kind
/// shown is set, from what was ticked.
pub async fn save_prefs(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let ticked = |name: String| fields.iter().any(|(k, _)| *k == name);
    let prefs: Vec<Pref> = Kind::ALL
        .into_iter()
        .map(|kind| Pref {
            kind,
            in_app: ticked(format!("{}.in_app", kind.as_str())),
            email: ticked(format!("{}.email", kind.as_str())),
        })
        .collect();
    notifications::set_prefs(&app.db, &actor, &prefs).await?;
    set_flash(ctx.session()?, "notify-preferences-saved").await?;
    Ok(Redirect::to(paths::NOTIFICATION_PREFERENCES).into_response())
}

fn unsubscribe_view(
    ctx: &Ctx,
    q: &Unsubscribe,
    outcome: Result<(Kind, bool), &AppError>,
) -> Markup {
    let l = ctx.locale;
    let action =
        format!("{}?u={}&k={}&s={}", paths::UNSUBSCRIBE, q.u, urlencode(&q.k), urlencode(&q.s));
    let body = html! {
        section.card #unsubscribe {
            @match outcome {
                Ok((kind, false)) => {
                    p { (l.t_args("notify-unsubscribe-confirm", &[("kind", l.t(kind.label_key()))])) }
                    form method="post" action=(action) {
                        input type="hidden" name="List-Unsubscribe" value="One-Click";
                        div.actions { button.btn.btn-primary type="submit" { (l.t("notify-unsubscribe-button")) } }
                    }
                }
                Ok((kind, true)) => {
                    p role="status" { (l.t_args("notify-unsubscribe-done", &[("kind", l.t(kind.label_key()))])) }
                    p { a href=(paths::NOTIFICATION_PREFERENCES) { (l.t("notify-preferences")) } }
                }
                Err(e) => {
                    (error_summary(ctx, &Default::default()))
                    p.field-error role="alert" { (e.message(l)) }
                }
            }
        }
    };
    layout::page(ctx, &l.t("notify-unsubscribe-title"), body)
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The link in a mail: a page with one button (a link opened by a mail
/// scanner must not unsubscribe anyone).
pub async fn unsubscribe_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<Unsubscribe>,
) -> AppResult<Response> {
    match notifications::check_unsubscribe(&app.db, &q).await {
        Ok(kind) => Ok(unsubscribe_view(&ctx, &q, Ok((kind, false))).into_response()),
        Err(e @ AppError::Validation(_)) => {
            Ok((StatusCode::BAD_REQUEST, unsubscribe_view(&ctx, &q, Err(&e))).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The button, or a mail client's one-click POST (RFC 8058).
pub async fn unsubscribe(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<Unsubscribe>,
) -> AppResult<Response> {
    match notifications::unsubscribe(&app.db, &q).await {
        Ok(kind) => Ok(unsubscribe_view(&ctx, &q, Ok((kind, true))).into_response()),
        Err(e @ AppError::Validation(_)) => {
            Ok((StatusCode::BAD_REQUEST, unsubscribe_view(&ctx, &q, Err(&e))).into_response())
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use crate::notifications::links;
    use crate::web::paths;

    #[test]
    fn the_domains_links_are_the_routers_paths() {
        assert_eq!(links::HOME, paths::HOME);
        assert_eq!(links::REVIEW, paths::REVIEW);
        assert_eq!(links::SCORECARD, paths::SCORECARD);
        assert_eq!(links::NOTIFICATIONS, paths::NOTIFICATIONS);
        assert_eq!(links::PREFERENCES, paths::NOTIFICATION_PREFERENCES);
        assert_eq!(links::UNSUBSCRIBE, paths::UNSUBSCRIBE);
        assert_eq!(links::visit("v1"), paths::visit("v1"));
    }
}
