//! Linear scales and "nice" axis ticks (steps of 1, 2 or 5 times a power of ten).

/// Maps a domain `[d0, d1]` onto a range `[r0, r1]` of pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Linear {
    pub fn map(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span.abs() < f64::EPSILON {
            return self.r0;
        }
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }
}

/// Axis ticks covering `[lo, hi]`: about `target` of them, a step of 1, 2 or 5 × 10^k, the first
/// at or below `lo` and the last at or above `hi`. An empty or invalid interval gets `[0, 1]`.
pub fn ticks(lo: f64, hi: f64, target: usize) -> Ticks {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
        (lo, hi)
    } else if lo.is_finite() && (hi - lo).abs() < f64::EPSILON {
        (lo - 1.0, lo + 1.0)
    } else {
        (0.0, 1.0)
    };
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    Ticks {
        values: (first..=last).map(|k| k as f64 * step).collect(),
        step,
    }
}

/// Tick values and their step.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    pub values: Vec<f64>,
    pub step: f64,
}

impl Ticks {
    pub fn lo(&self) -> f64 {
        self.values.first().copied().unwrap_or(0.0)
    }

    pub fn hi(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }

    /// A tick value with as many decimals as the step needs (`0.25` → 2, `5` → 0).
    pub fn label(&self, v: f64) -> String {
        let d = if self.step >= 1.0 {
            0
        } else {
            (-self.step.log10()).ceil().max(0.0) as usize
        };
        let s = format!("{v:.d$}");
        if s.trim_start_matches('-')
            .chars()
            .all(|c| c == '0' || c == '.')
        {
            format!("{:.d$}", 0.0)
        } else {
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice_and_cover_the_interval() {
        let t = ticks(46.86, 99.65, 6);
        assert_eq!(t.step, 10.0);
        assert_eq!(t.values, vec![40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0]);
        let t = ticks(-3.0, 7.0, 5);
        assert_eq!(t.step, 2.0);
        assert_eq!((t.lo(), t.hi()), (-4.0, 8.0));
        let t = ticks(0.0, 0.9, 4);
        assert_eq!(t.step, 0.5);
        assert_eq!(t.label(0.5), "0.5");
    }

    #[test]
    fn degenerate_intervals_still_get_an_axis() {
        assert!(ticks(5.0, 5.0, 4).values.len() >= 2);
        assert_eq!(ticks(f64::NAN, 1.0, 4).values, vec![0.0, 0.5, 1.0]);
        assert_eq!(ticks(0.0, 0.0, 4).label(-0.0), "0.0");
        assert_eq!(ticks(0.0, 10.0, 5).label(-0.0), "0");
    }

    #[test]
    fn linear_maps_ends_to_ends() {
        let s = Linear {
            d0: 0.0,
            d1: 100.0,
            r0: 10.0,
            r1: 210.0,
        };
        assert_eq!(s.map(0.0), 10.0);
        assert_eq!(s.map(50.0), 110.0);
        assert_eq!(s.map(100.0), 210.0);
    }
}
