//! The scorecard page (managers, trainers, admins): filters in the URL, so
//! a view can be bookmarked and shared; the figures come from the same
//! domain functions as `GET /api/v1/scorecard` and its trend.
mod bars;
mod chart;
pub mod criterion;
mod form;
mod gaps;
mod trend;
pub mod view;

use crate::web::extract::Query;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Days, Months, NaiveDate, Utc};

use crate::accounts::Role;
use crate::app::AppState;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{Locale, Msg, as_iso};
use crate::places::{brands, locations};
use crate::scorecards::{FilterQuery, Filters, Interval};
use crate::scorecards::{labels, query};
use crate::web::context::CurrentUser;
use crate::web::paths;
use view::{Model, Options, Results};

/// Date range presets, as sent in `range`.
pub const RANGES: [&str; 5] = ["all", "30d", "quarter", "year", "custom"];

/// What the form sent, as typed. Brands come as repeated `brands` fields
/// (checkboxes) or one comma-separated value (the API's form), so the
/// query is read as pairs.
#[derive(Clone, Debug, Default)]
pub struct PageQuery {
    pub range: String,
    pub filters: FilterQuery,
    /// The category whose criteria are shown: one at a time keeps the page
    /// small with ten brands and dozens of criteria.
    pub criteria: String,
}

impl PageQuery {
    pub fn from_pairs(pairs: &[(String, String)]) -> PageQuery {
        let mut q = PageQuery::default();
        let f = &mut q.filters;
        let mut brands: Vec<&str> = vec![];
        for (k, v) in pairs {
            match k.as_str() {
                "range" => q.range = v.clone(),
                "from" => f.from = v.clone(),
                "to" => f.to = v.clone(),
                "channel" => f.channel = v.clone(),
                "region" => f.region = v.clone(),
                "checklist_id" => f.checklist_id = v.clone(),
                "brands" => brands.extend(v.split(',').map(str::trim).filter(|s| !s.is_empty())),
                "include_pending" => f.include_pending = v.clone(),
                "interval" => f.interval = v.clone(),
                "round_period" => f.round_period = v.clone(),
                "criteria" => q.criteria = v.clone(),
                _ => {}
            }
        }
        f.brands = brands.join(",");
        q
    }

    /// The range preset in force: typed dates without a preset are custom.
    pub fn range(&self) -> &str {
        match self.range.trim() {
            "" if !self.filters.from.trim().is_empty() || !self.filters.to.trim().is_empty() => {
                "custom"
            }
            "" => "all",
            r => r,
        }
    }

    /// The filters, with a preset turned into dates ending `today`; every
    /// bad value named at once. Typed dates are read in the reader's
    /// calendar (Solar Hijri text on a Persian page) and go on as ISO, so
    /// every link built from the result is ISO.
    pub fn parse(&self, l: Locale, today: NaiveDate) -> Result<(Filters, Interval), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut fq = self.filters.clone();
        fq.from = as_iso(l, &fq.from);
        fq.to = as_iso(l, &fq.to);
        let preset = match self.range() {
            "all" => Some((None, None)),
            "30d" => Some((Some(today - Days::new(29)), Some(today))),
            "quarter" => Some((Some(quarter_start(today)), Some(today))),
            "year" => Some((
                today.checked_sub_months(Months::new(12)).map(|d| d + Days::new(1)),
                Some(today),
            )),
            "custom" => None,
            _ => {
                errors.insert("range".into(), Msg::new("scorecard-range-invalid"));
                None
            }
        };
        if let Some((from, to)) = preset {
            fq.from = from.map(|d| d.to_string()).unwrap_or_default();
            fq.to = to.map(|d| d.to_string()).unwrap_or_default();
        }
        let filters = fq.parse().map_err(|e| merge(&mut errors, e)).ok();
        let interval = fq.interval().map_err(|e| merge(&mut errors, e)).ok();
        match (filters, interval) {
            (Some(f), Some(i)) if errors.is_empty() => Ok((f, i)),
            _ => Err(errors),
        }
    }
}

fn merge(into: &mut FieldErrors, e: AppError) {
    if let AppError::Validation(errors) = e {
        into.extend(errors);
    }
}

/// The first day of the calendar quarter holding `d`.
fn quarter_start(d: NaiveDate) -> NaiveDate {
    let month = (d.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(d.year(), month, 1).expect("a quarter starts on a real day")
}

/// The query string of a scorecard view, for links that keep the filters.
pub fn query_pairs(f: &Filters, interval: Interval) -> Vec<(&'static str, String)> {
    let ids: Vec<String> = f.brand_ids.iter().map(i32::to_string).collect();
    vec![
        ("from", f.from.map(|d| d.to_string()).unwrap_or_default()),
        ("to", f.to.map(|d| d.to_string()).unwrap_or_default()),
        ("channel", f.channel.map(|c| c.as_str().to_owned()).unwrap_or_default()),
        ("region", f.region.clone().unwrap_or_default()),
        ("checklist_id", f.checklist_id.map(|c| c.to_string()).unwrap_or_default()),
        ("brands", ids.join(",")),
        ("include_pending", if f.include_pending { "true".into() } else { String::new() }),
        ("interval", if interval == Interval::Week { "week".into() } else { String::new() }),
    ]
}

/// Which visits a figure was computed from.
#[derive(Clone, Copy, Debug, Default)]
pub struct Behind<'a> {
    pub brand_id: Option<i32>,
    /// Every own brand pooled (the gaps' own side).
    pub own: bool,
    pub channel: Option<&'a str>,
    /// A narrower date range than the filters' (a trend period).
    pub dates: Option<(NaiveDate, NaiveDate)>,
}

