//! The order in which the crate's top-level modules may import each other,
//! checked from the source so that a cycle fails the tests the day it comes
//! back, instead of being found by the next person who cannot move a type.
//!
//! Each file under `src/` is read with its comments and literals blanked;
//! every `crate::x` path (in `use` lines, groups and inline paths) and every
//! `super::` chain that climbs to the crate root names the module it reaches.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom to top: a module may import only modules listed before it, so the
/// graph can have no cycle. Tiers, lowest first: foundations; accounts,
/// places, checklists; notifications (told of events by the modules above);
/// assignments, rounds (which make assignments), actions (opened from
/// reviews, counted by scorecards); scorecards (which reads visits' tables,
/// never their code), visits (a review keeps the scorecard summary), evidence;
/// the generator; the app's state, then web above it; start-up and commands
/// (and `main.rs`, the binary, above all).
const ORDER: &[&str] = &[
    "entities",
    "i18n",
    "error",
    "telemetry",
    "db",
    "audit",
    "accounts",
    "places",
    "checklists",
    "notifications",
    "assignments",
    "rounds",
    "actions",
    "scorecards",
    "visits",
    "evidence",
    "generate",
    "app",
    "web",
    "backup",
    "demo",
    "cli",
];

/// `config` is start-up: it may hold domain types (everything below `web`),
/// and only these may read it.
const CONFIG: &str = "config";
const CONFIG_READERS: &[&str] = &["web", "app", "backup", "demo", "cli"];

/// Why `from` may not import `to`; `None` when it may.
fn refusal(from: &str, to: &str) -> Option<String> {
    let rank = |m: &str| ORDER.iter().position(|o| *o == m);
    let allowed = if to == CONFIG {
        CONFIG_READERS.contains(&from)
    } else if from == CONFIG {
        rank(to) < rank("web")
    } else {
        rank(to) < rank(from)
    };
    if allowed {
        return None;
    }
    let below: Vec<&str> = match rank(from) {
        _ if from == CONFIG => ORDER.iter().take_while(|m| **m != "web").copied().collect(),
        Some(r) => ORDER[..r].to_vec(),
        None => Vec::new(),
    };
    Some(format!("{from} may import only: {}", below.join(", ")))
}

#[test]
fn modules_import_only_modules_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let root = strip(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let (modules, reexports) = crate_root(&root);
    let unplaced: Vec<&String> =
        modules.iter().filter(|m| *m != CONFIG && !ORDER.contains(&m.as_str())).collect();
    assert!(unplaced.is_empty(), "place these modules in ORDER in src/layers.rs: {unplaced:?}");

    let mut problems = Vec::new();
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        let path = module_path(&rel);
        let Some(from) = path.first().filter(|m| modules.contains(*m)) else { continue };
        let text = strip(&std::fs::read_to_string(&file).unwrap());
        for (line, name) in crate_paths(&text, &path) {
            let to = reexports.get(&name).unwrap_or(&name);
            if to == from || !modules.contains(to) {
                continue;
            }
            if let Some(why) = refusal(from, to) {
                problems.push(format!("src/{rel}:{line} imports {to} ({why})"));
            }
        }
    }
    assert!(problems.is_empty(), "imports against the layering:\n{}", problems.join("\n"));
}

/// Every `.rs` file under `dir`, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            files.push(p);
        }
    }
    files
}

