//! One action: what to fix, where, by whom and when; its thread and photos
//! of the fix; the forms for a comment, done, verify and reopen.
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::status_badge;
use crate::actions::{self, Detail, NoteInput, Step};
use crate::app::AppState;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{Msg, format_date, format_datetime};
use crate::web::components::{csrf_field, error_summary};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{PageForm, Path};
use crate::web::paths::{self, PhotoSize};
use crate::web::{api, layout};

/// Which form a typed note belongs to, to show it back there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Comment,
    Done,
    Review,
    Photo,
}

fn note_field(ctx: &Ctx, id: &str, label: &str, value: &str, errors: &FieldErrors) -> Markup {
    let l = ctx.locale;
    let e = errors.get("note").map(|m| l.msg(m));
    let err_id = format!("{id}-error");
    html! {
        div.field.has-error[e.is_some()] {
            label for=(id) { (l.t(label)) }
            textarea id=(id) name="note" rows="3" aria-invalid=[e.as_ref().map(|_| "true")]
                aria-describedby=[e.as_ref().map(|_| err_id.as_str())] { (value) }
            @if let Some(e) = &e { p.field-error id=(err_id) { (e) } }
        }
    }
}

fn page(ctx: &Ctx, d: &Detail, form: Option<(Form, &str)>, errors: &FieldErrors) -> Markup {
    let l = ctx.locale;
    let a = &d.action;
    let utc = chrono::FixedOffset::east_opt(0).expect("UTC");
    let none = FieldErrors::new();
    let for_form = |f: Form| -> (&str, &FieldErrors) {
        match form {
            Some((g, text)) if g == f => (text, errors),
            _ => ("", &none),
        }
    };
    let name_of = |id: Option<i32>| match id {
        Some(id) => d.names.get(&id).cloned().unwrap_or_default(),
        None => l.t("action-by-system"),
    };
    let may_photo = a.status != "verified"
        && ctx.actor.as_ref().is_some_and(|u| u.id() == a.responsible_id || u.role.manages());
    let body = html! {
        section.card.action-facts {
            p { (status_badge(l, a)) " " span class={ "badge badge-priority-" (a.priority) } { (l.t(actions::priority_key(&a.priority))) } }
            p.action-what dir="auto" { (a.description) }
            dl.facts {
                dt { (l.t("field-location")) } dd { (d.location.as_ref().map(|x| x.name.as_str()).unwrap_or("")) }
                dt { (l.t("action-responsible")) } dd { bdi { (d.responsible.as_ref().map(|u| u.name.as_str()).unwrap_or("")) } }
                dt { (l.t("action-due-on")) } dd { time datetime=(a.due_on.to_string()) { (format_date(l, a.due_on)) } }
                @if let Some(code) = &a.criterion_code {
                    dt { (l.t("action-criterion")) } dd { span.code { (code) } " " bdi { (d.prompt.as_deref().unwrap_or("")) } }
                }
                @if let Some(v) = &a.visit_id {
                    dt { (l.t("action-from-visit")) } dd { a href=(paths::visit(v)) { (l.t("action-see-visit")) } }
                }
                dt { (l.t("action-opened-by")) } dd { bdi { (name_of(a.created_by)) } }
                @if let Some(v) = &a.verified_visit_id {
                    dt { (l.t("action-verified-by-visit")) } dd { a href=(paths::visit(v)) { (l.t("action-see-visit")) } }
                }
            }
        }
        @if !d.photos.is_empty() {
            section.card {
                h2 { (l.t("action-photos")) }
                ul.photo-list {
                    @for p in &d.photos {
                        li.photo { a href=(paths::action_photo_file(&p.id, PhotoSize::Display)) {
                            img src=(paths::action_photo_file(&p.id, PhotoSize::Thumb)) alt=(l.t("action-photo-alt")) loading="lazy";
                        } }
                    }
                }
            }
        }
        @if d.may_done {
            section.card #done {
                h2 { (l.t("action-done-title")) }
                @let (text, errs) = for_form(Form::Done);
                (error_summary(ctx, errs))
                form.stack method="post" action=(paths::action_done(a.id)) {
                    (csrf_field(ctx))
                    (note_field(ctx, "done-note", "action-done-note", text, errs))
                    div.actions { button.btn.btn-primary type="submit" { (l.t("action-mark-done")) } }
                }
            }
        }
        @if d.may_review {
            section.card #review {
                h2 { (l.t("action-review-title")) }
                @let (text, errs) = for_form(Form::Review);
                (error_summary(ctx, errs))
                form.stack method="post" action=(paths::action_verify(a.id)) {
                    (csrf_field(ctx))
                    (note_field(ctx, "review-note", "action-review-note", text, errs))
                    div.actions {
                        button.btn.btn-primary type="submit" { (l.t("action-verify")) }
                        button.btn.btn-secondary type="submit" formaction=(paths::action_reopen(a.id)) { (l.t("action-reopen")) }
                    }
                }
            }
        }
        @if may_photo {
            section.card #photo {
                h2 { (l.t("action-photo-add")) }
                @let (_, errs) = for_form(Form::Photo);
                (error_summary(ctx, errs))
                form.stack method="post" action=(paths::action_photos(a.id)) enctype="multipart/form-data" {
                    (csrf_field(ctx))
                    @let e = errs.get("file").map(|m| l.msg(m));
                    // As on the visit form: buttons in the page's language
                    // over hidden file inputs (the camera, or photos already
                    // taken), not the browser's own "Choose file".
                    div.field.has-error[e.is_some()] {
                        p #file { strong { (l.t("action-photo-file")) } }
                        @if let Some(e) = &e { p.field-error { (e) } }
                    }
                    div.photo-buttons {
                        @for (suffix, key, camera) in [("camera", "photo-take", true), ("gallery", "photo-from-gallery", false)] {
                            label.btn.btn-secondary.photo-add for={ "file-" (suffix) } {
                                span { (l.t(key)) }
                                input.visually-hidden #{ "file-" (suffix) } type="file" name="file"
                                    accept="image/*" capture=[camera.then_some("environment")] data-send-on-choice;
                            }
                        }
                    }
                    div.actions { button.btn.btn-secondary type="submit" { (l.t("action-photo-send")) } }
                }
            }
        }
        section.card #comments {
            h2 { (l.t("action-thread")) }
            @if d.comments.is_empty() { p.muted { (l.t("action-thread-empty")) } }
            ol.thread {
                @for c in &d.comments {
                    li {
                        p.hint {
                            bdi { (name_of(c.author_id)) } " · " (format_datetime(l, c.created_at, utc))
                            @if c.kind != "comment" { " · " (l.t(&format!("action-event-{}", c.kind))) }
                        }
                        @if !c.body.is_empty() { p { (c.body) } }
                    }
                }
            }
            @let (text, errs) = for_form(Form::Comment);
            (error_summary(ctx, errs))
            form.stack method="post" action=(paths::action_comment(a.id)) {
                (csrf_field(ctx))
                (note_field(ctx, "comment-note", "action-comment", text, errs))
                div.actions { button.btn.btn-secondary type="submit" { (l.t("action-comment-send")) } }
            }
        }
    };
    let title = l.t_args("action-title", &[("id", crate::i18n::format_int(l, a.id as i64))]);
    layout::page(ctx, &title, body)
}

pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let d = actions::detail(&app.db, &actor, id).await?;
    Ok(page(&ctx, &d, None, &FieldErrors::new()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteForm {
    note: String,
}

/// After a post: back to the action, or the page again with the message
/// beside the field and the note as typed.
async fn answer(
    app: &AppState,
    ctx: &Ctx,
    actor: &crate::accounts::Actor,
    id: i32,
    form: Form,
    typed: &str,
    done: AppResult<&'static str>,
) -> AppResult<Response> {
    match done {
        Ok(flash) => {
            set_flash(ctx.session()?, flash).await?;
            Ok(Redirect::to(&paths::action(id)).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let d = actions::detail(&app.db, actor, id).await?;
            let html = page(ctx, &d, Some((form, typed)), &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn comment(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
    PageForm(f): PageForm<NoteForm>,
) -> AppResult<Response> {
    let input = NoteInput { note: f.note.clone() };
    let done = actions::comment(&app.db, &actor, id, &input).await.map(|_| "action-commented");
    answer(&app, &ctx, &actor, id, Form::Comment, &f.note, done).await
}

async fn step(
    app: AppState,
    actor: crate::accounts::Actor,
    ctx: Ctx,
    id: i32,
    s: Step,
    f: NoteForm,
) -> AppResult<Response> {
    let input = NoteInput { note: f.note.clone() };
    let flash = match s {
        Step::Done => "action-flash-done",
        Step::Verify => "action-flash-verified",
        Step::Reopen => "action-flash-reopened",
    };
    let form = if s == Step::Done { Form::Done } else { Form::Review };
    let done = actions::step(&app.db, &actor, id, s, &input).await.map(|_| flash);
    answer(&app, &ctx, &actor, id, form, &f.note, done).await
}

pub async fn done(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
    PageForm(f): PageForm<NoteForm>,
) -> AppResult<Response> {
    step(app, actor, ctx, id, Step::Done, f).await
}

pub async fn verify(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
    PageForm(f): PageForm<NoteForm>,
) -> AppResult<Response> {
    step(app, actor, ctx, id, Step::Verify, f).await
}

pub async fn reopen(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
    PageForm(f): PageForm<NoteForm>,
) -> AppResult<Response> {
    step(app, actor, ctx, id, Step::Reopen, f).await
}

/// The photo form: the file through the evidence pipeline; a file that is
/// not a photo, or too large, is said beside the field.
pub async fn photo(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    actions::photo_target(app.db.read(), &actor, id).await?;
    let result = async {
        let mut multipart = multipart.map_err(|_| AppError::UnsupportedMedia)?;
        let mut bytes = None;
        let max = app.evidence.config.max_bytes;
        while let Some(mut field) =
            multipart.next_field().await.map_err(|e| AppError::BadRequest(e.body_text()))?
        {
            if field.name() != Some("file") {
                continue;
            }
            let mut buf = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| AppError::TooLarge)? {
                if buf.len() + chunk.len() > max {
                    return Err(AppError::TooLarge);
                }
                buf.extend_from_slice(&chunk);
            }
            // The form has two inputs (camera, gallery); the unused one
            // posts an empty part.
            if !buf.is_empty() {
                bytes = Some(buf);
            }
        }
        let bytes = bytes.ok_or_else(|| AppError::field("file", Msg::new("field-required")))?;
        let stored = api::store_fix_photo(&app, bytes).await?;
        actions::add_photo(&app.db, &actor, id, stored).await.map(|_| "action-photo-added")
    }
    .await;
    let result = match result {
        Err(AppError::TooLarge) => Err(AppError::field("file", Msg::new("action-photo-too-large"))),
        Err(AppError::UnsupportedMedia) => {
            Err(AppError::field("file", Msg::new("action-photo-not-image")))
        }
        r => r,
    };
    answer(&app, &ctx, &actor, id, Form::Photo, "", result).await
}
