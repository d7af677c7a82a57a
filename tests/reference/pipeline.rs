//! COINr's ASEM index **from the raw data through pingyi's own pipeline** (a module of the
//! reference test binary): a scoring scheme and a data folder written from COINr's files, scored
//! by `pingyi` as any district is, every stage read back from pingyi's results and compared with
//! COINr's export of it.
//!
//! The scheme: each pillar a dimension whose `parent` is its sub-index (also a dimension); one
//! track `asem` of total 100 that aggregates through the dimension tree (`tree = true`,
//! arithmetic means); each indicator `method = "minmax"` (to [0, 100]) with its direction,
//! divided by the denominator its metadata names (`denominator`, `scale = 1`; the denominators are
//! columns of the registry, `units.csv`), its gaps imputed with the mean of its group
//! (`missing = "impute"`, `impute_by = "category"`: European countries are registered as
//! townships and Asian ones as sub-districts, so that a category is an `EurAsia_group`), and
//! treated (`treat = true`) by COINr < 1.0's rule as its run recorded it (`[treatment]`: strict
//! limits 2 and 3.5, at most 6 steps, the COIN Tool log). The raw cells are the exported text of
//! `v0_Raw.csv` and `v0_Denominators.csv`, the values COINr's run started from.

use std::collections::HashMap;
use std::path::Path;

use super::composite::{at_level, metadata, two_decimals, Element, Table, STAGE_TOLERANCE};
use crate::common::Workdir;
use pingyi::composite::{Direction, Treatment};
use pingyi::data::Cell;
use pingyi::eval::Evaluation;
use pingyi::Period;

const PERIOD: &str = "2018Q4";

/// `x` as TOML (a float keeps its `.0`).
fn num(x: f64) -> String {
    format!("{x:?}")
}

/// The scheme: dimensions for pillars and sub-indices, one tree track, one indicator per COINr
/// indicator.
fn config(meta: &[Element]) -> String {
    let mut s = String::from(
        "decimals = 2\n\n[treatment]\nskew = 2\nkurtosis = 3.5\ninclusive = false\nwinsorise = 6\nlimit = \"steps\"\nlog = \"coin_tool\"\n",
    );
    for e in at_level(meta, 3) {
        s.push_str(&format!(
            "\n[[dimensions]]\nid = \"{}\"\nname = \"{}\"\n",
            e.code, e.code
        ));
    }
    for e in at_level(meta, 2) {
        s.push_str(&format!(
            "\n[[dimensions]]\nid = \"{}\"\nname = \"{}\"\nparent = \"{}\"\n",
            e.code, e.code, e.parent
        ));
    }
    s.push_str(
        "\n[[tracks]]\nid = \"asem\"\nname = \"ASEM\"\ncategories = [\"township\", \"subdistrict\"]\n\
         total = 100\ntree = true\ngrades = { by = \"share\", levels = [{ name = \"all\", share = 1.0 }] }\n",
    );
    let pillars = at_level(meta, 2);
    let subs = at_level(meta, 3);
    for e in at_level(meta, 1) {
        let pillar = pillars.iter().find(|p| p.code == e.parent).unwrap();
        let in_pillar = at_level(meta, 1)
            .iter()
            .filter(|x| x.parent == e.parent)
            .count();
        let in_sub = pillars.iter().filter(|p| p.parent == pillar.parent).count();
        let points = 100.0 / (subs.len() * in_sub * in_pillar) as f64;
        let dir = match e.direction {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        };
        s.push_str(&format!(
            "\n[[indicators]]\nid = \"{}\"\nname = \"{}\"\ndimension = \"{}\"\nmethod = \"minmax\"\n\
             range = [0, 100]\ndirection = \"{dir}\"\npoints = {{ asem = {} }}\n\
             missing = \"impute\"\nimpute_by = \"category\"\ntreat = true\n",
            e.code,
            e.code,
            e.parent,
            num(points)
        ));
        if let Some(d) = &e.denominator {
            s.push_str(&format!("denominator = \"{d}\"\nscale = 1\n"));
        }
    }
    s
}

