//! The trainers' gallery: a filtered grid of thumbnails, a large view of
//! one photo with its question, answer and visit, and trainers' tags and
//! comments. The filter lives in the URL, so every view can be linked.
use crate::web::extract::{Path, Query};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;

use std::collections::HashMap;

use chrono::Offset;

use crate::app::AppState;
use crate::entities::{checklist_criterion, location, photo, user, visit, visit_answer};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::evidence::gallery::{self, Dir, Filter};
use crate::evidence::photos;
use crate::i18n::{Locale, as_iso, format_date, format_datetime};
use crate::places::{Channel, brands, locations};
use crate::web::components::{answer_text, csrf_field, date_input, input, select};
use crate::web::context::{Ctx, CurrentUser};
use crate::web::extract::PageForm;
use crate::web::layout;
use crate::web::pages::visits::edit::locations_by_id;
use crate::web::pages::visits::photos::flag_list;
use crate::web::pages::visits::report::tz_of;
use crate::web::pages::visits::report::visit_day;
use crate::web::paths::{self, PhotoSize};

/// At most this many locations in the filter's list.
const LOCATION_CHOICES: u64 = 200;

/// The filter as the URL carries it; values that do not parse are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct GalleryQuery {
    category: String,
    criterion: String,
    brand: String,
    location: String,
    channel: String,
    from: String,
    to: String,
    answer: String,
    flagged: String,
    after: String,
    before: String,
}

impl GalleryQuery {
    /// The typed dates as ISO (Solar Hijri text on a Persian page), once,
    /// so the filter and every link that carries it read the same dates.
    fn in_iso(mut self, l: Locale) -> Self {
        self.from = as_iso(l, &self.from);
        self.to = as_iso(l, &self.to);
        self
    }

    fn filter(&self) -> Filter {
        let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        Filter {
            category: self.category.trim().to_owned(),
            criterion: self.criterion.trim().to_owned(),
            brand_id: self.brand.trim().parse().ok(),
            location_id: self.location.trim().parse().ok(),
            channel: self.channel.trim().to_owned(),
            from: date(&self.from),
            to: date(&self.to),
            answer: self.answer.trim().to_owned(),
            flagged: !self.flagged.is_empty(),
        }
    }

    /// The filter's part of a URL query, without the page cursor.
    fn params(&self) -> Vec<(&'static str, String)> {
        vec![
            ("category", self.category.clone()),
            ("criterion", self.criterion.clone()),
            ("brand", self.brand.clone()),
            ("location", self.location.clone()),
            ("channel", self.channel.clone()),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
            ("answer", self.answer.clone()),
            ("flagged", self.flagged.clone()),
        ]
    }

