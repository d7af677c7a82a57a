//! One data row of an input table: its line and its fields as text.

use csv::StringRecord;

use super::cell::{parse_decimal, read_cell, Cell, ValueKind};
use crate::echo::quote;

/// One data row: its physical line (CSV) or row number (worksheet), and its fields as text.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub(super) record: StringRecord,
    /// Cells whose text is not a value (worksheet error or date cells): column → message.
    notes: Vec<(usize, String)>,
    /// Worksheet cells formatted as percentages, whose text is the percentage shown (`90%`):
    /// column → the number stored (`0.9`), for the message when the indicator is no percentage.
    percents: Vec<(usize, String)>,
    /// Every field read as [`parse_decimal`] reads it, when `parsed`: filled by the thread that
    /// reads a large file ahead (see [`super::ahead`]), so that the digits are taken apart there
    /// and not on the thread that assembles the rows. Packed in eight bytes ([`pack`]).
    decimals: Vec<i64>,
    parsed: bool,
    /// A CSV row shorter than the header let through as a total or footer ([`Row::short`]):
    /// its own width and the header's.
    short: Option<(usize, usize)>,
}

impl Row {
    pub fn new(line: u64, record: StringRecord, notes: Vec<(usize, String)>) -> Row {
        Row {
            line,
            record,
            notes,
            percents: Vec::new(),
            decimals: Vec::new(),
            parsed: false,
            short: None,
        }
    }

    /// Marks the row as a CSV row of `len` fields, shorter than the header's `n`, padded because
    /// its first filled cell reads as a total or footer (`填报人：张三` on a line of its own).
    pub(super) fn pad_as_footer(&mut self, len: usize, n: usize) {
        self.short = Some((len, n));
    }

    /// Why the row cannot be read as a unit's row, when it was padded as a footer
    /// ([`Row::pad_as_footer`]) yet names a unit (`注溪村`, a village, begins like `注：`): its
    /// width, as for any short row.
    pub fn short(&self) -> Option<String> {
        self.short
            .map(|(len, n)| format!("row has {len} fields but the header has {n}"))
    }

    /// The row with cells marked as formatted percentages (see [`Row::read`]).
    pub fn with_percents(mut self, percents: Vec<(usize, String)>) -> Row {
        self.percents = percents;
        self
    }

    /// The field at `i` as text (empty when the row is shorter).
    pub fn get(&self, i: usize) -> &str {
        self.record.get(i).unwrap_or("")
    }

    /// Whether the field at `i` holds no value's text but a note of why (see [`Row::cell`]).
    #[inline]
    pub fn noted(&self, i: usize) -> bool {
        self.notes.iter().any(|(c, _)| *c == i)
    }

    /// The field at `i` as a value's text, or why the cell holds none (`#DIV/0!` in a workbook).
    pub fn cell(&self, i: usize) -> Result<&str, String> {
        match self.notes.iter().find(|(c, _)| *c == i) {
            Some((_, note)) => Err(note.clone()),
            None => Ok(self.get(i)),
        }
    }

    /// Reads the field at `i` as a cell of `kind`. A worksheet cell formatted as a percentage
    /// reads as the percentage it shows; on an indicator that is not a percentage the error says
    /// that the cell is formatted so, and what it stores.
    pub fn read(&self, i: usize, kind: ValueKind) -> Result<Cell, String> {
        let text = self.cell(i)?;
        read_cell(text, kind).map_err(|e| {
            match self.percent_stored(i) {
                Some(stored) if kind == ValueKind::Number => format!(
                    "{} is a cell formatted as a percentage (it stores {stored}), but the indicator is not a percentage: format the cell as a number and enter the value meant, or set `percent = true` on the indicator",
                    quote(text.trim())
                ),
                _ => e,
            }
        })
    }

    /// The number a side file's cell at `i` holds ([`super::number::parse_number`]); a cell
    /// formatted as a percentage (`102%` shown for 1.02 stored) is an error saying so, since
    /// nobody typed its `%`.
    pub fn side_number(&self, i: usize) -> Result<f64, String> {
        self.cell(i)
            .and_then(super::number::parse_number)
            .map_err(|e| match self.percent_stored(i) {
                Some(stored) => format!(
                    "{} is a cell formatted as a percentage (it stores {stored}): format the cell as a number and enter the value meant",
                    quote(self.get(i).trim())
                ),
                None => e,
            })
    }

