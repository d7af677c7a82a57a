use super::*;

/// What the fast paths must equal: `format!`.
fn slow_fixed(x: f64, d: usize) -> String {
    let s = format!("{x:.d$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

#[test]
fn fast_fixed_equals_format_on_hard_cases() {
    let cases = [
        0.125,
        0.375,
        2.675,
        1.005,
        1.015,
        1.025,
        99.995,
        100.26453809,
        -0.001,
        -0.005,
        -0.006,
        0.5,
        1.5,
        2.5,
        -2.5,
        1e-7,
        -1e-7,
        123456789.125,
        4.35,
        0.045,
        1.0 / 3.0,
        9007199254740993.0,
        1e17,
        -1e17,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
    ];
    for x in cases {
        for d in 0..=6 {
            assert_eq!(fixed(x, d), slow_fixed(x, d), "{x} {d}");
            let r: f64 = slow_fixed(x, d).parse().unwrap();
            assert_eq!(
                round_to(x, d).to_bits(),
                (if r == 0.0 { 0.0 } else { r }).to_bits(),
                "{x} {d}"
            );
        }
    }
}

#[test]
fn fast_fixed_equals_format_on_many_values() {
    // A deterministic sweep over halves, near-halves and random bit patterns.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for i in 0..200_000u64 {
        let x = match i % 4 {
            0 => (next() % 2_000_000) as f64 / 1000.0 - 1000.0,
            1 => (next() % 20_000_001) as f64 / 200.0 - 50_000.0 + 0.005,
            2 => f64::from_bits(next() >> 2),
            _ => (next() % 1_000_000) as f64 * 0.01,
        };
        if !x.is_finite() {
            continue;
        }
        let d = (i % 7) as usize;
        assert_eq!(fixed(x, d), slow_fixed(x, d), "{x:e} {d}");
    }
}

/// The exact path taken near halves: exact ties (ties to even, either sign), the doubles just
/// beside them, subnormals and the largest values it takes, at every decimal count up to 9.
#[test]
fn near_halves_are_rounded_exactly_as_format_rounds() {
    let mut r = crate::analysis::sensitivity::rng::Rng::new(3);
    let mut values = vec![
        0.5,
        1.5,
        2.5,
        -0.5,
        -2.5,
        0.125,
        -0.125,
        0.005,
        -0.005,
        1.875,
        2.4875,
        5e-324,
        -5e-324,
        f64::MIN_POSITIVE,
        8.99e15,
        4503599627370495.5,
        -4503599627370495.5,
    ];
    for _ in 0..100_000 {
        // Halves of the last decimal, exact in binary (k/2^j) and not (decimal x.xx5).
        let j = r.next_u64() % 12;
        let k = (r.next_u64() % 2_000_000) as f64 - 1_000_000.0;
        let d = (r.next_u64() % 10) as i32;
        let h = (k + 0.5) / 10f64.powi(d);
        values.extend([k / (1u64 << j) as f64, h]);
        for x in [h, k / (1u64 << j) as f64] {
            values.push(f64::from_bits(x.to_bits().wrapping_add(1)));
            values.push(f64::from_bits(x.to_bits().wrapping_sub(1)));
        }
    }
    for &x in &values {
        for d in 0..=9 {
            assert_eq!(fixed(x, d), slow_fixed(x, d), "{x:e} at {d}");
            if let Some(n) = scaled_exactly(x, d) {
                assert_eq!(scaled(x, d).unwrap_or(n), n, "{x:e} at {d}");
            }
        }
    }
}

/// The digits written two at a time are those of the plain layout (itoa's digits split at the
/// point), at every decimal count the fast layout takes.
#[test]
fn scaled_integers_print_as_digits_split_at_the_point() {
    let mut r = crate::analysis::sensitivity::rng::Rng::new(9);
    let mut values = vec![0, 1, -1, 9, 10, 99, 100, -100, 12345, i64::MAX, i64::MIN];
    for _ in 0..50_000 {
        let x = r.next_u64();
        values.push(x as i64 >> (x % 64));
    }
    for &n in &values {
        for d in 0..=20 {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            push_scaled(&mut a, n, d);
            push_scaled_long(&mut b, n, d);
            assert_eq!(a, b, "{n} {d}");
        }
    }
    let s = |n, d| {
        let mut out = Vec::new();
        push_scaled(&mut out, n, d);
        String::from_utf8(out).unwrap()
    };
    assert_eq!(s(267, 2), "2.67");
    assert_eq!(s(-5, 2), "-0.05");
    assert_eq!(s(0, 2), "0.00");
    assert_eq!(s(-7, 0), "-7");
    assert_eq!(s(1234567, 3), "1234.567");
}

#[test]
fn decimals_print_as_their_raw_values() {
    for (m, k) in [
        (1230i64, 2usize),
        (0, 3),
        (-5, 2),
        (7, 0),
        (123456789, 4),
        (-2147483648, 9),
        (100, 1),
    ] {
        let mut a = Vec::new();
        push_decimal(&mut a, m, k);
        let mut b = Vec::new();
        push_raw(&mut b, m as f64 / 10f64.powi(k as i32));
        assert_eq!(
            String::from_utf8(a).unwrap(),
            String::from_utf8(b).unwrap(),
            "{m} {k}"
        );
    }
}

#[test]
fn raw_values_are_shortest_plain_decimals_within_a_readable_range() {
    for x in [
        1.0,
        12.34,
        -3.5,
        0.1,
        1e15 - 1.0,
        123456.789,
        1e-6,
        2.5e-6,
        0.000123,
    ] {
        assert_eq!(raw(x), format!("{x}"), "{x}");
    }
    for x in [
        1.0,
        -7.0,
        100.0,
        120.0,
        999_999_999_999_999.0,
        -123_456_789_012_340.0,
    ] {
        assert_eq!(raw(x), format!("{x}"), "{x}");
    }
    assert_eq!(raw(1e15), "1e15");
    assert_eq!(raw(-0.0), "0");
    assert_eq!(raw(0.0), "0");
    assert_eq!(raw(1e20), "1e20");
    assert_eq!(raw(-1.5e300), "-1.5e300");
    assert_eq!(raw(2.5e-9), "2.5e-9");
    assert_eq!(raw(f64::MAX), "1.7976931348623157e308");
    let mut state = 7u64;
    for _ in 0..100_000 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let x = (state >> 11) as f64 / 1e6;
        assert_eq!(raw(x), format!("{x}"), "{x}");
        assert_eq!(raw(-x / 1e3), format!("{}", -x / 1e3), "{x}");
        // Whole numbers below 10^15 (2^49 < 10^15), and their neighbours.
        let k = (state >> 15) as f64;
        for y in [k, -k, k + 0.5, f64::from_bits(k.to_bits() + 1)] {
            assert_eq!(raw(y), format!("{y}"), "{y}");
        }
    }
}

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

