//! The unit registry: every unit of every period, indexed by id once (read from
//! `data/units.csv` by [`crate::data::registry`]).
//!
//! One registry serves every period: `from`/`until` bound the periods in which a unit is
//! assessed, and `former_ids` links a renamed or merged unit to the ids it had before, so that
//! trend and growth lookups follow it while each period is still scored under its own ids.

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;
use std::path::Path;

use hashbrown::{DefaultHashBuilder, HashTable};

use super::{Category, Unit};
use crate::echo::quote;
use crate::error::{Problem, Problems};
use crate::period::Period;

/// All units, indexed by id once.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub units: Vec<Unit>,
    index: IdIndex,
    /// Former id → the unit that now carries it.
    former: HashMap<String, usize>,
}

impl Registry {
    /// The unit of id `id`; an id typed in full-width forms (`Ｚ０１`, a Chinese input method's
    /// full-width mode) is the same id, as every cell is width-folded — and so are the
    /// registry's own ids and former ids, kept folded ([`Unit::new`]).
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.find(&self.units, id).or_else(|| {
            if id.is_ascii() {
                return None;
            }
            let folded = crate::fold::fold(id);
            (*folded != *id)
                .then(|| self.index.find(&self.units, &folded))
                .flatten()
        })
    }

    /// The unit assessed in `now` that a row of an earlier period with this id belongs to: the
    /// unit with that id if it is still assessed, else the unit listing it among its former ids,
    /// followed on through each rename (A → B → C: a row of A belongs to C). A row of a unit
    /// merged into another belongs to no unit of `now` ([`Unit::is_merger`]).
    pub fn resolve_past(&self, id: &str, now: Period) -> Option<usize> {
        self.resolve_past_near(id, now, usize::MAX, None)
    }

    /// [`Registry::resolve_past`], trying `hint` first (see [`Registry::get_near`]).
    pub fn resolve_past_near(
        &self,
        id: &str,
        now: Period,
        hint: usize,
        category: Option<Category>,
    ) -> Option<usize> {
        let direct = self
            .get_near(id, hint, category)
            .filter(|&u| self.units[u].active_in(now));
        direct.or_else(|| self.successor(id, |u| self.units[u].active_in(now)))
    }

    /// Why a row of unit `u` is refused in period `now`, when `u` is not assessed then: its
    /// from/until, and the unit that continues it, if one does (a row carried over from before
    /// a rename, under the old id).
    pub fn not_assessed(&self, u: usize, now: Period) -> String {
        let mut msg =
            format!("the unit is not assessed in {now} (see its from/until in units.csv)");
        if let Some(next) = self
            .resolve_past(&self.units[u].id, now)
            .filter(|&n| n != u)
        {
            msg.push_str(&format!(
                "; {} continues it (its former_ids list {}): give the row that unit's id",
                self.units[next].label(),
                self.units[u].id
            ));
        }
        msg
    }

    /// The unit listing `id` among its former ids (a renamed or merged unit), if any; `id`
    /// width-folded, as former ids are.
    pub fn carrier(&self, id: &str) -> Option<usize> {
        if id.is_ascii() {
            return self.former.get(id).copied();
        }
        self.former.get(&*crate::fold::fold(id)).copied()
    }

    /// The first unit along the renames from `id` (the unit listing it among its former ids,
    /// the unit listing that one's id, …) for which `found` holds; none past a merger. The walk
    /// is bounded by the number of units: each step reaches another unit, since a cycle of
    /// former ids is an error of the registry.
    fn successor(&self, id: &str, found: impl Fn(usize) -> bool) -> Option<usize> {
        let mut id = id;
        for _ in 0..=self.units.len() {
            let u = self.carrier(id)?;
            if self.units[u].is_merger() {
                return None;
            }
            if found(u) {
                return Some(u);
            }
            id = self.units[u].id.as_str();
        }
        None
    }

    /// Whether `unit` (assessed in `now`), or a unit it continues through its renames, was
    /// assessed in `then` — whether a score file of `then` can hold its row. A unit split off
    /// from one that goes on, or merged from several, continues none of them (as
    /// [`Registry::trace_back`] has it); a history that goes back to an id the registry does not
    /// list is taken as there.
    pub fn existed_in(&self, unit: usize, now: Period, then: Period) -> bool {
        let mut u = unit;
        for _ in 0..=self.units.len() {
            if self.units[u].active_in(then) {
                return true;
            }
            match self.units[u].former_ids() {
                [one] => match self.get(one) {
                    None => return true,
                    Some(p) if self.units[p].active_in(now) => return false,
                    Some(p) => u = p,
                },
                _ => return false,
            }
        }
        false
    }

    /// The unit that `unit` (assessed in `now`) continues among those for which `found` holds
    /// (an earlier period's units): itself, else its former id's unit, and so back through each
    /// rename (C was B, which was A). A merger (two or more former ids) continues none of them,
    /// and neither does a unit whose former id's unit is itself assessed in `now` (a unit split
    /// off from one that goes on: the history stays with the one that goes on). The walk
    /// therefore passes only units no longer assessed, and ends after as many steps as there are
    /// units.
    pub fn trace_back(
        &self,
        unit: usize,
        now: Period,
        found: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let mut u = unit;
        for _ in 0..=self.units.len() {
            if found(u) {
                return Some(u);
            }
            match self.units[u].former_ids() {
                [one] => u = self.get(one).filter(|&p| !self.units[p].active_in(now))?,
                _ => return None,
            }
        }
        None
    }

    /// Unit `u` and the units it was before: those whose ids it lists among its former ids,
    /// theirs, and so on back (C was B, which was A; a merger was each of its parts), each once,
    /// `u` first. Former ids the registry does not list lead nowhere.
    pub fn earlier_selves(&self, u: usize) -> Vec<usize> {
        let mut out = vec![u];
        let mut next = 0;
        while let Some(&v) = out.get(next) {
            next += 1;
            for f in self.units[v].former_ids() {
                if let Some(w) = self.get(f).filter(|w| !out.contains(w)) {
                    out.push(w);
                }
            }
        }
        out
    }

    /// The name of unit `u`'s township, or "" when it has none.
    pub fn parent_name(&self, u: usize) -> &str {
        self.units[u]
            .parent()
            .map_or("", |p| self.units[p].name.as_str())
    }

    /// Unit `u`'s name as people tell it apart: with its township in brackets when it has one
    /// (`东湖村（城关镇）`).
    pub fn qualified_name(&self, u: usize) -> String {
        match self.parent_name(u) {
            "" => self.units[u].name.to_string(),
            p => format!("{}（{p}）", self.units[u].name),
        }
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
            if u.id.trim().is_empty() || reg.index.insert(&units, i).is_err() {
                return Err(format!("unit {i}: empty or duplicate id `{}`", u.id));
            }
            let parent_ok = u.parent().is_none_or(|p| {
                units.get(p).is_some_and(|p| {
                    matches!(p.category, Category::Township | Category::Subdistrict)
                })
            });
            if !parent_ok || (u.category.needs_parent() && u.parent().is_none()) {
                return Err(format!("unit {i} `{}`: bad or missing parent", u.id));
            }
        }
        reg.units = units;
        let mut problems = Problems::new();
        reg.link_former_ids(Path::new("<memory>"), &mut problems);
        let first = problems.iter().next().map(|p| p.message.clone());
        first.map_or(Ok(reg), Err)
    }

    /// Adds a unit at the next index; when its id is taken (ids compared width-folded, as
    /// units keep them), the unit back with the index of the unit that has the id, and nothing
    /// added.
    pub fn insert(&mut self, unit: Unit) -> Result<usize, (Box<Unit>, usize)> {
        let idx = self.units.len();
        self.units.push(unit);
        match self.index.insert(&self.units, idx) {
            Ok(()) => Ok(idx),
            Err(taken) => Err((Box::new(self.units.pop().expect("just pushed")), taken)),
        }
    }

    /// [`Registry::get`], trying `hint` first: rows of a table usually follow the registry's
    /// order, so the unit after the previous row's is tried before hashing — in a category's own
    /// table the next unit of that `category`, passing over a few units of other categories (ids
    /// are unique, so a hit is the unit `get` would find).
    pub fn get_near(&self, id: &str, hint: usize, category: Option<Category>) -> Option<usize> {
        const LOOK_AHEAD: usize = 16;
        let ahead = self.units.iter().enumerate().skip(hint).take(LOOK_AHEAD);
        let next = match category {
            Some(c) => ahead
                .filter(|(_, u)| u.category == c)
                .map(|(i, _)| i)
                .next(),
            None => (hint < self.units.len()).then_some(hint),
        };
        match next {
            Some(i) if self.units[i].id == id => Some(i),
            _ => self.get(id),
        }
    }

    /// Links every former id to the unit listing it; an id claimed twice is reported.
    pub fn link_former_ids(&mut self, path: &Path, problems: &mut Problems) {
        for (idx, u) in self.units.iter().enumerate() {
            for f in u.former_ids() {
                if let Some(&other) = self.former.get(f) {
                    let msg = format!(
                        "former id {} is also claimed by {}",
                        quote(f),
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
        self.check_former_ids(path, problems);
        self.unknown_former_ids(path, problems);
    }

    /// A unit listing its own id, or units whose former ids lead back to themselves (A was B, B
    /// was A): which unit a row of an earlier period belongs to would be left to chance.
    fn check_former_ids(&self, path: &Path, problems: &mut Problems) {
        let place = || "column former_ids".to_string();
        // Edges: a unit to each registered unit whose id it lists as a former id.
        let next = |u: usize| {
            self.units[u]
                .former_ids()
                .iter()
                .filter_map(|f| self.get(f))
                .filter(move |&v| v != u)
        };
        for unit in &self.units {
            if unit.former_ids().iter().any(|f| *f == unit.id) {
                let msg = format!(
                    "the unit lists its own id {} among its former ids",
                    quote(&unit.id)
                );
                problems.push(Problem::error(path, msg).place(place()).unit(unit.label()));
            }
        }
        // Depth-first search; a cycle is reported once, from its first unit in registry order.
        let mut state = vec![0u8; self.units.len()]; // 0 new, 1 on the path, 2 done
        for start in 0..self.units.len() {
            if state[start] != 0 {
                continue;
            }
            let mut path_units = vec![start];
            let mut stack = vec![next(start).collect::<Vec<_>>()];
            state[start] = 1;
            while let Some(todo) = stack.last_mut() {
                match todo.pop() {
                    Some(v) if state[v] == 1 => {
                        let at = path_units.iter().position(|&w| w == v).unwrap_or(0);
                        let ring: Vec<String> = path_units[at..]
                            .iter()
                            .chain(std::iter::once(&v))
                            .map(|&w| self.units[w].label())
                            .collect();
                        let msg = format!("former ids form a cycle: {} (each lists the next one's id among its former ids); a unit's former ids are the ids it had before, so one of these lists is wrong", ring.join(" → "));
                        let first = self.units[path_units[at]].label();
                        problems.push(Problem::error(path, msg).place(place()).unit(first));
                    }
                    Some(v) if state[v] == 0 => {
                        state[v] = 1;
                        path_units.push(v);
                        stack.push(next(v).collect());
                    }
                    Some(_) => {}
                    None => {
                        stack.pop();
                        if let Some(w) = path_units.pop() {
                            state[w] = 2;
                        }
                    }
                }
            }
        }
    }

    /// A former id that is no unit of the registry, given by a unit whose assessment begins just
    /// after another's ended — one that no unit continues, and whose id is within two edits of
    /// it (`Z77` typed for `Z07`): most likely a typo, which would start the renamed unit's trend,
    /// growth and roll-up afresh. A warning, since a former id may rightly be no unit here (a
    /// registry begun after the rename, with earlier files keyed by the old id). Only units
    /// ending in the month before one begins are compared, so the check stays small.
    fn unknown_former_ids(&self, path: &Path, problems: &mut Problems) {
        let next_month = |(y, m): (i32, u8)| if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        // Units no one continues, by the month after their last.
        let mut ended: HashMap<(i32, u8), Vec<usize>> = HashMap::new();
        for (e, unit) in self.units.iter().enumerate() {
            if let (_, Some(until)) = unit.bounds() {
                if !self.former.contains_key(unit.id.as_str()) {
                    ended
                        .entry(next_month(until.last_month()))
                        .or_default()
                        .push(e);
                }
            }
        }
        if ended.is_empty() {
            return;
        }
        for unit in &self.units {
            let Some(begun) = ended.get(&unit.bounds().0.map_or((0, 0), Period::first_month))
            else {
                continue;
            };
            for f in unit.former_ids() {
                if self.get(f).is_some() {
                    continue;
                }
                let near: Vec<&Unit> = begun
                    .iter()
                    .map(|&e| &self.units[e])
                    .filter(|e| e.id.len().abs_diff(f.len()) <= 2)
                    .filter(|e| strsim::levenshtein(f, &e.id) <= 2)
                    .take(3)
                    .collect();
                let Some(last) = near.first().and_then(|e| e.bounds().1) else {
                    continue;
                };
                let names: Vec<String> = near.iter().map(|e| e.label()).collect();
                let msg = format!(
                    "former id {} is no unit of the registry, while {} (assessed until {last}) is continued by no unit: if {} meant, correct the former id (as it stands, this unit's trend, growth and roll-up do not reach back past its renaming)",
                    quote(f),
                    names.join(", "),
                    if near.len() == 1 { "that unit is" } else { "one of those is" }
                );
                problems.push(
                    Problem::warning(path, msg)
                        .place("column former_ids".to_string())
                        .unit(unit.label()),
                );
            }
        }
    }
}

/// Unit ids → registry positions, without a second copy of the ids: the table holds each
/// position with its id's hash (a million ids would otherwise be a million more strings), so
/// growing the table and passing over other ids never reads the units. The hash is `foldhash`
/// (hashbrown's default hasher, seeded per process) cut to 32 bits: fast on short ids, and a
/// lookup never decides an order, so results do not depend on the seed.
#[derive(Clone, Default)]
struct IdIndex {
    /// `(position, hash)`.
    table: HashTable<(u32, u32)>,
    hasher: DefaultHashBuilder,
}

impl IdIndex {
    fn hash(&self, id: &str) -> u32 {
        self.hasher.hash_one(id) as u32
    }

    /// The table's 64-bit hash of a stored 32-bit one: multiplied by an odd constant, the high
    /// bits (the table's tags) mix every bit of it.
    fn spread(h: u32) -> u64 {
        u64::from(h).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    fn find(&self, units: &[Unit], id: &str) -> Option<usize> {
        let h = self.hash(id);
        self.table
            .find(Self::spread(h), |&(i, hi)| {
                hi == h && units[i as usize].id == id
            })
            .map(|&(i, _)| i as usize)
    }

    /// Indexes `units[i]`; the position of the unit holding its id (and nothing indexed) when
    /// the id is taken. A position past 32 bits is refused as taken by itself.
    fn insert(&mut self, units: &[Unit], i: usize) -> Result<(), usize> {
        let id = units[i].id.as_str();
        let h = self.hash(id);
        let Ok(pos) = u32::try_from(i) else {
            return Err(i);
        };
        match self.table.entry(
            Self::spread(h),
            |&(j, hj)| hj == h && units[j as usize].id == id,
            |&(_, hj)| Self::spread(hj),
        ) {
            hashbrown::hash_table::Entry::Occupied(o) => Err(o.get().0 as usize),
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert((pos, h));
                Ok(())
            }
        }
    }
}

impl fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdIndex({} ids)", self.table.len())
    }
}

#[cfg(test)]
mod tests;
