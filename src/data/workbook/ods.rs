//! `.ods` (OpenDocument, as LibreOffice and WPS save it): our own streaming reader of
//! `content.xml`.
//!
//! calamine's reader builds every sheet as a dense range when the file is opened, reads an error
//! cell that LibreOffice saved (`calcext:value-type="error"`) as its stand-in value, expands a
//! `<text:s text:c="…"/>` of any count, and does not say which cells are percentages. This one
//! keeps only non-empty cells, one sheet at a time, within the caps of `limits`, and reads:
//!
//! - `float` and `currency` cells as numbers, `percentage` cells as the percentage they show
//!   (`office:value="0.9"` → `90%`), like an .xlsx percent format; a number whose style divides
//!   it or writes text among its digits (`ods_styles`) as a cell with a note, like an .xlsx
//!   format that does;
//! - `date` and `time` cells, and error cells, as cells with a note;
//! - a formula (`table:formula`) without a value as a cell with a note;
//! - text from its paragraphs (`text:p`, joined by line breaks), spaces (`text:s`), tabs and
//!   line breaks, without annotations;
//! - repeated rows and columns (`number-rows-repeated`, `number-columns-repeated`) as that many
//!   cells when they hold a value, and spans (`number-columns-spanned`, `number-rows-spanned`) as
//!   merged regions.

use std::io::Read;

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use super::limits::{check_archive, damaged, xml_error, MAX_CELL_CHARS};
use super::numfmt::{percent_text, plain_text};
use super::ods_styles::{Altering, SheetStyles};
use super::xlsx_parts::{open_xml, qualified_attr as attr, Archive, Names, Xml};
use super::{a1, altered_cell, cannot_read, Cells, SheetCell, SheetData, MAX_COLS};
use crate::data::number::{in_range, is_spreadsheet_error};
use crate::echo::quote;
use crate::fold::fold;

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";
const CONTENT: &str = "content.xml";

pub struct OdsBook {
    zip: Archive,
    names: Names,
    sheets: Vec<String>,
    /// Whether each sheet is hidden (its table style says `table:display="false"`).
    hidden: Vec<bool>,
}

impl OdsBook {
    /// Checks the archive and its mimetype, and lists the sheets.
    pub fn open(zip: Archive) -> Result<OdsBook, String> {
        let mut zip = zip;
        check_archive(&mut zip)?;
        let mut mime = String::new();
        zip.by_name("mimetype")
            .map_err(|e| cannot_read(&e.to_string()))?
            .take(1024)
            .read_to_string(&mut mime)
            .map_err(|e| cannot_read(&e.to_string()))?;
        if mime.trim() != MIMETYPE {
            let why = format!(
                "an OpenDocument file of type `{}`, not a spreadsheet",
                mime.trim()
            );
            return Err(cannot_read(&why));
        }
        let names = Names::of(&zip);
        let mut book = OdsBook {
            zip,
            names,
            sheets: Vec::new(),
            hidden: Vec::new(),
        };
        let (sheets, _, hidden) = book.read(None)?;
        book.sheets = sheets;
        book.hidden = hidden;
        Ok(book)
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.clone()
    }

    pub fn hidden(&self) -> Vec<bool> {
        self.hidden.clone()
    }

    pub fn sheet(&mut self, sheet: &str) -> Result<SheetData, String> {
        match self.read(Some(sheet))?.1 {
            Some(data) => Ok(data),
            None => Err(format!("the workbook has no sheet `{sheet}`")),
        }
    }

