//! Date fields a phone fills in the reader's calendar. English and Arabic
//! use the Gregorian calendar, so they keep the browser's own picker
//! (`type="date"`, value ISO), which a phone shows in its own language and
//! digits and which is quicker than typing. No browser offers a Solar Hijri
//! picker, so a Persian page takes the date as text, `۱۴۰۵/۰۹/۱۳`, read by
//! `i18n::parse_date` on the server: no script needed.
use maud::{Markup, html};

use super::input;
use crate::error::FieldErrors;
use crate::i18n::{
    Locale, Msg, format_date, format_date_gregorian, input_date, parse_date, parse_time,
    solar_hijri,
};
use crate::web::context::Ctx;

/// The value a date field shows for what was sent: the date in the field's
/// own form when it is one (an ISO bookmark on a Persian page shows
/// `۱۴۰۵/۰۹/۱۳`), else the text as typed, beside its error.
fn shown(l: Locale, typed: &str) -> String {
    parse_date(l, typed).map_or_else(|| typed.to_owned(), |d| input_date(l, d))
}

/// A field's error; where dates are typed as text, "enter a date as
/// YYYY-MM-DD" (the API's words too) becomes the page's own format.
fn message(l: Locale, errors: &FieldErrors, name: &str) -> Option<String> {
    errors.get(name).map(|m| match m.key {
        "date-invalid" if solar_hijri(l) => l.msg(&Msg::new("date-invalid-entry")),
        "visit-time-invalid" if solar_hijri(l) => l.msg(&Msg::new("visit-time-invalid-entry")),
        _ => l.msg(m),
    })
}

/// The Persian date text box. `inputmode="decimal"`, not `numeric`: an
/// iPhone's numeric pad has no separator key and its decimal pad has one
/// (`.` or `٫`, both read as `/`). `dir="ltr"` keeps the caret and a
/// half-typed `۱۴۰۵/` in place while typing.
fn text_box(ctx: &Ctx, name: &str, value: &str, described: Option<&str>, invalid: bool) -> Markup {
    html! {
        input.date-entry id=(name) name=(name) type="text" inputmode="decimal" dir="ltr"
            autocomplete="off" value=(value) placeholder=(ctx.t("date-placeholder"))
            aria-invalid=[invalid.then_some("true")] aria-describedby=[described];
    }
}

/// The small print under a Persian date: the Gregorian date of the value,
/// or how to type one. The script keeps it in step with the typing, from
/// the two texts it carries.
fn solar_hint(l: Locale, id: &str, date: &str) -> Markup {
    let text = match parse_date(l, date) {
        Some(d) => l.t_args("date-gregorian", &[("date", format_date_gregorian(l, d))]),
        None => l.t("date-entry-hint"),
    };
    let template = l.t_args("date-gregorian", &[("date", "{date}".into())]);
    html! { p.hint.gregorian id=(id) data-gregorian=(template) data-entry=(l.t("date-entry-hint")) { (text) } }
}

/// A labelled date field that keeps what was typed and shows its error.
pub fn date_input(
    ctx: &Ctx,
    name: &str,
    label_key: &str,
    value: &str,
    errors: &FieldErrors,
) -> Markup {
    let l = ctx.locale;
    if l == Locale::En {
        return input(ctx, name, label_key, "date", value, errors, "off");
    }
    let message = message(l, errors, name);
    let (hint_id, error_id) = (format!("{name}-hint"), format!("{name}-error"));
    let hint = if solar_hijri(l) {
        Some(solar_hint(l, &hint_id, value))
    } else {
        // Arabic: the picker may show the phone's Latin digits; the date
        // in Arabic words and digits is said under it.
        parse_date(l, value).map(|d| html! { p.hint id=(hint_id) { (format_date(l, d)) } })
    };
    let described = [hint.as_ref().map(|_| &hint_id), message.as_ref().map(|_| &error_id)]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    let described = (!described.is_empty()).then_some(described.as_str());
    html! {
        div.field.date-field.has-error[message.is_some()] {
            label for=(name) { (ctx.t(label_key)) }
            @if solar_hijri(l) {
                (text_box(ctx, name, &shown(l, value), described, message.is_some()))
            } @else {
                input id=(name) name=(name) type="date" value=(shown(l, value)) autocomplete="off"
                    aria-invalid=[message.as_ref().map(|_| "true")] aria-describedby=[described];
            }
            @if let Some(h) = hint { (h) }
            @if let Some(e) = &message { p.field-error id=(error_id) { (e) } }
        }
    }
}

/// The name of a moment field's time part on a Persian page.
pub fn time_field(name: &str) -> String {
    format!("{name}_time")
}

