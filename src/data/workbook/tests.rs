//! Workbooks written in the test — by rust_xlsxwriter, or part by part into a zip archive where
//! the case is one no spreadsheet program writes (a formula without a result, a cell given twice,
//! a zip bomb, an .ods file) — read back, asserting the exact texts and notes.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Formula, Workbook as XlsxWriter};

use super::Workbook;
use crate::data::cell::{Cell, ValueKind};
use crate::data::table::{Row, Table};
use crate::error::Problems;

mod zipper;
use zipper::{bomb, Entry, Zip};

const KEY: &[&str] = &["unit_id"];

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// The first data row of the workbook's first sheet.
fn first_row(path: &Path) -> Row {
    let t = table(path).unwrap();
    t.held_rows()[0].clone()
}

/// The first sheet's table. An .xlsx sheet is read both ways — our pass first, then calamine's
/// cells; and side by side (as a large sheet is) — which must give the same rows, or the same
/// messages.
fn table(path: &Path) -> Result<Table, Problems> {
    let mut wb = Workbook::open(path).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let one = wb.table(&sheet, KEY, (&[], &[], &[])).map(|(t, _)| t);
    let mut wb = Workbook::open(path).unwrap();
    wb.always_side_by_side();
    let two = wb.table(&sheet, KEY, (&[], &[], &[])).map(|(t, _)| t);
    let shown = |r: &Result<Table, Problems>| match r {
        Ok(t) => format!("{:?}", t.held_rows()),
        Err(p) => p
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    };
    assert_eq!(shown(&one), shown(&two), "{}", path.display());
    one
}

