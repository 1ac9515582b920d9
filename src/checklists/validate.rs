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
//! checklist-number-range-empty = The highest allowed answer must be greater than the lowest ({ $min }; 0 when none is given).
//! checklist-number-target-out-of-range = The target must be one of the allowed answers: from { $min } to { $max }.
//! checklist-number-target-below-min = The target must be one of the allowed answers: { $min } or more.
//! checklist-choice-no-options = A choice criterion needs at least one option.
//! checklist-option-key-empty = Give the option a key, such as full.
//! checklist-option-key-duplicate = The key { $key } is already used by another option of this criterion.
//! checklist-option-label-empty = Give the option a label.
//! checklist-option-value-out-of-range = The value must be from 0 to 1: the share of the weight this option earns.
//! checklist-setting-not-for-kind = "{ $setting }" does not apply to a { $kind } criterion. Remove it.
//! checklist-critical-unscored = A { $kind } criterion scores nothing and cannot fail, so it cannot be critical.
//! checklist-photo-on-fail-unscored = A { $kind } criterion cannot fail, so the photo rule on_fail never applies. Use never or always.
//! checklist-channel-unknown = "{ $channel }" is not a channel. Use store, website, phone, email, app, delivery or social.
//! checklist-channel-duplicate = The channel { $channel } is named more than once.
//! checklist-problem-at = { $place }: { $problem }
//! checklist-place-section = Section “{ $title }” ({ $category })
//! checklist-place-section-unnamed = Section { $position } ({ $category })
//! checklist-place-criterion = Criterion { $code } “{ $prompt }”
//! checklist-place-criterion-code = Criterion { $code }
//! checklist-place-criterion-prompt = Criterion “{ $prompt }” in { $section }
//! checklist-place-criterion-unnamed = Criterion { $position } in { $section }
//! ```
//!
//! Decisions where the brief or DESIGN.md is silent:
//! - Names, titles, prompts and option keys and labels made only of spaces
//!   count as empty.
//! - Codes and option keys compare exactly (case matters), as they are stored.
//! - A code or option key is checked for duplicates only once it is otherwise
//!   valid, so one field gets one message.
//! - Weights of text and photo criteria are not checked: scoring ignores them.
//! - Channel names compare exactly (`store`, not `Store`), as the API writes
//!   them; each problem is at `channels[k]`, the offending name.
//! - A number criterion's allowed answers run from `min` (0 when absent, as
//!   counts and durations are never negative) to `max` (no limit when
//!   absent); the target must be one of them, or the criterion could never
//!   be met, or never failed.
//!
//! Paths point at array indexes, which a person cannot look up; so each
//! problem also carries where it is in words (the criterion's code and
//! prompt, or the section's title and category), and [`Problem::message`]
//! is what the API and the editor show.

use std::collections::HashSet;

use super::document::{
    ChecklistDoc, CriterionDoc, KindName, OptionDoc, SectionDoc, category, channel_named,
};
use super::shape::{NUMBER_DEFAULT_MIN, PhotoRule};
use crate::i18n::Msg;

/// One thing to fix: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub msg: Msg,
    /// The criterion or section in words; `None` for the checklist itself.
    pub place: Option<Msg>,
}

impl Problem {
    /// The problem with where it is, e.g. "Criterion RSP-01 “Rings before a
    /// person answered”: The target must be …".
    pub fn message(&self) -> Msg {
        match &self.place {
            Some(place) => Msg::new("checklist-problem-at")
                .with_msg("place", place.clone())
                .with_msg("problem", self.msg.clone()),
            None => self.msg.clone(),
        }
    }
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
        out.place = Some(section_place(i, section));
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
    /// Where the checks are now, in words, for each problem pushed.
    place: Option<Msg>,
}

impl Problems {
    fn push(&mut self, path: String, msg: Msg) {
        self.list.push(Problem { path, msg, place: self.place.clone() });
    }
}

fn section_place(i: usize, s: &SectionDoc) -> Msg {
    if blank(&s.title) {
        Msg::new("checklist-place-section-unnamed")
            .with_int("position", i as i64 + 1)
            .with("category", &s.category)
    } else {
        Msg::new("checklist-place-section")
            .with("title", s.title.trim())
            .with("category", &s.category)
    }
}

