//! `--format`, `--output`, `--raw`, `--manifest`, `--bom`/`--no-bom`: the output options of the
//! commands that write one result; and `--headers`, only for those whose CSV has column names
//! for people (rank, gaps, statement, summary, rollup) — the others would ignore it.

use std::path::PathBuf;

use crate::error::Error;
use crate::output::guard::Guard;
use crate::output::request::Request;
use crate::render::{Format, Headers};

/// Where a result goes and in which form.
#[derive(Debug, Clone, clap::Args)]
pub struct Output {
    /// Output format [default: from --output's extension (.csv .tsv .json .jsonl .md .txt
    /// .xlsx), else table on a terminal and csv when piped]; the command writes the formats
    /// listed here (any other, or an extension of another, is a usage error).
    #[arg(long)]
    pub format: Option<Format>,
    /// Write to this file (atomically) instead of stdout; its extension picks the format.
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
    /// CSV/TSV: begin with a UTF-8 byte-order mark also on stdout (files get one by default,
    /// so that Excel and WPS read the Chinese text as UTF-8).
    #[arg(long, conflicts_with = "no_bom")]
    pub bom: bool,
    /// CSV/TSV files: no byte-order mark.
    #[arg(long)]
    pub no_bom: bool,
}

/// [`Output`] and `--headers`.
#[derive(Debug, Clone, clap::Args)]
pub struct Named {
    #[command(flatten)]
    pub out: Output,
    /// Column names: `zh` for people (名次, 单位, 所属乡镇, 总分, 等次, indicator names with
    /// units) or `id` for programs [default: id for csv/tsv/json/jsonl, zh otherwise].
    #[arg(long, value_name = "zh|id")]
    pub headers: Option<Headers>,
}

impl Named {
    /// [`Output::request`] with the column names asked for.
    pub fn request(&self, formats: &'static [Format], early: &Guard) -> Result<Request, Error> {
        Ok(Request {
            headers: self.headers,
            ..self.out.request(formats, early)?
        })
    }
}

impl Output {
    /// The request of a command that writes `formats`, checked ([`Request::check`]) before any
    /// data is read against the inputs known then (`early`: the config and the data folder) and
    /// its format settled from `--output`'s extension: a place or a format the command cannot
    /// write is a usage error at once, not after a national run has loaded. The command checks
    /// it again against every file it read.
    pub fn request(&self, formats: &'static [Format], early: &Guard) -> Result<Request, Error> {
        // --bom, --no-bom or neither (they conflict).
        let bom = (self.bom || self.no_bom).then_some(self.bom);
        let mut request = Request {
            format: self.format,
            output: self.output.clone(),
            raw: self.raw,
            manifest: self.manifest.clone(),
            bom,
            headers: None,
            formats,
        };
        request.check(early)?;
        Ok(request)
    }
}
