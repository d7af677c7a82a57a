//! `pingyi template --period P [--out DIR] [--format xlsx|csv]`: the collection tables of a
//! period, one per category and lead department (see [`crate::template`]).

use std::path::PathBuf;

use super::inputs::Inputs;
use crate::error::Error;
use crate::period::{parse_quarter, Period};
use crate::template::tables;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The period the tables collect, e.g. 2025Q1 (its own scoring-config.toml, if any, applies).
    #[arg(long, value_parser = parse_quarter)]
    pub period: Period,
    /// The folder to write `<category>.xlsx` (or `.csv`) into [default: template-<period>];
    /// no file in it is written over.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// `xlsx` (a workbook with a 填报说明 sheet) or `csv` (UTF-8 with a byte-order mark).
    #[arg(long, default_value = "xlsx", value_parser = ["xlsx", "csv"])]
    pub format: String,
}

pub fn run(a: &Args) -> Result<(), Error> {
    let src = a.inputs.source()?;
    let cfg = src.scheme(a.period)?;
    let reg = src.registry()?;
    let list = tables(&cfg, &reg.registry, a.period);
    let dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("template-{}", a.period)));
    a.inputs.guard(Vec::new()).folder("--out", &dir)?;
    let files = crate::run::template::write(&cfg, &list, &dir, &a.format)?;
    a.inputs.voice().say(vec![format!(
        "wrote {} table(s) for {} to {}: fill them in and save them into the period's folder",
        files.len(),
        a.period,
        dir.display()
    )]);
    Ok(())
}
