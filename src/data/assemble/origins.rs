//! Where each cell of a period came from: the table and line of every value, for messages,
//! statements and `check`.

use std::path::PathBuf;

use crate::config::Config;
use crate::data::columns::Col;
use crate::data::sources::Role;
use crate::data::table::Head;
use crate::data::Dataset;
use crate::units::Category;

/// No table gave the cell.
pub const NONE: u16 = u16::MAX;

/// Which table gave each cell of one indicator column of a track ([`NONE`] where none did).
///
/// Most columns come whole from one table (a category file, or a lead department's table): such
/// a column is held as that table and one bit per cell — whether it gave the cell — instead of
/// two bytes per cell (at a million units, 80 MB a period). A column that a second table adds
/// cells to is spelt out per cell from then on.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotOrigins(Slot);

#[derive(Debug, Clone, PartialEq)]
enum Slot {
    /// Every given cell from `table` ([`NONE`] while no cell is given).
    One {
        table: u16,
        given: Vec<u64>,
        len: usize,
    },
    Each(Vec<u16>),
}

impl SlotOrigins {
    /// `len` cells, none given.
    pub fn none(len: usize) -> SlotOrigins {
        SlotOrigins(Slot::One {
            table: NONE,
            given: vec![0; len.div_ceil(64)],
            len,
        })
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Slot::One { len, .. } => *len,
            Slot::Each(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The table that gave cell `pos`, or [`NONE`]; `None` beyond the column.
    pub fn get(&self, pos: usize) -> Option<u16> {
        match &self.0 {
            Slot::One { table, given, len } => {
                (pos < *len).then(|| match given[pos / 64] >> (pos % 64) & 1 {
                    1 => *table,
                    _ => NONE,
                })
            }
            Slot::Each(v) => v.get(pos).copied(),
        }
    }

    /// The table that gave cell `pos` (in the column), or [`NONE`].
    pub fn at(&self, pos: usize) -> u16 {
        self.get(pos).unwrap_or(NONE)
    }

    /// Records that `table` gave cell `pos`.
    pub fn set(&mut self, pos: usize, table: u16) {
        if let Slot::One {
            table: t, given, ..
        } = &mut self.0
        {
            if *t == NONE || *t == table {
                *t = table;
                given[pos / 64] |= 1 << (pos % 64);
                return;
            }
            let each = (0..self.len()).map(|p| self.at(p)).collect();
            self.0 = Slot::Each(each);
        }
        if let Slot::Each(v) = &mut self.0 {
            v[pos] = table;
        }
    }

    /// Whether any table gave a cell of the column.
    pub fn any_given(&self) -> bool {
        match &self.0 {
            Slot::One { table, .. } => *table != NONE,
            Slot::Each(v) => v.iter().any(|&i| i != NONE),
        }
    }

    /// Every cell given by `table`.
    pub fn fill(&mut self, table: u16) {
        let len = self.len();
        self.0 = Slot::One {
            table,
            given: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
    }
}

/// A table read, kept (without its rows) to name places after reading.
pub struct Origin {
    pub table: Head,
    pub role: Role,
    /// Per config indicator: its column in the table.
    pub cols: Vec<Col>,
    /// Per registry unit: the line (worksheet row) of its row in this table; 0 = none.
    pub lines: Lines,
    /// The config indicators whose cells in this table were typed with a `%` (`0.5%`): such a
    /// column is no column of fractions, however small its values.
    pub percent_signs: Vec<usize>,
}

/// Per registry unit, the line of its row in one table (0 = none), indexed like a `Vec<u32>`:
/// held by unit when most units have a row there, else only for the units that have one (a
/// category's file of a province has a row for a few of its units; forty such files held by
/// unit would take 4 bytes × units each).
#[derive(Debug, Clone, PartialEq)]
pub enum Lines {
    ByUnit(Vec<u32>),
    /// `(unit, line)` of the units with a row, by unit.
    Rows {
        units: usize,
        rows: Vec<(u32, u32)>,
    },
}

impl Lines {
    /// `lines` (per registry unit), held the smaller way.
    pub fn from_dense(lines: Vec<u32>) -> Lines {
        let given = lines.iter().filter(|&&l| l != 0).count();
        // A row entry is 8 bytes, a unit's line 4.
        if given.saturating_mul(2) >= lines.len() {
            return Lines::ByUnit(lines);
        }
        let rows = (0..lines.len())
            .filter(|&u| lines[u] != 0)
            .map(|u| (u as u32, lines[u]))
            .collect();
        Lines::Rows {
            units: lines.len(),
            rows,
        }
    }

    /// The units of `units` (ascending) without a row: as `units` filtered by `self[u] == 0`,
    /// but the rows of the sparse form walked beside them rather than searched for each.
    pub fn without_row(&self, units: &[usize]) -> Vec<usize> {
        debug_assert!(units.windows(2).all(|w| w[0] < w[1]));
        match self {
            Lines::ByUnit(v) => units.iter().copied().filter(|&u| v[u] == 0).collect(),
            Lines::Rows { rows, .. } => {
                let mut rows = rows.iter().map(|&(u, _)| u as usize).peekable();
                let mut out = Vec::new();
                for &u in units {
                    while rows.next_if(|&r| r < u).is_some() {}
                    if rows.next_if_eq(&u).is_none() {
                        out.push(u);
                    }
                }
                out
            }
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Lines::ByUnit(v) => v.len(),
            Lines::Rows { units, .. } => *units,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::ops::Index<usize> for Lines {
    type Output = u32;

    fn index(&self, u: usize) -> &u32 {
        match self {
            Lines::ByUnit(v) => &v[u],
            Lines::Rows { units, rows } => {
                assert!(u < *units, "unit {u} of {units}");
                match rows.binary_search_by_key(&u, |&(k, _)| k as usize) {
                    Ok(k) => &rows[k].1,
                    Err(_) => &0,
                }
            }
        }
    }
}

/// Where each value of a period came from, kept with the dataset for statements: the files read
/// and, per cell, which one and on which line.
#[derive(Debug, Clone, Default)]
pub struct CellSources {
    /// Each table as a reader names it: its path, and its sheet for a workbook.
    pub files: Vec<String>,
    /// `[track][slot]`: per position, an index into `files`, or [`NONE`].
    pub cells: Vec<Vec<SlotOrigins>>,
    /// Per file, per registry unit: the line (worksheet row) of its row; 0 = none.
    pub lines: Vec<Lines>,
}

impl CellSources {
    /// The file and line the value of the unit at `pos` (registry index `unit`) of track `t`,
    /// slot `slot`, came from.
    pub fn of(&self, t: usize, slot: usize, pos: usize, unit: usize) -> Option<(&str, u32)> {
        let i = self.cells.get(t)?.get(slot)?.get(pos)?;
        let file = self.files.get(usize::from(i))?;
        Some((
            file,
            self.lines
                .get(usize::from(i))
                .filter(|l| unit < l.len())
                .map_or(0, |l| l[unit]),
        ))
    }
}

/// Where every cell and row of a period came from.
#[derive(Default)]
pub struct Origins {
    pub tables: Vec<Origin>,
    /// `[track][slot]`: per position, an index into `tables`, or [`NONE`].
    pub cells: Vec<Vec<SlotOrigins>>,
    /// Rows skipped as totals or footers: table, line, first cell.
    pub skipped: Vec<(usize, u64, String)>,
    /// Categories whose own table could not be read (or is given twice), and whether a
    /// submission could not be read: what they lack is not judged, their problems stand.
    pub failed: Vec<Category>,
    pub lead_failed: bool,
}

impl Origins {
    /// What statements keep of the origins: file names, cells and lines.
    pub fn into_sources(self) -> CellSources {
        CellSources {
            files: self
                .tables
                .iter()
                .map(|o| match &o.table.sheet {
                    Some(sheet) => format!("{}（{sheet}）", o.table.path.display()),
                    None => o.table.path.display().to_string(),
                })
                .collect(),
            lines: self.tables.into_iter().map(|o| o.lines).collect(),
            cells: self.cells,
        }
    }

    /// Room for every cell of `ds`'s tracks, none given yet.
    pub fn new(ds: &Dataset) -> Origins {
        Origins {
            tables: Vec::new(),
            cells: ds
                .tracks
                .iter()
                .map(|td| vec![SlotOrigins::none(td.units.len()); td.columns.len()])
                .collect(),
            skipped: Vec::new(),
            failed: Vec::new(),
            lead_failed: false,
        }
    }

    /// Records that a source could not be read.
    pub fn fail(&mut self, role: Role) {
        match role {
            Role::Category(c) => self.failed.push(c),
            Role::Lead => self.lead_failed = true,
        }
    }

    /// Whether a source that could have given cells of `cat`'s units could not be read (its own
    /// table, or a submission): their absence is then a consequence of an error already reported.
    pub fn unread(&self, cat: Category) -> bool {
        self.lead_failed || self.failed.contains(&cat)
    }

    /// The table and line of unit `u`'s cell of slot `slot` on track `t`, if given; else of the
    /// unit's row in its category file or any table.
    pub fn cell(&self, ds: &Dataset, t: usize, slot: usize, u: usize) -> Option<(&Origin, u64)> {
        let pos = ds.pos_of(u);
        let i = self.cells.get(t)?.get(slot)?.get(pos)?;
        if i != NONE {
            let o = &self.tables[usize::from(i)];
            return Some((o, u64::from(o.lines[u])));
        }
        self.row(u)
    }

    /// The first table with a row for unit `u` (a category file before submissions).
    pub fn row(&self, u: usize) -> Option<(&Origin, u64)> {
        self.tables
            .iter()
            .filter(|o| o.lines[u] != 0)
            .min_by_key(|o| matches!(o.role, Role::Lead))
            .map(|o| (o, u64::from(o.lines[u])))
    }

    /// Where a unit's cell is, for a problem: file, line and place (column, or sheet and cell);
    /// the period folder when no table has the unit.
    pub fn place(
        &self,
        ds: &Dataset,
        cfg: &Config,
        t: usize,
        slot: usize,
        u: usize,
    ) -> (PathBuf, Option<u64>, Option<String>) {
        let ti = &cfg.tracks[t].indicators[slot];
        let id = &cfg.indicator(ti).id;
        match self.cell(ds, t, slot, u) {
            Some((o, line)) => {
                let place = match o.cols.get(ti.indicator) {
                    Some(Col::At(c)) => o.table.place(line, *c),
                    _ => o.table.named_place(Some(format!("column {id}"))),
                };
                (o.table.path.clone(), Some(line), place)
            }
            None => (ds.dir.clone(), None, Some(format!("column {id}"))),
        }
    }

    /// Where a unit's row is, for a problem about the row as a whole.
    pub fn row_place(&self, ds: &Dataset, u: usize) -> (PathBuf, Option<u64>, Option<String>) {
        match self.row(u) {
            Some((o, line)) => (o.table.path.clone(), Some(line), o.table.named_place(None)),
            None => (ds.dir.clone(), None, None),
        }
    }
}

#[cfg(test)]
mod tests;
