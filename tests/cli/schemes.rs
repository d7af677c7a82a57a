//! Scheme and data builders shared by the end-to-end tests: two dimensions, one township track,
//! indicator tables, townships `T1 … Tn` and their category files.

use crate::common::{Rows, Workdir};

/// Two dimensions: `econ` (core) and `soc`.
pub const DIMENSIONS: &str = r#"
[[dimensions]]
id = "econ"
name = "经济发展"
core = true

[[dimensions]]
id = "soc"
name = "社会治理"
"#;

/// Grades by share used where the grade does not matter: top half 优秀, the rest 一般.
pub const HALF_GRADES: &str = r#"{ by = "share", levels = [{ name = "优秀", share = 0.5 }, { name = "一般", share = 1.0 }] }"#;

/// A scheme with the two dimensions and one track `town` (townships and sub-districts) of
/// `total` points.
/// `extra` holds the track's further keys (`tie_breakers = …`) and then the indicator tables.
pub fn town_config(total: &str, grades: &str, extra: &str) -> String {
    format!(
        "{DIMENSIONS}\n[[tracks]]\nid = \"town\"\nname = \"乡镇\"\ncategories = [\"township\", \"subdistrict\"]\n\
         total = {total}\ngrades = {grades}\n{extra}\n"
    )
}

/// One indicator table: id `id`, dimension `dim`, `points` on track `town`, then `params`.
pub fn indicator(id: &str, dim: &str, points: &str, params: &str) -> String {
    format!(
        "\n[[indicators]]\nid = \"{id}\"\nname = \"指标{id}\"\ndimension = \"{dim}\"\n\
         points = {{ town = {points} }}\n{params}\n"
    )
}

/// A registry of townships `T1 … Tn` (names `镇1 …`).
pub fn townships(n: usize) -> String {
    let mut s = String::from("id,name,category,parent\n");
    for i in 1..=n {
        s.push_str(&format!("T{i},镇{i},township,\n"));
    }
    s
}

/// A category file: `header` (after `unit_id`) and one row per unit `T1 … Tn` from `cells`,
/// each a comma-separated list of cells.
pub fn rows_for(header: &str, cells: &[&str]) -> String {
    let mut s = format!("unit_id,{header}\n");
    for (i, c) in cells.iter().enumerate() {
        s.push_str(&format!("T{},{c}\n", i + 1));
    }
    s
}

/// Sets up a one-indicator scheme: indicator `x` in `econ` with all the track's points (`p`),
/// `params` for its method, townships `T1 …` with the given values in 2024Q2.
pub fn one_indicator(wd: &Workdir, p: &str, params: &str, values: &[&str]) {
    wd.config(&town_config(
        p,
        HALF_GRADES,
        &indicator("x", "econ", p, params),
    ))
    .units(&townships(values.len()))
    .period("2024Q2", "township", &rows_for("x", values));
}

/// Scores of `x` for `T1 …` in a one-indicator run.
pub fn x_scores(rows: &Rows) -> Vec<String> {
    let ids: Vec<String> = (1..=rows.len()).map(|i| format!("T{i}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    rows.col("x:score", &refs)
}

/// `&["1.00", …]` as owned strings, for comparing with [`x_scores`] and [`Rows::col`].
pub fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}
