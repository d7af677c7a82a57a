//! One quarter's files: the wide category CSVs with their values, and `targets.csv`.

use super::*;

/// The indicator columns of each track, as in `scoring-config.toml`.
pub(crate) fn indicators(track: Track) -> &'static [&'static str] {
    match track {
        Track::Town => &[
            "gyzjz", "ybsr", "sczt", "gdtz", "zdxm", "xmrk", "qyxm", "dwzj", "xf", "myd", "aqsg",
            "pajs", "nh", "hzz", "djkh",
        ],
        Track::DeptEcon => &["qtzb", "xmrk", "qyxm", "dwzj", "djkh", "tsjs", "pymyd"],
        Track::DeptSocial => &["mszs", "xfbj", "aqsg", "djkh", "tsjs", "pymyd"],
        Track::DeptParty => &["dqrw", "xxxc", "djkh", "tsjs", "pymyd"],
        Track::Village => &[
            "jtsr", "gcxm", "xmxs", "xf", "aqsg", "pajs", "hzz", "rjhj", "djkh",
        ],
    }
}

pub(crate) fn write_quarter(dir: &Path, units: &[Unit], q: usize) -> io::Result<()> {
    let folder = fresh_dir(&dir.join(QUARTERS[q]))?;
    for cat in Cat::ALL {
        write(
            &folder.join(format!("{}.csv", cat.id())),
            &category_csv(units, cat, q),
        )?;
    }
    write(&folder.join("targets.csv"), &targets_csv(units, q))?;
    write(
        &folder.join("adjustments.csv"),
        &adjustments_csv(QUARTERS[q]),
    )?;
    if q < NEW_SCHEME_FROM {
        write(&folder.join("scoring-config.toml"), &old_scheme(q == 0))?;
    }
    Ok(())
}

/// One wide file: `unit_id,unit_name,<indicators of the category's tracks>`. Departments of
/// the three classes share `department.csv`: a column of another class's track holds `-`.
pub(crate) fn category_csv(units: &[Unit], cat: Cat, q: usize) -> String {
    let members: Vec<&Unit> = units
        .iter()
        .filter(|u| u.cat == cat && u.active(q))
        .collect();
    let mut cols: Vec<&str> = Vec::new();
    for ind in members.iter().flat_map(|u| indicators(u.track())) {
        if !cols.contains(ind) {
            cols.push(ind);
        }
    }
    let mut out = String::new();
    let header: Vec<&str> = ["unit_id", "unit_name"]
        .into_iter()
        .chain(cols.iter().copied())
        .collect();
    push_row(&mut out, &header);
    for u in members {
        let own = indicators(u.track());
        let cells: Vec<String> = cols
            .iter()
            .map(|ind| match own.contains(ind) {
                true => cell(u, ind, q),
                false => "-".to_string(),
            })
            .collect();
        let fields: Vec<&str> = [u.id.as_str(), &u.name]
            .into_iter()
            .chain(cells.iter().map(String::as_str))
            .collect();
        push_row(&mut out, &fields);
    }
    out
}

/// The text of one cell: a number, `不适用` or empty.
pub(crate) fn cell(u: &Unit, ind: &str, q: usize) -> String {
    if not_applicable(u, ind) {
        return "不适用".to_string();
    }
    if blank(u, ind, q) {
        return String::new();
    }
    let mut r = keyed(&format!("value/{}/{}/{ind}", u.lineage, QUARTERS[q]));
    // Each indicator sees the unit's strength through its own noise.
    let x = (u.strength[q] + r.range(-0.08, 0.08)).clamp(0.0, 1.0);
    let v = match u.track() {
        Track::Town => town_value(u, ind, q, x, &mut r),
        Track::DeptEcon | Track::DeptSocial | Track::DeptParty => dept_value(u, ind, x, &mut r),
        Track::Village => village_value(ind, x, &mut r),
    };
    match ind {
        "pajs" => if v == 1.0 { "是" } else { "否" }.to_string(),
        _ => format!("{v:.*}", decimals(ind)),
    }
}

