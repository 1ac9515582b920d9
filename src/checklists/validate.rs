//! What must be fixed in a checklist document before it can be published.
//! Every problem is listed at once, in document order, so a manager fixes a
//! whole import in one pass. Each carries the path of the offending field
//! (`name`, `sections[2].weight`, `sections[0].criteria[3].options[1].key`),
//! which the API returns as a `fields` key and the editor puts beside the
//! field. The checks never report two problems at one path, so collecting
//! them into a map keyed by path loses nothing.
//!
//! Messages are Fluent keys, translated when rendered. English:
//!
//! ```ftl
//! checklist-name-empty = Give the checklist a name.
//! checklist-no-sections = Add at least one section.
//! checklist-section-empty = This section has no criteria. Add at least one, or remove the section.
//! checklist-category-invalid = "{ $category }" is not a category key. Use a built-in category or a key of up to 40 lowercase letters, digits and _, starting with a letter.
//! checklist-category-duplicate = Another section already uses the category { $category }. Each category appears once, so scores compare across brands.
//! checklist-title-empty = Give the section a title.
//! checklist-weight-not-positive = The weight must be a number greater than 0.
//! checklist-code-empty = Give the criterion a code, such as RSP-01.
//! checklist-code-invalid = "{ $code }" is not a valid code. Use up to 32 letters, digits, dots, dashes and underscores, starting with a letter or digit.
//! checklist-code-duplicate = The code { $code } is already used earlier in this checklist. Each criterion needs its own code.
//! checklist-prompt-empty = Write the question the shopper answers.
//! checklist-scale-min-missing = A scale needs a lowest value.
//! checklist-scale-max-missing = A scale needs a highest value.
//! checklist-scale-range-empty = The highest value must be greater than the lowest.
//! checklist-number-target-missing = A number criterion needs a target.
//! checklist-number-direction-missing = Choose whether answers must be at most or at least the target.
//! checklist-number-not-finite = Enter an ordinary number.
//! checklist-choice-no-options = A choice criterion needs at least one option.
//! checklist-option-key-empty = Give the option a key, such as full.
//! checklist-option-key-duplicate = The key { $key } is already used by another option of this criterion.
//! checklist-option-label-empty = Give the option a label.
//! checklist-option-value-out-of-range = The value must be from 0 to 1: the share of the weight this option earns.
//! checklist-setting-not-for-kind = "{ $setting }" does not apply to a { $kind } criterion. Remove it.
//! checklist-critical-unscored = A { $kind } criterion scores nothing and cannot fail, so it cannot be critical.
//! checklist-photo-on-fail-unscored = A { $kind } criterion cannot fail, so the photo rule on_fail never applies. Use never or always.
//! ```
//!
//! Decisions where the brief or DESIGN.md is silent:
//! - Names, titles, prompts and option keys and labels made only of spaces
//!   count as empty.
//! - Codes and option keys compare exactly (case matters), as they are stored.
//! - A code or option key is checked for duplicates only once it is otherwise
//!   valid, so one field gets one message.
//! - Weights of text and photo criteria are not checked: scoring ignores them.

use std::collections::HashSet;

use super::document::{ChecklistDoc, CriterionDoc, KindName, OptionDoc, SectionDoc, category};
use crate::i18n::Msg;
use crate::visits::scoring::PhotoRule;

/// One thing to fix: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub msg: Msg,
}

/// The longest criterion code, so codes fit report columns and CSV headers.
pub const CODE_MAX_LEN: usize = 32;

/// Every problem that stops `doc` from being published; empty when it is valid.
pub fn problems(doc: &ChecklistDoc) -> Vec<Problem> {
    let mut out = Problems::default();
    if blank(&doc.name) {
        out.push("name".into(), Msg::new("checklist-name-empty"));
    }
    if doc.sections.is_empty() {
        out.push("sections".into(), Msg::new("checklist-no-sections"));
    }
    for (i, section) in doc.sections.iter().enumerate() {
        check_section(&format!("sections[{i}]"), section, &mut out);
    }
    out.list
}

#[derive(Default)]
struct Problems {
    list: Vec<Problem>,
    /// Codes seen so far in the whole checklist: codes identify criteria
    /// across sections and versions, so they must be unique checklist-wide.
    codes: HashSet<String>,
    /// Categories seen so far: the scorecard compares sections by category,
    /// so one visit must have one score per category.
    categories: HashSet<String>,
}

impl Problems {
    fn push(&mut self, path: String, msg: Msg) {
        self.list.push(Problem { path, msg });
    }
}

fn check_section(at: &str, s: &SectionDoc, out: &mut Problems) {
    if !category::is_valid(&s.category) {
        let msg = Msg::new("checklist-category-invalid").with("category", &s.category);
        out.push(format!("{at}.category"), msg);
    } else if !out.categories.insert(s.category.clone()) {
        let msg = Msg::new("checklist-category-duplicate").with("category", &s.category);
        out.push(format!("{at}.category"), msg);
    }
    if blank(&s.title) {
        out.push(format!("{at}.title"), Msg::new("checklist-title-empty"));
    }
    if !positive(s.weight) {
        out.push(format!("{at}.weight"), Msg::new("checklist-weight-not-positive"));
    }
    if s.criteria.is_empty() {
        out.push(format!("{at}.criteria"), Msg::new("checklist-section-empty"));
    }
    for (j, c) in s.criteria.iter().enumerate() {
        check_criterion(&format!("{at}.criteria[{j}]"), c, out);
    }
}

