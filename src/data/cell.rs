//! Indicator cells: a value, missing (empty) or not applicable (`-`, `N/A`, `不适用`), stored
//! columnar — one [`Column`] per indicator per track, 9 bytes a cell.

use super::echo::quote;
pub use super::number::parse_number;
use super::number::{clean_number, is_plain_decimal};
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
            if v.is_finite() {
                return Ok(Cell::Value(v));
            }
        }
    }
    let t = fold(text);
    match &*t {
        "" => return Ok(Cell::Missing),
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
        assert_eq!(parse_cell("1,234", false), Ok(Cell::Value(1234.0)));
        assert_eq!(parse_cell("Ｎ／Ａ", false), Ok(Cell::NotApplicable));
        assert_eq!(parse_cell("－", false), Ok(Cell::NotApplicable));
        assert_eq!(
            read_cell("12.5%", ValueKind::Percent),
            Ok(Cell::Value(12.5))
        );
        assert!(read_cell("12.5%", ValueKind::Number).is_err());
        for bad in [
            "inf", "NaN", "-inf", "infinity", "1e400", "abc", "1.2.3", "1,23", "+", ".", "1e",
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
        assert_eq!(parse_cell("１", true), Ok(Cell::Value(1.0)));
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
