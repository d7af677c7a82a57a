//! Values derived from typed decimals, kept as the decimals they stand for: a difference or a
//! sum taken on the decimals as read (their shortest digits), a mean rounded once, and derived
//! values cut to 12 significant digits — so that equal figures compare equal and a published
//! mean is what anyone adding up the published figures gets.

use super::{nearest, POW10};

/// A value pingyi derives from typed ones (a growth rate, a value per head, a group's mean)
/// rounded to 12 significant digits, as `format!("{x:.11e}")` prints it: binary
/// arithmetic leaves such a value a few units in its 16th digit away from the decimal it stands
/// for (`100·(1.1 − 1)/1` is 10.000000000000009, `100·(3.3 − 3)/3` is 9.999999999999995), and a
/// method that compares values — a band, a rank, "every peer equal" — would then tell two
/// equal rates apart. Rounded, both are 10. Zero, infinities and NaN are returned as they are.
pub fn significant(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    // 12 digits: the integer n = x·10^k with 10^11 ≤ |n| < 10^12, k from the magnitude (taken
    // as found only if n has 12 digits: log10 may be a unit off next to a power of ten).
    let k = 11 - x.abs().log10().floor() as i32;
    let fast = usize::try_from(k)
        .ok()
        .and_then(|k| POW10.get(k))
        .and_then(|&p| Some((nearest(x * p)?, p)))
        .filter(|(n, _)| (100_000_000_000..1_000_000_000_000).contains(&n.unsigned_abs()));
    match fast {
        // n / 10^k is the correctly rounded value of the decimal, what parsing it gives.
        Some((n, p)) => n as f64 / p,
        None => format!("{x:.11e}").parse().unwrap_or(x),
    }
}

/// `x − p` for two values read from decimals, computed on those decimals — the shortest digits
/// that read back as each — and rounded once: the binary values differ from the decimals in
/// their last bits, which a subtraction of near values would make the leading ones
/// (`1000.01 − 1000` is 0.009999999999990905 in binary; here 0.01). Beyond what the decimals'
/// integers hold, the binary difference.
pub fn difference(x: f64, p: f64) -> f64 {
    let (Some((mx, ex)), Some((mp, ep))) = (decimal(x), decimal(p)) else {
        return x - p;
    };
    let e = ex.min(ep);
    let (sx, sp) = ((ex - e) as u32, (ep - e) as u32);
    if sx > 20 || sp > 20 {
        return x - p;
    }
    // At most 17 digits times 10^20: within an i128.
    let d = i128::from(mx) * 10i128.pow(sx) - i128::from(mp) * 10i128.pow(sp);
    scaled_back(d, e)
}

/// The sum of `values` taken on the decimals they were read as (their shortest digits): Σm at
/// the smallest exponent e, with the number of values. `None` where those integers do not hold
/// it (exponents more than 20 apart, beyond 128 bits, a value not finite).
fn decimal_sum(values: &[f64]) -> Option<(i128, i32)> {
    let (digits, e) = aligned(values)?;
    let mut sum: i128 = 0;
    for a in digits {
        sum = sum.checked_add(a)?;
    }
    Some((sum, e))
}

/// `values` as the integers a of the decimals they were read as (their shortest digits) at their
/// least exponent e, each value a·10^e. `None` where those integers do not hold them (exponents
/// more than 20 apart, a value not finite).
fn aligned(values: &[f64]) -> Option<(Vec<i128>, i32)> {
    let parts: Vec<(i64, i32)> = values.iter().map(|&x| decimal(x)).collect::<Option<_>>()?;
    let e = parts.iter().map(|p| p.1).min().unwrap_or(0);
    let digits = parts
        .into_iter()
        .map(|(m, ex)| {
            let shift = u32::try_from(ex - e).ok().filter(|&s| s <= 20)?;
            i128::from(m).checked_mul(10i128.pow(shift))
        })
        .collect::<Option<_>>()?;
    Some((digits, e))
}

/// Σ `values` as the exact sum of the decimals they were read as, rounded once — so that a sum
/// of published figures is what anyone adding them up gets, whatever their order. Where the
/// decimals' integers cannot hold it, the binary values added in ascending order.
pub fn sum_exact(values: &[f64]) -> f64 {
    match decimal_sum(values) {
        Some((s, e)) => scaled_back(s, e),
        None => sum_sorted(values.iter().copied()),
    }
}

