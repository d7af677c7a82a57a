//! `results.xlsx`: the workbook the leadership gets. One sheet per track (ranked, dimension
//! subtotals, total, grade, rank change), `指标明细` (every indicator's raw value and score),
//! `对账单` (every statement item) and `全区基本面` (the district overview).
//!
//! Every sheet has a frozen, filtered header, column widths fitted to Chinese text and number
//! formats at the configured decimals; grade cells are coloured. Text is always a string cell,
//! never a formula ([`grid`]). The workbook's creation date is the last day of the period, so
//! that reruns over the same inputs give the same bytes.

pub mod book;
pub mod grid;
mod robust;
pub mod sheets;
pub mod statements;
pub mod template;

use std::collections::HashSet;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use std::path::Path;

use self::grid::{
    column_width, display_width, table_cell, write_cell, Formats, Rows, SheetWriter, XCell,
};
use crate::analysis::bundle::Report;
use crate::error::Error;
use crate::period::Period;
use crate::render::doc::{Block, Doc, DocTable};
use crate::render::summary::{self, SummaryView};

/// Writes the workbook to `path`, every sheet in rust_xlsxwriter's constant-memory mode: its rows
/// go to a temporary file beside `path` as they are written, strings inline, so that memory
/// stays flat whatever the number of units. A district's workbook is made faster so too (its
/// 9,040-row 对账单 sheet: no shared-strings table, no cell map held until the save; the
/// report package 0.85× the time and 27 MB peak instead of 76).
pub fn save(r: &Report, path: &Path) -> Result<(), Error> {
    let temp = path.parent().unwrap_or(Path::new("."));
    guarded(temp, || build(r, path))
        .map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))
}

/// What `f`, building and saving a workbook, gives — a panic in it an error. rust_xlsxwriter
/// panics where a constant-memory sheet's temporary file (in `temp`) cannot be written, a full
/// disk or a file-size limit; that is the message, not a crash.
pub(crate) fn guarded<T>(
    temp: &Path,
    f: impl FnOnce() -> Result<T, XlsxError>,
) -> Result<T, XlsxError> {
    match crate::error::quietly(std::panic::AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(panic) => Err(XlsxError::IoError(std::io::Error::other(format!(
            "the workbook could not be written ({}); is there room in {} for its temporary files?",
            os_error(crate::error::panic_message(&*panic)),
            temp.display()
        )))),
    }
}

/// The system's error inside a panic message of rust_xlsxwriter's unwrap of a file operation
/// (``called `Result::unwrap()` on an `Err` value: Os { code: 28, kind: StorageFull, message:
/// "No space left on device" }``) as the system words it (`No space left on device (os error
/// 28)`); any other message as it is.
fn os_error(panic: &str) -> std::borrow::Cow<'_, str> {
    let field = |name: &str| {
        let at = panic.find(name)? + name.len();
        Some(&panic[at..])
    };
    let code = field("Os { code: ").and_then(|r| r.split(',').next());
    let message = field("message: \"").and_then(|r| r.split('"').next());
    match (code, message) {
        (Some(code), Some(message)) => format!("{message} (os error {code})").into(),
        _ => panic.into(),
    }
}

/// A set of more statements than this (`statement --all -o x.xlsx`) is written in
/// constant-memory mode: each sheet's rows go to a temporary file as they are written (its
/// strings stored inline), so the workbook's memory stays flat whatever the number of units.
/// Smaller ones keep the shared-strings form.
pub const CONSTANT_MEMORY_UNITS: usize = 5_000;

/// The deflate level of every workbook written (zlib's 1–9; rust_xlsxwriter's default is 6).
/// At 3 the district's report package took 0.81× the time (10 alternating runs) for a
/// `results.xlsx` 1.23× the size (1.43 MB for 1.16 MB); at 1, 0.76× the time for 1.8× the size.
const ZIP_LEVEL: u8 = 3;

/// A new workbook, compressed at [`ZIP_LEVEL`].
pub(crate) fn new_workbook() -> Workbook {
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(ZIP_LEVEL);
    wb
}

