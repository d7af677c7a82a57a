//! The one harness of the integration tests, a module of each test binary (`tests/cli.rs`,
//! `tests/props.rs`, `tests/reference.rs`).
//!
//! A [`Workdir`] is a fresh temporary folder: tests write a scheme and data into it (from strings,
//! or as a copy of a folder under `tests/fixtures/`), run the real `pingyi` binary there and
//! assert on what it printed and wrote:
//!
//! ```text
//! let wd = Workdir::district();
//! wd.cmd(&["--output", "out.csv"]).run().exit(1).stderr_has("out.csv");
//! let rows = wd.rank_csv(&["--period", "2024Q2"]);
//! ```
//!
//! Every run has the same environment, whatever the shell that started `cargo test` had set:
//! an empty one plus `NO_COLOR=1` (see [`Cmd`]). A test that needs `SOURCE_DATE_EPOCH` or an
//! unset `NO_COLOR` says so on its command.

#![allow(dead_code, unused_imports)] // each test binary uses a different part

mod read;
mod run;
mod workdir;

pub use read::{column, files, records, row, sha256_hex, tree, Record, Rows};
pub use run::{Cmd, Output};
pub use workdir::{fixture, Workdir};