/// The one message of a failed read.
/// Reads sheet 乡镇 of `path`, asserting that every one of its rows T1–T4 is read and that its
/// one warning names the hidden rows `rows` (as shown: 1-based, comma-separated).
fn hidden_rows_warned(path: &Path, rows: &str) {
    let mut wb = Workbook::open(path).unwrap();
    let (t, problems) = wb.table_and_errors("乡镇", KEY).unwrap();
    let ids: Vec<&str> = t.held_rows().iter().map(|r| r.get(0)).collect();
    assert_eq!(ids, ["T1", "T2", "T3", "T4"]);
    let warnings: Vec<String> = problems.warnings().map(|p| p.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let want = format!("sheet 乡镇: hidden row(s) {rows} are read like the others");
    assert!(warnings[0].contains(&want), "{warnings:?}");
}

fn message(r: Result<Table, Problems>) -> String {
    let p = r.expect_err("an error");
    let all: Vec<String> = p.iter().map(|p| p.to_string()).collect();
    all.join("\n")
}

/// A workbook with a header row and one data row: `T1` then `(number, format code)` per column.
fn formatted(dir: &Path, cells: &[(f64, &str)]) -> PathBuf {
    let path = dir.join("t.xlsx");
    let mut wb = XlsxWriter::new();
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    ws.write_string(0, 0, "unit_id").unwrap();
    ws.write_string(1, 0, "T1").unwrap();
    for (i, (v, code)) in cells.iter().enumerate() {
        let col = i as u16 + 1;
        ws.write_string(0, col, format!("c{col}")).unwrap();
        let f = Format::new().set_num_format(*code);
        ws.write_number_with_format(1, col, *v, &f).unwrap();
    }
    wb.save(&path).unwrap();
    path
}

#[test]
fn percent_formats_read_as_the_percentage_shown() {
    let d = dir();
    let path = formatted(
        d.path(),
        &[
            (0.9, "0%"),
            (0.9, "0.0%"),
            (0.123456, "0.00%"),
            (0.9, "0.0\"%\""),
            (1234.5, "#,##0"),
            (-0.05, "0%"),
            (0.07, "0.00%;[Red]-0.00%"),
        ],
    );
    let row = first_row(&path);
    let texts: Vec<&str> = (1..=7).map(|i| row.get(i)).collect();
    assert_eq!(
        texts,
        ["90%", "90%", "12.3456%", "0.9", "1234.5", "-5%", "7%"]
    );
    assert_eq!(row.read(1, ValueKind::Percent), Ok(Cell::Value(90.0)));
    assert_eq!(row.read(3, ValueKind::Percent), Ok(Cell::Value(12.3456)));
    assert_eq!(row.read(4, ValueKind::Number), Ok(Cell::Value(0.9)));
    assert_eq!(row.read(5, ValueKind::Number), Ok(Cell::Value(1234.5)));
    assert_eq!(row.read(6, ValueKind::Percent), Ok(Cell::Value(-5.0)));
}

#[test]
fn a_percent_cell_on_an_indicator_that_is_not_one_names_the_format_and_the_fix() {
    let d = dir();
    let path = formatted(d.path(), &[(0.9, "0%")]);
    let t = table(&path).unwrap();
    let row = &t.held_rows()[0];
    assert_eq!(
        row.read(1, ValueKind::Number),
        Err("`90%` is a cell formatted as a percentage (it stores 0.9), but the indicator is not a percentage: format the cell as a number and enter the value meant, or set `percent = true` on the indicator".into())
    );
    assert_eq!(
        t.place(row.line, 1).as_deref(),
        Some("sheet 乡镇, cell B2, column c1")
    );
}

#[test]
fn formats_that_show_other_digits_than_stored_are_notes_naming_code_stored_and_shown() {
    // The tester's cells: 9600 shown as 9.6 and 96000 as 9.6万 read as stored, with exit 0.
    let d = dir();
    let path = formatted(
        d.path(),
        &[
            (9600.0, "#,##0.0,"),
            (96000.0, "0!.0,\"万\""),
            (96000.0, "0\".\"0,"),
            (12345.0, "0!.0000"),
            (9600.0, "#,##0.0"),
            (9600.0, "# ?/?"),
            (9600.0, "0.00E+00"),
            (9600.0, "#,##0.0\",\""),
        ],
    );
    let t = table(&path).unwrap();
    let row = &t.held_rows()[0];
    let fix = "and which one is meant cannot be told: format the cell as General or a plain number (`0.0`, `#,##0`) so that it shows the number it stores, and if that is not the value meant, enter the value as shown";
    assert_eq!(
        row.read(1, ValueKind::Number),
        Err(format!("the cell's number format `#,##0.0,` divides the number by 1,000: the cell stores 9600 but shows `9.6`, {fix}"))
    );
    assert_eq!(
        t.place(row.line, 1).as_deref(),
        Some("sheet 乡镇, cell B2, column c1")
    );
    assert_eq!(
        row.cell(2),
        Err(format!("the cell's number format `0!.0,\"万\"` divides the number by 1,000 and writes a point as text among its digits (not a decimal point): the cell stores 96000 but shows `9.6万`, {fix}"))
    );
    let shown = |i: usize| row.cell(i).unwrap_err();
    assert!(
        shown(3).contains("stores 96000 but shows `9.6`,"),
        "{}",
        shown(3)
    );
    assert!(
        shown(4).contains("stores 12345 but shows `1.2345`,"),
        "{}",
        shown(4)
    );
    // The same number without a divisor, as a fraction, in scientific notation, with a comma
    // in quotes: read as stored.
    for i in 5..=8 {
        assert_eq!(
            row.read(i, ValueKind::Number),
            Ok(Cell::Value(9600.0)),
            "c{i}"
        );
    }
}

#[test]
fn built_in_percent_formats_are_percentages() {
    let d = dir();
    let path = d.path().join("t.xlsx");
    let mut wb = XlsxWriter::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "unit_id").unwrap();
    ws.write_string(1, 0, "T1").unwrap();
    for (col, id) in [(1u16, 9u8), (2, 10), (3, 3)] {
        ws.write_string(0, col, format!("c{col}")).unwrap();
        let f = Format::new().set_num_format_index(id);
        ws.write_number_with_format(1, col, 0.125, &f).unwrap();
    }
    wb.save(&path).unwrap();
    let row = first_row(&path);
    assert_eq!(
        [row.get(1), row.get(2), row.get(3)],
        ["12.5%", "12.5%", "0.125"]
    );
}