/// Cells marked 不适用: communities have no collective income, 新华街道 and three inner-city
/// communities no river, two villages are being relocated, 区委编办 takes no hotline calls.
pub(crate) fn not_applicable(u: &Unit, ind: &str) -> bool {
    match ind {
        "jtsr" => u.cat == Cat::Community,
        "hzz" => ["J05", "S01", "S02", "S03"].contains(&u.id.as_str()),
        "xmxs" => ["V050", "V051"].contains(&u.id.as_str()),
        "tsjs" => u.id == "D35",
        _ => false,
    }
}

/// Empty cells, only where the config's missing policy allows: satisfaction surveys that did not
/// sample the unit (`myd`, `pymyd`: average) and river-chief reports not filed (`hzz`: zero).
pub(crate) fn blank(u: &Unit, ind: &str, q: usize) -> bool {
    let rate = match ind {
        "myd" => 0.1,
        "pymyd" => 0.05,
        "hzz" => 0.01,
        _ => return false,
    };
    keyed(&format!("blank/{}/{}/{ind}", u.id, QUARTERS[q])).unit() < rate
}

pub(crate) fn decimals(ind: &str) -> usize {
    match ind {
        "gyzjz" | "ybsr" | "gdtz" | "dwzj" | "djkh" => 2,
        "nh" => 3,
        "zdxm" | "myd" | "qtzb" | "mszs" | "xfbj" | "dqrw" | "pymyd" | "jtsr" | "gcxm" | "rjhj" => {
            1
        }
        _ => 0,
    }
}

/// Townships, sub-districts and the zone. `x` is the noisy strength in [0, 1].
pub(crate) fn town_value(u: &Unit, ind: &str, q: usize, x: f64, r: &mut Rng) -> f64 {
    let k = u.size;
    match ind {
        "gyzjz" => industry_levels(u)[q],
        "ybsr" => k * (0.3 + 1.5 * x),
        "sczt" => (k * (80.0 + 500.0 * x)).round(),
        "gdtz" => investment_target(u, q).unwrap_or(DEFAULT_INVESTMENT_TARGET) * (0.72 + 0.5 * x),
        "zdxm" => (55.0 + 45.0 * x).min(100.0),
        "xmrk" => (k * (2.0 + 12.0 * x)).round(),
        "qyxm" => (k * (1.0 + 10.0 * x)).round(),
        "dwzj" => k * (0.5 + 5.0 * x),
        "xf" => (3.0 + 25.0 * (1.0 - x)).round(),
        "myd" => 82.0 + 16.0 * x,
        "aqsg" => incidents(x, 0.5, r),
        "pajs" | "hzz" => pass(x, r),
        "nh" => 0.35 + 0.6 * (1.0 - x),
        "djkh" => direct(5.0, x),
        _ => panic!("no generator for town indicator {ind}"),
    }
}

/// District departments of every class.
pub(crate) fn dept_value(u: &Unit, ind: &str, x: f64, r: &mut Rng) -> f64 {
    match (ind, u.track()) {
        ("qtzb", _) => 88.0 + 22.0 * x,
        ("xmrk", _) => (1.0 + 6.0 * x).round(),
        ("qyxm", _) => (5.0 * x).round(),
        ("dwzj", _) => 0.1 + 2.4 * x,
        ("mszs", _) => 80.0 + 25.0 * x,
        ("xfbj", _) => (88.0 + 12.0 * x).min(100.0),
        ("aqsg", _) => incidents(x, 0.3, r),
        ("dqrw", _) => direct(40.0, x),
        ("xxxc", _) => (3.0 + 17.0 * x).round(),
        ("djkh", Track::DeptParty) => direct(20.0, x),
        ("djkh", _) => direct(10.0, x),
        ("tsjs", Track::DeptSocial) => (10.0 + 50.0 * (1.0 - x)).round(),
        ("tsjs", Track::DeptEcon) => (12.0 * (1.0 - x)).round(),
        ("tsjs", _) => (6.0 * (1.0 - x)).round(),
        ("pymyd", _) => 86.0 + 13.0 * x,
        _ => panic!("no generator for department indicator {ind}"),
    }
}

