//! Visit pages: starting one, the form, the report, review and the queue.
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Offset, Utc};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use uuid::Uuid;

use super::visit_form::{self, FormState};
use crate::accounts::{Actor, Role};
use crate::app::AppState;
use crate::checklists::document::ChecklistDoc;
use crate::checklists::store as checklists;
use crate::entities::{checklist, location, user, visit};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{format_datetime, format_int};
use crate::places::locations;
use crate::visits::Status;
use crate::visits::review::{self, ReviewInput};
use crate::visits::store::{self, ListFilter};
use crate::web::components::{csrf_field, input, select};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{PageForm, visit_id};
use crate::web::{layout, paths};

async fn doc_of(app: &AppState, version_id: i32) -> AppResult<ChecklistDoc> {
    let v = checklists::version_by_id(&app.db, version_id).await?;
    checklists::load_doc(&app.db, &v).await
}

pub async fn locations_by_id(
    app: &AppState,
    ids: impl IntoIterator<Item = i32>,
) -> AppResult<HashMap<i32, location::Model>> {
    let ids: Vec<i32> = ids.into_iter().collect();
    Ok(location::Entity::find()
        .filter(location::Column::Id.is_in(ids))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|l| (l.id, l))
        .collect())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    assignment_id: Option<i32>,
    location_id: Option<i32>,
    checklist_id: Option<i32>,
    q: String,
}

/// Starting a visit: from an assignment, or at any active location with a
/// published checklist. The visit's id is made here, so a repeated submit
/// of this form stores one visit.
pub async fn new_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let (location_id, checklist_id, assignment_id) = match q.assignment_id {
        Some(aid) => {
            let a = crate::assignments::find_visible(&app.db, &actor, aid).await?;
            if let Some(v) = &a.visit_id {
                return Ok(Redirect::to(&paths::visit_edit(v)).into_response());
            }
            (Some(a.location_id), Some(a.checklist_id), Some(a.id))
        }
        None => (q.location_id, q.checklist_id, None),
    };
    let (Some(location_id), Some(checklist_id)) = (location_id, checklist_id) else {
        return Ok(picker(&app, &ctx, &q).await?.into_response());
    };
    let loc = locations::find(&app.db, location_id).await?;
    let version =
        checklists::latest_published(&app.db, checklist_id).await?.ok_or(AppError::NotFound)?;
    let doc = checklists::load_doc(&app.db, &version).await?;
    let tz = visit_form::tz_of(&loc);
    let now = visit_form::local_input(Utc::now(), tz);
    let f = FormState {
        started_at: now.clone(),
        ended_at: now,
        location_id: Some(loc.id),
        checklist_version_id: Some(version.id),
        assignment_id,
        ..Default::default()
    };
    let id = Uuid::new_v4();
    Ok(form_page(
        &ctx,
        &paths::visit(&id.to_string()),
        &doc,
        &loc,
        &f,
        &FieldErrors::new(),
        StatusCode::OK,
    ))
}

/// Choosing where to go when there is no assignment.
async fn picker(app: &AppState, ctx: &Ctx, q: &NewQuery) -> AppResult<Markup> {
    let l = ctx.locale;
    let filter = locations::Filter { q: q.q.clone(), ..Default::default() };
    let found = locations::list(&app.db, &filter).await?;
    let lists: Vec<(String, String)> = checklists::list(&app.db)
        .await?
        .into_iter()
        .filter(|s| s.published().is_some())
        .map(|s| (s.checklist.id.to_string(), s.checklist.name))
        .collect();
    let none = FieldErrors::new();
    let body = html! {
        form.stack method="get" action=(paths::VISIT_NEW) {
            (input(ctx, "q", "filter-name", "search", &q.q, &none, "off"))
            div.actions { button.btn.btn-secondary type="submit" { (l.t("filter-apply")) } }
        }
        @if lists.is_empty() {
            p.muted { (l.t("visit-no-checklist")) }
        } @else {
            form.stack method="get" action=(paths::VISIT_NEW) {
                fieldset {
                    legend { (l.t("visit-choose-location")) }
                    @for (loc, b) in found.items.iter().take(50) {
                        label.choice {
                            input type="radio" name="location_id" value=(loc.id) required;
                            span { (loc.name) " · " (b.name) " · " (l.t(crate::places::Channel::parse(&loc.channel).map_or("channel-store", |c| c.label_key()))) }
                        }
                    }
                }
                (select(ctx, "checklist_id", "visit-checklist", &lists, "", &none))
                div.actions { button.btn.btn-primary type="submit" { (l.t("visit-start")) } }
            }
        }
    };
    Ok(layout::page(ctx, &l.t("visit-new-title"), body))
}

