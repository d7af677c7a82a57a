//! Which unit a row is about: by id, or — in a sheet typed by a person, which often has no id
//! column — by name, qualified by the parent township where names repeat (东湖村 under two
//! townships: a `所属乡镇` column, or the name written `东湖镇东湖村`). And which rows are not
//! about a unit at all: totals and summaries (合计, 小计, 总计, 平均, 最高分) and footers (填表人,
//! 审核人, 联系电话, 注 …) are skipped and listed, never silently.

use std::cell::{Cell, OnceCell};
use std::collections::HashMap;
use std::path::Path;

use crate::echo::quote;
use crate::error::{Problem, KEPT};
use crate::fold::header_key;
use crate::units::{Category, Registry};

/// How many candidates an ambiguous or unknown name lists.
const CANDIDATES: usize = 5;

/// First words of rows that total or sign a table rather than describe a unit.
const MARKERS: [&str; 41] = [
    "合计",
    "小计",
    "总计",
    "总合计",
    "全区合计",
    "全县合计",
    "全市合计",
    // Summary rows under a list of scores: the mean, the highest and the lowest.
    "平均",
    "全区平均",
    "全县平均",
    "全市平均",
    "全镇平均",
    "全乡平均",
    "均值",
    "最高",
    "最低",
    "填表人",
    "填报人",
    "填表单位",
    "填报单位",
    "填表日期",
    "填报日期",
    "制表",
    "审核",
    "负责人",
    "单位负责人",
    "主要负责人",
    "分管领导",
    "分管负责人",
    "统计人",
    "报送单位",
    "报送日期",
    "报送人",
    "数据来源",
    "资料来源",
    "联系人",
    "联系电话",
    "注",
    "说明",
    "备注",
    "total",
];

/// Whether a row whose first non-empty cell is `first` totals or signs the table.
pub fn is_total_or_footer(first: &str) -> bool {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| MARKERS.iter().map(|m| header_key(m)).collect());
    let k = header_key(first);
    keys.iter().any(|m| k.starts_with(m.as_str()))
}

/// Whether `name`, written beside unit `u`'s id, is its name as rows give names: the registry's,
/// folded alike (widths, spaces, case), or with its township in front (`城关镇文化路社区`) or in
/// brackets behind (`文化路社区（城关镇）`), the township by its name or one it had before
/// ([`Registry::earlier_selves`]). (A name the unit itself had before a renaming is
/// [`Names::former_name_of`].)
pub fn names_unit(reg: &Registry, name: &str, u: usize) -> bool {
    if name == reg.units[u].name {
        return true;
    }
    let key = header_key(name);
    let named = |v: usize| {
        let own = header_key(&reg.units[v].name);
        key == own
            || reg.units[v].parent().is_some_and(|p| {
                reg.earlier_selves(p).into_iter().any(|q| {
                    let town = header_key(&reg.units[q].name);
                    key.strip_prefix(town.as_str()) == Some(own.as_str())
                        || key
                            .strip_prefix(own.as_str())
                            .and_then(|rest| rest.strip_prefix('('))
                            .and_then(|rest| rest.strip_suffix(')'))
                            == Some(town.as_str())
                })
            })
    };
    named(u)
}

/// Unit names in the registry, for rows without ids. The index is built at the first lookup,
/// from the registry that lookup passes (every lookup must pass the same one): most side files
/// name their units by id, and a province's registry is a million names.
#[derive(Default)]
pub struct Names {
    /// Folded name → registry indexes.
    by_name: OnceCell<HashMap<String, Vec<usize>>>,
    /// Folded name of each unit that is some unit's parent → those units (a name written with
    /// its township in front, `东湖镇东湖村`, is split where a township's name ends); and the
    /// folded names of the units those were before, when they are not their own.
    parents: OnceCell<[HashMap<String, Vec<usize>>; 2]>,
    /// Names not found so far: close names are looked for only for the first [`KEPT`] (each a
    /// pass over every name); past those the message says they were not.
    misses: Cell<usize>,
    /// Within [`Names::quietly`]: a name not found is neither counted nor searched for.
    quiet: Cell<bool>,
}

