//! The files a district office actually receives (issue 9), end to end through the binary:
//! workbooks typed by people (percent formats, formulas, `.xls` and `.ods`, titles, units in the
//! headers, totals and footers, rows by name), side files in Chinese, a period assembled from
//! lead-department submissions, a late file, and `--period` forms.
//!
//! Every case starts from `tests/fixtures/office/` — two tracks, four indicators each naming its
//! lead department — whose correctly read totals are [`BASELINE`].

mod assembly;
mod cells;
mod example;
mod headers;
mod periods;
mod side;

use std::io::{Read, Write};
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::{fails, totals};
use crate::common::Workdir;

/// A folder with the office scheme, `data/units.csv` and `data/2024Q2/` holding the plain
/// `township.csv` and `village.csv` of `tests/fixtures/office/`.
fn office() -> Workdir {
    let w = Workdir::new();
    w.copy_fixture("office/scoring-config.toml", "scoring-config.toml")
        .copy_fixture("office/units.csv", "data/units.csv")
        .copy_fixture("office/township.csv", "data/2024Q2/township.csv")
        .copy_fixture("office/village.csv", "data/2024Q2/village.csv");
    w
}

/// The totals of the fixture, by hand. town (gdp 40 proportional, rate 30 proportional, acc 20
/// deduct 5 each, tax 10 target 100):
/// T1 = 40·1000/2000 + 30·80/100 + (20 − 5·1) + 10·50/100 = 20 + 24 + 15 + 5 = 64;
/// T2 = 40 + 30 + 20 + 10 = 100; T3 = 10 + 15 + 10 + 10·min(120/100, 1) = 45.
/// village (gdp 60, rate 40): V1 = 60·100/200 + 40·50/100 = 30 + 20 = 50; V2 = 100;
/// V3 = 15 + 10 = 25.
const BASELINE: [&str; 6] = [
    "T1=64.00",
    "T2=100.00",
    "T3=45.00",
    "V1=50.00",
    "V2=100.00",
    "V3=25.00",
];

/// The township rows of the fixture: id, name, gdp, rate, acc, tax.
const TOWNS: [(&str, &str, f64, f64, f64, f64); 3] = [
    ("T1", "甲镇", 1000.0, 80.0, 1.0, 50.0),
    ("T2", "乙镇", 2000.0, 100.0, 0.0, 100.0),
    ("T3", "丙镇", 500.0, 50.0, 2.0, 120.0),
];

/// Writes `text` into a cell as a clerk types it: a number where it reads as one, else text;
/// an empty string leaves the cell empty.
fn put(ws: &mut Worksheet, row: u32, col: u16, text: &str) {
    if text.is_empty() {
        return;
    }
    match text.parse::<f64>() {
        Ok(v) => ws.write_number(row, col, v).map(|_| ()),
        Err(_) => ws.write_string(row, col, text).map(|_| ()),
    }
    .unwrap();
}

/// A sheet `name` of `wb` holding `rows` from the top-left cell.
fn sheet<'a>(wb: &'a mut Workbook, name: &str, rows: &[&[&str]]) -> &'a mut Worksheet {
    let ws = wb.add_worksheet().set_name(name).unwrap();
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            put(ws, r as u32, c as u16, text);
        }
    }
    ws
}

/// A one-sheet workbook at `path` holding `rows`.
fn xlsx(path: &Path, name: &str, rows: &[&[&str]]) {
    let mut wb = Workbook::new();
    sheet(&mut wb, name, rows);
    wb.save(path).unwrap();
}

/// The township table as a sheet `乡镇` (ids, names and the four indicators by id), for tests
/// to change cells of before saving.
fn township_sheet(wb: &mut Workbook) -> &mut Worksheet {
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    for (c, h) in ["unit_id", "unit_name", "gdp", "rate", "acc", "tax"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, (id, name, gdp, rate, acc, tax)) in TOWNS.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        for (c, v) in [gdp, rate, acc, tax].iter().enumerate() {
            ws.write_number(r, c as u16 + 2, **v).unwrap();
        }
    }
    ws
}

/// A bold header format, as offices format their tables.
fn bold() -> Format {
    Format::new().set_bold()
}

/// Rewrites the workbook at `path` as a spreadsheet program saves it: the same parts, without
/// the request to recalculate every formula on opening that rust_xlsxwriter (like every program
/// that writes formulas without computing them) puts into `xl/workbook.xml`.
fn saved_by_a_spreadsheet(path: &Path) {
    rewrite(path, "xl/workbook.xml", r#" fullCalcOnLoad="1""#, "");
}

/// Replaces `from` (which must be there) by `to` in the part `part` of the workbook at `path`.
fn rewrite(path: &Path, part: &str, from: &str, to: &str) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut found = false;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == part {
            let text = String::from_utf8(data).unwrap();
            found = text.contains(from);
            data = text.replace(from, to).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(found, "no `{from}` in {part}");
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// An `.ods` workbook at `path` with one sheet `name` of `rows`, each a row of `<table:table-cell>`
/// elements (see [`ods_text`], [`ods_float`], [`ods_percent`]), as LibreOffice stores it.
fn ods(path: &Path, name: &str, rows: &[Vec<String>]) {
    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0""#;
    let body: String = rows
        .iter()
        .map(|cells| format!("<table:table-row>{}</table:table-row>", cells.concat()))
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.3"><office:body><office:spreadsheet><table:table table:name="{name}">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (part, data) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_str()),
        ("META-INF/manifest.xml", manifest),
    ] {
        z.start_file(part, stored).unwrap();
        z.write_all(data.as_bytes()).unwrap();
    }
    std::fs::write(path, z.finish().unwrap().into_inner()).unwrap();
}

fn ods_text(t: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
    )
}

fn ods_float(v: f64) -> String {
    format!(
        r#"<table:table-cell office:value-type="float" office:value="{v}" calcext:value-type="float"><text:p>{v}</text:p></table:table-cell>"#
    )
}

/// A cell formatted as a percentage: it stores `fraction` and shows `shown`.
fn ods_percent(fraction: f64, shown: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="percentage" office:value="{fraction}" calcext:value-type="percentage"><text:p>{shown}</text:p></table:table-cell>"#
    )
}
