//! The checklist document of API.md: what managers import and export and what
//! a version holds. A draft may be incomplete or wrong, so these types accept
//! anything well-formed; [`super::validate::problems`] lists what must be fixed
//! before publishing, and [`ChecklistDoc::to_scoring`] turns a valid document
//! into the scoring model.
//!
//! Reading:
//! - Defaults as API.md: `description` and `guidance` "", weights 1,
//!   `critical` and `allow_na` false, `photo` "never"; a missing `sections`,
//!   `criteria` or `options` is empty, so a draft can start with just a name.
//! - Unknown fields are refused, so a typo such as `"alow_na"` fails loudly
//!   instead of silently taking the default. `id` is accepted where a GET puts
//!   one, so an export can be sent back as it is; importing ignores it.
//!
//! Writing (so that an export imports back to the same content):
//! - Always written: `name`, `description`, `sections`; a section's
//!   `category`, `title`, `weight`, `criteria`; a criterion's `code`, `prompt`,
//!   `guidance`, `kind`, `weight`, `critical`, `allow_na`, `photo`, so an
//!   export states what the defaults made of it. `weight` is written for text
//!   and photo criteria too (scoring ignores it there), so nothing is lost.
//! - Written only when set: `id`s, a criterion's `channels` (none means
//!   every channel, so a document without the field reads and writes back
//!   unchanged), and the kind-specific settings `min`,
//!   `max` (a scale's ends, or a number's allowed answers), `target`,
//!   `direction`, `unit` and `options`. A `yes_no` criterion
//!   thus has no `min`. A setting left on the wrong kind in a draft is kept
//!   and written, rather than dropped, and validation reports it.
//! - Numbers are written as JSON floats (`2.0`), whatever form they came in.

use serde::{Deserialize, Serialize};

use super::shape::{
    ChoiceOption, Criterion, Direction, Kind, NUMBER_DEFAULT_MIN, PhotoRule, Range, Section,
};
use crate::places::Channel;

/// The channel a document names, exactly as the API writes it (`"store"`,
/// not `"Store"`): names compare exactly, like codes.
pub fn channel_named(name: &str) -> Option<Channel> {
    Channel::ALL.into_iter().find(|c| c.as_str() == name)
}

/// Section category keys. Scorecards compare sections across checklists and
/// versions by category, so a key is a stable identifier, not a label.
pub mod category {
    pub const CONSISTENCY: &str = "consistency";
    pub const RESPONSIVENESS: &str = "responsiveness";
    pub const ACCOUNTABILITY: &str = "accountability";
    pub const PERSONALIZATION: &str = "personalization";
    pub const STOCK: &str = "stock";
    pub const QUALITY: &str = "quality";
    pub const DELIVERY: &str = "delivery";
    pub const STAFF: &str = "staff";

    /// The categories of DESIGN.md, in its order.
    pub const BUILT_IN: [&str; 8] = [
        CONSISTENCY,
        RESPONSIVENESS,
        ACCOUNTABILITY,
        PERSONALIZATION,
        STOCK,
        QUALITY,
        DELIVERY,
        STAFF,
    ];

    pub const MAX_LEN: usize = 40;

    pub fn is_built_in(key: &str) -> bool {
        BUILT_IN.contains(&key)
    }

