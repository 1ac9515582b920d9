use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn slots(n: i32, brand: i32) -> Vec<Slot> {
    (1..=n).map(|id| Slot { location_id: id, brand_id: brand }).collect()
}

fn member(id: i32) -> Member {
    Member { id, ..Default::default() }
}

fn problem(slots: Vec<Slot>, pool: Vec<Member>) -> Problem {
    Problem { opens_on: Some(d("2026-04-01")), lockout_days: 90, slots, pool, ..Default::default() }
}

/// Final loads of every pool member: what they held plus what they got.
fn loads(p: &Problem, a: &Allocation) -> BTreeMap<i32, u32> {
    let mut out: BTreeMap<i32, u32> = p.pool.iter().map(|m| (m.id, m.load)).collect();
    for s in a.assigned.values() {
        *out.get_mut(s).unwrap() += 1;
    }
    out
}

fn spread(p: &Problem, a: &Allocation) -> u32 {
    let l = loads(p, a);
    l.values().max().unwrap_or(&0) - l.values().min().unwrap_or(&0)
}

#[test]
fn an_even_pool_gets_even_loads() {
    let p = problem(slots(10, 1), vec![member(1), member(2), member(3)]);
    let a = allocate(&p);
    assert_eq!(a.assigned.len(), 10);
    assert!(a.blocked.is_empty());
    assert_eq!(spread(&p, &a), 1);
}

#[test]
fn work_already_held_counts_toward_the_load() {
    let mut busy = member(1);
    busy.load = 4;
    let p = problem(slots(4, 1), vec![busy, member(2)]);
    let a = allocate(&p);
    assert!(a.assigned.values().all(|s| *s == 2), "{a:?}");
}

#[test]
fn an_excluded_brand_is_never_given() {
    let mut own = member(1);
    own.excluded_brands.insert(7);
    let mut s = slots(4, 7);
    s.extend([Slot { location_id: 10, brand_id: 8 }, Slot { location_id: 11, brand_id: 8 }]);
    let p = problem(s, vec![own, member(2)]);
    let a = allocate(&p);
    for loc in 1..=4 {
        assert_eq!(a.assigned[&loc], 2);
    }
    // Shopper 1 takes both of the other brand's: loads 2 and 4 is the best.
    assert_eq!(a.assigned[&10], 1);
    assert_eq!(a.assigned[&11], 1);
}

#[test]
fn the_lockout_counts_back_from_the_window_opening() {
    let mut p = problem(slots(1, 1), vec![member(1), member(2)]);
    // Shopper 1 was there 89 days before: locked; 90 days before: free.
    p.last_seen.insert((1, 1), d("2026-04-01") - chrono::Days::new(89));
    assert_eq!(allocate(&p).assigned[&1], 2);
    p.last_seen.insert((1, 1), d("2026-04-01") - chrono::Days::new(90));
    p.last_seen.insert((2, 1), d("2026-03-30"));
    assert_eq!(allocate(&p).assigned[&1], 1);
}

#[test]
fn a_later_date_than_the_window_also_locks() {
    let mut p = problem(slots(1, 1), vec![member(1), member(2)]);
    p.last_seen.insert((2, 1), d("2026-05-01"));
    p.last_seen.insert((1, 1), d("2026-04-10"));
    let a = allocate(&p);
    assert_eq!(a.blocked, vec![(1, Blocked::LockedOut)]);
}

#[test]
fn a_location_no_one_may_take_is_reported_with_why() {
    let mut ex = member(1);
    ex.excluded_brands.insert(5);
    let mut locked = member(2);
    locked.excluded_brands.insert(5);
    let mut p = problem(
        vec![Slot { location_id: 1, brand_id: 5 }, Slot { location_id: 2, brand_id: 6 }],
        vec![ex, locked],
    );
    p.last_seen.insert((1, 2), d("2026-03-01"));
    p.last_seen.insert((2, 2), d("2026-03-01"));
    let a = allocate(&p);
    assert!(a.assigned.is_empty());
    assert_eq!(a.blocked, vec![(1, Blocked::Excluded), (2, Blocked::LockedOut)]);

    let empty = problem(slots(2, 1), vec![]);
    assert_eq!(allocate(&empty).blocked, vec![(1, Blocked::EmptyPool), (2, Blocked::EmptyPool)]);
}

#[test]
fn handovers_even_out_what_a_greedy_start_cannot() {
    // Shopper 1 may take everything, shopper 2 only location 1, shopper 3
    // only location 2: the only even answer gives 1 and 2 away.
    let mut two = member(2);
    let mut three = member(3);
    two.excluded_brands.extend([2, 3, 4]);
    three.excluded_brands.extend([1, 3, 4]);
    let s: Vec<Slot> = (1..=4).map(|i| Slot { location_id: i, brand_id: i }).collect();
    let p = problem(s, vec![member(1), two, three]);
    let a = allocate(&p);
    assert_eq!(a.assigned[&1], 2);
    assert_eq!(a.assigned[&2], 3);
    assert_eq!(spread(&p, &a), 1);
}

