//! pingyi against a composite indicator that others computed and published: COINr's ASEM
//! Sustainable Connectivity index (`tests/fixtures/coinr_asem`, MIT; see its README).
//!
//! The mapping. COINr normalises every indicator by min-max to [0, 100] after its direction, then
//! takes unweighted arithmetic means up the tree indicator → pillar → sub-index → index. pingyi's
//! `efficacy` with `base = 0` is that min-max: `P·(x−min)/(max−min)`, lower-better `(max−x)`. A
//! mean of means is a weighted sum, so with
//!
//! ```text
//! P_i = 100 / (n_subindices · n_pillars(sub-index of i) · n_indicators(pillar of i))
//! ```
//!
//! pingyi's total `Σ P_i·N_i/100` equals COINr's index, and the dimension subtotal of pillar k is
//! `pillar_k / (n_subindices · n_pillars(sub-index of k))`. Each country is one unit on a single
//! track (category `township`: no parent or class needed), each pillar a dimension.
//!
//! The converter writes a pingyi config and data folder from COINr's *treated* values (after
//! imputation and outlier treatment, before normalisation), so that pingyi itself normalises,
//! weights, rounds and ranks; each cell is copied as the exact text COINr exported.

mod common;

mod reference {
    mod composite;
    mod pipeline;
}

use std::collections::HashMap;
use std::path::PathBuf;

use common::{Rows, Workdir};
use pingyi::eval::Evaluation;
use pingyi::Period;

const PERIOD: &str = "2018Q4";
const TRACK: &str = "asem";
/// The brief's tolerance for the index before rounding (the observed error is ~1e-13).
const TOLERANCE: f64 = 1e-6;

// ---------------------------------------------------------------------------------------------
// Reading COINr's exports.

/// A CSV file held as text, with its header for lookups by column name.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(name: &str) -> Table {
        let path = common::fixture("coinr_asem").join(name);
        let mut r = csv::Reader::from_path(&path)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
        let header = r.headers().unwrap().iter().map(String::from).collect();
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect();
        Table { header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column `{name}` in {:?}", self.header))
    }

    /// The row of each unit, keyed by `UnitCode`.
    fn by_unit(&self) -> HashMap<&str, &[String]> {
        let c = self.col("UnitCode");
        self.rows
            .iter()
            .map(|r| (r[c].as_str(), r.as_slice()))
            .collect()
    }

    /// The number in column `name` of the unit's row.
    fn num(&self, unit: &str, name: &str) -> f64 {
        let (u, c) = (self.col("UnitCode"), self.col(name));
        let row = self
            .rows
            .iter()
            .find(|r| r[u] == unit)
            .unwrap_or_else(|| panic!("no unit {unit}"));
        row[c]
            .parse()
            .unwrap_or_else(|e| panic!("{unit}.{name} = `{}`: {e}", row[c]))
    }
}

struct Indicator {
    code: String,
    name: String,
    higher: bool,
    pillar: usize,
    points: f64,
}

struct Pillar {
    code: String,
    name: String,
    /// `n_subindices · n_pillars(its sub-index)`: pillar score = dimension subtotal × this.
    factor: f64,
    subindex: usize,
}

/// The index's tree, from `ASEM_iMeta.csv`, in file order.
struct Tree {
    subindices: Vec<String>,
    pillars: Vec<Pillar>,
    indicators: Vec<Indicator>,
}

