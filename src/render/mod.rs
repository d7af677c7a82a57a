//! Renderers: plain results to bytes, one module per output kind — the ranking ([`rank`]), gap
//! analysis ([`gaps`]), statements ([`statement`]), the overview ([`summary`]) and the roll-up
//! ([`rollup`]) — each producing its document (terminal table and markdown, through the one
//! [`doc`] model), its CSV/TSV rows (through [`sheet`]) and its JSON (with the one head of
//! [`json_parts`]); the report package's workbook ([`xlsx`]) and page ([`html`]). Renderers read
//! results and analyses through [`labels::Labels`]; they know nothing of scoring.

pub mod check;
pub mod compare;
pub mod doc;
pub mod gaps;
pub mod headers;
pub mod html;
pub mod json_parts;
pub mod labels;
pub mod rank;
pub mod rollup;
pub mod sensitivity;
pub mod sheet;
pub mod statement;
pub mod summary;
pub mod svg;
pub mod text;
pub mod weights;
pub mod xlsx;

use crate::analysis::bundle::Report;
use crate::data::Cell;
pub use crate::num::{fixed, signed};
use labels::Labels;
use rank::RankView;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    /// Markdown tables, for pasting into a published notice.
    Markdown,
    /// JSON Lines: one object per unit (the commands that list units one by one).
    Jsonl,
    /// An Excel workbook: one sheet per table, typed numbers, frozen and filtered header.
    Xlsx,
}

/// Column headers of CSV/TSV/JSON Lines: for people (`zh`) or for programs (`id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Headers {
    /// Stable machine names (`unit_id`, `gyzjz:score`).
    #[default]
    Id,
    /// Chinese names: 名次, 单位, 所属乡镇, 总分, 等次, indicator names with their units.
    Zh,
}

impl Headers {
    pub const ALL: [Headers; 2] = [Headers::Zh, Headers::Id];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Headers::Zh => "zh",
            Headers::Id => "id",
        }
    }
}

/// How a document is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub format: Format,
    /// Delimiter and escaping of CSV/TSV.
    pub csv: sheet::CsvOptions,
    /// The terminal width of tables, or `None` for a fixed layout (no wrapping) when not
    /// writing to a terminal, so that cron output and snapshots are stable.
    pub width: Option<u16>,
    /// CSV/TSV: begin with a UTF-8 byte-order mark (so that Excel and WPS read UTF-8).
    pub bom: bool,
    /// CSV/TSV column headers.
    pub headers: Headers,
}

impl Style {
    /// `format` with the defaults: escaped CSV, fixed layout, no byte-order mark, id headers.
    pub fn plain(format: Format) -> Style {
        let csv = if format == Format::Tsv {
            sheet::CsvOptions::TSV
        } else {
            sheet::CsvOptions::CSV
        };
        Style {
            format,
            csv,
            width: None,
            bom: false,
            headers: Headers::Id,
        }
    }

    /// The byte-order mark this style's output begins with, if any.
    pub fn preamble(&self) -> &'static [u8] {
        if self.bom && matches!(self.format, Format::Csv | Format::Tsv) {
            b"\xEF\xBB\xBF"
        } else {
            b""
        }
    }
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Markdown,
        Format::Jsonl,
        Format::Xlsx,
    ];

    /// The format asked for: `--format`, else the one `--output`'s extension stands for.
    pub fn asked(format: Option<Format>, output: Option<&std::path::Path>) -> Option<Format> {
        let ext = output.and_then(|p| p.extension());
        format.or_else(|| Format::from_extension(&ext?.to_string_lossy()))
    }

    /// The format a file name's extension stands for (`r.csv`, `r.TSV`, `r.md` …); `None` for an
    /// extension pingyi does not write.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" => Format::Table,
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "md" | "markdown" => Format::Markdown,
            "xlsx" => Format::Xlsx,
            _ => return None,
        })
    }

    /// The file extension of the format (`statement --all --out DIR` names files with it).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Jsonl => "jsonl",
            Format::Xlsx => "xlsx",
        }
    }
}

impl Format {
    /// The formats of the commands that write tables (everything but JSON Lines).
    pub const TABLES: &'static [Format] = &[
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Markdown,
        Format::Xlsx,
    ];

    /// The formats of the commands without a workbook or JSON Lines (check, compare,
    /// sensitivity, weights).
    pub const TEXT: &'static [Format] = &[
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Markdown,
    ];

    /// The formats of the commands that list units one by one: the tables and JSON Lines.
    pub const UNITS: &'static [Format] = &[
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Jsonl,
        Format::Markdown,
        Format::Xlsx,
    ];

    /// What `--help` says of the format, where its name does not say it all.
    pub fn help(self) -> Option<&'static str> {
        match self {
            Format::Markdown => Some("Markdown tables, for pasting into a published notice"),
            Format::Jsonl => Some("JSON Lines, one object per unit (rank, gaps, statement)"),
            Format::Xlsx => Some("an Excel workbook (to a file: -o results.xlsx)"),
            _ => None,
        }
    }

    /// The name used on the command line and in manifests.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Jsonl => "jsonl",
            Format::Xlsx => "xlsx",
        }
    }
}

/// A raw cell as written in outputs: the number, `不适用`, or empty for missing.
pub fn raw_cell(c: Cell) -> String {
    match c {
        Cell::Value(v) => crate::num::raw(v),
        Cell::Missing => String::new(),
        Cell::NotApplicable => "不适用".to_string(),
    }
}

/// The views of the report bundle that the renderers read.
impl<'a> Report<'a> {
    /// The labels of the bundle's period, with its trends.
    pub fn labels(&self) -> Labels<'a> {
        Labels {
            ev: self.ev,
            trends: self.trends,
            provenance: None,
        }
    }

    /// The ranking of `tracks`.
    pub fn view(&self, tracks: Vec<usize>) -> RankView<'a> {
        RankView {
            labels: self.labels(),
            tracks,
            lean: false,
        }
    }
}
