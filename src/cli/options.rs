//! The option groups commands share, each flattened only into the commands it applies to, and
//! their conversion into the library's types.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::builder::PossibleValue;

use crate::data::{EncodingChoice, ReadOptions};
use crate::error::{Error, Problems};
use crate::eval::provenance::Provenance;
use crate::eval::{Against, Opened, Source};
use crate::output::guard::Guard;
use crate::output::publish::Target;
use crate::period::Period;
use crate::render::sheet::{CsvOptions, Escaping};
use crate::render::{Format, Style};

/// Where the scheme and the data are, and how to read them (every command).
#[derive(Debug, Clone, clap::Args)]
pub struct Inputs {
    /// The scoring scheme (a `data/<period>/scoring-config.toml` replaces it for that period).
    #[arg(long, default_value = "scoring-config.toml")]
    pub config: PathBuf,
    /// The data folder (units.csv and one folder per period).
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
    /// Encoding of CSV files without a byte-order mark: auto (UTF-8, else GB18030), utf-8,
    /// gb18030 or gbk. A byte-order mark always wins.
    #[arg(long, value_name = "ENCODING", default_value = "auto")]
    pub encoding: EncodingChoice,
    /// No warnings on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

impl Inputs {
    /// Opens the top-level config and the data folder.
    pub fn source(&self) -> Result<Source, Error> {
        let read = ReadOptions {
            encoding: self.encoding,
        };
        Source::new(&self.config, &self.data, read)
    }

    /// Prints the warnings of a run, unless `--quiet`.
    pub fn warn(&self, problems: &Problems) {
        if !self.quiet {
            for w in problems.warnings() {
                crate::output::diagnostic(w);
            }
        }
    }

    /// What this run must not write over: the config, the data folder and `inputs`.
    pub fn guard<'a>(&'a self, inputs: Vec<&'a std::path::Path>) -> Guard<'a> {
        Guard {
            config: &self.config,
            data: &self.data,
            inputs,
        }
    }
}

/// The opening every period command shares: the source, the period opened with the earlier
/// one `against` names (warnings printed unless `--quiet`), and the tracks to show.
pub fn open(
    inputs: &Inputs,
    period: Option<Period>,
    against: Against,
    track: Option<&str>,
) -> Result<(Source, Opened, Vec<usize>), Error> {
    let src = inputs.source()?;
    let opened = src.open(period, against)?;
    inputs.warn(&opened.now.warnings);
    let tracks = opened.now.tracks(track)?;
    Ok((src, opened, tracks))
}

/// Which quarter, compared with which.
#[derive(Debug, Clone, clap::Args)]
pub struct When {
    /// The period to evaluate, e.g. 2024Q2 [default: the latest YYYYQn folder].
    #[arg(long)]
    pub period: Option<Period>,
    /// Compare with this period instead of the previous one (trend columns); `none` for no
    /// trend columns.
    #[arg(long, value_name = "PERIOD|none", value_parser = parse_against)]
    pub against: Option<Against>,
}

impl When {
    pub fn against(&self) -> Against {
        self.against.unwrap_or(Against::Previous)
    }
}

fn parse_against(s: &str) -> Result<Against, String> {
    match s {
        "none" => Ok(Against::Nothing),
        _ => s.parse().map(Against::Period),
    }
}

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
    /// `--format`, else table on a terminal and csv otherwise.
    pub fn format(&self) -> Format {
        self.format.unwrap_or(if self.to_terminal() {
            Format::Table
        } else {
            Format::Csv
        })
    }

    fn to_terminal(&self) -> bool {
        self.output.is_none() && std::io::stdout().is_terminal()
    }

    /// How to render in `format`: CSV delimiter and escaping, and the terminal width when
    /// writing a table to a terminal (`COLUMNS`, else 160); `None` gives a fixed layout.
    pub fn style(&self, format: Format) -> Style {
        let width = self.to_terminal().then(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(160)
        });
        Style {
            format,
            csv: CsvOptions {
                delimiter: if format == Format::Tsv { b'\t' } else { b',' },
                escaping: if self.raw {
                    Escaping::Raw
                } else {
                    Escaping::Formulas
                },
            },
            width,
        }
    }

    /// Refuses `--output` or `--manifest` over an input, and both naming one file.
    pub fn check(&self, guard: &Guard) -> Result<(), Error> {
        if let Some(o) = &self.output {
            guard.file("--output", o)?;
        }
        if let Some(m) = &self.manifest {
            guard.file("--manifest", m)?;
        }
        if let (Some(o), Some(m)) = (&self.output, &self.manifest) {
            guard.distinct(("--output", o), ("--manifest", m))?;
        }
        Ok(())
    }

    /// Renders the result and writes it (and the manifest, when asked for). The provenance is
    /// collected only when the JSON head or the manifest needs it, once.
    pub fn emit(
        &self,
        collect: impl Fn() -> Result<Provenance, Error>,
        render: impl FnOnce(Option<&Provenance>, &Style) -> Vec<u8>,
    ) -> Result<(), Error> {
        let format = self.format();
        let prov = (format == Format::Json).then(&collect).transpose()?;
        let bytes = render(prov.as_ref(), &self.style(format));
        let target = self.target(format);
        target.publish(&bytes, || prov.clone().map_or_else(&collect, Ok))
    }

    /// Where the result of `format` goes.
    pub fn target(&self, format: Format) -> Target<'_> {
        Target {
            output: self.output.as_deref(),
            manifest: self.manifest.as_deref(),
            format: format.name(),
            escaped: matches!(format, Format::Csv | Format::Tsv) && !self.raw,
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
