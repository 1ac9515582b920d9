//! Assignments for managers: who visits which locations, with which
//! checklist, by when; one location or many at once.
use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::visits::edit::locations_by_id;
use crate::accounts::Role;
use crate::app::AppState;
use crate::assignments::{self, AssignmentInput, Filter, STATUSES};
use crate::checklists::store as checklists;
use crate::entities::user;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{as_iso, format_date};
use crate::places::locations;
use crate::web::components::{csrf_field, date_input, error_summary, input, select};
use crate::web::context::{Ctx, CurrentUser, set_flash, set_flash_count};
use crate::web::extract::{PageForm, Path, Query};
use crate::web::{layout, paths};

async fn shoppers(app: &AppState) -> AppResult<Vec<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.eq(Role::Shopper.as_str()))
        .order_by_asc(user::Column::Name)
        .all(&app.db)
        .await?)
}

fn status_key(s: &str) -> String {
    format!("assignment-status-{}", s.replace('_', "-"))
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Query(f): Query<Filter>,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let all = assignments::list(&app.db, &actor, &f).await?;
    let people = shoppers(&app).await?;
    let names: HashMap<i32, &str> = people.iter().map(|u| (u.id, u.name.as_str())).collect();
    let locs = locations_by_id(&app, all.iter().map(|a| a.location_id)).await?;
    let l = ctx.locale;
    let today = Utc::now().date_naive();
    let none = FieldErrors::new();
    let mut status_opts = vec![(String::new(), l.t("filter-any"))];
    status_opts.extend(STATUSES.iter().map(|s| (s.to_string(), l.t(&status_key(s)))));
    let mut shopper_opts = vec![(String::new(), l.t("filter-any"))];
    shopper_opts.extend(people.iter().map(|u| (u.id.to_string(), u.name.clone())));
    let body = html! {
        div.actions { a.btn.btn-primary href=(paths::ASSIGNMENT_NEW) { (l.t("assignments-new")) } }
        form.filters method="get" action=(paths::ASSIGNMENTS) {
            (select(&ctx, "status", "visit-status", &status_opts, &f.status, &none))
            (select(&ctx, "shopper_id", "role-shopper", &shopper_opts, &f.shopper_id.map(|s| s.to_string()).unwrap_or_default(), &none))
            div.actions { button.btn.btn-secondary type="submit" { (l.t("filter-apply")) } }
        }
        @if all.is_empty() { p.muted { (l.t("assignments-none")) } } @else {
            // One card per assignment on a phone (`stack`): five columns cut
            // the status off at 390 px.
            div.table-wrap { table.data.stack {
                thead { tr {
                    th scope="col" { (l.t("field-location")) }
                    th scope="col" { (l.t("role-shopper")) }
                    th scope="col" { (l.t("assignment-due-on")) }
                    th scope="col" { (l.t("visit-status")) }
                    th scope="col" { span.visually-hidden { (l.t("assignment-cancel")) } }
                } }
                tbody {
                    @for a in &all {
                        @let shown = assignments::shown_status(a, today);
                        tr {
                            td data-label=(l.t("field-location")) { (locs.get(&a.location_id).map(|x| x.name.as_str()).unwrap_or("")) }
                            td data-label=(l.t("role-shopper")) { bdi { (names.get(&a.shopper_id).copied().unwrap_or("")) } }
                            td data-label=(l.t("assignment-due-on")) { time datetime=(a.due_on.to_string()) { (format_date(l, a.due_on)) } }
                            td data-label=(l.t("visit-status")) {
                                span class={ "badge badge-" (shown) } { (l.t(&status_key(shown))) }
                                @if let Some(v) = &a.visit_id { " " a href=(paths::visit(v)) { (l.t("assignment-open-visit")) } }
                            }
                            td {
                                @if matches!(a.status.as_str(), "open" | "in_progress") {
                                    form.inline method="post" action=(paths::assignment_cancel(a.id)) {
                                        (csrf_field(&ctx))
                                        button.btn.btn-small type="submit" data-confirm=(l.t("assignment-cancel-confirm")) { (l.t("assignment-cancel")) }
                                    }
                                }
                            }
                        }
                    }
                }
            } }
        }
    };
    Ok(layout::page(&ctx, &l.t("nav-assignments"), body))
}

