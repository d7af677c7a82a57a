//! One data row of an input table: its line and its fields as text.

use csv::StringRecord;

use super::cell::{read_cell, Cell, ValueKind};
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
}

impl Row {
    pub fn new(line: u64, record: StringRecord, notes: Vec<(usize, String)>) -> Row {
        Row {
            line,
            record,
            notes,
            percents: Vec::new(),
        }
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
            match self.percents.iter().find(|(c, _)| *c == i) {
                Some((_, stored)) if kind == ValueKind::Number => format!(
                    "{} is a cell formatted as a percentage (it stores {stored}), but the indicator is not a percentage: format the cell as a number and enter the value meant, or set `percent = true` on the indicator",
                    quote(text.trim())
                ),
                _ => e,
            }
        })
    }

    /// Forgets the worksheet notes of the row read before (a buffer row is reused).
    pub(super) fn clear_notes(&mut self) {
        self.notes.clear();
        self.percents.clear();
    }

    pub(super) fn is_blank(&self) -> bool {
        self.record.iter().all(|f| f.trim().is_empty()) && self.notes.is_empty()
    }

    pub(super) fn len(&self) -> usize {
        self.record.len()
    }
}