    fn link(&self, path: &str, extra: Option<(&'static str, String)>) -> String {
        let mut p = self.params();
        p.extend(extra);
        paths::with_query(path, &p)
    }
}

/// `GET /gallery`.
pub async fn list(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Query(q): Query<GalleryQuery>,
) -> AppResult<Markup> {
    actor.require(gallery::may_view)?;
    let q = q.in_iso(ctx.locale);
    let cursor = match (q.after.as_str(), q.before.as_str()) {
        (a, _) if !a.is_empty() => Some((a, Dir::Older)),
        (_, b) if !b.is_empty() => Some((b, Dir::Newer)),
        _ => None,
    };
    let page = gallery::page(&app.db, &q.filter(), &app.evidence.rules(), cursor).await?;
    let tiles = tiles(&app, &page.items).await?;
    let l = ctx.locale;
    let body = html! {
        (filter_form(&app, &ctx, &q).await?)
        @if page.items.is_empty() {
            p.muted { (l.t("gallery-empty")) }
        } @else {
            ul.gallery-grid {
                @for p in &page.items {
                    li {
                        @let t = tiles.get(&p.id);
                        a href=(q.link(&paths::gallery_photo(&p.id), None)) {
                            img src=(paths::photo_file(&p.id, PhotoSize::Thumb)) alt=(l.t("photo-alt")) loading="lazy";
                            // Kept small: a page holds 48 tiles within the page budget.
                            @if let Some(prompt) = t.and_then(|t| t.prompt.as_deref()) {
                                strong dir="auto" { (prompt) }
                            } @else if let Some(c) = &p.criterion_code { span.code { (c) } }
                            @if let Some(t) = t {
                                small { bdi { (t.location) } " · " (format_date(l, t.day)) }
                                @match t.failed {
                                    Some(true) => { span.badge.badge-failed { (l.t("gallery-failed")) } }
                                    Some(false) => { span.badge.badge-passed { (l.t("gallery-passed")) } }
                                    None => {}
                                }
                            }
                        }
                    }
                }
            }
        }
        nav.pager aria-label=(l.t("pager-label")) {
            @if page.more_newer {
                @if let Some(first) = page.items.first() {
                    a.btn.btn-secondary rel="prev" href=(q.link(paths::GALLERY, Some(("before", first.id.clone())))) { (l.t("gallery-newer")) }
                }
            }
            @if page.more_older {
                @if let Some(last) = page.items.last() {
                    a.btn.btn-secondary rel="next" href=(q.link(paths::GALLERY, Some(("after", last.id.clone())))) { (l.t("gallery-older")) }
                }
            }
        }
    };
    Ok(layout::page(&ctx, &l.t("nav-gallery"), body))
}

/// What a tile says about its photo besides the picture.
struct Tile {
    /// The question's prompt; `None` for a photo of the whole visit.
    prompt: Option<String>,
    location: String,
    /// The day of the visit, in its location's time zone.
    day: NaiveDate,
    /// Whether the answer failed; `None` when unanswered or not scored.
    failed: Option<bool>,
}

/// The tiles of a page of photos, by photo id: four queries for the page.
async fn tiles(app: &AppState, items: &[photo::Model]) -> AppResult<HashMap<String, Tile>> {
    let visit_ids: Vec<&str> = items.iter().map(|p| p.visit_id.as_str()).collect();
    let visits: HashMap<String, visit::Model> = visit::Entity::find()
        .filter(visit::Column::Id.is_in(visit_ids.clone()))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|v| (v.id.clone(), v))
        .collect();
    let locs = locations_by_id(app, visits.values().map(|v| v.location_id)).await?;
    let codes: Vec<&str> = items.iter().filter_map(|p| p.criterion_code.as_deref()).collect();
    let versions: Vec<i32> = visits.values().map(|v| v.checklist_version_id).collect();
    let prompts: HashMap<(i32, String), String> = checklist_criterion::Entity::find()
        .filter(checklist_criterion::Column::VersionId.is_in(versions))
        .filter(checklist_criterion::Column::Code.is_in(codes.clone()))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|c| ((c.version_id, c.code), c.prompt))
        .collect();
    let answers: HashMap<(String, String), visit_answer::Model> = visit_answer::Entity::find()
        .filter(visit_answer::Column::VisitId.is_in(visit_ids))
        .filter(visit_answer::Column::Code.is_in(codes))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|a| ((a.visit_id.clone(), a.code.clone()), a))
        .collect();
    let mut out = HashMap::new();
    for p in items {
        let Some(v) = visits.get(&p.visit_id) else { continue };
        let Some(loc) = locs.get(&v.location_id) else { continue };
        let code = p.criterion_code.clone();
        let answer = code.as_ref().and_then(|c| answers.get(&(v.id.clone(), c.clone())));
        out.insert(
            p.id.clone(),
            Tile {
                prompt: code.and_then(|c| prompts.get(&(v.checklist_version_id, c)).cloned()),
                location: loc.name.clone(),
                day: visit_day(v, loc),
                failed: answer.filter(|a| a.possible.is_some()).map(|a| a.failed),
            },
        );
    }
    Ok(out)
}

async fn filter_form(app: &AppState, ctx: &Ctx, q: &GalleryQuery) -> AppResult<Markup> {
    let l = ctx.locale;
    let any = || (String::new(), l.t("filter-any"));
    let brands: Vec<(String, String)> = std::iter::once(any())
        .chain(brands::list(&app.db, true).await?.into_iter().map(|b| (b.id.to_string(), b.name)))
        .collect();
    // The chosen brand's locations; all of them only while few, so the
    // page stays light with thousands (a location id in the URL still works).
    let mut found = location::Entity::find().order_by_asc(location::Column::NameKey);
    if let Some(b) = q.filter().brand_id {
        found = found.filter(location::Column::BrandId.eq(b));
    }
    let found = found.limit(LOCATION_CHOICES + 1).all(&app.db).await?;
    let few = found.len() as u64 <= LOCATION_CHOICES;
    let locs: Vec<(String, String)> = std::iter::once(any())
        .chain(found.into_iter().map(|x| (x.id.to_string(), x.name)))
        .collect();
    let channels: Vec<(String, String)> = std::iter::once(any())
        .chain(Channel::ALL.into_iter().map(|c| (c.as_str().to_owned(), l.t(c.label_key()))))
        .collect();
    let answers = vec![
        any(),
        ("passed".to_owned(), l.t("gallery-passed")),
        ("failed".to_owned(), l.t("gallery-failed")),
    ];
    let none = FieldErrors::new();
    // A date that is no date is left out of the filter and said beside it.
    let mut dates = FieldErrors::new();
    for (name, typed, read) in [("from", &q.from, q.filter().from), ("to", &q.to, q.filter().to)] {
        if read.is_none() && !typed.trim().is_empty() {
            dates.insert(name.into(), crate::i18n::Msg::new("date-invalid"));
        }
    }
    Ok(html! {
        details.card.filters open[!q.filter().eq(&Filter::default()) || !dates.is_empty()] {
            summary { (l.t("gallery-filters")) }
            form.stack method="get" action=(paths::GALLERY) {
                (input(ctx, "category", "gallery-category", "text", &q.category, &none, "off"))
                (input(ctx, "criterion", "gallery-criterion", "text", &q.criterion, &none, "off"))
                (select(ctx, "brand", "field-brand", &brands, &q.brand, &none))
                @if few {
                    (select(ctx, "location", "field-location", &locs, &q.location, &none))
                } @else {
                    p.hint { (l.t("gallery-choose-brand")) }
                    @if !q.location.is_empty() { input type="hidden" name="location" value=(q.location); }
                }
                (select(ctx, "channel", "field-channel", &channels, &q.channel, &none))
                (date_input(ctx, "from", "gallery-from", &q.from, &dates))
                (date_input(ctx, "to", "gallery-to", &q.to, &dates))
                (select(ctx, "answer", "gallery-answer", &answers, &q.answer, &none))
                label.choice {
                    input type="checkbox" name="flagged" value="1" checked[!q.flagged.is_empty()];
                    span { (l.t("gallery-flagged")) }
                }
                div.actions { button.btn.btn-secondary type="submit" { (l.t("filter-apply")) } }
            }
        }
    })
}