/// Why a name does not name one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// No unit of that name; the closest names, if any.
    Unknown(Vec<usize>),
    /// Several units; the candidates.
    Ambiguous(Vec<usize>),
    /// Units of that name, none of them under the parent the row names; those units.
    OtherParent(Vec<usize>),
    /// No unit of that name, and no close names looked for (past the first [`KEPT`] names not
    /// found).
    Unsought,
    /// No unit of that name may have a row here, but one unit of the registry bears it: one
    /// not assessed in the file's period (柳河乡 after its renaming, 柳河镇 before it).
    NotHere(usize),
}

impl NameError {
    /// What is wrong with a row naming its unit `name` (under township `parent`, if the row has
    /// that column), listing the candidates.
    pub fn explain(&self, reg: &Registry, name: &str, parent: Option<&str>) -> String {
        let label = |u: &usize| reg.units[*u].label();
        let labels = |c: &[usize]| c.iter().map(label).collect::<Vec<_>>().join(", ");
        let parent_name = |u: usize| reg.units[u].parent().map(|p| reg.units[p].name.as_str());
        match self {
            // Namesakes under one township: neither a 所属乡镇 column nor the township written
            // in front of the name tells them apart.
            NameError::Ambiguous(c)
                if c.windows(2).all(|w| reg.units[w[0]].parent() == reg.units[w[1]].parent())
                    && reg.units[c[0]].parent().is_some() =>
            {
                format!(
                    "the name {} is shared by {}, all under {}: only their ids tell them apart — give the rows a `unit_id` (单位编码) column (or rename one unit in the registry)",
                    quote(name),
                    labels(c),
                    parent_name(c[0]).unwrap_or_default()
                )
            }
            // The row has a township column, left empty in this row.
            NameError::Ambiguous(c) if parent.is_some_and(|p| p.trim().is_empty()) => format!(
                "the name {} is shared by {}: fill in the row's 所属乡镇 (its township), or give its `unit_id` (单位编码)",
                quote(name),
                labels(c)
            ),
            NameError::Ambiguous(c) => format!(
                "the name {} is shared by {}: add a `unit_id` (单位编码) column, or a `所属乡镇` column, or write the name with its township (e.g. `{}`)",
                quote(name),
                labels(c),
                c.first()
                    .and_then(|&u| parent_name(u).map(|p| format!("{p}{}", reg.units[u].name)))
                    .unwrap_or_default()
            ),
            NameError::OtherParent(c) => format!(
                "no unit named {} under {} is assessed here; the registry has {}: correct the township (所属乡镇) of the row, or the registry (units.csv)",
                quote(name),
                quote(parent.unwrap_or_default()),
                c.iter()
                    .map(|&u| format!("{} under {}", label(&u), parent_name(u).unwrap_or("—")))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            NameError::NotHere(u) => {
                let unit = &reg.units[*u];
                let mut msg = format!(
                    "{} is {}, which is not assessed in this file's period (see its from/until in units.csv)",
                    quote(name),
                    unit.label()
                );
                // The unit that continues it (a row under the old name after a renaming), or
                // the one it continues (a row under the new name before it).
                let next = reg.carrier(&unit.id).filter(|&n| !reg.units[n].is_merger());
                let before = match unit.former_ids() {
                    [one] => reg.get(one),
                    _ => None,
                };
                if let Some(n) = next {
                    msg.push_str(&format!(
                        "; {} continues it (its former_ids list {}): if the row is that unit's, name it so",
                        reg.units[n].label(),
                        unit.id
                    ));
                } else if let Some(b) = before {
                    msg.push_str(&format!(
                        "; it continues {} (its former_ids): if the row is that unit's, name it as it was then",
                        reg.units[b].label()
                    ));
                }
                msg
            }
            NameError::Unsought => format!(
                "no unit is named {} in the registry (units.csv) (close names are looked for in the first {KEPT} names not found only)",
                quote(name)
            ),
            NameError::Unknown(c) if c.is_empty() => {
                format!("no unit is named {} in the registry (units.csv)", quote(name))
            }
            NameError::Unknown(c) => format!(
                "no unit is named {} in the registry (units.csv); close names: {}",
                quote(name),
                labels(c)
            ),
        }
    }
}

impl Names {
    pub fn new() -> Names {
        Names::default()
    }