async fn form_page(
    app: &AppState,
    ctx: &Ctx,
    q: &locations::Filter,
    f: &AssignmentInput,
    errors: &FieldErrors,
) -> AppResult<Markup> {
    let l = ctx.locale;
    let found = locations::list(&app.db, q).await?;
    let lists: Vec<(String, String)> = checklists::list(&app.db)
        .await?
        .into_iter()
        .filter(|s| s.published().is_some())
        .map(|s| (s.checklist.id.to_string(), s.checklist.name))
        .collect();
    let people: Vec<(String, String)> = shoppers(app)
        .await?
        .into_iter()
        .map(|u| (u.id.to_string(), format!("{} ({})", u.name, u.email)))
        .collect();
    let loc_error = errors.get("location_id").map(|m| l.msg(m));
    let brief_error = errors.get("brief").map(|m| l.msg(m));
    let body = html! {
        section.card {
            h2 { (l.t("assignment-narrow")) }
            form.filters method="get" action=(paths::ASSIGNMENT_NEW) {
                (input(ctx, "q", "filter-name", "search", &q.q, &FieldErrors::new(), "off"))
                (input(ctx, "region", "field-region", "text", &q.region, &FieldErrors::new(), "off"))
                div.actions { button.btn.btn-secondary type="submit" { (l.t("filter-apply")) } }
            }
        }
        section.card {
            (error_summary(ctx, errors))
            form.stack method="post" action=(paths::ASSIGNMENT_NEW) {
                (csrf_field(ctx))
                fieldset.has-error[loc_error.is_some()] {
                    legend { (l.t_args("assignment-locations", &[("count", crate::i18n::format_int(l, found.total as i64))])) }
                    @if let Some(e) = &loc_error { p.field-error { (e) } }
                    @for (loc, b) in found.items.iter() {
                        label.choice {
                            input type="checkbox" name="location_ids" value=(loc.id) checked[f.location_ids.contains(&loc.id)];
                            span { (loc.name) " · " (b.name) }
                        }
                    }
                    @if found.total > found.items.len() as u64 { p.hint { (l.t("assignment-narrow-hint")) } }
                }
                (select(ctx, "checklist_id", "visit-checklist", &lists, &f.checklist_id.map(|c| c.to_string()).unwrap_or_default(), errors))
                (select(ctx, "shopper_id", "role-shopper", &people, &f.shopper_id.map(|c| c.to_string()).unwrap_or_default(), errors))
                (date_input(ctx, "opens_on", "assignment-opens-on", &f.opens_on, errors))
                (date_input(ctx, "due_on", "assignment-due-on", &f.due_on, errors))
                div.field.has-error[brief_error.is_some()] {
                    label for="brief" { (l.t("assignment-brief")) }
                    textarea #brief name="brief" rows="3" { (f.brief) }
                    p.hint { (l.t("assignment-brief-hint")) }
                }
                div.actions {
                    button.btn.btn-primary type="submit" { (l.t("assignments-create")) }
                    a.btn.btn-secondary href=(paths::ASSIGNMENTS) { (l.t("cancel")) }
                }
            }
        }
    };
    Ok(layout::page(ctx, &l.t("assignments-new"), body))
}

pub async fn new_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    // Narrows the locations offered: brand, channel, region, name.
    Query(q): Query<locations::Filter>,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let today = Utc::now().date_naive();
    let f = AssignmentInput {
        opens_on: today.to_string(),
        due_on: (today + chrono::Days::new(7)).to_string(),
        ..Default::default()
    };
    form_page(&app, &ctx, &q, &f, &FieldErrors::new()).await
}

/// The form's fields: `location_ids` repeats, so the body is read as pairs.
fn parse(fields: &[(String, String)]) -> AssignmentInput {
    let get =
        |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    AssignmentInput {
        location_id: None,
        location_ids: fields
            .iter()
            .filter(|(k, _)| k == "location_ids")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
        checklist_id: get("checklist_id").parse().ok(),
        shopper_id: get("shopper_id").parse().ok(),
        opens_on: get("opens_on"),
        due_on: get("due_on"),
        brief: get("brief"),
    }
}

pub async fn create(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    let f = parse(&fields);
    // The domain reads ISO; a page re-shown keeps the dates as typed.
    let sent = AssignmentInput {
        opens_on: as_iso(ctx.locale, &f.opens_on),
        due_on: as_iso(ctx.locale, &f.due_on),
        ..f.clone()
    };
    match assignments::create(&app.db, &actor, &sent).await {
        Ok(made) => {
            set_flash_count(ctx.session()?, "assignments-created", made.len() as i64).await?;
            Ok(Redirect::to(paths::ASSIGNMENTS).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let page = form_page(&app, &ctx, &locations::Filter::default(), &f, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn cancel(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Redirect> {
    assignments::cancel(&app.db, &actor, id).await?;
    set_flash(ctx.session()?, "assignment-cancelled").await?;
    Ok(Redirect::to(paths::ASSIGNMENTS))
}
