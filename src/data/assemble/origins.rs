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

/// A table read, kept (without its rows) to name places after reading.
pub struct Origin {
    pub table: Head,
    pub role: Role,
    /// Per config indicator: its column in the table.
    pub cols: Vec<Col>,
    /// Per registry unit: the line (worksheet row) of its row in this table; 0 = none.
    pub lines: Vec<u32>,
}

/// Where each value of a period came from, kept with the dataset for statements: the files read
/// and, per cell, which one and on which line.
#[derive(Debug, Clone, Default)]
pub struct CellSources {
    /// Each table as a reader names it: its path, and its sheet for a workbook.
    pub files: Vec<String>,
    /// `[track][slot][position]`: index into `files`, or [`NONE`].
    pub cells: Vec<Vec<Vec<u16>>>,
    /// Per file, per registry unit: the line (worksheet row) of its row; 0 = none.
    pub lines: Vec<Vec<u32>>,
}

impl CellSources {
    /// The file and line the value of the unit at `pos` (registry index `unit`) of track `t`,
    /// slot `slot`, came from.
    pub fn of(&self, t: usize, slot: usize, pos: usize, unit: usize) -> Option<(&str, u32)> {
        let i = *self.cells.get(t)?.get(slot)?.get(pos)?;
        let file = self.files.get(usize::from(i))?;
        Some((
            file,
            self.lines[usize::from(i)].get(unit).copied().unwrap_or(0),
        ))
    }
}

/// Where every cell and row of a period came from.
#[derive(Default)]
pub struct Origins {
    pub tables: Vec<Origin>,
    /// `[track][slot][position]`: index into `tables`, or [`NONE`].
    pub cells: Vec<Vec<Vec<u16>>>,
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
                .map(|td| vec![vec![NONE; td.units.len()]; td.columns.len()])
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

    /// The table and line of unit `u`'s cell of slot `slot` on track `t`, if given; else of the
    /// unit's row in its category file or any table.
    pub fn cell(&self, ds: &Dataset, t: usize, slot: usize, u: usize) -> Option<(&Origin, u64)> {
        let pos = ds.unit_pos[u];
        let i = self.cells.get(t)?.get(slot)?.get(pos).copied()?;
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
