//! The form opening an action: from a failed item (the visit report's
//! button fills in the visit and criterion) or a free one at an own
//! location.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Days, Utc};
use maud::{Markup, html};
use sea_orm::EntityTrait;
use serde::Deserialize;

use super::own_locations;
use crate::accounts::Role;
use crate::actions::{self, ActionInput, PRIORITIES};
use crate::app::AppState;
use crate::entities::visit;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::as_iso;
use crate::web::components::{csrf_field, date_input, error_summary, select};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{PageForm, Query};
use crate::web::{layout, paths};

/// The form's fields as typed (the due date in the reader's calendar).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewForm {
    visit_id: String,
    criterion_code: String,
    location_id: String,
    description: String,
    responsible_id: String,
    due_on: String,
    priority: String,
}

async fn form_page(
    app: &AppState,
    ctx: &Ctx,
    f: &NewForm,
    errors: &FieldErrors,
) -> AppResult<Markup> {
    let l = ctx.locale;
    let from_visit = !f.visit_id.is_empty();
    let visit = match uuid::Uuid::parse_str(&f.visit_id) {
        Ok(id) => visit::Entity::find_by_id(id.to_string()).one(&app.db).await?,
        Err(_) => None,
    };
    let location_id = visit.as_ref().map(|v| v.location_id).or_else(|| f.location_id.parse().ok());
    let prompt = match (&visit, f.criterion_code.is_empty()) {
        (Some(v), false) => {
            actions::criterion_of(&app.db, v.checklist_version_id, &f.criterion_code)
                .await?
                .map(|(c, _)| c.prompt)
        }
        _ => None,
    };
    let people: Vec<(String, String)> = actions::candidates(&app.db, location_id)
        .await?
        .into_iter()
        .map(|u| (u.id.to_string(), format!("{} · {}", u.name, l.t(role_key(&u.role)))))
        .collect();
    let mut people_opts = vec![(String::new(), l.t("action-pick"))];
    people_opts.extend(people);
    let mut loc_opts = vec![(String::new(), l.t("action-pick"))];
    loc_opts.extend(own_locations(app).await?.into_iter().map(|x| (x.id.to_string(), x.name)));
    let prio: Vec<(String, String)> =
        PRIORITIES.iter().map(|p| (p.to_string(), l.t(actions::priority_key(p)))).collect();
    let desc_error = errors.get("description").map(|m| l.msg(m));
    let code_error = errors.get("criterion_code").or(errors.get("visit_id")).map(|m| l.msg(m));
    let priority = if f.priority.is_empty() { "normal" } else { f.priority.as_str() };
    let body = html! {
        section.card {
            (error_summary(ctx, errors))
            form.stack method="post" action=(paths::ACTION_NEW) {
                (csrf_field(ctx))
                @if from_visit {
                    input type="hidden" name="visit_id" value=(f.visit_id);
                    input type="hidden" name="criterion_code" value=(f.criterion_code);
                    div.field.has-error[code_error.is_some()] {
                        p { strong { (l.t("action-criterion")) } " " span.code { (f.criterion_code) } " " bdi { (prompt.as_deref().unwrap_or("")) } }
                        p { a href=(paths::visit(&f.visit_id)) { (l.t("action-see-visit")) } }
                        @if let Some(e) = &code_error { p.field-error { (e) } }
                    }
                } @else {
                    (select(ctx, "location_id", "field-location", &loc_opts, &f.location_id, errors))
                }
                div.field.has-error[desc_error.is_some()] {
                    label for="description" { (l.t("action-description")) }
                    textarea #description name="description" rows="3"
                        aria-invalid=[desc_error.as_ref().map(|_| "true")] { (f.description) }
                    @if let Some(e) = &desc_error { p.field-error { (e) } }
                }
                (select(ctx, "responsible_id", "action-responsible", &people_opts, &f.responsible_id, errors))
                (date_input(ctx, "due_on", "action-due-on", &f.due_on, errors))
                (select(ctx, "priority", "action-priority", &prio, priority, errors))
                div.actions {
                    button.btn.btn-primary type="submit" { (l.t("action-create")) }
                    a.btn.btn-secondary href=(paths::ACTIONS) { (l.t("cancel")) }
                }
            }
        }
    };
    Ok(layout::page(ctx, &l.t("action-new"), body))
}

fn role_key(role: &str) -> &'static str {
    Role::parse(role).map(Role::label_key).unwrap_or("role-shopper")
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    visit_id: String,
    criterion_code: String,
}

pub async fn new_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Query(q): Query<NewQuery>,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let mut f = NewForm {
        visit_id: q.visit_id,
        criterion_code: q.criterion_code,
        due_on: (Utc::now().date_naive() + Days::new(14)).to_string(),
        priority: "normal".into(),
        ..Default::default()
    };
    // Suggested: the failed question, for the location's manager.
    if let Ok(id) = uuid::Uuid::parse_str(&f.visit_id)
        && let Some(v) = visit::Entity::find_by_id(id.to_string()).one(&app.db).await?
    {
        if let Some((c, _)) =
            actions::criterion_of(&app.db, v.checklist_version_id, &f.criterion_code).await?
        {
            f.description = c.prompt;
        }
        if let Some(m) = actions::people::manager_of(&app.db, v.location_id).await? {
            f.responsible_id = m.to_string();
        }
    }
    form_page(&app, &ctx, &f, &FieldErrors::new()).await
}

pub async fn create(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(f): PageForm<NewForm>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    let input = ActionInput {
        visit_id: Some(f.visit_id.clone()).filter(|s| !s.is_empty()),
        criterion_code: Some(f.criterion_code.clone()).filter(|s| !s.is_empty()),
        location_id: f.location_id.parse().ok(),
        description: f.description.clone(),
        responsible_id: f.responsible_id.parse().ok(),
        due_on: as_iso(ctx.locale, &f.due_on),
        priority: f.priority.clone(),
    };
    match actions::create(&app.db, &actor, &input).await {
        Ok(a) => {
            set_flash(ctx.session()?, "action-created").await?;
            Ok(Redirect::to(&paths::action(a.id)).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let page = form_page(&app, &ctx, &f, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
