//! The trend chart: a pure function from series to inline SVG. A fixed
//! viewBox scaled to the width of its box keeps it readable from a phone to
//! a desktop; each brand has its colour and its own dash pattern, so lines
//! differ without colour too. Time runs left to right in every language
//! (`dir="ltr"` on the SVG), as charts do in Persian and Arabic print.
use maud::{Markup, html};

use crate::i18n::{Locale, format_int};

/// One brand's line: its mean per period, aligned with the chart's periods
/// (`None`: no visit that period).
pub struct Series<'a> {
    pub name: &'a str,
    pub color: &'a str,
    pub values: Vec<Option<f64>>,
}

pub const WIDTH: f64 = 360.0;
pub const HEIGHT: f64 = 200.0;
/// Room for the axis labels: start (left), end, top, bottom.
const PAD: (f64, f64, f64, f64) = (34.0, 12.0, 10.0, 26.0);
/// Dash patterns, one per series in turn, so no line is told by colour alone.
const DASHES: [&str; 4] = ["", "8 4", "2 4", "10 4 2 4"];

/// Where a period's value sits: percentages 0..=100 from bottom to top.
pub fn point(i: usize, periods: usize, pct: f64) -> (f64, f64) {
    let inner_w = WIDTH - PAD.0 - PAD.1;
    let inner_h = HEIGHT - PAD.2 - PAD.3;
    let x = if periods <= 1 {
        PAD.0 + inner_w / 2.0
    } else {
        PAD.0 + inner_w * i as f64 / (periods - 1) as f64
    };
    let y = PAD.2 + inner_h * (1.0 - pct.clamp(0.0, 100.0) / 100.0);
    (x, y)
}

fn points_attr(values: &[Option<f64>]) -> String {
    let n = values.len();
    let pts: Vec<String> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| point(i, n, v)))
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    pts.join(" ")
}

/// The chart: grid lines at 0, 50 and 100 %, the first and last period's
/// label (one per period, as the reader reads dates) under the axis, one
/// polyline per brand (a dot where it has one point).
pub fn chart(l: Locale, title: &str, periods: &[String], series: &[Series]) -> Markup {
    let n = periods.len();
    let (x0, x1) = (PAD.0, WIDTH - PAD.1);
    html! {
        svg.trend-chart viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" dir="ltr"
            aria-label=(title) preserveAspectRatio="xMidYMid meet" {
            @for pct in [0.0, 50.0, 100.0] {
                @let y = point(0, n, pct).1;
                line.grid x1=(x0) x2=(x1) y1=(y) y2=(y) {}
                text.axis x=(x0 - 4.0) y=(y + 4.0) text-anchor="end" { (format_int(l, pct as i64)) }
            }
            @if let (Some(first), Some(last)) = (periods.first(), periods.last()) {
                text.axis x=(x0) y=(HEIGHT - 6.0) text-anchor="start" { (first) }
                @if n > 1 { text.axis x=(x1) y=(HEIGHT - 6.0) text-anchor="end" { (last) } }
            }
            @for (i, s) in series.iter().enumerate() {
                @let dash = DASHES[i % DASHES.len()];
                polyline.series points=(points_attr(&s.values)) stroke=(s.color)
                    stroke-dasharray=[(!dash.is_empty()).then_some(dash)] {}
                @if s.values.iter().flatten().count() == 1 {
                    @if let Some((j, v)) = s.values.iter().enumerate().find_map(|(j, v)| v.map(|v| (j, v))) {
                        @let (x, y) = point(j, n, v);
                        circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="4" fill=(s.color) {}
                    }
                }
            }
        }
        ul.chart-legend {
            @for (i, s) in series.iter().enumerate() {
                li {
                    svg width="28" height="10" viewBox="0 0 28 10" aria-hidden="true" focusable="false" {
                        @let dash = DASHES[i % DASHES.len()];
                        line x1="0" x2="28" y1="5" y2="5" stroke=(s.color) stroke-width="3"
                            stroke-dasharray=[(!dash.is_empty()).then_some(dash)] {}
                    }
                    " " bdi { (s.name) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn sample() -> (Vec<String>, Vec<Series<'static>>) {
        let periods = vec!["2026-01".into(), "2026-02".into(), "2026-03".into()];
        let series = vec![
            Series { name: "Ours", color: "#1f77b4", values: vec![Some(80.0), None, Some(100.0)] },
            Series { name: "Rival", color: "#d62728", values: vec![Some(0.0), Some(55.5), None] },
            Series { name: "Solo", color: "#2ca02c", values: vec![None, Some(40.0), None] },
        ];
        (periods, series)
    }

    fn render(l: Locale) -> Html {
        let (p, s) = sample();
        Html::parse_fragment(&chart(l, "Trend", &p, &s).into_string())
    }

    fn coords(h: &Html) -> Vec<(f64, f64)> {
        let sel = Selector::parse("polyline").unwrap();
        h.select(&sel)
            .flat_map(|e| {
                let pts = e.value().attr("points").unwrap_or("").to_owned();
                pts.split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn one_line_per_brand_in_its_colour() {
        let h = render(Locale::En);
        let sel = Selector::parse("polyline").unwrap();
        let colours: Vec<&str> =
            h.select(&sel).map(|e| e.value().attr("stroke").unwrap()).collect();
        assert_eq!(colours, ["#1f77b4", "#d62728", "#2ca02c"]);
        let legend = Selector::parse(".chart-legend li").unwrap();
        assert_eq!(h.select(&legend).count(), 3);
    }

    #[test]
    fn lines_differ_without_colour() {
        let h = render(Locale::En);
        let sel = Selector::parse("polyline").unwrap();
        let dashes: Vec<Option<&str>> =
            h.select(&sel).map(|e| e.value().attr("stroke-dasharray")).collect();
        assert_eq!(dashes, [None, Some("8 4"), Some("2 4")]);
    }

    #[test]
    fn every_point_is_inside_the_view_box() {
        let pts = coords(&render(Locale::En));
        assert_eq!(pts.len(), 5, "missing periods are left out");
        for (x, y) in pts {
            assert!((0.0..=WIDTH).contains(&x) && (0.0..=HEIGHT).contains(&y), "{x},{y}");
        }
        // Higher scores are higher up; out-of-range values stay inside.
        assert!(point(0, 3, 100.0).1 < point(0, 3, 0.0).1);
        assert_eq!(point(0, 3, 150.0), point(0, 3, 100.0));
    }

    #[test]
    fn a_single_period_is_centred_and_dotted() {
        let s = [Series { name: "A", color: "#000", values: vec![Some(50.0)] }];
        let h =
            Html::parse_fragment(&chart(Locale::En, "T", &["2026-01".into()], &s).into_string());
        assert_eq!(h.select(&Selector::parse("circle").unwrap()).count(), 1);
        assert_eq!(point(0, 1, 50.0).0, PAD.0 + (WIDTH - PAD.0 - PAD.1) / 2.0);
    }

    #[test]
    fn right_to_left_pages_keep_time_running_left_to_right() {
        let h = render(Locale::Fa);
        let svg = h.select(&Selector::parse("svg.trend-chart").unwrap()).next().unwrap();
        assert_eq!(svg.value().attr("dir"), Some("ltr"));
        let axis: Vec<String> = h
            .select(&Selector::parse("text.axis").unwrap())
            .map(|e| e.text().collect::<String>())
            .collect();
        assert!(axis.contains(&"۱۰۰".to_owned()), "{axis:?}");
        assert_eq!(coords(&render(Locale::Fa)), coords(&render(Locale::En)));
    }
}
