use std::collections::{BTreeSet, HashSet};

use super::*;
use crate::checklists::Direction;
use crate::checklists::document::OptionDoc;
use crate::i18n::Arg;

/// A valid document with one criterion of every kind, in this order:
/// yes_no, scale, number, choice, text, photo.
fn valid() -> ChecklistDoc {
    let mut scale = CriterionDoc::new("B-2", "Helpfulness", KindName::Scale);
    (scale.min, scale.max) = (Some(1.0), Some(5.0));
    let mut number = CriterionDoc::new("C.3", "Minutes queued", KindName::Number);
    (number.target, number.direction) = (Some(5.0), Some(Direction::AtMost));
    number.unit = Some("minutes".into());
    let mut choice = CriterionDoc::new("D_4", "Answered?", KindName::Choice);
    choice.options = vec![option("full", 1.0), option("partly", 0.5), option("no", 0.0)];
    ChecklistDoc {
        id: None,
        name: "Standard".into(),
        description: String::new(),
        sections: vec![SectionDoc {
            id: None,
            category: "staff".into(),
            title: "Staff".into(),
            weight: 1.0,
            criteria: vec![
                CriterionDoc::new("A1", "Greeted?", KindName::YesNo),
                scale,
                number,
                choice,
                CriterionDoc::new("E5", "What was said", KindName::Text),
                CriterionDoc::new("F6", "Photo of the queue", KindName::Photo),
            ],
        }],
    }
}

fn option(key: &str, value: f64) -> OptionDoc {
    OptionDoc { key: key.into(), label: key.to_uppercase(), value }
}

const YES_NO: usize = 0;
const SCALE: usize = 1;
const NUMBER: usize = 2;
const CHOICE: usize = 3;
const TEXT: usize = 4;
const PHOTO: usize = 5;

fn criterion(doc: &mut ChecklistDoc, j: usize) -> &mut CriterionDoc {
    &mut doc.sections[0].criteria[j]
}

/// Applies `change` to the valid fixture and asserts that exactly one problem
/// results, at `path` with message `key`; returns the message for its arguments.
fn only_problem(change: impl FnOnce(&mut ChecklistDoc), path: &str, key: &str) -> Msg {
    let mut doc = valid();
    change(&mut doc);
    let found = problems(&doc);
    let summary: Vec<_> = found.iter().map(|p| (p.path.as_str(), p.msg.key)).collect();
    assert_eq!(summary, [(path, key)]);
    found[0].msg.clone()
}

fn no_problem(change: impl FnOnce(&mut ChecklistDoc)) {
    let mut doc = valid();
    change(&mut doc);
    assert_eq!(problems(&doc), []);
}

fn text_arg(msg: &Msg, name: &str) -> String {
    match msg.args.iter().find(|(n, _)| *n == name) {
        Some((_, Arg::Text(t))) => t.clone(),
        other => panic!("no text argument {name}: {other:?}"),
    }
}

fn at(j: usize, field: &str) -> String {
    format!("sections[0].criteria[{j}].{field}")
}

#[test]
fn the_fixture_is_valid() {
    no_problem(|_| {});
}

#[test]
fn built_in_checklists_have_no_problems() {
    for json in [
        include_str!("../../../assets/checklists/customer-experience.en.json"),
        include_str!("../../../assets/checklists/customer-experience.fa.json"),
        include_str!("../../../assets/checklists/customer-experience.ar.json"),
    ] {
        let doc: ChecklistDoc = serde_json::from_str(json).unwrap();
        assert_eq!(problems(&doc), []);
    }
}

#[test]
fn empty_name() {
    only_problem(|d| d.name = "  ".into(), "name", "checklist-name-empty");
}

#[test]
fn no_sections() {
    only_problem(|d| d.sections.clear(), "sections", "checklist-no-sections");
}

#[test]
fn section_without_criteria() {
    let path = "sections[0].criteria";
    only_problem(|d| d.sections[0].criteria.clear(), path, "checklist-section-empty");
}

#[test]
fn custom_categories_are_allowed() {
    no_problem(|d| d.sections[0].category = "after_sales".into());
}

