//! Opening an action: by a manager (from a failed item, or a free one)
//! and, through [`push_open`], by the rule inside a review's batch.
use super::*;

/// What a manager (or the API) sends to open an action. From a visit:
/// `visit_id` and `criterion_code`; a free action: `location_id`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionInput {
    pub visit_id: Option<String>,
    pub criterion_code: Option<String>,
    pub location_id: Option<i32>,
    pub description: String,
    pub responsible_id: Option<i32>,
    /// ISO date.
    pub due_on: String,
    pub priority: String,
}

/// The new action's row as [`push_open`] stores it.
pub struct NewAction {
    pub location_id: i32,
    pub visit_id: Option<String>,
    pub criterion_code: Option<String>,
    pub category: String,
    pub description: String,
    pub responsible_id: i32,
    pub due_on: NaiveDate,
    pub priority: String,
}

/// The one place an action is opened: its insert (holding only if `id` is
/// still free and no action is pending for the same location and
/// criterion) and its audit row, pushed into `batch`. `by` is None for the
/// rule. The caller tells the responsible person ([`tell_responsible`]).
pub fn push_open(batch: &mut Batch, id: i32, new: NewAction, by: Option<i32>) -> action::Model {
    let now = Utc::now();
    let row = action::Model {
        id,
        location_id: new.location_id,
        pending_code: new.criterion_code.clone(),
        visit_id: new.visit_id,
        criterion_code: new.criterion_code,
        category: new.category,
        description: new.description,
        responsible_id: new.responsible_id,
        due_on: new.due_on,
        priority: new.priority,
        status: "open".into(),
        created_by: by,
        created_at: now,
        updated_at: now,
        done_at: None,
        verified_at: None,
        verified_by: None,
        verified_visit_id: None,
    };
    let insert = action::Entity::insert(action::ActiveModel::from(row.clone()))
        .on_conflict(OnConflict::new().do_nothing().to_owned());
    batch.guard(&insert, 1);
    let detail = json!({
        "location_id": row.location_id,
        "visit_id": row.visit_id,
        "criterion": row.criterion_code,
        "responsible_id": row.responsible_id,
        "due_on": row.due_on.to_string(),
        "priority": row.priority,
        "by_rule": by.is_none(),
    });
    batch.push(&audit::entry(by, "action.opened", "action", id, detail));
    row
}

/// The next free action id, as read now; the insert's guard catches a race.
pub async fn next_id(db: &impl ConnectionTrait) -> AppResult<i32> {
    let max: Option<i32> = action::Entity::find()
        .select_only()
        .column_as(action::Column::Id.max(), "m")
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?
        .flatten();
    Ok(max.unwrap_or(0) + 1)
}

/// Whether the location's brand is one of ours.
pub async fn is_own_location(db: &impl ConnectionTrait, location_id: i32) -> AppResult<bool> {
    let Some(l) = location::Entity::find_by_id(location_id).one(db).await? else {
        return Ok(false);
    };
    Ok(brand::Entity::find_by_id(l.brand_id).one(db).await?.is_some_and(|b| b.own))
}

/// The action pending (open or done) for a location and criterion.
pub async fn pending_for(
    db: &impl ConnectionTrait,
    location_id: i32,
    code: &str,
) -> AppResult<Option<action::Model>> {
    Ok(action::Entity::find()
        .filter(action::Column::LocationId.eq(location_id))
        .filter(action::Column::PendingCode.eq(code))
        .one(db)
        .await?)
}

/// The criterion of a visit's version by code, with its section's category.
pub async fn criterion_of(
    db: &impl ConnectionTrait,
    version_id: i32,
    code: &str,
) -> AppResult<Option<(checklist_criterion::Model, String)>> {
    let Some(c) = checklist_criterion::Entity::find()
        .filter(checklist_criterion::Column::VersionId.eq(version_id))
        .filter(checklist_criterion::Column::Code.eq(code))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let category = checklist_section::Entity::find_by_id(c.section_id)
        .one(db)
        .await?
        .map(|s| s.category)
        .unwrap_or_default();
    Ok(Some((c, category)))
}

/// Opens an action: a manager's, from a failed item of an approved visit of
/// an own location, or a free one at an own location.
pub async fn create(db: &Db, actor: &Actor, input: &ActionInput) -> AppResult<action::Model> {
    actor.require(Role::manages)?;
    db.write(|| prepare_create(db, actor, input)).await
}

