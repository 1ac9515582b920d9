//! Locations: a filtered, paginated list; create, edit, archive.
use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::brands::ArchiveForm;
use crate::accounts::Role;
use crate::app::AppState;
use crate::entities::{brand, location};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{format_int, format_or_list};
use crate::places::locations::{self, Filter, LocationInput};
use crate::places::{Channel, brands};
use crate::web::components::{
    Need, archive_card, csrf_field, error_summary, input, input_needed, pager, select, swatch,
};
use crate::web::context::{Ctx, CurrentUser, set_flash};
use crate::web::extract::{PageForm, Path, Query};
use crate::web::{layout, paths};

fn channel_options(ctx: &Ctx, any: bool) -> Vec<(String, String)> {
    let mut opts: Vec<(String, String)> =
        if any { vec![(String::new(), ctx.t("filter-any"))] } else { vec![] };
    opts.extend(Channel::ALL.into_iter().map(|c| (c.as_str().to_owned(), ctx.t(c.label_key()))));
    opts
}

fn brand_options(ctx: &Ctx, all: &[brand::Model], any: bool) -> Vec<(String, String)> {
    let mut opts: Vec<(String, String)> = if any {
        vec![(String::new(), ctx.t("filter-any"))]
    } else {
        vec![(String::new(), ctx.t("choose"))]
    };
    opts.extend(all.iter().map(|b| (b.id.to_string(), b.name.clone())));
    opts
}

fn channel_label(ctx: &Ctx, channel: &str) -> String {
    Channel::parse(channel).map_or_else(|| channel.to_owned(), |c| ctx.t(c.label_key()))
}

fn filter_link(f: &Filter, page: u64) -> String {
    paths::with_query(
        paths::LOCATIONS,
        &[
            ("brand_id", f.brand_id.map(|b| b.to_string()).unwrap_or_default()),
            ("channel", f.channel.clone()),
            ("region", f.region.clone()),
            ("q", f.q.clone()),
            ("archived", if f.show_archived() { "1".into() } else { String::new() }),
            ("page", if page > 1 { page.to_string() } else { String::new() }),
        ],
    )
}

pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Query(f): Query<Filter>,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let page = locations::list(&app.db, &f).await?;
    let all_brands = brands::list(&app.db, true).await?;
    let mut regions: Vec<(String, String)> = vec![(String::new(), ctx.t("filter-any"))];
    regions.extend(locations::regions(&app.db).await?.into_iter().map(|r| (r.clone(), r)));
    let l = ctx.locale;
    let none = FieldErrors::new();
    let brand_id = f.brand_id.map(|b| b.to_string()).unwrap_or_default();
    let body = html! {
        div.actions {
            a.btn.btn-primary href=(paths::LOCATION_NEW) { (l.t("locations-new")) }
            a.btn.btn-secondary href=(paths::LOCATIONS_IMPORT) { (l.t("locations-import")) }
        }
        form.filters method="get" action=(paths::LOCATIONS) {
            (select(&ctx, "brand_id", "field-brand", &brand_options(&ctx, &all_brands, true), &brand_id, &none))
            (select(&ctx, "channel", "field-channel", &channel_options(&ctx, true), &f.channel, &none))
            (select(&ctx, "region", "field-region", &regions, &f.region, &none))
            (input(&ctx, "q", "filter-name", "search", &f.q, &none, "off"))
            div.field.checkbox {
                label { input type="checkbox" name="archived" value="1" checked[f.show_archived()]; " " (l.t("show-archived")) }
            }
            div.actions { button.btn.btn-secondary type="submit" { (l.t("filter-apply")) } }
        }
        p.muted { (l.t_args("locations-count", &[("count", format_int(l, page.total as i64))])) }
        @if !page.items.is_empty() {
            div.table-wrap {
                table.data.stack {
                    thead { tr {
                        th scope="col" { (l.t("field-name")) }
                        th scope="col" { (l.t("field-brand")) }
                        th scope="col" { (l.t("field-channel")) }
                        th scope="col" { (l.t("field-region")) }
                        th scope="col" { (l.t("field-city")) }
                    } }
                    tbody {
                        @for (loc, b) in &page.items {
                            tr {
                                td { a href=(paths::location(loc.id)) { (loc.name) } }
                                td data-label=(l.t("field-brand")) { (swatch(&b.color)) " " (b.name) }
                                td data-label=(l.t("field-channel")) { (channel_label(&ctx, &loc.channel)) }
                                td data-label=(l.t("field-region")) { (loc.region) }
                                td data-label=(l.t("field-city")) { (loc.city) }
                            }
                        }
                    }
                }
            }
        }
        (pager(&ctx, page.page, page.pages, |p| filter_link(&f, p)))
    };
    Ok(layout::page(&ctx, &l.t("nav-locations"), body))
}

/// The contact field `name` as the channel chosen needs it: marked required
/// now if that channel asks for it, and saying which channels do.
fn contact_need(ctx: &Ctx, name: &str, channel: &str) -> Need {
    let wants: Vec<Channel> =
        Channel::ALL.into_iter().filter(|c| c.contact_field() == Some(name)).collect();
    let labels: Vec<String> = wants.iter().map(|c| ctx.t(c.label_key())).collect();
    let list = format_or_list(ctx.locale, &labels);
    let note = ctx.locale.t_args("location-needed-for", &[("channels", list)]);
    Need {
        now: Channel::parse(channel).is_some_and(|c| wants.contains(&c)),
        for_channels: Some(wants.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" ")),
        note: Some(note),
    }
}

