//! A round's create and edit form: keeps what was typed, shows each
//! problem beside its field.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::managers_only;
use crate::app::AppState;
use crate::checklists::store as checklists;
use crate::entities::location;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{Locale, as_iso};
use crate::places::{Channel, brands, locations as places};
use crate::rounds::{self, DEFAULT_LOCKOUT_DAYS, RoundInput};
use crate::web::components::{csrf_field, date_input, error_summary, input, select};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{PageForm, Path};
use crate::web::{layout, paths};

/// How many locations the form offers to pick one by one; past that the
/// brand, channel and region boxes choose them.
const PICKABLE: usize = 300;

fn fieldset_error(ctx: &Ctx, errors: &FieldErrors, name: &str) -> Markup {
    html! { @if let Some(m) = errors.get(name) { p.field-error id={ (name) "-error" } { (ctx.locale.msg(m)) } } }
}

fn choice(name: &str, value: &str, checked: bool, label: Markup) -> Markup {
    html! {
        label.choice {
            input type="checkbox" name=(name) value=(value) checked[checked];
            span { (label) }
        }
    }
}

async fn form_page(
    app: &AppState,
    ctx: &Ctx,
    action: &str,
    f: &RoundInput,
    errors: &FieldErrors,
    editing: bool,
) -> AppResult<Markup> {
    let l = ctx.locale;
    let lists: Vec<(String, String)> = std::iter::once((String::new(), l.t("rounds-choose")))
        .chain(
            checklists::list(&app.db)
                .await?
                .into_iter()
                .filter(|s| s.published().is_some())
                .map(|s| (s.checklist.id.to_string(), s.checklist.name)),
        )
        .collect();
    let all_brands = brands::list(&app.db, false).await?;
    let regions = places::regions(&app.db).await?;
    let shoppers = rounds::shoppers(&app.db).await?;
    let mut locs: Vec<location::Model> = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
        location::Entity::find()
            .filter(location::Column::ArchivedAt.is_null())
            .order_by_asc(location::Column::NameKey)
            .limit(PICKABLE as u64 + 1)
            .all(&app.db)
            .await?
    };
    let more = locs.len() > PICKABLE;
    locs.truncate(PICKABLE);
    let everys = [
        ("weeks".to_owned(), l.t("rounds-every-weeks")),
        ("months".to_owned(), l.t("rounds-every-months")),
        ("fixed".to_owned(), l.t("rounds-every-fixed")),
    ];
    let every = if f.every.is_empty() { "months" } else { f.every.as_str() };
    let brief_error = errors.get("brief").map(|m| l.msg(m));
    let periods_error = errors.get("periods").map(|m| l.msg(m));
    let body = html! {
        section.card {
            (error_summary(ctx, errors))
            form.stack method="post" action=(action) {
                (csrf_field(ctx))
                (input(ctx, "name", "field-name", "text", &f.name, errors, "off"))
                (select(ctx, "checklist_id", "visit-checklist", &lists, &f.checklist_id.map(|c| c.to_string()).unwrap_or_default(), errors))
                fieldset.has-error[errors.contains_key("brand_ids") || errors.contains_key("channels") || errors.contains_key("location_ids")] {
                    legend { (l.t("rounds-locations")) }
                    p.hint { (l.t("rounds-locations-hint")) }
                    (fieldset_error(ctx, errors, "brand_ids"))
                    (fieldset_error(ctx, errors, "channels"))
                    (fieldset_error(ctx, errors, "location_ids"))
                    details open[!f.brand_ids.is_empty()] {
                        summary { (l.t("rounds-by-brand")) }
                        div.choices { @for b in &all_brands { (choice("brand_ids", &b.id.to_string(), f.brand_ids.contains(&b.id), html! { (b.name) })) } }
                    }
                    details open[!f.channels.is_empty()] {
                        summary { (l.t("rounds-by-channel")) }
                        div.choices { @for c in Channel::ALL { (choice("channels", c.as_str(), f.channels.iter().any(|x| x == c.as_str()), html! { (l.t(&format!("channel-{}", c.as_str()))) })) } }
                    }
                    @if !regions.is_empty() {
                        details open[!f.regions.is_empty()] {
                            summary { (l.t("rounds-by-region")) }
                            div.choices { @for r in &regions { (choice("regions", r, f.regions.contains(r), html! { bdi { (r) } })) } }
                        }
                    }
                    details open[!f.location_ids.is_empty()] {
                        summary { (l.t("rounds-picked")) }
                        div.choices { @for loc in &locs { (choice("location_ids", &loc.id.to_string(), f.location_ids.contains(&loc.id), html! { (loc.name) })) } }
                        @if more { p.hint { (l.t("rounds-picked-more")) } }
                    }
                }
                (select(ctx, "every", "rounds-recurrence", &everys, every, errors))
                (input(ctx, "interval", "rounds-interval", "number", &f.interval, errors, "off"))
                (date_input(ctx, "start_on", "rounds-start-on", &f.start_on, errors))
                div.field.has-error[periods_error.is_some()] {
                    label for="periods" { (l.t("rounds-fixed-periods")) }
                    textarea #periods name="periods" rows="3" aria-describedby="periods-hint" { (f.periods) }
                    p.hint #periods-hint { (l.t("rounds-fixed-periods-hint")) }
                    @if let Some(e) = &periods_error { p.field-error { (e) } }
                }
                (input(ctx, "opens_day", "rounds-opens-day", "number", &f.opens_day, errors, "off"))
                (input(ctx, "due_day", "rounds-due-day", "number", &f.due_day, errors, "off"))
                p.hint { (l.t("rounds-window-hint")) }
                div.field.has-error[brief_error.is_some()] {
                    label for="brief" { (l.t("assignment-brief")) }
                    textarea #brief name="brief" rows="3" { (f.brief) }
                    @if let Some(e) = &brief_error { p.field-error { (e) } }
                }
                fieldset.has-error[errors.contains_key("shopper_ids")] {
                    legend { (l.t("rounds-pool")) }
                    (fieldset_error(ctx, errors, "shopper_ids"))
                    @if shoppers.is_empty() { p.muted { (l.t("rounds-no-shoppers")) } }
                    div.choices {
                        @for u in &shoppers {
                            (choice("shopper_ids", &u.id.to_string(), f.shopper_ids.contains(&u.id), html! { bdi { (u.name) } }))
                        }
                    }
                }
                (input(ctx, "lockout_days", "rounds-lockout-days", "number", &f.lockout_days, errors, "off"))
                p.hint { (l.t("rounds-lockout-hint")) }
                @if editing {
                    div.field.checkbox {
                        label { input type="checkbox" name="active" checked[f.active.unwrap_or(true)]; " " (l.t("rounds-active")) }
                        p.hint { (l.t("rounds-active-hint")) }
                    }
                } @else {
                    input type="hidden" name="active" value="on";
                }
                div.actions {
                    button.btn.btn-primary type="submit" { (l.t(if editing { "save" } else { "rounds-create" })) }
                    a.btn.btn-secondary href=(paths::ROUNDS) { (l.t("cancel")) }
                }
            }
        }
    };
    let title = l.t(if editing { "rounds-edit" } else { "rounds-new" });
    Ok(layout::page(ctx, &title, body))
}

