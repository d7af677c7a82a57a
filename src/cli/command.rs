//! The subcommands: one line of `--help` each (the doc comments), one module of [`super`] each.

use clap::Subcommand;

use super::{
    check, compare, gaps, init, rank, report, rollup, sensitivity, statement, summary, template,
    weights,
};

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
    /// The collection tables of a period, one per category and lead department, with the units filled in
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

impl Command {
    /// The output options of a command that writes one result (`check` excepted: it prints its
    /// own diagnostics).
    pub fn output(&self) -> Option<&super::output::Output> {
        match self {
            Command::Rank(a) => Some(&a.output.out),
            Command::Rollup(a) => Some(&a.output.out),
            Command::Gaps(a) => Some(&a.output.out),
            Command::Statement(a) => Some(&a.output.out),
            Command::Summary(a) => Some(&a.output.out),
            Command::Compare(a) => Some(&a.output),
            Command::Sensitivity(a) => Some(&a.output),
            Command::Weights(a) => Some(&a.output),
            Command::Check(_) | Command::Report(_) | Command::Init(_) | Command::Template(_) => {
                None
            }
        }
    }
}
