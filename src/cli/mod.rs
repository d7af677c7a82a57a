//! Command-line arguments (clap) and the wiring from them to the library: one file per
//! subcommand, each an `Args` struct plus `run`. Each command accepts exactly the options that
//! apply to it ([`inputs`] and [`output`] hold the shared groups); `pingyi` without a command is `pingyi rank`.

mod check;
mod compare;
mod gaps;
mod init;
mod inputs;
mod output;
mod rank;
mod report;
mod rollup;
mod sensitivity;
mod statement;
mod summary;
mod template;
mod weights;
mod when;

use clap::{Parser, Subcommand};

use crate::error::Error;

const EXIT_CODES: &str = "Exit codes: 0 success (a closed output pipe, as in `pingyi | head`, is success too); 1 invalid data or config (every problem is listed on stderr), or a file that cannot be read or written; 2 usage (bad arguments, unknown track, unit or period, --output or --manifest naming an input file, a file in the data folder or a folder, --out DIR existing without --force, or with --force neither empty nor a pingyi package). SIGINT/SIGTERM remove what was being written.

CSV/TSV text cells beginning with = + - @ tab or CR get a leading ' so that spreadsheets do not run them as formulas (--raw turns this off); numbers are never changed. See docs/output.md.";

#[derive(Debug, Parser)]
#[command(
    name = "pingyi",
    version,
    about = "评议 — quarterly performance-review evaluator: scores, ranks and grades every assessed unit",
    after_help = EXIT_CODES,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `pingyi` without a command ranks: `pingyi rank`'s options.
    #[command(flatten)]
    pub rank: rank::Args,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ranked tables per track (the default command).
    Rank(rank::Args),
    /// Validate the config and a period's data; list every problem; exit 1 if any error.
    Check(check::Args),
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
    Summary(summary::Args),
    /// The quarterly report package, written atomically into a new folder: results.xlsx,
    /// report.html (charts, printable on A4), notice.md, statements/ and manifest.json.
    Report(report::Args),
    /// A runnable starter district in DIR: a commented scoring-config.toml (3+N areas, tracks for
    /// the six categories, one indicator of each method), data/units.csv and one quarter of data.
    Init(init::Args),
    /// The collection tables of a period, one per category, with the registry's units filled in
    /// and a column per indicator headed with its name and unit: send them out, save them back
    /// into the period's folder.
    Template(template::Args),
    /// What a change of rules does: one period's data under two schemes, each unit's rank, grade
    /// and total under both, the biggest movers, and the indicators that explain each change.
    Compare(compare::Args),
    /// How robust each rank and grade is: seeded Monte Carlo over the points, methods and
    /// missing-value policy ([sensitivity]); rank intervals, grade probabilities, fragile grades
    /// and sensitivity indices per track.
    Sensitivity(sensitivity::Args),
    /// Objective weights as advice, never applied: entropy and CRITIC weights of each track's
    /// indicators beside the configured points, and a TOPSIS ranking beside pingyi's.
    Weights(weights::Args),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        None => rank::run(&cli.rank),
        Some(Command::Rank(a)) => rank::run(&a),
        Some(Command::Check(a)) => check::run(&a),
        Some(Command::Rollup(a)) => rollup::run(&a),
        Some(Command::Gaps(a)) => gaps::run(&a),
        Some(Command::Statement(a)) => statement::run(&a),
        Some(Command::Summary(a)) => summary::run(&a),
        Some(Command::Report(a)) => report::run(&a),
        Some(Command::Init(a)) => init::run(&a),
        Some(Command::Template(a)) => template::run(&a),
        Some(Command::Compare(a)) => compare::run(&a),
        Some(Command::Sensitivity(a)) => sensitivity::run(&a),
        Some(Command::Weights(a)) => weights::run(&a),
    }
}