/// A report of at most this many units lists every indicator item (指标明细) and every
/// statement item (对账单) in the workbook; a larger one — about 57 rows per unit, a workbook of
/// gigabytes — leaves them to `statements/<unit id>.csv` and says so on those sheets.
pub const ITEM_SHEETS_UP_TO: usize = 20_000;

/// Rows of a sheet, its header included: Excel's limit. Longer tables continue on sheets named
/// `<name>（续2）`, `<name>（续3）` …, each with the header.
pub const SHEET_ROWS: u32 = 1_048_576;

fn build(r: &Report, path: &Path) -> Result<(), XlsxError> {
    let mut wb = new_workbook();
    let created = period_end(r.period())?;
    wb.set_properties(&properties(format!("考核结果 · {}", r.period()), &created));
    if let Some(dir) = path.parent() {
        wb.set_tempdir(dir)?;
    }
    let f = Formats::new();
    // The fixed sheets keep their names: a track named `指标明细` gets `指标明细(2)`, never the
    // sheet every reader of the workbook looks for.
    let mut names = SheetNames::default();
    for name in FIXED_SHEETS {
        names.0.insert(name.to_lowercase());
    }
    let mut out = Sheets {
        wb: &mut wb,
        names: &mut names,
        f: &f,
        big: true,
        limit: SHEET_ROWS,
    };
    for i in 0..r.tracks.len() {
        let name = out.names.take(&r.ev.cfg.tracks[r.tracks[i]].name);
        out.write(name, sheets::track_grid(r, i), true)?;
    }
    let units = r.statement_count();
    if units <= ITEM_SHEETS_UP_TO {
        out.write("指标明细".into(), sheets::indicator_grid(r), false)?;
        out.write("对账单".into(), sheets::statement_grid(r), false)?;
    } else {
        for name in ["指标明细", "对账单"] {
            let ws = out.wb.add_worksheet();
            ws.set_name(name)?;
            let note = format!("本次考核共 {units} 个单位，逐项明细过多，未列入本工作簿：每个单位的指标明细与对账单见 statements/<单位编码>.csv。({units} units: every unit's indicator items are in statements/<unit id>.csv, not in this workbook.)");
            ws.write_string(0, 0, note)?;
        }
    }
    let v = SummaryView {
        names: r.labels(),
        summary: &r.summary,
    };
    doc_sheet(&mut wb, "全区基本面", &summary::doc(&v), &f, true)?;
    wb.save(path)
}

/// Adds a sheet named `name` holding `doc`; in constant-memory mode when `big`. The summary
/// grows with the townships (a row per township and track): in a province's report a sheet of a
/// few hundred thousand rows, which standard mode holds whole until the workbook is saved.
fn doc_sheet(
    wb: &mut Workbook,
    name: &str,
    doc: &Doc,
    f: &Formats,
    big: bool,
) -> Result<(), XlsxError> {
    let ws = match big {
        true => wb.add_worksheet_with_constant_memory()?,
        false => wb.add_worksheet(),
    };
    ws.set_name(name)?;
    write_doc(ws, doc, f)
}

/// Adds sheets to a workbook, continuing a table on further sheets past `limit` rows.
struct Sheets<'w> {
    wb: &'w mut Workbook,
    names: &'w mut SheetNames,
    f: &'w Formats,
    big: bool,
    limit: u32,
}

