//! Writing sheets from typed cells: one header row, frozen, with an autofilter; column widths
//! fitted to the text (East-Asian wide characters count as two); numbers with explicit formats;
//! grade cells coloured. Text is always written as a string cell — never as a formula, whatever
//! it starts with — and numbers as numbers.

use crate::num::push_fixed;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Num {
    /// With this many decimals (the config's for scores).
    Fixed(usize),
    /// With a sign and this many decimals: `+1.25`, `-0.50`, `0.00`.
    Signed(usize),
    /// As Excel's General format shows it (raw values as read).
    General,
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum XCell {
    #[default]
    Empty,
    Text(String),
    Num(f64, Num),
    /// A grade: the level name, coloured by the level's index.
    Grade(String, usize),
}

impl XCell {
    pub fn text(s: impl Into<String>) -> XCell {
        XCell::Text(s.into())
    }

    /// A raw value as outputs print it ([`crate::num::raw`]), or empty when absent or not
    /// finite: in the General format where Excel's General shows those digits (at most 11
    /// characters), else at its decimals — General would show `123456789012` as `1.23457E+11`
    /// and `98765432.125` as `98765432.13`. Beyond 15 significant digits, or in scientific
    /// notation, General (Excel keeps 15 digits).
    pub fn raw(x: Option<f64>) -> XCell {
        let Some(v) = x.filter(|v| v.is_finite()) else {
            return XCell::Empty;
        };
        let text = crate::num::raw(v);
        if text.len() <= GENERAL_CHARS || text.contains('e') {
            return XCell::Num(v, Num::General);
        }
        let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
        match significant(&text) <= 15 && decimals <= MAX_DECIMALS {
            true => XCell::Num(v, Num::Fixed(decimals)),
            false => XCell::Num(v, Num::General),
        }
    }

    /// A number, or empty when absent or not finite.
    pub fn num(x: Option<f64>, how: Num) -> XCell {
        match x {
            Some(v) if v.is_finite() => XCell::Num(v, how),
            _ => XCell::Empty,
        }
    }

    /// The display width of what the cell shows, for fitting the column width: that of
    /// [`XCell::shown`], numbers printed into `buf` by the fast fixed-point routine (`format!`
    /// with a precision takes its slow exact path on many values; a workbook has hundreds of
    /// thousands of them). The routine never prints `-0.00`, which `format!` does for a
    /// negative value rounding to zero: one character more.
    fn width(&self, buf: &mut Vec<u8>) -> usize {
        let fixed = |buf: &mut Vec<u8>, v: f64, d: usize| {
            buf.clear();
            push_fixed(buf, v, d);
            buf.first() != Some(&b'-')
        };
        match self {
            XCell::Empty => 0,
            XCell::Text(s) | XCell::Grade(s, _) => display_width(s),
            // `inf`, `NaN` (never `-NaN` or `+NaN`): as printed.
            XCell::Num(v, _) if !v.is_finite() => self.shown().len(),
            XCell::Num(v, Num::Fixed(d)) => {
                let unsigned = fixed(buf, *v, *d);
                buf.len() + usize::from(unsigned && v.is_sign_negative())
            }
            // `+` or `-`, always.
            XCell::Num(v, Num::Signed(d)) => {
                let unsigned = fixed(buf, *v, *d);
                buf.len() + usize::from(unsigned)
            }
            XCell::Num(_, Num::General) => self.shown().len(),
        }
    }

    /// What the cell shows.
    fn shown(&self) -> String {
        match self {
            XCell::Empty => String::new(),
            XCell::Text(s) | XCell::Grade(s, _) => s.clone(),
            XCell::Num(v, Num::Fixed(d)) => format!("{v:.d$}"),
            XCell::Num(v, Num::Signed(d)) => format!("{v:+.d$}"),
            XCell::Num(v, Num::General) => format!("{v}"),
        }
    }
}

/// A table for one sheet: header, rows, and how many leading columns stay visible when
/// scrolling right.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<XCell>>,
    pub freeze_cols: u16,
}

/// A sheet whose rows are made as they are written, for sheets too large to hold.
pub struct Rows<'a> {
    pub header: Vec<String>,
    pub rows: Box<dyn Iterator<Item = Vec<XCell>> + Send + 'a>,
    pub freeze_cols: u16,
}

/// Background colours of grade levels, best first (green, blue, amber, red, then greys).
const GRADE_FILLS: [u32; 6] = [0xC6EFCE, 0xDDEBF7, 0xFFEB9C, 0xFFC7CE, 0xE4DFEC, 0xEDEDED];
const GRADE_INKS: [u32; 6] = [0x006100, 0x1F4E78, 0x9C5700, 0x9C0006, 0x3F3151, 0x404040];

