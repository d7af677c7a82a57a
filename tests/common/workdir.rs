//! A temporary project folder (`scoring-config.toml`, `data/units.csv`, `data/<period>/…`) that
//! tests fill and run the binary in. Nothing a test does can write into the repository: fixture
//! folders are copied first.

use std::path::{Path, PathBuf};

use super::read::{self, Rows};
use super::run::{Cmd, Output};

/// `tests/fixtures/<rel>` in the repository.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A fresh temporary folder, removed when dropped.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Default for Workdir {
    fn default() -> Self {
        Workdir::new()
    }
}

impl Workdir {
    /// An empty folder.
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::Builder::new()
                .prefix("pingyi-test")
                .tempdir()
                .expect("temporary folder"),
        }
    }

    /// A copy of the folder `tests/fixtures/<rel>`.
    pub fn copy_of(rel: &str) -> Workdir {
        let wd = Workdir::new();
        copy_tree(&fixture(rel), wd.path());
        wd
    }

    /// A copy of `tests/fixtures/district`: every method, three tracks, growth, targets,
    /// adjustments and unit names that spreadsheets would run as formulas.
    pub fn district() -> Workdir {
        Workdir::copy_of("district")
    }

    /// A copy of the shipped sample district: `scoring-config.toml` and `data/`.
    pub fn sample() -> Workdir {
        let wd = Workdir::new();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(
            root.join("scoring-config.toml"),
            wd.join("scoring-config.toml"),
        )
        .expect("copy the sample scheme");
        copy_tree(&root.join("data"), &wd.join("data"));
        wd
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `rel` under the folder.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.join(rel).exists()
    }

    /// Writes `text` to `rel`, creating parent folders.
    pub fn create(&self, rel: &str, text: &str) -> &Workdir {
        self.create_bytes(rel, text.as_bytes())
    }

    /// Writes `bytes` to `rel`, creating parent folders.
    pub fn create_bytes(&self, rel: &str, bytes: &[u8]) -> &Workdir {
        let p = self.join(rel);
        std::fs::create_dir_all(p.parent().expect("a file under the folder")).expect("folder");
        std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
        self
    }

    /// Copies `tests/fixtures/<from>` to `rel`, creating parent folders.
    pub fn copy_fixture(&self, from: &str, rel: &str) -> &Workdir {
        self.create_bytes(rel, &std::fs::read(fixture(from)).expect("fixture file"))
    }

    /// Rewrites the text file `rel` through `edit`.
    pub fn edit(&self, rel: &str, edit: impl FnOnce(String) -> String) -> &Workdir {
        let text = self.read_string(rel);
        self.create(rel, &edit(text))
    }

    pub fn remove(&self, rel: &str) -> &Workdir {
        std::fs::remove_file(self.join(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
        self
    }

    pub fn mkdir(&self, rel: &str) -> &Workdir {
        std::fs::create_dir_all(self.join(rel)).expect("create folder");
        self
    }

    /// `scoring-config.toml`.
    pub fn config(&self, toml: &str) -> &Workdir {
        self.create("scoring-config.toml", toml)
    }

    /// `data/units.csv`.
    pub fn units(&self, csv: &str) -> &Workdir {
        self.create("data/units.csv", csv)
    }

    /// `data/<period>/<name>.csv`, e.g. `period("2024Q2", "township", …)`.
    pub fn period(&self, period: &str, name: &str, csv: &str) -> &Workdir {
        self.create(&format!("data/{period}/{name}.csv"), csv)
    }

    /// The bytes of `rel`.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// The text of `rel`.
    pub fn read_string(&self, rel: &str) -> String {
        String::from_utf8(self.read(rel)).expect("UTF-8 file")
    }

    /// Every file in the folder with the SHA-256 of its bytes (see [`read::tree`]).
    pub fn tree(&self) -> Vec<(String, String)> {
        read::tree(self.path())
    }

    /// `pingyi <args>` in the folder, to be given more options and run.
    pub fn cmd<S: AsRef<std::ffi::OsStr>>(&self, args: impl IntoIterator<Item = S>) -> Cmd {
        Cmd::new(self.path()).args(args)
    }

    /// Runs `pingyi <args>` in the folder.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).run()
    }

    /// The stdout of `pingyi <args>`, which must succeed.
    pub fn stdout(&self, args: &[&str]) -> String {
        self.run(args).success().stdout
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
        self.stdout(&all)
    }

    /// `pingyi --format csv <args>`, which must succeed, parsed into rows.
    pub fn rank_csv(&self, args: &[&str]) -> Rows {
        let mut all = vec!["--format", "csv"];
        all.extend_from_slice(args);
        Rows::parse(&self.stdout(&all))
    }
}

/// Copies the folder `from` into `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    let entries = std::fs::read_dir(from)
        .unwrap_or_else(|e| panic!("read fixture folder {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}
