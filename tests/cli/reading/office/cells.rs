//! Workbook cells as offices leave them: percent formats, formulas with and without a saved
//! result, and the `.xls` and `.ods` formats.

use rust_xlsxwriter::{Format, Formula, Workbook};

use super::{
    fails, ods, ods_float, ods_percent, ods_text, office, rewrite, saved_by_a_spreadsheet, totals,
    township_sheet, BASELINE,
};

#[test]
fn a_percent_formatted_cell_on_a_count_is_an_error_naming_sheet_cell_and_what_it_stores() {
    let w = office();
    w.remove("data/2024Q2/township.csv");
    let mut wb = Workbook::new();
    let ws = township_sheet(&mut wb);
    // 乙镇's accident count typed as 2%: the cell shows `2%` and stores 0.02.
    ws.write_number_with_format(2, 4, 0.02, &Format::new().set_num_format("0%"))
        .unwrap();
    wb.save(w.join("data/2024Q2/township.xlsx")).unwrap();
    let err = fails(&w, &[]);
    assert_eq!(
        err,
        "error: invalid config or data:\n\
         error: data/2024Q2/township.xlsx:3: sheet 乡镇, cell E3, column acc (unit T2 乙镇): `2%` is a cell formatted as a percentage (it stores 0.02), but the indicator is not a percentage: format the cell as a number and enter the value meant, or set `percent = true` on the indicator\n\
         1 error(s), 0 warning(s)\n"
    );
    // `check` finds it too: never `ok`.
    let err = fails(&w, &["check"]);
    assert!(err.contains("cell E3, column acc (unit T2 乙镇): `2%` is a cell formatted as a percentage (it stores 0.02)"), "{err}");
    assert!(!err.contains("ok:"), "{err}");
}

#[test]
fn a_percent_formatted_cell_on_a_percentage_reads_as_the_percentage_shown() {
    // The failure: a cell formatted as a percentage shows 87.5% and stores 0.875; read
    // as 0.875 it would score 0.26 of 30 points with exit 0. Beside it, typed numbers.
    let w = office();
    w.remove("data/2024Q2/township.csv");
    let mut wb = Workbook::new();
    let ws = township_sheet(&mut wb);
    ws.write_number_with_format(1, 3, 0.875, &Format::new().set_num_format("0.0%"))
        .unwrap();
    ws.write_number_with_format(3, 3, 0.5, &Format::new().set_num_format("0%"))
        .unwrap();
    wb.save(w.join("data/2024Q2/township.xlsx")).unwrap();
    // T1: rate 87.5 → 30·87.5/100 = 26.25, total 20 + 26.25 + 15 + 5 = 66.25; T2 (typed 100)
    // and T3 (50%) as in the CSV.
    let mut expected = BASELINE;
    expected[0] = "T1=66.25";
    assert_eq!(totals(&w, &[]), expected);
    let rows = w.rank_csv(&[]);
    assert_eq!(rows.col("rate", &["T1", "T2", "T3"]), ["87.5", "100", "50"]);
    assert_eq!(
        rows.col("rate:score", &["T1", "T2", "T3"]),
        ["26.25", "30.00", "15.00"]
    );
    let out = w.run(&["check"]).success().stderr;
    assert!(
        out.contains("ok: 2024Q2 — 2 tracks, 4 indicators, 6 units, 0 adjustments; 0 warning(s)"),
        "{out}"
    );
}

