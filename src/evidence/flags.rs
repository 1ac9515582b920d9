//! Authenticity flags: a photo taken well outside the visit's time, or far
//! from the place visited, is shown to the reviewer as such. Pure, so the
//! rules are pinned by tests; computed when a photo is read, from what was
//! stored at upload (capture time, distance), so a visit whose times are
//! filled in after its photos still gets the right flags.
use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    TakenOutsideVisitWindow,
    FarFromLocation,
}

impl Flag {
    /// The stable name in API.md.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::TakenOutsideVisitWindow => "taken_outside_visit_window",
            Flag::FarFromLocation => "far_from_location",
        }
    }

    /// Locale key of the reviewer's explanation.
    pub fn label_key(self) -> &'static str {
        match self {
            Flag::TakenOutsideVisitWindow => "photo-flag-outside-window",
            Flag::FarFromLocation => "photo-flag-far",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rules {
    pub window_tolerance: Duration,
    pub max_distance_m: f64,
}

impl Default for Rules {
    fn default() -> Self {
        Rules { window_tolerance: Duration::hours(2), max_distance_m: 500.0 }
    }
}

/// What is known about one photo and its visit. Anything unknown raises
/// no flag: absence of evidence is not evidence of cheating (many phones
/// strip GPS, and a draft may not have its times yet).
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts {
    pub taken_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub distance_m: Option<f64>,
}

pub fn flags(facts: &Facts, rules: &Rules) -> Vec<Flag> {
    let mut out = Vec::new();
    if let Some(t) = facts.taken_at {
        let start = facts.started_at.or(facts.ended_at);
        let end = facts.ended_at.or(facts.started_at);
        if let (Some(start), Some(end)) = (start, end)
            && (t < start - rules.window_tolerance || t > end + rules.window_tolerance)
        {
            out.push(Flag::TakenOutsideVisitWindow);
        }
    }
    if facts.distance_m.is_some_and(|d| d > rules.max_distance_m) {
        out.push(Flag::FarFromLocation);
    }
    out
}

/// Great-circle distance in metres between two (latitude, longitude)
/// points in degrees, on a sphere of the Earth's mean radius.
pub fn haversine_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_008.8;
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = (b.0 - a.0).to_radians();
    let dlon = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, h, m, 0).unwrap()
    }

    fn visit(taken: DateTime<Utc>) -> Facts {
        Facts {
            taken_at: Some(taken),
            started_at: Some(at(10, 0)),
            ended_at: Some(at(10, 30)),
            distance_m: None,
        }
    }

    #[test]
    fn a_photo_within_the_tolerance_of_the_visit_is_not_flagged() {
        for t in [at(8, 0), at(10, 15), at(12, 30)] {
            assert_eq!(flags(&visit(t), &Rules::default()), vec![], "{t}");
        }
    }

    #[test]
    fn a_photo_beyond_the_tolerance_either_side_is_flagged() {
        for t in [at(7, 59), at(12, 31)] {
            assert_eq!(flags(&visit(t), &Rules::default()), vec![Flag::TakenOutsideVisitWindow]);
        }
    }

    #[test]
    fn the_tolerance_is_configurable() {
        let strict = Rules { window_tolerance: Duration::minutes(10), ..Rules::default() };
        assert_eq!(flags(&visit(at(10, 45)), &strict), vec![Flag::TakenOutsideVisitWindow]);
    }

    #[test]
    fn unknown_times_raise_no_flag() {
        let no_capture = Facts { taken_at: None, ..visit(at(1, 0)) };
        let no_window = Facts { taken_at: Some(at(1, 0)), ..Facts::default() };
        assert_eq!(flags(&no_capture, &Rules::default()), vec![]);
        assert_eq!(flags(&no_window, &Rules::default()), vec![]);
    }

    #[test]
    fn a_visit_with_only_a_start_time_is_a_moment() {
        let f =
            Facts { taken_at: Some(at(13, 0)), started_at: Some(at(10, 0)), ..Facts::default() };
        assert_eq!(flags(&f, &Rules::default()), vec![Flag::TakenOutsideVisitWindow]);
    }

    #[test]
    fn distance_beyond_the_limit_is_flagged() {
        let near = Facts { distance_m: Some(499.0), ..Facts::default() };
        let far = Facts { distance_m: Some(501.0), ..Facts::default() };
        assert_eq!(flags(&near, &Rules::default()), vec![]);
        assert_eq!(flags(&far, &Rules::default()), vec![Flag::FarFromLocation]);
    }

    #[test]
    fn both_flags_together_in_a_stable_order() {
        let f = Facts { distance_m: Some(10_000.0), ..visit(at(20, 0)) };
        let names: Vec<_> = flags(&f, &Rules::default()).iter().map(|f| f.as_str()).collect();
        assert_eq!(names, ["taken_outside_visit_window", "far_from_location"]);
    }

    #[test]
    fn haversine_matches_known_distances() {
        // Tehran (Azadi Tower) to Isfahan (Naqsh-e Jahan square): about 340 km.
        let d = haversine_m((35.6997, 51.3380), (32.6575, 51.6776));
        assert!((d - 339_500.0).abs() < 2_000.0, "{d}");
        // One degree of latitude is about 111.2 km anywhere.
        let d = haversine_m((10.0, 20.0), (11.0, 20.0));
        assert!((d - 111_195.0).abs() < 10.0, "{d}");
        assert_eq!(haversine_m((51.5, -0.12), (51.5, -0.12)), 0.0);
        // Antipodes: half the circumference, no NaN from rounding.
        let d = haversine_m((0.0, 0.0), (0.0, 180.0));
        assert!((d - 20_015_114.0).abs() < 10.0, "{d}");
    }
}
