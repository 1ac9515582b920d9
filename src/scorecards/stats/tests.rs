use std::collections::BTreeMap;

use super::*;

fn stat(xs: &[f64]) -> Stat {
    xs.iter().fold(Stat::default(), |s, x| s.plus(Stat::of(*x)))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn cat(c: &str) -> GapKey {
    GapKey { category: c.into(), criterion: None }
}

fn crit(c: &str, code: &str) -> GapKey {
    GapKey { category: c.into(), criterion: Some(code.into()) }
}

#[test]
fn empty_stat_has_no_mean_and_no_spread() {
    assert_eq!(Stat::default().mean(), None);
    assert_eq!(Stat::default().stddev(), None);
}

#[test]
fn mean_and_population_stddev_match_the_textbook() {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population stddev exactly 2.
    let s = stat(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
    assert_eq!(s.n, 8);
    assert!(close(s.mean().unwrap(), 5.0));
    assert!(close(s.stddev().unwrap(), 2.0));
}

#[test]
fn one_value_has_zero_spread() {
    let s = Stat::of(81.25);
    assert!(close(s.mean().unwrap(), 81.25));
    assert_eq!(s.stddev(), Some(0.0));
}

#[test]
fn equal_values_never_give_a_negative_variance() {
    let s = stat(&[33.333333333333336; 7]);
    assert_eq!(s.stddev(), Some(0.0));
}

#[test]
fn stats_added_equal_the_stat_of_all_values() {
    let a = stat(&[10.0, 20.0]);
    let b = stat(&[30.0, 100.0, 0.0]);
    let all = stat(&[10.0, 20.0, 30.0, 100.0, 0.0]);
    let sum = a.plus(b);
    assert_eq!(sum.n, all.n);
    assert!(close(sum.mean().unwrap(), all.mean().unwrap()));
    assert!(close(sum.stddev().unwrap(), all.stddev().unwrap()));
}

#[test]
fn channel_gap_needs_two_channels() {
    assert_eq!(channel_gap([]), None);
    assert_eq!(channel_gap([80.0]), None);
    assert_eq!(channel_gap([84.0, 76.5]), Some(7.5));
    assert_eq!(channel_gap([50.0, 90.0, 70.0]), Some(40.0));
    assert_eq!(channel_gap([60.0, 60.0]), Some(0.0));
}

#[test]
fn gaps_pool_own_against_the_best_competitor_most_negative_first() {
    let own = BTreeMap::from([
        (cat("delivery"), stat(&[70.0])),
        (cat("staff"), stat(&[90.0, 80.0])),
        (crit("staff", "STF-01"), stat(&[50.0])),
    ]);
    let c3 = BTreeMap::from([(cat("delivery"), stat(&[85.0])), (cat("staff"), stat(&[60.0]))]);
    let c4 = BTreeMap::from([
        (cat("delivery"), stat(&[80.0])),
        (cat("staff"), stat(&[95.0, 75.0])),
        (crit("staff", "STF-01"), stat(&[100.0])),
    ]);
    let g = gaps(&own, &[(3, &c3), (4, &c4)]);
    let rows: Vec<(GapKey, i32, f64)> =
        g.iter().map(|g| (g.key.clone(), g.best_competitor_id, g.delta)).collect();
    assert_eq!(
        rows,
        vec![
            (crit("staff", "STF-01"), 4, -50.0),
            (cat("delivery"), 3, -15.0),
            // staff: own 85, c4 85 beats c3 60.
            (cat("staff"), 4, 0.0),
        ]
    );
    assert!(close(g[2].own.mean().unwrap(), 85.0));
}

#[test]
fn gaps_leave_out_keys_missing_on_either_side() {
    let own = BTreeMap::from([(cat("stock"), stat(&[40.0])), (cat("quality"), Stat::default())]);
    let comp = BTreeMap::from([(cat("quality"), stat(&[90.0])), (cat("delivery"), stat(&[1.0]))]);
    assert!(gaps(&own, &[(2, &comp)]).is_empty());
    assert!(gaps(&own, &[]).is_empty());
}

#[test]
fn gaps_break_ties_between_competitors_by_lower_id() {
    let own = BTreeMap::from([(cat("staff"), stat(&[50.0]))]);
    let a = BTreeMap::from([(cat("staff"), stat(&[70.0]))]);
    let b = BTreeMap::from([(cat("staff"), stat(&[70.0]))]);
    let g = gaps(&own, &[(9, &a), (5, &b)]);
    assert_eq!(g[0].best_competitor_id, 5);
    assert_eq!(g[0].delta, -20.0);
}

#[test]
fn equal_deltas_are_ordered_by_key() {
    let own = BTreeMap::from([(cat("b"), stat(&[50.0])), (cat("a"), stat(&[50.0]))]);
    let c = BTreeMap::from([(cat("a"), stat(&[60.0])), (cat("b"), stat(&[60.0]))]);
    let g = gaps(&own, &[(2, &c)]);
    assert_eq!(g[0].key, cat("a"));
    assert_eq!(g[1].key, cat("b"));
}
