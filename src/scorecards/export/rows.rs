//! The streamed exports' query: visits in the order of the index on
//! (status, started_at, id), one status after the other, each with its
//! answers (or section scores) in the order of their unique index, so
//! neither database sorts anything. Locations and checklists are filtered
//! by id lists from the [`Lookup`](super::lookup::Lookup), not by joins,
//! which would cost the planners that order.
use chrono::{DateTime, SecondsFormat, Utc};

use super::lookup::Lookup;
use crate::scorecards::Filters;
use crate::scorecards::rows::day_bounds;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// What to read, resolved from the filters.
#[derive(Clone)]
pub struct Plan {
    pub statuses: Vec<&'static str>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub locations: Option<Vec<i32>>,
    pub versions: Option<Vec<i32>>,
}

/// A query's text and its parameters after the status (`$1`/`?1`).
pub struct Sql {
    pub text: String,
    pub times: Vec<DateTime<Utc>>,
}

fn ids(list: &[i32]) -> String {
    list.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

/// Timestamps as sqlx stores them in SQLite, so text comparison is
/// chronological.
pub fn sqlite_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

impl Plan {
    pub fn new(f: &Filters, lookup: &Lookup) -> Plan {
        let (from, to) = day_bounds(f.from, f.to);
        Plan {
            statuses: if f.include_pending {
                vec!["approved", "submitted"]
            } else {
                vec!["approved"]
            },
            from,
            to,
            locations: lookup.locations_kept(f),
            versions: lookup.versions_kept(f),
        }
    }

    /// `WHERE` for the visits of one status.
    fn filter(&self, d: Dialect) -> Sql {
        let p = |n: usize| match d {
            Dialect::Sqlite => format!("?{n}"),
            Dialect::Postgres => format!("${n}"),
        };
        // SQLite: the unary `+` keeps these off the location index, whose
        // order is not the one wanted.
        let plus = if d == Dialect::Sqlite { "+" } else { "" };
        let mut text = format!("v.status = {} AND v.started_at IS NOT NULL", p(1));
        let mut times = vec![];
        for (bound, op) in [(self.from, ">="), (self.to, "<")] {
            if let Some(t) = bound {
                times.push(t);
                text += &format!(" AND v.started_at {op} {}", p(times.len() + 1));
            }
        }
        for (list, col) in
            [(&self.locations, "location_id"), (&self.versions, "checklist_version_id")]
        {
            match list {
                None => {}
                Some(l) if l.is_empty() => text += " AND 1 = 0",
                Some(l) => text += &format!(" AND {plus}v.{col} IN ({})", ids(l)),
            }
        }
        Sql { text, times }
    }

    /// Each visit with its answers (a row of NULLs when it has none).
    pub fn answers(&self, d: Dialect) -> Sql {
        let Sql { text, times } = self.filter(d);
        let visit = "v.id, v.started_at, v.ended_at, v.location_id, v.checklist_version_id, \
            v.score, v.critical_failed";
        let answer = "code, value, na, earned, possible, failed, comment";
        // SQLite: `v.rowid` tells the planner each visit comes once, so
        // the answers' index order serves the rest of the ORDER BY
        // (without it, a temporary B-tree per visit).
        let text = match d {
            Dialect::Sqlite => format!(
                "SELECT {visit}, a.code, a.value, a.na, a.earned, a.possible, a.failed, a.comment \
                 FROM visits v LEFT JOIN visit_answers a ON a.visit_id = v.id \
                 WHERE {text} ORDER BY v.started_at, v.id, v.rowid, a.code"
            ),
            // A lateral subquery with its own ORDER BY stays a per-visit
            // index scan, so the visits keep the index's order.
            Dialect::Postgres => format!(
                "SELECT {visit}, a.* FROM visits v LEFT JOIN LATERAL \
                 (SELECT {answer} FROM visit_answers va WHERE va.visit_id = v.id \
                  ORDER BY va.code) a ON true \
                 WHERE {text} ORDER BY v.started_at, v.id"
            ),
        };
        Sql { text, times }
    }

    /// PostgreSQL, `visits.csv`: one row per visit in the index's order,
    /// its section scores and answers gathered into arrays by the server.
    /// A row per answer instead (about fifty per visit, the visit's columns
    /// repeated or a sort to put them first) cost PostgreSQL most of its
    /// time in producing and sending rows, not in finding them.
    pub fn visits_gathered(&self) -> Sql {
        let Sql { text, times } = self.filter(Dialect::Postgres);
        let text = format!(
            "SELECT v.id, v.started_at, v.ended_at, v.location_id, v.checklist_version_id, \
               v.score, v.critical_failed, s.categories, s.pcts, a.codes, a.vals, a.nas \
             FROM visits v \
             CROSS JOIN LATERAL (SELECT array_agg(vs.category::text) AS categories, \
                 array_agg(vs.pct) AS pcts \
               FROM visit_sections vs WHERE vs.visit_id = v.id) s \
             CROSS JOIN LATERAL (SELECT array_agg(va.code::text) AS codes, \
                 array_agg(va.value::text) AS vals, array_agg(va.na) AS nas \
               FROM visit_answers va WHERE va.visit_id = v.id) a \
             WHERE {text} ORDER BY v.started_at, v.id"
        );
        Sql { text, times }
    }

    /// Each visit's category scores, in the same order of visits as the
    /// answers (SQLite; PostgreSQL reads them in [`Plan::visits_gathered`]).
    pub fn sections(&self) -> Sql {
        let Sql { text, times } = self.filter(Dialect::Sqlite);
        let text = format!(
            "SELECT v.started_at, v.id, s.category, s.pct \
             FROM visits v JOIN visit_sections s ON s.visit_id = v.id \
             WHERE {text} ORDER BY v.started_at, v.id, v.rowid, s.category"
        );
        Sql { text, times }
    }

    /// The checklist versions of the visits kept.
    pub fn versions_used(&self, d: Dialect) -> Sql {
        let Sql { text, times } = self.filter(d);
        Sql {
            text: format!("SELECT DISTINCT v.checklist_version_id FROM visits v WHERE {text}"),
            times,
        }
    }
}

/// A visit as the writers see it; times already in their CSV form.
pub struct VisitRow {
    pub id: String,
    pub status: &'static str,
    pub started_at: String,
    pub ended_at: String,
    pub location_id: i32,
    pub version_id: i32,
    pub score: Option<f64>,
    pub critical_failed: bool,
}

pub struct AnswerRow<'a> {
    pub code: &'a str,
    pub value: Option<&'a str>,
    pub na: bool,
    pub earned: Option<f64>,
    pub possible: Option<f64>,
    pub failed: bool,
    pub comment: &'a str,
}

/// RFC 3339 in UTC, as the API writes times.
pub fn csv_time(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339()).unwrap_or_default()
}
