//! The first page after signing in: who you are and where you can go.
use axum::extract::State;
use maud::{Markup, html};

use crate::app::AppState;
use crate::error::AppResult;

use crate::accounts::Role;
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
    };
    let shopper = if actor.role == Role::Shopper {
        Some(super::shopper_home::shopper_home(&app, &ctx, &actor).await?)
    } else {
        None
    };
    let body = html! {
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
