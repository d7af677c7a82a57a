//! One pass over a worksheet's XML for what calamine's cell values leave out: which numeric
//! cells show a percentage, a date or other digits than stored (their style's number format),
//! which formulas have no saved result, and cells given twice; and the merged regions, so that
//! calamine need not read the part a third time for them. Positions follow calamine's rules
//! exactly (a `<c>` without `r` is the cell after the previous one; a `<row>` without `r` the row
//! after the previous one), and the reader checks each mark against calamine's value at the same
//! place, so that a mark can never land on another cell.

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};

use super::limits::{damaged, xml_error};
use super::marks::{number_mark, Mark};
use super::numfmt::NumFmt;
use super::xlsx_parts::Xml;
use super::{a1, MAX_COLS, MAX_ROWS};
use crate::data::number::in_range;
use crate::echo::quote;

/// A `<c>` element as far as the pass cares; the text of its `<v>` is in [`Scratch::text`].
struct RawCell {
    pos: (u32, u32),
    style: usize,
    kind: Kind,
    formula: bool,
    /// Whether it has a `<v>`.
    value: bool,
    /// Whether its type is given as a number (`t="n"`): calamine then cannot read the sheet if
    /// the `<v>` holds no number (without a type, it reads the text).
    typed_number: bool,
}

/// A cell's type (`t`) as far as the marks go.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// None given, or `n`.
    Number,
    /// `str` or `inlineStr`: a formula's text result, or text.
    Text,
    /// `e`: an error.
    Error,
    Other,
}

impl Kind {
    fn of(t: Option<&[u8]>) -> Kind {
        match t {
            None | Some(b"n") => Kind::Number,
            Some(b"str" | b"inlineStr") => Kind::Text,
            Some(b"e") => Kind::Error,
            Some(_) => Kind::Other,
        }
    }
}

/// Buffers the pass reuses from cell to cell (a cell is read without allocating).
#[derive(Default)]
struct Scratch {
    events: Vec<u8>,
    inner: Vec<u8>,
    text: String,
}

/// What a sheet part says of its layout beside the cells.
#[derive(Debug, Default)]
pub struct Layout {
    /// The merged regions, as calamine reads them: those of the part's first `<mergeCells>`,
    /// none when that one cannot be read.
    pub merged: Vec<Dimensions>,
    /// The rows hidden (`<row hidden="1">`: hidden by hand or by a filter), 0-based, ascending.
    pub hidden_rows: Vec<u32>,
    /// The columns hidden (`<col min max hidden="1">`), 0-based.
    pub hidden_cols: Vec<u32>,
}

