//! The actions list with its filters, and one action with its thread.
use super::*;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// A location id, as typed (empty: any).
    pub location_id: String,
    /// One of [`FILTER_STATUSES`] or empty.
    pub status: String,
    /// Due on or after / on or before, ISO dates.
    pub due_from: String,
    pub due_to: String,
    /// Only the caller's own (the responsible person's list).
    pub mine: bool,
    pub page: Option<u64>,
}

pub struct ActionPage {
    pub items: Vec<action::Model>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// The actions the actor may see, filtered, overdue and soonest due first.
pub async fn list(db: &impl ConnectionTrait, actor: &Actor, f: &Filter) -> AppResult<ActionPage> {
    let mut cond = visible(actor);
    let mut e = FieldErrors::new();
    let today = Utc::now().date_naive();
    if !f.location_id.trim().is_empty() {
        match f.location_id.trim().parse::<i32>() {
            Ok(l) => cond = cond.add(action::Column::LocationId.eq(l)),
            Err(_) => {
                e.insert("location_id".into(), Msg::new("location-unknown"));
            }
        }
    }
    match f.status.trim() {
        "" => {}
        "pending" => cond = cond.add(action::Column::Status.is_in(["open", "done"])),
        "overdue" => {
            cond = cond
                .add(action::Column::Status.is_in(["open", "done"]))
                .add(action::Column::DueOn.lt(today))
        }
        s if STATUSES.contains(&s) => cond = cond.add(action::Column::Status.eq(s)),
        _ => {
            e.insert("status".into(), Msg::new("status-invalid"));
        }
    }
    for (field, value, from) in [("due_from", &f.due_from, true), ("due_to", &f.due_to, false)] {
        if value.trim().is_empty() {
            continue;
        }
        match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
            Ok(d) if from => cond = cond.add(action::Column::DueOn.gte(d)),
            Ok(d) => cond = cond.add(action::Column::DueOn.lte(d)),
            Err(_) => {
                e.insert(field.into(), Msg::new("date-invalid"));
            }
        }
    }
    if f.mine {
        cond = cond.add(action::Column::ResponsibleId.eq(actor.id()));
    }
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    // Verified last; among the rest, soonest due first.
    let q = action::Entity::find()
        .filter(cond)
        .order_by_asc(Expr::cust("CASE WHEN status = 'verified' THEN 1 ELSE 0 END"))
        .order_by_asc(action::Column::DueOn)
        .order_by_asc(action::Column::Id);
    let pager = q.paginate(db, PER_PAGE);
    let counts = pager.num_items_and_pages().await?;
    let page = f.page.unwrap_or(1).max(1);
    let items = pager.fetch_page(page - 1).await?;
    Ok(ActionPage { items, total: counts.number_of_items, page, pages: counts.number_of_pages })
}

/// An action with its thread and photos, as its page and the API show it.
pub struct Detail {
    pub action: action::Model,
    pub location: Option<location::Model>,
    pub responsible: Option<user::Model>,
    pub comments: Vec<action_comment::Model>,
    pub photos: Vec<action_photo::Model>,
    /// Names of everyone in the thread, by id.
    pub names: std::collections::HashMap<i32, String>,
    /// The criterion's prompt, when it came from a visit.
    pub prompt: Option<String>,
    pub may_done: bool,
    pub may_review: bool,
}

pub async fn detail(db: &impl ConnectionTrait, actor: &Actor, id: i32) -> AppResult<Detail> {
    let a = find_visible(db, actor, id).await?;
    let location = location::Entity::find_by_id(a.location_id).one(db).await?;
    let comments = action_comment::Entity::find()
        .filter(action_comment::Column::ActionId.eq(id))
        .order_by_asc(action_comment::Column::Id)
        .all(db)
        .await?;
    let photos = action_photo::Entity::find()
        .filter(action_photo::Column::ActionId.eq(id))
        .order_by_asc(action_photo::Column::CreatedAt)
        .all(db)
        .await?;
    let mut ids: Vec<i32> = comments.iter().filter_map(|c| c.author_id).collect();
    ids.push(a.responsible_id);
    ids.extend(a.created_by);
    let users = user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?;
    let names = users.iter().map(|u| (u.id, u.name.clone())).collect();
    let responsible = users.into_iter().find(|u| u.id == a.responsible_id);
    let prompt = match (&a.visit_id, &a.criterion_code) {
        (Some(v), Some(code)) => {
            let version = visit::Entity::find_by_id(v.clone()).one(db).await?;
            match version {
                Some(v) => {
                    criterion_of(db, v.checklist_version_id, code).await?.map(|(c, _)| c.prompt)
                }
                None => None,
            }
        }
        _ => None,
    };
    Ok(Detail {
        may_done: a.status == "open" && a.responsible_id == actor.id(),
        may_review: actor.role.manages() && a.status == "done",
        action: a,
        location,
        responsible,
        comments,
        photos,
        names,
        prompt,
    })
}
