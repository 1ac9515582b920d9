//! Who visits which location this period: a pure function, so every rule
//! is pinned by unit tests.
//!
//! Rules, in order: a shopper is never sent to a brand they are excluded
//! from, nor to a location they visited or were assigned within the lockout;
//! among what is allowed, loads are made as even as the constraints let
//! them be (max - min <= 1 whenever that is possible), counting the work
//! each shopper already holds. Everything is ordered by id, so the same
//! inputs always give the same answer.
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use chrono::NaiveDate;

/// A location to be visited this period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub location_id: i32,
    pub brand_id: i32,
}

/// A shopper of the pool: the work they already hold, and the brands they
/// are never sent to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Member {
    pub id: i32,
    pub load: u32,
    pub excluded_brands: BTreeSet<i32>,
}

#[derive(Clone, Debug, Default)]
pub struct Problem {
    /// The first day of the new assignments' window.
    pub opens_on: Option<NaiveDate>,
    pub lockout_days: u32,
    pub slots: Vec<Slot>,
    pub pool: Vec<Member>,
    /// The latest day each shopper was (or is due to be) at each location:
    /// a past assignment's due day, or a visit's day.
    pub last_seen: BTreeMap<(i32, i32), NaiveDate>,
}

/// Why no one may take a location.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Blocked {
    /// The pool has no shopper.
    EmptyPool,
    /// Every shopper is excluded from the location's brand.
    Excluded,
    /// Every shopper not excluded was there within the lockout.
    LockedOut,
}

impl Blocked {
    pub fn as_str(self) -> &'static str {
        match self {
            Blocked::EmptyPool => "empty_pool",
            Blocked::Excluded => "excluded",
            Blocked::LockedOut => "locked_out",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allocation {
    /// Location id -> shopper id.
    pub assigned: BTreeMap<i32, i32>,
    /// Locations no one may take, and why.
    pub blocked: Vec<(i32, Blocked)>,
}

impl Problem {
    /// Whether `last` (a day the shopper was at the location) falls within
    /// the lockout before the new window opens (or after it).
    fn locked(&self, last: NaiveDate) -> bool {
        match self.opens_on {
            None => false,
            Some(o) => (o - last).num_days() < i64::from(self.lockout_days),
        }
    }

    /// Whether shopper `m` may take slot `s`.
    pub fn allowed(&self, m: &Member, s: &Slot) -> bool {
        !m.excluded_brands.contains(&s.brand_id)
            && !self.last_seen.get(&(m.id, s.location_id)).is_some_and(|d| self.locked(*d))
    }
}

/// Gives each location a shopper where the rules allow one.
pub fn allocate(p: &Problem) -> Allocation {
    let mut pool: Vec<&Member> = p.pool.iter().collect();
    pool.sort_by_key(|m| m.id);
    pool.dedup_by_key(|m| m.id);
    let mut slots: Vec<&Slot> = p.slots.iter().collect();
    slots.sort_by_key(|s| s.location_id);
    slots.dedup_by_key(|s| s.location_id);

    // Who may take each slot (indexes into `pool`).
    let mut out = Allocation::default();
    let mut open: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, s) in slots.iter().enumerate() {
        let may: Vec<usize> = (0..pool.len()).filter(|&j| p.allowed(pool[j], s)).collect();
        if may.is_empty() {
            let why = if pool.is_empty() {
                Blocked::EmptyPool
            } else if pool.iter().all(|m| m.excluded_brands.contains(&s.brand_id)) {
                Blocked::Excluded
            } else {
                Blocked::LockedOut
            };
            out.blocked.push((s.location_id, why));
        } else {
            open.push((i, may));
        }
    }

    // Greedy start: the most constrained slot first, to the least loaded.
    let mut load: Vec<u32> = pool.iter().map(|m| m.load).collect();
    let mut owner: Vec<usize> = vec![usize::MAX; slots.len()];
    let mut order: Vec<&(usize, Vec<usize>)> = open.iter().collect();
    order.sort_by_key(|(i, may)| (may.len(), *i));
    for (i, may) in order {
        let j = *may.iter().min_by_key(|&&j| (load[j], j)).expect("not empty");
        owner[*i] = j;
        load[j] += 1;
    }

    // Then even the loads out: while some shopper could take, through a
    // chain of handovers, a slot from one holding two or more than them,
    // do it. No such chain left means the loads are as even as can be
    // (each move lowers the sum of squared loads).
    let mut held: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); pool.len()];
    let mut takers: Vec<Vec<usize>> = vec![Vec::new(); slots.len()];
    for (i, may) in &open {
        held[owner[*i]].insert(*i);
        takers[*i] = may.clone();
    }
    // For each shopper, the slots they may take.
    let mut may_take: Vec<Vec<usize>> = vec![Vec::new(); pool.len()];
    for (i, may) in &open {
        for &j in may {
            may_take[j].push(*i);
        }
    }
    loop {
        let mut by_load: Vec<usize> = (0..pool.len()).collect();
        by_load.sort_by_key(|&j| (load[j], j));
        let Some(chain) = by_load.iter().find_map(|&u| handover_chain(u, &load, &may_take, &owner))
        else {
            break;
        };
        // `chain`: u takes slot s1 from x1, x1 takes s2 from x2, ...
        let first = chain.first().map(|&(_, _, to)| to).expect("a chain has a step");
        let last = chain.last().map(|&(_, from, _)| from).expect("a chain has a step");
        for &(slot, from, to) in &chain {
            held[from].remove(&slot);
            held[to].insert(slot);
            owner[slot] = to;
        }
        load[first] += 1;
        load[last] -= 1;
    }

    for (i, s) in slots.iter().enumerate() {
        if owner[i] != usize::MAX {
            out.assigned.insert(s.location_id, pool[owner[i]].id);
        }
    }
    out.blocked.sort();
    out
}

/// A breadth-first search from shopper `u` for a shopper holding at least
/// two more than `u`, reachable by handovers: `u` takes a slot from `x1`,
/// `x1` takes one from `x2`, and so on. Each step is `(slot, from, to)`,
/// from `u`'s end.
fn handover_chain(
    u: usize,
    load: &[u32],
    may_take: &[Vec<usize>],
    owner: &[usize],
) -> Option<Vec<(usize, usize, usize)>> {
    let mut came: BTreeMap<usize, (usize, usize)> = BTreeMap::new(); // x -> (slot, prev)
    let mut seen = BTreeSet::from([u]);
    let mut queue = VecDeque::from([u]);
    while let Some(v) = queue.pop_front() {
        for &slot in &may_take[v] {
            let x = owner[slot];
            if x == usize::MAX || !seen.insert(x) {
                continue;
            }
            came.insert(x, (slot, v));
            if load[x] >= load[u] + 2 {
                let mut steps = Vec::new();
                let mut at = x;
                while at != u {
                    let (slot, prev) = came[&at];
                    steps.push((slot, at, prev));
                    at = prev;
                }
                steps.reverse();
                return Some(steps);
            }
            queue.push_back(x);
        }
    }
    None
}

#[cfg(test)]
mod tests;
