//! One period of a round: coverage in total, by brand and by channel, and
//! each location with its shopper and state.
use std::collections::HashMap;

use axum::extract::State;
use chrono::{NaiveDate, Utc};
use maud::{Markup, html};
use serde::Deserialize;

use super::{count_cells, count_heads, state_badge, state_key};
use crate::app::AppState;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{format_date, format_int};
use crate::rounds::coverage::{self, State as Cover};
use crate::rounds::{self};
use crate::web::components::{pager, select};
use crate::web::context::CurrentUser;
use crate::web::extract::{Path, Query};
use crate::web::{layout, paths};

const PER_PAGE: usize = 100;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PeriodQuery {
    state: String,
    page: Option<u64>,
}

pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path((id, start)): Path<(i32, String)>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Markup> {
    let r = rounds::find(&app.db, &actor, id).await?;
    let p = NaiveDate::parse_from_str(&start, "%Y-%m-%d")
        .ok()
        .and_then(|d| r.period(d))
        .ok_or(AppError::NotFound)?;
    let today = Utc::now().date_naive();
    let c = coverage::coverage(&app.db, &r, p, today).await?;
    let shoppers = rounds::shoppers(&app.db).await?;
    let names: HashMap<i32, &str> = shoppers.iter().map(|u| (u.id, u.name.as_str())).collect();
    let l = ctx.locale;
    let want = Cover::parse(q.state.trim());
    let shown: Vec<&coverage::Line> =
        c.lines.iter().filter(|x| want.is_none_or(|w| x.state == w)).collect();
    let pages = shown.len().div_ceil(PER_PAGE).max(1) as u64;
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let slice = shown.iter().skip((page as usize - 1) * PER_PAGE).take(PER_PAGE);
    let mut states = vec![(String::new(), l.t("filter-any"))];
    states.extend(Cover::ALL.iter().map(|s| (s.as_str().to_owned(), l.t(&state_key(*s)))));
    let here = paths::round_period(id, &start);
    let state = q.state.clone();
    let link = |n: u64| format!("{here}?state={state}&page={n}");
    let title =
        format!("{} · {} – {}", r.model.name, format_date(l, p.start), format_date(l, p.end));
    let body = html! {
        p { a href=(paths::round(id)) { (l.t("rounds-back")) } }
        section.card {
            h2 { (l.t("rounds-coverage")) }
            p.muted {
                (l.t_args("rounds-window-dates", &[("opens", format_date(l, p.opens_on)), ("due", format_date(l, p.due_on))]))
            }
            div.table-wrap { table.data.stack {
                thead { tr { th scope="col" { (l.t("rounds-group")) } (count_heads(l)) } }
                tbody {
                    tr.total { th scope="row" { (l.t("rounds-all-locations")) } (count_cells(l, &c.total)) }
                    @for (b, n) in &c.by_brand { tr.brand { th scope="row" { (b.name) } (count_cells(l, n)) } }
                    @for (ch, n) in &c.by_channel { tr.channel { th scope="row" { (l.t(&format!("channel-{ch}"))) } (count_cells(l, n)) } }
                }
            } }
            p { a href={ (paths::SCORECARD) "?round_period=" (id) ":" (p.start) } { (l.t("rounds-scorecard-link")) } }
        }
        section.card {
            h2 { (l.t("nav-assignments")) }
            form.filters method="get" action=(here) {
                (select(&ctx, "state", "rounds-state", &states, &q.state, &FieldErrors::new()))
                div.actions { button.btn.btn-secondary type="submit" { (l.t("filter-apply")) } }
            }
            p.muted { (l.t_args("rounds-lines-count", &[("count", format_int(l, shown.len() as i64))])) }
            div.table-wrap { table.data.stack.lines {
                thead { tr {
                    th scope="col" { (l.t("field-location")) }
                    th scope="col" { (l.t("role-shopper")) }
                    th scope="col" { (l.t("rounds-state")) }
                    th scope="col" { span.visually-hidden { (l.t("rounds-reassign")) } }
                } }
                tbody {
                    @for line in slice {
                        tr {
                            td data-label=(l.t("field-location")) {
                                (line.location.name)
                                @if let Some(b) = &line.brand { " · " (b.name) }
                            }
                            td data-label=(l.t("role-shopper")) {
                                @if let Some(a) = &line.assignment { bdi { (names.get(&a.shopper_id).copied().unwrap_or("—")) } } @else { "—" }
                            }
                            td data-label=(l.t("rounds-state")) {
                                span class=(state_badge(line.state)) { (l.t(&state_key(line.state))) }
                                @if let Some(v) = line.assignment.as_ref().and_then(|a| a.visit_id.as_ref()) {
                                    " " a href=(paths::visit(v)) { (l.t("assignment-open-visit")) }
                                }
                            }
                            td {
                                @if let Some(a) = line.assignment.as_ref().filter(|a| a.status == "open") {
                                    a href=(paths::assignment_reassign(a.id)) { (l.t("rounds-reassign")) }
                                }
                            }
                        }
                    }
                }
            } }
            (pager(&ctx, page, pages, link))
        }
    };
    Ok(layout::page(&ctx, &title, body))
}
