//! `.ods` workbooks written part by part, as LibreOffice writes them.

use super::zipper::{Entry, Zip};
use super::*;

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

fn ods(dir: &Path, tables: &str) -> PathBuf {
    ods_styled(dir, "", tables)
}

/// An .ods workbook whose `content.xml` holds the automatic `styles` before its `tables`.
fn ods_styled(dir: &Path, styles: &str, tables: &str) -> PathBuf {
    let path = dir.join("t.ods");
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3"><office:automatic-styles>{styles}</office:automatic-styles><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let mut z = Zip::new();
    z.add(Entry::stored("mimetype", MIMETYPE.as_bytes()));
    z.add(Entry::stored("content.xml", content.as_bytes()));
    std::fs::write(&path, z.finish()).unwrap();
    path
}

fn text(t: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
    )
}

fn float(v: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="float" office:value="{v}" calcext:value-type="float"><text:p>{v}</text:p></table:table-cell>"#
    )
}

const HEAD: &str = r#"<table:table-column table:number-columns-repeated="6"/>"#;

fn header() -> String {
    let cells: String = ["unit_id", "a", "b", "c", "d", "e"]
        .iter()
        .map(|h| text(h))
        .collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

#[test]
fn ods_values_percentages_errors_dates_and_formulas() {
    let d = dir();
    let row = format!(
        "<table:table-row>{}{}{}{}{}{}</table:table-row>",
        text("T1"),
        r#"<table:table-cell office:value-type="percentage" office:value="0.9" calcext:value-type="percentage"><text:p>90%</text:p></table:table-cell>"#,
        r#"<table:table-cell office:value-type="currency" office:currency="CNY" office:value="1234.5"><text:p>¥1,234.50</text:p></table:table-cell>"#,
        r#"<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>"#,
        r#"<table:table-cell office:value-type="date" office:date-value="2024-03-05"><text:p>03/05/24</text:p></table:table-cell>"#,
        r#"<table:table-cell table:formula="of:=SUM([.B2:.C2])"/>"#,
    );
    let tables = format!(
        r#"<table:table table:name="乡镇">{HEAD}{}{row}</table:table>"#,
        header()
    );
    let path = ods(d.path(), &tables);
    let mut wb = Workbook::open(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["乡镇"]);
    let t = wb
        .table("乡镇", KEY, (&[], &[], &[]))
        .map(|(t, _)| t)
        .unwrap();
    assert_eq!(t.read_as.to_string(), "ods, sheet 乡镇");
    let row = &t.held_rows()[0];
    assert_eq!(row.get(0), "T1");
    assert_eq!(row.read(1, ValueKind::Percent), Ok(Cell::Value(90.0)));
    assert_eq!(
        row.read(1, ValueKind::Number),
        Err("`90%` is a cell formatted as a percentage (it stores 0.9), but the indicator is not a percentage: format the cell as a number and enter the value meant, or set `percent = true` on the indicator".into())
    );
    assert_eq!(row.cell(2), Ok("1234.5"));
    assert_eq!(
        row.cell(3),
        Err("the cell holds the spreadsheet error `#DIV/0!`: fix its formula in the workbook or enter the value".into())
    );
    assert_eq!(
        row.cell(4),
        Err("the cell holds a date or time (2024-03-05), not a number: format it as a number (a spreadsheet turns entries such as `3-5` into dates)".into())
    );
    assert_eq!(
        row.cell(5),
        Err("the cell holds a formula with no saved result: open and save the workbook in LibreOffice, WPS or Excel (a workbook written by a program holds formulas that only a spreadsheet computes)".into())
    );
}

#[test]
fn an_ods_formula_error_without_libreoffices_marker_is_an_error_not_its_stand_in_zero() {
    // Other programs (and older versions) save a formula's error as a float with a stand-in
    // value and the error as its text, without `calcext:value-type="error"`.
    let d = dir();
    let row = format!(
        "<table:table-row>{}{}{}{}{}{}</table:table-row>",
        text("T1"),
        r#"<table:table-cell table:formula="of:=[.C2]/[.D2]" office:value-type="float" office:value="0"><text:p>#DIV/0!</text:p></table:table-cell>"#,
        r#"<table:table-cell table:formula="of:=SUM(X)" office:value-type="float" office:value="0"><text:p>Err:502</text:p></table:table-cell>"#,
        r#"<table:table-cell office:value-type="percentage" office:value="0"><text:p>#VALUE!</text:p></table:table-cell>"#,
        float("0"),
        text("Err:5020"),
    );
    let tables = format!(
        r#"<table:table table:name="乡镇">{HEAD}{}{row}</table:table>"#,
        header()
    );
    let path = ods(d.path(), &tables);
    let mut wb = Workbook::open(&path).unwrap();
    let t = wb
        .table("乡镇", KEY, (&[], &[], &[]))
        .map(|(t, _)| t)
        .unwrap();
    let row = &t.held_rows()[0];
    let error = |e: &str| -> Result<&str, String> {
        Err(format!("the cell holds the spreadsheet error `{e}`: fix its formula in the workbook or enter the value"))
    };
    assert_eq!(row.cell(1), error("#DIV/0!"));
    assert_eq!(row.cell(2), error("Err:502"));
    assert_eq!(row.cell(3), error("#VALUE!"));
    // A true zero, and a text that only resembles an error, are what they are.
    assert_eq!(row.cell(4), Ok("0"));
    assert_eq!(row.cell(5), Ok("Err:5020"));
}

#[test]
fn ods_repeats_spaces_annotations_and_several_sheets() {
    let d = dir();
    // Two rows repeated, with a value repeated over two columns and an empty one skipped; then
    // the empty rows LibreOffice writes down to the sheet's end.
    let repeated = format!(
        r#"<table:table-row table:number-rows-repeated="2">{}<table:table-cell table:number-columns-repeated="2"/>{}</table:table-row>"#,
        text(
            "T<text:s text:c=\"2\"/>1<office:annotation><text:p>批注</text:p></office:annotation>"
        ),
        float("7").replace(
            "<table:table-cell ",
            r#"<table:table-cell table:number-columns-repeated="2" "#
        ),
    );
    let empty = r#"<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let rows = format!("{}{repeated}{empty}", header());
    let tables = format!(
        r#"<table:table table:name="说明">{HEAD}<table:table-row>{}</table:table-row></table:table><table:table table:name="村">{HEAD}{rows}</table:table>"#,
        text("填表说明")
    );
    let path = ods(d.path(), &tables);
    let mut wb = Workbook::open(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["说明", "村"]);
    let t = wb
        .table("村", KEY, (&[], &[], &[]))
        .map(|(t, _)| t)
        .unwrap();
    assert_eq!(t.held_rows().len(), 2);
    for (i, row) in t.held_rows().iter().enumerate() {
        assert_eq!(row.line, i as u64 + 2);
        let cells: Vec<&str> = (0..5).map(|c| row.get(c)).collect();
        assert_eq!(cells, ["T  1", "", "", "7", "7"]);
    }
}

#[test]
fn ods_merged_cells_and_bombs_are_errors() {
    let d = dir();
    let merged = format!(
        r#"<table:table-row>{}<table:table-cell table:number-columns-spanned="2" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell><table:covered-table-cell/></table:table-row>"#,
        text("T1")
    );
    let tables = format!(
        r#"<table:table table:name="乡镇">{}{merged}</table:table>"#,
        header()
    );
    let err = message(table(&ods(d.path(), &tables)));
    assert!(err.ends_with("t.ods:2: sheet 乡镇, cell B2: merged cells (B2:C2) below the header: unmerge them and fill every cell"), "{err}");

    let spaces = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>x<text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>"#;
    let tables = format!(
        r#"<table:table table:name="乡镇">{}{spaces}</table:table>"#,
        header()
    );
    let err = message(table(&ods(d.path(), &tables)));
    assert!(err.ends_with("cannot read the sheet: cell A2 holds more than 32,767 characters, more than a cell can: the file is damaged or not a workbook saved by a spreadsheet program"), "{err}");

    let repeated = format!(
        r#"<table:table-row table:number-rows-repeated="1000000">{}</table:table-row>"#,
        float("1").replace(
            "<table:table-cell ",
            r#"<table:table-cell table:number-columns-repeated="100" "#
        )
    );
    let tables = format!(
        r#"<table:table table:name="乡镇">{}{repeated}</table:table>"#,
        header()
    );
    let err = message(table(&ods(d.path(), &tables)));
    assert!(err.ends_with("cannot read the sheet: the sheet has more than 2,097,152 non-empty cells, the most pingyi reads from a workbook: save it as CSV"), "{err}");
}

#[test]
fn an_opendocument_text_is_no_spreadsheet() {
    let d = dir();
    let path = d.path().join("t.ods");
    let mut z = Zip::new();
    z.add(Entry::stored(
        "mimetype",
        b"application/vnd.oasis.opendocument.text",
    ));
    z.add(Entry::stored("content.xml", b"<x/>"));
    std::fs::write(&path, z.finish()).unwrap();
    assert_eq!(
        Workbook::open(&path).err().unwrap(),
        "cannot read the workbook (an OpenDocument file of type `application/vnd.oasis.opendocument.text`, not a spreadsheet): is it an .xlsx, .xls or .ods file saved by Excel, WPS or LibreOffice?"
    );
}

#[test]
fn hidden_ods_sheets_are_known() {
    // LibreOffice hides a sheet through its table style, written before the body.
    let d = dir();
    let book = |tables: &[(&str, &str)]| {
        let path = d.path().join("h.ods");
        let tables: String = tables
            .iter()
            .map(|(name, style)| {
                format!(
                    r#"<table:table table:name="{name}" table:style-name="{style}">{HEAD}{}</table:table>"#,
                    header()
                )
            })
            .collect();
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        );
        let mut z = Zip::new();
        z.add(Entry::stored("mimetype", MIMETYPE.as_bytes()));
        z.add(Entry::stored("content.xml", content.as_bytes()));
        std::fs::write(&path, z.finish()).unwrap();
        Workbook::open(&path).unwrap()
    };
    let all_hidden = book(&[("旧", "ta2")]);
    assert_eq!(
        all_hidden.first_visible(),
        Err("every sheet of the workbook is hidden: show (unhide) the sheet to be read".into())
    );
    let wb = book(&[("旧", "ta2"), ("新", "ta1"), ("备份", "ta2")]);
    assert_eq!(wb.sheet_names(), ["旧", "新", "备份"]);
    assert_eq!(
        wb.first_visible(),
        Ok((
            "新".to_string(),
            Some(
                "hidden sheet(s) 旧 passed over: the first visible sheet (新) is read".to_string()
            )
        ))
    );
}