#[test]
fn a_number_format_that_divides_by_a_thousand_is_an_error_and_writes_nothing() {
    // The tester's failure: a cell formatted `#,##0.0,` shows 2.0 and stores 2000; read as
    // stored with exit 0 and no word, it scores the number the sheet does not show.
    let w = office();
    w.remove("data/2024Q2/township.csv");
    let path = w.join("data/2024Q2/township.xlsx");
    let mut wb = Workbook::new();
    let ws = township_sheet(&mut wb);
    ws.write_number_with_format(2, 2, 2000.0, &Format::new().set_num_format("#,##0.0,"))
        .unwrap();
    wb.save(&path).unwrap();
    let out = w.run(&["--format", "csv", "--output", "out.csv"]).exit(1);
    assert_eq!(
        out.stderr,
        "error: invalid config or data:\n\
         error: data/2024Q2/township.xlsx:3: sheet 乡镇, cell C3, column gdp (unit T2 乙镇): the cell's number format `#,##0.0,` divides the number by 1,000: the cell stores 2000 but shows `2.0`, and which one is meant cannot be told: format the cell as General or a plain number (`0.0`, `#,##0`) so that it shows the number it stores, and if that is not the value meant, enter the value as shown\n\
         1 error(s), 0 warning(s)\n"
    );
    assert_eq!(out.stdout, "");
    assert!(!w.join("out.csv").exists(), "a failed run writes no file");
    assert_eq!(w.run(&[]).exit(1).stdout, "");
    let err = fails(&w, &["check"]);
    assert!(
        err.contains("cell C3, column gdp (unit T2 乙镇): the cell's number format `#,##0.0,`"),
        "{err}"
    );
    // The 万 trick: a point written as text and a divisor, 120 shown as 0.0万.
    let mut wb = Workbook::new();
    let ws = township_sheet(&mut wb);
    ws.write_number_with_format(3, 5, 120.0, &Format::new().set_num_format("0!.0,\"万\""))
        .unwrap();
    wb.save(&path).unwrap();
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.xlsx:4: sheet 乡镇, cell F4, column tax (unit T3 丙镇): the cell's number format `0!.0,\"万\"` divides the number by 1,000 and writes a point as text among its digits (not a decimal point): the cell stores 120 but shows `0.0万`"), "{err}");
}

#[test]
fn a_number_format_with_thousands_separators_reads_and_scores_as_the_csv() {
    // `#,##0.0` separates thousands and divides nothing: the workbook scores exactly as the
    // fixture's CSV, every column of the output the same.
    let csv = office();
    let want = csv.stdout(&["--format", "csv"]);
    let w = office();
    w.remove("data/2024Q2/township.csv");
    let mut wb = Workbook::new();
    let ws = township_sheet(&mut wb);
    let sep = Format::new().set_num_format("#,##0.0");
    for (i, (_, _, gdp, _, _, tax)) in super::TOWNS.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number_with_format(r, 2, *gdp, &sep).unwrap();
        ws.write_number_with_format(r, 5, *tax, &sep).unwrap();
    }
    wb.save(w.join("data/2024Q2/township.xlsx")).unwrap();
    assert_eq!(totals(&w, &[]), BASELINE);
    assert_eq!(w.stdout(&["--format", "csv"]), want);
}

#[test]
fn a_formula_without_a_saved_result_is_an_error_naming_the_cell() {
    // What a program writes when it does not compute formulas: the formula and no result.
    let w = office();
    w.remove("data/2024Q2/township.csv");
    let path = w.join("data/2024Q2/township.xlsx");
    let mut wb = Workbook::new();
    let ws = township_sheet(&mut wb);
    ws.write_formula(2, 2, Formula::new("=C2*2")).unwrap();
    wb.save(&path).unwrap();
    rewrite(
        &path,
        "xl/worksheets/sheet1.xml",
        "<f>C2*2</f><v>0</v>",
        "<f>C2*2</f>",
    );
    let err = fails(&w, &[]);
    assert_eq!(
        err,
        "error: invalid config or data:\n\
         error: data/2024Q2/township.xlsx:3: sheet 乡镇, cell C3, column gdp (unit T2 乙镇): the cell holds a formula with no saved result: open and save the workbook in Excel or WPS (a workbook written by a program holds formulas that only a spreadsheet computes)\n\
         1 error(s), 0 warning(s)\n"
    );
}

#[test]
fn a_formula_with_a_saved_result_is_read_as_its_result() {
    let w = office();
    w.remove("data/2024Q2/township.csv");
    let path = w.join("data/2024Q2/township.xlsx");
    let mut wb = Workbook::new();
    let ws = township_sheet(&mut wb);
    // 乙镇's gdp as a sum of two quarters' figures, saved with its result 2000.
    ws.write_formula(2, 2, Formula::new("=800+1200").set_result("2000"))
        .unwrap();
    wb.save(&path).unwrap();
    // As written by a program, which asks for every formula to be recalculated on opening, the
    // saved result is not trusted.
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.xlsx:3: sheet 乡镇, cell C3, column gdp (unit T2 乙镇): the cell holds a formula whose saved result may be out of date (the workbook asks to be recalculated when opened, as workbooks written by programs do): open and save the workbook in Excel or WPS\n"), "{err}");
    // Saved by a spreadsheet, the result is the value.
    saved_by_a_spreadsheet(&path);
    assert_eq!(totals(&w, &[]), BASELINE);
    assert_eq!(w.rank_csv(&[]).get("T2", "gdp"), "2000");
}

