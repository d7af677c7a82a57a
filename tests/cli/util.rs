//! The test harness: a `Workdir` that writes a scheme and a data folder from strings into a fresh
//! temporary directory and runs the real `pingyi` binary there (in the style of xsv and just),
//! plus a parser that turns `--format csv` output into rows keyed by `unit_id`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A temporary project folder: `scoring-config.toml`, `data/units.csv`, `data/<period>/…`.
pub struct Workdir {
    dir: tempfile::TempDir,
}

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Output {
    /// Panics with the diagnostics unless the run exited 0.
    pub fn success(self) -> Output {
        assert_eq!(self.code, 0, "expected success; stderr:\n{}", self.stderr);
        self
    }

    /// Asserts exit code 1 (invalid data or config) and that stderr mentions every needle.
    pub fn fails_with(&self, needles: &[&str]) {
        assert_eq!(
            self.code, 1,
            "expected exit 1; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self.mentions(needles);
    }

    /// Asserts that stderr contains every needle.
    pub fn mentions(&self, needles: &[&str]) {
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr does not mention `{n}`:\n{}",
                self.stderr
            );
        }
    }

    /// Asserts that stderr names `file` at physical line `line` (`file:3`, or the file plus
    /// `line 3` / `row 3`).
    pub fn names_line(&self, file: &str, line: u64) {
        let s = &self.stderr;
        let joined = format!("{file}:{line}");
        let ok = s.contains(&joined)
            || s.lines().any(|l| {
                l.contains(file)
                    && (l.contains(&format!("line {line}")) || l.contains(&format!("row {line}")))
            });
        assert!(ok, "stderr does not name {file} line {line}:\n{s}");
    }
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::Builder::new()
                .prefix("pingyi-test")
                .tempdir()
                .expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` to `rel` (creating parent folders).
    pub fn create(&self, rel: &str, contents: &str) -> &Workdir {
        let p: PathBuf = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        self
    }

    pub fn config(&self, toml: &str) -> &Workdir {
        self.create("scoring-config.toml", toml)
    }

    pub fn units(&self, csv: &str) -> &Workdir {
        self.create("data/units.csv", csv)
    }

    /// `data/<period>/<name>.csv`, e.g. `period("2024Q2", "township", …)`.
    pub fn period(&self, period: &str, name: &str, csv: &str) -> &Workdir {
        self.create(&format!("data/{period}/{name}.csv"), csv)
    }

    /// Runs `pingyi <args>` with the work dir as current directory.
    pub fn run(&self, args: &[&str]) -> Output {
        let out = Command::cargo_bin("pingyi")
            .unwrap()
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .env_remove("COLUMNS")
            .args(args)
            .output()
            .expect("run pingyi");
        Output {
            stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
            stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
            code: out.status.code().unwrap_or(-1),
        }
    }

    /// The bytes of a file under the work dir.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path().join(rel)).unwrap()
    }

    /// `pingyi <args> --format csv`, which must succeed, parsed (any command, unlike
    /// [`Workdir::rank_csv`]).
    pub fn csv(&self, args: &[&str]) -> Rows {
        Rows::parse(&self.formatted(args, "csv"))
    }

    /// `pingyi <args> --format json`, which must succeed, parsed.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.formatted(args, "json")).expect("valid json")
    }

    /// `pingyi <args> --format table`, which must succeed.
    pub fn table(&self, args: &[&str]) -> String {
        self.formatted(args, "table")
    }

    fn formatted(&self, args: &[&str], format: &str) -> String {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--format", format]);
        self.run(&all).success().stdout
    }

    /// `pingyi --format csv <args>`, which must succeed, parsed into rows.
    pub fn rank_csv(&self, args: &[&str]) -> Rows {
        let mut all = vec!["--format", "csv"];
        all.extend_from_slice(args);
        Rows::parse(&self.run(&all).success().stdout)
    }
}

/// CSV output keyed by `unit_id`, in output order.
#[derive(Debug)]
pub struct Rows {
    pub header: Vec<String>,
    pub order: Vec<String>,
    by_id: HashMap<String, HashMap<String, String>>,
}

impl Rows {
    pub fn parse(text: &str) -> Rows {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let id = header.iter().position(|h| h == "unit_id").expect("unit_id");
        let mut order = Vec::new();
        let mut by_id = HashMap::new();
        for rec in r.records() {
            let rec = rec.expect("well-formed csv");
            let key = rec[id].to_string();
            let row = header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect();
            assert!(
                by_id.insert(key.clone(), row).is_none(),
                "unit {key} appears twice"
            );
            order.push(key);
        }
        Rows {
            header,
            order,
            by_id,
        }
    }

    /// The cell of `unit` in `column`; panics naming what is absent.
    pub fn get(&self, unit: &str, column: &str) -> &str {
        let row = self
            .by_id
            .get(unit)
            .unwrap_or_else(|| panic!("no row for unit {unit}; rows: {:?}", self.order));
        row.get(column)
            .unwrap_or_else(|| panic!("no column {column}; header: {:?}", self.header))
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether the header has `column`.
    pub fn has(&self, column: &str) -> bool {
        self.header.iter().any(|h| h == column)
    }

    /// `column` for each unit in `units`, for compact assertions.
    pub fn col(&self, column: &str, units: &[&str]) -> Vec<String> {
        units
            .iter()
            .map(|u| self.get(u, column).to_string())
            .collect()
    }
}

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