/// Reads the sheet part: `found` is told of every cell, in the order of the file, with the mark
/// it needs, if any. Returns the merged regions and hidden rows. `full_calc` is the workbook's
/// `fullCalcOnLoad`.
pub fn scan(
    xml: &mut Xml,
    part: &str,
    styles: &[Option<NumFmt>],
    full_calc: bool,
    mut found: impl FnMut((u32, u32), Option<Mark>),
) -> Result<Layout, String> {
    let mut merged: Option<Vec<Dimensions>> = None;
    let mut hidden_rows = Vec::new();
    let mut hidden_cols = Vec::new();
    let mut buf = Vec::new();
    let err = |e| xml_error(part, e);
    // Before the cells, in them, and after them.
    let (mut data, mut after) = (false, false);
    let (mut row, mut col) = (0u32, 0u32);
    let mut last: Option<(u32, u32)> = None;
    let mut scratch = Scratch::default();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(err)? {
            Event::Start(e) if e.local_name().as_ref() == b"mergeCells" && merged.is_none() => {
                // A worksheet has them after its cells. Elsewhere calamine would take them as
                // the sheet's all the same (its own pass takes the first anywhere) and read the
                // cells they enclose, which this pass would not: refused.
                if !after {
                    return Err(misplaced_merges(part));
                }
                merged = Some(merge_cells(xml, part)?);
                if after {
                    // What follows is no concern of calamine's either: only through the caps.
                    std::io::copy(xml.get_mut(), &mut std::io::sink())
                        .map_err(|e| e.to_string())?;
                    break;
                }
            }
            // Widths and hiding of columns, before the cells (only for a warning: a column
            // record that cannot be read is passed over).
            Event::Start(e) | Event::Empty(e)
                if !data && !after && e.local_name().as_ref() == b"col" =>
            {
                let hidden = attr_bytes(&e, b"hidden").is_some_and(|h| h == b"1" || h == b"true");
                let num = |k: &[u8]| {
                    let v = attr_bytes(&e, k)?;
                    std::str::from_utf8(&v).ok()?.parse::<u32>().ok()
                };
                if let (true, Some(min), Some(max)) = (hidden, num(b"min"), num(b"max")) {
                    // At most Excel's 16,384 columns.
                    let max = max.min(16_384);
                    hidden_cols.extend(min.max(1) - 1..max);
                }
            }
            Event::Start(e) if !data && !after && e.local_name().as_ref() == b"sheetData" => {
                data = true;
            }
            Event::Start(e) if data && e.local_name().as_ref() == b"row" => {
                if let Some(r) = attr_bytes(&e, b"r") {
                    row = reference(&r, false)?.0;
                }
                if attr_bytes(&e, b"hidden").is_some_and(|h| h == b"1" || h == b"true") {
                    hidden_rows.push(row);
                }
            }
            Event::End(e) if data && e.local_name().as_ref() == b"row" => {
                row = row.saturating_add(1);
                col = 0;
            }
            Event::Start(e) if data && e.local_name().as_ref() == b"c" => {
                let cell = read_cell(xml, &e, (row, col), part, &mut scratch)?;
                col = cell.pos.1.saturating_add(1);
                if let Some(before) = last.filter(|&l| cell.pos <= l) {
                    return Err(twice(cell.pos, before));
                }
                last = Some(cell.pos);
                let text = &scratch.text;
                if cell.typed_number && !text.is_empty() && text.parse::<f64>().is_err() {
                    return Err(no_number(cell.pos, text));
                }
                found(cell.pos, mark(&cell, text, styles, full_calc));
            }
            Event::End(e) if data && e.local_name().as_ref() == b"sheetData" => {
                (data, after) = (false, true);
            }
            // Without cells, not a worksheet: calamine says so.
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Layout {
        merged: merged.unwrap_or_default(),
        hidden_rows,
        hidden_cols,
    })
}

/// The regions of a `<mergeCells>` element, read to its end as calamine reads them: none at
/// all when one of them, or the element, cannot be read. Cells or rows inside it are refused
/// (calamine's cell pass would read them, this one would not).
fn merge_cells(xml: &mut Xml, part: &str) -> Result<Vec<Dimensions>, String> {
    let mut regions = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"mergeCell" => {
                for a in e.attributes() {
                    let Ok(a) = a else { return Ok(Vec::new()) };
                    if a.key.as_ref() == b"ref" {
                        match dimension(&a.value) {
                            Some(d) => regions.push(d),
                            None => return Ok(Vec::new()),
                        }
                        break;
                    }
                }
            }
            Ok(Event::Start(e))
                if matches!(e.local_name().as_ref(), b"sheetData" | b"row" | b"c") =>
            {
                return Err(misplaced_merges(part));
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == b"mergeCells" => return Ok(regions),
            Ok(Event::Eof) | Err(_) => return Ok(Vec::new()),
            _ => {}
        }
    }
}

/// The error for a `<mergeCells>` where a worksheet cannot have one: among or around its cells,
/// or inside a cell.
fn misplaced_merges(part: &str) -> String {
    damaged(format!(
        "the workbook's part `{part}` has merged regions (`<mergeCells>`) where a worksheet cannot have them (only after its cells)"
    ))
}

/// Refuses an element started inside a cell that a worksheet never has there: merged regions, or
/// a cell, row or sheet data (where our pass and calamine's could part ways over which cell
/// follows).
fn in_cell(e: &BytesStart, part: &str) -> Result<(), String> {
    match e.local_name().as_ref() {
        b"mergeCells" => Err(misplaced_merges(part)),
        b"c" | b"row" | b"sheetData" => Err(damaged(format!(
            "the workbook's part `{part}` has a cell or row inside a cell"
        ))),
        _ => Ok(()),
    }
}

