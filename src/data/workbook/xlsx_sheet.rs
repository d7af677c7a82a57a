//! One pass over a worksheet's XML for what calamine's cell values leave out: which numeric
//! cells show a percentage, a date or other digits than stored (their style's number format),
//! which formulas have no saved result, and cells given twice. Positions follow calamine's rules exactly (a `<c>` without `r` is the
//! cell after the previous one; a `<row>` without `r` the row after the previous one), and the
//! reader checks each mark against calamine's value at the same place, so that a mark can never
//! land on another cell.

use quick_xml::events::{BytesStart, Event};

use super::limits::{damaged, xml_error};
use super::marks::{number_mark, Mark, Marks};
use super::numfmt::NumFmt;
use super::xlsx_parts::Xml;
use super::{a1, MAX_COLS, MAX_ROWS};
use crate::data::number::in_range;
use crate::echo::quote;

/// A `<c>` element as far as the pass cares.
struct RawCell {
    pos: (u32, u32),
    style: usize,
    kind: Option<String>,
    formula: bool,
    value: Option<String>,
}

/// Reads the sheet part, marking cells. `full_calc` is the workbook's `fullCalcOnLoad`.
pub fn scan(
    xml: &mut Xml,
    part: &str,
    styles: &[Option<NumFmt>],
    full_calc: bool,
) -> Result<Marks, String> {
    let mut marks = Marks::new();
    let mut buf = Vec::new();
    let err = |e| xml_error(part, e);
    loop {
        match xml.read_event_into(&mut buf).map_err(err)? {
            Event::Start(e) if e.local_name().as_ref() == b"sheetData" => break,
            Event::Eof => return Ok(marks), // not a worksheet: calamine says so
            _ => {}
        }
        buf.clear();
    }
    let (mut row, mut col) = (0u32, 0u32);
    let mut last: Option<(u32, u32)> = None;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(err)? {
            Event::Start(e) if e.local_name().as_ref() == b"row" => {
                if let Some(r) = attr_bytes(&e, b"r") {
                    row = reference(&r, false)?.0;
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"row" => {
                row = row.saturating_add(1);
                col = 0;
            }
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                let cell = read_cell(xml, &e, (row, col), part)?;
                col = cell.pos.1.saturating_add(1);
                if let Some(before) = last.filter(|&l| cell.pos <= l) {
                    return Err(twice(cell.pos, before));
                }
                last = Some(cell.pos);
                if let Some(m) = mark(&cell, styles, full_calc) {
                    marks.insert(cell.pos, m);
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"sheetData" => {
                // The rest (merged regions …) is read by calamine: through the caps first.
                std::io::copy(xml.get_mut(), &mut std::io::sink()).map_err(|e| e.to_string())?;
                return Ok(marks);
            }
            Event::Eof => return Ok(marks),
            _ => {}
        }
    }
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
) -> Result<RawCell, String> {
    let pos = match attr_bytes(e, b"r") {
        Some(r) => reference(&r, true)?,
        None => next,
    };
    if pos.0 >= MAX_ROWS || pos.1 >= MAX_COLS {
        return Err("a cell lies outside Excel's grid: the workbook is damaged".into());
    }
    let style = attr_bytes(e, b"s")
        .and_then(|s| std::str::from_utf8(&s).ok()?.trim().parse().ok())
        .unwrap_or(0);
    let kind = attr_bytes(e, b"t").map(|t| String::from_utf8_lossy(&t).into_owned());
    let mut cell = RawCell {
        pos,
        style,
        kind,
        formula: false,
        value: None,
    };
    let mut buf = Vec::new();
    let err = |e| xml_error(part, e);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(err)? {
            Event::Start(e) => {
                let name = e.name().as_ref().to_vec();
                match e.local_name().as_ref() {
                    b"f" => cell.formula = true,
                    b"v" => {
                        cell.value = Some(text_until_end(xml, part)?);
                        continue;
                    }
                    _ => {}
                }
                let mut skip = Vec::new();
                xml.read_to_end_into(quick_xml::name::QName(&name), &mut skip)
                    .map_err(err)?;
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

/// The text of the current element up to its end tag (a `<v>` holds a number, an index or a
/// short text; entities are resolved).
fn text_until_end(xml: &mut Xml, part: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(part, e))?
        {
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
            Event::End(_) | Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The mark a cell needs, if any.
fn mark(cell: &RawCell, styles: &[Option<NumFmt>], full_calc: bool) -> Option<Mark> {
    let kind = cell.kind.as_deref();
    let value = cell.value.as_deref().unwrap_or("");
    if cell.formula {
        let text_result = matches!(kind, Some("str" | "inlineStr"));
        if cell.value.is_none() || (value.is_empty() && !text_result) {
            return Some(Mark::NoResult);
        }
        if full_calc && kind != Some("e") {
            return Some(Mark::Stale);
        }
    }
    if !matches!(kind, None | Some("n")) || value.is_empty() {
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
