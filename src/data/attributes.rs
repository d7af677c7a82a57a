//! Unit attributes — population, area, GDP … — that indicators are divided by (`denominator =
//! "population"`), so that big and small units compare fairly.
//!
//! An attribute is a column of the period's `attributes` file (`data/<period>/attributes.csv`,
//! or 单位属性, or a workbook; rows by `unit_id` or `unit_name`) or of the registry
//! (`data/units.csv`, any column beside the registry's own). A unit's value comes from the
//! period's file when it gives one, else from the registry. Only the attributes the scheme's
//! denominators name are read, and only when there are any: a scheme without denominators reads
//! nothing more than before.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cell::parse_number;
use super::rows::Names;
use super::table::{Head, Table};
use super::{side, Dataset, ReadOptions};
use crate::config::Config;
use crate::error::{Error, Problem, Problems};

/// The attributes a period's denominators use, per registry unit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attributes {
    /// `(name as the config writes it, value per registry unit, the files it came from)`.
    columns: Vec<(String, Vec<Option<f64>>, Vec<PathBuf>)>,
}

impl Attributes {
    /// The values of attribute `name` per registry unit, if the period has it.
    pub fn get(&self, name: &str) -> Option<&[Option<f64>]> {
        self.columns
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, v, _)| v.as_slice())
    }

    /// The files attribute `name` was read from (the period's file, the registry, or both).
    pub fn files(&self, name: &str) -> &[PathBuf] {
        self.columns
            .iter()
            .find(|(n, _, _)| n == name)
            .map_or(&[], |(_, _, f)| f.as_slice())
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

/// The attribute names the scheme's denominators use, on the tracks being read.
fn wanted(cfg: &Config, ds: &Dataset) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (t, track) in cfg.tracks.iter().enumerate() {
        if ds.tracks[t].units.is_empty() {
            continue;
        }
        for ti in &track.indicators {
            if let Some(d) = &cfg.indicator(ti).denominator {
                out.insert(d.attribute.clone());
            }
        }
    }
    out
}

/// Reads the attributes the scheme needs into `ds.attributes`: from `file` (the period's
/// attributes file, if any), else from the registry's columns. An attribute found in neither is
/// an error naming the indicators that need it.
pub fn read(
    cfg: &Config,
    ds: &mut Dataset,
    data: &Path,
    file: Option<&Path>,
    opts: &ReadOptions,
    problems: &mut Problems,
) {
    let wanted = wanted(cfg, ds);
    if wanted.is_empty() {
        return;
    }
    let n = ds.registry.len();
    let period = match file {
        Some(f) => read_table(ds, f, &wanted, true, opts, problems),
        None => Vec::new(),
    };
    // The registry is read again for its attribute columns: its own reader keeps no others.
    let registry: Vec<(String, Vec<Option<f64>>, PathBuf)> =
        match side::find(data, "units", problems) {
            Some(f) => read_table(ds, &f, &wanted, false, opts, problems)
                .into_iter()
                .map(|(name, v)| (name, v, f.clone()))
                .collect(),
            None => Vec::new(),
        };
    let mut attrs = Attributes::default();
    for w in &wanted {
        let from_period = period.iter().find(|(name, _)| name == w);
        let from_registry = registry.iter().find(|(name, _, _)| name == w);
        let mut values = vec![None; n];
        let mut files = Vec::new();
        if let Some((_, v, f)) = from_registry {
            values.clone_from(v);
            files.push(f.clone());
        }
        if let (Some((_, v)), Some(f)) = (from_period, file) {
            for (slot, x) in values.iter_mut().zip(v) {
                if x.is_some() {
                    *slot = *x;
                }
            }
            files.push(f.to_path_buf());
        }
        if files.is_empty() {
            let users: Vec<&str> = cfg
                .indicators
                .iter()
                .filter(|i| i.denominator.as_ref().is_some_and(|d| d.attribute == *w))
                .map(|i| i.id.as_str())
                .collect();
            let looked = match file {
                Some(f) => format!("{} nor {}", f.display(), data.join("units.csv").display()),
                None => format!(
                    "{} (there is no {}) nor {}",
                    ds.dir.join("attributes.csv").display(),
                    "attributes file",
                    data.join("units.csv").display()
                ),
            };
            let msg = format!("the denominator `{w}` of {} is a column of neither {looked}: add a `{w}` column with every unit's value", users.join(", "));
            problems.push(
                Problem::error(&cfg.path, msg)
                    .place(format!("indicators ({}).denominator", users.join(", "))),
            );
            continue;
        }
        attrs.columns.push((w.clone(), values, files));
    }
    ds.attributes = Arc::new(attrs);
}

