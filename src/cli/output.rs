//! `--format`, `--output`, `--raw` and `--manifest`: the output options of the commands that
//! write one result.

use std::path::PathBuf;

use clap::builder::PossibleValue;

use crate::output::request::Request;
use crate::render::Format;

/// Where a result goes and in which form.
#[derive(Debug, Clone, clap::Args)]
pub struct Output {
    /// Output format [default: table on a terminal, csv when piped].
    #[arg(long)]
    pub format: Option<Format>,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// CSV/TSV: write text cells as they are, without the leading ' that keeps spreadsheets
    /// from running `=…`, `+…`, `-…`, `@…` as formulas.
    #[arg(long)]
    pub raw: bool,
    /// Also write a JSON manifest (atomically): pingyi version, config and input files with
    /// their SHA-256, the output's SHA-256 and the run time (UTC; SOURCE_DATE_EPOCH fixes it).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
}

impl Output {
    pub fn request(&self) -> Request {
        Request {
            format: self.format,
            output: self.output.clone(),
            raw: self.raw,
            manifest: self.manifest.clone(),
        }
    }
}

impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let v = PossibleValue::new(self.name());
        Some(match self {
            Format::Markdown => v.help("Markdown tables, for pasting into a published notice"),
            _ => v,
        })
    }
}