/// `GET /gallery/{id}`: one photo large, within the filter it came from.
pub async fn show(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<GalleryQuery>,
) -> AppResult<Markup> {
    actor.require(gallery::may_view)?;
    let q = q.in_iso(ctx.locale);
    show_page(&app, &ctx, &actor, &id, &q, &FieldErrors::new()).await
}

async fn show_page(
    app: &AppState,
    ctx: &Ctx,
    actor: &crate::accounts::Actor,
    id: &str,
    q: &GalleryQuery,
    errors: &FieldErrors,
) -> AppResult<Markup> {
    let l = ctx.locale;
    let rules = app.evidence.rules();
    let (p, v, newer, older) = gallery::find(&app.db, &q.filter(), &rules, id).await?;
    let loc = locations::find(&app.db, v.location_id).await?;
    let code = p.criterion_code.clone().unwrap_or_default();
    let crit = checklist_criterion::Entity::find()
        .filter(checklist_criterion::Column::VersionId.eq(v.checklist_version_id))
        .filter(checklist_criterion::Column::Code.eq(&code))
        .one(&app.db)
        .await?;
    let answer = visit_answer::Entity::find()
        .filter(visit_answer::Column::VisitId.eq(&v.id))
        .filter(visit_answer::Column::Code.eq(&code))
        .one(&app.db)
        .await?;
    let sections = app.scoring.sections(&app.db, v.checklist_version_id).await?;
    let value = answer.as_ref().and_then(|a| {
        let criteria = crate::visits::answers::criteria_by_code(&sections);
        crate::visits::answers::decode(criteria.get(code.as_str())?, a)
    });
    let tags = gallery::tags_of(&app.db, &p.id).await?;
    let comments = gallery::comments_of(&app.db, &p.id).await?;
    let authors = user::Entity::find()
        .filter(user::Column::Id.is_in(comments.iter().map(|c| c.author_id).collect::<Vec<_>>()))
        .all(&app.db)
        .await?;
    let flags = photos::flags_of(&p, &v, &rules);
    let annotate = gallery::may_annotate(actor.role);
    let back = q.link(paths::GALLERY, None);
    let comment_error = errors.get("body").map(|m| l.msg(m));
    let body = html! {
        nav.pager aria-label=(l.t("pager-label")) {
            a.btn.btn-secondary href=(back) { (l.t("gallery-back")) }
            @if let Some(n) = &newer { a.btn.btn-secondary rel="prev" href=(q.link(&paths::gallery_photo(n), None)) { (l.t("gallery-previous")) } }
            @if let Some(o) = &older { a.btn.btn-secondary rel="next" href=(q.link(&paths::gallery_photo(o), None)) { (l.t("gallery-next")) } }
        }
        figure.gallery-large {
            a href=(paths::photo_file(&p.id, PhotoSize::Full)) {
                img src=(paths::photo_file(&p.id, PhotoSize::Display)) alt=(l.t("photo-alt")) width=(p.width) height=(p.height);
            }
            @if !p.caption.is_empty() { figcaption { (p.caption) } }
        }
        (flag_list(ctx, &flags))
        section.card {
            dl.facts {
                @if let Some(c) = &crit { dt { (l.t("gallery-criterion")) } dd { span.code { (c.code) } " " (c.prompt) } }
                @if let Some(a) = &answer {
                    dt { (l.t("gallery-answer")) }
                    dd {
                        @match &value {
                            Some(value) => { (answer_text(l, value, None)) }
                            None => { (l.t("answer-none")) }
                        }
                        @if a.failed { " " span.badge.badge-failed { (l.t("answer-failed")) } }
                    }
                    @if !a.comment.is_empty() { dt { (l.t("answer-comment")) } dd { (a.comment) } }
                }
                dt { (l.t("field-location")) } dd { (loc.name) }
                dt { (l.t("photo-taken-at")) }
                dd {
                    @match p.taken_at {
                        Some(t) => { (format_datetime(l, t, t.with_timezone(&tz_of(&loc)).offset().fix())) }
                        None => { span.muted { (l.t("photo-taken-unknown")) } }
                    }
                }
                dt { (l.t("gallery-visit")) } dd { a href=(paths::visit(&v.id)) { (l.t("gallery-open-visit")) } }
            }
        }
        section.card {
            h2 { (l.t("gallery-tags")) }
            @if annotate {
                form.inline-actions method="post" action=(q.link(&paths::gallery_photo_tags(&p.id), None)) {
                    (csrf_field(ctx))
                    @for t in gallery::TAGS {
                        @let on = tags.contains(t);
                        button.btn.btn-secondary type="submit" name="tag" value={ (t) (if on { ":off" } else { ":on" }) } aria-pressed=(on.to_string()) {
                            (l.t(&format!("gallery-tag-{t}")))
                        }
                    }
                }
            } @else {
                @for t in gallery::TAGS.iter().filter(|t| tags.contains(**t)) {
                    span.badge.tag { (l.t(&format!("gallery-tag-{t}"))) } " "
                }
                @if tags.is_empty() { p.muted { (l.t("gallery-no-tags")) } }
            }
        }
        section.card {
            h2 { (l.t("gallery-comments")) }
            ul.comments {
                @for c in &comments {
                    li { bdi { (authors.iter().find(|u| u.id == c.author_id).map(|u| u.name.as_str()).unwrap_or("")) } ": " (c.body) }
                }
            }
            @if comments.is_empty() { p.muted { (l.t("gallery-no-comments")) } }
            @if annotate {
                form.stack method="post" action=(q.link(&paths::gallery_photo_comments(&p.id), None)) {
                    (csrf_field(ctx))
                    div.field.has-error[comment_error.is_some()] {
                        label for="body" { (l.t("gallery-add-comment")) }
                        textarea #body name="body" rows="3" {}
                        @if let Some(e) = &comment_error { p.field-error { (e) } }
                    }
                    div.actions { button.btn.btn-primary type="submit" { (l.t("gallery-comment-send")) } }
                }
            }
        }
    };
    Ok(layout::page(ctx, &l.t("gallery-photo-title"), body))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TagForm {
    tag: String,
}

/// `POST /gallery/{id}/tags`: `tag=good_example:on` (or `:off`).
pub async fn tag(
    State(app): State<AppState>,
    CurrentUser(actor, _): CurrentUser,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    PageForm(f): PageForm<TagForm>,
) -> AppResult<Response> {
    actor.require(gallery::may_view)?;
    let (p, _, _, _) =
        gallery::find(&app.db, &Filter::default(), &app.evidence.rules(), &id).await?;
    let (name, on) = f.tag.rsplit_once(':').unwrap_or((f.tag.as_str(), "on"));
    gallery::set_tag(&app.db, &actor, &p.id, name, on == "on").await?;
    Ok(Redirect::to(&back_to(&p.id, query)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    body: String,
}

/// `POST /gallery/{id}/comments`.
pub async fn comment(
    State(app): State<AppState>,
    CurrentUser(actor, ctx): CurrentUser,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    Query(q): Query<GalleryQuery>,
    PageForm(f): PageForm<CommentForm>,
) -> AppResult<Response> {
    actor.require(gallery::may_view)?;
    let q = q.in_iso(ctx.locale);
    let (p, _, _, _) =
        gallery::find(&app.db, &Filter::default(), &app.evidence.rules(), &id).await?;
    match gallery::add_comment(&app.db, &actor, &p.id, &f.body).await {
        Ok(()) => Ok(Redirect::to(&back_to(&p.id, query)).into_response()),
        Err(AppError::Validation(errors)) => {
            let page = show_page(&app, &ctx, &actor, &p.id, &q, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// Back to the large view, in the filter it was opened from.
fn back_to(id: &str, query: Option<String>) -> String {
    paths::with_raw_query(&paths::gallery_photo(id), query.as_deref())
}
