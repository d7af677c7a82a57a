//! Reading the unit registry — `data/units.csv`, or a workbook `units.xlsx` (`.xls`, `.ods`),
//! headed in English or Chinese: `id` (单位编码, 单位代码), `name` (单位名称), `category` (类别,
//! 单位类别), `parent` (所属乡镇, 所属街道: the parent's id or name), and optionally `class` (分类,
//! 部门分类), `former_ids` (曾用编码), `from` (起始期), `until` (终止期) — and assigning each unit of a
//! period to its track.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::rows::is_total_or_footer;
use super::table::{ReadAs, Row, Table};
use super::workbook::Workbook;
use super::{EncodingChoice, ReadOptions};
use crate::config::Config;
use crate::echo::{cut, quote};
use crate::error::{Error, Problem, Problems};
use crate::fold::header_key;
use crate::period::Period;
use crate::units::{Category, Rare, Registry, Unit};

/// The longest unit name taken (the longest Chinese place names run to about 30).
const MAX_NAME_CHARS: usize = 200;

/// The columns (English name first, then the Chinese headers they are also known by).
const COLUMNS: [&[&str]; 8] = [
    &["id", "unit_id", "单位编码", "单位代码", "编码"],
    &["name", "unit_name", "单位名称", "名称"],
    &["category", "类别", "单位类别", "单位类型"],
    &[
        "parent",
        "所属乡镇",
        "所属街道",
        "所属乡镇街道",
        "所属乡镇（街道）",
        "上级单位",
    ],
    &["class", "分类", "部门分类", "部门类别"],
    &["former_ids", "曾用编码", "原编码"],
    &["from", "起始期", "开始期"],
    &["until", "终止期", "截止期"],
];

