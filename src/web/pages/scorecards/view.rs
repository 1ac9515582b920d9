//! The scorecard page as a pure function of its view model and the locale:
//! filters, the brand-by-category matrix with consistency beside the mean,
//! criteria under their category, gaps, trend and exports.
use std::collections::BTreeSet;

use maud::{Markup, html};

use super::bars::{Bar, Card, cards};
use super::form::filters_form;
use super::gaps::gaps;
use super::trend::trend_section;
use super::{Behind, PageQuery, query_pairs, visits_link};
use crate::checklists::document::category;
use crate::entities::brand;
use crate::error::FieldErrors;
use crate::i18n::{Locale, format_date, format_decimal, format_int};
use crate::places::Channel;
use crate::scorecards::labels::Labels;
use crate::scorecards::query::{BrandCard, Scorecard, TrendSeries};
use crate::scorecards::{Filters, Interval, Stat};
use crate::web::components::swatch;
use crate::web::context::Ctx;
use crate::web::{layout, paths};

/// Below this many visits a figure is marked as weak evidence.
pub const WEAK_BELOW: i64 = 5;

pub struct Options {
    pub brands: Vec<brand::Model>,
    pub checklists: Vec<(i32, String)>,
    pub regions: Vec<String>,
    /// `(ROUND_ID:YYYY-MM-DD, label)` of recent round periods (managers).
    pub round_periods: Vec<(String, String)>,
}

pub struct Results {
    pub card: Scorecard,
    /// Category titles and prompts, for people rather than keys.
    pub labels: Labels,
    pub trend: Vec<TrendSeries>,
    pub interval: Interval,
}

pub struct Model {
    pub query: PageQuery,
    pub errors: FieldErrors,
    pub options: Options,
    pub results: Option<Results>,
    /// Open and overdue actions per own brand and category.
    pub actions: Markup,
}

pub fn pct(l: Locale, x: f64) -> String {
    format_decimal(l, x, 1)
}

/// Mean, n and spread, linked to the visits behind them; weak evidence
/// marked by a sign and words, not colour alone.
pub fn cell(l: Locale, s: &Stat, href: &str) -> Markup {
    let (Some(mean), Some(sd)) = (s.mean(), s.stddev()) else {
        return html! { td.empty { span aria-hidden="true" { "–" } span.visually-hidden { (l.t("scorecard-no-visits")) } } };
    };
    let weak = s.n < WEAK_BELOW;
    html! {
        td.weak[weak] {
            a href=(href) {
                span.mean { (pct(l, mean)) @if weak { span.weak-mark aria-hidden="true" { "†" } } }
                span.meta { (l.t_args("scorecard-n", &[("n", format_int(l, s.n))])) " " (l.t_args("scorecard-sd", &[("sd", pct(l, sd))])) }
                @if weak { span.visually-hidden { (l.t("scorecard-weak")) } }
            }
        }
    }
}

fn brand_header(l: Locale, b: &brand::Model) -> Markup {
    html! {
        th scope="col" {
            (swatch(&b.color)) " " bdi { (b.name) }
            @if b.own { " " span.badge.badge-own { (l.t("scorecard-own")) } }
        }
    }
}

fn channel_name(l: Locale, c: &str) -> String {
    Channel::parse(c).map_or_else(|| c.to_owned(), |c| l.t(c.label_key()))
}

/// Built-in categories in DESIGN.md's order, then custom ones by key.
fn categories(card: &Scorecard) -> Vec<String> {
    let seen: BTreeSet<&String> = card.brands.iter().flat_map(|b| b.categories.keys()).collect();
    let mut out: Vec<String> = seen.into_iter().cloned().collect();
    out.sort_by_key(|c| {
        (category::BUILT_IN.iter().position(|b| b == c).unwrap_or(usize::MAX), c.clone())
    });
    out
}

/// A channel and its mean.
type ChannelMean<'a> = (&'a str, f64);

/// The best and worst channel of a brand, with their means.
fn channel_ends(b: &BrandCard) -> Option<(ChannelMean<'_>, ChannelMean<'_>)> {
    let means: Vec<ChannelMean> =
        b.channels.iter().filter_map(|(c, s)| s.mean().map(|m| (c.as_str(), m))).collect();
    if means.len() < 2 {
        return None;
    }
    let best = means.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let worst = means.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1))?;
    Some((best, worst))
}

fn consistency_rows(l: Locale, card: &Scorecard) -> Markup {
    let f = &card.filters;
    let link = |b: &BrandCard, channel: Option<&str>| {
        visits_link(f, Behind { brand_id: Some(b.brand.id), channel, ..Default::default() })
    };
    html! {
        tr.consistency {
            th scope="row" { (l.t("scorecard-consistency")) }
            @for b in &card.brands {
                td { @if let Some(sd) = b.overall.stddev() { a href=(link(b, None)) { "± " (pct(l, sd)) } } @else { "–" } }
            }
        }
        tr.consistency {
            th scope="row" { (l.t("scorecard-channel-gap")) }
            @for b in &card.brands {
                td.channel-gap {
                    @match (b.channel_gap, channel_ends(b)) {
                        (Some(gap), Some(((bc, bm), (wc, wm)))) => {
                            span.mean { (pct(l, gap)) }
                            span.meta {
                                a href=(link(b, Some(bc))) { (l.t_args("scorecard-channel-best", &[("channel", channel_name(l, bc)), ("mean", pct(l, bm))])) }
                                " · "
                                a href=(link(b, Some(wc))) { (l.t_args("scorecard-channel-worst", &[("channel", channel_name(l, wc)), ("mean", pct(l, wm))])) }
                            }
                        }
                        _ => { span.muted { (l.t("scorecard-one-channel")) } }
                    }
                }
            }
        }
    }
}

