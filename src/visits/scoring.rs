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

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    AtMost,
    AtLeast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoRule {
    Never,
    OnFail,
    Always,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceOption {
    pub key: String,
    /// Fraction of the criterion's weight, 0..=1.
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    YesNo,
    Scale { min: f64, max: f64 },
    Number { target: f64, direction: Direction },
    Choice { options: Vec<ChoiceOption> },
    Text,
    Photo,
}

impl Kind {
    /// Whether answers of this kind earn points (and so must be answered at submit).
    pub fn is_scored(&self) -> bool {
        !matches!(self, Kind::Text | Kind::Photo)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub code: String,
    pub kind: Kind,
    pub weight: f64,
    pub critical: bool,
    pub allow_na: bool,
    pub photo: PhotoRule,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub category: String,
    pub weight: f64,
    pub criteria: Vec<Criterion>,
}

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
    /// A scale value outside `min..=max`.
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
            AnswerError::OutOfRange => "the value is outside the scale",
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
/// scale value within `min..=max`, numbers finite, choice key among the
/// options, N/A only when allowed.
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
            if (*min..=*max).contains(n) {
                Ok(())
            } else {
                Err(AnswerError::OutOfRange)
            }
        }
        (Kind::Number { .. }, Value::Number(n)) => finite(*n),
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
    if n.is_finite() {
        Ok(())
    } else {
        Err(AnswerError::NotFinite)
    }
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
    CriterionScore {
        code: c.code.clone(),
        earned,
        possible,
        failed,
    }
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
    let score = if critical_failed {
        Some(0.0)
    } else {
        weighted_mean(&section_scores)
    };
    VisitScore {
        score,
        critical_failed,
        sections: section_scores,
        criteria,
    }
}

