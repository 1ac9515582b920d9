//! The trainers' gallery: photos of visits that were handed in, filtered
//! and walked newest first a page at a time from a cursor (keyset), so a
//! page costs the same at the 100,000th photo as at the first; tags and
//! comments on a photo.
use std::collections::HashSet;

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, JoinType, QueryFilter,
    QueryOrder, QuerySelect, Select, Set,
};

use super::flags::Rules;
use crate::accounts::{Actor, Role};
use crate::audit;
use crate::db::{Write, WriteQuery, WriteRow};
use crate::entities::{
    checklist_criterion as criterion, checklist_section as section, location, photo, photo_comment,
    photo_tag, visit, visit_answer,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;

pub const PAGE_SIZE: u64 = 48;
pub const TAGS: [&str; 2] = ["good_example", "needs_coaching"];

/// Who sees the gallery: everyone who reads every visit.
pub fn may_view(r: Role) -> bool {
    r.reads_all_visits()
}

/// Who tags and comments: trainers (and admins); managers read them.
pub fn may_annotate(r: Role) -> bool {
    matches!(r, Role::Trainer | Role::Admin)
}

/// The gallery's filters, as plain values; empty means "any".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub category: String,
    pub criterion: String,
    pub brand_id: Option<i32>,
    pub location_id: Option<i32>,
    pub channel: String,
    /// Visit start date, inclusive, in UTC.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// `passed` or `failed`: the answer to the photo's criterion.
    pub answer: String,
    pub flagged: bool,
}

/// Which way to walk from a cursor photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Older,
    Newer,
}

pub struct Page {
    pub items: Vec<photo::Model>,
    /// Set when there are older photos past this page.
    pub more_older: bool,
    /// Set when this page did not start at the newest photo.
    pub more_newer: bool,
}

fn joined() -> Select<photo::Entity> {
    photo::Entity::find()
        .join(
            JoinType::InnerJoin,
            photo::Entity::belongs_to(visit::Entity)
                .from(photo::Column::VisitId)
                .to(visit::Column::Id)
                .into(),
        )
        .join(
            JoinType::InnerJoin,
            visit::Entity::belongs_to(location::Entity)
                .from(visit::Column::LocationId)
                .to(location::Column::Id)
                .into(),
        )
}

/// Photos of visits that were handed in, narrowed by the filter.
fn filtered(db: DbBackend, f: &Filter, rules: &Rules) -> Select<photo::Entity> {
    // Drafts are unfinished work: coaching starts once a visit is handed in.
    let mut q = joined().filter(visit::Column::SubmittedAt.is_not_null());
    if !f.criterion.is_empty() {
        q = q.filter(photo::Column::CriterionCode.eq(&f.criterion));
    }
    if let Some(b) = f.brand_id {
        q = q.filter(location::Column::BrandId.eq(b));
    }
    if let Some(l) = f.location_id {
        q = q.filter(location::Column::Id.eq(l));
    }
    if !f.channel.is_empty() {
        q = q.filter(location::Column::Channel.eq(&f.channel));
    }
    if let Some(d) = f.from {
        q = q.filter(visit::Column::StartedAt.gte(d.and_hms_opt(0, 0, 0).map(|t| t.and_utc())));
    }
    if let Some(d) = f.to.and_then(|d| d.succ_opt()) {
        q = q.filter(visit::Column::StartedAt.lt(d.and_hms_opt(0, 0, 0).map(|t| t.and_utc())));
    }
    if !f.category.is_empty() {
        // The category of the criterion in the visit's own checklist version.
        let sub = Query::select()
            .expr(Expr::val(1))
            .from(criterion::Entity)
            .inner_join(
                section::Entity,
                Expr::col((section::Entity, section::Column::Id))
                    .equals((criterion::Entity, criterion::Column::SectionId)),
            )
            .and_where(
                Expr::col((criterion::Entity, criterion::Column::VersionId))
                    .equals((visit::Entity, visit::Column::ChecklistVersionId)),
            )
            .and_where(
                Expr::col((criterion::Entity, criterion::Column::Code))
                    .equals((photo::Entity, photo::Column::CriterionCode)),
            )
            .and_where(
                Expr::col((section::Entity, section::Column::Category)).eq(f.category.as_str()),
            )
            .to_owned();
        q = q.filter(Expr::exists(sub));
    }
    if matches!(f.answer.as_str(), "passed" | "failed") {
        let sub = Query::select()
            .expr(Expr::val(1))
            .from(visit_answer::Entity)
            .and_where(
                Expr::col((visit_answer::Entity, visit_answer::Column::VisitId))
                    .equals((photo::Entity, photo::Column::VisitId)),
            )
            .and_where(
                Expr::col((visit_answer::Entity, visit_answer::Column::Code))
                    .equals((photo::Entity, photo::Column::CriterionCode)),
            )
            .and_where(Expr::col((visit_answer::Entity, visit_answer::Column::Na)).eq(false))
            .and_where(
                Expr::col((visit_answer::Entity, visit_answer::Column::Failed))
                    .eq(f.answer == "failed"),
            )
            .to_owned();
        q = q.filter(Expr::exists(sub));
    }
    if f.flagged {
        q = q.filter(Expr::cust(flagged_sql(db, rules)));
    }
    q
}