/// Reviewer's case: the median of two published figures was their binary mean (80.955000…01 →
/// 80.96, 1.17499…98 → 1.17) while their mean, taken on the decimals, printed 80.95 and 1.18.
#[test]
fn an_even_median_is_the_exact_mean_of_the_middle_figures() {
    for (a, b) in [(80.26, 81.65), (1.15, 1.20), (-0.07, -0.08), (8.74, 8.75)] {
        let m = median(vec![b, 3.0 * b.abs() + 100.0, a, -1000.0]).unwrap();
        assert_eq!(
            m.to_bits(),
            mean_exact(&[a, b]).unwrap().to_bits(),
            "{a} {b}"
        );
    }
    assert_eq!(fixed(median(vec![80.26, 81.65]).unwrap(), 2), "80.95");
    assert_eq!(fixed(median(vec![1.20, 1.15]).unwrap(), 2), "1.18");
    assert_eq!(fixed(median(vec![-0.07, -0.08]).unwrap(), 2), "-0.07");
    assert_eq!(median(vec![80.955]), Some(80.955));
}

/// `scaled` as first written, with libm's floor and round: the integer floor must agree.
fn scaled_libm(x: f64, d: usize) -> Option<i64> {
    let p = *POW10.get(d)?;
    let y = x * p;
    if y.is_nan() || y.abs() >= 9.0e15 {
        return None;
    }
    let margin = 4.0 * f64::EPSILON * y.abs().max(1.0);
    let frac = y - y.floor();
    if (frac - 0.5).abs() <= margin {
        return None;
    }
    Some(y.round() as i64)
}

