//! Small reusable pieces of pages: form fields that show their error and
//! keep what was typed.
use maud::{Markup, html};

use super::context::Ctx;
use super::csrf;
use crate::checklists::document::CriterionDoc;
use crate::error::FieldErrors;
use crate::i18n::Locale;
use crate::visits::scoring::{Answer, Value};

mod dates;
pub use dates::{date_input, moment_input, time_field};

pub fn csrf_field(ctx: &Ctx) -> Markup {
    html! { input type="hidden" name=(csrf::FIELD) value=(ctx.csrf); }
}

/// A labelled input. `kind` is the HTML input type; `autocomplete` helps
/// phones fill the right thing.
pub fn input(
    ctx: &Ctx,
    name: &str,
    label_key: &str,
    kind: &str,
    value: &str,
    errors: &FieldErrors,
    autocomplete: &str,
) -> Markup {
    let optional = Need::default();
    input_needed(ctx, name, label_key, kind, value, errors, autocomplete, &optional, None)
}

/// Whether a field must be filled, said before the form is sent: `now`
/// marks it and makes the browser ask; `for_channels` (space-separated
/// channel names) lets the page's script move the mark when the channel
/// changes; `note` is a hint under the field ("Needed for a store").
#[derive(Default)]
pub struct Need {
    pub now: bool,
    pub for_channels: Option<String>,
    pub note: Option<String>,
}

/// A labelled input that says whether it is required (see [`Need`]), with
/// an optional `list` of suggestions (a `datalist` id).
#[allow(clippy::too_many_arguments)]
pub fn input_needed(
    ctx: &Ctx,
    name: &str,
    label_key: &str,
    kind: &str,
    value: &str,
    errors: &FieldErrors,
    autocomplete: &str,
    need: &Need,
    list: Option<&str>,
) -> Markup {
    let message = errors.get(name).map(|m| ctx.locale.msg(m));
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described: Vec<&str> =
        [need.note.as_ref().map(|_| hint_id.as_str()), message.as_ref().map(|_| error_id.as_str())]
            .into_iter()
            .flatten()
            .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    html! {
        div.field.has-error[message.is_some()] data-required-for=[need.for_channels.as_deref()] {
            label for=(name) {
                (ctx.t(label_key))
                // Drawn where it is needed or may become so (the script moves it).
                @if need.now || need.for_channels.is_some() {
                    span.required-mark hidden[!need.now] { " " (ctx.t("field-required-mark")) }
                }
            }
            input id=(name) name=(name) type=(kind) value=(value) autocomplete=(autocomplete)
                list=[list] required[need.now] aria-invalid=[message.as_ref().map(|_| "true")]
                aria-describedby=[described];
            @if let Some(n) = &need.note { p.hint id=(hint_id) { (n) } }
            @if let Some(e) = &message { p.field-error id=(error_id) { (e) } }
        }
    }
}

/// A labelled select of `(value, label)` pairs.
pub fn select(
    ctx: &Ctx,
    name: &str,
    label_key: &str,
    options: &[(String, String)],
    selected: &str,
    errors: &FieldErrors,
) -> Markup {
    let control = |err: &FieldError| {
        html! {
            select id=(name) name=(name) aria-invalid=[err.invalid()] aria-describedby=[err.described_by()] {
                @for (value, label) in options {
                    option value=(value) selected[value == selected] { (label) }
                }
            }
        }
    };
    field(ctx, name, label_key, errors, control)
}

/// A field's error, if any, and the id that ties it to its control.
struct FieldError {
    message: Option<String>,
    id: String,
}

impl FieldError {
    fn invalid(&self) -> Option<&'static str> {
        self.message.as_ref().map(|_| "true")
    }

    fn described_by(&self) -> Option<&str> {
        self.message.as_ref().map(|_| self.id.as_str())
    }
}

/// The frame every field shares: label, control, and the error beside it.
fn field(
    ctx: &Ctx,
    name: &str,
    label_key: &str,
    errors: &FieldErrors,
    control: impl FnOnce(&FieldError) -> Markup,
) -> Markup {
    let err = FieldError {
        message: errors.get(name).map(|m| ctx.locale.msg(m)),
        id: format!("{name}-error"),
    };
    html! {
        div.field.has-error[err.message.is_some()] {
            label for=(name) { (ctx.t(label_key)) }
            (control(&err))
            @if let Some(e) = &err.message {
                p.field-error id=(err.id) { (e) }
            }
        }
    }
}

/// A labelled checkbox; ticked sends `on`.
pub fn checkbox(
    ctx: &Ctx,
    name: &str,
    label_key: &str,
    checked: bool,
    hint_key: Option<&str>,
) -> Markup {
    html! {
        div.field.checkbox {
            label {
                input type="checkbox" name=(name) checked[checked];
                " " (ctx.t(label_key))
            }
            @if let Some(h) = hint_key { p.hint { (ctx.t(h)) } }
        }
    }
}

/// A brand's chart colour as a small square. SVG attributes, not inline
/// styles, so the content security policy needs no exception.
pub fn swatch(color: &str) -> Markup {
    html! {
        svg.swatch width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false" {
            rect width="14" height="14" rx="3" fill=(color) {}
        }
    }
}

