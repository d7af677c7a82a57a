//! `pingyi statement UNIT` (对账单) and `pingyi statement --all [--out DIR]`.
//!
//! `--all --out DIR` writes one file per unit, `DIR/<unit id>.<ext>`, each atomically (a
//! temporary file renamed into place), in markdown unless `--format` says otherwise.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::gaps::{requirement_inputs, requirement_rules, scope};
use super::publish::{guard_path, runs};
use super::Common;
use crate::analysis::facts::TrackContext;
use crate::analysis::statement::{statement, track_statements, Statement};
use crate::analysis::trend;
use crate::error::{Error, Problem, Problems};
use crate::eval::provenance::Provenance;
use crate::eval::Evaluation;
use crate::output::file_stem;
use crate::period::Period;
use crate::render::parts::Names;
use crate::render::statement::{self as render, StatementView};
use crate::render::{statement_csv, statement_json, Format};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The unit: its id or exact name.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub unit: Option<String>,
    /// Every unit assessed in the period (of `--track`, if given).
    #[arg(long)]
    pub all: bool,
    /// With --all: write one statement per unit into this folder, named `<unit id>.<ext>`
    /// [default format there: markdown].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(c: &Common, a: &Args) -> Result<(), Error> {
    // Checked here: clap's `requires` counts a flag's implicit `false` as present.
    if a.out.is_some() && !a.all {
        return Err(Error::Usage(
            "--out DIR needs --all (one file per unit); for one unit use --output FILE".into(),
        ));
    }
    if a.out.is_some() && c.output.is_some() {
        return Err(Error::Usage(
            "--out DIR writes one file per unit; --output FILE one file: give only one".into(),
        ));
    }
    if a.out.is_some() && c.manifest.is_some() {
        return Err(Error::Usage(
            "--manifest records one output file; with --out DIR there is one per unit".into(),
        ));
    }
    let ev = c.evaluate(c.period()?)?;
    let (tracks, only) = scope(c, &ev, a.unit.as_deref())?;
    let before = c.earlier(&ev)?;
    c.guard_inputs(&runs(&ev, before.as_ref()))?;
    let trends = before.as_ref().map(|b| trend::compare(&ev, b));
    let rules = requirement_rules(c, &ev)?;
    let against = trends.as_ref().map(|t| t.against);
    let mut list: Vec<Statement> = Vec::new();
    for &t in &tracks {
        let cx = TrackContext::new(&ev, t, trends.as_ref(), rules);
        match only {
            Some(u) => list.push(statement(&cx, ev.ds.unit_pos[u])),
            None => list.extend(track_statements(&cx)),
        }
    }
    match &a.out {
        Some(dir) => {
            let format = c.format.unwrap_or(Format::Markdown);
            let inputs = runs(&ev, before.as_ref());
            write_each(c, &ev, &inputs, &list, against, dir, format)
        }
        None => {
            let format = c.format();
            let bytes = render_bytes(c, &ev, &list, against, format);
            let extra = requirement_inputs(c, &ev);
            c.publish(&bytes, format, || {
                Provenance::collect_with(&ev, before.as_ref(), &extra)
            })
        }
    }
}

fn render_bytes(
    c: &Common,
    ev: &Evaluation,
    list: &[Statement],
    against: Option<Period>,
    format: Format,
) -> Vec<u8> {
    let v = StatementView {
        names: Names { ev },
        statements: list,
        against,
    };
    match format {
        Format::Table => render::doc(&v).text(c.table_width()).into_bytes(),
        Format::Markdown => render::doc(&v).markdown().into_bytes(),
        Format::Csv | Format::Tsv => statement_csv::render(&v, c.csv_options(format)),
        Format::Json => statement_json::render(&v),
    }
}

/// One file per statement into `dir`, each written atomically; none over an input.
#[allow(clippy::too_many_arguments)]
fn write_each(
    c: &Common,
    ev: &Evaluation,
    inputs: &[&Evaluation],
    list: &[Statement],
    against: Option<Period>,
    dir: &Path,
    format: Format,
) -> Result<(), Error> {
    // Every name is checked before anything is written.
    let mut seen = HashSet::new();
    for s in list {
        let id = &ev.ds.registry.units[s.unit].id;
        let name = format!("{}.{}", file_stem(id), format.extension());
        if !seen.insert(name.clone()) {
            let mut p = Problems::new();
            let msg =
                format!("two unit ids map to the same file name `{name}`: rename one in units.csv");
            let units = c.data.join("units.csv");
            p.push(
                Problem::error(&units, msg)
                    .place("column id".to_string())
                    .unit(ev.ds.label(s.unit)),
            );
            return Err(Error::Invalid(p));
        }
        guard_path("--out", &dir.join(&name), inputs, &c.config)?;
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for s in list {
        let name = format!(
            "{}.{}",
            file_stem(&ev.ds.registry.units[s.unit].id),
            format.extension()
        );
        let bytes = render_bytes(c, ev, std::slice::from_ref(s), against, format);
        crate::output::write_atomic(&dir.join(&name), &bytes)?;
    }
    if !c.quiet {
        crate::output::diagnostic(format_args!(
            "wrote {} statement(s) to {}",
            list.len(),
            dir.display()
        ));
    }
    Ok(())
}
