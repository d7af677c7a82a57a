//! `.xls` (BIFF) from a checked-in fixture: no Rust crate writes BIFF, so
//! `src/data/testdata/township.xls` was written by xlwt 1.3.0 with `township-xls.py` beside it.

use super::*;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/data/testdata/township.xls")
}

#[test]
fn xls_values_dates_and_merged_cells() {
    let mut wb = Workbook::open(&fixture()).unwrap();
    assert_eq!(wb.sheet_names(), ["乡镇", "合并"]);
    let t = wb.table("乡镇", KEY).unwrap();
    assert_eq!(t.read_as.to_string(), "xls, sheet 乡镇");
    let rows: Vec<Vec<&str>> = t
        .held_rows()
        .iter()
        .map(|r| (0..5).map(|c| r.get(c)).collect())
        .collect();
    // The percent format of `rate` is not visible in BIFF: the stored fraction is read (documented).
    assert_eq!(
        rows,
        [
            ["T1", "甲镇", "1234.5", "0.8", "45356"],
            ["T2", "乙镇", "2469", "1", "0"]
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
