//! Assembling a period cell by cell from every source table: category files and lead-department
//! submissions alike (see [`super::sources`]).
//!
//! Each row is claimed by its unit — by id, or by name ([`super::rows`]) — then each indicator
//! cell it carries is parsed, range-checked and stored with the table it came from ([`Origins`]).
//! The same cell given by two tables is an error naming both (unless the indicator declares
//! `duplicates = "equal"` and the values agree). Totals and footers are skipped and listed. What no
//! table gives is left absent, for [`super::completeness`] to judge.

mod accept;
mod claim;
mod origins;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cell::{decimal_value, read_cell, Cell, Column, ValueKind};
use super::columns::{match_headers, warn_unknown, Col, Headerless};
use super::layout::looks_like_units;
use super::rows::Names;
use super::sources::{describe, Role, SourceRef};
use super::table::{Head, Row, Table, PARENT, UNIT_ID, UNIT_NAME};
use super::Dataset;
use crate::config::{Config, Duplicates, Indicator, Method, MissingPolicy, TrackIndicator};
use crate::error::{code, Problem, Problems};
use crate::fold::header_key;
use crate::units::Category;

use accept::Mantissas;
use claim::Claim;
pub use origins::{CellSources, Lines, Origin, Origins, SlotOrigins, NONE};

/// How rows are matched to units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The period being scored: every row must be a unit assessed in it.
    Current,
    /// An earlier period (this one) read for growth: rows are matched through `former_ids`, and
    /// rows of units that no longer exist are passed over.
    Earlier(crate::period::Period),
}

/// Reads tables into a dataset's columns.
pub struct Assembler<'a> {
    pub cfg: &'a Config,
    pub mode: Mode,
    /// `[track][slot]`: whether this read fills the slot (all for the current period, the
    /// growth slots for an earlier one).
    pub wanted: Vec<Vec<bool>>,
    /// Per registry unit: whether its rows are read (units of tracks left out with `--track`
    /// are passed over without a word).
    pub selected: Vec<bool>,
    /// Per registry unit (earlier periods): rows under several of its ids (its own and the one
    /// it had before) — no single earlier value.
    pub merged: Vec<bool>,
    names: Names,
    /// The accepted mantissas of each pair of bounds met (see [`Mantissas`]), worked out once a
    /// run rather than once per table column: a district's period reads dozens of small tables.
    accepts: HashMap<(u64, u64), Mantissas>,
    /// The unit after the last row's: tried first when a row gives an id (see
    /// [`crate::units::Registry::get_near`]).
    next: usize,
    /// Blank cells of required indicators: reported by [`Assembler::finish`] when no later
    /// table gives a value for them (held compactly: a province's blanks may be many).
    blanks: Vec<Blank>,
    /// Cells given but unreadable (`abc`), `(track, slot, position)`: stored as missing, but no
    /// blank that a later table's value may fill — a second value is a conflict, reported too.
    unreadable: std::collections::HashSet<(usize, usize, usize)>,
}

/// A blank cell of a required indicator: its slot, position, table, line and column.
struct Blank {
    t: u32,
    slot: u32,
    pos: u32,
    table: u16,
    line: u64,
    col: u32,
}

/// An indicator column of a table, and the slot of a track it fills.
struct Feed<'a> {
    col: usize,
    slot: usize,
    ti: TrackIndicator,
    ind: &'a Indicator,
    kind: ValueKind,
    /// The values [`check_cell`] takes without a word (`[lo, hi]`, for the mode read), as the
    /// decimals' mantissas: a value inside is stored without asking it.
    accept: Mantissas,
    /// The slot's column, taken out of the dataset while the table is read (filled in place,
    /// without going through its shared pointer per cell) and put back after.
    column: Column,
    /// Whether a cell of the column was typed with a `%` (see [`Origin::percent_signs`]).
    percent_sign: bool,
}

/// Per track: the indicator columns of a table that fill its slots (worked out once per table,
/// not once per cell).
type Feeds<'a> = Vec<Vec<Feed<'a>>>;

