//! The photos of visits in the database: adding one (processed, stored,
//! recorded), reading them scoped to who may see the visit, deleting.
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

use super::Evidence;
use super::flags::{self, Facts, Flag};
use super::metadata::CaptureTime;
use crate::accounts::Actor;
use crate::audit;
use crate::db::{Applied, Db};
use crate::entities::{checklist_criterion, expected_photo, location, photo, visit};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::visits::{Status, store};

/// One upload as it arrived.
pub struct NewPhoto {
    pub bytes: Vec<u8>,
    pub criterion: Option<String>,
    pub caption: String,
    /// The id the phone gave the photo (a UUID, as sent): the same id
    /// again stores nothing and answers the photo already stored.
    pub client_id: Option<String>,
}

/// What an upload did: stored a new photo, or found the one already stored
/// under the same client id (an upload sent again after a lost answer).
pub enum Added {
    New(photo::Model),
    Known(photo::Model),
}

impl Added {
    pub fn photo(&self) -> &photo::Model {
        match self {
            Added::New(p) | Added::Known(p) => p,
        }
    }
}

/// A client id as sent: a UUID (written back the usual way), or nothing.
pub fn parse_client_id(field: &str, sent: Option<&str>) -> AppResult<Option<String>> {
    match sent.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Uuid::parse_str(s)
            .map(|u| Some(u.to_string()))
            .map_err(|_| AppError::field(field, Msg::new("photo-client-id-invalid"))),
    }
}

/// The photo of visit `visit_id` sent under `client_id`, if it arrived.
pub async fn by_client_id(
    db: &impl ConnectionTrait,
    visit_id: &str,
    client_id: &str,
) -> AppResult<Option<photo::Model>> {
    Ok(photo::Entity::find()
        .filter(photo::Column::VisitId.eq(visit_id))
        .filter(photo::Column::ClientId.eq(client_id))
        .one(db)
        .await?)
}

/// The actor's own visit that may still take photos. Someone else's is not
/// found (whatever the role: only its shopper adds evidence); a submitted
/// one is a conflict.
pub async fn editable_visit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<visit::Model> {
    store::own_editable(db, actor, id).await?.ok_or(AppError::NotFound)
}

/// Checks, processes, stores and records one photo of `v`. A client id
/// already stored answers that photo, with nothing processed or stored;
/// two uploads of one client id at once both process, the unique index
/// lets one row in, and the other answers the winner's photo and drops
/// the files it stored (unless they are the winner's, as the same bytes are).
pub async fn add(
    db: &Db,
    evidence: &Evidence,
    actor: &Actor,
    v: &visit::Model,
    mut input: NewPhoto,
) -> AppResult<Added> {
    let client_id = parse_client_id("client_id", input.client_id.as_deref())?;
    if let Some(cid) = &client_id
        && let Some(known) = by_client_id(db.read(), &v.id, cid).await?
    {
        return Ok(Added::Known(known));
    }
    input.client_id = client_id.clone();
    let row = prepare(db.read(), evidence, actor.id(), v, input).await?;
    // The visit may have been submitted while the photo was processed: the
    // row goes in only if it is still open, checked in the same batch.
    let mut batch = db.batch();
    batch.guard(&store::touch_editable(actor, &v.id), 1);
    let mut insert = photo::Entity::insert(row.clone().into_active_model());
    if client_id.is_some() {
        // A twin that won the race leaves this one out, and the batch with it.
        insert = insert.on_conflict(
            OnConflict::columns([photo::Column::VisitId, photo::Column::ClientId])
                .do_nothing()
                .to_owned(),
        );
        batch.guard(&insert, 1);
    } else {
        batch.push(&insert);
    }
    if db.apply(batch).await? == Applied::Changed {
        if let Some(cid) = &client_id
            && let Some(winner) = by_client_id(db.read(), &v.id, cid).await?
        {
            forget_files(db.read(), evidence, &row).await?;
            return Ok(Added::Known(winner));
        }
        forget_files(db.read(), evidence, &row).await?;
        let id = Uuid::parse_str(&v.id).map_err(anyhow::Error::from)?;
        editable_visit(db.read(), actor, id).await?;
        return Err(AppError::Conflict(Msg::new("visit-not-editable")));
    }
    Ok(Added::New(row))
}

/// The criterion a photo (or an announced one) is for, checked against the
/// visit: a code of its checklist version, asked on its location's channel.
/// Errors are keyed by `field`.
pub async fn check_criterion(
    db: &impl ConnectionTrait,
    v: &visit::Model,
    field: &str,
    criterion: Option<String>,
) -> AppResult<Option<String>> {
    let criterion = criterion.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if let Some(code) = &criterion {
        let found = checklist_criterion::Entity::find()
            .filter(checklist_criterion::Column::VersionId.eq(v.checklist_version_id))
            .filter(checklist_criterion::Column::Code.eq(code))
            .one(db)
            .await?;
        let Some(found) = found else {
            let msg = Msg::new("photo-criterion-unknown").with("code", code);
            return Err(AppError::field(field, msg));
        };
        // A question the visit's channel is not asked takes no photo either.
        let channel = crate::visits::store::channel_of(db, v.location_id).await?;
        let named = crate::checklists::store::channels_of(&found);
        if !named.is_empty() && !named.iter().any(|n| n == channel.as_str()) {
            let msg = Msg::new("answer-not-applicable")
                .with("code", code)
                .with_msg("channel", Msg::new(channel.label_key()));
            return Err(AppError::field(field, msg));
        }
    }
    Ok(criterion)
}

