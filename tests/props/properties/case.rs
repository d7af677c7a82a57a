//! The scenario of a property test: one track with the method under test next to a filler,
//! turned into a config (TOML text) and an in-memory dataset.

use std::path::Path;

use pingyi::config::Config;
use pingyi::data::{Adjustment, AdjustmentKind, Cell, Column, Dataset, IndicatorData};
use pingyi::period::Period;
use pingyi::units::{Category, Registry, Unit};
use pingyi::{evaluate, Results};
use proptest::test_runner::TestCaseError;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dir {
    Higher,
    Lower,
}

/// The method under test and its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    Proportional(Dir),
    Efficacy(Dir, f64),
    Rank(Dir, f64, f64),
    Target(Dir, f64),
    Bands(Vec<(f64, f64)>),
    Deduct(Dir, f64, f64),
    Direct,
    Binary,
}

/// Which method a property module tests; parameters are generated.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Proportional(Dir),
    Efficacy(Dir),
    Rank(Dir),
    Target(Dir),
    Bands,
    Deduct(Dir),
    Direct,
    Binary,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub method: Method,
    /// P of `m` and of the filler `f`.
    pub p: f64,
    pub pf: f64,
    pub average: bool,
    pub m: Vec<Cell>,
    pub targets: Vec<f64>,
    pub f: Vec<Cell>,
    /// A permutation of the units, for the order property.
    pub perm: Vec<usize>,
    /// Adjustments `(unit, kind, points)`, and a permutation of them for the order property.
    pub adjustments: Vec<(usize, AdjustmentKind, f64)>,
    pub adj_perm: Vec<usize>,
}

impl Case {
    pub fn n(&self) -> usize {
        self.m.len()
    }

    pub fn dir(&self) -> Option<Dir> {
        match self.method {
            Method::Proportional(d)
            | Method::Efficacy(d, _)
            | Method::Rank(d, ..)
            | Method::Target(d, _)
            | Method::Deduct(d, ..) => Some(d),
            _ => None,
        }
    }

    /// The most `m` can score: P·cap for `target`.
    pub fn max_score(&self) -> f64 {
        match self.method {
            Method::Target(_, cap) => self.p * cap,
            _ => self.p,
        }
    }

    pub fn toml(&self) -> String {
        let (name, params) = match &self.method {
            Method::Proportional(_) => ("proportional", String::new()),
            Method::Efficacy(_, b) => ("efficacy", format!("base = {b:?}\n")),
            Method::Rank(_, s, f) => ("rank", format!("step = {s:?}\nfloor = {f:?}\n")),
            Method::Target(_, c) => ("target", format!("cap = {c:?}\n")),
            Method::Bands(b) => {
                let pairs: Vec<String> = b.iter().map(|(l, p)| format!("[{l:?}, {p:?}]")).collect();
                ("bands", format!("bands = [{}]\n", pairs.join(", ")))
            }
            Method::Deduct(_, per, t) => ("deduct", format!("per = {per:?}\nthreshold = {t:?}\n")),
            Method::Direct => ("direct", String::new()),
            Method::Binary => ("binary", String::new()),
        };
        let direction = match self.dir() {
            Some(Dir::Higher) => "direction = \"higher\"\n",
            Some(Dir::Lower) => "direction = \"lower\"\n",
            None => "",
        };
        let missing = if self.average { "average" } else { "zero" };
        format!(
            r#"decimals = 2
[[dimensions]]
id = "core"
name = "核心"
core = true
[[dimensions]]
id = "other"
name = "其他"
[[tracks]]
id = "t"
name = "赛道"
categories = ["township"]
total = {total:?}
tie_breakers = ["core"]
grades = {{ by = "share", levels = [{{ name = "优秀", share = 0.3 }}, {{ name = "一般", share = 1.0 }}] }}
[[indicators]]
id = "m"
name = "被测"
dimension = "core"
method = "{name}"
{direction}{params}missing = "{missing}"
points = {{ t = {p:?} }}
[[indicators]]
id = "f"
name = "直接"
dimension = "other"
method = "direct"
missing = "zero"
points = {{ t = {pf:?} }}
"#,
            total = self.p + self.pf,
            p = self.p,
            pf = self.pf,
        )
    }

    pub fn config(&self) -> Config {
        match Config::parse(&self.toml(), Path::new("properties.toml")) {
            Ok(c) => c,
            Err(e) => panic!("generated config is invalid: {e}\n{}", self.toml()),
        }
    }

    /// Evaluates the units in the order `order` (indices into the case's units), with the
    /// adjustment rows in the order `adj_order`.
    pub fn evaluate_in(
        &self,
        cfg: &Config,
        order: &[usize],
        adj_order: &[usize],
    ) -> Result<(Dataset, Results), TestCaseError> {
        let units = order
            .iter()
            .map(|&k| Unit::new(&format!("U{k:02}"), &format!("单位{k}"), Category::Township));
        let registry = Registry::from_units(units.collect()).map_err(TestCaseError::fail)?;
        let pick = |cells: &[Cell]| {
            Column::from_cells(&order.iter().map(|&k| cells[k]).collect::<Vec<_>>())
        };
        let mut m = IndicatorData::new(pick(&self.m));
        if matches!(self.method, Method::Target(..)) {
            m.targets = Some(std::sync::Arc::new(
                order.iter().map(|&k| self.targets[k]).collect(),
            ));
        }
        let f = IndicatorData::new(pick(&self.f));
        let period = Period::Quarter(2024, 2);
        let (mut ds, _) = Dataset::from_columns(cfg, period, registry, vec![vec![m, f]])
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        ds.adjustments = adj_order
            .iter()
            .map(|&j| {
                let (k, kind, points) = self.adjustments[j];
                Adjustment {
                    unit: order.iter().position(|&u| u == k).unwrap_or(0),
                    kind,
                    points,
                    reason: "理由".into(),
                    reference: "文件".into(),
                    line: j as u64 + 2,
                }
            })
            .collect();
        let res = evaluate(cfg, &ds);
        Ok((ds, res))
    }

    pub fn evaluate(
        &self,
        cfg: &Config,
        order: &[usize],
    ) -> Result<(Dataset, Results), TestCaseError> {
        let adj: Vec<usize> = (0..self.adjustments.len()).collect();
        self.evaluate_in(cfg, order, &adj)
    }

    pub fn identity(&self) -> Vec<usize> {
        (0..self.n()).collect()
    }
}
