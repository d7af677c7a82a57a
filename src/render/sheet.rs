//! CSV/TSV output, and the one place where every CSV/TSV writer escapes its cells.
//!
//! # Formula injection
//!
//! CSV files go straight into spreadsheets, where a text cell such as `=HYPERLINK(…)` becomes a
//! live formula. So every CSV/TSV writer builds its rows with a [`Sheet`], which knows each
//! cell's type:
//!
//! - [`Sheet::text`] — unit ids and names, tracks, grades, marks, header names … anything that
//!   came from a user or a config file. A text cell beginning with `=`, `+`, `-`, `@`, tab or
//!   carriage return gets a leading `'` ([`escape_text`]), which spreadsheets show as text.
//! - [`Sheet::number`] — numbers pingyi formatted itself, raw values (a number, empty or
//!   `不适用`). Never touched, so a negative score `-1.50` stays a number. A string passed here
//!   that is not one of those is escaped as text after all: the safe side.
//! - [`Sheet::record`] — a whole row built as strings, typed cell by cell by content (numbers
//!   as is, everything else escaped), for writers that do not track column types.
//!
//! Escaping is on by default; `--raw` ([`Escaping::Raw`]) turns it off for consumers that read
//! the file as data rather than open it in a spreadsheet. New CSV outputs (statements, gaps,
//! summaries …) take a [`CsvOptions`] and write through a [`Sheet`], never through `csv::Writer`
//! directly, so that the rule holds everywhere.

use std::borrow::Cow;

/// Whether text cells are escaped against formula injection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Escaping {
    /// Text cells that a spreadsheet would run as a formula get a leading `'` (the default).
    #[default]
    Formulas,
    /// Every cell as is (`--raw`).
    Raw,
}

/// How a CSV/TSV output is written: its delimiter and escaping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    pub delimiter: u8,
    pub escaping: Escaping,
}

impl CsvOptions {
    /// Comma-separated, escaped.
    pub const CSV: CsvOptions = CsvOptions {
        delimiter: b',',
        escaping: Escaping::Formulas,
    };
    /// Tab-separated, escaped.
    pub const TSV: CsvOptions = CsvOptions {
        delimiter: b'\t',
        escaping: Escaping::Formulas,
    };
}

/// A text cell as written: with a leading `'` when it begins with `=`, `+`, `-`, `@`, tab or
/// carriage return (and escaping is on).
pub fn escape_text(text: &str, escaping: Escaping) -> Cow<'_, str> {
    let risky = matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if risky && escaping == Escaping::Formulas {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Appends the text cell `text` to a row being built by hand (the hot path of large outputs): the
/// same bytes a [`Sheet`] writes — escaped against formula injection, then quoted when it holds
/// the delimiter, a quote or a line break (quotes doubled).
pub fn push_text(out: &mut Vec<u8>, text: &str, opts: CsvOptions) {
    let text = escape_text(text, opts.escaping);
    let b = text.as_bytes();
    let special = |c: &u8| *c == opts.delimiter || matches!(*c, b'"' | b'\r' | b'\n');
    if !b.iter().any(special) {
        out.extend_from_slice(b);
        return;
    }
    out.push(b'"');
    for &c in b {
        if c == b'"' {
            out.push(b'"');
        }
        out.push(c);
    }
    out.push(b'"');
}

/// Appends a cell of a numeric column to a row being built by hand: the bytes
/// [`Sheet::number`] writes (a number, empty or `不适用` as is, anything else as [`push_text`]).
pub fn push_number(out: &mut Vec<u8>, s: &str, opts: CsvOptions) {
    if is_numeric_cell(s) {
        out.extend_from_slice(s.as_bytes());
    } else {
        push_text(out, s, opts);
    }
}

/// Whether `s` may go into a numeric column untouched: a number, empty, or `不适用`.
fn is_numeric_cell(s: &str) -> bool {
    // A finite number starts with a digit, a sign or a point (what else parses — `inf`, `NaN` —
    // is not finite): text is told at its first byte, without parsing it.
    let maybe = |b: u8| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.');
    match s.as_bytes().first() {
        None => true,
        Some(&b) if maybe(b) => s.parse::<f64>().is_ok_and(f64::is_finite),
        Some(_) => s == "不适用",
    }
}

/// The CSV writer of a [`Sheet`] into `out`. Flexible: a row of another length is the caller's
/// bug, but must not make the writer drop the row's terminator (errors writing to a Vec are
/// ignored).
fn writer(delimiter: u8, out: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_writer(out)
}

/// A CSV/TSV document written row by row from typed cells; see the module docs.
pub struct Sheet {
    writer: csv::Writer<Vec<u8>>,
    escaping: Escaping,
    delimiter: u8,
}

impl Sheet {
    pub fn new(opts: CsvOptions) -> Sheet {
        Sheet {
            writer: writer(opts.delimiter, Vec::new()),
            escaping: opts.escaping,
            delimiter: opts.delimiter,
        }
    }

    /// A text cell, escaped against formula injection.
    pub fn text(&mut self, s: &str) -> &mut Sheet {
        // Writing to a Vec cannot fail.
        let _ = self
            .writer
            .write_field(escape_text(s, self.escaping).as_ref());
        self
    }

    /// A cell of a numeric column: a number, empty, or `不适用`, written as is.
    pub fn number(&mut self, s: &str) -> &mut Sheet {
        if is_numeric_cell(s) {
            let _ = self.writer.write_field(s);
            self
        } else {
            self.text(s)
        }
    }

    /// A number pingyi formatted itself (`fixed`, `{}` of a finite f64, an integer): written
    /// as is, without the check of [`Sheet::number`] — the hot path of large rankings.
    pub fn own_number(&mut self, s: &str) -> &mut Sheet {
        let _ = self.writer.write_field(s);
        self
    }

    /// Ends the current row.
    pub fn end_row(&mut self) {
        let _ = self.writer.write_record(None::<&[u8]>);
    }

    /// Bytes written so far (flushes the writer's buffer into the document).
    pub fn written(&mut self) -> usize {
        let _ = self.writer.flush();
        self.writer.get_ref().len()
    }

    /// Writes the rows ended so far to `w` and forgets them: a long document written as it is
    /// made (the rows of a province's gap analysis) is never held whole.
    pub fn drain(&mut self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let fresh = writer(self.delimiter, Vec::new());
        let mut done = std::mem::replace(&mut self.writer, fresh)
            .into_inner()
            .map_err(|e| e.into_error())?;
        w.write_all(&done)?;
        // The buffer kept for the rows to come.
        done.clear();
        self.writer = writer(self.delimiter, done);
        Ok(())
    }

    /// A row built as strings, without column types: each cell that is a number (or empty, or
    /// `不适用`) is written as is, every other cell as escaped text. Safe — a string that parses
    /// as a number cannot carry a formula — but prefer [`Sheet::text`] / [`Sheet::number`] where
    /// the column types are known, so that a text id such as `-5` is escaped too.
    pub fn record<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        for c in cells {
            self.number(c.as_ref());
        }
        self.end_row();
    }

    /// A header row: every name is text.
    pub fn header<S: AsRef<str>>(&mut self, names: impl IntoIterator<Item = S>) {
        for n in names {
            self.text(n.as_ref());
        }
        self.end_row();
    }

    /// The document's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.writer.into_inner().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
