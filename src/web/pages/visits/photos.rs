//! Photos on the visit pages: the visit form's post (urlencoded, or
//! multipart when photos ride along without JavaScript), the photo block of
//! each criterion on the form, and thumbnails with their flags on reports.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use maud::{Markup, html};
use tokio::sync::OwnedSemaphorePermit;

use crate::app::AppState;
use crate::entities::{photo, visit};
use crate::error::AppError;
use crate::evidence::flags::Flag;
use crate::evidence::photos;
use crate::web::context::Ctx;
use crate::web::extract::PageForm;
use crate::web::paths::{self, PhotoSize};

/// Field name prefix of the form's file inputs: `photo:CODE`, or `photo:`
/// for photos of the visit as a whole.
pub const FILE_PREFIX: &str = "photo:";

/// The visit form as posted: its text fields, and any photos chosen
/// without the script (which uploads them itself and sends none here).
pub struct VisitPost {
    pub fields: Vec<(String, String)>,
    /// (criterion code or none, bytes), in the order chosen.
    pub files: Vec<(Option<String>, Vec<u8>)>,
    /// Photos left out because those before them used up one upload's
    /// limit (criterion code or none): the shopper adds them again.
    pub left_out: Vec<Option<String>>,
    /// Holds the upload's share of memory until the photos are processed.
    _memory: Option<OwnedSemaphorePermit>,
}

impl FromRequest<AppState> for VisitPost {
    type Rejection = AppError;

    async fn from_request(req: Request, app: &AppState) -> Result<Self, AppError> {
        let content_type =
            req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !content_type.starts_with("multipart/form-data") {
            let PageForm(fields) = PageForm::from_request(req, app).await?;
            return Ok(VisitPost {
                fields,
                files: Vec::new(),
                left_out: Vec::new(),
                _memory: None,
            });
        }
        let length = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        // At most one upload's worth is kept (the rest is read and let go),
        // so that is all the memory a long post sets aside.
        let max = app.evidence.config.max_bytes;
        let memory = app.evidence.reserve_upload(length.map(|l| l.min(max as u64))).await?;
        let mut multipart =
            Multipart::from_request(req, app).await.map_err(|_| AppError::UnsupportedMedia)?;
        let (mut fields, mut files, mut left_out, mut total) =
            (Vec::new(), Vec::new(), Vec::new(), 0usize);
        while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
            let name = field.name().unwrap_or("").to_owned();
            let file =
                name.strip_prefix(FILE_PREFIX).map(|c| (!c.is_empty()).then(|| c.to_owned()));
            let (mut bytes, mut over) = (Vec::new(), false);
            while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                if total + chunk.len() > max {
                    // A photo past the limit is left out, and the answers
                    // after it are still read: nothing typed is lost.
                    if file.is_none() {
                        return Err(AppError::TooLarge);
                    }
                    over = true;
                }
                if !over {
                    total += chunk.len();
                    bytes.extend_from_slice(&chunk);
                }
            }
            match file {
                Some(code) if over => left_out.push(code),
                // An input left empty still sends a part with no bytes.
                Some(code) if !bytes.is_empty() => files.push((code, bytes)),
                Some(_) => {}
                None => {
                    let text = String::from_utf8(bytes)
                        .map_err(|_| AppError::BadRequest("not UTF-8".into()))?;
                    fields.push((name, text));
                }
            }
        }
        Ok(VisitPost { fields, files, left_out, _memory: Some(memory) })
    }
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadRequest(e.body_text())
    }
}

pub use crate::visits::store::PhotosBy;

/// The photo block on the form: thumbnails with a remove button (a submit
/// of the whole form, so nothing typed is lost), and the camera input.
pub fn form_block(
    ctx: &Ctx,
    code: Option<&str>,
    list: &[photo::Model],
    error: Option<String>,
) -> Markup {
    let l = ctx.locale;
    let input_id = format!("photo-{}", code.unwrap_or("visit"));
    html! {
        div.photos data-criterion=(code.unwrap_or("")) {
            ul.photo-list {
                @for p in list {
                    li.photo {
                        a href=(paths::photo_file(&p.id, PhotoSize::Display)) {
                            img src=(paths::photo_file(&p.id, PhotoSize::Thumb)) alt=(l.t("photo-alt"))
                                width=(thumb_size(p).0) height=(thumb_size(p).1) loading="lazy";
                        }
                        button.btn.btn-secondary.photo-remove type="submit" name="action"
                            value={ "remove:" (p.id) } data-photo-delete=(paths::api_photo(&p.id)) { (l.t("photo-remove")) }
                    }
                }
            }
            @if let Some(e) = error { p.field-error role="alert" { (e) } }
            // Styled buttons over hidden file inputs: the camera straight
            // away, or photos already taken. Both post as `photo:CODE`.
            div.photo-buttons {
                @for (suffix, key, camera) in [("camera", "photo-take", true), ("gallery", "photo-from-gallery", false)] {
                    label.btn.btn-secondary.photo-add for={ (input_id) "-" (suffix) } {
                        span { (l.t(key)) }
                        input.visually-hidden #{ (input_id) "-" (suffix) } type="file"
                            name={ (FILE_PREFIX) (code.unwrap_or("")) }
                            accept="image/*" capture=[camera.then_some("environment")] multiple;
                    }
                }
            }
        }
    }
}

/// A thumbnail's box: longest side 320, as the pipeline makes it.
fn thumb_size(p: &photo::Model) -> (i32, i32) {
    let (w, h) = (p.width.max(1), p.height.max(1));
    if w >= h { (320, (320 * h / w).max(1)) } else { ((320 * w / h).max(1), 320) }
}

/// Thumbnails linking to the display copy, each with its flags. Flags are
/// for reviewers and trainers: telling the shopper which photos look odd
/// would only teach how to avoid the check.
pub fn report_block(ctx: &Ctx, list: &[photo::Model], v: &visit::Model, app: &AppState) -> Markup {
    let l = ctx.locale;
    let rules = app.evidence.rules();
    let staff = ctx.actor.as_ref().is_some_and(|a| a.role.reads_all_visits());
    html! {
        @if !list.is_empty() {
            ul.photo-list {
                @for p in list {
                    @let flags = if staff { photos::flags_of(p, v, &rules) } else { Vec::new() };
                    li.photo.flagged[!flags.is_empty()] {
                        a href=(paths::photo_file(&p.id, PhotoSize::Display)) {
                            img src=(paths::photo_file(&p.id, PhotoSize::Thumb)) alt=(l.t("photo-alt"))
                                width=(thumb_size(p).0) height=(thumb_size(p).1) loading="lazy";
                        }
                        (flag_list(ctx, &flags))
                    }
                }
            }
        }
    }
}

/// The authenticity flags, as a marker and words.
pub fn flag_list(ctx: &Ctx, flags: &[Flag]) -> Markup {
    html! {
        @for f in flags {
            p.photo-flag { span.badge.badge-flag aria-hidden="true" { "⚑" } " " (ctx.t(f.label_key())) }
        }
    }
}
