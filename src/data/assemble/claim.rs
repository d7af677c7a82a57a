//! Which registry unit a row belongs to: by id (or a former id, for earlier periods), or by
//! name qualified by its township; totals rows and footers passed over.

use super::{Assembler, Mode};
use crate::data::rows::is_total_or_footer;
use crate::data::sources::Role;
use crate::data::table::{Head, Row};
use crate::data::Dataset;
use crate::echo::{cut, quote};
use crate::error::{Problem, Problems};
use crate::units::Category;

impl<'a> Assembler<'a> {
    /// The registry unit a row belongs to, if it may have one here and has no row yet.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn claim(
        &mut self,
        ds: &Dataset,
        f: &Head,
        role: Role,
        key: &[Option<usize>; 3],
        row: &Row,
        lines: &[u32],
        which: &mut [u32],
        problems: &mut Problems,
    ) -> Claim {
        let id_text = key[0].map_or("", |c| row.get(c).trim());
        let name_text = key[1].map_or("", |c| row.get(c).trim());
        let key_col = if id_text.is_empty() && key[1].is_some() {
            key[1]
        } else {
            key[0].or(key[1])
        };
        let place = || key_col.and_then(|c| f.place(row.line, c));
        let err = |problems: &mut Problems, unit: String, msg: String| {
            problems.push(
                Problem::error(&f.path, msg)
                    .line(row.line)
                    .place(place())
                    .unit(unit),
            );
        };
        let cat = match role {
            Role::Category(c) => Some(c),
            Role::Lead => None,
        };
        let found = if !id_text.is_empty() {
            self.by_id(ds, id_text, cat)
        } else if !name_text.is_empty() {
            let parent = key[2].map(|c| row.get(c).trim());
            self.by_name(ds, name_text, parent, cat)
        } else {
            // A row with no unit at all: a footer, a blank-keyed row, or a mistake.
            let first = first_cell(row);
            if first.is_empty() {
                return Claim::None;
            }
            if is_total_or_footer(&first) {
                return Claim::Skipped(first);
            }
            err(problems, String::new(), format!("the row names no unit (its unit cell is empty; it begins {}): fill in the unit, or delete the row", quote(&first)));
            return Claim::None;
        };
        let u = match found {
            // A short row let through as a footer, yet a unit's.
            Ok(_) if row.short().is_some() => {
                let shown = if id_text.is_empty() {
                    name_text
                } else {
                    id_text
                };
                err(
                    problems,
                    cut(shown).into_owned(),
                    row.short().unwrap_or_default(),
                );
                return Claim::None;
            }
            Ok(u) => u,
            // A total or footer (`注溪村`, ambiguous among namesakes, is a unit's row all the
            // same).
            Err(_)
                if [id_text, name_text]
                    .iter()
                    .any(|t| self.names.is_footer(&ds.registry, t)) =>
            {
                return Claim::Skipped(first_cell(row));
            }
            Err(msg) => {
                if self.mode == Mode::Current {
                    let shown = if id_text.is_empty() {
                        name_text
                    } else {
                        id_text
                    };
                    err(problems, cut(shown).into_owned(), msg);
                }
                return Claim::None;
            }
        };
        if !self.selected[u] {
            return Claim::None;
        }
        let unit = &ds.registry.units[u];
        if let Some(c) = cat.filter(|&c| c != unit.category) {
            if self.mode == Mode::Current {
                err(problems, unit.label(), format!("the registry says this unit is a {}, so its row belongs in {}.csv (or its sheet), not with the {}", unit.category, unit.category.id(), c.id()));
            }
            return Claim::None;
        }
        if ds.track_of(u).is_none() {
            if self.mode == Mode::Current {
                err(
                    problems,
                    unit.label(),
                    ds.registry.not_assessed(u, ds.period),
                );
            }
            return Claim::None;
        }
        if matches!(self.mode, Mode::Earlier(_)) {
            // 0 for its own id (or a row by name), k for its k-th former id, and past those an
            // id it had before a former one (A of C, renamed A → B → C).
            // Width-folded, as the registry keeps its ids (`Ｔ０１` is `T01`).
            let id_key = crate::fold::fold(id_text);
            let own = id_key.is_empty() || *id_key == *unit.id;
            let earliest = || if own { 0 } else { u32::MAX };
            let w = unit
                .former_ids()
                .iter()
                .position(|f| *f == *id_key)
                .map_or_else(earliest, |k| k as u32 + 1);
            if lines[u] != 0 && which[u] != w {
                self.merged[u] = true;
                return Claim::None;
            }
            which[u] = w;
        }
        if lines[u] != 0 {
            err(
                problems,
                unit.label(),
                format!(
                    "duplicate row: the unit already has a row at line {}",
                    lines[u]
                ),
            );
            return Claim::None;
        }
        if let (Some(nc), false) = (key[1], id_text.is_empty()) {
            let name = row.get(nc).trim();
            let named = |name: &str| {
                crate::data::rows::names_unit(&ds.registry, name, u)
                    || self.names.former_name_of(&ds.registry, name, u)
            };
            if !name.is_empty() && self.mode == Mode::Current && !named(name) {
                let names = &self.names;
                problems.push(
                    names
                        .name_beside(&ds.registry, &f.path, name, u)
                        .line(row.line)
                        .place(f.place(row.line, nc))
                        .unit(unit.label()),
                );
            }
        }
        // A township column beside a village's or community's id must name its township (by
        // id or name): an id paired with another township's 东湖村 is a mix-up to look at. (A
        // unit without a township may have anything there, its own name say.)
        let parent = unit.parent().map(|p| &ds.registry.units[p]);
        if let (Some(pc), false, Some(parent)) = (key[2], id_text.is_empty(), parent) {
            let given = row.get(pc).trim();
            let fold = crate::fold::header_key;
            let same = fold(given) == fold(&parent.id) || fold(given) == fold(&parent.name);
            if !given.is_empty() && !same && self.mode == Mode::Current {
                let msg = format!(
                    "township {} differs from the registry's ({})",
                    quote(given),
                    parent.label()
                );
                problems.push(
                    Problem::warning(&f.path, msg)
                        .line(row.line)
                        .place(f.place(row.line, pc))
                        .unit(unit.label()),
                );
            }
        }
        Claim::Unit(u)
    }

    fn by_id(&self, ds: &Dataset, id: &str, cat: Option<Category>) -> Result<usize, String> {
        let found = match self.mode {
            Mode::Current => ds.registry.get_near(id, self.next, cat),
            Mode::Earlier(_) => ds.registry.resolve_past_near(id, ds.period, self.next, cat),
        };
        found.ok_or_else(|| "unit is not in the registry (units.csv)".to_string())
    }

    fn by_name(
        &mut self,
        ds: &Dataset,
        name: &str,
        parent: Option<&str>,
        cat: Option<Category>,
    ) -> Result<usize, String> {
        let (names, reg) = (&self.names, &ds.registry);
        // Units of tracks left out with --track are assessed: their rows are passed over later.
        let alive = |u: usize| ds.track_of(u).is_some() || !self.selected[u];
        let explain = |e: crate::data::rows::NameError| e.explain(reg, name, parent);
        let Mode::Earlier(then) = self.mode else {
            return names.find(reg, name, parent, cat, alive).map_err(explain);
        };
        // An earlier period's table names its units as they were then (柳河乡 in 2024Q2, since
        // renamed 柳河镇): the unit of that time, followed on through its renames to the unit
        // assessed now — none for a unit since merged into another, as by its id. Else a unit
        // assessed now that was there then, by its name now (a table typed again later).
        let of_then = |u: usize| reg.units[u].active_in(then);
        if let Ok(u) = names.quietly(|| names.find(reg, name, parent, cat, of_then)) {
            return reg
                .resolve_past(&reg.units[u].id, ds.period)
                .filter(|&n| alive(n))
                .ok_or_else(|| {
                    format!("{} is not assessed in {}", reg.units[u].label(), ds.period)
                });
        }
        let existed = |u: usize| alive(u) && reg.existed_in(u, ds.period, then);
        names.find(reg, name, parent, cat, existed).map_err(explain)
    }
}

pub(super) enum Claim {
    Unit(usize),
    /// A total or footer row, with its first cell.
    Skipped(String),
    None,
}

/// The first non-empty cell of a row, trimmed.
fn first_cell(row: &Row) -> String {
    (0..row.len())
        .map(|i| row.get(i).trim())
        .find(|s| !s.is_empty())
        .unwrap_or("")
        .to_string()
}
