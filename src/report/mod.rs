//! The quarterly report package (`pingyi report`): everything the assessment office hands out
//! for one period, built from one evaluation in one pass.
//!
//! [`Report`] gathers the analyses once (per-track facts, gaps with requirement lines, every
//! unit's statement, the district overview); the renderers read it — `results.xlsx`
//! ([`crate::render::xlsx`]), `report.html` ([`crate::render::html`]), `notice.md` (the markdown
//! of `rank`) and `statements/` (the statement renderers). [`files`] lists the package's files as
//! bytes; [`manifest`] records where they came from; [`package`] writes the folder atomically.
//! Every file except the manifest's run time is the same bytes on every run over the same inputs.

pub mod manifest;
pub mod package;

use std::collections::HashSet;

use crate::analysis::facts::TrackContext;
use crate::analysis::gaps::{track_gaps, TrackGaps};
use crate::analysis::statement::{track_statements, Statement};
use crate::analysis::summary::{summary, Summary};
use crate::analysis::trend::Trends;
use crate::config::Requirements;
use crate::error::{Error, Problems};
use crate::eval::Evaluation;
use crate::output::file_stem;
use crate::period::Period;
use crate::render::parts::Names;
use crate::render::statement::StatementView;
use crate::render::{self, View};

/// One period's results with every analysis the package shows.
pub struct Report<'a> {
    pub ev: &'a Evaluation,
    pub trends: Option<&'a Trends>,
    /// Track indices in the package, in config order.
    pub tracks: Vec<usize>,
    /// Parallel to `tracks`.
    pub contexts: Vec<TrackContext<'a>>,
    pub gaps: Vec<TrackGaps>,
    /// Every unit's statement: tracks in order, units in display order.
    pub statements: Vec<Statement>,
    pub summary: Summary,
}

impl<'a> Report<'a> {
    /// Runs the analyses of `tracks` (requirement lines with `rules`).
    pub fn new(
        ev: &'a Evaluation,
        trends: Option<&'a Trends>,
        tracks: Vec<usize>,
        rules: Requirements,
    ) -> Report<'a> {
        let contexts: Vec<TrackContext<'a>> = tracks
            .iter()
            .map(|&t| TrackContext::new(ev, t, trends, rules))
            .collect();
        let gaps = contexts.iter().map(track_gaps).collect();
        let statements = contexts.iter().flat_map(track_statements).collect();
        let summary = summary(ev, &contexts);
        Report {
            ev,
            trends,
            tracks,
            contexts,
            gaps,
            statements,
            summary,
        }
    }

    pub fn period(&self) -> Period {
        self.ev.period()
    }

    /// The period trends compare with, if any.
    pub fn against(&self) -> Option<Period> {
        self.trends.map(|t| t.against)
    }

    /// The view `rank`'s renderers read, restricted to `tracks`.
    pub fn view(&self, tracks: Vec<usize>) -> View<'a> {
        View {
            cfg: &self.ev.cfg,
            ds: &self.ev.ds,
            res: &self.ev.res,
            tracks,
            trends: self.trends,
        }
    }

    pub fn names(&self) -> Names<'a> {
        Names { ev: self.ev }
    }

    /// The statement view of `list`.
    pub fn statement_view<'s>(&self, list: &'s [Statement]) -> StatementView<'s>
    where
        'a: 's,
    {
        StatementView {
            names: self.names(),
            statements: list,
            against: self.against(),
        }
    }

    /// The grade level names of track `t`.
    pub fn levels(&self, t: usize) -> Vec<&'a str> {
        self.ev.cfg.tracks[t].grades.level_names()
    }
}

/// One file of the package: its path inside the folder (`/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl PackageFile {
    fn new(path: impl Into<String>, bytes: Vec<u8>) -> PackageFile {
        PackageFile {
            path: path.into(),
            bytes,
        }
    }
}

/// Every file of the package except the manifest, in a fixed order.
pub fn files(r: &Report) -> Result<Vec<PackageFile>, Error> {
    let mut out = vec![
        PackageFile::new("results.xlsx", render::xlsx::render(r)?),
        PackageFile::new("report.html", render::html::render(r).into_bytes()),
        PackageFile::new(
            "notice.md",
            render::markdown::rank(&r.view(r.tracks.clone())).into_bytes(),
        ),
    ];
    out.extend(statement_files(r)?);
    Ok(out)
}

/// `statements/<unit id>.md` and `.csv` for every unit.
fn statement_files(r: &Report) -> Result<Vec<PackageFile>, Error> {
    let mut out = Vec::with_capacity(2 * r.statements.len());
    let mut seen = HashSet::new();
    for s in &r.statements {
        let id = &r.ev.ds.registry.units[s.unit].id;
        let stem = file_stem(id);
        if !seen.insert(stem.to_lowercase()) {
            return Err(same_file_name(r, s.unit, &stem));
        }
        let v = r.statement_view(std::slice::from_ref(s));
        let md = render::statement::doc(&v).markdown();
        out.push(PackageFile::new(
            format!("statements/{stem}.md"),
            md.into_bytes(),
        ));
        out.push(PackageFile::new(
            format!("statements/{stem}.csv"),
            render::statement_csv::render(&v, render::csv::CsvOptions::CSV),
        ));
    }
    Ok(out)
}

/// Two unit ids that only differ in characters a file name cannot hold (or in case, which some
/// file systems ignore) would overwrite each other's statement.
fn same_file_name(r: &Report, unit: usize, stem: &str) -> Error {
    let mut p = Problems::new();
    let units = r.ev.ds.dir.parent().map_or_else(
        || std::path::PathBuf::from("units.csv"),
        |d| d.join("units.csv"),
    );
    p.error(
        &units,
        None,
        Some("column id".into()),
        Some(r.ev.ds.label(unit)),
        format!("two unit ids give the same statement file name `{stem}` (ignoring case): rename one in units.csv"),
    );
    Error::Invalid(p)
}