/// The mean of `values` (`None` for none) as the exact mean of the decimals they were read as,
/// rounded once: (Σm)/(n·10^-e) of two exact numbers where both fit in 53 bits, which is the
/// correctly rounded mean. So the mean of 81.95 and 81.96 is the binary value of 81.955, which
/// rounds to `decimals` as that number does (81.95, as 2.675 rounds to 2.67) — not as the last
/// bits of a floating-point sum happen to fall. Beyond 53 bits, the exact quotient rounded
/// once; where the integers cannot hold the sum, the binary values added in ascending order over
/// n.
pub fn mean_exact(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(match decimal_sum(values) {
        Some(sum) => mean_of_sum(sum, values.len()),
        None => sum_sorted(values.iter().copied()) / values.len() as f64,
    })
}

/// `values` (a track's points) as integers q of one decimal place, each value q·10^e, so that a
/// sum of any of them is exact in 64 bits ([`from_quanta`] rounds it once): 5.26 + 10.5 + 13 +
/// 5.3 + 15.94 is 50, where adding the doubles gives 49.99999999999999. `None` where the
/// decimals do not align in 64 bits (exponents more than 20 apart, a sum of all beyond i64).
pub fn quanta(values: &[f64]) -> Option<(Vec<i64>, i32)> {
    let (digits, e) = aligned(values)?;
    let mut all: i64 = 0;
    let mut out = Vec::with_capacity(digits.len());
    for d in digits {
        let q = i64::try_from(d).ok()?;
        all = all.checked_add(q.checked_abs()?)?;
        out.push(q);
    }
    Some((out, e))
}

/// `q·10^e` correctly rounded: a sum of [`quanta`].
pub fn from_quanta(q: i64, e: i32) -> f64 {
    scaled_back(i128::from(q), e)
}

/// [`mean_exact`] of the `n` values whose decimals sum to `s·10^e`: one division of two exact
/// doubles where both fit in 53 bits, else the exact quotient rounded once ([`Decimal::ratio`]) —
/// not the sum rounded to a double and then divided, two roundings that can land on the other
/// side of a half (the mean of 0.8749999999999999, 0.875 and 0.8749999999999999 is
/// 0.8749999999999999333…: 0.8749999999999999, not 0.875).
fn mean_of_sum((s, e): (i128, i32), n: usize) -> f64 {
    let d = n as f64;
    match POW10.get(e.unsigned_abs() as usize).map(|p| p * d) {
        Some(d) if e <= 0 && s.unsigned_abs() < 1 << 53 && d < 9_007_199_254_740_992.0 => {
            s as f64 / d
        }
        _ => Decimal::new(s, e)
            .ratio(Decimal::int(n as u64))
            .unwrap_or_else(|| scaled_back(s, e) / d),
    }
}

/// [`mean_exact`] of the values `m / 10^scale` (`scale` ≤ 9, |m| < 2^31), bit for bit, from
/// their mantissas: the same sum of the same decimals, without printing every value for its
/// shortest digits. Those digits are m's without its trailing zeros (a decimal of at most ten
/// digits is the shortest that reads back as its value), and an integer prints as `n.0`, so a
/// value's exponent is `min(−1, −(scale − trailing zeros))` and the sum is taken at the least.
pub fn mean_of_decimals(ms: impl Iterator<Item = i64>, scale: u32) -> Option<f64> {
    let scale = scale as i32;
    let (mut n, mut sum, mut e) = (0usize, 0i128, -1i32);
    for m in ms {
        n += 1;
        sum += i128::from(m);
        if m != 0 && e > -scale {
            let mut tz = 0;
            let mut r = m;
            while tz < scale && r % 10 == 0 {
                r /= 10;
                tz += 1;
            }
            e = e.min(tz - scale);
        }
    }
    if n == 0 {
        return None;
    }
    // Σm is at exponent −scale; every mantissa is a multiple of 10^(scale + e) when that is ≥ 0.
    let shift = scale + e;
    let sum = if shift >= 0 {
        sum / 10i128.pow(shift as u32)
    } else {
        sum * 10i128.pow(shift.unsigned_abs())
    };
    Some(mean_of_sum((sum, e), n))
}

/// Σ `values` added in ascending order: the same bits whatever order the units came in (the
/// registry's rows, a category file's rows), so that reordering an input file changes nothing,
/// not even the last bit of a mean (issue 11 #12).
pub fn sum_sorted(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v.into_iter().sum()
}

/// A decimal `m·10^e` held exactly: figures read as decimals (their shortest digits) multiplied
/// and added without rounding, for a formula computed on the decimals and rounded once
/// ([`Decimal::ratio`]). Every operation is `None` where 128 bits cannot hold it; the caller
/// then computes in binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    m: i128,
    e: i32,
}

