//! `.xls` number formats, from our own pass over the workbook's BIFF8 records: calamine reads
//! them only to tell dates from numbers, and keeps that to itself. The pass reads the `Workbook`
//! stream of the compound file (the `cfb` crate), takes each cell format's (XF's) number format
//! from the workbook's FORMAT records or Excel's built-in ids, and finds the numeric cells of a
//! sheet (NUMBER, RK, MULRK, a FORMULA's numeric result) whose format shows a percentage, a date
//! or other digits than stored — the marks of an .xlsx sheet (`marks`), applied the same way —
//! and the rows its ROW records say are hidden.
//!
//! Records are read as calamine reads them (MS-XLS 2.4): the same stream, the same reading of
//! the BOF's version, the same cell records, the same decoding of RK numbers, a sheet read from
//! its BOF up to the first EOF, sheets in the order of their BoundSheet8 records (calamine's
//! order of sheet names). An Excel 5/95 workbook (BIFF5) is not read here: its formats and
//! hidden rows stay unseen.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::marks::{number_mark, Mark};
use super::numfmt::NumFmt;

/// Record types (MS-XLS 2.3).
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const CODEPAGE: u16 = 0x0042;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;
const LABEL: u16 = 0x0204;
const LABELSST: u16 = 0x00FD;
const BOOLERR: u16 = 0x0205;
/// A row's height and flags (MS-XLS 2.4.221): `fDyZero`, bit 5 of its flags, marks a row hidden
/// by hand or by a filter.
const ROW: u16 = 0x0208;
/// A range of columns' width and flags (MS-XLS 2.4.53): `fHidden`, bit 0 of its flags, marks
/// them hidden.
const COLINFO: u16 = 0x007D;
/// The sheet's formulas were not recalculated before it was saved (MS-XLS 2.4.331).
const UNCALCED: u16 = 0x005E;
/// The XF of a look that is a formula whose saved result is stale (a sheet with UNCALCED): no
/// XF index (those are 16 bits).
const STALE_XF: u32 = u32::MAX;
/// A cell's XF index is 16 bits: XF records past this many name no cell's format.
const MAX_XFS: usize = 1 << 16;

/// What the workbook globals say of formats and sheets.
pub struct BiffFormats {
    stream: Vec<u8>,
    /// The distinct number formats that may show a percentage, a date or other digits than
    /// stored, each parsed once.
    formats: Vec<NumFmt>,
    /// Each XF's (by index) format among `formats`, if it is one of them.
    xfs: Vec<Option<u16>>,
    /// Where each sheet's records begin in the stream, in BoundSheet8 order.
    sheets: Vec<usize>,
}

/// The numeric cells of a sheet under a format that may need a mark, by (row, column), 0-based:
/// the XF and the number stored. The mark itself ([`BiffFormats::mark`]) is made when the cell
/// is read, so that a sheet of many such cells holds 16 bytes for each, not its message.
pub type Looks = HashMap<(u32, u32), (u32, f64)>;

/// What the pass over one sheet's records gives: its [`Looks`], and its hidden rows (0-based, in
/// the order of their ROW records).
pub struct SheetPass {
    pub looks: Looks,
    pub hidden_rows: Vec<u32>,
    /// Its hidden columns (0-based).
    pub hidden_cols: Vec<u32>,
}

impl BiffFormats {
    /// Reads the workbook globals of the file at `path`; `None` when they cannot be had: an
    /// Excel 5/95 workbook (BIFF5), or a compound file the `cfb` crate finds malformed where
    /// calamine, which opened it, does not (a directory out of order, a stream shorter than its
    /// entry says, as some exporters write them) — such a workbook is read without its formats,
    /// as before pingyi read them, rather than refused.
    pub fn read(path: &Path) -> Result<Option<BiffFormats>, String> {
        let Ok(mut file) = cfb::open(path) else {
            return Ok(None);
        };
        // The stream calamine reads: `Workbook`, else `Book` (names compare without case).
        let Some(name) = ["/Workbook", "/Book"]
            .into_iter()
            .find(|n| file.is_stream(n))
        else {
            return Ok(None);
        };
        let mut stream = Vec::new();
        let read = file
            .open_stream(name)
            .and_then(|mut s| s.read_to_end(&mut stream));
        if read.is_err() {
            return Ok(None);
        }
        BiffFormats::of(stream)
    }

