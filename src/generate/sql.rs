//! Multi-row INSERTs written as literal SQL: at a million visits (about
//! forty million answers) building bound statements row by row costs more
//! than the database's own work. Every value here is made by the generator
//! (numbers, fixed codes, UUIDs), and text is quoted anyway.
use std::fmt::Write;

use chrono::{DateTime, Duration, Utc};

use crate::checklists::Section;
use crate::db::time_text;
use crate::visits::Status;
use crate::visits::answers::encode;
use crate::visits::scoring::{Answer, VisitScore};

/// Rows per statement.
const ROWS: usize = 4000;

pub struct Rows {
    /// The reviewer's note on returned visits.
    note: String,
    visits: Vec<String>,
    sections: Vec<String>,
    answers: Vec<String>,
}

fn text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "NULL".into(), |v| format!("{v:?}"))
}

fn boolean(b: bool) -> &'static str {
    if b { "TRUE" } else { "FALSE" }
}

fn time(t: DateTime<Utc>) -> String {
    format!("'{}'", time_text(&t))
}

impl Rows {
    pub fn new(note: String) -> Rows {
        Rows { note, visits: Vec::new(), sections: Vec::new(), answers: Vec::new() }
    }

    #[allow(clippy::too_many_arguments)]
    pub fn visit(
        &mut self,
        id: &str,
        shopper: i32,
        manager: i32,
        location: i32,
        version: i32,
        status: Status,
        at: DateTime<Utc>,
        score: &VisitScore,
    ) {
        let scored = status != Status::Draft;
        let reviewed = matches!(status, Status::Approved | Status::Rejected | Status::Returned);
        let end = at + Duration::minutes(25);
        let submitted = end + Duration::hours(2);
        let reviewed_at = submitted + Duration::hours(20);
        let mut row = String::with_capacity(400);
        let _ = write!(
            row,
            "({},{shopper},{location},{version},NULL,{},{},{},'',{},{},{},{},{},{},{},{})",
            text(id),
            text(status.as_str()),
            time(at),
            time(end),
            if scored { num(score.score) } else { "NULL".into() },
            boolean(scored && score.critical_failed),
            text(if status == Status::Returned { &self.note } else { "" }),
            if scored { time(submitted) } else { "NULL".into() },
            if reviewed { time(reviewed_at) } else { "NULL".into() },
            if reviewed { manager.to_string() } else { "NULL".into() },
            time(at),
            time(if reviewed { reviewed_at } else { end }),
        );
        self.visits.push(row);
        if scored {
            for s in &score.sections {
                self.sections.push(format!(
                    "({},{},{:?},{:?},{:?},{})",
                    text(id),
                    text(&s.category),
                    s.weight,
                    s.earned,
                    s.possible,
                    num(s.pct)
                ));
            }
        }
    }

    pub fn answers(
        &mut self,
        id: &str,
        sections: &[Section],
        answers: &std::collections::HashMap<String, Answer>,
        score: &VisitScore,
    ) {
        let scores: std::collections::HashMap<&str, _> =
            score.criteria.iter().map(|c| (c.code.as_str(), c)).collect();
        for c in sections.iter().flat_map(|s| &s.criteria) {
            let Some(a) = answers.get(&c.code) else { continue };
            let value = encode(a).map_or_else(|| "NULL".into(), |j| text(&j));
            let s = scores.get(c.code.as_str());
            self.answers.push(format!(
                "({},{},{value},{},'',{},{},{})",
                text(id),
                text(&c.code),
                boolean(matches!(a, Answer::Na)),
                num(s.and_then(|s| s.earned)),
                num(s.and_then(|s| s.possible)),
                boolean(s.is_some_and(|s| s.failed)),
            ));
        }
    }

    /// The inserts of everything, into `batch`; returns the number of answers.
    pub fn push_into(self, batch: &mut crate::db::Batch) -> u64 {
        let tables = [
            (
                "visits (id, shopper_id, location_id, checklist_version_id, assignment_id, \
                 status, started_at, ended_at, narrative, score, critical_failed, review_note, \
                 submitted_at, reviewed_at, reviewed_by, created_at, updated_at)",
                &self.visits,
            ),
            ("visit_sections (visit_id, category, weight, earned, possible, pct)", &self.sections),
            (
                "visit_answers (visit_id, code, value, na, comment, earned, possible, failed)",
                &self.answers,
            ),
        ];
        for (head, rows) in tables {
            for chunk in rows.chunks(ROWS) {
                batch.push_sql(format!("INSERT INTO {head} VALUES {}", chunk.join(",")));
            }
        }
        self.answers.len() as u64
    }
}
