//! Every string in every language: a key missing from any locale file, or a
//! key used in the code but absent from English, fails here.
use std::collections::BTreeSet;

use fluent_syntax::ast::Entry;

/// The keys of every `.ftl` file of one language (one file per domain);
/// a key defined twice across them fails, since Fluent would keep one.
fn keys(lang: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for path in ftl_files(lang) {
        let text = std::fs::read_to_string(&path).unwrap();
        let resource = fluent_syntax::parser::parse(text).unwrap_or_else(|(_, errors)| {
            panic!("{} does not parse: {errors:?}", path.display());
        });
        for e in &resource.body {
            if let Entry::Message(m) = e {
                let key = m.id.name.to_string();
                assert!(keys.insert(key.clone()), "{key} is defined twice in {lang}");
            }
        }
    }
    keys
}

fn ftl_files(lang: &str) -> Vec<std::path::PathBuf> {
    let dir = format!("{}/assets/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .ftl files in {dir}");
    files
}

#[test]
fn every_language_has_every_key() {
    let en = keys("en");
    assert!(!en.is_empty());
    for lang in ["fa", "ar"] {
        let other = keys(lang);
        let missing: Vec<_> = en.difference(&other).collect();
        let extra: Vec<_> = other.difference(&en).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
    }
}

/// Keys appear in code as arguments of the lookup functions, as fields of
/// the navigation tables, or as arms of `match`es that pick a key.
#[test]
fn every_key_the_code_uses_exists() {
    let en = keys("en");
    let patterns = [
        r#"(?:\.t|\.t_args|Msg::new)\(\s*"([a-z0-9-]+)""#,
        r#"set_flash\([^,]+,\s*"([a-z0-9-]+)""#,
        r#"(?:label|title|text):\s*"([a-z0-9-]+)""#,
        r#"=> "([a-z]+(?:-[a-z0-9]+)+)""#,
        r#"Some\("([a-z]+-[a-z0-9-]+)"\)"#,
        r#"upload_form\([^;]*?"([a-z]+-[a-z0-9-]+)"\)"#,
        r#"(?:input|select|checkbox)\(\s*&?\w+,\s*"[^"]*",\s*"([a-z0-9-]+)""#,
        r#"if [^{]+\{ "([a-z]+-[a-z0-9-]+)" \} else \{ "([a-z]+-[a-z0-9-]+)" \}"#,
    ]
    .map(|p| regex::Regex::new(p).unwrap());
    let mut used = BTreeSet::new();
    let src = format!("{}/src", env!("CARGO_MANIFEST_DIR"));
    for path in rs_files(std::path::Path::new(&src)) {
        let text = std::fs::read_to_string(&path).unwrap();
        for re in &patterns {
            for c in re.captures_iter(&text) {
                used.extend(c.iter().skip(1).flatten().map(|m| m.as_str().to_owned()));
            }
        }
    }
    assert!(used.len() > 50, "the patterns still find the keys: {used:?}");
    let missing: Vec<_> = used.difference(&en).collect();
    assert!(missing.is_empty(), "keys used in code but missing from en: {missing:#?}");
}

/// The other way round: every key in English is used somewhere, written out
/// in the code or the script, or made from a prefix the code completes
/// (`format!("assignment-status-{}", ...)`). An unused key is a string
/// translators keep up for nothing.
#[test]
fn every_key_is_used() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut text = String::new();
    for path in rs_files(&std::path::Path::new(root).join("src")) {
        text.push_str(&std::fs::read_to_string(&path).unwrap());
    }
    text.push_str(&std::fs::read_to_string(format!("{root}/assets/js/app.js")).unwrap());
    let prefix = regex::Regex::new(r#""([a-z]+(?:-[a-z0-9]+)*-)\{"#).unwrap();
    let prefixes: Vec<&str> =
        prefix.captures_iter(&text).map(|c| c.get(1).unwrap().as_str()).collect();
    let unused: Vec<_> = keys("en")
        .into_iter()
        .filter(|k| !text.contains(k.as_str()) && !prefixes.iter().any(|p| k.starts_with(p)))
        .collect();
    assert!(unused.is_empty(), "keys nothing uses (remove them from every language): {unused:#?}");
}

fn rs_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rs_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}