/// Checks the criterion, processes the photo and stores its files: the row
/// to insert, for `add` (an open visit) and the demo (any visit).
pub async fn prepare(
    db: &impl ConnectionTrait,
    evidence: &Evidence,
    author_id: i32,
    v: &visit::Model,
    input: NewPhoto,
) -> AppResult<photo::Model> {
    let criterion = check_criterion(db, v, "criterion", input.criterion).await?;
    let processed = evidence.process(input.bytes).await?;
    let place = location::Entity::find_by_id(v.location_id).one(db).await?;
    let taken_at = processed.meta.taken.and_then(|t| capture_utc(t, place.as_ref()));
    let distance_m = match (processed.meta.gps, place.as_ref()) {
        (Some(gps), Some(l)) => l.latitude.zip(l.longitude).map(|at| flags::haversine_m(gps, at)),
        _ => None,
    };
    let bytes = (processed.full.len() + processed.display.len() + processed.thumb.len()) as i64;
    let full_key = evidence.storage.put(processed.full).await?;
    let display_key = evidence.storage.put(processed.display).await?;
    let thumb_key = evidence.storage.put(processed.thumb).await?;
    Ok(photo::Model {
        id: Uuid::new_v4().to_string(),
        visit_id: v.id.clone(),
        criterion_code: criterion,
        caption: input.caption.trim().to_owned(),
        author_id,
        width: processed.width as i32,
        height: processed.height as i32,
        taken_at,
        distance_m,
        full_key,
        display_key,
        thumb_key,
        bytes,
        created_at: Utc::now(),
        client_id: input.client_id,
    })
}

/// A camera clock without an offset is read in the location's time zone,
/// as the visit form reads the shopper's times.
fn capture_utc(t: CaptureTime, place: Option<&location::Model>) -> Option<DateTime<Utc>> {
    match t {
        CaptureTime::Exact(t) => Some(t.to_utc()),
        CaptureTime::Local(naive) => {
            let tz: chrono_tz::Tz =
                place.and_then(|l| l.timezone.parse().ok()).unwrap_or(chrono_tz::UTC);
            naive.and_local_timezone(tz).earliest().map(|t| t.to_utc())
        }
    }
}

/// The photo's flags against its visit as the visit stands now.
pub fn flags_of(p: &photo::Model, v: &visit::Model, rules: &flags::Rules) -> Vec<Flag> {
    let facts = Facts {
        taken_at: p.taken_at,
        started_at: v.started_at,
        ended_at: v.ended_at,
        distance_m: p.distance_m,
    };
    flags::flags(&facts, rules)
}

/// A photo the actor may see, with its visit: a shopper's own visits, any
/// visit for the roles that read all. Scoped in the query, so another
/// shopper's photo is simply not found.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &str,
) -> AppResult<(photo::Model, visit::Model)> {
    let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    let mut q = photo::Entity::find_by_id(id.to_string());
    if !actor.role.reads_all_visits() {
        let own = Query::select()
            .column(visit::Column::Id)
            .from(visit::Entity)
            .cond_where(store::visible(actor))
            .to_owned();
        q = q.filter(photo::Column::VisitId.in_subquery(own));
    }
    let p = q.one(db).await?.ok_or(AppError::NotFound)?;
    let v =
        visit::Entity::find_by_id(p.visit_id.clone()).one(db).await?.ok_or(AppError::NotFound)?;
    Ok((p, v))
}

/// Deletes a photo: only its author, only while the visit is a draft or
/// returned. Files go once no other photo shares them.
pub async fn delete(db: &Db, evidence: &Evidence, actor: &Actor, id: &str) -> AppResult<()> {
    let (p, v) = find_visible(db.read(), actor, id).await?;
    if p.author_id != actor.id() {
        return Err(AppError::Forbidden);
    }
    if !Status::parse(&v.status).is_some_and(Status::editable) {
        return Err(AppError::Conflict(Msg::new("visit-not-editable")));
    }
    let mut batch = db.batch();
    batch.guard(&store::touch_editable(actor, &v.id), 1);
    batch.push(&photo::Entity::delete_by_id(p.id.clone()));
    // Deleted on purpose: the submit no longer waits for it.
    if let Some(cid) = &p.client_id {
        batch.push(
            &expected_photo::Entity::delete_many()
                .filter(expected_photo::Column::VisitId.eq(&v.id))
                .filter(expected_photo::Column::ClientId.eq(cid)),
        );
    }
    let detail = serde_json::json!({"photo": p.id});
    batch.push(&audit::entry(Some(actor.id()), "photo.deleted", "visit", &v.id, detail));
    if db.apply(batch).await? == Applied::Changed {
        return Err(AppError::Conflict(Msg::new("visit-not-editable")));
    }
    forget_files(db, evidence, &p).await
}

/// Removes a deleted photo's files unless another photo (the same picture
/// uploaded again) still refers to them.
pub async fn forget_files(
    db: &impl ConnectionTrait,
    evidence: &Evidence,
    p: &photo::Model,
) -> AppResult<()> {
    let shared =
        photo::Entity::find().filter(photo::Column::FullKey.eq(&p.full_key)).count(db).await?;
    // The same picture sent as a photo of a fix (actions) keeps its files.
    let fix = crate::entities::action_photo::Entity::find()
        .filter(crate::entities::action_photo::Column::FullKey.eq(&p.full_key))
        .count(db)
        .await?;
    if shared == 0 && fix == 0 {
        for key in [&p.full_key, &p.display_key, &p.thumb_key] {
            evidence.storage.delete(key).await?;
        }
    }
    Ok(())
}
