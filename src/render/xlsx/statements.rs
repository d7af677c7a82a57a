//! The workbook of every unit's statement (`statement --all -o x.xlsx`): one sheet of statement
//! items, as the report's `results.xlsx` has them, made as it is stored.

use std::borrow::Cow;
use std::io::{Seek, Write};

use rust_xlsxwriter::{Workbook, XlsxError};

use super::book::{io_error, NOTES};
use super::grid::Formats;
use super::sheets::statement_rows;
use super::{
    guarded, period_end, properties, SheetNames, Sheets, CONSTANT_MEMORY_UNITS, SHEET_ROWS,
};
use crate::analysis::statement::Statement;
use crate::render::labels::Labels;
use crate::render::Headers;

/// The workbook of the `count` statements of `list` (`statement --all -o x.xlsx`): one sheet
/// `对账单` with a row per statement item — the statement CSV's columns (named by `headers`), as
/// the report's `results.xlsx` has it —, continued past Excel's rows on `对账单（续2）` …, and a
/// last sheet `说明`. A sheet per statement section and unit would be thousands of sheets for a
/// district's villages, none saying whose it is. The statements are made and rendered a batch
/// at a time; above [`CONSTANT_MEMORY_UNITS`] of them the sheet is written in constant-memory
/// mode (its rows through a temporary file), so that a province's set is never held whole.
pub fn statements<'r>(
    names: Labels<'r>,
    count: usize,
    list: impl Iterator<Item = Statement> + Send + 'r,
    headers: Headers,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let temp = std::env::temp_dir();
    let saved = guarded(&temp, || {
        let mut wb = statements_book(names, count, list, headers, SHEET_ROWS)?;
        if count <= CONSTANT_MEMORY_UNITS {
            return Ok(Saved::Buffer(wb.save_to_buffer()?));
        }
        // A province's workbook (700 MB at 100,000 units) is saved through a temporary file,
        // not held in memory.
        let mut file =
            tempfile::tempfile().map_err(|e| XlsxError::TempFileError(temp.clone(), e))?;
        wb.save_to_writer(&mut file)?;
        Ok(Saved::File(file))
    })
    .map_err(io_error)?;
    match saved {
        Saved::Buffer(bytes) => w.write_all(&bytes),
        Saved::File(mut file) => {
            file.rewind()?;
            std::io::copy(&mut file, w).map(|_| ())
        }
    }
}

/// A saved workbook: in memory, or in a temporary file.
enum Saved {
    Buffer(Vec<u8>),
    File(std::fs::File),
}

/// [`statements`]' workbook, with at most `limit` rows (the header's included) per sheet, before
/// it is saved.
fn statements_book<'r>(
    names: Labels<'r>,
    count: usize,
    list: impl Iterator<Item = Statement> + Send + 'r,
    headers: Headers,
    limit: u32,
) -> Result<Workbook, XlsxError> {
    let period = names.ev.period();
    let mut wb = super::new_workbook();
    let title = format!("对账单 · {period}");
    wb.set_properties(&properties(&title, &period_end(period)?));
    let mut sheet_names = SheetNames::default();
    sheet_names.0.insert(NOTES.to_lowercase());
    let f = Formats::new();
    let mut sheets = Sheets {
        wb: &mut wb,
        names: &mut sheet_names,
        f: &f,
        big: count > CONSTANT_MEMORY_UNITS,
        limit,
    };
    let mut list = list.peekable();
    let chunks = std::iter::from_fn(move || {
        list.peek()?;
        Some(Cow::Owned(
            list.by_ref().take(STATEMENTS_AT_A_TIME).collect(),
        ))
    });
    let name = sheets.names.take("对账单");
    sheets.write(name, statement_rows(names, chunks, headers), false)?;
    let ws = wb.add_worksheet();
    ws.set_name(NOTES)?;
    let notes = [
        format!("{title}（{count} 个单位）"),
        "每行是一个单位对账单的一项：指标（indicator）、板块小计（dimension）、加减分（adjustment）、合计（subtotal）、排名稳健性（robustness）；列与 pingyi statement --all --format csv 相同。".to_string(),
        crate::render::statement::footer(&names),
    ];
    for (r, n) in notes.iter().enumerate() {
        ws.write_string(r as u32, 0, n)?;
    }
    Ok(wb)
}

