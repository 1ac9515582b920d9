//! Notifications: what a user is told (a new assignment, one due in two
//! days or overdue, a returned visit; reviewers a daily digest of visits
//! waiting, managers a weekly summary), in the app and by mail, each in
//! the recipient's language and as they chose.
//!
//! The modules above call in with the write they are making: [`plan`]
//! reads (users, preferences, settings) and renders, and the [`Planned`]
//! rows are then written through `impl Write` ([`Planned::write`]) or
//! pushed into a visit batch ([`Planned::push`]), so a notification and
//! its mail exist exactly when the event does. Mail goes out later from
//! the outbox (see [`outbox`]); the scheduler ([`schedule`]) makes the
//! reminders and digests, once per user and period through dedupe keys.
pub mod mail;
pub mod outbox;
pub mod schedule;
mod sign;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::accounts::{Actor, Role};
use crate::audit;
use crate::db::{Batch, Db, Write, exec};
use crate::entities::{
    assignment, location, notification, notification_pref, notification_settings, outbox as ob,
    user, visit,
};
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, Msg, format_date, format_int, format_percent};

pub use mail::Mailer;

/// What a notification is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    AssignmentNew,
    AssignmentDue,
    AssignmentOverdue,
    VisitReturned,
    ReviewDigest,
    WeeklySummary,
    ActionAssigned,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::AssignmentNew,
        Kind::AssignmentDue,
        Kind::AssignmentOverdue,
        Kind::VisitReturned,
        Kind::ReviewDigest,
        Kind::WeeklySummary,
        Kind::ActionAssigned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::AssignmentNew => "assignment_new",
            Kind::AssignmentDue => "assignment_due",
            Kind::AssignmentOverdue => "assignment_overdue",
            Kind::VisitReturned => "visit_returned",
            Kind::ReviewDigest => "review_digest",
            Kind::WeeklySummary => "weekly_summary",
            Kind::ActionAssigned => "action_assigned",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kind's name on the preferences page.
    pub fn label_key(self) -> &'static str {
        match self {
            Kind::AssignmentNew => "notify-kind-assignment-new",
            Kind::AssignmentDue => "notify-kind-assignment-due",
            Kind::AssignmentOverdue => "notify-kind-assignment-overdue",
            Kind::VisitReturned => "notify-kind-visit-returned",
            Kind::ReviewDigest => "notify-kind-review-digest",
            Kind::WeeklySummary => "notify-kind-weekly-summary",
            Kind::ActionAssigned => "notify-kind-action-assigned",
        }
    }

    /// The in-app title and the mail's subject.
    fn title_key(self) -> &'static str {
        match self {
            Kind::AssignmentNew => "notify-assignment-new-title",
            Kind::AssignmentDue => "notify-assignment-due-title",
            Kind::AssignmentOverdue => "notify-assignment-overdue-title",
            Kind::VisitReturned => "notify-visit-returned-title",
            Kind::ReviewDigest => "notify-review-digest-title",
            Kind::WeeklySummary => "notify-weekly-summary-title",
            Kind::ActionAssigned => "notify-action-assigned-title",
        }
    }

    fn body_key(self) -> &'static str {
        match self {
            Kind::AssignmentNew => "notify-assignment-new-body",
            Kind::AssignmentDue => "notify-assignment-due-body",
            Kind::AssignmentOverdue => "notify-assignment-overdue-body",
            Kind::VisitReturned => "notify-visit-returned-body",
            Kind::ReviewDigest => "notify-review-digest-body",
            Kind::WeeklySummary => "notify-weekly-summary-body",
            Kind::ActionAssigned => "notify-action-assigned-body",
        }
    }

    /// Whether a user of `role` can get this kind (a shopper gets no
    /// digest; anyone may be given an assignment).
    pub fn applies_to(self, role: Role) -> bool {
        match self {
            Kind::ReviewDigest | Kind::WeeklySummary => role.manages(),
            // Actions fall to managers and location managers.
            Kind::ActionAssigned => role != Role::Shopper,
            _ => true,
        }
    }
}

