//! Visit scoring: pure functions from a checklist version and a visit's answers
//! to criterion, section and visit scores, plus the completeness check made at
//! submit. No I/O, so the rules of DESIGN.md "Scoring" can be pinned by tests
//! here and every caller (submit, recompute, demo data, benchmarks) agrees.
//!
//! Decisions where DESIGN.md is silent:
//! - An answer that fails [`check_answer`] is treated as unanswered: it never
//!   scores, and at submit it is reported as [`MissingReason::Unanswered`].
//!   The API refuses such answers on save, so this only guards stale data.
//! - `failed` for `scale` and `choice` compares the earned *fraction* with 1/2.
//!   For a positive weight this is exactly "earned < weight / 2"; for a zero
//!   weight it keeps a bad answer failing, so a zero-weight critical item (one
//!   that should sink the visit without moving the score) still works.
//! - A `scale` with `max <= min` (which publishing should refuse) earns the
//!   whole weight for its only value instead of dividing by zero.
//! - A `photo`-kind criterion takes no value, only N/A where allowed; its
//!   evidence is the photos.
//! - Weights are assumed finite and non-negative (checked at publish). Sections
//!   whose weight is not positive never count towards the visit score.

use serde::Serialize;
use std::fmt;

use crate::checklists::{Criterion, Direction, Kind, PhotoRule, Section};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Number(f64),
    Choice(String),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Na,
    Given(Value),
}

/// Result for one criterion. `earned`/`possible` are `None` for unscored kinds
/// (text, photo), unanswered, or N/A.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionScore {
    pub code: String,
    pub earned: Option<f64>,
    pub possible: Option<f64>,
    pub failed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionScore {
    pub category: String,
    pub weight: f64,
    pub earned: f64,
    pub possible: f64,
    /// `None` when nothing in the section was scored (the section is unscored).
    pub pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitScore {
    /// `None` when no section with a positive weight was scored.
    pub score: Option<f64>,
    pub critical_failed: bool,
    /// One per section, in checklist order.
    pub sections: Vec<SectionScore>,
    /// One per criterion, in checklist order.
    pub criteria: Vec<CriterionScore>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerError {
    /// The value's type does not fit the criterion's kind.
    WrongKind,
    /// A scale value outside `min..=max`, or a number outside its range.
    OutOfRange,
    /// A choice key that is not among the criterion's options.
    UnknownOption,
    /// N/A on a criterion that does not allow it.
    NaNotAllowed,
    /// NaN or an infinity.
    NotFinite,
}

impl AnswerError {
    /// Stable snake_case key, for API error fields and translation lookups.
    pub fn code(self) -> &'static str {
        match self {
            AnswerError::WrongKind => "wrong_kind",
            AnswerError::OutOfRange => "out_of_range",
            AnswerError::UnknownOption => "unknown_option",
            AnswerError::NaNotAllowed => "na_not_allowed",
            AnswerError::NotFinite => "not_finite",
        }
    }
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AnswerError::WrongKind => "the value does not fit this kind of criterion",
            AnswerError::OutOfRange => "the value is outside the allowed range",
            AnswerError::UnknownOption => "the value is not one of the options",
            AnswerError::NaNotAllowed => "N/A is not allowed for this criterion",
            AnswerError::NotFinite => "the value is not a finite number",
        })
    }
}

impl std::error::Error for AnswerError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingReason {
    /// A scored criterion has no valid answer (N/A counts only where allowed).
    Unanswered,
    /// The photo rule (or a photo-kind criterion) needs at least one photo.
    PhotoRequired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub code: String,
    pub reason: MissingReason,
}

/// Checks one answer against its criterion: right value type for the kind,
/// scale value within `min..=max`, numbers finite and within the criterion's
/// range, choice key among the options, N/A only when allowed.
pub fn check_answer(c: &Criterion, a: &Answer) -> Result<(), AnswerError> {
    let v = match a {
        Answer::Na if c.allow_na => return Ok(()),
        Answer::Na => return Err(AnswerError::NaNotAllowed),
        Answer::Given(v) => v,
    };
    match (&c.kind, v) {
        (Kind::YesNo, Value::Bool(_)) | (Kind::Text, Value::Text(_)) => Ok(()),
        (Kind::Scale { min, max }, Value::Number(n)) => {
            finite(*n)?;
            if (*min..=*max).contains(n) { Ok(()) } else { Err(AnswerError::OutOfRange) }
        }
        (Kind::Number { .. }, Value::Number(n)) => {
            finite(*n)?;
            if c.range.contains(*n) { Ok(()) } else { Err(AnswerError::OutOfRange) }
        }
        (Kind::Choice { options }, Value::Choice(key)) => {
            if options.iter().any(|o| o.key == *key) {
                Ok(())
            } else {
                Err(AnswerError::UnknownOption)
            }
        }
        _ => Err(AnswerError::WrongKind),
    }
}

fn finite(n: f64) -> Result<(), AnswerError> {
    if n.is_finite() { Ok(()) } else { Err(AnswerError::NotFinite) }
}