/// Skips the rest of the element `name` just started, as quick-xml's `read_to_end_into` does
/// (counting nested elements of the same name), refusing what [`in_cell`] refuses inside it.
fn skip(xml: &mut Xml, name: &[u8], part: &str, buf: &mut Vec<u8>) -> Result<(), String> {
    let mut depth = 0usize;
    loop {
        buf.clear();
        match xml.read_event_into(buf).map_err(|e| xml_error(part, e))? {
            Event::Start(e) => {
                in_cell(&e, part)?;
                if e.name().as_ref() == name {
                    depth += 1;
                }
            }
            Event::End(e) if e.name().as_ref() == name => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return Ok(()),
            },
            Event::Eof => {
                return Err(damaged(format!(
                    "the workbook's part `{part}` ends inside a cell"
                )))
            }
            _ => {}
        }
    }
}

/// `B2:C3` (or one cell, `B2`) as calamine reads a merged region's reference.
fn dimension(r: &[u8]) -> Option<Dimensions> {
    let parts: Vec<(u32, u32)> = r
        .split(|&b| b == b':')
        .map(cell_ref)
        .collect::<Option<_>>()?;
    match parts[..] {
        [one] => Some(Dimensions::new(one, one)),
        [start, end] => Some(Dimensions::new(start, end)),
        _ => None,
    }
}