/// A moment as typed on a Persian page, `۱۴۰۵/۰۹/۱۳ 14:30`, split into the
/// date box's and the time box's values (either may be missing).
fn split_moment(s: &str) -> (&str, &str) {
    let s = s.trim();
    match s.rsplit_once(char::is_whitespace) {
        Some((d, t)) if parse_time(t).is_some() => (d.trim(), t),
        _ if parse_time(s).is_some() => ("", s),
        _ => (s, ""),
    }
}

/// A date and time in the location's zone. English and Arabic keep
/// `datetime-local`; a Persian page has the Solar Hijri date as text and a
/// `type="time"` box beside it (a time picker is the same in any calendar),
/// posted as `name` and `name_time` and joined again by the page.
pub fn moment_input(
    ctx: &Ctx,
    name: &str,
    label_key: &str,
    value: &str,
    errors: &FieldErrors,
) -> Markup {
    let l = ctx.locale;
    let message = message(l, errors, name);
    if !solar_hijri(l) {
        return html! {
            div.field.has-error[message.is_some()] {
                label for=(name) { (l.t(label_key)) }
                input #(name) type="datetime-local" name=(name) value=(value);
                @if let Some(e) = &message { p.field-error { (e) } }
            }
        };
    }
    let (date, time) = split_moment(value);
    let (hint_id, error_id) = (format!("{name}-hint"), format!("{name}-error"));
    let described = match &message {
        Some(_) => format!("{hint_id} {error_id}"),
        None => hint_id.clone(),
    };
    let time_name = time_field(name);
    html! {
        div.field.date-field.has-error[message.is_some()] {
            label for=(name) { (l.t(label_key)) }
            div.moment {
                (text_box(ctx, name, &shown(l, date), Some(&described), message.is_some()))
                input id=(time_name) name=(time_name) type="time" value=(time)
                    aria-label=(l.t("field-time-of-day"));
            }
            (solar_hint(l, &hint_id, date))
            @if let Some(e) = &message { p.field-error id=(error_id) { (e) } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(locale: Locale) -> Ctx {
        Ctx { locale, ..super::super::tests::ctx() }
    }

    #[test]
    fn english_keeps_the_browsers_date_picker() {
        let html = date_input(
            &ctx(Locale::En),
            "from",
            "scorecard-from",
            "2026-12-04",
            &FieldErrors::new(),
        )
        .into_string();
        assert!(
            html.contains(r#"type="date""#) && html.contains(r#"value="2026-12-04""#),
            "{html}"
        );
    }

    #[test]
    fn a_persian_date_is_solar_hijri_text_with_the_gregorian_date_under_it() {
        let html = date_input(
            &ctx(Locale::Fa),
            "from",
            "scorecard-from",
            "2026-12-04",
            &FieldErrors::new(),
        )
        .into_string();
        assert!(
            html.contains(r#"type="text""#) && html.contains(r#"value="۱۴۰۵/۰۹/۱۳""#),
            "{html}"
        );
        assert!(html.contains("۲۰۲۶"), "{html}");
    }

    #[test]
    fn a_bad_persian_date_is_kept_with_the_pages_own_format_in_its_message() {
        let mut errors = FieldErrors::new();
        errors.insert("to".into(), Msg::new("date-invalid"));
        let html =
            date_input(&ctx(Locale::Fa), "to", "scorecard-to", "1405/13/40", &errors).into_string();
        assert!(html.contains(r#"value="1405/13/40""#), "{html}");
        assert!(html.contains(&Locale::Fa.t("date-invalid-entry")), "{html}");
    }

    #[test]
    fn arabic_keeps_the_picker_and_says_the_date_in_arabic() {
        let html =
            date_input(&ctx(Locale::Ar), "to", "scorecard-to", "2026-12-04", &FieldErrors::new())
                .into_string();
        assert!(
            html.contains(r#"type="date""#) && html.contains(r#"value="2026-12-04""#),
            "{html}"
        );
        assert!(html.contains("٢٠٢٦"), "{html}");
    }

    #[test]
    fn a_persian_moment_splits_into_its_date_and_time() {
        assert_eq!(split_moment("۱۴۰۵/۰۹/۱۳ 14:30"), ("۱۴۰۵/۰۹/۱۳", "14:30"));
        assert_eq!(split_moment("۱۴۰۵/۰۹/۱۳"), ("۱۴۰۵/۰۹/۱۳", ""));
        assert_eq!(split_moment("14:30"), ("", "14:30"));
        assert_eq!(split_moment("13 آذر"), ("13 آذر", ""));
        let html = moment_input(
            &ctx(Locale::Fa),
            "started_at",
            "visit-started-at",
            "1405/09/13 14:30",
            &FieldErrors::new(),
        )
        .into_string();
        assert!(html.contains(r#"name="started_at_time" type="time" value="14:30""#), "{html}");
        assert!(html.contains(r#"value="۱۴۰۵/۰۹/۱۳""#), "{html}");
    }
}
