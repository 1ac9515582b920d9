//! The page the service worker shows when a page is neither reachable nor
//! cached: the shopper learns that nothing typed is lost. Open to everyone,
//! in the reader's language (their own, else the browser's), so it can be
//! cached before sign-in as after.
use maud::{Markup, html};

use crate::web::context::Ctx;
use crate::web::{layout, paths};

pub async fn show(ctx: Ctx) -> Markup {
    let l = ctx.locale;
    let body = html! {
        section.card.offline-page {
            p { (l.t("offline-body")) }
            div.actions {
                a.btn.btn-primary href=(paths::HOME) { (l.t("offline-home")) }
            }
        }
    };
    layout::page(&ctx, &l.t("offline-title"), body)
}