/// The scorecard again with one category's criteria open.
pub(super) fn criteria_href(f: &Filters, interval: Interval, c: &str) -> String {
    let mut pairs = query_pairs(f, interval);
    pairs.push(("criteria", c.to_owned()));
    format!("{}#criteria", paths::with_query(paths::SCORECARD, &pairs))
}

/// One criterion across brands and months, keeping the filters.
pub(super) fn criterion_href(f: &Filters, code: &str) -> String {
    let mut pairs = query_pairs(f, Interval::Month);
    pairs.retain(|(k, _)| *k != "interval");
    paths::with_query(&paths::scorecard_criterion(code), &pairs)
}

/// The matrix as cards for a phone: overall (with spread and channel gap)
/// and each category, a bar per brand.
fn matrix_cards(
    l: Locale,
    card: &Scorecard,
    labels: &Labels,
    cats: &[String],
    interval: Interval,
) -> Markup {
    let f = &card.filters;
    let link = |b: &BrandCard| {
        Some(visits_link(f, Behind { brand_id: Some(b.brand.id), ..Default::default() }))
    };
    let overall = Card {
        title: l.t("scorecard-overall"),
        code: None,
        href: None,
        bars: card
            .brands
            .iter()
            .map(|b| {
                let sd =
                    b.overall.stddev().map(|sd| l.t_args("scorecard-sd", &[("sd", pct(l, sd))]));
                let gap =
                    b.channel_gap.map(|g| l.t_args("scorecard-card-gap", &[("gap", pct(l, g))]));
                let extra = [sd, gap].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                Bar {
                    brand: &b.brand,
                    stat: b.overall,
                    href: link(b),
                    extra: Some(extra).filter(|e| !e.is_empty()),
                }
            })
            .collect(),
    };
    let mut all = vec![overall];
    for c in cats {
        all.push(Card {
            title: labels.category(l, c),
            code: None,
            href: Some(criteria_href(f, interval, c)),
            bars: card
                .brands
                .iter()
                .map(|b| Bar {
                    brand: &b.brand,
                    stat: b.categories.get(c).copied().unwrap_or_default(),
                    href: None,
                    extra: None,
                })
                .collect(),
        });
    }
    cards(l, &all)
}

fn matrix(
    l: Locale,
    card: &Scorecard,
    labels: &Labels,
    cats: &[String],
    interval: Interval,
) -> Markup {
    let f = &card.filters;
    let link =
        |b: &BrandCard| visits_link(f, Behind { brand_id: Some(b.brand.id), ..Default::default() });
    html! {
        section.card.compare #matrix {
            h2 { (l.t("scorecard-matrix")) }
            (matrix_cards(l, card, labels, cats, interval))
            div.table-wrap { table.data.scorecard {
                thead { tr {
                    th scope="col" { (l.t("section-category")) }
                    @for b in &card.brands { (brand_header(l, &b.brand)) }
                } }
                tbody {
                    tr.overall {
                        th scope="row" { (l.t("scorecard-overall")) }
                        @for b in &card.brands { (cell(l, &b.overall, &link(b))) }
                    }
                    (consistency_rows(l, card))
                    @for c in cats {
                        tr data-category=(c) {
                            th scope="row" { a href=(criteria_href(f, interval, c)) { (labels.category(l, c)) } }
                            @for b in &card.brands { (cell(l, b.categories.get(c).unwrap_or(&Stat::default()), &link(b))) }
                        }
                    }
                }
            } }
            p.legend.hint { (l.t_args("scorecard-legend", &[("min", format_int(l, WEAK_BELOW))])) }
        }
    }
}

/// A criterion's prompt (the code when none is known) and its code.
pub(super) fn prompt_and_code(l: Locale, labels: &Labels, code: &str) -> Markup {
    html! {
        @match labels.prompt(l, code) {
            Some(p) => { bdi.prompt { (p) } " " small.code.ltr { (code) } }
            None => { span.code.ltr { (code) } }
        }
    }
}

/// A criterion's mean and n, unlinked: its visits are the brand's, linked
/// from the column head. Kept lean, as a standard has dozens of criteria
/// and a programme may have ten brands.
fn criterion_cell(l: Locale, s: Option<&Stat>) -> Markup {
    match s.and_then(|s| s.mean().map(|m| (s.n, m))) {
        None => html! { td.empty { "–" } },
        Some((n, mean)) => html! {
            td.weak[n < WEAK_BELOW] {
                span.mean { (pct(l, mean)) @if n < WEAK_BELOW { span.weak-mark { "†" } } }
                span.meta { (l.t_args("scorecard-n", &[("n", format_int(l, n))])) }
            }
        },
    }
}

