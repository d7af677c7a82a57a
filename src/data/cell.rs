//! Indicator cells: a value, missing (empty) or not applicable (`-`, `N/A`, `不适用`), stored
//! columnar — one [`Column`] per indicator per track, 9 bytes a cell.

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

/// A column of cells, one per unit of a track (in the track's unit order).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    values: Vec<f64>,
    states: Vec<State>,
}

impl Column {
    /// A column of `n` missing cells.
    pub fn missing(n: usize) -> Column {
        Column {
            values: vec![0.0; n],
            states: vec![State::Missing; n],
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
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn get(&self, i: usize) -> Cell {
        match self.states[i] {
            State::Value => Cell::Value(self.values[i]),
            State::Missing => Cell::Missing,
            State::NotApplicable => Cell::NotApplicable,
        }
    }

    pub fn set(&mut self, i: usize, cell: Cell) {
        let (v, s) = match cell {
            Cell::Value(v) => (v, State::Value),
            Cell::Missing => (0.0, State::Missing),
            Cell::NotApplicable => (0.0, State::NotApplicable),
        };
        self.values[i] = v;
        self.states[i] = s;
    }

    /// `(position, value)` of every cell that holds a value: the peers.
    pub fn values(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.states
            .iter()
            .zip(&self.values)
            .enumerate()
            .filter(|(_, (s, _))| **s == State::Value)
            .map(|(i, (_, &v))| (i, v))
    }

    pub fn iter(&self) -> impl Iterator<Item = Cell> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// Parses one cell as written in a data file.
///
/// Accepted numbers are plain decimals: an optional sign, digits with an optional decimal point,
/// an optional exponent. `inf`, `NaN` and anything else are rejected (Rust's `f64` parser would
/// take `inf` and `NaN`). With `binary`, only `1`/`0`/`是`/`否` are accepted.
pub fn parse_cell(text: &str, binary: bool) -> Result<Cell, String> {
    let t = text.trim();
    match t {
        "" => return Ok(Cell::Missing),
        "-" | "不适用" => return Ok(Cell::NotApplicable),
        _ if t.eq_ignore_ascii_case("n/a") => return Ok(Cell::NotApplicable),
        _ => {}
    }
    if binary {
        return match t {
            "1" | "是" => Ok(Cell::Value(1.0)),
            "0" | "否" => Ok(Cell::Value(0.0)),
            _ => Err(format!(
                "expected 1 or 0 (是 / 否) for a completed / not-completed indicator, found `{t}`"
            )),
        };
    }
    parse_number(t).map(Cell::Value)
}

/// A strict decimal number: `[+-]digits[.digits][e[+-]digits]`, finite.
pub fn parse_number(t: &str) -> Result<f64, String> {
    if !is_plain_decimal(t) {
        return Err(format!(
            "expected a number, `-`, `N/A`, `不适用` or an empty cell, found `{t}`"
        ));
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("`{t}` is out of range for a number")),
    }
}

fn is_plain_decimal(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_parse_by_the_rules() {
        assert_eq!(parse_cell(" 12.5 ", false), Ok(Cell::Value(12.5)));
        assert_eq!(parse_cell("-3", false), Ok(Cell::Value(-3.0)));
        assert_eq!(parse_cell(".5", false), Ok(Cell::Value(0.5)));
        assert_eq!(parse_cell("1e3", false), Ok(Cell::Value(1000.0)));
        assert_eq!(parse_cell("", false), Ok(Cell::Missing));
        assert_eq!(parse_cell("  ", false), Ok(Cell::Missing));
        for na in ["-", "N/A", "n/a", "不适用"] {
            assert_eq!(parse_cell(na, false), Ok(Cell::NotApplicable), "{na}");
        }
        for bad in [
            "inf", "NaN", "-inf", "infinity", "1e400", "abc", "1.2.3", "1,234", "+", ".", "1e",
            "0x10",
        ] {
            assert!(parse_cell(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn binary_cells_take_only_one_zero_yes_no() {
        assert_eq!(parse_cell("是", true), Ok(Cell::Value(1.0)));
        assert_eq!(parse_cell("否", true), Ok(Cell::Value(0.0)));
        assert_eq!(parse_cell("1", true), Ok(Cell::Value(1.0)));
        assert_eq!(parse_cell("0", true), Ok(Cell::Value(0.0)));
        assert_eq!(parse_cell("-", true), Ok(Cell::NotApplicable));
        assert!(parse_cell("2", true).is_err());
        assert!(parse_cell("1.0", true).is_err());
    }

    #[test]
    fn columns_round_trip_cells() {
        let cells = [
            Cell::Value(-1.5),
            Cell::Missing,
            Cell::NotApplicable,
            Cell::Value(0.0),
        ];
        let c = Column::from_cells(&cells);
        assert_eq!(c.iter().collect::<Vec<_>>(), cells);
        assert_eq!(c.values().collect::<Vec<_>>(), vec![(0, -1.5), (3, 0.0)]);
    }
}
