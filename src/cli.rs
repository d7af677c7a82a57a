//! Command-line arguments (clap) and the wiring from them to the library.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::data::{latest_quarter, Dataset};
use crate::error::{Error, Problems};
use crate::period::Period;
use crate::render::{self, Format, View};

const EXIT_CODES: &str = "Exit codes: 0 success; 1 invalid data or config (every problem is listed on stderr), or a file that cannot be read or written; 2 usage (bad arguments, unknown track or period).";

#[derive(Debug, Parser)]
#[command(name = "pingyi", version, about = "评议 — quarterly performance-review evaluator: scores, ranks and grades every assessed unit", after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// The scoring scheme.
    #[arg(long, global = true, default_value = "scoring-config.toml")]
    pub config: PathBuf,
    /// The data folder (units.csv and one folder per period).
    #[arg(long, global = true, default_value = "data")]
    pub data: PathBuf,
    /// The period to evaluate, e.g. 2024Q2 [default: the latest YYYYQn folder].
    #[arg(long, global = true)]
    pub period: Option<Period>,
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
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ranked tables per track (the default command).
    Rank,
    /// Validate the config and a period's data; list every problem; exit 1 if any error.
    Check,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command.unwrap_or(Command::Rank) {
        Command::Rank => rank(&cli.common),
        Command::Check => check(&cli.common),
    }
}

/// Loads config and data, printing warnings unless `--quiet`.
pub fn load(c: &Common) -> Result<(Config, Dataset), Error> {
    let period = match c.period {
        Some(p) => p,
        None => latest_quarter(&c.data)?,
    };
    let cfg = Config::for_period(&c.config, &c.data, period)?;
    let (ds, warnings) = Dataset::load(&cfg, &c.data, period)?;
    if !c.quiet {
        print_warnings(&warnings);
    }
    Ok((cfg, ds))
}

fn print_warnings(p: &Problems) {
    for w in p.warnings() {
        eprintln!("{w}");
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

fn rank(c: &Common) -> Result<(), Error> {
    let (cfg, ds) = load(c)?;
    let tracks = selected_tracks(&cfg, c.track.as_deref())?;
    let res = crate::rank::evaluate(&cfg, &ds);
    let view = View {
        cfg: &cfg,
        ds: &ds,
        res: &res,
        tracks,
    };
    let to_terminal = c.output.is_none() && std::io::stdout().is_terminal();
    let format = c.format.unwrap_or(if to_terminal {
        Format::Table
    } else {
        Format::Csv
    });
    let bytes = match format {
        Format::Table => {
            let width = if to_terminal { terminal_width() } else { None };
            render::table::render(&view, width).into_bytes()
        }
        Format::Csv => render::csv::render(&view, b','),
        Format::Tsv => render::csv::render(&view, b'\t'),
        Format::Json => render::json::render(&view),
    };
    crate::output::write(&bytes, c.output.as_deref())
}

/// The terminal's width from `COLUMNS`, else a wide default (comfy-table measures the tty itself
/// only when none is set).
fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .or(Some(160))
}

fn check(c: &Common) -> Result<(), Error> {
    let period = match c.period {
        Some(p) => p,
        None => latest_quarter(&c.data)?,
    };
    let cfg = Config::for_period(&c.config, &c.data, period)?;
    let (ds, warnings) = Dataset::load(&cfg, &c.data, period)?;
    print_warnings(&warnings);
    eprintln!("config: {} (sha256 {})", cfg.path.display(), cfg.sha256);
    let units: usize = ds.tracks.iter().map(|t| t.units.len()).sum();
    eprintln!(
        "ok: {} — {} tracks, {} indicators, {} units, {} adjustments; {} warning(s)",
        period,
        cfg.tracks.len(),
        cfg.indicators.len(),
        units,
        ds.adjustments.len(),
        warnings.warnings().count()
    );
    Ok(())
}