impl Decimal {
    pub const ZERO: Decimal = Decimal { m: 0, e: 0 };

    /// `m·10^e`.
    pub fn new(m: i128, e: i32) -> Decimal {
        Decimal { m, e }
    }

    /// `x` as the decimal with the shortest digits that read back as `x` (what the JSON prints).
    pub fn of(x: f64) -> Option<Decimal> {
        decimal(x).map(|(m, e)| Decimal {
            m: i128::from(m),
            e,
        })
    }

    pub fn int(n: u64) -> Decimal {
        Decimal {
            m: i128::from(n),
            e: 0,
        }
    }

    pub fn checked_mul(self, o: Decimal) -> Option<Decimal> {
        Some(
            Decimal {
                m: self.m.checked_mul(o.m)?,
                e: self.e.checked_add(o.e)?,
            }
            .trimmed(),
        )
    }

    pub fn checked_add(self, o: Decimal) -> Option<Decimal> {
        let e = self.e.min(o.e);
        let up = |d: Decimal| {
            let shift = u32::try_from(d.e - e).ok()?;
            d.m.checked_mul(10i128.checked_pow(shift)?)
        };
        Some(
            Decimal {
                m: up(self)?.checked_add(up(o)?)?,
                e,
            }
            .trimmed(),
        )
    }

    /// The same number with the mantissa's trailing zeros moved into the exponent: weights
    /// written to 15 places add up to 1.000000000000000, which as 1 leaves the products that
    /// follow 15 digits of room (a second engineer found sixths to 15 places times full-length
    /// quarter totals overflowing 128 bits, and the total then taken in binary).
    fn trimmed(mut self) -> Decimal {
        if self.m == 0 {
            return Decimal::ZERO;
        }
        while self.m % 10 == 0 && self.e < i32::MAX {
            self.m /= 10;
            self.e += 1;
        }
        self
    }

    pub fn checked_neg(self) -> Option<Decimal> {
        Some(Decimal {
            m: self.m.checked_neg()?,
            e: self.e,
        })
    }

    /// `self / den`, correctly rounded to the nearest f64 (ties to even), as parsing the exact
    /// quotient's digits would give. The quotient's digits are written down to the place below
    /// which no double (nor a half-way point between two) at its magnitude has a digit — those
    /// are multiples of 2^(k−53) for |x| in [2^k, 2^(k+1)) — plus a last `1` when digits remain
    /// (so that a quotient just past a half-way point is not read as the half-way point itself).
    /// `None` for a zero denominator or an out-of-range magnitude.
    pub fn ratio(self, den: Decimal) -> Option<f64> {
        if den.m == 0 {
            return None;
        }
        if self.m == 0 {
            return Some(0.0);
        }
        let (n, d) = (self.m.unsigned_abs(), den.m.unsigned_abs());
        if d >= 10u128.pow(37) {
            return None;
        }
        let e0 = self.e.checked_sub(den.e)?;
        let approx = (n as f64 / d as f64) * 10f64.powi(e0);
        if !approx.is_normal() {
            return None;
        }
        // One below the estimate's power of two: a digit too many is harmless.
        let k = approx.log2().floor() as i32 - 1;
        let places = usize::try_from(e0 + (53 - k).max(0)).unwrap_or(0).min(1200);
        let mut s = String::with_capacity(48 + places);
        if (self.m < 0) != (den.m < 0) {
            s.push('-');
        }
        s.push_str(&(n / d).to_string());
        let mut r = n % d;
        for _ in 0..places {
            r *= 10;
            s.push(char::from(b'0' + (r / d) as u8));
            r %= d;
        }
        let mut exp = e0 - places as i32;
        if r != 0 {
            s.push('1');
            exp -= 1;
        }
        s.push('e');
        s.push_str(&exp.to_string());
        s.parse().ok()
    }
}

/// An exact fraction n/d (d > 0, in lowest terms) of decimals read as their shortest digits:
/// sums, products and quotients of them — a tree's weight shares, `w / Σ w` — taken without
/// rounding, and rounded once ([`Fraction::to_f64`]). Every operation is `None` where 128 bits
/// cannot hold it; the caller then keeps the binary value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    n: i128,
    d: i128,
}

impl Fraction {
    pub const ZERO: Fraction = Fraction { n: 0, d: 1 };