    /// `f`'s lookups, a name not found being neither counted among the misses nor searched
    /// for close names: for a first try that another may answer (a name of a file's own time).
    pub fn quietly<T>(&self, f: impl FnOnce() -> T) -> T {
        let was = self.quiet.replace(true);
        let out = f();
        self.quiet.set(was);
        out
    }

    /// The index of `reg`'s names, built on first use.
    fn by_name(&self, reg: &Registry) -> &HashMap<String, Vec<usize>> {
        self.by_name.get_or_init(|| {
            let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
            for (u, unit) in reg.units.iter().enumerate() {
                by_name.entry(header_key(&unit.name)).or_default().push(u);
            }
            by_name
        })
    }

    /// Whether a row whose unit was not found, and whose unit cell (or first filled cell) is
    /// `text`, totals or signs the table: `text` begins like a total or footer
    /// ([`is_total_or_footer`]) and is no unit's id or name of `reg` (`注溪村`, a village, begins
    /// like `注：` and is a unit's row all the same).
    pub fn is_footer(&self, reg: &Registry, text: &str) -> bool {
        is_total_or_footer(text)
            && reg.get(text).is_none()
            && !self.by_name(reg).contains_key(&header_key(text))
    }

    /// Whether `name`, beside unit `u`'s id, is a name `u` had before a renaming (`柳河乡` beside
    /// 柳河镇's id, the quarter after): borne by units `u` continues through its renames that
    /// have ended, and by no other unit — not a unit it split off from, which goes on, nor a new
    /// unit that took the old name (then the row may be that unit's).
    pub fn former_name_of(&self, reg: &Registry, name: &str, u: usize) -> bool {
        let Some(bearers) = self.by_name(reg).get(&header_key(name)) else {
            return false;
        };
        let before = reg.earlier_selves(u);
        let ended = |b: usize| reg.units[b].bounds().1.is_some();
        bearers
            .iter()
            .all(|&b| b != u && before.contains(&b) && ended(b))
    }

    /// The problem of a row whose unit `u` is named by its id and whose name beside it, `name`,
    /// is not the registry's name of `u`: an error when it is another unit's name (two rows'
    /// ids or names swapped would give one unit's figures to the other), else a warning (an
    /// abbreviation, a variant). The caller places it.
    pub fn name_beside(&self, reg: &Registry, path: &Path, name: &str, u: usize) -> Problem {
        let key = header_key(name);
        let other = self
            .by_name(reg)
            .get(&key)
            .and_then(|v| v.iter().copied().find(|&o| o != u))
            .filter(|_| key != header_key(&reg.units[u].name));
        match other {
            Some(o) => Problem::error(
                path,
                format!(
                    "name {} is the registry's name of another unit ({}), not of this row's id: are two rows' ids or names swapped? Correct the id or the name",
                    quote(name),
                    reg.units[o].label()
                ),
            ),
            None => Problem::warning(
                path,
                format!("name {} differs from the registry's", quote(name)),
            ),
        }
    }