impl<'a> Assembler<'a> {
    pub fn new(cfg: &'a Config, mode: Mode, wanted: Vec<Vec<bool>>, selected: Vec<bool>) -> Self {
        Assembler {
            cfg,
            mode,
            wanted,
            merged: vec![false; selected.len()],
            selected,
            names: Names::new(),
            accepts: HashMap::new(),
            next: 0,
            blanks: Vec::new(),
            unreadable: Default::default(),
        }
    }

    /// Reports the blank cells of required indicators that no table gave a value for (a late
    /// file may fill a cell the first one left blank), in the order they were read.
    ///
    /// A table that holds no value at all (a collection table put in the folder unfilled) is
    /// data not there yet, as a missing file is: its blanks are [`code::UNFILLED`], so that a
    /// latest quarter so far made of such tables is an incomplete one.
    pub fn finish(&mut self, ds: &Dataset, origins: &Origins, problems: &mut Problems) {
        let mut gave = vec![false; origins.tables.len()];
        if !self.blanks.is_empty() {
            for (t, track) in origins.cells.iter().enumerate() {
                for (slot, cells) in track.iter().enumerate() {
                    let column = &ds.tracks[t].columns[slot].raw;
                    for pos in 0..cells.len() {
                        let k = usize::from(cells.at(pos));
                        if k < gave.len() && !gave[k] && column.get(pos) != Cell::Missing {
                            gave[k] = true;
                        }
                    }
                }
            }
        }
        for b in self.blanks.drain(..) {
            let (t, slot, pos) = (b.t as usize, b.slot as usize, b.pos as usize);
            // Filled by a later table, or given unreadable by one (reported as such).
            if ds.tracks[t].columns[slot].raw.get(pos) != Cell::Missing
                || self.unreadable.contains(&(t, slot, pos))
            {
                continue;
            }
            let ti = &self.cfg.tracks[t].indicators[slot];
            let Some(msg) = check_cell(self.cfg, t, ti, Cell::Missing) else {
                continue;
            };
            let head = &origins.tables[usize::from(b.table)].table;
            let (msg, kind) = match gave.get(usize::from(b.table)) {
                Some(false) => (
                    format!("{msg} (the table holds no value at all: not filled in yet?)"),
                    code::UNFILLED,
                ),
                _ => (msg, code::EMPTY_CELL),
            };
            problems.push(
                Problem::error(&head.path, msg)
                    .line(b.line)
                    .place(head.place(b.line, b.col as usize))
                    .unit(ds.label(ds.tracks[t].units[pos]))
                    .code(kind),
            );
        }
    }

