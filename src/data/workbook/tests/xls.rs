//! `.xls` (BIFF) from a checked-in fixture: no Rust crate writes BIFF, so
//! `src/data/testdata/township.xls` was written by xlwt 1.3.0 with `township-xls.py` beside it.

use super::*;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/data/testdata/township.xls")
}

#[test]
fn xls_values_dates_and_merged_cells() {
    let mut wb = Workbook::open(&fixture()).unwrap();
    assert_eq!(wb.sheet_names(), ["乡镇", "合并", "格式"]);
    let t = wb
        .table("乡镇", KEY, (&[], &[], &[]))
        .map(|(t, _)| t)
        .unwrap();
    assert_eq!(t.read_as.to_string(), "xls, sheet 乡镇");
    let rows: Vec<Vec<&str>> = t
        .held_rows()
        .iter()
        .map(|r| (0..5).map(|c| r.get(c)).collect())
        .collect();
    // `rate` is formatted `0%`: read as the percentage shown, as in an .xlsx workbook.
    assert_eq!(
        rows,
        [
            ["T1", "甲镇", "1234.5", "80%", "45356"],
            ["T2", "乙镇", "2469", "100%", "0"]
        ]
    );
    assert_eq!(
        t.held_rows()[0].cell(4),
        Err("the cell holds a date or time (45356), not a number: format it as a number (Excel turns entries such as `3-5` into dates)".into())
    );
    let err = message(wb.table("合并", KEY, (&[], &[], &[])).map(|(t, _)| t));
    assert!(
        err.ends_with("township.xls:2: sheet 合并, cell B2: merged cells (B2:C2) below the header: unmerge them and fill every cell"),
        "{err}"
    );
}

#[test]
fn xls_number_formats_read_as_in_xlsx() {
    let mut wb = Workbook::open(&fixture()).unwrap();
    let t = wb
        .table("格式", KEY, (&[], &[], &[]))
        .map(|(t, _)| t)
        .unwrap();
    let rows = t.held_rows();
    let texts: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| (0..6).map(|c| r.get(c)).collect())
        .collect();
    // rate `0.0%` (a FORMAT record of the workbook), share `0%` (built-in 9); output `#,##0.0,`
    // divides by 1,000; amount `#,##0.00` shows the number stored; day is a Chinese date.
    assert_eq!(
        texts,
        [
            ["T1", "92.5%", "100%", "9600", "1234.5", "45356"],
            ["T2", "-5%", "35%", "12", "0.123456789", ""]
        ]
    );
    assert_eq!(
        rows[0].cell(3),
        Err("the cell's number format `#,##0.0,` divides the number by 1,000: the cell stores 9600 but shows `9.6`, and which one is meant cannot be told: format the cell as General or a plain number (`0.0`, `#,##0`) so that it shows the number it stores, and if that is not the value meant, enter the value as shown".into())
    );
    assert_eq!(
        rows[0].cell(5),
        Err("the cell holds a date or time (45356), not a number: format it as a number (Excel turns entries such as `3-5` into dates)".into())
    );
    // `#,##0.00` on 12 shows `12.00`: the number stored, read as it.
    assert_eq!(rows[1].cell(3), Ok("12"));
}

/// The fixture with bytes changed at file offsets: `(offset, value)`, each written as 4 bytes
/// (`u32`) or 2 (`u16`). Its compound file has 512-byte sectors: the `Workbook` stream in sectors
/// 0–7 (file offset 512), the FAT in sector 8 (offset 4608), the directory in sector 9 (5120).
fn damaged(d: &Path, u32s: &[(usize, u32)], u16s: &[(usize, u16)]) -> PathBuf {
    let mut b = std::fs::read(fixture()).unwrap();
    for &(at, v) in u32s {
        b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }
    for &(at, v) in u16s {
        b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    }
    let path = d.join("d.xls");
    std::fs::write(&path, b).unwrap();
    path
}

const FAT: usize = 4608;
const DIR: usize = 5120;

fn open_error(path: &Path) -> String {
    match Workbook::open(path) {
        Ok(_) => panic!("{} opened", path.display()),
        Err(e) => e,
    }
}

