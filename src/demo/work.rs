//! The demo's follow-up work: a location manager for the own brands'
//! places, corrective actions from the failed items of recent visits, and
//! a weekly round that has already made this week's assignments. All of
//! it goes through the same domain calls as a manager's clicks.
use chrono::{Datelike, Duration, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationDef,
};

use crate::accounts::Actor;
use crate::accounts::users::{self, NewUser};
use crate::actions::{self, ActionInput, NoteInput, Step};
use crate::db::Db;
use crate::entities::{brand, checklist, location, user, visit, visit_answer};
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::rounds::{self, RoundInput};

/// Actions opened, from the latest failed items at own places: one done
/// and waiting for the manager's check, one overdue, one open.
const ACTIONS: usize = 3;

async fn own_brands(db: &Db) -> AppResult<Vec<i32>> {
    Ok(brand::Entity::find()
        .filter(brand::Column::Own.eq(true))
        .select_only()
        .column(brand::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// The own brands' places, which the location manager answers for.
pub async fn own_places(db: &Db) -> AppResult<Vec<i32>> {
    let own = own_brands(db).await?;
    Ok(location::Entity::find()
        .filter(location::Column::BrandId.is_in(own))
        .order_by_asc(location::Column::Id)
        .select_only()
        .column(location::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// Gives the location manager the own places (as the system: the demo's
/// admin is made last).
pub async fn assign_places(db: &Db, location_manager: i32) -> AppResult<()> {
    let places = own_places(db).await?;
    actions::people::replace_locations(db, None, location_manager, places).await?;
    Ok(())
}

/// Opens actions for the latest failed items of approved visits at own
/// places, each for the location manager; the first is then marked done
/// by them, so the manager has one to verify.
pub async fn add_actions(
    db: &Db,
    manager: &Actor,
    location_manager: &Actor,
    locale: Locale,
) -> AppResult<()> {
    let places = own_places(db).await?;
    let of_visit: RelationDef = visit_answer::Entity::belongs_to(visit::Entity)
        .from(visit_answer::Column::VisitId)
        .to(visit::Column::Id)
        .into();
    let failed: Vec<(String, String, i32)> = visit_answer::Entity::find()
        .join(JoinType::InnerJoin, of_visit)
        .filter(visit::Column::Status.eq("approved"))
        .filter(visit::Column::LocationId.is_in(places))
        .filter(visit_answer::Column::Failed.eq(true))
        .order_by_desc(visit::Column::StartedAt)
        .order_by_asc(visit_answer::Column::Code)
        .select_only()
        .column(visit_answer::Column::VisitId)
        .column(visit_answer::Column::Code)
        .column(visit::Column::ChecklistVersionId)
        .limit(200)
        .into_tuple()
        .all(db)
        .await?;
    let today = Utc::now().date_naive();
    // Due in a week, overdue, and in a fortnight.
    let plans = [(7, "high"), (-2, "normal"), (14, "low")];
    let mut opened = Vec::new();
    let mut codes_used = Vec::new();
    for (visit_id, code, version_id) in failed {
        if opened.len() == ACTIONS {
            break;
        }
        // One action per criterion, so the three read as three problems.
        if codes_used.contains(&code) {
            continue;
        }
        let (days, priority) = plans[opened.len()];
        let question = actions::criterion_of(db, version_id, &code).await?;
        let prompt = question.map(|(c, _)| c.prompt).unwrap_or_else(|| code.clone());
        let input = ActionInput {
            visit_id: Some(visit_id),
            criterion_code: Some(code.clone()),
            description: locale.t_args("demo-action-fix", &[("criterion", prompt)]),
            responsible_id: Some(location_manager.id()),
            due_on: (today + Duration::days(days)).to_string(),
            priority: priority.into(),
            ..ActionInput::default()
        };
        match actions::create(db, manager, &input).await {
            Ok(a) => {
                opened.push(a);
                codes_used.push(code);
            }
            // Pending already for that place and criterion: take the next.
            Err(AppError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    if let Some(first) = opened.first() {
        let note = NoteInput { note: locale.t("demo-action-done-note") };
        actions::step(db, location_manager, first.id, Step::Done, &note).await?;
    }
    Ok(())
}

/// A second shopper, new to the programme, whose login is not printed:
/// the demo shopper has been everywhere in the last 90 days, so a round
/// with the usual lockout sends this one instead.
pub async fn second_shopper(db: &Db, locale: Locale) -> AppResult<user::Model> {
    let password = users::generate_password();
    let input = NewUser {
        email: super::email("shopper-2"),
        name: locale.t("demo-name-shopper-2"),
        role: "shopper".into(),
        password: password.clone(),
        password_confirm: password,
        locale: locale.code().into(),
    };
    users::create(db, None, &input).await
}

/// A weekly round over the own places for the shoppers, with the usual
/// lockout, run for today, so the round's page has a period with coverage
/// and the shoppers their work.
pub async fn add_round(
    db: &Db,
    manager: &Actor,
    shopper_ids: Vec<i32>,
    locale: Locale,
) -> AppResult<()> {
    let checklist_id =
        checklist::Entity::find().one(db).await?.map(|c| c.id).ok_or(AppError::NotFound)?;
    let own = own_brands(db).await?;
    let today = Utc::now().date_naive();
    let input = RoundInput {
        name: locale.t("demo-round-name"),
        checklist_id: Some(checklist_id),
        brand_ids: own,
        every: "weeks".into(),
        interval: "1".into(),
        start_on: monday_of(today).to_string(),
        opens_day: "1".into(),
        due_day: "7".into(),
        brief: locale.t("demo-round-brief"),
        shopper_ids,
        ..RoundInput::default()
    };
    rounds::create(db, manager, &input).await?;
    rounds::run::run(db, today).await?;
    Ok(())
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}
