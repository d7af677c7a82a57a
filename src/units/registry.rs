//! The unit registry: every unit of every period, indexed by id once (read from
//! `data/units.csv` by [`crate::data::registry`]).
//!
//! One registry serves every period: `from`/`until` bound the periods in which a unit is
//! assessed, and `former_ids` links a renamed or merged unit to the ids it had before, so that
//! trend and growth lookups follow it while each period is still scored under its own ids.

use std::collections::HashMap;
use std::path::Path;

use super::{Category, Unit};
use crate::error::{Problem, Problems};
use crate::period::Period;

/// All units, indexed by id once.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub units: Vec<Unit>,
    index: HashMap<String, usize>,
    /// Former id → the unit that now carries it.
    former: HashMap<String, usize>,
}

impl Registry {
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The unit assessed in `now` that a row of an earlier period with this id belongs to: the
    /// unit with that id if it is still assessed, else the unit listing it among its former ids.
    pub fn resolve_past(&self, id: &str, now: Period) -> Option<usize> {
        let direct = self.get(id).filter(|&u| self.units[u].active_in(now));
        direct.or_else(|| {
            self.former
                .get(id)
                .copied()
                .filter(|&u| self.units[u].active_in(now))
        })
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// A registry built in memory (tests, benchmarks). Ids must be unique and non-empty, and a
    /// `parent` must index a township or sub-district; the message names the first offender.
    pub fn from_units(units: Vec<Unit>) -> Result<Registry, String> {
        let mut reg = Registry::default();
        for (i, u) in units.iter().enumerate() {
            if u.id.trim().is_empty() || reg.index.insert(u.id.clone(), i).is_some() {
                return Err(format!("unit {i}: empty or duplicate id `{}`", u.id));
            }
            let parent_ok = u.parent.is_none_or(|p| {
                units.get(p).is_some_and(|p| {
                    matches!(p.category, Category::Township | Category::Subdistrict)
                })
            });
            if !parent_ok || (u.category.needs_parent() && u.parent.is_none()) {
                return Err(format!("unit {i} `{}`: bad or missing parent", u.id));
            }
        }
        reg.units = units;
        let mut problems = Problems::new();
        reg.link_former_ids(Path::new("<memory>"), &mut problems);
        let first = problems.iter().next().map(|p| p.message.clone());
        first.map_or(Ok(reg), Err)
    }

    /// Adds a unit at the next index; `false` (and nothing added) when its id is taken.
    pub fn insert(&mut self, unit: Unit) -> bool {
        if self.index.contains_key(&unit.id) {
            return false;
        }
        self.index.insert(unit.id.clone(), self.units.len());
        self.units.push(unit);
        true
    }

    /// Links every former id to the unit listing it; an id claimed twice is reported.
    pub fn link_former_ids(&mut self, path: &Path, problems: &mut Problems) {
        for (idx, u) in self.units.iter().enumerate() {
            for f in &u.former_ids {
                if let Some(&other) = self.former.get(f) {
                    let msg = format!(
                        "former id `{f}` is also claimed by {}",
                        self.units[other].label()
                    );
                    problems.push(
                        Problem::error(path, msg)
                            .place("column former_ids".to_string())
                            .unit(u.label()),
                    );
                }
                self.former.insert(f.clone(), idx);
            }
        }
    }
}
