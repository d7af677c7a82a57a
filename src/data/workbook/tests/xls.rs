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
    let t = wb.table("乡镇", KEY).unwrap();
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
    let err = message(wb.table("合并", KEY));
    assert!(
        err.ends_with("township.xls:2: sheet 合并, cell B2: merged cells (B2:C2) below the header: unmerge them and fill every cell"),
        "{err}"
    );
}

#[test]
fn xls_number_formats_read_as_in_xlsx() {
    let mut wb = Workbook::open(&fixture()).unwrap();
    let t = wb.table("格式", KEY).unwrap();
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
