//! Answers as they arrive (JSON values keyed by criterion code) turned into
//! scoring answers, with every problem named by its code.
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::scoring::{Answer, AnswerError, Value, check_answer};
use crate::checklists::{Criterion, Kind, Section};
use crate::entities::visit_answer;
use crate::error::FieldErrors;
use crate::i18n::Msg;
use crate::places::Channel;

/// One answer as API.md writes it: `{"code", "value", "na", "comment"}`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct AnswerInput {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub na: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// A checked answer, ready to store and score. `answer` is `None` for a
/// criterion with only a comment so far: nothing the shopper typed is lost.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    pub code: String,
    pub answer: Option<Answer>,
    pub comment: String,
}

/// The scoring value of a JSON value for this criterion's kind. Numbers
/// may come as text, because forms send text.
fn value_for(kind: &Kind, v: &Json) -> Option<Value> {
    let number = || match v {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => s.trim().replace(',', ".").parse().ok(),
        _ => None,
    };
    Some(match kind {
        Kind::YesNo => Value::Bool(match v {
            Json::Bool(b) => *b,
            Json::String(s) if s == "yes" || s == "true" => true,
            Json::String(s) if s == "no" || s == "false" => false,
            _ => return None,
        }),
        Kind::Scale { .. } | Kind::Number { .. } => Value::Number(number()?),
        Kind::Choice { .. } => Value::Choice(v.as_str()?.to_owned()),
        Kind::Text => Value::Text(v.as_str()?.to_owned()),
        Kind::Photo => return None,
    })
}

/// The value as stored and returned: JSON again.
pub fn to_json(a: &Answer) -> Option<Json> {
    match a {
        Answer::Na => None,
        Answer::Given(Value::Bool(b)) => Some(Json::Bool(*b)),
        Answer::Given(Value::Number(n)) => serde_json::Number::from_f64(*n).map(Json::Number),
        Answer::Given(Value::Choice(s) | Value::Text(s)) => Some(Json::String(s.clone())),
    }
}

/// The text of `visit_answers.value`; read back by [`decode`].
pub fn encode(a: &Answer) -> Option<String> {
    to_json(a).map(|j| j.to_string())
}

/// A stored answer read back for its criterion, by the same reading as an
/// answer sent (the criterion's kind decides the type): `None` for a row
/// kept only for its comment, or one that no longer fits the kind.
pub fn decode(c: &Criterion, row: &visit_answer::Model) -> Option<Answer> {
    if row.na {
        return Some(Answer::Na);
    }
    let json: Json = serde_json::from_str(row.value.as_deref()?).ok()?;
    value_for(&c.kind, &json).map(Answer::Given)
}

/// A visit's stored answers, by code, for scoring.
pub fn stored(sections: &[Section], rows: &[visit_answer::Model]) -> HashMap<String, Answer> {
    let criteria = criteria_by_code(sections);
    rows.iter()
        .filter_map(|r| Some((r.code.clone(), decode(criteria.get(r.code.as_str())?, r)?)))
        .collect()
}

pub fn criteria_by_code(sections: &[Section]) -> HashMap<&str, &Criterion> {
    sections.iter().flat_map(|s| &s.criteria).map(|c| (c.code.as_str(), c)).collect()
}

/// What the shopper reads beside the field. A number out of range names the
/// range, so the shopper knows what to type instead.
pub fn problem_msg(c: &Criterion, e: AnswerError) -> Msg {
    let range = c.range;
    match (e, &c.kind, range.min, range.max) {
        (AnswerError::OutOfRange, Kind::Number { .. }, Some(min), Some(max)) => {
            Msg::new("answer-number-out-of-range").with_decimal("min", min).with_decimal("max", max)
        }
        (AnswerError::OutOfRange, Kind::Number { .. }, Some(min), None) => {
            Msg::new("answer-number-below-min").with_decimal("min", min)
        }
        (AnswerError::OutOfRange, Kind::Number { .. }, None, Some(max)) => {
            Msg::new("answer-number-above-max").with_decimal("max", max)
        }
        (AnswerError::OutOfRange, ..) => Msg::new("answer-out-of-range"),
        (AnswerError::WrongKind | AnswerError::NotFinite, ..) => Msg::new("answer-wrong-kind"),
        (AnswerError::UnknownOption, ..) => Msg::new("answer-unknown-option"),
        (AnswerError::NaNotAllowed, ..) => Msg::new("answer-na-not-allowed"),
    }
}

