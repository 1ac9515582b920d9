//! The checklist's shape as scoring and answering see it: sections of
//! criteria, each with its kind, weight and rules. `document` builds it from
//! a valid checklist document; `visits::scoring` reads it. It lives here, below
//! visits, so checklists never import visits back.

use serde::{Deserialize, Serialize};

use crate::places::Channel;

/// The lowest answer a number criterion allows when its document gives none.
/// Here rather than in `validate` because `document` needs it too, and
/// `validate` imports `document`.
pub const NUMBER_DEFAULT_MIN: f64 = 0.0;

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
    /// The answers a `number` may take. It bounds what is entered, not how
    /// it scores, so it sits beside the kind rather than in it.
    pub range: Range,
    /// The channels whose visits ask it; empty means every channel.
    pub channels: Vec<Channel>,
}

impl Criterion {
    /// Whether a visit on channel `ch` asks this criterion. One that does
    /// not counts nowhere for that visit, exactly like N/A: not required,
    /// not scored, no photo rule, no answer stored.
    pub fn applies_to(&self, ch: Channel) -> bool {
        self.channels.is_empty() || self.channels.contains(&ch)
    }
}

/// The sections a visit on channel `ch` shows: criteria that do not apply
/// are dropped, and so are the sections left with none.
pub fn for_channel(sections: &[Section], ch: Channel) -> Vec<Section> {
    let mut out = applicable_criteria(sections, ch);
    out.retain(|s| !s.criteria.is_empty());
    out
}

/// What a visit on channel `ch` is scored and checked against: every
/// section, each with only the criteria that apply. A section left with
/// none stays, and scores as unscored (null), exactly like a section
/// answered all N/A, so every visit of a version has the same sections.
pub fn applicable_criteria(sections: &[Section], ch: Channel) -> Vec<Section> {
    sections
        .iter()
        .map(|s| Section {
            category: s.category.clone(),
            weight: s.weight,
            criteria: s.criteria.iter().filter(|c| c.applies_to(ch)).cloned().collect(),
        })
        .collect()
}

/// Inclusive bounds on a number answer; `None` is unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Range {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Range {
    pub fn contains(&self, n: f64) -> bool {
        self.min.is_none_or(|min| n >= min) && self.max.is_none_or(|max| n <= max)
    }

    /// The nearest number the range allows.
    pub fn clamp(&self, n: f64) -> f64 {
        let n = self.min.map_or(n, |min| n.max(min));
        self.max.map_or(n, |max| n.min(max))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub category: String,
    pub weight: f64,
    pub criteria: Vec<Criterion>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamping_to_a_range_keeps_what_is_inside_and_moves_the_rest_to_the_nearest_bound() {
        let r = Range { min: Some(0.0), max: Some(5.0) };
        assert_eq!(r.clamp(-1.0), 0.0);
        assert_eq!(r.clamp(2.5), 2.5);
        assert_eq!(r.clamp(7.0), 5.0);
        let open = Range { min: Some(0.0), max: None };
        assert_eq!(open.clamp(1e9), 1e9);
        assert_eq!(Range::default().clamp(-3.0), -3.0);
    }
}
