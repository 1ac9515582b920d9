//! The brands a shopper is never sent to (their own workplace, say).
use axum::extract::State;
use axum::response::Redirect;
use maud::{Markup, html};

use crate::app::AppState;
use crate::error::AppResult;
use crate::places::brands;
use crate::rounds;
use crate::web::components::csrf_field;
use crate::web::context::{CurrentUser, set_flash};
use crate::web::extract::{PageForm, Path};
use crate::web::{layout, paths};

pub async fn form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(user_id): Path<i32>,
) -> AppResult<Markup> {
    let (user, excluded) = rounds::exclusions(&app.db, &actor, user_id).await?;
    let all = brands::list(&app.db, false).await?;
    let l = ctx.locale;
    let body = html! {
        section.card {
            p.hint { (l.t("rounds-exclusions-hint")) }
            form.stack method="post" action=(paths::shopper_exclusions(user_id)) {
                (csrf_field(&ctx))
                fieldset {
                    legend { (l.t("rounds-excluded-brands")) }
                    div.choices {
                        @for b in &all {
                            label.choice {
                                input type="checkbox" name="brand_ids" value=(b.id) checked[excluded.contains(&b.id)];
                                span { (b.name) }
                            }
                        }
                    }
                }
                div.actions {
                    button.btn.btn-primary type="submit" { (l.t("save")) }
                    a.btn.btn-secondary href=(paths::ROUNDS) { (l.t("cancel")) }
                }
            }
        }
    };
    let title = l.t_args("rounds-exclusions-title", &[("name", user.name.clone())]);
    Ok(layout::page(&ctx, &title, body))
}

pub async fn save(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(user_id): Path<i32>,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> AppResult<Redirect> {
    let ids: Vec<i32> = fields
        .iter()
        .filter(|(k, _)| k == "brand_ids")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    rounds::set_exclusions(&app.db, &actor, user_id, &ids).await?;
    set_flash(ctx.session()?, "rounds-exclusions-saved").await?;
    Ok(Redirect::to(&paths::shopper_exclusions(user_id)))
}