/// "Page 2 of 7" with previous and next links that keep the filters.
pub fn pager(ctx: &Ctx, page: u64, pages: u64, link: impl Fn(u64) -> String) -> Markup {
    let l = ctx.locale;
    let n = |x: u64| crate::i18n::format_int(l, x as i64);
    html! {
        @if pages > 1 {
            nav.pager aria-label=(l.t("pager-label")) {
                @if page > 1 { a rel="prev" href=(link(page - 1)) { (l.t("pager-previous")) } }
                span { (l.t_args("pager-position", &[("page", n(page)), ("pages", n(pages))])) }
                @if page < pages { a rel="next" href=(link(page + 1)) { (l.t("pager-next")) } }
            }
        }
    }
}

/// The card that archives or restores a brand or location. `notes` are the
/// locale keys explaining each state: (while active, while archived).
pub fn archive_card(ctx: &Ctx, action: &str, archived: bool, notes: (&str, &str)) -> Markup {
    let l = ctx.locale;
    html! {
        section.card {
            h2 { (l.t("archive-title")) }
            p.muted { (l.t(if archived { notes.1 } else { notes.0 })) }
            form method="post" action=(action) {
                (csrf_field(ctx))
                @if archived {
                    input type="hidden" name="archived" value="false";
                    button.btn.btn-secondary type="submit" { (l.t("restore")) }
                } @else {
                    input type="hidden" name="archived" value="true";
                    button.btn.btn-danger type="submit" { (l.t("archive")) }
                }
            }
        }
    }
}

/// What a new password must be, beside the field.
pub fn password_hint(ctx: &Ctx) -> Markup {
    let min = crate::i18n::format_int(ctx.locale, crate::accounts::passwords::MIN_LENGTH as i64);
    html! { p.hint { (ctx.locale.t_args("password-hint", &[("min", min)])) } }
}

/// A box above a form saying it has problems, for screen readers and for
/// long forms where the first error is off screen.
pub fn error_summary(ctx: &Ctx, errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error-summary role="alert" { (ctx.t("form-has-errors")) }
        }
    }
}

/// An answer as the report and the gallery show it: yes or no, a number in
/// the locale's digits with its unit, a choice's label when the criterion
/// is known (its key otherwise).
pub fn answer_text(l: Locale, a: &Answer, c: Option<&CriterionDoc>) -> String {
    match a {
        Answer::Na => l.t("answer-na"),
        Answer::Given(Value::Bool(b)) => l.t(if *b { "answer-yes" } else { "answer-no" }),
        Answer::Given(Value::Number(n)) => {
            let n = crate::i18n::format_decimal(l, *n, 2);
            match c.and_then(|c| c.unit.as_ref()) {
                Some(u) => format!("{n} {u}"),
                None => n,
            }
        }
        Answer::Given(Value::Choice(key)) => c
            .and_then(|c| c.options.iter().find(|o| &o.key == key))
            .map_or_else(|| key.clone(), |o| o.label.clone()),
        Answer::Given(Value::Text(t)) => t.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, Msg};

    pub(super) fn ctx() -> Ctx {
        Ctx {
            actor: None,
            locale: Locale::En,
            csrf: "tok".into(),
            session: None,
            path_and_query: "/".into(),
            is_api: false,
            client_ip: "127.0.0.1".into(),
            request_id: "r".into(),
            flash: None,
            unread: None,
        }
    }

    #[test]
    fn an_input_keeps_its_value_and_shows_its_error_beside_it() {
        let mut errors = FieldErrors::new();
        errors.insert("email".into(), Msg::new("email-invalid"));
        let html = input(&ctx(), "email", "field-email", "email", "not-an-email", &errors, "email")
            .into_string();
        assert!(html.contains(r#"value="not-an-email""#), "{html}");
        assert!(html.contains(r#"aria-invalid="true""#), "{html}");
        assert!(html.contains(&Locale::En.t("email-invalid")), "{html}");
    }

    #[test]
    fn a_select_marks_the_chosen_option() {
        let opts = vec![("a".to_owned(), "A".to_owned()), ("b".to_owned(), "B".to_owned())];
        let html = select(&ctx(), "x", "field-role", &opts, "b", &FieldErrors::new()).into_string();
        assert!(html.contains(r#"<option value="b" selected>B</option>"#), "{html}");
    }

    #[test]
    fn an_answer_shows_as_its_criterion_says_in_the_readers_digits() {
        let doc: CriterionDoc = serde_json::from_value(serde_json::json!({
            "code": "C1", "prompt": "Shelf", "kind": "choice",
            "options": [{"key": "full", "label": "Fully stocked", "value": 1.0}]
        }))
        .unwrap();
        let choice = Answer::Given(Value::Choice("full".into()));
        assert_eq!(answer_text(Locale::En, &choice, Some(&doc)), "Fully stocked");
        assert_eq!(answer_text(Locale::En, &choice, None), "full");
        let text = Answer::Given(Value::Text("full".into()));
        assert_eq!(answer_text(Locale::En, &text, Some(&doc)), "full", "a text is never a label");
        let minutes = CriterionDoc { unit: Some("min".into()), ..doc };
        let n = Answer::Given(Value::Number(12.5));
        assert_eq!(answer_text(Locale::Fa, &n, Some(&minutes)), "۱۲٫۵ min");
        assert_eq!(answer_text(Locale::En, &Answer::Given(Value::Bool(false)), None), "No");
    }
}
