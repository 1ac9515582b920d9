//! Actions on failures: the list (everyone sees the actions they may; "my
//! actions" for the responsible person), one action with its thread, the
//! form opening one, and the rule. Made for a phone first: the responsible
//! person is often on one.
pub mod detail;
pub mod new;
pub mod scorecard;

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::{Markup, html};
use serde::Deserialize;

use crate::accounts::Role;
use crate::actions::{self, FILTER_STATUSES, Filter, rule};
use crate::app::AppState;
use crate::entities::{action, location, user};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{Locale, as_iso, format_date};
use crate::web::components::{
    checkbox, csrf_field, date_input, error_summary, input, pager, select,
};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{PageForm, Query};
use crate::web::{layout, paths};

/// Locations the actor's actions are at, for the filter and the rows.
async fn names(
    app: &AppState,
    items: &[action::Model],
) -> AppResult<(HashMap<i32, location::Model>, HashMap<i32, String>)> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let locs =
        super::visits::edit::locations_by_id(app, items.iter().map(|a| a.location_id)).await?;
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(items.iter().map(|a| a.responsible_id)))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok((locs, people))
}

/// Own locations (those an action can be at), for pickers.
pub(crate) async fn own_locations(app: &AppState) -> AppResult<Vec<location::Model>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let own: Vec<i32> = crate::entities::brand::Entity::find()
        .filter(crate::entities::brand::Column::Own.eq(true))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|b| b.id)
        .collect();
    Ok(location::Entity::find()
        .filter(location::Column::BrandId.is_in(own))
        .filter(location::Column::ArchivedAt.is_null())
        .order_by_asc(location::Column::Name)
        .all(&app.db)
        .await?)
}

pub(crate) fn status_badge(l: Locale, a: &action::Model) -> Markup {
    let shown = actions::shown_status(a, Utc::now().date_naive());
    html! { span class={ "badge badge-action-" (shown) } { (l.t(actions::status_key(shown))) } }
}

/// The filters as typed (dates in the reader's calendar).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    location_id: String,
    status: String,
    due_from: String,
    due_to: String,
    mine: Option<String>,
    page: Option<u64>,
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let l = ctx.locale;
    let f = Filter {
        location_id: q.location_id.clone(),
        status: q.status.clone(),
        due_from: as_iso(l, &q.due_from),
        due_to: as_iso(l, &q.due_to),
        mine: q.mine.is_some(),
        page: q.page,
    };
    let (page, errors) = match actions::list(&app.db, &actor, &f).await {
        Ok(p) => (p, FieldErrors::new()),
        // A bad filter keeps what was typed, with the message beside it.
        Err(AppError::Validation(e)) => {
            let none = Filter { mine: f.mine, ..Default::default() };
            (actions::list(&app.db, &actor, &none).await?, e)
        }
        Err(e) => return Err(e),
    };
    let (locs, people) = names(&app, &page.items).await?;
    let mut loc_opts = vec![(String::new(), l.t("filter-any"))];
    let pickable = match actor.role.reads_all_visits() {
        true => own_locations(&app).await?,
        false => {
            let ids = actions::people::location_ids(&app.db, actor.id()).await?;
            super::visits::edit::locations_by_id(&app, ids).await?.into_values().collect()
        }
    };
    loc_opts.extend(pickable.iter().map(|x| (x.id.to_string(), x.name.clone())));
    let mut status_opts = vec![(String::new(), l.t("filter-any"))];
    status_opts
        .extend(FILTER_STATUSES.iter().map(|s| (s.to_string(), l.t(actions::status_key(s)))));
    let link = |p: u64| {
        paths::with_query(
            paths::ACTIONS,
            &[
                ("location_id", q.location_id.clone()),
                ("status", q.status.clone()),
                ("due_from", f.due_from.clone()),
                ("due_to", f.due_to.clone()),
                ("mine", q.mine.clone().unwrap_or_default()),
                ("page", p.to_string()),
            ],
        )
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let body = html! {
        @if actor.role.manages() {
            div.actions {
                a.btn.btn-primary href=(paths::ACTION_NEW) { (l.t("action-new")) }
                a.btn.btn-secondary href=(paths::ACTION_RULE) { (l.t("action-rule-title")) }
            }
        }
        details.card.filters-card open[!errors.is_empty()] {
            summary { (l.t("action-filters")) }
            (error_summary(&ctx, &errors))
            form.filters method="get" action=(paths::ACTIONS) {
                (select(&ctx, "location_id", "field-location", &loc_opts, &q.location_id, &errors))
                (select(&ctx, "status", "visit-status", &status_opts, &q.status, &errors))
                (date_input(&ctx, "due_from", "action-due-from", &q.due_from, &errors))
                (date_input(&ctx, "due_to", "action-due-to", &q.due_to, &errors))
                (checkbox(&ctx, "mine", "action-mine", q.mine.is_some(), None))
                div.actions { button.btn.btn-secondary type="submit" { (l.t("filter-apply")) } }
            }
        }
        @if page.items.is_empty() {
            p.muted { (l.t("action-none")) }
        } @else {
            ul.action-list {
                @for a in &page.items {
                    li.card.action-card {
                        p.action-head {
                            (status_badge(l, a)) " "
                            span class={ "badge badge-priority-" (a.priority) } { (l.t(actions::priority_key(&a.priority))) }
                        }
                        p.action-title { a href=(paths::action(a.id)) dir="auto" { (a.description) } }
                        p.hint {
                            (locs.get(&a.location_id).map(|x| x.name.as_str()).unwrap_or(""))
                            " · " bdi { (people.get(&a.responsible_id).map(String::as_str).unwrap_or("")) }
                            " · " (l.t("action-due-on")) " "
                            time datetime=(a.due_on.to_string()) { (format_date(l, a.due_on)) }
                        }
                    }
                }
            }
            (pager(&ctx, page.page, page.pages, link))
        }
    };
    let title = if q.mine.is_some() { l.t("action-mine-title") } else { l.t("nav-actions") };
    Ok((status, layout::page(&ctx, &title, body)).into_response())
}