fn weighted_mean(sections: &[SectionScore]) -> Option<f64> {
    let (sum, total) = sections
        .iter()
        .filter(|s| s.weight > 0.0)
        .filter_map(|s| s.pct.map(|pct| (s.weight, pct)))
        .fold((0.0, 0.0), |(sum, total), (w, pct)| {
            (sum + w * pct, total + w)
        });
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
            problems.push(Missing {
                code: c.code.clone(),
                reason: MissingReason::Unanswered,
            });
        }
        let needs_photo = !matches!(answer, Some(Answer::Na))
            && (matches!(c.kind, Kind::Photo)
                || c.photo == PhotoRule::Always
                || (c.photo == PhotoRule::OnFail && score_criterion(c, answer).failed));
        if needs_photo && photo_count(&c.code) == 0 {
            problems.push(Missing {
                code: c.code.clone(),
                reason: MissingReason::PhotoRequired,
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn crit(code: &str, kind: Kind) -> Criterion {
        Criterion {
            code: code.into(),
            kind,
            weight: 1.0,
            critical: false,
            allow_na: false,
            photo: PhotoRule::Never,
        }
    }

    fn weighted(code: &str, kind: Kind, weight: f64) -> Criterion {
        Criterion {
            weight,
            ..crit(code, kind)
        }
    }

    fn section(category: &str, weight: f64, criteria: Vec<Criterion>) -> Section {
        Section {
            category: category.into(),
            weight,
            criteria,
        }
    }

    fn scale(min: f64, max: f64) -> Kind {
        Kind::Scale { min, max }
    }

    fn number(target: f64, direction: Direction) -> Kind {
        Kind::Number { target, direction }
    }

    fn choice() -> Kind {
        Kind::Choice {
            options: [
                ("full", 1.0),
                ("half", 0.5),
                ("quarter", 0.25),
                ("none", 0.0),
            ]
            .into_iter()
            .map(|(key, value)| ChoiceOption {
                key: key.into(),
                value,
            })
            .collect(),
        }
    }

    fn yes(b: bool) -> Answer {
        Answer::Given(Value::Bool(b))
    }

    fn num(n: f64) -> Answer {
        Answer::Given(Value::Number(n))
    }

    fn pick(key: &str) -> Answer {
        Answer::Given(Value::Choice(key.into()))
    }

    fn text(s: &str) -> Answer {
        Answer::Given(Value::Text(s.into()))
    }

    fn answers(list: &[(&str, Answer)]) -> HashMap<String, Answer> {
        list.iter()
            .map(|(code, a)| (code.to_string(), a.clone()))
            .collect()
    }

    fn score(sections: &[Section], map: &HashMap<String, Answer>) -> VisitScore {
        score_visit(sections, |code| map.get(code))
    }

    fn missing_for(
        sections: &[Section],
        map: &HashMap<String, Answer>,
        photos: &[(&str, usize)],
    ) -> Vec<(String, MissingReason)> {
        let photos: HashMap<&str, usize> = photos.iter().copied().collect();
        missing(
            sections,
            |code| map.get(code),
            |code| photos.get(code).copied().unwrap_or(0),
        )
        .into_iter()
        .map(|m| (m.code, m.reason))
        .collect()
    }

    fn assert_close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a value");
        assert!(
            (actual - expected).abs() < 1e-9,
            "expected {expected}, got {actual}"
        );
    }

    fn scored(c: &Criterion, a: Answer) -> (Option<f64>, bool) {
        let s = score_criterion(c, Some(&a));
        assert_eq!(s.possible, Some(c.weight), "possible is the weight");
        (s.earned, s.failed)
    }

    // --- criterion rules -------------------------------------------------

    #[test]
    fn yes_no_yes_earns_the_weight_and_passes() {
        let c = weighted("A", Kind::YesNo, 2.0);
        assert_eq!(scored(&c, yes(true)), (Some(2.0), false));
    }

    #[test]
    fn yes_no_no_earns_nothing_and_fails() {
        let c = weighted("A", Kind::YesNo, 2.0);
        assert_eq!(scored(&c, yes(false)), (Some(0.0), true));
    }

    #[test]
    fn scale_at_min_earns_nothing_and_fails() {
        let c = weighted("A", scale(1.0, 5.0), 4.0);
        assert_eq!(scored(&c, num(1.0)), (Some(0.0), true));
    }

    #[test]
    fn scale_at_max_earns_the_whole_weight() {
        let c = weighted("A", scale(1.0, 5.0), 4.0);
        assert_eq!(scored(&c, num(5.0)), (Some(4.0), false));
    }

    #[test]
    fn scale_exactly_at_half_earns_half_and_passes() {
        let c = weighted("A", scale(1.0, 5.0), 4.0);
        assert_eq!(scored(&c, num(3.0)), (Some(2.0), false));
        let c = weighted("B", scale(0.0, 10.0), 3.0);
        assert_eq!(scored(&c, num(5.0)), (Some(1.5), false));
    }

    #[test]
    fn scale_just_below_half_fails() {
        let c = weighted("A", scale(1.0, 5.0), 4.0);
        let (earned, failed) = scored(&c, num(2.9));
        assert_close(earned, 4.0 * 1.9 / 4.0);
        assert!(failed);
    }

    #[test]
    fn scale_earns_linearly_between_min_and_max() {
        let c = weighted("A", scale(1.0, 5.0), 4.0);
        assert_eq!(scored(&c, num(4.0)), (Some(3.0), false));
        assert_eq!(scored(&c, num(2.0)), (Some(1.0), true));
        let c = weighted("B", scale(-2.0, 2.0), 10.0);
        assert_eq!(scored(&c, num(1.0)), (Some(7.5), false));
    }

    #[test]
    fn degenerate_scale_earns_the_weight_instead_of_dividing_by_zero() {
        let c = weighted("A", scale(3.0, 3.0), 2.0);
        assert_eq!(scored(&c, num(3.0)), (Some(2.0), false));
    }

    #[test]
    fn number_at_most_exactly_on_target_meets() {
        let c = weighted("A", number(5.0, Direction::AtMost), 3.0);
        assert_eq!(scored(&c, num(5.0)), (Some(3.0), false));
        assert_eq!(scored(&c, num(0.0)), (Some(3.0), false));
    }

    #[test]
    fn number_at_most_above_target_earns_nothing_and_fails() {
        let c = weighted("A", number(5.0, Direction::AtMost), 3.0);
        assert_eq!(scored(&c, num(5.01)), (Some(0.0), true));
    }

    #[test]
    fn number_at_least_exactly_on_target_meets() {
        let c = weighted("A", number(24.0, Direction::AtLeast), 3.0);
        assert_eq!(scored(&c, num(24.0)), (Some(3.0), false));
        assert_eq!(scored(&c, num(100.0)), (Some(3.0), false));
    }

    #[test]
    fn number_at_least_below_target_earns_nothing_and_fails() {
        let c = weighted("A", number(24.0, Direction::AtLeast), 3.0);
        assert_eq!(scored(&c, num(23.99)), (Some(0.0), true));
    }

    #[test]
    fn choice_earns_the_option_fraction_and_fails_below_half() {
        let c = weighted("A", choice(), 2.0);
        assert_eq!(scored(&c, pick("full")), (Some(2.0), false));
        assert_eq!(scored(&c, pick("half")), (Some(1.0), false));
        assert_eq!(scored(&c, pick("quarter")), (Some(0.5), true));
        assert_eq!(scored(&c, pick("none")), (Some(0.0), true));
    }

    #[test]
    fn zero_weight_criterion_still_fails_on_a_bad_answer() {
        assert_eq!(
            scored(&weighted("A", scale(1.0, 5.0), 0.0), num(2.0)),
            (Some(0.0), true)
        );
        assert_eq!(
            scored(&weighted("B", choice(), 0.0), pick("quarter")),
            (Some(0.0), true)
        );
        assert_eq!(
            scored(&weighted("C", Kind::YesNo, 0.0), yes(false)),
            (Some(0.0), true)
        );
    }

    #[test]
    fn text_and_photo_score_nothing_and_never_fail() {
        let t = crit("T", Kind::Text);
        let none = CriterionScore {
            code: "T".into(),
            earned: None,
            possible: None,
            failed: false,
        };
        assert_eq!(score_criterion(&t, Some(&text("rude"))), none);
        let p = Criterion {
            allow_na: true,
            ..crit("T", Kind::Photo)
        };
        assert_eq!(score_criterion(&p, Some(&Answer::Na)), none);
        assert_eq!(score_criterion(&p, None), none);
    }

    #[test]
    fn na_and_unanswered_score_nothing_and_do_not_fail() {
        let c = Criterion {
            allow_na: true,
            critical: true,
            ..crit("A", Kind::YesNo)
        };
        for a in [None, Some(&Answer::Na)] {
            let s = score_criterion(&c, a);
            assert_eq!((s.earned, s.possible, s.failed), (None, None, false));
        }
    }

    #[test]
    fn invalid_answer_is_scored_as_unanswered() {
        let cases = [
            (crit("A", Kind::YesNo), num(1.0)),
            (crit("A", scale(1.0, 5.0)), num(6.0)),
            (crit("A", number(5.0, Direction::AtMost)), num(f64::NAN)),
            (crit("A", choice()), pick("bogus")),
            (crit("A", Kind::YesNo), Answer::Na),
        ];
        for (c, a) in cases {
            let s = score_criterion(&c, Some(&a));
            assert_eq!(
                (s.earned, s.possible, s.failed),
                (None, None, false),
                "{a:?}"
            );
        }
    }

    // --- sections and visits -----------------------------------------------

    #[test]
    fn section_pct_is_earned_over_possible_of_answered_scored_criteria() {
        let sections = [section(
            "staff",
            1.0,
            vec![
                weighted("Y", Kind::YesNo, 2.0),
                weighted("S", scale(1.0, 5.0), 4.0),
                Criterion {
                    allow_na: true,
                    ..weighted("NA", Kind::YesNo, 10.0)
                },
                weighted("UN", Kind::YesNo, 10.0),
                crit("T", Kind::Text),
            ],
        )];
        let map = answers(&[
            ("Y", yes(true)),
            ("S", num(2.0)),
            ("NA", Answer::Na),
            ("T", text("x")),
        ]);
        let v = score(&sections, &map);
        let s = &v.sections[0];
        // (2 + 1) / (2 + 4): N/A, unanswered and text stay out.
        assert_eq!((s.earned, s.possible), (3.0, 6.0));
        assert_close(s.pct, 50.0);
        assert_close(v.score, 50.0);
    }

    #[test]
    fn section_with_only_na_answers_is_unscored() {
        let c = Criterion {
            allow_na: true,
            ..crit("A", Kind::YesNo)
        };
        let sections = [
            section("stock", 1.0, vec![c]),
            section("staff", 1.0, vec![crit("B", Kind::YesNo)]),
        ];
        let v = score(&sections, &answers(&[("A", Answer::Na), ("B", yes(true))]));
        assert_eq!(v.sections[0].pct, None);
        assert_eq!(v.sections[1].pct, Some(100.0));
        assert_eq!(v.score, Some(100.0));
    }

    #[test]
    fn section_with_zero_possible_points_is_unscored() {
        let sections = [section("stock", 1.0, vec![weighted("A", Kind::YesNo, 0.0)])];
        let v = score(&sections, &answers(&[("A", yes(true))]));
        assert_eq!(v.sections[0].pct, None);
        assert_eq!(v.score, None);
    }

    #[test]
    fn section_of_text_and_photo_only_is_unscored() {
        let sections = [section(
            "quality",
            1.0,
            vec![crit("T", Kind::Text), crit("P", Kind::Photo)],
        )];
        let v = score(&sections, &answers(&[("T", text("fine"))]));
        assert_eq!(v.sections[0].pct, None);
        assert_eq!(v.score, None);
    }

    #[test]
    fn visit_with_every_section_na_has_no_score() {
        let na = |code: &str| Criterion {
            allow_na: true,
            ..crit(code, Kind::YesNo)
        };
        let sections = [
            section("stock", 1.0, vec![na("A")]),
            section("staff", 2.0, vec![na("B")]),
        ];
        let v = score(&sections, &answers(&[("A", Answer::Na), ("B", Answer::Na)]));
        assert!(v.sections.iter().all(|s| s.pct.is_none()));
        assert_eq!(v.score, None);
        assert!(!v.critical_failed);
    }

    #[test]
    fn unanswered_visit_has_no_score() {
        let sections = [section("stock", 1.0, vec![crit("A", Kind::YesNo)])];
        let v = score(&sections, &HashMap::new());
        assert_eq!(v.score, None);
        assert_eq!(v.sections[0].pct, None);
    }

    #[test]
    fn visit_score_is_the_mean_of_section_pcts_weighted_by_section_weight() {
        let sections = [
            section(
                "staff",
                1.0,
                vec![crit("A", Kind::YesNo), crit("B", Kind::YesNo)],
            ),
            section("stock", 3.0, vec![crit("C", Kind::YesNo)]),
            // Unscored, so its large weight must not dilute the mean.
            section(
                "delivery",
                5.0,
                vec![Criterion {
                    allow_na: true,
                    ..crit("D", Kind::YesNo)
                }],
            ),
        ];
        let map = answers(&[
            ("A", yes(true)),
            ("B", yes(false)),
            ("C", yes(true)),
            ("D", Answer::Na),
        ]);
        let v = score(&sections, &map);
        assert_close(v.sections[0].pct, 50.0);
        assert_close(v.sections[1].pct, 100.0);
        // (1 * 50 + 3 * 100) / (1 + 3)
        assert_close(v.score, 87.5);
    }

    #[test]
    fn visit_score_weights_fractional_section_weights() {
        let sections = [
            section("staff", 0.5, vec![weighted("A", scale(1.0, 5.0), 4.0)]),
            section("stock", 1.5, vec![weighted("B", choice(), 2.0)]),
        ];
        let map = answers(&[("A", num(2.0)), ("B", pick("full"))]);
        let v = score(&sections, &map);
        assert_close(v.sections[0].pct, 25.0);
        assert_close(v.sections[1].pct, 100.0);
        // (0.5 * 25 + 1.5 * 100) / 2
        assert_close(v.score, 81.25);
    }

    #[test]
    fn zero_weight_section_keeps_its_pct_but_does_not_count() {
        let sections = [
            section("staff", 1.0, vec![crit("A", Kind::YesNo)]),
            section("stock", 0.0, vec![crit("B", Kind::YesNo)]),
        ];
        let v = score(&sections, &answers(&[("A", yes(true)), ("B", yes(false))]));
        assert_eq!(v.sections[1].pct, Some(0.0));
        assert_eq!(v.score, Some(100.0));
    }

    #[test]
    fn only_zero_weight_sections_scored_gives_no_score() {
        let sections = [
            section("staff", 0.0, vec![crit("A", Kind::YesNo)]),
            section(
                "stock",
                2.0,
                vec![Criterion {
                    allow_na: true,
                    ..crit("B", Kind::YesNo)
                }],
            ),
        ];
        let v = score(&sections, &answers(&[("A", yes(true)), ("B", Answer::Na)]));
        assert_eq!(v.sections[0].pct, Some(100.0));
        assert_eq!(v.score, None);
    }

    #[test]
    fn critical_failure_zeroes_score_but_keeps_section_pcts() {
        let sections = [
            section(
                "staff",
                1.0,
                vec![
                    crit("A", Kind::YesNo),
                    Criterion {
                        critical: true,
                        ..crit("B", Kind::YesNo)
                    },
                ],
            ),
            section("stock", 1.0, vec![crit("C", Kind::YesNo)]),
        ];
        let map = answers(&[("A", yes(true)), ("B", yes(false)), ("C", yes(true))]);
        let v = score(&sections, &map);
        assert!(v.critical_failed);
        assert_eq!(v.score, Some(0.0));
        assert_close(v.sections[0].pct, 50.0);
        assert_close(v.sections[1].pct, 100.0);
        assert!(v.criteria[1].failed);
    }

    #[test]
    fn critical_failure_zeroes_score_even_when_no_section_counts() {
        let sections = [section(
            "staff",
            0.0,
            vec![Criterion {
                critical: true,
                ..weighted("A", number(3.0, Direction::AtMost), 0.0)
            }],
        )];
        let v = score(&sections, &answers(&[("A", num(4.0))]));
        assert!(v.critical_failed);
        assert_eq!(v.score, Some(0.0));
    }

    #[test]
    fn critical_criterion_answered_na_does_not_fail() {
        let sections = [section(
            "staff",
            1.0,
            vec![
                Criterion {
                    critical: true,
                    allow_na: true,
                    ..crit("A", Kind::YesNo)
                },
                crit("B", Kind::YesNo),
            ],
        )];
        let v = score(&sections, &answers(&[("A", Answer::Na), ("B", yes(true))]));
        assert!(!v.critical_failed);
        assert_eq!(v.score, Some(100.0));
    }

    #[test]
    fn passing_critical_and_failing_non_critical_leave_the_score_alone() {
        let sections = [section(
            "staff",
            1.0,
            vec![
                Criterion {
                    critical: true,
                    ..weighted("A", scale(1.0, 5.0), 4.0)
                },
                crit("B", Kind::YesNo),
            ],
        )];
        let v = score(&sections, &answers(&[("A", num(3.0)), ("B", yes(false))]));
        assert!(!v.critical_failed);
        assert!(v.criteria[1].failed);
        // (2 + 0) / (4 + 1)
        assert_close(v.score, 40.0);
    }

    #[test]
    fn scores_come_back_in_checklist_order() {
        let sections = [
            section(
                "b",
                1.0,
                vec![crit("Z", Kind::YesNo), crit("A", Kind::Text)],
            ),
            section("a", 1.0, vec![crit("M", Kind::YesNo)]),
        ];
        let v = score(&sections, &HashMap::new());
        let codes: Vec<_> = v.criteria.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["Z", "A", "M"]);
        let cats: Vec<_> = v.sections.iter().map(|s| s.category.as_str()).collect();
        assert_eq!(cats, ["b", "a"]);
    }

    // --- check_answer ------------------------------------------------------

    #[test]
    fn check_answer_accepts_values_of_the_right_kind() {
        let ok = [
            (crit("A", Kind::YesNo), yes(false)),
            (crit("A", scale(1.0, 5.0)), num(1.0)),
            (crit("A", scale(1.0, 5.0)), num(5.0)),
            (crit("A", scale(1.0, 5.0)), num(3.5)),
            (crit("A", number(5.0, Direction::AtMost)), num(-3.0)),
            (crit("A", choice()), pick("none")),
            (crit("A", Kind::Text), text("")),
        ];
        for (c, a) in ok {
            assert_eq!(check_answer(&c, &a), Ok(()), "{:?} {a:?}", c.kind);
        }
    }

    #[test]
    fn check_answer_rejects_wrong_kind() {
        let wrong = [
            (crit("A", Kind::YesNo), num(1.0)),
            (crit("A", Kind::YesNo), text("yes")),
            (crit("A", scale(1.0, 5.0)), yes(true)),
            (crit("A", number(5.0, Direction::AtLeast)), text("5")),
            (crit("A", choice()), text("full")),
            (crit("A", Kind::Text), pick("full")),
            (crit("A", Kind::Photo), text("see photo")),
        ];
        for (c, a) in wrong {
            assert_eq!(
                check_answer(&c, &a),
                Err(AnswerError::WrongKind),
                "{:?} {a:?}",
                c.kind
            );
        }
    }

    #[test]
    fn check_answer_rejects_scale_values_outside_min_max() {
        let c = crit("A", scale(1.0, 5.0));
        assert_eq!(check_answer(&c, &num(0.99)), Err(AnswerError::OutOfRange));
        assert_eq!(check_answer(&c, &num(5.01)), Err(AnswerError::OutOfRange));
    }

    #[test]
    fn check_answer_rejects_unknown_choice_keys() {
        let c = crit("A", choice());
        assert_eq!(
            check_answer(&c, &pick("Full")),
            Err(AnswerError::UnknownOption)
        );
    }

    #[test]
    fn check_answer_allows_na_only_where_allowed() {
        let c = crit("A", Kind::YesNo);
        assert_eq!(
            check_answer(&c, &Answer::Na),
            Err(AnswerError::NaNotAllowed)
        );
        let c = Criterion {
            allow_na: true,
            ..c
        };
        assert_eq!(check_answer(&c, &Answer::Na), Ok(()));
    }

    #[test]
    fn check_answer_rejects_non_finite_numbers() {
        for c in [
            crit("A", scale(1.0, 5.0)),
            crit("A", number(5.0, Direction::AtMost)),
        ] {
            for n in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                assert_eq!(check_answer(&c, &num(n)), Err(AnswerError::NotFinite));
            }
        }
    }

    #[test]
    fn answer_errors_have_distinct_messages_and_codes() {
        let all = [
            AnswerError::WrongKind,
            AnswerError::OutOfRange,
            AnswerError::UnknownOption,
            AnswerError::NaNotAllowed,
            AnswerError::NotFinite,
        ];
        let messages: std::collections::HashSet<_> = all.iter().map(|e| e.to_string()).collect();
        let codes: std::collections::HashSet<_> = all.iter().map(|e| e.code()).collect();
        assert_eq!((messages.len(), codes.len()), (all.len(), all.len()));
        assert_eq!(AnswerError::NaNotAllowed.code(), "na_not_allowed");
    }

    // --- missing -----------------------------------------------------------

    use MissingReason::{PhotoRequired, Unanswered};

    fn owned(list: &[(&str, MissingReason)]) -> Vec<(String, MissingReason)> {
        list.iter().map(|(c, r)| (c.to_string(), *r)).collect()
    }

    #[test]
    fn missing_names_every_unanswered_scored_criterion_in_order() {
        let sections = [
            section(
                "a",
                1.0,
                vec![
                    crit("Y", Kind::YesNo),
                    crit("S", scale(1.0, 5.0)),
                    crit("T", Kind::Text),
                ],
            ),
            section(
                "b",
                1.0,
                vec![
                    crit("N", number(5.0, Direction::AtMost)),
                    crit("C", choice()),
                ],
            ),
        ];
        assert_eq!(
            missing_for(&sections, &HashMap::new(), &[]),
            owned(&[
                ("Y", Unanswered),
                ("S", Unanswered),
                ("N", Unanswered),
                ("C", Unanswered)
            ])
        );
        let map = answers(&[
            ("Y", yes(false)),
            ("S", num(1.0)),
            ("N", num(9.0)),
            ("C", pick("none")),
        ]);
        assert_eq!(missing_for(&sections, &map, &[]), vec![]);
    }

    #[test]
    fn missing_accepts_na_only_where_allowed() {
        let sections = [section(
            "a",
            1.0,
            vec![
                Criterion {
                    allow_na: true,
                    ..crit("OK", Kind::YesNo)
                },
                crit("NO", Kind::YesNo),
            ],
        )];
        let map = answers(&[("OK", Answer::Na), ("NO", Answer::Na)]);
        assert_eq!(
            missing_for(&sections, &map, &[]),
            owned(&[("NO", Unanswered)])
        );
    }

    #[test]
    fn missing_treats_an_invalid_answer_as_unanswered() {
        let sections = [section("a", 1.0, vec![crit("S", scale(1.0, 5.0))])];
        let map = answers(&[("S", num(7.0))]);
        assert_eq!(
            missing_for(&sections, &map, &[]),
            owned(&[("S", Unanswered)])
        );
    }

    #[test]
    fn missing_requires_a_photo_for_a_photo_criterion_unless_na() {
        let p = Criterion {
            allow_na: true,
            ..crit("P", Kind::Photo)
        };
        let sections = [section("a", 1.0, vec![p])];
        assert_eq!(
            missing_for(&sections, &HashMap::new(), &[]),
            owned(&[("P", PhotoRequired)])
        );
        assert_eq!(missing_for(&sections, &HashMap::new(), &[("P", 1)]), vec![]);
        let na = answers(&[("P", Answer::Na)]);
        assert_eq!(missing_for(&sections, &na, &[]), vec![]);
    }

    #[test]
    fn missing_requires_a_photo_for_rule_always_unless_na() {
        let c = Criterion {
            photo: PhotoRule::Always,
            allow_na: true,
            ..crit("A", Kind::YesNo)
        };
        let sections = [section("a", 1.0, vec![c])];
        let passed = answers(&[("A", yes(true))]);
        assert_eq!(
            missing_for(&sections, &passed, &[]),
            owned(&[("A", PhotoRequired)])
        );
        assert_eq!(missing_for(&sections, &passed, &[("A", 2)]), vec![]);
        let na = answers(&[("A", Answer::Na)]);
        assert_eq!(missing_for(&sections, &na, &[]), vec![]);
    }

    #[test]
    fn missing_reports_both_problems_of_an_unanswered_always_criterion() {
        let c = Criterion {
            photo: PhotoRule::Always,
            ..crit("A", Kind::YesNo)
        };
        let sections = [section("a", 1.0, vec![c, crit("B", Kind::YesNo)])];
        assert_eq!(
            missing_for(&sections, &HashMap::new(), &[]),
            owned(&[("A", Unanswered), ("A", PhotoRequired), ("B", Unanswered)])
        );
    }

    #[test]
    fn missing_requires_an_on_fail_photo_only_when_the_criterion_failed() {
        let c = Criterion {
            photo: PhotoRule::OnFail,
            ..crit("A", scale(1.0, 5.0))
        };
        let sections = [section("a", 1.0, vec![c])];
        let passed = answers(&[("A", num(3.0))]);
        assert_eq!(missing_for(&sections, &passed, &[]), vec![]);
        let failed = answers(&[("A", num(2.0))]);
        assert_eq!(
            missing_for(&sections, &failed, &[]),
            owned(&[("A", PhotoRequired)])
        );
        assert_eq!(missing_for(&sections, &failed, &[("A", 1)]), vec![]);
        // Unanswered is not failed: only the answer is missing.
        assert_eq!(
            missing_for(&sections, &HashMap::new(), &[]),
            owned(&[("A", Unanswered)])
        );
    }

    #[test]
    fn missing_counts_photos_per_criterion() {
        let c = |code: &str| Criterion {
            photo: PhotoRule::Always,
            ..crit(code, Kind::Text)
        };
        let sections = [section("a", 1.0, vec![c("A"), c("B")])];
        assert_eq!(
            missing_for(&sections, &HashMap::new(), &[("B", 1)]),
            owned(&[("A", PhotoRequired)])
        );
    }

    #[test]
    fn text_criteria_need_no_answer() {
        let sections = [section("a", 1.0, vec![crit("T", Kind::Text)])];
        assert_eq!(missing_for(&sections, &HashMap::new(), &[]), vec![]);
    }
}

