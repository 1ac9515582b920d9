//! Visit pages: starting one, the form, the report, review and the queue.
use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use uuid::Uuid;

use super::form::{self as visit_form, FormState};
use super::photos::{PhotosBy, VisitPost};
use crate::app::AppState;
use crate::checklists::document::ChecklistDoc;
use crate::checklists::store as checklists;
use crate::entities::location;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::evidence::form::{self, Done};
use crate::places::{Channel, locations};
use crate::visits::Status;
use crate::visits::store;
use crate::web::components::{input, select};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{Path, Query, visit_id};
use crate::web::{layout, paths};

/// The checklist as a visit of `loc` is asked it: only the questions for
/// its channel (`checklists::for_channel`); the rest count nowhere.
pub(super) async fn doc_of(
    app: &AppState,
    version_id: i32,
    loc: &location::Model,
) -> AppResult<ChecklistDoc> {
    let v = checklists::version_by_id(&app.db, version_id).await?;
    let doc = checklists::load_doc(&app.db, &v).await?;
    Ok(match Channel::parse(&loc.channel) {
        Some(ch) => doc.for_channel(ch),
        None => doc,
    })
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
    let doc = doc_of(&app, version.id, &loc).await?;
    let tz = visit_form::tz_of(&loc);
    let now = visit_form::local_input(ctx.locale, Utc::now(), tz);
    let f = FormState {
        started_at: now.clone(),
        ended_at: now,
        location_id: Some(loc.id),
        checklist_version_id: Some(version.id),
        assignment_id,
        ..Default::default()
    };
    let id = Uuid::new_v4();
    let none = FieldErrors::new();
    Ok(form_page(&ctx, &id.to_string(), &doc, &loc, &f, &none, &PhotosBy::new()).into_response())
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
    id: &str,
    doc: &ChecklistDoc,
    loc: &location::Model,
    f: &FormState,
    errors: &FieldErrors,
    photos: &PhotosBy,
) -> Markup {
    let body = html! {
        p.muted { (loc.name) }
        (visit_form::render(ctx, id, doc, loc, f, errors, photos))
    };
    layout::page(ctx, &doc.name, body)
}

pub async fn edit_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = visit_id(&id)?;
    let v = store::own_editable(&app.db, &actor, id).await?.ok_or(AppError::NotFound)?;
    let loc = locations::find(&app.db, v.location_id).await?;
    let doc = doc_of(&app, v.checklist_version_id, &loc).await?;
    let answers = store::answers_of(&app.db, &v.id).await?;
    let sections = app.scoring.sections(&app.db, v.checklist_version_id).await?;
    let values = crate::visits::answers::stored(&sections, &answers);
    let f = FormState::from_stored(&v, &answers, &values, ctx.locale, visit_form::tz_of(&loc));
    let photos = store::by_criterion(store::photos_of(&app.db, &v.id).await?);
    let mut page = html! {};
    if v.status == Status::Returned.as_str() && !v.review_note.is_empty() {
        page = html! { div.flash.flash-error role="status" { strong { (ctx.t("visit-returned-note")) } " " (v.review_note) } };
    }
    let body = html! {
        (page)
        p.muted { (loc.name) }
        (visit_form::render(&ctx, &v.id, &doc, &loc, &f, &FieldErrors::new(), &photos))
    };
    Ok(layout::page(&ctx, &doc.name, body).into_response())
}

/// Saves the form as the draft, adds the photos that came with it, removes
/// the one asked, and submits when asked. Any problem shows the form again
/// with everything that was typed (the answers are kept as the draft).
pub async fn save(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<String>,
    post: VisitPost,
) -> AppResult<Response> {
    let id = visit_id(&id)?;
    let existing = store::own_editable(&app.db, &actor, id).await?;
    let fields = &post.fields;
    let f = FormState::from_posted(fields);
    let (location_id, version_id) = match &existing {
        Some(v) => (v.location_id, v.checklist_version_id),
        None => (
            f.location_id.ok_or_else(|| AppError::BadRequest("location_id".into()))?,
            f.checklist_version_id
                .ok_or_else(|| AppError::BadRequest("checklist_version_id".into()))?,
        ),
    };
    let loc = locations::find(&app.db, location_id).await?;
    let doc = doc_of(&app, version_id, &loc).await?;
    let action = fields.iter().find(|(k, _)| k == "action").map_or("", |(_, v)| v.as_str());
    let sent = form::Sent {
        input: f.to_input(&doc, ctx.locale, visit_form::tz_of(&loc)),
        action: form::Action::parse(action),
        photos: post.files,
        left_out: post.left_out,
    };
    let autosave = sent.action == form::Action::Autosave;
    let id_text = id.to_string();
    let done = form::save(&app.db, &app.evidence, &app.scoring, &actor, id, sent).await;
    match done {
        // The script only needs to know whether the draft is stored; the
        // problems show on the next Save or Submit.
        Ok(_) if autosave => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(AppError::Validation(_)) if autosave => {
            Ok(StatusCode::UNPROCESSABLE_ENTITY.into_response())
        }
        Ok(done) => {
            let (flash, to) = match done {
                Done::Submitted => ("visit-submitted", paths::visit(&id_text)),
                Done::PhotoRemoved => ("photo-removed", paths::visit_edit(&id_text)),
                Done::Saved => ("visit-saved", paths::visit_edit(&id_text)),
            };
            set_flash(ctx.session()?, flash).await?;
            Ok(Redirect::to(&to).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let photos = store::by_criterion(store::photos_of(&app.db, &id_text).await?);
            let page = form_page(&ctx, &id_text, &doc, &loc, &f, &errors, &photos);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
