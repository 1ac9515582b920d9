use super::*;
use crate::checklists::{ChoiceOption, Range, applicable_criteria, for_channel};
use crate::places::Channel;
use std::collections::HashMap;

fn crit(code: &str, kind: Kind) -> Criterion {
    Criterion {
        code: code.into(),
        kind,
        weight: 1.0,
        critical: false,
        allow_na: false,
        photo: PhotoRule::Never,
        range: Range::default(),
        channels: vec![],
    }
}

fn weighted(code: &str, kind: Kind, weight: f64) -> Criterion {
    Criterion { weight, ..crit(code, kind) }
}

fn section(category: &str, weight: f64, criteria: Vec<Criterion>) -> Section {
    Section { category: category.into(), weight, criteria }
}

fn scale(min: f64, max: f64) -> Kind {
    Kind::Scale { min, max }
}

fn number(target: f64, direction: Direction) -> Kind {
    Kind::Number { target, direction }
}

fn choice() -> Kind {
    Kind::Choice {
        options: [("full", 1.0), ("half", 0.5), ("quarter", 0.25), ("none", 0.0)]
            .into_iter()
            .map(|(key, value)| ChoiceOption { key: key.into(), value })
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
    list.iter().map(|(code, a)| (code.to_string(), a.clone())).collect()
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
    missing(sections, |code| map.get(code), |code| photos.get(code).copied().unwrap_or(0))
        .into_iter()
        .map(|m| (m.code, m.reason))
        .collect()
}

fn assert_close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a value");
    assert!((actual - expected).abs() < 1e-9, "expected {expected}, got {actual}");
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
    assert_eq!(scored(&weighted("A", scale(1.0, 5.0), 0.0), num(2.0)), (Some(0.0), true));
    assert_eq!(scored(&weighted("B", choice(), 0.0), pick("quarter")), (Some(0.0), true));
    assert_eq!(scored(&weighted("C", Kind::YesNo, 0.0), yes(false)), (Some(0.0), true));
}

#[test]
fn text_and_photo_score_nothing_and_never_fail() {
    let t = crit("T", Kind::Text);
    let none = CriterionScore { code: "T".into(), earned: None, possible: None, failed: false };
    assert_eq!(score_criterion(&t, Some(&text("rude"))), none);
    let p = Criterion { allow_na: true, ..crit("T", Kind::Photo) };
    assert_eq!(score_criterion(&p, Some(&Answer::Na)), none);
    assert_eq!(score_criterion(&p, None), none);
}

#[test]
fn na_and_unanswered_score_nothing_and_do_not_fail() {
    let c = Criterion { allow_na: true, critical: true, ..crit("A", Kind::YesNo) };
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
        assert_eq!((s.earned, s.possible, s.failed), (None, None, false), "{a:?}");
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
            Criterion { allow_na: true, ..weighted("NA", Kind::YesNo, 10.0) },
            weighted("UN", Kind::YesNo, 10.0),
            crit("T", Kind::Text),
        ],
    )];
    let map = answers(&[("Y", yes(true)), ("S", num(2.0)), ("NA", Answer::Na), ("T", text("x"))]);
    let v = score(&sections, &map);
    let s = &v.sections[0];
    // (2 + 1) / (2 + 4): N/A, unanswered and text stay out.
    assert_eq!((s.earned, s.possible), (3.0, 6.0));
    assert_close(s.pct, 50.0);
    assert_close(v.score, 50.0);
}

#[test]
fn section_with_only_na_answers_is_unscored() {
    let c = Criterion { allow_na: true, ..crit("A", Kind::YesNo) };
    let sections =
        [section("stock", 1.0, vec![c]), section("staff", 1.0, vec![crit("B", Kind::YesNo)])];
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
    let sections = [section("quality", 1.0, vec![crit("T", Kind::Text), crit("P", Kind::Photo)])];
    let v = score(&sections, &answers(&[("T", text("fine"))]));
    assert_eq!(v.sections[0].pct, None);
    assert_eq!(v.score, None);
}

