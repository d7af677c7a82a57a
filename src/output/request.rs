//! What a command was asked to write — the format, the output file, escaping, the manifest —
//! and the one way every command renders and writes its result.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::guard::Guard;
use super::place::Place;
use super::publish::Target;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::render::sheet::{CsvOptions, Escaping};
use crate::render::{Format, Style};

/// `--format`, `--output`, `--raw` and `--manifest` of a command.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub raw: bool,
    pub manifest: Option<PathBuf>,
}

impl Request {
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
        let escaping = if self.raw {
            Escaping::Raw
        } else {
            Escaping::Formulas
        };
        let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
        Style {
            format,
            csv: CsvOptions {
                delimiter,
                escaping,
            },
            width,
        }
    }

    /// Refuses `--output` or `--manifest` over an input (a symlink's target included), onto
    /// something that is not a file, device or FIFO, and both naming one file.
    pub fn check(&self, guard: &Guard) -> Result<(), Error> {
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
        Ok(())
    }

    /// Renders the result and writes it (and the manifest, when asked for). The provenance is
    /// collected only when the JSON head or the manifest needs it, and then once.
    pub fn emit(
        &self,
        collect: impl Fn() -> Result<Provenance, Error>,
        render: impl FnOnce(Option<&Provenance>, &Style) -> Vec<u8>,
    ) -> Result<(), Error> {
        let mut render = Some(render);
        self.emit_to(collect, |prov, style, w| match render.take() {
            Some(r) => w.write_all(&r(prov, style)),
            None => Ok(()),
        })
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
        target.publish_with(&mut |w| render(prov.as_ref(), &style, w), || {
            prov.clone().map_or_else(&collect, Ok)
        })
    }
}