#[test]
fn bad_category_key() {
    let change = |d: &mut ChecklistDoc| d.sections[0].category = "After Sales".into();
    let msg = only_problem(change, "sections[0].category", "checklist-category-invalid");
    assert_eq!(text_arg(&msg, "category"), "After Sales");
}

#[test]
fn a_category_appears_once() {
    let change = |d: &mut ChecklistDoc| {
        let mut again = d.sections[0].clone();
        for (j, c) in again.criteria.iter_mut().enumerate() {
            c.code = format!("Z{j}");
        }
        d.sections.push(again);
    };
    let msg = only_problem(change, "sections[1].category", "checklist-category-duplicate");
    assert_eq!(text_arg(&msg, "category"), "staff");
}

#[test]
fn empty_title() {
    let path = "sections[0].title";
    only_problem(|d| d.sections[0].title = String::new(), path, "checklist-title-empty");
}

#[test]
fn section_weight_must_be_positive_and_finite() {
    for weight in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let path = "sections[0].weight";
        only_problem(|d| d.sections[0].weight = weight, path, "checklist-weight-not-positive");
    }
}

#[test]
fn empty_code() {
    only_problem(|d| criterion(d, 3).code = String::new(), &at(3, "code"), "checklist-code-empty");
}

#[test]
fn code_format() {
    for bad in ["-A1", "A 1", "Ä1", "A/1", &"A".repeat(33)] {
        let change = |d: &mut ChecklistDoc| criterion(d, 0).code = bad.into();
        let msg = only_problem(change, &at(0, "code"), "checklist-code-invalid");
        assert_eq!(text_arg(&msg, "code"), bad);
    }
    no_problem(|d| criterion(d, 0).code = "9a_b.c-D".repeat(4));
}

#[test]
fn duplicate_codes_are_reported_after_the_first_across_sections() {
    let mut doc = valid();
    let mut second = doc.sections[0].clone();
    second.category = "stock".into();
    second.criteria.iter_mut().for_each(|c| c.code.push('x'));
    second.criteria[2].code = "A1".into();
    second.criteria[4].code = "A1".into();
    doc.sections.push(second);
    let found = problems(&doc);
    let paths: Vec<_> = found.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["sections[1].criteria[2].code", "sections[1].criteria[4].code"]);
    for p in &found {
        assert_eq!(p.msg.key, "checklist-code-duplicate");
        assert_eq!(text_arg(&p.msg, "code"), "A1");
    }
}

#[test]
fn codes_differing_only_in_case_are_distinct() {
    no_problem(|d| criterion(d, 1).code = "a1".into());
}

#[test]
fn empty_prompt() {
    let path = at(TEXT, "prompt");
    only_problem(|d| criterion(d, TEXT).prompt = String::new(), &path, "checklist-prompt-empty");
}

#[test]
fn criterion_weight_must_be_positive_and_finite_for_scored_kinds() {
    for j in [YES_NO, SCALE, NUMBER, CHOICE] {
        for weight in [0.0, -2.0, f64::NAN, f64::NEG_INFINITY] {
            let key = "checklist-weight-not-positive";
            only_problem(|d| criterion(d, j).weight = weight, &at(j, "weight"), key);
        }
    }
}

#[test]
fn weight_of_text_and_photo_is_ignored() {
    no_problem(|d| {
        criterion(d, TEXT).weight = 0.0;
        criterion(d, PHOTO).weight = f64::NAN;
    });
}

#[test]
fn scale_without_min_or_max() {
    let path = at(SCALE, "min");
    only_problem(|d| criterion(d, SCALE).min = None, &path, "checklist-scale-min-missing");
    let path = at(SCALE, "max");
    only_problem(|d| criterion(d, SCALE).max = None, &path, "checklist-scale-max-missing");
}

#[test]
fn scale_min_must_be_below_max() {
    for (min, max) in [(5.0, 5.0), (5.0, 1.0)] {
        let change = |d: &mut ChecklistDoc| {
            let c = criterion(d, SCALE);
            (c.min, c.max) = (Some(min), Some(max));
        };
        only_problem(change, &at(SCALE, "max"), "checklist-scale-range-empty");
    }
}

#[test]
fn scale_bounds_must_be_finite() {
    let path = at(SCALE, "min");
    only_problem(
        |d| criterion(d, SCALE).min = Some(f64::NAN),
        &path,
        "checklist-number-not-finite",
    );
}