/// Statements rendered into the sheet at a time.
const STATEMENTS_AT_A_TIME: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};

    /// Every statement item of the sample district's 2024Q3 is a row of `对账单` and its
    /// continuations, in the statement CSV's order and with its cells, each sheet under the
    /// header; numeric columns hold numbers; `说明` comes last.
    #[test]
    fn statements_fill_one_sheet_and_its_continuations_in_the_csv_order() {
        use crate::analysis::statement::statements as make;
        use crate::render::sheet::{CsvOptions, Escaping};
        let ev = crate::eval::Evaluation::sample();
        let tracks: Vec<usize> = (0..ev.cfg.tracks.len()).collect();
        let list = make(&ev, &tracks, None, Default::default(), None);
        let v = crate::render::statement::StatementView {
            names: Labels::new(&ev),
            statements: &list,
        };
        let raw = CsvOptions {
            escaping: Escaping::Raw,
            ..CsvOptions::CSV
        };
        let csv = crate::render::statement::rows::render(&v, raw, Headers::Zh);
        let want: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&csv[..])
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        let items = want.len() - 1;
        assert!(items > 2000, "{items} items");
        let limit = 1000;
        let each = list.iter().cloned();
        let bytes = statements_book(v.names, list.len(), each, Headers::Zh, limit)
            .and_then(|mut wb| wb.save_to_buffer())
            .expect("a workbook");
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("calamine reads it");
        let names = book.sheet_names();
        let parts = items.div_ceil(limit as usize - 1);
        assert_eq!(names.len(), parts + 1);
        assert_eq!(names[0], "对账单");
        assert_eq!(names[1], "对账单（续2）");
        assert_eq!(names[parts], "说明");
        let mut got: Vec<Vec<String>> = Vec::new();
        let score = want[0].iter().position(|h| h == "得分").unwrap();
        for name in &names[..parts] {
            let range = book.worksheet_range(name).unwrap();
            let mut rows = range.rows();
            let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
            assert_eq!(header, want[0], "{name}");
            for row in rows {
                if let calamine::Data::String(s) = &row[score] {
                    panic!("{name}: a score stored as text {s:?}");
                }
                // Numbers read back as the CSV wrote them, but for trailing zeros.
                got.push(row.iter().map(|c| c.to_string()).collect());
            }
        }
        assert_eq!(got.len(), items);
        let same = |a: &str, b: &str| {
            a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
        };
        for (k, (g, w)) in got.iter().zip(&want[1..]).enumerate() {
            assert_eq!(g.len(), w.len(), "item {k}");
            for (c, (a, b)) in g.iter().zip(w).enumerate() {
                assert!(
                    same(a, b),
                    "item {k}, column {}: {a:?} for {b:?}",
                    want[0][c]
                );
            }
        }
        // A province's set (counted above CONSTANT_MEMORY_UNITS) takes the other path —
        // constant-memory sheet, saved through a temporary file — to the same cells.
        let mut sheets = Vec::new();
        for count in [list.len(), CONSTANT_MEMORY_UNITS + 1] {
            let mut out = Vec::new();
            statements(v.names, count, list.iter().cloned(), Headers::Zh, &mut out).unwrap();
            // The statement sheet (the first) stores its strings inline in constant-memory mode.
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&out)).unwrap();
            let mut xml = String::new();
            let mut sheet = zip.by_name("xl/worksheets/sheet1.xml").unwrap();
            std::io::Read::read_to_string(&mut sheet, &mut xml).unwrap();
            drop(sheet);
            assert_eq!(xml.contains("t=\"inlineStr\""), count > list.len());
            let mut book = Xlsx::new(std::io::Cursor::new(out)).unwrap();
            let range = book.worksheet_range("对账单").unwrap();
            let cells: Vec<Vec<String>> = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            assert_eq!(cells.len(), items + 1);
            sheets.push(cells);
        }
        assert!(sheets[0] == sheets[1]);
    }

    /// The changes on `对账单` show their sign, as the track sheets show them: the CSV's `6`
    /// and `14.75` (青山镇, 2024Q3 against 2024Q2) are `+6` and `+14.75`; a fall keeps its `-`.
    #[test]
    fn changes_on_the_statement_sheet_show_their_sign() {
        use crate::analysis::statement::statements as make;
        use crate::render::xlsx::grid::{Num, XCell};
        let ev = crate::eval::Evaluation::sample();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (config, data) = (root.join("scoring-config.toml"), root.join("data"));
        let before = crate::eval::Evaluation::run(&config, &data, "2024Q2".parse().unwrap());
        let before = crate::eval::Earlier::of(&before.unwrap());
        let trends = crate::analysis::trend::compare(&ev, &before);
        let tracks: Vec<usize> = (0..ev.cfg.tracks.len()).collect();
        let list = make(&ev, &tracks, Some(&trends), Default::default(), None);
        let names = Labels {
            trends: Some(&trends),
            ..Labels::new(&ev)
        };
        let rows = statement_rows(names, [list.into()].into_iter(), Headers::Zh);
        let at = |name: &str| rows.header.iter().position(|h| h == name).unwrap();
        let (unit, rank, score) = (at("单位代码"), at("名次变化"), at("得分变化"));
        let mut seen = (0, 0);
        for row in rows.rows {
            let XCell::Text(id) = &row[unit] else {
                panic!("{:?}", row[unit])
            };
            for c in [rank, score] {
                match &row[c] {
                    XCell::Num(v, Num::Signed(_)) if *v < 0.0 => seen.0 += 1,
                    XCell::Num(_, Num::Signed(_)) | XCell::Empty => {}
                    other => panic!("{id}: {other:?}"),
                }
            }
            if id == "Z03" {
                assert_eq!(row[rank], XCell::Num(6.0, Num::Signed(0)));
                assert_eq!(row[score], XCell::Num(14.75, Num::Signed(2)));
                seen.1 += 1;
            }
        }
        assert!(seen.0 > 100 && seen.1 > 10, "{seen:?}");
    }
}
