//! The scorecard's filters: a plain GET form, so the view lives in the URL
//! and works without script. Bad values come back with their message
//! beside the field and what was typed still in it.
use maud::{Markup, html};

use super::RANGES;
use super::view::Model;
use crate::places::Channel;
use crate::web::components::{date_input, select, swatch};
use crate::web::context::Ctx;
use crate::web::paths;

fn any(ctx: &Ctx) -> (String, String) {
    (String::new(), ctx.t("filter-any"))
}

pub fn filters_form(ctx: &Ctx, m: &Model) -> Markup {
    let l = ctx.locale;
    let (q, f, e) = (&m.query, &m.query.filters, &m.errors);
    let ranges: Vec<(String, String)> =
        RANGES.iter().map(|r| (r.to_string(), l.t(&format!("scorecard-range-{r}")))).collect();
    let mut channels = vec![any(ctx)];
    channels.extend(Channel::ALL.map(|c| (c.as_str().to_owned(), ctx.t(c.label_key()))));
    let mut regions = vec![any(ctx)];
    regions.extend(m.options.regions.iter().map(|r| (r.clone(), r.clone())));
    let mut checklists = vec![any(ctx)];
    checklists.extend(m.options.checklists.iter().map(|(id, n)| (id.to_string(), n.clone())));
    let intervals: Vec<(String, String)> = ["month", "week"]
        .iter()
        .map(|i| (i.to_string(), l.t(&format!("scorecard-interval-{i}"))))
        .collect();
    let mut round_periods = vec![any(ctx)];
    round_periods.extend(m.options.round_periods.iter().cloned());
    if !f.round_period.is_empty() && !round_periods.iter().any(|(v, _)| v == &f.round_period) {
        round_periods.push((f.round_period.clone(), f.round_period.clone()));
    }
    let chosen: Vec<&str> = f.brands.split(',').map(str::trim).collect();
    let pending = matches!(f.include_pending.trim(), "true" | "1" | "on");
    let brands_error = e.get("brands").map(|m| l.msg(m));
    let pending_error = e.get("include_pending").map(|m| l.msg(m));
    let interval = if f.interval.trim().is_empty() { "month" } else { f.interval.as_str() };
    // Folded, so a phone shows the figures first; open when a value is wrong.
    html! {
        details.filters-panel open[!e.is_empty()] {
        summary { (l.t("scorecard-filters")) }
        form.filters.scorecard-filters method="get" action=(paths::SCORECARD) {
            (select(ctx, "range", "scorecard-range", &ranges, q.range(), e))
            (date_input(ctx, "from", "scorecard-from", &f.from, e))
            (date_input(ctx, "to", "scorecard-to", &f.to, e))
            (select(ctx, "channel", "field-channel", &channels, &f.channel, e))
            (select(ctx, "region", "field-region", &regions, &f.region, e))
            (select(ctx, "checklist_id", "visit-checklist", &checklists, &f.checklist_id, e))
            (select(ctx, "interval", "scorecard-interval", &intervals, interval, e))
            @if !m.options.round_periods.is_empty() || !f.round_period.is_empty() {
                (select(ctx, "round_period", "rounds-period-filter", &round_periods, &f.round_period, e))
            }
            fieldset.brand-picks.has-error[brands_error.is_some()] {
                legend { (l.t("scorecard-brands")) }
                @for b in &m.options.brands {
                    label { input type="checkbox" name="brands" value=(b.id) checked[chosen.contains(&b.id.to_string().as_str())]; " " (swatch(&b.color)) " " bdi { (b.name) } }
                }
                p.hint { (l.t("scorecard-brands-hint")) }
                @if let Some(msg) = &brands_error { p.field-error { (msg) } }
            }
            div.field.checkbox.has-error[pending_error.is_some()] {
                label { input type="checkbox" name="include_pending" value="true" checked[pending]; " " (l.t("scorecard-include-pending")) }
                @if let Some(msg) = &pending_error { p.field-error { (msg) } }
            }
            p.hint.dates-hint { (l.t("scorecard-dates-hint")) }
            div.actions { button.btn.btn-primary type="submit" { (l.t("filter-apply")) } }
        }
        }
    }
}
