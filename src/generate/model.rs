//! The pure half of the generator: a seeded random source that never
//! changes between versions (SplitMix64), and a quality model in which
//! scores vary by brand, category, channel, location and over time.
use std::collections::HashMap;

use crate::checklists::{Direction, Kind, Section};
use crate::visits::scoring::{Answer, Value};

/// SplitMix64: tiny, fast and fixed forever, so a seed always gives the
/// same programme (the `rand` crate's generators may change between
/// releases).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_5EED)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Roughly normal, mean 0 and standard deviation `sd` (sum of uniforms).
    pub fn noise(&mut self, sd: f64) -> f64 {
        let s: f64 = (0..4).map(|_| self.unit()).sum::<f64>() - 2.0;
        s * sd * 3f64.sqrt()
    }

    pub fn uuid(&mut self) -> uuid::Uuid {
        let bytes = ((self.next_u64() as u128) << 64 | self.next_u64() as u128).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }
}

/// How good a brand is, where: drawn once per programme from the seed.
#[derive(Clone, Debug)]
pub struct Quality {
    pub brand_base: Vec<f64>,
    pub brand_category: HashMap<(usize, String), f64>,
    pub brand_channel: HashMap<(usize, usize), f64>,
}

impl Quality {
    pub fn draw(rng: &mut Rng, brands: usize, categories: &[String], channels: usize) -> Quality {
        let brand_base = (0..brands).map(|_| rng.range(0.55, 0.9)).collect();
        let mut brand_category = HashMap::new();
        let mut brand_channel = HashMap::new();
        for b in 0..brands {
            for c in categories {
                brand_category.insert((b, c.clone()), rng.range(-0.15, 0.12));
            }
            for ch in 0..channels {
                brand_channel.insert((b, ch), rng.range(-0.12, 0.08));
            }
        }
        Quality { brand_base, brand_category, brand_channel }
    }

    /// Chance of a good answer in a section for one visit. `progress` runs
    /// 0..1 over the programme: own brands improve a little with time.
    pub fn chance(
        &self,
        brand: usize,
        own: bool,
        channel: usize,
        category: &str,
        progress: f64,
        visit_noise: f64,
    ) -> f64 {
        let p = self.brand_base[brand]
            + self.brand_category.get(&(brand, category.to_owned())).copied().unwrap_or(0.0)
            + self.brand_channel.get(&(brand, channel)).copied().unwrap_or(0.0)
            + if own { 0.06 * progress } else { 0.0 }
            + visit_noise;
        p.clamp(0.02, 0.99)
    }
}

/// An answer to every criterion of the sections, good with chance `p` per
/// section (looked up by category). Critical items rarely fail; N/A is
/// used now and then where allowed; text questions get `note`, in the
/// programme's language.
pub fn answers(
    rng: &mut Rng,
    sections: &[Section],
    note: &str,
    p_of: impl Fn(&str) -> f64,
) -> HashMap<String, Answer> {
    let mut out = HashMap::new();
    for s in sections {
        let p = p_of(&s.category);
        for c in &s.criteria {
            let answer = match &c.kind {
                Kind::Photo => Answer::Na,
                _ if c.allow_na && !c.critical && rng.unit() < 0.03 => Answer::Na,
                Kind::Text => Answer::Given(Value::Text(note.into())),
                Kind::YesNo => {
                    let p = if c.critical { p.max(0.985) } else { p };
                    Answer::Given(Value::Bool(rng.unit() < p))
                }
                Kind::Scale { min, max } => {
                    let x = (min + (max - min) * (p + rng.noise(0.15))).round().clamp(*min, *max);
                    Answer::Given(Value::Number(x))
                }
                Kind::Number { target, direction } => {
                    let meets = rng.unit() < p;
                    let step = (target.abs() * rng.range(0.1, 0.8)).max(1.0).round();
                    let x = match (direction, meets) {
                        (Direction::AtMost, true) => (target - step).max(0.0),
                        (Direction::AtMost, false) => target + step,
                        (Direction::AtLeast, true) => target + step,
                        (Direction::AtLeast, false) => (target - step).max(0.0),
                    };
                    Answer::Given(Value::Number(c.range.clamp(x)))
                }
                Kind::Choice { options } => {
                    // The option nearest a noisy draw around `p`.
                    let want = (p + rng.noise(0.2)).clamp(0.0, 1.0);
                    let best = options
                        .iter()
                        .min_by(|a, b| (a.value - want).abs().total_cmp(&(b.value - want).abs()))
                        .map(|o| o.key.clone())
                        .unwrap_or_default();
                    Answer::Given(Value::Choice(best))
                }
            };
            out.insert(c.code.clone(), answer);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_always_gives_the_same_numbers() {
        let a: Vec<u64> = {
            let mut r = Rng::new(7);
            (0..3).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(7);
            (0..3).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, {
            let mut r = Rng::new(8);
            (0..3).map(|_| r.next_u64()).collect::<Vec<_>>()
        });
    }

    #[test]
    fn units_stay_in_range_and_average_a_half() {
        let mut r = Rng::new(1);
        let xs: Vec<f64> = (0..10_000).map(|_| r.unit()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((mean - 0.5).abs() < 0.02, "{mean}");
    }

    #[test]
    fn every_generated_answer_is_valid_for_the_builtin_standard() {
        let doc = crate::checklists::store::builtin_standard(crate::i18n::Locale::En);
        let all = doc.to_scoring();
        let mut r = Rng::new(3);
        for i in 0..200 {
            let p = (i as f64) / 200.0;
            let ch = crate::places::Channel::ALL[i % 7];
            let sections = crate::checklists::applicable_criteria(&all, ch);
            let answers = answers(&mut r, &sections, "Noted during the visit", |_| p);
            let missing = crate::visits::scoring::missing(&sections, |c| answers.get(c), |_| 1);
            assert!(missing.is_empty(), "{missing:?}");
            for c in sections.iter().flat_map(|s| &s.criteria) {
                let a = &answers[&c.code];
                assert!(crate::visits::scoring::check_answer(c, a).is_ok(), "{} {a:?}", c.code);
            }
        }
    }
}