/// The module a file under `src/` defines: `visits/scoring/mod.rs` is
/// `visits::scoring`, `visits/submit.rs` is `visits::submit`.
fn module_path(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel.trim_end_matches(".rs").split('/').map(String::from).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The modules `lib.rs` declares (other than this check) and the names it
/// re-exports, with the module each comes from (`AppError` is `error`'s).
fn crate_root(text: &str) -> (BTreeSet<String>, BTreeMap<String, String>) {
    let tokens = tokenize(text);
    let mut modules = BTreeSet::new();
    let mut reexports = BTreeMap::new();
    for (i, (_, t)) in tokens.iter().enumerate() {
        let next = |k: usize| tokens.get(i + k).map_or("", |(_, t)| t.as_str());
        if t == "mod" && next(2) == ";" && next(1) != "layers" {
            modules.insert(next(1).to_string());
        }
        if t == "use" && next(2) == "::" {
            let module = next(1).to_string();
            let mut k = 3;
            while !matches!(next(k), ";" | "") {
                if is_ident(next(k)) && !matches!(next(k + 1), "::") {
                    reexports.insert(next(k).to_string(), module.clone());
                }
                k += 1;
            }
        }
    }
    (modules, reexports)
}

/// The first segment after the crate root of every path in `text` that
/// reaches it, with its line: `crate::a::b`, each item of `crate::{a, b::c}`,
/// and `super::` chains that climb out of `file` (the module `text` is),
/// taking inline `mod x { ... }` blocks into account.
fn crate_paths(text: &str, file: &[String]) -> Vec<(usize, String)> {
    let tokens = tokenize(text);
    let tok = |i: usize| tokens.get(i).map_or("", |(_, t)| t.as_str());
    let mut found = Vec::new();
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut pending_mod = None;
    for i in 0..tokens.len() {
        let (line, t) = (tokens[i].0, tok(i));
        match t {
            "{" => {
                depth += 1;
                if let Some(name) = pending_mod.take() {
                    inline.push((name, depth));
                }
            }
            "}" => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            "mod" if is_ident(tok(i + 1)) && tok(i + 2) == "{" => {
                pending_mod = Some(tok(i + 1).to_string());
            }
            _ => {}
        }
        let after_path = i > 0 && tok(i - 1) == "::";
        if after_path || tok(i + 1) != "::" {
            continue;
        }
        let start = match t {
            "crate" => i + 2,
            "super" => {
                let mut here: Vec<&str> = file.iter().map(String::as_str).collect();
                here.extend(inline.iter().map(|(n, _)| n.as_str()));
                let mut k = i;
                while tok(k) == "super" && tok(k + 1) == "::" {
                    here.pop();
                    k += 2;
                }
                if !here.is_empty() {
                    continue;
                }
                k
            }
            _ => continue,
        };
        for name in first_segments(&tokens, start) {
            found.push((line, name));
        }
    }
    found
}

/// `a` for a path going on as `a::...` or `a`, and each item's first
/// segment for a group `{a, b::c, d::{e}}`.
fn first_segments(tokens: &[(usize, String)], start: usize) -> Vec<String> {
    let tok = |i: usize| tokens.get(i).map_or("", |(_, t)| t.as_str());
    if tok(start) != "{" {
        return if is_ident(tok(start)) { vec![tok(start).to_string()] } else { Vec::new() };
    }
    let mut names = Vec::new();
    let (mut depth, mut item_start) = (0, true);
    for i in start.. {
        match tok(i) {
            "" => break,
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            "," if depth == 1 => item_start = true,
            t if depth == 1 && item_start => {
                if is_ident(t) && t != "self" {
                    names.push(t.to_string());
                }
                item_start = false;
            }
            _ => {}
        }
    }
    names
}

fn is_ident(t: &str) -> bool {
    t.starts_with(|c: char| c.is_alphabetic() || c == '_')
}

/// Identifiers, `::` and single punctuation, each with its line.
fn tokenize(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push((line, chars[start..i].iter().collect()));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push((line, "::".to_string()));
            i += 2;
        } else {
            tokens.push((line, c.to_string()));
            i += 1;
        }
    }
    tokens
}

/// `src` with comments removed and string and char literals emptied, line
/// breaks kept, so that text such as `"file://"` or a doc comment naming
/// `crate::web` is not read as a path.
fn strip(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut out = String::with_capacity(src.len());
    let keep_lines = |out: &mut String, from: usize, to: usize| {
        out.extend(c[from..to.min(c.len())].iter().filter(|ch| **ch == '\n'));
    };
    let mut i = 0;
    while i < c.len() {
        let raw_hashes = {
            let before = |k: usize| at(i.wrapping_sub(k));
            let prefix_ok = !ident(before(1)) || (before(1) == 'b' && !ident(before(2)));
            let mut k = i + 1;
            while at(k) == '#' {
                k += 1;
            }
            (at(i) == 'r' && prefix_ok && at(k) == '"').then_some(k - i - 1)
        };
        if at(i) == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if at(i) == '/' && at(i + 1) == '*' {
            let (start, mut depth) = (i, 0);
            while i < c.len() {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            keep_lines(&mut out, start, i);
        } else if let Some(hashes) = raw_hashes {
            let start = i;
            i += hashes + 2;
            let close: Vec<char> =
                std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            while i < c.len() && !c[i..].starts_with(&close) {
                i += 1;
            }
            i += close.len();
            out.push_str("\"\"");
            keep_lines(&mut out, start, i);
        } else if at(i) == '"' {
            let start = i;
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
            keep_lines(&mut out, start, i);
        } else if at(i) == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'') {
            // A char literal; otherwise the quote starts a lifetime.
            let mut k = if at(i + 1) == '\\' { i + 3 } else { i + 2 };
            while k < c.len() && c[k] != '\'' {
                k += 1;
            }
            i = k + 1;
            out.push_str("' '");
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn paths_are_read_through_groups_comments_literals_and_super() {
    let text = strip(concat!(
        "use crate::{accounts::Actor, error::{AppError, AppResult}, self};\n",
        "// use crate::web;\n/* crate::app /* nested */ crate::cli */\n",
        "let s = \"crate::demo\"; let r = r#\"crate::backup\"#; let q = '\"';\n",
        "let x = crate::visits::scoring::missing(a);\n",
        "use super::super::places;\nfn f<'a>(x: &'a str) { super::checklists::store::f() }\n",
        "mod tests { use super::super::Thing; use super::super::super::generate; }\n",
    ));
    let file = ["scorecards".to_string(), "query".to_string()];
    let found: Vec<(usize, String)> = crate_paths(&text, &file);
    let found: Vec<(usize, &str)> = found.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(
        found,
        [(1, "accounts"), (1, "error"), (5, "visits"), (6, "places"), (8, "generate")]
    );
}
