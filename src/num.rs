//! Numbers as pingyi rounds and prints them: one rounding rule for ranking and display.
//!
//! Rounding is what `format!("{:.d$}", x)` prints: correctly rounded from the binary value, ties
//! to even. Large outputs print millions of numbers, so [`scaled`] finds the rounded value as an
//! integer of the last decimal — `x·10^d` rounded — and where that could differ (the product
//! within its own rounding error of a half) the product is taken exactly, in integers; `format!`
//! only beyond 9·10^15 or 9 decimals. The result is the same digits `format!` prints, for every
//! input (pinned by property tests).

/// Powers of ten that are exact in an f64 (every one up to 10^22): the decimals pingyi prints
/// (0–6, and a few more), and [`significant`]'s scales.
pub(crate) const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `x` rounded to `d` decimals as an integer of units of the last decimal (`2.675`, 2 → 267),
/// exactly as `format!("{x:.d$}")` rounds; `None` when the fast path cannot be sure (the caller
/// then formats). Non-finite values have no such integer.
#[inline]
pub fn scaled(x: f64, d: usize) -> Option<i64> {
    if d > 9 {
        return None;
    }
    nearest(x * POW10[d])
}

/// The integer nearest the exact product `y` was rounded from (|y − x·10^d| ≤ ½ ulp(y)), when
/// `y` lies farther than that from a half: rounding y is then rounding the exact product.
#[inline]
pub(crate) fn nearest(y: f64) -> Option<i64> {
    // NaN and infinities fail this test too.
    if y.is_nan() || y.abs() >= 9.0e15 {
        return None;
    }
    let margin = 4.0 * f64::EPSILON * y.abs().max(1.0);
    // y.floor() and y.round() without a call into libm each (x86-64's baseline has no rounding
    // instruction), exactly: |y| < 9·10^15 truncates to an i64 exactly; and with the fraction
    // away from a half, rounding (half away from zero) is the floor, or the floor + 1 above it.
    let t = y as i64;
    let floor = if t as f64 > y { t - 1 } else { t };
    let frac = y - floor as f64;
    if (frac - 0.5).abs() <= margin {
        return None;
    }
    Some(if frac > 0.5 { floor + 1 } else { floor })
}

