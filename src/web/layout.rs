//! The page shell: `<html lang dir>`, navigation by role, and error pages.
use maud::{DOCTYPE, Markup, html};

use super::context::Ctx;
use super::{assets, components::csrf_field, paths};
use crate::accounts::Role;
use crate::error::AppError;
use crate::i18n::Locale;

struct NavItem {
    href: &'static str,
    label: &'static str,
    show: fn(Role) -> bool,
}

const NAV: &[NavItem] = &[
    NavItem { href: paths::HOME, label: "nav-home", show: |_| true },
    NavItem { href: paths::SCORECARD, label: "nav-scorecard", show: Role::reads_all_visits },
    NavItem { href: paths::REVIEW, label: "nav-review", show: Role::manages },
    NavItem {
        href: paths::GALLERY,
        label: "nav-gallery",
        show: crate::evidence::gallery::may_view,
    },
    NavItem { href: paths::VISITS, label: "visits-title", show: Role::is_location_manager },
    NavItem { href: paths::ACTIONS, label: "nav-actions", show: |r| r != Role::Shopper },
    NavItem { href: paths::ASSIGNMENTS, label: "nav-assignments", show: Role::manages },
    NavItem { href: paths::ROUNDS, label: "nav-rounds", show: Role::manages },
    NavItem { href: paths::LOCATIONS, label: "nav-locations", show: Role::manages },
    NavItem { href: paths::BRANDS, label: "nav-brands", show: Role::manages },
    NavItem { href: paths::CHECKLISTS, label: "nav-checklists", show: Role::manages },
    NavItem { href: paths::USERS, label: "nav-users", show: Role::is_admin },
    NavItem { href: paths::ACCOUNT, label: "nav-account", show: |_| true },
];

pub fn page(ctx: &Ctx, title: &str, body: Markup) -> Markup {
    let l = ctx.locale;
    let path = ctx.path_and_query.split('?').next().unwrap_or("");
    // A section's link stays marked on the pages below it.
    let current =
        |href: &str| path == href || (href != paths::HOME && path.starts_with(&format!("{href}/")));
    html! {
        (DOCTYPE)
        html lang=(l.code()) dir=(l.dir()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="csrf-token" content=(ctx.csrf);
                // The offline queue keeps each user's work apart on a shared phone.
                @if let Some(actor) = &ctx.actor {
                    meta name="yardstick-user" content=(actor.id());
                }
                title { (title) " · " (l.t("app-name")) }
                link rel="stylesheet" href=(assets::url("app.css"));
                script src=(assets::url("offline.js")) defer {}
                script src=(assets::url("app.js")) defer {}
            }
            body {
                a.skip-link href="#main" { (l.t("skip-to-content")) }
                header.topbar {
                    div.topbar-inner {
                        a.brand href=(paths::HOME) { (l.t("app-name")) }
                        @if let Some(actor) = &ctx.actor {
                            // One list: behind a Menu button on a phone, where it
                            // would not fit; laid out in a row on wide screens (CSS).
                            nav.nav aria-label=(l.t("nav-label")) {
                                details.nav-menu {
                                    summary {
                                        span.nav-menu-icon aria-hidden="true" { "☰" } " " (l.t("nav-menu"))
                                        // Unread notifications show on the closed menu too.
                                        @if let Some(n) = ctx.unread.filter(|n| *n > 0) {
                                            " " span.badge.unread-count title=(l.t("notify-unread")) {
                                                span.visually-hidden { (l.t("notify-unread")) ": " }
                                                (crate::i18n::format_int(l, n as i64))
                                            }
                                        }
                                    }
                                    ul {
                                        @for item in NAV.iter().filter(|i| (i.show)(actor.role)) {
                                            li {
                                                a href=(item.href)
                                                  aria-current=[current(item.href).then_some("page")] {
                                                    (l.t(item.label))
                                                }
                                            }
                                        }
                                        li {
                                            a href=(paths::NOTIFICATIONS)
                                              aria-current=[current(paths::NOTIFICATIONS).then_some("page")] {
                                                (l.t("nav-notifications"))
                                                @if let Some(n) = ctx.unread.filter(|n| *n > 0) {
                                                    " " span.badge.unread-count title=(l.t("notify-unread")) {
                                                        (crate::i18n::format_int(l, n as i64))
                                                    }
                                                }
                                            }
                                        }
                                        li {
                                            form.inline method="post" action=(paths::LOGOUT) {
                                                (csrf_field(ctx))
                                                button.link type="submit" { (l.t("nav-logout")) }
                                            }
                                        }
                                    }
                                }
                            }
                        } @else {
                            (language_links(ctx))
                        }
                    }
                }
                main #main .container {
                    @if let Some(flash) = &ctx.flash {
                        div.flash.flash-success role="status" {
                            @match flash.count {
                                Some(n) => (l.t_args(&flash.key, &[("count", crate::i18n::format_int(l, n))])),
                                None => (l.t(&flash.key)),
                            }
                        }
                    }
                    // Isolated: an English title on a Persian page keeps its own order.
                    h1.page-title { bdi { (title) } }
                    (body)
                }
                footer.footer { (l.t("app-name")) " · " (l.t("app-tagline")) }
            }
        }
    }
}

fn language_links(ctx: &Ctx) -> Markup {
    let path = ctx.path_and_query.split('?').next().unwrap_or("/");
    // The unsubscribe page's signed query is the page itself.
    let path = if path == paths::UNSUBSCRIBE {
        ctx.path_and_query.split("&lang=").next().unwrap_or(path)
    } else {
        path
    };
    html! {
        div.lang-switch {
            @for other in Locale::ALL.into_iter().filter(|o| *o != ctx.locale) {
                a href=(paths::with_lang(path, other.code())) lang=(other.code()) hreflang=(other.code()) {
                    (other.native_name())
                }
            }
        }
    }
}

pub fn error_page(ctx: &Ctx, err: &AppError, request_id: &str) -> Markup {
    let l = ctx.locale;
    let title_key = match err {
        AppError::NotFound => "error-title-not-found",
        AppError::Forbidden => "error-title-forbidden",
        AppError::Csrf => "error-title-csrf",
        AppError::Throttled { .. } => "error-title-throttled",
        AppError::Internal(_) => "error-title-internal",
        _ => "error-title-generic",
    };
    let body = html! {
        section.card.error-page {
            p.error-code { (crate::i18n::format_int(l, err.status().as_u16().into())) }
            p { (err.message(l)) }
            @if matches!(err, AppError::Internal(_)) {
                p { (l.t("error-reference")) " " span.request-id { (request_id) } }
            }
            div.actions {
                a.btn.btn-primary href=(paths::HOME) { (l.t("error-go-home")) }
            }
        }
    };
    page(ctx, &l.t(title_key), body)
}
