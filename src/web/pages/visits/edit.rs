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
use super::photos::{self as visit_photos, PhotosBy, VisitPost};
use crate::accounts::Actor;
use crate::app::AppState;
use crate::checklists::document::ChecklistDoc;
use crate::checklists::store as checklists;
use crate::entities::{location, visit};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::evidence::photos::{self, NewPhoto};
use crate::i18n::Msg;
use crate::places::locations;
use crate::visits::Status;
use crate::visits::{draft, store, submit};
use crate::web::components::{input, select};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{Path, Query, visit_id};
use crate::web::{layout, paths};

pub(super) async fn doc_of(app: &AppState, version_id: i32) -> AppResult<ChecklistDoc> {
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
    let none = FieldErrors::new();
    let action = paths::visit(&id.to_string());
    Ok(form_page(&ctx, &action, &doc, &loc, &f, &none, &PhotosBy::new()).into_response())
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
    photos: &PhotosBy,
) -> Markup {
    let body = html! {
        p.muted { (loc.name) }
        (visit_form::render(ctx, action, doc, loc, f, errors, photos))
    };
    layout::page(ctx, &doc.name, body)
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
    let photos = visit_photos::by_criterion(crate::visits::store::photos_of(&app.db, &v.id).await?);
    let mut page = html! {};
    if v.status == Status::Returned.as_str() && !v.review_note.is_empty() {
        page = html! { div.flash.flash-error role="status" { strong { (ctx.t("visit-returned-note")) } " " (v.review_note) } };
    }
    let body = html! {
        (page)
        p.muted { (loc.name) }
        (visit_form::render(&ctx, &paths::visit(&v.id), &doc, &loc, &f, &FieldErrors::new(), &photos))
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
    let existing = own_editable(&app, &actor, id).await?;
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
    let doc = doc_of(&app, version_id).await?;
    let tz = visit_form::tz_of(&loc);
    let action_value = fields.iter().find(|(k, _)| k == "action").map_or("", |(_, v)| v.as_str());
    // An autosave never submits, whatever else the request carries.
    let autosave = action_value == "autosave";
    let submit = action_value == "submit";
    let remove = action_value.strip_prefix("remove:");
    let action = paths::visit(&id.to_string());
    let input = f.to_input(&doc, tz);
    let saved = draft::save_draft_keeping_valid(&app.db, &app.scoring, &actor, id, &input).await;
    // Answers refused (a number out of range) were left out of the save;
    // the rest is stored, and they show beside their fields as typed.
    let (saved, answer_errors) = match saved {
        Ok((s, e)) => (Ok(s), e),
        Err(e) => (Err(e), FieldErrors::new()),
    };
    // The script's save as the shopper types: it only needs to know whether
    // the draft is stored. The problems show on the next Save or Submit.
    if autosave {
        return match saved {
            Ok(_) if answer_errors.is_empty() => Ok(StatusCode::NO_CONTENT.into_response()),
            Ok(_) | Err(AppError::Validation(_)) => {
                Ok(StatusCode::UNPROCESSABLE_ENTITY.into_response())
            }
            Err(e) => Err(e),
        };
    }
    let mut problems = answer_errors;
    if saved.is_ok() {
        problems.extend(attach(&app, &actor, id, post.files).await?);
        for code in post.left_out {
            let mb = (app.evidence.config.max_bytes / 1_000_000) as i64;
            let msg = Msg::new("photo-left-out").with_int("megabytes", mb);
            problems.insert(visit_photos::error_key(code.as_deref()), msg);
        }
        if let Some(photo) = remove {
            photos::delete(&app.db, &app.evidence, &actor, photo).await?;
        }
    }
    let result = match saved {
        Ok(_) if submit && problems.is_empty() => {
            submit::submit(&app.db, &app.scoring, &actor, id).await.map(|_| true)
        }
        Ok(_) if !problems.is_empty() => Err(AppError::Validation(problems)),
        Ok(_) => Ok(false),
        Err(e) => Err(e),
    };
    match result {
        Ok(submitted) => {
            let session = ctx.session()?;
            if submitted {
                set_flash(session, "visit-submitted").await?;
                Ok(Redirect::to(&paths::visit(&id.to_string())).into_response())
            } else {
                set_flash(session, if remove.is_some() { "photo-removed" } else { "visit-saved" })
                    .await?;
                Ok(Redirect::to(&paths::visit_edit(&id.to_string())).into_response())
            }
        }
        Err(AppError::Validation(errors)) => {
            let list = crate::visits::store::photos_of(&app.db, &id.to_string()).await?;
            let photos = visit_photos::by_criterion(list);
            let page = form_page(&ctx, &action, &doc, &loc, &f, &errors, &photos);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// Adds the photos posted with the form; a refused one becomes an error
/// beside its criterion, and the others are still kept.
async fn attach(
    app: &AppState,
    actor: &Actor,
    id: Uuid,
    files: Vec<(Option<String>, Vec<u8>)>,
) -> AppResult<FieldErrors> {
    let mut errors = FieldErrors::new();
    for (criterion, bytes) in files {
        let key = visit_photos::error_key(criterion.as_deref());
        let v = photos::editable_visit(&app.db, actor, id).await?;
        let input = NewPhoto { bytes, criterion, caption: String::new() };
        let msg = match photos::add(&app.db, &app.evidence, actor, &v, input).await {
            Ok(_) => continue,
            Err(AppError::TooLarge) => Msg::new("error-too-large"),
            Err(AppError::UnsupportedMedia) => Msg::new("error-unsupported-media"),
            Err(AppError::Validation(e)) => {
                e.into_values().next().unwrap_or_else(|| Msg::new("photo-upload-failed"))
            }
            Err(e) => return Err(e),
        };
        errors.insert(key, msg);
    }
    Ok(errors)
}