/// A damaged compound file that made calamine allocate until the process aborted (4 GiB at once
/// for a looping directory, 16 GiB for the header's FAT count, 2 GiB read round a looping chain)
/// is refused before calamine opens it, saying why.
#[test]
fn xls_damaged_compound_file_refused() {
    let d = dir();
    let tail = ": the file is damaged or not a workbook saved by a spreadsheet program";
    // The directory's sector (9) is its own next sector in the FAT: calamine read it forever.
    let p = damaged(d.path(), &[(FAT + 9 * 4, 9)], &[]);
    assert_eq!(
        open_error(&p),
        format!("the sector chain of the workbook's directory loops back on itself{tail}")
    );
    // The `Workbook` entry (the directory's second) gives 2 GiB.
    let p = damaged(d.path(), &[(DIR + 128 + 120, 0x7FFF_FFF0)], &[]);
    assert_eq!(
        open_error(&p),
        format!("the workbook's compound file gives its `Workbook` stream 2,147,483,632 bytes, more than the whole file (5,632 bytes){tail}")
    );
    // The stream's sector 3 is followed by sector 1 again.
    let p = damaged(d.path(), &[(FAT + 3 * 4, 1)], &[]);
    assert_eq!(
        open_error(&p),
        format!("the sector chain of the workbook's `Workbook` stream loops back on itself{tail}")
    );
    // The header counts 4,294,967,295 FAT sectors (calamine reserved 16 GiB for them).
    let p = damaged(d.path(), &[(44, u32::MAX)], &[]);
    assert_eq!(
        open_error(&p),
        format!("the header of the workbook's compound file gives 4,294,967,295 FAT sectors, more than the file holds (10 sectors){tail}")
    );
    // The directory's chain starts past the end of the file.
    let p = damaged(d.path(), &[(48, 1000)], &[]);
    assert_eq!(
        open_error(&p),
        format!(
            "the sector chain of the workbook's directory points past the end of the file{tail}"
        )
    );
}

/// A sheet whose DIMENSIONS or cells span more than an .xls sheet's grid (calamine reserved
/// room for, or held densely, every cell between) is refused, naming the sheet.
#[test]
fn xls_sheet_beyond_the_grid_refused() {
    let d = dir();
    let tail = "more than the 16,777,216 cells of an .xls sheet (65,536 rows by 256 columns): the file is damaged or not a workbook saved by a spreadsheet program";
    // Sheet 乡镇's DIMENSIONS record (file offset 0x806) gives rows up to 4,294,967,295.
    let p = damaged(d.path(), &[(0x806 + 4 + 4, u32::MAX)], &[]);
    assert_eq!(
        open_error(&p),
        format!("sheet 乡镇 declares 4,294,967,295 rows by 5 columns, {tail}")
    );
    // Its first cell moved to row 65,536, its second to column 65,536.
    let p = damaged(
        d.path(),
        &[],
        &[(0x8dc + 4, 0xFFFF), (0x8ea + 4 + 2, 0xFFFF)],
    );
    assert_eq!(
        open_error(&p),
        format!("sheet 乡镇 spans 65,536 rows by 65,536 columns, {tail}")
    );
    // Cells at A65536 and IV1 span the whole grid: read.
    let p = damaged(d.path(), &[], &[(0x8dc + 4, 0xFFFF), (0x8ea + 4 + 2, 0xFF)]);
    let mut wb = Workbook::open(&p).unwrap();
    assert_eq!(wb.sheet_names(), ["乡镇", "合并", "格式"]);
    let _ = wb.table("乡镇", KEY, (&[], &[], &[])).map(|(t, _)| t);
    // Three sheets (their BoundSheet8 records at 0x70d, 0x71d, 0x72d) all read from that one:
    // three grids held at once (two are read).
    let bound = [(0x70d + 4, 0x5ae), (0x71d + 4, 0x5ae), (0x72d + 4, 0x5ae)];
    let p = damaged(
        d.path(),
        &bound,
        &[(0x8dc + 4, 0xFFFF), (0x8ea + 4 + 2, 0xFF)],
    );
    assert_eq!(
        open_error(&p),
        "the workbook's sheets span more than 33,554,432 cells in all, the cells of two .xls sheets (65,536 rows by 256 columns each): more than pingyi reads from an .xls workbook (each sheet is held whole, from its first to its last cell): save it as .xlsx, or delete the cells far from the table"
    );
}

/// Rows hidden in an `.xls` sheet (the ROW record's `fDyZero`, written by xlwt for
/// `row.hidden`) that hold cells are read, and named in a warning as an .xlsx sheet's are; an
/// empty hidden row says nothing.
#[test]
fn xls_hidden_rows_are_read_with_a_warning() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/data/testdata/hidden.xls");
    hidden_rows_warned(&path, "3, 5");
}