#[test]
fn scaled_without_libm_equals_floor_and_round() {
    let mut r = crate::analysis::sensitivity::rng::Rng::new(42);
    let mut values = vec![
        0.0,
        -0.0,
        0.5,
        -0.5,
        1.5,
        -1.5,
        2.675,
        -2.675,
        0.125,
        -0.004,
        99.995,
        -99.995,
        8.9e15,
        -8.9e15,
        1e-300,
        -1e-300,
        4503599627370495.5,
        -4503599627370495.5,
    ];
    for _ in 0..200_000 {
        let u = r.uniform();
        let scale = [1.0, 100.0, 1e6, 1e12][(r.next_u64() % 4) as usize];
        values.push((u - 0.5) * 2.0 * scale);
        // Values on a decimal grid and just beside it (near halves after scaling).
        let k = (r.next_u64() % 2_000_000) as f64 / 1000.0 - 1000.0;
        values.extend([
            k,
            k + 0.0005,
            k - 0.0005,
            f64::from_bits((k + 0.005).to_bits() + 1),
        ]);
    }
    for &x in &values {
        for d in 0..=6 {
            assert_eq!(scaled(x, d), scaled_libm(x, d), "{x} at {d}");
        }
    }
}

#[test]
fn significant_keeps_twelve_digits_as_printed_and_makes_equal_rates_equal() {
    // The rates and ratios binary arithmetic leaves a few units off in the 16th digit.
    assert_ne!(100.0 * (1.1 - 1.0) / 1.0, 100.0 * (3.3 - 3.0) / 3.0);
    assert_eq!(significant(100.0 * (1.1 - 1.0) / 1.0), 10.0);
    assert_eq!(significant(100.0 * (3.3 - 3.0) / 3.0), 10.0);
    assert_eq!(significant(100.0 * (0.77 - 0.7) / 0.7), 10.0);
    assert_eq!(significant(0.3 / 3.0 * 10000.0), 1000.0);
    assert_eq!(significant(1.0 / 3.0), 0.333333333333);
    assert_eq!(significant(-2.0 / 3.0), -0.666666666667);
    assert_eq!(significant(123456.7890123456), 123456.789012);
    // Beyond the fast path's scales (|x| < 10^-11, or ≥ 10^12), and the values left alone.
    assert_eq!(significant(2.0 / 3.0 * 1e-15), 6.66666666667e-16);
    assert_eq!(significant(1.0 / 3.0 * 1e20), 3.33333333333e19);
    assert_eq!(significant(0.0), 0.0);
    assert!(significant(f64::NAN).is_nan());
    assert_eq!(significant(f64::INFINITY), f64::INFINITY);
    // Every value: what `{:.11e}` prints, read back.
    let mut r = crate::analysis::sensitivity::rng::Rng::new(7);
    let mut values = vec![
        9.999999999995,
        99.9999999999949,
        999.99999999995,
        1e-11,
        1e12,
        5e-324,
    ];
    for _ in 0..200_000 {
        let e = (r.next_u64() % 40) as i32 - 20;
        let x = (r.uniform() - 0.5) * 10f64.powi(e);
        // On a 12-digit grid, and half a step beside it (the digit after the twelfth a 5).
        let g = (r.next_u64() % 900_000_000_000 + 100_000_000_000) as f64 * 10f64.powi(e - 11);
        values.extend([x, g, g + 0.5 * 10f64.powi(e - 11), -g]);
    }
    for &x in &values {
        let printed: f64 = format!("{x:.11e}").parse().unwrap();
        assert_eq!(significant(x).to_bits(), printed.to_bits(), "{x:e}");
    }
}

