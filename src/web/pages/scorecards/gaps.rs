//! "Where competitors beat us": the scorecard's gaps that are real
//! losses, biggest first (the API's order), each told as its question (or
//! category) with the competitor ahead and the n behind each side. The API
//! and the CSV keep every row, ties included.
use maud::{Markup, html};

use super::view::{WEAK_BELOW, criteria_href, criterion_href, pct, prompt_and_code};
use super::{Behind, visits_link};
use crate::i18n::{Locale, format_int};
use crate::scorecards::Interval;
use crate::scorecards::labels::Labels;
use crate::scorecards::query::Scorecard;

/// How many gap rows the page lists; the CSV export has all of them.
const GAPS_SHOWN: usize = 15;

/// A real loss: the best competitor is ahead by at least the 0.1 point
/// the page can show. Ties and rounding dust are not losses.
pub fn is_loss(delta: f64) -> bool {
    (delta * 10.0).round() < 0.0
}

/// The losses only, biggest first (the API's order): what a criterion
/// asks, its category, the competitor ahead, and the n on each side.
pub(super) fn gaps(l: Locale, card: &Scorecard, labels: &Labels) -> Markup {
    let f = &card.filters;
    let name =
        |id: i32| card.brands.iter().find(|b| b.brand.id == id).map(|b| b.brand.name.clone());
    let own = visits_link(f, Behind { own: true, ..Default::default() });
    let losses: Vec<_> = card.gaps.iter().filter(|g| is_loss(g.delta)).take(GAPS_SHOWN).collect();
    html! {
        section.card #gaps {
            h2 { (l.t("scorecard-gaps")) }
            @if card.gaps.is_empty() { p.muted { (l.t("scorecard-gaps-empty")) } }
            @else if losses.is_empty() { p.muted { (l.t("scorecard-gaps-none")) } }
            ol.gaps {
                @for g in &losses {
                    @let theirs = visits_link(f, Behind { brand_id: Some(g.best_competitor_id), ..Default::default() });
                    @let winner_name = name(g.best_competitor_id).unwrap_or_default();
                    @let weak = g.own.n.min(g.best_competitor.n) < WEAK_BELOW;
                    li.loss {
                        span.gap-what {
                            @match &g.key.criterion {
                                Some(code) => { a href=(criterion_href(f, code)) { (prompt_and_code(l, labels, code)) } }
                                None => { a href=(criteria_href(f, Interval::Month, &g.key.category)) { (labels.category(l, &g.key.category)) } }
                            }
                        }
                        @if g.key.criterion.is_some() && !g.key.category.is_empty() {
                            span.gap-category { (labels.category(l, &g.key.category)) }
                        }
                        span.gap-winner {
                            span.gap-delta { (l.t_args("scorecard-gap-ahead", &[("brand", winner_name.clone()), ("points", pct(l, -g.delta))])) }
                            @if weak { span.weak-mark aria-hidden="true" { "†" } span.visually-hidden { (l.t("scorecard-weak")) } }
                        }
                        span.meta {
                            a href=(own) { (l.t_args("scorecard-gap-own", &[("mean", pct(l, g.own.mean().unwrap_or_default())), ("n", format_int(l, g.own.n))])) }
                            " · "
                            a href=(theirs) { (l.t_args("scorecard-gap-best", &[("brand", winner_name), ("mean", pct(l, g.best_competitor.mean().unwrap_or_default())), ("n", format_int(l, g.best_competitor.n))])) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_and_rounding_dust_are_not_losses() {
        assert!(is_loss(-0.05) && is_loss(-12.0));
        assert!(!is_loss(0.0) && !is_loss(-0.04) && !is_loss(3.0));
    }
}