    /// [`BiffFormats::read`] on the `Workbook` stream's bytes.
    fn of(stream: Vec<u8>) -> Result<Option<BiffFormats>, String> {
        let mut codes: HashMap<u16, String> = HashMap::new();
        let mut ifmts = Vec::new();
        let mut sheets = Vec::new();
        for record in Records::new(&stream) {
            let (typ, data) = record?;
            match typ {
                BOF if !biff8(data) => return Ok(None),
                // An unreadable FORMAT record is passed over, as calamine passes it over.
                FORMAT => {
                    if let (Some(id), Some(code)) =
                        (u16_at(data, 0), unicode_string(&data[2.min(data.len())..]))
                    {
                        codes.insert(id, code);
                    }
                }
                XF if ifmts.len() < MAX_XFS => {
                    ifmts.push(u16_at(data, 2).ok_or_else(|| short("XF"))?)
                }
                BOUNDSHEET => {
                    sheets.push(u32_at(data, 0).ok_or_else(|| short("BoundSheet8"))? as usize)
                }
                EOF => break,
                _ => {}
            }
        }
        let mut formats = Vec::new();
        let mut of_id: HashMap<u16, Option<u16>> = HashMap::new();
        let xfs = ifmts
            .iter()
            .map(|&id| {
                *of_id.entry(id).or_insert_with(|| {
                    let fmt = match codes.get(&id) {
                        Some(code) => NumFmt::parse(code),
                        None => NumFmt::builtin(u32::from(id)),
                    };
                    let kept = fmt.any_percent() || fmt.any_date() || fmt.any_altered();
                    kept.then(|| {
                        formats.push(fmt);
                        (formats.len() - 1) as u16
                    })
                })
            })
            .collect();
        Ok(Some(BiffFormats {
            stream,
            formats,
            xfs,
            sheets,
        }))
    }

    /// The mark of the number `v` stored under XF `xf`, if its format needs one.
    pub fn mark(&self, xf: u32, v: f64) -> Option<Mark> {
        if xf == STALE_XF {
            return Some(Mark::Stale);
        }
        let f = (*self.xfs.get(xf as usize)?)?;
        number_mark(v, &self.formats[usize::from(f)])
    }

