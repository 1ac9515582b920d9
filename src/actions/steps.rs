//! Comments and the changes of status: done, verified, reopened.
use super::*;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteInput {
    pub note: String,
}

/// A comment in the action's thread, by anyone who may see it.
pub async fn comment(
    db: &Db,
    actor: &Actor,
    id: i32,
    input: &NoteInput,
) -> AppResult<action_comment::Model> {
    let a = find_visible(db.read(), actor, id).await?;
    let mut e = FieldErrors::new();
    let body = text(&mut e, "note", &input.note, true);
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let txn = db.begin_write().await?;
    let c =
        crate::db::insert_row(&txn, comment_row(a.id, Some(actor.id()), "comment", &body)).await?;
    audit::record(&txn, Some(actor.id()), "action.commented", "action", a.id, json!({})).await?;
    txn.commit().await?;
    Ok(c)
}

fn comment_row(
    action_id: i32,
    author: Option<i32>,
    kind: &str,
    body: &str,
) -> action_comment::ActiveModel {
    action_comment::ActiveModel {
        action_id: Set(action_id),
        author_id: Set(author),
        kind: Set(kind.to_owned()),
        body: Set(body.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}

/// A change of status: who may make it, from which status, and whether a
/// note is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The responsible person: the fix is made.
    Done,
    /// A manager: the fix is confirmed.
    Verify,
    /// A manager: the fix is not good enough; back to open.
    Reopen,
}

impl Step {
    pub fn transition(self) -> (&'static str, &'static str) {
        match self {
            Step::Done => ("open", "done"),
            Step::Verify => ("done", "verified"),
            Step::Reopen => ("done", "open"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Step::Done => "done",
            Step::Verify => "verified",
            Step::Reopen => "reopened",
        }
    }

    pub fn needs_note(self) -> bool {
        matches!(self, Step::Done | Step::Reopen)
    }
}

/// Moves an action one step (see [`Step`]), with its note in the thread
/// and an audit row, in one guarded batch.
pub async fn step(
    db: &Db,
    actor: &Actor,
    id: i32,
    step: Step,
    input: &NoteInput,
) -> AppResult<action::Model> {
    db.write(|| prepare_step(db, actor, id, step, input)).await
}

async fn prepare_step(
    db: &Db,
    actor: &Actor,
    id: i32,
    step: Step,
    input: &NoteInput,
) -> AppResult<Prepared<action::Model>> {
    let a = find_visible(db.read(), actor, id).await?;
    match step {
        Step::Done if a.responsible_id != actor.id() => return Err(AppError::Forbidden),
        Step::Verify | Step::Reopen => actor.require(Role::manages)?,
        _ => {}
    }
    let mut e = FieldErrors::new();
    let note = text(&mut e, "note", &input.note, step.needs_note());
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let (from, to) = step.transition();
    if a.status != from {
        return Err(AppError::Conflict(
            Msg::new("action-wrong-status").with_msg("status", Msg::new(status_key(&a.status))),
        ));
    }
    let now = Utc::now();
    let mut next = action::Model { status: to.into(), updated_at: now, ..a.clone() };
    let mut set = action::ActiveModel {
        status: Set(next.status.clone()),
        updated_at: Set(now),
        ..Default::default()
    };
    match step {
        Step::Done => {
            next.done_at = Some(now);
            set.done_at = Set(Some(now));
        }
        Step::Verify => {
            next.verified_at = Some(now);
            next.verified_by = Some(actor.id());
            next.pending_code = None;
            set.verified_at = Set(Some(now));
            set.verified_by = Set(Some(actor.id()));
            set.pending_code = Set(None);
        }
        Step::Reopen => {
            next.done_at = None;
            set.done_at = Set(None);
        }
    }
    let mut batch = db.batch();
    batch.guard(
        &action::Entity::update_many()
            .set(set)
            .filter(action::Column::Id.eq(id))
            .filter(action::Column::Status.eq(from)),
        1,
    );
    // Every step is in the thread, with its note (verifying needs none).
    batch.push(&action_comment::Entity::insert(comment_row(
        id,
        Some(actor.id()),
        step.name(),
        &note,
    )));
    let action = format!("action.{}", step.name());
    let detail = json!({"from": from, "to": to, "note": note});
    batch.push(&audit::entry(Some(actor.id()), &action, "action", id, detail));
    Ok(Prepared::Write(next, batch))
}
