//! Visits in the database: finding them scoped to who may see them, their
//! stored answers and section scores, and lists. Saving a draft is in
//! [`super::draft`], submitting in [`super::submit`].
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, IntoIden, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationDef,
};
use serde::Deserialize;
use uuid::Uuid;

use super::Status;
use crate::accounts::Actor;
use crate::checklists::cache::ScoringCache;
use crate::checklists::{Section, applicable_criteria};
use crate::entities::{
    assignment, brand, checklist_version, expected_photo, location, photo, user_location, visit,
    visit_answer, visit_section,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::places::Channel;

/// The visits the actor may read: any for roles that read all, those of
/// their locations for a location manager, else their own.
pub fn visible(actor: &Actor) -> Condition {
    if actor.role.reads_all_visits() {
        Condition::all()
    } else if actor.role.is_location_manager() {
        let theirs = Query::select()
            .column(user_location::Column::LocationId)
            .from(user_location::Entity)
            .and_where(user_location::Column::UserId.eq(actor.id()))
            .to_owned();
        Condition::all().add(visit::Column::LocationId.in_subquery(theirs))
    } else {
        Condition::all().add(visit::Column::ShopperId.eq(actor.id()))
    }
}

/// A visit the actor may read (see [`visible`]); another is not found.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<visit::Model> {
    let q = visit::Entity::find_by_id(id.to_string()).filter(visible(actor));
    q.one(db).await?.ok_or(AppError::NotFound)
}

/// The actor's own visit as saving and submitting need it: its row, its
/// location's channel, and whether any photo was uploaded or announced for
/// it. One statement where there were four: on SQLite each read is a round
/// trip to a reader's thread and back, and these run on every save and
/// submit (BENCHMARKS.md). Read in one statement, the flags are as of the
/// revision read, which the write's guard checks.
#[derive(Debug, FromQueryResult)]
pub(super) struct OwnVisit {
    #[sea_orm(nested)]
    pub visit: visit::Model,
    channel: String,
    pub has_photos: bool,
    pub has_expected: bool,
}

impl OwnVisit {
    pub fn channel(&self) -> AppResult<Channel> {
        Channel::parse(&self.channel).ok_or_else(|| {
            anyhow::anyhow!("location {} has channel {:?}", self.visit.location_id, self.channel)
                .into()
        })
    }
}