    /// What the cell at `i` stores when a percentage format shows it (`0.897` shown `89.7%`).
    pub fn percent_stored(&self, i: usize) -> Option<&str> {
        self.percents
            .iter()
            .find(|(c, _)| *c == i)
            .map(|(_, s)| s.as_str())
    }

    /// The field at `i` as [`parse_decimal`] reads it (read ahead when the row was).
    #[inline]
    pub fn decimal(&self, i: usize) -> Option<(i64, u32)> {
        match self.decimals.get(i) {
            Some(&d) if self.parsed => {
                let d = unpack(d);
                debug_assert_eq!(
                    d,
                    parse_decimal(self.get(i)),
                    "field {i} of line {}",
                    self.line
                );
                d
            }
            _ => parse_decimal(self.get(i)),
        }
    }

    /// Reads every field as [`Row::decimal`] gives it, for the rows read ahead.
    pub(super) fn parse_decimals(&mut self) {
        self.decimals.clear();
        self.decimals.reserve(self.record.len());
        for f in &self.record {
            self.decimals.push(pack(parse_decimal(f)));
        }
        self.parsed = true;
    }

    /// Leaves the fields to be read as decimals when asked ([`Row::decimal`]): a buffer row
    /// not read ahead must not keep the decimals of the row it held before.
    pub(super) fn forget_decimals(&mut self) {
        self.parsed = false;
    }

    /// Forgets what was noted of the row read before — worksheet notes, decimals read ahead —
    /// when a buffer row is read again.
    pub(super) fn clear_notes(&mut self) {
        self.notes.clear();
        self.percents.clear();
        self.parsed = false;
    }

    /// Sets field `i` (an empty one of a worksheet's row) to `text`, the row widened to it if
    /// it ends before.
    pub(super) fn fill(&mut self, i: usize, text: &str) {
        let fields: StringRecord = (0..self.record.len().max(i + 1))
            .map(|k| if k == i { text } else { self.get(k) })
            .collect();
        self.record = fields;
        self.parsed = false;
    }

    pub(super) fn is_blank(&self) -> bool {
        self.record.iter().all(|f| f.trim().is_empty()) && self.notes.is_empty()
    }

    pub(super) fn len(&self) -> usize {
        self.record.len()
    }
}

/// [`parse_decimal`]'s reading in eight bytes: the mantissa (below 2^53 in magnitude) times 16
/// plus the scale (at most 9), or `i64::MIN` for none.
fn pack(d: Option<(i64, u32)>) -> i64 {
    match d {
        Some((m, k)) => m * 16 + i64::from(k),
        None => i64::MIN,
    }
}

fn unpack(p: i64) -> Option<(i64, u32)> {
    (p != i64::MIN).then(|| (p.div_euclid(16), p.rem_euclid(16) as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packing keeps every reading: the bounds of the mantissa and the scale, both signs.
    #[test]
    fn a_packed_decimal_unpacks_to_the_same_reading() {
        let big = (1i64 << 53) - 1;
        for m in [0, 1, -1, 15, -15, 16, -16, 12345, -12345, big, -big] {
            for k in 0..=9 {
                assert_eq!(unpack(pack(Some((m, k)))), Some((m, k)), "{m} {k}");
            }
        }
        assert_eq!(unpack(pack(None)), None);
        for t in [
            "-9007199254740991",
            "9007199254740991",
            "-0.000000001",
            "12.5",
            "x",
            "",
        ] {
            assert_eq!(unpack(pack(parse_decimal(t))), parse_decimal(t), "{t}");
        }
    }

    /// A row read ahead gives the readings of its fields, and forgets them when read again.
    #[test]
    fn decimals_read_ahead_are_those_of_the_fields_and_forgotten_on_the_next_read() {
        let mut row = Row::new(
            3,
            StringRecord::from(vec!["U1", "-12.50", "7", "不适用"]),
            Vec::new(),
        );
        row.parse_decimals();
        assert_eq!(row.decimal(1), Some((-125, 1)));
        assert_eq!(row.decimal(2), Some((7, 0)));
        assert_eq!(row.decimal(3), None);
        assert_eq!(row.decimal(9), None);
        row.clear_notes();
        row.record = StringRecord::from(vec!["U2", "3"]);
        assert_eq!(row.decimal(1), Some((3, 0)));
        // A buffer row the reading thread leaves to be read here forgets its decimals too.
        row.parse_decimals();
        row.record = StringRecord::from(vec!["U3", "0.25"]);
        row.forget_decimals();
        assert_eq!(row.decimal(1), Some((25, 2)));
    }
}
