//! Rank quantiles from a histogram, and Saltelli's estimators of the sensitivity indices.

/// The nearest-rank q-quantile (q = num/den) of `runs` ranks counted in `hist` (`hist[r − 1]`
/// runs had rank r): the smallest rank r with at least ⌈q·runs⌉ runs at or below it.
pub fn quantile(hist: &[u32], runs: u32, num: u32, den: u32) -> u32 {
    find(hist, runs, num, den).unwrap_or(hist.len() as u32)
}

/// [`quantile`]'s rank, `None` when `hist` holds fewer than ⌈q·runs⌉ runs.
fn find(hist: &[u32], runs: u32, num: u32, den: u32) -> Option<u32> {
    let need = (u64::from(num) * u64::from(runs))
        .div_ceil(u64::from(den))
        .max(1);
    let mut seen = 0u64;
    for (r, &k) in hist.iter().enumerate() {
        seen += u64::from(k);
        if seen >= need {
            return Some(r as u32 + 1);
        }
    }
    None
}

/// One unit's ranks over the runs: listed as they come while the unit moves over more places
/// than it has runs, then counted over the window of ranks it reached. A unit moves a few
/// places, so a track of n units takes n such windows, not an n × n histogram (gigabytes for
/// 100,000 units); in a track of a million, a unit can move thousands of places over a few runs,
/// where its list is the smaller (windows of a million units took 17 GB over 20 runs). Either
/// way a unit holds at most as many numbers as its runs or as the places it moved over, and the
/// quantiles are [`quantile`]'s of the full histogram, exactly: the ranks outside the window
/// have no runs.
#[derive(Debug, Clone, Default)]
pub struct Ranks {
    /// The lowest rank seen (and, while listed, the highest).
    lo: u32,
    hi: u32,
    /// Whether `seen` holds counts (of each rank from `lo` on) rather than the ranks listed.
    counted: bool,
    seen: Vec<u32>,
}

impl Ranks {
    /// Counts one run's rank r (≥ 1).
    #[inline]
    pub fn add(&mut self, r: u32) {
        if !self.counted {
            if self.seen.is_empty() {
                (self.lo, self.hi) = (r, r);
            }
            (self.lo, self.hi) = (self.lo.min(r), self.hi.max(r));
            self.seen.push(r);
            if self.seen.len() > (self.hi - self.lo) as usize + 1 {
                // The window is now the smaller: the listed ranks counted into it.
                let mut counts = vec![0; (self.hi - self.lo) as usize + 1];
                for &x in &self.seen {
                    counts[(x - self.lo) as usize] += 1;
                }
                self.seen = counts;
                self.counted = true;
            }
            return;
        }
        if r < self.lo {
            let grow = (self.lo - r) as usize;
            self.seen.splice(0..0, std::iter::repeat_n(0, grow));
            self.lo = r;
        }
        let k = (r - self.lo) as usize;
        if k >= self.seen.len() {
            self.seen.resize(k + 1, 0);
        }
        self.seen[k] += 1;
    }

    /// [`quantile`] of the ranks counted, `n` the units of the track (what an empty histogram
    /// of n ranks gives).
    pub fn quantile(&self, n: usize, runs: u32, num: u32, den: u32) -> u32 {
        if self.counted {
            return find(&self.seen, runs, num, den).map_or(n as u32, |r| self.lo + r - 1);
        }
        // The ⌈q·runs⌉-th smallest rank listed, as the histogram's walk finds it.
        let need = (u64::from(num) * u64::from(runs))
            .div_ceil(u64::from(den))
            .max(1);
        match usize::try_from(need - 1)
            .ok()
            .filter(|&k| k < self.seen.len())
        {
            Some(k) => *self.seen.clone().select_nth_unstable(k).1,
            None => n as u32,
        }
    }

    /// The numbers held: at most the runs counted, and at most the places moved over.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.seen.len()
    }
}