/// Villages and communities.
pub(crate) fn village_value(ind: &str, x: f64, r: &mut Rng) -> f64 {
    match ind {
        "jtsr" => 3.0 + 70.0 * x * x,
        "gcxm" => 65.0 + 45.0 * x,
        "xmxs" => (8.0 * x).round(),
        "xf" => (5.0 * (1.0 - x) + r.range(-0.5, 0.5)).round().max(0.0),
        "aqsg" => incidents(x, 0.12, r),
        "pajs" | "hzz" => pass(x, r),
        "rjhj" => 70.0 + 28.0 * x,
        "djkh" => direct(15.0, x),
        _ => panic!("no generator for village indicator {ind}"),
    }
}

/// Safety incidents: a weak unit has one with probability `rate·(1 − x)`, sometimes two.
pub(crate) fn incidents(x: f64, rate: f64, r: &mut Rng) -> f64 {
    if r.unit() >= rate * (1.0 - x) {
        0.0
    } else if r.unit() < 0.3 {
        2.0
    } else {
        1.0
    }
}

/// A completed (1) or failed (0) task; weak units fail now and then.
pub(crate) fn pass(x: f64, r: &mut Rng) -> f64 {
    if r.unit() < 0.2 * (1.0 - x) {
        0.0
    } else {
        1.0
    }
}

/// A score given by a lead department, out of `p`.
pub(crate) fn direct(p: f64, x: f64) -> f64 {
    p * (0.78 + 0.2 * x)
}

/// Quarterly industrial value added (亿元), chained by a growth that follows the strength.
pub(crate) fn industry_levels(u: &Unit) -> [f64; 5] {
    let mut r = keyed(&format!("industry/{}", u.lineage));
    let base = match u.cat {
        Cat::Township => 6.0,
        Cat::Subdistrict => 2.0,
        _ => 12.0,
    };
    let mut level = base * u.size;
    let mut out = [0.0; 5];
    for (q, v) in out.iter_mut().enumerate() {
        if q > 0 {
            let growth = -4.0 + 16.0 * u.strength[q] + r.range(-1.5, 1.5);
            level *= 1.0 + growth / 100.0;
        }
        *v = level;
    }
    out
}

// ── Targets ─────────────────────────────────────────────────────────────────────────────────

/// The config's `target` of `gdtz`, for the units without a row in `targets.csv`.
pub(crate) const DEFAULT_INVESTMENT_TARGET: f64 = 6.0;

/// Fixed-asset investment targets (亿元) of townships and the zone; sub-districts use the
/// config's default.
pub(crate) fn investment_target(u: &Unit, q: usize) -> Option<f64> {
    let t = u.size * 6.0 * (1.0 + 0.04 * q as f64);
    matches!(u.cat, Cat::Township | Cat::HightechZone).then_some((t * 10.0).round() / 10.0)
}

/// Departments whose economic figures have a target other than the config's 100 %.
pub(crate) const LEAD_TARGETS: [(&str, f64); 3] = [("D01", 102.0), ("D03", 105.0), ("D12", 98.0)];

pub(crate) fn targets_csv(units: &[Unit], q: usize) -> String {
    let mut out = String::from("unit_id,indicator,target\n");
    for u in units.iter().filter(|u| u.active(q)) {
        if let Some(t) = investment_target(u, q) {
            push_row(&mut out, &[&u.id, "gdtz", &format!("{t:.1}")]);
        }
    }
    for (id, t) in LEAD_TARGETS {
        push_row(&mut out, &[id, "qtzb", &format!("{t:.1}")]);
    }
    out
}

// ── Adjustments ─────────────────────────────────────────────────────────────────────────────
