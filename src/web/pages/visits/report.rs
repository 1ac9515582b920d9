//! The visit report: every answer, scores where the reader may see them,
//! the manager's review, and the review queue.
use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Offset, Utc};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

use super::edit::locations_by_id;
use super::form as visit_form;
pub(crate) use super::form::tz_of;
use super::photos::report_block;
use crate::accounts::Role;
use crate::app::AppState;
use crate::entities::user;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{format_date, format_datetime, format_int};
use crate::places::Channel;
use crate::visits::Status;
use crate::visits::report::{self as visit_report, Report};
use crate::visits::review::{self, ReviewInput};
use crate::visits::store::{self, ListFilter};
use crate::web::components::{answer_text, csrf_field};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{PageForm, Path, visit_id};
use crate::web::{layout, paths};

/// The day a visit happened (or, before it has a time, was begun), in
/// its location's time zone.
pub(crate) fn visit_day(
    v: &crate::entities::visit::Model,
    loc: &crate::entities::location::Model,
) -> chrono::NaiveDate {
    v.started_at.unwrap_or(v.created_at).with_timezone(&visit_form::tz_of(loc)).date_naive()
}

/// What a report is about, as its heading says it: brand, location,
/// channel and the day of the visit.
fn heading(l: crate::i18n::Locale, r: &Report) -> String {
    let loc = &r.location;
    let channel = Channel::parse(&loc.channel).map(|c| l.t(c.label_key()));
    r.brand
        .as_ref()
        .map(|b| b.name.clone())
        .into_iter()
        .chain([loc.name.clone()])
        .chain(channel)
        .chain([format_date(l, visit_day(&r.visit, loc))])
        .collect::<Vec<_>>()
        .join(" · ")
}

fn score_text(l: crate::i18n::Locale, pct: Option<f64>) -> String {
    pct.map_or_else(|| "–".to_owned(), |p| crate::i18n::format_percent(l, p, 1))
}

/// The report: every answer, scores where the reader may see them, and
/// for managers the review.
pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Markup> {
    let r = visit_report::load(&app.db, &actor, visit_id(&id)?).await?;
    let open = open_actions(&app, &ctx, &r).await?;
    Ok(report(&app, &ctx, &r, &open, &FieldErrors::new(), None))
}

/// The actions pending at the visit's location, by criterion code, for
/// everyone but shoppers: the reviewer sees what is still being fixed.
async fn open_actions(app: &AppState, ctx: &Ctx, r: &Report) -> AppResult<OpenActions> {
    let staff = ctx.actor.as_ref().is_some_and(|a| a.role.sees_submitted_scores());
    match staff {
        true => crate::actions::hooks::pending_at(&app.db, r.location.id).await,
        false => Ok(OpenActions::new()),
    }
}

type OpenActions = HashMap<String, crate::entities::action::Model>;

