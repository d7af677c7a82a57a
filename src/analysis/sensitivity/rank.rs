//! Ranking a draw: competition ranks of the rounded totals, the tie-breakers within a group of
//! equal totals only, from any starting order (a near one is settled in about n steps).

use super::engine::{Choice, Scratch, TrackModel};
use crate::scoring::rank::descending;

/// No tie-breaker value known beforehand: each is added up from the unit's subtotals.
pub(super) fn unknown(_: usize, _: usize) -> Option<f64> {
    None
}

impl TrackModel {
    /// Competition ranks (1, 2, 2, 4) of the rounded totals (`w.key`), then the tie-breakers, in place. The
    /// tie-breakers are rounded and compared only within a group of equal totals.
    pub(super) fn rank(&self, c: &Choice, w: &mut Scratch, hint: Option<&[(u64, u32)]>) {
        let n = self.n;
        w.keys.clear();
        match hint {
            Some(h) if h.len() == n => {
                let key = &w.key;
                w.keys.extend(h.iter().map(|&(_, i)| (key[i as usize], i)));
                settle(&mut w.keys);
            }
            _ => {
                w.keys.extend((0..n).map(|i| (w.key[i], i as u32)));
                w.keys.sort_unstable_by_key(|k| k.0);
            }
        }
        self.rank_sorted(c, w, &unknown);
    }

    /// The ranks of `w.keys`, sorted by their first field (a unit's rounded total as a key, its
    /// position). `quick(i, t)` may know tie-breaker t's rounded value for the
    /// unit at i without its dimension subtotals ([`super::delta`]; [`unknown`] where none is):
    /// a generic, so that it is inlined where it is called.
    pub(super) fn rank_sorted(
        &self,
        c: &Choice,
        w: &mut Scratch,
        quick: &impl Fn(usize, usize) -> Option<f64>,
    ) {
        let n = self.n;
        // Every unit's rank is written below (each is in `w.keys` once): not cleared first.
        w.rank.resize(n, 0);
        w.groups.clear();
        // One pass over local slices (the compiler keeps them in registers), without a
        // branch (where ties fall varies from draw to draw): every unit the first rank of its
        // group, and each position whose key equals the one before noted.
        let (keys, rank) = (&w.keys[..n], &mut w.rank[..n]);
        w.ties.resize(n, 0);
        let ties = &mut w.ties[..n];
        let mut start = 0;
        let mut top = keys.first().map_or(0, |k| !k.0);
        let mut tied = 0;
        for (k, &(key, i)) in keys.iter().enumerate() {
            let same = key == top;
            start = if same { start } else { k };
            top = key;
            rank[i as usize] = start as u32 + 1;
            ties[tied] = k as u32;
            tied += usize::from(same);
        }
        // The groups of equal totals, for the tie-breakers to order: runs of noted positions.
        if !self.tie_breakers.is_empty() {
            for &k in &w.ties[..tied] {
                let k = k as usize;
                match w.groups.last_mut() {
                    Some(g) if g.1 == k => g.1 = k + 1,
                    _ => w.groups.push((k - 1, k + 1)),
                }
            }
        }
        for g in 0..w.groups.len() {
            let (start, end) = w.groups[g];
            self.break_ties(c, w, start, end, quick);
        }
    }