    /// `x` as the decimal with the shortest digits that read back as `x`.
    pub fn of(x: f64) -> Option<Fraction> {
        let (m, e) = decimal(x)?;
        let p = 10i128.checked_pow(e.unsigned_abs())?;
        match e >= 0 {
            true => Fraction::new(i128::from(m).checked_mul(p)?, 1),
            false => Fraction::new(i128::from(m), p),
        }
    }

    /// n/d in lowest terms, d > 0; `None` for d = 0.
    fn new(n: i128, d: i128) -> Option<Fraction> {
        if d == 0 {
            return None;
        }
        let g = gcd(n.unsigned_abs(), d.unsigned_abs());
        let (n, d) = (n / g as i128, d / g as i128);
        match d < 0 {
            true => Some(Fraction {
                n: n.checked_neg()?,
                d: d.checked_neg()?,
            }),
            false => Some(Fraction { n, d }),
        }
    }

    pub fn is_positive(self) -> bool {
        self.n > 0
    }

    pub fn checked_add(self, o: Fraction) -> Option<Fraction> {
        let g = gcd(self.d.unsigned_abs(), o.d.unsigned_abs()) as i128;
        let (a, b) = (self.d / g, o.d / g);
        let n = self.n.checked_mul(b)?.checked_add(o.n.checked_mul(a)?)?;
        Fraction::new(n, self.d.checked_mul(b)?)
    }

    pub fn checked_sub(self, o: Fraction) -> Option<Fraction> {
        self.checked_add(Fraction {
            n: o.n.checked_neg()?,
            d: o.d,
        })
    }

    pub fn checked_mul(self, o: Fraction) -> Option<Fraction> {
        let g1 = gcd(self.n.unsigned_abs(), o.d.unsigned_abs()).max(1) as i128;
        let g2 = gcd(o.n.unsigned_abs(), self.d.unsigned_abs()).max(1) as i128;
        let n = (self.n / g1).checked_mul(o.n / g2)?;
        Fraction::new(n, (self.d / g2).checked_mul(o.d / g1)?)
    }

    pub fn checked_div(self, o: Fraction) -> Option<Fraction> {
        self.checked_mul(Fraction::new(o.d, o.n)?)
    }

    /// The fraction correctly rounded to the nearest f64 ([`Decimal::ratio`]).
    pub fn to_f64(self) -> Option<f64> {
        Decimal::new(self.n, 0).ratio(Decimal::new(self.d, 0))
    }
}

/// The greatest common divisor (`gcd(0, x)` is x; `gcd(0, 0)` is 1, so that dividing by it is
/// safe).
fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Decimal {
    /// `self / den` to 12 significant digits — the exact quotient rounded once, half away from
    /// zero — as the nearest f64: a derived value as [`significant`] keeps it, but decided on
    /// the decimals rather than on a binary quotient, whose last bits decide a quotient that
    /// lies on a half (45.065917968750 %, the growth of 409.60 → 594.19 and of 4505.60 →
    /// 6536.09 alike, was 45.0659179688 for one and 45.0659179687 for the other). `None` for a
    /// zero denominator, or where 128 bits cannot hold the scaled quotient.
    pub fn significant_ratio(self, den: Decimal) -> Option<f64> {
        if den.m == 0 {
            return None;
        }
        if self.m == 0 {
            return Some(0.0);
        }
        let (n, d) = (self.m.unsigned_abs(), den.m.unsigned_abs());
        let digits = |x: u128| x.ilog10() as i32 + 1;
        // n/d·10^k lies in (10^10, 10^12) for this k, in [10^11, 10^12) for it or the next.
        let mut k = 11 - (digits(n) - digits(d));
        let (q, r, d) = loop {
            let p = 10u128.checked_pow(k.unsigned_abs())?;
            let (num, den) = if k >= 0 {
                (n.checked_mul(p)?, d)
            } else {
                (n, d.checked_mul(p)?)
            };
            let q = num / den;
            if q >= 100_000_000_000 {
                break (q, num % den, den);
            }
            k += 1;
        };
        // Half away from zero: up when the remainder is at least half the divisor.
        let q = q + u128::from(r >= d - r);
        let q = i128::try_from(q).ok()?;
        let signed = if (self.m < 0) != (den.m < 0) { -q } else { q };
        let e = self.e.checked_sub(den.e)?.checked_sub(k)?;
        Some(scaled_back(signed, e))
    }
}