    /// Whether `key` may name a category, built-in or custom:
    /// `[a-z][a-z0-9_]{0,39}`. Lowercase ASCII only, so a key is safe in
    /// URLs, CSV headers and CSS classes, and cannot differ from another by
    /// case alone.
    pub fn is_valid(key: &str) -> bool {
        let mut chars = key.chars();
        matches!(chars.next(), Some('a'..='z'))
            && key.len() <= MAX_LEN
            && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub sections: Vec<SectionDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub category: String,
    pub title: String,
    #[serde(default = "one")]
    pub weight: f64,
    #[serde(default)]
    pub criteria: Vec<CriterionDoc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindName {
    YesNo,
    Scale,
    Number,
    Choice,
    Text,
    Photo,
}

impl KindName {
    pub const ALL: [KindName; 6] = [
        KindName::YesNo,
        KindName::Scale,
        KindName::Number,
        KindName::Choice,
        KindName::Text,
        KindName::Photo,
    ];

    /// The name used in JSON and in form values.
    pub fn as_str(self) -> &'static str {
        match self {
            KindName::YesNo => "yes_no",
            KindName::Scale => "scale",
            KindName::Number => "number",
            KindName::Choice => "choice",
            KindName::Text => "text",
            KindName::Photo => "photo",
        }
    }

    pub fn parse(s: &str) -> Option<KindName> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether answers of this kind earn points; text and photo are evidence
    /// only, so they can neither fail nor be critical.
    pub fn is_scored(self) -> bool {
        !matches!(self, KindName::Text | KindName::Photo)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub code: String,
    pub prompt: String,
    #[serde(default)]
    pub guidance: String,
    pub kind: KindName,
    #[serde(default = "one")]
    pub weight: f64,
    #[serde(default)]
    pub critical: bool,
    #[serde(default)]
    pub allow_na: bool,
    #[serde(default = "never")]
    pub photo: PhotoRule,
    /// `scale`: its lowest value. `number`: the lowest answer allowed
    /// (0 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// `scale`: its highest value. `number`: the highest answer allowed
    /// (no limit when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// `number` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// `number` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// `number` only: what is counted ("minutes"), shown beside the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// `choice` only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionDoc>,
    /// The channels (`store`, `phone`, ...) whose visits ask this criterion;
    /// empty means every channel. Names rather than [`Channel`]s, so that a
    /// draft keeps a misspelt name and validation reports it beside its
    /// criterion, instead of the whole import failing to parse; see
    /// [`CriterionDoc::applies_to`] and [`channel_named`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionDoc {
    /// Stored as the answer's value, so it must stay stable across versions.
    pub key: String,
    pub label: String,
    /// Fraction of the criterion's weight this option earns, 0..=1.
    pub value: f64,
}

fn one() -> f64 {
    1.0
}

fn never() -> PhotoRule {
    PhotoRule::Never
}

impl ChecklistDoc {
    /// The scoring model of a valid document (see
    /// [`super::validate::problems`]). A criterion whose kind settings are
    /// incomplete cannot be scored and is left out, which only happens for
    /// documents that would not pass validation.
    pub fn to_scoring(&self) -> Vec<Section> {
        self.sections
            .iter()
            .map(|s| Section {
                category: s.category.clone(),
                weight: s.weight,
                criteria: s.criteria.iter().filter_map(CriterionDoc::to_scoring).collect(),
            })
            .collect()
    }

    /// The document a visit on channel `ch` answers: the criteria that do
    /// not apply are dropped, and so are the sections left with none.
    pub fn for_channel(&self, ch: Channel) -> ChecklistDoc {
        let sections = self
            .sections
            .iter()
            .filter_map(|s| {
                let criteria: Vec<CriterionDoc> =
                    s.criteria.iter().filter(|c| c.applies_to(ch)).cloned().collect();
                (!criteria.is_empty()).then(|| SectionDoc { criteria, ..s.clone() })
            })
            .collect();
        ChecklistDoc { sections, ..self.clone() }
    }

    /// Removes every `id`, e.g. to compare an export with what was imported.
    pub fn clear_ids(&mut self) {
        self.id = None;
        for s in &mut self.sections {
            s.id = None;
            for c in &mut s.criteria {
                c.id = None;
            }
        }
    }
}

impl CriterionDoc {
    /// A criterion with API.md's defaults and no kind settings yet.
    pub fn new(code: impl Into<String>, prompt: impl Into<String>, kind: KindName) -> Self {
        Self {
            id: None,
            code: code.into(),
            prompt: prompt.into(),
            guidance: String::new(),
            kind,
            weight: 1.0,
            critical: false,
            allow_na: false,
            photo: PhotoRule::Never,
            min: None,
            max: None,
            target: None,
            direction: None,
            unit: None,
            options: Vec::new(),
            channels: Vec::new(),
        }
    }

    /// Whether a visit on channel `ch` asks this criterion: no channels
    /// named means every channel.
    pub fn applies_to(&self, ch: Channel) -> bool {
        self.channels.is_empty() || self.channels.iter().any(|n| n == ch.as_str())
    }

    /// The channels named that exist, in the order given.
    pub fn known_channels(&self) -> Vec<Channel> {
        self.channels.iter().filter_map(|n| channel_named(n)).collect()
    }

    /// The scoring model of this criterion; `None` when its kind's settings
    /// are incomplete (a scale without `min` or `max`, a number without
    /// `target` or `direction`, a choice without options). Settings that
    /// belong to other kinds are ignored.
    pub fn to_scoring(&self) -> Option<Criterion> {
        let mut range = Range::default();
        let kind = match self.kind {
            KindName::YesNo => Kind::YesNo,
            KindName::Scale => Kind::Scale { min: self.min?, max: self.max? },
            KindName::Number => {
                range = Range { min: Some(self.min.unwrap_or(NUMBER_DEFAULT_MIN)), max: self.max };
                Kind::Number { target: self.target?, direction: self.direction? }
            }
            KindName::Choice if self.options.is_empty() => return None,
            KindName::Choice => Kind::Choice {
                options: self
                    .options
                    .iter()
                    .map(|o| ChoiceOption { key: o.key.clone(), value: o.value })
                    .collect(),
            },
            KindName::Text => Kind::Text,
            KindName::Photo => Kind::Photo,
        };
        Some(Criterion {
            code: self.code.clone(),
            kind,
            weight: self.weight,
            critical: self.critical,
            allow_na: self.allow_na,
            photo: self.photo,
            range,
            channels: self.known_channels(),
        })
    }
}

#[cfg(test)]
mod tests;