#[test]
fn visit_with_every_section_na_has_no_score() {
    let na = |code: &str| Criterion { allow_na: true, ..crit(code, Kind::YesNo) };
    let sections = [section("stock", 1.0, vec![na("A")]), section("staff", 2.0, vec![na("B")])];
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
        section("staff", 1.0, vec![crit("A", Kind::YesNo), crit("B", Kind::YesNo)]),
        section("stock", 3.0, vec![crit("C", Kind::YesNo)]),
        // Unscored, so its large weight must not dilute the mean.
        section("delivery", 5.0, vec![Criterion { allow_na: true, ..crit("D", Kind::YesNo) }]),
    ];
    let map = answers(&[("A", yes(true)), ("B", yes(false)), ("C", yes(true)), ("D", Answer::Na)]);
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
        section("stock", 2.0, vec![Criterion { allow_na: true, ..crit("B", Kind::YesNo) }]),
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
            vec![crit("A", Kind::YesNo), Criterion { critical: true, ..crit("B", Kind::YesNo) }],
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
        vec![Criterion { critical: true, ..weighted("A", number(3.0, Direction::AtMost), 0.0) }],
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
            Criterion { critical: true, allow_na: true, ..crit("A", Kind::YesNo) },
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
            Criterion { critical: true, ..weighted("A", scale(1.0, 5.0), 4.0) },
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
        section("b", 1.0, vec![crit("Z", Kind::YesNo), crit("A", Kind::Text)]),
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
        assert_eq!(check_answer(&c, &a), Err(AnswerError::WrongKind), "{:?} {a:?}", c.kind);
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
    assert_eq!(check_answer(&c, &pick("Full")), Err(AnswerError::UnknownOption));
}

#[test]
fn check_answer_allows_na_only_where_allowed() {
    let c = crit("A", Kind::YesNo);
    assert_eq!(check_answer(&c, &Answer::Na), Err(AnswerError::NaNotAllowed));
    let c = Criterion { allow_na: true, ..c };
    assert_eq!(check_answer(&c, &Answer::Na), Ok(()));
}

#[test]
fn check_answer_rejects_non_finite_numbers() {
    for c in [crit("A", scale(1.0, 5.0)), crit("A", number(5.0, Direction::AtMost))] {
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
            vec![crit("Y", Kind::YesNo), crit("S", scale(1.0, 5.0)), crit("T", Kind::Text)],
        ),
        section("b", 1.0, vec![crit("N", number(5.0, Direction::AtMost)), crit("C", choice())]),
    ];
    assert_eq!(
        missing_for(&sections, &HashMap::new(), &[]),
        owned(&[("Y", Unanswered), ("S", Unanswered), ("N", Unanswered), ("C", Unanswered)])
    );
    let map = answers(&[("Y", yes(false)), ("S", num(1.0)), ("N", num(9.0)), ("C", pick("none"))]);
    assert_eq!(missing_for(&sections, &map, &[]), vec![]);
}

#[test]
fn missing_accepts_na_only_where_allowed() {
    let sections = [section(
        "a",
        1.0,
        vec![Criterion { allow_na: true, ..crit("OK", Kind::YesNo) }, crit("NO", Kind::YesNo)],
    )];
    let map = answers(&[("OK", Answer::Na), ("NO", Answer::Na)]);
    assert_eq!(missing_for(&sections, &map, &[]), owned(&[("NO", Unanswered)]));
}

#[test]
fn missing_treats_an_invalid_answer_as_unanswered() {
    let sections = [section("a", 1.0, vec![crit("S", scale(1.0, 5.0))])];
    let map = answers(&[("S", num(7.0))]);
    assert_eq!(missing_for(&sections, &map, &[]), owned(&[("S", Unanswered)]));
}

#[test]
fn missing_requires_a_photo_for_a_photo_criterion_unless_na() {
    let p = Criterion { allow_na: true, ..crit("P", Kind::Photo) };
    let sections = [section("a", 1.0, vec![p])];
    assert_eq!(missing_for(&sections, &HashMap::new(), &[]), owned(&[("P", PhotoRequired)]));
    assert_eq!(missing_for(&sections, &HashMap::new(), &[("P", 1)]), vec![]);
    let na = answers(&[("P", Answer::Na)]);
    assert_eq!(missing_for(&sections, &na, &[]), vec![]);
}

#[test]
fn missing_requires_a_photo_for_rule_always_unless_na() {
    let c = Criterion { photo: PhotoRule::Always, allow_na: true, ..crit("A", Kind::YesNo) };
    let sections = [section("a", 1.0, vec![c])];
    let passed = answers(&[("A", yes(true))]);
    assert_eq!(missing_for(&sections, &passed, &[]), owned(&[("A", PhotoRequired)]));
    assert_eq!(missing_for(&sections, &passed, &[("A", 2)]), vec![]);
    let na = answers(&[("A", Answer::Na)]);
    assert_eq!(missing_for(&sections, &na, &[]), vec![]);
}