#[cfg(test)]
mod props {
    //! Properties over random checklists (every kind, zero weights, N/A,
    //! critical items, photo rules) and random valid answers, some left out.

    use super::*;
    use proptest::prelude::*;
    use proptest::sample::Index;
    use std::collections::HashMap;

    fn fraction() -> impl Strategy<Value = f64> {
        prop_oneof![Just(0.0), Just(0.5), Just(1.0), 0.0..=1.0f64]
    }

    fn weight() -> impl Strategy<Value = f64> {
        prop_oneof![Just(0.0), (1u8..6).prop_map(f64::from), 0.0..10.0f64]
    }

    fn kind() -> impl Strategy<Value = Kind> {
        prop_oneof![
            Just(Kind::YesNo),
            (-5i8..5, 1i8..10).prop_map(|(min, span)| Kind::Scale {
                min: f64::from(min),
                max: f64::from(min + span),
            }),
            (
                -50.0..50.0f64,
                prop_oneof![Just(Direction::AtMost), Just(Direction::AtLeast)]
            )
                .prop_map(|(target, direction)| Kind::Number { target, direction }),
            prop::collection::vec(fraction(), 1..5).prop_map(|values| Kind::Choice {
                options: values
                    .into_iter()
                    .enumerate()
                    .map(|(i, value)| ChoiceOption {
                        key: format!("o{i}"),
                        value,
                    })
                    .collect(),
            }),
            Just(Kind::Text),
            Just(Kind::Photo),
        ]
    }