/// The flags of `flags::flags` as SQL, so "flagged" filters in the
/// database. The numbers come from the configuration, never from a user.
fn flagged_sql(db: DbBackend, rules: &Rules) -> String {
    let secs = rules.window_tolerance.num_seconds();
    let start = "COALESCE(visits.started_at, visits.ended_at)";
    let end = "COALESCE(visits.ended_at, visits.started_at)";
    let window = match db {
        DbBackend::Postgres => format!(
            "photos.taken_at < {start} - INTERVAL '{secs} seconds' \
             OR photos.taken_at > {end} + INTERVAL '{secs} seconds'"
        ),
        _ => {
            let days = secs as f64 / 86_400.0;
            format!(
                "julianday(photos.taken_at) < julianday({start}) - {days:?} \
                 OR julianday(photos.taken_at) > julianday({end}) + {days:?}"
            )
        }
    };
    format!("(({window}) OR photos.distance_m > {:?})", rules.max_distance_m)
}

/// Older or newer than `cursor` in the gallery's order (newest first).
fn past(q: Select<photo::Entity>, cursor: &photo::Model, dir: Dir) -> Select<photo::Entity> {
    let (at, id) = (cursor.created_at, cursor.id.clone());
    let cond = match dir {
        Dir::Older => Condition::any().add(photo::Column::CreatedAt.lt(at)).add(
            Condition::all().add(photo::Column::CreatedAt.eq(at)).add(photo::Column::Id.lt(id)),
        ),
        Dir::Newer => Condition::any().add(photo::Column::CreatedAt.gt(at)).add(
            Condition::all().add(photo::Column::CreatedAt.eq(at)).add(photo::Column::Id.gt(id)),
        ),
    };
    let q = q.filter(cond);
    match dir {
        Dir::Older => q.order_by_desc(photo::Column::CreatedAt).order_by_desc(photo::Column::Id),
        Dir::Newer => q.order_by_asc(photo::Column::CreatedAt).order_by_asc(photo::Column::Id),
    }
}

/// One page of the gallery: from the newest, or past a cursor photo.
pub async fn page(
    db: &impl ConnectionTrait,
    f: &Filter,
    rules: &Rules,
    cursor: Option<(&str, Dir)>,
) -> AppResult<Page> {
    let q = filtered(db.get_database_backend(), f, rules);
    let anchor = match cursor {
        Some((id, dir)) => {
            photo::Entity::find_by_id(id.to_owned()).one(db).await?.map(|p| (p, dir))
        }
        None => None,
    };
    let q = match &anchor {
        Some((p, dir)) => past(q, p, *dir),
        None => q.order_by_desc(photo::Column::CreatedAt).order_by_desc(photo::Column::Id),
    };
    let mut items = q.limit(PAGE_SIZE + 1).all(db).await?;
    let more = items.len() as u64 > PAGE_SIZE;
    items.truncate(PAGE_SIZE as usize);
    Ok(match anchor {
        Some((_, Dir::Newer)) => {
            items.reverse();
            Page { items, more_older: true, more_newer: more }
        }
        Some(_) => Page { items, more_older: more, more_newer: true },
        None => Page { items, more_older: more, more_newer: false },
    })
}