#[test]
fn an_xls_workbook_is_a_category_table() {
    // village.xls (written by xlwt, see tests/fixtures/office/village-xls.py): a merged title
    // row, Chinese headers with units, 青山村's rate `不适用`.
    let w = office();
    w.remove("data/2024Q2/village.csv")
        .copy_fixture("office/village.xls", "data/2024Q2/village.xls");
    // V1 = 60·150/300 + 40·60/80 = 30 + 30 = 60; V2 = 60 + 40 = 100; V3: gdp 60·75/300 = 15
    // of the 60 points that apply, rescaled 15·100/60 = 25.
    assert_eq!(
        totals(&w, &[]),
        [
            "T1=64.00",
            "T2=100.00",
            "T3=45.00",
            "V1=60.00",
            "V2=100.00",
            "V3=25.00"
        ]
    );
    let rows = w.rank_csv(&["--track", "village"]);
    assert_eq!(rows.col("gdp", &["V1", "V2", "V3"]), ["150", "300", "75"]);
    assert_eq!(
        rows.col("rate", &["V1", "V2", "V3"]),
        ["60", "80", "不适用"]
    );
    assert_eq!(rows.get("V3", "applicable_points"), "60");
    let out = w.run(&["check", "--verbose"]).success().stderr;
    assert!(
        out.contains("read: data/2024Q2/village.xls as xls, sheet 村\n"),
        "{out}"
    );
}

#[test]
fn an_ods_workbook_is_a_category_table_and_shows_its_percentages() {
    let w = office();
    w.remove("data/2024Q2/township.csv");
    let path = w.join("data/2024Q2/township.ods");
    let header: Vec<String> = [
        "单位编码",
        "地区生产总值",
        "任务完成率",
        "安全事故",
        "税收收入",
    ]
    .iter()
    .map(|h| ods_text(h))
    .collect();
    // Rates as LibreOffice stores a cell formatted as a percentage.
    let rates = [
        ods_percent(0.8, "80%"),
        ods_percent(1.0, "100%"),
        ods_percent(0.5, "50%"),
    ];
    let mut rows = vec![header];
    for ((id, _, gdp, _, acc, tax), rate) in super::TOWNS.iter().zip(&rates) {
        rows.push(vec![
            ods_text(id),
            ods_float(*gdp),
            rate.clone(),
            ods_float(*acc),
            ods_float(*tax),
        ]);
    }
    ods(&path, "乡镇", &rows);
    assert_eq!(totals(&w, &[]), BASELINE);
    assert_eq!(
        w.rank_csv(&[]).col("rate", &["T1", "T2", "T3"]),
        ["80", "100", "50"]
    );
    let out = w.run(&["check", "--verbose"]).success().stderr;
    assert!(
        out.contains("read: data/2024Q2/township.ods as ods, sheet 乡镇\n"),
        "{out}"
    );
    // A percentage in the accident column is an error naming the cell, as in an .xlsx.
    rows[3][3] = ods_percent(0.02, "2%");
    ods(&path, "乡镇", &rows);
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.ods:4: sheet 乡镇, cell D4, column 安全事故 (unit T3 丙镇): `2%` is a cell formatted as a percentage (it stores 0.02), but the indicator is not a percentage"), "{err}");
}

