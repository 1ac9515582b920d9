//! What a shopper sees first: assignments still to do, due first, with
//! how to reach each place, and their recent visits.
use std::collections::HashMap;

use chrono::Utc;
use maud::{Markup, html};
use sea_orm::EntityTrait;

use crate::accounts::Actor;
use crate::app::AppState;
use crate::entities::{checklist, location, visit};
use crate::error::AppResult;
use crate::i18n::{format_date, format_percent};
use crate::visits::Status;
use crate::visits::store::{self, ListFilter};
use crate::web::context::Ctx;
use crate::web::pages::visits::edit::locations_by_id;
use crate::web::pages::visits::list::status_badge;
use crate::web::pages::visits::report::visit_day;
use crate::web::paths;

/// How many of each kind of visit the home page lists.
const RECENT: usize = 10;

/// A shopper's assignments still to do, due first, with how to get there.
pub async fn shopper_home(app: &AppState, ctx: &Ctx, actor: &Actor) -> AppResult<Markup> {
    let l = ctx.locale;
    let today = Utc::now().date_naive();
    let mine =
        crate::assignments::list(&app.db, actor, &crate::assignments::Filter::default()).await?;
    let todo: Vec<_> = mine
        .iter()
        .filter(|a| matches!(a.status.as_str(), "open" | "in_progress") && a.opens_on <= today)
        .collect();
    let locs = locations_by_id(app, todo.iter().map(|a| a.location_id)).await?;
    let names: HashMap<i32, String> =
        checklist::Entity::find().all(&app.db).await?.into_iter().map(|c| (c.id, c.name)).collect();
    // What is still with the shopper (drafts, returned visits) apart from
    // what they have handed in; newest first, ten of each.
    let of = |status: Status| -> String { status.as_str().to_owned() };
    let still_mine = ListFilter {
        status: [of(Status::Draft), of(Status::Returned)].join(","),
        ..Default::default()
    };
    let handed_in = ListFilter {
        status: [of(Status::Submitted), of(Status::Approved), of(Status::Rejected)].join(","),
        ..Default::default()
    };
    let mut drafts = store::list(&app.db, actor, &still_mine, false).await?.items;
    let mut sent = store::list(&app.db, actor, &handed_in, false).await?.items;
    drafts.truncate(RECENT);
    sent.truncate(RECENT);
    let recent_locs =
        locations_by_id(app, drafts.iter().chain(&sent).map(|v| v.location_id)).await?;
    Ok(html! {
        (crate::web::pages::visits::offline::queue(ctx))
        section {
            h2 { (l.t("home-assignments")) }
            @if todo.is_empty() { p.muted { (l.t("home-no-assignments")) } }
            @for a in &todo {
                @let overdue = crate::assignments::shown_status(a, today) == "overdue";
                article.card.assignment.overdue[overdue] {
                    @if let Some(loc) = locs.get(&a.location_id) {
                        h3 { (loc.name) }
                        p.muted {
                            (names.get(&a.checklist_id).map(String::as_str).unwrap_or(""))
                            " · " (l.t_args("home-due", &[("date", crate::i18n::format_date(l, a.due_on))]))
                            @if overdue { " " span.badge.badge-critical { (l.t("assignment-overdue")) } }
                        }
                        @if !a.brief.is_empty() { p.brief { (a.brief) } }
                        (contact(ctx, loc))
                    }
                    div.actions {
                        // Kept by the service worker, to open with no signal.
                        @let form = format!("{}?assignment_id={}", paths::VISIT_NEW, a.id);
                        a.btn.btn-primary href=(form) data-offline-form=(form) {
                            (l.t(if a.visit_id.is_some() { "visit-continue" } else { "visit-start" }))
                        }
                    }
                }
            }
            div.actions { a.btn.btn-secondary href=(paths::VISIT_NEW) { (l.t("visit-start-unassigned")) } }
        }
        @if !drafts.is_empty() {
            section.my-visits {
                h2 { (l.t("home-my-drafts")) }
                (visit_list(ctx, &drafts, &recent_locs))
            }
        }
        @if !sent.is_empty() {
            section.my-visits {
                h2 { (l.t("home-my-handed-in")) }
                (visit_list(ctx, &sent, &recent_locs))
            }
        }
    })
}

/// A shopper's visits: place, day, status, and the score once approved
/// (the report's rule: a shopper sees a score only after approval).
fn visit_list(ctx: &Ctx, list: &[visit::Model], locs: &HashMap<i32, location::Model>) -> Markup {
    let l = ctx.locale;
    html! {
        ol.visit-cards.visit-cards-mine {
            @for v in list {
                @let loc = locs.get(&v.location_id);
                @let editable = [Status::Draft, Status::Returned].iter().any(|s| s.as_str() == v.status);
                li { a href=(paths::visit(&v.id)) data-offline-form=[editable.then(|| paths::visit_edit(&v.id))] {
                    span.visit-card-head {
                        (status_badge(l, &v.status))
                        @if v.status == Status::Approved.as_str() {
                            @if let Some(s) = v.score { span.score { (format_percent(l, s, 1)) } }
                        }
                    }
                    span.visit-card-place { bdi { (loc.map(|x| x.name.as_str()).unwrap_or("")) } }
                    @if let Some(loc) = loc { span.visit-card-date { (format_date(l, visit_day(v, loc))) } }
                } }
            }
        }
    }
}

/// How to reach a location, by its channel: a map link, the site, a number.
fn contact(ctx: &Ctx, loc: &location::Model) -> Markup {
    let l = ctx.locale;
    let map = match (loc.latitude, loc.longitude) {
        (Some(lat), Some(lon)) => Some(paths::map_at(lat, lon)),
        _ if !loc.address.is_empty() => {
            Some(paths::map_search(&format!("{} {}", loc.address, loc.city)))
        }
        _ => None,
    };
    html! {
        ul.contact {
            @if !loc.address.is_empty() {
                li { @if loc.city.is_empty() { (loc.address) } @else { (l.t_args("place-address-city", &[("address", loc.address.clone()), ("city", loc.city.clone())])) } @if let Some(m) = &map { " · " a href=(m) rel="noopener" { (l.t("contact-map")) } } }
            }
            @if !loc.url.is_empty() { li { a.ltr href=(loc.url) rel="noopener" { (loc.url) } } }
            @if !loc.phone.is_empty() { li { a.ltr href={ "tel:" (loc.phone.replace(' ', "")) } { (loc.phone) } } }
            @if !loc.email.is_empty() { li { a.ltr href={ "mailto:" (loc.email) } { (loc.email) } } }
        }
    }
}
