//! `--config`, `--data`, `--encoding`, `--quiet`, `--verbose`, `--strict` (every command), and
//! the opening every period command shares.

use std::path::{Path, PathBuf};

use crate::data::{EncodingChoice, ReadOptions};
use crate::error::Error;
use crate::eval::{Against, Opened, Source};
use crate::output::guard::Guard;
use crate::period::Period;
use crate::run::Voice;

/// Where the scheme and the data are, and how to read them (every command).
#[derive(Debug, Clone, clap::Args)]
pub struct Inputs {
    /// The scoring scheme (a `data/<period>/scoring-config.toml` replaces it for that period).
    #[arg(long, default_value = crate::eval::DEFAULT_CONFIG)]
    pub config: PathBuf,
    /// The data folder (units.csv and one folder per period).
    #[arg(long, default_value = crate::eval::DEFAULT_DATA)]
    pub data: PathBuf,
    /// Encoding of CSV files without a byte-order mark: auto (UTF-8, else GB18030), utf-8,
    /// gb18030 or gbk. A byte-order mark always wins.
    #[arg(long, value_name = "ENCODING", default_value = "auto")]
    pub encoding: EncodingChoice,
    /// Nothing on stderr but errors (no warnings, no `wrote …` or `ok:` lines).
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// `check`: also say how each file was read (`read: data/2024Q4/township.csv as UTF-8 …`);
    /// other commands take it and print nothing more.
    #[arg(long, short)]
    pub verbose: bool,
    /// Warnings fail the run (exit 1, nothing written), for cron jobs that must not publish
    /// results read from doubtful data.
    #[arg(long)]
    pub strict: bool,
}

impl Inputs {
    /// Opens the top-level config and the data folder.
    pub fn source(&self) -> Result<Source, Error> {
        let read = ReadOptions {
            encoding: self.encoding,
        };
        Source::new(&self.config, &self.data, read)
    }

    /// What the run says on stderr.
    pub fn voice(&self) -> Voice {
        Voice {
            quiet: self.quiet,
            verbose: self.verbose,
            strict: self.strict,
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
    let opened = inputs
        .voice()
        .working("读取并计分", || src.open(period, against, track))?;
    inputs.voice().warn(&opened.now.warnings)?;
    let tracks = opened.now.tracks(track)?;
    Ok((src, opened, tracks))
}