/// A text cell of COINr's export as a pingyi cell (`NA` is empty: missing).
fn cell(t: &str) -> &str {
    if t == "NA" {
        ""
    } else {
        t
    }
}

/// The registry (with the denominators as columns) and the two category files.
fn data(dir: &Path, meta: &[Element]) {
    let raw = Table::read("v0_Raw.csv");
    let den = Table::read("v0_Denominators.csv");
    let units = raw.text("UnitCode");
    let names = raw.text("UnitName");
    let groups = raw.text("Group_EurAsia");
    let category = |g: &str| match g {
        "Europe" => "township",
        "Asia" => "subdistrict",
        other => panic!("group {other}"),
    };
    let den_rows: HashMap<String, usize> = den
        .text("UnitCode")
        .into_iter()
        .enumerate()
        .map(|(i, u)| (u, i))
        .collect();
    let mut reg = String::from("id,name,category,parent,Area,Energy,GDP,Population\n");
    for (i, u) in units.iter().enumerate() {
        let r = &den.rows[den_rows[u]];
        let d = |c: &str| r[den.col(c)].clone();
        reg.push_str(&format!(
            "{u},{},{},,{},{},{},{}\n",
            names[i],
            category(&groups[i]),
            d("Den_Area"),
            d("Den_Energy"),
            d("Den_GDP"),
            d("Den_Pop")
        ));
    }
    std::fs::create_dir_all(dir.join(PERIOD)).unwrap();
    std::fs::write(dir.join("units.csv"), reg).unwrap();
    let codes: Vec<&str> = at_level(meta, 1).iter().map(|e| e.code.as_str()).collect();
    for (file, group) in [("township.csv", "Europe"), ("subdistrict.csv", "Asia")] {
        let mut t = format!("unit_id,{}\n", codes.join(","));
        for (i, row) in raw.rows.iter().enumerate() {
            if groups[i] != group {
                continue;
            }
            let cells: Vec<&str> = codes.iter().map(|c| cell(&row[raw.col(c)])).collect();
            t.push_str(&format!("{},{}\n", units[i], cells.join(",")));
        }
        std::fs::write(dir.join(PERIOD).join(file), t).unwrap();
    }
}

/// pingyi's evaluation of the converted data.
fn evaluate() -> (Workdir, Evaluation, Vec<Element>) {
    let meta = metadata();
    let wd = Workdir::new();
    wd.create("scoring-config.toml", &config(&meta));
    data(&wd.join("data"), &meta);
    let ev = Evaluation::run(
        &wd.join("scoring-config.toml"),
        &wd.join("data"),
        PERIOD.parse::<Period>().unwrap(),
    )
    .unwrap_or_else(|e| panic!("pingyi rejected the converted ASEM data: {e}"));
    (wd, ev, meta)
}

/// The largest |pingyi − COINr| of one stage: `ours(unit id, code)` against `file`.
fn worst(
    ev: &Evaluation,
    codes: &[&str],
    file: &str,
    ours: impl Fn(usize, usize) -> Option<f64>,
) -> (f64, String) {
    let theirs = Table::read(file);
    let tr = &ev.res.tracks[0];
    let ids: Vec<String> = tr
        .units
        .iter()
        .map(|&u| ev.ds.registry.units[u].id.to_string())
        .collect();
    let mut w = (0.0, String::new());
    for (k, code) in codes.iter().enumerate() {
        for (pos, (id, b)) in ids.iter().zip(theirs.numbers_for(&ids, code)).enumerate() {
            let (a, b) = match (ours(pos, k), b) {
                (Some(a), Some(b)) => (a, b),
                (None, None) => continue,
                (a, b) => panic!("{file}: {id}.{code}: pingyi {a:?}, COINr {b:?}"),
            };
            let e = (a - b).abs();
            if e > w.0 || e.is_nan() {
                w = (e, format!("{id}.{code}: pingyi {a}, COINr {b}"));
            }
        }
    }
    w
}

