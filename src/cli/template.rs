//! `pingyi template --period P [--out DIR] [--format xlsx|csv]`: the collection tables of a
//! period, one per category and lead department (see [`crate::template`]).

use std::path::PathBuf;

use super::inputs::Inputs;
use crate::config::Method;
use crate::data::targets_file;
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
    // A registry with an error (a unit without a name, a bad `until`) would give wrong tables.
    reg.check()?;
    let list = tables(&cfg, &reg.registry, a.period);
    let dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("template-{}", a.period)));
    a.inputs.guard(Vec::new()).folder("--out", &dir)?;
    // The previous quarter's targets, carried forward as they are (targets are mostly set for
    // the year): a quarter without a targets table whose previous quarter has one is warned of.
    let by_target = |i: &usize| matches!(cfg.indicators[*i].method, Method::Target { .. });
    let before = a.period.previous();
    let carried = list
        .iter()
        .any(|t| t.indicators.iter().any(by_target))
        .then(|| targets_file(&before.dir(&a.inputs.data)))
        .flatten();
    let mut problems = crate::error::Problems::new();
    if let Some(from) = &carried {
        let enc = a.inputs.encoding;
        crate::data::targets::carried(from, &reg.registry, a.period, enc, &mut problems);
    }
    let cap = crate::data::workbook::MAX_SHEET_CELLS;
    let paths = crate::run::template::paths(&list, &dir, &a.format, cap, &mut problems);
    a.inputs.voice().warn(&problems)?;
    let files = crate::run::template::write(&cfg, &list, &paths, carried.as_deref(), &dir)?;
    let tables = files.len() - usize::from(carried.is_some());
    let mut said = format!(
        "wrote {tables} table(s) for {} to {}",
        a.period,
        dir.display()
    );
    if let Some(from) = &carried {
        let name = from.file_name().unwrap_or_default().to_string_lossy();
        said.push_str(&format!(
            ", and {name} with {before}'s targets as they were (change those that differ)"
        ));
    }
    said.push_str(": fill them in and save them into the period's folder");
    a.inputs.voice().say(vec![said]);
    Ok(())
}
