//! `GET /visits`: the visits behind a scorecard figure (or any filter of
//! them), newest first, each linking to its answers. Readers of every
//! visit only; a shopper has their own list on the home page.
use std::collections::HashMap;

use axum::extract::State;
use chrono::FixedOffset;
use maud::{Markup, html};

use super::edit::locations_by_id;
use super::report::visit_day;
use crate::accounts::Role;
use crate::app::AppState;
use crate::error::AppResult;
use crate::i18n::{format_date, format_datetime, format_int, format_percent};
use crate::places::{Channel, brands};
use crate::visits::Status;
use crate::visits::store::{self, ListFilter};
use crate::web::components::{pager, swatch};
use crate::web::context::CurrentUser;
use crate::web::extract::Query;
use crate::web::{layout, paths};

fn link(f: &ListFilter, page: u64) -> String {
    let opt = |x: Option<i32>| x.map(|v| v.to_string()).unwrap_or_default();
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    paths::with_query(
        paths::VISITS,
        &[
            ("status", f.status.clone()),
            ("brand_id", opt(f.brand_id)),
            ("own", f.own.map(|o| o.to_string()).unwrap_or_default()),
            ("from", date(f.from)),
            ("to", date(f.to)),
            ("channel", f.channel.clone()),
            ("region", f.region.clone()),
            ("checklist_id", opt(f.checklist_id)),
            ("location_id", opt(f.location_id)),
            ("page", if page > 1 { page.to_string() } else { String::new() }),
        ],
    )
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Query(f): Query<ListFilter>,
) -> AppResult<Markup> {
    actor.require(Role::sees_submitted_scores)?;
    let page = store::list(&app.db, &actor, &f, false).await?;
    let locs = locations_by_id(&app, page.items.iter().map(|v| v.location_id)).await?;
    let brands: HashMap<i32, _> =
        brands::list(&app.db, true).await?.into_iter().map(|b| (b.id, b)).collect();
    let l = ctx.locale;
    let utc = FixedOffset::east_opt(0).expect("UTC");
    let brand = f.brand_id.and_then(|id| brands.get(&id));
    let channel = Channel::parse(&f.channel);
    let score = |s: Option<f64>| s.map(|s| format_percent(l, s, 1)).unwrap_or_else(|| "–".into());
    let body = html! {
        dl.facts.visit-filters {
            @if let Some(b) = brand { dt { (l.t("field-brand")) } dd { (swatch(&b.color)) " " bdi { (b.name) } } }
            @if f.own == Some(true) { dt { (l.t("field-brand")) } dd { (l.t("scorecard-own-brands")) } }
            @if let Some(c) = channel { dt { (l.t("field-channel")) } dd { (l.t(c.label_key())) } }
            @if !f.region.is_empty() { dt { (l.t("field-region")) } dd { (f.region) } }
            @if f.from.is_some() || f.to.is_some() {
                dt { (l.t("visit-when")) }
                dd { (f.from.map(|d| format_date(l, d)).unwrap_or_default()) " – " (f.to.map(|d| format_date(l, d)).unwrap_or_default()) }
            }
        }
        p.muted { (l.t_args("visits-count", &[("count", format_int(l, page.total as i64))])) }
        @if !page.items.is_empty() {
            // On a phone: one card per visit, status and score first, the
            // short date on one line. The table is for wide screens.
            ol.visit-cards {
                @for v in &page.items {
                    @let loc = locs.get(&v.location_id);
                    @let b = loc.and_then(|x| brands.get(&x.brand_id));
                    li { a href=(paths::visit(&v.id)) {
                        span.visit-card-head {
                            (status_badge(l, &v.status))
                            span.score { (score(v.score)) }
                        }
                        span.visit-card-place {
                            @if let Some(b) = b { (swatch(&b.color)) " " bdi.visit-card-brand { (b.name) } " · " }
                            bdi { (loc.map(|x| x.name.as_str()).unwrap_or("")) }
                        }
                        @if let Some(loc) = loc { span.visit-card-date { (format_date(l, visit_day(v, loc))) } }
                    } }
                }
            }
            div.table-wrap.visit-table { table.data.visit-list {
                thead { tr {
                    th scope="col" { (l.t("visit-started-at")) }
                    th scope="col" { (l.t("field-location")) }
                    th scope="col" { (l.t("field-brand")) }
                    th scope="col" { (l.t("visit-status")) }
                    th scope="col" { (l.t("visit-score")) }
                } }
                tbody { @for v in &page.items {
                    @let loc = locs.get(&v.location_id);
                    @let b = loc.and_then(|x| brands.get(&x.brand_id));
                    tr {
                        td { a href=(paths::visit(&v.id)) { (v.started_at.map(|t| format_datetime(l, t, utc)).unwrap_or_else(|| v.id.clone())) } }
                        td { (loc.map(|x| x.name.as_str()).unwrap_or("")) }
                        td { @if let Some(b) = b { (swatch(&b.color)) " " bdi { (b.name) } } }
                        td { (Status::parse(&v.status).map(|s| l.t(s.label_key())).unwrap_or_default()) }
                        td { (score(v.score)) }
                    }
                } }
            } }
        }
        (pager(&ctx, page.page, page.pages, |p| link(&f, p)))
    };
    Ok(layout::page(&ctx, &l.t("visits-title"), body))
}

/// A visit's status as a coloured badge, in words.
pub(crate) fn status_badge(l: crate::i18n::Locale, status: &str) -> Markup {
    html! {
        span class={ "badge badge-" (status) } { (Status::parse(status).map(|s| l.t(s.label_key())).unwrap_or_default()) }
    }
}