#[test]
fn a_difference_is_taken_on_the_decimals_read() {
    assert_eq!(difference(1000.01, 1000.0), 0.01);
    assert_eq!(difference(2000.02, 2000.0), 0.02);
    assert_eq!(difference(1.1, 1.0), 0.1);
    assert_eq!(difference(0.77, 0.7), 0.07);
    assert_eq!(difference(-25.0, -50.0), 25.0);
    assert_eq!(difference(5.0, 5.0), 0.0);
    assert_eq!(difference(1.5e20, 1e20), 5e19);
    assert_eq!(difference(1e-7, 3e-8), 7e-8);
    // Exponents too far apart for the integers: the binary difference.
    assert_eq!(difference(1e30, 1e-30), 1e30 - 1e-30);
    assert!(difference(f64::NAN, 1.0).is_nan());
    // So a growth of 10^-6 % is the same rate from 100,000 and from 1, which in binary it is
    // not even to 12 significant digits (1.00000000384e-6 and 9.99999993923e-7).
    let binary = |x: f64, p: f64| significant(100.0 * (x - p) / p.abs());
    assert_ne!(binary(100000.001, 100000.0), binary(1.00000001, 1.0));
    let rate = |x: f64, p: f64| significant(100.0 * difference(x, p) / p.abs());
    assert_eq!(rate(100000.001, 100000.0), 1e-6);
    assert_eq!(rate(1.00000001, 1.0), 1e-6);
    assert_eq!(rate(1000.01, 1000.0), 0.001);
    // Every pair of two-decimal values: the difference is the exact one, correctly rounded.
    let mut r = crate::analysis::sensitivity::rng::Rng::new(11);
    for _ in 0..100_000 {
        let a = (r.next_u64() % 2_000_000) as i64 - 1_000_000;
        let b = (r.next_u64() % 2_000_000) as i64 - 1_000_000;
        let (x, p) = (a as f64 / 100.0, b as f64 / 100.0);
        assert_eq!(difference(x, p), (a - b) as f64 / 100.0, "{x} − {p}");
    }
}

#[test]
fn sums_and_means_are_taken_on_the_decimals_read_and_rounded_once() {
    // 55.24 and 63.05: the binary sum over 2 is 59.144999999999996, which rounds to 59.14; the
    // exact mean 59.145 is the binary 59.145000000000003…, which rounds to 59.15.
    assert_eq!((55.24 + 63.05) / 2.0, 59.144999999999996);
    assert_eq!(mean_exact(&[55.24, 63.05]), Some(59.145));
    assert_eq!(round_to(mean_exact(&[63.05, 55.24]).unwrap(), 2), 59.15);
    assert_eq!(sum_exact(&[0.1, 0.2, 0.3]), 0.6);
    assert_ne!(0.1 + 0.2 + 0.3, 0.6);
    assert_eq!(mean_exact(&[2.51, 8.45, 5.48]), Some(5.48));
    assert_eq!(mean_exact(&[]), None);
    assert_eq!(mean_exact(&[-1.5, 1.5, 3.0]), Some(1.0));
    // Digits past 53 bits (26249999999999998·10^-16 over 3): the exact mean 0.87499999999999993…
    // is nearest 0.8749999999999999 (4.4e-17 away; 0.875 is 6.7e-17), which rounds to 0.87. The
    // sum rounded to a double first (2.625) and then divided gave 0.875, which rounds to 0.88.
    let m = mean_exact(&[0.8749999999999999, 0.875, 0.8749999999999999]).unwrap();
    assert_eq!(m, 0.8749999999999999);
    assert_eq!(round_to(m, 2), 0.87);
    assert_eq!(
        mean_exact(&[-0.8749999999999999, -0.875, -0.8749999999999999]),
        Some(-m)
    );
    // 16-digit scores as computed ones are (7.919999999999999, 5.3999999999999995): the exact
    // mean of 7.919999999999999, 5.3999999999999995 and 8.28 is 7.19999999999999983…
    assert_eq!(
        mean_exact(&[7.919999999999999, 5.3999999999999995, 8.28]),
        Some(7.199999999999999)
    );
    assert_eq!(sum_exact(&[1e21, 2e21]), 3e21);
    // Exponents too far apart for the integers: the binary values in ascending order.
    assert_eq!(sum_exact(&[1e30, 1e-30]), 1e30);
    // Any order, the same bits; and the mean of two-decimal figures is their exact mean.
    let mut r = crate::analysis::sensitivity::rng::Rng::new(5);
    for _ in 0..20_000 {
        let k = (r.next_u64() % 6 + 1) as usize;
        let cents: Vec<i64> = (0..k)
            .map(|_| (r.next_u64() % 20_000) as i64 - 5_000)
            .collect();
        let v: Vec<f64> = cents.iter().map(|&c| c as f64 / 100.0).collect();
        let mut w = v.clone();
        w.reverse();
        let m = mean_exact(&v).unwrap();
        assert_eq!(m.to_bits(), mean_exact(&w).unwrap().to_bits());
        let exact = cents.iter().sum::<i64>() as f64 / (100.0 * k as f64);
        assert_eq!(m, exact, "{v:?}");
    }
}

