//! Housekeeping for `yardstick photos clean`: photos of drafts nobody has
//! touched for a long time, and stored files that no photo refers to (left
//! by deleted photos, crashed uploads or interrupted writes). Files of
//! the photos of a fix (actions) count as referenced.
use std::collections::HashSet;

use chrono::{Duration, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::Evidence;
use crate::db::{Db, Prepared};
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
    db: &Db,
    evidence: &Evidence,
    abandoned_after: Duration,
    grace: Duration,
) -> AppResult<Report> {
    let mut photos_removed = 0;
    loop {
        let removed = db.write(|| forget_abandoned(db, abandoned_after)).await?;
        photos_removed += removed;
        if removed < ROUND {
            break;
        }
    }

    let rows: Vec<(String, String, String)> = photo::Entity::find()
        .select_only()
        .columns([photo::Column::FullKey, photo::Column::DisplayKey, photo::Column::ThumbKey])
        .into_tuple()
        .all(db)
        .await?;
    let mut referenced: HashSet<String> =
        rows.into_iter().flat_map(|(a, b, c)| [a, b, c]).collect();
    // Photos of a fix (actions) share the storage.
    referenced.extend(crate::actions::photo_keys(db).await?);
    let mut files_removed = 0;
    let cutoff = Utc::now() - grace;
    for (key, modified) in evidence.storage.keys().await? {
        if modified < cutoff && !referenced.contains(&key) {
            evidence.storage.delete(&key).await?;
            files_removed += 1;
        }
    }
    Ok(Report { photos_removed, files_removed })
}

/// Photo rows forgotten per batch: the ids travel as bound values, and
/// SQLite takes at most 32,766 of them in one statement.
const ROUND: u64 = 10_000;

/// Up to [`ROUND`] photo rows of drafts untouched for `abandoned_after`: as a visit's
/// other writes, a batch that holds only if those drafts are still
/// untouched and the photos still theirs (a shopper coming back in
/// between keeps them).
async fn forget_abandoned(db: &Db, abandoned_after: Duration) -> AppResult<Prepared<u64>> {
    let stale = || {
        Query::select()
            .column(visit::Column::Id)
            .from(visit::Entity)
            .and_where(visit::Column::Status.eq(Status::Draft.as_str()))
            .and_where(visit::Column::UpdatedAt.lt(Utc::now() - abandoned_after))
            .to_owned()
    };
    let ids: Vec<String> = photo::Entity::find()
        .select_only()
        .column(photo::Column::Id)
        .filter(photo::Column::VisitId.in_subquery(stale()))
        .limit(ROUND)
        .into_tuple()
        .all(db.read())
        .await?;
    if ids.is_empty() {
        return Ok(Prepared::Done(0));
    }
    let mut batch = db.batch();
    let forget = photo::Entity::delete_many()
        .filter(photo::Column::Id.is_in(ids.clone()))
        .filter(photo::Column::VisitId.in_subquery(stale()));
    batch.guard(&forget, ids.len() as u64);
    Ok(Prepared::Write(ids.len() as u64, batch))
}
