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
mod values;
mod weights;
mod when;

use clap::{CommandFactory, FromArgMatches, Parser};

use crate::error::{Error, EXIT_CODES};
use crate::render::Format;
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

/// Parses the command line as [`Cli`], with each command's `--format` taking, and its help
/// listing, only the formats the command writes.
pub fn parse() -> Result<Cli, clap::Error> {
    let mut cmd = Cli::command();
    for (name, formats) in [
        ("check", Format::TEXT),
        ("compare", Format::TEXT),
        ("sensitivity", Format::TEXT),
        ("weights", Format::TEXT),
        ("summary", Format::TABLES),
        ("rollup", Format::TABLES),
    ] {
        cmd = cmd.mut_subcommand(name, |c| {
            c.mut_arg("format", |a| a.value_parser(values::formats(formats)))
        });
    }
    let matches = cmd.try_get_matches()?;
    Cli::from_arg_matches(&matches)
}

/// Runs the parsed command line. A run asked for JSON (`--format json`, `-o x.json`) that fails
/// on its config or data also prints its problems as JSON on stdout, as `check` does.
pub fn run(cli: Cli) -> Result<(), Error> {
    let json = wants_json(&cli);
    let result = dispatch(cli);
    if let (true, Err(Error::Invalid(problems))) = (json, &result) {
        crate::output::write(&crate::render::check::diagnostics(problems), None)?;
    }
    result
}

/// Hands a command's working state to the end of the process instead of freeing it: the
/// process exits right after the command, and freeing a province's millions of small
/// allocations one by one (its registry, its columns) took about a second at a million units.
/// Only for state whose dropping does nothing but free memory.
fn at_exit<T>(state: T) {
    std::mem::forget(state);
}

/// Whether the command writes JSON (`check` prints its own diagnostics).
fn wants_json(cli: &Cli) -> bool {
    let output = match &cli.command {
        None => Some(&cli.rank.output.out),
        Some(c) => c.output(),
    };
    output.is_some_and(|o| Format::asked(o.format, o.output.as_deref()) == Some(Format::Json))
}

fn dispatch(cli: Cli) -> Result<(), Error> {
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
