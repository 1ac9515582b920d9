//! Checklists in the database: versions as whole documents. A draft can be
//! replaced freely; publishing validates it; a published version never
//! changes, so old visits keep meaning what they meant.
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::document::{ChecklistDoc, CriterionDoc, KindName, OptionDoc, SectionDoc};
use super::shape::{Direction, PhotoRule};
use super::validate;
use crate::audit;
use crate::db::{Db, Write, WriteQuery, insert_row, update_row};
use crate::entities::{checklist, checklist_criterion, checklist_section, checklist_version};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;

pub const DRAFT: &str = "draft";
pub const PUBLISHED: &str = "published";

fn photo_str(p: PhotoRule) -> &'static str {
    match p {
        PhotoRule::Never => "never",
        PhotoRule::OnFail => "on_fail",
        PhotoRule::Always => "always",
    }
}

fn photo_of(s: &str) -> PhotoRule {
    match s {
        "on_fail" => PhotoRule::OnFail,
        "always" => PhotoRule::Always,
        _ => PhotoRule::Never,
    }
}

fn direction_str(d: Direction) -> &'static str {
    match d {
        Direction::AtMost => "at_most",
        Direction::AtLeast => "at_least",
    }
}

fn direction_of(s: &str) -> Option<Direction> {
    match s {
        "at_most" => Some(Direction::AtMost),
        "at_least" => Some(Direction::AtLeast),
        _ => None,
    }
}

/// A draft needs a name to be listed; everything else waits for publishing.
fn check_name(doc: &ChecklistDoc) -> AppResult<()> {
    if doc.name.trim().is_empty() {
        return Err(AppError::field("name", Msg::new("checklist-name-empty")));
    }
    Ok(())
}

async fn write_contents(db: &impl Write, version_id: i32, doc: &ChecklistDoc) -> AppResult<()> {
    for (i, s) in doc.sections.iter().enumerate() {
        let section = checklist_section::ActiveModel {
            version_id: Set(version_id),
            position: Set(i as i32),
            category: Set(s.category.trim().to_owned()),
            title: Set(s.title.trim().to_owned()),
            weight: Set(s.weight),
            ..Default::default()
        };
        let section = insert_row(db, section).await?;
        let rows: Vec<checklist_criterion::ActiveModel> = s
            .criteria
            .iter()
            .enumerate()
            .map(|(j, c)| checklist_criterion::ActiveModel {
                section_id: Set(section.id),
                version_id: Set(version_id),
                position: Set(j as i32),
                code: Set(c.code.trim().to_owned()),
                prompt: Set(c.prompt.clone()),
                guidance: Set(c.guidance.clone()),
                kind: Set(c.kind.as_str().to_owned()),
                weight: Set(c.weight),
                critical: Set(c.critical),
                allow_na: Set(c.allow_na),
                photo: Set(photo_str(c.photo).to_owned()),
                min: Set(c.min),
                max: Set(c.max),
                target: Set(c.target),
                direction: Set(c.direction.map(|d| direction_str(d).to_owned())),
                unit: Set(c.unit.clone()),
                options: Set(serde_json::to_string(&c.options).expect("options serialise")),
                channels: Set(serde_json::to_string(&c.channels).expect("names serialise")),
                ..Default::default()
            })
            .collect();
        if !rows.is_empty() {
            checklist_criterion::Entity::insert_many(rows).run_on(db).await?;
        }
    }
    Ok(())
}