impl Sheets<'_> {
    /// Writes `rows` on a sheet named `name` (and its continuations), set up for printing when
    /// `print`. The rows are made on a thread of their own, a few batches ahead, while this one
    /// stores them: making the statement sheet's rows (the statements rendered and read back)
    /// takes about half as long as storing them, and once the report's other files are done
    /// (early in a district's run) the other core had nothing to do.
    fn write(&mut self, name: String, rows: Rows, print: bool) -> Result<(), XlsxError> {
        let Rows {
            header,
            rows,
            freeze_cols,
        } = rows;
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Vec<XCell>>>(4);
            let maker = scope.spawn(move || {
                let mut rows = rows;
                loop {
                    let batch: Vec<Vec<XCell>> = rows.by_ref().take(ROW_BATCH).collect();
                    // Done, or the writing stopped on an error.
                    if batch.is_empty() || tx.send(batch).is_err() {
                        return;
                    }
                }
            });
            let written =
                self.write_from(name, &header, rx.into_iter().flatten(), freeze_cols, print);
            // A panic making the rows (a bug) goes on as it was raised, not as the scope's own.
            if let Err(panic) = maker.join() {
                std::panic::resume_unwind(panic);
            }
            written
        })
    }

    fn write_from(
        &mut self,
        name: String,
        header: &[String],
        rows: impl Iterator<Item = Vec<XCell>>,
        freeze_cols: u16,
        print: bool,
    ) -> Result<(), XlsxError> {
        let mut it = rows.peekable();
        let mut part = 1;
        loop {
            let sheet = match part {
                1 => name.clone(),
                k => self.names.take(&continued(&name, k)),
            };
            let ws = if self.big {
                self.wb.add_worksheet_with_constant_memory()?
            } else {
                self.wb.add_worksheet()
            };
            ws.set_name(sheet)?;
            if print {
                print_setup(ws);
            }
            let mut w = SheetWriter::start(ws, header, self.f)?;
            while w.rows() < self.limit {
                let Some(row) = it.next() else { break };
                w.row(ws, &row, self.f)?;
            }
            w.finish(ws, freeze_cols)?;
            if it.peek().is_none() {
                return Ok(());
            }
            part += 1;
        }
    }
}

/// Rows made at a time for a sheet.
const ROW_BATCH: usize = 256;

/// The name of the `k`-th sheet of a table named `name`: `name（续k）`, within Excel's 31
/// characters.
pub(crate) fn continued(name: &str, k: usize) -> String {
    let suffix = format!("（续{k}）");
    let keep = 31 - suffix.chars().count();
    name.chars().take(keep).collect::<String>() + &suffix
}

/// The sheets every workbook has after the tracks' sheets; their names are reserved.
pub const FIXED_SHEETS: [&str; 3] = ["指标明细", "对账单", "全区基本面"];

