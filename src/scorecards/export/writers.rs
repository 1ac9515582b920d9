//! The two streamed exports' rows, written from visits and answers as they
//! arrive in order: a visit, its section scores, its answers, its end.
use super::format::{push_bool, push_field, push_num, push_opt_num, push_text, push_value};
use super::lookup::{Location, Lookup, Version};
use super::rows::{AnswerRow, VisitRow};

pub trait RowWriter: Send {
    fn header(&self, out: &mut Vec<u8>);
    /// Whether [`RowWriter::section`] is wanted (a second query).
    fn wants_sections(&self) -> bool;
    fn visit(&mut self, v: &VisitRow, out: &mut Vec<u8>);
    fn section(&mut self, category: &str, pct: Option<f64>);
    fn answer(&mut self, a: &AnswerRow<'_>, out: &mut Vec<u8>);
    fn end_visit(&mut self, out: &mut Vec<u8>);
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

fn header_line(out: &mut Vec<u8>, names: impl IntoIterator<Item = impl AsRef<str>>) {
    for (i, n) in names.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_text(out, n.as_ref());
    }
    out.push(b'\n');
}

static UNKNOWN: Location = Location {
    brand_id: 0,
    brand: String::new(),
    name: String::new(),
    channel: String::new(),
    region: String::new(),
};

/// The visit's location and version, or blanks for a row that refers to
/// something gone (the lookup is read just before the rows).
fn place<'a>(lookup: &'a Lookup, v: &VisitRow) -> (&'a Location, Option<&'a Version>) {
    (lookup.locations.get(&v.location_id).unwrap_or(&UNKNOWN), lookup.versions.get(&v.version_id))
}

/// `answers.csv`: the visit's fields are written once per visit and copied
/// into each of its answers' rows.
pub struct Answers {
    pub lookup: Lookup,
    prefix: Vec<u8>,
    version: Option<i32>,
}

impl Answers {
    pub fn new(lookup: Lookup) -> Answers {
        Answers { lookup, prefix: Vec::new(), version: None }
    }
}

impl RowWriter for Answers {
    fn header(&self, out: &mut Vec<u8>) {
        header_line(out, ANSWERS_HEADER);
    }

    fn wants_sections(&self) -> bool {
        false
    }

    fn visit(&mut self, v: &VisitRow, _: &mut Vec<u8>) {
        let (l, version) = place(&self.lookup, v);
        let p = &mut self.prefix;
        p.clear();
        push_field(p, &v.id);
        p.push(b',');
        push_field(p, v.status);
        p.push(b',');
        push_field(p, &v.started_at);
        p.push(b',');
        push_num(p, f64::from(l.brand_id));
        p.push(b',');
        push_text(p, &l.brand);
        p.push(b',');
        push_num(p, f64::from(v.location_id));
        p.push(b',');
        push_text(p, &l.name);
        p.push(b',');
        push_field(p, &l.channel);
        p.push(b',');
        push_text(p, &l.region);
        p.push(b',');
        if let Some(ver) = version {
            push_num(p, f64::from(ver.checklist_id));
            p.push(b',');
            push_num(p, f64::from(ver.version));
        } else {
            p.push(b',');
        }
        p.push(b',');
        self.version = version.map(|_| v.version_id);
    }

    fn section(&mut self, _: &str, _: Option<f64>) {}

    fn answer(&mut self, a: &AnswerRow<'_>, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.prefix);
        let category = self
            .version
            .and_then(|id| self.lookup.versions.get(&id))
            .and_then(|v| v.criteria.get(a.code))
            .map(|c| c.category.as_str())
            .unwrap_or("");
        push_text(out, category);
        out.push(b',');
        push_text(out, a.code);
        out.push(b',');
        if let Some(value) = a.value.filter(|_| !a.na) {
            push_value(out, value);
        }
        out.push(b',');
        push_bool(out, a.na);
        out.push(b',');
        push_opt_num(out, a.earned);
        out.push(b',');
        push_opt_num(out, a.possible);
        out.push(b',');
        if let (false, Some(e), Some(p)) = (a.na, a.earned, a.possible)
            && p > 0.0
        {
            push_num(out, 100.0 * e / p);
        }
        out.push(b',');
        push_bool(out, a.failed);
        out.push(b',');
        push_text(out, a.comment);
        out.push(b'\n');
    }

