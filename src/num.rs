//! Numbers as pingyi rounds and prints them: one rounding rule for ranking and display.

/// Rounds as `format!("{:.d$}")` prints: correctly rounded from the binary value. −0 becomes 0.
pub fn round_to(x: f64, decimals: usize) -> f64 {
    let v: f64 = format!("{x:.decimals$}").parse().unwrap_or(x);
    if v == 0.0 {
        0.0
    } else {
        v
    }
}

/// A number at `d` decimals, never `-0.00`.
pub fn fixed(x: f64, d: usize) -> String {
    // One format: `{:.d$}` of the rounded value prints the same digits, except that a value
    // rounding to zero from below prints `-0.00`, which is normalised here.
    let s = format!("{x:.d$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

/// A change with its sign: `+1.25`, `-0.50`, `0.00`.
pub fn signed(x: f64, d: usize) -> String {
    let r = round_to(x, d);
    if r > 0.0 {
        format!("+{r:.d$}")
    } else {
        format!("{r:.d$}")
    }
}

/// The median of `v` (mean of the two middle values for an even count); `None` when empty.
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_follows_format() {
        assert_eq!(round_to(2.675, 2), 2.67); // 2.675 is 2.67499999… in binary
        assert_eq!(round_to(1.005, 2), 1.0);
        assert_eq!(round_to(0.125, 2), 0.12); // exactly representable: ties to even
        assert_eq!(round_to(-0.001, 2), 0.0);
        assert!(round_to(-0.001, 2).is_sign_positive());
        assert_eq!(round_to(87.4449, 1), 87.4);
    }

    #[test]
    fn fixed_prints_the_rounded_value_without_negative_zero() {
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(-0.0, 2), "0.00");
        assert_eq!(fixed(-0.006, 2), "-0.01");
        assert_eq!(fixed(2.675, 2), "2.67");
        assert_eq!(fixed(12.0, 0), "12");
        for x in [0.125, 1.005, 87.4449, -3.14158, 99.995, 1e-7, -1e-7] {
            for d in 0..4 {
                assert_eq!(fixed(x, d), format!("{:.d$}", round_to(x, d)), "{x} {d}");
            }
        }
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }
}