    fn criterion() -> impl Strategy<Value = Criterion> {
        let photo = prop_oneof![
            Just(PhotoRule::Never),
            Just(PhotoRule::OnFail),
            Just(PhotoRule::Always)
        ];
        (
            kind(),
            weight(),
            prop::bool::weighted(0.15),
            any::<bool>(),
            photo,
        )
            .prop_map(|(kind, weight, critical, allow_na, photo)| Criterion {
                code: String::new(),
                kind,
                weight,
                critical,
                allow_na,
                photo,
            })
    }

    fn checklist() -> impl Strategy<Value = Vec<Section>> {
        let section =
            (weight(), prop::collection::vec(criterion(), 0..6)).prop_map(|(weight, criteria)| {
                Section {
                    category: String::new(),
                    weight,
                    criteria,
                }
            });
        prop::collection::vec(section, 0..5).prop_map(|mut sections| {
            for (i, s) in sections.iter_mut().enumerate() {
                s.category = format!("cat{i}");
                for (j, c) in s.criteria.iter_mut().enumerate() {
                    c.code = format!("C{i}-{j}");
                }
            }
            sections
        })
    }

    fn value(kind: &Kind) -> BoxedStrategy<Option<Value>> {
        match kind {
            Kind::YesNo => any::<bool>().prop_map(|b| Some(Value::Bool(b))).boxed(),
            Kind::Scale { min, max } => {
                prop_oneof![Just(*min), Just(*max), Just((min + max) / 2.0), *min..=*max]
                    .prop_map(|n| Some(Value::Number(n)))
                    .boxed()
            }
            Kind::Number { target, .. } => prop_oneof![Just(*target), target - 20.0..target + 20.0]
                .prop_map(|n| Some(Value::Number(n)))
                .boxed(),
            Kind::Choice { options } => prop::sample::select(options.clone())
                .prop_map(|o| Some(Value::Choice(o.key)))
                .boxed(),
            Kind::Text => "[a-z ]{0,8}".prop_map(|s| Some(Value::Text(s))).boxed(),
            Kind::Photo => Just(None).boxed(),
        }
    }