/// The growth in percent, `100·(x − p)/|p|`, of two values read from decimals, to 12 significant
/// digits from the exact quotient of those decimals ([`Decimal::significant_ratio`]); where 128
/// bits cannot hold it, [`significant`] of the binary quotient of [`difference`].
pub fn growth_rate(x: f64, p: f64) -> f64 {
    let exact = (|| {
        let (dx, dp) = (Decimal::of(x)?, Decimal::of(p)?);
        let diff = dx.checked_add(dp.checked_neg()?)?;
        let magnitude = Decimal::new(dp.m.checked_abs()?, dp.e);
        diff.checked_mul(Decimal::int(100))?
            .significant_ratio(magnitude)
    })();
    exact.unwrap_or_else(|| significant(100.0 * difference(x, p) / p.abs()))
}

/// `x / d · scale` (a value per head) to 12 significant digits from the exact quotient of the
/// decimals read ([`Decimal::significant_ratio`]); where 128 bits cannot hold it,
/// [`significant`] of the binary quotient.
pub fn per_head(x: f64, d: f64, scale: f64) -> f64 {
    let exact = (|| {
        let num = Decimal::of(x)?.checked_mul(Decimal::of(scale)?)?;
        num.significant_ratio(Decimal::of(d)?)
    })();
    exact.unwrap_or_else(|| significant(x / d * scale))
}

/// The mean of `values` (`None` for none) to 12 significant digits from the exact sum of the
/// decimals read ([`Decimal::significant_ratio`]); where 128 bits cannot hold it,
/// [`significant`] of [`mean_exact`].
pub fn significant_mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let exact = decimal_sum(values)
        .and_then(|(s, e)| Decimal::new(s, e).significant_ratio(Decimal::int(values.len() as u64)));
    exact.or_else(|| mean_exact(values).map(significant))
}

/// The standard deviation `√(Σ(x − x̄)²/n)` of `values` taken on the decimals they were read as
/// (their shortest digits a·10^e at the least exponent e): `√N·10^e/n` with the integer
/// `N = n·Σa² − (Σa)²`. When N is a square r², the deviation is the decimal `r·10^e/n` exactly,
/// and this is its nearest f64 — so that it rounds as that decimal does (9.05, of 42.4 and
/// 24.3, is 9.0500000000000007 and prints 9.1 at one decimal, where the binary arithmetic left
/// 9.049999… and printed 9.0). Otherwise the deviation is irrational, never on a half, and
/// this is the root of the variance `N·10^(2e)/n²` correctly rounded. `None` for no values, or
/// where 128 bits cannot hold N.
pub fn std_dev_exact(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let (digits, e) = aligned(values)?;
    let (mut sum, mut squares) = (0i128, 0i128);
    for a in digits {
        sum = sum.checked_add(a)?;
        squares = squares.checked_add(a.checked_mul(a)?)?;
    }
    let n = i128::try_from(values.len()).ok()?;
    let big_n = n.checked_mul(squares)?.checked_sub(sum.checked_mul(sum)?)?;
    let root = big_n.unsigned_abs().isqrt();
    if root * root == big_n.unsigned_abs() {
        let r = i128::try_from(root).ok()?;
        return Decimal::new(r, e).ratio(Decimal::new(n, 0));
    }
    let var = Decimal::new(big_n, e.checked_mul(2)?).ratio(Decimal::new(n.checked_mul(n)?, 0))?;
    Some(var.sqrt())
}

/// s·10^e correctly rounded: one operation on two exact numbers, else by parsing.
fn scaled_back(s: i128, e: i32) -> f64 {
    if s.unsigned_abs() < 1 << 53 {
        let k = e.unsigned_abs() as usize;
        match POW10.get(k) {
            Some(&p10) if e < 0 => return s as f64 / p10,
            Some(&p10) => return s as f64 * p10,
            None => {}
        }
    }
    format!("{s}e{e}").parse().unwrap_or(f64::NAN)
}

/// `x` as m·10^e with the shortest digits that read back as `x` (`None` when not finite).
fn decimal(x: f64) -> Option<(i64, i32)> {
    if !x.is_finite() {
        return None;
    }
    let mut buf = ryu::Buffer::new();
    let s = buf.format_finite(x);
    let (mantissa, exp) = match s.find('e') {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().ok()?),
        None => (s, 0),
    };
    let (neg, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let places = mantissa.find('.').map_or(0, |dot| mantissa.len() - dot - 1);
    let mut m: i64 = 0;
    for b in mantissa.bytes().filter(|&b| b != b'.') {
        m = m
            .checked_mul(10)?
            .checked_add(i64::from(b.wrapping_sub(b'0')))?;
    }
    Some((if neg { -m } else { m }, exp - places as i32))
}