/// Reads the registry of `data`: `units.csv`, or a `units.xlsx`/`.xls`/`.ods` workbook (its first
/// sheet) — exactly one of them. Returns the registry and how it was read.
pub fn read(
    data: &Path,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> Result<(Registry, (PathBuf, ReadAs)), Error> {
    let found: Vec<PathBuf> = ["csv", "xlsx", "xls", "ods"]
        .iter()
        .map(|e| data.join(format!("units.{e}")))
        .filter(|p| p.is_file())
        .collect();
    let path = match found.as_slice() {
        [one] => one.clone(),
        // No registry: reading units.csv gives the error that says so.
        [] => data.join("units.csv"),
        many => {
            let list: Vec<String> = many.iter().map(|p| p.display().to_string()).collect();
            let msg = format!(
                "the registry is given {} times ({}): keep one",
                many.len(),
                list.join(", ")
            );
            let mut p = Problems::new();
            p.push(Problem::error(data, msg));
            return Err(Error::Invalid(p));
        }
    };
    let mut table = if path.extension().is_some_and(|e| e == "csv") {
        Table::open_csv(&path, opts.encoding, COLUMNS[0])?
    } else {
        first_sheet(&path, problems)?
    };
    let how = (table.path.clone(), table.read_as.clone());
    Ok((from_table(&mut table, problems), how))
}

/// The first visible sheet of a workbook, as a table headed by a registry id column (a warning
/// names the hidden sheets passed over). Units on another sheet are not lost without a word: their
/// rows in the period's tables are reported as units not in the registry.
fn first_sheet(path: &Path, problems: &mut Problems) -> Result<Table, Error> {
    let invalid = |msg: String| {
        let mut p = Problems::new();
        p.push(Problem::error(path, msg));
        Error::Invalid(p)
    };
    let mut wb = Workbook::open(path).map_err(invalid)?;
    let (first, hidden) = wb.first_visible().map_err(invalid)?;
    if let Some(msg) = hidden {
        problems.push(Problem::warning(path, msg));
    }
    // Its warnings too: a hidden row is a unit all the same.
    let (table, warnings) = wb
        .table(
            &first,
            COLUMNS[0],
            (
                &COLUMNS.concat(),
                &COLUMNS[..3].concat(),
                &[COLUMNS[2], COLUMNS[4]].concat(),
            ),
        )
        .map_err(Error::Invalid)?;
    problems.extend(warnings);
    Ok(table)
}

/// Reads `units.csv` (encoding detected), reporting every bad row.
pub fn load(path: &Path, problems: &mut Problems) -> Result<Registry, Error> {
    let mut file = Table::open_csv(path, EncodingChoice::Auto, COLUMNS[0])?;
    Ok(from_table(&mut file, problems))
}

/// The registry in a table, reporting every bad row.
pub fn from_table(file: &mut Table, problems: &mut Problems) -> Registry {
    let mut reg = Registry::default();
    let Some(cols) = file.columns(&COLUMNS[..4], &COLUMNS[4..], problems) else {
        return reg;
    };
    let (head, rows) = file.parts();
    let path = head.path.as_path();
    // Each unit's parent as written (an index into `named`: a few thousand townships are the
    // parents of a million villages, so each text is kept once).
    let mut parents: Vec<(usize, u32, u64)> = Vec::new();
    let mut named = Named::default();
    // Each unit's line, and the ids typed otherwise than kept (`Ｔ０１`, kept as `T01`): what a
    // duplicate id's error names.
    let mut lines: Vec<u64> = Vec::new();
    let mut typed = HashMap::new();
    while let Some(row) = rows.next(head, problems) {
        let Some((unit, parent)) = parse_row(path, row, &cols, problems) else {
            continue;
        };
        let id = cols[0].map_or("", |i| row.get(i).trim());
        let parent = (!parent.is_empty()).then(|| named.key(parent));
        let idx = match reg.insert(unit) {
            Ok(idx) => idx,
            Err((unit, first)) => {
                let msg = duplicate_id(&reg, first, id, &lines, &typed);
                problems.push(
                    Problem::error(path, msg)
                        .line(row.line)
                        .place("column id".to_string())
                        .unit(format!("{} {}", cut(id), cut(&unit.name))),
                );
                continue;
            }
        };
        lines.push(row.line);
        if !id.is_ascii() && id != reg.units[idx].id {
            typed.insert(idx, id.to_string());
        }
        if let Some(parent) = parent {
            parents.push((idx, parent, row.line));
        }
    }
    reg.link_former_ids(path, problems);
    link_parents(&mut reg, path, parents, &named, problems);
    // Grown by doubling: up to half of it unused (40 MB at a million units) for the whole run.
    reg.units.shrink_to_fit();
    reg
}

/// Why a registry row of id `id` (as typed) is refused: unit `first` has the id — typed alike,
/// or in other widths (`Ｔ０１` and `T01` are one id, as in every table).
fn duplicate_id(
    reg: &Registry,
    first: usize,
    id: &str,
    lines: &[u64],
    typed: &HashMap<usize, String>,
) -> String {
    let Some(&line) = lines.get(first) else {
        return "duplicate unit id in the registry".to_string();
    };
    let other = &reg.units[first];
    let first_id = typed.get(&first).map_or(other.id.as_str(), String::as_str);
    let mut msg = format!(
        "duplicate unit id in the registry: line {line} ({} {}) has it too",
        cut(first_id),
        cut(&other.name)
    );
    if first_id != id {
        msg.push_str(&format!(
            " — {} and {} are one id, as full-width forms are read as their ASCII twins in the registry as in every table: give one of the units another id",
            quote(first_id),
            quote(id)
        ));
    }
    msg
}

/// Distinct texts, each kept once and keyed by its position: in one buffer, and looked up by a
/// table of keys alone, so that a lookup reads a few bytes near each other rather than a
/// `String` and then its text at two scattered places (at a million units naming 120,000
/// parents, the two cache misses of each row were a fifth of reading the registry).
#[derive(Default)]
struct Named {
    keys: hashbrown::HashTable<u32>,
    hasher: hashbrown::DefaultHashBuilder,
    text: String,
    /// Where each key's text ends in `text` (it starts where the one before ends).
    ends: Vec<usize>,
    /// The key of the row before: a registry lists a township's villages together.
    last: Option<u32>,
}

impl Named {
    fn key(&mut self, text: &str) -> u32 {
        use std::hash::BuildHasher;
        if let Some(k) = self.last.filter(|&k| self.text(k) == text) {
            return k;
        }
        let hash = self.hasher.hash_one(text);
        let Named {
            keys,
            hasher,
            text: all,
            ends,
            ..
        } = self;
        let k = match keys.find(hash, |&k| &all[span(ends, k)] == text) {
            Some(&k) => k,
            None => {
                let k = ends.len() as u32;
                all.push_str(text);
                ends.push(all.len());
                keys.insert_unique(hash, k, |&k| hasher.hash_one(&all[span(ends, k)]));
                k
            }
        };
        self.last = Some(k);
        k
    }

    /// The text of key `k`.
    fn text(&self, k: u32) -> &str {
        &self.text[span(&self.ends, k)]
    }

    /// The texts, in the order of their keys.
    fn texts(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|k| self.text(k))
    }
}

