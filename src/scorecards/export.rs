//! CSV exports: the scorecard as one row per figure, and the raw answers
//! one row per answer, read a page at a time (keyset on the answer id) so
//! an export of a million visits runs in constant memory.
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query};
use sea_orm::{ConnectionTrait, QueryResult};

use super::filters::Filters;
use super::query::Scorecard;
use super::rows::{day_bounds, visits_in};
use super::stats::Stat;
use crate::error::AppResult;

/// Spreadsheet programs read UTF-8 (and so Persian and Arabic) only with it.
pub const BOM: &str = "\u{feff}";

/// A cell a spreadsheet would run as a formula is made plain text.
pub fn neutralise(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

fn csv_line(fields: &[String]) -> AppResult<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(fields).map_err(anyhow::Error::from)?;
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}").into())
}

fn num(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

const SCORECARD_HEADER: [&str; 10] = [
    "brand_id",
    "brand",
    "own",
    "scope",
    "category",
    "criterion",
    "channel",
    "mean",
    "n",
    "stddev",
];

/// The scorecard as CSV: per brand its overall, category, criterion and
/// channel figures, then the gaps.
pub fn scorecard_csv(card: &Scorecard) -> AppResult<Vec<u8>> {
    let mut out = BOM.as_bytes().to_vec();
    out.extend(csv_line(&SCORECARD_HEADER.map(String::from))?);
    for b in &card.brands {
        let line = |scope: &str, category: &str, criterion: &str, channel: &str, s: &Stat| {
            csv_line(&[
                b.brand.id.to_string(),
                neutralise(&b.brand.name),
                b.brand.own.to_string(),
                scope.to_owned(),
                neutralise(category),
                neutralise(criterion),
                channel.to_owned(),
                num(s.mean()),
                s.n.to_string(),
                num(s.stddev()),
            ])
        };
        out.extend(line("overall", "", "", "", &b.overall)?);
        for (c, s) in &b.categories {
            out.extend(line("category", c, "", "", s)?);
        }
        for (code, s) in &b.criteria {
            let c = card.criterion_categories.get(code).map(String::as_str).unwrap_or("");
            out.extend(line("criterion", c, code, "", s)?);
        }
        for (ch, s) in &b.channels {
            out.extend(line("channel", "", "", ch, s)?);
        }
    }
    out.extend(b"\n");
    out.extend(csv_line(
        &[
            "category",
            "criterion",
            "own_mean",
            "best_competitor_id",
            "best_competitor_mean",
            "delta",
        ]
        .map(String::from),
    )?);
    for g in &card.gaps {
        out.extend(csv_line(&[
            neutralise(&g.key.category),
            neutralise(g.key.criterion.as_deref().unwrap_or("")),
            num(g.own.mean()),
            g.best_competitor_id.to_string(),
            num(g.best_competitor.mean()),
            g.delta.to_string(),
        ])?);
    }
    Ok(out)
}

pub const ANSWERS_HEADER: [&str; 20] = [
    "visit_id",
    "status",
    "started_at",
    "brand_id",
    "brand",
    "location_id",
    "location",
    "channel",
    "region",
    "checklist_id",
    "checklist_version",
    "category",
    "code",
    "value",
    "na",
    "earned",
    "possible",
    "pct",
    "failed",
    "comment",
];

pub fn answers_header() -> AppResult<Vec<u8>> {
    let mut out = BOM.as_bytes().to_vec();
    out.extend(csv_line(&ANSWERS_HEADER.map(String::from))?);
    Ok(out)
}

pub const ANSWERS_PAGE: u64 = 2000;

fn a(s: &str) -> Alias {
    Alias::new(s)
}

fn answer_line(r: &QueryResult) -> AppResult<Vec<u8>> {
    let text = |c: &str| -> AppResult<String> {
        Ok(r.try_get::<Option<String>>("", c)?.unwrap_or_default())
    };
    let earned: Option<f64> = r.try_get("", "earned")?;
    let possible: Option<f64> = r.try_get("", "possible")?;
    let na: bool = r.try_get("", "na")?;
    let pct = match (na, earned, possible) {
        (false, Some(e), Some(p)) if p > 0.0 => Some(100.0 * e / p),
        _ => None,
    };
    let started: Option<DateTime<Utc>> = r.try_get("", "started_at")?;
    csv_line(&[
        text("visit_id")?,
        text("status")?,
        started.map(|t| t.to_rfc3339()).unwrap_or_default(),
        r.try_get::<i32>("", "brand_id")?.to_string(),
        neutralise(&text("brand")?),
        r.try_get::<i32>("", "location_id")?.to_string(),
        neutralise(&text("location")?),
        text("channel")?,
        neutralise(&text("region")?),
        r.try_get::<i32>("", "checklist_id")?.to_string(),
        r.try_get::<i32>("", "version")?.to_string(),
        text("category")?,
        neutralise(&text("code")?),
        neutralise(&text("value")?),
        na.to_string(),
        num(earned),
        num(possible),
        num(pct),
        r.try_get::<bool>("", "failed")?.to_string(),
        neutralise(&text("comment")?),
    ])
}

/// One page of answer rows after answer id `after`, as CSV lines, and the
/// last id read (`None` when there are no more).
pub async fn answers_page(
    db: &impl ConnectionTrait,
    f: &Filters,
    after: i64,
) -> AppResult<(Vec<u8>, Option<i64>)> {
    let statuses: &[&str] =
        if f.include_pending { &["approved", "submitted"] } else { &["approved"] };
    let mut q = Query::select();
    visits_in(&mut q, statuses, day_bounds(f.from, f.to), f);
    q.join(
        JoinType::InnerJoin,
        a("visit_answers"),
        Expr::col((a("visit_answers"), a("visit_id"))).equals((a("v"), a("id"))),
    )
    .join(
        JoinType::InnerJoin,
        a("brands"),
        Expr::col((a("brands"), a("id"))).equals((a("locations"), a("brand_id"))),
    )
    .join(
        JoinType::LeftJoin,
        a("checklist_criteria"),
        Expr::col((a("checklist_criteria"), a("version_id")))
            .equals((a("v"), a("checklist_version_id")))
            .and(
                Expr::col((a("checklist_criteria"), a("code")))
                    .equals((a("visit_answers"), a("code"))),
            ),
    )
    .join(
        JoinType::LeftJoin,
        a("checklist_sections"),
        Expr::col((a("checklist_sections"), a("id")))
            .equals((a("checklist_criteria"), a("section_id"))),
    );
    for (t, c, name) in [
        ("visit_answers", "id", "answer_id"),
        ("v", "id", "visit_id"),
        ("v", "status", "status"),
        ("v", "started_at", "started_at"),
        ("locations", "brand_id", "brand_id"),
        ("brands", "name", "brand"),
        ("locations", "id", "location_id"),
        ("locations", "name", "location"),
        ("locations", "channel", "channel"),
        ("locations", "region", "region"),
        ("checklist_versions", "checklist_id", "checklist_id"),
        ("checklist_versions", "version", "version"),
        ("checklist_sections", "category", "category"),
        ("visit_answers", "code", "code"),
        ("visit_answers", "value", "value"),
        ("visit_answers", "na", "na"),
        ("visit_answers", "earned", "earned"),
        ("visit_answers", "possible", "possible"),
        ("visit_answers", "failed", "failed"),
        ("visit_answers", "comment", "comment"),
    ] {
        q.expr_as(Expr::col((a(t), a(c))), a(name));
    }
    q.and_where(Expr::col((a("visit_answers"), a("id"))).gt(after))
        .order_by((a("visit_answers"), a("id")), Order::Asc)
        .limit(ANSWERS_PAGE);
    let rows = db.query_all(&q).await?;
    let mut out = Vec::new();
    let mut last = None;
    for r in &rows {
        out.extend(answer_line(r)?);
        last = Some(r.try_get::<i64>("", "answer_id")?);
    }
    Ok((out, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("Downtown"), "Downtown");
        assert_eq!(neutralise(""), "");
    }
}