    /// Reads one table into `ds`, recording its cells in `origins`; `false` when the table is
    /// not read (a sheet without units, or one whose header cannot be used).
    pub fn read(
        &mut self,
        ds: &mut Dataset,
        source: &SourceRef,
        mut table: Table,
        origins: &mut Origins,
        problems: &mut Problems,
    ) -> bool {
        let role = source.role;
        let Some(key) = self.key_columns(&table, source, problems) else {
            if role != Role::Lead || problems.has_errors() {
                origins.fail(role);
            }
            return false;
        };
        let m = match_headers(self.cfg, &table, problems);
        if self.mode == Mode::Current
            && role == Role::Lead
            && m.of_indicator.iter().all(|c| *c == Col::Absent)
        {
            // A submission that gives no indicator: most likely a side file under another name
            // (a Windows copy `adjustments(1).csv`), whose rows would be lost without a word.
            gives_nothing(&table, problems);
            return false;
        }
        // The unit columns, and any second column answering to one (an error already): no
        // unknown columns.
        let mut keep: Vec<usize> = key.iter().flatten().copied().collect();
        for names in [UNIT_ID, UNIT_NAME, PARENT] {
            keep.extend(table.find_all(names));
        }
        let mut headerless = Headerless::default();
        if self.mode == Mode::Current {
            headerless = warn_unknown(self.cfg, &table, &m, &keep, problems);
            if table.sheet.is_some() {
                warn_fractions(self.cfg, &table, &m.of_indicator, problems);
            }
        }
        // Merged cells hiding a value from a column read (the unit columns, the indicators').
        let read = |c: usize| keep.contains(&c) || m.of_indicator.contains(&Col::At(c));
        let footer = |text: &str| self.names.is_footer(&ds.registry, text);
        let units: Vec<usize> = key[..2].iter().flatten().copied().collect();
        table.merged_problems(read, &units, footer, problems);
        let mut feeds = self.feeds(ds, role, &m.of_indicator);
        // Per track: the table's indicator columns the track does not score (a department's
        // table lists every unit, `不考核` where the unit's track does not score the column).
        let offtrack: Vec<Vec<(usize, usize)>> = match self.mode {
            Mode::Current => (0..self.cfg.tracks.len())
                .map(|t| {
                    m.of_indicator
                        .iter()
                        .enumerate()
                        .filter_map(|(i, col)| match col {
                            Col::At(c) if self.cfg.track_position(t, i).is_none() => Some((*c, i)),
                            _ => None,
                        })
                        .collect()
                })
                .collect(),
            Mode::Earlier(_) => Vec::new(),
        };
        let index = origins.tables.len();
        let mut lines: Vec<u32> = vec![0; ds.registry.len()];
        // Earlier periods: which of a unit's ids its row used (0 its own, k its k-th former id).
        let mut which: Vec<u32> = vec![0; ds.registry.len()];
        let (head, rows) = table.parts();
        while let Some(row) = rows.next(head, problems) {
            headerless.see(row);
            let claimed = self.claim(ds, head, role, &key, row, &lines, &mut which, problems);
            let u = match claimed {
                Claim::Unit(u) => u,
                Claim::Skipped(first) => {
                    origins.skipped.push((index, row.line, first));
                    continue;
                }
                Claim::None => continue,
            };
            lines[u] = row.line as u32;
            self.next = u + 1;
            self.cells(ds, head, row, u, index, &mut feeds, origins, problems);
            if let Some(off) = ds.track_of(u).and_then(|t| offtrack.get(t)) {
                not_scored(self.cfg, ds, head, row, u, off, problems);
            }
        }
        // A file that stopped being readable (a quote never closed swallowing the rest), or
        // whose every row was refused for its width: the rows not read are not also reported
        // missing, one error per unit beside the cause.
        if rows.broken() || rows.none_fit() {
            origins.fail(role);
        }
        let mut percent_signs: Vec<usize> = feeds
            .iter()
            .flatten()
            .filter(|f| f.percent_sign)
            .map(|f| f.ti.indicator)
            .collect();
        percent_signs.sort_unstable();
        percent_signs.dedup();
        for (t, track) in feeds.into_iter().enumerate() {
            for feed in track {
                ds.tracks[t].columns[feed.slot].raw = Arc::new(feed.column);
            }
        }
        headerless.report(head, problems);
        // An indicator whose column is given twice was reported: its cells count as given.
        for (i, col) in m.of_indicator.iter().enumerate() {
            if *col != Col::Ambiguous {
                continue;
            }
            for (t, track) in self.cfg.tracks.iter().enumerate() {
                let Some(slot) = track.indicators.iter().position(|ti| ti.indicator == i) else {
                    continue;
                };
                for (pos, &u) in ds.tracks[t].units.iter().enumerate() {
                    let cells = &mut origins.cells[t][slot];
                    if lines[u] != 0 && cells.at(pos) == NONE {
                        cells.set(pos, index as u16);
                    }
                }
            }
        }
        origins.tables.push(Origin {
            table: table.without_rows(),
            role,
            cols: m.of_indicator,
            lines: Lines::from_dense(lines),
            percent_signs,
        });
        true
    }

