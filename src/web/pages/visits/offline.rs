//! What waits on the phone for a signal (issue 15): the line and list the
//! script fills from its queue, and the photo-size setting. Hidden until
//! the script shows them, so a page without JavaScript is as before.
use maud::{Markup, html};

use crate::i18n::{Locale, format_int};
use crate::web::context::Ctx;

/// Every plural category a language may use (the script picks one with
/// `Intl.PluralRules`); each message is rendered once per category.
const PLURALS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// `{"one": "{n} photo", "other": "{n} photos", ...}` for the script.
fn plural(l: Locale, key: &str) -> String {
    let forms: serde_json::Map<String, serde_json::Value> = PLURALS
        .iter()
        .map(|c| {
            let args = [("plural", (*c).to_owned()), ("count", "{n}".to_owned())];
            let text = match key {
                "photos" => l.t_args("offline-queue-photos", &args),
                _ => l.t_args("offline-queue-visits", &args),
            };
            ((*c).to_owned(), text.into())
        })
        .collect();
    serde_json::Value::Object(forms).to_string()
}

/// The queue's line ("3 photos and answers of 2 visits waiting for signal")
/// with the list behind it, each item with a delete button.
pub fn queue(ctx: &Ctx) -> Markup {
    let l = ctx.locale;
    let digits: String = (0..10).map(|d| format_int(l, d)).collect();
    let visit = || [("visit", "{visit}".to_owned())];
    html! {
        div.offline-queue.card hidden role="status" aria-live="polite"
            data-digits=(digits)
            data-msg-photos=(plural(l, "photos")) data-msg-visits=(plural(l, "visits"))
            data-msg-line=(l.t_args("offline-queue-line", &[("what", "{what}".into())]))
            data-msg-signed-out=(l.t("offline-queue-signed-out"))
            data-msg-answers=(l.t_args("offline-item-answers", &visit()))
            data-msg-photo=(l.t_args("offline-item-photo", &visit()))
            data-msg-submit=(l.t_args("offline-item-submit", &visit()))
            data-msg-delete=(l.t("offline-item-delete"))
            data-msg-confirm=(l.t("offline-item-delete-confirm"))
            data-msg-retry=(l.t("photo-retry"))
            data-msg-waiting=(l.t("offline-photo-waiting"))
            data-msg-queued-submit=(l.t("offline-submit-queued")) {
            p.offline-queue-line {}
            details {
                summary { (l.t("offline-queue-list")) }
                ul.offline-queue-items {}
            }
        }
    }
}

/// The visit form's photo-size setting (kept in the browser).
pub fn shrink_setting(ctx: &Ctx) -> Markup {
    html! {
        p.photo-shrink hidden {
            label.choice {
                input #photo-shrink type="checkbox";
                " " (ctx.t("offline-photo-shrink"))
            }
        }
    }
}