/// Every time zone, for the picker's suggestions as the name is typed.
fn zone_list() -> Markup {
    html! {
        datalist #zones {
            @for z in chrono_tz::TZ_VARIANTS { option value=(z.name()) {} }
        }
    }
}

/// `zones`: each brand's usual time zone, for a new location's form (the
/// script fills it in when a brand is chosen and the zone is untouched).
fn form_view(
    ctx: &Ctx,
    target: Option<&location::Model>,
    brands_for_picker: &[brand::Model],
    f: &LocationInput,
    errors: &FieldErrors,
    zones: Option<&HashMap<Option<i32>, String>>,
) -> Markup {
    let l = ctx.locale;
    let action = target.map_or(paths::LOCATION_NEW.to_owned(), |t| paths::location(t.id));
    let brand_zones = zones.map(|z| {
        let by_brand: HashMap<String, &String> =
            z.iter().filter_map(|(b, zone)| Some(((*b)?.to_string(), zone))).collect();
        serde_json::to_string(&by_brand).unwrap_or_default()
    });
    let contact = |name: &str, label: &str, kind: &str, value: &str, auto: &str| {
        let need = contact_need(ctx, name, &f.channel);
        input_needed(ctx, name, label, kind, value, errors, auto, &need, None)
    };
    let always = Need { now: true, ..Default::default() };
    let zone_need = Need { now: true, note: Some(l.t("timezone-hint")), ..Default::default() };
    let body = html! {
        section.card {
            (error_summary(ctx, errors))
            form.stack.location-form method="post" action=(action) data-brand-zones=[brand_zones] {
                (csrf_field(ctx))
                (select(ctx, "brand_id", "field-brand", &brand_options(ctx, brands_for_picker, false), &f.brand_id, errors))
                (input_needed(ctx, "name", "field-name", "text", &f.name, errors, "off", &always, None))
                (select(ctx, "channel", "field-channel", &channel_options(ctx, false), &f.channel, errors))
                (contact("address", "field-address", "text", &f.address, "street-address"))
                (contact("url", "field-url", "url", &f.url, "url"))
                (contact("phone", "field-phone", "tel", &f.phone, "tel"))
                (contact("email", "field-email", "email", &f.email, "email"))
                (input(ctx, "region", "field-region", "text", &f.region, errors, "off"))
                (input(ctx, "city", "field-city", "text", &f.city, errors, "address-level2"))
                (input(ctx, "latitude", "field-latitude", "text", &f.latitude, errors, "off"))
                (input(ctx, "longitude", "field-longitude", "text", &f.longitude, errors, "off"))
                (input_needed(ctx, "timezone", "field-timezone", "text", &f.timezone, errors, "off", &zone_need, Some("zones")))
                (zone_list())
                div.actions {
                    button.btn.btn-primary type="submit" { (l.t("save")) }
                    a.btn.btn-secondary href=(paths::LOCATIONS) { (l.t("cancel")) }
                }
            }
        }
        @if let Some(t) = target {
            (archive_card(ctx, &paths::location_archive(t.id), t.archived_at.is_some(), ("location-archive-note", "location-archived-note")))
        }
    };
    let title = target.map_or(l.t("locations-new"), |t| t.name.clone());
    layout::page(ctx, &title, body)
}

/// Active brands, plus the location's own brand when it is archived.
async fn picker_brands(app: &AppState, keep: Option<i32>) -> AppResult<Vec<brand::Model>> {
    Ok(brands::list(&app.db, true)
        .await?
        .into_iter()
        .filter(|b| b.archived_at.is_none() || Some(b.id) == keep)
        .collect())
}

pub async fn new_form(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let picker = picker_brands(&app, None).await?;
    let zones = locations::usual_zones(&app.db).await?;
    // Where most locations are, else where the server is.
    let timezone = zones.get(&None).cloned().unwrap_or_else(locations::server_zone);
    // The channel select shows its first option, the store, chosen.
    let f = LocationInput { timezone, channel: "store".into(), ..Default::default() };
    Ok(form_view(&ctx, None, &picker, &f, &FieldErrors::new(), Some(&zones)))
}

pub async fn create(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(f): PageForm<LocationInput>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    match locations::create(&app.db, actor.id(), &f).await {
        Ok(_) => {
            set_flash(ctx.session()?, "locations-created").await?;
            Ok(Redirect::to(paths::LOCATIONS).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let picker = picker_brands(&app, None).await?;
            let zones = locations::usual_zones(&app.db).await?;
            let page = form_view(&ctx, None, &picker, &f, &errors, Some(&zones));
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
    actor.require(Role::manages)?;
    let t = locations::find(&app.db, id).await?;
    let picker = picker_brands(&app, Some(t.brand_id)).await?;
    Ok(form_view(&ctx, Some(&t), &picker, &LocationInput::of(&t), &FieldErrors::new(), None))
}

pub async fn update(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
    PageForm(f): PageForm<LocationInput>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    match locations::update(&app.db, actor.id(), id, &f).await {
        Ok(_) => {
            set_flash(ctx.session()?, "saved").await?;
            Ok(Redirect::to(paths::LOCATIONS).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let t = locations::find(&app.db, id).await?;
            let picker = picker_brands(&app, Some(t.brand_id)).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                form_view(&ctx, Some(&t), &picker, &f, &errors, None),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn archive(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<i32>,
    PageForm(f): PageForm<ArchiveForm>,
) -> AppResult<Redirect> {
    actor.require(Role::manages)?;
    let archived = f.archived();
    locations::set_archived(&app.db, actor.id(), id, archived).await?;
    set_flash(ctx.session()?, if archived { "archived-done" } else { "restored-done" }).await?;
    Ok(Redirect::to(&paths::location(id)))
}