#[test]
fn the_same_inputs_give_the_same_answer_in_any_order() {
    let mut p = problem(slots(9, 1), vec![member(3), member(1), member(2)]);
    p.last_seen.insert((1, 4), d("2026-02-01"));
    let a = allocate(&p);
    p.slots.reverse();
    p.pool.reverse();
    assert_eq!(allocate(&p), a);
}

#[test]
fn a_pool_of_one_takes_all_it_may() {
    let mut p = problem(slots(3, 1), vec![member(1)]);
    p.last_seen.insert((1, 2), d("2026-03-01"));
    let a = allocate(&p);
    assert_eq!(a.assigned.keys().copied().collect::<Vec<_>>(), [1, 3]);
    assert_eq!(a.blocked, vec![(2, Blocked::LockedOut)]);
}

/// Every way of giving the allowed slots out, for small problems: the
/// smallest spread any of them reaches.
fn best_spread(p: &Problem) -> Option<u32> {
    let allowed: Vec<Vec<&Member>> = p
        .slots
        .iter()
        .map(|s| p.pool.iter().filter(|m| p.allowed(m, s)).collect())
        .filter(|v: &Vec<&Member>| !v.is_empty())
        .collect();
    let mut best = None;
    let mut pick = vec![0usize; allowed.len()];
    loop {
        let mut l: BTreeMap<i32, u32> = p.pool.iter().map(|m| (m.id, m.load)).collect();
        for (i, k) in pick.iter().enumerate() {
            *l.get_mut(&allowed[i][*k].id).unwrap() += 1;
        }
        let s = l.values().max().unwrap_or(&0) - l.values().min().unwrap_or(&0);
        best = Some(best.map_or(s, |b: u32| b.min(s)));
        let mut i = 0;
        loop {
            if i == pick.len() {
                return best;
            }
            pick[i] += 1;
            if pick[i] < allowed[i].len() {
                break;
            }
            pick[i] = 0;
            i += 1;
        }
    }
}

fn arb_problem() -> impl Strategy<Value = Problem> {
    (1usize..=4, 0usize..=7, any::<u64>()).prop_map(|(shoppers, n_slots, seed)| {
        let mut x = seed;
        let mut next = move |m: u64| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) % m
        };
        let pool: Vec<Member> = (1..=shoppers as i32)
            .map(|id| Member {
                id,
                load: next(3) as u32,
                excluded_brands: (1..=3).filter(|_| next(4) == 0).collect::<BTreeSet<i32>>(),
            })
            .collect();
        let slots: Vec<Slot> = (1..=n_slots as i32)
            .map(|id| Slot { location_id: id, brand_id: 1 + next(3) as i32 })
            .collect();
        let mut last_seen = BTreeMap::new();
        for m in &pool {
            for s in &slots {
                if next(4) == 0 {
                    let back = next(200);
                    last_seen
                        .insert((m.id, s.location_id), d("2026-04-01") - chrono::Days::new(back));
                }
            }
        }
        Problem { opens_on: Some(d("2026-04-01")), lockout_days: 90, slots, pool, last_seen }
    })
}

proptest! {
    #[test]
    fn allocations_keep_every_rule(p in arb_problem()) {
        let a = allocate(&p);
        // Every slot is given or reported, never both, never dropped.
        let blocked: BTreeSet<i32> = a.blocked.iter().map(|b| b.0).collect();
        for s in &p.slots {
            prop_assert!(a.assigned.contains_key(&s.location_id) != blocked.contains(&s.location_id));
        }
        // Nothing given breaks an exclusion or the lockout.
        for (loc, shopper) in &a.assigned {
            let s = p.slots.iter().find(|s| s.location_id == *loc).unwrap();
            let m = p.pool.iter().find(|m| m.id == *shopper).unwrap();
            prop_assert!(p.allowed(m, s));
        }
        // A blocked slot really has no one.
        for (loc, _) in &a.blocked {
            let s = p.slots.iter().find(|s| s.location_id == *loc).unwrap();
            prop_assert!(p.pool.iter().all(|m| !p.allowed(m, s)));
        }
        // Loads within one of each other whenever any answer manages it.
        if let Some(best) = best_spread(&p) && best <= 1 {
            prop_assert!(spread(&p, &a) <= 1, "best {best}, got {a:?}");
        }
        prop_assert_eq!(allocate(&p), a);
    }
}