#[test]
fn number_without_target_or_direction() {
    let (path, key) = (at(NUMBER, "target"), "checklist-number-target-missing");
    only_problem(|d| criterion(d, NUMBER).target = None, &path, key);
    let (path, key) = (at(NUMBER, "direction"), "checklist-number-direction-missing");
    only_problem(|d| criterion(d, NUMBER).direction = None, &path, key);
}

#[test]
fn number_target_must_be_finite() {
    let (path, key) = (at(NUMBER, "target"), "checklist-number-not-finite");
    only_problem(|d| criterion(d, NUMBER).target = Some(f64::INFINITY), &path, key);
}

#[test]
fn number_unit_is_optional() {
    no_problem(|d| criterion(d, NUMBER).unit = None);
}

#[test]
fn choice_without_options() {
    let path = at(CHOICE, "options");
    only_problem(|d| criterion(d, CHOICE).options.clear(), &path, "checklist-choice-no-options");
}

#[test]
fn option_with_empty_key() {
    let path = at(CHOICE, "options[1].key");
    let change = |d: &mut ChecklistDoc| criterion(d, CHOICE).options[1].key = " ".into();
    only_problem(change, &path, "checklist-option-key-empty");
}

#[test]
fn option_with_duplicate_key() {
    let path = at(CHOICE, "options[2].key");
    let change = |d: &mut ChecklistDoc| criterion(d, CHOICE).options[2].key = "full".into();
    let msg = only_problem(change, &path, "checklist-option-key-duplicate");
    assert_eq!(text_arg(&msg, "key"), "full");
}

#[test]
fn option_keys_need_only_be_unique_within_their_criterion() {
    no_problem(|d| {
        let mut other = criterion(d, CHOICE).clone();
        other.code = "D_5".into();
        d.sections[0].criteria.push(other);
    });
}

#[test]
fn option_with_empty_label() {
    let path = at(CHOICE, "options[0].label");
    let change = |d: &mut ChecklistDoc| criterion(d, CHOICE).options[0].label = String::new();
    only_problem(change, &path, "checklist-option-label-empty");
}

#[test]
fn option_value_must_be_a_fraction() {
    for value in [-0.1, 1.5, f64::NAN, f64::INFINITY] {
        let path = at(CHOICE, "options[0].value");
        let change = |d: &mut ChecklistDoc| criterion(d, CHOICE).options[0].value = value;
        only_problem(change, &path, "checklist-option-value-out-of-range");
    }
}

#[test]
fn settings_of_another_kind() {
    let mut doc = valid();
    let yes_no = criterion(&mut doc, YES_NO);
    yes_no.min = Some(1.0);
    yes_no.max = Some(5.0);
    yes_no.target = Some(3.0);
    yes_no.direction = Some(Direction::AtLeast);
    yes_no.unit = Some("minutes".into());
    yes_no.options = vec![option("x", 1.0)];
    criterion(&mut doc, SCALE).unit = Some("stars".into());
    let found = problems(&doc);
    let paths: Vec<_> = found.iter().map(|p| p.path.as_str()).collect();
    let mut expected =
        ["min", "max", "target", "direction", "unit", "options"].map(|s| at(0, s)).to_vec();
    expected.push(at(SCALE, "unit"));
    assert_eq!(paths, expected);
    assert!(found.iter().all(|p| p.msg.key == "checklist-setting-not-for-kind"));
    assert_eq!(text_arg(&found[0].msg, "setting"), "min");
    assert_eq!(text_arg(&found[0].msg, "kind"), "yes_no");
    assert_eq!(text_arg(&found[6].msg, "kind"), "scale");
}

#[test]
fn photo_on_fail_is_meaningless_for_text_and_photo() {
    for j in [TEXT, PHOTO] {
        let change = |d: &mut ChecklistDoc| criterion(d, j).photo = PhotoRule::OnFail;
        only_problem(change, &at(j, "photo"), "checklist-photo-on-fail-unscored");
    }
    no_problem(|d| {
        criterion(d, TEXT).photo = PhotoRule::Always;
        criterion(d, PHOTO).photo = PhotoRule::Always;
        criterion(d, YES_NO).photo = PhotoRule::OnFail;
    });
}