/// Where the text of key `k` lies in [`Named::text`].
fn span(ends: &[usize], k: u32) -> std::ops::Range<usize> {
    let k = k as usize;
    let start = if k == 0 { 0 } else { ends[k - 1] };
    start..ends[k]
}

fn link_parents(
    reg: &mut Registry,
    path: &Path,
    parents: Vec<(usize, u32, u64)>,
    named: &Named,
    problems: &mut Problems,
) {
    // Each distinct parent is looked up once (a lookup in the registry's index is a few cache
    // misses at a million units).
    let mut by_name = None;
    let found: Vec<Option<usize>> = named
        .texts()
        .map(|parent| {
            // The parent's id, or — in a sheet typed by a person — its name.
            reg.get(parent).or_else(|| {
                let by_name = by_name.get_or_insert_with(|| townships_by_name(reg));
                by_name.get(&header_key(parent)).copied().flatten()
            })
        })
        .collect();
    for (idx, key, line) in parents {
        let label = |reg: &Registry| Some(reg.units[idx].label());
        let place = || Some("column parent".to_string());
        let parent = named.text(key);
        let found = found[key as usize];
        match found {
            Some(p)
                if matches!(
                    reg.units[p].category,
                    Category::Township | Category::Subdistrict
                ) =>
            {
                reg.units[idx].set_parent(Some(p))
            }
            Some(_) => problems.push(
                Problem::error(
                    path,
                    format!("parent {} is not a township or sub-district", quote(parent)),
                )
                .line(line)
                .place(place())
                .unit(label(reg)),
            ),
            None => problems.push(
                Problem::error(
                    path,
                    format!("parent {} is not in the registry", quote(parent)),
                )
                .line(line)
                .place(place())
                .unit(label(reg)),
            ),
        }
    }
}

/// Townships and sub-districts by name (folded as headers are): the unit, or `None` when
/// several share the name.
fn townships_by_name(reg: &Registry) -> hashbrown::HashMap<String, Option<usize>> {
    let mut out = hashbrown::HashMap::new();
    for (u, unit) in reg.units.iter().enumerate() {
        if matches!(unit.category, Category::Township | Category::Subdistrict) {
            out.entry(header_key(&unit.name))
                .and_modify(|hit| *hit = None)
                .or_insert(Some(u));
        }
    }
    out
}

/// The track of every unit assessed in `period` (`None` for the others). An assessed unit in
/// no track or in several is a config error.
pub fn assign_tracks(
    reg: &Registry,
    cfg: &Config,
    period: Period,
    problems: &mut Problems,
) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(reg.len());
    for u in &reg.units {
        if !u.active_in(period) {
            out.push(None);
            continue;
        }
        let mut hits = cfg.tracks_selecting(u.category, u.class());
        if let (Some(t), None) = (hits.next(), hits.next()) {
            out.push(Some(t));
            continue;
        }
        let hits: Vec<usize> = cfg.tracks_selecting(u.category, u.class()).collect();
        let place = Some("tracks".to_string());
        match hits.as_slice() {
            [t] => out.push(Some(*t)),
            [] => {
                let class = u
                    .class()
                    .map(|c| format!(", class {c}"))
                    .unwrap_or_default();
                let msg = format!("falls in no track (category {}{class}); every unit must fall in exactly one track", u.category);
                problems.push(Problem::error(&cfg.path, msg).place(place).unit(u.label()));
                out.push(None);
            }
            many => {
                let ids: Vec<&str> = many.iter().map(|&t| cfg.tracks[t].id.as_str()).collect();
                let msg = format!(
                    "falls in several tracks ({}); every unit must fall in exactly one",
                    ids.join(", ")
                );
                problems.push(Problem::error(&cfg.path, msg).place(place).unit(u.label()));
                out.push(None);
            }
        }
    }
    out
}