/// One user's choice for one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pref {
    pub kind: Kind,
    pub in_app: bool,
    pub email: bool,
}

impl Pref {
    /// Everything in the app, and mail for the shopper's kinds and the
    /// digests: every kind there is.
    pub fn default_for(kind: Kind) -> Pref {
        Pref { kind, in_app: true, email: true }
    }
}

/// The user's choices for the kinds that apply to their role.
pub async fn prefs(db: &impl ConnectionTrait, u: &user::Model) -> AppResult<Vec<Pref>> {
    let role = Role::parse(&u.role).unwrap_or(Role::Shopper);
    let stored = stored_prefs(db, &[u.id]).await?;
    Ok(Kind::ALL
        .into_iter()
        .filter(|k| k.applies_to(role))
        .map(|k| stored.get(&(u.id, k)).copied().unwrap_or(Pref::default_for(k)))
        .collect())
}

async fn stored_prefs(
    db: &impl ConnectionTrait,
    users: &[i32],
) -> Result<HashMap<(i32, Kind), Pref>, DbErr> {
    let mut out = HashMap::new();
    for chunk in users.chunks(500) {
        let rows = notification_pref::Entity::find()
            .filter(notification_pref::Column::UserId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        for r in rows {
            if let Some(kind) = Kind::parse(&r.kind) {
                out.insert((r.user_id, kind), Pref { kind, in_app: r.in_app, email: r.email });
            }
        }
    }
    Ok(out)
}

/// Stores the actor's choices (kinds not given keep theirs).
pub async fn set_prefs(db: &Db, actor: &Actor, prefs: &[Pref]) -> AppResult<Vec<Pref>> {
    let txn = db.begin_write().await?;
    for p in prefs.iter().filter(|p| p.kind.applies_to(actor.role)) {
        store_pref(&txn, actor.id(), *p).await?;
    }
    audit::record(
        &txn,
        Some(actor.id()),
        "notifications.preferences",
        "user",
        actor.id(),
        json!({"prefs": prefs}),
    )
    .await?;
    txn.commit().await?;
    self::prefs(db, &actor.user).await
}

async fn store_pref(db: &impl Write, user_id: i32, p: Pref) -> Result<(), DbErr> {
    let row = notification_pref::ActiveModel {
        user_id: Set(user_id),
        kind: Set(p.kind.as_str().to_owned()),
        in_app: Set(p.in_app),
        email: Set(p.email),
    };
    let upsert = notification_pref::Entity::insert(row).on_conflict(
        OnConflict::columns([notification_pref::Column::UserId, notification_pref::Column::Kind])
            .update_columns([notification_pref::Column::InApp, notification_pref::Column::Email])
            .to_owned(),
    );
    exec(db, &upsert).await?;
    Ok(())
}

/// The settings every instance shares (see [`configure`]).
#[derive(Clone, Debug)]
pub struct Settings {
    pub email_on: bool,
    /// Without a trailing slash.
    pub base_url: String,
    key: Vec<u8>,
}

/// Records, at start-up, whether mail is on and the public address mails
/// link to; makes the signing key the first time. Every instance and
/// command should run with the same settings: the last one started wins.
pub async fn configure(db: &Db, email_on: bool, base_url: &str) -> AppResult<()> {
    let key = crate::accounts::tokens::random_secret();
    let row = notification_settings::ActiveModel {
        id: Set(1),
        email_on: Set(email_on),
        base_url: Set(base_url.trim_end_matches('/').to_owned()),
        signing_key: Set(hex::encode(key.as_bytes())),
    };
    let upsert = notification_settings::Entity::insert(row).on_conflict(
        OnConflict::column(notification_settings::Column::Id)
            .update_columns([
                notification_settings::Column::EmailOn,
                notification_settings::Column::BaseUrl,
            ])
            .to_owned(),
    );
    exec(db, &upsert).await?;
    Ok(())
}

pub async fn settings(db: &impl ConnectionTrait) -> AppResult<Settings> {
    let row = notification_settings::Entity::find_by_id(1).one(db).await?;
    let row = row.ok_or_else(|| anyhow::anyhow!("notifications are not configured"))?;
    Ok(Settings {
        email_on: row.email_on,
        base_url: row.base_url,
        key: hex::decode(&row.signing_key).map_err(anyhow::Error::from)?,
    })
}

/// Links inside the app, as `web::paths` mounts them (a test there checks
/// they agree); the domain may not import the web layer.
pub mod links {
    pub const HOME: &str = "/";
    pub const REVIEW: &str = "/review";
    pub const SCORECARD: &str = "/scorecard";
    pub const NOTIFICATIONS: &str = "/notifications";
    pub const PREFERENCES: &str = "/notifications/preferences";
    pub const UNSUBSCRIBE: &str = "/unsubscribe";

    pub fn visit(id: &str) -> String {
        format!("/visits/{id}")
    }

    pub fn action(id: i32) -> String {
        format!("/actions/{id}")
    }
}

/// One thing to tell one user.
#[derive(Clone, Debug)]
pub struct Note {
    pub user_id: i32,
    pub kind: Kind,
    /// A path inside the app.
    pub link: String,
    /// Arguments of the kind's messages: text, or `due` (an ISO date) and
    /// `count` (a number), formatted in the reader's language.
    pub params: Map<String, Value>,
    /// Listed in the mail (a digest's visits).
    pub items: Vec<Item>,
    /// Unique per user and event or period: the same note is made once.
    pub dedupe: String,
}

/// A line of a digest mail: a name, a day (shown in the reader's
/// calendar) and a path inside the app.
#[derive(Clone, Debug)]
pub struct Item {
    pub label: String,
    pub day: Option<NaiveDate>,
    pub path: String,
}

impl Note {
    pub fn new(user_id: i32, kind: Kind, link: String, dedupe: String) -> Note {
        Note { user_id, kind, link, params: Map::new(), items: Vec::new(), dedupe }
    }

    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Note {
        self.params.insert(name.to_owned(), value.into());
        self
    }
}

/// The rows that notes make: written with the caller's other rows.
#[derive(Default)]
pub struct Planned {
    inbox: Vec<notification::ActiveModel>,
    mail: Vec<ob::ActiveModel>,
}

impl Planned {
    pub fn is_empty(&self) -> bool {
        self.inbox.is_empty() && self.mail.is_empty()
    }

    /// (in-app rows, mails)
    pub fn counts(&self) -> (usize, usize) {
        (self.inbox.len(), self.mail.len())
    }

    fn inserts(
        self,
    ) -> (
        impl Iterator<Item = sea_orm::Insert<notification::ActiveModel>>,
        impl Iterator<Item = sea_orm::Insert<ob::ActiveModel>>,
    ) {
        let inbox = self.inbox.into_iter().map(|r| {
            notification::Entity::insert(r).on_conflict(
                OnConflict::column(notification::Column::DedupeKey).do_nothing().to_owned(),
            )
        });
        let mail = self.mail.into_iter().map(|r| {
            ob::Entity::insert(r)
                .on_conflict(OnConflict::column(ob::Column::DedupeKey).do_nothing().to_owned())
        });
        (inbox, mail)
    }

    /// Writes the rows in the caller's transaction (or on their own);
    /// one already made (same dedupe key) is left as it is.
    pub async fn write(self, db: &impl Write) -> Result<(), DbErr> {
        let (inbox, mail) = self.inserts();
        for q in inbox {
            exec(db, &q).await?;
        }
        for q in mail {
            exec(db, &q).await?;
        }
        Ok(())
    }

    /// Adds the rows to a visit batch.
    pub fn push(self, batch: &mut Batch) {
        let (inbox, mail) = self.inserts();
        for q in inbox {
            batch.push(&q);
        }
        for q in mail {
            batch.push(&q);
        }
    }
}

/// Reads who the notes are for and what they chose, and renders each
/// mail in its recipient's language. Inactive users get nothing.
pub async fn plan(db: &impl ConnectionTrait, notes: Vec<Note>) -> AppResult<Planned> {
    let mut planned = Planned::default();
    if notes.is_empty() {
        return Ok(planned);
    }
    let settings = settings(db).await?;
    let mut ids: Vec<i32> = notes.iter().map(|n| n.user_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut users = HashMap::new();
    for chunk in ids.chunks(500) {
        for u in user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.to_vec()))
            .filter(user::Column::Active.eq(true))
            .all(db)
            .await?
        {
            users.insert(u.id, u);
        }
    }
    let prefs = stored_prefs(db, &ids).await?;
    let now = Utc::now();
    for note in notes {
        let Some(u) = users.get(&note.user_id) else { continue };
        let pref = prefs.get(&(u.id, note.kind)).copied().unwrap_or(Pref::default_for(note.kind));
        if pref.in_app {
            planned.inbox.push(notification::ActiveModel {
                user_id: Set(u.id),
                kind: Set(note.kind.as_str().to_owned()),
                link: Set(note.link.clone()),
                params: Set(Value::Object(note.params.clone()).to_string()),
                dedupe_key: Set(note.dedupe.clone()),
                created_at: Set(now),
                read_at: Set(None),
                ..Default::default()
            });
        }
        if pref.email && settings.email_on {
            let locale = u.locale.as_deref().and_then(Locale::parse).unwrap_or_default();
            let m = mail::render(&settings, u, locale, &note);
            planned.mail.push(ob::ActiveModel {
                user_id: Set(u.id),
                recipient: Set(u.email.clone()),
                locale: Set(locale.code().to_owned()),
                kind: Set(note.kind.as_str().to_owned()),
                subject: Set(m.subject),
                text_body: Set(m.text),
                html_body: Set(m.html),
                unsubscribe: Set(m.unsubscribe),
                dedupe_key: Set(note.dedupe.clone()),
                status: Set(outbox::PENDING.to_owned()),
                attempts: Set(0),
                next_attempt_at: Set(now),
                claimed_until: Set(None),
                claimed_by: Set(None),
                sent_at: Set(None),
                last_error: Set(None),
                created_at: Set(now),
                ..Default::default()
            });
        }
    }
    Ok(planned)
}