    /// Ranks the group `w.keys[start..end]` of equal totals by the tie-breakers (their keys
    /// one row of `w.rest` per unit of the group, in buffers reused from draw to draw).
    fn break_ties(
        &self,
        c: &Choice,
        w: &mut Scratch,
        start: usize,
        end: usize,
        quick: &impl Fn(usize, usize) -> Option<f64>,
    ) {
        let k_tb = self.tie_breakers.len();
        let mut dims = std::mem::take(&mut w.dims);
        w.rest.clear();
        for k in start..end {
            let i = w.keys[k].1 as usize;
            let at = w.rest.len();
            w.rest
                .extend((0..k_tb).map_while(|t| quick(i, t).map(descending)));
            if w.rest.len() == at + k_tb {
                continue;
            }
            w.rest.truncate(at);
            self.dims_at(c, w, i, &mut dims);
            for (t, tb) in self.tie_breakers.iter().enumerate() {
                let mut x = 0.0;
                for (k, &on) in tb.iter().enumerate() {
                    if on {
                        x += dims[k];
                    }
                }
                w.rest.push(descending(self.round_tie(i, t, x)));
            }
        }
        w.dims = dims;
        let rest = &w.rest;
        let row = |a: usize| &rest[a * k_tb..(a + 1) * k_tb];
        if end - start == 2 {
            // A pair (most groups): both hold the group's first rank; the one behind takes the
            // second.
            let (a, b) = (w.keys[start].1 as usize, w.keys[start + 1].1 as usize);
            match row(0).cmp(row(1)) {
                std::cmp::Ordering::Less => w.rank[b] += 1,
                std::cmp::Ordering::Greater => w.rank[a] += 1,
                std::cmp::Ordering::Equal => {}
            }
            return;
        }
        w.idx.clear();
        w.idx.extend(0..end - start);
        w.idx.sort_unstable_by(|&a, &b| row(a).cmp(row(b)));
        for j in 0..w.idx.len() {
            let a = w.idx[j];
            let pos = w.keys[start + a].1 as usize;
            w.rank[pos] = if j > 0 && row(w.idx[j - 1]) == row(a) {
                w.rank[w.keys[start + w.idx[j - 1]].1 as usize]
            } else {
                (start + j) as u32 + 1
            };
        }
    }
}

/// Sorts `keys` by their first field, in place and without allocating: an insertion sort, for
/// keys already in nearly that order (each step moves a key past the few it overtook; a key in
/// order costs a comparison with the largest so far). Keys of equal first fields may end in
/// either order.
fn settle(keys: &mut [(u64, u32)]) {
    let Some(&(mut top, _)) = keys.first() else {
        return;
    };
    let mut budget = Budget::new(keys.len());
    for k in 1..keys.len() {
        if keys[k].0 >= top {
            top = keys[k].0;
        } else {
            budget.sink(&mut keys[..=k]);
        }
    }
    budget.finish(keys);
}

/// An insertion sort's moves, bounded: keys far from their order (a large track, a wide draw)
/// would take it n² steps, so past 8 moves a key it stops and leaves the keys to a sort.
pub(super) struct Budget {
    left: usize,
    over: bool,
}

impl Budget {
    pub(super) fn new(n: usize) -> Budget {
        Budget {
            left: 8 * n + 64,
            over: false,
        }
    }

    /// Moves the last of `keys` down to its place among the sorted keys before it.
    pub(super) fn sink(&mut self, keys: &mut [(u64, u32)]) {
        let Some(k) = keys.len().checked_sub(1) else {
            return;
        };
        if self.over {
            return;
        }
        let x = keys[k];
        let mut j = k;
        while j > 0 && keys[j - 1].0 > x.0 {
            keys[j] = keys[j - 1];
            j -= 1;
        }
        keys[j] = x;
        match self.left.checked_sub(k - j) {
            Some(left) if left > 0 => self.left = left,
            _ => self.over = true,
        }
    }

    /// Sorts `keys` if the moves ran out.
    pub(super) fn finish(self, keys: &mut [(u64, u32)]) {
        if self.over {
            keys.sort_unstable_by_key(|k| k.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys sorted the straightforward way; equal first fields compared as sets.
    fn check(mut keys: Vec<(u64, u32)>) {
        let mut want = keys.clone();
        want.sort_unstable();
        settle(&mut keys);
        assert!(keys.windows(2).all(|p| p[0].0 <= p[1].0));
        keys.sort_unstable();
        assert_eq!(keys, want);
    }

    #[test]
    fn settling_sorts_near_and_far_orders_alike() {
        // Nearly in order (a few swaps), reversed (past the budget: a sort), with equal keys.
        let near: Vec<(u64, u32)> = (0..300u32)
            .map(|i| (u64::from(if i % 7 == 3 { i + 5 } else { i }), i))
            .collect();
        check(near);
        check((0..300u32).map(|i| (u64::from(300 - i), i)).collect());
        check((0..300u32).map(|i| (u64::from(i % 5), i)).collect());
        check(Vec::new());
        check(vec![(1, 0)]);
    }
}
