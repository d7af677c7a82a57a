//! The registry, targets and adjustments as offices keep them: workbooks or GBK CSV files with
//! Chinese headers, units named by id or by name.

use rust_xlsxwriter::{Format, Workbook};

use super::{bold, fails, office, sheet, totals, xlsx, BASELINE};

/// The registry of the fixture with Chinese headers and categories, parents by name or id.
const REGISTRY: [[&str; 4]; 7] = [
    ["单位编码", "单位名称", "类别", "所属乡镇"],
    ["T1", "甲镇", "乡镇", ""],
    ["T2", "乙镇", "乡镇", ""],
    ["T3", "丙镇", "乡镇", ""],
    ["V1", "东湖村", "村", "甲镇"],
    ["V2", "东湖村", "村", "T2"],
    ["V3", "青山村", "村", "乙镇"],
];

#[test]
fn a_hidden_first_sheet_of_the_registry_is_passed_over() {
    // An old registry (乙镇 and its village missing) hidden in front of the one in force.
    let w = office();
    w.remove("data/units.csv");
    let mut wb = Workbook::new();
    let old: Vec<&[&str]> = REGISTRY
        .iter()
        .filter(|r| !r.contains(&"T2") && !r.contains(&"乙镇"))
        .map(|r| &r[..])
        .collect();
    sheet(&mut wb, "旧名册", &old).set_hidden(true);
    let rows: Vec<&[&str]> = REGISTRY.iter().map(|r| &r[..]).collect();
    sheet(&mut wb, "名册", &rows).set_active(true);
    wb.save(w.join("data/units.xlsx")).unwrap();
    assert_eq!(totals(&w, &[]), BASELINE);
    let err = w.run(&["check"]).stderr;
    assert!(err.contains("warning: data/units.xlsx: hidden sheet(s) 旧名册 passed over: the first visible sheet (名册) is read\n"), "{err}");
    assert_eq!(err.matches("旧名册").count(), 1, "{err}");
}

/// A row hidden in the registry's sheet is a unit all the same: read, with the warning a
/// category table's hidden rows get.
#[test]
fn hidden_rows_of_the_registry_are_read_and_named() {
    let w = office();
    w.remove("data/units.csv");
    let mut wb = Workbook::new();
    let rows: Vec<&[&str]> = REGISTRY.iter().map(|r| &r[..]).collect();
    sheet(&mut wb, "名册", &rows).set_row_hidden(3).unwrap();
    wb.save(w.join("data/units.xlsx")).unwrap();
    assert_eq!(totals(&w, &[]), BASELINE);
    let err = w.run(&["check"]).success().stderr;
    assert!(
        err.contains(
            "warning: data/units.xlsx: sheet 名册: hidden row(s) 4 are read like the others"
        ),
        "{err}"
    );
}

#[test]
fn a_chinese_registry_as_a_workbook_or_a_gbk_csv() {
    let w = office();
    w.remove("data/units.csv");
    let mut wb = Workbook::new();
    let mut rows: Vec<&[&str]> = vec![&["2024年被考核单位名册"]];
    rows.extend(REGISTRY.iter().map(|r| &r[..]));
    sheet(&mut wb, "名册", &rows);
    wb.save(w.join("data/units.xlsx")).unwrap();
    assert_eq!(totals(&w, &[]), BASELINE);
    let rows = w.rank_csv(&[]);
    assert_eq!(rows.col("parent", &["V1", "V2", "V3"]), ["T1", "T2", "T2"]);
    assert_eq!(rows.col("category", &["T1", "V1"]), ["township", "village"]);
    let out = w.run(&["check", "--verbose"]).success().stderr;
    assert!(
        out.contains("read: data/units.xlsx as xlsx, sheet 名册\n"),
        "{out}"
    );

    // The same registry beside it as a CSV: two registries.
    let csv: String = REGISTRY.iter().map(|r| r.join(",") + "\n").collect();
    let gbk = encoding_rs::GBK.encode(&csv).0.into_owned();
    w.create_bytes("data/units.csv", &gbk);
    let err = fails(&w, &[]);
    assert!(err.contains("error: data: the registry is given 2 times (data/units.csv, data/units.xlsx): keep one\n"), "{err}");

    // The CSV alone, as Excel saves it on Chinese Windows (GBK, no byte-order mark).
    w.remove("data/units.xlsx");
    assert_eq!(totals(&w, &[]), BASELINE);
    // 分类 is a department's class, not the category: the message lists the headers that are.
    let class = csv.replacen("类别", "分类", 1);
    w.create_bytes("data/units.csv", &encoding_rs::GBK.encode(&class).0);
    assert_eq!(
        fails(&w, &[]),
        "error: invalid config or data:\n\
         error: data/units.csv:1: column category: required column `category` is missing: head it `category`, `类别`, `单位类别` or `单位类型` (header: 单位编码,单位名称,分类,所属乡镇)\n\
         1 error(s), 0 warning(s)\n"
    );
    w.create_bytes("data/units.csv", &gbk);
    let out = w.run(&["check", "--verbose"]).success().stderr;
    assert!(
        out.contains("read: data/units.csv as GB18030 (no BOM, not UTF-8)\n"),
        "{out}"
    );
}