/// The visit list holding exactly the visits behind a figure.
pub fn visits_link(f: &Filters, b: Behind) -> String {
    let (from, to) = b.dates.map_or((f.from, f.to), |(lo, hi)| {
        (Some(f.from.map_or(lo, |x| x.max(lo))), Some(f.to.map_or(hi, |x| x.min(hi))))
    });
    let status = if f.include_pending { "approved,submitted" } else { "approved" };
    let channel = b.channel.map(str::to_owned).or(f.channel.map(|c| c.as_str().to_owned()));
    paths::with_query(
        paths::VISITS,
        &[
            ("status", status.to_owned()),
            ("brand_id", b.brand_id.map(|b| b.to_string()).unwrap_or_default()),
            ("own", if b.own { "true".into() } else { String::new() }),
            ("from", from.map(|d| d.to_string()).unwrap_or_default()),
            ("to", to.map(|d| d.to_string()).unwrap_or_default()),
            ("channel", channel.unwrap_or_default()),
            ("region", f.region.clone().unwrap_or_default()),
            ("checklist_id", f.checklist_id.map(|c| c.to_string()).unwrap_or_default()),
        ],
    )
}

/// The first and last day of a trend period: `2026-01` or `2026-W03`.
pub fn period_dates(period: &str) -> Option<(NaiveDate, NaiveDate)> {
    if let Some((y, w)) = period.split_once("-W") {
        let start =
            NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, chrono::Weekday::Mon)?;
        return Some((start, start + Days::new(6)));
    }
    let start = NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d").ok()?;
    Some((start, start.checked_add_months(Months::new(1))? - Days::new(1)))
}

/// `GET /scorecard`: bad filters re-render the form with their messages
/// (422), keeping what was typed.
pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    actor.require(Role::reads_all_visits)?;
    let q = PageQuery::from_pairs(&pairs);
    let options = Options {
        brands: brands::list(&app.db, false).await?,
        checklists: crate::checklists::store::list(&app.db)
            .await?
            .into_iter()
            .map(|s| (s.checklist.id, s.checklist.name))
            .collect(),
        regions: locations::regions(&app.db).await?,
        round_periods: crate::web::pages::rounds::period_options(&app, &actor, ctx.locale).await?,
    };
    let (results, errors) = match q.parse(ctx.locale, Utc::now().date_naive()) {
        Ok((f, interval)) => {
            let card = query::scorecard(&app.db, &actor, &f).await?;
            let trend = query::trend(&app.db, &actor, &f, interval).await?;
            let labels = labels::load(&app.db, f.checklist_id).await?;
            (Some(Results { card, trend, labels, interval }), FieldErrors::new())
        }
        Err(errors) => (None, errors),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let counts = crate::actions::counts::by_brand_and_category(&app.db, &actor).await?;
    let names = labels::load(&app.db, None).await?;
    let actions = super::actions::scorecard::section(ctx.locale, &counts, &options.brands, &names);
    let model = Model { query: q, errors, options, results, actions };
    Ok((status, view::page(&ctx, &model)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn checkboxes_and_commas_both_name_brands() {
        let q = PageQuery::from_pairs(&pairs(&[("brands", "3"), ("brands", "1,2")]));
        assert_eq!(q.filters.brands, "3,1,2");
    }

    #[test]
    fn presets_end_today() {
        let today = d("2026-05-20");
        let at = |r: &str| {
            let q = PageQuery::from_pairs(&pairs(&[("range", r), ("from", "junk")]));
            let (f, _) = q.parse(Locale::En, today).unwrap();
            (f.from, f.to)
        };
        assert_eq!(at("30d"), (Some(d("2026-04-21")), Some(today)));
        assert_eq!(at("quarter"), (Some(d("2026-04-01")), Some(today)));
        assert_eq!(at("year"), (Some(d("2025-05-21")), Some(today)));
        assert_eq!(at("all"), (None, None));
    }

    #[test]
    fn typed_dates_are_a_custom_range_and_bad_ones_are_named() {
        let q = PageQuery::from_pairs(&pairs(&[("from", "2026-02-30"), ("interval", "day")]));
        assert_eq!(q.range(), "custom");
        let errors = q.parse(Locale::En, d("2026-05-20")).unwrap_err();
        assert!(errors.contains_key("from") && errors.contains_key("interval"), "{errors:?}");
        let q = PageQuery::from_pairs(&pairs(&[("range", "decade")]));
        assert!(q.parse(Locale::En, d("2026-05-20")).unwrap_err().contains_key("range"));
    }

    #[test]
    fn a_trend_period_is_its_days() {
        assert_eq!(period_dates("2024-02"), Some((d("2024-02-01"), d("2024-02-29"))));
        assert_eq!(period_dates("2026-W01"), Some((d("2025-12-29"), d("2026-01-04"))));
        assert_eq!(period_dates("nonsense"), None);
    }

    #[test]
    fn a_figure_links_to_the_visits_behind_it() {
        let f =
            Filters { from: Some(d("2026-01-10")), include_pending: true, ..Default::default() };
        let b = Behind {
            brand_id: Some(4),
            dates: Some((d("2026-01-01"), d("2026-01-31"))),
            ..Default::default()
        };
        assert_eq!(
            visits_link(&f, b),
            "/visits?status=approved%2Csubmitted&brand_id=4&from=2026-01-10&to=2026-01-31"
        );
    }
}