/// The significant digits of a plain decimal's text: its digits from the first that is not 0
/// (`0.000123456789012` has 15).
fn significant(text: &str) -> usize {
    let digits = text.bytes().filter(u8::is_ascii_digit);
    digits.skip_while(|&b| b == b'0').count()
}

/// The most characters Excel's General format shows of a number in full.
const GENERAL_CHARS: usize = 11;
/// The most decimals a number format of a workbook shows (Excel keeps 15 significant digits).
pub const MAX_DECIMALS: usize = 15;

/// The formats of a workbook, made once.
pub struct Formats {
    pub header: Format,
    pub title: Format,
    pub bold: Format,
    fixed: Vec<Format>,
    signed: Vec<Format>,
    general: Format,
    grades: Vec<Format>,
}

impl Formats {
    pub fn new() -> Formats {
        let zeros = |d: usize| {
            if d == 0 {
                "0".to_string()
            } else {
                format!("0.{}", "0".repeat(d))
            }
        };
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter),
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            fixed: (0..=MAX_DECIMALS)
                .map(|d| Format::new().set_num_format(zeros(d)))
                .collect(),
            signed: (0..=MAX_DECIMALS)
                .map(|d| {
                    let z = zeros(d);
                    Format::new().set_num_format(format!("+{z};-{z};{z}"))
                })
                .collect(),
            general: Format::new(),
            grades: GRADE_FILLS
                .iter()
                .zip(GRADE_INKS)
                .map(|(&fill, ink)| {
                    Format::new()
                        .set_background_color(Color::RGB(fill))
                        .set_font_color(Color::RGB(ink))
                        .set_align(FormatAlign::Center)
                })
                .collect(),
        }
    }

    fn number(&self, how: Num) -> &Format {
        match how {
            Num::Fixed(d) => &self.fixed[d.min(MAX_DECIMALS)],
            Num::Signed(d) => &self.signed[d.min(MAX_DECIMALS)],
            Num::General => &self.general,
        }
    }

    fn grade(&self, level: usize) -> &Format {
        &self.grades[level.min(self.grades.len() - 1)]
    }
}

impl Default for Formats {
    fn default() -> Self {
        Self::new()
    }
}

/// Excel keeps at most 32,767 characters in a cell.
fn cell_text(s: &str) -> &str {
    const MAX: usize = 32_000;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Writes one cell at `(row, col)`.
pub fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &XCell,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        XCell::Empty => {}
        XCell::Text(s) => {
            ws.write_string(row, col, cell_text(s))?;
        }
        XCell::Num(v, how) => {
            ws.write_number_with_format(row, col, *v, f.number(*how))?;
        }
        XCell::Grade(s, level) => {
            ws.write_string_with_format(row, col, cell_text(s), f.grade(*level))?;
        }
    }
    Ok(())
}

/// The display width of `s` in Excel's character units (wide characters count two).
pub fn display_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Column width for text of `chars` display units: padding, at least 6, at most 60.
pub fn column_width(chars: usize) -> f64 {
    (chars as f64 + 2.0).clamp(6.0, 60.0)
}

/// Writes `g` from the top-left corner: header (frozen, filtered), rows, fitted widths.
pub fn write_grid(ws: &mut Worksheet, g: &Grid, f: &Formats) -> Result<(), XlsxError> {
    let mut sheet = SheetWriter::start(ws, &g.header, f)?;
    for row in &g.rows {
        sheet.row(ws, row, f)?;
    }
    sheet.finish(ws, g.freeze_cols)
}

/// A sheet being written row by row: the next row and the widths its columns need so far.
pub struct SheetWriter {
    widths: Vec<usize>,
    /// Room for a number printed to learn its width.
    buf: Vec<u8>,
    next: u32,
    cols: usize,
}

