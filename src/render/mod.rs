//! Renderers: plain results to bytes, one module per format. They know nothing of scoring.

pub mod csv;
pub mod doc;
pub mod gaps;
pub mod html;
pub mod json;
pub mod markdown;
pub mod parts;
pub mod rollup;
pub mod statement;
pub mod statement_csv;
pub mod statement_json;
pub mod summary;
pub mod summary_json;
pub mod svg;
pub mod table;
pub mod xlsx;

use crate::analysis::bundle::Report;
use crate::analysis::statement::Statement;
use crate::analysis::trend::{Move, Trends};
use crate::config::Config;
use crate::data::{Cell, Dataset};
pub use crate::num::{fixed, signed};
use crate::render::parts::Names;
use crate::render::statement::StatementView;
use crate::results::{Results, Status, TrackResult};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    /// Markdown tables, for pasting into a published notice.
    Markdown,
}

impl Format {
    /// The file extension of the format (`statement --all --out DIR` names files with it).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Markdown => "md",
        }
    }
}

impl Format {
    /// The name used on the command line and in manifests.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Markdown => "markdown",
        }
    }
}

/// Everything a renderer reads, and which tracks to show.
pub struct View<'a> {
    pub cfg: &'a Config,
    pub ds: &'a Dataset,
    pub res: &'a Results,
    /// Track indices to show, in config order.
    pub tracks: Vec<usize>,
    /// Movement against an earlier period, when one is available.
    pub trends: Option<&'a Trends>,
}

impl<'a> View<'a> {
    pub fn track_results(&self) -> impl Iterator<Item = &'a TrackResult> + '_ {
        self.tracks.iter().map(|&t| &self.res.tracks[t])
    }

    /// The movement of the unit at `pos` of track `t`, if trends are shown.
    pub fn movement(&self, t: usize, pos: usize) -> Option<&'a Move> {
        self.trends.map(|tr| &tr.tracks[t][pos])
    }

    /// A number at the configured decimals, never `-0.00`.
    pub fn fixed(&self, x: f64) -> String {
        fixed(x, self.cfg.decimals)
    }

    /// Flags of a unit: veto and the indicators whose missing cells were filled.
    pub fn marks(&self, tr: &TrackResult, pos: usize) -> Vec<String> {
        let mut out = Vec::new();
        if tr.veto[pos] {
            out.push("一票否决".to_string());
        }
        let track = &self.cfg.tracks[tr.track];
        let mut zero = Vec::new();
        let mut avg = Vec::new();
        for (slot, col) in tr.scores.columns.iter().enumerate() {
            let id = &self.cfg.indicator(&track.indicators[slot]).id;
            match col.status[pos] {
                Status::ZeroFilled => zero.push(id.as_str()),
                Status::AverageFilled => avg.push(id.as_str()),
                _ => {}
            }
        }
        if !zero.is_empty() {
            out.push(format!("缺报补零({})", zero.join(",")));
        }
        if !avg.is_empty() {
            out.push(format!("缺报按均分({})", avg.join(",")));
        }
        out
    }
}

/// A raw cell as written in outputs: the number, `不适用`, or empty for missing.
pub fn raw_cell(c: Cell) -> String {
    match c {
        Cell::Value(v) => format!("{v}"),
        Cell::Missing => String::new(),
        Cell::NotApplicable => "不适用".to_string(),
    }
}

/// The views of the report bundle that the renderers read.
impl<'a> Report<'a> {
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
}