fn check_criterion(at: &str, c: &CriterionDoc, out: &mut Problems) {
    if c.code.is_empty() {
        out.push(format!("{at}.code"), Msg::new("checklist-code-empty"));
    } else if !valid_code(&c.code) {
        let msg = Msg::new("checklist-code-invalid").with("code", &c.code);
        out.push(format!("{at}.code"), msg);
    } else if !out.codes.insert(c.code.clone()) {
        let msg = Msg::new("checklist-code-duplicate").with("code", &c.code);
        out.push(format!("{at}.code"), msg);
    }
    if blank(&c.prompt) {
        out.push(format!("{at}.prompt"), Msg::new("checklist-prompt-empty"));
    }
    let kind = c.kind.as_str();
    if c.kind.is_scored() {
        if !positive(c.weight) {
            out.push(format!("{at}.weight"), Msg::new("checklist-weight-not-positive"));
        }
    } else {
        if c.critical {
            let msg = Msg::new("checklist-critical-unscored").with("kind", kind);
            out.push(format!("{at}.critical"), msg);
        }
        if c.photo == PhotoRule::OnFail {
            let msg = Msg::new("checklist-photo-on-fail-unscored").with("kind", kind);
            out.push(format!("{at}.photo"), msg);
        }
    }
    check_kind_settings(at, c, out);
}

/// The settings each kind needs, and settings of other kinds left behind
/// (usually after the kind was changed in the editor). The latter would be
/// ignored by scoring, so they are reported rather than silently kept.
fn check_kind_settings(at: &str, c: &CriterionDoc, out: &mut Problems) {
    let kind = c.kind;
    let foreign = |setting: &'static str, present: bool, owner: KindName| {
        (present && kind != owner).then(|| {
            let msg = Msg::new("checklist-setting-not-for-kind")
                .with("setting", setting)
                .with("kind", kind.as_str());
            Problem { path: format!("{at}.{setting}"), msg }
        })
    };
    let wrong = [
        foreign("min", c.min.is_some(), KindName::Scale),
        foreign("max", c.max.is_some(), KindName::Scale),
        foreign("target", c.target.is_some(), KindName::Number),
        foreign("direction", c.direction.is_some(), KindName::Number),
        foreign("unit", c.unit.is_some(), KindName::Number),
        foreign("options", !c.options.is_empty(), KindName::Choice),
    ];
    out.list.extend(wrong.into_iter().flatten());

    match kind {
        KindName::Scale => {
            let min =
                required_number(&format!("{at}.min"), c.min, "checklist-scale-min-missing", out);
            let max =
                required_number(&format!("{at}.max"), c.max, "checklist-scale-max-missing", out);
            if let (Some(min), Some(max)) = (min, max)
                && min >= max
            {
                out.push(format!("{at}.max"), Msg::new("checklist-scale-range-empty"));
            }
        }
        KindName::Number => {
            let missing = "checklist-number-target-missing";
            required_number(&format!("{at}.target"), c.target, missing, out);
            if c.direction.is_none() {
                let msg = Msg::new("checklist-number-direction-missing");
                out.push(format!("{at}.direction"), msg);
            }
        }
        KindName::Choice => check_options(at, &c.options, out),
        KindName::YesNo | KindName::Text | KindName::Photo => {}
    }
}

/// Reports a missing or non-finite number; returns it when usable.
fn required_number(
    path: &str,
    value: Option<f64>,
    missing: &'static str,
    out: &mut Problems,
) -> Option<f64> {
    match value {
        None => out.push(path.into(), Msg::new(missing)),
        Some(n) if !n.is_finite() => out.push(path.into(), Msg::new("checklist-number-not-finite")),
        Some(n) => return Some(n),
    }
    None
}

fn check_options(at: &str, options: &[OptionDoc], out: &mut Problems) {
    if options.is_empty() {
        out.push(format!("{at}.options"), Msg::new("checklist-choice-no-options"));
    }
    let mut keys = HashSet::new();
    for (k, o) in options.iter().enumerate() {
        let at = format!("{at}.options[{k}]");
        if blank(&o.key) {
            out.push(format!("{at}.key"), Msg::new("checklist-option-key-empty"));
        } else if !keys.insert(o.key.as_str()) {
            let msg = Msg::new("checklist-option-key-duplicate").with("key", &o.key);
            out.push(format!("{at}.key"), msg);
        }
        if blank(&o.label) {
            out.push(format!("{at}.label"), Msg::new("checklist-option-label-empty"));
        }
        // NaN fails `contains` too.
        if !(0.0..=1.0).contains(&o.value) {
            let msg = Msg::new("checklist-option-value-out-of-range");
            out.push(format!("{at}.value"), msg);
        }
    }
}

/// `[A-Za-z0-9][A-Za-z0-9_.-]{0,31}`: readable in reports and exports, and
/// safe in URLs and CSV headers without escaping.
fn valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && code.len() <= CODE_MAX_LEN
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Finite and above zero; NaN is not.
fn positive(weight: f64) -> bool {
    weight.is_finite() && weight > 0.0
}

#[cfg(test)]
mod tests;