/// A workbook's properties: its title, this program's version, and its creation date (fixed by
/// the caller, so that reruns give the same bytes).
pub(crate) fn properties(title: impl Into<String>, created: &ExcelDateTime) -> DocProperties {
    DocProperties::new()
        .set_title(title)
        .set_comment(format!("pingyi {}", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(created)
}

/// The last day of the period, 00:00 UTC.
pub(crate) fn period_end(p: Period) -> Result<ExcelDateTime, XlsxError> {
    let (y, m) = p.last_month();
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let day = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    ExcelDateTime::from_ymd(u16::try_from(y).unwrap_or(1900), m, day)
}

/// A4 landscape, one page wide, the header row on every page.
fn print_setup(ws: &mut Worksheet) {
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    let _ = ws.set_repeat_rows(0, 0);
}

/// Unique, valid sheet names: at most 31 characters, none of `[]:*?/\`, not quoted, compared
/// without case (as Excel does).
#[derive(Default)]
pub(crate) struct SheetNames(pub(crate) HashSet<String>);

impl SheetNames {
    pub(crate) fn take(&mut self, wanted: &str) -> String {
        let clean: String = wanted
            .chars()
            .map(|c| match c {
                '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
                c if c.is_control() => '_',
                c => c,
            })
            .collect();
        let clean = clean.trim_matches('\'').to_string();
        let base = if clean.is_empty() || clean.eq_ignore_ascii_case("history") {
            format!("{clean}_")
        } else {
            clean
        };
        let mut k = 1u32;
        loop {
            let suffix = if k == 1 {
                String::new()
            } else {
                format!("({k})")
            };
            let keep = 31 - suffix.chars().count();
            let name: String = base.chars().take(keep).collect::<String>() + &suffix;
            if self.0.insert(name.to_lowercase()) {
                return name;
            }
            k += 1;
        }
    }
}

/// Writes a document (the district overview) down the sheet: headings in bold, tables with a
/// header row, numbers of right-aligned columns as numbers. The title row is frozen; the
/// largest table gets the autofilter.
fn write_doc(ws: &mut Worksheet, doc: &Doc, f: &Formats) -> Result<(), XlsxError> {
    let mut row = 0u32;
    let mut widths: Vec<usize> = Vec::new();
    let mut largest: Option<(u32, u32, u16)> = None;
    for b in &doc.0 {
        match b {
            Block::Heading(1, t) => {
                ws.write_string_with_format(row, 0, t, &f.title)?;
                row += 2;
            }
            Block::Heading(_, t) => {
                ws.write_string_with_format(row, 0, t, &f.bold)?;
                row += 1;
            }
            Block::Table(t) => {
                let last = write_doc_table(ws, row, t, f, &mut widths)?;
                let cols = t.header.len().max(1) as u16 - 1;
                if largest.is_none_or(|(a, b, _)| b - a < last - row) {
                    largest = Some((row, last, cols));
                }
                row = last + 2;
            }
            Block::Lines(lines) => {
                for l in lines {
                    ws.write_string(row, 0, format!("· {l}"))?;
                    row += 1;
                }
                row += 1;
            }
            Block::Note(t) => {
                ws.write_string(row, 0, t)?;
                row += 2;
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, column_width(*w))?;
    }
    ws.set_freeze_panes(1, 0)?;
    if let Some((first, last, cols)) = largest {
        ws.autofilter(first, 0, last, cols)?;
    }
    Ok(())
}

/// Writes a table with its header at `top`; returns its last row.
fn write_doc_table(
    ws: &mut Worksheet,
    top: u32,
    t: &DocTable,
    f: &Formats,
    widths: &mut Vec<usize>,
) -> Result<u32, XlsxError> {
    let mut grow = |c: usize, w: usize| {
        if widths.len() <= c {
            widths.resize(c + 1, 0);
        }
        widths[c] = widths[c].max(w);
    };
    for (c, h) in t.header.iter().enumerate() {
        ws.write_string_with_format(top, c as u16, h, &f.header)?;
        grow(c, display_width(h) + 2);
    }
    let mut row = top;
    for cells in &t.rows {
        row += 1;
        for (c, s) in cells.iter().enumerate() {
            let cell = table_cell(s, t.right.get(c) == Some(&true));
            write_cell(ws, row, c as u16, &cell, f)?;
            grow(c, display_width(s));
        }
    }
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::grid::{Num, XCell};
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut n = SheetNames::default();
        assert_eq!(n.take("乡镇（街道、园区）"), "乡镇（街道、园区）");
        assert_eq!(n.take("a/b:c"), "a_b_c");
        assert_eq!(n.take("A_B_C"), "A_B_C(2)");
        assert_eq!(n.take("'x'"), "x");
        assert_eq!(n.take(""), "_");
        assert_eq!(n.take("History"), "History_");
        let long = "很".repeat(40);
        assert_eq!(n.take(&long).chars().count(), 31);
        assert_eq!(n.take(&long).chars().count(), 31);
    }

    #[test]
    fn a_table_past_the_row_limit_continues_on_sheets_with_its_header() {
        use calamine::{Reader, Xlsx};
        for big in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("t.xlsx");
            let mut wb = Workbook::new();
            let mut names = SheetNames::default();
            let f = Formats::new();
            let rows = (1..=7).map(|i| {
                vec![
                    XCell::Num(f64::from(i), Num::Fixed(0)),
                    XCell::text(format!("u{i}")),
                ]
            });
            let mut out = Sheets {
                wb: &mut wb,
                names: &mut names,
                f: &f,
                big,
                limit: 4,
            };
            let long = "很".repeat(40);
            let rows = Rows {
                header: vec!["名次".into(), "单位".into()],
                rows: Box::new(rows),
                freeze_cols: 1,
            };
            let first = out.names.take(&long);
            out.write(first, rows, false).unwrap();
            wb.save(&path).unwrap();
            let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
            let sheets = book.sheet_names();
            let cont = "很".repeat(27);
            assert_eq!(
                sheets,
                vec![
                    "很".repeat(31),
                    format!("{cont}（续2）"),
                    format!("{cont}（续3）")
                ]
            );
            let cells: Vec<Vec<String>> = sheets
                .iter()
                .map(|s| {
                    let r = book.worksheet_range(s).unwrap();
                    r.rows()
                        .map(|row| {
                            row.iter()
                                .map(|c| c.to_string())
                                .collect::<Vec<_>>()
                                .join(",")
                        })
                        .collect()
                })
                .collect();
            assert_eq!(cells[0], ["名次,单位", "1,u1", "2,u2", "3,u3"]);
            assert_eq!(cells[1], ["名次,单位", "4,u4", "5,u5", "6,u6"]);
            assert_eq!(cells[2], ["名次,单位", "7,u7"]);
        }
    }

    /// A document sheet reads back the same in both modes (its cells, widths, frozen row and
    /// filter), and a big report's holds its strings inline (constant-memory mode: no shared
    /// strings, nothing held until the save).
    #[test]
    fn a_document_sheet_is_the_same_in_constant_memory_mode() {
        use calamine::{Reader, Xlsx};
        let mut t = DocTable::new(&[("乡镇/街道", false), ("平均分", true)]);
        for (name, mean) in [("青山镇", "61.50"), ("桃源镇", "58.25"), ("青山镇", "0.00")]
        {
            t.row(vec![name.to_string(), mean.to_string()]);
        }
        let doc = Doc(vec![
            Block::Heading(1, "全区基本面 · 2024Q2".into()),
            Block::Table(t),
            Block::Note("总分统计按公布的总分计。".into()),
        ]);
        let mut read = Vec::new();
        for big in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("s.xlsx");
            let mut wb = Workbook::new();
            doc_sheet(&mut wb, "全区基本面", &doc, &Formats::new(), big).unwrap();
            wb.save(&path).unwrap();
            let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
            let range = book.worksheet_range("全区基本面").unwrap();
            let cells: Vec<String> = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect();
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(
                &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
                &mut xml,
            )
            .unwrap();
            assert_eq!(xml.contains("t=\"inlineStr\""), big, "{xml}");
            assert_eq!(xml.contains("t=\"s\""), !big, "{xml}");
            assert!(xml.contains("<autoFilter ref=\"A3:B6\"/>"), "{xml}");
            assert!(xml.contains("state=\"frozen\""), "{xml}");
            assert!(xml.contains("<cols>"), "{xml}");
            read.push(cells);
        }
        assert_eq!(
            read[0],
            [
                "全区基本面 · 2024Q2|",
                "|",
                "乡镇/街道|平均分",
                "青山镇|61.5",
                "桃源镇|58.25",
                "青山镇|0",
                "|",
                "总分统计按公布的总分计。|"
            ]
        );
        assert_eq!(read[0], read[1]);
    }

    #[test]
    fn the_creation_date_is_the_last_day_of_the_period() {
        let d = |p: &str| period_end(p.parse().unwrap()).unwrap().to_excel();
        let dec31 = ExcelDateTime::from_ymd(2024, 12, 31).unwrap().to_excel();
        assert_eq!(d("2024Q4"), dec31);
        assert_eq!(d("2024"), dec31);
        let feb = ExcelDateTime::from_ymd(2024, 2, 29).unwrap().to_excel();
        assert_eq!(d("2024-02"), feb);
    }

    /// Helper 97's case: a full TMPDIR reached the user as rust_xlsxwriter's unwrap text.
    #[test]
    fn a_system_error_in_a_panic_is_worded_as_the_system_words_it() {
        let panic = "called `Result::unwrap()` on an `Err` value: Os { code: 28, kind: StorageFull, message: \"No space left on device\" }";
        assert_eq!(os_error(panic), "No space left on device (os error 28)");
        assert_eq!(os_error("index out of bounds"), "index out of bounds");
    }
}