    /// A valid answer or none at all.
    fn answer(c: &Criterion) -> BoxedStrategy<Option<Answer>> {
        let given = value(&c.kind).prop_map(|v| v.map(Answer::Given));
        if c.allow_na {
            prop_oneof![
                1 => Just(None),
                1 => Just(Some(Answer::Na)),
                4 => given,
            ]
            .boxed()
        } else {
            prop_oneof![1 => Just(None), 4 => given].boxed()
        }
    }

    fn visit() -> impl Strategy<Value = (Vec<Section>, HashMap<String, Answer>)> {
        checklist().prop_flat_map(|sections| {
            let codes: Vec<String> = all(&sections).map(|c| c.code.clone()).collect();
            let answers: Vec<_> = all(&sections).map(answer).collect();
            (Just(sections), answers).prop_map(move |(sections, answers)| {
                let map = codes
                    .iter()
                    .zip(answers)
                    .filter_map(|(code, a)| Some((code.clone(), a?)))
                    .collect();
                (sections, map)
            })
        })
    }

    fn all(sections: &[Section]) -> impl Iterator<Item = &Criterion> {
        sections.iter().flat_map(|s| &s.criteria)
    }

    fn score(sections: &[Section], map: &HashMap<String, Answer>) -> VisitScore {
        score_visit(sections, |code| map.get(code))
    }