#[test]
fn east_asian_date_formats_are_dates_not_numbers() {
    // Built-in ids calamine reads as plain numbers (27–36, 50–58: a Chinese Excel's `m月d日`,
    // `yyyy年m月d日` …), 14 which it reads as a date, and custom codes.
    let date = "the cell holds a date or time (45356), not a number: format it as a number (Excel turns entries such as `3-5` into dates)";
    let d = dir();
    let path = d.path().join("t.xlsx");
    let mut wb = XlsxWriter::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "unit_id").unwrap();
    ws.write_string(1, 0, "T1").unwrap();
    let ids = [14u8, 27, 31, 32, 36, 50, 55, 57, 58];
    for (i, id) in ids.iter().enumerate() {
        let col = i as u16 + 1;
        ws.write_string(0, col, format!("c{col}")).unwrap();
        let f = Format::new().set_num_format_index(*id);
        ws.write_number_with_format(1, col, 45356.0, &f).unwrap();
    }
    wb.save(&path).unwrap();
    let row = first_row(&path);
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(row.cell(i + 1), Err(date.to_string()), "format id {id}");
    }
    // Custom codes: a date in a later section (calamine looks at the first only), 年月日 without
    // a digit; and formats that show numbers, with letters and 分 in quotes, brackets or after
    // digits.
    let dates = [
        "0.00;yyyy-mm-dd",
        "[$-804]yyyy年m月d日",
        "[h]",
        "h:mm AM/PM",
        // the weekday (星期一) of a Chinese Excel
        "aaaa",
        "yyyy/m/d aaa",
    ];
    let numbers = [
        "0.0分",
        "0.00",
        "#,##0",
        "[Red]0.00",
        "[$-804]0.00",
        "\"年\"0",
        "0.0\"m\"",
        "[DBNum1][$-804]General",
        "G/通用格式",
        "0.00E+00",
        // General and @ show the number: a unit after them is not a date (a second engineer
        // found these refused as dates by the first version of this check)
        "G/通用格式分",
        "General分",
        "general秒",
        "[DBNum2][$-804]G/通用格式分",
        "@分",
    ];
    let cells: Vec<(f64, &str)> = dates
        .iter()
        .chain(&numbers)
        .map(|c| (45356.0, *c))
        .collect();
    let row = first_row(&formatted(d.path(), &cells));
    for (i, code) in dates.iter().enumerate() {
        assert_eq!(row.cell(i + 1), Err(date.to_string()), "{code}");
    }
    for (i, code) in numbers.iter().enumerate() {
        assert_eq!(row.cell(dates.len() + i + 1), Ok("45356"), "{code}");
    }
}

/// A minimal .xlsx written part by part, with the given sheet data and workbook extras.
fn by_hand(dir: &Path, sheet_data: &str, calc_pr: &str) -> PathBuf {
    by_hand_after(dir, "", sheet_data, calc_pr)
}

/// [`by_hand`], the sheet's `before` (its `<cols>`) ahead of its cells.
fn by_hand_after(dir: &Path, before: &str, sheet_data: &str, calc_pr: &str) -> PathBuf {
    let path = dir.join("h.xlsx");
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets>{calc_pr}</workbook>"#
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{before}<sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let mut z = Zip::new();
    z.add(Entry::stored("xl/workbook.xml", workbook.as_bytes()));
    z.add(Entry::stored("xl/_rels/workbook.xml.rels", rels.as_bytes()));
    z.add(Entry::stored("xl/worksheets/sheet1.xml", sheet.as_bytes()));
    std::fs::write(&path, z.finish()).unwrap();
    path
}

const HEADER: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>unit_id</t></is></c><c r="B1" t="inlineStr"><is><t>gdp</t></is></c><c r="C1" t="inlineStr"><is><t>rate</t></is></c></row>"#;