#[test]
fn missing_reports_both_problems_of_an_unanswered_always_criterion() {
    let c = Criterion { photo: PhotoRule::Always, ..crit("A", Kind::YesNo) };
    let sections = [section("a", 1.0, vec![c, crit("B", Kind::YesNo)])];
    assert_eq!(
        missing_for(&sections, &HashMap::new(), &[]),
        owned(&[("A", Unanswered), ("A", PhotoRequired), ("B", Unanswered)])
    );
}

#[test]
fn missing_requires_an_on_fail_photo_only_when_the_criterion_failed() {
    let c = Criterion { photo: PhotoRule::OnFail, ..crit("A", scale(1.0, 5.0)) };
    let sections = [section("a", 1.0, vec![c])];
    let passed = answers(&[("A", num(3.0))]);
    assert_eq!(missing_for(&sections, &passed, &[]), vec![]);
    let failed = answers(&[("A", num(2.0))]);
    assert_eq!(missing_for(&sections, &failed, &[]), owned(&[("A", PhotoRequired)]));
    assert_eq!(missing_for(&sections, &failed, &[("A", 1)]), vec![]);
    // Unanswered is not failed: only the answer is missing.
    assert_eq!(missing_for(&sections, &HashMap::new(), &[]), owned(&[("A", Unanswered)]));
}