    /// One pass over `content.xml`: the sheet names, the cells of sheet `want`, and which of the
    /// sheets before it are hidden (a table whose automatic style, written before the body,
    /// says `table:display="false"`).
    fn read(&mut self, want: Option<&str>) -> Result<Pass, String> {
        let Some(mut xml) = open_xml(&mut self.zip, &self.names, CONTENT)? else {
            return Err(cannot_read("the archive has no content.xml"));
        };
        let mut names = Vec::new();
        let mut hidden = Vec::new();
        let mut hiding: Vec<String> = Vec::new();
        let mut style: Option<String> = None;
        let mut altering = Altering::default();
        let mut buf = Vec::new();
        loop {
            let event = xml.read_event_into(&mut buf).map_err(err)?;
            match &event {
                Event::Start(e) => altering.start(e),
                Event::End(e) => altering.end(e.name()),
                _ => {}
            }
            match event {
                Event::Start(e) if e.name() == QName(b"style:style") => {
                    let table = attr(&e, b"style:family").as_deref() == Some("table");
                    style = attr(&e, b"style:name").filter(|_| table);
                }
                Event::Start(e)
                    if e.name() == QName(b"style:table-properties")
                        && attr(&e, b"table:display").as_deref() == Some("false") =>
                {
                    hiding.extend(style.clone());
                }
                Event::Start(e) if e.name() == QName(b"table:table") => {
                    let name = attr(&e, b"table:name").unwrap_or_default();
                    if want == Some(name.as_str()) {
                        let styles = SheetStyles::new(altering.finish());
                        return Ok((names, Some(read_table(&mut xml, styles)?), hidden));
                    }
                    let style = attr(&e, b"table:style-name");
                    hidden.push(style.is_some_and(|s| hiding.contains(&s)));
                    names.push(name);
                    skip(&mut xml, &e)?;
                }
                Event::Eof => return Ok((names, None, hidden)),
                _ => {}
            }
            buf.clear();
        }
    }
}

/// What one pass over `content.xml` read: the sheet names (up to the one wanted), its cells, and
/// whether each sheet named is hidden.
type Pass = (Vec<String>, Option<SheetData>, Vec<bool>);

fn err(e: quick_xml::Error) -> String {
    xml_error(CONTENT, e)
}

/// A count attribute (`number-rows-repeated` …), 1 when absent.
fn count(e: &BytesStart, name: &[u8]) -> Result<u32, String> {
    match attr(e, name) {
        None => Ok(1),
        Some(v) => match v.trim().parse::<u32>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(damaged(format!(
                "`{}=\"{v}\"` in {CONTENT} is not a count",
                String::from_utf8_lossy(name)
            ))),
        },
    }
}

/// Skips the element `e` has started, up to its end.
fn skip(xml: &mut Xml, e: &BytesStart) -> Result<(), String> {
    let name = e.name().as_ref().to_vec();
    let mut buf = Vec::new();
    xml.read_to_end_into(QName(&name), &mut buf).map_err(err)?;
    Ok(())
}

/// The rows of the current `table:table`, up to its end. A row hidden by hand or by a filter
/// (`table:visibility="collapse"` or `"filter"`) that holds cells is listed in `hidden_rows`, as
/// an .xlsx sheet's are.
fn read_table(xml: &mut Xml, mut styles: SheetStyles) -> Result<SheetData, String> {
    let mut cells = Cells::new();
    let mut merged = Vec::new();
    let mut hidden_rows = Vec::new();
    let mut hidden_cols = Vec::new();
    let mut row = 0u32;
    let mut column = 0u32;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(err)? {
            Event::Start(e) if e.name() == QName(b"table:table-row") => {
                let repeats = count(&e, b"table:number-rows-repeated")?;
                let hidden = matches!(
                    attr(&e, b"table:visibility").as_deref(),
                    Some("collapse" | "filter")
                );
                let (row_cells, spans) = read_row(xml, row, &styles)?;
                merged.extend(spans);
                for k in 0..repeats {
                    for c in &row_cells {
                        let pos = (row.saturating_add(k), c.pos.1);
                        cells.push(SheetCell { pos, ..c.clone() })?;
                    }
                    if row_cells.is_empty() {
                        break;
                    }
                    if hidden {
                        hidden_rows.push(row.saturating_add(k));
                    }
                }
                row = row.saturating_add(repeats);
            }
            Event::Start(e) if e.name() == QName(b"table:table-column") => {
                let n = count(&e, b"table:number-columns-repeated")?;
                styles.column(&e, column, n);
                let hidden = matches!(
                    attr(&e, b"table:visibility").as_deref(),
                    Some("collapse" | "filter")
                );
                // A hidden run to the sheet's last column is cut at the columns cells may fill.
                if hidden {
                    hidden_cols.extend(column..column.saturating_add(n).min(16_384));
                }
                column = column.saturating_add(n);
            }
            // A table inside a cell or a shape is not part of the grid.
            Event::Start(e) if e.name() == QName(b"table:table") => skip(xml, &e)?,
            Event::End(e) if e.name() == QName(b"table:table") => break,
            Event::Eof => return Err(damaged(format!("{CONTENT} ends inside a sheet"))),
            _ => {}
        }
    }
    Ok(SheetData {
        cells,
        merged,
        hidden_rows,
        hidden_cols,
    })
}

