//! Command-line arguments (clap) and the wiring from them to the library: one file per
//! subcommand, each an `Args` struct plus `run`. Each command accepts exactly the options that
//! apply to it ([`inputs`] and [`output`] hold the shared groups); `pingyi` without a command is `pingyi rank`.

mod check;
mod command;
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

use clap::Parser;

use crate::error::{Error, EXIT_CODES};
pub use command::Command;

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