    /// The unit columns: `[id, name, parent]`; `None` (and a problem) when the table has none.
    fn key_columns(
        &self,
        table: &Table,
        source: &SourceRef,
        problems: &mut Problems,
    ) -> Option<[Option<usize>; 3]> {
        let category = matches!(source.role, Role::Category(_)) && self.mode == Mode::Current;
        if table.is_empty() && category {
            // The usual message of an empty table.
            table.columns(&[UNIT_ID], &[], problems)?;
        }
        if table.is_empty() && table.sheet.is_none() && self.mode == Mode::Current {
            // An empty file is a submission gone wrong (an empty sheet is only a workbook's
            // default Sheet2): say so, since whatever it was meant to give is not there.
            let msg = "file ignored: it is empty (no header, no rows)";
            problems.push(Problem::warning(&table.path, msg));
            return None;
        }
        let mut quiet = Problems::new();
        let cols = table.columns(&[], &[UNIT_ID, UNIT_NAME, PARENT], &mut quiet)?;
        let key = [cols[0], cols[1], cols[2]];
        if key[0].is_none() && key[1].is_none() {
            // A table that heads an indicator's column beside two unit columns, or beside a
            // column headed as units are in offices (`单位`, `乡镇名称`) but not as pingyi reads
            // them, is a submission whose rows would be lost without a word (`单位,信访件次`):
            // an error, as for a category table. One beside neither — a summary (`项目`), a
            // monthly breakdown (`月份`), chart data — holds no units' rows: passed over below.
            // A parent column read (`所属乡镇`) says the rows are units too.
            let unit_like = key[2].is_some() || table.headers().iter().any(|h| looks_like_units(h));
            let submission = self.mode == Mode::Current && (quiet.has_errors() || unit_like) && {
                let mut scratch = Problems::new();
                let m = match_headers(self.cfg, table, &mut scratch);
                m.of_indicator.iter().any(|c| matches!(c, Col::At(_)))
            };
            if quiet.has_errors() && (category || submission) {
                problems.extend(quiet);
                return None;
            }
            if !category && !submission {
                // A notes or instructions sheet of a submission holds no units.
                let msg = "sheet ignored: it has no unit column (unit_id / 单位编码 or unit_name / 单位名称), so it is no category table and no submission";
                let what = if table.sheet.is_some() {
                    msg.to_string()
                } else {
                    msg.replace("sheet ignored", "file ignored")
                };
                problems.push(Problem::warning(&table.path, what).place(table.named_place(None)));
                return None;
            }
            let msg = match table.headers().iter().find(|h| looks_like_units(h)) {
                Some(h) if !category => format!(
                    "no unit column pingyi reads, though {} looks like one and the table gives indicator columns: head it `unit_name` (单位名称) or `unit_id` (单位编码); if the table holds no units' rows (a summary, notes), move it out of the period folder (header: {})",
                    crate::echo::quote(h),
                    table.headers().join(",")
                ),
                _ => format!(
                    "no unit column: head one column `unit_id` (单位编码) or `unit_name` (单位名称) (header: {})",
                    table.headers().join(",")
                ),
            };
            problems.push(
                Problem::error(&table.path, msg)
                    .line(table.header_line())
                    .place(table.named_place(Some("column unit_id".into()))),
            );
            return None;
        }
        problems.extend(quiet);
        Some(key)
    }