#[test]
fn decimal_ratio_is_the_quotient_correctly_rounded() {
    let d = Decimal::new;
    // Equal decimals give equal doubles however they were formed: 0.7·81.85 + 0.2·80.40 +
    // 0.1·80.40 and 0.7·84.55 + 0.2·78.85 + 0.1·64.60 are both 81.415.
    let sum = |parts: [(i128, i128); 3]| {
        parts.iter().fold(Decimal::ZERO, |acc, &(w, m)| {
            acc.checked_add(d(w, -1).checked_mul(d(m, -2)).unwrap())
                .unwrap()
        })
    };
    let a = sum([(7, 8185), (2, 8040), (1, 8040)]);
    let b = sum([(7, 8455), (2, 7885), (1, 6460)]);
    assert_eq!(a.ratio(Decimal::int(1)), Some(81.415));
    assert_eq!(b.ratio(Decimal::int(1)), Some(81.415));
    assert_eq!(d(1, 0).ratio(d(3, 0)), Some(1.0 / 3.0));
    assert_eq!(d(-2, 0).ratio(d(3, 0)), Some(-2.0 / 3.0));
    assert_eq!(d(0, 0).ratio(d(3, 0)), Some(0.0));
    assert_eq!(d(1, 0).ratio(Decimal::ZERO), None);
    // Half-way between 1 and the next double (1 + 2^-52) is 1 + 2^-53: exactly there, ties to
    // even (1); a hair above (2^-60), the next double — which a quotient cut off at its 17th
    // digit would miss.
    let p60 = 1i128 << 60;
    assert_eq!(d(p60 + (1 << 7), 0).ratio(d(p60, 0)), Some(1.0));
    assert_eq!(
        d(p60 + (1 << 7) + 1, 0).ratio(d(p60, 0)),
        Some(1.0 + f64::EPSILON)
    );
    assert_eq!(d(p60 + (1 << 7) - 1, 0).ratio(d(p60, 0)), Some(1.0));
    // 1.1·1.1 = 1.21 exactly, where binary gives 1.2100000000000002.
    assert_eq!(
        d(11, -1)
            .checked_mul(d(11, -1))
            .unwrap()
            .ratio(Decimal::int(1)),
        Some(1.21)
    );
    assert_eq!(
        Decimal::of(0.1)
            .unwrap()
            .checked_add(Decimal::of(0.2).unwrap())
            .unwrap()
            .ratio(Decimal::int(1)),
        Some(0.3)
    );
}

#[test]
fn mean_of_decimals_is_mean_exact_of_their_values() {
    // Hand-checked: 1.5 and 2 (scale 1: 15, 20) have the mean 1.75; integers at scale 0.
    assert_eq!(mean_of_decimals([15, 20].into_iter(), 1), Some(1.75));
    assert_eq!(mean_of_decimals([3, 4].into_iter(), 0), Some(3.5));
    assert_eq!(mean_of_decimals([].into_iter(), 2), None);
    // The bits of mean_exact on the values m / 10^scale, whatever the scale, the trailing zeros
    // (integers, zeros) and the sizes (two and four bytes, sums beyond 2^53 at the scale).
    let mut r = crate::analysis::sensitivity::rng::Rng::new(11);
    for _ in 0..20_000 {
        let scale = (r.next_u64() % 10) as u32;
        let k = (r.next_u64() % 8 + 1) as usize;
        let width: i64 = [10, 1_000, 32_766, 2_147_483_646][(r.next_u64() % 4) as usize];
        let ms: Vec<i64> = (0..k)
            .map(|_| {
                let m = (r.next_u64() % (2 * width + 1) as u64) as i64 - width;
                // Often a round number: trailing zeros decide the exponent of the sum.
                match r.next_u64() % 4 {
                    0 => m / 10 * 10,
                    1 => m / 1000 * 1000,
                    2 => 0,
                    _ => m,
                }
            })
            .collect();
        let values: Vec<f64> = ms
            .iter()
            .map(|&m| m as f64 / 10f64.powi(scale as i32))
            .collect();
        let want = mean_exact(&values).unwrap();
        let got = mean_of_decimals(ms.iter().copied(), scale).unwrap();
        assert_eq!(got.to_bits(), want.to_bits(), "{ms:?} at scale {scale}");
    }
}