/// [`scaled`] where the fast path cannot be sure, taken exactly: `x` is m·2^e with a 53-bit m,
/// so x·10^d is the integer m·10^d (below 2^83 for d ≤ 9) over a power of two, rounded here with
/// ties to even as `format!` rounds. Values that land near a half are common in scores
/// (`2.5 − 0.0125·r` is often an exact x.xx5), and printing them took `format!`'s slowest,
/// arbitrary-precision path. `None` only where `scaled` could never answer: more than 9 decimals,
/// not finite, or a result beyond 9·10^15.
#[cold]
#[inline(never)]
fn scaled_exactly(x: f64, d: usize) -> Option<i64> {
    if d > 9 || !x.is_finite() || (x * POW10[d]).abs() >= 9.0e15 {
        return None;
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    // |x| = m·2^e exactly (subnormals have no implicit bit).
    let (m, e) = match biased {
        0 => (fraction, -1074),
        _ => (fraction | 1 << 52, biased - 1075),
    };
    let n = u128::from(m) * 10u128.pow(d as u32);
    let q = if e >= 0 {
        // An integer, below 9·10^15 (checked above).
        n << e
    } else if e <= -127 {
        // n < 2^83: below a half.
        0
    } else {
        let s = e.unsigned_abs();
        let (q, r, half) = (n >> s, n & ((1 << s) - 1), 1u128 << (s - 1));
        if r > half || (r == half && q & 1 == 1) {
            q + 1
        } else {
            q
        }
    };
    let q = i64::try_from(q).ok()?;
    Some(if bits >> 63 == 1 { -q } else { q })
}

/// Rounds as `format!("{:.d$}")` prints: correctly rounded from the binary value. −0 becomes 0.
#[inline]
pub fn round_to(x: f64, decimals: usize) -> f64 {
    let v: f64 = match scaled(x, decimals).or_else(|| scaled_exactly(x, decimals)) {
        // n / 10^d is the correctly rounded value of the decimal n·10^-d, which is what parsing
        // the printed digits gives.
        Some(n) => n as f64 / POW10[decimals],
        None => formatted(x, decimals),
    };
    if v == 0.0 {
        0.0
    } else {
        v
    }
}

/// `x` rounded by printing it: out of line, so that the fast path inlines where it is called
/// per unit and per draw.
#[cold]
#[inline(never)]
fn formatted(x: f64, decimals: usize) -> f64 {
    format!("{x:.decimals$}").parse().unwrap_or(x)
}

/// The room [`push_scaled`] reserves before it writes: a sign, 20 digits of a u64, and up to 18
/// decimals with their point. A buffer made for one number is made this large, so that writing
/// it never moves it.
pub const ROOM: usize = 40;

/// A number at `d` decimals, never `-0.00`.
pub fn fixed(x: f64, d: usize) -> String {
    let mut out = Vec::with_capacity(ROOM);
    push_fixed(&mut out, x, d);
    String::from_utf8(out).unwrap_or_default()
}

/// Appends [`fixed`]`(x, d)` to `out` without allocating: the hot path of large outputs.
pub fn push_fixed(out: &mut Vec<u8>, x: f64, d: usize) {
    match scaled(x, d).or_else(|| scaled_exactly(x, d)) {
        Some(n) => push_scaled(out, n, d),
        None => {
            // One format: `{:.d$}` prints the digits, except that a value rounding to zero from
            // below prints `-0.00`, which is normalised here.
            let s = format!("{x:.d$}");
            match s.strip_prefix('-') {
                Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => {
                    out.extend_from_slice(rest.as_bytes())
                }
                _ => out.extend_from_slice(s.as_bytes()),
            }
        }
    }
}

/// `n·10^-d` in fixed notation: `267`, 2 → `2.67`; `-5`, 2 → `-0.05`; `0` → `0.00`.
///
/// The hot path of large outputs (every score and figure), so written without a call: the
/// output grows by a fixed `ROOM` bytes (a few moves, where a copy of the number's own length
/// was a call to `memmove` for every cell), the digits are written into it in place from the
/// last, two at a time — the decimals, the point, then the integer part (at least `0`) — and
/// the slack is cut off. In place, not in a buffer on the stack copied whole: a copy that reads
/// back the bytes just stored one or two at a time stalls (no store-to-load forwarding).
#[inline]
pub fn push_scaled(out: &mut Vec<u8>, n: i64, d: usize) {
    if d > 18 {
        return push_scaled_long(out, n, d);
    }
    let mut u = n.unsigned_abs();
    // The digits: the integer part's (at least one) and the d decimals.
    let digits = (u.checked_ilog10().unwrap_or(0) as usize + 1).max(d + 1);
    let len = usize::from(n < 0) + digits + usize::from(d > 0);
    let start = out.len();
    out.extend_from_slice(&[0; ROOM]);
    let buf = &mut out[start..start + len];
    let mut i = len;
    for _ in 0..d / 2 {
        pair(buf, &mut i, u % 100);
        u /= 100;
    }
    if d % 2 == 1 {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
    }
    if d > 0 {
        i -= 1;
        buf[i] = b'.';
    }
    while u >= 100 {
        pair(buf, &mut i, u % 100);
        u /= 100;
    }
    if u >= 10 {
        pair(buf, &mut i, u);
    } else {
        i -= 1;
        buf[i] = b'0' + u as u8;
    }
    if n < 0 {
        buf[0] = b'-';
    }
    out.truncate(start + len);
}

/// Writes the two digits of `r` (below 100) before position `*i` of `buf`.
#[inline]
fn pair(buf: &mut [u8], i: &mut usize, r: u64) {
    *i -= 2;
    let r = r as usize * 2;
    buf[*i..*i + 2].copy_from_slice(&DIGIT_PAIRS[r..r + 2]);
}

/// `00`, `01` … `99`: two digits at a time.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// [`push_scaled`] laid out from itoa's digits: beyond 18 decimals (never printed in practice),
/// and the reference the fast layout is tested against.
#[cold]
fn push_scaled_long(out: &mut Vec<u8>, n: i64, d: usize) {
    if n < 0 {
        out.push(b'-');
    }
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n.unsigned_abs()).as_bytes();
    if d == 0 {
        out.extend_from_slice(digits);
        return;
    }
    if digits.len() > d {
        let (int, frac) = digits.split_at(digits.len() - d);
        out.extend_from_slice(int);
        out.push(b'.');
        out.extend_from_slice(frac);
    } else {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + d - digits.len(), b'0');
        out.extend_from_slice(digits);
    }
}

/// `m·10^-k` with its trailing zeros dropped (`1230`, 2 → `12.3`; `0` → `0`), as [`push_raw`]
/// writes the same value (for decimals of up to fifteen significant digits).
pub fn push_decimal(out: &mut Vec<u8>, mut m: i64, mut k: usize) {
    while k > 0 && m % 10 == 0 {
        m /= 10;
        k -= 1;
    }
    push_scaled(out, m, k);
}

/// A raw value as outputs write it: the shortest decimal that reads back as the same number —
/// what `format!("{x}")` prints — but never `-0`, and in scientific notation (`1.5e20`,
/// `2.5e-9`) beyond 10^15 or below 10^-6, where plain digits would run to hundreds of places.
pub fn raw(x: f64) -> String {
    let mut out = Vec::with_capacity(ROOM);
    push_raw(&mut out, x);
    String::from_utf8(out).unwrap_or_default()
}