/// A notification's title in `l`, from its kind and arguments.
pub fn title(l: Locale, kind: Kind, params: &Map<String, Value>) -> String {
    l.t_args(kind.title_key(), &args(l, params))
}

/// The sentence under the title (the mail's first paragraph).
pub fn body(l: Locale, kind: Kind, params: &Map<String, Value>) -> String {
    l.t_args(kind.body_key(), &args(l, params))
}

fn args(l: Locale, params: &Map<String, Value>) -> Vec<(&str, String)> {
    params
        .iter()
        .map(|(k, v)| {
            let shown = match v {
                Value::Number(n) if k == "score" || k == "previous" => {
                    format_percent(l, n.as_f64().unwrap_or_default(), 0)
                }
                Value::Null => "–".to_owned(),
                Value::Number(n) => format_int(l, n.as_i64().unwrap_or_default()),
                Value::String(s) if k.ends_with("due") || k.ends_with("_on") => {
                    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                        Ok(d) => format_date(l, d),
                        Err(_) => s.clone(),
                    }
                }
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.as_str(), shown)
        })
        .collect()
}

// ---------------------------------------------------------------------
// Events, for the modules above.

async fn location_name(db: &impl ConnectionTrait, id: i32) -> Result<String, DbErr> {
    Ok(location::Entity::find_by_id(id).one(db).await?.map(|l| l.name).unwrap_or_default())
}

