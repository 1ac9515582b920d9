//! CSV import of locations: upload, preview with every problem by line,
//! then import all rows in one transaction.
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::accounts::Role;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::i18n::format_int;
use crate::places::import::{self, Preview};
use crate::web::components::csrf_field;
use crate::web::context::{Ctx, CurrentUser, set_flash_count};
use crate::web::extract::PageForm;
use crate::web::{layout, paths};

/// Rows shown in the preview; the import takes them all.
const PREVIEW_ROWS: usize = 100;

fn upload_form(ctx: &Ctx) -> Markup {
    html! {
        form.stack method="post" action=(paths::LOCATIONS_IMPORT_PREVIEW) enctype="multipart/form-data" {
            (csrf_field(ctx))
            div.field {
                label for="file" { (ctx.t("import-file")) }
                input #file type="file" name="file" accept=".csv,text/csv" required;
            }
            div.actions { button.btn.btn-primary type="submit" { (ctx.t("import-preview")) } }
        }
    }
}

pub async fn form(CurrentUser(actor, ctx): CurrentUser) -> AppResult<Markup> {
    actor.require(Role::manages)?;
    let l = ctx.locale;
    let body = html! {
        section.card {
            p { (l.t("import-intro")) }
            pre.ltr tabindex="0" { "brand,name,channel,region,city,address,url,phone,email,latitude,longitude,timezone\n"
                "Ours,Downtown,store,North,Tehran,1 Valiasr St,,,,35.7,51.4,Asia/Tehran\n"
                "Rival,Rival web shop,website,,,,https://rival.example,,,,,UTC" }
            // Column names are the file's own words, in every language.
            p.hint {
                (l.t("import-columns-required")) " " (columns(l, &["brand", "name", "channel", "timezone"])) ". "
                (l.t("import-columns-optional")) " "
                (columns(l, &["region", "city", "address", "url", "phone", "email", "latitude", "longitude"])) ". "
                (l.t("import-columns-brand"))
            }
            (upload_form(&ctx))
        }
    };
    Ok(layout::page(&ctx, &l.t("locations-import"), body))
}

/// Column names as code, separated by the language's comma.
fn columns(l: crate::i18n::Locale, names: &[&str]) -> Markup {
    let comma = if l.dir() == "rtl" { "، " } else { ", " };
    html! {
        @for (i, name) in names.iter().enumerate() {
            @if i > 0 { (comma) }
            code { (name) }
        }
    }
}

fn preview_view(ctx: &Ctx, text: &str, p: &Preview) -> Markup {
    let l = ctx.locale;
    html! {
        @if p.problems.is_empty() {
            section.card {
                p { (l.t_args("import-ready", &[("count", format_int(l, p.rows.len() as i64))])) }
                form method="post" action=(paths::LOCATIONS_IMPORT) {
                    (csrf_field(ctx))
                    textarea.visually-hidden name="csv" aria-hidden="true" tabindex="-1" { (text) }
                    div.actions { button.btn.btn-primary type="submit" { (l.t("import-confirm")) } }
                }
            }
            div.table-wrap {
                table.data {
                    thead { tr {
                        th scope="col" { (l.t("import-line")) }
                        th scope="col" { (l.t("field-brand")) }
                        th scope="col" { (l.t("field-name")) }
                        th scope="col" { (l.t("field-channel")) }
                        th scope="col" { (l.t("field-city")) }
                    } }
                    tbody {
                        @for r in p.rows.iter().take(PREVIEW_ROWS) {
                            tr {
                                td { (format_int(l, r.line as i64)) }
                                td { (r.brand) }
                                td { (r.checked.name) }
                                td { (l.t(r.checked.channel.label_key())) }
                                td { (r.checked.city) }
                            }
                        }
                    }
                }
            }
        } @else {
            section.card {
                div.error-summary role="alert" {
                    (l.t_args("import-has-problems", &[("count", format_int(l, p.problems.len() as i64))]))
                }
                div.table-wrap {
                    table.data.problems {
                        thead { tr {
                            th scope="col" { (l.t("import-line")) }
                            th scope="col" { (l.t("import-column")) }
                            th scope="col" { (l.t("import-problem")) }
                        } }
                        tbody {
                            @for pr in &p.problems {
                                tr {
                                    td { (format_int(l, pr.line as i64)) }
                                    td.ltr { (pr.column) }
                                    td { (l.msg(&pr.msg)) }
                                }
                            }
                        }
                    }
                }
                h2 { (l.t("import-again")) }
                (upload_form(ctx))
            }
        }
    }
}

pub async fn preview(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    mut multipart: Multipart,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    let mut text = None;
    while let Some(field) =
        multipart.next_field().await.map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        if field.name() == Some("file") {
            let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
            text = Some(String::from_utf8(bytes.to_vec()).map_err(|_| AppError::UnsupportedMedia)?);
        }
    }
    let text = text.ok_or_else(|| AppError::BadRequest("no file".into()))?;
    let p = import::preview(&app.db, &text).await?;
    let status =
        if p.problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = layout::page(&ctx, &ctx.t("import-preview-title"), preview_view(&ctx, &text, &p));
    Ok((status, page).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmForm {
    csv: String,
}

pub async fn confirm(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    PageForm(f): PageForm<ConfirmForm>,
) -> AppResult<Response> {
    actor.require(Role::manages)?;
    match import::import(&app.db, actor.id(), &f.csv).await {
        Ok(n) => {
            set_flash_count(ctx.session()?, "import-done", n as i64).await?;
            Ok(Redirect::to(paths::LOCATIONS).into_response())
        }
        // The rows changed since the preview (someone added a location):
        // show the problems again.
        Err(AppError::Validation(_)) => {
            let p = import::preview(&app.db, &f.csv).await?;
            let page =
                layout::page(&ctx, &ctx.t("import-preview-title"), preview_view(&ctx, &f.csv, &p));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
