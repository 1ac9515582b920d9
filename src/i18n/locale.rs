use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./assets/locales",
        fallback_language: "en",
        // Unicode isolation marks around arguments would leak into values
        // that users copy (emails, names); the page's `dir` handles bidi.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    En,
    Fa,
    Ar,
}

static EN: LanguageIdentifier = langid!("en");
static FA: LanguageIdentifier = langid!("fa");
static AR: LanguageIdentifier = langid!("ar");

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Fa, Locale::Ar];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fa => "fa",
            Locale::Ar => "ar",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        Self::ALL.into_iter().find(|l| l.code() == s.trim())
    }

    pub fn dir(self) -> &'static str {
        match self {
            Locale::En => "ltr",
            Locale::Fa | Locale::Ar => "rtl",
        }
    }

    /// The language's own name, for pickers (never translated).
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fa => "فارسی",
            Locale::Ar => "العربية",
        }
    }

    fn langid(self) -> &'static LanguageIdentifier {
        match self {
            Locale::En => &EN,
            Locale::Fa => &FA,
            Locale::Ar => &AR,
        }
    }

    /// The string for `key`. A missing key shows itself, so a gap is visible
    /// on the page; a test keeps every language complete.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.langid(), key)
    }

    /// The string for `key` with named arguments. Numbers must be formatted
    /// by the caller (Fluent would print Latin digits).
    pub fn t_args(self, key: &str, args: &[(&str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Owned((*k).to_owned()), FluentValue::from(v.clone())))
            .collect();
        LOCALES.lookup_with_args(self.langid(), key, &map)
    }

    pub fn msg(self, msg: &Msg) -> String {
        let args: Vec<(&str, String)> = msg
            .args
            .iter()
            .map(|(k, v)| match v {
                Arg::Text(t) => (*k, t.clone()),
                Arg::Int(n) => (*k, super::format_int(self, *n)),
                Arg::Decimal(x) => {
                    (*k, super::format_decimal(self, x.parse().unwrap_or_default(), 6))
                }
                Arg::Msg(m) => (*k, self.msg(m)),
                Arg::List(ms) => {
                    (*k, ms.iter().map(|m| self.msg(m)).collect::<Vec<_>>().join("; "))
                }
            })
            .collect();
        self.t_args(msg.key, &args)
    }
}

/// A message to show a user, translated only when rendered, because the
/// domain does not know the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// A message argument. Numbers stay numbers until rendered, so they come
/// out in the reader's digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Int(i64),
    /// A number with a fraction, kept as Rust writes it (`2.5`) so a `Msg`
    /// stays comparable; written in the reader's digits when rendered.
    Decimal(String),
    /// Another message, translated in the same language.
    Msg(Box<Msg>),
    /// Several messages, joined.
    List(Vec<Msg>),
}

impl Msg {
    pub fn new(key: &'static str) -> Self {
        Self { key, args: Vec::new() }
    }

    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    pub fn with_msg(mut self, name: &'static str, value: Msg) -> Self {
        self.args.push((name, Arg::Msg(Box::new(value))));
        self
    }

    pub fn with_list(mut self, name: &'static str, value: Vec<Msg>) -> Self {
        self.args.push((name, Arg::List(value)));
        self
    }

    pub fn with_decimal(mut self, name: &'static str, value: f64) -> Self {
        self.args.push((name, Arg::Decimal(value.to_string())));
        self
    }

    pub fn with_int(mut self, name: &'static str, value: i64) -> Self {
        self.args.push((name, Arg::Int(value)));
        self
    }
}

/// Picks the best of our languages from an `Accept-Language` header.
pub fn negotiate(accept_language: &str) -> Option<Locale> {
    accept_language::intersection(accept_language, &["en", "fa", "ar"])
        .first()
        .and_then(|code| Locale::parse(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality_and_ignores_unknown_languages() {
        assert_eq!(negotiate("fa-IR,fa;q=0.9,en;q=0.5"), Some(Locale::Fa));
        assert_eq!(negotiate("de-DE,ar;q=0.8,en;q=0.5"), Some(Locale::Ar));
        assert_eq!(negotiate("de-DE"), None);
        assert_eq!(negotiate(""), None);
    }

    #[test]
    fn right_to_left_for_persian_and_arabic_only() {
        assert_eq!(Locale::En.dir(), "ltr");
        assert_eq!(Locale::Fa.dir(), "rtl");
        assert_eq!(Locale::Ar.dir(), "rtl");
    }
}