/// The note telling a shopper of a new assignment.
pub async fn assignment_note(
    db: &impl ConnectionTrait,
    a: &assignment::Model,
) -> Result<Note, DbErr> {
    let location = location_name(db, a.location_id).await?;
    Ok(new_assignment(a, location, format!("assignment_new:{}", a.id)))
}

fn new_assignment(a: &assignment::Model, location: String, dedupe: String) -> Note {
    Note::new(a.shopper_id, Kind::AssignmentNew, links::HOME.to_owned(), dedupe)
        .with("location", location)
        .with("due", a.due_on.to_string())
}

/// Tells the shopper of a new assignment, in the caller's write.
pub async fn assignment_created<W: Write>(db: &W, a: &assignment::Model) -> AppResult<()> {
    let note = assignment_note(db, a).await?;
    plan(db, vec![note]).await?.write(db).await?;
    Ok(())
}

/// Tells each shopper of their new assignments, in the caller's write,
/// with one read of the users and their choices for all of them: a
/// round's period makes hundreds at once.
pub async fn assignments_created<W: Write>(db: &W, made: &[assignment::Model]) -> AppResult<()> {
    let mut ids: Vec<i32> = made.iter().map(|a| a.location_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut names = HashMap::new();
    for chunk in ids.chunks(500) {
        let found = location::Entity::find()
            .filter(location::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        names.extend(found.into_iter().map(|l| (l.id, l.name)));
    }
    let notes = made
        .iter()
        .map(|a| {
            let name = names.get(&a.location_id).cloned().unwrap_or_default();
            new_assignment(a, name, format!("assignment_new:{}", a.id))
        })
        .collect();
    plan(db, notes).await?.write(db).await?;
    Ok(())
}

/// The note telling a responsible person of an action opened for them
/// (by a manager or by the rule at a review), to be planned with the write
/// that opens it.
pub fn action_assigned(
    id: i32,
    responsible_id: i32,
    location: String,
    what: &str,
    due: NaiveDate,
) -> Note {
    Note::new(responsible_id, Kind::ActionAssigned, links::action(id), format!("action:{id}"))
        .with("location", location)
        .with("what", what)
        .with("due", due.to_string())
}

/// Tells the shopper an assignment was handed to: new work for them, once
/// per shopper it passes to (the first holder's note stays theirs).
pub async fn assignment_reassigned<W: Write>(db: &W, a: &assignment::Model) -> AppResult<()> {
    let location = location_name(db, a.location_id).await?;
    let note = new_assignment(a, location, format!("assignment_new:{}:{}", a.id, a.shopper_id));
    plan(db, vec![note]).await?.write(db).await?;
    Ok(())
}

/// The rows telling a shopper their visit came back, with the reviewer's
/// note, read on `read` for the caller's batch (`Planned::push`).
pub async fn visit_returned(read: &impl ConnectionTrait, v: &visit::Model) -> AppResult<Planned> {
    let note = Note::new(
        v.shopper_id,
        Kind::VisitReturned,
        links::visit(&v.id),
        format!("visit_returned:{}:{}", v.id, v.revision),
    )
    .with("location", location_name(read, v.location_id).await?)
    .with("note", v.review_note.clone());
    plan(read, vec![note]).await
}

// ---------------------------------------------------------------------
// The in-app list.

/// An entry as shown: its text in the reader's language.
#[derive(Clone, Debug)]
pub struct Shown {
    pub row: notification::Model,
    pub kind: Option<Kind>,
    pub title: String,
    pub body: String,
}

pub const LIST_SIZE: u64 = 100;

/// The actor's notifications, newest first.
pub async fn list(db: &impl ConnectionTrait, actor: &Actor, l: Locale) -> AppResult<Vec<Shown>> {
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.id()))
        .order_by_desc(notification::Column::Id)
        .limit(LIST_SIZE)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let kind = Kind::parse(&row.kind);
            let params = match serde_json::from_str(&row.params) {
                Ok(Value::Object(m)) => m,
                _ => Map::new(),
            };
            let (title, body) = match kind {
                Some(k) => (title(l, k, &params), body(l, k, &params)),
                None => (row.kind.clone(), String::new()),
            };
            Shown { row, kind, title, body }
        })
        .collect())
}