/// One registry row → the unit (parent not yet linked) and its parent id.
fn parse_row<'r>(
    path: &Path,
    row: &'r Row,
    cols: &[Option<usize>],
    problems: &mut Problems,
) -> Option<(Unit, &'r str)> {
    let field = |k: usize| cols[k].map(|i| row.get(i).trim()).unwrap_or("");
    let line = Some(row.line);
    let (id, name) = (field(0), field(1));
    // A total or a signature typed under the list (`制表：李四`, `合计`), in the id column or,
    // the id empty, in any other: no unit, nothing of it read; said, since the registry is the
    // list of units itself.
    let first = match id {
        _ if !name.is_empty() || !field(2).is_empty() => None,
        "" => row.record.iter().map(str::trim).find(|f| !f.is_empty()),
        id => Some(id),
    };
    if let Some(footer) = first.filter(|f| is_total_or_footer(f)) {
        let msg = format!(
            "row skipped: {} totals or signs the list, it is no unit (delete the line to silence this)",
            quote(footer)
        );
        problems.push(Problem::warning(path, msg).line(line));
        return None;
    }
    // Let through as a footer for its first cell, yet a unit's row: short, as any other.
    if let Some(msg) = row.short() {
        problems.push(Problem::error(path, msg).line(line));
        return None;
    }
    if id.is_empty() {
        problems.push(
            Problem::error(path, "empty unit id")
                .line(line)
                .place("column id".to_string()),
        );
        return None;
    }
    let label = || Some(format!("{id} {}", crate::echo::cut(name)));
    let mut err = |k: usize, msg: String| {
        problems.push(
            Problem::error(path, msg)
                .line(line)
                .place(format!("column {}", COLUMNS[k][0]))
                .unit(label()),
        );
    };
    let category = field(2).parse::<Category>().map_err(|e| err(2, e)).ok();
    let mut period = |k: usize| match field(k) {
        "" => None,
        t => t.parse::<Period>().map_err(|e| err(k, e)).ok(),
    };
    let (from, until) = (period(6), period(7));
    if name.is_empty() {
        // Its results would be published under no name.
        err(
            1,
            "empty unit name: every unit needs the name its results are published under"
                .to_string(),
        );
    }
    // A name is printed in every output, on every statement and chart of the report: one of
    // millions of characters (a column pasted into the cell) would fill them all.
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        err(
            1,
            format!("a unit name of {chars} characters: at most {MAX_NAME_CHARS} (a unit's name, not a text pasted into its cell)"),
        );
    }
    if let Some(c) = category.filter(|c| c.needs_parent() && field(3).is_empty()) {
        err(
            3,
            format!(
                "a {c} ({}) must name its parent township or sub-district",
                c.chinese()
            ),
        );
    }
    let mut parent = field(3);
    if let Some(c) = category.filter(|c| !c.needs_parent() && !parent.is_empty()) {
        // A township's parent would be published beside it, and mean nothing.
        err(
            3,
            format!(
                "a {c} ({}) has no parent (only villages and communities do): leave the cell empty",
                c.chinese()
            ),
        );
        // Reported once: not also looked up.
        parent = "";
    }
    if let (Some(f), Some(u)) = (from, until) {
        if f.first_month() > u.last_month() {
            err(7, format!("`until` {u} lies before `from` {f}"));
        }
    }
    let unit = Unit::new(id, name, category?).with(Rare {
        class: Some(field(4)).filter(|s| !s.is_empty()).map(String::from),
        former_ids: field(5)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        from,
        until,
    });
    // A row with an error (reported above) still gives its unit, so that its villages' parent
    // and its rows in the period's tables are not reported again as unknown: the run fails on
    // the error anyway.
    Some((unit, parent))
}

#[cfg(test)]
mod tests;