    fn end_visit(&mut self, _: &mut Vec<u8>) {}
}

pub const VISITS_FIXED: [&str; 14] = [
    "visit_id",
    "brand_id",
    "brand",
    "location_id",
    "location",
    "channel",
    "region",
    "checklist_id",
    "checklist_version",
    "started_at",
    "ended_at",
    "status",
    "score",
    "critical_failed",
];

/// What `visits.csv` writes for an answer marked not applicable.
pub const NA: &str = "n/a";

/// `visits.csv`: one row per visit, in ODK Central's shape.
pub struct Visits {
    lookup: Lookup,
    categories: Vec<String>,
    codes: Vec<String>,
    row: Vec<u8>,
    version: Option<i32>,
    scores: Vec<Option<f64>>,
    /// Each criterion column's cell, as CSV text, for the visit at hand.
    cells: Vec<Vec<u8>>,
}

impl Visits {
    pub fn new(mut lookup: Lookup, versions_used: &[i32]) -> Visits {
        let (categories, codes) = lookup.columns_for(versions_used);
        Visits {
            lookup,
            scores: vec![None; categories.len()],
            cells: vec![Vec::new(); codes.len()],
            categories,
            codes,
            row: Vec::new(),
            version: None,
        }
    }
}

impl RowWriter for Visits {
    fn header(&self, out: &mut Vec<u8>) {
        let scores = self.categories.iter().map(|c| format!("score:{c}"));
        let names = VISITS_FIXED.iter().map(|s| s.to_string()).chain(scores);
        header_line(out, names.chain(self.codes.iter().cloned()));
    }

    fn wants_sections(&self) -> bool {
        true
    }

    fn visit(&mut self, v: &VisitRow, _: &mut Vec<u8>) {
        let (l, version) = place(&self.lookup, v);
        let p = &mut self.row;
        p.clear();
        push_field(p, &v.id);
        p.push(b',');
        push_num(p, f64::from(l.brand_id));
        p.push(b',');
        push_text(p, &l.brand);
        p.push(b',');
        push_num(p, f64::from(v.location_id));
        p.push(b',');
        push_text(p, &l.name);
        p.push(b',');
        push_field(p, &l.channel);
        p.push(b',');
        push_text(p, &l.region);
        p.push(b',');
        if let Some(ver) = version {
            push_num(p, f64::from(ver.checklist_id));
            p.push(b',');
            push_num(p, f64::from(ver.version));
        } else {
            p.push(b',');
        }
        p.push(b',');
        push_field(p, &v.started_at);
        p.push(b',');
        push_field(p, &v.ended_at);
        p.push(b',');
        push_field(p, v.status);
        p.push(b',');
        push_opt_num(p, v.score);
        p.push(b',');
        push_bool(p, v.critical_failed);
        self.version = version.map(|_| v.version_id);
        self.scores.iter_mut().for_each(|s| *s = None);
        self.cells.iter_mut().for_each(Vec::clear);
    }

    fn section(&mut self, category: &str, pct: Option<f64>) {
        if let Some(i) = self.categories.iter().position(|c| c == category) {
            self.scores[i] = pct;
        }
    }

    fn answer(&mut self, a: &AnswerRow<'_>, _: &mut Vec<u8>) {
        let column = self
            .version
            .and_then(|id| self.lookup.versions.get(&id))
            .and_then(|v| v.criteria.get(a.code))
            .map(|c| c.column);
        let Some(cell) = column.and_then(|i| self.cells.get_mut(i)) else { return };
        if a.na {
            cell.extend_from_slice(NA.as_bytes());
        } else if let Some(value) = a.value {
            push_value(cell, value);
        }
    }

    fn end_visit(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.row);
        for s in &self.scores {
            out.push(b',');
            push_opt_num(out, *s);
        }
        for c in &self.cells {
            out.push(b',');
            out.extend_from_slice(c);
        }
        out.push(b'\n');
    }
}
