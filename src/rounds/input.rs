//! A round as a manager types it (a form or JSON), checked field by field.
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Deserializer};

use super::periods::Recurrence;
use crate::accounts::Role;
use crate::checklists::store as checklists;
use crate::entities::{brand, location, user};
use crate::error::{AppResult, FieldErrors};
use crate::i18n::Msg;
use crate::places::Channel;

/// What a lockout is when none is given: SASSIE's usual 90 days.
pub const DEFAULT_LOCKOUT_DAYS: i32 = 90;
const MAX_NAME: usize = 200;

/// Numbers arrive as JSON numbers or as typed text; both are kept as text
/// so that a form shows back exactly what was typed.
fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum T {
        S(String),
        N(serde_json::Number),
        Null(()),
    }
    Ok(match T::deserialize(d)? {
        T::S(s) => s,
        T::N(n) => n.to_string(),
        T::Null(()) => String::new(),
    })
}

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct RoundInput {
    pub name: String,
    pub checklist_id: Option<i32>,
    /// Which locations: those of these brands, channels and regions (each
    /// empty: any), plus the ones picked; all empty means every location.
    pub brand_ids: Vec<i32>,
    pub channels: Vec<String>,
    pub regions: Vec<String>,
    pub location_ids: Vec<i32>,
    /// `weeks`, `months` or `fixed`.
    pub every: String,
    #[serde(deserialize_with = "text_or_number")]
    pub interval: String,
    pub start_on: String,
    /// For `fixed`: one period a line, `YYYY-MM-DD YYYY-MM-DD`.
    pub periods: String,
    #[serde(deserialize_with = "text_or_number")]
    pub opens_day: String,
    #[serde(deserialize_with = "text_or_number")]
    pub due_day: String,
    pub brief: String,
    pub shopper_ids: Vec<i32>,
    #[serde(deserialize_with = "text_or_number")]
    pub lockout_days: String,
    /// Absent: active.
    pub active: Option<bool>,
}

/// A round's settings once every field is right.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    pub name: String,
    pub checklist_id: i32,
    pub brand_ids: Vec<i32>,
    pub channels: Vec<String>,
    pub regions: Vec<String>,
    pub location_ids: Vec<i32>,
    pub recurrence: Recurrence,
    pub opens_day: i32,
    pub due_day: i32,
    pub brief: String,
    pub shopper_ids: Vec<i32>,
    pub lockout_days: i32,
    pub active: bool,
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// `YYYY-MM-DD YYYY-MM-DD` (or `..` between) a line.
pub fn parse_periods(s: &str) -> Result<Vec<(NaiveDate, NaiveDate)>, Msg> {
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts: Vec<&str> =
            line.split(|c: char| c.is_whitespace() || c == ',').filter(|p| !p.is_empty()).collect();
        let parts: Vec<&str> = if parts.len() == 1 { line.split("..").collect() } else { parts };
        let (Some(a), Some(b), 2) =
            (parts.first().and_then(|p| date(p)), parts.get(1).and_then(|p| date(p)), parts.len())
        else {
            return Err(Msg::new("rounds-periods-invalid").with("line", line));
        };
        if b < a {
            return Err(Msg::new("rounds-period-reversed").with("line", line));
        }
        out.push((a, b));
    }
    out.sort();
    if out.windows(2).any(|w| w[1].0 <= w[0].1) {
        return Err(Msg::new("rounds-periods-overlap"));
    }
    Ok(out)
}

fn number(e: &mut FieldErrors, field: &str, s: &str, lo: i32, hi: i32) -> Option<i32> {
    let s = s.trim();
    if s.is_empty() {
        e.insert(field.into(), Msg::new("field-required"));
        return None;
    }
    match s.parse::<i32>() {
        Ok(n) if (lo..=hi).contains(&n) => Some(n),
        Ok(_) => {
            e.insert(
                field.into(),
                Msg::new("rounds-number-range")
                    .with_int("min", lo.into())
                    .with_int("max", hi.into()),
            );
            None
        }
        Err(_) => {
            e.insert(field.into(), Msg::new("number-invalid"));
            None
        }
    }
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v.dedup();
    v
}