/// Appends [`raw`]`(x)` to `out`.
pub fn push_raw(out: &mut Vec<u8>, x: f64) {
    if x == 0.0 {
        out.push(b'0');
        return;
    }
    if !x.is_finite() {
        // Never in data pingyi accepted; shown plainly rather than hidden.
        out.extend_from_slice(format!("{x}").as_bytes());
        return;
    }
    // A whole number below 10^15 (a count, the applicable points of every ranking row): its
    // shortest digits are its integer's — doubles that far below 2^53 are at most 1/8 apart, so
    // no decimal with fewer digits reads back as it — written without ryu's layout taken apart.
    if x.abs() < 1e15 && (x as i64) as f64 == x {
        out.extend_from_slice(itoa::Buffer::new().format(x as i64).as_bytes());
        return;
    }
    let mut buf = ryu::Buffer::new();
    let s = buf.format_finite(x).as_bytes();
    let (neg, s) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    // ryu prints `d.ddd`, `d.dddeN` or `0.000ddd`: take its shortest digits and exponent.
    let (mantissa, exp) = match s.iter().position(|&b| b == b'e') {
        Some(i) => (
            &s[..i],
            std::str::from_utf8(&s[i + 1..])
                .ok()
                .and_then(|e| e.parse::<i32>().ok())
                .unwrap_or(0),
        ),
        None => (s, 0),
    };
    let dot = mantissa
        .iter()
        .position(|&b| b == b'.')
        .unwrap_or(mantissa.len());
    let mut digits: Vec<u8> = mantissa.iter().copied().filter(|&b| b != b'.').collect();
    // The decimal point sits after `point` digits of `digits`.
    let mut point = dot as i32 + exp;
    while digits.len() > 1 && digits[0] == b'0' {
        digits.remove(0);
        point -= 1;
    }
    while digits.len() > 1 && digits[digits.len() - 1] == b'0' {
        digits.pop();
    }
    if neg {
        out.push(b'-');
    }
    // Magnitude 10^(point-1) ≤ |x| < 10^point.
    if !(-5..=15).contains(&point) {
        out.push(digits[0]);
        if digits.len() > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        out.push(b'e');
        let mut b = itoa::Buffer::new();
        out.extend_from_slice(b.format(point - 1).as_bytes());
    } else if point <= 0 {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + (-point) as usize, b'0');
        out.extend_from_slice(&digits);
    } else if point as usize >= digits.len() {
        out.extend_from_slice(&digits);
        out.resize(out.len() + point as usize - digits.len(), b'0');
    } else {
        let (int, frac) = digits.split_at(point as usize);
        out.extend_from_slice(int);
        out.push(b'.');
        out.extend_from_slice(frac);
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

/// The median of `v` (for an even count the mean of the two middle values, taken as
/// [`mean_exact`] takes a mean: exactly, on the decimals, rounded once — so the median of two
/// figures equals their mean, and 80.26 and 81.65 give 80.955, which rounds to 80.95, not the
/// 80.95500000000001 of a binary sum); `None` when empty.
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        Some(v[n / 2])
    } else {
        mean_exact(&v[n / 2 - 1..=n / 2])
    }
}

/// How many units in the last place of its operands a result of a few binary operations may
/// be off by, with a wide margin: what [`sort_most_first`] takes as no difference.
const NOISE_ULPS: f64 = 64.0;

/// Sorts `v` largest `key` first; keys that differ by no more than the rounding of binary
/// arithmetic — [`NOISE_ULPS`] units in the last place of `size`, the largest figure each key
/// was computed from (for points lost `(P·cap − score)·T/A`, `P·cap·T/A`) — are ties, in `order`
/// (track order). Two points lost equal in their decimals can differ in their last binary
/// digits — `1 − 0.93` is 0.06999999999999995 and `7.5 − 7.43` is 0.07000000000000028; an
/// efficacy score's 12/19 is reached through other roundings at 2 points than at 3 — and
/// sorting on those digits would put them in an order no one can explain. Any difference the
/// figures themselves can hold keeps its order, however it prints (0.8004 before 0.7996, and
/// 0.50000000009 before 0.5 on a track of 100 points). Keys each within the noise of the next
/// are one tie.
pub fn sort_most_first<T>(
    v: &mut [T],
    key: impl Fn(&T) -> f64,
    order: impl Fn(&T) -> usize,
    size: impl Fn(&T) -> f64,
) {
    v.sort_by(|a, b| {
        key(b)
            .total_cmp(&key(a))
            .then_with(|| order(a).cmp(&order(b)))
    });
    let noise = |a: &T, b: &T| NOISE_ULPS * f64::EPSILON * size(a).abs().max(size(b).abs());
    let mut start = 0;
    for i in 1..=v.len() {
        if i < v.len() && key(&v[i - 1]) - key(&v[i]) <= noise(&v[i - 1], &v[i]) {
            continue;
        }
        if i - start > 1 {
            v[start..i].sort_by_key(&order);
        }
        start = i;
    }
}

mod decimal;
pub use decimal::{
    difference, from_quanta, growth_rate, mean_exact, mean_of_decimals, per_head, quanta,
    significant, significant_mean, std_dev_exact, sum_exact, sum_sorted, Decimal, Fraction,
};

#[cfg(test)]
mod tests;