#[test]
fn chinese_targets_and_adjustments_workbooks() {
    let w = office();
    // Targets by unit name and indicator name or id.
    xlsx(
        &w.join("data/2024Q2/targets.xlsx"),
        "目标",
        &[
            &["单位名称", "指标", "目标值"],
            &["甲镇", "税收收入", "40"],
            &["丙镇", "tax", "240"],
        ],
    );
    let mut wb = Workbook::new();
    let ws = sheet(
        &mut wb,
        "加减分",
        &[
            &["2024年第二季度加减分事项"],
            &["单位编码", "类型", "分值", "事由", "文号"],
            &["T1", "加分", "2", "获省级表彰", "区考核办〔2024〕12号"],
            &["T3", "扣分", "1.5", "督查通报", "区委办〔2024〕3号"],
            &[
                "T2",
                "一票否决",
                "",
                "发生较大安全生产责任事故",
                "区安委会〔2024〕1号",
            ],
        ],
    );
    ws.set_row_format(1, &bold()).unwrap();
    wb.save(w.join("data/2024Q2/adjustments.xlsx")).unwrap();
    // T1: tax 10·min(50/40, 1) = 10 → 20 + 24 + 15 + 10 = 69, + 2 bonus = 71.
    // T3: tax 10·120/240 = 5 → 10 + 15 + 10 + 5 = 40, − 1.5 = 38.5. T2: 100, vetoed.
    assert_eq!(
        totals(&w, &[]),
        [
            "T1=71.00",
            "T2=100.00",
            "T3=38.50",
            "V1=50.00",
            "V2=100.00",
            "V3=25.00"
        ]
    );
    let rows = w.rank_csv(&["--track", "town"]);
    let towns = ["T1", "T2", "T3"];
    assert_eq!(rows.col("tax:score", &towns), ["10.00", "10.00", "5.00"]);
    assert_eq!(rows.col("bonus", &towns), ["2.00", "0.00", "0.00"]);
    assert_eq!(rows.col("deduction", &towns), ["0.00", "0.00", "1.50"]);
    assert_eq!(rows.col("veto", &towns), ["0", "1", "0"]);
    // The veto keeps its rank and forces the lowest grade.
    assert_eq!(rows.col("rank", &towns), ["2", "1", "3"]);
    assert_eq!(rows.col("grade", &towns), ["一般", "一般", "一般"]);
    // The village track alone passes over the townships' targets, named by name as by id.
    let rows = w.rank_csv(&["--track", "village"]);
    assert_eq!(
        rows.col("total", &["V1", "V2", "V3"]),
        ["50.00", "100.00", "25.00"]
    );
    // A bad cell names its sheet and cell, under the workbook's own header.
    xlsx(
        &w.join("data/2024Q2/targets.xlsx"),
        "目标",
        &[
            &["单位名称", "指标", "目标值"],
            &["甲镇", "税收收入", "四十"],
            &["丙镇", "产值", "240"],
        ],
    );
    let f = "error: data/2024Q2/targets.xlsx";
    assert_eq!(
        fails(&w, &[]),
        format!(
            "error: invalid config or data:\n\
             {f}:2: sheet 目标, cell C2, column 目标值 (unit T1 甲镇): expected a number, found `四十`\n\
             {f}:3: sheet 目标, cell B3, column 指标 (unit T3 丙镇): `产值` is not an indicator id or name of the config\n\
             2 error(s), 0 warning(s)\n"
        )
    );
    xlsx(
        &w.join("data/2024Q2/targets.xlsx"),
        "目标",
        &[
            &["单位名称", "指标", "目标值"],
            &["甲镇", "税收收入", "40"],
            &["丙镇", "tax", "240"],
        ],
    );
    let out = w.run(&["check", "--verbose"]).success().stderr;
    for line in [
        "read: data/2024Q2/targets.xlsx as xlsx, sheet 目标\n",
        "read: data/2024Q2/adjustments.xlsx as xlsx, sheet 加减分\n",
        "3 adjustments; 0 warning(s)\n",
    ] {
        assert!(out.contains(line), "{line}\nin:\n{out}");
    }
}