#[test]
fn an_ods_value_too_small_for_a_double_is_out_of_range_not_zero() {
    let d = dir();
    let row = format!(
        "<table:table-row>{}{}</table:table-row>",
        text("T1"),
        float("1e-400")
    );
    let tables = format!(
        r#"<table:table table:name="乡镇">{HEAD}{}{row}</table:table>"#,
        header()
    );
    let err = message(table(&ods(d.path(), &tables)));
    assert!(err.ends_with("sheet 乡镇: cannot read the sheet: cell B2 holds the value `1e-400`, out of range for a number: the file is damaged or not a workbook saved by a spreadsheet program"), "{err}");
}

#[test]
fn ods_number_styles_that_divide_or_put_text_among_digits_are_notes() {
    // As LibreOffice saves `#,##0.0,` (N1), `0!.0,"万"` (N2) and `#,##0.0` (N3); N2 given to
    // column E as a whole.
    let styles = r#"<number:number-style style:name="N1"><number:number number:decimal-places="1" number:min-decimal-places="1" number:min-integer-digits="1" number:grouping="true" number:display-factor="1000"/></number:number-style><number:number-style style:name="N2"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="2" number:display-factor="1000"><number:embedded-text number:position="1">.</number:embedded-text></number:number><number:text>万</number:text></number:number-style><number:number-style style:name="N3"><number:number number:decimal-places="1" number:min-decimal-places="1" number:min-integer-digits="1" number:grouping="true"/></number:number-style><style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N1"/><style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N2"/><style:style style:name="ce3" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N3"/>"#;
    let styled = |v: &str, style: &str, shown: &str| {
        format!(
            r#"<table:table-cell table:style-name="{style}" office:value-type="float" office:value="{v}" calcext:value-type="float"><text:p>{shown}</text:p></table:table-cell>"#
        )
    };
    let row = format!(
        "<table:table-row>{}{}{}{}{}{}</table:table-row>",
        text("T1"),
        styled("9600", "ce1", "9.6"),
        styled("9600", "ce3", "9,600.0"),
        float("9600"),
        r#"<table:table-cell office:value-type="float" office:value="96000" calcext:value-type="float"><text:p>9.6万</text:p></table:table-cell>"#,
        float("5"),
    );
    let columns = r#"<table:table-column table:number-columns-repeated="4"/><table:table-column table:default-cell-style-name="ce2"/><table:table-column/>"#;
    let tables = format!(
        r#"<table:table table:name="乡镇">{columns}{}{row}</table:table>"#,
        header()
    );
    let d = dir();
    let path = ods_styled(d.path(), styles, &tables);
    let row = first_row(&path);
    let fix = "and which one is meant cannot be told: format the cell as General or a plain number (`0.0`, `#,##0`) so that it shows the number it stores, and if that is not the value meant, enter the value as shown";
    assert_eq!(
        row.cell(1),
        Err(format!("the cell's number style `N1` divides the number by 1,000: the cell stores 9600 but shows `9.6`, {fix}"))
    );
    assert_eq!(
        row.cell(4),
        Err(format!("the cell's number style `N2` divides the number by 1,000 and writes text among its digits: the cell stores 96000 but shows `9.6万`, {fix}"))
    );
    assert_eq!(row.read(2, ValueKind::Number), Ok(Cell::Value(9600.0)));
    assert_eq!(row.read(3, ValueKind::Number), Ok(Cell::Value(9600.0)));
    assert_eq!(row.read(5, ValueKind::Number), Ok(Cell::Value(5.0)));
}