fn form_page(
    ctx: &Ctx,
    action: &str,
    doc: &ChecklistDoc,
    loc: &location::Model,
    f: &FormState,
    errors: &FieldErrors,
    status: StatusCode,
) -> Response {
    let body = html! {
        p.muted { (loc.name) }
        (visit_form::render(ctx, action, doc, loc, f, errors))
    };
    (status, layout::page(ctx, &doc.name, body)).into_response()
}

/// The actor's own visit that can still change, for the form.
async fn own_editable(app: &AppState, actor: &Actor, id: Uuid) -> AppResult<Option<visit::Model>> {
    match visit::Entity::find_by_id(id.to_string()).one(&app.db).await? {
        None => Ok(None),
        Some(v) if v.shopper_id != actor.id() => Err(AppError::NotFound),
        Some(v) if !Status::parse(&v.status).is_some_and(Status::editable) => {
            Err(AppError::Conflict(crate::i18n::Msg::new("visit-not-editable")))
        }
        Some(v) => Ok(Some(v)),
    }
}

pub async fn edit_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = visit_id(&id)?;
    let v = own_editable(&app, &actor, id).await?.ok_or(AppError::NotFound)?;
    let loc = locations::find(&app.db, v.location_id).await?;
    let doc = doc_of(&app, v.checklist_version_id).await?;
    let answers = store::answers_of(&app.db, &v.id).await?;
    let f = FormState::from_stored(
        v.started_at,
        v.ended_at,
        &v.narrative,
        &answers,
        visit_form::tz_of(&loc),
    );
    let mut page = html! {};
    if v.status == Status::Returned.as_str() && !v.review_note.is_empty() {
        page = html! { div.flash.flash-error role="status" { strong { (ctx.t("visit-returned-note")) } " " (v.review_note) } };
    }
    let body = html! {
        (page)
        p.muted { (loc.name) }
        (visit_form::render(&ctx, &paths::visit(&v.id), &doc, &loc, &f, &FieldErrors::new()))
    };
    Ok(layout::page(&ctx, &doc.name, body).into_response())
}