/// The criterion rows of the one category asked for in the URL, and links
/// to the others: every category's criteria at once, for ten brands, would
/// be several times the page budget.
fn criteria(
    l: Locale,
    card: &Scorecard,
    labels: &Labels,
    cats: &[String],
    open: &str,
    interval: Interval,
) -> Markup {
    let f = &card.filters;
    let link =
        |b: &BrandCard| visits_link(f, Behind { brand_id: Some(b.brand.id), ..Default::default() });
    let codes_of = |c: &str| -> Vec<&String> {
        card.criterion_categories
            .iter()
            .filter(|(code, cat)| {
                *cat == c && card.brands.iter().any(|b| b.criteria.contains_key(*code))
            })
            .map(|(code, _)| code)
            .collect()
    };
    let codes = codes_of(open);
    let phone: Vec<Card> = codes
        .iter()
        .map(|code| Card {
            title: labels.prompt(l, code).unwrap_or_else(|| code.to_string()),
            code: Some(code.as_str()),
            href: Some(criterion_href(f, code)),
            bars: card
                .brands
                .iter()
                .map(|b| Bar {
                    brand: &b.brand,
                    stat: b.criteria.get(*code).copied().unwrap_or_default(),
                    href: None,
                    extra: None,
                })
                .collect(),
        })
        .collect();
    html! {
        section.card.compare #criteria {
            h2 { (l.t("scorecard-criteria-title")) }
            ul.inline-list { @for c in cats {
                @let n = codes_of(c).len();
                @if n > 0 { li {
                    a href=(criteria_href(f, interval, c)) aria-current=[(c == open).then_some("true")] {
                        (labels.category(l, c)) " · " (format_int(l, n as i64))
                    }
                } }
            } }
            @if codes.is_empty() {
                p.hint { (l.t("scorecard-criteria-pick")) }
            } @else {
                (cards(l, &phone))
                div.table-wrap { table.data.scorecard {
                    caption { (labels.category(l, open)) }
                    thead { tr {
                        th scope="col" { (l.t("scorecard-criterion")) }
                        @for b in &card.brands { th scope="col" { a href=(link(b)) { bdi { (b.brand.name) } } } }
                    } }
                    tbody { @for code in &codes { tr {
                        th scope="row" { a href=(criterion_href(f, code)) { (prompt_and_code(l, labels, code)) } }
                        @for b in &card.brands { (criterion_cell(l, b.criteria.get(*code))) }
                    } } }
                } }
                p.hint { (l.t("scorecard-criteria-open-hint")) }
            }
        }
    }
}

fn exports(l: Locale, f: &Filters) -> Markup {
    let mut pairs = query_pairs(f, Interval::Month);
    pairs.retain(|(k, _)| *k != "interval");
    html! {
        section.card #exports {
            h2 { (l.t("scorecard-exports")) }
            ul.exports {
                li { a href=(paths::with_query(&paths::api(paths::API_EXPORT_SCORECARD), &pairs)) download { (l.t("scorecard-export-scorecard")) } }
                li { a href=(paths::with_query(&paths::api(paths::API_EXPORT_VISITS), &pairs)) download { (l.t("scorecard-export-visits")) } }
                li { a href=(paths::with_query(&paths::api(paths::API_EXPORT_ANSWERS), &pairs)) download { (l.t("scorecard-export-answers")) } }
            }
        }
    }
}

pub(super) fn range_text(l: Locale, f: &Filters) -> String {
    match (f.from, f.to) {
        (None, None) => l.t("scorecard-range-all"),
        (from, to) => l.t_args(
            "scorecard-showing",
            &[
                ("from", from.map(|d| format_date(l, d)).unwrap_or_default()),
                ("to", to.map(|d| format_date(l, d)).unwrap_or_default()),
            ],
        ),
    }
}

pub fn page(ctx: &Ctx, m: &Model) -> Markup {
    let l = ctx.locale;
    let body = html! {
        (filters_form(ctx, m))
        @match &m.results {
            None => { p.muted role="alert" { (l.t("scorecard-fix-filters")) } }
            Some(r) if r.card.brands.iter().all(|b| b.overall.n == 0) => {
                p.muted { (range_text(l, &r.card.filters)) } p { (l.t("scorecard-empty")) }
            }
            Some(r) => {
                @let cats = categories(&r.card);
                p.muted.range { (range_text(l, &r.card.filters)) }
                (matrix(l, &r.card, &r.labels, &cats, r.interval))
                (gaps(l, &r.card, &r.labels))
                (trend_section(l, &r.card.filters, &r.trend, r.interval))
                (criteria(l, &r.card, &r.labels, &cats, &m.query.criteria, r.interval))
                (exports(l, &r.card.filters))
            }
        }
        (m.actions)
    };
    layout::page(ctx, &l.t("nav-scorecard"), body)
}