    /// The numeric cells of the `index`-th sheet (in BoundSheet8 order, calamine's order of
    /// names) whose format may need a mark. A cell given again by a later record (a label, a
    /// number under another format) takes the later one, as calamine does. In a sheet whose
    /// formulas were not recalculated before it was saved (an UNCALCED record: Excel's manual
    /// calculation, a program's file), every formula's numeric result is a look too, marked as
    /// stale — as `fullCalcOnLoad` in an `.xlsx`.
    pub fn sheet(&self, index: usize) -> Result<SheetPass, String> {
        let mut looks = Looks::new();
        let mut hidden_rows = Vec::new();
        let mut hidden_cols = Vec::new();
        let mut formulas: HashMap<(u32, u32), f64> = HashMap::new();
        let mut uncalced = false;
        let Some(&at) = self.sheets.get(index) else {
            return Ok(SheetPass {
                looks,
                hidden_rows,
                hidden_cols,
            });
        };
        let body = self
            .stream
            .get(at..)
            .ok_or_else(|| damaged("a sheet begins beyond the end of the workbook stream"))?;
        // `formula`: the record is a FORMULA (its numeric result kept for a stale mark).
        let mut see = |row: u16, col: u16, number: Option<(u16, f64)>, formula: bool| {
            let pos = (u32::from(row), u32::from(col));
            match number {
                Some((_, v)) if formula => formulas.insert(pos, v),
                _ => formulas.remove(&pos),
            };
            match number.filter(|&(xf, _)| matches!(self.xfs.get(usize::from(xf)), Some(Some(_)))) {
                Some((xf, v)) => looks.insert(pos, (u32::from(xf), v)),
                None => looks.remove(&pos),
            };
        };
        for record in Records::new(body) {
            let (typ, d) = record?;
            let cell = |len: usize, what: &str| {
                if d.len() < len {
                    return Err(short(what));
                }
                Ok((u16_le(d, 0), u16_le(d, 2), u16_le(d, 4)))
            };
            match typ {
                NUMBER => {
                    let (row, col, xf) = cell(14, "NUMBER")?;
                    see(row, col, Some((xf, f64_le(&d[6..14]))), false);
                }
                RK => {
                    let (row, col, xf) = cell(10, "RK")?;
                    see(row, col, Some((xf, rk(&d[6..10]))), false);
                }
                MULRK => {
                    let (row, first, _) = cell(6, "MULRK")?;
                    let last = u16_le(d, d.len() - 2);
                    let n = usize::from(last.wrapping_sub(first)) + 1;
                    if last < first || d.len() != 6 + 6 * n {
                        return Err(short("MULRK"));
                    }
                    for (col, r) in (first..=last).zip(d[4..d.len() - 2].chunks_exact(6)) {
                        see(row, col, Some((u16_le(r, 0), rk(&r[2..6]))), false);
                    }
                }
                FORMULA => {
                    let (row, col, xf) = cell(20, "FORMULA")?;
                    // A result of text, a truth value, an error or nothing ends in FF FF.
                    let number = (d[12..14] != [0xFF, 0xFF]).then(|| (xf, f64_le(&d[6..14])));
                    see(row, col, number, true);
                }
                UNCALCED => uncalced = true,
                // Only for a warning: a ROW record of another length (calamine reads none) is
                // passed over, not an error.
                ROW if d.len() == 16 && d[12] & 0x20 != 0 => {
                    hidden_rows.push(u32::from(u16_le(d, 0)));
                }
                COLINFO if d.len() >= 10 && d[8] & 0x01 != 0 => {
                    let (first, last) = (u16_le(d, 0), u16_le(d, 2).min(255));
                    hidden_cols.extend((u32::from(first))..=u32::from(last.max(first)));
                }
                // Cells calamine reads that hold no number: a later one replaces a number.
                LABEL | LABELSST | BOOLERR => {
                    let (row, col, _) = cell(6, "cell")?;
                    see(row, col, None, false);
                }
                EOF => break,
                _ => {}
            }
        }
        if uncalced {
            for (pos, v) in formulas {
                looks.insert(pos, (STALE_XF, v));
            }
        }
        Ok(SheetPass {
            looks,
            hidden_rows,
            hidden_cols,
        })
    }
}

/// The records of a BIFF stream, as (type, data); a CONTINUE record is a record of its own
/// (no record read here continues).
struct Records<'a> {
    rest: &'a [u8],
}

impl<'a> Records<'a> {
    fn new(stream: &'a [u8]) -> Records<'a> {
        Records { rest: stream }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<(u16, &'a [u8]), String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        if self.rest.len() < 4 {
            self.rest = &[];
            return Some(Err(damaged("the workbook stream ends inside a record")));
        }
        let typ = u16_le(self.rest, 0);
        let len = usize::from(u16_le(self.rest, 2));
        if self.rest.len() < 4 + len {
            self.rest = &[];
            return Some(Err(damaged("the workbook stream ends inside a record")));
        }
        let data = &self.rest[4..4 + len];
        self.rest = &self.rest[4 + len..];
        Some(Ok((typ, data)))
    }
}

/// The CODEPAGE record's code page of an Excel 5/95 workbook (BIFF5) at `path`, if it has one:
/// calamine reads such a workbook's text as if it were in a single-byte code page, so the text
/// of one saved on Chinese, Japanese or Korean Windows (936, 950, 932, 949) comes out garbled.
/// `None` for a BIFF8 workbook (its text is Unicode) or one that cannot be read here.
pub fn biff5_code_page(path: &Path) -> Option<u16> {
    let mut file = cfb::open(path).ok()?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream))
        .ok()?;
    for record in Records::new(&stream) {
        let (typ, data) = record.ok()?;
        match typ {
            BOF if biff8(data) => return None,
            CODEPAGE => return u16_at(data, 0),
            EOF => return None,
            _ => {}
        }
    }
    None
}