/// Totals and signatures typed under the lists — a 合计 row, `填报人：张三` in the first cell,
/// also on a line of its own without the commas Excel pads a CSV row with — are skipped with a
/// warning naming each; a row of an unknown unit beside them is still an error.
#[test]
fn totals_and_signatures_under_the_side_files_and_the_registry_are_skipped() {
    let w = office();
    let mut wb = Workbook::new();
    sheet(
        &mut wb,
        "加减分",
        &[
            &["单位编码", "类型", "分值", "事由", "文号"],
            &["T1", "加分", "2", "获省级表彰", "区考核办〔2024〕12号"],
            &["T3", "扣分", "1.5", "督查通报", "区委办〔2024〕3号"],
            &["合计", "", "3.5", "", ""],
            &["", "填报人：张三　审核人：李四"],
        ],
    );
    wb.save(w.join("data/2024Q2/adjustments.xlsx")).unwrap();
    w.create(
        "data/2024Q2/targets.csv",
        "单位编码,指标,目标值\nT1,tax,40\n制表：王五\n",
    );
    w.edit("data/units.csv", |r| r + "制表人：赵六\n,,,审核：孙七\n");
    // T1: tax 10·min(50/40, 1) = 10 → 20 + 24 + 15 + 10 = 69, + 2 = 71; T3: 45 − 1.5 = 43.5.
    assert_eq!(
        totals(&w, &[]),
        [
            "T1=71.00",
            "T2=100.00",
            "T3=43.50",
            "V1=50.00",
            "V2=100.00",
            "V3=25.00"
        ]
    );
    let err = w.run(&["check"]).success().stderr;
    for line in [
        "warning: data/units.csv:8: row skipped: `制表人：赵六` totals or signs the list, it is no unit (delete the line to silence this)\n",
        "warning: data/units.csv:9: row skipped: `审核：孙七` totals or signs the list, it is no unit (delete the line to silence this)\n",
        "warning: data/2024Q2/targets.csv:3: column 单位编码: row skipped: `制表：王五` totals or signs the list, it names no unit\n",
        "warning: data/2024Q2/adjustments.xlsx:4: sheet 加减分, cell A4, column 单位编码: row skipped: `合计` totals or signs the list, it names no unit\n",
        "warning: data/2024Q2/adjustments.xlsx:5: sheet 加减分, cell B5, column 类型: row skipped: `填报人：张三\\u{3000}审核人：李四` totals or signs the list, it names no unit\n",
        "2 adjustments; 5 warning(s)\n",
    ] {
        assert!(err.contains(line), "{line}\nin:\n{err}");
    }
    // A unit the registry lacks is no footer.
    w.create(
        "data/2024Q2/targets.csv",
        "单位编码,指标,目标值\nT9,tax,40\n制表：王五\n",
    );
    let err = fails(&w, &["--quiet"]);
    assert!(
        err.contains(
            "targets.csv:2: column 单位编码 (unit T9): unit is not in the registry (units.csv)\n"
        ),
        "{err}"
    );
}