fn criterion_place(j: usize, section: &Msg, c: &CriterionDoc) -> Msg {
    match (blank(&c.code), blank(&c.prompt)) {
        (false, false) => Msg::new("checklist-place-criterion")
            .with("code", c.code.trim())
            .with("prompt", c.prompt.trim()),
        (false, true) => Msg::new("checklist-place-criterion-code").with("code", c.code.trim()),
        (true, false) => Msg::new("checklist-place-criterion-prompt")
            .with("prompt", c.prompt.trim())
            .with_msg("section", section.clone()),
        (true, true) => Msg::new("checklist-place-criterion-unnamed")
            .with_int("position", j as i64 + 1)
            .with_msg("section", section.clone()),
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
    let section = out.place.clone().expect("set for each section");
    for (j, c) in s.criteria.iter().enumerate() {
        out.place = Some(criterion_place(j, &section, c));
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
    check_channels(at, &c.channels, out);
}

/// Each name must be a channel, and named once: a criterion limited to no
/// real channel would silently apply nowhere it was meant to.
fn check_channels(at: &str, names: &[String], out: &mut Problems) {
    let mut seen = HashSet::new();
    for (k, name) in names.iter().enumerate() {
        let path = format!("{at}.channels[{k}]");
        if channel_named(name).is_none() {
            out.push(path, Msg::new("checklist-channel-unknown").with("channel", name));
        } else if !seen.insert(name.as_str()) {
            out.push(path, Msg::new("checklist-channel-duplicate").with("channel", name));
        }
    }
}

/// The settings each kind needs, and settings of other kinds left behind
/// (usually after the kind was changed in the editor). The latter would be
/// ignored by scoring, so they are reported rather than silently kept.
fn check_kind_settings(at: &str, c: &CriterionDoc, out: &mut Problems) {
    let kind = c.kind;
    let place = out.place.clone();
    let foreign = |setting: &'static str, present: bool, owners: &[KindName]| {
        (present && !owners.contains(&kind)).then(|| {
            let msg = Msg::new("checklist-setting-not-for-kind")
                .with("setting", setting)
                .with("kind", kind.as_str());
            Problem { path: format!("{at}.{setting}"), msg, place: place.clone() }
        })
    };
    let ranged = [KindName::Scale, KindName::Number];
    let wrong = [
        foreign("min", c.min.is_some(), &ranged),
        foreign("max", c.max.is_some(), &ranged),
        foreign("target", c.target.is_some(), &[KindName::Number]),
        foreign("direction", c.direction.is_some(), &[KindName::Number]),
        foreign("unit", c.unit.is_some(), &[KindName::Number]),
        foreign("options", !c.options.is_empty(), &[KindName::Choice]),
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
            let target = required_number(&format!("{at}.target"), c.target, missing, out);
            if c.direction.is_none() {
                let msg = Msg::new("checklist-number-direction-missing");
                out.push(format!("{at}.direction"), msg);
            }
            check_number_range(at, c, target, out);
        }
        KindName::Choice => check_options(at, &c.options, out),
        KindName::YesNo | KindName::Text | KindName::Photo => {}
    }
}

/// The range problems of one number criterion, by setting (`min`, `max`,
/// `target`), for the editor to show beside its fields before publishing.
pub fn number_range_problems(c: &CriterionDoc) -> Vec<(&'static str, Msg)> {
    let mut out = Problems::default();
    if c.kind == KindName::Number {
        check_number_range("", c, c.target.filter(|t| t.is_finite()), &mut out);
    }
    let setting = |path: &str| match path {
        ".min" => "min",
        ".max" => "max",
        _ => "target",
    };
    out.list.into_iter().map(|p| (setting(&p.path), p.msg)).collect()
}

/// The allowed answers of a number criterion, and its target among them.
fn check_number_range(at: &str, c: &CriterionDoc, target: Option<f64>, out: &mut Problems) {
    let finite = |path: &str, v: Option<f64>, out: &mut Problems| match v {
        Some(n) if !n.is_finite() => {
            out.push(format!("{at}.{path}"), Msg::new("checklist-number-not-finite"));
            Err(())
        }
        other => Ok(other),
    };
    let (Ok(min), Ok(max)) = (finite("min", c.min, out), finite("max", c.max, out)) else {
        return;
    };
    let min = min.unwrap_or(NUMBER_DEFAULT_MIN);
    if let Some(max) = max
        && min >= max
    {
        let msg = Msg::new("checklist-number-range-empty").with_decimal("min", min);
        out.push(format!("{at}.max"), msg);
        return;
    }
    let Some(target) = target else { return };
    match max {
        Some(max) if !(min..=max).contains(&target) => {
            let msg = Msg::new("checklist-number-target-out-of-range")
                .with_decimal("min", min)
                .with_decimal("max", max);
            out.push(format!("{at}.target"), msg);
        }
        None if target < min => {
            let msg = Msg::new("checklist-number-target-below-min").with_decimal("min", min);
            out.push(format!("{at}.target"), msg);
        }
        _ => {}
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