#[test]
fn critical_text_or_photo() {
    for (j, kind) in [(TEXT, "text"), (PHOTO, "photo")] {
        let change = |d: &mut ChecklistDoc| criterion(d, j).critical = true;
        let msg = only_problem(change, &at(j, "critical"), "checklist-critical-unscored");
        assert_eq!(text_arg(&msg, "kind"), kind);
    }
}

/// A document broken in every way at once.
fn broken() -> ChecklistDoc {
    let mut doc = valid();
    doc.name = String::new();
    let mut empty = doc.sections[0].clone();
    empty.criteria.clear();
    let s = &mut doc.sections[0];
    (s.category, s.title, s.weight) = ("Staff!".into(), String::new(), 0.0);
    let c = &mut s.criteria;
    (c[0].code, c[0].prompt, c[0].weight) = ("B-2".into(), String::new(), -1.0);
    c[0].options = vec![option("x", 1.0)];
    (c[1].min, c[1].max) = (Some(3.0), None);
    c[1].code = String::new();
    (c[2].target, c[2].direction) = (None, None);
    c[2].code = "no spaces".into();
    c[3].options = vec![option("a", 2.0), option("a", 0.5), option("", 0.0)];
    c[3].options[1].label = String::new();
    c[3].options[2].label = "None".into();
    c[4].code = "B-2".into();
    (c[4].critical, c[4].photo) = (true, PhotoRule::OnFail);
    c[5].min = Some(f64::NAN);
    doc.sections.push(empty);
    doc
}

#[test]
fn every_problem_is_reported_at_once() {
    let found = problems(&broken());
    let summary: Vec<_> = found.iter().map(|p| (p.path.as_str(), p.msg.key)).collect();
    let o = |k: usize, field: &str| format!("sections[0].criteria[3].options[{k}].{field}");
    let expected = [
        ("name".to_string(), "checklist-name-empty"),
        ("sections[0].category".into(), "checklist-category-invalid"),
        ("sections[0].title".into(), "checklist-title-empty"),
        ("sections[0].weight".into(), "checklist-weight-not-positive"),
        (at(0, "prompt"), "checklist-prompt-empty"),
        (at(0, "weight"), "checklist-weight-not-positive"),
        (at(0, "options"), "checklist-setting-not-for-kind"),
        (at(1, "code"), "checklist-code-empty"),
        (at(1, "max"), "checklist-scale-max-missing"),
        (at(2, "code"), "checklist-code-invalid"),
        (at(2, "target"), "checklist-number-target-missing"),
        (at(2, "direction"), "checklist-number-direction-missing"),
        (o(0, "value"), "checklist-option-value-out-of-range"),
        (o(1, "key"), "checklist-option-key-duplicate"),
        (o(1, "label"), "checklist-option-label-empty"),
        (o(2, "key"), "checklist-option-key-empty"),
        (at(4, "code"), "checklist-code-duplicate"),
        (at(4, "critical"), "checklist-critical-unscored"),
        (at(4, "photo"), "checklist-photo-on-fail-unscored"),
        (at(5, "min"), "checklist-setting-not-for-kind"),
        ("sections[1].criteria".into(), "checklist-section-empty"),
    ];
    let expected: Vec<_> = expected.iter().map(|(p, k)| (p.as_str(), *k)).collect();
    assert_eq!(summary, expected);
}

#[test]
fn no_two_problems_share_a_path() {
    // So `fields` (a map keyed by path) loses nothing.
    let found = problems(&broken());
    let paths: HashSet<_> = found.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths.len(), found.len());
}

#[test]
fn every_documented_key_is_used_and_every_used_key_documented() {
    let source = include_str!("../validate.rs");
    let documented: BTreeSet<_> = source
        .lines()
        .filter_map(|l| l.strip_prefix("//! checklist-"))
        .filter_map(|l| l.split_once(" = ").map(|(key, _)| format!("checklist-{key}")))
        .collect();
    // The code after the doc comment; the doc comment itself holds the keys too.
    let (_, code) = source.split_once("\nuse ").unwrap();
    let used: BTreeSet<_> = code
        .split('"')
        .filter(|s| s.starts_with("checklist-") && !s.contains(' '))
        .map(str::to_owned)
        .collect();
    assert_eq!(documented, used);
    assert_eq!(documented.len(), 37);
}

