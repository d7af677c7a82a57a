//! `--config`, `--data`, `--encoding`, `--quiet` (every command), and the opening every period
//! command shares.

use std::path::{Path, PathBuf};

use crate::data::{EncodingChoice, ReadOptions};
use crate::error::{Error, Problems};
use crate::eval::{Against, Opened, Source};
use crate::output::guard::Guard;
use crate::period::Period;

/// Where the scheme and the data are, and how to read them (every command).
#[derive(Debug, Clone, clap::Args)]
pub struct Inputs {
    /// The scoring scheme (a `data/<period>/scoring-config.toml` replaces it for that period).
    #[arg(long, default_value = "scoring-config.toml")]
    pub config: PathBuf,
    /// The data folder (units.csv and one folder per period).
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
    /// Encoding of CSV files without a byte-order mark: auto (UTF-8, else GB18030), utf-8,
    /// gb18030 or gbk. A byte-order mark always wins.
    #[arg(long, value_name = "ENCODING", default_value = "auto")]
    pub encoding: EncodingChoice,
    /// No warnings on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

impl Inputs {
    /// Opens the top-level config and the data folder.
    pub fn source(&self) -> Result<Source, Error> {
        let read = ReadOptions {
            encoding: self.encoding,
        };
        Source::new(&self.config, &self.data, read)
    }

    /// Prints the warnings of a run, unless `--quiet`.
    pub fn warn(&self, problems: &Problems) {
        if !self.quiet {
            for line in problems.warning_lines() {
                crate::output::diagnostic(line);
            }
        }
    }

    /// Prints what a run did, unless `--quiet`.
    pub fn say(&self, lines: Vec<String>) {
        if !self.quiet {
            lines.into_iter().for_each(crate::output::diagnostic);
        }
    }

    /// What this run must not write over: the config, the data folder and `inputs`.
    pub fn guard<'a>(&'a self, inputs: Vec<&'a Path>) -> Guard<'a> {
        Guard {
            config: &self.config,
            data: &self.data,
            inputs,
        }
    }
}

/// The opening every period command shares: the source, the period opened with the earlier
/// one `against` names (warnings printed unless `--quiet`), and the tracks to show.
pub fn open(
    inputs: &Inputs,
    period: Option<Period>,
    against: Against,
    track: Option<&str>,
) -> Result<(Source, Opened, Vec<usize>), Error> {
    let src = inputs.source()?;
    let opened = src.open(period, against, track)?;
    inputs.warn(&opened.now.warnings);
    let tracks = opened.now.tracks(track)?;
    Ok((src, opened, tracks))
}