/// Checks every answer against the checklist version (all its sections) for
/// a visit on `channel`. Answers with neither a value nor N/A are unanswered
/// (kept only for their comment); an empty text is no answer either. An
/// answer to a criterion that does not apply to the channel is refused like
/// an unknown code, so no answer row exists for it. Errors are keyed
/// `answers.CODE`.
pub fn check(
    sections: &[Section],
    channel: Channel,
    input: &[AnswerInput],
) -> Result<Vec<Checked>, FieldErrors> {
    let criteria = criteria_by_code(sections);
    let mut errors = FieldErrors::new();
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for a in input {
        let key = format!("answers.{}", a.code);
        let Some(c) = criteria.get(a.code.as_str()) else {
            errors.insert(key, Msg::new("answer-unknown-code").with("code", &a.code));
            continue;
        };
        let blank = match &a.value {
            None | Some(Json::Null) => true,
            Some(Json::String(s)) => s.trim().is_empty(),
            _ => false,
        };
        let comment = a.comment.trim().to_owned();
        if !c.applies_to(channel) {
            // An empty field (a form sends every field it shows) is no
            // answer, so there is nothing to refuse.
            if !(blank && !a.na && comment.is_empty()) {
                let msg = Msg::new("answer-not-applicable")
                    .with("code", &a.code)
                    .with_msg("channel", Msg::new(channel.label_key()));
                errors.insert(key, msg);
            }
            continue;
        }
        if !seen.insert(a.code.as_str()) {
            errors.insert(key, Msg::new("answer-repeated").with("code", &a.code));
            continue;
        }
        let answer = if a.na {
            Answer::Na
        } else if blank {
            if !comment.is_empty() {
                out.push(Checked { code: a.code.clone(), answer: None, comment });
            }
            continue;
        } else {
            match value_for(&c.kind, a.value.as_ref().expect("not blank")) {
                Some(v) => Answer::Given(v),
                None => {
                    errors.insert(key, problem_msg(c, AnswerError::WrongKind));
                    continue;
                }
            }
        };
        if let Err(e) = check_answer(c, &answer) {
            errors.insert(key, problem_msg(c, e));
            continue;
        }
        out.push(Checked { code: a.code.clone(), answer: Some(answer), comment });
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklists::{ChoiceOption, Direction, PhotoRule, Range};
    use crate::i18n::{Arg, Locale};
    use serde_json::json;

    fn sections() -> Vec<Section> {
        let c = |code: &str, kind: Kind, allow_na: bool| Criterion {
            code: code.into(),
            kind,
            weight: 1.0,
            critical: false,
            allow_na,
            photo: PhotoRule::Never,
            range: Range::default(),
            channels: vec![],
        };
        vec![Section {
            category: "staff".into(),
            weight: 1.0,
            criteria: vec![
                c("Y", Kind::YesNo, false),
                c("S", Kind::Scale { min: 1.0, max: 5.0 }, true),
                Criterion {
                    range: Range { min: Some(0.0), max: Some(60.0) },
                    ..c("N", Kind::Number { target: 5.0, direction: Direction::AtMost }, false)
                },
                c(
                    "C",
                    Kind::Choice { options: vec![ChoiceOption { key: "full".into(), value: 1.0 }] },
                    false,
                ),
                c("T", Kind::Text, false),
            ],
        }]
    }

    fn a(code: &str, value: Json) -> AnswerInput {
        AnswerInput { code: code.into(), value: Some(value), ..Default::default() }
    }

    #[test]
    fn values_of_every_kind_are_read_from_json_and_from_form_text() {
        let got = check(
            &sections(),
            Channel::Store,
            &[
                a("Y", json!(true)),
                a("S", json!("4")),
                a("N", json!(3.5)),
                a("C", json!("full")),
                a("T", json!("Kind")),
            ],
        )
        .unwrap();
        assert_eq!(got.len(), 5);
        assert_eq!(got[1].answer, Some(Answer::Given(Value::Number(4.0))));
        assert_eq!(to_json(got[0].answer.as_ref().unwrap()), Some(json!(true)));
    }

    #[test]
    fn every_bad_answer_is_named_by_its_code() {
        let e = check(
            &sections(),
            Channel::Store,
            &[
                a("ZZ", json!(true)),
                a("Y", json!(3)),
                a("S", json!(9)),
                a("C", json!("partly")),
                AnswerInput { code: "N".into(), na: true, ..Default::default() },
            ],
        )
        .unwrap_err();
        assert_eq!(e["answers.ZZ"].key, "answer-unknown-code");
        assert_eq!(e["answers.Y"].key, "answer-wrong-kind");
        assert_eq!(e["answers.S"].key, "answer-out-of-range");
        assert_eq!(e["answers.C"].key, "answer-unknown-option");
        assert_eq!(e["answers.N"].key, "answer-na-not-allowed");
    }

    #[test]
    fn an_answer_to_a_criterion_for_another_channel_is_refused_naming_it() {
        let mut sections = sections();
        let parcel =
            Criterion { channels: vec![Channel::Delivery], ..sections[0].criteria[0].clone() };
        sections[0].criteria.push(Criterion { code: "D".into(), ..parcel });
        let e = check(&sections, Channel::Store, &[a("Y", json!(true)), a("D", json!(true))])
            .unwrap_err();
        assert_eq!(e.keys().collect::<Vec<_>>(), ["answers.D"]);
        assert_eq!(e["answers.D"].key, "answer-not-applicable");
        assert_eq!(
            Locale::En.msg(&e["answers.D"]),
            "Question D does not apply to this visit's channel (Store), so it takes no answer. Leave it out."
        );
        // N/A or a bare comment is refused too: nothing is stored for it.
        let na = AnswerInput { code: "D".into(), na: true, ..Default::default() };
        assert!(check(&sections, Channel::Store, &[na]).is_err());
        let noted = AnswerInput { code: "D".into(), comment: "late".into(), ..Default::default() };
        assert!(check(&sections, Channel::Store, &[noted]).is_err());
        // An empty field is no answer: nothing to refuse, nothing stored.
        let empty = [a("D", Json::Null), a("D", json!(" ")), a("Y", json!(true))];
        let got = check(&sections, Channel::Store, &empty).unwrap();
        assert_eq!(got.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["Y"]);
        let got = check(&sections, Channel::Delivery, &[a("D", json!(false))]).unwrap();
        assert_eq!(got[0].answer, Some(Answer::Given(Value::Bool(false))));
    }

    #[test]
    fn a_number_out_of_range_is_refused_with_the_range_in_the_message() {
        for (value, min, max) in [(json!(-5), "0", "60"), (json!("60.5"), "0", "60")] {
            let e = check(&sections(), Channel::Store, &[a("N", value)]).unwrap_err();
            let msg = &e["answers.N"];
            assert_eq!(msg.key, "answer-number-out-of-range");
            assert_eq!(msg.args[0], ("min", Arg::Decimal(min.into())));
            assert_eq!(msg.args[1], ("max", Arg::Decimal(max.into())));
            assert_eq!(Locale::En.msg(msg), "Enter a number from 0 to 60.");
            assert_eq!(Locale::Fa.msg(msg), "عددی از ۰ تا ۶۰ وارد کنید.");
        }
        assert!(
            check(&sections(), Channel::Store, &[a("N", json!(0)), a("Y", json!(true))]).is_ok()
        );
    }

    #[test]
    fn blank_values_are_unanswered_but_keep_their_comment() {
        let mut with_comment = a("T", json!("  "));
        with_comment.comment = "asked twice".into();
        let got = check(&sections(), Channel::Store, &[a("Y", Json::Null), with_comment]).unwrap();
        assert_eq!(
            got,
            [Checked { code: "T".into(), answer: None, comment: "asked twice".into() }]
        );
    }

    #[test]
    fn a_stored_answer_reads_back_as_it_was_checked_for_every_kind() {
        let sections = sections();
        let sent = [
            a("Y", json!("no")),
            a("S", json!("4")),
            a("N", json!(3.5)),
            a("C", json!("full")),
            a("T", json!("full")),
            AnswerInput { code: "S".into(), na: true, ..Default::default() },
        ];
        for input in sent {
            let checked = check(&sections, Channel::Store, std::slice::from_ref(&input)).unwrap();
            let answer = checked[0].answer.clone().unwrap();
            let row = visit_answer::Model {
                id: 1,
                visit_id: "v".into(),
                code: input.code.clone(),
                value: encode(&answer),
                na: matches!(answer, Answer::Na),
                comment: String::new(),
                earned: None,
                possible: None,
                failed: false,
            };
            let criterion = criteria_by_code(&sections)[input.code.as_str()];
            // A choice and a text store the same JSON string: the kind tells them apart.
            assert_eq!(decode(criterion, &row), Some(answer), "{}", input.code);
        }
    }
}