fn report(
    app: &AppState,
    ctx: &Ctx,
    r: &Report,
    open: &OpenActions,
    errors: &FieldErrors,
    note: Option<&str>,
) -> Markup {
    let l = ctx.locale;
    // A manager opens an action from a failed item of an approved visit of
    // an own location (the domain checks it again).
    let may_open = ctx.actor.as_ref().is_some_and(|a| a.role.manages())
        && r.status == Status::Approved
        && r.brand.as_ref().is_some_and(|b| b.own);
    let (v, loc, doc, status, scores) =
        (&r.visit, &r.location, &r.checklist, r.status, r.shows_scores);
    let (by_code, sections, photos) = (&r.answers, &r.sections, &r.photos);
    let tz = visit_form::tz_of(loc);
    let offset = |t: chrono::DateTime<Utc>| t.with_timezone(&tz).offset().fix();
    let note_error = errors.get("note").map(|m| l.msg(m));
    let photos_of = |code: Option<&str>| {
        let list = photos.get(&code.map(str::to_owned)).map(Vec::as_slice).unwrap_or(&[]);
        report_block(ctx, list, v, app)
    };
    let body = html! {
        // Reviewers decide at the foot of a long report; this link (kept in
        // sight on a phone) takes them there without script.
        @if r.may_review {
            div.review-bar {
                a.btn.btn-primary href="#review" { (l.t("report-review-jump")) }
            }
        }
        section.card.report-facts {
            dl.facts {
                dt { (l.t("visit-status")) } dd { span class={ "badge badge-" (v.status) } { (l.t(status.label_key())) } }
                @if let Some(b) = &r.brand { dt { (l.t("field-brand")) } dd { bdi { (b.name) } } }
                dt { (l.t("field-location")) } dd { (loc.name) }
                @if let Some(c) = Channel::parse(&loc.channel) { dt { (l.t("field-channel")) } dd { (l.t(c.label_key())) } }
                dt { (l.t("visit-checklist")) } dd { (doc.name) }
                @if let Some(name) = &r.shopper { dt { (l.t("role-shopper")) } dd { bdi { (name) } } }
                @if let Some(t) = v.started_at { dt { (l.t("visit-started-at")) } dd { (format_datetime(l, t, offset(t))) } }
                @if let Some(t) = v.ended_at { dt { (l.t("visit-ended-at")) } dd { (format_datetime(l, t, offset(t))) } }
                @if scores {
                    dt { (l.t("visit-score")) } dd.score { (score_text(l, v.score)) @if v.critical_failed { " " span.badge.badge-critical { (l.t("visit-critical-failed")) } } }
                }
            }
            @if !v.review_note.is_empty() { p { strong { (l.t("visit-review-note")) } " " (v.review_note) } }
            @if r.may_continue {
                div.actions { a.btn.btn-primary href=(paths::visit_edit(&v.id)) { (l.t("visit-continue")) } }
            }
        }
        @for s in &doc.sections {
            section.card.report-section {
                h2 {
                    (s.title)
                    @if scores {
                        @if let Some(sec) = sections.iter().find(|x| x.category == s.category) { " · " span.score { (score_text(l, sec.pct)) } }
                    }
                }
                ol.answers {
                    @for c in &s.criteria {
                        @let a = by_code.get(&c.code);
                        @let failed = scores && a.is_some_and(|a| a.failed);
                        li.failed[failed] {
                            p { span.code { (c.code) } " " (c.prompt) }
                            p.answer {
                                @match (a, r.values.get(&c.code)) {
                                    (_, Some(value)) => { (answer_text(l, value, Some(c))) }
                                    (Some(_), None) => { (l.t("answer-none")) }
                                    (None, None) => { span.muted { (l.t("answer-none")) } }
                                }
                                @if scores {
                                    @if let Some(a) = a {
                                        @if let (Some(e), Some(p)) = (a.earned, a.possible) {
                                            " · " (crate::i18n::format_decimal(l, e, 1)) " / " (crate::i18n::format_decimal(l, p, 1))
                                        }
                                    }
                                }
                                @if failed { " " span.badge.badge-failed { (l.t("answer-failed")) } }
                            }
                            @if let Some(a) = a { @if !a.comment.is_empty() { p.hint { (a.comment) } } }
                            (photos_of(Some(&c.code)))
                            @if let Some(act) = open.get(&c.code) {
                                p.open-action {
                                    span class={ "badge badge-action-" (act.status) } { (l.t(crate::actions::status_key(&act.status))) }
                                    " " a href=(paths::action(act.id)) { (l.t("action-open-on-criterion")) }
                                    " · " (l.t("action-due-on")) " " (format_date(l, act.due_on))
                                }
                            } @else if may_open && failed {
                                p { a.btn.btn-small href=(paths::action_new_from(&v.id, &c.code)) { (l.t("action-open-from-item")) } }
                            }
                        }
                    }
                }
            }
        }
        @if !v.narrative.is_empty() {
            section.card { h2 { (l.t("visit-narrative")) } p { (v.narrative) } }
        }
        @if photos.contains_key(&None) {
            section.card { h2 { (l.t("photo-visit-title")) } (photos_of(None)) }
        }
        @if r.may_review {
            section.card.review-form #review {
                h2 { (l.t("review-title")) }
                form.stack method="post" action=(paths::visit_review(&v.id)) {
                    (csrf_field(ctx))
                    div.field.has-error[note_error.is_some()] {
                        label for="note" { (l.t("review-note")) }
                        textarea #note name="note" rows="3" { (note.unwrap_or("")) }
                        @if let Some(e) = &note_error { p.field-error { (e) } }
                    }
                    div.actions {
                        @if status == Status::Submitted {
                            button.btn.btn-primary type="submit" name="decision" value="approve" { (l.t("review-approve")) }
                            button.btn.btn-secondary type="submit" name="decision" value="return" { (l.t("review-return")) }
                            button.btn.btn-danger type="submit" name="decision" value="reject" data-confirm=(l.t("review-reject-confirm")) { (l.t("review-reject")) }
                        } @else {
                            button.btn.btn-secondary type="submit" name="decision" value="reopen" { (l.t("review-reopen")) }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, &heading(l, r), body)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    decision: String,
    note: String,
}

pub async fn review(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<String>,
    PageForm(f): PageForm<ReviewForm>,
) -> AppResult<Response> {
    let id = visit_id(&id)?;
    let input = ReviewInput { decision: f.decision.clone(), note: f.note.clone() };
    match review::review(&app.db, &actor, id, &input).await {
        Ok(v) => {
            set_flash(ctx.session()?, &format!("review-done-{}", v.status)).await?;
            Ok(Redirect::to(paths::REVIEW).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let r = visit_report::load(&app.db, &actor, id).await?;
            let open = open_actions(&app, &ctx, &r).await?;
            let page = report(&app, &ctx, &r, &open, &errors, Some(&f.note));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// Submitted visits, oldest first: what managers review next.
pub async fn queue(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let filter = ListFilter { status: Status::Submitted.as_str().into(), ..Default::default() };
    let page = store::list(&app.db, &actor, &filter, true).await?;
    let locs = locations_by_id(&app, page.items.iter().map(|v| v.location_id)).await?;
    let shoppers: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(page.items.iter().map(|v| v.shopper_id).collect::<Vec<_>>()))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let flagged =
        crate::evidence::gallery::flagged_visits(&app.db, &page.items, &app.evidence.rules())
            .await?;
    let l = ctx.locale;
    let body = html! {
        p.muted { (l.t_args("review-count", &[("count", format_int(l, page.total as i64))])) }
        @if !page.items.is_empty() {
            // On a phone: cards, the score and flags first, the short date
            // on one line (as on the visits list). The table is for wide screens.
            ol.visit-cards.review-cards {
                @for v in &page.items {
                    @let loc = locs.get(&v.location_id);
                    li { a href=(paths::visit(&v.id)) {
                        span.visit-card-head {
                            span.score { (score_text(l, v.score)) }
                            @if v.critical_failed { span.badge.badge-critical { (l.t("visit-critical-failed")) } }
                            @if flagged.contains(&v.id) { span.badge.badge-flag { "⚑ " (l.t("review-photos-flagged")) } }
                        }
                        span.visit-card-place {
                            bdi { (loc.map(|x| x.name.as_str()).unwrap_or("")) }
                            " · " bdi { (shoppers.get(&v.shopper_id).map(String::as_str).unwrap_or("")) }
                        }
                        @if let Some(loc) = loc { span.visit-card-date { (format_date(l, visit_day(v, loc))) } }
                    } }
                }
            }
            div.table-wrap.visit-table { table.data {
                thead { tr {
                    th scope="col" { (l.t("visit-submitted-at")) }
                    th scope="col" { (l.t("field-location")) }
                    th scope="col" { (l.t("role-shopper")) }
                    th scope="col" { (l.t("visit-score")) }
                } }
                tbody {
                    @for v in &page.items {
                        tr {
                            td { a href=(paths::visit(&v.id)) { (v.submitted_at.map(|t| format_datetime(l, t, chrono::FixedOffset::east_opt(0).expect("UTC"))).unwrap_or_default()) } }
                            td { (locs.get(&v.location_id).map(|x| x.name.as_str()).unwrap_or("")) }
                            td { bdi { (shoppers.get(&v.shopper_id).map(String::as_str).unwrap_or("")) } }
                            td {
                                (score_text(l, v.score))
                                @if v.critical_failed { " " span.badge.badge-critical { (l.t("visit-critical-failed")) } }
                                @if flagged.contains(&v.id) { " " span.badge.badge-flag.review-flagged { "⚑ " (l.t("review-photos-flagged")) } }
                            }
                        }
                    }
                }
            } }
        }
    };
    Ok(layout::page(&ctx, &l.t("nav-review"), body))
}