    /// For every indicator column of the table, the slots it fills.
    fn feeds(&mut self, ds: &mut Dataset, role: Role, of_indicator: &[Col]) -> Feeds<'a> {
        let cats: BTreeSet<Category> = match role {
            Role::Category(c) => std::iter::once(c).collect(),
            Role::Lead => Category::ALL.into_iter().collect(),
        };
        let cfg = self.cfg;
        let mut out: Feeds<'a> = cfg.tracks.iter().map(|_| Vec::new()).collect();
        for (t, track) in cfg.tracks.iter().enumerate() {
            if !track.categories.iter().any(|c| cats.contains(c)) || ds.tracks[t].units.is_empty() {
                continue;
            }
            for (slot, ti) in track.indicators.iter().enumerate() {
                if !self.wanted[t][slot] {
                    continue;
                }
                if let Col::At(col) = of_indicator[ti.indicator] {
                    let ind = cfg.indicator(ti);
                    let kind = value_kind(ind);
                    let bounds = match self.mode {
                        Mode::Current => accepted(ind, ti.points),
                        Mode::Earlier(_) => (f64::NEG_INFINITY, f64::INFINITY),
                    };
                    let accept = *self
                        .accepts
                        .entry((bounds.0.to_bits(), bounds.1.to_bits()))
                        .or_insert_with(|| Mantissas::new(bounds));
                    let shared = &mut ds.tracks[t].columns[slot].raw;
                    let taken = std::mem::replace(shared, Arc::new(Column::missing(0)));
                    let column = Arc::try_unwrap(taken).unwrap_or_else(|c| (*c).clone());
                    out[t].push(Feed {
                        col,
                        slot,
                        ti: *ti,
                        ind,
                        kind,
                        accept,
                        column,
                        percent_sign: false,
                    });
                }
            }
        }
        out
    }

    /// Parses and checks the unit's indicator cells into its track's columns.
    #[allow(clippy::too_many_arguments)]
    fn cells(
        &mut self,
        ds: &mut Dataset,
        f: &Head,
        row: &Row,
        u: usize,
        index: usize,
        feeds: &mut Feeds,
        origins: &mut Origins,
        problems: &mut Problems,
    ) {
        let Some(t) = ds.track_of(u) else { return };
        let pos = ds.pos_of(u);
        for feed in &mut feeds[t] {
            let (c, slot, ti, ind) = (feed.col, feed.slot, feed.ti, feed.ind);
            // The common cell, a plain decimal, is read as its digits (stored compactly); every
            // other form takes the full reading.
            let decimal = match feed.kind {
                ValueKind::Binary => None,
                _ if row.noted(c) => None,
                _ => row.decimal(c),
            };
            if let Some((m, k)) = decimal {
                // The commonest: a value `check_cell` passes (see `accepted`), given by no table
                // before. Stored at once, without making its f64; anything else is judged below.
                if feed.accept.contains(m, k) && origins.cells[t][slot].at(pos) == NONE {
                    feed.column.set_decimal(pos, m, k);
                    origins.cells[t][slot].set(pos, index as u16);
                    continue;
                }
            }
            let parsed = match decimal {
                Some((m, k)) => Ok(Cell::Value(decimal_value(m, k))),
                None => row.read(c, feed.kind),
            };
            if feed.kind == ValueKind::Percent && !feed.percent_sign && row.get(c).contains('%') {
                feed.percent_sign = true;
            }
            let blank_cell = matches!(parsed, Ok(Cell::Missing));
            let given = origins.cells[t][slot].at(pos);
            // Whether this table may give the cell: no table gave it, or one left it blank (a
            // late file fills the gap). A value or an unreadable cell given before is kept, and
            // a second one conflicts with it.
            let open = given == NONE
                || (feed.column.get(pos) == Cell::Missing
                    && !self.unreadable.contains(&(t, slot, pos)));
            let problem = match parsed {
                // A blank beside a cell another table gave: nothing to give, no conflict.
                Ok(Cell::Missing) if given != NONE => continue,
                Ok(cell) if !open => {
                    let before = feed.column.get(pos);
                    if ind.duplicates == Duplicates::Equal && before == cell {
                        continue;
                    }
                    let first = &origins.tables[usize::from(given)];
                    Some(format!(
                        "`{}` ({}) of this unit is also given by {} line {}{}: keep it in one file",
                        ind.id,
                        ind.name,
                        describe_origin(first),
                        first.lines[u],
                        if before == cell {
                            " (the same value; set `duplicates = \"equal\"` on the indicator to accept equal values)"
                        } else {
                            " with another value"
                        },
                    ))
                }
                Ok(cell) => {
                    let col = &mut feed.column;
                    match decimal {
                        Some((m, k)) => col.set_decimal(pos, m, k),
                        None => col.set(pos, cell),
                    }
                    origins.cells[t][slot].set(pos, index as u16);
                    match self.mode {
                        Mode::Current => match check_cell(self.cfg, t, &ti, cell) {
                            None => {
                                negative_count(ind, cell, f, row, c, ds.label(u), problems);
                                None
                            }
                            error => error,
                        },
                        Mode::Earlier(_) => None,
                    }
                }
                Err(msg) => {
                    // Given, but unreadable: reported here, not again as absent; where the
                    // cell is open it is the cell given (a later value conflicts with it).
                    if open {
                        origins.cells[t][slot].set(pos, index as u16);
                        self.unreadable.insert((t, slot, pos));
                    }
                    Some(msg)
                }
            };
            if let Some(msg) = problem {
                if blank_cell {
                    self.blanks.push(Blank {
                        t: t as u32,
                        slot: slot as u32,
                        pos: pos as u32,
                        table: index as u16,
                        line: row.line,
                        col: c as u32,
                    });
                    continue;
                }
                let place = f.place(row.line, c);
                problems.push(
                    Problem::error(&f.path, msg)
                        .line(row.line)
                        .place(place)
                        .unit(ds.label(u)),
                );
            }
        }
    }
}

