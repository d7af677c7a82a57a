//! Tables as offices type them: units in the headers, a misspelt header, totals and footers
//! under the data, and sheets that name their units without ids.

use rust_xlsxwriter::Workbook;

use super::{bold, fails, office, sheet, totals, BASELINE};

#[test]
fn headers_with_the_configured_units_match_their_indicators() {
    let w = office();
    w.create(
        "data/2024Q2/township.csv",
        "2024年第二季度乡镇考核数据\n\
         单位编码,单位名称,地区生产总值（万元）,任务完成率(%),安全事故 起,税收收入[万元]\n\
         T1,甲镇,1000,80,1,50\nT2,乙镇,2000,100,0,100\nT3,丙镇,500,50,2,120\n",
    );
    assert_eq!(totals(&w, &[]), BASELINE);
    let out = w.run(&["check"]).success().stderr;
    assert!(out.contains("; 0 warning(s)\n"), "{out}");
}

#[test]
fn a_header_in_another_unit_is_an_error_naming_both_units() {
    let w = office();
    w.create(
        "data/2024Q2/township.csv",
        "unit_id,地区生产总值（亿元）,rate,acc,tax\nT1,0.1,80,1,50\nT2,0.2,100,0,100\nT3,0.05,50,2,120\n",
    );
    let err = fails(&w, &[]);
    assert_eq!(
        err,
        "error: invalid config or data:\n\
         error: data/2024Q2/township.csv:1: column 地区生产总值（亿元）: header `地区生产总值（亿元）` gives the unit `亿元`, but `gdp` (地区生产总值) is configured in `万元` (1 万元 = 0.0001 亿元): convert the values to 万元 and head the column `地区生产总值（万元）`, or change the indicator's `unit`\n\
         error: data/2024Q2/township.csv:1: column gdp: indicator column `gdp` (地区生产总值) is missing: track `town` scores it (a column may be headed by the indicator's id, name or an alias)\n\
         2 error(s), 0 warning(s)\n"
    );
}

#[test]
fn a_misspelt_header_says_which_indicator_it_probably_is() {
    let w = office();
    // 税收收人 for 税收收入: one character off.
    w.create(
        "data/2024Q2/township.csv",
        "unit_id,gdp,rate,acc,税收收人（万元）\nT1,1000,80,1,50\nT2,2000,100,0,100\nT3,500,50,2,120\n",
    );
    let err = fails(&w, &[]);
    assert_eq!(
        err,
        "error: invalid config or data:\n\
         error: data/2024Q2/township.csv:1: column tax: indicator column `tax` (税收收入) is missing: track `town` scores it (a column may be headed by the indicator's id, name or an alias)\n\
         warning: data/2024Q2/township.csv:1: column 税收收人（万元）: unknown column, ignored: it is not an indicator id, name or alias of the config; is it `tax` (税收收入)? Then head it `tax` or `税收收入`, or add it to the indicator's `aliases`\n\
         1 error(s), 1 warning(s)\n"
    );
}

/// The township sheet as a clerk sends it: a title, the table, a total, a blank row and the
/// signatures under it.
fn with_total_and_footer(extra: &[&str]) -> Workbook {
    let mut wb = Workbook::new();
    let mut rows: Vec<&[&str]> = vec![
        &["2024年第二季度乡镇考核数据"],
        &[
            "单位编码",
            "单位名称",
            "地区生产总值（万元）",
            "任务完成率（%）",
            "安全事故",
            "税收收入（万元）",
        ],
        &["T1", "甲镇", "1000", "80", "1", "50"],
        &["T2", "乙镇", "2000", "100", "0", "100"],
        &["T3", "丙镇", "500", "50", "2", "120"],
        &["合计", "", "3500", "", "3", "270"],
        &[],
        &[
            "填报人：张三",
            "",
            "审核人：李四",
            "",
            "联系电话：0571-12345678",
        ],
    ];
    rows.push(extra);
    sheet(&mut wb, "乡镇", &rows)
        .set_row_format(1, &bold())
        .unwrap();
    wb
}