/// First-order S and total ST of input i from the outputs of A, B and A with column i from B
/// (Saltelli et al. 2010, the estimators COINr uses): with V the variance of A's and B's outputs
/// together, S = mean(y_B·(y_ABi − y_A)) / V and ST = mean((y_A − y_ABi)²) / (2V); both 0 when
/// V = 0 (the output never changes).
pub fn saltelli(y_a: &[f64], y_b: &[f64], y_ab: &[f64]) -> (f64, f64) {
    let n = y_a.len() as f64;
    let all = y_a.iter().chain(y_b);
    let mean = all.clone().sum::<f64>() / (2.0 * n);
    // The sample variance (÷ (2N − 1)), as COINr's `stats::var(c(yA, yB))`.
    let v = all.map(|y| (y - mean) * (y - mean)).sum::<f64>() / (2.0 * n - 1.0);
    if v <= 0.0 {
        return (0.0, 0.0);
    }
    let mut s = 0.0;
    let mut st = 0.0;
    for j in 0..y_a.len() {
        s += y_b[j] * (y_ab[j] - y_a[j]);
        st += (y_a[j] - y_ab[j]) * (y_a[j] - y_ab[j]);
    }
    (s / n / v, st / n / (2.0 * v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        // 10 runs: rank 1 three times, rank 2 five times, rank 4 twice.
        let h = [3, 5, 0, 2];
        assert_eq!(quantile(&h, 10, 5, 100), 1); // ⌈0.5⌉ = 1st run
        assert_eq!(quantile(&h, 10, 1, 2), 2); // 5th run
        assert_eq!(quantile(&h, 10, 95, 100), 4); // ⌈9.5⌉ = 10th run
        assert_eq!(quantile(&h, 10, 8, 10), 2); // 8th run
    }

    #[test]
    fn windowed_ranks_give_the_full_histograms_quantiles() {
        let n = 12;
        let seqs: [&[u32]; 7] = [
            &[5, 3, 9, 3, 4, 12, 1, 7, 7, 2],
            &[6],
            &[8, 8, 8, 2, 11],
            &[],
            // Listed, then counted once more runs than places (and a rank below the window).
            &[6, 7, 6, 6, 7, 7, 6, 5, 7, 6, 5, 6],
            &[2, 12, 2, 12, 2, 12, 2, 12, 2, 12, 2, 12],
            &[12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1],
        ];
        for seq in seqs {
            let mut hist = vec![0u32; n];
            let mut w = Ranks::default();
            for &r in seq {
                hist[r as usize - 1] += 1;
                w.add(r);
            }
            // Also a count of runs above the ranks counted (no quantile found: n).
            let runs = seq.len() as u32;
            for runs in [runs, runs + 3] {
                for (num, den) in [(1, 2), (5, 100), (95, 100), (1, 1), (0, 1)] {
                    assert_eq!(
                        w.quantile(n, runs, num, den),
                        quantile(&hist, runs, num, den),
                        "{seq:?} at {num}/{den}"
                    );
                }
            }
        }
    }

    /// A unit holds at most its runs' ranks or its window, whichever is smaller.
    #[test]
    fn a_unit_holds_no_more_than_its_runs_or_its_places() {
        let mut far = Ranks::default();
        for r in [1, 1_000_000, 500_000, 3] {
            far.add(r);
        }
        assert_eq!(far.held(), 4);
        assert_eq!(far.quantile(1_000_000, 4, 1, 2), 3);
        assert_eq!(far.quantile(1_000_000, 4, 95, 100), 1_000_000);
        let mut near = Ranks::default();
        for r in [40, 41, 40, 42, 41, 40, 39] {
            near.add(r);
        }
        assert_eq!(near.held(), 4, "counted over 39..=42");
        assert_eq!(near.quantile(100, 7, 1, 2), 40);
    }

    #[test]
    fn saltelli_on_an_additive_model_by_hand() {
        // y = x1 over A = (x1, x2) rows (0,0) (1,1), B rows (1,0) (0,1): y_A = 0, 1; y_B = 1, 0.
        // Mean 0.5, V = 4·0.25/(2·2 − 1) = 1/3 (the sample variance, as COINr's R `var`).
        // Column 1 from B: y_AB1 = 1, 0 → S1 = (1·1 + 0·(−1))/2 / (1/3) = 1.5 and
        // ST1 = ((0 − 1)² + (1 − 0)²)/2 / (2/3) = 1.5; a two-row sample is far from the limit,
        // but the formula is the one checked.
        let (s, st) = saltelli(&[0.0, 1.0], &[1.0, 0.0], &[1.0, 0.0]);
        assert!((s - 1.5).abs() < 1e-12, "{s}");
        assert!((st - 1.5).abs() < 1e-12, "{st}");
        // Column 2 from B leaves y unchanged: S2 = 0, ST2 = 0.
        assert_eq!(saltelli(&[0.0, 1.0], &[1.0, 0.0], &[0.0, 1.0]), (0.0, 0.0));
    }
}