/// Merged cells that hide nothing read pass: a 备注 column merged down the rows, a signature
/// merged across its row under the list, an empty merged block. One that spreads a value over
/// cells read (the points of two rows) is an error, as it always was.
#[test]
fn merged_cells_hiding_nothing_read_pass_in_tables_and_side_files() {
    let w = office();
    w.remove("data/2024Q2/township.csv");
    let mut wb = Workbook::new();
    let ws = super::township_sheet(&mut wb);
    ws.write_string(0, 6, "备注").unwrap();
    ws.merge_range(1, 6, 3, 6, "数据待核实", &Format::new())
        .unwrap();
    ws.merge_range(5, 0, 5, 6, "填报人：张三　审核人：李四", &Format::new())
        .unwrap();
    ws.merge_range(7, 0, 8, 3, "", &Format::new()).unwrap();
    wb.save(w.join("data/2024Q2/township.xlsx")).unwrap();
    // Villages by name, their township merged down over them (乙镇 over 东湖村 and 青山村):
    // read as shown, it tells the two 东湖村 apart.
    w.remove("data/2024Q2/village.csv");
    let mut wb = Workbook::new();
    let ws = sheet(
        &mut wb,
        "村",
        &[
            &["单位名称", "所属乡镇", "gdp", "rate"],
            &["东湖村", "甲镇", "100", "50"],
            &["东湖村", "", "200", "100"],
            &["青山村", "", "50", "25"],
        ],
    );
    // The merge runs on over a note under the table, which stays a note.
    ws.merge_range(2, 1, 4, 1, "乙镇", &Format::new()).unwrap();
    ws.write_string(4, 2, "注：数据来自区统计局").unwrap();
    wb.save(w.join("data/2024Q2/village.xlsx")).unwrap();
    let adjustments = |points_merged: bool| {
        let mut wb = Workbook::new();
        let ws = sheet(
            &mut wb,
            "加减分",
            &[
                &["单位编码", "类型", "分值", "事由", "文号", "备注"],
                &["T1", "加分", "2", "获省级表彰", "区考核办〔2024〕12号"],
                &["T3", "扣分", "1.5", "督查通报", "区委办〔2024〕3号"],
            ],
        );
        ws.merge_range(1, 5, 2, 5, "已核", &Format::new()).unwrap();
        ws.merge_range(4, 0, 4, 5, "制表：王五", &Format::new())
            .unwrap();
        if points_merged {
            ws.merge_range(1, 2, 2, 2, "2", &Format::new()).unwrap();
        }
        wb.save(w.join("data/2024Q2/adjustments.xlsx")).unwrap();
    };
    adjustments(false);
    // The registry as a workbook: a 备注 merged down, a signature and a reviewer merged side by
    // side on their row.
    w.remove("data/units.csv");
    let mut wb = Workbook::new();
    let mut rows: Vec<&[&str]> = REGISTRY.iter().map(|r| &r[..]).collect();
    rows[0] = &["单位编码", "单位名称", "类别", "所属乡镇", "备注"];
    let ws = sheet(&mut wb, "名册", &rows);
    ws.merge_range(1, 4, 3, 4, "2024年起考核", &Format::new())
        .unwrap();
    ws.merge_range(8, 0, 8, 2, "制表：赵六", &Format::new())
        .unwrap();
    ws.merge_range(8, 3, 8, 4, "审核：孙七", &Format::new())
        .unwrap();
    wb.save(w.join("data/units.xlsx")).unwrap();
    // BASELINE with T1 + 2 = 66 and T3 − 1.5 = 43.5.
    let mut expected = BASELINE.map(String::from);
    expected[0] = "T1=66.00".into();
    expected[2] = "T3=43.50".into();
    assert_eq!(totals(&w, &[]), expected);
    let err = w.run(&["check"]).success().stderr;
    assert!(!err.contains("merged"), "{err}");
    assert!(
        err.contains("adjustments.xlsx:5: sheet 加减分, cell A5, column 单位编码: row skipped: `制表：王五` totals or signs the list"),
        "{err}"
    );
    assert!(
        err.contains("warning: data/units.xlsx:9: row skipped: `制表：赵六` totals or signs the list, it is no unit"),
        "{err}"
    );
    adjustments(true);
    let err = fails(&w, &["--quiet"]);
    assert!(
        err.contains("error: data/2024Q2/adjustments.xlsx:2: sheet 加减分, cell C2: merged cells (C2:C3) below the header: unmerge them and fill every cell\n"),
        "{err}"
    );
    // A second sheet of adjustments is found whatever the merges on either sheet.
    let mut wb = Workbook::new();
    let rows: &[&[&str]] = &[
        &["单位编码", "类型", "分值", "事由", "备注"],
        &["T1", "加分", "2", "获省级表彰"],
        &["T3", "扣分", "1.5", "督查通报"],
    ];
    for name in ["加分", "扣分"] {
        let ws = sheet(&mut wb, name, rows);
        ws.merge_range(1, 4, 2, 4, "已核", &Format::new()).unwrap();
    }
    wb.save(w.join("data/2024Q2/adjustments.xlsx")).unwrap();
    let err = fails(&w, &["--quiet"]);
    assert!(
        err.contains("adjustments.xlsx: sheet(s) 扣分 hold more rows of this table, but only the first sheet (加分) is read"),
        "{err}"
    );
    // Adjustments by name, the township merged down over two villages and their 小计 row (the
    // row stays a total, skipped), one inspection's 类型, 事由 and 文号 merged over both rows:
    // V2 100 − 1 = 99, V3 25 − 0.5 = 24.5.
    let mut wb = Workbook::new();
    let ws = sheet(
        &mut wb,
        "加减分",
        &[
            &["所属乡镇", "单位名称", "类型", "分值", "事由", "文号"],
            &[
                "乙镇",
                "东湖村",
                "扣分",
                "1",
                "督查通报",
                "区委办〔2024〕3号",
            ],
            &["", "青山村", "", "0.5"],
            &["", "小计", "", "1.5"],
        ],
    );
    ws.merge_range(1, 0, 3, 0, "乙镇", &Format::new()).unwrap();
    for (c, label) in [(2, "扣分"), (4, "督查通报"), (5, "区委办〔2024〕3号")] {
        ws.merge_range(1, c, 2, c, label, &Format::new()).unwrap();
    }
    wb.save(w.join("data/2024Q2/adjustments.xlsx")).unwrap();
    let mut expected = BASELINE.map(String::from);
    expected[4] = "V2=99.00".into();
    expected[5] = "V3=24.50".into();
    assert_eq!(totals(&w, &[]), expected);
    let err = w.run(&["check"]).success().stderr;
    assert!(err.contains("`小计` totals or signs the list"), "{err}");
}