    /// A value at least as good as `a`: yes over no, a scale value nearer
    /// max, a number moved towards meeting the target, an option worth at
    /// least as much. `t` in 0..=1 says how far to move. `None` when the
    /// answer has nothing to raise (N/A, text, photo).
    fn raise(c: &Criterion, a: &Answer, t: f64) -> Option<Answer> {
        let Answer::Given(v) = a else { return None };
        let raised = match (&c.kind, v) {
            (Kind::YesNo, Value::Bool(_)) => Value::Bool(true),
            (Kind::Scale { max, .. }, Value::Number(n)) => {
                Value::Number((n + (max - n) * t).min(*max))
            }
            (Kind::Number { direction, .. }, Value::Number(n)) => Value::Number(match direction {
                Direction::AtMost => n - 30.0 * t,
                Direction::AtLeast => n + 30.0 * t,
            }),
            (Kind::Choice { options }, Value::Choice(key)) => {
                let current = options.iter().find(|o| o.key == *key)?.value;
                let better: Vec<_> = options.iter().filter(|o| o.value >= current).collect();
                let i = ((better.len() - 1) as f64 * t).round() as usize;
                Value::Choice(better[i].key.clone())
            }
            _ => return None,
        };
        Some(Answer::Given(raised))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn every_pct_and_score_lies_within_0_and_100((sections, map) in visit()) {
            let v = score(&sections, &map);
            for s in &v.sections {
                if let Some(pct) = s.pct {
                    prop_assert!((0.0..=100.0).contains(&pct), "section pct {pct}");
                }
            }
            if let Some(score) = v.score {
                prop_assert!((0.0..=100.0).contains(&score), "score {score}");
            }
            for c in &v.criteria {
                if let (Some(e), Some(p)) = (c.earned, c.possible) {
                    prop_assert!(0.0 <= e && e <= p, "{c:?}");
                }
            }
        }

        #[test]
        fn critical_flag_is_set_exactly_when_a_critical_item_failed_and_zeroes_the_score(
            (sections, map) in visit()
        ) {
            let v = score(&sections, &map);
            let failed_critical = all(&sections)
                .zip(&v.criteria)
                .any(|(c, s)| c.critical && s.failed);
            prop_assert_eq!(v.critical_failed, failed_critical);
            if failed_critical {
                prop_assert_eq!(v.score, Some(0.0));
            }
        }

        #[test]
        fn na_for_an_unanswered_criterion_that_allows_it_changes_nothing(
            (sections, map) in visit(),
            which in any::<Index>(),
        ) {
            let candidates: Vec<_> = all(&sections)
                .filter(|c| c.allow_na && !map.contains_key(&c.code))
                .collect();
            if !candidates.is_empty() {
                let c = which.get(&candidates);
                let mut with_na = map.clone();
                with_na.insert(c.code.clone(), Answer::Na);
                prop_assert_eq!(score(&sections, &map), score(&sections, &with_na));
            }
        }

        /// Raising one answer, critical or not, never lowers a section pct or
        /// the visit score. For a critical item the raise can only clear a
        /// failure (score from 0 up), never cause one. The one way a score can
        /// vanish is when the raise clears the only critical failure of a visit
        /// with no weighted scored section: Some(0) becomes None (unscored).
        #[test]
        fn raising_an_answer_never_lowers_any_score(
            (sections, map) in visit(),
            which in any::<Index>(),
            t in fraction(),
        ) {
            let raisable: Vec<(&Criterion, Answer)> = all(&sections)
                .filter_map(|c| Some((c, raise(c, map.get(&c.code)?, t)?)))
                .collect();
            if raisable.is_empty() {
                return Ok(());
            }
            let (c, raised) = which.get(&raisable);
            prop_assert_eq!(check_answer(c, raised), Ok(()));
            let mut better = map.clone();
            better.insert(c.code.clone(), raised.clone());
            let before = score(&sections, &map);
            let after = score(&sections, &better);

            for (b, a) in before.sections.iter().zip(&after.sections) {
                match (b.pct, a.pct) {
                    (Some(b), Some(a)) => prop_assert!(a >= b, "section {b} -> {a}"),
                    (None, None) => {}
                    other => prop_assert!(false, "section scored-ness changed: {other:?}"),
                }
            }
            prop_assert!(before.critical_failed || !after.critical_failed);
            match (before.score, after.score) {
                (Some(b), Some(a)) => prop_assert!(a >= b, "score {b} -> {a}"),
                (None, None) => {}
                (Some(b), None) => prop_assert!(
                    before.critical_failed && !after.critical_failed && b == 0.0,
                    "score vanished without clearing a critical failure"
                ),
                (None, Some(a)) => prop_assert!(false, "score appeared: {a}"),
            }
        }

        #[test]
        fn a_visit_that_passes_missing_has_every_scored_item_settled(
            (sections, map) in visit()
        ) {
            let problems = missing(&sections, |code| map.get(code), |_| 1);
            let v = score(&sections, &map);
            for (c, s) in all(&sections).zip(&v.criteria) {
                let settled = !c.kind.is_scored()
                    || s.possible.is_some()
                    || (c.allow_na && map.get(&c.code) == Some(&Answer::Na));
                let reported = problems
                    .iter()
                    .any(|m| m.code == c.code && m.reason == MissingReason::Unanswered);
                prop_assert_eq!(settled, !reported, "{}", c.code);
            }
            prop_assert!(problems.iter().all(|m| m.reason == MissingReason::Unanswered));
        }
    }
}
