//! Photos of the fix: the files come from the evidence pipeline (the web
//! layer runs it); here they are recorded and found, scoped by action.
use super::*;

/// A stored photo of the fix (the files are the evidence pipeline's).
pub struct StoredPhoto {
    pub width: i32,
    pub height: i32,
    pub full_key: String,
    pub display_key: String,
    pub thumb_key: String,
    pub bytes: i64,
}

/// Who may add a photo of the fix: the responsible person or a manager,
/// while the action is not verified. Checked before the upload is read.
pub async fn photo_target(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i32,
) -> AppResult<action::Model> {
    let a = find_visible(db, actor, id).await?;
    if a.responsible_id != actor.id() && !actor.role.manages() {
        return Err(AppError::Forbidden);
    }
    if a.status == "verified" {
        return Err(AppError::Conflict(
            Msg::new("action-wrong-status").with_msg("status", Msg::new(status_key(&a.status))),
        ));
    }
    Ok(a)
}

/// Records a processed and stored photo of the fix.
pub async fn add_photo(
    db: &Db,
    actor: &Actor,
    id: i32,
    p: StoredPhoto,
) -> AppResult<action_photo::Model> {
    let a = photo_target(db.read(), actor, id).await?;
    let row = action_photo::Model {
        id: Uuid::new_v4().to_string(),
        action_id: a.id,
        author_id: actor.id(),
        width: p.width,
        height: p.height,
        full_key: p.full_key,
        display_key: p.display_key,
        thumb_key: p.thumb_key,
        bytes: p.bytes,
        created_at: Utc::now(),
    };
    let mut batch = db.batch();
    batch.push(&action_photo::Entity::insert(action_photo::ActiveModel::from(row.clone())));
    let detail = json!({"photo": row.id});
    batch.push(&audit::entry(Some(actor.id()), "action.photo_added", "action", a.id, detail));
    db.apply(batch).await?;
    Ok(row)
}

/// A photo of a fix the actor may see (scoped through its action).
pub async fn find_photo(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &str,
) -> AppResult<action_photo::Model> {
    let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    let theirs = Query::select()
        .column(action::Column::Id)
        .from(action::Entity)
        .cond_where(visible(actor))
        .to_owned();
    action_photo::Entity::find_by_id(id.to_string())
        .filter(action_photo::Column::ActionId.in_subquery(theirs))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Storage keys still referred to by a photo of a fix, so that cleaning
/// unreferenced files keeps them.
pub async fn photo_keys(db: &impl ConnectionTrait) -> AppResult<Vec<String>> {
    let rows = action_photo::Entity::find().all(db).await?;
    Ok(rows.into_iter().flat_map(|p| [p.full_key, p.display_key, p.thumb_key]).collect())
}
