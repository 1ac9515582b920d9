//! Open and overdue actions per own brand and category, for the scorecard.
use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::accounts::{Actor, Role};
use crate::entities::{action, brand, location};
use crate::error::AppResult;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Count {
    /// Open or done, not yet verified.
    pub open: u64,
    /// Of those, past their due date.
    pub overdue: u64,
}

/// Per own brand (by id), per category ("" for free actions), and the
/// brand's total under the key `None`.
pub type Counts = BTreeMap<i32, BTreeMap<Option<String>, Count>>;

pub async fn by_brand_and_category(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Counts> {
    actor.require(Role::reads_all_visits)?;
    let own: Vec<i32> = brand::Entity::find()
        .filter(brand::Column::Own.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|b| b.id)
        .collect();
    let brand_of: HashMap<i32, i32> = location::Entity::find()
        .filter(location::Column::BrandId.is_in(own.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.id, l.brand_id))
        .collect();
    let pending = action::Entity::find()
        .filter(action::Column::Status.is_in(["open", "done"]))
        .all(db)
        .await?;
    let today = Utc::now().date_naive();
    let mut out = Counts::new();
    for b in own {
        out.entry(b).or_default();
    }
    for a in pending {
        let Some(b) = brand_of.get(&a.location_id) else { continue };
        let overdue = a.due_on < today;
        for key in [Some(a.category.clone()), None] {
            let c = out.entry(*b).or_default().entry(key).or_default();
            c.open += 1;
            c.overdue += u64::from(overdue);
        }
    }
    Ok(out)
}