/// Derived values to 12 significant digits from the exact quotient of the decimals read, half
/// away from zero: equal quotients are equal whatever binary arithmetic leaves of them.
#[test]
fn derived_values_round_the_exact_quotient_of_the_decimals() {
    use super::{growth_rate, per_head, significant_mean};
    // 100·184.59/409.60 = 100·2030.49/4505.60 = 45.06591796875: its 13th digit a 5, up.
    assert_eq!(growth_rate(594.19, 409.60), 45.0659179688);
    assert_eq!(growth_rate(6536.09, 4505.60), 45.0659179688);
    // Downwards alike: −45.06591796875 → −45.0659179688; against a negative earlier value
    // the rate divides by its magnitude: 100·(−100 − (−200))/200 = 50.
    assert_eq!(growth_rate(225.01, 409.60), -45.0659179688);
    assert_eq!(growth_rate(-100.0, -200.0), 50.0);
    assert_eq!(growth_rate(1.1, 1.0), 10.0);
    assert_eq!(growth_rate(5.0, 5.0), 0.0);
    // 2/3 % to 12 digits: 0.666666666667.
    assert_eq!(growth_rate(302.0, 300.0), 0.666666666667);
    // 45033.73/2560 = 225168.65/12800 = 17.59130078125 per head → 17.5913007813.
    assert_eq!(per_head(45033.73, 2560.0, 1.0), 17.5913007813);
    assert_eq!(per_head(225168.65, 12800.0, 1.0), 17.5913007813);
    // Per 10,000: 30/60,000·10,000 = 5; 0.3/3·10,000 = 1,000 exactly.
    assert_eq!(per_head(30.0, 60_000.0, 10_000.0), 5.0);
    assert_eq!(per_head(0.3, 3.0, 10_000.0), 1000.0);
    // A mean on a half at the 13th digit: 100000000000.5 → 100000000001 (binary formatting
    // would give the even 100000000000); 1/3 → 0.333333333333; none for no values.
    assert_eq!(
        significant_mean(&[100_000_000_000.0, 100_000_000_001.0]),
        Some(100_000_000_001.0)
    );
    assert_eq!(significant_mean(&[0.0, 0.0, 1.0]), Some(0.333333333333));
    assert_eq!(significant_mean(&[0.1, 0.2]), Some(0.15));
    assert_eq!(significant_mean(&[]), None);
    // A quotient beyond the doubles (10^600): infinite.
    assert_eq!(per_head(1e300, 1e-300, 1.0), f64::INFINITY);
}

/// The standard deviation on the decimals: a deviation that is a decimal is that decimal's
/// nearest f64; any other is the root of the exact variance.
#[test]
fn the_standard_deviation_is_taken_on_the_decimals() {
    use super::std_dev_exact;
    // 42.4 and 24.3: mean 33.35, deviation exactly 9.05 (binary arithmetic: 9.049999…).
    assert_eq!(std_dev_exact(&[42.4, 24.3]), Some(9.05));
    assert_eq!(std_dev_exact(&[30.5, 12.4]), Some(9.05));
    // 1, 2, 3, 4: variance 1.25, deviation √1.25.
    assert_eq!(std_dev_exact(&[1.0, 2.0, 3.0, 4.0]), Some(1.25f64.sqrt()));
    // All equal: 0. One value: 0. None: none.
    assert_eq!(std_dev_exact(&[7.5, 7.5, 7.5]), Some(0.0));
    assert_eq!(std_dev_exact(&[3.0]), Some(0.0));
    assert_eq!(std_dev_exact(&[]), None);
    // 2, 4, 4, 4, 5, 5, 7, 9: the textbook deviation of 2.
    let v = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
    assert_eq!(std_dev_exact(&v), Some(2.0));
}