/// Saves the form as the draft, and submits it when asked. Any problem
/// shows the form again with everything that was typed.
pub async fn save(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<String>,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id = visit_id(&id)?;
    let existing = own_editable(&app, &actor, id).await?;
    let f = FormState::from_posted(&fields);
    let (location_id, version_id) = match &existing {
        Some(v) => (v.location_id, v.checklist_version_id),
        None => (
            f.location_id.ok_or_else(|| AppError::BadRequest("location_id".into()))?,
            f.checklist_version_id
                .ok_or_else(|| AppError::BadRequest("checklist_version_id".into()))?,
        ),
    };
    let loc = locations::find(&app.db, location_id).await?;
    let doc = doc_of(&app, version_id).await?;
    let tz = visit_form::tz_of(&loc);
    let asked = |what: &str| fields.iter().any(|(k, v)| k == "action" && v == what);
    // An autosave never submits, whatever else the request carries.
    let autosave = asked("autosave");
    let submit = asked("submit") && !autosave;
    let action = paths::visit(&id.to_string());
    let result = match store::save_draft(&app.db, &actor, id, &f.to_input(&doc, tz)).await {
        Ok(_) if submit => store::submit(&app.db, &actor, id).await.map(|_| true),
        Ok(_) => Ok(false),
        Err(e) => Err(e),
    };
    // The script's save as the shopper types: it only needs to know whether
    // the draft is stored. The problems show on the next Save or Submit.
    if autosave {
        return match result {
            Ok(_) => Ok(StatusCode::NO_CONTENT.into_response()),
            Err(AppError::Validation(_)) => Ok(StatusCode::UNPROCESSABLE_ENTITY.into_response()),
            Err(e) => Err(e),
        };
    }
    match result {
        Ok(submitted) => {
            let session = ctx.session()?;
            if submitted {
                set_flash(session, "visit-submitted").await?;
                Ok(Redirect::to(&paths::visit(&id.to_string())).into_response())
            } else {
                set_flash(session, "visit-saved").await?;
                Ok(Redirect::to(&paths::visit_edit(&id.to_string())).into_response())
            }
        }
        Err(AppError::Validation(errors)) => {
            Ok(form_page(&ctx, &action, &doc, &loc, &f, &errors, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e),
    }
}

fn score_text(l: crate::i18n::Locale, pct: Option<f64>) -> String {
    pct.map_or_else(|| "–".to_owned(), |p| format!("{}%", crate::i18n::format_decimal(l, p, 1)))
}

/// The report: every answer, scores where the reader may see them, and
/// for managers the review.
pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Markup> {
    let v = store::find_visible(&app.db, &actor, visit_id(&id)?).await?;
    report(&app, &ctx, &actor, &v, &FieldErrors::new(), None).await
}

async fn report(
    app: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    v: &visit::Model,
    errors: &FieldErrors,
    note: Option<&str>,
) -> AppResult<Markup> {
    let l = ctx.locale;
    let loc = locations::find(&app.db, v.location_id).await?;
    let doc = doc_of(app, v.checklist_version_id).await?;
    let answers = store::answers_of(&app.db, &v.id).await?;
    let by_code: HashMap<&str, _> = answers.iter().map(|a| (a.code.as_str(), a)).collect();
    let sections = store::sections_of(&app.db, &v.id).await?;
    let status = Status::parse(&v.status).unwrap_or(Status::Draft);
    let scores =
        v.submitted_at.is_some() && (actor.role.reads_all_visits() || status == Status::Approved);
    let tz = visit_form::tz_of(&loc);
    let offset = |t: chrono::DateTime<Utc>| t.with_timezone(&tz).offset().fix();
    let shopper = user::Entity::find_by_id(v.shopper_id).one(&app.db).await?;
    let note_error = errors.get("note").map(|m| l.msg(m));
    let body = html! {
        section.card {
            dl.facts {
                dt { (l.t("visit-status")) } dd { span class={ "badge badge-" (v.status) } { (l.t(status.label_key())) } }
                dt { (l.t("field-location")) } dd { (loc.name) }
                @if let Some(u) = &shopper { dt { (l.t("role-shopper")) } dd { bdi { (u.name) } } }
                @if let Some(t) = v.started_at { dt { (l.t("visit-started-at")) } dd { (format_datetime(l, t, offset(t))) } }
                @if let Some(t) = v.ended_at { dt { (l.t("visit-ended-at")) } dd { (format_datetime(l, t, offset(t))) } }
                @if scores {
                    dt { (l.t("visit-score")) } dd.score { (score_text(l, v.score)) @if v.critical_failed { " " span.badge.badge-critical { (l.t("visit-critical-failed")) } } }
                }
            }
            @if !v.review_note.is_empty() { p { strong { (l.t("visit-review-note")) } " " (v.review_note) } }
            @if status.editable() && v.shopper_id == actor.id() {
                div.actions { a.btn.btn-primary href=(paths::visit_edit(&v.id)) { (l.t("visit-continue")) } }
            }
        }
        @for s in &doc.sections {
            section.card {
                h2 {
                    (s.title)
                    @if scores {
                        @if let Some(sec) = sections.iter().find(|x| x.category == s.category) { " · " span.score { (score_text(l, sec.pct)) } }
                    }
                }
                ol.answers {
                    @for c in &s.criteria {
                        @let a = by_code.get(c.code.as_str());
                        @let failed = scores && a.is_some_and(|a| a.failed);
                        li.failed[failed] {
                            p { span.code { (c.code) } " " (c.prompt) }
                            p.answer {
                                @match a {
                                    Some(a) if a.na => { (l.t("answer-na")) }
                                    Some(a) => { (answer_text(ctx, c, a.value.as_deref())) }
                                    None => { span.muted { (l.t("answer-none")) } }
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
                        }
                    }
                }
            }
        }
        @if !v.narrative.is_empty() {
            section.card { h2 { (l.t("visit-narrative")) } p { (v.narrative) } }
        }
        @if actor.role.manages() && matches!(status, Status::Submitted | Status::Approved) {
            section.card {
                h2 { (l.t("review-title")) }
                form.stack method="post" action={ (paths::visit(&v.id)) "/review" } {
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
    Ok(layout::page(ctx, &doc.name, body))
}

fn answer_text(
    ctx: &Ctx,
    c: &crate::checklists::document::CriterionDoc,
    raw: Option<&str>,
) -> String {
    let l = ctx.locale;
    let Some(v) = raw.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok()) else {
        return l.t("answer-none");
    };
    match v {
        serde_json::Value::Bool(b) => l.t(if b { "answer-yes" } else { "answer-no" }),
        serde_json::Value::Number(n) => {
            let n = crate::i18n::format_decimal(l, n.as_f64().unwrap_or_default(), 2);
            match &c.unit {
                Some(u) => format!("{n} {u}"),
                None => n,
            }
        }
        serde_json::Value::String(s) => {
            c.options.iter().find(|o| o.key == s).map_or(s, |o| o.label.clone())
        }
        _ => String::new(),
    }
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
    store::find_visible(&app.db, &actor, id).await?;
    let input = ReviewInput { decision: f.decision.clone(), note: f.note.clone() };
    match review::review(&app.db, &actor, id, &input).await {
        Ok(v) => {
            set_flash(ctx.session()?, &format!("review-done-{}", v.status)).await?;
            Ok(Redirect::to(paths::REVIEW).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let v = store::find_visible(&app.db, &actor, id).await?;
            let page = report(&app, &ctx, &actor, &v, &errors, Some(&f.note)).await?;
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
    let l = ctx.locale;
    let body = html! {
        p.muted { (l.t_args("review-count", &[("count", format_int(l, page.total as i64))])) }
        @if !page.items.is_empty() {
            div.table-wrap { table.data {
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
                            td { (score_text(l, v.score)) @if v.critical_failed { " " span.badge.badge-critical { (l.t("visit-critical-failed")) } } }
                        }
                    }
                }
            } }
        }
    };
    Ok(layout::page(&ctx, &l.t("nav-review"), body))
}

/// A shopper's assignments still to do, due first, with how to get there.
pub async fn shopper_home(app: &AppState, ctx: &Ctx, actor: &Actor) -> AppResult<Markup> {
    let l = ctx.locale;
    let today = Utc::now().date_naive();
    let mine =
        crate::assignments::list(&app.db, actor, &crate::assignments::Filter::default()).await?;
    let todo: Vec<_> = mine
        .iter()
        .filter(|a| matches!(a.status.as_str(), "open" | "in_progress") && a.opens_on <= today)
        .collect();
    let locs = locations_by_id(app, todo.iter().map(|a| a.location_id)).await?;
    let names: HashMap<i32, String> =
        checklist::Entity::find().all(&app.db).await?.into_iter().map(|c| (c.id, c.name)).collect();
    let recent = visit::Entity::find()
        .filter(visit::Column::ShopperId.eq(actor.id()))
        .order_by_desc(visit::Column::UpdatedAt)
        .limit(10)
        .all(&app.db)
        .await?;
    let recent_locs = locations_by_id(app, recent.iter().map(|v| v.location_id)).await?;
    Ok(html! {
        section {
            h2 { (l.t("home-assignments")) }
            @if todo.is_empty() { p.muted { (l.t("home-no-assignments")) } }
            @for a in &todo {
                @let overdue = crate::assignments::shown_status(a, today) == "overdue";
                article.card.assignment.overdue[overdue] {
                    @if let Some(loc) = locs.get(&a.location_id) {
                        h3 { (loc.name) }
                        p.muted {
                            (names.get(&a.checklist_id).map(String::as_str).unwrap_or(""))
                            " · " (l.t_args("home-due", &[("date", crate::i18n::format_date(l, a.due_on))]))
                            @if overdue { " " span.badge.badge-critical { (l.t("assignment-overdue")) } }
                        }
                        @if !a.brief.is_empty() { p.brief { (a.brief) } }
                        (contact(ctx, loc))
                    }
                    div.actions {
                        a.btn.btn-primary href={ (paths::VISIT_NEW) "?assignment_id=" (a.id) } {
                            (l.t(if a.visit_id.is_some() { "visit-continue" } else { "visit-start" }))
                        }
                    }
                }
            }
            div.actions { a.btn.btn-secondary href=(paths::VISIT_NEW) { (l.t("visit-start-unassigned")) } }
        }
        @if !recent.is_empty() {
            section {
                h2 { (l.t("home-my-visits")) }
                ul.visit-list {
                    @for v in &recent {
                        li {
                            a href=(paths::visit(&v.id)) { (recent_locs.get(&v.location_id).map(|x| x.name.as_str()).unwrap_or("")) }
                            " · " (l.t(Status::parse(&v.status).unwrap_or(Status::Draft).label_key()))
                        }
                    }
                }
            }
        }
    })
}

/// How to reach a location, by its channel: a map link, the site, a number.
fn contact(ctx: &Ctx, loc: &location::Model) -> Markup {
    let l = ctx.locale;
    let map = match (loc.latitude, loc.longitude) {
        (Some(lat), Some(lon)) => {
            Some(format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"))
        }
        _ if !loc.address.is_empty() => Some(format!(
            "https://www.openstreetmap.org/search?query={}",
            serde_urlencoded::to_string([("", format!("{} {}", loc.address, loc.city))])
                .unwrap_or_default()
                .trim_start_matches('=')
        )),
        _ => None,
    };
    html! {
        ul.contact {
            @if !loc.address.is_empty() {
                li { (loc.address) @if !loc.city.is_empty() { ", " (loc.city) } @if let Some(m) = &map { " · " a href=(m) rel="noopener" { (l.t("contact-map")) } } }
            }
            @if !loc.url.is_empty() { li { a.ltr href=(loc.url) rel="noopener" { (loc.url) } } }
            @if !loc.phone.is_empty() { li { a.ltr href={ "tel:" (loc.phone.replace(' ', "")) } { (loc.phone) } } }
            @if !loc.email.is_empty() { li { a.ltr href={ "mailto:" (loc.email) } { (loc.email) } } }
        }
    }
}
