//! What a command was asked to write — the format, the output file, escaping, the manifest —
//! and the one way every command renders and writes its result.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::guard::Guard;
use super::place::Place;
use super::publish::Target;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::render::sheet::{CsvOptions, Escaping};
use crate::render::{Format, Headers, Style};

/// `--format`, `--output`, `--raw`, `--manifest`, `--bom`/`--no-bom` and `--headers` of a
/// command.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub raw: bool,
    pub manifest: Option<PathBuf>,
    /// `--bom` (`Some(true)`) or `--no-bom` (`Some(false)`); by default CSV/TSV written to a file
    /// begin with a byte-order mark and stdout does not.
    pub bom: Option<bool>,
    /// `--headers`; by default `id` for csv/tsv/json/jsonl and `zh` for the others.
    pub headers: Option<Headers>,
    /// The formats the command writes; empty for any.
    pub formats: &'static [Format],
}

impl Request {
    /// The request with its format settled from `--output`'s extension and checked against the
    /// formats the command writes (`formats`): an extension that contradicts `--format`, an
    /// extension pingyi does not write (without `--format`) and a format the command does not
    /// write are usage errors. A file name without an extension keeps the default.
    pub fn resolve(&mut self) -> Result<(), Error> {
        let formats = self.formats;
        let ext = self
            .output
            .as_deref()
            .and_then(|p| p.extension())
            .map(|e| e.to_string_lossy().into_owned());
        if let Some(ext) = ext {
            match (Format::from_extension(&ext), self.format) {
                (Some(by_name), Some(asked)) if by_name != asked => {
                    return Err(Error::Usage(format!(
                        "--format {} contradicts the output file's extension .{ext} (a {} file): \
                         drop --format or rename the file",
                        asked.name(),
                        by_name.name()
                    )))
                }
                (Some(by_name), _) => self.format = Some(by_name),
                (None, Some(_)) => {}
                (None, None) => {
                    return Err(Error::Usage(format!(
                        "cannot tell the format from the extension .{ext}: name the file \
                         .csv, .tsv, .json, .jsonl, .md, .txt or .xlsx, or give --format"
                    )))
                }
            }
        }
        if let Some(f) = self.format {
            if !formats.is_empty() && !formats.contains(&f) {
                let names: Vec<&str> = formats.iter().map(|f| f.name()).collect();
                return Err(Error::Usage(format!(
                    "this command does not write {}; it writes {}",
                    f.name(),
                    names.join(", ")
                )));
            }
        }
        if self.format == Some(Format::Xlsx) && self.output.is_none() && self.to_terminal() {
            let msg = "an xlsx workbook is not shown on a terminal: write it to a file (-o results.xlsx) or pipe it";
            return Err(Error::Usage(msg.into()));
        }
        Ok(())
    }

    /// `--format`, else table on a terminal and csv otherwise.
    pub fn format(&self) -> Format {
        self.format.unwrap_or(if self.to_terminal() {
            Format::Table
        } else {
            Format::Csv
        })
    }

    /// Whether `--output` names a regular file (or a new one): not a device or FIFO such as
    /// `/dev/stdout`, which get what stdout gets.
    fn to_file(&self) -> bool {
        self.output
            .as_deref()
            .is_some_and(|p| std::fs::metadata(p).map_or(true, |m| m.is_file()))
    }

    fn to_terminal(&self) -> bool {
        self.output.is_none() && std::io::stdout().is_terminal()
    }

    /// How to render in `format`: CSV delimiter and escaping, and the terminal width when
    /// writing a table to a terminal (`COLUMNS`, else the terminal's own width, else 160);
    /// `None` gives a fixed layout.
    pub fn style(&self, format: Format) -> Style {
        let width = self.to_terminal().then(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|s| s.parse().ok())
                .filter(|&w: &u16| w > 0)
                .or_else(super::terminal_width)
                .unwrap_or(160)
        });
        let escaping = if self.raw {
            Escaping::Raw
        } else {
            Escaping::Formulas
        };
        let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
        let machine = matches!(
            format,
            Format::Csv | Format::Tsv | Format::Json | Format::Jsonl
        );
        let headers = self
            .headers
            .unwrap_or(if machine { Headers::Id } else { Headers::Zh });
        Style {
            format,
            csv: CsvOptions {
                delimiter,
                escaping,
            },
            width,
            bom: self.bom.unwrap_or_else(|| self.to_file()),
            headers,
        }
    }

    /// Refuses `--output` or `--manifest` over an input (a symlink's target included), onto
    /// something that is not a file, device or FIFO, and both naming one file.
    /// Then settles the format ([`Request::resolve`]).
    pub fn check(&mut self, guard: &Guard) -> Result<(), Error> {
        for (flag, path) in [("--output", &self.output), ("--manifest", &self.manifest)] {
            let Some(path) = path else { continue };
            guard.file(flag, path)?;
            if let Place::File(resolved) = Place::of(flag, path)? {
                guard.file(flag, &resolved)?;
            }
        }
        if let (Some(o), Some(m)) = (&self.output, &self.manifest) {
            guard.distinct(("--output", o), ("--manifest", m))?;
        }
        self.resolve()
    }

    /// Renders the result and writes it (and the manifest, when asked for). The provenance is
    /// collected only when the JSON head or the manifest needs it, and then once.
    pub fn emit(
        &self,
        collect: impl Fn() -> Result<Provenance, Error>,
        render: impl FnOnce(Option<&Provenance>, &Style) -> Result<Vec<u8>, Error>,
    ) -> Result<(), Error> {
        // Rendered before anything is written: a result that cannot be rendered (a workbook
        // beyond the sheet limits) leaves the output place as it was.
        let format = self.format();
        let prov = (format == Format::Json).then(&collect).transpose()?;
        let bytes = render(prov.as_ref(), &self.style(format)).map_err(|e| self.named(e))?;
        self.emit_to(
            || prov.clone().map_or_else(&collect, Ok),
            |_, _, w| w.write_all(&bytes),
        )
    }

    /// A renderer's I/O error (a workbook's: its temporary files, its size) named by the output
    /// it was for rather than by the `<xlsx>` it was made as.
    fn named(&self, e: Error) -> Error {
        match (e, self.output.as_deref()) {
            (Error::Io { path, source }, Some(out)) if path == Path::new("<xlsx>") => {
                Error::io(out, source)
            }
            (e, _) => e,
        }
    }

    /// [`Request::emit`] for a renderer that writes as it goes: the result is streamed to its
    /// place, never held whole (a national-scale ranking is hundreds of megabytes).
    pub fn emit_to(
        &self,
        collect: impl Fn() -> Result<Provenance, Error>,
        mut render: impl FnMut(Option<&Provenance>, &Style, &mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        let format = self.format();
        let prov = (format == Format::Json).then(&collect).transpose()?;
        let style = self.style(format);
        let target = Target {
            output: self.output.as_deref(),
            manifest: self.manifest.as_deref(),
            format: format.name(),
            escaped: matches!(format, Format::Csv | Format::Tsv) && !self.raw,
        };
        let mut write = |w: &mut dyn Write| {
            w.write_all(style.preamble())?;
            render(prov.as_ref(), &style, w)
        };
        target.publish_with(&mut write, || prov.clone().map_or_else(&collect, Ok))
    }
}