#[test]
fn fractions_of_decimals_are_exact_and_rounded_once() {
    use super::Fraction;
    let f = |x: f64| Fraction::of(x).unwrap();
    let sum = f(0.1).checked_add(f(0.2)).unwrap();
    assert_eq!(sum, f(0.3));
    assert_ne!(0.1 + 0.2, 0.3);
    // A weight share and back: 1/3 · 3 is 1.
    let third = f(1.0).checked_div(f(3.0)).unwrap();
    assert_eq!(third.checked_mul(f(3.0)).unwrap(), f(1.0));
    assert_eq!(third.to_f64(), Some(1.0 / 3.0));
    // 10·(¼·1/5 + ¾·1.5/5) = 2.75 exactly, where the binary tree gave 2.7499999999999996.
    let quarter = f(1.0).checked_div(f(4.0)).unwrap();
    let three_quarters = f(3.0).checked_div(f(4.0)).unwrap();
    let t = f(10.0)
        .checked_mul(
            quarter
                .checked_mul(f(1.0).checked_div(f(5.0)).unwrap())
                .unwrap()
                .checked_add(
                    three_quarters
                        .checked_mul(f(1.5).checked_div(f(5.0)).unwrap())
                        .unwrap(),
                )
                .unwrap(),
        )
        .unwrap();
    assert_eq!(t.to_f64(), Some(2.75));
    assert_eq!(f(1.5).checked_sub(f(2.0)).unwrap().to_f64(), Some(-0.5));
    // Beyond 128 bits: none, and the caller keeps the binary value.
    assert_eq!(f(1e30).checked_mul(f(1e30)), None);
    assert_eq!(f(1.0).checked_div(Fraction::ZERO), None);
}

#[test]
fn most_first_takes_keys_apart_by_binary_noise_as_ties_in_order() {
    // (key, order, size): 1 − 0.93 and 7.5 − 7.43 are both 0.07 (sizes 1 and 7.5); 0.8004
    // and 0.7996 print alike at two decimals but are not equal.
    let mut v = vec![
        (0.7996, 0, 1.0),
        (7.5 - 7.43, 4, 7.5),
        (1.0 - 0.93, 2, 1.0),
        (0.8004, 3, 1.0),
        (0.07, 1, 1.0),
    ];
    sort_most_first(&mut v, |x| x.0, |x| x.1, |x| x.2);
    let order: Vec<usize> = v.iter().map(|x| x.1).collect();
    assert_eq!(order, [3, 0, 1, 2, 4]);
    // Efficacy's 12/19 of a point, reached at 2 and at 3 points (0.8 − 3.2/19, 1.2 − 10.8/19).
    let (a, b) = (
        2.0 - 2.0 * (0.6 + 0.4 * (4.0 / 19.0)),
        3.0 - 3.0 * (0.6 + 0.4 * (9.0 / 19.0)),
    );
    let mut v = vec![(a, 0, 2.0), (b, 1, 3.0)];
    sort_most_first(&mut v, |x| x.0, |x| x.1, |x| x.2);
    assert_eq!(v.iter().map(|x| x.1).collect::<Vec<_>>(), [0, 1]);
    // Differences the figures hold: 1e-4 beside a figure of 1e9, 9e-11 beside one of 100,
    // 1e-12 between rates of at most 1.
    for (lo, hi, size) in [
        (0.7996, 0.8004, 1e9),
        (0.5, 0.50000000009, 100.0),
        (0.999999999999, 1.0, 1.0),
    ] {
        let mut v = vec![(lo, 0, size), (hi, 1, size)];
        sort_most_first(&mut v, |x| x.0, |x| x.1, |x| x.2);
        assert_eq!(
            v.iter().map(|x| x.1).collect::<Vec<_>>(),
            [1, 0],
            "{lo} {hi}"
        );
    }
    // Nothing to sort, and one element.
    let mut empty: Vec<(f64, usize)> = Vec::new();
    sort_most_first(&mut empty, |x| x.0, |x| x.1, |_| 1.0);
    let mut one = vec![(0.5, 0)];
    sort_most_first(&mut one, |x| x.0, |x| x.1, |_| 1.0);
    assert_eq!(one, [(0.5, 0)]);
}