/// One attribute of a period already read, per registry unit, for an analysis rather than a
/// denominator (`pingyi weights --size`): the period's `attributes` (or `单位属性`) file where it
/// gives a value, else the registry's column — as for denominators. `None`, with an error, when
/// neither has the column.
pub fn read_one(
    ds: &mut Dataset,
    data: &Path,
    name: &str,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> Option<Vec<Option<f64>>> {
    let wanted: BTreeSet<String> = [name.to_string()].into();
    let dir = ds.dir.clone();
    let file =
        side::find(&dir, "attributes", problems).or_else(|| side::find(&dir, "单位属性", problems));
    let mut values: Option<Vec<Option<f64>>> = None;
    if let Some(f) = side::find(data, "units", problems) {
        let found = read_table(ds, &f, &wanted, false, opts, problems);
        if let Some((_, v)) = found.into_iter().next() {
            values = Some(v);
        }
    }
    if let Some(f) = &file {
        let found = read_table(ds, f, &wanted, true, opts, problems);
        if let Some((_, v)) = found.into_iter().next() {
            let out = values.get_or_insert_with(|| vec![None; v.len()]);
            for (slot, x) in out.iter_mut().zip(v) {
                if x.is_some() {
                    *slot = x;
                }
            }
        }
    }
    if values.is_none() {
        let msg = format!(
            "`{name}` is a column of neither the period's attributes file nor {}: add a `{name}` column with every unit's value",
            data.join("units.csv").display()
        );
        problems.push(Problem::error(&data.join("units.csv"), msg));
    }
    values
}

/// The `wanted` columns of one attributes table (the period's file, or the registry when
/// `period` is false), each as a value per registry unit.
fn read_table(
    ds: &mut Dataset,
    path: &Path,
    wanted: &BTreeSet<String>,
    period: bool,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> Vec<(String, Vec<Option<f64>>)> {
    let mut table = match open(path, (&ds.registry, wanted), period, opts, problems) {
        Ok(t) => t,
        Err(p) => {
            problems.extend(p);
            return Vec::new();
        }
    };
    if period {
        ds.note_input(&table);
    }
    let Some(units) = unit_columns(&table, period, problems) else {
        return Vec::new();
    };
    let cols: Vec<(String, usize)> = wanted
        .iter()
        .filter_map(|w| table.find(w).map(|c| (w.clone(), c)))
        .collect();
    let mut out: Vec<(String, Vec<Option<f64>>)> = cols
        .iter()
        .map(|(w, _)| (w.clone(), vec![None; ds.registry.len()]))
        .collect();
    if cols.is_empty() {
        return out;
    }
    let names = Names::new();
    let (head, rows) = table.parts();
    let who = (units, side::parent_column(head));
    while let Some(row) = rows.next(head, problems) {
        let line = Some(row.line);
        let u = match side::unit_of(&ds.registry, &names, row, who, |_| true) {
            Ok(u) => u,
            Err(e) if period => {
                side::unit_not_found((&ds.registry, &names), head, row, units, e, problems);
                continue;
            }
            // The registry's own reader reports its rows.
            Err(_) => continue,
        };
        for ((w, c), (_, values)) in cols.iter().zip(out.iter_mut()) {
            let text = row.get(*c).trim();
            if text.is_empty() {
                continue;
            }
            match parse_number(text) {
                Ok(v) => values[u] = Some(v),
                Err(msg) => {
                    let msg = format!("attribute `{w}`: {msg}");
                    let p = Problem::error(&head.path, msg).line(line);
                    let p = p.place(head.column_place(*c).unwrap_or_default());
                    problems.push(p.unit(ds.registry.units[u].label()));
                }
            }
        }
    }
    out
}

/// The id columns of the registry (as its reader knows them).
const REGISTRY_ID: &[&str] = &["id", "unit_id", "单位编码", "单位代码", "编码"];

fn open(
    path: &Path,
    (reg, wanted): (&crate::units::Registry, &BTreeSet<String>),
    period: bool,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> Result<Table, Problems> {
    if period {
        return side::open(path, opts.encoding, (&[], &[]), reg, problems);
    }
    let csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let fail = |msg: String| {
        let mut p = Problems::new();
        p.push(Problem::error(path, msg));
        p
    };
    if csv {
        return Table::open_csv(path, opts.encoding, REGISTRY_ID).map_err(|e| match e {
            Error::Invalid(p) => p,
            // The problem names the file already: the reason alone.
            Error::Io { source, .. } => fail(source.to_string()),
            other => fail(other.to_string()),
        });
    }
    let mut wb = super::workbook::Workbook::open(path).map_err(fail)?;
    // The registry's workbook: its reader has warned of the hidden sheets passed over.
    let (first, _) = wb.first_visible().map_err(fail)?;
    // Merged cells matter in the id column and the attributes' columns.
    let read: Vec<&str> = REGISTRY_ID
        .iter()
        .copied()
        .chain(wanted.iter().map(String::as_str))
        .collect();
    // Its warnings are the registry's, given where the registry is read.
    wb.table(&first, REGISTRY_ID, (&read, REGISTRY_ID, &[]))
        .map(|(t, _)| t)
}

/// The unit columns: the side file's id or name column; the registry's id column.
fn unit_columns(
    table: &Head,
    period: bool,
    problems: &mut Problems,
) -> Option<(Option<usize>, Option<usize>)> {
    if period {
        return side::unit_columns(table, &[], problems);
    }
    let id = REGISTRY_ID.iter().find_map(|k| table.find(k));
    id.map(|c| (Some(c), None))
}
