//! Housekeeping for `yardstick photos clean`: photos of drafts nobody has
//! touched for a long time, and stored files that no photo refers to (left
//! by deleted photos, crashed uploads or interrupted writes).
use std::collections::HashSet;

use chrono::{Duration, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::Evidence;
use crate::entities::{photo, visit};
use crate::error::AppResult;
use crate::visits::Status;

/// Files younger than this are left alone: their photo's row may still be
/// on its way (an upload stores files first, then the row).
pub const GRACE: Duration = Duration::hours(1);

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub photos_removed: u64,
    pub files_removed: u64,
}

pub async fn run(
    db: &impl ConnectionTrait,
    evidence: &Evidence,
    abandoned_after: Duration,
    grace: Duration,
) -> AppResult<Report> {
    let stale = Query::select()
        .column(visit::Column::Id)
        .from(visit::Entity)
        .and_where(visit::Column::Status.eq(Status::Draft.as_str()))
        .and_where(visit::Column::UpdatedAt.lt(Utc::now() - abandoned_after))
        .to_owned();
    let removed = photo::Entity::delete_many()
        .filter(photo::Column::VisitId.in_subquery(stale))
        .exec(db)
        .await?;

    let rows: Vec<(String, String, String)> = photo::Entity::find()
        .select_only()
        .columns([photo::Column::FullKey, photo::Column::DisplayKey, photo::Column::ThumbKey])
        .into_tuple()
        .all(db)
        .await?;
    let referenced: HashSet<String> = rows.into_iter().flat_map(|(a, b, c)| [a, b, c]).collect();
    let mut files_removed = 0;
    let cutoff = Utc::now() - grace;
    for (key, modified) in evidence.storage.keys().await? {
        if modified < cutoff && !referenced.contains(&key) {
            evidence.storage.delete(&key).await?;
            files_removed += 1;
        }
    }
    Ok(Report { photos_removed: removed.rows_affected, files_removed })
}