impl RoundInput {
    /// Every field checked against the rules and the database; each
    /// problem named beside its field.
    pub async fn check(
        &self,
        db: &impl ConnectionTrait,
    ) -> AppResult<Result<Checked, FieldErrors>> {
        let mut e = FieldErrors::new();
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            e.insert("name".into(), Msg::new("field-required"));
        } else if name.chars().count() > MAX_NAME {
            e.insert("name".into(), Msg::new("field-too-long").with_int("max", MAX_NAME as i64));
        }
        match self.checklist_id {
            None => {
                e.insert("checklist_id".into(), Msg::new("field-required"));
            }
            Some(id) => {
                if checklists::latest_published(db, id).await?.is_none() {
                    e.insert("checklist_id".into(), Msg::new("checklist-not-published"));
                }
            }
        }
        let brand_ids = sorted(self.brand_ids.clone());
        if !brand_ids.is_empty() {
            let n = brand::Entity::find()
                .filter(brand::Column::Id.is_in(brand_ids.clone()))
                .all(db)
                .await?
                .len();
            if n != brand_ids.len() {
                e.insert("brand_ids".into(), Msg::new("rounds-brand-unknown"));
            }
        }
        let mut channels = Vec::new();
        for c in self.channels.iter().filter(|c| !c.trim().is_empty()) {
            match Channel::parse(c) {
                Some(c) => channels.push(c.as_str().to_owned()),
                None => {
                    e.insert("channels".into(), Msg::new("channel-invalid"));
                }
            }
        }
        let regions = sorted(
            self.regions.iter().map(|r| r.trim().to_owned()).filter(|r| !r.is_empty()).collect(),
        );
        let location_ids = sorted(self.location_ids.clone());
        if !location_ids.is_empty() {
            let n = location::Entity::find()
                .filter(location::Column::Id.is_in(location_ids.clone()))
                .filter(location::Column::ArchivedAt.is_null())
                .all(db)
                .await?
                .len();
            if n != location_ids.len() {
                e.insert("location_ids".into(), Msg::new("location-unknown"));
            }
        }
        let recurrence = match self.every.trim() {
            every @ ("weeks" | "months") => {
                let n = number(&mut e, "interval", &self.interval, 1, 52);
                let start = if self.start_on.trim().is_empty() {
                    e.insert("start_on".into(), Msg::new("field-required"));
                    None
                } else {
                    let d = date(&self.start_on);
                    if d.is_none() {
                        e.insert("start_on".into(), Msg::new("date-invalid"));
                    }
                    d
                };
                match (n, start) {
                    (Some(n), Some(start)) if every == "weeks" => {
                        Some(Recurrence::Weeks { n: n as u32, start })
                    }
                    (Some(n), Some(start)) => Some(Recurrence::Months { n: n as u32, start }),
                    _ => None,
                }
            }
            "fixed" => match parse_periods(&self.periods) {
                Ok(list) if list.is_empty() => {
                    e.insert("periods".into(), Msg::new("field-required"));
                    None
                }
                Ok(list) => Some(Recurrence::Fixed(list)),
                Err(m) => {
                    e.insert("periods".into(), m);
                    None
                }
            },
            "" => {
                e.insert("every".into(), Msg::new("field-required"));
                None
            }
            _ => {
                e.insert("every".into(), Msg::new("rounds-every-invalid"));
                None
            }
        };
        let opens_day = number(&mut e, "opens_day", &self.opens_day, 1, 366);
        let due_day = number(&mut e, "due_day", &self.due_day, 1, 366);
        if let (Some(o), Some(d)) = (opens_day, due_day)
            && d < o
        {
            e.insert("due_day".into(), Msg::new("due-before-opens"));
        }
        if let (Some(r), Some(d)) = (&recurrence, due_day)
            && d as u32 > r.shortest()
            && !e.contains_key("due_day")
        {
            e.insert(
                "due_day".into(),
                Msg::new("rounds-due-day-too-late").with_int("max", r.shortest().into()),
            );
        }
        let lockout_days = if self.lockout_days.trim().is_empty() {
            Some(DEFAULT_LOCKOUT_DAYS)
        } else {
            number(&mut e, "lockout_days", &self.lockout_days, 0, 3650)
        };
        let shopper_ids = sorted(self.shopper_ids.clone());
        if !shopper_ids.is_empty() {
            let n = user::Entity::find()
                .filter(user::Column::Id.is_in(shopper_ids.clone()))
                .filter(user::Column::Role.eq(Role::Shopper.as_str()))
                .filter(user::Column::Active.eq(true))
                .all(db)
                .await?
                .len();
            if n != shopper_ids.len() {
                e.insert("shopper_ids".into(), Msg::new("rounds-shopper-unknown"));
            }
        }
        let brief = self.brief.trim().to_owned();
        let (
            Some(checklist_id),
            Some(recurrence),
            Some(opens_day),
            Some(due_day),
            Some(lockout_days),
        ) = (self.checklist_id, recurrence, opens_day, due_day, lockout_days)
        else {
            return Ok(Err(e));
        };
        if !e.is_empty() {
            return Ok(Err(e));
        }
        Ok(Ok(Checked {
            name,
            checklist_id,
            brand_ids,
            channels: sorted(channels),
            regions,
            location_ids,
            recurrence,
            opens_day,
            due_day,
            brief,
            shopper_ids,
            lockout_days,
            active: self.active.unwrap_or(true),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_read_a_line_each_in_either_form() {
        let p = parse_periods("2026-03-01 2026-03-31\n\n2026-01-01..2026-01-10\n").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].0.to_string(), "2026-01-01");
    }

    #[test]
    fn bad_periods_name_the_line() {
        let Err(m) = parse_periods("2026-01-01 soon") else { panic!() };
        assert_eq!(m.key, "rounds-periods-invalid");
        let Err(m) = parse_periods("2026-02-01 2026-01-01") else { panic!() };
        assert_eq!(m.key, "rounds-period-reversed");
        let Err(m) = parse_periods("2026-01-01 2026-01-31\n2026-01-31 2026-02-10") else {
            panic!()
        };
        assert_eq!(m.key, "rounds-periods-overlap");
    }
}
