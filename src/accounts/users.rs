//! Creating, changing and signing in users. Emails are stored lower-cased so
//! that uniqueness and sign-in ignore case.
use chrono::Utc;
use rand::Rng;
use rand::distr::Alphanumeric;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Deserialize;
use serde_json::json;

use super::{Actor, Role, passwords};
use crate::audit;
use crate::db::{Write, WriteRow};
use crate::entities::user;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{Locale, Msg};

/// What an admin (or the setup page, or the CLI) types to make a user.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: String,
    pub password: String,
    pub password_confirm: String,
    pub locale: String,
}

/// Changes an admin makes to a user; `None` leaves a field alone.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct UserChanges {
    pub name: Option<String>,
    pub role: Option<String>,
    pub locale: Option<String>,
    pub active: Option<bool>,
}

pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn check_email(email: &str) -> Result<(), Msg> {
    if email.is_empty() {
        return Err(Msg::new("field-required"));
    }
    let valid = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if valid { Ok(()) } else { Err(Msg::new("email-invalid")) }
}

fn check_name(name: &str) -> Result<(), Msg> {
    match name.trim().chars().count() {
        0 => Err(Msg::new("field-required")),
        n if n > 100 => Err(Msg::new("field-too-long").with_int("max", 100)),
        _ => Ok(()),
    }
}

fn parse_role(s: &str) -> Result<Role, Msg> {
    Role::parse(s).ok_or_else(|| Msg::new("role-invalid"))
}

