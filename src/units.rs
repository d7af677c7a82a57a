//! The unit registry (`data/units.csv`): every assessed body, its category, parent and class.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::config::Config;
use crate::data::csvfile::CsvFile;
use crate::error::{Error, Problems};

/// The kind of an assessed unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Township,
    Subdistrict,
    HightechZone,
    Department,
    Village,
    Community,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Township,
        Category::Subdistrict,
        Category::HightechZone,
        Category::Department,
        Category::Village,
        Category::Community,
    ];

    /// The id used in config files and data file names (`township` → `township.csv`).
    pub fn id(self) -> &'static str {
        match self {
            Category::Township => "township",
            Category::Subdistrict => "subdistrict",
            Category::HightechZone => "hightech_zone",
            Category::Department => "department",
            Category::Village => "village",
            Category::Community => "community",
        }
    }

    pub fn chinese(self) -> &'static str {
        match self {
            Category::Township => "乡镇",
            Category::Subdistrict => "街道",
            Category::HightechZone => "高新区",
            Category::Department => "区直单位",
            Category::Village => "村",
            Category::Community => "社区",
        }
    }

    /// Villages and communities sit under a township or sub-district.
    pub fn needs_parent(self) -> bool {
        matches!(self, Category::Village | Category::Community)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Category::ALL
            .into_iter()
            .find(|c| c.id() == s || c.chinese() == s)
            .ok_or_else(|| {
                format!("unknown category `{s}`: expected township, subdistrict, hightech_zone, department, village or community (or 乡镇, 街道, 高新区, 区直单位, 村, 社区)")
            })
    }
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub category: Category,
    /// Index of the parent township or sub-district.
    pub parent: Option<usize>,
    /// Department class (经济类 …).
    pub class: Option<String>,
    /// Ids this unit had in earlier periods (renamed or merged units).
    pub former_ids: Vec<String>,
}

impl Unit {
    /// `id 名称`, for messages.
    pub fn label(&self) -> String {
        format!("{} {}", self.id, self.name)
    }
}

/// All units, indexed by id once.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub units: Vec<Unit>,
    index: HashMap<String, usize>,
    /// Former id → current unit, from the `former_ids` column.
    former: HashMap<String, usize>,
}

impl Registry {
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The current unit an id of an earlier period belongs to: a `former_ids` entry first (an
    /// explicit mapping), else the same id.
    pub fn resolve_past(&self, id: &str) -> Option<usize> {
        self.former.get(id).or_else(|| self.index.get(id)).copied()
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Reads `units.csv`, reporting every bad row.
    pub fn load(path: &Path, problems: &mut Problems) -> Result<Registry, Error> {
        let file = CsvFile::open(path)?;
        let mut reg = Registry::default();
        let cols = file.columns(
            &["id", "name", "category", "parent"],
            &["class", "former_ids"],
            problems,
        );
        let Some(cols) = cols else {
            return Ok(reg);
        };
        let mut parents: Vec<(usize, String, u64)> = Vec::new();
        let rows: Vec<_> = file.good_rows(problems).collect();
        for row in rows {
            let field = |i: usize| row.get(i).trim();
            let id = field(cols[0].unwrap());
            let name = field(cols[1].unwrap());
            let line = Some(row.line);
            if id.is_empty() {
                problems.error(path, line, Some("column id".into()), None, "empty unit id");
                continue;
            }
            let category = match field(cols[2].unwrap()).parse::<Category>() {
                Ok(c) => c,
                Err(e) => {
                    problems.error(
                        path,
                        line,
                        Some("column category".into()),
                        Some(id.into()),
                        e,
                    );
                    continue;
                }
            };
            if reg.index.contains_key(id) {
                problems.error(
                    path,
                    line,
                    Some("column id".into()),
                    Some(id.into()),
                    "duplicate unit id in the registry",
                );
                continue;
            }
            let class = cols[4]
                .map(&field)
                .filter(|s| !s.is_empty())
                .map(String::from);
            let former_ids = cols[5]
                .map(&field)
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let idx = reg.units.len();
            let parent = field(cols[3].unwrap());
            if !parent.is_empty() {
                parents.push((idx, parent.to_string(), row.line));
            } else if category.needs_parent() {
                problems.error(
                    path,
                    line,
                    Some("column parent".into()),
                    Some(format!("{id} {name}")),
                    format!(
                        "a {} ({}) must name its parent township or sub-district",
                        category,
                        category.chinese()
                    ),
                );
            }
            reg.index.insert(id.to_string(), idx);
            reg.units.push(Unit {
                id: id.to_string(),
                name: name.to_string(),
                category,
                parent: None,
                class,
                former_ids,
            });
        }
        for (idx, u) in reg.units.iter().enumerate() {
            for f in &u.former_ids {
                if let Some(&other) = reg.former.get(f) {
                    let first = reg.units[other].label();
                    problems.error(
                        path,
                        None,
                        Some("column former_ids".into()),
                        Some(u.label()),
                        format!("former id `{f}` is also claimed by {first}"),
                    );
                }
                reg.former.insert(f.clone(), idx);
            }
        }
        for (idx, parent, line) in parents {
            let label = reg.units[idx].label();
            match reg.index.get(&parent) {
                Some(&p)
                    if matches!(
                        reg.units[p].category,
                        Category::Township | Category::Subdistrict
                    ) =>
                {
                    reg.units[idx].parent = Some(p)
                }
                Some(_) => problems.error(
                    path,
                    Some(line),
                    Some("column parent".into()),
                    Some(label),
                    format!("parent `{parent}` is not a township or sub-district"),
                ),
                None => problems.error(
                    path,
                    Some(line),
                    Some("column parent".into()),
                    Some(label),
                    format!("parent `{parent}` is not in the registry"),
                ),
            }
        }
        Ok(reg)
    }

    /// The track of every unit. A unit in no track or in several is a config error.
    pub fn assign_tracks(&self, cfg: &Config, path: &Path, problems: &mut Problems) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.units.len());
        for u in &self.units {
            let hits: Vec<usize> = (0..cfg.tracks.len())
                .filter(|&t| cfg.tracks[t].selects(u.category, u.class.as_deref()))
                .collect();
            match hits.as_slice() {
                [t] => out.push(*t),
                [] => {
                    let class = u
                        .class
                        .as_deref()
                        .map(|c| format!(", class {c}"))
                        .unwrap_or_default();
                    problems.error(&cfg.path, None, Some("tracks".into()), Some(u.label()), format!("falls in no track (category {}{class}); every registry unit ({}) must fall in exactly one track", u.category, path.display()));
                    out.push(usize::MAX);
                }
                many => {
                    let ids: Vec<&str> = many.iter().map(|&t| cfg.tracks[t].id.as_str()).collect();
                    problems.error(
                        &cfg.path,
                        None,
                        Some("tracks".into()),
                        Some(u.label()),
                        format!(
                            "falls in several tracks ({}); every unit must fall in exactly one",
                            ids.join(", ")
                        ),
                    );
                    out.push(many[0]);
                }
            }
        }
        out
    }
}
