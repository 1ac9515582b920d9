//! One criterion across brands and over time, reached from its row on the
//! scorecard (and from a gap): its prompt, each brand's mean with a bar,
//! n and spread (brands as rows, so it fits a phone), how our own brands
//! stand against the best competitor, and its monthly trend per brand.
//! The same filters as the scorecard, kept in the URL.
use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use maud::{Markup, html};

use super::bars::bar;
use super::gaps::is_loss;
use super::trend::chart_and_table;
use super::view::{WEAK_BELOW, criteria_href, pct, range_text};
use super::{Behind, PageQuery, visits_link};
use crate::accounts::Role;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, format_int};
use crate::scorecards::criterion::{total, trend};
use crate::scorecards::labels::{self, Labels};
use crate::scorecards::query::TrendSeries;
use crate::scorecards::stats::{self, GapKey};
use crate::scorecards::{Filters, Interval, Stat};
use crate::web::components::swatch;
use crate::web::context::{Ctx, CurrentUser};
use crate::web::extract::Query;
use crate::web::{layout, paths};

pub struct Model<'a> {
    pub code: &'a str,
    pub labels: &'a Labels,
    /// `None`: the filters did not parse.
    pub results: Option<(Filters, Vec<TrendSeries>)>,
}

/// Our own brands pooled against the best competitor, as the scorecard's
/// gaps compute it.
fn standing(series: &[TrendSeries]) -> Option<stats::Gap> {
    let key = GapKey { category: String::new(), criterion: None };
    let mut own: BTreeMap<GapKey, Stat> = BTreeMap::new();
    let mut theirs: Vec<(i32, BTreeMap<GapKey, Stat>)> = vec![];
    for s in series {
        let t = total(s);
        if t.n == 0 {
            continue;
        }
        if s.brand.own {
            own.entry(key.clone()).or_default().add(t);
        } else {
            theirs.push((s.brand.id, BTreeMap::from([(key.clone(), t)])));
        }
    }
    let refs: Vec<(i32, &BTreeMap<GapKey, Stat>)> = theirs.iter().map(|(i, m)| (*i, m)).collect();
    stats::gaps(&own, &refs).into_iter().next()
}

fn brands_table(l: Locale, f: &Filters, series: &[TrendSeries]) -> Markup {
    html! {
        div.table-wrap { table.data.criterion-brands {
            thead { tr {
                th scope="col" { (l.t("field-brand")) }
                th scope="col" { (l.t("scorecard-criterion-mean")) }
            } }
            tbody { @for s in series {
                @let t = total(s);
                @let href = visits_link(f, Behind { brand_id: Some(s.brand.id), ..Default::default() });
                tr.own[s.brand.own] {
                    th scope="row" {
                        (swatch(&s.brand.color)) " " bdi { (s.brand.name) }
                        @if s.brand.own { " " span.badge.badge-own { (l.t("scorecard-own")) } }
                    }
                    @match (t.mean(), t.stddev()) {
                        (Some(m), Some(sd)) => {
                            td.score {
                                span.mean { (pct(l, m)) @if t.n < WEAK_BELOW { span.weak-mark aria-hidden="true" { "†" } } }
                                @if t.n < WEAK_BELOW { span.visually-hidden { (l.t("scorecard-weak")) } }
                                (bar(&s.brand.color, Some(m), true))
                                span.meta { a href=(href) { (l.t_args("scorecard-n", &[("n", format_int(l, t.n))])) } " " (l.t_args("scorecard-sd", &[("sd", pct(l, sd))])) }
                            }
                        }
                        _ => {
                            td.empty { span aria-hidden="true" { "–" } span.visually-hidden { (l.t("scorecard-no-visits")) } }
                        }
                    }
                }
            } }
        } }
    }
}

fn standing_text(l: Locale, series: &[TrendSeries]) -> Markup {
    let Some(g) = standing(series) else {
        return html! { p.muted { (l.t("scorecard-gaps-empty")) } };
    };
    let winner = series.iter().find(|s| s.brand.id == g.best_competitor_id).map(|s| &s.brand);
    let name = winner.map(|b| b.name.clone()).unwrap_or_default();
    let own = l.t_args(
        "scorecard-gap-own",
        &[("mean", pct(l, g.own.mean().unwrap_or_default())), ("n", format_int(l, g.own.n))],
    );
    let best = l.t_args(
        "scorecard-gap-best",
        &[
            ("brand", name.clone()),
            ("mean", pct(l, g.best_competitor.mean().unwrap_or_default())),
            ("n", format_int(l, g.best_competitor.n)),
        ],
    );
    html! {
        p.standing.loss[is_loss(g.delta)] {
            @if is_loss(g.delta) {
                strong { (l.t_args("scorecard-gap-ahead", &[("brand", name), ("points", pct(l, -g.delta))])) }
            } @else {
                strong { (l.t("scorecard-criterion-not-behind")) }
            }
            " " span.meta { (own) " · " (best) }
        }
    }
}

pub fn page(ctx: &Ctx, m: &Model) -> Markup {
    let l = ctx.locale;
    let title = m.labels.prompt(l, m.code).unwrap_or_else(|| m.code.to_owned());
    let category = m.labels.category_of(m.code).map(str::to_owned);
    let body = html! {
        p.crumbs {
            @let back = match (&m.results, &category) {
                (Some((f, _)), Some(c)) => criteria_href(f, Interval::Month, c),
                _ => paths::SCORECARD.to_owned(),
            };
            a href=(back) { (l.t("scorecard-back")) }
        }
        p.criterion-about {
            small.code.ltr { (m.code) }
            @if let Some(c) = &category { " · " (m.labels.category(l, c)) }
        }
        @match &m.results {
            None => { p.muted role="alert" { (l.t("scorecard-fix-filters")) } }
            Some((f, series)) => {
                p.muted.range { (range_text(l, f)) }
                @if series.iter().all(|s| s.points.is_empty()) {
                    p { (l.t("scorecard-empty")) }
                } @else {
                    section.card #brands {
                        h2 { (l.t("scorecard-criterion-brands")) }
                        (standing_text(l, series))
                        (brands_table(l, f, series))
                        p.legend.hint { (l.t_args("scorecard-criterion-legend", &[("min", format_int(l, WEAK_BELOW))])) }
                    }
                    section.card #trend {
                        h2 { (l.t("scorecard-criterion-trend")) }
                        (chart_and_table(l, f, series, &l.t_args("scorecard-criterion-trend-of", &[("prompt", title.clone())])))
                    }
                }
            }
        }
    };
    layout::page(ctx, &title, body)
}

/// `GET /scorecard/criteria/{code}`: a code no published checklist holds
/// and no visit answered is not found.
pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(code): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    actor.require(Role::reads_all_visits)?;
    let q = PageQuery::from_pairs(&pairs);
    let parsed = q.parse(ctx.locale, Utc::now().date_naive());
    let checklist = parsed.as_ref().ok().and_then(|(f, _)| f.checklist_id);
    let labels = labels::load(&app.db, checklist).await?;
    let (results, status) = match parsed {
        Ok((f, _)) => {
            let series = trend(&app.db, &actor, &f, &code).await?;
            (Some((f, series)), StatusCode::OK)
        }
        Err(_) => (None, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let answered = results.as_ref().is_some_and(|(_, s)| s.iter().any(|s| !s.points.is_empty()));
    if !answered && !labels.criteria.contains_key(&code) {
        return Err(AppError::NotFound);
    }
    let model = Model { code: &code, labels: &labels, results };
    Ok((status, page(&ctx, &model)).into_response())
}