/// A pipeline stage: its name, the file of COINr's values it is checked against, and pingyi's value
/// at (unit position, indicator slot).
type Stage<'a> = (
    &'a str,
    &'a str,
    Box<dyn Fn(usize, usize) -> Option<f64> + 'a>,
);

#[test]
fn asem_every_stage_from_the_raw_data_through_pingyis_pipeline() {
    let (_wd, ev, meta) = evaluate();
    let tr = &ev.res.tracks[0];
    let td = &ev.ds.tracks[0];
    assert_eq!(tr.units.len(), 51);
    let codes: Vec<&str> = at_level(&meta, 1).iter().map(|e| e.code.as_str()).collect();
    let prep = |k: usize| tr.scores.prepared[k].as_deref().expect("derived column");
    let cell = |c: Cell| c.value();
    let stages: [Stage; 4] = [
        (
            "denominated",
            "v0_Denominated.csv",
            Box::new(|pos, k| match &prep(k).denominated {
                Some(d) => cell(d.get(pos)),
                None => cell(td.columns[k].raw.get(pos)),
            }),
        ),
        (
            "imputed",
            "v0_Imputed.csv",
            Box::new(|pos, k| {
                prep(k)
                    .imputed_at(pos)
                    .or_else(|| match &prep(k).denominated {
                        Some(d) => cell(d.get(pos)),
                        None => cell(td.columns[k].raw.get(pos)),
                    })
            }),
        ),
        (
            "treated",
            "v0_Treated.csv",
            Box::new(|pos, k| cell(prep(k).values.get(pos))),
        ),
        (
            "normalised",
            "v0_Normalised.csv",
            // The score is P·N/100.
            Box::new(|pos, k| {
                let p = ev.cfg.tracks[0].indicators[k].points;
                Some(100.0 * tr.scores.columns[k].score(pos) / p)
            }),
        ),
    ];
    for (stage, file, ours) in &stages {
        let (e, at) = worst(&ev, &codes, file, ours);
        eprintln!("raw → pingyi's {stage}: max abs error {e:.3e} ({at})");
        assert!(e <= STAGE_TOLERANCE, "{stage}: {e:e} at {at}");
    }
    // Aggregated: pillars and sub-indices are the tree's nodes (attainments ×100), the index
    // the indicator total.
    let node_of = |code: &str| {
        let d = ev.cfg.dimensions.iter().position(|d| d.id == code).unwrap();
        let shape = pingyi::scoring::aggregate::Shape::of(&ev.cfg, 0);
        shape.nodes.iter().position(|n| n.dim == d).unwrap()
    };
    let aggregates: Vec<&str> = (2..=3)
        .flat_map(|l| at_level(&meta, l))
        .map(|e| e.code.as_str())
        .collect();
    let nodes: Vec<usize> = aggregates.iter().map(|c| node_of(c)).collect();
    let (e, at) = worst(&ev, &aggregates, "v0_Aggregated.csv", |pos, k| {
        tr.scores.nodes[nodes[k]][pos].map(|v| 100.0 * v)
    });
    eprintln!("raw → pingyi's pillars and sub-indices: max abs error {e:.3e} ({at})");
    assert!(e <= STAGE_TOLERANCE, "aggregates: {e:e} at {at}");
    let (e, at) = worst(&ev, &["Index"], "v0_Aggregated.csv", |pos, _| {
        Some(tr.total(pos))
    });
    eprintln!("raw → pingyi's index: max abs error {e:.3e} ({at})");
    assert!(e <= STAGE_TOLERANCE, "index: {e:e} at {at}");
}

