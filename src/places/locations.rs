//! Locations: one place where a customer meets a brand. Pages, the API and
//! the CSV import all pass through the same checks here.
use chrono::Utc;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Deserializer};
use serde_json::json;

use super::location_input::lenient;
pub use super::location_input::{Checked, LocationInput, check};
use super::{Channel, brands};
use crate::audit;
use crate::db::{Write, WriteRow};
use crate::entities::{brand, location};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

pub const PER_PAGE: u64 = 50;

/// Checks that need the database: the brand exists and is in use, and the
/// brand has no other location of that name.
async fn check_against_db(
    db: &impl ConnectionTrait,
    input: &LocationInput,
    existing_id: Option<i32>,
) -> AppResult<(Checked, i32)> {
    let mut checked = check(input);
    // Looked up even when other fields are wrong, so every problem shows.
    let brand_id = input.brand_id.trim().parse::<i32>().ok();
    let brand = match brand_id {
        Some(id) => brand::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
    match (&brand, brand_id) {
        (None, Some(_)) => {
            errors.insert("brand_id".into(), Msg::new("brand-unknown"));
        }
        (Some(b), _) if b.archived_at.is_some() && existing_id.is_none() => {
            errors.insert("brand_id".into(), Msg::new("brand-archived"));
        }
        _ => {}
    }
    if let (Ok(c), Some(b)) = (&checked, &brand)
        && is_duplicate(db, b.id, &c.name, existing_id).await?
    {
        errors.insert("name".into(), Msg::new("location-name-taken"));
    }
    if !errors.is_empty() {
        checked = Err(errors);
    }
    let checked = checked.map_err(AppError::Validation)?;
    let brand_id = brand
        .map(|b| b.id)
        .ok_or_else(|| AppError::field("brand_id", Msg::new("brand-unknown")))?;
    Ok((checked, brand_id))
}

pub async fn is_duplicate(
    db: &impl ConnectionTrait,
    brand_id: i32,
    name: &str,
    except: Option<i32>,
) -> AppResult<bool> {
    let mut q = location::Entity::find()
        .filter(location::Column::BrandId.eq(brand_id))
        .filter(location::Column::NameKey.eq(brands::name_key(name)));
    if let Some(id) = except {
        q = q.filter(location::Column::Id.ne(id));
    }
    Ok(q.count(db).await? > 0)
}

pub fn active_model(c: &Checked, brand_id: i32) -> location::ActiveModel {
    let now = Utc::now();
    location::ActiveModel {
        brand_id: Set(brand_id),
        name: Set(c.name.clone()),
        name_key: Set(brands::name_key(&c.name)),
        channel: Set(c.channel.as_str().to_owned()),
        region: Set(c.region.clone()),
        city: Set(c.city.clone()),
        address: Set(c.address.clone()),
        url: Set(c.url.clone()),
        phone: Set(c.phone.clone()),
        email: Set(c.email.clone()),
        latitude: Set(c.latitude),
        longitude: Set(c.longitude),
        timezone: Set(c.timezone.clone()),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

pub async fn create(
    db: &impl Write,
    actor_id: i32,
    input: &LocationInput,
) -> AppResult<location::Model> {
    let (checked, brand_id) = check_against_db(db, input, None).await?;
    let l = active_model(&checked, brand_id).insert_row(db).await.map_err(name_taken_on_race)?;
    audit::record(db, Some(actor_id), "location.created", "location", l.id, json!({})).await?;
    Ok(l)
}

pub async fn update(
    db: &impl Write,
    actor_id: i32,
    id: i32,
    input: &LocationInput,
) -> AppResult<location::Model> {
    let current = find(db, id).await?;
    let (checked, brand_id) = check_against_db(db, input, Some(id)).await?;
    let mut m = active_model(&checked, brand_id);
    m.id = Set(id);
    m.archived_at = Set(current.archived_at);
    m.created_at = Set(current.created_at);
    let l = m.update_row(db).await.map_err(name_taken_on_race)?;
    audit::record(db, Some(actor_id), "location.updated", "location", id, json!({})).await?;
    Ok(l)
}

pub async fn set_archived(
    db: &impl Write,
    actor_id: i32,
    id: i32,
    archived: bool,
) -> AppResult<location::Model> {
    let mut m = find(db, id).await?.into_active_model();
    m.archived_at = Set(archived.then(Utc::now));
    m.updated_at = Set(Utc::now());
    let l = m.update_row(db).await?;
    let action = if archived { "location.archived" } else { "location.restored" };
    audit::record(db, Some(actor_id), action, "location", id, json!({})).await?;
    Ok(l)
}

fn name_taken_on_race(e: sea_orm::DbErr) -> AppError {
    match AppError::from(e) {
        AppError::Conflict(_) => AppError::field("name", Msg::new("location-name-taken")),
        other => other,
    }
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> AppResult<location::Model> {
    location::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    #[serde(deserialize_with = "lenient_opt_i32")]
    pub brand_id: Option<i32>,
    pub channel: String,
    pub region: String,
    pub q: String,
    /// Non-empty (a ticked box, or `true`): show archived locations instead.
    pub archived: String,
    pub page: Option<u64>,
}

impl Filter {
    pub fn show_archived(&self) -> bool {
        !matches!(self.archived.trim(), "" | "false" | "0")
    }
}

/// An empty form field means "any".
fn lenient_opt_i32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    Ok(lenient(d)?.trim().parse().ok())
}

pub struct Page {
    pub items: Vec<(location::Model, brand::Model)>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// One page of locations, filtered, sorted by name. Counting and paging use
/// the indexes, so this stays quick at tens of thousands of locations.
pub async fn list(db: &impl ConnectionTrait, f: &Filter) -> AppResult<Page> {
    let mut cond = Condition::all();
    cond = if f.show_archived() {
        cond.add(location::Column::ArchivedAt.is_not_null())
    } else {
        cond.add(location::Column::ArchivedAt.is_null())
    };
    if let Some(b) = f.brand_id {
        cond = cond.add(location::Column::BrandId.eq(b));
    }
    if let Some(c) = Channel::parse(&f.channel) {
        cond = cond.add(location::Column::Channel.eq(c.as_str()));
    }
    if !f.region.trim().is_empty() {
        cond = cond.add(location::Column::Region.eq(f.region.trim()));
    }
    if !f.q.trim().is_empty() {
        cond = cond.add(location::Column::NameKey.contains(f.q.trim().to_lowercase()));
    }
    let query = location::Entity::find()
        .filter(cond)
        .find_also_related(brand::Entity)
        .order_by_asc(location::Column::NameKey)
        .order_by_asc(location::Column::Id);
    let paginator = query.paginate(db, PER_PAGE);
    let total = paginator.num_items().await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = f.page.unwrap_or(1).clamp(1, pages);
    let rows = paginator.fetch_page(page - 1).await?;
    let items = rows.into_iter().filter_map(|(l, b)| b.map(|b| (l, b))).collect();
    Ok(Page { items, total, page, pages })
}

/// The regions in use, for the filter.
pub async fn regions(db: &impl ConnectionTrait) -> AppResult<Vec<String>> {
    let rows: Vec<String> = location::Entity::find()
        .select_only()
        .column(location::Column::Region)
        .distinct()
        .filter(location::Column::Region.ne(""))
        .order_by_asc(location::Column::Region)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows)
}

/// The time zone a new location most likely has: per brand, the zone most
/// of its locations use (ties to the first by name); `None` is every
/// location's most used zone. A new location's form starts from these.
pub async fn usual_zones(
    db: &impl ConnectionTrait,
) -> AppResult<std::collections::HashMap<Option<i32>, String>> {
    use std::collections::HashMap;
    let rows: Vec<(i32, String, i64)> = location::Entity::find()
        .select_only()
        .column(location::Column::BrandId)
        .column(location::Column::Timezone)
        .column_as(location::Column::Id.count(), "n")
        .group_by(location::Column::BrandId)
        .group_by(location::Column::Timezone)
        .into_tuple()
        .all(db)
        .await?;
    let mut counts: HashMap<Option<i32>, HashMap<String, i64>> = HashMap::new();
    for (brand_id, zone, n) in rows {
        *counts.entry(Some(brand_id)).or_default().entry(zone.clone()).or_default() += n;
        *counts.entry(None).or_default().entry(zone).or_default() += n;
    }
    Ok(counts
        .into_iter()
        .filter_map(|(brand, zones)| {
            let best =
                zones.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
            Some((brand, best.0))
        })
        .collect())
}

/// The server's own time zone, for a first location; UTC when unknown.
pub fn server_zone() -> String {
    iana_time_zone::get_timezone()
        .ok()
        .filter(|z| z.parse::<chrono_tz::Tz>().is_ok())
        .unwrap_or_else(|| "UTC".to_owned())
}
