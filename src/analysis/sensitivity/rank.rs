//! Ranking a draw: competition ranks of the rounded totals, the tie-breakers within a group of
//! equal totals only, from any starting order (a near one is settled in about n steps).

use super::engine::{Choice, Scratch, TrackModel};
use crate::num::round_to;
use crate::scoring::rank::descending;

/// A tie-breaker's rounded value for a unit (position, tie-breaker), where known without the
/// unit's dimension subtotals.
pub(super) type Quick<'a> = dyn Fn(usize, usize) -> Option<f64> + 'a;

impl TrackModel {
    /// Competition ranks (1, 2, 2, 4) of `w.rounded`, then the tie-breakers, in place. The
    /// tie-breakers are rounded and compared only within a group of equal totals.
    pub(super) fn rank(&self, c: &Choice, w: &mut Scratch, hint: Option<&[(u64, u32)]>) {
        let n = self.n;
        w.keys.clear();
        match hint {
            Some(h) if h.len() == n => {
                let r = &w.rounded;
                w.keys
                    .extend(h.iter().map(|&(_, i)| (descending(r[i as usize]), i)));
                settle(&mut w.keys);
            }
            _ => {
                w.keys
                    .extend((0..n).map(|i| (descending(w.rounded[i]), i as u32)));
                w.keys.sort_unstable_by_key(|k| k.0);
            }
        }
        self.rank_sorted(c, w, None);
    }

    /// The ranks of `w.keys`, sorted by their first field (a unit's rounded total as a key, its
    /// position). `quick(i, t)`, when given, may know tie-breaker t's rounded value for the
    /// unit at i without its dimension subtotals ([`super::delta`]).
    pub(super) fn rank_sorted(&self, c: &Choice, w: &mut Scratch, quick: Option<&Quick>) {
        let n = self.n;
        w.rank.clear();
        w.rank.resize(n, 0);
        w.groups.clear();
        // One pass over local slices (the compiler keeps them in registers): every unit the
        // first rank of its group; the groups the tie-breakers reorder noted for a second.
        let breaks = !self.tie_breakers.is_empty();
        let (keys, rank) = (&w.keys[..n], &mut w.rank[..n]);
        let mut start = 0;
        let mut top = keys.first().map_or(0, |k| k.0);
        for (k, &(key, i)) in keys.iter().enumerate() {
            if key != top {
                if breaks && k - start > 1 {
                    w.groups.push((start, k));
                }
                start = k;
                top = key;
            }
            rank[i as usize] = start as u32 + 1;
        }
        if breaks && n - start > 1 {
            w.groups.push((start, n));
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
        quick: Option<&Quick>,
    ) {
        let d = self.decimals;
        let k_tb = self.tie_breakers.len();
        let mut dims = std::mem::take(&mut w.dims);
        w.rest.clear();
        for k in start..end {
            let i = w.keys[k].1 as usize;
            if let Some(q) = quick {
                let at = w.rest.len();
                w.rest
                    .extend((0..k_tb).map_while(|t| q(i, t).map(descending)));
                if w.rest.len() == at + k_tb {
                    continue;
                }
                w.rest.truncate(at);
            }
            self.dims_at(c, w, i, &mut dims);
            for tb in &self.tie_breakers {
                let mut x = 0.0;
                for (k, &on) in tb.iter().enumerate() {
                    if on {
                        x += dims[k];
                    }
                }
                w.rest.push(descending(round_to(x, d)));
            }
        }
        w.dims = dims;
        let rest = &w.rest;
        let row = |a: usize| &rest[a * k_tb..(a + 1) * k_tb];
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
/// order costs a comparison with the largest so far). Keys far from their order (a large track,
/// a wide draw) would take it n² steps: past 8 moves a key it leaves the rest to a sort. Keys of
/// equal first fields may end in either order.
pub(super) fn settle(keys: &mut [(u64, u32)]) {
    let Some(&(mut top, _)) = keys.first() else {
        return;
    };
    let mut budget = 8 * keys.len() + 64;
    for k in 1..keys.len() {
        let x = keys[k];
        if x.0 >= top {
            top = x.0;
            continue;
        }
        // keys[k − 1] (the largest, `top`) moves up to k: `top` stays the largest.
        let mut j = k;
        while j > 0 && keys[j - 1].0 > x.0 {
            keys[j] = keys[j - 1];
            j -= 1;
        }
        keys[j] = x;
        if k - j >= budget {
            keys.sort_unstable_by_key(|k| k.0);
            return;
        }
        budget -= k - j;
    }
}
