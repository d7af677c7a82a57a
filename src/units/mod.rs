//! Assessed units: their categories, and the registry of every unit ([`Registry`]).

use std::fmt;

use compact_str::CompactString;
use std::str::FromStr;

use crate::echo::{cut, quote};
use crate::period::Period;

mod registry;

pub use registry::Registry;

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
                format!("unknown category {}: expected township, subdistrict, hightech_zone, department, village or community (or 乡镇, 街道, 高新区, 区直单位, 村, 社区)", quote(s))
            })
    }
}

#[derive(Debug, Clone)]
pub struct Unit {
    /// Held inline up to 24 bytes (ids, and names of eight Chinese characters): no allocation
    /// per unit for most registries.
    pub id: CompactString,
    pub name: CompactString,
    pub category: Category,
    /// Index of the parent township or sub-district ([`Unit::parent`]): four bytes, so that a
    /// unit takes 72 bytes rather than 80.
    parent: Option<u32>,
    /// What few units have, boxed so that a province of units without it carries one pointer
    /// each (the four fields took 64 bytes a unit, 64 MB at a million units).
    rare: Option<Box<Rare>>,
}

/// A unit's rarely given registry columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rare {
    /// Department class (经济类 …).
    pub class: Option<String>,
    /// Ids this unit had in earlier periods (renamed or merged units).
    pub former_ids: Vec<String>,
    /// First and last period in which the unit is assessed (inclusive); `None` = open.
    pub from: Option<Period>,
    pub until: Option<Period>,
}

impl Unit {
    /// A unit with no parent, class, former ids or period bounds (for registries built in
    /// memory). The id is kept width-folded ([`crate::fold::fold`]): `Ｔ０１` typed in a Chinese
    /// input method's full-width mode is the unit `T01`, in the registry as in every table.
    pub fn new(id: &str, name: &str, category: Category) -> Unit {
        Unit {
            id: CompactString::new(crate::fold::fold(id)),
            name: CompactString::new(name),
            category,
            parent: None,
            rare: None,
        }
    }

    /// Index of the parent township or sub-district.
    #[inline]
    pub fn parent(&self) -> Option<usize> {
        self.parent.map(|p| p as usize)
    }

    /// Sets the parent (a registry index, below 2^32 as every registry index is).
    pub fn set_parent(&mut self, parent: Option<usize>) {
        self.parent = parent.map(|p| u32::try_from(p).expect("registry indexes fit 32 bits"));
    }

    /// The unit with these class, former ids and period bounds (former ids width-folded, as
    /// the id is).
    pub fn with(self, mut rare: Rare) -> Unit {
        for f in rare.former_ids.iter_mut().filter(|f| !f.is_ascii()) {
            *f = crate::fold::fold(f).into_owned();
        }
        let rare = (rare != Rare::default()).then(|| Box::new(rare));
        Unit { rare, ..self }
    }

    fn rare(&self) -> Option<&Rare> {
        self.rare.as_deref()
    }

    /// Department class (经济类 …).
    pub fn class(&self) -> Option<&str> {
        self.rare()?.class.as_deref()
    }

    /// Ids this unit had in earlier periods (renamed or merged units).
    pub fn former_ids(&self) -> &[String] {
        self.rare().map_or(&[], |r| &r.former_ids)
    }

    /// A unit listing two or more former ids was merged from those units: no earlier unit is
    /// its earlier self, so it has no earlier standing, row or score (it begins like a new unit).
    pub fn is_merger(&self) -> bool {
        self.former_ids().len() >= 2
    }

    /// The first and the last period in which the unit is assessed, when bounded.
    pub fn bounds(&self) -> (Option<Period>, Option<Period>) {
        self.rare().map_or((None, None), |r| (r.from, r.until))
    }

    /// Whether the unit is assessed in `p` (its from–until range overlaps the period).
    pub fn active_in(&self, p: Period) -> bool {
        let Some(r) = self.rare() else {
            return true;
        };
        r.from.is_none_or(|f| f.first_month() <= p.last_month())
            && r.until.is_none_or(|u| p.first_month() <= u.last_month())
    }

    /// `id 名称`, for messages.
    pub fn label(&self) -> String {
        format!("{} {}", cut(&self.id), cut(&self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_columns_are_boxed_only_when_given_and_bound_the_periods() {
        let plain = Unit::new("V1", "东湖村", Category::Village).with(Rare::default());
        assert!(plain.rare.is_none());
        assert_eq!((plain.class(), plain.former_ids()), (None, &[][..]));
        assert!(plain.active_in(Period::Quarter(1990, 1)));
        let q = |y, q| Period::Quarter(y, q);
        let dept = Unit::new("D1", "统计局", Category::Department).with(Rare {
            class: Some("经济类".into()),
            former_ids: vec!["D0".into()],
            from: Some(q(2024, 2)),
            until: Some(Period::Month(2024, 9)),
        });
        assert_eq!(dept.class(), Some("经济类"));
        assert_eq!(dept.former_ids(), ["D0".to_string()]);
        let active: Vec<bool> = [q(2024, 1), q(2024, 2), q(2024, 3), q(2024, 4)]
            .into_iter()
            .map(|p| dept.active_in(p))
            .collect();
        assert_eq!(active, [false, true, true, false]);
        assert!(dept.active_in(Period::Year(2024)));
        assert!(
            std::mem::size_of::<Unit>() <= 72,
            "{}",
            std::mem::size_of::<Unit>()
        );
    }
}
