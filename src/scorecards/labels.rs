//! What the scorecard calls a category and a criterion, in the reader's
//! language. Figures are keyed by category key and criterion code; people
//! read the section titles and prompts of the checklists behind them.
//!
//! Where a title comes from: the latest published version holding the
//! category (or code) gives the words its authors chose. When those words
//! are the built-in standard's own (in any of its languages), or there are
//! none, the built-in standard's words in the reader's language are shown
//! instead, so a standard imported in English reads in Persian for a
//! Persian manager. Anything else (a custom category, a reworded prompt)
//! is shown as written; a custom key without any title shows the key.
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::checklists::store::builtin_standard;
use crate::entities::{checklist_criterion, checklist_section, checklist_version};
use crate::error::AppResult;
use crate::i18n::Locale;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CriterionLabel {
    pub category: String,
    pub prompt: String,
}

/// Titles and prompts as stored in the checklists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Labels {
    /// Category key -> section title.
    pub categories: BTreeMap<String, String>,
    /// Criterion code -> its category and prompt.
    pub criteria: BTreeMap<String, CriterionLabel>,
}

/// The built-in standard's words in one language.
struct Builtin {
    titles: HashMap<String, String>,
    prompts: HashMap<String, String>,
}

fn builtin(l: Locale) -> &'static Builtin {
    static CACHE: [OnceLock<Builtin>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = Locale::ALL.iter().position(|x| *x == l).unwrap_or(0);
    CACHE[i].get_or_init(|| {
        let doc = builtin_standard(l);
        let mut b = Builtin { titles: HashMap::new(), prompts: HashMap::new() };
        for s in doc.sections {
            b.titles.insert(s.category.clone(), s.title.clone());
            for c in s.criteria {
                b.prompts.insert(c.code, c.prompt);
            }
        }
        b
    })
}

/// The built-in words in `l` where `stored` is missing or is the built-in
/// words in some language; else `stored`.
fn localise(
    l: Locale,
    stored: Option<&str>,
    pick: impl Fn(&'static Builtin) -> Option<&'static String>,
) -> Option<String> {
    let ours = pick(builtin(l)).cloned();
    match stored.map(str::trim).filter(|s| !s.is_empty()) {
        None => ours,
        Some(s) if Locale::ALL.iter().any(|x| pick(builtin(*x)).is_some_and(|t| t == s)) => {
            ours.or_else(|| Some(s.to_owned()))
        }
        Some(s) => Some(s.to_owned()),
    }
}

impl Labels {
    /// A category's title for a reader of `l`; the key when nothing better.
    pub fn category(&self, l: Locale, key: &str) -> String {
        let stored = self.categories.get(key).map(String::as_str);
        localise(l, stored, |b| b.titles.get(key)).unwrap_or_else(|| key.to_owned())
    }

    /// A criterion's prompt for a reader of `l`, if any is known.
    pub fn prompt(&self, l: Locale, code: &str) -> Option<String> {
        let stored = self.criteria.get(code).map(|c| c.prompt.as_str());
        localise(l, stored, |b| b.prompts.get(code))
    }

    pub fn category_of(&self, code: &str) -> Option<&str> {
        self.criteria.get(code).map(|c| c.category.as_str())
    }
}

/// The titles and prompts of the published versions of one checklist (or
/// of every checklist), later publications overriding earlier ones.
pub async fn load(db: &impl ConnectionTrait, checklist_id: Option<i32>) -> AppResult<Labels> {
    let mut q =
        checklist_version::Entity::find().filter(checklist_version::Column::Status.eq("published"));
    if let Some(id) = checklist_id {
        q = q.filter(checklist_version::Column::ChecklistId.eq(id));
    }
    let mut versions = q.all(db).await?;
    versions.sort_by_key(|v| (v.published_at, v.id));
    let order: HashMap<i32, usize> = versions.iter().enumerate().map(|(i, v)| (v.id, i)).collect();
    let ids: Vec<i32> = versions.iter().map(|v| v.id).collect();
    let mut sections = checklist_section::Entity::find()
        .filter(checklist_section::Column::VersionId.is_in(ids.clone()))
        .all(db)
        .await?;
    sections.sort_by_key(|s| (order.get(&s.version_id).copied(), s.position));
    let mut criteria = checklist_criterion::Entity::find()
        .filter(checklist_criterion::Column::VersionId.is_in(ids))
        .all(db)
        .await?;
    criteria.sort_by_key(|c| (order.get(&c.version_id).copied(), c.position));
    let mut out = Labels::default();
    let mut category_of_section = HashMap::new();
    for s in sections {
        category_of_section.insert(s.id, s.category.clone());
        out.categories.insert(s.category, s.title);
    }
    for c in criteria {
        if let Some(category) = category_of_section.get(&c.section_id) {
            let label = CriterionLabel { category: category.clone(), prompt: c.prompt };
            out.criteria.insert(c.code, label);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(title: &str, prompt: &str) -> Labels {
        let mut l = Labels::default();
        l.categories.insert("consistency".into(), title.into());
        l.criteria.insert(
            "CON-01".into(),
            CriterionLabel { category: "consistency".into(), prompt: prompt.into() },
        );
        l
    }

    #[test]
    fn the_built_in_standard_reads_in_the_readers_language() {
        let en = builtin(Locale::En);
        let l = labels(&en.titles["consistency"], &en.prompts["CON-01"]);
        assert_eq!(
            l.category(Locale::Fa, "consistency"),
            builtin(Locale::Fa).titles["consistency"]
        );
        assert_eq!(l.category(Locale::En, "consistency"), "Consistency across channels");
        let fa_prompt = &builtin(Locale::Fa).prompts["CON-01"];
        assert_eq!(l.prompt(Locale::Fa, "CON-01").as_ref(), Some(fa_prompt));
    }

    #[test]
    fn words_a_manager_chose_are_kept() {
        let l = labels("Same everywhere", "Same price online and in store?");
        assert_eq!(l.category(Locale::Fa, "consistency"), "Same everywhere");
        assert_eq!(l.prompt(Locale::Ar, "CON-01").unwrap(), "Same price online and in store?");
    }

    #[test]
    fn without_words_built_in_keys_are_translated_and_custom_keys_shown() {
        let l = Labels::default();
        assert_eq!(l.category(Locale::En, "stock"), "Stock and availability");
        assert_eq!(l.category(Locale::Fa, "parking"), "parking");
        assert_eq!(l.prompt(Locale::En, "XYZ-1"), None);
    }
}