/// The actor's own visit, to change it. Someone else's is not found for a
/// shopper, and forbidden for roles that may read it but never edit it.
pub(super) async fn find_own(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<Option<OwnVisit>> {
    let location: RelationDef = visit::Entity::belongs_to(location::Entity)
        .from(visit::Column::LocationId)
        .to(location::Column::Id)
        .into();
    let found = visit::Entity::find_by_id(id.to_string())
        .join(JoinType::InnerJoin, location)
        .column_as(location::Column::Channel, "channel")
        .expr_as(any_of(photo::Entity, photo::Column::VisitId), "has_photos")
        .expr_as(any_of(expected_photo::Entity, expected_photo::Column::VisitId), "has_expected")
        .into_model::<OwnVisit>()
        .one(db)
        .await?;
    let Some(own) = found else { return Ok(None) };
    if own.visit.shopper_id == actor.id() {
        Ok(Some(own))
    } else if actor.role.reads_all_visits() {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether `table` has a row whose `column` is the visit's id.
fn any_of<T, C>(table: T, column: C) -> Expr
where
    T: IntoIden + Clone,
    C: IntoIden,
{
    use sea_orm::sea_query::ExprTrait;
    let rows = Query::select()
        .expr(Expr::val(1))
        .from(table.clone())
        .and_where(Expr::col((table, column)).equals((visit::Entity, visit::Column::Id)))
        .to_owned();
    Expr::exists(rows)
}

/// The actor's own visit under this id, to go on filling it in: None when
/// there is none yet (the first save makes it). Another's is not found,
/// whatever the role (only its shopper fills it in); a submitted one is a
/// conflict.
pub async fn own_editable(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<Option<visit::Model>> {
    let found = visit::Entity::find_by_id(id.to_string()).one(db).await?;
    match found {
        None => Ok(None),
        Some(v) if v.shopper_id != actor.id() => Err(AppError::NotFound),
        Some(v) if !Status::parse(&v.status).is_some_and(Status::editable) => {
            Err(AppError::Conflict(Msg::new("visit-not-editable")))
        }
        Some(v) => Ok(Some(v)),
    }
}

/// The update of a visit that holds only while the visit is open for
/// changes, and raises its revision, so that a submit prepared before it
/// finds the revision moved and reads again.
pub fn update_open(visit_id: &str) -> sea_orm::UpdateMany<visit::Entity> {
    let editable: Vec<&str> =
        Status::ALL.into_iter().filter(|s| s.editable()).map(Status::as_str).collect();
    visit::Entity::update_many()
        .col_expr(
            visit::Column::Revision,
            sea_orm::sea_query::ExprTrait::add(Expr::col(visit::Column::Revision), 1),
        )
        .filter(visit::Column::Id.eq(visit_id))
        .filter(visit::Column::Status.is_in(editable))
}

/// The update of a visit that holds only while it is at the revision read,
/// and moves it to the next: the guard of a batch prepared from that read.
pub fn update_as_read(
    id: &str,
    read_revision: i32,
    mut changes: visit::ActiveModel,
) -> sea_orm::UpdateMany<visit::Entity> {
    changes.revision = sea_orm::Set(read_revision + 1);
    visit::Entity::update_many()
        .set(changes)
        .filter(visit::Column::Id.eq(id))
        .filter(visit::Column::Revision.eq(read_revision))
}

/// Marks the actor's visit as changed (its photos, say): as a guard, it
/// holds only while the visit is still open for changes and theirs.
pub fn touch_editable(actor: &Actor, visit_id: &str) -> sea_orm::UpdateMany<visit::Entity> {
    update_open(visit_id)
        .col_expr(visit::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(visit::Column::ShopperId.eq(actor.id()))
}

/// The update that moves an assignment along with its visit.
pub fn set_assignment(
    id: i32,
    status: &str,
    visit_id: Option<&str>,
) -> sea_orm::UpdateMany<assignment::Entity> {
    assignment::Entity::update_many()
        .col_expr(assignment::Column::Status, Expr::value(status))
        .col_expr(assignment::Column::VisitId, Expr::value(visit_id.map(str::to_owned)))
        .col_expr(assignment::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(assignment::Column::Id.eq(id))
}

pub async fn answers_of(
    db: &impl ConnectionTrait,
    visit_id: &str,
) -> AppResult<Vec<visit_answer::Model>> {
    Ok(visit_answer::Entity::find()
        .filter(visit_answer::Column::VisitId.eq(visit_id))
        .order_by_asc(visit_answer::Column::Id)
        .all(db)
        .await?)
}

pub async fn sections_of(
    db: &impl ConnectionTrait,
    visit_id: &str,
) -> AppResult<Vec<visit_section::Model>> {
    Ok(visit_section::Entity::find()
        .filter(visit_section::Column::VisitId.eq(visit_id))
        .order_by_asc(visit_section::Column::Id)
        .all(db)
        .await?)
}

/// The channel of a location, which decides the criteria its visits ask.
pub async fn channel_of(db: &impl ConnectionTrait, location_id: i32) -> AppResult<Channel> {
    let l = location::Entity::find_by_id(location_id).one(db).await?.ok_or(AppError::NotFound)?;
    Channel::parse(&l.channel)
        .ok_or_else(|| anyhow::anyhow!("location {} has channel {:?}", l.id, l.channel).into())
}

/// What a visit is checked and scored against: its version's sections, each
/// with only the criteria for its location's channel (see
/// `checklists::applicable_criteria`; a section left empty scores null).
/// The rest count nowhere, like N/A. For what the form shows, drop the empty
/// sections: `checklists::for_channel`.
pub async fn applicable_sections(
    db: &impl ConnectionTrait,
    cache: &ScoringCache,
    v: &visit::Model,
) -> AppResult<Vec<Section>> {
    let channel = channel_of(db, v.location_id).await?;
    sections_for(db, cache, v.checklist_version_id, channel).await
}

/// [`applicable_sections`] when the channel is known.
pub async fn sections_for(
    db: &impl ConnectionTrait,
    cache: &ScoringCache,
    version_id: i32,
    channel: Channel,
) -> AppResult<Vec<Section>> {
    let all = cache.sections(db, version_id).await?;
    Ok(applicable_criteria(&all, channel))
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListFilter {
    /// One status, or several separated by commas (the scorecard's
    /// "approved,submitted" when visits awaiting review count).
    pub status: String,
    pub location_id: Option<i32>,
    pub brand_id: Option<i32>,
    /// Own brands only (`true`) or competitors only (`false`): the visits
    /// behind the scorecard's pooled own-brand figures.
    pub own: Option<bool>,
    pub channel: String,
    pub region: String,
    pub checklist_id: Option<i32>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub page: Option<u64>,
}

pub const PER_PAGE: u64 = 50;

pub struct VisitPage {
    pub items: Vec<visit::Model>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// Visits the actor may see, newest first. For review queues, the caller
/// filters by status and sorts oldest first with `oldest_first`.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &ListFilter,
    oldest_first: bool,
) -> AppResult<VisitPage> {
    let mut cond = visible(actor);
    let statuses: Vec<&str> =
        f.status.split(',').filter_map(|s| Status::parse(s.trim())).map(Status::as_str).collect();
    if !statuses.is_empty() {
        cond = cond.add(visit::Column::Status.is_in(statuses));
    }
    if let Some(l) = f.location_id {
        cond = cond.add(visit::Column::LocationId.eq(l));
    }
    // Brand, ownership, channel and region are the location's: narrow the
    // locations first, then the visits to them.
    let (channel, region) = (f.channel.trim(), f.region.trim());
    if f.brand_id.is_some() || f.own.is_some() || !channel.is_empty() || !region.is_empty() {
        let mut lq = location::Entity::find();
        if let Some(b) = f.brand_id {
            lq = lq.filter(location::Column::BrandId.eq(b));
        }
        if let Some(own) = f.own {
            let brands = brand::Entity::find().filter(brand::Column::Own.eq(own)).all(db).await?;
            lq = lq.filter(location::Column::BrandId.is_in(brands.iter().map(|b| b.id)));
        }
        if !channel.is_empty() {
            lq = lq.filter(location::Column::Channel.eq(channel));
        }
        if !region.is_empty() {
            lq = lq.filter(location::Column::Region.eq(region));
        }
        let ids: Vec<i32> = lq.all(db).await?.into_iter().map(|l| l.id).collect();
        cond = cond.add(visit::Column::LocationId.is_in(ids));
    }
    if let Some(c) = f.checklist_id {
        let versions = checklist_version::Entity::find()
            .filter(checklist_version::Column::ChecklistId.eq(c))
            .all(db)
            .await?;
        cond = cond.add(visit::Column::ChecklistVersionId.is_in(versions.iter().map(|v| v.id)));
    }
    if let Some(from) = f.from {
        cond = cond.add(
            visit::Column::StartedAt.gte(from.and_hms_opt(0, 0, 0).expect("midnight").and_utc()),
        );
    }
    if let Some(to) = f.to {
        let end = (to + chrono::Days::new(1)).and_hms_opt(0, 0, 0).expect("midnight").and_utc();
        cond = cond.add(visit::Column::StartedAt.lt(end));
    }
    let mut q = visit::Entity::find().filter(cond);
    q = if oldest_first {
        q.order_by_asc(visit::Column::SubmittedAt).order_by_asc(visit::Column::Id)
    } else {
        q.order_by_desc(visit::Column::UpdatedAt).order_by_asc(visit::Column::Id)
    };
    let paginator = q.paginate(db, PER_PAGE);
    let total = paginator.num_items().await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = f.page.unwrap_or(1).clamp(1, pages);
    let items = paginator.fetch_page(page - 1).await?;
    Ok(VisitPage { items, total, page, pages })
}

/// How many photos each criterion of a visit has, for the photo rules at
/// submit.
pub(super) async fn photos_by_criterion(
    db: &impl ConnectionTrait,
    visit_id: &str,
) -> AppResult<HashMap<String, usize>> {
    let codes: Vec<Option<String>> = photo::Entity::find()
        .select_only()
        .column(photo::Column::CriterionCode)
        .filter(photo::Column::VisitId.eq(visit_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut counts = HashMap::new();
    for code in codes.into_iter().flatten() {
        *counts.entry(code).or_insert(0) += 1;
    }
    Ok(counts)
}

/// A visit's photos by criterion code (`None`: the visit as a whole).
pub type PhotosBy = HashMap<Option<String>, Vec<photo::Model>>;

pub fn by_criterion(list: Vec<photo::Model>) -> PhotosBy {
    let mut out = PhotosBy::new();
    for p in list {
        out.entry(p.criterion_code.clone()).or_default().push(p);
    }
    out
}

/// A visit's photos, oldest first.
pub async fn photos_of(db: &impl ConnectionTrait, visit_id: &str) -> AppResult<Vec<photo::Model>> {
    Ok(photo::Entity::find()
        .filter(photo::Column::VisitId.eq(visit_id))
        .order_by_asc(photo::Column::CreatedAt)
        .order_by_asc(photo::Column::Id)
        .all(db)
        .await?)
}

/// The client ids of a visit's photos that have arrived.
pub async fn arrived_client_ids(
    db: &impl ConnectionTrait,
    visit_id: &str,
) -> AppResult<std::collections::HashSet<String>> {
    let ids: Vec<Option<String>> = photo::Entity::find()
        .select_only()
        .column(photo::Column::ClientId)
        .filter(photo::Column::VisitId.eq(visit_id))
        .filter(photo::Column::ClientId.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().flatten().collect())
}

/// The photos a visit's phone announced and that have not arrived yet, in
/// the order announced (by criterion, then caption).
pub async fn photos_not_arrived(
    db: &impl ConnectionTrait,
    visit_id: &str,
) -> AppResult<Vec<expected_photo::Model>> {
    let expected = expected_photo::Entity::find()
        .filter(expected_photo::Column::VisitId.eq(visit_id))
        .order_by_asc(expected_photo::Column::CriterionCode)
        .order_by_asc(expected_photo::Column::Caption)
        .order_by_asc(expected_photo::Column::ClientId)
        .all(db)
        .await?;
    if expected.is_empty() {
        return Ok(expected);
    }
    let arrived = arrived_client_ids(db, visit_id).await?;
    Ok(expected.into_iter().filter(|e| !arrived.contains(&e.client_id)).collect())
}
