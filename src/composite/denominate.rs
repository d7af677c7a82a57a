//! Denominators: an indicator divided by a unit attribute (population, area, GDP …) and scaled,
//! e.g. per 10,000 people, so that a big unit does not win only because it is big.

/// `x / d · scale`, computed as `(x / d) · scale`; missing when `x` or `d` is missing or `d` is 0.
///
/// # Panics
/// If `d` is not as long as `x`.
pub fn denominate(x: &[Option<f64>], d: &[Option<f64>], scale: f64) -> Vec<Option<f64>> {
    assert_eq!(x.len(), d.len(), "one denominator per cell");
    x.iter()
        .zip(d)
        .map(|(x, d)| match (x, d) {
            (Some(x), Some(d)) if *d != 0.0 => Some(x / d * scale),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_ten_thousand_people() {
        let out = denominate(
            &[Some(30.0), Some(5.0), None, Some(1.0)],
            &[Some(60_000.0), None, Some(1.0), Some(0.0)],
            10_000.0,
        );
        assert_eq!(out, vec![Some(5.0), None, None, None]);
    }
}