/// The fraction of the weight a valid value earns and whether it counts as
/// failed; `None` for kinds that score nothing.
fn grade(kind: &Kind, v: &Value) -> Option<(f64, bool)> {
    let (fraction, failed) = match (kind, v) {
        (Kind::YesNo, Value::Bool(yes)) => (if *yes { 1.0 } else { 0.0 }, !yes),
        (Kind::Scale { min, max }, Value::Number(n)) => {
            let span = max - min;
            // Dividing first keeps the fraction <= 1, so rounding can never
            // let earned exceed the weight and push a pct past 100.
            let fraction = if span > 0.0 { (n - min) / span } else { 1.0 };
            (fraction, fraction < 0.5)
        }
        (Kind::Number { target, direction }, Value::Number(n)) => {
            let meets = match direction {
                Direction::AtMost => n <= target,
                Direction::AtLeast => n >= target,
            };
            (if meets { 1.0 } else { 0.0 }, !meets)
        }
        (Kind::Choice { options }, Value::Choice(key)) => {
            let option = options.iter().find(|o| o.key == *key)?;
            (option.value, option.value < 0.5)
        }
        _ => return None,
    };
    Some((fraction, failed))
}

/// Earned, possible and failed for one criterion and its answer, if any.
pub fn score_criterion(c: &Criterion, a: Option<&Answer>) -> CriterionScore {
    let graded = match a {
        Some(a @ Answer::Given(v)) if check_answer(c, a).is_ok() => grade(&c.kind, v),
        _ => None,
    };
    let (earned, possible, failed) = match graded {
        Some((fraction, failed)) => (Some(c.weight * fraction), Some(c.weight), failed),
        None => (None, None, false),
    };
    CriterionScore { code: c.code.clone(), earned, possible, failed }
}

/// Scores a whole visit. `answers` looks an answer up by criterion code, e.g.
/// `score_visit(&sections, |code| map.get(code))` for a `HashMap<String, Answer>`.
pub fn score_visit<'a>(
    sections: &[Section],
    answers: impl Fn(&str) -> Option<&'a Answer>,
) -> VisitScore {
    let mut criteria = Vec::with_capacity(sections.iter().map(|s| s.criteria.len()).sum());
    let mut section_scores = Vec::with_capacity(sections.len());
    let mut critical_failed = false;
    for section in sections {
        let (mut earned, mut possible) = (0.0, 0.0);
        for c in &section.criteria {
            let cs = score_criterion(c, answers(&c.code));
            if let (Some(e), Some(p)) = (cs.earned, cs.possible) {
                earned += e;
                possible += p;
            }
            critical_failed |= c.critical && cs.failed;
            criteria.push(cs);
        }
        // Ratio first, then scale: keeps a full section at exactly 100.
        let pct = (possible > 0.0).then(|| 100.0 * (earned / possible));
        section_scores.push(SectionScore {
            category: section.category.clone(),
            weight: section.weight,
            earned,
            possible,
            pct,
        });
    }
    let score = if critical_failed { Some(0.0) } else { weighted_mean(&section_scores) };
    VisitScore { score, critical_failed, sections: section_scores, criteria }
}

fn weighted_mean(sections: &[SectionScore]) -> Option<f64> {
    let (sum, total) = sections
        .iter()
        .filter(|s| s.weight > 0.0)
        .filter_map(|s| s.pct.map(|pct| (s.weight, pct)))
        .fold((0.0, 0.0), |(sum, total), (w, pct)| (sum + w * pct, total + w));
    // The exact mean of values in 0..=100 is within 0..=100, but the rounded
    // products and sums can land an ulp above 100; the cap only undoes that.
    (total > 0.0).then(|| (sum / total).min(100.0))
}

/// Completeness at submit, every problem in checklist order: each scored
/// criterion needs a valid answer (N/A only where allowed); photo rule
/// `always` and the `photo` kind need a photo unless answered N/A; `on_fail`
/// needs a photo when the criterion failed. A criterion may appear twice
/// (unanswered and photo required).
pub fn missing<'a>(
    sections: &[Section],
    answers: impl Fn(&str) -> Option<&'a Answer>,
    photo_count: impl Fn(&str) -> usize,
) -> Vec<Missing> {
    let mut problems = Vec::new();
    for c in sections.iter().flat_map(|s| &s.criteria) {
        let answer = answers(&c.code).filter(|a| check_answer(c, a).is_ok());
        if c.kind.is_scored() && answer.is_none() {
            problems.push(Missing { code: c.code.clone(), reason: MissingReason::Unanswered });
        }
        let needs_photo = !matches!(answer, Some(Answer::Na))
            && (matches!(c.kind, Kind::Photo)
                || c.photo == PhotoRule::Always
                || (c.photo == PhotoRule::OnFail && score_criterion(c, answer).failed));
        if needs_photo && photo_count(&c.code) == 0 {
            problems.push(Missing { code: c.code.clone(), reason: MissingReason::PhotoRequired });
        }
    }
    problems
}

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