#[test]
fn totals_and_footers_are_skipped_and_listed_by_check() {
    let w = office();
    w.remove("data/2024Q2/township.csv");
    let path = w.join("data/2024Q2/township.xlsx");
    with_total_and_footer(&["", "总计"]).save(&path).unwrap();
    assert_eq!(totals(&w, &[]), BASELINE);
    let check = w.run(&["check"]).success();
    assert!(
        check.stdout.contains(
            "【跳过的合计行和表尾】\n\n\
             \x20 · data/2024Q2/township.xlsx:6（sheet 乡镇）：合计\n\
             \x20 · data/2024Q2/township.xlsx:8（sheet 乡镇）：填报人：张三\n\
             \x20 · data/2024Q2/township.xlsx:9（sheet 乡镇）：总计\n"
        ),
        "{}",
        check.stdout
    );
    let json = w.json(&["check"]);
    let skipped = json["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 3, "{json}");
    assert_eq!(skipped[1]["line"], 8, "{json}");
    assert_eq!(skipped[1]["sheet"], "乡镇", "{json}");
    assert_eq!(skipped[1]["text"], "填报人：张三", "{json}");
    assert_eq!(skipped[1]["file"], "data/2024Q2/township.xlsx", "{json}");
    // Any other row without a unit is an error, never skipped without a word.
    with_total_and_footer(&["", "", "5"]).save(&path).unwrap();
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.xlsx:9: sheet 乡镇, cell B9, column 单位名称: the row names no unit (its unit cell is empty; it begins `5`): fill in the unit, or delete the row\n"), "{err}");
}

#[test]
fn a_village_name_shared_by_two_townships_needs_its_township() {
    let w = office();
    // 东湖村 lies under 甲镇 (V1) and under 乙镇 (V2).
    w.create(
        "data/2024Q2/village.csv",
        "单位名称,地区生产总值,任务完成率\n东湖村,100,50\n东湖村,200,100\n青山村,50,25\n",
    );
    let err = fails(&w, &[]);
    let msg = "the name `东湖村` is shared by V1 东湖村, V2 东湖村: add a `unit_id` (单位编码) column, or a `所属乡镇` column, or write the name with its township (e.g. `甲镇东湖村`)";
    for line in [2, 3] {
        let e = format!(
            "error: data/2024Q2/village.csv:{line}: column 单位名称 (unit 东湖村): {msg}\n"
        );
        assert!(err.contains(&e), "missing {e}\nin:\n{err}");
    }
    // With a 所属乡镇 column (the township's name), or the name written with its township.
    w.create(
        "data/2024Q2/village.csv",
        "单位名称,所属乡镇,地区生产总值,任务完成率\n东湖村,乙镇,200,100\n甲镇东湖村,,100,50\n青山村,,50,25\n",
    );
    assert_eq!(totals(&w, &[]), BASELINE);
    let rows = w.rank_csv(&["--track", "village"]);
    assert_eq!(rows.col("gdp", &["V1", "V2", "V3"]), ["100", "200", "50"]);
}

#[test]
fn a_row_by_name_is_never_given_to_a_namesake_under_another_township() {
    // Found writing these tests: with the 东湖村 of 乙镇 no longer assessed, its row went to the
    // 东湖村 of 甲镇 — a wrong score with exit 0. The township the row names must be the unit's.
    let w = office();
    w.create(
        "data/units.csv",
        "id,name,category,parent,until\nT1,甲镇,township,,\nT2,乙镇,township,,\nT3,丙镇,township,,\n\
         V1,东湖村,village,T1,\nV2,东湖村,village,T2,2024Q1\nV3,青山村,village,T2,\n",
    );
    w.create(
        "data/2024Q2/village.csv",
        "单位名称,所属乡镇,地区生产总值,任务完成率\n东湖村,乙镇,200,100\n青山村,甲镇,50,25\n",
    );
    let err = fails(&w, &[]);
    let f = "error: data/2024Q2/village.csv";
    let expected = [
        format!("{f} (unit V1 东湖村): registry unit has no row in village.csv"),
        format!("{f}:2: column 单位名称 (unit 东湖村): no unit named `东湖村` under `乙镇` is assessed here; the registry has V1 东湖村 under 甲镇: correct the township (所属乡镇) of the row, or the registry (units.csv)"),
        format!("{f}:3: column 单位名称 (unit 青山村): no unit named `青山村` under `甲镇` is assessed here; the registry has V3 青山村 under 乙镇: correct the township (所属乡镇) of the row, or the registry (units.csv)"),
    ];
    for e in &expected {
        assert!(err.contains(&format!("{e}\n")), "missing {e}\nin:\n{err}");
    }
    // With no row claimed, the file's indicator columns are not reported missing: the header
    // has them, and each row's and each unit's problem is listed.
    assert!(!err.contains("is missing"), "{err}");
    assert!(err.ends_with("\n4 error(s), 0 warning(s)\n"), "{err}");
    // The township by id is as good as by name; a township's own row may repeat its name.
    w.create(
        "data/2024Q2/village.csv",
        "单位名称,所属乡镇,地区生产总值,任务完成率\n东湖村,T1,100,50\n青山村,乙镇,50,25\n",
    );
    w.create(
        "data/2024Q2/township.csv",
        "单位名称,所属乡镇,gdp,rate,acc,tax\n甲镇,甲镇,1000,80,1,50\n乙镇,,2000,100,0,100\n丙镇,丙镇,500,50,2,120\n",
    );
    // Two villages now: V1 has the highest of both, 60 + 40 = 100; V3 60·50/100 + 40·25/50 = 50.
    assert_eq!(
        totals(&w, &[]),
        ["T1=64.00", "T2=100.00", "T3=45.00", "V1=100.00", "V3=50.00"]
    );
}
