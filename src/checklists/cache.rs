//! The scoring model of published checklist versions, kept in memory.
//! A published version never changes, so an entry never goes stale and
//! every app instance may keep its own copy; drafts are never cached.
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use sea_orm::ConnectionTrait;

use super::shape::Section;
use super::store;
use crate::error::AppResult;

/// Enough for every version a programme publishes in years; past it the
/// cache starts afresh rather than growing without bound.
const MAX_ENTRIES: usize = 1024;

#[derive(Clone, Default)]
pub struct ScoringCache(Arc<RwLock<HashMap<i32, Arc<Vec<Section>>>>>);

impl ScoringCache {
    /// The sections of a version, from memory when it is published.
    pub async fn sections(
        &self,
        db: &impl ConnectionTrait,
        version_id: i32,
    ) -> AppResult<Arc<Vec<Section>>> {
        if let Some(s) = self.0.read().unwrap_or_else(|e| e.into_inner()).get(&version_id) {
            return Ok(s.clone());
        }
        let v = store::version_by_id(db, version_id).await?;
        let sections = Arc::new(store::load_doc(db, &v).await?.to_scoring());
        if v.is_published() {
            let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            map.insert(version_id, sections.clone());
        }
        Ok(sections)
    }
}