async fn insert_version(
    db: &impl Write,
    checklist_id: i32,
    version: i32,
    doc: &ChecklistDoc,
) -> AppResult<checklist_version::Model> {
    let now = Utc::now();
    let v = checklist_version::ActiveModel {
        checklist_id: Set(checklist_id),
        version: Set(version),
        status: Set(DRAFT.into()),
        name: Set(doc.name.trim().to_owned()),
        description: Set(doc.description.clone()),
        published_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let v = insert_row(db, v).await?;
    write_contents(db, v.id, doc).await?;
    Ok(v)
}

/// A new checklist whose version 1 is a draft with the document's content.
pub async fn create(
    db: &Db,
    actor_id: i32,
    doc: &ChecklistDoc,
) -> AppResult<checklist_version::Model> {
    check_name(doc)?;
    let txn = db.begin_write().await?;
    let now = Utc::now();
    let c = checklist::ActiveModel {
        name: Set(doc.name.trim().to_owned()),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let c = insert_row(&txn, c).await?;
    let v = insert_version(&txn, c.id, 1, doc).await?;
    audit::record(&txn, Some(actor_id), "checklist.created", "checklist", c.id, json!({})).await?;
    txn.commit().await?;
    Ok(v)
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> AppResult<checklist::Model> {
    checklist::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

pub async fn versions(
    db: &impl ConnectionTrait,
    checklist_id: i32,
) -> AppResult<Vec<checklist_version::Model>> {
    Ok(checklist_version::Entity::find()
        .filter(checklist_version::Column::ChecklistId.eq(checklist_id))
        .order_by_asc(checklist_version::Column::Version)
        .all(db)
        .await?)
}

pub async fn find_version(
    db: &impl ConnectionTrait,
    checklist_id: i32,
    version: i32,
) -> AppResult<checklist_version::Model> {
    checklist_version::Entity::find()
        .filter(checklist_version::Column::ChecklistId.eq(checklist_id))
        .filter(checklist_version::Column::Version.eq(version))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn version_by_id(
    db: &impl ConnectionTrait,
    id: i32,
) -> AppResult<checklist_version::Model> {
    checklist_version::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// The newest published version, which new visits use.
pub async fn latest_published(
    db: &impl ConnectionTrait,
    checklist_id: i32,
) -> AppResult<Option<checklist_version::Model>> {
    Ok(checklist_version::Entity::find()
        .filter(checklist_version::Column::ChecklistId.eq(checklist_id))
        .filter(checklist_version::Column::Status.eq(PUBLISHED))
        .order_by_desc(checklist_version::Column::Version)
        .one(db)
        .await?)
}

/// A checklist and its versions, oldest first.
pub struct Summary {
    pub checklist: checklist::Model,
    pub versions: Vec<checklist_version::Model>,
}

impl Summary {
    pub fn latest(&self) -> Option<&checklist_version::Model> {
        self.versions.last()
    }

    pub fn published(&self) -> Option<&checklist_version::Model> {
        self.versions.iter().rev().find(|v| v.is_published())
    }

    pub fn draft(&self) -> Option<&checklist_version::Model> {
        self.versions.iter().find(|v| !v.is_published())
    }
}

pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<Summary>> {
    let lists = checklist::Entity::find().order_by_asc(checklist::Column::Name).all(db).await?;
    let all = checklist_version::Entity::find()
        .order_by_asc(checklist_version::Column::Version)
        .all(db)
        .await?;
    Ok(lists
        .into_iter()
        .map(|c| {
            let versions = all.iter().filter(|v| v.checklist_id == c.id).cloned().collect();
            Summary { checklist: c, versions }
        })
        .collect())
}

/// The version as API.md's document, with ids.
pub async fn load_doc(
    db: &impl ConnectionTrait,
    v: &checklist_version::Model,
) -> AppResult<ChecklistDoc> {
    let sections = checklist_section::Entity::find()
        .filter(checklist_section::Column::VersionId.eq(v.id))
        .order_by_asc(checklist_section::Column::Position)
        .all(db)
        .await?;
    let criteria = checklist_criterion::Entity::find()
        .filter(checklist_criterion::Column::VersionId.eq(v.id))
        .order_by_asc(checklist_criterion::Column::Position)
        .all(db)
        .await?;
    let sections = sections
        .into_iter()
        .map(|s| SectionDoc {
            id: Some(s.id.into()),
            category: s.category,
            title: s.title,
            weight: s.weight,
            criteria: criteria.iter().filter(|c| c.section_id == s.id).map(criterion_doc).collect(),
        })
        .collect();
    Ok(ChecklistDoc {
        id: Some(v.checklist_id.into()),
        name: v.name.clone(),
        description: v.description.clone(),
        sections,
    })
}

fn criterion_doc(c: &checklist_criterion::Model) -> CriterionDoc {
    let options: Vec<OptionDoc> = serde_json::from_str(&c.options).unwrap_or_default();
    CriterionDoc {
        id: Some(c.id.into()),
        code: c.code.clone(),
        prompt: c.prompt.clone(),
        guidance: c.guidance.clone(),
        kind: KindName::parse(&c.kind).unwrap_or(KindName::Text),
        weight: c.weight,
        critical: c.critical,
        allow_na: c.allow_na,
        photo: photo_of(&c.photo),
        min: c.min,
        max: c.max,
        target: c.target,
        direction: c.direction.as_deref().and_then(direction_of),
        unit: c.unit.clone(),
        options,
        channels: channels_of(c),
    }
}

/// The channel names a stored criterion is limited to (none: every channel).
pub fn channels_of(c: &checklist_criterion::Model) -> Vec<String> {
    serde_json::from_str(&c.channels).unwrap_or_default()
}

fn refuse_if_published(v: &checklist_version::Model) -> AppResult<()> {
    if v.is_published() {
        return Err(AppError::Conflict(Msg::new("checklist-published-immutable")));
    }
    Ok(())
}

/// Replaces a draft's whole content. A published version answers 409.
pub async fn replace_draft(
    db: &Db,
    checklist_id: i32,
    version: i32,
    doc: &ChecklistDoc,
) -> AppResult<checklist_version::Model> {
    check_name(doc)?;
    let txn = db.begin_write().await?;
    let v = find_version(&txn, checklist_id, version).await?;
    refuse_if_published(&v)?;
    checklist_criterion::Entity::delete_many()
        .filter(checklist_criterion::Column::VersionId.eq(v.id))
        .run_on(&txn)
        .await?;
    checklist_section::Entity::delete_many()
        .filter(checklist_section::Column::VersionId.eq(v.id))
        .run_on(&txn)
        .await?;
    let mut m = v.into_active_model();
    m.name = Set(doc.name.trim().to_owned());
    m.description = Set(doc.description.clone());
    m.updated_at = Set(Utc::now());
    let v = update_row(&txn, m).await?;
    write_contents(&txn, v.id, doc).await?;
    txn.commit().await?;
    Ok(v)
}

/// A new draft version with the document's content. One draft at a time:
/// a second one would fork the checklist.
pub async fn add_version(
    db: &Db,
    actor_id: i32,
    checklist_id: i32,
    doc: &ChecklistDoc,
) -> AppResult<checklist_version::Model> {
    check_name(doc)?;
    let txn = db.begin_write().await?;
    find(&txn, checklist_id).await?;
    let all = versions(&txn, checklist_id).await?;
    if let Some(d) = all.iter().find(|v| !v.is_published()) {
        return Err(AppError::Conflict(
            Msg::new("checklist-draft-exists").with_int("version", d.version.into()),
        ));
    }
    let next = all.last().map_or(1, |v| v.version + 1);
    let v = insert_version(&txn, checklist_id, next, doc).await?;
    let detail = json!({"version": next});
    audit::record(
        &txn,
        Some(actor_id),
        "checklist.version_added",
        "checklist",
        checklist_id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(v)
}

/// "Edit" on a published version: a new draft with the same content, so
/// every code is kept.
pub async fn draft_from(
    db: &Db,
    actor_id: i32,
    checklist_id: i32,
    version: i32,
) -> AppResult<checklist_version::Model> {
    let v = find_version(db, checklist_id, version).await?;
    let mut doc = load_doc(db, &v).await?;
    doc.clear_ids();
    add_version(db, actor_id, checklist_id, &doc).await
}

/// Validates the whole version and publishes it. Every problem comes back
/// at once, keyed by its path in the document. Publishing a published
/// version again changes nothing.
pub async fn publish(
    db: &Db,
    actor_id: i32,
    checklist_id: i32,
    version: i32,
) -> AppResult<checklist_version::Model> {
    let txn = db.begin_write().await?;
    let v = find_version(&txn, checklist_id, version).await?;
    if v.is_published() {
        return Ok(v);
    }
    let doc = load_doc(&txn, &v).await?;
    let problems = validate::problems(&doc);
    if !problems.is_empty() {
        let fields: FieldErrors =
            problems.into_iter().map(|p| (p.path.clone(), p.message())).collect();
        return Err(AppError::Validation(fields));
    }
    let name = v.name.clone();
    let mut m = v.into_active_model();
    m.status = Set(PUBLISHED.into());
    m.published_at = Set(Some(Utc::now()));
    m.updated_at = Set(Utc::now());
    let v = update_row(&txn, m).await?;
    let mut c = find(&txn, checklist_id).await?.into_active_model();
    c.name = Set(name);
    c.updated_at = Set(Utc::now());
    update_row(&txn, c).await?;
    let detail = json!({"version": version});
    audit::record(&txn, Some(actor_id), "checklist.published", "checklist", checklist_id, detail)
        .await?;
    txn.commit().await?;
    Ok(v)
}

/// The built-in customer-experience standard in a language, as a document.
pub fn builtin_standard(locale: crate::i18n::Locale) -> ChecklistDoc {
    let text = match locale {
        crate::i18n::Locale::En => {
            include_str!("../../assets/checklists/customer-experience.en.json")
        }
        crate::i18n::Locale::Fa => {
            include_str!("../../assets/checklists/customer-experience.fa.json")
        }
        crate::i18n::Locale::Ar => {
            include_str!("../../assets/checklists/customer-experience.ar.json")
        }
    };
    serde_json::from_str(text).expect("the built-in standard is a valid document")
}

/// Adds the built-in standard as a published checklist, ready for visits.
pub async fn add_builtin(
    db: &Db,
    actor_id: i32,
    locale: crate::i18n::Locale,
) -> AppResult<checklist_version::Model> {
    let v = create(db, actor_id, &builtin_standard(locale)).await?;
    publish(db, actor_id, v.checklist_id, v.version).await
}