/// A unit whose name begins like a footer (注溪村: `注` as in `注：…`) is a unit all the same: its
/// short row is refused for its width, not padded as a footer's (its value would be lost to the
/// missing-value rule), and a side row naming two such namesakes is the ambiguity it is.
#[test]
fn a_unit_named_like_a_footer_is_no_footer() {
    let w = office();
    w.edit("data/units.csv", |r| r.replace("青山村", "注溪村"));
    w.create(
        "data/2024Q2/village.csv",
        "unit_id,unit_name,gdp,rate\nV1,东湖村,100,50\nV2,东湖村,200,100\n,注溪村,50\n",
    );
    let err = fails(&w, &["--quiet"]);
    assert!(
        err.contains("village.csv:4: column unit_name (unit 注溪村): row has 3 fields but the header has 4\n"),
        "{err}"
    );
    w.copy_fixture("office/village.csv", "data/2024Q2/village.csv");
    w.edit("data/units.csv", |r| r.replace("V2,东湖村", "V2,注溪村"));
    w.create(
        "data/2024Q2/targets.csv",
        "unit_name,indicator,target\n注溪村,tax,40\n",
    );
    let err = fails(&w, &["--quiet"]);
    assert!(
        err.contains("targets.csv:2: column unit_name (unit 注溪村): the name `注溪村` is shared by V2 注溪村, V3 注溪村"),
        "{err}"
    );
    // So is a category table's row by that name: the ambiguity, not a skipped footer.
    w.remove("data/2024Q2/targets.csv");
    w.create(
        "data/2024Q2/village.csv",
        "unit_id,unit_name,gdp,rate\nV1,东湖村,100,50\n,注溪村,200,100\nV3,注溪村,50,25\n",
    );
    let err = fails(&w, &["--quiet"]);
    assert!(
        err.contains("village.csv:3: column unit_name (unit 注溪村): the name `注溪村` is shared by V2 注溪村, V3 注溪村, all under 乙镇"),
        "{err}"
    );
}

