use serde_json::{Value, json};

use super::*;

/// The example document of API.md "Checklist document", verbatim.
const API_EXAMPLE: &str = r#"{
  "name": "Customer experience standard",
  "description": "Our standard for every touchpoint",
  "sections": [
    {
      "category": "responsiveness",
      "title": "Responsiveness",
      "weight": 1.0,
      "criteria": [
        {"code": "RSP-01", "prompt": "Greeted within 30 seconds?",
         "guidance": "Count from entering the door.", "kind": "yes_no",
         "weight": 2, "critical": false, "allow_na": false, "photo": "never"},
        {"code": "RSP-02", "prompt": "Minutes queued", "kind": "number",
         "target": 5, "direction": "at_most", "unit": "minutes", "weight": 3},
        {"code": "RSP-03", "prompt": "Helpfulness", "kind": "scale",
         "min": 1, "max": 5, "weight": 4},
        {"code": "RSP-04", "prompt": "How was the question answered?",
         "kind": "choice", "weight": 2, "options": [
           {"key": "full", "label": "Fully", "value": 1.0},
           {"key": "partly", "label": "Partly", "value": 0.5},
           {"key": "no", "label": "Not at all", "value": 0.0}]},
        {"code": "RSP-05", "prompt": "What was said", "kind": "text"},
        {"code": "RSP-06", "prompt": "Photo of the queue", "kind": "photo"}
      ]
    }
  ]
}"#;

fn parse(json: &str) -> ChecklistDoc {
    serde_json::from_str(json).expect("document parses")
}

fn example() -> ChecklistDoc {
    parse(API_EXAMPLE)
}

fn to_value(doc: &ChecklistDoc) -> Value {
    serde_json::to_value(doc).expect("document serialises")
}

fn minimal(criterion: Value) -> Value {
    json!({"name": "N", "sections": [
        {"category": "stock", "title": "T", "criteria": [criterion]}
    ]})
}

#[test]
fn api_example_round_trips() {
    let doc = example();
    let again = parse(&serde_json::to_string(&doc).unwrap());
    assert_eq!(again, doc);
}

#[test]
fn api_example_exports_with_defaults_filled_in() {
    let defaults = json!({"guidance": "", "weight": 1.0, "critical": false,
                          "allow_na": false, "photo": "never"});
    let criterion = |fields: Value| {
        let mut c = defaults.clone();
        c.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
        c
    };
    let expected = json!({
        "name": "Customer experience standard",
        "description": "Our standard for every touchpoint",
        "sections": [{
            "category": "responsiveness",
            "title": "Responsiveness",
            "weight": 1.0,
            "criteria": [
                criterion(json!({"code": "RSP-01", "prompt": "Greeted within 30 seconds?",
                    "guidance": "Count from entering the door.", "kind": "yes_no",
                    "weight": 2.0})),
                criterion(json!({"code": "RSP-02", "prompt": "Minutes queued",
                    "kind": "number", "weight": 3.0, "target": 5.0,
                    "direction": "at_most", "unit": "minutes"})),
                criterion(json!({"code": "RSP-03", "prompt": "Helpfulness",
                    "kind": "scale", "weight": 4.0, "min": 1.0, "max": 5.0})),
                criterion(json!({"code": "RSP-04", "prompt": "How was the question answered?",
                    "kind": "choice", "weight": 2.0, "options": [
                        {"key": "full", "label": "Fully", "value": 1.0},
                        {"key": "partly", "label": "Partly", "value": 0.5},
                        {"key": "no", "label": "Not at all", "value": 0.0}]})),
                criterion(json!({"code": "RSP-05", "prompt": "What was said", "kind": "text"})),
                criterion(json!({"code": "RSP-06", "prompt": "Photo of the queue", "kind": "photo"})),
            ]
        }]
    });
    assert_eq!(to_value(&example()), expected);
}

#[test]
fn built_in_checklists_round_trip() {
    for json in [
        include_str!("../../../assets/checklists/customer-experience.en.json"),
        include_str!("../../../assets/checklists/customer-experience.fa.json"),
        include_str!("../../../assets/checklists/customer-experience.ar.json"),
    ] {
        let doc = parse(json);
        assert_eq!(doc.sections.len(), 8);
        assert_eq!(parse(&serde_json::to_string(&doc).unwrap()), doc);
    }
}