/// Whether a BOF record says BIFF8, as calamine reads it: versions 2 to 5 are older, a version
/// 0 is BIFF5 when its type says so (`0x1000`), anything else BIFF8.
fn biff8(bof: &[u8]) -> bool {
    let version = u16_at(bof, 0).unwrap_or(0);
    let kind = u16_at(bof, 2).unwrap_or(0);
    match version {
        0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
        0 => kind != 0x1000,
        _ => true,
    }
}

/// An RK number (MS-XLS 2.5.217): a 30-bit integer or the high 30 bits of a double, divided by
/// 100 when its lowest bit says so — as calamine decodes it.
fn rk(b: &[u8]) -> f64 {
    let raw = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let hundredth = raw & 1 != 0;
    let v = if raw & 2 != 0 {
        f64::from((raw as i32) >> 2)
    } else {
        f64::from_bits(u64::from(raw & !3) << 32)
    };
    if hundredth {
        v / 100.0
    } else {
        v
    }
}

/// An `XLUnicodeString` (MS-XLS 2.5.294): a 16-bit count of characters, a flags byte whose
/// lowest bit says two bytes a character (UTF-16) rather than one (the low byte of each).
fn unicode_string(b: &[u8]) -> Option<String> {
    let n = usize::from(u16_at(b, 0)?);
    let wide = b.get(2)? & 1 != 0;
    let chars = b.get(3..)?;
    if wide {
        let units: Vec<u16> = chars
            .get(..2 * n)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(chars.get(..n)?.iter().map(|&c| char::from(c)).collect())
    }
}