async fn prepare_create(
    db: &Db,
    actor: &Actor,
    input: &ActionInput,
) -> AppResult<Prepared<action::Model>> {
    let read = db.read();
    let mut e = FieldErrors::new();
    let mut source: Option<(i32, String, String, String)> = None; // location, visit, code, category
    let mut location_id = input.location_id;
    if let Some(vid) = input.visit_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let id = Uuid::parse_str(vid).map_err(|_| AppError::NotFound)?;
        let v = crate::entities::visit::Entity::find_by_id(id.to_string())
            .one(read)
            .await?
            .ok_or(AppError::NotFound)?;
        if v.status != "approved" {
            return Err(AppError::Conflict(
                Msg::new("action-visit-not-approved")
                    .with_msg("status", Msg::new(visit_status_key(&v.status))),
            ));
        }
        if !is_own_location(read, v.location_id).await? {
            return Err(AppError::field("visit_id", Msg::new("action-not-own")));
        }
        location_id = Some(v.location_id);
        let code = input.criterion_code.as_deref().unwrap_or("").trim().to_owned();
        if code.is_empty() {
            e.insert("criterion_code".into(), Msg::new("field-required"));
        } else {
            let answer = visit_answer::Entity::find()
                .filter(visit_answer::Column::VisitId.eq(&v.id))
                .filter(visit_answer::Column::Code.eq(&code))
                .one(read)
                .await?;
            match answer {
                Some(a) if a.failed => {
                    let category = criterion_of(read, v.checklist_version_id, &code)
                        .await?
                        .map(|(_, c)| c)
                        .unwrap_or_default();
                    source = Some((v.location_id, v.id.clone(), code, category));
                }
                Some(_) => {
                    e.insert(
                        "criterion_code".into(),
                        Msg::new("action-criterion-not-failed").with("code", &code),
                    );
                }
                None => {
                    e.insert(
                        "criterion_code".into(),
                        Msg::new("action-criterion-unknown").with("code", &code),
                    );
                }
            }
        }
    } else {
        match input.location_id {
            None => {
                e.insert("location_id".into(), Msg::new("field-required"));
            }
            Some(l) => {
                let found = location::Entity::find_by_id(l).one(read).await?;
                if found.is_none() {
                    e.insert("location_id".into(), Msg::new("location-unknown"));
                } else if !is_own_location(read, l).await? {
                    e.insert("location_id".into(), Msg::new("action-not-own"));
                }
            }
        }
    }
    let description = text(&mut e, "description", &input.description, true);
    let responsible = match input.responsible_id {
        None => {
            e.insert("responsible_id".into(), Msg::new("field-required"));
            None
        }
        Some(id) => {
            let u = user::Entity::find_by_id(id).one(read).await?.filter(|u| u.active);
            if u.is_none() {
                e.insert("responsible_id".into(), Msg::new("action-responsible-unknown"));
            }
            u.map(|u| u.id)
        }
    };
    let due = parse_date(&mut e, "due_on", &input.due_on);
    let priority = match input.priority.trim() {
        "" => "normal".to_owned(),
        p if PRIORITIES.contains(&p) => p.to_owned(),
        _ => {
            e.insert("priority".into(), Msg::new("action-priority-invalid"));
            String::new()
        }
    };
    let (Some(location_id), Some(responsible_id), Some(due_on)) = (location_id, responsible, due)
    else {
        return Err(AppError::Validation(e));
    };
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    if let Some((loc, _, code, _)) = &source
        && let Some(p) = pending_for(read, *loc, code).await?
    {
        return Err(AppError::Conflict(Msg::new("action-duplicate").with_int("id", p.id as i64)));
    }
    let (visit_id, criterion_code, category) = match source {
        Some((_, v, c, cat)) => (Some(v), Some(c), cat),
        None => (None, None, String::new()),
    };
    let id = next_id(read).await?;
    let mut batch = db.batch();
    let new = NewAction {
        location_id,
        visit_id,
        criterion_code,
        category,
        description,
        responsible_id,
        due_on,
        priority,
    };
    let row = push_open(&mut batch, id, new, Some(actor.id()));
    if row.responsible_id != actor.id() {
        tell_responsible(read, &mut batch, std::slice::from_ref(&row)).await?;
    }
    Ok(Prepared::Write(row, batch))
}

/// Tells each responsible person of the actions just opened for them, in
/// the batch that opens them (read on `read`, like the rest of a batch).
pub async fn tell_responsible(
    read: &impl ConnectionTrait,
    batch: &mut Batch,
    opened: &[action::Model],
) -> AppResult<()> {
    let mut notes = Vec::new();
    for a in opened {
        let place = location::Entity::find_by_id(a.location_id).one(read).await?;
        let name = place.map(|l| l.name).unwrap_or_default();
        let (id, who) = (a.id, a.responsible_id);
        notes.push(notifications::action_assigned(id, who, name, &a.description, a.due_on));
    }
    notifications::plan(read, notes).await?.push(batch);
    Ok(())
}

/// The users offered as responsible: active location managers of the
/// location first, then managers and admins.
pub async fn candidates(
    db: &impl ConnectionTrait,
    location_id: Option<i32>,
) -> AppResult<Vec<user::Model>> {
    let mut out = Vec::new();
    if let Some(l) = location_id {
        let ids = user_location::Entity::find()
            .filter(user_location::Column::LocationId.eq(l))
            .all(db)
            .await?
            .into_iter()
            .map(|u| u.user_id);
        out = user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .filter(user::Column::Active.eq(true))
            .order_by_asc(user::Column::Name)
            .all(db)
            .await?;
    }
    let staff = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.is_in([
            Role::LocationManager.as_str(),
            Role::Manager.as_str(),
            Role::Admin.as_str(),
        ]))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?;
    for u in staff {
        if !out.iter().any(|o| o.id == u.id) {
            out.push(u);
        }
    }
    Ok(out)
}
