//! The scorecard's block of actions: per own brand, the actions still open
//! (and of those, overdue) in total and per category, each linking to the
//! list behind it.
use maud::{Markup, html};

use crate::actions::counts::Counts;
use crate::entities::brand;
use crate::i18n::{Locale, format_int};
use crate::scorecards::labels::Labels;
use crate::web::paths;

pub fn section(l: Locale, counts: &Counts, brands: &[brand::Model], labels: &Labels) -> Markup {
    let name = |id: i32| brands.iter().find(|b| b.id == id).map(|b| b.name.clone());
    let list = |status: &str| paths::with_query(paths::ACTIONS, &[("status", status.to_owned())]);
    let cat =
        |c: &str| if c.is_empty() { l.t("action-category-free") } else { labels.category(l, c) };
    html! {
        section.card #actions-open {
            h2 { a href=(list("pending")) { (l.t("action-scorecard-title")) } }
            @if counts.is_empty() {
                p.muted { (l.t("action-none")) }
            }
            @for (b, rows) in counts {
                @let total = rows.get(&None).cloned().unwrap_or_default();
                h3 { bdi { (name(*b).unwrap_or_default()) } }
                div.table-wrap { table.data.actions-counts {
                    thead { tr {
                        th scope="col" { (l.t("action-category")) }
                        th scope="col" { (l.t("action-status-pending")) }
                        th scope="col" { (l.t("action-status-overdue")) }
                    } }
                    tbody {
                        @for (c, n) in rows.iter().filter_map(|(k, v)| k.as_ref().map(|k| (k, v))) {
                            tr {
                                th scope="row" { (cat(c)) }
                                td { (format_int(l, n.open as i64)) }
                                td.overdue[n.overdue > 0] { (format_int(l, n.overdue as i64)) }
                            }
                        }
                        tr.total {
                            th scope="row" { (l.t("action-total")) }
                            td { a href=(list("pending")) { (format_int(l, total.open as i64)) } }
                            td.overdue[total.overdue > 0] { a href=(list("overdue")) { (format_int(l, total.overdue as i64)) } }
                        }
                    }
                } }
            }
        }
    }
}
