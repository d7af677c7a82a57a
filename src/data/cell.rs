//! Indicator cells: a value, missing (empty) or not applicable (`-`, `N/A`, `不适用`), stored
//! columnar — one [`Column`] per indicator per track, 2 or 4 bytes a cell (9 when the values
//! are not short decimals).

pub use super::number::parse_number;
use super::number::{clean_number, in_range, is_plain_decimal, MAX_MAGNITUDE};
use crate::echo::quote;
use crate::fold::fold;

/// One parsed cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Value(f64),
    /// Empty in the file: the indicator's missing policy decides.
    Missing,
    /// Explicitly not applicable: the indicator drops out for the unit and its sum is rescaled.
    NotApplicable,
}

impl Cell {
    pub fn value(self) -> Option<f64> {
        match self {
            Cell::Value(v) => Some(v),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum State {
    Value,
    Missing,
    NotApplicable,
}

/// Powers of ten exact in an f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Mantissas that stand for a missing or not-applicable cell.
const MISSING: i32 = i32::MIN;
const NOT_APPLICABLE: i32 = i32::MIN + 1;
/// The same in a column of two-byte mantissas.
const MISSING_16: i16 = i16::MIN;
const NOT_APPLICABLE_16: i16 = i16::MIN + 1;
/// The largest mantissa (in absolute value) a two-byte column holds.
const NARROW: i64 = i16::MAX as i64 - 1;
/// The largest a four-byte column holds (-2^31 + 1 is a code).
const WIDE: i64 = i32::MAX as i64 - 1;
/// Powers of ten as integers, up to the largest scale.
const POW10_I64: [i64; MAX_SCALE as usize + 1] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
];
/// The largest decimal scale a compact column takes.
pub const MAX_SCALE: u32 = 9;

/// A column of cells, one per unit of a track (in the track's unit order).
///
/// Stored compactly as decimals: a mantissa per cell at one scale for the column (value = m /
/// 10^scale, which is the same f64 as parsing the decimal text, both being the correctly rounded
/// value of the same decimal), two bytes a cell while every mantissa is within ±32,766 (scores
/// such as `87.50`, `100`, `327.66` at most with two decimals) and four once one is not; a column
/// whose values do not fit (more than nine digits, exponents, values computed as f64) is held as
/// f64 values with a state per cell.
#[derive(Debug, Clone)]
pub struct Column {
    repr: Repr,
}

#[derive(Debug, Clone)]
enum Repr {
    Decimal {
        m: Digits,
        scale: u32,
    },
    Float {
        values: Vec<f64>,
        states: Vec<State>,
    },
}

/// A decimal column's mantissas, at the narrowest width that holds them all.
#[derive(Debug, Clone)]
enum Digits {
    Narrow(Vec<i16>),
    Wide(Vec<i32>),
}

impl Digits {
    fn len(&self) -> usize {
        match self {
            Digits::Narrow(m) => m.len(),
            Digits::Wide(m) => m.len(),
        }
    }

    /// Mantissa `i`, or [`MISSING`] / [`NOT_APPLICABLE`].
    #[inline]
    fn get(&self, i: usize) -> i32 {
        match self {
            Digits::Narrow(m) => widen(m[i]),
            Digits::Wide(m) => m[i],
        }
    }

    /// Sets mantissa `i` (or a code), widening the column when it does not fit two bytes.
    fn set(&mut self, i: usize, v: i32) {
        match self {
            Digits::Narrow(m) => match v {
                MISSING => m[i] = MISSING_16,
                NOT_APPLICABLE => m[i] = NOT_APPLICABLE_16,
                v if i64::from(v).abs() <= NARROW => m[i] = v as i16,
                v => {
                    self.make_wide();
                    self.set(i, v);
                }
            },
            Digits::Wide(m) => m[i] = v,
        }
    }

    fn make_wide(&mut self) {
        if let Digits::Narrow(m) = self {
            *self = Digits::Wide(m.iter().map(|&v| widen(v)).collect());
        }
    }

    /// The largest mantissa in absolute value (0 for a column without values).
    fn max_abs(&self) -> i64 {
        let values = (0..self.len())
            .map(|i| self.get(i))
            .filter(|&v| v > NOT_APPLICABLE);
        values.map(|v| i64::from(v).abs()).max().unwrap_or(0)
    }

    /// Every mantissa times `f` (the column's scale raised); the caller has checked that they
    /// fit four bytes.
    fn multiply(&mut self, f: i64) {
        if self.max_abs() * f > NARROW {
            self.make_wide();
        }
        match self {
            Digits::Narrow(m) => {
                for v in m.iter_mut().filter(|v| **v > NOT_APPLICABLE_16) {
                    *v = (i64::from(*v) * f) as i16;
                }
            }
            Digits::Wide(m) => {
                for v in m.iter_mut().filter(|v| **v > NOT_APPLICABLE) {
                    *v = (i64::from(*v) * f) as i32;
                }
            }
        }
    }

    /// The mantissas at `positions`, in that order, into `out` (at this column's width).
    fn gather(&self, positions: &[usize], out: &mut Digits) {
        match (self, &mut *out) {
            (Digits::Narrow(m), Digits::Narrow(o)) => {
                o.clear();
                o.extend(positions.iter().map(|&p| m[p]));
            }
            (Digits::Wide(m), Digits::Wide(o)) => {
                o.clear();
                o.extend(positions.iter().map(|&p| m[p]));
            }
            (Digits::Narrow(m), _) => {
                *out = Digits::Narrow(positions.iter().map(|&p| m[p]).collect());
            }
            (Digits::Wide(m), _) => *out = Digits::Wide(positions.iter().map(|&p| m[p]).collect()),
        }
    }
}

/// A two-byte mantissa or code as four bytes.
#[inline]
fn widen(v: i16) -> i32 {
    match v {
        MISSING_16 => MISSING,
        NOT_APPLICABLE_16 => NOT_APPLICABLE,
        v => i32::from(v),
    }
}

impl PartialEq for Column {
    fn eq(&self, other: &Column) -> bool {
        self.len() == other.len()
            && (0..self.len()).all(|i| match (self.get(i), other.get(i)) {
                (Cell::Value(a), Cell::Value(b)) => a.to_bits() == b.to_bits(),
                (a, b) => a == b,
            })
    }
}

impl Column {
    /// A column of `n` missing cells.
    pub fn missing(n: usize) -> Column {
        Column {
            repr: Repr::Decimal {
                m: Digits::Narrow(vec![MISSING_16; n]),
                scale: 0,
            },
        }
    }

    pub fn from_cells(cells: &[Cell]) -> Column {
        let mut c = Column::missing(cells.len());
        for (i, &cell) in cells.iter().enumerate() {
            c.set(i, cell);
        }
        c
    }

    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Decimal { m, .. } => m.len(),
            Repr::Float { values, .. } => values.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Cell {
        match &self.repr {
            Repr::Decimal { m, scale } => match m.get(i) {
                MISSING => Cell::Missing,
                NOT_APPLICABLE => Cell::NotApplicable,
                v => Cell::Value(f64::from(v) / POW10[*scale as usize]),
            },
            Repr::Float { values, states } => match states[i] {
                State::Value => Cell::Value(values[i]),
                State::Missing => Cell::Missing,
                State::NotApplicable => Cell::NotApplicable,
            },
        }
    }

    /// Calls `f(i, get(i))` for each `i` of `range`, in order: the column's representation is
    /// matched once for the range, not once per cell (the totals' pass reads every cell).
    #[inline]
    pub fn each_in(&self, range: std::ops::Range<usize>, mut f: impl FnMut(usize, Cell)) {
        match &self.repr {
            Repr::Decimal { m, scale } => {
                let div = POW10[*scale as usize];
                let cell = |v: i32| match v {
                    MISSING => Cell::Missing,
                    NOT_APPLICABLE => Cell::NotApplicable,
                    v => Cell::Value(f64::from(v) / div),
                };
                let start = range.start;
                match m {
                    Digits::Narrow(m) => {
                        for (k, &v) in m[range].iter().enumerate() {
                            f(start + k, cell(widen(v)));
                        }
                    }
                    Digits::Wide(m) => {
                        for (k, &v) in m[range].iter().enumerate() {
                            f(start + k, cell(v));
                        }
                    }
                }
            }
            Repr::Float { .. } => range.for_each(|i| f(i, self.get(i))),
        }
    }

    /// Whether cell `i` is missing (as `get(i) == Cell::Missing`, without making its value).
    #[inline]
    pub fn is_missing(&self, i: usize) -> bool {
        match &self.repr {
            Repr::Decimal { m, .. } => m.get(i) == MISSING,
            Repr::Float { states, .. } => states[i] == State::Missing,
        }
    }

    pub fn set(&mut self, i: usize, cell: Cell) {
        match cell {
            Cell::Missing => self.set_state(i, MISSING, State::Missing),
            Cell::NotApplicable => self.set_state(i, NOT_APPLICABLE, State::NotApplicable),
            Cell::Value(v) => match decimal_of(v) {
                Some((m, k)) if self.fits(m, k) => self.set_decimal(i, m, k),
                _ => self.set_float(i, v),
            },
        }
    }

    /// Sets cell `i` to the decimal `m·10^-k` (as read from a file: `12.34` is 1234, 2).
    pub fn set_decimal(&mut self, i: usize, m: i64, k: u32) {
        // The common case, a decimal at or below the column's scale, without `fits`'s full
        // reasoning (the same test: its mantissa at the column's scale fits four bytes).
        if let Repr::Decimal { m: ms, scale } = &mut self.repr {
            if k <= *scale {
                if let Some(v) = m.checked_mul(POW10_I64[(*scale - k) as usize]) {
                    if v.abs() <= WIDE {
                        return ms.set(i, v as i32);
                    }
                }
            }
        }
        if !self.fits(m, k) {
            return self.set_float(i, m as f64 / POW10[k.min(22) as usize]);
        }
        if let Repr::Decimal { m: ms, scale } = &mut self.repr {
            if k > *scale {
                ms.multiply(POW10_I64[(k - *scale) as usize]);
                *scale = k;
            }
            ms.set(i, (m * POW10_I64[(*scale - k) as usize]) as i32);
        }
    }

    /// Whether `m·10^-k` can join the decimal column without overflowing any mantissa.
    fn fits(&self, m: i64, k: u32) -> bool {
        let Repr::Decimal { m: ms, scale } = &self.repr else {
            return false;
        };
        if k > MAX_SCALE {
            return false;
        }
        let s = (*scale).max(k);
        let limit = WIDE;
        let own = m
            .checked_mul(POW10_I64[(s - k) as usize])
            .is_some_and(|v| v.abs() <= limit);
        // Raising the scale multiplies every mantissa: the largest must still fit.
        own && (s == *scale || ms.max_abs() * POW10_I64[(s - *scale) as usize] <= limit)
    }

    fn set_state(&mut self, i: usize, code: i32, state: State) {
        match &mut self.repr {
            Repr::Decimal { m, .. } => m.set(i, code),
            Repr::Float { states, values } => {
                states[i] = state;
                values[i] = 0.0;
            }
        }
    }

    fn set_float(&mut self, i: usize, v: f64) {
        self.make_float();
        if let Repr::Float { values, states } = &mut self.repr {
            values[i] = v;
            states[i] = State::Value;
        }
    }

    /// Converts the column to f64 values (once a value does not fit as a decimal).
    fn make_float(&mut self) {
        if matches!(self.repr, Repr::Float { .. }) {
            return;
        }
        let n = self.len();
        let (values, states) = (0..n)
            .map(|i| match self.get(i) {
                Cell::Value(v) => (v, State::Value),
                Cell::Missing => (0.0, State::Missing),
                Cell::NotApplicable => (0.0, State::NotApplicable),
            })
            .unzip();
        self.repr = Repr::Float { values, states };
    }

    /// Appends cell `i` as outputs write a raw cell: the value ([`crate::num::push_raw`]),
    /// `不适用`, or nothing when missing. A decimal column writes its digits directly: a decimal
    /// of at most ten significant digits is the shortest text of its f64.
    pub fn push_raw(&self, i: usize, out: &mut Vec<u8>) {
        match &self.repr {
            Repr::Decimal { m, scale } => match m.get(i) {
                MISSING => {}
                NOT_APPLICABLE => out.extend_from_slice("不适用".as_bytes()),
                // Below 10^-6 raw values are written in scientific notation.
                v if *scale > 6 && v != 0 && i64::from(v).abs() < 10i64.pow(*scale - 6) => {
                    crate::num::push_raw(out, f64::from(v) / POW10[*scale as usize])
                }
                v => crate::num::push_decimal(out, i64::from(v), *scale as usize),
            },
            Repr::Float { .. } => match self.get(i) {
                Cell::Value(x) => crate::num::push_raw(out, x),
                Cell::Missing => {}
                Cell::NotApplicable => out.extend_from_slice("不适用".as_bytes()),
            },
        }
    }

    /// The cells at `positions`, in that order, as a column of their own (decimal cells keep
    /// their digits). Scattered positions of a large column are each a cache miss; fetched in
    /// one tight pass, the misses overlap, and the small column is then read in order.
    pub fn gather(&self, positions: &[usize], out: &mut Column) {
        match (&self.repr, &mut out.repr) {
            (Repr::Decimal { m, scale }, Repr::Decimal { m: o, scale: s }) => {
                m.gather(positions, o);
                *s = *scale;
            }
            (Repr::Decimal { m, scale }, _) => {
                let mut o = Digits::Narrow(Vec::new());
                m.gather(positions, &mut o);
                out.repr = Repr::Decimal {
                    m: o,
                    scale: *scale,
                };
            }
            (Repr::Float { values, states }, _) => {
                out.repr = Repr::Float {
                    values: positions.iter().map(|&p| values[p]).collect(),
                    states: positions.iter().map(|&p| states[p]).collect(),
                };
            }
        }
    }

    /// The scale of a decimal column (every value is a mantissa over 10^scale, the mantissa
    /// `(x·10^scale).round()` exactly, being within 2^31); `None` for a column of f64 values.
    pub fn decimal_scale(&self) -> Option<u32> {
        match &self.repr {
            Repr::Decimal { scale, .. } => Some(*scale),
            Repr::Float { .. } => None,
        }
    }

    /// A decimal column's scale and `(position, mantissa)` of every cell that holds a value
    /// (the value is the mantissa over 10^scale); `None` for a column of f64 values. Integers,
    /// for work that orders or counts the values without making them.
    pub fn mantissas(&self) -> Option<(u32, impl Iterator<Item = (usize, i64)> + '_)> {
        match &self.repr {
            Repr::Decimal { m, scale } => Some((
                *scale,
                (0..m.len())
                    .map(|i| (i, m.get(i)))
                    .filter(|&(_, v)| v > NOT_APPLICABLE)
                    .map(|(i, v)| (i, i64::from(v))),
            )),
            Repr::Float { .. } => None,
        }
    }

    /// `(position, value)` of every cell that holds a value: the peers.
    pub fn values(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        (0..self.len()).filter_map(|i| match self.get(i) {
            Cell::Value(v) => Some((i, v)),
            _ => None,
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = Cell> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The mean of the column's values, as [`crate::num::mean_exact`] gives it for them (bit for
    /// bit): for a decimal column taken from the mantissas; `None` without a value.
    pub fn mean(&self) -> Option<f64> {
        match &self.repr {
            Repr::Decimal { m, scale } => {
                let ms = (0..m.len())
                    .map(|i| m.get(i))
                    .filter(|&v| v > NOT_APPLICABLE);
                crate::num::mean_of_decimals(ms.map(i64::from), *scale)
            }
            Repr::Float { .. } => {
                crate::num::mean_exact(&self.values().map(|(_, v)| v).collect::<Vec<_>>())
            }
        }
    }
}

/// The decimal `(m, k)` with `m·10^-k == v` (m / 10^k correctly rounded to v), from the shortest
/// representation of `v`; `None` when it has an exponent beyond the compact range.
fn decimal_of(v: f64) -> Option<(i64, u32)> {
    if v == 0.0 {
        return Some((0, 0));
    }
    let mut buf = ryu::Buffer::new();
    parse_decimal(buf.format_finite(v))
}

/// A plain decimal text (`-12.34`, `7`, `.5`) as `(mantissa, decimals)`, if the mantissa is below
/// 2^53 (exact as an f64) and it has at most [`MAX_SCALE`] decimals; `None` for anything else
/// (exponents, `+`, spaces …), which the full reading handles.
pub fn parse_decimal(t: &str) -> Option<(i64, u32)> {
    let b = t.as_bytes();
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    let mut m: i64 = 0;
    let mut k: u32 = 0;
    let mut seen_dot = false;
    let mut any = false;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d < 10 {
            // Beyond 2^53 an i64 mantissa is no longer exact as an f64; the mantissa never
            // shrinks, so the text is no compact decimal (and `m·10 + 9` never overflows).
            m = m * 10 + i64::from(d);
            if m >= 1 << 53 {
                return None;
            }
            any = true;
            k += u32::from(seen_dot);
        } else if c == b'.' && !seen_dot {
            seen_dot = true;
        } else {
            return None;
        }
    }
    if !any || k > MAX_SCALE {
        return None;
    }
    // Trailing zeros of the fraction carry no value.
    while k > 0 && m % 10 == 0 {
        m /= 10;
        k -= 1;
    }
    Some((if neg { -m } else { m }, k))
}

/// The f64 of the decimal `m·10^-k` read by [`parse_decimal`] (`k` ≤ 9): one correctly rounded
/// division, so the same f64 as parsing the decimal's text.
pub fn decimal_value(m: i64, k: u32) -> f64 {
    m as f64 / POW10[k as usize]
}

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A number, cleaned by [`clean_number`].
    Number,
    /// A number that may carry a `%` (`12.5%` reads as 12.5).
    Percent,
    /// Completed / not completed: `1`/`0`/`是`/`否`.
    Binary,
}

/// Parses one cell as written in a data file; with `binary`, only `1`/`0`/`是`/`否`.
pub fn parse_cell(text: &str, binary: bool) -> Result<Cell, String> {
    let kind = if binary {
        ValueKind::Binary
    } else {
        ValueKind::Number
    };
    read_cell(text, kind)
}

/// Parses one cell: empty is missing; `-`, `N/A`, `不适用` (also full-width) are not applicable;
/// otherwise a value of `kind`. Errors quote the text found.
pub fn read_cell(text: &str, kind: ValueKind) -> Result<Cell, String> {
    // Fast path for the common cell, a plain ASCII decimal: no folding, no allocation. Anything
    // else (spaces, separators, full-width text, markers) takes the general path below.
    if kind != ValueKind::Binary && is_plain_decimal(text) {
        if let Ok(v) = text.parse::<f64>() {
            if in_range(v, text) && v.abs() <= MAX_MAGNITUDE {
                return Ok(Cell::Value(v));
            }
        }
    }
    let t = fold(text);
    match &*t {
        "" => return Ok(Cell::Missing),
        // Excel's accounting and comma styles (会计专用, 千位分隔样式) show 0 as a dash padded
        // with spaces, and "save as CSV" writes what is shown: ` -   ` is a zero as often as
        // it is "not applicable". Read either way, a score could be wrong without a word.
        "-" if text.trim() != text => {
            return Err(format!(
                "{} is how Excel's accounting and comma styles (会计专用 / 千位分隔样式) show 0, so it may be a zero or \"not applicable\": enter 0 for zero, or `-` alone (or `不适用`) for not applicable",
                quote(text)
            ))
        }
        "-" | "不适用" => return Ok(Cell::NotApplicable),
        _ if t.eq_ignore_ascii_case("n/a") => return Ok(Cell::NotApplicable),
        _ => {}
    }
    match kind {
        ValueKind::Binary => match &*t {
            "1" | "是" => Ok(Cell::Value(1.0)),
            "0" | "否" => Ok(Cell::Value(0.0)),
            _ => Err(format!(
                "expected 1 or 0 (是 / 否) for a completed / not-completed indicator, found {}",
                quote(text.trim())
            )),
        },
        ValueKind::Number => clean_number(text, false).map(Cell::Value),
        ValueKind::Percent => clean_number(text, true).map(Cell::Value),
    }
}

#[cfg(test)]
mod tests;
