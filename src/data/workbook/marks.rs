//! What a workbook cell needs besides calamine's value — the format it is shown in, a formula
//! without a result — found by our own pass over the file (`xlsx_sheet` for .xlsx, `xls_biff`
//! for .xls), and how such a mark turns calamine's value into the cell read. A mark carries the
//! number it was found on and is applied only where calamine holds that very number at the same
//! place, so that it can never land on another cell.

use calamine::Data;

use super::numfmt::{percent_text, plain_text, Altered, NumFmt, Shows};
use super::{a1, altered_cell, cell_text, date_cell, SheetCell};
use crate::echo::quote;

/// What a cell needs besides calamine's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A number formatted as a percentage, with the number stored.
    Percent(f64),
    /// A number whose format shows some numbers as percentages and others not: the code.
    Unclear(String),
    /// A number whose format shows other digits than those stored (`#,##0.0,` shows 9600 as
    /// 9.6), with the number stored.
    Altered(f64, Box<Altered>),
    /// A number formatted as a date or time (calamine sees only some date formats), with the
    /// number stored.
    Date(f64),
    /// A formula with no saved result.
    NoResult,
    /// A formula whose saved result the workbook itself marks as stale (`fullCalcOnLoad`).
    Stale,
    /// A number written beyond a double's range (`1e-400`, which calamine reads as 0), as
    /// written.
    OutOfRange(String),
}

/// The mark of a number under a number format, if it needs one: a date or time, a percentage,
/// a format showing some numbers as percentages and others not, or other digits than stored.
pub fn number_mark(v: f64, format: &NumFmt) -> Option<Mark> {
    if format.any_date() {
        return Some(Mark::Date(v));
    }
    match format.shows(v) {
        Shows::Percent => Some(Mark::Percent(v)),
        Shows::Unclear(code) => Some(Mark::Unclear(code)),
        Shows::Altered(a) => Some(Mark::Altered(v, Box::new(a))),
        Shows::Plain => None,
    }
}

/// A cell with its mark applied.
pub fn marked(pos: (u32, u32), value: &Data, mark: Mark) -> Result<SheetCell, String> {
    let number = match value {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    };
    match mark {
        Mark::Percent(v) if number == Some(v) => {
            Ok(SheetCell::percent(pos, percent_text(v), plain_text(v)))
        }
        Mark::Unclear(code) if number.is_some() => {
            let note = format!("the cell's number format {} shows some numbers as percentages and others not: format the cell as a number, or as a percentage", quote(&code));
            Ok(SheetCell::note(
                pos,
                plain_text(number.unwrap_or_default()),
                note,
            ))
        }
        Mark::Altered(v, a) if number == Some(v) => {
            let format = format!("number format {}", quote(&a.code));
            Ok(altered_cell(pos, plain_text(v), &format, &a.how, &a.shown))
        }
        Mark::Date(v) if number == Some(v) => Ok(date_cell(pos, plain_text(v))),
        // A date calamine sees as one already.
        Mark::Date(_)
            if matches!(
                value,
                Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_)
            ) =>
        {
            cell_text(pos, value)
        }
        Mark::OutOfRange(t) if !matches!(value, Data::Empty) => {
            let note = format!("the cell stores {}, out of range for a number: the workbook is damaged; enter the value in Excel or WPS and save it", quote(&t));
            Ok(SheetCell::note(pos, t, note))
        }
        Mark::NoResult if matches!(value, Data::Empty) => {
            let note = "the cell holds a formula with no saved result: open and save the workbook in Excel or WPS (a workbook written by a program holds formulas that only a spreadsheet computes)";
            Ok(SheetCell::note(pos, String::new(), note.into()))
        }
        Mark::Stale => {
            let c = cell_text(pos, value)?;
            if c.has_note() {
                return Ok(c);
            }
            let note = "the cell holds a formula whose saved result may be out of date (the workbook asks to be recalculated when opened, as workbooks written by programs do): open and save the workbook in Excel or WPS";
            Ok(SheetCell::note(pos, c.text, note.into()))
        }
        _ => Err(misaligned(pos)),
    }
}

pub fn misaligned(pos: (u32, u32)) -> String {
    format!(
        "cell {} cannot be read reliably (its format and its value disagree): the workbook is damaged; open and save it in Excel or WPS",
        a1(pos)
    )
}