#[test]
fn defaults_apply_to_missing_fields() {
    let doc = parse(
        r#"{"name": "N", "sections": [{"category": "stock", "title": "T",
        "criteria": [{"code": "A", "prompt": "P", "kind": "yes_no"}]}]}"#,
    );
    assert_eq!(doc.description, "");
    assert_eq!(doc.sections[0].weight, 1.0);
    assert_eq!(doc.sections[0].criteria[0], CriterionDoc::new("A", "P", KindName::YesNo));
}

#[test]
fn a_draft_may_have_no_sections_or_criteria_yet() {
    assert!(parse(r#"{"name": "N"}"#).sections.is_empty());
    let doc = parse(r#"{"name": "N", "sections": [{"category": "stock", "title": "T"}]}"#);
    assert!(doc.sections[0].criteria.is_empty());
}

#[test]
fn unknown_fields_are_refused_at_every_level() {
    let c = json!({"code": "A", "prompt": "P", "kind": "choice",
                   "options": [{"key": "k", "label": "L", "value": 1.0}]});
    let mut docs = vec![minimal(c.clone()); 4];
    docs[0]["colour"] = json!("red");
    docs[1]["sections"][0]["colour"] = json!("red");
    docs[2]["sections"][0]["criteria"][0]["alow_na"] = json!(true);
    docs[3]["sections"][0]["criteria"][0]["options"][0]["colour"] = json!("red");
    for doc in docs {
        let err = serde_json::from_value::<ChecklistDoc>(doc).unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
    }
    // The unmodified document parses, so the errors above are the extra fields.
    serde_json::from_value::<ChecklistDoc>(minimal(c)).unwrap();
}

#[test]
fn unknown_kind_photo_rule_and_direction_are_refused() {
    for (field, value) in [("kind", "date"), ("photo", "sometimes"), ("direction", "exactly")] {
        let mut c = json!({"code": "A", "prompt": "P", "kind": "number"});
        c[field] = json!(value);
        assert!(serde_json::from_value::<ChecklistDoc>(minimal(c)).is_err(), "{field}");
    }
}

#[test]
fn ids_are_accepted_and_written_back() {
    let json = json!({"id": 7, "name": "N", "sections": [{"id": 8, "category": "stock",
        "title": "T", "criteria": [{"id": 9, "code": "A", "prompt": "P", "kind": "yes_no"}]}]});
    let mut doc: ChecklistDoc = serde_json::from_value(json).unwrap();
    assert_eq!(doc.id, Some(7));
    assert_eq!(doc.sections[0].id, Some(8));
    assert_eq!(doc.sections[0].criteria[0].id, Some(9));
    let out = to_value(&doc);
    assert_eq!(out["id"], 7);
    assert_eq!(out["sections"][0]["criteria"][0]["id"], 9);

    doc.clear_ids();
    let out = to_value(&doc);
    assert!(out.get("id").is_none());
    assert!(out["sections"][0].get("id").is_none());
    assert!(out["sections"][0]["criteria"][0].get("id").is_none());
}

#[test]
fn kind_settings_are_written_only_when_set() {
    let out = to_value(&example());
    let yes_no = out["sections"][0]["criteria"][0].as_object().unwrap();
    for key in ["min", "max", "target", "direction", "unit", "options"] {
        assert!(!yes_no.contains_key(key), "{key}");
    }
}

#[test]
fn settings_on_the_wrong_kind_survive_a_round_trip() {
    let c = json!({"code": "A", "prompt": "P", "kind": "yes_no", "min": 1, "unit": "m",
                   "options": [{"key": "k", "label": "L", "value": 1}]});
    let doc: ChecklistDoc = serde_json::from_value(minimal(c)).unwrap();
    let out = to_value(&doc);
    let c = &out["sections"][0]["criteria"][0];
    assert_eq!(c["min"], 1.0);
    assert_eq!(c["unit"], "m");
    assert_eq!(c["options"][0]["key"], "k");
    assert_eq!(serde_json::from_value::<ChecklistDoc>(out).unwrap(), doc);
}

#[test]
fn kind_names_match_their_json() {
    for kind in KindName::ALL {
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        assert_eq!(KindName::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(KindName::parse("YesNo"), None);
}

#[test]
fn only_text_and_photo_are_unscored() {
    let unscored: Vec<_> = KindName::ALL.into_iter().filter(|k| !k.is_scored()).collect();
    assert_eq!(unscored, [KindName::Text, KindName::Photo]);
}

#[test]
fn example_converts_to_the_scoring_model() {
    let sections = example().to_scoring();
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0].category, "responsiveness");
    assert_eq!(sections[0].weight, 1.0);
    let kinds: Vec<_> = sections[0].criteria.iter().map(|c| c.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            Kind::YesNo,
            Kind::Number { target: 5.0, direction: Direction::AtMost },
            Kind::Scale { min: 1.0, max: 5.0 },
            Kind::Choice {
                options: vec![
                    ChoiceOption { key: "full".into(), value: 1.0 },
                    ChoiceOption { key: "partly".into(), value: 0.5 },
                    ChoiceOption { key: "no".into(), value: 0.0 },
                ]
            },
            Kind::Text,
            Kind::Photo,
        ]
    );
    let first = &sections[0].criteria[0];
    assert_eq!(
        (first.code.as_str(), first.weight, first.critical, first.allow_na, first.photo),
        ("RSP-01", 2.0, false, false, PhotoRule::Never)
    );
}

#[test]
fn criterion_flags_carry_over_to_scoring() {
    let mut c = CriterionDoc::new("A", "P", KindName::YesNo);
    c.weight = 3.0;
    c.critical = true;
    c.allow_na = true;
    c.photo = PhotoRule::OnFail;
    let s = c.to_scoring().unwrap();
    assert_eq!((s.weight, s.critical, s.allow_na, s.photo), (3.0, true, true, PhotoRule::OnFail));
}

#[test]
fn incomplete_kind_settings_do_not_convert() {
    let mut scale = CriterionDoc::new("S", "P", KindName::Scale);
    scale.min = Some(1.0);
    assert_eq!(scale.to_scoring(), None);
    let mut number = CriterionDoc::new("N", "P", KindName::Number);
    number.target = Some(5.0);
    assert_eq!(number.to_scoring(), None);
    assert_eq!(CriterionDoc::new("C", "P", KindName::Choice).to_scoring(), None);
}

#[test]
fn unconvertible_criteria_are_left_out_of_the_scoring_model() {
    let mut doc = example();
    doc.sections[0].criteria[2].max = None;
    let codes: Vec<_> = doc.to_scoring()[0].criteria.iter().map(|c| c.code.clone()).collect();
    assert_eq!(codes, ["RSP-01", "RSP-02", "RSP-04", "RSP-05", "RSP-06"]);
}

#[test]
fn built_in_categories_are_valid_keys() {
    assert!(category::BUILT_IN.iter().all(|k| category::is_valid(k)));
    assert!(category::is_built_in("stock"));
    assert!(!category::is_built_in("parking"));
}

#[test]
fn custom_category_keys_are_lowercase_ascii_identifiers() {
    for ok in ["parking", "a", "after_sales2", &"a".repeat(40)] {
        assert!(category::is_valid(ok), "{ok}");
    }
    for bad in ["", "Parking", "2fast", "_x", "after-sales", "café", "a b", &"a".repeat(41)] {
        assert!(!category::is_valid(bad), "{bad}");
    }
}

// Channels: which visits ask a criterion.

#[test]
fn a_document_without_channels_writes_none_back() {
    let doc = example();
    assert!(doc.sections[0].criteria.iter().all(|c| c.channels.is_empty()));
    let out = to_value(&doc);
    for c in out["sections"][0]["criteria"].as_array().unwrap() {
        assert!(c.get("channels").is_none(), "{c}");
    }
}

#[test]
fn channels_are_read_and_written_in_the_order_given() {
    let doc: ChecklistDoc = serde_json::from_value(minimal(json!({
        "code": "A", "prompt": "P", "kind": "yes_no", "channels": ["store", "delivery"]
    })))
    .unwrap();
    let c = &doc.sections[0].criteria[0];
    assert_eq!(c.channels, ["store", "delivery"]);
    assert_eq!(
        to_value(&doc)["sections"][0]["criteria"][0]["channels"],
        json!(["store", "delivery"])
    );
    assert_eq!(parse(&serde_json::to_string(&doc).unwrap()), doc);
    // A misspelt name is kept for validation to report, not refused here.
    let doc: ChecklistDoc = serde_json::from_value(minimal(json!({
        "code": "A", "prompt": "P", "kind": "yes_no", "channels": ["shop"]
    })))
    .unwrap();
    assert_eq!(doc.sections[0].criteria[0].channels, ["shop"]);
}

#[test]
fn a_criterion_applies_to_the_channels_it_names_or_to_all() {
    let mut c = CriterionDoc::new("A", "P", KindName::YesNo);
    assert!(Channel::ALL.into_iter().all(|ch| c.applies_to(ch)));
    c.channels = vec!["phone".into(), "email".into()];
    let applies: Vec<_> = Channel::ALL.into_iter().filter(|ch| c.applies_to(*ch)).collect();
    assert_eq!(applies, [Channel::Phone, Channel::Email]);
    assert_eq!(c.to_scoring().unwrap().channels, [Channel::Phone, Channel::Email]);
    assert!(c.to_scoring().unwrap().applies_to(Channel::Email));
    assert!(!c.to_scoring().unwrap().applies_to(Channel::Store));
}

#[test]
fn a_document_for_a_channel_drops_what_does_not_apply_and_empty_sections() {
    let mut doc = example();
    let mut delivery = doc.sections[0].clone();
    delivery.category = "delivery".into();
    delivery.criteria.truncate(1);
    delivery.criteria[0].code = "DEL-01".into();
    delivery.criteria[0].channels = vec!["delivery".into()];
    doc.sections[0].criteria[1].channels = vec!["store".into()];
    doc.sections[0].criteria[2].channels = vec!["phone".into()];
    doc.sections.push(delivery);
    let codes = |d: &ChecklistDoc| -> Vec<Vec<String>> {
        d.sections.iter().map(|s| s.criteria.iter().map(|c| c.code.clone()).collect()).collect()
    };
    let store = doc.for_channel(Channel::Store);
    assert_eq!(codes(&store), [vec!["RSP-01", "RSP-02", "RSP-04", "RSP-05", "RSP-06"]]);
    assert_eq!(
        (store.name.as_str(), store.sections[0].title.as_str()),
        (doc.name.as_str(), "Responsiveness")
    );
    let delivered = doc.for_channel(Channel::Delivery);
    assert_eq!(codes(&delivered), [vec!["RSP-01", "RSP-04", "RSP-05", "RSP-06"], vec!["DEL-01"]]);
    // The scoring model of the filtered document is the filtered model.
    assert_eq!(
        delivered.to_scoring(),
        crate::checklists::for_channel(&doc.to_scoring(), Channel::Delivery)
    );
}

fn built_in() -> [ChecklistDoc; 3] {
    [
        parse(include_str!("../../../assets/checklists/customer-experience.en.json")),
        parse(include_str!("../../../assets/checklists/customer-experience.fa.json")),
        parse(include_str!("../../../assets/checklists/customer-experience.ar.json")),
    ]
}

#[test]
fn the_built_in_standard_has_the_same_codes_and_channels_in_every_language() {
    let shape = |d: &ChecklistDoc| -> Vec<(String, String, Vec<String>)> {
        d.sections
            .iter()
            .flat_map(|s| {
                s.criteria.iter().map(|c| (s.category.clone(), c.code.clone(), c.channels.clone()))
            })
            .collect()
    };
    let [en, fa, ar] = built_in();
    assert_eq!(shape(&en).len(), 42);
    assert_eq!(shape(&fa), shape(&en));
    assert_eq!(shape(&ar), shape(&en));
}

#[test]
fn a_visit_of_the_built_in_standard_asks_only_what_its_channel_needs() {
    let [en, ..] = built_in();
    let asked = |ch: Channel| -> usize {
        en.for_channel(ch).sections.iter().map(|s| s.criteria.len()).sum()
    };
    let counts: Vec<(&str, usize)> =
        Channel::ALL.into_iter().map(|ch| (ch.as_str(), asked(ch))).collect();
    assert_eq!(
        counts,
        [
            ("store", 32),
            ("website", 31),
            ("phone", 28),
            ("email", 26),
            ("app", 30),
            ("delivery", 30),
            ("social", 26),
        ]
    );
    // No phone-only, e-mail or parcel question on a store visit.
    let store = en.for_channel(Channel::Store);
    let codes: Vec<&str> =
        store.sections.iter().flat_map(|s| &s.criteria).map(|c| c.code.as_str()).collect();
    for code in ["RSP-01", "RSP-04", "RSP-05", "QUA-04", "DEL-01", "DEL-05"] {
        assert!(!codes.contains(&code), "{code} on a store visit");
    }
    // Every section still has something to ask on every channel but one:
    // delivery questions only concern delivery.
    for ch in Channel::ALL {
        let cats: Vec<String> =
            en.for_channel(ch).sections.into_iter().map(|s| s.category).collect();
        let expected = if ch == Channel::Delivery { 8 } else { 7 };
        assert_eq!(cats.len(), expected, "{ch}: {cats:?}");
    }
}
