//! The generator of the checked-in .xlsx fixtures of the reading tests, and workbooks that tests
//! write on the fly.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

/// `tests/fixtures/reading/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    crate::common::fixture("reading").join(name)
}

/// Header, then one row per township, as written into the xlsx fixtures.
const TOWNS: [(&str, &str, f64, f64, f64); 3] = [
    ("T1", "甲镇", 1234.5, 80.0, 1.0),
    ("T2", "乙镇", 2469.0, 100.0, 0.0),
    ("T3", "丙镇", 617.25, 50.0, 2.0),
];

fn town_rows(ws: &mut Worksheet, header: [&str; 5], first_row: u32) {
    for (c, h) in header.iter().enumerate() {
        ws.write_string(first_row, c as u16, *h).unwrap();
    }
    for (i, (id, name, gdp, rate, acc)) in TOWNS.iter().enumerate() {
        let r = first_row + 1 + i as u32;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        ws.write_number(r, 2, *gdp).unwrap();
        ws.write_number(r, 3, *rate).unwrap();
        ws.write_number(r, 4, *acc).unwrap();
    }
}

const IDS: [&str; 5] = ["unit_id", "unit_name", "gdp", "rate", "acc"];

/// Writes the .xlsx fixtures. Run `cargo test --test cli -- --ignored regenerate` after changing it,
/// and check the files in: the other tests read the checked-in bytes.
pub fn write_xlsx_fixtures() {
    // A title (merged across the columns, which is fine above the header), a blank row, then
    // the header in Chinese on row 3.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("乡镇数据").unwrap();
    ws.merge_range(0, 0, 0, 4, "2024年第二季度乡镇考核数据", &Format::new())
        .unwrap();
    let header = [
        "单位编码",
        "单位名称",
        "地区生产总值",
        "任务完成率",
        "安全事故",
    ];
    town_rows(ws, header, 2);
    wb.save(fixture("township-title.xlsx")).unwrap();

    // A two-row header whose first row merges C1:D1.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    ws.write_string(0, 0, "unit_id").unwrap();
    ws.write_string(0, 1, "unit_name").unwrap();
    ws.merge_range(0, 2, 0, 3, "经济指标", &Format::new())
        .unwrap();
    ws.write_string(0, 4, "acc").unwrap();
    town_rows(ws, IDS, 1);
    wb.save(fixture("township-merged.xlsx")).unwrap();

    // Cells that hold no value: a formula error, a date, text.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    town_rows(ws, IDS, 0);
    ws.write_string(1, 2, "1,234.5").unwrap();
    ws.write_formula(2, 2, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_number_with_format(1, 4, 45000.0, &date).unwrap();
    ws.write_string(3, 3, "abc").unwrap();
    wb.save(fixture("township-errors.xlsx")).unwrap();

    // One workbook for the period: a sheet per category (by Chinese name or id) and a note.
    let mut wb = Workbook::new();
    town_rows(wb.add_worksheet().set_name("乡镇").unwrap(), IDS, 0);
    let ws = wb.add_worksheet().set_name("village").unwrap();
    for (c, h) in ["unit_id", "gdp", "rate"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (id, gdp, rate)) in [("V1", 10.0, 50.0), ("V2", 20.0, 100.0)].iter().enumerate() {
        ws.write_string(r as u32 + 1, 0, *id).unwrap();
        ws.write_number(r as u32 + 1, 1, *gdp).unwrap();
        ws.write_number(r as u32 + 1, 2, *rate).unwrap();
    }
    let ws = wb.add_worksheet().set_name("说明").unwrap();
    ws.write_string(0, 0, "数据来源：区考核办").unwrap();
    wb.save(fixture("2024Q2.xlsx")).unwrap();
}

/// A township workbook whose `rate` cells are formatted as percentages (stored as fractions).
pub fn write_percent_formatted(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    town_rows(ws, IDS, 0);
    let pct = Format::new().set_num_format("0%");
    for (i, (_, _, _, rate, _)) in TOWNS.iter().enumerate() {
        ws.write_number_with_format(i as u32 + 1, 3, rate / 100.0, &pct)
            .unwrap();
    }
    wb.save(path).unwrap();
}

/// A township workbook with a merged data region (C3:C4), a value beyond the header (F2) and a
/// count typed with its unit (E4: `12件`).
pub fn write_merged_data(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    town_rows(ws, IDS, 0);
    ws.merge_range(2, 2, 3, 2, "2469", &Format::new()).unwrap();
    ws.write_string(1, 5, "x").unwrap();
    ws.write_string(3, 4, "12件").unwrap();
    wb.save(path).unwrap();
}

/// The township workbook under a header of two rows, as offices draw it: the unit columns merged
/// down over rows 1–2, a group name (经济) over `gdp` and `rate` in row 1, the indicators' names
/// in row 2.
pub fn write_two_row_header(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    let f = Format::new();
    ws.merge_range(0, 0, 1, 0, "unit_id", &f).unwrap();
    ws.merge_range(0, 1, 1, 1, "unit_name", &f).unwrap();
    ws.merge_range(0, 2, 0, 3, "经济", &f).unwrap();
    ws.write_string(0, 4, "安全").unwrap();
    for (c, h) in ["gdp", "rate", "acc"].iter().enumerate() {
        ws.write_string(1, c as u16 + 2, *h).unwrap();
    }
    for (i, (id, name, gdp, rate, acc)) in TOWNS.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        ws.write_number(r, 2, *gdp).unwrap();
        ws.write_number(r, 3, *rate).unwrap();
        ws.write_number(r, 4, *acc).unwrap();
    }
    wb.save(path).unwrap();
}