#[test]
fn hidden_ods_rows_holding_cells_are_read_with_a_warning() {
    // LibreOffice writes a row hidden by hand `table:visibility="collapse"`, one a filter hides
    // `"filter"`; an empty hidden row (three of them, repeated) says nothing.
    let d = dir();
    let row = |id: &str, visibility: &str| {
        format!(
            "<table:table-row{visibility}>{}{}{}{}{}{}</table:table-row>",
            text(id),
            float("1"),
            float("2"),
            float("3"),
            float("4"),
            float("5")
        )
    };
    let tables = format!(
        r#"<table:table table:name="乡镇">{HEAD}{}{}{}{}<table:table-row table:number-rows-repeated="3" table:visibility="collapse"><table:table-cell table:number-columns-repeated="6"/></table:table-row>{}</table:table>"#,
        header(),
        row("T1", ""),
        row("T2", r#" table:visibility="collapse""#),
        row("T3", r#" table:visibility="filter""#),
        row("T4", r#" table:visibility="visible""#),
    );
    let path = ods(d.path(), &tables);
    hidden_rows_warned(&path, "3, 4");
}

#[test]
fn hidden_ods_columns_are_kept_for_their_readers() {
    // LibreOffice writes a hidden column `table:visibility="collapse"`, a run of them repeated.
    let d = dir();
    let columns = r#"<table:table-column/><table:table-column table:visibility="collapse"/><table:table-column/><table:table-column table:number-columns-repeated="2" table:visibility="collapse"/><table:table-column/>"#;
    let row = format!(
        "<table:table-row>{}{}{}{}{}{}</table:table-row>",
        text("T1"),
        float("1"),
        float("2"),
        float("3"),
        float("4"),
        float("5")
    );
    let tables = format!(
        r#"<table:table table:name="乡镇">{columns}{}{row}</table:table>"#,
        header()
    );
    let path = ods(d.path(), &tables);
    let t = table(&path).unwrap();
    assert_eq!(t.head.hidden_cols, [1, 3, 4]);
}