/// Values typed in a row's cells of indicators the unit's track does not score (`off`: column,
/// indicator): not read — a warning each, since a number typed over `不考核` is most likely
/// meant to count.
fn not_scored(
    cfg: &Config,
    ds: &Dataset,
    f: &Head,
    row: &Row,
    u: usize,
    off: &[(usize, usize)],
    problems: &mut Problems,
) {
    for &(c, i) in off {
        let text = row.get(c);
        if text.trim().is_empty() || row.noted(c) {
            continue;
        }
        let ind = &cfg.indicators[i];
        if !matches!(read_cell(text, value_kind(ind)), Ok(Cell::Value(_))) {
            continue;
        }
        let t = ds.track_of(u).map_or("", |t| cfg.tracks[t].id.as_str());
        let msg = format!(
            "value {} of `{}` ({}) not read: the unit's track `{t}` does not score the indicator (its collection table says 不考核 there)",
            crate::echo::quote(text.trim()),
            ind.id,
            ind.name
        );
        problems.push(
            Problem::warning(&f.path, msg)
                .line(row.line)
                .place(f.place(row.line, c))
                .unit(ds.label(u)),
        );
    }
}

/// The warning of a negative value of a count (an indicator in 件, 起, 户 … without a `min`):
/// taken as given, since the config allows it, but most likely a typo (−3 for 3), which the rank
/// and deduct methods would score as the best value.
fn negative_count(
    ind: &Indicator,
    cell: Cell,
    f: &Head,
    row: &Row,
    c: usize,
    unit: String,
    problems: &mut Problems,
) {
    let Cell::Value(v) = cell else { return };
    if v >= 0.0 || !ind.counts_without_min() {
        return;
    }
    let msg = format!(
        "negative value {v} of `{}` ({}), a count in {}: scored as given (lower than every count), but most likely a typo; set `min = 0` on the indicator to refuse such values, or a `min` below 0 if it can be negative",
        ind.id,
        ind.name,
        ind.unit.trim()
    );
    problems.push(
        Problem::warning(&f.path, msg)
            .line(row.line)
            .place(f.place(row.line, c))
            .unit(unit),
    );
}

/// The error of a lead-department table without an indicator column: what it looks like (the
/// adjustments or the targets, by their headers), and what to do.
fn gives_nothing(table: &Table, problems: &mut Problems) {
    let keys: Vec<String> = table.headers().iter().map(|h| header_key(h)).collect();
    let has = |names: &[&str]| names.iter().any(|n| keys.contains(&header_key(n)));
    use super::{adjustments, side};
    let what = if has(adjustments::KIND) && (has(adjustments::POINTS) || has(adjustments::REASON)) {
        "its columns are those of the adjustments (加减分): name it adjustments.csv (or 加减分.csv, .xlsx), one per period"
    } else if has(side::INDICATOR) && has(side::TARGET) {
        "its columns are those of the targets (目标值): name it targets.csv (or 目标值.csv, .xlsx), one per period"
    } else {
        "head its columns by the indicators' ids, names or aliases, or move it out of the period folder"
    };
    let kind = if table.sheet.is_some() {
        "sheet"
    } else {
        "file"
    };
    let msg = format!(
        "this {kind} is read as a lead department's submission (any file not named after a category or a side file), but none of its columns ({}) is an indicator, so none of its rows would count: {what}",
        table.headers().join(", ")
    );
    problems.push(
        Problem::error(&table.path, msg)
            .line(table.header_line())
            .place(table.named_place(None)),
    );
}

fn describe_origin(o: &Origin) -> String {
    describe(&SourceRef {
        path: o.table.path.clone(),
        sheet: o.table.sheet.clone(),
        role: o.role,
    })
}