/// The township workbook with one header cell (备注, F1) merged down over the first data row.
pub fn write_header_cell_merged_down(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    town_rows(ws, IDS, 0);
    ws.merge_range(0, 5, 1, 5, "备注", &Format::new()).unwrap();
    wb.save(path).unwrap();
}

/// The township workbook with row 3 (T2) hidden, an empty row 6 hidden too, and a total (row 7)
/// and a signature (row 8) under the table, hidden.
pub fn write_hidden_row(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    town_rows(ws, IDS, 0);
    ws.set_row_hidden(2).unwrap();
    ws.set_row_hidden(5).unwrap();
    // A total and a signature, hidden too: skipped as totals and footers are, so not named.
    ws.write_string(6, 0, "合计").unwrap();
    ws.write_number(6, 2, 999.0).unwrap();
    ws.write_string(7, 1, "制表：李四").unwrap();
    ws.set_row_hidden(6).unwrap();
    ws.set_row_hidden(7).unwrap();
    wb.save(path).unwrap();
}

/// The township workbook with its `rate` column (D) hidden, and a 备注 column (F) and its id
/// column (A) hidden too.
pub fn write_hidden_columns(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    town_rows(ws, IDS, 0);
    ws.write_string(0, 5, "备注").unwrap();
    ws.write_string(1, 5, "已核").unwrap();
    ws.set_column_hidden(0).unwrap();
    ws.set_column_hidden(3).unwrap();
    ws.set_column_hidden(5).unwrap();
    wb.save(path).unwrap();
}

/// A period workbook with the villages twice: as `village` and as `村`.
pub fn write_sheets_twice(path: &Path) {
    let mut wb = Workbook::new();
    town_rows(wb.add_worksheet().set_name("乡镇").unwrap(), IDS, 0);
    for name in ["village", "村"] {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        ws.write_string(0, 0, "unit_id").unwrap();
    }
    wb.save(path).unwrap();
}

/// A township workbook read by indicator ids on its first sheet, and corrections for T2 on a
/// second sheet headed by the indicators' names and an alias (`单位编码`, `地区生产总值`,
/// `任务完成率(%)`): the same columns, named otherwise.
pub fn write_first_with_corrections_by_name(path: &Path) {
    let mut wb = Workbook::new();
    town_rows(wb.add_worksheet().set_name("乡镇").unwrap(), IDS, 0);
    let ws = wb.add_worksheet().set_name("更正").unwrap();
    for (c, h) in ["单位编码", "地区生产总值", "任务完成率(%)"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "T2").unwrap();
    ws.write_number(1, 1, 1000.0).unwrap();
    ws.write_number(1, 2, 90.0).unwrap();
    wb.save(path).unwrap();
}

/// A township workbook: this quarter's rows first, a sheet of notes, and last quarter's copy.
/// Last quarter's copy on a hidden first sheet (other numbers), this quarter's rows on the
/// visible second one.
pub fn write_hidden_first(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("上季度").unwrap();
    town_rows(ws, IDS, 0);
    ws.write_number(1, 2, 1.0).unwrap();
    ws.set_hidden(true);
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    town_rows(ws, IDS, 0);
    ws.set_active(true);
    wb.save(path).unwrap();
}

/// This quarter's sheet, then last quarter's copy hidden after it.
pub fn write_first_with_a_hidden_copy(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    town_rows(ws, IDS, 0);
    ws.set_active(true);
    let ws = wb.add_worksheet().set_name("上季度").unwrap();
    town_rows(ws, IDS, 0);
    ws.write_number(1, 2, 1.0).unwrap();
    ws.set_hidden(true);
    wb.save(path).unwrap();
}

pub fn write_first_with_a_copy(path: &Path) {
    let mut wb = Workbook::new();
    town_rows(wb.add_worksheet().set_name("乡镇").unwrap(), IDS, 0);
    let ws = wb.add_worksheet().set_name("填表说明").unwrap();
    ws.write_string(0, 0, "数据来源：区统计局").unwrap();
    ws.write_string(1, 0, "单位：亿元").unwrap();
    let ws = wb.add_worksheet().set_name("上季度").unwrap();
    town_rows(ws, IDS, 0);
    ws.write_number(1, 2, 1.0).unwrap();
    wb.save(path).unwrap();
}