#[test]
fn a_number_may_have_a_range_that_holds_its_target() {
    no_problem(|d| {
        let c = criterion(d, NUMBER);
        (c.min, c.max) = (Some(-10.0), Some(40.0));
    });
    no_problem(|d| criterion(d, NUMBER).max = Some(5.0));
    for (min, max) in [(Some(5.0), Some(5.0)), (None, Some(0.0)), (Some(3.0), Some(-1.0))] {
        let change = |d: &mut ChecklistDoc| {
            let c = criterion(d, NUMBER);
            (c.min, c.max) = (min, max);
        };
        only_problem(change, &at(NUMBER, "max"), "checklist-number-range-empty");
    }
    let change = |d: &mut ChecklistDoc| criterion(d, NUMBER).max = Some(4.0);
    only_problem(change, &at(NUMBER, "target"), "checklist-number-target-out-of-range");
    // Without a min the answers start at 0, so a negative target is out.
    let change = |d: &mut ChecklistDoc| criterion(d, NUMBER).target = Some(-1.0);
    only_problem(change, &at(NUMBER, "target"), "checklist-number-target-below-min");
    let change = |d: &mut ChecklistDoc| criterion(d, NUMBER).min = Some(f64::NAN);
    only_problem(change, &at(NUMBER, "min"), "checklist-number-not-finite");
}

#[test]
fn each_problem_says_in_words_where_it_is() {
    use crate::i18n::Locale;
    let mut doc = valid();
    criterion(&mut doc, NUMBER).max = Some(4.0);
    criterion(&mut doc, SCALE).code = String::new();
    doc.sections[0].weight = 0.0;
    let found = problems(&doc);
    let said: Vec<_> =
        found.iter().map(|p| (p.path.as_str(), Locale::En.msg(&p.message()))).collect();
    assert_eq!(
        said,
        [
            ("sections[0].weight", "Section “Staff” (staff): The weight must be a number greater than 0.".to_owned()),
            (
                "sections[0].criteria[1].code",
                "Criterion “Helpfulness” in Section “Staff” (staff): Give the criterion a code, such as RSP-01.".to_owned()
            ),
            (
                "sections[0].criteria[2].target",
                "Criterion C.3 “Minutes queued”: The target must be one of the allowed answers: from 0 to 4.".to_owned()
            ),
        ]
    );
    let fa = Locale::Fa.msg(&found[2].message());
    assert!(fa.starts_with("معیار C.3 «Minutes queued»: هدف"), "{fa}");
}

#[test]
fn a_criterion_may_be_limited_to_some_channels() {
    no_problem(|d| criterion(d, YES_NO).channels = vec!["store".into(), "delivery".into()]);
    no_problem(|d| criterion(d, TEXT).channels = vec!["social".into()]);
}

#[test]
fn an_unknown_channel_is_named_with_its_criterion() {
    let change = |d: &mut ChecklistDoc| {
        criterion(d, YES_NO).channels = vec!["store".into(), "shop".into()];
    };
    let msg = only_problem(change, &at(YES_NO, "channels[1]"), "checklist-channel-unknown");
    assert_eq!(text_arg(&msg, "channel"), "shop");
    // Names compare exactly, as the API writes them.
    let change = |d: &mut ChecklistDoc| criterion(d, SCALE).channels = vec!["Store".into()];
    only_problem(change, &at(SCALE, "channels[0]"), "checklist-channel-unknown");

    let mut doc = valid();
    criterion(&mut doc, YES_NO).channels = vec!["shop".into()];
    let said = crate::i18n::Locale::En.msg(&problems(&doc)[0].message());
    assert_eq!(
        said,
        r#"Criterion A1 “Greeted?”: "shop" is not a channel. Use store, website, phone, email, app, delivery or social."#
    );
}

#[test]
fn a_channel_named_twice_is_a_problem_at_its_second_mention() {
    let change = |d: &mut ChecklistDoc| {
        criterion(d, CHOICE).channels = vec!["phone".into(), "email".into(), "phone".into()];
    };
    let msg = only_problem(change, &at(CHOICE, "channels[2]"), "checklist-channel-duplicate");
    assert_eq!(text_arg(&msg, "channel"), "phone");
}