#[test]
fn a_formula_without_a_saved_result_says_so() {
    let d = dir();
    // As openpyxl writes a formula (an empty <v/>), and with no <v> at all.
    for cell in [
        r#"<c r="B2"><f>SUM(1,2)</f><v></v></c>"#,
        r#"<c r="B2"><f>SUM(1,2)</f></c>"#,
    ] {
        let data = format!(
            r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c>{cell}</row>"#
        );
        let row = first_row(&by_hand(d.path(), &data, ""));
        assert_eq!(
            row.cell(1),
            Err("the cell holds a formula with no saved result: open and save the workbook in Excel or WPS (a workbook written by a program holds formulas that only a spreadsheet computes)".into()),
            "{cell}"
        );
    }
    // A formula whose saved result is an empty text is a result.
    let data = format!(
        r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="B2" t="str"><f>""</f><v></v></c></row>"#
    );
    let row = first_row(&by_hand(d.path(), &data, ""));
    assert_eq!(row.cell(1), Ok(""));
}

#[test]
fn saved_results_a_workbook_marks_for_recalculation_are_not_trusted() {
    let d = dir();
    let path = d.path().join("f.xlsx");
    let mut wb = XlsxWriter::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "unit_id").unwrap();
    ws.write_string(0, 1, "gdp").unwrap();
    ws.write_string(0, 2, "acc").unwrap();
    ws.write_string(1, 0, "T1").unwrap();
    // rust_xlsxwriter, like every program that writes formulas without computing them, stores
    // a result of its own (0 unless told) and asks Excel to recalculate on opening.
    ws.write_formula(1, 1, Formula::new("=2+2")).unwrap();
    ws.write_formula(1, 2, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    wb.save(&path).unwrap();
    let row = first_row(&path);
    assert_eq!(row.get(1), "0");
    assert_eq!(
        row.cell(1),
        Err("the cell holds a formula whose saved result may be out of date (the workbook asks to be recalculated when opened, as workbooks written by programs do): open and save the workbook in Excel or WPS".into())
    );
    assert_eq!(
        row.cell(2),
        Err("the cell holds the spreadsheet error `#DIV/0!`: fix its formula in the workbook or enter the value".into())
    );
    // The same formula saved by a spreadsheet (no recalculation asked) is read as saved.
    let data = format!(
        r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="B2"><f>2+2</f><v>4</v></c></row>"#
    );
    let row = first_row(&by_hand(d.path(), &data, r#"<calcPr calcId="191029"/>"#));
    assert_eq!(row.cell(1), Ok("4"));
}

#[test]
fn a_stored_number_too_small_for_a_double_is_out_of_range_not_zero() {
    // calamine reads `<v>1e-400</v>` as 0; a subnormal keeps only some of its digits.
    let d = dir();
    let data = format!(
        r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="B2"><v>1e-400</v></c><c r="C2"><v>5e-324</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>T2</t></is></c><c r="B3"><v>0.0E-400</v></c><c r="C3"><v>2.5e-308</v></c></row>"#
    );
    let t = table(&by_hand(d.path(), &data, "")).unwrap();
    let rows = t.held_rows();
    let out = |v: &str| {
        Err(format!("the cell stores `{v}`, out of range for a number: the workbook is damaged; enter the value in Excel or WPS and save it"))
    };
    assert_eq!(rows[0].cell(1), out("1e-400"));
    assert_eq!(rows[0].cell(2), out("5e-324"));
    assert_eq!(rows[1].cell(1), Ok("0"));
    // The smallest normal numbers are numbers.
    let normal = rows[1].cell(2).map(|t| t.parse::<f64>().ok());
    assert_eq!(normal, Ok(Some(2.5e-308)));
}

/// Review's case: a cell typed as a number (`t="n"`) storing ` 58.2 `, `58,2` or `0x3A` made
/// calamine refuse the whole sheet with "Parse float error: invalid float literal", no cell
/// named. The cell is named. Without a type, such text is read as text (and refused where a
/// number belongs, naming the cell, as any text is).
#[test]
fn a_cell_typed_as_a_number_that_holds_none_is_an_error_naming_it() {
    let d = dir();
    for stored in [" 58.2 ", "58,2", "0x3A"] {
        let data = format!(
            r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="B2" t="n"><v>{stored}</v></c></row>"#
        );
        let err = message(table(&by_hand(d.path(), &data, "")));
        assert!(err.ends_with(&format!("h.xlsx: sheet 数据: cannot read the sheet: cell B2 stores `{stored}` as a number, which is no number: the workbook is damaged; open it in Excel or WPS, check the cell and save it")), "{err}");
    }
    let data = format!(
        r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="B2" t="n"><v>58.2</v></c><c r="C2"><v>58,2</v></c></row>"#
    );
    let row = first_row(&by_hand(d.path(), &data, ""));
    assert_eq!((row.get(1), row.get(2)), ("58.2", "58,2"));
}

#[test]
fn the_same_cell_twice_is_an_error_naming_sheet_and_cell() {
    let d = dir();
    let data = format!(
        r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="B2"><v>1</v></c><c r="B2"><v>2</v></c></row>"#
    );
    let err = message(table(&by_hand(d.path(), &data, "")));
    assert!(err.ends_with("h.xlsx: sheet 数据: cannot read the sheet: cell B2 is given twice in the sheet's file: the workbook is damaged; open it in Excel or WPS, check the cell and save it"), "{err}");
    let data = format!(
        r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="C2"><v>1</v></c><c r="B2"><v>2</v></c></row>"#
    );
    let err = message(table(&by_hand(d.path(), &data, "")));
    assert!(
        err.contains(
            "cell B2 comes after cell C2 in the sheet's file (given twice, or out of order)"
        ),
        "{err}"
    );
}

#[test]
fn cells_without_a_reference_follow_calamine_and_keep_their_format() {
    let d = dir();
    // Styles: xf 0 General, xf 1 `0%`. Cells B2 and C2 have no `r`.
    let data = format!(
        r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c s="1"><v>0.25</v></c><c><v>0.25</v></c></row>"#
    );
    let path = by_hand(d.path(), &data, "");
    let mut z = Zip::read(&path);
    z.add(Entry::stored("xl/styles.xml", PERCENT_STYLES.as_bytes()));
    std::fs::write(&path, z.finish()).unwrap();
    let row = first_row(&path);
    assert_eq!([row.get(1), row.get(2)], ["25%", "0.25"]);
}

#[test]
fn a_long_cell_is_an_error_and_quoted_text_is_cut() {
    let d = dir();
    let long = "x".repeat(40_000);
    let data = format!(
        r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="B2" t="inlineStr"><is><t>{long}</t></is></c></row>"#
    );
    let err = message(table(&by_hand(d.path(), &data, "")));
    assert!(err.ends_with("cannot read the sheet: cell B2 holds 40,000 characters, more than a cell can (32,767): the file is damaged or not a workbook saved by a spreadsheet program"), "{err}");
    let shown = "y".repeat(20_000);
    let data = format!(
        r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="B2" t="inlineStr"><is><t>{shown}</t></is></c></row>"#
    );
    let row = first_row(&by_hand(d.path(), &data, ""));
    let e = row.read(1, ValueKind::Number).unwrap_err();
    assert_eq!(
        e,
        format!(
            "expected a number, `-`, `N/A`, `不适用` or an empty cell, found `{}…` (20,000 characters)",
            "y".repeat(60)
        )
    );
}

/// Styles of two cell formats: 0 general, 1 a percentage (`0%`).
const PERCENT_STYLES: &str = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="9"/></cellXfs></styleSheet>"#;

/// A sheet of `rows` data rows, written part by part: `unit_id` and three numbers, the second
/// formatted as a percentage (style 1) on every seventh row, and `tail` after the last row.
fn large(dir: &Path, rows: usize, tail: &str) -> PathBuf {
    let mut data = String::from(HEADER);
    for r in 2..rows + 2 {
        let s = if r % 7 == 0 { r#" s="1""# } else { "" };
        data.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>U{r}</t></is></c><c r="B{r}"{s}><v>0.{r}</v></c><c r="C{r}"><v>{r}.5</v></c></row>"#
        ));
    }
    data.push_str(tail);
    let path = by_hand(dir, &data, "");
    let mut z = Zip::read(&path);
    z.add(Entry::stored("xl/styles.xml", PERCENT_STYLES.as_bytes()));
    std::fs::write(&path, z.finish()).unwrap();
    path
}

/// Thousands of cells — several batches of our pass handed over — read side by side as one pass
/// after the other (see `table`): the marks land on their cells, and an error of the pass far
/// down the sheet is the error, as when the pass runs first.
#[test]
fn a_large_sheet_read_side_by_side_is_the_sheet_read_in_turn() {
    let d = dir();
    let path = large(d.path(), 5_000, "");
    let t = table(&path).unwrap();
    let rows = t.held_rows();
    assert_eq!(rows.len(), 5_000);
    // Row 7 (the 6th data row) is formatted as a percentage; row 8 is not.
    assert_eq!(
        [rows[5].get(0), rows[5].get(1), rows[5].get(2)],
        ["U7", "70%", "7.5"]
    );
    assert_eq!([rows[6].get(1), rows[6].get(2)], ["0.8", "8.5"]);
    assert_eq!([rows[4999].get(0), rows[4999].get(1)], ["U5001", "0.5001"]);
    let percent = rows.iter().filter(|r| r.get(1).ends_with('%')).count();
    assert_eq!(percent, (2..5_002).filter(|r| r % 7 == 0).count());
    // The same cell twice after the last row: the pass's error, though calamine's cells read.
    let twice = r#"<row r="5001"><c r="D5001"><v>1</v></c><c r="D5001"><v>2</v></c></row>"#;
    let err = message(table(&large(d.path(), 5_000, twice)));
    assert!(err.ends_with("cannot read the sheet: cell D5001 is given twice in the sheet's file: the workbook is damaged; open it in Excel or WPS, check the cell and save it"), "{err}");
}

/// Merged regions are read by our pass (calamine's third reading of the part is gone): those
/// of the first `<mergeCells>`, as calamine reads them.
#[test]
fn merged_regions_come_from_our_pass_as_calamine_reads_them() {
    let d = dir();
    let data = format!(
        r#"{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="B2"><v>1</v></c></row>"#
    );
    let with = |merges: &str| {
        let path = by_hand(d.path(), &data, "");
        let mut z = Zip::read(&path);
        let sheet = format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData>{merges}</worksheet>"#
        );
        z.add(Entry::stored("xl/worksheets/sheet1.xml", sheet.as_bytes()));
        std::fs::write(&path, z.finish()).unwrap();
        table(&path)
    };
    let err = message(with(
        r#"<mergeCells count="1"><mergeCell ref="b2:C2"/></mergeCells>"#,
    ));
    assert!(err.ends_with("h.xlsx:2: sheet 数据, cell B2: merged cells (B2:C2) below the header: unmerge them and fill every cell"), "{err}");
    let err = message(with(
        r#"<mergeCells><mergeCell ref="B1:C1"/><mergeCell ref="C2"/></mergeCells>"#,
    ));
    assert!(
        err.contains("cell B1: merged header cells (B1:C1)"),
        "{err}"
    );
    // Below a header that cannot be read, which cells are read is unknown: C2 is not named.
    assert!(!err.contains("C2"), "{err}");
    // A region calamine cannot read leaves none of the element's; a second element is not read.
    assert!(
        with(r#"<mergeCells><mergeCell ref="B2:C2"/><mergeCell ref="$B$2"/></mergeCells>"#).is_ok()
    );
    let err = message(with(
        r#"<mergeCells><mergeCell ref="B2:C2"/></mergeCells><mergeCells><mergeCell ref="B3:C3"/></mergeCells>"#,
    ));
    assert!(err.contains("(B2:C2)") && !err.contains("B3"), "{err}");
}

/// A `<mergeCells>` anywhere but after the cells — around them, among the rows, inside a cell —
/// is refused as damage: calamine would take its regions and read the cells it encloses, our
/// pass would not, and their marks (a percentage, a stale result) would be lost without a word.
#[test]
fn merged_regions_among_the_cells_are_refused() {
    let d = dir();
    let merges = r#"<mergeCells count="1"><mergeCell ref="B2:C2"/></mergeCells>"#;
    let a2 = r#"<c r="A2" t="inlineStr"><is><t>T1</t></is></c>"#;
    let row2 = format!(r#"<row r="2">{a2}<c r="B2" s="1"><v>0.5</v></c></row>"#);
    let sheets = [
        format!(r#"<mergeCells count="0"><sheetData>{HEADER}{row2}</sheetData></mergeCells>"#),
        format!(r#"{merges}<sheetData>{HEADER}{row2}</sheetData>"#),
        format!(r#"<sheetData>{HEADER}<mergeCells>{row2}</mergeCells></sheetData>"#),
        format!(r#"<sheetData>{HEADER}{merges}{row2}</sheetData>"#),
        format!(
            r#"<sheetData>{HEADER}<row r="2"><c r="A2" t="inlineStr"><is>{merges}<t>T1</t></is></c><c r="B2"><v>1</v></c></row></sheetData>"#
        ),
        format!(
            r#"<sheetData>{HEADER}<row r="2">{a2}<c r="B2"><v>{merges}1</v></c></row></sheetData>"#
        ),
        format!(
            r#"<sheetData>{HEADER}<row r="2">{a2}<c r="B2">{merges}<v>1</v></c></row></sheetData>"#
        ),
    ];
    for inner in sheets {
        let path = by_hand(d.path(), "", "");
        let mut z = Zip::read(&path);
        let sheet = format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{inner}</worksheet>"#
        );
        z.add(Entry::stored("xl/worksheets/sheet1.xml", sheet.as_bytes()));
        z.add(Entry::stored("xl/styles.xml", PERCENT_STYLES.as_bytes()));
        std::fs::write(&path, z.finish()).unwrap();
        let err = message(table(&path));
        assert!(err.contains("the workbook's part `xl/worksheets/sheet1.xml` has merged regions (`<mergeCells>`) where a worksheet cannot have them (only after its cells): the file is damaged"), "{inner}: {err}");
    }
}

/// A cell or row inside a cell — in an inline string, in a value, as a cell's child, or after
/// end tags that do not match (the reader does not check their names) — is refused as damage:
/// our pass and calamine's could part ways over which cell follows.
#[test]
fn a_cell_inside_a_cell_is_refused() {
    let d = dir();
    let a2 = r#"<c r="A2" t="inlineStr"><is><t>T1</t></is></c>"#;
    let b2 = r#"<c r="B2" s="1"><v>0.5</v></c>"#;
    let rows = [
        format!(r#"<row r="2"><c r="A2" t="inlineStr"><is><t>T1</t>{b2}</is></c></row>"#),
        format!(
            r#"<row r="2"><c r="A2" t="inlineStr"><is><is><t>T1</t></is></c>{b2}</is></c></row>"#
        ),
        format!(r#"<row r="2">{a2}<c r="B2"><v>1<c r="C2"><v>2</v></c></v></c></row>"#),
        format!(r#"<row r="2">{a2}<c r="B2"><c r="C2"><v>2</v></c><v>1</v></c></row>"#),
        format!(r#"<row r="2">{a2}<c r="B2"><is><row r="3"></row></is></c></row>"#),
    ];
    for row in rows {
        let path = by_hand(d.path(), &format!("{HEADER}{row}"), "");
        let mut z = Zip::read(&path);
        z.add(Entry::stored("xl/styles.xml", PERCENT_STYLES.as_bytes()));
        std::fs::write(&path, z.finish()).unwrap();
        let err = message(table(&path));
        assert!(err.contains("the workbook's part `xl/worksheets/sheet1.xml` has a cell or row inside a cell: the file is damaged"), "{row}: {err}");
    }
}

/// Peak resident memory of this process, in KiB (Linux).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A workbook whose sheet is 1 GiB of spaces, a few MiB packed, declared with its true size or
/// as if small.
fn zip_bomb(dir: &Path, declared: Option<u32>) -> PathBuf {
    let path = by_hand(dir, "", "");
    let mut z = Zip::read(&path);
    z.add(bomb("xl/worksheets/sheet1.xml", 1 << 30, declared));
    std::fs::write(&path, z.finish()).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 8 << 20);
    path
}

#[test]
fn a_zip_bomb_is_refused_without_unpacking_it() {
    let d = dir();
    let part = "the workbook's part `xl/worksheets/sheet1.xml`";
    let damaged = "the file is damaged or not a workbook saved by a spreadsheet program";
    let path = zip_bomb(d.path(), None);
    assert_eq!(
        Workbook::open(&path).err().unwrap(),
        format!("{part} unpacks to more than 512 MiB (the limit per part): {damaged}")
    );
    let path = zip_bomb(d.path(), Some(4096));
    assert_eq!(
        Workbook::open(&path).err().unwrap(),
        format!("{part} holds more than 1 MiB of text without markup: {damaged}")
    );
    // The peak memory of reading it, in a process of its own (tests run side by side here).
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "data::workbook::tests::zip_bomb_probe"])
        .args(["--ignored", "--nocapture", "--test-threads=1"])
        .env("PINGYI_ZIP_BOMB", &path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let peak: u64 = stdout
        .lines()
        .find_map(|l| l.split("peak-kib=").nth(1))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no probe output: {stdout}"));
    assert!(peak < 64 << 10, "peak memory {peak} KiB");
}

#[test]
fn a_zip_bomb_under_another_name_is_refused_before_calamine_reads_it() {
    let d = dir();
    let path = by_hand(d.path(), "", "");
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.dat"/></Relationships>"#;
    let mut z = Zip::read(&path);
    z.add(Entry::stored("xl/_rels/workbook.xml.rels", rels.as_bytes()));
    z.add(bomb("xl/worksheets/sheet1.dat", 1 << 30, Some(4096)));
    std::fs::write(&path, z.finish()).unwrap();
    let err = message(table(&path));
    assert!(err.ends_with("sheet 数据: cannot read the sheet: the workbook's part `xl/worksheets/sheet1.dat` holds more than 1 MiB of text without markup: the file is damaged or not a workbook saved by a spreadsheet program"), "{err}");
}

#[test]
#[ignore = "run by a_zip_bomb_is_refused_without_unpacking_it, in a process of its own"]
fn zip_bomb_probe() {
    let Some(path) = std::env::var_os("PINGYI_ZIP_BOMB") else {
        return;
    };
    assert!(Workbook::open(Path::new(&path)).is_err());
    println!("peak-kib={}", peak_kib().unwrap_or(0));
}

#[test]
fn the_part_cap_counts_what_comes_out_not_what_is_declared() {
    use std::io::Read;
    let data = b"<a>".repeat(1000);
    let mut r = super::limits::Limited::with_caps(&data[..], "p", 2000, 100);
    let err = std::io::copy(&mut r, &mut std::io::sink()).unwrap_err();
    assert!(err.to_string().contains("unpacks to more than"), "{err}");
    let spaces = [b' '; 200];
    let mut r = super::limits::Limited::with_caps(&spaces[..], "p", 2000, 100);
    let mut out = Vec::new();
    assert!(r.read_to_end(&mut out).is_err());
}

#[test]
fn files_that_are_no_workbook_are_named_so() {
    let d = dir();
    let p = d.path().join("x.xlsx");
    for (bytes, why) in [
        (&b""[..], "the file is empty"),
        (
            b"<html><table>",
            "it is neither an .xlsx or .ods archive nor an .xls workbook",
        ),
    ] {
        std::fs::write(&p, bytes).unwrap();
        assert_eq!(
            Workbook::open(&p).err().unwrap(),
            format!("cannot read the workbook ({why}): is it an .xlsx, .xls or .ods file saved by Excel, WPS or LibreOffice?")
        );
    }
}

mod ods;
mod xls;

#[test]
fn hidden_xlsx_columns_are_kept_for_their_readers() {
    // `<col>` ranges, 1-based; one that is not hidden, and a run of two hidden.
    let d = dir();
    let path = by_hand_after(
        d.path(),
        r#"<cols><col min="2" max="2" width="3" hidden="1"/><col min="3" max="3" width="9"/><col min="4" max="5" hidden="true"/></cols>"#,
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>unit_id</t></is></c><c r="B1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="B2"><v>1</v></c></row>"#,
        "",
    );
    let t = table(&path).unwrap();
    let mut hidden = t.head.hidden_cols.clone();
    hidden.sort_unstable();
    assert_eq!(hidden, [1, 3, 4]);
}