#[test]
fn a_percentage_on_two_scales_in_two_files_is_an_error_unless_the_indicator_allows_it() {
    // The townships' rates sent by two offices: one as fractions (0.8 meaning 80%), the other
    // as percentages. Scored as given, 甲镇 would get 0.48 of 30 points.
    let w = office();
    w.create(
        "data/2024Q2/township.csv",
        "unit_id,unit_name,gdp,acc,tax\nT1,甲镇,1000,1,50\nT2,乙镇,2000,0,100\nT3,丙镇,500,2,120\n",
    )
    .create(
        "data/2024Q2/区考核办.csv",
        "单位编码,任务完成率\nT1,0.8\nT2,1\n",
    )
    .create(
        "data/2024Q2/区考核办补报.csv",
        "单位编码,任务完成率\nT3,50\n",
    );
    assert_eq!(
        fails(&w, &[]),
        "error: invalid config or data:\n\
         error: data/2024Q2/区考核办.csv: column rate: `rate` (任务完成率) on track `town` looks entered on two scales: fractions in data/2024Q2/区考核办.csv (e.g. 0.8) and percentages in data/2024Q2/区考核办补报.csv (e.g. 50); enter percentages everywhere (90 for 90%), or set `mixed_scales = true` on the indicator if both are right\n\
         1 error(s), 0 warning(s)\n"
    );
    // Both scales declared right: the values are scored as given. rate max 50:
    // T1 30·0.8/50 = 0.48 → 20 + 0.48 + 15 + 5 = 40.48; T2 30·1/50 = 0.6 → 40 + 0.6 + 20 + 10
    // = 70.6; T3 30 → 10 + 30 + 10 + 10 = 60.
    w.edit("scoring-config.toml", |t| {
        t.replace("percent = true\n", "percent = true\nmixed_scales = true\n")
    });
    let mut expected = BASELINE;
    expected[..3].copy_from_slice(&["T1=40.48", "T2=70.60", "T3=60.00"]);
    assert_eq!(totals(&w, &[]), expected);
    // Entered as percentages everywhere, the fixture's totals.
    w.edit("scoring-config.toml", |t| {
        t.replace("mixed_scales = true\n", "")
    })
    .create(
        "data/2024Q2/区考核办.csv",
        "单位编码,任务完成率\nT1,80\nT2,100\n",
    );
    assert_eq!(totals(&w, &[]), BASELINE);
    // Helper's case: an indicator in `%` without `percent = true` (as the sample scheme's are) is
    // a percentage too — its fractions were scored as given, without a word. Declared by its
    // unit alone, two scales are a warning (small rates, 0.79 % beside 1.2 %, can be right),
    // which --strict makes an error.
    w.edit("scoring-config.toml", |t| {
        t.replacen("percent = true\n", "", 1)
    })
    .create(
        "data/2024Q2/区考核办.csv",
        "单位编码,任务完成率\nT1,0.8\nT2,1\n",
    );
    let err = w.run(&["check"]).success().stderr;
    assert!(err.contains("warning: data/2024Q2/区考核办.csv: column rate: `rate` (任务完成率) on track `town` looks entered on two scales: fractions in data/2024Q2/区考核办.csv (e.g. 0.8) and percentages in data/2024Q2/区考核办补报.csv (e.g. 50)"), "{err}");
    fails(&w, &["--strict"]);
}

#[test]
fn spreadsheets_in_other_formats_are_errors_naming_each_file() {
    let w = office();
    // A WPS workbook, a Numbers file and a macro workbook beside the tables, each with a
    // figure pingyi would otherwise never see; a Word note is only listed as not read.
    for name in ["区统计局.et", "补报.numbers", "宏.xlsm"] {
        w.create_bytes(&format!("data/2024Q2/{name}"), b"PK\x03\x04");
    }
    w.create_bytes("data/2024Q2/说明.docx", b"PK\x03\x04");
    let err = fails(&w, &[]);
    let f = "error: data/2024Q2";
    assert_eq!(
        err,
        format!(
            "error: invalid config or data:\n\
             {f}/区统计局.et: `.et` files are not read: save it as .xlsx (or CSV) so that pingyi reads it\n\
             {f}/宏.xlsm: `.xlsm` files are not read: save it as .xlsx (or CSV) so that pingyi reads it\n\
             {f}/补报.numbers: `.numbers` files are not read: save it as .xlsx (or CSV) so that pingyi reads it\n\
             3 error(s), 0 warning(s)\n"
        )
    );
    // `check` reports them too, and names the note it did not read.
    let check = w.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains(&format!("{f}/宏.xlsm: `.xlsm` files are not read")),
        "{}",
        check.stderr
    );
    for name in ["区统计局.et", "补报.numbers", "宏.xlsm"] {
        w.remove(&format!("data/2024Q2/{name}"));
    }
    assert_eq!(totals(&w, &[]), BASELINE);
    let check = w.run(&["check"]).success();
    assert!(
        check.stdout.contains(
            "【未读取的文件】\n\n\x20 · data/2024Q2/说明.docx：not a CSV file or workbook\n"
        ),
        "{}",
        check.stdout
    );
    let json = w.json(&["check"]);
    assert_eq!(
        json["not_read"],
        serde_json::json!([{"path": "data/2024Q2/说明.docx", "why": "not a CSV file or workbook"}])
    );
}