/// The non-empty cells of the current row (at `row`) and its spans, up to the row's end.
fn read_row(
    xml: &mut Xml,
    row: u32,
    styles: &SheetStyles,
) -> Result<(Vec<SheetCell>, Vec<Dimensions>), String> {
    let mut out = Vec::new();
    let mut spans = Vec::new();
    let mut col = 0u32;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(err)? {
            Event::Start(e)
                if e.name() == QName(b"table:table-cell")
                    || e.name() == QName(b"table:covered-table-cell") =>
            {
                let repeats = count(&e, b"table:number-columns-repeated")?;
                let across = count(&e, b"table:number-columns-spanned")?;
                let down = count(&e, b"table:number-rows-spanned")?;
                if across > 1 || down > 1 {
                    let end = (row.saturating_add(down - 1), col.saturating_add(across - 1));
                    spans.push(Dimensions::new((row, col), end));
                }
                let altered = styles.altered(&e, col);
                let cell = read_cell(xml, &e, (row, col), altered)?;
                if !cell.is_empty() {
                    for k in 0..repeats {
                        let pos = (row, col.saturating_add(k));
                        if pos.1 >= MAX_COLS {
                            return Err("a cell lies outside the spreadsheet's grid: the workbook is damaged".into());
                        }
                        out.push(SheetCell {
                            pos,
                            ..cell.clone()
                        });
                    }
                }
                col = col.saturating_add(repeats);
            }
            Event::End(e) if e.name() == QName(b"table:table-row") => return Ok((out, spans)),
            Event::Eof => return Err(damaged(format!("{CONTENT} ends inside a row"))),
            _ => {}
        }
    }
}

/// One cell: its value by its value type, up to the cell's end. `altered` is the data style's
/// name and what it does when the cell's style shows other digits than stored.
fn read_cell(
    xml: &mut Xml,
    e: &BytesStart,
    pos: (u32, u32),
    altered: Option<&(String, String)>,
) -> Result<SheetCell, String> {
    let kind = attr(e, b"office:value-type");
    let error = attr(e, b"calcext:value-type").as_deref() == Some("error");
    let formula = attr(e, b"table:formula").is_some();
    let value = attr(e, b"office:value");
    let date = attr(e, b"office:date-value").or_else(|| attr(e, b"office:time-value"));
    let boolean = attr(e, b"office:boolean-value");
    let string = attr(e, b"office:string-value");
    let text = read_text(xml, e, pos)?;
    // A formula's error saved without LibreOffice's own marker (another program, an older
    // version) keeps a stand-in number, often 0, beside the error's text: the text tells.
    let numeric = matches!(kind.as_deref(), Some("float" | "currency" | "percentage"));
    if error || numeric && is_spreadsheet_error(fold(&text).trim()) {
        let note = format!("the cell holds the spreadsheet error `{}`: fix its formula in the workbook or enter the value", text.trim());
        return Ok(SheetCell::note(pos, text, note));
    }
    let number = |v: &Option<String>| -> Result<Option<f64>, String> {
        match v.as_deref().map(str::trim) {
            None => Ok(None),
            Some(t) => match t.parse::<f64>() {
                Ok(f) if in_range(f, t) => Ok(Some(f)),
                Ok(_) => Err(damaged(format!(
                    "cell {} holds the value {}, out of range for a number",
                    a1(pos),
                    quote(t)
                ))),
                Err(_) => Err(damaged(format!(
                    "cell {} holds the value {}, not a number",
                    a1(pos),
                    quote(t)
                ))),
            },
        }
    };
    let cell = match kind.as_deref() {
        Some("float" | "currency") => number(&value)?.map(|f| match altered {
            Some((style, how)) => {
                let format = format!("number style {}", quote(style));
                altered_cell(pos, plain_text(f), &format, how, text.trim())
            }
            None => SheetCell::text(pos, plain_text(f)),
        }),
        Some("percentage") => {
            number(&value)?.map(|f| SheetCell::percent(pos, percent_text(f), plain_text(f)))
        }
        Some("date" | "time") => date.map(|d| {
            let note = format!("the cell holds a date or time ({d}), not a number: format it as a number (a spreadsheet turns entries such as `3-5` into dates)");
            SheetCell::note(pos, d, note)
        }),
        Some("boolean") => boolean.map(|b| {
            let t = if matches!(b.trim(), "true" | "TRUE") { "TRUE" } else { "FALSE" };
            SheetCell::text(pos, t.into())
        }),
        Some("string") => Some(SheetCell::text(pos, string.unwrap_or(text.clone()))),
        _ if formula => None,
        _ => Some(SheetCell::text(pos, text.clone())),
    };
    Ok(match cell {
        Some(c) => c,
        None if formula => {
            let note = "the cell holds a formula with no saved result: open and save the workbook in LibreOffice, WPS or Excel (a workbook written by a program holds formulas that only a spreadsheet computes)";
            SheetCell::note(pos, String::new(), note.into())
        }
        None => SheetCell::text(pos, text),
    })
}