#[test]
fn missing_counts_photos_per_criterion() {
    let c = |code: &str| Criterion { photo: PhotoRule::Always, ..crit(code, Kind::Text) };
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

#[test]
fn a_number_outside_its_range_is_refused_and_never_scores() {
    let c = Criterion {
        range: Range { min: Some(0.0), max: Some(30.0) },
        ..crit("RINGS", number(3.0, Direction::AtMost))
    };
    for n in [0.0, 2.5, 30.0] {
        assert_eq!(check_answer(&c, &Answer::Given(Value::Number(n))), Ok(()), "{n}");
    }
    for n in [-5.0, 30.5] {
        let a = Answer::Given(Value::Number(n));
        assert_eq!(check_answer(&c, &a), Err(AnswerError::OutOfRange), "{n}");
        assert_eq!(score_criterion(&c, Some(&a)).earned, None, "{n}");
    }
    let open_ended = Criterion { range: Range { min: Some(0.0), max: None }, ..c };
    assert_eq!(check_answer(&open_ended, &Answer::Given(Value::Number(1e9))), Ok(()));
}

// Criteria limited to channels: one that does not apply to the visit's
// channel counts nowhere, exactly like N/A (DESIGN.md "Scoring").

fn only(channels: &[Channel], c: Criterion) -> Criterion {
    Criterion { channels: channels.to_vec(), ..c }
}

fn codes(sections: &[Section]) -> Vec<(String, Vec<String>)> {
    sections
        .iter()
        .map(|s| (s.category.clone(), s.criteria.iter().map(|c| c.code.clone()).collect()))
        .collect()
}

fn owned_codes(list: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    list.iter()
        .map(|(cat, cs)| (cat.to_string(), cs.iter().map(|c| c.to_string()).collect()))
        .collect()
}

#[test]
fn a_criterion_without_channels_applies_to_every_channel() {
    let c = crit("A", Kind::YesNo);
    assert!(Channel::ALL.into_iter().all(|ch| c.applies_to(ch)));
    let c = only(&[Channel::Store, Channel::Delivery], c);
    let applies: Vec<_> = Channel::ALL.into_iter().filter(|ch| c.applies_to(*ch)).collect();
    assert_eq!(applies, [Channel::Store, Channel::Delivery]);
}

#[test]
fn for_channel_drops_criteria_that_do_not_apply_and_sections_left_empty() {
    let sections = [
        section(
            "staff",
            1.0,
            vec![
                crit("ALL", Kind::YesNo),
                only(&[Channel::Phone], crit("PHONE", Kind::YesNo)),
                only(&[Channel::Store, Channel::Phone], crit("BOTH", Kind::YesNo)),
            ],
        ),
        section("delivery", 2.0, vec![only(&[Channel::Delivery], crit("PARCEL", Kind::YesNo))]),
    ];
    assert_eq!(
        codes(&for_channel(&sections, Channel::Store)),
        owned_codes(&[("staff", &["ALL", "BOTH"])])
    );
    assert_eq!(
        codes(&for_channel(&sections, Channel::Delivery)),
        owned_codes(&[("staff", &["ALL"]), ("delivery", &["PARCEL"])])
    );
    assert_eq!(
        codes(&for_channel(&sections, Channel::Phone)),
        owned_codes(&[("staff", &["ALL", "PHONE", "BOTH"])])
    );
    // What a visit is scored against keeps every section, emptied or not.
    assert_eq!(
        codes(&applicable_criteria(&sections, Channel::Store)),
        owned_codes(&[("staff", &["ALL", "BOTH"]), ("delivery", &[])])
    );
    // Weights and order are kept.
    assert_eq!(for_channel(&sections, Channel::Delivery)[1].weight, 2.0);
}

#[test]
fn a_section_whose_criteria_all_do_not_apply_is_unscored() {
    let sections = [
        section(
            "staff",
            1.0,
            vec![weighted("A", Kind::YesNo, 2.0), weighted("B", Kind::YesNo, 2.0)],
        ),
        section("delivery", 3.0, vec![only(&[Channel::Delivery], crit("PARCEL", Kind::YesNo))]),
    ];
    // Even an answer stored for it (it never is) would not count.
    let map = answers(&[("A", yes(true)), ("B", yes(false)), ("PARCEL", yes(false))]);
    let v = score(&applicable_criteria(&sections, Channel::Store), &map);
    assert_eq!(v.sections.len(), 2);
    assert_close(v.sections[0].pct, 50.0);
    assert_eq!(v.sections[1].category, "delivery");
    assert_eq!(v.sections[1].pct, None);
    assert_eq!((v.sections[1].earned, v.sections[1].possible), (0.0, 0.0));
    // The visit score is the staff section alone, not dragged down by weight 3.
    assert_close(v.score, 50.0);
    assert_eq!(v.criteria.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["A", "B"]);

    // For a delivery visit it counts as usual.
    let v = score(&applicable_criteria(&sections, Channel::Delivery), &map);
    assert_close(v.sections[1].pct, 0.0);
    assert_close(v.score, 12.5);
}

#[test]
fn a_critical_criterion_that_does_not_apply_cannot_sink_the_visit() {
    let sections = [section(
        "staff",
        1.0,
        vec![
            crit("A", Kind::YesNo),
            only(&[Channel::Phone], Criterion { critical: true, ..crit("RUDE", Kind::YesNo) }),
        ],
    )];
    let map = answers(&[("A", yes(true)), ("RUDE", yes(false))]);
    let store = score(&applicable_criteria(&sections, Channel::Store), &map);
    assert!(!store.critical_failed);
    assert_close(store.score, 100.0);
    let phone = score(&applicable_criteria(&sections, Channel::Phone), &map);
    assert!(phone.critical_failed);
    assert_eq!(phone.score, Some(0.0));
}

#[test]
fn a_criterion_that_does_not_apply_is_never_missing() {
    let sections = [section(
        "staff",
        1.0,
        vec![
            crit("A", Kind::YesNo),
            only(&[Channel::Email], crit("REPLY", number(24.0, Direction::AtMost))),
            only(&[Channel::Website, Channel::App], crit("SHOT", Kind::Photo)),
        ],
    )];
    let empty = HashMap::new();
    let store = applicable_criteria(&sections, Channel::Store);
    assert_eq!(missing_for(&store, &empty, &[]), owned(&[("A", Unanswered)]));
    let email = applicable_criteria(&sections, Channel::Email);
    assert_eq!(
        missing_for(&email, &empty, &[]),
        owned(&[("A", Unanswered), ("REPLY", Unanswered)])
    );
    let app = for_channel(&sections, Channel::App);
    assert_eq!(
        missing_for(&app, &empty, &[]),
        owned(&[("A", Unanswered), ("SHOT", PhotoRequired)])
    );
}

#[test]
fn the_photo_rule_of_a_criterion_that_does_not_apply_is_not_required() {
    let sections = [section(
        "staff",
        1.0,
        vec![
            crit("A", Kind::YesNo),
            only(
                &[Channel::Store],
                Criterion { photo: PhotoRule::Always, ..crit("SHELF", Kind::YesNo) },
            ),
            only(
                &[Channel::Store],
                Criterion { photo: PhotoRule::OnFail, ..crit("CLEAN", scale(1.0, 5.0)) },
            ),
        ],
    )];
    let map = answers(&[("A", yes(true))]);
    let web = applicable_criteria(&sections, Channel::Website);
    assert_eq!(missing_for(&web, &map, &[]), vec![]);
    let store = applicable_criteria(&sections, Channel::Store);
    let store_map = answers(&[("A", yes(true)), ("SHELF", yes(true)), ("CLEAN", num(1.0))]);
    assert_eq!(
        missing_for(&store, &store_map, &[]),
        owned(&[("SHELF", PhotoRequired), ("CLEAN", PhotoRequired)])
    );
}
