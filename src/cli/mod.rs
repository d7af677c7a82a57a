//! Command-line arguments (clap) and the wiring from them to the library: one file per
//! subcommand, each an `Args` struct plus `run`, sharing [`Common`] options.

mod check;
mod gaps;
mod publish;
mod rank;
mod report;
mod rollup;
mod statement;
mod summary;
mod unit;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::analysis::trend::{self, Trends};
use crate::config::Config;
use crate::data::{EncodingChoice, ReadOptions};
use crate::error::{Error, Problems};
use crate::eval::Evaluation;
use crate::period::{latest_quarter, Period};
use crate::render::csv::{CsvOptions, Escaping};
use crate::render::table::Layout;
use crate::render::Format;

const EXIT_CODES: &str = "Exit codes: 0 success (a closed output pipe, as in `pingyi | head`, is success too); 1 invalid data or config (every problem is listed on stderr), or a file that cannot be read or written; 2 usage (bad arguments, unknown track or period, --output or --manifest naming an input file).

CSV/TSV text cells beginning with = + - @ tab or CR get a leading ' so that spreadsheets do not run them as formulas (--raw turns this off); numbers are never changed. See docs/output.md.";

#[derive(Debug, Parser)]
#[command(name = "pingyi", version, about = "评议 — quarterly performance-review evaluator: scores, ranks and grades every assessed unit", after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub common: Common,
}

/// Options shared by every subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// The scoring scheme (a `data/<period>/scoring-config.toml` replaces it for that period).
    #[arg(long, global = true, default_value = "scoring-config.toml")]
    pub config: PathBuf,
    /// The data folder (units.csv and one folder per period).
    #[arg(long, global = true, default_value = "data")]
    pub data: PathBuf,
    /// The period to evaluate, e.g. 2024Q2 [default: the latest YYYYQn folder].
    #[arg(long, global = true)]
    pub period: Option<Period>,
    /// Compare with this period instead of the previous one (trend columns).
    #[arg(long, global = true)]
    pub against: Option<Period>,
    /// Show only this track (by id).
    #[arg(long, global = true)]
    pub track: Option<String>,
    /// Output format [default: table on a terminal, csv when piped].
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, short, global = true)]
    pub output: Option<PathBuf>,
    /// No warnings on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// CSV/TSV: write text cells as they are, without the leading ' that keeps spreadsheets
    /// from running `=…`, `+…`, `-…`, `@…` as formulas.
    #[arg(long, global = true)]
    pub raw: bool,
    /// Also write a JSON manifest (atomically): pingyi version, config and input files with
    /// their SHA-256, the output's SHA-256 and the run time (UTC; SOURCE_DATE_EPOCH fixes it).
    #[arg(long, global = true, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Encoding of CSV files without a byte-order mark: auto (UTF-8, else GB18030), utf-8,
    /// gb18030 or gbk. A byte-order mark always wins.
    #[arg(long, global = true, value_name = "ENCODING", default_value = "auto")]
    pub encoding: EncodingChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ranked tables per track (the default command).
    Rank,
    /// Validate the config and a period's data; list every problem; exit 1 if any error.
    Check,
    /// The annual comprehensive assessment (全年综合考评): quarters, monthly efficiency scores and
    /// the year-end review, weighted as `[rollup]` says.
    Rollup(rollup::Args),
    /// Gap analysis (差距分析): points behind the leader and the next place, weakest and strongest
    /// indicators, what could close the gap, and requirement lines (提要求).
    Gaps(gaps::Args),
    /// One unit's statement (对账单): every indicator, dimension and adjustment with peers, points
    /// lost and ranks; `--all --out DIR` writes one per unit.
    Statement(statement::Args),
    /// The district overview (全区基本面): distribution of totals per track, indicator totals,
    /// and how each township's villages and communities rank.
    Summary,
    /// The quarterly report package, written atomically into a new folder: results.xlsx,
    /// report.html (charts, printable on A4), notice.md, statements/ and manifest.json.
    Report(report::Args),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command.unwrap_or(Command::Rank) {
        Command::Rank => rank::run(&cli.common),
        Command::Check => check::run(&cli.common),
        Command::Rollup(a) => rollup::run(&cli.common, &a),
        Command::Gaps(a) => gaps::run(&cli.common, &a),
        Command::Statement(a) => statement::run(&cli.common, &a),
        Command::Summary => summary::run(&cli.common),
        Command::Report(a) => report::run(&cli.common, &a),
    }
}