/// The form's fields (boxes repeat, so the body is read as pairs).
fn parse(fields: &[(String, String)]) -> RoundInput {
    let get =
        |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let all = |k: &str| -> Vec<String> {
        fields.iter().filter(|(n, _)| n == k).map(|(_, v)| v.clone()).collect()
    };
    let ids = |k: &str| all(k).iter().filter_map(|v| v.parse().ok()).collect();
    RoundInput {
        name: get("name"),
        checklist_id: get("checklist_id").parse().ok(),
        brand_ids: ids("brand_ids"),
        channels: all("channels"),
        regions: all("regions"),
        location_ids: ids("location_ids"),
        every: get("every"),
        interval: get("interval"),
        start_on: get("start_on"),
        periods: get("periods"),
        opens_day: get("opens_day"),
        due_day: get("due_day"),
        brief: get("brief"),
        shopper_ids: ids("shopper_ids"),
        lockout_days: get("lockout_days"),
        active: Some(fields.iter().any(|(n, _)| n == "active")),
    }
}

/// What the domain reads: dates in ISO whatever the page's calendar.
fn for_domain(l: Locale, f: &RoundInput) -> RoundInput {
    let periods = f
        .periods
        .lines()
        .map(|line| {
            line.split(|c: char| c.is_whitespace() || c == ',')
                .filter(|p| !p.is_empty())
                .flat_map(|p| p.split(".."))
                .map(|p| as_iso(l, p))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n");
    RoundInput { start_on: as_iso(l, &f.start_on), periods, ..f.clone() }
}

pub async fn new_form(
    State(app): State<AppState>,
    CurrentUser(_, ctx): CurrentUser,
) -> AppResult<Markup> {
    managers_only(&ctx)?;
    let today = chrono::Utc::now().date_naive();
    let f = RoundInput {
        every: "months".into(),
        interval: "1".into(),
        start_on: crate::i18n::input_date(ctx.locale, today),
        opens_day: "1".into(),
        due_day: "20".into(),
        lockout_days: DEFAULT_LOCKOUT_DAYS.to_string(),
        ..Default::default()
    };
    form_page(&app, &ctx, paths::ROUND_NEW, &f, &FieldErrors::new(), false).await
}

pub async fn create(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    managers_only(&ctx)?;
    let f = parse(&fields);
    match rounds::create(&app.db, &actor, &for_domain(ctx.locale, &f)).await {
        Ok(r) => {
            set_flash(ctx.session()?, "rounds-created").await?;
            Ok(Redirect::to(&paths::round(r.model.id)).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let page = form_page(&app, &ctx, paths::ROUND_NEW, &f, &errors, false).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn edit_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let r = rounds::find(&app.db, &actor, id).await?;
    let mut f = r.as_input();
    f.start_on = crate::i18n::input_date(ctx.locale, r.model.start_on);
    form_page(&app, &ctx, &paths::round_edit(id), &f, &FieldErrors::new(), true).await
}

pub async fn update(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    rounds::find(&app.db, &actor, id).await?;
    let f = parse(&fields);
    match rounds::update(&app.db, &actor, id, &for_domain(ctx.locale, &f)).await {
        Ok(_) => {
            set_flash(ctx.session()?, "rounds-saved").await?;
            Ok(Redirect::to(&paths::round(id)).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let page = form_page(&app, &ctx, &paths::round_edit(id), &f, &errors, true).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
