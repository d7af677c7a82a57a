//! Trends and the annual roll-up (issue 3), end to end: the real `pingyi` binary on fixtures
//! written from strings into a temporary folder. Every expected number is computed by hand from
//! the formulas of the README (the arithmetic is in the comments), never copied from output.
//!
//! Most fixtures use one `direct` indicator `s` of P = 100 on track `town`, so that a quarter's
//! total is simply the cell value (plus that quarter's adjustments) and the roll-up arithmetic
//! stays visible.

use super::schemes::s;
use crate::common::{sha256_hex, Workdir};

mod files;
mod merged;
mod missing;
mod per_period;
mod renamed;
mod totals;
mod trends;
mod weights;

// The roll-up's own file builders, on the shared harness.

/// The unit `id` of a roll-up's JSON (`units[]`).
fn json_unit<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    doc["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["unit_id"] == id)
        .unwrap_or_else(|| panic!("no unit {id} in the roll-up"))
}

/// Fixture builders of the roll-up tests, on the shared [`Workdir`].
trait RollupFiles {
    fn quarter(&self, period: &str, totals: &[(&str, &str)]) -> &Workdir;
    fn scores(&self, rel: &str, rows: &[(&str, &str)]) -> &Workdir;
    fn month(&self, year_month: &str, rows: &[(&str, &str)]) -> &Workdir;
}

impl RollupFiles for Workdir {
    /// `data/<period>/township.csv` with the one indicator `s`.
    fn quarter(&self, period: &str, totals: &[(&str, &str)]) -> &Workdir {
        let mut s = String::from("unit_id,s\n");
        for (u, v) in totals {
            s.push_str(&format!("{u},{v}\n"));
        }
        self.create(&format!("data/{period}/township.csv"), &s)
    }

    /// A `unit_id,score` file (monthly efficiency or year-end review) at `rel` under `data/`.
    fn scores(&self, rel: &str, rows: &[(&str, &str)]) -> &Workdir {
        let mut s = String::from("unit_id,score\n");
        for (u, v) in rows {
            s.push_str(&format!("{u},{v}\n"));
        }
        self.create(&format!("data/{rel}"), &s)
    }

    /// `data/<year>-<mm>/efficiency.csv`.
    fn month(&self, year_month: &str, rows: &[(&str, &str)]) -> &Workdir {
        self.scores(&format!("{year_month}/efficiency.csv"), rows)
    }
}

/// A scheme with one `direct` indicator `s` (P = 100, dimension `econ`) on track `town`.
fn direct_scheme(decimals: u32, bonus_cap: &str, grades: &str, rollup: &str) -> String {
    format!(
        r#"decimals = {decimals}

[adjustments]
bonus_cap = {bonus_cap}
deduction_cap = 5

[[dimensions]]
id = "econ"
name = "经济发展"
core = true

[[tracks]]
id = "town"
name = "乡镇"
categories = ["township", "subdistrict"]
total = 100
grades = {grades}

[[indicators]]
id = "s"
name = "综合得分"
dimension = "econ"
method = "direct"
points = {{ town = 100 }}

[rollup]
{rollup}
"#
    )
}

/// A work folder holding [`direct_scheme`] at 2 decimals, bonus cap 3, `grades` and the
/// `[rollup]` lines given: the roll-up tests' usual scheme.
fn rollup_workdir(grades: &str, rollup: &str) -> Workdir {
    let wd = Workdir::new();
    wd.create(
        "scoring-config.toml",
        &direct_scheme(2, "3", grades, rollup),
    );
    wd
}

const SCORE_GRADES: &str = r#"{ by = "score", levels = [{ name = "优秀", min = 90 }, { name = "良好", min = 85 }, { name = "一般", min = 78 }, { name = "较差" }] }"#;
const HALF_GRADES: &str = r#"{ by = "share", levels = [{ name = "优秀", share = 0.5 }, { name = "一般", share = 1.0 }] }"#;

fn townships(ids: &[&str]) -> String {
    let mut s = String::from("id,name,category,parent\n");
    for (i, id) in ids.iter().enumerate() {
        s.push_str(&format!("{id},镇{},township,\n", i + 1));
    }
    s
}

const ADJ_HEADER: &str = "unit_id,kind,points,reason,reference\n";

const THREE: [&str; 3] = ["T1", "T2", "T3"];