/// How an indicator's cells are read.
pub fn value_kind(ind: &Indicator) -> ValueKind {
    match (&ind.method, ind.percent) {
        (Method::Binary, _) => ValueKind::Binary,
        (_, true) => ValueKind::Percent,
        _ => ValueKind::Number,
    }
}

/// The values taken without a word for an indicator with `points` on its track: its valid
/// range, narrowed to the values its method can score (`proportional`: ≥ 0; `direct`: within
/// [0, points]) and, for a count without a `min`, to those ≥ 0 (a negative count passes
/// `check_cell` but is warned of). `check_cell` passes these without its own tests (so that the assembling's fast
/// path, which stores them without asking it, cannot drift from it); missing cells are judged
/// by `check_cell` alone.
fn accepted(ind: &Indicator, points: f64) -> (f64, f64) {
    let floor = if ind.counts_without_min() {
        0.0
    } else {
        f64::NEG_INFINITY
    };
    let range = ind.scorable(points);
    let lo = range.min.unwrap_or(floor).max(floor);
    (lo, range.max.unwrap_or(f64::INFINITY))
}

/// What is wrong with a parsed cell, if anything: a missing value the policy forbids, a value
/// outside the indicator's valid range, or one its method cannot score.
pub(super) fn check_cell(
    cfg: &Config,
    t: usize,
    ti: &TrackIndicator,
    cell: Cell,
) -> Option<String> {
    let ind = cfg.indicator(ti);
    if let Cell::Value(v) = cell {
        // What passes is stated once, in `accepted` (the assembling stores such a value without
        // asking here); below is only why a value does not.
        let (lo, hi) = accepted(ind, ti.points);
        if lo <= v && v <= hi {
            return None;
        }
    }
    match (cell, &ind.method) {
        (Cell::Missing, _) if ind.missing == MissingPolicy::Error => Some(format!("missing value for `{}` ({}); fill it, mark it `不适用`, or set the indicator's `missing` policy to `zero` or `average`", ind.id, ind.name)),
        (Cell::Value(v), _) if !ind.valid.contains(v) => Some(format!("value {v} is outside the valid range {} of `{}` ({})", ind.valid, ind.id, ind.name)),
        (Cell::Value(v), Method::Proportional) if v < 0.0 => Some(format!("negative value {v}: method `proportional` needs values ≥ 0")),
        (Cell::Value(v), Method::Direct) if !(0.0..=ti.points).contains(&v) => Some(format!("direct score {v} lies outside [0, {}], the indicator's points on track `{}`", ti.points, cfg.tracks[t].id)),
        _ => None,
    }
}

/// A worksheet cell formatted as a percentage stores 12.5% as 0.125; the workbook reader gives
/// it as the percentage it shows (`12.5%`), except in .xls workbooks, whose formats it cannot see.
/// A percentage column whose values all lie within [-1, 1] and carry no `%` most likely holds
/// fractions: say so.
fn warn_fractions(cfg: &Config, file: &Table, of_indicator: &[Col], problems: &mut Problems) {
    for (i, ind) in cfg.indicators.iter().enumerate() {
        let Some(Col::At(c)) = of_indicator.get(i).copied() else {
            continue;
        };
        if !ind.percent {
            continue;
        }
        let values: Vec<f64> = file
            .held_rows()
            .iter()
            .filter_map(|r| r.cell(c).ok())
            .filter(|t| !t.contains('%'))
            .filter_map(|t| read_cell(t, ValueKind::Percent).ok()?.value())
            .collect();
        if values.iter().any(|v| *v != 0.0) && values.iter().all(|v| v.abs() <= 1.0) {
            let msg = format!("every value of the percentage `{}` lies within [-1, 1]: if these are fractions (0.125 for 12.5%), enter 12.5, or format the cells as percentages in the workbook (.xlsx, .xls or .ods; an Excel 95 workbook's formats are not seen)", ind.id);
            problems.push(
                Problem::warning(&file.path, msg)
                    .line(file.header_line())
                    .place(file.column_place(c)),
            );
        }
    }
}