#[test]
fn chinese_targets_and_adjustments_as_gbk_csv_files() {
    // The same side files as in the workbooks above, as Excel saves CSV on Chinese Windows (GBK,
    // no byte-order mark), with the other spellings of the headers and units by name.
    let w = office();
    let gbk = |text: &str| encoding_rs::GBK.encode(text).0.into_owned();
    w.create_bytes(
        "data/2024Q2/targets.csv",
        &gbk("单位代码,指标,目标值\nT1,税收收入,40\nT3,tax,240\n"),
    )
    .create_bytes(
        "data/2024Q2/加减分.csv",
        &gbk(
            "单位名称,类型,分值,原因,依据\n甲镇,加分,2,获省级表彰,区考核办〔2024〕12号\n\
              丙镇,扣分,1.5,督查通报,区委办〔2024〕3号\n\
              乙镇,一票否决,,发生较大安全生产责任事故,区安委会〔2024〕1号\n",
        ),
    );
    // As with the workbooks: T1 69 + 2 = 71; T3 40 − 1.5 = 38.5; T2 100, vetoed.
    assert_eq!(
        totals(&w, &[]),
        [
            "T1=71.00",
            "T2=100.00",
            "T3=38.50",
            "V1=50.00",
            "V2=100.00",
            "V3=25.00"
        ]
    );
    let rows = w.rank_csv(&["--track", "town"]);
    let towns = ["T1", "T2", "T3"];
    assert_eq!(rows.col("tax:score", &towns), ["10.00", "10.00", "5.00"]);
    assert_eq!(rows.col("bonus", &towns), ["2.00", "0.00", "0.00"]);
    assert_eq!(rows.col("deduction", &towns), ["0.00", "0.00", "1.50"]);
    assert_eq!(rows.col("veto", &towns), ["0", "1", "0"]);
    let out = w.run(&["check", "--verbose"]).success().stderr;
    for line in [
        "read: data/2024Q2/targets.csv as GB18030 (no BOM, not UTF-8)\n",
        "read: data/2024Q2/加减分.csv as GB18030 (no BOM, not UTF-8)\n",
        "3 adjustments; 0 warning(s)\n",
    ] {
        assert!(out.contains(line), "{line}\nin:\n{out}");
    }
    // Bad rows name the line and the column under its own header, all in one run.
    w.create_bytes(
        "data/2024Q2/加减分.csv",
        &gbk("单位名称,类型,分值,原因,依据\n甲镇,奖励,2,获省级表彰,区考核办〔2024〕12号\n\
              丁镇,加分,1,获市级表彰,区考核办〔2024〕13号\n丙镇,扣分,一分,督查通报,区委办〔2024〕3号\n"),
    );
    let f = "error: data/2024Q2/加减分.csv";
    assert_eq!(
        fails(&w, &[]),
        format!(
            "error: invalid config or data:\n\
             {f}:2: column 类型 (unit T1 甲镇): expected bonus / 加分, deduction / 扣分 or veto / 一票否决, found `奖励`\n\
             {f}:3: column 单位名称 (unit 丁镇): no unit is named `丁镇` in the registry (units.csv); close names: T1 甲镇, T2 乙镇, T3 丙镇\n\
             {f}:4: column 分值 (unit T3 丙镇): expected a number, found `一分`\n\
             3 error(s), 0 warning(s)\n"
        )
    );
}

