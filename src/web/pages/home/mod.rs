//! The first page after signing in: who you are and where you can go.
mod shopper;

use axum::extract::State;
use maud::{Markup, html};

use crate::app::AppState;
use crate::error::AppResult;

use chrono::{Days, Utc};

use super::scorecards::view::cell;
use crate::accounts::{Actor, Role};
use crate::i18n::Locale;
use crate::scorecards::Filters;
use crate::scorecards::query;
use crate::visits::Status;
use crate::visits::store::{self, ListFilter};
use crate::web::components::swatch;
use crate::web::context::CurrentUser;
use crate::web::{layout, paths};

struct Tile {
    href: &'static str,
    title: &'static str,
    text: &'static str,
    show: fn(Role) -> bool,
}

const TILES: &[Tile] = &[
    // First: a manager comes for the scorecard.
    Tile {
        href: paths::SCORECARD,
        title: "nav-scorecard",
        text: "home-scorecard-text",
        show: Role::reads_all_visits,
    },
    Tile {
        href: paths::REVIEW,
        title: "nav-review",
        text: "home-review-text",
        show: Role::manages,
    },
    // A location manager comes for what was found at their places.
    Tile {
        href: paths::ACTIONS,
        title: "nav-actions",
        text: "home-actions-text",
        show: |r| r != Role::Shopper,
    },
    Tile {
        href: paths::VISITS,
        title: "visits-title",
        text: "home-visits-text",
        show: Role::is_location_manager,
    },
    Tile {
        href: paths::ASSIGNMENTS,
        title: "nav-assignments",
        text: "home-assignments-text",
        show: Role::manages,
    },
    Tile {
        href: paths::CHECKLISTS,
        title: "nav-checklists",
        text: "home-checklists-text",
        show: Role::manages,
    },
    Tile {
        href: paths::LOCATIONS,
        title: "nav-locations",
        text: "home-locations-text",
        show: Role::manages,
    },
    Tile { href: paths::USERS, title: "nav-users", text: "home-users-text", show: Role::is_admin },
    Tile { href: paths::ACCOUNT, title: "nav-account", text: "home-account-text", show: |_| true },
];

/// Staff land on where the programme stands: each brand's overall score
/// over the last twelve months, own brands first, leading to the scorecard.
async fn standing(app: &AppState, actor: &Actor, l: Locale) -> AppResult<Option<Markup>> {
    if !actor.role.reads_all_visits() {
        return Ok(None);
    }
    let today = Utc::now().date_naive();
    let f = Filters {
        from: today.checked_sub_days(Days::new(365)),
        to: Some(today),
        ..Default::default()
    };
    let card = query::scorecard(&app.db, actor, &f).await?;
    if card.brands.iter().all(|b| b.overall.n == 0) {
        return Ok(None);
    }
    let href = paths::with_query(paths::SCORECARD, &[("range", "year".to_owned())]);
    Ok(Some(html! {
        section.card #standing {
            h2 { a href=(href) { (l.t("home-standing")) } }
            div.table-wrap { table.data.scorecard {
                thead { tr {
                    th scope="col" { (l.t("nav-brands")) }
                    th scope="col" { (l.t("scorecard-overall")) }
                } }
                tbody { @for b in &card.brands { tr {
                    th scope="row" { (swatch(&b.brand.color)) " " bdi { (b.brand.name) } }
                    (cell(l, &b.overall, &href))
                } } }
            } }
        }
    }))
}

/// For those who review: how many visits wait, leading to the queue.
async fn awaiting_review(app: &AppState, actor: &Actor, l: Locale) -> AppResult<Option<Markup>> {
    if !actor.role.manages() {
        return Ok(None);
    }
    let filter = ListFilter { status: Status::Submitted.as_str().into(), ..Default::default() };
    let n = store::list(&app.db, actor, &filter, true).await?.total;
    let count = [("count", crate::i18n::format_int(l, n as i64))];
    Ok(Some(html! {
        section.card.awaiting-review #awaiting-review {
            @if n == 0 {
                p { (l.t("home-review-none")) }
            } @else {
                a.btn.btn-primary href=(paths::REVIEW) { (l.t_args("home-review-waiting", &count)) }
            }
        }
    }))
}

pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
) -> AppResult<Markup> {
    let l = ctx.locale;
    let title = l.t_args("home-welcome", &[("name", actor.user.name.clone())]);
    let role_text = match actor.role {
        Role::Admin => "home-role-admin",
        Role::Manager => "home-role-manager",
        Role::Trainer => "home-role-trainer",
        Role::Shopper => "home-role-shopper",
        Role::LocationManager => "home-role-location-manager",
    };
    let shopper = if actor.role == Role::Shopper {
        Some(shopper::shopper_home(&app, &ctx, &actor).await?)
    } else {
        None
    };
    let review = awaiting_review(&app, &actor, l).await?;
    let standing = standing(&app, &actor, l).await?;
    // A manager's home is the scorecard summary and what awaits review;
    // what they may do besides follows.
    let body = html! {
        @if let Some(r) = review { (r) }
        @if let Some(s) = standing { (s) }
        p.muted { (l.t(role_text)) }
        @if let Some(s) = shopper { (s) }
        div.tiles {
            @for tile in TILES.iter().filter(|t| (t.show)(actor.role)) {
                a.tile href=(tile.href) {
                    span.tile-title { (l.t(tile.title)) }
                    span.tile-text { (l.t(tile.text)) }
                }
            }
        }
    };
    Ok(layout::page(&ctx, &title, body))
}
