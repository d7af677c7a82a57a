//! The example of `docs/examples/`: a lead department's submission as an office types it
//! (`data/2024Q2/区统计局.xlsx`), with the registry and the scheme it belongs to, read through the
//! binary. The workbook is checked in; [`write_example`] wrote it.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use crate::common::{Rows, Workdir};

/// `docs/examples/<rel>` in the repository.
fn example(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/examples")
        .join(rel)
}

const WORKBOOK: &str = "data/2024Q2/区统计局.xlsx";

/// One row of the submission: name, township, gdp (万元), budget revenue (万元), project
/// completion (a fraction shown as a percentage, or text).
enum Rate {
    Percent(f64),
    Text(&'static str),
}

const ROWS: [(&str, &str, f64, Option<f64>, Rate); 6] = [
    ("城关镇", "", 50_000.0, Some(8_000.0), Rate::Percent(0.95)),
    ("青山镇", "", 40_000.0, Some(6_000.0), Rate::Percent(1.0)),
    ("桃源镇", "", 25_000.0, Some(4_000.0), Rate::Percent(0.8)),
    ("东湖村", "城关镇", 1_200.0, None, Rate::Percent(0.9)),
    ("东湖村", "青山镇", 800.0, None, Rate::Text("不适用")),
    ("柳河村", "桃源镇", 1_600.0, None, Rate::Percent(0.75)),
];

/// Writes the example workbook. Run `cargo test --test cli -- --ignored write_example` after
/// changing it, and check the file in.
#[test]
#[ignore = "regenerates docs/examples/data/2024Q2/区统计局.xlsx"]
fn write_example() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("二季度报送").unwrap();
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let text = Format::new().set_border(FormatBorder::Thin);
    let amount = Format::new()
        .set_num_format("#,##0")
        .set_border(FormatBorder::Thin);
    let percent = Format::new()
        .set_num_format("0.0%")
        .set_border(FormatBorder::Thin);
    ws.merge_range(0, 0, 0, 4, "2024年第二季度主要经济指标报送表", &title)
        .unwrap();
    ws.write_string(1, 0, "填报单位：区统计局（盖章）").unwrap();
    ws.write_string(1, 3, "数据截至：2024年6月30日").unwrap();
    let header = [
        "单位名称",
        "所属乡镇",
        "地区生产总值（万元）",
        "一般公共预算收入（万元）",
        "重点项目完成率（%）",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &head).unwrap();
    }
    for (i, (name, town, gdp, ybsr, rate)) in ROWS.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string_with_format(r, 0, *name, &text).unwrap();
        ws.write_string_with_format(r, 1, *town, &text).unwrap();
        ws.write_number_with_format(r, 2, *gdp, &amount).unwrap();
        match ybsr {
            Some(v) => ws.write_number_with_format(r, 3, *v, &amount).unwrap(),
            None => ws.write_blank(r, 3, &text).unwrap(),
        };
        match rate {
            Rate::Percent(f) => ws.write_number_with_format(r, 4, *f, &percent).unwrap(),
            Rate::Text(t) => ws.write_string_with_format(r, 4, *t, &text).unwrap(),
        };
    }
    let total = 3 + ROWS.len() as u32;
    ws.write_string_with_format(total, 0, "合计", &head)
        .unwrap();
    ws.write_blank(total, 1, &text).unwrap();
    let gdp: f64 = ROWS.iter().map(|r| r.2).sum();
    let ybsr: f64 = ROWS.iter().filter_map(|r| r.3).sum();
    ws.write_number_with_format(total, 2, gdp, &amount).unwrap();
    ws.write_number_with_format(total, 3, ybsr, &amount)
        .unwrap();
    ws.write_blank(total, 4, &text).unwrap();
    ws.write_string(
        total + 2,
        0,
        "填报人：王芳　　审核人：李强　　联系电话：0571-8888 6666　　填报日期：2024年7月5日",
    )
    .unwrap();
    ws.set_column_width(0, 12).unwrap();
    ws.set_column_width(1, 10).unwrap();
    ws.set_column_range_width(2, 4, 16).unwrap();
    ws.set_row_height(2, 32).unwrap();
    wb.save(example(WORKBOOK)).unwrap();
}

/// A copy of `docs/examples/` to run in.
fn copy() -> Workdir {
    let w = Workdir::new();
    for rel in ["scoring-config.toml", "data/units.csv", WORKBOOK] {
        let bytes = std::fs::read(example(rel)).unwrap();
        w.create_bytes(rel, &bytes);
    }
    w
}

#[test]
fn the_example_submission_reads_as_an_office_typed_it() {
    let w = copy();
    let rows: Rows = w.rank_csv(&[]);
    // town (gdp 40, ybsr 30, xmwcl 30, all proportional to the highest):
    // 城关镇 40 + 30 + 30·95/100 = 98.5; 青山镇 40·4/5 + 30·6/8 + 30 = 32 + 22.5 + 30 = 84.5;
    // 桃源镇 40·1/2 + 30·1/2 + 30·80/100 = 20 + 15 + 24 = 59.
    // village (gdp 50, xmwcl 50; the highest rate among the villages that have one is 90):
    // C01 50·1200/1600 + 50·90/90 = 37.5 + 50 = 87.5; C02 (the other 东湖村, under 青山镇) has no
    // key project: 50·800/1600 = 25 of the 50 points that apply, rescaled 25·100/50 = 50;
    // C03 50 + 50·75/90 = 91.666… → 91.67.
    let ids = ["Z01", "Z02", "Z03", "C01", "C02", "C03"];
    assert_eq!(
        rows.col("total", &ids),
        ["98.50", "84.50", "59.00", "87.50", "50.00", "91.67"]
    );
    assert_eq!(rows.col("rank", &ids), ["1", "2", "3", "2", "3", "1"]);
    assert_eq!(
        rows.col("xmwcl", &ids),
        ["95", "100", "80", "90", "不适用", "75"]
    );
    assert_eq!(
        rows.col("gdp", &ids),
        ["50000", "40000", "25000", "1200", "800", "1600"]
    );
    assert_eq!(rows.get("C02", "applicable_points"), "50");
    let check = w.run(&["check"]).success();
    let f = "data/2024Q2/区统计局.xlsx";
    assert!(
        check.stdout.contains(&format!(
            "【跳过的合计行和表尾】\n\n\
             \x20 · {f}:10（sheet 二季度报送）：合计\n\
             \x20 · {f}:12（sheet 二季度报送）：填报人：王芳　　审核人：李强　　联系电话：0571-8888 6666　　填报日期：2024年7月5日\n"
        )),
        "{}",
        check.stdout
    );
    for line in [
        format!("read: {f} as xlsx, sheet 二季度报送\n"),
        "ok: 2024Q2 — 2 tracks, 3 indicators, 6 units, 0 adjustments; 0 warning(s)\n".into(),
    ] {
        assert!(
            check.stderr.contains(&line),
            "{line}\nin:\n{}",
            check.stderr
        );
    }
}
