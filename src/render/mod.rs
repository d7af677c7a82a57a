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

use crate::analysis::trend::{Move, Trends};
use crate::config::Config;
use crate::data::{Cell, Dataset};
use crate::rank::{round_to, Results, TrackResult};
use crate::scoring::Status;

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

/// A number at `d` decimals, never `-0.00`.
pub fn fixed(x: f64, d: usize) -> String {
    // One format: `{:.d$}` of the rounded value prints the same digits, except that a value
    // rounding to zero from below prints `-0.00`, which is normalised here.
    let s = format!("{x:.d$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

/// A change with its sign: `+1.25`, `-0.50`, `0.00`.
pub fn signed(x: f64, d: usize) -> String {
    let r = round_to(x, d);
    if r > 0.0 {
        format!("+{r:.d$}")
    } else {
        format!("{r:.d$}")
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

#[cfg(test)]
mod fixed_tests {
    use super::{fixed, round_to};

    #[test]
    fn fixed_prints_the_rounded_value_without_negative_zero() {
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(-0.0, 2), "0.00");
        assert_eq!(fixed(-0.006, 2), "-0.01");
        assert_eq!(fixed(2.675, 2), "2.67");
        assert_eq!(fixed(12.0, 0), "12");
        for x in [0.125, 1.005, 87.4449, -3.14158, 99.995, 1e-7, -1e-7] {
            for d in 0..4 {
                assert_eq!(fixed(x, d), format!("{:.d$}", round_to(x, d)), "{x} {d}");
            }
        }
    }
}
