//! The reminders and digests, made by the server at start-up and hourly,
//! and by `yardstick notifications run` from cron. Each note's dedupe key
//! names its object or period, so running again makes nothing twice:
//! a due-date reminder once per assignment, an overdue notice once per
//! assignment, the review digest once per reviewer and day (one note for
//! all visits waiting), the weekly summary once per manager and ISO week.
use chrono::{DateTime, Datelike, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{Item, Kind, Note, links, plan};
use crate::accounts::Role;
use crate::db::Db;
use crate::entities::{assignment, location, user, visit};
use crate::error::AppResult;

/// Days before the due date that the reminder comes.
pub const DUE_SOON_DAYS: i64 = 2;
/// An assignment found overdue later than this is not announced any more
/// (a first run on an old database does not flood anyone).
pub const OVERDUE_WINDOW_DAYS: i64 = 7;
/// Visits listed by name in the digest mail (the count is all of them).
const DIGEST_ITEMS: usize = 20;

/// What a run made (in-app rows, mails), before dedupe.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub notes: usize,
    pub in_app: usize,
    pub mails: usize,
}

/// Makes every note due at `now`.
pub async fn run(db: &Db, now: DateTime<Utc>) -> AppResult<Report> {
    let read = db.read();
    let mut notes = assignment_notes(read, now).await?;
    notes.extend(review_digest(read, now).await?);
    notes.extend(weekly_summary(read, now).await?);
    let count = notes.len();
    let planned = plan(read, notes).await?;
    let (in_app, mails) = planned.counts();
    let txn = db.begin_write().await?;
    planned.write(&txn).await?;
    txn.commit().await?;
    Ok(Report { notes: count, in_app, mails })
}

async fn names(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> AppResult<std::collections::HashMap<i32, String>> {
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        for l in location::Entity::find()
            .filter(location::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            out.insert(l.id, l.name);
        }
    }
    Ok(out)
}

async fn assignment_notes(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<Vec<Note>> {
    let today = now.date_naive();
    let soon = today + Duration::days(DUE_SOON_DAYS);
    let oldest = today - Duration::days(OVERDUE_WINDOW_DAYS);
    let rows = assignment::Entity::find()
        .filter(assignment::Column::Status.is_in(["open", "in_progress"]))
        .filter(assignment::Column::DueOn.gte(oldest))
        .filter(assignment::Column::DueOn.lte(soon))
        .all(db)
        .await?;
    let names = names(db, rows.iter().map(|a| a.location_id).collect()).await?;
    let mut notes = Vec::new();
    for a in rows {
        let (kind, key) = if a.due_on == soon {
            (Kind::AssignmentDue, "assignment_due")
        } else if a.due_on < today {
            (Kind::AssignmentOverdue, "assignment_overdue")
        } else {
            continue;
        };
        let name = names.get(&a.location_id).cloned().unwrap_or_default();
        notes.push(
            Note::new(a.shopper_id, kind, links::HOME.to_owned(), format!("{key}:{}", a.id))
                .with("location", name)
                .with("due", a.due_on.to_string()),
        );
    }
    Ok(notes)
}

async fn reviewers(db: &impl ConnectionTrait) -> AppResult<Vec<user::Model>> {
    let all = user::Entity::find().filter(user::Column::Active.eq(true)).all(db).await?;
    Ok(all.into_iter().filter(|u| Role::parse(&u.role).is_some_and(Role::manages)).collect())
}

/// One note per reviewer and day listing the visits waiting, if any.
async fn review_digest(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<Vec<Note>> {
    let waiting = visit::Entity::find()
        .filter(visit::Column::Status.eq("submitted"))
        .order_by_asc(visit::Column::SubmittedAt)
        .all(db)
        .await?;
    if waiting.is_empty() {
        return Ok(Vec::new());
    }
    let names = names(db, waiting.iter().map(|v| v.location_id).collect()).await?;
    let items: Vec<Item> = waiting
        .iter()
        .take(DIGEST_ITEMS)
        .map(|v| Item {
            label: names.get(&v.location_id).cloned().unwrap_or_default(),
            day: v.submitted_at.map(|t| t.date_naive()),
            path: links::visit(&v.id),
        })
        .collect();
    let day = now.date_naive();
    Ok(reviewers(db)
        .await?
        .into_iter()
        .map(|u| {
            let mut n = Note::new(
                u.id,
                Kind::ReviewDigest,
                links::REVIEW.to_owned(),
                format!("review_digest:{}:{day}", u.id),
            )
            .with("count", waiting.len() as i64);
            n.items = items.clone();
            n
        })
        .collect())
}

/// One note per manager and ISO week: visits approved in the last seven
/// days and their average score beside the seven before, and overdue work.
async fn weekly_summary(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<Vec<Note>> {
    let week_ago = now - Duration::days(7);
    let two_weeks_ago = now - Duration::days(14);
    let approved = visit::Entity::find()
        .filter(visit::Column::Status.eq("approved"))
        .filter(visit::Column::ReviewedAt.gte(two_weeks_ago))
        .all(db)
        .await?;
    let average = |from: DateTime<Utc>, to: DateTime<Utc>| {
        let scores: Vec<f64> = approved
            .iter()
            .filter(|v| v.reviewed_at.is_some_and(|r| r >= from && r < to))
            .filter_map(|v| v.score)
            .collect();
        let n = scores.len() as i64;
        let avg = if scores.is_empty() {
            None
        } else {
            Some(scores.iter().sum::<f64>() / scores.len() as f64)
        };
        (n, avg)
    };
    let (this_n, this_avg) = average(week_ago, now + Duration::seconds(1));
    let (_, last_avg) = average(two_weeks_ago, week_ago);
    let today = now.date_naive();
    let overdue = assignment::Entity::find()
        .filter(assignment::Column::Status.is_in(["open", "in_progress"]))
        .filter(assignment::Column::DueOn.lt(today))
        .all(db)
        .await?
        .len() as i64;
    let week = now.iso_week();
    Ok(reviewers(db)
        .await?
        .into_iter()
        .map(|u| {
            Note::new(
                u.id,
                Kind::WeeklySummary,
                links::SCORECARD.to_owned(),
                format!("weekly_summary:{}:{}-W{:02}", u.id, week.year(), week.week()),
            )
            .with("count", this_n)
            .with("score", this_avg)
            .with("previous", last_avg)
            .with("overdue", overdue)
        })
        .collect())
}

/// The server's scheduler: at start-up, then every hour.
pub async fn every_hour(db: Db) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        match run(&db, Utc::now()).await {
            Ok(r) => tracing::info!(notes = r.notes, "notifications scheduled"),
            Err(e) => {
                tracing::error!(error = %e.plain_message(), "the notification scheduler failed")
            }
        }
    }
}
