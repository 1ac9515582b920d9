//! The arithmetic of a scorecard, pure: means and population standard
//! deviations from (n, sum, sum of squares), channel gaps, and the gaps
//! between our own brands and the best competitor. Sums and sums of squares
//! add, so summary rows, live rows and pending visits combine exactly.
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Count, sum and sum of squares of visit-level percentages.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stat {
    pub n: i64,
    pub sum: f64,
    pub sumsq: f64,
}

impl Stat {
    pub fn of(x: f64) -> Stat {
        Stat { n: 1, sum: x, sumsq: x * x }
    }

    pub fn add(&mut self, o: Stat) {
        self.n += o.n;
        self.sum += o.sum;
        self.sumsq += o.sumsq;
    }

    pub fn plus(mut self, o: Stat) -> Stat {
        self.add(o);
        self
    }

    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }

    /// Population standard deviation. Rounding can make the variance a hair
    /// below zero when every value is equal; that is zero.
    pub fn stddev(&self) -> Option<f64> {
        let mean = self.mean()?;
        let var = self.sumsq / self.n as f64 - mean * mean;
        Some(var.max(0.0).sqrt())
    }
}

/// Best minus worst channel mean; `None` with fewer than two channels.
pub fn channel_gap(channel_means: impl IntoIterator<Item = f64>) -> Option<f64> {
    let means: Vec<f64> = channel_means.into_iter().collect();
    if means.len() < 2 {
        return None;
    }
    let max = means.iter().copied().fold(f64::MIN, f64::max);
    let min = means.iter().copied().fold(f64::MAX, f64::min);
    Some(max - min)
}

/// What a gap row compares: a category, or a criterion (by code) inside one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct GapKey {
    pub category: String,
    pub criterion: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    pub key: GapKey,
    pub own: Stat,
    pub best_competitor_id: i32,
    pub best_competitor: Stat,
    pub delta: f64,
}

/// Own brands pooled against the best competitor brand, per key. Keys where
/// either side has no visit are left out; the most negative delta comes
/// first (ties by key, so the order is stable), and among competitors with
/// equal means the lowest id wins.
pub fn gaps(
    own: &BTreeMap<GapKey, Stat>,
    competitors: &[(i32, &BTreeMap<GapKey, Stat>)],
) -> Vec<Gap> {
    let mut out = Vec::new();
    for (key, own_stat) in own {
        let Some(own_mean) = own_stat.mean() else { continue };
        let mut best: Option<(i32, Stat, f64)> = None;
        for (id, stats) in competitors {
            let Some(s) = stats.get(key) else { continue };
            let Some(m) = s.mean() else { continue };
            let better = match &best {
                None => true,
                Some((bid, _, bm)) => m > *bm || (m == *bm && *id < *bid),
            };
            if better {
                best = Some((*id, *s, m));
            }
        }
        if let Some((id, s, m)) = best {
            out.push(Gap {
                key: key.clone(),
                own: *own_stat,
                best_competitor_id: id,
                best_competitor: s,
                delta: own_mean - m,
            });
        }
    }
    out.sort_by(|a, b| {
        a.delta.partial_cmp(&b.delta).unwrap_or(Ordering::Equal).then_with(|| a.key.cmp(&b.key))
    });
    out
}

#[cfg(test)]
mod tests;