/// A cell reference as calamine reads a region's (letters, then digits; both required), with
/// its arithmetic as in a release build.
fn cell_ref(r: &[u8]) -> Option<(u32, u32)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (l, d) = r.split_at(letters);
    if !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = l.iter().fold(0u32, |c, b| {
        c.wrapping_mul(26)
            .wrapping_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    let row = d.iter().fold(0u32, |n, b| {
        n.wrapping_mul(10).wrapping_add(u32::from(b - b'0'))
    });
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// The error for a cell typed as a number that stores text calamine cannot read as one (` 58.2 `,
/// `58,2`): the whole sheet would be unreadable, with no cell named.
fn no_number(pos: (u32, u32), text: &str) -> String {
    format!("cell {} stores {} as a number, which is no number: the workbook is damaged; open it in Excel or WPS, check the cell and save it", a1(pos), quote(text))
}

/// The error for a cell at or before one already read.
fn twice(pos: (u32, u32), before: (u32, u32)) -> String {
    if pos == before {
        format!("cell {} is given twice in the sheet's file: the workbook is damaged; open it in Excel or WPS, check the cell and save it", a1(pos))
    } else {
        format!("cell {} comes after cell {} in the sheet's file (given twice, or out of order): the workbook is damaged; open it in Excel or WPS, check the cell and save it", a1(pos), a1(before))
    }
}

/// Reads one `<c>` up to its end. `next` is where a cell without `r` lies.
fn read_cell(
    xml: &mut Xml,
    e: &BytesStart,
    next: (u32, u32),
    part: &str,
    scratch: &mut Scratch,
) -> Result<RawCell, String> {
    // The first of each attribute, as a search for it finds it.
    let (mut r, mut s, mut t) = (None, None, None);
    for a in e.attributes().flatten() {
        let slot = match a.key.as_ref() {
            b"r" => &mut r,
            b"s" => &mut s,
            b"t" => &mut t,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(a.value);
        }
    }
    let pos = match r {
        Some(r) => reference(&r, true)?,
        None => next,
    };
    if pos.0 >= MAX_ROWS || pos.1 >= MAX_COLS {
        return Err("a cell lies outside Excel's grid: the workbook is damaged".into());
    }
    let style = s
        .and_then(|s| std::str::from_utf8(&s).ok()?.trim().parse().ok())
        .unwrap_or(0);
    let mut cell = RawCell {
        pos,
        style,
        kind: Kind::of(t.as_deref()),
        formula: false,
        value: false,
        typed_number: t.as_deref() == Some(b"n"),
    };
    scratch.text.clear();
    let err = |e| xml_error(part, e);
    loop {
        scratch.events.clear();
        match xml.read_event_into(&mut scratch.events).map_err(err)? {
            Event::Start(e) => {
                match e.local_name().as_ref() {
                    b"f" => cell.formula = true,
                    b"v" => {
                        cell.value = true;
                        scratch.text.clear();
                        text_until_end(xml, part, &mut scratch.inner, &mut scratch.text)?;
                        continue;
                    }
                    _ => {}
                }
                in_cell(&e, part)?;
                let name = e.name().as_ref().to_vec();
                skip(xml, &name, part, &mut scratch.inner)?;
            }
            Event::End(e) if e.local_name().as_ref() == b"c" => return Ok(cell),
            Event::Eof => {
                return Err(damaged(format!(
                    "the workbook's part `{part}` ends inside a cell"
                )))
            }
            _ => {}
        }
    }
}

/// The text of the current element up to its end tag, into `out` (a `<v>` holds a number, an
/// index or a short text; entities are resolved). `buf` is for the events.
fn text_until_end(
    xml: &mut Xml,
    part: &str,
    buf: &mut Vec<u8>,
    out: &mut String,
) -> Result<(), String> {
    loop {
        buf.clear();
        match xml.read_event_into(buf).map_err(|e| xml_error(part, e))? {
            Event::Text(t) => out.push_str(&t.xml10_content().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => out.push(c),
                _ => out.push_str(match &*r {
                    b"lt" => "<",
                    b"gt" => ">",
                    b"apos" => "'",
                    b"quot" => "\"",
                    _ => "&",
                }),
            },
            Event::Start(e) => in_cell(&e, part)?,
            Event::End(_) | Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The mark a cell needs, if any; `value` is the text of its `<v>`.
fn mark(cell: &RawCell, value: &str, styles: &[Option<NumFmt>], full_calc: bool) -> Option<Mark> {
    if cell.formula {
        if !cell.value || (value.is_empty() && cell.kind != Kind::Text) {
            return Some(Mark::NoResult);
        }
        if full_calc && cell.kind != Kind::Error {
            return Some(Mark::Stale);
        }
    }
    if cell.kind != Kind::Number || value.is_empty() {
        return None;
    }
    let v: f64 = value.trim().parse().ok()?;
    if !in_range(v, value.trim()) {
        return Some(Mark::OutOfRange(value.trim().to_string()));
    }
    number_mark(v, styles.get(cell.style)?.as_ref()?)
}

/// An attribute's raw value by exact name.
fn attr_bytes(e: &BytesStart, name: &[u8]) -> Option<Vec<u8>> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// `B3` → (2, 1), 0-based; with `column = false` only the row is required (`<row r="3">`).
/// Letters and digits as calamine reads them, without its overflow.
fn reference(r: &[u8], column: bool) -> Result<(u32, u32), String> {
    let bad = || {
        format!(
            "the cell reference {} is not valid: the workbook is damaged",
            quote(&String::from_utf8_lossy(r))
        )
    };
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (l, d) = r.split_at(letters);
    if d.is_empty() || !d.iter().all(u8::is_ascii_digit) || d.len() > 8 {
        return Err(bad());
    }
    if letters > 3 || (column && letters == 0) {
        return Err(bad());
    }
    let col = l.iter().fold(0u32, |c, b| {
        c * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row: u32 = std::str::from_utf8(d)
        .map_err(|_| bad())?
        .parse()
        .map_err(|_| bad())?;
    let row = row.checked_sub(1).ok_or_else(bad)?;
    Ok((row, col.saturating_sub(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_like_calamine() {
        assert_eq!(reference(b"A1", true), Ok((0, 0)));
        assert_eq!(reference(b"b3", true), Ok((2, 1)));
        assert_eq!(reference(b"XFD1048576", true), Ok((1_048_575, 16_383)));
        assert_eq!(reference(b"7", false), Ok((6, 0)));
        assert!(reference(b"A0", true).is_err());
        assert!(reference(b"7", true).is_err());
        assert!(reference(b"A99999999999", true).is_err());
        assert!(reference(b"$A$1", true).is_err());
    }
}
