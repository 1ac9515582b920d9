//! CSV exports: the scorecard as one row per figure (small, built in
//! memory), and the visits' answers, streamed: `answers.csv` one row per
//! answer, `visits.csv` one row per visit with a column per criterion.
//! The streamed ones read one query in the order of an index (no sort), take
//! names and categories from small maps loaded once ([`lookup`]), and hand
//! the HTTP body chunks of about 64 KiB through a bounded channel, so memory
//! stays flat and a slow client slows the query instead of filling memory.
mod format;
pub mod lookup;
mod pg;
mod rows;
mod sink;
mod sqlite;
mod stream;
mod writers;

pub use format::{neutralise, push_num};
pub use stream::{Kind, stream};

use super::query::Scorecard;
use super::stats::Stat;
use crate::error::AppResult;

/// Spreadsheet programs read UTF-8 (and so Persian and Arabic) only with it.
pub const BOM: &str = "\u{feff}";

fn csv_line(fields: &[String]) -> AppResult<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(fields).map_err(anyhow::Error::from)?;
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}").into())
}

fn num(x: Option<f64>) -> String {
    let mut out = Vec::new();
    if let Some(v) = x {
        push_num(&mut out, v);
    }
    String::from_utf8(out).unwrap_or_default()
}

const SCORECARD_HEADER: [&str; 10] = [
    "brand_id",
    "brand",
    "own",
    "scope",
    "category",
    "criterion",
    "channel",
    "mean",
    "n",
    "stddev",
];

/// The scorecard as CSV: per brand its overall, category, criterion and
/// channel figures, then the gaps.
pub fn scorecard_csv(card: &Scorecard) -> AppResult<Vec<u8>> {
    let mut out = BOM.as_bytes().to_vec();
    out.extend(csv_line(&SCORECARD_HEADER.map(String::from))?);
    for b in &card.brands {
        let line = |scope: &str, category: &str, criterion: &str, channel: &str, s: &Stat| {
            csv_line(&[
                b.brand.id.to_string(),
                neutralise(&b.brand.name),
                b.brand.own.to_string(),
                scope.to_owned(),
                neutralise(category),
                neutralise(criterion),
                channel.to_owned(),
                num(s.mean()),
                s.n.to_string(),
                num(s.stddev()),
            ])
        };
        out.extend(line("overall", "", "", "", &b.overall)?);
        for (c, s) in &b.categories {
            out.extend(line("category", c, "", "", s)?);
        }
        for (code, s) in &b.criteria {
            let c = card.criterion_categories.get(code).map(String::as_str).unwrap_or("");
            out.extend(line("criterion", c, code, "", s)?);
        }
        for (ch, s) in &b.channels {
            out.extend(line("channel", "", "", ch, s)?);
        }
    }
    out.extend(b"\n");
    out.extend(csv_line(
        &[
            "category",
            "criterion",
            "own_mean",
            "best_competitor_id",
            "best_competitor_mean",
            "delta",
        ]
        .map(String::from),
    )?);
    for g in &card.gaps {
        out.extend(csv_line(&[
            neutralise(&g.key.category),
            neutralise(g.key.criterion.as_deref().unwrap_or("")),
            num(g.own.mean()),
            g.best_competitor_id.to_string(),
            num(g.best_competitor.mean()),
            num(Some(g.delta)),
        ])?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("Downtown"), "Downtown");
        assert_eq!(neutralise(""), "");
    }
}
