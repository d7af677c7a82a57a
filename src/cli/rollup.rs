//! `pingyi rollup --year 2024 [--upto Q2]`: the annual comprehensive assessment (全年综合考评), or
//! the half-year view.

use super::Common;
use crate::error::Error;
use crate::render::{rollup as render, Format};
use crate::rollup::{run_with as rollup, Span};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The year to roll up.
    #[arg(long)]
    pub year: i32,
    /// The last quarter included: Q2 gives the half-year view (2024H1).
    #[arg(long, value_parser = parse_quarter, default_value = "Q4")]
    pub upto: u8,
}

fn parse_quarter(s: &str) -> Result<u8, String> {
    match s.trim_start_matches(['Q', 'q']).parse::<u8>() {
        Ok(q @ 1..=4) => Ok(q),
        _ => Err(format!("`{s}` is not a quarter: expected Q1, Q2, Q3 or Q4")),
    }
}

pub fn run(c: &Common, a: &Args) -> Result<(), Error> {
    let (r, warnings) = rollup(
        &c.config,
        &c.data,
        Span {
            year: a.year,
            upto: a.upto,
        },
        &c.read_options(),
    )?;
    if !c.quiet {
        super::print_warnings(&warnings);
    }
    let mut r = r;
    if let Some(id) = &c.track {
        let keep = super::selected_tracks(&r.last.cfg, Some(id))?;
        r.tracks.retain(|t| keep.contains(&t.track));
    }
    let bytes = match c.format() {
        Format::Table => render::table(&r, c.table_width()).into_bytes(),
        Format::Csv => render::csv(&r, b','),
        Format::Tsv => render::csv(&r, b'\t'),
        Format::Json => render::json(&r),
        Format::Markdown => crate::render::markdown::rollup(&r).into_bytes(),
    };
    c.write(&bytes)
}