    /// The unit named `name` among `alive` units (those that may have a row here) of category
    /// `cat` (any when `None`), qualified by `parent` (a township or sub-district name or id)
    /// when given: a unit with a parent must lie under it, even when it is the only one of its
    /// name (the row may be about a namesake that is not assessed here). A name written with its
    /// township in front (`东湖镇东湖村`) is split off.
    pub fn find(
        &self,
        reg: &Registry,
        name: &str,
        parent: Option<&str>,
        cat: Option<Category>,
        alive: impl Fn(usize) -> bool,
    ) -> Result<usize, NameError> {
        let key = header_key(name);
        let fits = |u: usize| {
            let unit = &reg.units[u];
            alive(u) && cat.is_none_or(|c| unit.category == c)
        };
        // The parent by its name or id (`now`), else by a name or id it had before (a township
        // renamed, 柳河乡 to 柳河镇: a table of a quarter before calls it by its name then).
        let under = |u: usize, p: &str, now: bool| {
            reg.units[u].parent().is_some_and(|pi| {
                let selves = match now {
                    true => vec![pi],
                    false => reg.earlier_selves(pi).split_off(1),
                };
                selves.into_iter().any(|q| {
                    let parent = &reg.units[q];
                    header_key(&parent.name) == header_key(p) || parent.id == crate::fold::fold(p)
                })
            })
        };
        let mut hits: Vec<usize> = self
            .by_name(reg)
            .get(&key)
            .map(|v| v.iter().copied().filter(|&u| fits(u)).collect())
            .unwrap_or_default();
        if let Some(p) = parent.filter(|p| !p.trim().is_empty()) {
            let mut named = hits.clone();
            let kept = |now| -> Vec<usize> {
                let under = |&u: &usize| reg.units[u].parent().is_none() || under(u, p, now);
                hits.iter().copied().filter(under).collect()
            };
            hits = match kept(true) {
                now if now.is_empty() => kept(false),
                now => now,
            };
            if hits.is_empty() && !named.is_empty() {
                named.truncate(CANDIDATES);
                return Err(NameError::OtherParent(named));
            }
        }
        let with_township = hits.is_empty();
        if hits.is_empty() {
            // `东湖镇东湖村`: a parent's name followed by the unit's; or `东湖村（东湖镇）`, as
            // pingyi's outputs print it.
            hits = self.qualified(reg, &key, &fits, 0);
        }
        if hits.is_empty() {
            hits = self.qualified(reg, &key, &fits, 1);
        }
        // A name with its township, beside a 所属乡镇 that names another: the row contradicts
        // itself, and which of the two is meant cannot be told.
        let parent = parent.filter(|p| with_township && !p.trim().is_empty() && !hits.is_empty());
        if let Some(p) = parent {
            let under_p = |&u: &usize| under(u, p, true) || under(u, p, false);
            if !hits.iter().any(under_p) {
                hits.truncate(CANDIDATES);
                return Err(NameError::OtherParent(hits));
            }
            hits.retain(under_p);
        }
        if hits.is_empty() {
            // A unit of the registry all the same, only not one that may have a row here.
            let kind = |u: usize| cat.is_none_or(|c| reg.units[u].category == c);
            let mut any: Vec<usize> = self.by_name(reg).get(&key).cloned().unwrap_or_default();
            any.retain(|&u| kind(u));
            if any.is_empty() {
                any = self.qualified(reg, &key, &kind, 0);
            }
            if let [u] = any[..] {
                return Err(NameError::NotHere(u));
            }
        }
        match hits.as_slice() {
            [u] => Ok(*u),
            [] if self.quiet.get() => Err(NameError::Unknown(Vec::new())),
            [] => {
                self.misses.set(self.misses.get() + 1);
                match self.misses.get() <= KEPT {
                    true => Err(NameError::Unknown(self.closest(reg, &key, &fits))),
                    false => Err(NameError::Unsought),
                }
            }
            many => {
                let mut shown: Vec<usize> = many.iter().copied().take(CANDIDATES).collect();
                // The candidates shown are all under one township only if all are: else one
                // under another is among them (the message tells the two cases apart).
                let parent = |u: usize| reg.units[u].parent();
                if shown.iter().all(|&u| parent(u) == parent(shown[0])) {
                    if let Some(&other) = many.iter().find(|&&u| parent(u) != parent(shown[0])) {
                        shown[CANDIDATES - 1] = other;
                    }
                }
                Err(NameError::Ambiguous(shown))
            }
        }
    }