/// The path of the registry file beside a period folder, for messages.
pub fn registry_path(dir: &Path) -> PathBuf {
    dir.parent()
        .map_or_else(|| PathBuf::from("units.csv"), |d| d.join("units.csv"))
}

#[cfg(test)]
mod tests {
    use super::{accepted, check_cell};
    use crate::config::Config;
    use crate::data::Cell;
    use std::path::Path;

    /// Headers offices give a unit column (a submission under them is an error, not a file
    /// passed over), and headers of summaries, breakdowns and units of measure (passed over).
    #[test]
    fn unit_columns_as_offices_head_them_are_told_from_other_columns() {
        for h in [
            "单位",
            "单位全称",
            "填报单位",
            "牵头单位",
            "乡镇",
            "乡镇名称",
            "乡镇（街道）",
            "乡镇(街道)",
            "镇（街道）",
            "村（社区）",
            "村/社区",
            "乡镇/街道",
            "社区名称",
            "村名称",
            "街道名称",
            "乡镇名",
            "单位名",
            "部门（单位）",
            "单位名称（盖章）",
            "镇",
            "区县",
            "科室",
            "考核对象",
        ] {
            assert!(super::looks_like_units(h), "{h}");
        }
        for h in [
            "项目",
            "月份",
            "计量单位",
            "金额单位",
            "数量单位",
            "考核单位数",
            "指标",
            "序号",
            "",
            "合计",
            "信访件次",
            "备注",
        ] {
            assert!(!super::looks_like_units(h), "{h}");
        }
    }

    /// The bounds a value is stored within without asking [`check_cell`] (which passes them
    /// too), by hand for every method's constraint and valid range; and `check_cell` rejects,
    /// with a message, every value outside them.
    #[test]
    fn the_values_stored_at_once_are_those_check_cell_passes() {
        let ind = |id: &str, method: &str, range: &str| {
            format!("[[indicators]]\nid = \"{id}\"\nname = \"{id}\"\ndimension = \"d\"\nmethod = \"{method}\"\npoints = {{ t = 5 }}\n{range}\n")
        };
        let text = format!(
            "[[dimensions]]\nid = \"d\"\nname = \"D\"\n[[tracks]]\nid = \"t\"\nname = \"T\"\ncategories = [\"township\"]\ntotal = 30\ngrades = {{ by = \"share\", levels = [{{ name = \"A\", share = 1.0 }}] }}\n{}{}{}{}{}{}",
            ind("direct", "direct", ""),
            ind("direct_max", "direct", "max = 3.5"),
            ind("direct_min", "direct", "min = -2\nmax = 8"),
            ind("prop", "proportional", "direction = \"higher\""),
            ind("prop_min", "proportional", "direction = \"lower\"\nmin = -3\nmax = 200"),
            ind("minmax", "minmax", "direction = \"higher\"\nmin = 10\nmax = 200"),
        );
        let cfg = Config::parse(&text, Path::new("c.toml")).unwrap();
        let track = &cfg.tracks[0];
        let bounds: Vec<(f64, f64)> = track
            .indicators
            .iter()
            .map(|ti| accepted(cfg.indicator(ti), ti.points))
            .collect();
        // By hand: direct within [0, P = 5], narrowed by its range; proportional ≥ 0.
        let inf = f64::INFINITY;
        assert_eq!(
            bounds,
            [
                (0.0, 5.0),
                (0.0, 3.5),
                (0.0, 5.0),
                (0.0, inf),
                (0.0, 200.0),
                (10.0, 200.0)
            ]
        );
        let values = [
            -1e9, -3.0, -2.0, -0.01, -0.0, 0.0, 0.01, 3.5, 3.51, 4.99, 5.0, 5.01, 8.0, 9.99, 10.0,
            199.99, 200.0, 200.01, 1e12,
        ];
        for (ti, (lo, hi)) in track.indicators.iter().zip(&bounds) {
            for v in values {
                let passes = check_cell(&cfg, 0, ti, Cell::Value(v)).is_none();
                assert_eq!(
                    *lo <= v && v <= *hi,
                    passes,
                    "{} at {v}",
                    cfg.indicator(ti).id
                );
            }
        }
    }
}
