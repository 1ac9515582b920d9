//! Giving an open assignment to another shopper. A manager may override a
//! round's lockout and exclusions; the new shopper need only be active.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::managers_only;
use crate::app::AppState;
use crate::assignments;
use crate::entities::assignment;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::format_date;
use crate::places::locations;
use crate::rounds;
use crate::web::components::{csrf_field, error_summary, select};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{PageForm, Path};
use crate::web::{layout, paths};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReassignForm {
    shopper_id: String,
}

async fn page(
    app: &AppState,
    ctx: &Ctx,
    a: &assignment::Model,
    chosen: &str,
    errors: &FieldErrors,
) -> AppResult<Markup> {
    let l = ctx.locale;
    let loc = locations::find(&app.db, a.location_id).await?;
    let people: Vec<(String, String)> = rounds::shoppers(&app.db)
        .await?
        .into_iter()
        .map(|u| (u.id.to_string(), format!("{} ({})", u.name, u.email)))
        .collect();
    let body = html! {
        section.card {
            dl.facts {
                dt { (l.t("field-location")) } dd { (loc.name) }
                dt { (l.t("assignment-due-on")) } dd { (format_date(l, a.due_on)) }
            }
            p.hint { (l.t("rounds-reassign-hint")) }
            (error_summary(ctx, errors))
            form.stack method="post" action=(paths::assignment_reassign(a.id)) {
                (csrf_field(ctx))
                (select(ctx, "shopper_id", "role-shopper", &people, chosen, errors))
                div.actions {
                    button.btn.btn-primary type="submit" { (l.t("rounds-reassign")) }
                    a.btn.btn-secondary href=(back(a)) { (l.t("cancel")) }
                }
            }
        }
    };
    Ok(layout::page(ctx, &l.t("rounds-reassign"), body))
}

fn back(a: &assignment::Model) -> String {
    match (a.round_id, a.period_start) {
        (Some(r), Some(p)) => paths::round_period(r, &p.to_string()),
        _ => paths::ASSIGNMENTS.to_owned(),
    }
}

pub async fn form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    managers_only(&ctx)?;
    let a = assignments::find_visible(&app.db, &actor, id).await?;
    page(&app, &ctx, &a, &a.shopper_id.to_string(), &FieldErrors::new()).await
}

pub async fn save(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
    PageForm(f): PageForm<ReassignForm>,
) -> AppResult<Response> {
    managers_only(&ctx)?;
    match assignments::reassign(&app.db, &actor, id, f.shopper_id.trim().parse().ok()).await {
        Ok(a) => {
            set_flash(ctx.session()?, "rounds-reassigned").await?;
            Ok(Redirect::to(&back(&a)).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let a = assignments::find_visible(&app.db, &actor, id).await?;
            let p = page(&app, &ctx, &a, &f.shopper_id, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
        Err(e) => Err(e),
    }
}