impl SheetWriter {
    /// Writes the header row.
    pub fn start(
        ws: &mut Worksheet,
        header: &[String],
        f: &Formats,
    ) -> Result<SheetWriter, XlsxError> {
        // The header's filter button takes about two characters.
        let widths = header.iter().map(|h| display_width(h) + 2).collect();
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, cell_text(h), &f.header)?;
        }
        Ok(SheetWriter {
            widths,
            buf: Vec::new(),
            next: 1,
            cols: header.len(),
        })
    }

    /// The number of rows written, the header included.
    pub fn rows(&self) -> u32 {
        self.next
    }

    /// Writes the next row.
    pub fn row(&mut self, ws: &mut Worksheet, row: &[XCell], f: &Formats) -> Result<(), XlsxError> {
        for (c, cell) in row.iter().enumerate() {
            write_cell(ws, self.next, c as u16, cell, f)?;
            if let Some(w) = self.widths.get_mut(c) {
                *w = (*w).max(cell.width(&mut self.buf));
            }
        }
        self.next += 1;
        Ok(())
    }

    /// Fits the widths, freezes the header and `freeze_cols` columns, and filters the header.
    pub fn finish(self, ws: &mut Worksheet, freeze_cols: u16) -> Result<(), XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            ws.set_column_width(c as u16, column_width(*w))?;
        }
        ws.set_freeze_panes(1, freeze_cols)?;
        if self.cols > 0 {
            ws.autofilter(0, 0, self.next - 1, self.cols as u16 - 1)?;
        }
        Ok(())
    }
}

/// A cell of a text table as a workbook stores it: in a column of numbers (`numeric`), a plain
/// decimal is a number shown with its decimals, a signed change (`+1.25`) a number shown with
/// its sign, and a value printed in scientific notation (`1e-7`, `1.5e20`) a number in the
/// General format — all numbers, so that sums, sorting and filters see every row; empty is
/// empty; anything else text.
pub fn table_cell(s: &str, numeric: bool) -> XCell {
    if s.is_empty() {
        return XCell::Empty;
    }
    if numeric {
        // Beyond the 15 significant digits Excel keeps, a format of all the decimals would show
        // digits the text does not have (33.333333333333336 as 33.333333333333300): General.
        if let Some((v, k)) = parse_decimal(s) {
            return match significant(s) <= 15 {
                true => XCell::Num(v, Num::Fixed(k)),
                false => XCell::Num(v, Num::General),
            };
        }
        if let Some((v, k)) = s.strip_prefix('+').and_then(parse_decimal) {
            return match significant(s) <= 15 {
                true => XCell::Num(v, Num::Signed(k)),
                false => XCell::Num(v, Num::General),
            };
        }
        let scientific = s.contains(['e', 'E'])
            && s.bytes()
                .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
        if let Some(v) = s
            .parse::<f64>()
            .ok()
            .filter(|v| scientific && v.is_finite())
        {
            return XCell::Num(v, Num::General);
        }
    }
    XCell::text(s)
}