/// How many of the user's notifications are unread (the header's count).
pub async fn unread_count(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, DbErr> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await
}

/// Marks one of the actor's notifications read; another's is not found.
pub async fn mark_read(db: &Db, actor: &Actor, id: i32) -> AppResult<()> {
    let found = notification::Entity::find_by_id(id)
        .filter(notification::Column::UserId.eq(actor.id()))
        .one(db)
        .await?;
    let n = found.ok_or(AppError::NotFound)?;
    if n.read_at.is_none() {
        let q = notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, sea_orm::sea_query::Expr::value(Utc::now()))
            .filter(notification::Column::Id.eq(id))
            .filter(notification::Column::ReadAt.is_null());
        exec(db, &q).await?;
    }
    Ok(())
}

/// Marks all of the actor's notifications read; answers how many were unread.
pub async fn mark_all_read(db: &Db, actor: &Actor) -> AppResult<u64> {
    let q = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(notification::Column::UserId.eq(actor.id()))
        .filter(notification::Column::ReadAt.is_null());
    Ok(exec(db, &q).await?)
}

// ---------------------------------------------------------------------
// Unsubscribing.

/// The signed one-click link's query: `u`, `k`, `s`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Unsubscribe {
    pub u: i32,
    pub k: String,
    pub s: String,
}