fn parse_locale(s: &str) -> Result<Locale, Msg> {
    Locale::parse(s).ok_or_else(|| Msg::new("locale-invalid"))
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find().filter(user::Column::Email.eq(normalize_email(email))).one(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> AppResult<user::Model> {
    user::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<user::Model>> {
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?)
}

pub async fn count_active_admins(db: &impl ConnectionTrait) -> AppResult<u64> {
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .filter(user::Column::Active.eq(true))
        .count(db)
        .await?)
}

/// Validates every field (so a form can show every problem at once), then
/// stores the user. `actor_id` is who did it, for the audit log.
pub async fn create(
    db: &impl Write,
    actor_id: Option<i32>,
    input: &NewUser,
) -> AppResult<user::Model> {
    let email = normalize_email(&input.email);
    let mut errors = FieldErrors::new();
    if let Err(m) = check_email(&email) {
        errors.insert("email".into(), m);
    }
    if let Err(m) = check_name(&input.name) {
        errors.insert("name".into(), m);
    }
    let role = parse_role(&input.role).map_err(|m| errors.insert("role".into(), m)).ok();
    let locale = parse_locale(&input.locale).map_err(|m| errors.insert("locale".into(), m)).ok();
    if let Err(m) = passwords::check_strength(&input.password, &[&email, input.name.trim()]) {
        errors.insert("password".into(), m);
    } else if input.password != input.password_confirm {
        errors.insert("password_confirm".into(), Msg::new("password-mismatch"));
    }
    if !errors.contains_key("email") && find_by_email(db, &email).await?.is_some() {
        errors.insert("email".into(), Msg::new("email-taken"));
    }
    let (Some(role), Some(locale)) = (role, locale) else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    let now = Utc::now();
    let user = user::ActiveModel {
        email: Set(email),
        name: Set(input.name.trim().to_owned()),
        role: Set(role.as_str().to_owned()),
        password_hash: Set(passwords::hash(&input.password).await?),
        locale: Set(Some(locale.code().to_owned())),
        active: Set(true),
        session_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let user = crate::db::insert_row(db, user).await.map_err(|e| match AppError::from(e) {
        // Lost a race with another request for the same email.
        AppError::Conflict(_) => AppError::field("email", Msg::new("email-taken")),
        other => other,
    })?;
    audit::record(db, actor_id, "user.created", "user", user.id, json!({"role": user.role}))
        .await?;
    Ok(user)
}

/// An admin's changes to a user. An admin cannot lock themselves out: they
/// may not deactivate themselves or give up their own admin role.
pub async fn update(
    db: &impl Write,
    actor: &Actor,
    id: i32,
    changes: &UserChanges,
) -> AppResult<user::Model> {
    actor.require_admin()?;
    let current = find(db, id).await?;
    let mut errors = FieldErrors::new();
    let name = match &changes.name {
        Some(n) => check_name(n)
            .map(|_| n.trim().to_owned())
            .map_err(|m| errors.insert("name".into(), m))
            .ok(),
        None => Some(current.name.clone()),
    };
    let role = match &changes.role {
        Some(r) => parse_role(r).map_err(|m| errors.insert("role".into(), m)).ok(),
        None => Role::parse(&current.role),
    };
    let locale = match &changes.locale {
        Some(l) => parse_locale(l)
            .map(|l| Some(l.code().to_owned()))
            .map_err(|m| errors.insert("locale".into(), m))
            .ok(),
        None => Some(current.locale.clone()),
    };
    let active = changes.active.unwrap_or(current.active);
    if id == actor.id() {
        if role.is_some_and(|r| r != Role::Admin) {
            errors.insert("role".into(), Msg::new("cannot-demote-self"));
        }
        if !active {
            errors.insert("active".into(), Msg::new("cannot-deactivate-self"));
        }
    }
    let (Some(name), Some(role), Some(locale)) = (name, role, locale) else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    let role_changed = role.as_str() != current.role;
    let active_changed = active != current.active;
    let mut model = current.clone().into_active_model();
    model.name = Set(name);
    model.role = Set(role.as_str().to_owned());
    model.locale = Set(locale);
    model.active = Set(active);
    if active_changed || role_changed {
        // Sessions made before this change end at once.
        model.session_version = Set(current.session_version + 1);
    }
    model.updated_at = Set(Utc::now());
    let user = model.update_row(db).await?;
    if role_changed {
        let detail = json!({"from": current.role, "to": user.role});
        audit::record(db, Some(actor.id()), "user.role_changed", "user", id, detail).await?;
    }
    if active_changed {
        let action = if active { "user.activated" } else { "user.deactivated" };
        audit::record(db, Some(actor.id()), action, "user", id, json!({})).await?;
    }
    Ok(user)
}

/// Email and password to a user, or `None`. A deactivated user, an unknown
/// email and a wrong password look the same from outside.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    email: &str,
    password: &str,
) -> AppResult<Option<user::Model>> {
    let user = find_by_email(db, email).await?;
    let hash = user.as_ref().map_or(passwords::dummy_hash(), |u| u.password_hash.as_str());
    let ok = passwords::verify(password, hash).await?;
    Ok(user.filter(|u| ok && u.active))
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
    pub confirm: String,
}

/// Changes one's own password. Other sessions of the user end.
pub async fn change_password(
    db: &impl Write,
    user: &user::Model,
    input: &PasswordChange,
) -> AppResult<user::Model> {
    let mut errors = FieldErrors::new();
    if !passwords::verify(&input.current, &user.password_hash).await? {
        errors.insert("current".into(), Msg::new("password-wrong"));
    }
    if let Err(m) = passwords::check_strength(&input.new, &[&user.email, &user.name]) {
        errors.insert("new".into(), m);
    } else if input.new != input.confirm {
        errors.insert("confirm".into(), Msg::new("password-mismatch"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut model = user.clone().into_active_model();
    model.password_hash = Set(passwords::hash(&input.new).await?);
    model.session_version = Set(user.session_version + 1);
    model.updated_at = Set(Utc::now());
    let user = model.update_row(db).await?;
    audit::record(db, Some(user.id), "user.password_changed", "user", user.id, json!({})).await?;
    Ok(user)
}

pub async fn set_locale(
    db: &impl Write,
    user: &user::Model,
    locale: &str,
) -> AppResult<user::Model> {
    let locale = parse_locale(locale).map_err(|m| AppError::field("locale", m))?;
    let mut model = user.clone().into_active_model();
    model.locale = Set(Some(locale.code().to_owned()));
    model.updated_at = Set(Utc::now());
    Ok(model.update_row(db).await?)
}

/// A password for scripts that did not give one: 20 letters and digits.
pub fn generate_password() -> String {
    rand::rng().sample_iter(&Alphanumeric).take(20).map(char::from).collect()
}