/// Adjustments by name of villages that share one (东湖村 under 甲镇 and under 乙镇): a
/// `所属乡镇` column tells them apart, as in a category table; without it, the error lists both
/// candidates and how to tell them apart. V2 东湖村 (乙镇) 100 + 3 = 103, V1 untouched.
#[test]
fn adjustments_tell_villages_of_one_name_apart_by_their_township() {
    let w = office();
    w.create(
        "data/2024Q2/adjustments.csv",
        "unit_name,所属乡镇,kind,points,reason,reference\n东湖村,乙镇,加分,3,获市级表彰,区考核办〔2024〕14号\n",
    );
    assert_eq!(
        totals(&w, &[]),
        [
            "T1=64.00",
            "T2=100.00",
            "T3=45.00",
            "V1=50.00",
            "V2=103.00",
            "V3=25.00"
        ]
    );
    w.create(
        "data/2024Q2/adjustments.csv",
        "unit_name,kind,points,reason,reference\n东湖村,加分,3,获市级表彰,区考核办〔2024〕14号\n",
    );
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/adjustments.csv:2: column unit_name (unit 东湖村): the name `东湖村` is shared by V1 东湖村, V2 东湖村: add a `unit_id` (单位编码) column, or a `所属乡镇` column, or write the name with its township (e.g. `甲镇东湖村`)\n"), "{err}");
    // The column there, the row's cell empty: fill it in.
    w.create(
        "data/2024Q2/adjustments.csv",
        "unit_name,所属乡镇,kind,points,reason,reference\n东湖村,,加分,3,获市级表彰,区考核办〔2024〕14号\n",
    );
    let err = fails(&w, &[]);
    assert!(err.contains("the name `东湖村` is shared by V1 东湖村, V2 东湖村: fill in the row's 所属乡镇 (its township), or give its `unit_id` (单位编码)\n"), "{err}");
}

/// A number typed in a department's table over `不考核`, in a column the unit's track does not
/// score (`acc` is scored on townships only), is not read — with a warning naming the cell.
/// `不考核` itself, and an empty cell, pass quietly.
#[test]
fn a_value_where_the_units_track_scores_no_such_indicator_is_warned_of() {
    let w = office();
    w.create(
        "data/2024Q2/区应急管理局.csv",
        "unit_id,acc\nV1,3\nV2,不考核\nV3,\n",
    );
    assert_eq!(totals(&w, &[]), super::BASELINE);
    let out = w.run(&["check"]).success();
    out.mentions(&[
        "warning: data/2024Q2/区应急管理局.csv:2: column acc (unit V1 东湖村): value `3` of `acc`",
    ]);
    assert_eq!(
        out.stderr.matches("not read: the unit's track").count(),
        1,
        "{}",
        out.stderr
    );
}

/// A row of the adjustments workbook hidden by a filter is read, as any hidden row, and warned
/// of: T3's deduction of 1.5 counts (T3 45 − 1.5 = 43.5).
#[test]
fn a_hidden_row_of_the_adjustments_workbook_is_read_with_a_warning() {
    let w = office();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("加减分").unwrap();
    let rows = [
        ["单位编码", "类型", "分值", "事由", "文号"],
        ["T1", "加分", "2", "获省级表彰", "区考核办〔2024〕12号"],
        ["T3", "扣分", "1.5", "督查通报", "区委办〔2024〕3号"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    ws.set_row_hidden(2).unwrap();
    wb.save(w.join("data/2024Q2/adjustments.xlsx")).unwrap();
    let t = totals(&w, &[]);
    assert_eq!((t[0].as_str(), t[2].as_str()), ("T1=66.00", "T3=43.50"));
    let out = w.run(&["check"]).success();
    out.mentions(&["warning: data/2024Q2/adjustments.xlsx: sheet 加减分: hidden row(s) 3 are read like the others"]);
}
