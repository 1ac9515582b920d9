//! CSV import of locations: every bad row is reported with its line number,
//! and nothing is imported until every row is good; the import is one
//! transaction.
use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;

use super::brands::{self, name_key};
use super::locations::{self, Checked, LocationInput};
use crate::audit;
use crate::db::Db;
use crate::db::WriteQuery;
use crate::entities::{brand, location};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Msg;

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_ROWS: usize = 50_000;
const REQUIRED: [&str; 4] = ["brand", "name", "channel", "timezone"];
const COLUMNS: [&str; 12] = [
    "brand",
    "name",
    "channel",
    "region",
    "city",
    "address",
    "url",
    "phone",
    "email",
    "latitude",
    "longitude",
    "timezone",
];

/// One good row, ready to store.
pub struct Row {
    pub line: u64,
    pub brand: String,
    pub checked: Checked,
    pub brand_id: i32,
}

#[derive(Clone, Debug)]
pub struct Problem {
    pub line: u64,
    /// The column at fault, or empty for the row or file as a whole.
    pub column: String,
    pub msg: Msg,
}

pub struct Preview {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
}

impl Preview {
    /// Problems grouped by line, as API.md's `fields` keyed `line N`.
    pub fn field_errors(&self) -> FieldErrors {
        let mut by_line: Vec<(u64, Vec<Msg>)> = Vec::new();
        for p in &self.problems {
            let msg = if p.column.is_empty() {
                p.msg.clone()
            } else {
                Msg::new("import-column-problem")
                    .with("column", &p.column)
                    .with_msg("problem", p.msg.clone())
            };
            match by_line.iter_mut().find(|(l, _)| *l == p.line) {
                Some((_, msgs)) => msgs.push(msg),
                None => by_line.push((p.line, vec![msg])),
            }
        }
        by_line
            .into_iter()
            .map(|(line, msgs)| {
                (format!("line {line}"), Msg::new("import-problems").with_list("list", msgs))
            })
            .collect()
    }
}

fn problem(line: u64, column: &str, msg: Msg) -> Problem {
    Problem { line, column: column.to_owned(), msg }
}

/// Reads and checks the whole file without storing anything.
pub async fn preview(db: &impl ConnectionTrait, text: &str) -> AppResult<Preview> {
    let mut problems = Vec::new();
    if text.len() > MAX_BYTES {
        return Err(AppError::TooLarge);
    }
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().trim_start_matches('\u{feff}').to_lowercase()).collect(),
        Err(_) => vec![],
    };
    for h in &headers {
        if !COLUMNS.contains(&h.as_str()) {
            problems.push(problem(1, h, Msg::new("import-unknown-column")));
        }
    }
    for r in REQUIRED {
        if !headers.iter().any(|h| h == r) {
            problems.push(problem(1, r, Msg::new("import-missing-column")));
        }
    }
    if !problems.is_empty() {
        return Ok(Preview { rows: vec![], problems });
    }

    let mut inputs = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(problem(line, "", Msg::new("import-unreadable-row")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let get = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .to_owned()
        };
        let input = LocationInput {
            brand_id: String::new(),
            name: get("name"),
            channel: get("channel"),
            region: get("region"),
            city: get("city"),
            address: get("address"),
            url: get("url"),
            phone: get("phone"),
            email: get("email"),
            latitude: get("latitude"),
            longitude: get("longitude"),
            timezone: get("timezone"),
        };
        inputs.push((line, get("brand"), input));
        if inputs.len() > MAX_ROWS {
            return Err(AppError::TooLarge);
        }
    }
    if inputs.is_empty() && problems.is_empty() {
        problems.push(problem(1, "", Msg::new("import-empty")));
    }

    // Brands by name, and the names each already uses, in two queries.
    let brand_rows = brands::list(db, true).await?;
    let by_name: HashMap<String, &brand::Model> =
        brand_rows.iter().map(|b| (b.name_key.clone(), b)).collect();
    let ids: Vec<i32> = brand_rows.iter().map(|b| b.id).collect();
    let taken: HashSet<(i32, String)> = location::Entity::find()
        .select_only()
        .column(location::Column::BrandId)
        .column(location::Column::NameKey)
        .filter(location::Column::BrandId.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();

    let mut seen: HashMap<(i32, String), u64> = HashMap::new();
    let mut rows = Vec::new();
    for (line, brand_name, mut input) in inputs {
        let brand = by_name.get(&name_key(&brand_name));
        match brand {
            None if brand_name.trim().is_empty() => {
                problems.push(problem(line, "brand", Msg::new("field-required")))
            }
            None => problems.push(problem(
                line,
                "brand",
                Msg::new("import-unknown-brand").with("brand", brand_name.trim()),
            )),
            Some(b) if b.archived_at.is_some() => {
                problems.push(problem(line, "brand", Msg::new("brand-archived")))
            }
            Some(b) => input.brand_id = b.id.to_string(),
        }
        let checked = match locations::check(&input) {
            Ok(c) => Some(c),
            Err(errors) => {
                for (field, msg) in errors {
                    if field != "brand_id" {
                        problems.push(problem(line, &field, msg));
                    }
                }
                None
            }
        };
        let (Some(b), Some(checked)) = (brand, checked) else { continue };
        let key = (b.id, name_key(&checked.name));
        if taken.contains(&key) {
            problems.push(problem(line, "name", Msg::new("location-name-taken")));
        } else if let Some(first) = seen.get(&key) {
            problems.push(problem(
                line,
                "name",
                Msg::new("import-duplicate-row").with_int("line", *first as i64),
            ));
        } else {
            seen.insert(key, line);
            rows.push(Row { line, brand: b.name.clone(), checked, brand_id: b.id });
        }
    }
    problems.sort_by_key(|p| p.line);
    Ok(Preview { rows, problems })
}

/// Imports every row or none. Returns how many were imported.
pub async fn import(db: &Db, actor_id: i32, text: &str) -> AppResult<usize> {
    let txn = db.begin_write().await?;
    let preview = preview(&txn, text).await?;
    if !preview.problems.is_empty() {
        return Err(AppError::Validation(preview.field_errors()));
    }
    let n = preview.rows.len();
    for chunk in preview.rows.chunks(500) {
        let models = chunk.iter().map(|r| locations::active_model(&r.checked, r.brand_id));
        location::Entity::insert_many(models).run_on(&txn).await?;
    }
    audit::record(&txn, Some(actor_id), "location.imported", "location", "-", json!({"count": n}))
        .await?;
    txn.commit().await?;
    Ok(n)
}
