//! What an export row needs besides the visit and its answers: brands,
//! locations, checklist versions and their criteria, each a small table,
//! read once per export instead of joined into every row.
use std::collections::HashMap;

use sea_orm::{ConnectionTrait, Statement};

use crate::error::AppResult;
use crate::scorecards::Filters;

pub struct Location {
    pub brand_id: i32,
    pub brand: String,
    pub name: String,
    pub channel: String,
    pub region: String,
}

/// A criterion of one version: its code, its section's category, and its
/// column in `visits.csv` (set by [`Lookup::columns_for`]).
pub struct Criterion {
    pub category: String,
    pub column: usize,
}

pub struct Version {
    pub checklist_id: i32,
    pub version: i32,
    /// In checklist order: section position, then criterion position.
    pub codes: Vec<String>,
    pub criteria: HashMap<String, Criterion>,
    /// The categories of its sections, in order.
    pub categories: Vec<String>,
}

pub struct Lookup {
    pub locations: HashMap<i32, Location>,
    pub versions: HashMap<i32, Version>,
}

fn stmt(db: &impl ConnectionTrait, sql: &str) -> Statement {
    Statement::from_string(db.get_database_backend(), sql.to_owned())
}

impl Lookup {
    pub async fn load(db: &impl ConnectionTrait) -> AppResult<Lookup> {
        let mut brands = HashMap::new();
        for r in db.query_all_raw(stmt(db, "SELECT id, name FROM brands")).await? {
            brands.insert(r.try_get_by_index::<i32>(0)?, r.try_get_by_index::<String>(1)?);
        }
        let mut locations = HashMap::new();
        let sql = "SELECT id, brand_id, name, channel, region FROM locations";
        for r in db.query_all_raw(stmt(db, sql)).await? {
            let brand_id: i32 = r.try_get_by_index(1)?;
            locations.insert(
                r.try_get_by_index::<i32>(0)?,
                Location {
                    brand_id,
                    brand: brands.get(&brand_id).cloned().unwrap_or_default(),
                    name: r.try_get_by_index(2)?,
                    channel: r.try_get_by_index(3)?,
                    region: r.try_get_by_index(4)?,
                },
            );
        }
        let mut versions = HashMap::new();
        let sql = "SELECT id, checklist_id, version FROM checklist_versions";
        for r in db.query_all_raw(stmt(db, sql)).await? {
            versions.insert(
                r.try_get_by_index::<i32>(0)?,
                Version {
                    checklist_id: r.try_get_by_index(1)?,
                    version: r.try_get_by_index(2)?,
                    codes: vec![],
                    criteria: HashMap::new(),
                    categories: vec![],
                },
            );
        }
        let sql = "SELECT c.version_id, c.code, s.category FROM checklist_criteria c \
            JOIN checklist_sections s ON s.id = c.section_id \
            ORDER BY c.version_id, s.position, c.position";
        for r in db.query_all_raw(stmt(db, sql)).await? {
            let Some(v) = versions.get_mut(&r.try_get_by_index::<i32>(0)?) else { continue };
            let code: String = r.try_get_by_index(1)?;
            let category: String = r.try_get_by_index(2)?;
            if !v.categories.contains(&category) {
                v.categories.push(category.clone());
            }
            v.codes.push(code.clone());
            v.criteria.insert(code, Criterion { category, column: 0 });
        }
        Ok(Lookup { locations, versions })
    }

    /// The locations the filters keep, or `None` when they keep all.
    pub fn locations_kept(&self, f: &Filters) -> Option<Vec<i32>> {
        if f.channel.is_none() && f.region.is_none() && f.brand_ids.is_empty() {
            return None;
        }
        let mut ids: Vec<i32> = self
            .locations
            .iter()
            .filter(|(_, l)| {
                f.channel.is_none_or(|c| c.as_str() == l.channel)
                    && f.region.as_ref().is_none_or(|r| *r == l.region)
                    && (f.brand_ids.is_empty() || f.brand_ids.contains(&l.brand_id))
            })
            .map(|(id, _)| *id)
            .collect();
        ids.sort_unstable();
        Some(ids)
    }

    /// The checklist versions the filters keep, or `None` when they keep all.
    pub fn versions_kept(&self, f: &Filters) -> Option<Vec<i32>> {
        let checklist = f.checklist_id?;
        let mut ids: Vec<i32> = self
            .versions
            .iter()
            .filter(|(_, v)| v.checklist_id == checklist)
            .map(|(id, _)| *id)
            .collect();
        ids.sort_unstable();
        Some(ids)
    }

    /// `visits.csv`'s columns for visits of these versions: the categories,
    /// then the criterion codes, each once, in order of checklist, version,
    /// section position and criterion position; and each version's
    /// criteria told their column.
    pub fn columns_for(&mut self, used: &[i32]) -> (Vec<String>, Vec<String>) {
        let mut order: Vec<i32> =
            used.iter().copied().filter(|id| self.versions.contains_key(id)).collect();
        order.sort_by_key(|id| (self.versions[id].checklist_id, self.versions[id].version));
        let (mut categories, mut codes) = (Vec::<String>::new(), Vec::<String>::new());
        for id in order {
            let v = self.versions.get_mut(&id).expect("kept above");
            for c in &v.categories {
                if !categories.contains(c) {
                    categories.push(c.clone());
                }
            }
            for code in &v.codes {
                let column = match codes.iter().position(|c| c == code) {
                    Some(i) => i,
                    None => {
                        codes.push(code.clone());
                        codes.len() - 1
                    }
                };
                if let Some(c) = v.criteria.get_mut(code) {
                    c.column = column;
                }
            }
        }
        (categories, codes)
    }
}