impl Common {
    /// The period asked for, or the latest quarter folder.
    pub fn period(&self) -> Result<Period, Error> {
        match self.period {
            Some(p) => Ok(p),
            None => latest_quarter(&self.data),
        }
    }

    /// Evaluates `period` with its own config, printing warnings unless `--quiet`.
    pub fn evaluate(&self, period: Period) -> Result<Evaluation, Error> {
        let ev = Evaluation::run_with(&self.config, &self.data, period, &self.read_options())?;
        if !self.quiet {
            print_warnings(&ev.warnings);
        }
        Ok(ev)
    }

    /// Trends against `--against`, or the previous period when its folder exists (see
    /// [`Common::earlier`]).
    pub fn trends(&self, now: &Evaluation) -> Result<Option<Trends>, Error> {
        Ok(self
            .earlier(now)?
            .map(|before| trend::compare(now, &before)))
    }

    /// The evaluation trends compare with: `--against`, or the previous period when its folder
    /// exists. An explicit `--against` period that cannot be scored is an error; the implicit
    /// previous period only costs the trend columns (with a warning), since the current results
    /// stand on their own.
    pub fn earlier(&self, now: &Evaluation) -> Result<Option<Evaluation>, Error> {
        let against = match self.against {
            Some(p) => p,
            None => {
                let p = now.period().previous();
                if !p.dir(&self.data).is_dir() {
                    return Ok(None);
                }
                return match Evaluation::run_with(&self.config, &self.data, p, &self.read_options())
                {
                    Ok(before) => Ok(Some(before)),
                    Err(e) => {
                        if !self.quiet {
                            crate::output::diagnostic(format_args!("warning: no trend columns: the previous period {p} cannot be scored:\n{e}"));
                        }
                        Ok(None)
                    }
                };
            }
        };
        if !against.dir(&self.data).is_dir() {
            return Err(Error::Usage(format!(
                "--against {against}: folder {} does not exist",
                against.dir(&self.data).display()
            )));
        }
        // The earlier period's own warnings were shown when it was published.
        Evaluation::run_with(&self.config, &self.data, against, &self.read_options()).map(Some)
    }

    /// How data files are read.
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding,
        }
    }

    /// The format to render: `--format`, else table on a terminal and csv otherwise.
    pub fn format(&self) -> Format {
        let to_terminal = self.output.is_none() && std::io::stdout().is_terminal();
        self.format.unwrap_or(if to_terminal {
            Format::Table
        } else {
            Format::Csv
        })
    }

    /// Terminal width for tables, or `None` (fixed layout) when not writing to a terminal.
    pub fn table_width(&self) -> Option<u16> {
        let to_terminal = self.output.is_none() && std::io::stdout().is_terminal();
        to_terminal.then(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(160)
        })
    }

    /// How tables are laid out: terminal width and colour only when writing to a terminal.
    pub fn table_layout(&self) -> Layout {
        Layout {
            width: self.table_width(),
            colour: self.output.is_none() && crate::output::colour_enabled(),
        }
    }

    /// CSV/TSV options: the delimiter of `format`, escaping unless `--raw`.
    pub fn csv_options(&self, format: Format) -> CsvOptions {
        CsvOptions {
            delimiter: if format == Format::Tsv { b'\t' } else { b',' },
            escaping: if self.raw {
                Escaping::Raw
            } else {
                Escaping::Formulas
            },
        }
    }

    pub fn write(&self, bytes: &[u8]) -> Result<(), Error> {
        crate::output::write(bytes, self.output.as_deref())
    }
}

pub(crate) fn print_warnings(p: &Problems) {
    for w in p.warnings() {
        crate::output::diagnostic(w);
    }
}

/// The track indices to show: all, or the one named by `--track`.
pub fn selected_tracks(cfg: &Config, track: Option<&str>) -> Result<Vec<usize>, Error> {
    match track {
        None => Ok((0..cfg.tracks.len()).collect()),
        Some(id) => cfg
            .tracks
            .iter()
            .position(|t| t.id == id)
            .map(|t| vec![t])
            .ok_or_else(|| {
                let ids: Vec<&str> = cfg.tracks.iter().map(|t| t.id.as_str()).collect();
                Error::Usage(format!(
                    "unknown track `{id}`: the config defines {}",
                    ids.join(", ")
                ))
            }),
    }
}
