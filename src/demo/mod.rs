//! `yardstick --demo`: an empty database becomes a small, believable
//! programme (three brands, a dozen places, a year of visits in every
//! status with photos, open work for the shopper, a weekly round, actions
//! for the own places' manager) and a login per role.
use chrono::{Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::App;
use crate::accounts::Actor;
use crate::accounts::users::{self, NewUser};
use crate::assignments::{self, AssignmentInput};
use crate::db::Write;
use crate::entities::{brand, checklist, location, photo, user, visit};
use crate::error::{AppError, AppResult};
use crate::evidence::photos::{self, NewPhoto};
use crate::evidence::sample;
use crate::generate::{self, Plan};
use crate::i18n::{Locale, Msg};

mod work;

/// The admin is made last, so its presence means the demo loaded in full.
pub const ROLES: [&str; 5] = ["manager", "trainer", "shopper", "location_manager", "admin"];

/// Photos attached to handed-in visits, so the gallery has something.
const PHOTOS: usize = 18;

/// Criteria a shopper photographs (the standard asks for photos on them).
const PHOTO_CRITERIA: [&str; 5] = ["STK-01", "STK-03", "QUA-01", "DEL-02", "CON-01"];

#[derive(Clone, Debug)]
pub struct Login {
    pub role: &'static str,
    pub email: String,
    pub password: String,
}

pub fn email(role: &str) -> String {
    format!("demo-{}@example.com", role.replace('_', "-"))
}

/// The demo is already here (its admin exists).
pub async fn is_loaded(db: &impl ConnectionTrait) -> AppResult<bool> {
    Ok(users::find_by_email(db, &email("admin")).await?.is_some())
}

/// Nobody and nothing yet: the only database the demo loads into.
pub async fn is_empty(db: &impl ConnectionTrait) -> AppResult<bool> {
    Ok(user::Entity::find().count(db).await? == 0
        && brand::Entity::find().count(db).await? == 0
        && checklist::Entity::find().count(db).await? == 0
        && visit::Entity::find().count(db).await? == 0)
}

/// Loads the demo into an empty database; anything already there: refused,
/// nothing changed. Returns the logins, whose passwords exist nowhere else.
/// Not one transaction (the generator commits in batches): a load cut short
/// leaves a database without the demo admin, which later loads refuse as
/// not empty, so the data directory is removed and the demo started again.
pub async fn load(app: &App, locale: Locale) -> AppResult<Vec<Login>> {
    let db = &app.db;
    if !is_empty(db).await? {
        return Err(AppError::Conflict(Msg::new("demo-not-empty")));
    }
    let mut logins = Vec::new();
    let mut made = Vec::new();
    for role in ROLES.iter().filter(|r| **r != "admin") {
        let (login, u) = create_user(db, role, locale).await?;
        logins.push(login);
        made.push(u);
    }
    generate::generate(db, &Plan::demo(locale), |_| {}).await?;
    let (manager, shopper, place_manager) = (&made[0], &made[2], &made[3]);
    add_photos(app, shopper.id).await?;
    add_assignments(db, manager, shopper.id, locale).await?;
    let as_actor = |u: &user::Model| Actor::from_user(u.clone(), None).ok_or(AppError::Forbidden);
    work::assign_places(db, place_manager.id).await?;
    work::add_actions(db, &as_actor(manager)?, &as_actor(place_manager)?, locale).await?;
    let newcomer = work::second_shopper(db, locale).await?;
    work::add_round(db, &as_actor(manager)?, vec![shopper.id, newcomer.id], locale).await?;
    let (admin, _) = create_user(db, "admin", locale).await?;
    logins.insert(0, admin);
    Ok(logins)
}

async fn create_user(
    db: &impl Write,
    role: &'static str,
    locale: Locale,
) -> AppResult<(Login, user::Model)> {
    let password = users::generate_password();
    let input = NewUser {
        email: email(role),
        name: locale.t(&format!("demo-name-{}", role.replace('_', "-"))),
        role: role.into(),
        password: password.clone(),
        password_confirm: password.clone(),
        locale: locale.code().into(),
    };
    let u = users::create(db, None, &input).await?;
    Ok((Login { role, email: u.email.clone(), password }, u))
}

/// Made-up phone photos of the latest handed-in visits, through the same
/// processing and storage as an upload; taken during the visit, at the
/// place when it has an address, so they raise no flags.
async fn add_photos(app: &App, shopper_id: i32) -> AppResult<()> {
    let visits = visit::Entity::find()
        .filter(visit::Column::Status.ne("draft"))
        .order_by_desc(visit::Column::StartedAt)
        .limit(PHOTOS as u64)
        .all(&app.db)
        .await?;
    for (k, v) in visits.iter().enumerate() {
        let place = location::Entity::find_by_id(v.location_id).one(&app.db).await?;
        let taken = (v.started_at.unwrap_or(v.created_at) + Duration::minutes(10))
            .format("%Y:%m:%d %H:%M:%S")
            .to_string();
        let exif = sample::Exif {
            orientation: Some(1),
            taken: Some(&taken),
            offset: Some("+00:00"),
            gps: place.and_then(|l| l.latitude.zip(l.longitude)),
            serial: None,
        };
        let shift = k as u32;
        let bytes = sample::jpeg(640, 480, Some(&exif), |x, y| {
            let [r, g, b] = sample::detailed_pixel(x + shift * 53, y + shift * 31);
            [r, g.wrapping_add((shift * 23) as u8), b]
        });
        // Only questions this visit's channel is asked take a photo.
        let sections = crate::visits::store::applicable_sections(&app.db, &app.scoring, v).await?;
        let is_asked =
            |code: &str| sections.iter().any(|s| s.criteria.iter().any(|c| c.code == code));
        let asked: Vec<&str> = PHOTO_CRITERIA.into_iter().filter(|c| is_asked(c)).collect();
        let criterion = (!asked.is_empty()).then(|| asked[k % asked.len()].to_owned());
        let input = NewPhoto { bytes, criterion, caption: String::new(), client_id: None };
        let row = photos::prepare(&app.db, &app.evidence, shopper_id, v, input).await?;
        let mut batch = app.db.batch();
        batch.push(&photo::Entity::insert(row.into_active_model()));
        app.db.apply(batch).await?;
    }
    Ok(())
}

/// Work on the shopper's home page: one overdue visit, two open ones.
async fn add_assignments(
    db: &crate::db::Db,
    manager: &user::Model,
    shopper_id: i32,
    locale: Locale,
) -> AppResult<()> {
    let actor = Actor::from_user(manager.clone(), None).ok_or(AppError::Forbidden)?;
    let checklist_id =
        checklist::Entity::find().one(db).await?.map(|c| c.id).ok_or(AppError::NotFound)?;
    let places: Vec<i32> = location::Entity::find()
        .order_by_asc(location::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.id)
        .collect();
    let today = Utc::now().date_naive();
    let day = |d: i64| (today + Duration::days(d)).format("%Y-%m-%d").to_string();
    let plans =
        [(vec![places[5]], day(-20), day(-3)), (vec![places[0], places[9]], day(-2), day(12))];
    for (location_ids, opens_on, due_on) in plans {
        let input = AssignmentInput {
            location_ids,
            checklist_id: Some(checklist_id),
            shopper_id: Some(shopper_id),
            opens_on,
            due_on,
            brief: locale.t("demo-brief"),
            ..AssignmentInput::default()
        };
        assignments::create(db, &actor, &input).await?;
    }
    Ok(())
}