/// The text of a cell, up to the cell's end tag.
fn read_text(xml: &mut Xml, cell: &BytesStart, pos: (u32, u32)) -> Result<String, String> {
    let end = cell.name().as_ref().to_vec();
    let mut text = Capped::new(pos);
    let mut paragraphs = 0;
    let mut depth = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(err)? {
            Event::Start(e) => match e.name().as_ref() {
                b"text:p" | b"text:h" => {
                    if paragraphs > 0 {
                        text.push("\n", 1)?;
                    }
                    paragraphs += 1;
                    depth += 1;
                }
                b"text:s" => {
                    let n = count(&e, b"text:c")? as usize;
                    text.push(" ", n)?;
                    depth += 1;
                }
                b"text:tab" => {
                    text.push("\t", 1)?;
                    depth += 1;
                }
                b"text:line-break" => {
                    text.push("\n", 1)?;
                    depth += 1;
                }
                b"office:annotation" | b"table:table" | b"draw:frame" | b"draw:g" => skip(xml, &e)?,
                _ => depth += 1,
            },
            Event::Text(t) => {
                let t = t
                    .xml10_content()
                    .map_err(|e| damaged(format!("{CONTENT}: {e}")))?;
                text.push(&t, 1)?;
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    _ => match &*r {
                        b"lt" => '<',
                        b"gt" => '>',
                        b"apos" => '\'',
                        b"quot" => '"',
                        _ => '&',
                    },
                };
                text.push(c.encode_utf8(&mut [0; 4]), 1)?;
            }
            Event::CData(t) => text.push(&String::from_utf8_lossy(&t), 1)?,
            Event::End(e) if depth == 0 && e.name().as_ref() == end.as_slice() => return Ok(text.s),
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => return Err(damaged(format!("{CONTENT} ends inside a cell"))),
            _ => {}
        }
    }
}

/// Cell text that stops growing at [`MAX_CELL_CHARS`] (a `text:s` may ask for any count).
struct Capped {
    s: String,
    chars: usize,
    pos: (u32, u32),
}

impl Capped {
    fn new(pos: (u32, u32)) -> Capped {
        Capped {
            s: String::new(),
            chars: 0,
            pos,
        }
    }

    /// Appends `t` `times` times.
    fn push(&mut self, t: &str, times: usize) -> Result<(), String> {
        let n = t.chars().count().saturating_mul(times);
        self.chars = self.chars.saturating_add(n);
        if self.chars > MAX_CELL_CHARS {
            return Err(damaged(format!(
                "cell {} holds more than {} characters, more than a cell can",
                a1(self.pos),
                super::grouped(MAX_CELL_CHARS)
            )));
        }
        for _ in 0..times {
            self.s.push_str(t);
        }
        Ok(())
    }
}
