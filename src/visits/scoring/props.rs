//! Properties over random checklists (every kind, zero weights, N/A,
//! critical items, photo rules) and random valid answers, some left out.

use super::*;
use crate::checklists::{ChoiceOption, Range, applicable_criteria, for_channel};
use crate::places::Channel;
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
        (-50.0..50.0f64, prop_oneof![Just(Direction::AtMost), Just(Direction::AtLeast)])
            .prop_map(|(target, direction)| Kind::Number { target, direction }),
        prop::collection::vec(fraction(), 1..5).prop_map(|values| Kind::Choice {
            options: values
                .into_iter()
                .enumerate()
                .map(|(i, value)| ChoiceOption { key: format!("o{i}"), value })
                .collect(),
        }),
        Just(Kind::Text),
        Just(Kind::Photo),
    ]
}

fn criterion() -> impl Strategy<Value = Criterion> {
    let photo =
        prop_oneof![Just(PhotoRule::Never), Just(PhotoRule::OnFail), Just(PhotoRule::Always)];
    // Mostly every channel, as in real checklists; some limited to a few.
    let channels = prop_oneof![
        2 => Just(vec![]),
        1 => prop::collection::vec(prop::sample::select(Channel::ALL.to_vec()), 1..4),
    ];
    (kind(), weight(), prop::bool::weighted(0.15), any::<bool>(), photo, channels).prop_map(
        |(kind, weight, critical, allow_na, photo, channels)| Criterion {
            code: String::new(),
            kind,
            weight,
            critical,
            allow_na,
            photo,
            range: Range::default(),
            channels,
        },
    )
}

fn checklist() -> impl Strategy<Value = Vec<Section>> {
    let section = (weight(), prop::collection::vec(criterion(), 0..6))
        .prop_map(|(weight, criteria)| Section { category: String::new(), weight, criteria });
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
        Kind::Choice { options } => {
            prop::sample::select(options.clone()).prop_map(|o| Some(Value::Choice(o.key))).boxed()
        }
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
        (Kind::Scale { max, .. }, Value::Number(n)) => Value::Number((n + (max - n) * t).min(*max)),
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

    /// DESIGN.md's N/A rule is the model for criteria of another channel:
    /// scoring the criteria that apply gives exactly what answering every
    /// other criterion N/A (allowed for the occasion) gives, whatever was
    /// answered for them, and completeness reports the same problems.
    #[test]
    fn a_criterion_for_another_channel_counts_exactly_like_na(
        (sections, map) in visit(),
        ch in prop::sample::select(Channel::ALL.to_vec()),
        photos in 0usize..2,
    ) {
        let applicable = applicable_criteria(&sections, ch);
        let mut as_na = sections.clone();
        let mut na_map = map.clone();
        for c in as_na.iter_mut().flat_map(|s| &mut s.criteria) {
            if !c.applies_to(ch) {
                c.allow_na = true;
                na_map.insert(c.code.clone(), Answer::Na);
            }
        }
        let got = score(&applicable, &map);
        let want = score(&as_na, &na_map);
        prop_assert_eq!(got.score, want.score);
        prop_assert_eq!(got.critical_failed, want.critical_failed);
        prop_assert_eq!(&got.sections, &want.sections);
        let applies: Vec<_> = all(&sections).map(|c| c.applies_to(ch)).collect();
        let kept: Vec<_> =
            want.criteria.iter().zip(&applies).filter(|(_, a)| **a).map(|(c, _)| c).collect();
        prop_assert_eq!(got.criteria.iter().collect::<Vec<_>>(), kept);

        let photo_count = |_: &str| photos;
        prop_assert_eq!(
            missing(&applicable, |c| map.get(c), photo_count),
            missing(&as_na, |c| na_map.get(c), photo_count)
        );
        // The form's view drops only sections left empty, so it asks the same.
        prop_assert_eq!(
            missing(&for_channel(&sections, ch), |c| map.get(c), photo_count),
            missing(&applicable, |c| map.get(c), photo_count)
        );
    }
}