impl Tree {
    fn read() -> Tree {
        let meta = Table::read("ASEM_iMeta.csv");
        let (level, code, name, dir, weight, parent, kind) = (
            meta.col("Level"),
            meta.col("iCode"),
            meta.col("iName"),
            meta.col("Direction"),
            meta.col("Weight"),
            meta.col("Parent"),
            meta.col("Type"),
        );
        let tree_rows: Vec<&Vec<String>> = meta
            .rows
            .iter()
            .filter(|r| r[kind] == "Indicator" || r[kind] == "Aggregate")
            .collect();
        for r in &tree_rows {
            // The mapping to points assumes COINr's default unit weights throughout.
            assert_eq!(
                r[weight].parse::<f64>().unwrap(),
                1.0,
                "weight of {}",
                r[code]
            );
        }
        let at = |l: &'static str| tree_rows.iter().filter(move |r| r[level] == l);
        let top: Vec<_> = at("4.0").collect();
        assert_eq!(top.len(), 1, "one index at level 4");
        let subindices: Vec<String> = at("3.0")
            .inspect(|r| assert_eq!(r[parent], top[0][code]))
            .map(|r| r[code].clone())
            .collect();
        let mut pillars: Vec<Pillar> = at("2.0")
            .map(|r| Pillar {
                code: r[code].clone(),
                name: r[name].clone(),
                factor: 0.0,
                subindex: subindices.iter().position(|s| *s == r[parent]).unwrap(),
            })
            .collect();
        let n_sub = subindices.len() as f64;
        let pillars_in: Vec<usize> = (0..subindices.len())
            .map(|s| pillars.iter().filter(|p| p.subindex == s).count())
            .collect();
        for p in &mut pillars {
            p.factor = n_sub * pillars_in[p.subindex] as f64;
        }
        let mut indicators: Vec<Indicator> = at("1.0")
            .map(|r| Indicator {
                code: r[code].clone(),
                name: r[name].clone(),
                higher: match r[dir].as_str() {
                    "1.0" => true,
                    "-1.0" => false,
                    d => panic!("direction `{d}` of {}", r[code]),
                },
                pillar: pillars.iter().position(|p| p.code == r[parent]).unwrap(),
                points: 0.0,
            })
            .collect();
        let in_pillar: Vec<usize> = (0..pillars.len())
            .map(|p| indicators.iter().filter(|i| i.pillar == p).count())
            .collect();
        for i in &mut indicators {
            i.points = 100.0 / (pillars[i.pillar].factor * in_pillar[i.pillar] as f64);
        }
        Tree {
            subindices,
            pillars,
            indicators,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The converter: COINr's treated values → a pingyi config and data folder.

fn table(pairs: Vec<(&str, toml::Value)>) -> toml::Value {
    toml::Value::Table(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn text(s: &str) -> toml::Value {
    toml::Value::String(s.to_string())
}

/// The scoring scheme: one dimension per pillar, one `efficacy` (base 0) indicator per COINr
/// indicator, one track of total 100. Serialised by the `toml` crate, so names are escaped.
fn config_toml(tree: &Tree) -> String {
    let dimensions = tree
        .pillars
        .iter()
        .map(|p| {
            let name = format!("{} ({})", p.name, tree.subindices[p.subindex]);
            table(vec![("id", text(&p.code)), ("name", text(&name))])
        })
        .collect();
    let grades = table(vec![
        ("by", text("share")),
        (
            "levels",
            toml::Value::Array(vec![table(vec![
                ("name", text("all")),
                ("share", toml::Value::Float(1.0)),
            ])]),
        ),
    ]);
    let track = table(vec![
        ("id", text(TRACK)),
        ("name", text("ASEM countries")),
        ("categories", toml::Value::Array(vec![text("township")])),
        ("total", toml::Value::Float(100.0)),
        ("grades", grades),
    ]);
    let indicators = tree
        .indicators
        .iter()
        .map(|i| {
            let dir = if i.higher { "higher" } else { "lower" };
            table(vec![
                ("id", text(&i.code)),
                ("name", text(&i.name)),
                ("dimension", text(&tree.pillars[i.pillar].code)),
                ("method", text("efficacy")),
                ("base", toml::Value::Float(0.0)),
                ("direction", text(dir)),
                ("points", table(vec![(TRACK, toml::Value::Float(i.points))])),
            ])
        })
        .collect();
    let root = table(vec![
        ("decimals", toml::Value::Integer(2)),
        ("dimensions", toml::Value::Array(dimensions)),
        ("tracks", toml::Value::Array(vec![track])),
        ("indicators", toml::Value::Array(indicators)),
    ]);
    toml::to_string(&root).unwrap()
}

/// A converted scheme in a temporary folder (removed on drop).
struct Converted {
    dir: Workdir,
    config: PathBuf,
    data: PathBuf,
}

fn convert(tree: &Tree, treated: &Table) -> Converted {
    let dir = Workdir::new();
    let config = dir.path().join("scoring-config.toml");
    std::fs::write(&config, config_toml(tree)).unwrap();
    let data = dir.path().join("data");
    let period_dir = data.join(PERIOD);
    std::fs::create_dir_all(&period_dir).unwrap();

    let (code, name) = (treated.col("UnitCode"), treated.col("UnitName"));
    let mut units = csv::Writer::from_path(data.join("units.csv")).unwrap();
    units
        .write_record(["id", "name", "category", "parent"])
        .unwrap();
    for r in &treated.rows {
        units
            .write_record([&r[code], &r[name], "township", ""])
            .unwrap();
    }
    units.flush().unwrap();

    let cols: Vec<usize> = tree
        .indicators
        .iter()
        .map(|i| treated.col(&i.code))
        .collect();
    let mut wide = csv::Writer::from_path(period_dir.join("township.csv")).unwrap();
    let mut header = vec!["unit_id", "unit_name"];
    header.extend(tree.indicators.iter().map(|i| i.code.as_str()));
    wide.write_record(&header).unwrap();
    for r in &treated.rows {
        let mut rec = vec![r[code].as_str(), r[name].as_str()];
        rec.extend(cols.iter().map(|&c| r[c].as_str()));
        wide.write_record(&rec).unwrap();
    }
    wide.flush().unwrap();
    Converted { dir, config, data }
}

// ---------------------------------------------------------------------------------------------
// Running pingyi and reading its results back by country code.

/// What pingyi computed for one country.
struct Scored {
    total: f64,
    rounded: f64,
    rank: u32,
    /// Dimension subtotals by pillar code.
    dims: HashMap<String, f64>,
    /// Indicator scores by indicator code.
    scores: HashMap<String, f64>,
}

struct Run {
    tree: Tree,
    conv: Converted,
    /// By country code.
    units: HashMap<String, Scored>,
    /// Country codes in pingyi's display order (rank, then id).
    order: Vec<String>,
}

fn run() -> Run {
    let tree = Tree::read();
    let treated = Table::read("v0_Treated.csv");
    let conv = convert(&tree, &treated);
    let period: Period = PERIOD.parse().unwrap();
    let ev = Evaluation::run(&conv.config, &conv.data, period)
        .unwrap_or_else(|e| panic!("pingyi rejected the converted ASEM data: {e}"));
    assert_eq!(ev.res.tracks.len(), 1);
    let tr = &ev.res.tracks[0];
    let cfg = &ev.cfg;
    let track = &cfg.tracks[tr.track];
    let id = |pos: usize| ev.ds.registry.units[tr.units[pos]].id.to_string();
    let units = (0..tr.units.len())
        .map(|pos| {
            let dims = tr
                .scores
                .dims
                .iter()
                .zip(&tr.scores.dim_scores)
                .map(|(&d, v)| (cfg.dimensions[d].id.clone(), v[pos]))
                .collect();
            let scores = track
                .indicators
                .iter()
                .zip(&tr.scores.columns)
                .map(|(ti, col)| (cfg.indicator(ti).id.clone(), col.score(pos)))
                .collect();
            let s = Scored {
                total: tr.total(pos),
                rounded: tr.rounded[pos],
                rank: tr.rank[pos],
                dims,
                scores,
            };
            (id(pos), s)
        })
        .collect();
    let order = tr.order.iter().map(|&pos| id(pos)).collect();
    Run {
        tree,
        conv,
        units,
        order,
    }
}

// ---------------------------------------------------------------------------------------------
// The checks.

#[test]
fn converted_points_add_up_to_100_within_the_validation_tolerance() {
    let tree = Tree::read();
    assert_eq!(tree.indicators.len(), 49);
    assert_eq!(tree.pillars.len(), 8);
    assert_eq!(tree.subindices, ["Conn", "Sust"]);
    let sum: f64 = tree.indicators.iter().map(|i| i.points).sum();
    // 1.25·16 + 2·5 + (10/3)·13 + (5/3)·6 + (50/27)·9 is 100 exactly, but its floating-point sum
    // is 99.99999999999993: pingyi must (and does) accept it through its 1e-6 tolerance.
    assert!((sum - 100.0).abs() <= 1e-6, "points add up to {sum}");
}

#[test]
fn every_country_is_scored() {
    let r = run();
    assert_eq!(r.units.len(), 51);
    assert!(r.conv.config.is_file());
}

/// Per indicator: pingyi's score is `P·N/100`, N = COINr's normalised value.
#[test]
fn indicator_scores_equal_coinr_min_max_normalisation() {
    let r = run();
    let norm = Table::read("v0_Normalised.csv");
    let mut worst = (0.0_f64, String::new());
    for (unit, s) in &r.units {
        for ind in &r.tree.indicators {
            let expected = ind.points * norm.num(unit, &ind.code) / 100.0;
            let d = (s.scores[&ind.code] - expected).abs();
            assert!(
                d <= 1e-9,
                "{unit}.{}: pingyi {} vs COINr {expected}",
                ind.code,
                s.scores[&ind.code]
            );
            if d > worst.0 {
                worst = (d, format!("{unit}.{}", ind.code));
            }
        }
    }
    eprintln!(
        "indicator scores: max |pingyi − COINr| = {:e} at {}",
        worst.0, worst.1
    );
}

/// The index before rounding, every pillar and both sub-indices, for every country.
#[test]
fn index_pillars_and_subindices_equal_coinr_aggregates() {
    let r = run();
    let agg = Table::read("v0_Aggregated.csv");
    let (mut index_worst, mut pillar_worst, mut sub_worst) = (0.0_f64, 0.0_f64, 0.0_f64);
    for (unit, s) in &r.units {
        let index = agg.num(unit, "Index");
        let d = (s.total - index).abs();
        assert!(
            d <= TOLERANCE,
            "{unit}: pingyi total {} vs COINr Index {index}",
            s.total
        );
        index_worst = index_worst.max(d);

        let mut sub_sums = vec![0.0; r.tree.subindices.len()];
        for p in &r.tree.pillars {
            let subtotal = s.dims[&p.code];
            sub_sums[p.subindex] += subtotal;
            let expected = agg.num(unit, &p.code);
            let d = (subtotal * p.factor - expected).abs();
            assert!(
                d <= TOLERANCE,
                "{unit}.{}: pingyi subtotal {subtotal} × {} vs COINr {expected}",
                p.code,
                p.factor
            );
            pillar_worst = pillar_worst.max(d);
        }
        // A sub-index is the mean of its pillars: its share of the total, times n_subindices.
        let n_sub = r.tree.subindices.len() as f64;
        for (k, code) in r.tree.subindices.iter().enumerate() {
            let expected = agg.num(unit, code);
            let d = (sub_sums[k] * n_sub - expected).abs();
            assert!(
                d <= TOLERANCE,
                "{unit}.{code}: {} vs {expected}",
                sub_sums[k] * n_sub
            );
            sub_worst = sub_worst.max(d);
        }
        let dim_sum: f64 = s.dims.values().sum();
        assert!(
            (dim_sum - s.total).abs() <= 1e-9,
            "{unit}: subtotals add up to the total"
        );
    }
    eprintln!(
        "max |pingyi − COINr|: index {index_worst:e}, pillars {pillar_worst:e}, sub-indices {sub_worst:e}"
    );
}

/// The published table: 2-decimal index and rank of every country.
#[test]
fn rounded_scores_and_ranks_equal_the_published_table() {
    let r = run();
    let published = Table::read("v0_Results_AggregatesScore_rounded2.csv");
    let (score_col, rank_col) = (published.col("Index"), published.col("Rank"));
    let rows = published.by_unit();
    assert_eq!(rows.len(), r.units.len());
    let mut agree = 0;
    for (unit, s) in &r.units {
        let row = rows
            .get(unit.as_str())
            .unwrap_or_else(|| panic!("{unit} unpublished"));
        let score: f64 = row[score_col].parse().unwrap();
        let rank: f64 = row[rank_col].parse().unwrap();
        assert_eq!(
            format!("{:.2}", s.rounded),
            format!("{score:.2}"),
            "{unit}: rounded total (full precision {})",
            s.total
        );
        assert_eq!(f64::from(s.rank), rank, "{unit}: rank");
        agree += 1;
    }
    eprintln!(
        "{agree} of {} countries: same 2-decimal score and rank",
        rows.len()
    );
}

#[test]
fn top_five_as_published() {
    let r = run();
    let top: Vec<(&str, String, u32)> = r.order[..5]
        .iter()
        .map(|u| {
            let s = &r.units[u];
            (u.as_str(), format!("{:.2}", s.rounded), s.rank)
        })
        .collect();
    let expected = [
        ("CHE", "68.38", 1),
        ("NLD", "64.82", 2),
        ("DNK", "64.80", 3),
        ("NOR", "64.47", 4),
        ("BEL", "63.54", 5),
    ];
    let expected: Vec<(&str, String, u32)> = expected
        .iter()
        .map(|&(u, s, k)| (u, s.to_string(), k))
        .collect();
    assert_eq!(top, expected);
}

/// The same through the binary, as a user would run it: `pingyi rank --format csv`.
#[test]
fn binary_csv_output_agrees_with_the_published_table() {
    let r = run();
    let out = r
        .conv
        .dir
        .cmd(["rank", "--config"])
        .arg(&r.conv.config)
        .arg("--data")
        .arg(&r.conv.data)
        .args(["--period", PERIOD, "--format", "csv"])
        .run()
        .success();
    let rows = Rows::parse(&out.stdout);
    let published = Table::read("v0_Results_AggregatesScore_rounded2.csv");
    let mut n = 0;
    for unit in &rows.order {
        let score = published.num(unit, "Index");
        let published_rank = published.num(unit, "Rank");
        assert_eq!(
            rows.get(unit, "total"),
            format!("{score:.2}"),
            "{unit}: total"
        );
        assert_eq!(
            rows.get(unit, "rank").parse::<f64>().unwrap(),
            published_rank,
            "{unit}: rank"
        );
        n += 1;
    }
    assert_eq!(n, 51);
}