/// A photo in the gallery (a handed-in visit's) with its visit, and its
/// neighbours within the filter: (newer, older).
pub async fn find(
    db: &impl ConnectionTrait,
    f: &Filter,
    rules: &Rules,
    id: &str,
) -> AppResult<(photo::Model, visit::Model, Option<String>, Option<String>)> {
    let backend = db.get_database_backend();
    let p = joined()
        .filter(visit::Column::SubmittedAt.is_not_null())
        .filter(photo::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let v =
        visit::Entity::find_by_id(p.visit_id.clone()).one(db).await?.ok_or(AppError::NotFound)?;
    let near = |dir| past(filtered(backend, f, rules), &p, dir).limit(1).one(db);
    let newer = near(Dir::Newer).await?.map(|x| x.id);
    let older = near(Dir::Older).await?.map(|x| x.id);
    Ok((p, v, newer, older))
}

pub async fn tags_of(db: &impl ConnectionTrait, photo_id: &str) -> AppResult<HashSet<String>> {
    Ok(photo_tag::Entity::find()
        .filter(photo_tag::Column::PhotoId.eq(photo_id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.tag)
        .collect())
}

pub async fn comments_of(
    db: &impl ConnectionTrait,
    photo_id: &str,
) -> AppResult<Vec<photo_comment::Model>> {
    Ok(photo_comment::Entity::find()
        .filter(photo_comment::Column::PhotoId.eq(photo_id))
        .order_by_asc(photo_comment::Column::Id)
        .all(db)
        .await?)
}

/// Puts a tag on a photo or takes it off; recorded in the audit log.
pub async fn set_tag(
    db: &impl Write,
    actor: &Actor,
    photo_id: &str,
    tag: &str,
    on: bool,
) -> AppResult<()> {
    actor.require(may_annotate)?;
    if !TAGS.contains(&tag) {
        return Err(AppError::field("tag", Msg::new("gallery-tag-unknown")));
    }
    let has = tags_of(db, photo_id).await?.contains(tag);
    if has == on {
        return Ok(());
    }
    if on {
        photo_tag::ActiveModel {
            photo_id: Set(photo_id.to_owned()),
            tag: Set(tag.to_owned()),
            author_id: Set(actor.id()),
            created_at: Set(Utc::now()),
        }
        .insert_row(db)
        .await?;
    } else {
        photo_tag::Entity::delete_by_id((photo_id.to_owned(), tag.to_owned())).run_on(db).await?;
    }
    let action = if on { "photo.tag_added" } else { "photo.tag_removed" };
    audit::record(db, Some(actor.id()), action, "photo", photo_id, serde_json::json!({"tag": tag}))
        .await?;
    Ok(())
}

pub async fn add_comment(
    db: &impl Write,
    actor: &Actor,
    photo_id: &str,
    body: &str,
) -> AppResult<()> {
    actor.require(may_annotate)?;
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::field("body", Msg::new("field-required")));
    }
    if body.chars().count() > 2000 {
        return Err(AppError::field("body", Msg::new("gallery-comment-too-long")));
    }
    photo_comment::ActiveModel {
        photo_id: Set(photo_id.to_owned()),
        author_id: Set(actor.id()),
        body: Set(body.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert_row(db)
    .await?;
    Ok(())
}

/// Which of these visits have a flagged photo, for the review queue.
pub async fn flagged_visits(
    db: &impl ConnectionTrait,
    visits: &[visit::Model],
    rules: &Rules,
) -> AppResult<HashSet<String>> {
    let ids: Vec<&str> = visits.iter().map(|v| v.id.as_str()).collect();
    let photos = photo::Entity::find().filter(photo::Column::VisitId.is_in(ids)).all(db).await?;
    Ok(photos
        .iter()
        .filter_map(|p| {
            let v = visits.iter().find(|v| v.id == p.visit_id)?;
            (!super::photos::flags_of(p, v, rules).is_empty()).then(|| v.id.clone())
        })
        .collect())
}