#[test]
fn asem_treatment_through_pingyi_matches_coinrs_summary() {
    let (_wd, ev, meta) = evaluate();
    let summary = Table::read("v0_TreatSummary.csv");
    let codes = summary.text("IndCode");
    let (low, high) = (summary.numbers("Low"), summary.numbers("High"));
    let mut treated = 0;
    for (k, e) in at_level(&meta, 1).iter().enumerate() {
        let i = codes.iter().position(|c| *c == e.code).unwrap();
        let prep = ev.res.tracks[0].scores.prepared[k].as_deref().unwrap();
        let report = prep.treatment.as_ref().unwrap();
        let (h, l) = match &report.treatment {
            Treatment::None => (0, 0),
            Treatment::Winsorised { high, low } => (high.len(), low.len()),
            other => panic!("{}: {other:?}", e.code),
        };
        assert_eq!(
            (h as f64, l as f64),
            (high[i].unwrap(), low[i].unwrap()),
            "{}",
            e.code
        );
        treated += usize::from(h + l > 0);
    }
    assert_eq!(treated, 15);
}

#[test]
fn asem_through_pingyi_reproduces_the_published_table() {
    let (wd, ev, meta) = evaluate();
    let tr = &ev.res.tracks[0];
    let published = Table::read("v0_Results_AggregatesScore_rounded2.csv");
    let ranks = Table::read("v0_Results_AggregatesRank.csv");
    let id = |pos: usize| ev.ds.registry.units[tr.units[pos]].id.to_string();
    let ids: Vec<String> = (0..tr.units.len()).map(id).collect();
    // The index: pingyi's own rounded totals and competition ranks.
    let score = published.numbers_for(&ids, "Index");
    let rank = published.numbers_for(&ids, "Rank");
    for pos in 0..ids.len() {
        assert_eq!(Some(tr.rounded[pos]), score[pos], "{}: index", ids[pos]);
        assert_eq!(
            Some(f64::from(tr.rank[pos])),
            rank[pos],
            "{}: rank",
            ids[pos]
        );
    }
    // Every pillar and sub-index, two decimals, and their ranks on the two-decimal scores.
    let shape = pingyi::scoring::aggregate::Shape::of(&ev.cfg, 0);
    let mut checked = 0;
    for e in (2..=3).flat_map(|l| at_level(&meta, l)) {
        let d = ev
            .cfg
            .dimensions
            .iter()
            .position(|d| d.id == e.code)
            .unwrap();
        let k = shape.nodes.iter().position(|n| n.dim == d).unwrap();
        let ours: Vec<f64> = tr.scores.nodes[k]
            .iter()
            .map(|v| two_decimals(100.0 * v.unwrap()))
            .collect();
        let theirs = published.numbers_for(&ids, &e.code);
        let their_ranks = ranks.numbers_for(&ids, &e.code);
        for pos in 0..ids.len() {
            assert_eq!(Some(ours[pos]), theirs[pos], "{}.{}", ids[pos], e.code);
            let r = 1 + ours.iter().filter(|&&x| x > ours[pos]).count();
            assert_eq!(
                Some(r as f64),
                their_ranks[pos],
                "{}.{} rank",
                ids[pos],
                e.code
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 51 * 10);
    // And as a user sees it: the binary's ranking, top five as published.
    let out = wd
        .cmd(["rank", "--period", PERIOD, "--format", "csv"])
        .run()
        .success();
    let rows = crate::common::Rows::parse(&out.stdout);
    let top: Vec<(String, String)> = rows.order[..5]
        .iter()
        .map(|u| (u.clone(), rows.get(u, "total").to_string()))
        .collect();
    let expected = [
        ("CHE", "68.38"),
        ("NLD", "64.82"),
        ("DNK", "64.80"),
        ("NOR", "64.47"),
        ("BEL", "63.54"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(u, s)| (u.to_string(), s.to_string()))
        .collect();
    assert_eq!(top, expected);
}
