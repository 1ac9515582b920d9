//! The scorecard summary rebuilt from scratch, to prove that the rows kept
//! up by each approval (and by the generator) equal it.
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use yardstick::db::Db;
use yardstick::entities::scorecard_cell::{self, Column};
use yardstick::entities::visit;
use yardstick::scorecards::Stat;
use yardstick::scorecards::summary::{self, CellKey};

/// Recomputes every summary row from the approved visits, a page at a time.
pub async fn rebuild(db: &Db) {
    let mut acc: HashMap<CellKey, Stat> = HashMap::new();
    let mut after = String::new();
    loop {
        let page = visit::Entity::find()
            .filter(visit::Column::Status.eq("approved"))
            .filter(visit::Column::Id.gt(after.clone()))
            .order_by_asc(visit::Column::Id)
            .limit(500)
            .all(db)
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        after = last.id.clone();
        for v in &page {
            if let Some(f) = summary::facts(db, v).await.unwrap() {
                summary::accumulate(&mut acc, &f);
            }
        }
    }
    let mut batch = db.batch();
    batch.push(&scorecard_cell::Entity::delete_many());
    summary::add_all(&mut batch, &acc);
    db.apply(batch).await.unwrap();
}

/// Every summary row, ordered, for comparing two ways of building them.
pub async fn all_rows(db: &impl ConnectionTrait) -> Vec<scorecard_cell::Model> {
    scorecard_cell::Entity::find()
        .order_by_asc(Column::Grain)
        .order_by_asc(Column::Channel)
        .order_by_asc(Column::Region)
        .order_by_asc(Column::Metric)
        .order_by_asc(Column::Period)
        .order_by_asc(Column::BrandId)
        .order_by_asc(Column::ChecklistId)
        .all(db)
        .await
        .unwrap()
}