fn rule_page(ctx: &Ctx, f: &rule::RuleInput, errors: &FieldErrors) -> Markup {
    let l = ctx.locale;
    let body = html! {
        section.card {
            p { (l.t("action-rule-text")) }
            (error_summary(ctx, errors))
            form.stack method="post" action=(paths::ACTION_RULE) {
                (csrf_field(ctx))
                (checkbox(ctx, "auto_critical", "action-rule-auto", f.auto_critical, Some("action-rule-auto-hint")))
                (input(ctx, "due_days", "action-rule-due-days", "number", &f.due_days, errors, "off"))
                div.actions {
                    button.btn.btn-primary type="submit" { (l.t("save")) }
                    a.btn.btn-secondary href=(paths::ACTIONS) { (l.t("cancel")) }
                }
            }
        }
    };
    layout::page(ctx, &l.t("action-rule-title"), body)
}

pub async fn rule_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let r = rule::get(&app.db).await?;
    let f = rule::RuleInput { auto_critical: r.auto_critical, due_days: r.due_days.to_string() };
    Ok(rule_page(&ctx, &f, &FieldErrors::new()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RuleForm {
    auto_critical: Option<String>,
    due_days: String,
}

pub async fn rule_save(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(f): PageForm<RuleForm>,
) -> AppResult<Response> {
    let input = rule::RuleInput { auto_critical: f.auto_critical.is_some(), due_days: f.due_days };
    match rule::set(&app.db, &actor, &input).await {
        Ok(_) => {
            set_flash(ctx.session()?, "action-rule-saved").await?;
            Ok(Redirect::to(paths::ACTIONS).into_response())
        }
        Err(AppError::Validation(errors)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, rule_page(&ctx, &input, &errors)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The locations section of a user's page (admin): a location manager's
/// locations, as checkboxes of the own locations.
pub async fn user_locations_card(
    app: &AppState,
    ctx: &Ctx,
    target: &user::Model,
) -> AppResult<Markup> {
    if Role::parse(&target.role) != Some(Role::LocationManager) {
        return Ok(html! {});
    }
    let l = ctx.locale;
    let mine = actions::people::location_ids(&app.db, target.id).await?;
    let all = own_locations(app).await?;
    Ok(html! {
        section.card #user-locations {
            h2 { (l.t("user-locations-title")) }
            p.hint { (l.t("user-locations-hint")) }
            form.stack method="post" action=(paths::user_locations(target.id)) {
                (csrf_field(ctx))
                fieldset {
                    legend { (l.t("user-locations-title")) }
                    @for loc in &all {
                        label.choice {
                            input type="checkbox" name="location_ids" value=(loc.id) checked[mine.contains(&loc.id)];
                            span { (loc.name) }
                        }
                    }
                }
                div.actions { button.btn.btn-primary type="submit" { (l.t("save")) } }
            }
        }
    })
}

pub async fn save_user_locations(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    crate::web::extract::Path(id): crate::web::extract::Path<i32>,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> AppResult<Redirect> {
    let ids = fields
        .iter()
        .filter(|(k, _)| k == "location_ids")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    actions::people::set_locations(&app.db, &actor, id, ids).await?;
    set_flash(ctx.session()?, "user-locations-saved").await?;
    Ok(Redirect::to(&paths::user(id)))
}