#[test]
fn an_xls_workbook_whose_formats_cannot_be_read_is_read_as_stored_with_a_warning() {
    // village-percent-loose.xls: village-percent.xls whose file structure calamine reads and the
    // format pass (the cfb crate) does not. Its values are read as stored — V2's rate 0.8 — and
    // a warning says why; V1 = 30 + 40·60/60 = 70, V2 = 60 + 40·0.8/60 = 60.53.
    let w = office();
    w.remove("data/2024Q2/village.csv").copy_fixture(
        "office/village-percent-loose.xls",
        "data/2024Q2/village.xls",
    );
    let out = w.run(&["check"]).success();
    assert!(out.stderr.contains("warning: data/2024Q2/village.xls: the workbook's number formats cannot be read (an Excel 5.0/95 workbook, or one whose file structure only some readers accept): a cell formatted as a percentage reads as the fraction it stores (0.9 for 90%), and a format that scales the number shown (`#,##0.0,`) is not seen; save it as .xlsx in Excel or WPS to have its formats read\n"), "{}", out.stderr);
    let rows = w.rank_csv(&["--track", "village"]);
    assert_eq!(rows.col("rate", &["V1", "V2"]), ["60", "0.8"]);
    assert_eq!(rows.col("total", &["V1", "V2"]), ["70.00", "60.53"]);
    // `--strict`, the cron run, stops on it.
    w.run(&["check", "--strict"]).exit(1);
}

#[test]
fn percent_formatted_cells_of_an_xls_workbook_read_as_the_percentage_shown() {
    // village-percent.xls: V1's rate typed as 60, V2's entered as a percentage (it stores 0.8 and
    // shows 80% under `0%`). Read as stored, V2 would score 40·0.8/60 = 0.53 of its 40 points and
    // V1 the full 40, without a word; read as shown, the totals are those of village.xls
    // (V1 = 30 + 40·60/80 = 60, V2 100, V3 25).
    let w = office();
    w.remove("data/2024Q2/village.csv")
        .copy_fixture("office/village-percent.xls", "data/2024Q2/village.xls");
    let out = w.run(&["check"]).success();
    assert!(out.stderr.contains("; 0 warning(s)\n"), "{}", out.stderr);
    let rows = w.rank_csv(&["--track", "village"]);
    assert_eq!(
        rows.col("rate", &["V1", "V2", "V3"]),
        ["60", "80", "不适用"]
    );
    assert_eq!(
        rows.col("total", &["V1", "V2", "V3"]),
        ["60.00", "100.00", "25.00"]
    );
}

/// A formula without a saved result in an adjustment's reason (事由) is named as such, as in an
/// indicator's cell — not as a reason left out.
#[test]
fn a_formula_without_a_saved_result_as_an_adjustments_reason_is_named_so() {
    let w = office();
    let path = w.join("data/2024Q2/adjustments.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("加减分").unwrap();
    for (c, h) in ["单位编码", "类型", "分值", "事由", "文号"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["T1", "加分", "2", "", "区考核办〔2024〕12号"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    ws.write_formula(1, 3, Formula::new("=E2")).unwrap();
    wb.save(&path).unwrap();
    rewrite(
        &path,
        "xl/worksheets/sheet1.xml",
        "<f>E2</f><v>0</v>",
        "<f>E2</f>",
    );
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/adjustments.xlsx:2: sheet 加减分, cell D2, column 事由 (unit T1 甲镇): the cell holds a formula with no saved result"), "{err}");
    assert!(!err.contains("needs its reason"), "{err}");
}