/// Checks a link's signature: the kind it is for, or a clear error.
pub async fn check_unsubscribe(db: &impl ConnectionTrait, q: &Unsubscribe) -> AppResult<Kind> {
    let invalid = || AppError::field("s", Msg::new("notify-unsubscribe-invalid"));
    let kind = Kind::parse(&q.k).ok_or_else(invalid)?;
    let s = settings(db).await?;
    if !sign::verify(&s.key, q.u, kind.as_str(), &q.s) {
        return Err(invalid());
    }
    Ok(kind)
}

/// Turns off mail of the link's kind for its user, without a session.
pub async fn unsubscribe(db: &Db, q: &Unsubscribe) -> AppResult<Kind> {
    let kind = check_unsubscribe(db, q).await?;
    let u = user::Entity::find_by_id(q.u).one(db).await?.ok_or(AppError::NotFound)?;
    let current = prefs(db, &u).await?;
    let in_app = current.iter().find(|p| p.kind == kind).is_none_or(|p| p.in_app);
    let txn = db.begin_write().await?;
    store_pref(&txn, u.id, Pref { kind, in_app, email: false }).await?;
    audit::record(
        &txn,
        Some(u.id),
        "notifications.unsubscribed",
        "user",
        u.id,
        json!({"kind": kind.as_str(), "by": "link"}),
    )
    .await?;
    txn.commit().await?;
    Ok(kind)
}

/// The absolute one-click link for a user and kind.
pub fn unsubscribe_url(s: &Settings, user_id: i32, kind: Kind) -> String {
    let sig = sign::sign(&s.key, user_id, kind.as_str());
    format!("{}{}?u={user_id}&k={}&s={sig}", s.base_url, links::UNSUBSCRIBE, kind.as_str())
}

// ---------------------------------------------------------------------
// What admins see of the outbox.

/// Mails that failed or whose outcome is unknown, newest first (admins).
pub async fn mail_problems(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<ob::Model>> {
    actor.require(Role::is_admin)?;
    Ok(ob::Entity::find()
        .filter(ob::Column::Status.is_in([outbox::FAILED, outbox::UNCERTAIN]))
        .order_by_desc(ob::Column::Id)
        .limit(LIST_SIZE)
        .all(db)
        .await?)
}

/// How many mails are in each state (admins, and the bench).
pub async fn outbox_counts(db: &impl ConnectionTrait) -> Result<Vec<(String, i64)>, DbErr> {
    use sea_orm::FromQueryResult;
    #[derive(FromQueryResult)]
    struct Row {
        status: String,
        n: i64,
    }
    let rows = ob::Entity::find()
        .select_only()
        .column(ob::Column::Status)
        .column_as(ob::Column::Id.count(), "n")
        .group_by(ob::Column::Status)
        .into_model::<Row>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.status, r.n)).collect())
}

/// A time for tests and the scheduler: `now` as given.
pub fn at(now: Option<DateTime<Utc>>) -> DateTime<Utc> {
    now.unwrap_or_else(Utc::now)
}
