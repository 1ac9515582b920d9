//! Brands compared at a glance on a phone: one card per row of a table
//! (a category, a criterion), a bar per brand in its colour with its mean
//! and n. The table stays the source for screen readers and wide screens:
//! the cards are `aria-hidden` and their links left out of the tab order,
//! and on a phone the table is only visually hidden (it shows again when a
//! keyboard moves into it). Bars are SVG attributes, not inline styles,
//! which the content security policy forbids.
use maud::{Markup, html};

use super::view::{WEAK_BELOW, pct};
use crate::entities::brand;
use crate::i18n::{Locale, format_int};
use crate::scorecards::Stat;

pub struct Bar<'a> {
    pub brand: &'a brand::Model,
    pub stat: Stat,
    /// The visits behind the figure.
    pub href: Option<String>,
    /// Shown after n, e.g. the spread.
    pub extra: Option<String>,
}

pub struct Card<'a> {
    pub title: String,
    /// A code shown small beside the title.
    pub code: Option<&'a str>,
    pub href: Option<String>,
    pub bars: Vec<Bar<'a>>,
}

/// The bar alone: the brand's share of 100 on a track (the SVG's own
/// background). `hidden` when it stands beside the number it draws.
pub fn bar(color: &str, mean: Option<f64>, hidden: bool) -> Markup {
    html! {
        svg.bar aria-hidden=[hidden.then_some("true")] focusable=[hidden.then_some("false")] {
            @if let Some(m) = mean {
                rect width=(format!("{:.1}%", m.clamp(0.0, 100.0))) height="100%" fill=(color) {}
            }
        }
    }
}

/// Kept lean: ten brands by nine cards is ninety of these on one page.
fn row(l: Locale, b: &Bar) -> Markup {
    let mean = b.stat.mean();
    let weak = b.stat.n > 0 && b.stat.n < WEAK_BELOW;
    let inner = html! {
        bdi { (b.brand.name) }
        span {
            @match mean { Some(m) => { b { (pct(l, m)) @if weak { "†" } } }, None => { "–" } }
            @if b.stat.n > 0 { " " small { (l.t_args("scorecard-n", &[("n", format_int(l, b.stat.n))])) @if let Some(x) = &b.extra { " " (x) } } }
        }
        (bar(&b.brand.color, mean, false))
    };
    let inner = match &b.href {
        Some(h) if b.stat.n > 0 => html! { a href=(h) tabindex="-1" { (inner) } },
        _ => html! { div { (inner) } },
    };
    // Own brands in bold; no empty class attribute on the others.
    html! { @if b.brand.own { li.own { (inner) } } @else { li { (inner) } } }
}

/// The cards, hidden from assistive technology: the table says the same.
pub fn cards(l: Locale, cards: &[Card]) -> Markup {
    html! {
        div.bar-cards aria-hidden="true" {
            @for c in cards {
                div.bar-card {
                    h3 {
                        @match &c.href { Some(h) => { a href=(h) tabindex="-1" { bdi { (c.title) } } }, None => { bdi { (c.title) } } }
                        @if let Some(code) = c.code { " " small.code.ltr { (code) } }
                    }
                    ul.bars { @for b in &c.bars { (row(l, b)) } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    #[test]
    fn a_bar_is_as_long_as_the_mean_and_stays_in_its_track() {
        let width = |m: Option<f64>| {
            let h = Html::parse_fragment(&bar("#0072b2", m, true).into_string());
            let sel = Selector::parse("rect").unwrap();
            h.select(&sel).map(|r| r.value().attr("width").unwrap().to_owned()).collect::<Vec<_>>()
        };
        assert_eq!(width(Some(81.3)), ["81.3%"]);
        assert_eq!(width(Some(140.0)), ["100.0%"]);
        assert!(width(None).is_empty());
    }
}