/// A plain decimal number as text (`-12.50`, `3`): its value and number of decimals. Anything
/// else — words, exponents, `inf`, `NaN`, a leading `+` — is no plain decimal
/// ([`table_cell`] reads the signed and scientific forms of a column of numbers).
pub fn parse_decimal(s: &str) -> Option<(f64, usize)> {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || (body.contains('.') && frac.is_empty()) {
        return None;
    }
    Some((s.parse().ok()?, frac.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(display_width("城关镇"), 6);
        assert_eq!(display_width("Z01"), 3);
        assert_eq!(column_width(100), 60.0);
        assert_eq!(column_width(1), 6.0);
    }

    #[test]
    fn table_cells_of_number_columns_are_numbers_whatever_their_sign_or_notation() {
        assert_eq!(table_cell("12.50", true), XCell::Num(12.5, Num::Fixed(2)));
        assert_eq!(
            table_cell("+10.96", true),
            XCell::Num(10.96, Num::Signed(2))
        );
        assert_eq!(table_cell("-0.50", true), XCell::Num(-0.5, Num::Fixed(2)));
        assert_eq!(table_cell("1e-7", true), XCell::Num(1e-7, Num::General));
        assert_eq!(
            table_cell("1.234567890123456e15", true),
            XCell::Num(1.234567890123456e15, Num::General)
        );
        assert_eq!(table_cell("", true), XCell::Empty);
        for text in ["不适用", "—", "+", "++1", "1e", "e5", "inf", "NaN", "1.5.2"] {
            assert_eq!(table_cell(text, true), XCell::text(text), "{text}");
        }
        // Text columns keep what looks like a number as text (a name, an id).
        assert_eq!(
            table_cell("+8613800000000", false),
            XCell::text("+8613800000000")
        );
        assert_eq!(table_cell("001", false), XCell::text("001"));
    }

    #[test]
    fn only_plain_decimals_are_numbers() {
        assert_eq!(parse_decimal("12.50"), Some((12.5, 2)));
        assert_eq!(parse_decimal("-3"), Some((-3.0, 0)));
        for text in [
            "",
            "-",
            "1.",
            ".5",
            "1e5",
            "inf",
            "NaN",
            "+1",
            "不适用",
            "=1+1",
            "1,000",
        ] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
    }

    #[test]
    fn shown_numbers_use_their_format() {
        assert_eq!(XCell::Num(2.0, Num::Fixed(2)).shown(), "2.00");
        assert_eq!(XCell::Num(2.0, Num::Signed(0)).shown(), "+2");
        assert_eq!(XCell::num(Some(f64::NAN), Num::General), XCell::Empty);
        assert_eq!(XCell::raw(Some(f64::INFINITY)), XCell::Empty);
        assert_eq!(XCell::raw(None), XCell::Empty);
    }

    #[test]
    fn widths_are_those_of_what_cells_show() {
        let mut buf = Vec::new();
        let mut check = |cell: XCell, want: usize| {
            assert_eq!(cell.width(&mut buf), want, "{cell:?}");
            assert_eq!(display_width(&cell.shown()), want, "{cell:?}");
        };
        // By hand: `-0.00` from a negative value rounding to zero, the sign of a signed zero.
        check(XCell::Num(-0.001, Num::Fixed(2)), 5);
        check(XCell::Num(-0.0, Num::Fixed(0)), 2);
        check(XCell::Num(0.004, Num::Fixed(2)), 4);
        check(XCell::Num(-12.345, Num::Fixed(1)), 5);
        check(XCell::Num(0.0, Num::Signed(2)), 5);
        check(XCell::Num(-0.0, Num::Signed(1)), 4);
        check(XCell::Num(-3.0, Num::Signed(0)), 2);
        check(XCell::Num(f64::INFINITY, Num::Fixed(2)), 3);
        check(XCell::Num(f64::NEG_INFINITY, Num::Signed(2)), 4);
        check(XCell::Num(f64::NAN, Num::Signed(2)), 3);
        check(XCell::Num(-f64::NAN, Num::Fixed(2)), 3);
        check(XCell::Num(1.5e20, Num::General), 21);
        check(XCell::text("合计 ab"), 7);
        check(XCell::Grade("优秀".into(), 0), 4);
        check(XCell::Empty, 0);
        // Every sign, magnitude and precision against `format!`, the precisions past the fast
        // routine's nine decimals included.
        for d in 0..=12 {
            for base in [
                0.0, 0.004_999, 0.005, 0.5, 2.675, 99.995, 1e15, 3.3e16, 1e300,
            ] {
                for v in [base, -base, base * 1.000_000_1, -base / 3.0] {
                    for how in [Num::Fixed(d), Num::Signed(d)] {
                        let cell = XCell::Num(v, how);
                        assert_eq!(cell.width(&mut buf), cell.shown().len(), "{cell:?}");
                    }
                }
            }
        }
    }

    /// Helper 96's cases: raw values Excel's General format would not show as the CSV prints
    /// them get their decimals (a 12-digit amount in 元, a value of many decimals); the common
    /// ones stay General (the same cells as before); scientific and over-long ones stay General.
    #[test]
    fn raw_values_are_shown_as_printed() {
        for (v, how) in [
            (87.5, Num::General),
            (12345678901.0, Num::General),
            (0.123456789, Num::General),
            (123456789012.0, Num::Fixed(0)),
            (98765432.125, Num::Fixed(3)),
            (1234567.12345678, Num::Fixed(8)),
            (-3.1234567891, Num::Fixed(10)),
            (1e-9, Num::General),
            (1.2345678901234567e16, Num::General),
            // Helper 97's cases: leading zeros are not significant; 17 digits are too many.
            (0.000123456789012, Num::Fixed(15)),
            (33.333333333333336, Num::General),
        ] {
            assert_eq!(XCell::raw(Some(v)), XCell::Num(v, how), "{v}");
        }
        // Decimals past 8 keep their format (they were cut to 8: 12.123456785 showed
        // 12.12345679), up to 15.
        let f = Formats::new();
        assert_eq!(
            table_cell("12.123456785", true),
            XCell::Num(12.123456785, Num::Fixed(9))
        );
        assert_eq!(
            f.number(Num::Fixed(9)),
            &Format::new().set_num_format("0.000000000")
        );
        assert_eq!(f.number(Num::Fixed(20)), f.number(Num::Fixed(15)));
        assert_eq!(
            table_cell("33.333333333333336", true),
            XCell::Num(33.333333333333336, Num::General)
        );
        assert_eq!(
            table_cell("+0.000123456789012", true),
            XCell::Num(0.000123456789012, Num::Signed(15))
        );
    }
}