    /// The indexes of the folded names of `reg`'s parents, built on first use: each parent
    /// under its name; and under the names of the units it was before
    /// ([`Registry::earlier_selves`]: 柳河乡, renamed 柳河镇, whose villages a table of the time
    /// calls `柳河乡唐家店村`), looked in only when the first finds nothing.
    fn parents(&self, reg: &Registry) -> &[HashMap<String, Vec<usize>>; 2] {
        self.parents.get_or_init(|| {
            let mut is_parent = vec![false; reg.len()];
            for unit in &reg.units {
                if let Some(p) = unit.parent() {
                    is_parent[p] = true;
                }
            }
            let mut parents: [HashMap<String, Vec<usize>>; 2] = Default::default();
            for (p, _) in is_parent.iter().enumerate().filter(|(_, &is)| is) {
                for (k, q) in reg.earlier_selves(p).into_iter().enumerate() {
                    let name = header_key(&reg.units[q].name);
                    let named = parents[usize::from(k > 0)].entry(name).or_default();
                    if !named.contains(&p) {
                        named.push(p);
                    }
                }
            }
            parents
        })
    }

    /// The units whose parent's name followed by their own is `key` (`东湖镇东湖村`), or whose
    /// own name followed by their parent's in brackets is (`东湖村（东湖镇）`, as pingyi's
    /// outputs name a village), in registry order: `key` split after each character where a
    /// parent's name ends, the rest looked up as a name; or split at its last opening bracket.
    /// The parents' names now when `then` is 0, those they had before when 1.
    fn qualified(
        &self,
        reg: &Registry,
        key: &str,
        fits: &impl Fn(usize) -> bool,
        then: usize,
    ) -> Vec<usize> {
        let (parents, by_name) = (&self.parents(reg)[then], self.by_name(reg));
        let mut splits: Vec<(&str, &str)> = key
            .char_indices()
            .skip(1)
            .map(|(i, _)| (&key[..i], &key[i..]))
            .collect();
        // Keys are folded: `（` is `(`.
        if let Some((name, parent)) = key
            .strip_suffix(')')
            .and_then(|k| k.rsplit_once('('))
            .filter(|(name, _)| !name.is_empty())
        {
            splits.push((parent, name));
        }
        let mut out: Vec<usize> = Vec::new();
        for (parent, name) in splits {
            let (Some(ps), Some(named)) = (parents.get(parent), by_name.get(name)) else {
                continue;
            };
            out.extend(
                named
                    .iter()
                    .copied()
                    .filter(|&u| fits(u) && reg.units[u].parent().is_some_and(|p| ps.contains(&p))),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Up to [`CANDIDATES`] units whose name is close to `key` (edit distance ≤ a third of it),
    /// or is `key` followed by a part in brackets (`区委统战部` for `区委统战部(区民宗局)`, a
    /// department's second name left out), nearest first.
    fn closest(&self, reg: &Registry, key: &str, fits: &impl Fn(usize) -> bool) -> Vec<usize> {
        let length = key.chars().count();
        let limit = (length / 3).max(1);
        let mut close: Vec<(usize, usize)> = self
            .by_name(reg)
            .iter()
            .filter_map(|(n, units)| {
                let bracketed = !key.is_empty()
                    && n.strip_prefix(key)
                        .is_some_and(|rest| rest.starts_with('(') && rest.ends_with(')'));
                let d = if bracketed {
                    1
                } else if n.chars().count().abs_diff(length) > limit {
                    // The distance is at least the difference in length.
                    return None;
                } else {
                    strsim::levenshtein(key, n)
                };
                (d <= limit).then_some((d, units))
            })
            .flat_map(|(d, units)| units.iter().filter(|&&u| fits(u)).map(move |&u| (d, u)))
            .collect();
        close.sort();
        close.into_iter().take(CANDIDATES).map(|(_, u)| u).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Unit;

    /// Villages `(id, name, parent's index)` added to `units`.
    fn villages(units: &mut Vec<Unit>, list: &[(&str, &str, usize)]) {
        for &(id, name, parent) in list {
            let mut v = Unit::new(id, name, Category::Village);
            v.set_parent(Some(parent));
            units.push(v);
        }
    }

    fn registry() -> Registry {
        let mut units = vec![
            Unit::new("T1", "东湖镇", Category::Township),
            Unit::new("T2", "西山镇", Category::Township),
        ];
        villages(
            &mut units,
            &[
                ("V1", "东湖村", 0),
                ("V2", "东湖村", 1),
                ("V3", "青山村", 1),
            ],
        );
        Registry::from_units(units).unwrap()
    }

    /// A name with its township in front is split where a township's name ends, at every such
    /// place (`东湖` and `东湖镇` both township names); namesakes under one township are told
    /// apart by nothing but their ids, and the message says so.
    #[test]
    fn qualified_names_split_at_every_township_name_and_namesakes_under_one_are_named() {
        let mut units = vec![
            Unit::new("T1", "东湖镇", Category::Township),
            Unit::new("T2", "东湖", Category::Township),
        ];
        villages(
            &mut units,
            &[
                ("V1", "东湖村", 0),
                ("V2", "镇东湖村", 1),
                ("V3", "青山村", 0),
                ("V4", "青山村", 0),
            ],
        );
        let reg = Registry::from_units(units).unwrap();
        let n = Names::new();
        let all = |_| true;
        assert_eq!(
            n.find(&reg, "东湖镇东湖村", None, None, all),
            Err(NameError::Ambiguous(vec![2, 3]))
        );
        assert_eq!(n.find(&reg, "东湖镇东湖村", None, None, |u| u != 3), Ok(2));
        assert_eq!(n.find(&reg, "东湖镇东湖村", None, None, |u| u != 2), Ok(3));
        let e = n.find(&reg, "东湖镇青山村", None, None, all).unwrap_err();
        assert_eq!(e, NameError::Ambiguous(vec![4, 5]));
        assert_eq!(
            e.explain(&reg, "东湖镇青山村", None),
            "the name `东湖镇青山村` is shared by V3 青山村, V4 青山村, all under 东湖镇: only their ids tell them apart — give the rows a `unit_id` (单位编码) column (or rename one unit in the registry)"
        );
        // Not a township's name in front: no unit.
        assert_eq!(
            n.find(&reg, "西山镇青山村", None, None, all),
            Err(NameError::Unknown(vec![]))
        );
        // Close names are looked for in the first KEPT names not found (one above went), then
        // no more.
        for _ in 1..KEPT {
            assert_eq!(
                n.find(&reg, "东湖镇村", None, None, all),
                Err(NameError::Unknown(vec![0, 2]))
            );
        }
        let e = n.find(&reg, "东湖镇村", None, None, all).unwrap_err();
        assert_eq!(e, NameError::Unsought);
        assert_eq!(
            e.explain(&reg, "东湖镇村", None),
            "no unit is named `东湖镇村` in the registry (units.csv) (close names are looked for in the first 100 names not found only)"
        );
    }

    #[test]
    fn names_resolve_unique_qualified_or_by_parent() {
        let reg = registry();
        let n = Names::new();
        let all = |_| true;
        assert_eq!(n.find(&reg, "青山村", None, None, all), Ok(4));
        assert_eq!(
            n.find(&reg, " 青山村 ", None, Some(Category::Village), all),
            Ok(4)
        );
        assert_eq!(n.find(&reg, "东湖村", Some("西山镇"), None, all), Ok(3));
        assert_eq!(n.find(&reg, "东湖镇东湖村", None, None, all), Ok(2));
        assert_eq!(
            n.find(&reg, "东湖村", None, None, all),
            Err(NameError::Ambiguous(vec![2, 3]))
        );
        // Only one of the two is assessed here: no ambiguity left.
        assert_eq!(n.find(&reg, "东湖村", None, None, |u| u != 3), Ok(2));
        // But a row naming the other one's township is about the other one.
        assert_eq!(
            n.find(&reg, "东湖村", Some("西山镇"), None, |u| u != 3),
            Err(NameError::OtherParent(vec![2]))
        );
        assert_eq!(
            n.find(&reg, "青山村", Some("东湖镇"), None, all),
            Err(NameError::OtherParent(vec![4]))
        );
        // The parent by id; a township's own name in its parent column is no contradiction.
        assert_eq!(n.find(&reg, "青山村", Some("T2"), None, all), Ok(4));
        assert_eq!(n.find(&reg, "东湖镇", Some("东湖镇"), None, all), Ok(0));
        assert_eq!(
            n.find(&reg, "青山材", None, None, all),
            Err(NameError::Unknown(vec![4]))
        );
        // A name with its bracketed part left out is suggested, though far by edit distance.
        let mut units: Vec<Unit> = ["区委统战部(区民宗局)", "区委办", "统计局"]
            .iter()
            .enumerate()
            .map(|(i, name)| Unit::new(&format!("D{i}"), name, Category::Department))
            .collect();
        units.push(Unit::new(
            "D9",
            "区委统战部（区侨联）",
            Category::Department,
        ));
        let depts = Registry::from_units(units).unwrap();
        assert_eq!(
            Names::new().find(&depts, "区委统战部", None, None, all),
            Err(NameError::Unknown(vec![0, 3]))
        );
        assert_eq!(
            n.find(&reg, "青山村", None, Some(Category::Township), all),
            Err(NameError::Unknown(vec![]))
        );
    }

    /// A village named as pingyi's outputs name it (`青山村（西山镇）`), or with the name its
    /// township had before a renaming (`东湖乡东湖村`, `东湖村（东湖乡）`, a 所属乡镇 of 东湖乡
    /// or T0): found all the same; a township's former name followed by a village of another
    /// township is no name.
    #[test]
    fn names_with_the_township_in_brackets_or_by_its_former_name_are_found() {
        use crate::units::Rare;
        let mut units = vec![
            Unit::new("T0", "东湖乡", Category::Township),
            Unit::new("T1", "东湖镇", Category::Township).with(Rare {
                former_ids: vec!["T0".into()],
                ..Rare::default()
            }),
            Unit::new("T2", "西山镇", Category::Township),
            // Merged from T2 and a unit the registry does not list.
            Unit::new("T3", "新城镇", Category::Township).with(Rare {
                former_ids: vec!["T2".into(), "X9".into()],
                ..Rare::default()
            }),
        ];
        villages(
            &mut units,
            &[
                ("V1", "东湖村", 1),
                ("V2", "东湖村", 2),
                ("V3", "青山村", 2),
                ("V4", "青山村", 3),
            ],
        );
        let reg = Registry::from_units(units).unwrap();
        assert_eq!(reg.earlier_selves(1), [1, 0]);
        assert_eq!(reg.earlier_selves(3), [3, 2]);
        assert_eq!(reg.earlier_selves(0), [0]);
        let n = Names::new();
        let all = |_| true;
        let found = |name: &str, parent: Option<&str>| n.find(&reg, name, parent, None, all);
        for name in [
            "东湖乡东湖村",
            "东湖村（东湖乡）",
            "东湖村(东湖镇)",
            " 东湖村 （东湖镇） ",
        ] {
            assert_eq!(found(name, None), Ok(4), "{name}");
        }
        assert_eq!(found("东湖村", Some("东湖乡")), Ok(4));
        assert_eq!(found("东湖村", Some("T0")), Ok(4));
        assert_eq!(found("东湖村", Some("西山镇")), Ok(5));
        // 西山镇 is both a township of its own and what 新城镇 was: its own 青山村 (a name as it
        // is now comes first), 新城镇's by 新城镇's name.
        assert_eq!(found("青山村（新城镇）", None), Ok(7));
        assert_eq!(found("西山镇青山村", None), Ok(6));
        assert_eq!(found("青山村", Some("西山镇")), Ok(6));
        assert_eq!(found("青山村", Some("新城镇")), Ok(7));
        assert_eq!(found("青山村", Some("T2")), Ok(6));
        // The township in the name and a 所属乡镇 that names another: the row contradicts itself.
        assert_eq!(found("东湖村（东湖镇）", Some("东湖乡")), Ok(4));
        assert_eq!(
            found("东湖村（东湖镇）", Some("西山镇")),
            Err(NameError::OtherParent(vec![4]))
        );
        assert_eq!(
            found("西山镇东湖村", Some("东湖镇")),
            Err(NameError::OtherParent(vec![5]))
        );
        for name in [
            "东湖乡青山村",
            "青山村（东湖乡）",
            "（东湖镇）",
            "东湖村（T0）",
        ] {
            assert_eq!(found(name, None), Err(NameError::Unknown(vec![])), "{name}");
        }
        // Beside an id: the same forms.
        for name in [
            "东湖乡东湖村",
            "东湖村（东湖乡）",
            "东湖镇 东湖村",
            "东湖村(东湖镇)",
        ] {
            assert!(names_unit(&reg, name, 4), "{name}");
        }
        // A name that a unit of the registry bears, none that may have a row here: named.
        let now = |u: usize| u != 0;
        let e = n.find(&reg, "东湖乡", None, None, now).unwrap_err();
        assert_eq!(e, NameError::NotHere(0));
        assert_eq!(
            e.explain(&reg, "东湖乡", None),
            "`东湖乡` is T0 东湖乡, which is not assessed in this file's period (see its from/until in units.csv); T1 东湖镇 continues it (its former_ids list T0): if the row is that unit's, name it so"
        );
        let then = |u: usize| u != 1;
        let e = n.find(&reg, "东湖镇", None, None, then).unwrap_err();
        assert_eq!(
            e.explain(&reg, "东湖镇", None),
            "`东湖镇` is T1 东湖镇, which is not assessed in this file's period (see its from/until in units.csv); it continues T0 东湖乡 (its former_ids): if the row is that unit's, name it as it was then"
        );
        // A township's own name before its renaming, beside its id now, when the unit that bore
        // it has ended: T0 has no `until` in this registry (it goes on, as a unit split off
        // from would), so 东湖乡 is another unit's name.
        assert!(!names_unit(&reg, "东湖乡", 1) && !n.former_name_of(&reg, "东湖乡", 1));
        for name in [
            "西山镇东湖村",
            "东湖村（西山镇）",
            "东湖村（）",
            "东湖村东湖镇",
        ] {
            assert!(!names_unit(&reg, name, 4), "{name}");
        }
    }

    /// Beside an id, a name the unit had before a renaming is its name while no other unit
    /// bears it: not the name of a unit it split off from (which goes on), nor one a new unit
    /// took since.
    #[test]
    fn a_former_name_beside_the_id_now_is_the_units_own() {
        use crate::period::Period;
        use crate::units::Rare;
        let rare = |former: &[&str], until: Option<Period>| Rare {
            former_ids: former.iter().map(|s| s.to_string()).collect(),
            until,
            ..Rare::default()
        };
        let q2 = Some(Period::Quarter(2024, 2));
        let mut units = vec![
            Unit::new("A", "甲乡", Category::Township).with(rare(&[], q2)),
            Unit::new("B", "甲镇", Category::Township).with(rare(&["A"], None)),
            Unit::new("C", "乙镇", Category::Township),
            Unit::new("D", "丙镇", Category::Township).with(rare(&["C"], None)),
        ];
        let reg = Registry::from_units(units.clone()).unwrap();
        let n = Names::new();
        assert!(n.former_name_of(&reg, "甲乡", 1) && n.former_name_of(&reg, " 甲 乡", 1));
        assert!(
            !n.former_name_of(&reg, "乙镇", 3),
            "C goes on: D split off from it"
        );
        assert!(!n.former_name_of(&reg, "甲镇", 1) && !n.former_name_of(&reg, "甲乡", 2));
        units.push(Unit::new("E", "甲乡", Category::Township));
        let reg = Registry::from_units(units).unwrap();
        assert!(
            !Names::new().former_name_of(&reg, "甲乡", 1),
            "E bears it now"
        );
    }

    #[test]
    fn totals_and_footers_are_recognised() {
        for t in [
            "合计",
            "小计：",
            " 总 计",
            "填表人：张三",
            "审核人：李四",
            "注：1.",
            "Total",
            "单位负责人：王五",
            "数据来源：区统计局",
            "报送日期：2024年7月5日",
        ] {
            assert!(is_total_or_footer(t), "{t}");
        }
        for t in ["东湖村", "合肥路社区", "Z01"] {
            assert!(!is_total_or_footer(t), "{t}");
        }
    }
}