fn u16_le(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn f64_le(b: &[u8]) -> f64 {
    f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

fn damaged(why: &str) -> String {
    format!("its number formats cannot be read ({why}): the workbook is damaged; open and save it in Excel or WPS")
}

fn short(record: &str) -> String {
    damaged(&format!("a {record} record is too short"))
}

#[cfg(test)]
mod tests {
    use super::super::marks::Mark;
    use super::super::numfmt::Altered;
    use super::*;

    /// A mark and its cell.
    type Marked = ((u32, u32), Mark);

    /// The marks of sheet `index`, by position.
    fn marks(f: &BiffFormats, index: usize) -> Result<Vec<Marked>, String> {
        let mut out: Vec<_> = f
            .sheet(index)?
            .looks
            .into_iter()
            .filter_map(|(pos, (xf, v))| Some((pos, f.mark(xf, v)?)))
            .collect();
        out.sort_by_key(|(pos, _)| *pos);
        Ok(out)
    }

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn cell(row: u16, col: u16, xf: u16, rest: &[u8]) -> Vec<u8> {
        [
            &row.to_le_bytes()[..],
            &col.to_le_bytes(),
            &xf.to_le_bytes(),
            rest,
        ]
        .concat()
    }

    /// An RK holding the integer `i`, divided by 100 when `hundredth`.
    fn rk_int(i: i32, hundredth: bool) -> [u8; 4] {
        ((i << 2) as u32 | 2 | u32::from(hundredth)).to_le_bytes()
    }

    /// Globals with XFs of General (0), `0%` (1), the custom `0.0%` (2), a date (3) and
    /// `#,##0.0,` (4), then one sheet holding `sheet`'s records.
    fn stream(sheet: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(BOF, &[0x00, 0x06, 0x05, 0x00]);
        let code = |id: u16, s: &str| {
            let mut d = id.to_le_bytes().to_vec();
            d.extend((s.len() as u16).to_le_bytes());
            d.push(0);
            d.extend(s.bytes());
            record(FORMAT, &d)
        };
        let xf = |ifmt: u16| record(XF, &[&[0, 0][..], &ifmt.to_le_bytes(), &[0; 16]].concat());
        let mut globals = [
            bof.clone(),
            code(164, "0.0%"),
            code(165, "#,##0.0,"),
            xf(0),
            xf(9),
            xf(164),
            xf(14),
            xf(165),
        ]
        .concat();
        let at = globals.len() + 4 + 9 + 4;
        globals.extend(record(
            BOUNDSHEET,
            &[&(at as u32).to_le_bytes()[..], &[0, 0, 1, 0, b'S']].concat(),
        ));
        globals.extend(record(EOF, &[]));
        assert_eq!(globals.len(), at);
        globals.extend(bof);
        for r in sheet {
            globals.extend(r);
        }
        globals
    }

    #[test]
    fn cells_of_every_numeric_record_are_marked_by_their_format() {
        let mulrk = [
            &0u16.to_le_bytes()[..],
            &1u16.to_le_bytes(),
            &1u16.to_le_bytes(),
            &rk_int(90, true),
            &0u16.to_le_bytes(),
            &rk_int(5, false),
            &2u16.to_le_bytes(),
            &rk_int(-5, true),
            &3u16.to_le_bytes(),
        ]
        .concat();
        let sheet = [
            record(MULRK, &mulrk),
            record(RK, &cell(1, 1, 4, &rk_int(9600, false))),
            record(NUMBER, &cell(1, 2, 3, &45356.0f64.to_le_bytes())),
            // A double RK (the high 30 bits of 0.5).
            record(
                RK,
                &cell(1, 3, 1, &((0.5f64.to_bits() >> 32) as u32).to_le_bytes()),
            ),
            record(
                FORMULA,
                &cell(2, 1, 1, &[&0.25f64.to_le_bytes()[..], &[0; 6]].concat()),
            ),
            // A formula whose result is text: ends in FF FF, not a number.
            record(
                FORMULA,
                &cell(2, 2, 1, &[0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0]),
            ),
            record(EOF, &[]),
            // After the sheet's EOF: not the sheet's.
            record(NUMBER, &cell(3, 1, 1, &1.0f64.to_le_bytes())),
        ];
        let f = BiffFormats::of(stream(&sheet)).unwrap().unwrap();
        let got = marks(&f, 0).unwrap();
        let thousands = Altered {
            code: "#,##0.0,".into(),
            how: "divides the number by 1,000".into(),
            shown: "9.6".into(),
        };
        assert_eq!(
            got,
            [
                ((0, 1), Mark::Percent(0.9)),
                ((0, 3), Mark::Percent(-0.05)),
                ((1, 1), Mark::Altered(9600.0, Box::new(thousands))),
                ((1, 2), Mark::Date(45356.0)),
                ((1, 3), Mark::Percent(0.5)),
                ((2, 1), Mark::Percent(0.25)),
            ]
        );
        // A second sheet the globals do not list has no marks.
        assert!(marks(&f, 1).unwrap().is_empty());
    }

    /// Review's case: an `.xls` saved without recalculating (an UNCALCED record) had a formula's
    /// stale 0 read as the value. Its formulas' numeric results are marked stale; a number typed
    /// in, and a formula later overwritten by a number, are not.
    #[test]
    fn formulas_of_a_sheet_not_recalculated_are_stale() {
        let formula = |row: u16, col: u16, v: f64| {
            record(
                FORMULA,
                &cell(row, col, 0, &[&v.to_le_bytes()[..], &[0; 6]].concat()),
            )
        };
        let sheet = [
            record(UNCALCED, &[0, 0]),
            formula(1, 1, 0.0),
            formula(1, 2, 89.5),
            record(NUMBER, &cell(1, 2, 0, &7.0f64.to_le_bytes())),
            record(NUMBER, &cell(1, 3, 0, &5.0f64.to_le_bytes())),
            record(EOF, &[]),
        ];
        let f = BiffFormats::of(stream(&sheet)).unwrap().unwrap();
        assert_eq!(marks(&f, 0).unwrap(), [((1, 1), Mark::Stale)]);
        // Without UNCALCED, a formula under General needs no mark.
        let f = BiffFormats::of(stream(&sheet[1..])).unwrap().unwrap();
        assert!(marks(&f, 0).unwrap().is_empty());
    }

    /// Rows hidden by hand or by a filter carry `fDyZero` (bit 5 of the byte at offset 12) in
    /// their ROW records; other flags (an outline level, a custom height) hide nothing.
    #[test]
    fn hidden_rows_are_those_whose_row_records_say_so() {
        let row = |r: u16, flags: u8| {
            let mut d = [&r.to_le_bytes()[..], &[0; 14]].concat();
            d[12] = flags;
            record(ROW, &d)
        };
        let sheet = [
            row(0, 0x00),
            row(1, 0x20),
            row(2, 0x41),
            row(3, 0x21),
            record(EOF, &[]),
        ];
        let f = BiffFormats::of(stream(&sheet)).unwrap().unwrap();
        assert_eq!(f.sheet(0).unwrap().hidden_rows, [1, 3]);
        // A ROW record of another length is passed over (the sheet is read all the same).
        let short = [
            record(ROW, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20]),
            record(EOF, &[]),
        ];
        let f = BiffFormats::of(stream(&short)).unwrap().unwrap();
        assert!(f.sheet(0).unwrap().hidden_rows.is_empty());
    }

    /// Columns hidden carry `fHidden` (bit 0 of the flags at offset 8) in their COLINFO record,
    /// which covers a range of columns.
    #[test]
    fn hidden_columns_are_those_whose_column_records_say_so() {
        let cols = |first: u16, last: u16, flags: u8| {
            let mut d = [&first.to_le_bytes()[..], &last.to_le_bytes(), &[0; 8]].concat();
            d[8] = flags;
            record(COLINFO, &d)
        };
        let sheet = [
            cols(0, 0, 0x00),
            cols(1, 1, 0x01),
            cols(3, 4, 0x01),
            cols(5, 5, 0x02),
            record(EOF, &[]),
        ];
        let f = BiffFormats::of(stream(&sheet)).unwrap().unwrap();
        assert_eq!(f.sheet(0).unwrap().hidden_cols, [1, 3, 4]);
    }

    #[test]
    fn rk_numbers_decode_as_calamine_reads_them() {
        assert_eq!(rk(&rk_int(9000, true)), 90.0);
        assert_eq!(rk(&rk_int(-5, true)), -0.05);
        assert_eq!(rk(&rk_int(-536_870_912, false)), -536_870_912.0);
        let half = ((0.5f64.to_bits() >> 32) as u32) | 1;
        assert_eq!(rk(&half.to_le_bytes()), 0.005);
    }

    #[test]
    fn an_excel_95_workbook_and_damaged_records() {
        let biff5 = [record(BOF, &[0x00, 0x05, 0x05, 0x00]), record(EOF, &[])].concat();
        assert!(BiffFormats::of(biff5).unwrap().is_none());
        let mut cut = stream(&[]);
        cut.extend([0x03, 0x02, 14, 0, 1, 2]);
        let f = BiffFormats::of(cut).unwrap().unwrap();
        assert_eq!(
            marks(&f, 0).unwrap_err(),
            "its number formats cannot be read (the workbook stream ends inside a record): the workbook is damaged; open and save it in Excel or WPS"
        );
        let short_number = stream(&[record(NUMBER, &[0; 10])]);
        let f = BiffFormats::of(short_number).unwrap().unwrap();
        assert_eq!(
            marks(&f, 0).unwrap_err(),
            "its number formats cannot be read (a NUMBER record is too short): the workbook is damaged; open and save it in Excel or WPS"
        );
        assert!(BiffFormats::of(record(XF, &[0; 2])).is_err());
        // A stream without a BOF is read as BIFF8, as calamine reads it.
        assert!(BiffFormats::of(record(XF, &[0; 20])).unwrap().is_some());
    }

    #[test]
    fn any_byte_changed_or_cut_is_an_answer_not_a_panic() {
        let sheet = [
            record(
                MULRK,
                &[
                    &[0u8; 4][..],
                    &1u16.to_le_bytes(),
                    &rk_int(9, true),
                    &[0, 0],
                ]
                .concat(),
            ),
            record(NUMBER, &cell(1, 2, 3, &45356.0f64.to_le_bytes())),
            record(FORMULA, &cell(2, 1, 1, &[0u8; 14])),
            record(EOF, &[]),
        ];
        let good = stream(&sheet);
        for at in 0..good.len() {
            for (cut, byte) in [(false, 0xFF), (false, 0x00), (true, 0)] {
                let mut s = good.clone();
                if cut {
                    s.truncate(at);
                } else {
                    s[at] = byte;
                }
                if let Ok(Some(f)) = BiffFormats::of(s) {
                    for sheet in 0..2 {
                        let _ = marks(&f, sheet);
                    }
                }
            }
        }
    }

    #[test]
    fn a_cell_given_again_takes_the_later_record_as_calamine_does() {
        let sst = |row: u16, col: u16| record(LABELSST, &cell(row, col, 0, &[0, 0, 0, 0]));
        let sheet = [
            // A percentage, then text in the same cell: text, no mark.
            record(NUMBER, &cell(1, 1, 1, &0.5f64.to_le_bytes())),
            sst(1, 1),
            // A percentage, then the same number under General: no mark.
            record(NUMBER, &cell(2, 1, 1, &0.5f64.to_le_bytes())),
            record(NUMBER, &cell(2, 1, 0, &0.5f64.to_le_bytes())),
            // Text, then a percentage: marked.
            sst(3, 1),
            record(RK, &cell(3, 1, 1, &rk_int(5, true))),
            // A percentage, then a formula whose result is text: no mark.
            record(NUMBER, &cell(4, 1, 1, &0.5f64.to_le_bytes())),
            record(
                FORMULA,
                &cell(4, 1, 1, &[0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0]),
            ),
            record(EOF, &[]),
        ];
        let f = BiffFormats::of(stream(&sheet)).unwrap().unwrap();
        assert_eq!(marks(&f, 0).unwrap(), [((3, 1), Mark::Percent(0.05))]);
    }

    #[test]
    fn formats_are_parsed_once_and_what_cannot_be_read_is_passed_over() {
        // 70,000 XFs of one percent format: one format kept, XFs past 65,535 not.
        let mut globals = record(BOF, &[0x00, 0x06, 0x05, 0x00]);
        // A FORMAT record too short to hold its code: passed over, as calamine does.
        globals.extend(record(FORMAT, &[164, 0]));
        for _ in 0..70_000 {
            globals.extend(record(
                XF,
                &[&[0, 0][..], &9u16.to_le_bytes(), &[0; 16]].concat(),
            ));
        }
        globals.extend(record(EOF, &[]));
        let f = BiffFormats::of(globals).unwrap().unwrap();
        assert_eq!(f.formats.len(), 1);
        assert_eq!(f.xfs.len(), MAX_XFS);
        assert_eq!(f.mark(65_535, 0.5), Some(Mark::Percent(0.5)));
        // A file that is no compound file at all gives no formats (calamine says what it is).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.xls");
        std::fs::write(&path, "not a workbook").unwrap();
        assert!(BiffFormats::read(&path).unwrap().is_none());
    }
}
