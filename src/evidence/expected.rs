//! Photos a phone announces before it submits: it still holds them (taken
//! without signal) and will upload each under its client id. The submit
//! waits for every one of them (`visits::submit`), so a visit is never
//! finalised while part of its evidence is on a phone.
use std::collections::HashSet;

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use uuid::Uuid;

use super::photos::{self, parse_client_id};
use crate::accounts::Actor;
use crate::db::{Applied, Db};
use crate::entities::expected_photo;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;
use crate::visits::store;

/// Most photos one visit may announce: a visit with more is not one visit.
pub const MAX_ANNOUNCED: usize = 200;

/// One announced photo, as sent.
#[derive(Clone, Debug, Default)]
pub struct Announced {
    pub client_id: String,
    pub criterion: Option<String>,
    pub caption: String,
}

/// An announced photo and whether it has arrived.
pub struct Expected {
    pub row: expected_photo::Model,
    pub arrived: bool,
}

/// Replaces the photos the actor's visit waits for. Only its shopper,
/// while it is open: another's is not found, a submitted one a conflict.
/// Answers every announced photo with whether it arrived, in the order sent.
pub async fn replace(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    list: Vec<Announced>,
) -> AppResult<Vec<Expected>> {
    let v = photos::editable_visit(db.read(), actor, id).await?;
    if list.len() > MAX_ANNOUNCED {
        let msg = Msg::new("photos-announced-too-many").with_int("max", MAX_ANNOUNCED as i64);
        return Err(AppError::field("photos", msg));
    }
    let mut errors = FieldErrors::new();
    let mut seen = HashSet::new();
    let mut rows = Vec::with_capacity(list.len());
    let now = Utc::now();
    for (i, a) in list.into_iter().enumerate() {
        let field = format!("photos[{i}].client_id");
        let client_id = match parse_client_id(&field, Some(&a.client_id)) {
            Ok(Some(c)) => c,
            Ok(None) => {
                errors.insert(field, Msg::new("field-required"));
                continue;
            }
            Err(AppError::Validation(e)) => {
                errors.extend(e);
                continue;
            }
            Err(e) => return Err(e),
        };
        if !seen.insert(client_id.clone()) {
            errors.insert(field, Msg::new("photos-announced-repeated"));
            continue;
        }
        let field = format!("photos[{i}].criterion");
        let criterion = match photos::check_criterion(db.read(), &v, &field, a.criterion).await {
            Ok(c) => c,
            Err(AppError::Validation(e)) => {
                errors.extend(e);
                continue;
            }
            Err(e) => return Err(e),
        };
        rows.push(expected_photo::Model {
            visit_id: v.id.clone(),
            client_id,
            criterion_code: criterion,
            caption: a.caption.trim().to_owned(),
            created_at: now,
        });
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    // Touching the visit moves its revision: a submit prepared before this
    // reads again and sees the new set.
    let mut batch = db.batch();
    batch.guard(&store::touch_editable(actor, &v.id), 1);
    batch.push(
        &expected_photo::Entity::delete_many().filter(expected_photo::Column::VisitId.eq(&v.id)),
    );
    if !rows.is_empty() {
        batch.push(&expected_photo::Entity::insert_many(
            rows.iter().cloned().map(IntoActiveModel::into_active_model),
        ));
    }
    if db.apply(batch).await? == Applied::Changed {
        photos::editable_visit(db.read(), actor, id).await?;
        return Err(AppError::Conflict(Msg::new("visit-not-editable")));
    }
    let arrived = store::arrived_client_ids(db.read(), &v.id).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let arrived = arrived.contains(&row.client_id);
            Expected { row, arrived }
        })
        .collect())
}
