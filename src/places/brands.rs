//! Brands: exactly the ones marked own are ours; all others are competitors.
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde::Deserialize;
use serde_json::json;

use crate::audit;
use crate::db::{Write, WriteRow};
use crate::entities::brand;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;

/// Default chart colours, handed out in this order: the Okabe-Ito palette,
/// whose hues stay apart for the common kinds of colour blindness. The
/// darker ones come first (they hold 3:1 against the white page best) and
/// yellow last, as it is hard to see on white.
pub const PALETTE: [&str; 8] =
    ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442"];

/// The first palette colour no brand has yet; once all are taken, the
/// least used one (the earliest on a tie), so colours repeat evenly.
pub fn pick_color<'a>(used: impl IntoIterator<Item = &'a str>) -> &'static str {
    let mut count = [0usize; PALETTE.len()];
    for c in used {
        if let Some(i) = PALETTE.iter().position(|p| p.eq_ignore_ascii_case(c.trim())) {
            count[i] += 1;
        }
    }
    let i = (0..PALETTE.len()).min_by_key(|i| (count[*i], *i)).unwrap_or(0);
    PALETTE[i]
}

/// The colour a new brand gets when none is given.
pub async fn next_color(db: &impl ConnectionTrait) -> AppResult<String> {
    let all = brand::Entity::find().all(db).await?;
    Ok(pick_color(all.iter().map(|b| b.color.as_str())).to_owned())
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct BrandInput {
    pub name: String,
    pub own: bool,
    pub color: String,
}

pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

fn valid_color(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())
}

pub async fn list(
    db: &impl ConnectionTrait,
    include_archived: bool,
) -> AppResult<Vec<brand::Model>> {
    let mut q = brand::Entity::find();
    if !include_archived {
        q = q.filter(brand::Column::ArchivedAt.is_null());
    }
    Ok(q.order_by_desc(brand::Column::Own).order_by_asc(brand::Column::NameKey).all(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> AppResult<brand::Model> {
    brand::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

pub async fn find_by_name(
    db: &impl ConnectionTrait,
    name: &str,
) -> AppResult<Option<brand::Model>> {
    Ok(brand::Entity::find().filter(brand::Column::NameKey.eq(name_key(name))).one(db).await?)
}

async fn check(
    db: &impl ConnectionTrait,
    input: &BrandInput,
    existing_id: Option<i32>,
) -> AppResult<String> {
    let mut errors = FieldErrors::new();
    let name = input.name.trim();
    if name.is_empty() {
        errors.insert("name".into(), Msg::new("field-required"));
    } else if name.chars().count() > 100 {
        errors.insert("name".into(), Msg::new("field-too-long").with_int("max", 100));
    } else if find_by_name(db, name).await?.is_some_and(|b| Some(b.id) != existing_id) {
        errors.insert("name".into(), Msg::new("brand-name-taken"));
    }
    let color = input.color.trim().to_lowercase();
    let color = if color.is_empty() { next_color(db).await? } else { color };
    if !valid_color(&color) {
        errors.insert("color".into(), Msg::new("color-invalid"));
    }
    if errors.is_empty() { Ok(color) } else { Err(AppError::Validation(errors)) }
}

pub async fn create(db: &impl Write, actor_id: i32, input: &BrandInput) -> AppResult<brand::Model> {
    let color = check(db, input, None).await?;
    let now = Utc::now();
    let b = brand::ActiveModel {
        name: Set(input.name.trim().to_owned()),
        name_key: Set(name_key(&input.name)),
        own: Set(input.own),
        color: Set(color),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert_row(db)
    .await
    .map_err(|e| taken_on_race(e.into()))?;
    audit::record(db, Some(actor_id), "brand.created", "brand", b.id, json!({"own": b.own}))
        .await?;
    Ok(b)
}

pub async fn update(
    db: &impl Write,
    actor_id: i32,
    id: i32,
    input: &BrandInput,
) -> AppResult<brand::Model> {
    let current = find(db, id).await?;
    let color = check(db, input, Some(id)).await?;
    let mut m = current.clone().into_active_model();
    m.name = Set(input.name.trim().to_owned());
    m.name_key = Set(name_key(&input.name));
    m.own = Set(input.own);
    m.color = Set(color);
    m.updated_at = Set(Utc::now());
    let b = m.update_row(db).await.map_err(|e| taken_on_race(e.into()))?;
    if b.own != current.own {
        audit::record(db, Some(actor_id), "brand.own_changed", "brand", id, json!({"own": b.own}))
            .await?;
    }
    Ok(b)
}

/// Archived brands keep their history and leave the pickers. Nothing is
/// ever deleted, because visits refer to it.
pub async fn set_archived(
    db: &impl Write,
    actor_id: i32,
    id: i32,
    archived: bool,
) -> AppResult<brand::Model> {
    let current = find(db, id).await?;
    let mut m = current.into_active_model();
    m.archived_at = Set(archived.then(Utc::now));
    m.updated_at = Set(Utc::now());
    let b = m.update_row(db).await?;
    let action = if archived { "brand.archived" } else { "brand.restored" };
    audit::record(db, Some(actor_id), action, "brand", id, json!({})).await?;
    Ok(b)
}

fn taken_on_race(e: AppError) -> AppError {
    match e {
        AppError::Conflict(_) => AppError::field("name", Msg::new("brand-name-taken")),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_brand_gets_the_first_colour_nobody_has() {
        assert_eq!(pick_color([]), PALETTE[0]);
        assert_eq!(pick_color([PALETTE[0], "#123456"]), PALETTE[1]);
        assert_eq!(pick_color(["#0072B2", PALETTE[2]]), PALETTE[1], "case does not matter");
    }

    #[test]
    fn once_every_colour_is_taken_the_least_used_comes_next() {
        let mut used: Vec<&str> = PALETTE.to_vec();
        used.push(PALETTE[0]);
        assert_eq!(pick_color(used), PALETTE[1]);
    }
}
