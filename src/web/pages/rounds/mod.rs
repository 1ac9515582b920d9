//! Rounds for managers: the list, a round's page with its periods and
//! their coverage, running it now, shoppers' brand exclusions, and
//! reassigning an open assignment.
pub mod exclusions;
pub mod form;
pub mod period;
pub mod reassign;

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Redirect;
use chrono::Utc;
use maud::{Markup, html};

use crate::accounts::Role;
use crate::app::AppState;
use crate::error::AppResult;
use crate::i18n::{Locale, format_date, format_int};
use crate::rounds::coverage::{self, Counts, State as Cover};
use crate::rounds::periods::Recurrence;
use crate::rounds::{self, Round, run};
use crate::web::components::csrf_field;
use crate::web::context::{Ctx, CurrentUser, set_flash_count};
use crate::web::extract::Path;
use crate::web::{layout, paths};

/// The badge class each state is drawn with.
pub(super) fn state_badge(s: Cover) -> &'static str {
    match s {
        Cover::Visited => "badge badge-approved",
        Cover::Overdue => "badge badge-critical",
        Cover::Missing => "badge badge-submitted",
        Cover::Unassigned => "badge badge-inactive",
    }
}

pub(super) fn state_key(s: Cover) -> String {
    format!("rounds-state-{}", s.as_str())
}

/// "Every 2 months from 1 Jan 2026", or the number of fixed periods.
fn recurrence_text(l: Locale, r: &Round) -> String {
    match &r.recurrence {
        Recurrence::Weeks { n: 1, start } => {
            l.t_args("rounds-every-week-text", &[("start", format_date(l, *start))])
        }
        Recurrence::Months { n: 1, start } => {
            l.t_args("rounds-every-month-text", &[("start", format_date(l, *start))])
        }
        Recurrence::Weeks { n, start } => l.t_args(
            "rounds-every-weeks-text",
            &[("n", format_int(l, *n as i64)), ("start", format_date(l, *start))],
        ),
        Recurrence::Months { n, start } => l.t_args(
            "rounds-every-months-text",
            &[("n", format_int(l, *n as i64)), ("start", format_date(l, *start))],
        ),
        Recurrence::Fixed(list) => {
            l.t_args("rounds-every-fixed-text", &[("n", format_int(l, list.len() as i64))])
        }
    }
}

/// One row of counts: visited, overdue, missing, unassigned.
pub(super) fn count_cells(l: Locale, c: &Counts) -> Markup {
    html! {
        @for s in Cover::ALL {
            td.num data-label=(l.t(&state_key(s))) { (format_int(l, c.get(s) as i64)) }
        }
    }
}

pub(super) fn count_heads(l: Locale) -> Markup {
    html! { @for s in Cover::ALL { th.num scope="col" { (l.t(&state_key(s))) } } }
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
) -> AppResult<Markup> {
    let all = rounds::list(&app.db, &actor).await?;
    let l = ctx.locale;
    let body = html! {
        div.actions { a.btn.btn-primary href=(paths::ROUND_NEW) { (l.t("rounds-new")) } }
        @if all.is_empty() { p.muted { (l.t("rounds-none")) } } @else {
            div.table-wrap { table.data.stack {
                thead { tr {
                    th scope="col" { (l.t("field-name")) }
                    th scope="col" { (l.t("rounds-recurrence")) }
                    th scope="col" { (l.t("rounds-pool")) }
                    th scope="col" { (l.t("visit-status")) }
                } }
                tbody {
                    @for r in &all {
                        tr {
                            td data-label=(l.t("field-name")) { a href=(paths::round(r.model.id)) { (r.model.name) } }
                            td data-label=(l.t("rounds-recurrence")) { (recurrence_text(l, r)) }
                            td data-label=(l.t("rounds-pool")) { (format_int(l, r.pool.len() as i64)) }
                            td data-label=(l.t("visit-status")) { (active_badge(&ctx, r.model.active)) }
                        }
                    }
                }
            } }
        }
    };
    Ok(layout::page(&ctx, &l.t("nav-rounds"), body))
}

fn active_badge(ctx: &Ctx, active: bool) -> Markup {
    html! {
        @if active { span.badge.badge-published { (ctx.t("rounds-active")) } }
        @else { span.badge.badge-inactive { (ctx.t("rounds-paused")) } }
    }
}

pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let r = rounds::find(&app.db, &actor, id).await?;
    let l = ctx.locale;
    let today = Utc::now().date_naive();
    let periods = r.started(today + chrono::Days::new(run::AHEAD_DAYS), 12);
    let mut rows = Vec::new();
    for p in &periods {
        rows.push((p, coverage::coverage(&app.db, &r, *p, today).await?.total));
    }
    let shoppers = rounds::shoppers(&app.db).await?;
    let names: HashMap<i32, &str> = shoppers.iter().map(|u| (u.id, u.name.as_str())).collect();
    let locations = rounds::locations(&app.db, &r).await?.len();
    let body = html! {
        section.card {
            h2 { (l.t("rounds-settings")) " " (active_badge(&ctx, r.model.active)) }
            dl.facts {
                dt { (l.t("rounds-recurrence")) } dd { (recurrence_text(l, &r)) }
                dt { (l.t("rounds-window")) }
                dd { (l.t_args("rounds-window-text", &[("opens", format_int(l, r.model.opens_day as i64)), ("due", format_int(l, r.model.due_day as i64))])) }
                dt { (l.t("rounds-locations")) } dd { (format_int(l, locations as i64)) }
                dt { (l.t("rounds-lockout-days")) } dd { (format_int(l, r.model.lockout_days as i64)) }
                @if !r.model.brief.is_empty() { dt { (l.t("assignment-brief")) } dd { (r.model.brief) } }
            }
            div.actions {
                a.btn.btn-secondary href=(paths::round_edit(r.model.id)) { (l.t("rounds-edit")) }
                @if r.model.active {
                    form.inline method="post" action=(paths::round_run(r.model.id)) {
                        (csrf_field(&ctx))
                        button.btn.btn-primary type="submit" { (l.t("rounds-run-now")) }
                    }
                }
            }
            p.hint { (l.t("rounds-run-hint")) }
        }
        section.card {
            h2 { (l.t("rounds-periods")) }
            @if rows.is_empty() { p.muted { (l.t("rounds-no-periods")) } } @else {
                div.table-wrap { table.data.stack {
                    thead { tr {
                        th scope="col" { (l.t("rounds-period")) }
                        (count_heads(l))
                    } }
                    tbody {
                        @for (p, c) in &rows {
                            tr {
                                td data-label=(l.t("rounds-period")) {
                                    a href=(paths::round_period(r.model.id, &p.start.to_string())) {
                                        (format_date(l, p.start)) " – " (format_date(l, p.end))
                                    }
                                }
                                (count_cells(l, c))
                            }
                        }
                    }
                } }
            }
        }
        section.card {
            h2 { (l.t("rounds-pool")) }
            @if r.pool.is_empty() { p.muted { (l.t("rounds-pool-empty")) } } @else {
                ul.plain {
                    @for id in &r.pool {
                        li {
                            bdi { (names.get(id).copied().unwrap_or("—")) }
                            " · " a href=(paths::shopper_exclusions(*id)) { (l.t("rounds-exclusions")) }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(&ctx, &r.model.name, body))
}

pub async fn run_now(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Redirect> {
    let runs = run::run_one(&app.db, &actor, id, Utc::now().date_naive()).await?;
    let made: usize = runs.iter().map(|r| r.made.len()).sum();
    set_flash_count(ctx.session()?, "rounds-run-made", made as i64).await?;
    Ok(Redirect::to(&paths::round(id)))
}

/// Only managers reach any of these pages.
pub(super) fn managers_only(ctx: &Ctx) -> AppResult<()> {
    ctx.actor()?.require(Role::manages)
}

/// Recent periods of every round, for the scorecard's filter: managers
/// only (others see no rounds).
pub async fn period_options(
    app: &AppState,
    actor: &crate::accounts::Actor,
    l: Locale,
) -> AppResult<Vec<(String, String)>> {
    if !actor.role.manages() {
        return Ok(vec![]);
    }
    let today = Utc::now().date_naive();
    let mut out = Vec::new();
    for r in rounds::list(&app.db, actor).await? {
        for p in r.started(today, 6) {
            out.push((
                format!("{}:{}", r.model.id, p.start),
                format!(
                    "{} · {} – {}",
                    r.model.name,
                    format_date(l, p.start),
                    format_date(l, p.end)
                ),
            ));
        }
    }
    Ok(out)
}
