//! Reading real-world input end to end: encodings, .xlsx workbooks, header aliases, number
//! cleaning and data checks, through the `pingyi` binary. Fixtures live in
//! `tests/fixtures/reading/`; every case scores the same district, so the totals of a
//! correctly read file are always the ones in [`EXPECTED`] (computed by hand below).

mod office;
mod xlsx;

use crate::common::Workdir;
use xlsx::fixture;

/// A folder with `scoring-config.toml`, `data/units.csv` and `data/2024Q2/` holding the plain
/// `township.csv` and `village.csv` of `tests/fixtures/reading/`; tests swap files in and out.
fn work() -> Workdir {
    let w = Workdir::new();
    w.copy_fixture("reading/scoring-config.toml", "scoring-config.toml")
        .copy_fixture("reading/units.csv", "data/units.csv")
        .copy_fixture("reading/township.csv", "data/2024Q2/township.csv")
        .copy_fixture("reading/village.csv", "data/2024Q2/village.csv");
    w
}

/// `unit_id=total` of every unit, from `--format csv`, sorted by unit id.
fn totals(w: &Workdir, extra: &[&str]) -> Vec<String> {
    let rows = w.rank_csv(extra);
    let mut v: Vec<String> = rows
        .order
        .iter()
        .map(|id| format!("{id}={}", rows.get(id, "total")))
        .collect();
    v.sort();
    v
}

/// The run's stderr, expecting exit code 1.
fn fails(w: &Workdir, args: &[&str]) -> String {
    w.run(args).exit(1).stderr
}

/// town (gdp 50 proportional, rate 30 proportional, acc 20 deduct 5 each):
/// T1 = 50·1234.5/2469 + 30·80/100 + (20 − 5·1) = 25 + 24 + 15 = 64;
/// T2 = 50 + 30 + 20 = 100; T3 = 12.5 + 15 + 10 = 37.5.
/// village (gdp 60, rate 40): V1 = 60·10/20 + 40·50/100 = 50; V2 = 100.
const EXPECTED: [&str; 5] = ["T1=64.00", "T2=100.00", "T3=37.50", "V1=50.00", "V2=100.00"];

#[test]
#[ignore = "regenerates the checked-in .xlsx fixtures"]
fn regenerate_xlsx_fixtures() {
    xlsx::write_xlsx_fixtures();
}

#[test]
fn plain_csv_by_indicator_ids() {
    assert_eq!(totals(&work(), &[]), EXPECTED);
}

#[test]
fn gbk_without_bom_with_a_title_row_and_chinese_headers() {
    let bytes = std::fs::read(fixture("township-gbk.csv")).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must be GBK"
    );
    let w = work();
    w.copy_fixture("reading/township-gbk.csv", "data/2024Q2/township.csv");
    assert_eq!(totals(&w, &[]), EXPECTED);
    let out = w.run(&["check", "--verbose"]).success().stderr;
    assert!(
        out.contains("read: data/2024Q2/township.csv as GB18030 (no BOM, not UTF-8)\n"),
        "{out}"
    );
    assert!(out.contains("read: data/units.csv as UTF-8 (no BOM, valid UTF-8)\n"));
}

#[test]
fn forcing_gbk_applies_to_every_file_without_a_bom() {
    let w = work();
    w.copy_fixture("reading/township-gbk.csv", "data/2024Q2/township.csv");
    let units = std::fs::read_to_string(fixture("units.csv")).unwrap();
    w.create_bytes("data/units.csv", &encoding_rs::GBK.encode(&units).0);
    let bom = std::fs::read(fixture("village.csv")).unwrap();
    w.create_bytes(
        "data/2024Q2/village.csv",
        &[b"\xEF\xBB\xBF".as_slice(), &bom].concat(),
    );
    assert_eq!(totals(&w, &["--encoding", "gbk"]), EXPECTED);
    let out = w
        .run(&["check", "--verbose", "--encoding", "gbk"])
        .success()
        .stderr;
    for line in [
        "read: data/units.csv as GBK (--encoding)\n",
        "read: data/2024Q2/township.csv as GBK (--encoding)\n",
        "read: data/2024Q2/village.csv as UTF-8 (byte-order mark)\n",
    ] {
        assert!(out.contains(line), "{line}\nin:\n{out}");
    }
}

#[test]
fn forcing_utf8_on_a_gbk_file_names_the_byte_and_line() {
    let w = work();
    w.copy_fixture("reading/township-gbk.csv", "data/2024Q2/township.csv");
    let err = fails(&w, &["--encoding", "utf-8"]);
    assert!(err.contains("error: data/2024Q2/township.csv:1: not valid UTF-8 at byte offset 4 (read as UTF-8 because --encoding utf-8)\n"), "{err}");
}

#[test]
fn utf8_with_bom_and_headers_by_alias_in_full_width() {
    let w = work();
    w.copy_fixture("reading/township-bom.csv", "data/2024Q2/township.csv");
    assert_eq!(totals(&w, &[]), EXPECTED);
    let out = w.run(&["check", "--verbose"]).success().stderr;
    assert!(
        out.contains("read: data/2024Q2/township.csv as UTF-8 (byte-order mark)\n"),
        "{out}"
    );
}

#[test]
fn separators_percent_signs_and_full_width_numbers_are_cleaned() {
    let w = work();
    w.copy_fixture("reading/township-numbers.csv", "data/2024Q2/township.csv");
    assert_eq!(totals(&w, &[]), EXPECTED);
}

#[test]
fn every_bad_cell_and_row_is_reported_in_one_run() {
    let w = work();
    w.copy_fixture("reading/township-bad.csv", "data/2024Q2/township.csv");
    let err = fails(&w, &[]);
    let f = "error: data/2024Q2/township.csv";
    let expected = [
        format!("{f}:2: column gdp (unit T1 甲镇): `1,23` is not a number: a thousands separator must group the digits before the decimal point in threes, as in 1,234,567.5"),
        format!("{f}:2: column acc (unit T1 甲镇): `1%` has a percent sign, but the indicator is not a percentage: write the number without `%`, or set `percent = true` on the indicator"),
        format!("{f}:3: column acc (unit T2 乙镇): value -1 is outside the valid range ≥ 0 of `acc` (安全事故)"),
        format!("{f}:4: column unit_id (unit T2 乙镇): duplicate row: the unit already has a row at line 3"),
        format!("{f}:5: column unit_id (unit T9): unit is not in the registry (units.csv)"),
        format!("{f}:6: column gdp (unit T3 丙镇): expected a number, `-`, `N/A`, `不适用` or an empty cell, found `abc`"),
        format!("{f}:6: column rate (unit T3 丙镇): value 120 is outside the valid range [0, 100] of `rate` (任务完成率)"),
        format!("{f}:6: column acc (unit T3 丙镇): expected a number, `-`, `N/A`, `不适用` or an empty cell, found `inf`"),
    ];
    for e in &expected {
        assert!(err.contains(&format!("{e}\n")), "missing {e}\nin:\n{err}");
    }
    assert!(err.contains("\n8 error(s), 0 warning(s)"), "{err}");
}

#[test]
fn a_missing_unit_row_and_an_unknown_column() {
    let w = work();
    w.create(
        "data/2024Q2/township.csv",
        "unit_id,gdp,rate,acc,备注\nT1,1,1,0,\nT2,2,2,0,x\n",
    );
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.csv (unit T3 丙镇): registry unit has no row in township.csv\n"), "{err}");
    assert!(err.contains("warning: data/2024Q2/township.csv:1: column 备注: unknown column, ignored: it is not an indicator id, name or alias of the config\n"), "{err}");
}

#[test]
fn huge_input_text_is_cut_in_every_message() {
    // A 100,000-character name beside an id (the name-differs warning quoted it whole), an id of
    // 1,000 characters (the unit of its error) and a header of 500 (its column's place).
    let w = work();
    let name = format!("甲镇{}", "x".repeat(100_000));
    let id = "X".repeat(1_000);
    let header = "备".repeat(500);
    w.create(
        "data/2024Q2/township.csv",
        &format!("unit_id,unit_name,gdp,rate,acc,{header}\nT1,{name},1234.5,80,1,\nT2,乙镇,2469,100,0,\nT3,丙镇,617.25,50,2,\n{id},丁镇,1,1,1,\n"),
    );
    let err = fails(&w, &[]);
    let x60 = "x".repeat(58);
    assert!(err.contains(&format!("warning: data/2024Q2/township.csv:2: column unit_name (unit T1 甲镇): name `甲镇{x60}…` (100,002 characters) differs from the registry's\n")), "{err}");
    let x60 = "X".repeat(60);
    assert!(err.contains(&format!("error: data/2024Q2/township.csv:5: column unit_id (unit {x60}… (1,000 characters)): unit is not in the registry (units.csv)\n")), "{err}");
    let h60 = "备".repeat(60);
    assert!(err.contains(&format!("warning: data/2024Q2/township.csv:1: column {h60}… (500 characters): unknown column, ignored")), "{err}");
    assert!(err.len() < 2_000, "{} bytes: {err}", err.len());
}

#[test]
fn invisible_characters_in_a_cell_are_shown_escaped() {
    // `found `509`` with a zero-width space, `found `1 000`` with a no-break space: the message
    // showed no reason. And an id with a zero-width space, which no registry unit matches.
    let w = work();
    w.create(
        "data/2024Q2/township.csv",
        "unit_id,unit_name,gdp,rate,acc\nT1,甲镇,509\u{200b},80,1\nT2,乙镇,1\u{a0}000,100,0\nT3,丙镇,617.25,50,2\nT3\u{200b},丙镇,1,1,1\n",
    );
    let err = fails(&w, &[]);
    let found = "expected a number, `-`, `N/A`, `不适用` or an empty cell, found";
    for line in [
        format!("error: data/2024Q2/township.csv:2: column gdp (unit T1 甲镇): {found} `509\\u{{200b}}`\n"),
        format!("error: data/2024Q2/township.csv:3: column gdp (unit T2 乙镇): {found} `1\\u{{a0}}000`\n"),
        "error: data/2024Q2/township.csv:5: column unit_id (unit T3\\u{200b}): unit is not in the registry (units.csv)\n".to_string(),
    ] {
        assert!(err.contains(&line), "missing {line}in:\n{err}");
    }
}

#[test]
fn a_semicolon_file_is_recognised() {
    let w = work();
    w.copy_fixture("reading/township-semicolon.csv", "data/2024Q2/township.csv");
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.csv:1: looks like a semicolon-separated file (the header row is one field: `unit_id;gdp;rate;acc`): save it as comma-separated CSV\n"), "{err}");
}

#[test]
fn an_empty_file_and_a_column_given_twice() {
    let w = work();
    w.create("data/2024Q2/township.csv", "");
    w.create(
        "data/2024Q2/village.csv",
        "unit_id,gdp,地区生产总值,rate\nV1,1,1,1\nV2,2,2,2\n",
    );
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.csv:1: the file is empty: expected a header row with unit_id\n"), "{err}");
    assert!(err.contains("error: data/2024Q2/village.csv:1: column gdp: 2 columns answer to `gdp`: `gdp` (column 2) and `地区生产总值` (column 3); keep one\n"), "{err}");
}

/// Review's case: a title row `单位：万元` above a table whose amounts the scheme has in 亿元 was
/// skipped like any title, and 15800 (万元) read as 15800 亿元. Each column of an amount in
/// another unit of money is an error at the title's line; the indicators in % or 起 are not.
#[test]
fn a_title_row_stating_another_unit_of_money_is_an_error() {
    let w = work();
    w.edit("data/2024Q2/township.csv", |t| {
        format!("乡镇考核数据,,,,单位：万元\n{t}")
    });
    let err = fails(&w, &["check"]);
    assert!(err.contains("error: data/2024Q2/township.csv:1: column gdp: the title row above the header (`单位：万元`) states amounts in 万元, but `gdp` (地区生产总值) is configured in `亿元` (1 亿元 = 10000 万元): convert the column to 亿元 and correct the title, or change the indicator's `unit`\n"), "{err}");
    assert!(err.contains("1 error(s)"), "{err}");
    // The title stating the configured unit, or who filled the table in, reads as before.
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("单位：万元", "单位：亿元", 1)
    });
    assert_eq!(totals(&w, &[]), EXPECTED);
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("单位：亿元", "填报单位：统计局", 1)
    });
    assert_eq!(totals(&w, &[]), EXPECTED);
}

/// Review's case: a stray `"` on T1's row swallowed the rest of the file into one cell; each
/// unit of the category was reported without a row — T2 and T3 first — before the cause. The
/// file's rows not read are not also reported missing.
#[test]
fn a_quote_never_closed_is_reported_without_the_rows_it_swallowed() {
    let w = work();
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("T1,", "T1,\"", 1)
    });
    let err = fails(&w, &["check"]);
    assert!(err.contains("error: data/2024Q2/township.csv:2: a quoted cell of this row is never closed (the file holds an odd number of `\"`): the rest of the file, lines 2–4, was read as one cell; close the quote or remove it\n"), "{err}");
    assert!(!err.contains("no row"), "{err}");
    assert!(err.contains("\n2 error(s), 0 warning(s)"), "{err}");
}

/// One row too short among rows that fit the header: its unit is reported without a row as well
/// (a header wider than every row is not: see `a_header_wider_than_every_row_…`).
#[test]
fn a_short_row_among_rows_that_fit_leaves_its_unit_without_a_row() {
    let w = work();
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("T2,乙镇,2469,100,0", "T2,乙镇,2469,100", 1)
    });
    let err = fails(&w, &["check"]);
    assert!(
        err.contains("township.csv:3: row has 4 fields but the header has 5\n"),
        "{err}"
    );
    assert!(
        err.contains("(unit T2 乙镇): registry unit has no row in township.csv"),
        "{err}"
    );
}

/// Review's case: the same title above the sample's `targets.csv`, its 固定资产投资 targets
/// typed in 万元 (61000 for 6.1 亿元), was passed over: every town's `gdtz` scored 0 (城关镇 91.64
/// → 77.25, third to fifth) with exit 0, `--strict` too. It is an error, once per indicator of
/// money whose targets the file gives; the title stating the configured unit reads as before.
#[test]
fn a_title_row_stating_another_unit_of_money_above_the_targets_is_an_error() {
    let w = Workdir::sample();
    let path = "data/2024Q4/targets.csv";
    let plain = w.run(&["rank", "--format", "csv"]).success().stdout;
    w.edit(path, |t| {
        format!("2024年固定资产投资目标任务,,\n单位：万元,,\n{t}")
    });
    let out = w.run(&["rank", "--format", "csv"]);
    out.fails_with(&[
        "error: data/2024Q4/targets.csv:2: column target: the title row above the header (`单位：万元`) states amounts in 万元, but `gdtz` (固定资产投资) is configured in `亿元` (1 亿元 = 10000 万元): convert the targets to 亿元 and correct the title, or change the indicator's `unit`\n",
        "\n1 error(s), 0 warning(s)",
    ]);
    w.edit(path, |t| t.replacen("单位：万元", "单位：亿元", 1));
    assert_eq!(w.run(&["rank", "--format", "csv"]).success().stdout, plain);
}

/// Review's case: Excel's comma style (千位分隔样式) shows 0 as ` -   `, and "save as CSV"
/// writes it so; read as `-`, T2's `acc` of 0 became "not applicable" and its total was
/// rescaled, with exit 0. A padded dash is an error; `-` alone stays "not applicable".
#[test]
fn an_accounting_zero_is_neither_zero_nor_not_applicable() {
    let w = work();
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("T2,乙镇,2469,100,0", "T2,乙镇,2469,100,\" -   \"", 1)
    });
    let err = fails(&w, &["check"]);
    assert!(err.contains("error: data/2024Q2/township.csv:3: column acc (unit T2 乙镇): ` -   ` is how Excel's accounting and comma styles (会计专用 / 千位分隔样式) show 0, so it may be a zero or \"not applicable\": enter 0 for zero, or `-` alone (or `不适用`) for not applicable\n"), "{err}");
}

/// Every rate of a CSV file typed as a fraction (0.8 for 80 %), and no file with a percentage
/// beyond 1 to compare with: the two-scales check has nothing to compare, and the fractions
/// would be scored as percentages without a word. A warning naming the file's column — not
/// when the values are typed with `%`.
#[test]
fn a_csv_file_of_fractions_for_a_percentage_is_a_warning() {
    let w = work();
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen(",80,", ",0.8,", 1)
            .replacen(",100,", ",1,", 1)
            .replacen(",50,", ",0.5,", 1)
    });
    let out = w.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("warning: data/2024Q2/township.csv:1: column rate: every value of the percentage `rate` (任务完成率) on track `town` lies within [-1, 1] (e.g. 0.5): if these are fractions (0.9 for 90%), enter percentages (90)\n"), "{}", out.stderr);
    fails(&w, &["check", "--strict"]);
    // Typed with `%`, small rates are percentages by their sign: nothing to warn of.
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen(",0.8,", ",0.8%,", 1)
            .replacen(",1,", ",1%,", 1)
            .replacen(",0.5,", ",0.5%,", 1)
    });
    let out = w.run(&["check", "--strict"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// Review's case: one unit's rate typed as a fraction (0.5 for 50 %) among the file's percentages
/// was scored as 0.5 % without a word (the two-scales check compares files). A warning naming
/// the cell; `--strict` refuses it.
#[test]
fn a_lone_fraction_among_percentages_is_a_warning() {
    let w = work();
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("T3,丙镇,617.25,50,2", "T3,丙镇,617.25,0.5,2", 1)
    });
    let out = w.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Median of 80, 100, 0.5: 80.
    assert!(out.stderr.contains("warning: data/2024Q2/township.csv:4: column rate (unit T3 丙镇): 0.5 looks like a fraction among percentages (the column's median is 80): `rate` (任务完成率) is a percentage, so 0.5 is scored as 0.5 %; enter 50 if 50 % is meant\n"), "{}", out.stderr);
    fails(&w, &["check", "--strict"]);
    // A 1 beside percentages near 100 (median 80): 100 % typed as the fraction 1.
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("T3,丙镇,617.25,0.5,2", "T3,丙镇,617.25,1,2", 1)
    });
    let out = w.run(&["check"]);
    assert!(out.stderr.contains("warning: data/2024Q2/township.csv:4: column rate (unit T3 丙镇): 1 looks like a fraction among percentages (the column's median is 80): `rate` (任务完成率) is a percentage, so 1 is scored as 1 %; enter 100 if 100 % is meant\n"), "{}", out.stderr);
    // Typed `1%`, it is 1 %.
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("T3,丙镇,617.25,1,2", "T3,丙镇,617.25,1%,2", 1)
    });
    let out = w.run(&["check", "--strict"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // A whole 0, or fractions beside percentages up to 10, say nothing.
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("T3,丙镇,617.25,0.5,2", "T3,丙镇,617.25,0,2", 1)
    });
    assert!(!w.run(&["check"]).stderr.contains("fraction"));
}

/// Review's case: two rows' names swapped (T1 乙镇, T2 甲镇) gave only warnings, so a slip of
/// the ids swapped the units' values with exit 0. A name that is another unit's is an error;
/// a name that is no unit's (an abbreviation) stays a warning.
#[test]
fn a_name_beside_an_id_that_is_another_units_is_an_error() {
    let w = work();
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("T1,甲镇", "T1,乙镇", 1)
            .replacen("T2,乙镇", "T2,甲镇", 1)
    });
    let err = fails(&w, &["check"]);
    assert!(err.contains("error: data/2024Q2/township.csv:2: column unit_name (unit T1 甲镇): name `乙镇` is the registry's name of another unit (T2 乙镇), not of this row's id: are two rows' ids or names swapped? Correct the id or the name\n"), "{err}");
    assert!(err.contains("error: data/2024Q2/township.csv:3: column unit_name (unit T2 乙镇): name `甲镇` is the registry's name of another unit (T1 甲镇)"), "{err}");
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("T1,乙镇", "T1,甲镇人民政府", 1)
            .replacen("T2,甲镇", "T2,乙镇", 1)
    });
    assert_eq!(totals(&w, &[]), EXPECTED);
}

/// Review's case: an id typed in a Chinese input method's full-width mode (`Ｔ１`) was "not in
/// the registry", though every cell is width-folded. It is the same id.
#[test]
fn an_id_typed_full_width_is_the_same_id() {
    let w = work();
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("T1,甲镇", "Ｔ１,甲镇", 1)
    });
    assert_eq!(totals(&w, &[]), EXPECTED);
    // Given twice, once in each form: a duplicate row.
    w.edit("data/2024Q2/township.csv", |t| {
        format!("{t}T1,甲镇,1234.5,80,1\n")
    });
    let err = fails(&w, &["check"]);
    assert!(
        err.contains("duplicate row: the unit already has a row at line 2"),
        "{err}"
    );
}

/// Review's case: the registry typed `Ｔ１` (full-width) while the tables wrote `T1`: the row
/// was "not in the registry", and the villages under `T1` had no parent. The registry's ids are
/// width-folded like every cell: it is the unit `T1`, shown as `T1`, found by its table row, its
/// adjustment and its villages' parent.
#[test]
fn a_registry_id_typed_full_width_is_the_same_id_in_every_table() {
    let w = work();
    w.edit("data/units.csv", |t| {
        t.replacen("T1,甲镇", "Ｔ１,甲镇", 1).replacen(
            "V1,一村,village,T1",
            "V1,一村,village,Ｔ１",
            1,
        )
    })
    .create(
        "data/2024Q2/adjustments.csv",
        "unit_id,kind,points,reason,reference\nT1,bonus,1,获省级表彰,示例〔2024〕1号\n",
    );
    let rows = w.rank_csv(&[]);
    // T1: 64 (see EXPECTED) + 1 bonus.
    assert_eq!(
        rows.col("total", &["T1", "T2", "T3", "V1", "V2"]),
        ["65.00", "100.00", "37.50", "50.00", "100.00"]
    );
    assert_eq!(rows.col("bonus", &["T1"]), ["1.00"]);
    assert_eq!(rows.col("parent", &["V1", "V2"]), ["T1", "T2"]);
    assert_eq!(rows.col("parent_name", &["V1", "V2"]), ["甲镇", "乙镇"]);
    assert_eq!(rows.len(), 5);
    // The table typed full-width too: the same unit.
    w.edit("data/2024Q2/township.csv", |t| {
        t.replacen("T1,甲镇", "Ｔ１,甲镇", 1)
    });
    assert_eq!(w.rank_csv(&[]).col("total", &["T1"]), ["65.00"]);
}

/// A village's parent written `T1` for the township the registry types `Ｔ１` (and the other
/// way round) is that township.
#[test]
fn a_parent_given_in_the_other_width_is_the_registry_township() {
    let w = work();
    w.edit("data/units.csv", |t| t.replacen("T1,甲镇", "Ｔ１,甲镇", 1));
    assert_eq!(totals(&w, &[]), EXPECTED);
    let rows = w.rank_csv(&[]);
    assert_eq!(rows.col("parent", &["V1"]), ["T1"]);
    assert_eq!(rows.col("parent_name", &["V1"]), ["甲镇"]);
    w.edit("data/units.csv", |t| {
        t.replacen("Ｔ１,甲镇", "T1,甲镇", 1).replacen(
            "V1,一村,village,T1",
            "V1,一村,village,Ｔ１",
            1,
        )
    });
    assert_eq!(totals(&w, &[]), EXPECTED);
    assert_eq!(w.rank_csv(&[]).col("parent_name", &["V1"]), ["甲镇"]);
}

/// Review's case: `T1` and `Ｔ１` were two units of the registry, and a row typed `Ｔ１` scored
/// the second with the first one's figures. They are one id: an error naming both lines.
#[test]
fn one_id_twice_in_the_registry_in_two_widths_is_an_error_naming_both_lines() {
    let w = work();
    w.edit("data/units.csv", |t| format!("{t}Ｔ１,丁镇,township,\n"));
    w.edit("data/2024Q2/township.csv", |t| {
        format!("{t}Ｔ１,丁镇,100,100,0\n")
    });
    let err = fails(&w, &["check"]);
    assert!(
        err.contains("error: data/units.csv:7: column id (unit Ｔ１ 丁镇): duplicate unit id in the registry: line 2 (T1 甲镇) has it too — `T1` and `Ｔ１` are one id, as full-width forms are read as their ASCII twins in the registry as in every table: give one of the units another id\n"),
        "{err}"
    );
    // The full-width one first: the lines the other way round.
    w.edit("data/units.csv", |t| {
        t.replacen("T1,甲镇", "Ｔ１,甲镇", 1)
            .replacen("Ｔ１,丁镇", "T1,丁镇", 1)
    });
    let err = fails(&w, &["check"]);
    assert!(
        err.contains("error: data/units.csv:7: column id (unit T1 丁镇): duplicate unit id in the registry: line 2 (Ｔ１ 甲镇) has it too — `Ｔ１` and `T1` are one id"),
        "{err}"
    );
    // Typed alike: both lines named, nothing more.
    w.edit("data/units.csv", |t| t.replacen("Ｔ１,甲镇", "T1,甲镇", 1));
    let err = fails(&w, &["check"]);
    assert!(
        err.contains("error: data/units.csv:7: column id (unit T1 丁镇): duplicate unit id in the registry: line 2 (T1 甲镇) has it too\n"),
        "{err}"
    );
}

#[test]
fn an_xlsx_per_category_with_a_title_row() {
    let w = work();
    w.remove("data/2024Q2/township.csv")
        .copy_fixture("reading/township-title.xlsx", "data/2024Q2/township.xlsx");
    assert_eq!(totals(&w, &[]), EXPECTED);
    let out = w.run(&["check", "--verbose"]).success().stderr;
    assert!(
        out.contains("read: data/2024Q2/township.xlsx as xlsx, sheet 乡镇数据\n"),
        "{out}"
    );
}

/// Review's case: an .xlsx saved with a password to open it (`township-encrypted.xlsx`, the
/// plain table encrypted with the password `secret`) is a compound file, not a zip: it was
/// "cannot read the workbook (Cfb error: Cannot find Workbook stream): is it an .xlsx, .xls or
/// .ods file saved by Excel …?" — it was. The message says what is wrong and what to do.
#[test]
fn a_workbook_with_a_password_to_open_it_is_named_so() {
    let w = work();
    w.remove("data/2024Q2/township.csv").copy_fixture(
        "reading/township-encrypted.xlsx",
        "data/2024Q2/township.xlsx",
    );
    let err = fails(&w, &["check"]);
    assert!(err.contains("error: data/2024Q2/township.xlsx: the workbook is protected by a password to open it (encrypted), so its cells cannot be read: open it in Excel or WPS with the password, remove the password (Excel: 文件 → 信息 → 保护工作簿 → 用密码进行加密, clear it) and save it, then run again\n"), "{err}");
    assert!(err.contains("\n1 error(s), 0 warning(s)"), "{err}");
}

/// Review's case: an Excel 5.0/95 workbook saved on Chinese Windows (code page 936, written by
/// the review's BIFF5 writer) had every text cell garbled (`unit_id` read as `u\0n\0i\0t…`), and
/// the run said a `unit_id` column was missing. It is named for what it is.
#[test]
fn an_excel_95_workbook_in_a_chinese_code_page_is_named_so() {
    let w = work();
    w.remove("data/2024Q2/township.csv")
        .copy_fixture("reading/township-biff5-936.xls", "data/2024Q2/township.xls");
    let err = fails(&w, &["check"]);
    assert!(err.contains("error: data/2024Q2/township.xls: an Excel 5.0/95 workbook whose text is in code page 936 (Chinese, Japanese or Korean Windows), which pingyi cannot read: open it in Excel or WPS and save it as .xlsx\n"), "{err}");
    assert!(err.contains("\n1 error(s)"), "{err}");
}

#[test]
fn a_hidden_first_sheet_is_passed_over_not_scored() {
    // Last quarter's copy hidden in front of this quarter's sheet: the first visible sheet is
    // read, and the hidden one named in a warning (an error under --strict).
    let w = work();
    w.remove("data/2024Q2/township.csv");
    xlsx::write_hidden_first(&w.join("data/2024Q2/township.xlsx"));
    assert_eq!(totals(&w, &[]), EXPECTED);
    let err = w.run(&["check"]).stderr;
    assert!(err.contains("warning: data/2024Q2/township.xlsx: hidden sheet(s) 上季度 passed over: the first visible sheet (乡镇) is read\n"), "{err}");
    assert!(!err.contains("hold more rows"), "{err}");
    fails(&w, &["--strict"]);
}

/// Second engineer's case: a submission workbook with this quarter's `acc` for T1 on its visible
/// sheet and last quarter's for T2 and T3 on a hidden one was scored whole, without a word (the
/// same in the period workbook). Hidden sheets of workbooks of several tables are passed over too,
/// and named: T2 and T3 have no `acc`.
#[test]
fn hidden_sheets_of_a_submission_are_passed_over_not_scored() {
    let w = work();
    w.edit("data/2024Q2/township.csv", |t| {
        t.lines()
            .map(|l| l.rsplit_once(',').map_or(l, |(head, _)| head).to_string() + "\n")
            .collect()
    });
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (sheet, rows, hidden) in [
        ("本季度", &[("T1", 1.0)][..], false),
        ("上季度", &[("T2", 0.0), ("T3", 2.0)], true),
    ] {
        let ws = wb.add_worksheet().set_name(sheet).unwrap();
        ws.write_string(0, 0, "unit_id").unwrap();
        ws.write_string(0, 1, "acc").unwrap();
        for (r, (id, acc)) in rows.iter().enumerate() {
            ws.write_string(r as u32 + 1, 0, *id).unwrap();
            ws.write_number(r as u32 + 1, 1, *acc).unwrap();
        }
        ws.set_hidden(hidden);
        if !hidden {
            ws.set_active(true);
        }
    }
    wb.save(w.join("data/2024Q2/安监局报送.xlsx")).unwrap();
    let err = fails(&w, &[]);
    assert!(err.contains("warning: data/2024Q2/安监局报送.xlsx: hidden sheet(s) 上季度 passed over: only visible sheets are read (unhide a sheet to have it read)\n"), "{err}");
    assert!(
        err.contains("(unit T2 乙镇)") && err.contains("(unit T3 丙镇)"),
        "{err}"
    );
    assert!(!err.contains("(unit T1 甲镇)"), "{err}");
}

/// Second engineer's case: last quarter's copy hidden after this quarter's sheet was named as a
/// sheet that "holds more rows of this table" with the advice to move its rows to the sheet read.
/// It is named as a hidden sheet passed over.
#[test]
fn a_hidden_sheet_after_the_one_read_is_named_as_hidden() {
    let w = work();
    w.remove("data/2024Q2/township.csv");
    xlsx::write_first_with_a_hidden_copy(&w.join("data/2024Q2/township.xlsx"));
    assert_eq!(totals(&w, &[]), EXPECTED);
    let err = w.run(&["check"]).stderr;
    assert!(err.contains("warning: data/2024Q2/township.xlsx: hidden sheet(s) 上季度 passed over: only the first visible sheet (乡镇) is read\n"), "{err}");
    assert!(!err.contains("hold more rows"), "{err}");
}

#[test]
fn a_second_sheet_holding_more_of_the_table_is_an_error_naming_it() {
    // This quarter's rows on the first sheet, last quarter's copy kept on another: the first is
    // read, as always, and the other named in an error, its rows never lost without a word. A
    // sheet of notes says nothing.
    let w = work();
    w.remove("data/2024Q2/township.csv");
    xlsx::write_first_with_a_copy(&w.join("data/2024Q2/township.xlsx"));
    let err = fails(&w, &["check"]);
    assert!(err.contains("error: data/2024Q2/township.xlsx: sheet(s) 上季度 hold more rows of this table, but only the first sheet (乡镇) is read: move their rows to it, or hide the sheet(s) if their rows are not this period's\n"), "{err}");
    assert!(!err.contains("填表说明"), "{err}");
}

/// Review's case: a category workbook's second sheet of corrections headed by the indicators'
/// names (`地区生产总值`), where the first sheet has their ids (`gdp`), was passed over without
/// a word: its columns were compared as text. They are compared through the scheme's names
/// and aliases, as a data table's headers are read.
#[test]
fn a_later_sheet_headed_by_indicator_names_is_more_of_the_table() {
    let w = work();
    w.remove("data/2024Q2/township.csv");
    xlsx::write_first_with_corrections_by_name(&w.join("data/2024Q2/township.xlsx"));
    let err = fails(&w, &["check"]);
    assert!(err.contains("error: data/2024Q2/township.xlsx: sheet(s) 更正 hold more rows of this table, but only the first sheet (乡镇) is read: move their rows to it, or hide the sheet(s) if their rows are not this period's\n"), "{err}");
}

/// Helper's case: adjustments split over two sheets, the second headed by the other names of the
/// same columns (单位代码/类别/分数/事由/文号 for unit_id/kind/points/reason/reference) went unread without a word, and T2's
/// deduction was lost with exit 0. The columns are compared by what they are: an error; hidden,
/// the sheet is passed over with a warning and T2 keeps its total.
#[test]
fn adjustments_on_a_second_sheet_under_other_names_of_the_columns_are_an_error() {
    let write_headed = |w: &Workdir, hide: bool, unit: &str| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        for (sheet, header, row) in [
            (
                "加分",
                ["unit_id", "kind", "points", "reason", "reference"],
                ["T1", "bonus", "1", "表彰", "区委〔2024〕1号"],
            ),
            (
                "扣分",
                [unit, "类别", "分数", "事由", "文号"],
                ["T2", "deduction", "2", "通报", "区委〔2024〕2号"],
            ),
        ] {
            let ws = wb.add_worksheet().set_name(sheet).unwrap();
            for (c, h) in header.iter().enumerate() {
                ws.write_string(0, c as u16, *h).unwrap();
                ws.write_string(1, c as u16, row[c]).unwrap();
            }
            if sheet == "加分" {
                ws.set_active(true);
            } else {
                ws.set_hidden(hide);
            }
        }
        wb.save(w.join("data/2024Q2/adjustments.xlsx")).unwrap();
    };
    let write = |w: &Workdir, hide: bool| write_headed(w, hide, "单位代码");
    let w = work();
    write(&w, false);
    let err = fails(&w, &["check"]);
    assert!(err.contains("error: data/2024Q2/adjustments.xlsx: sheet(s) 扣分 hold more rows of this table, but only the first sheet (加分) is read"), "{err}");
    fails(&w, &["rank"]);
    // Second review's case: the sheet headed `单位`, no unit column pingyi reads, was passed over
    // without a word. A unit column as offices head it beside the table's columns: its rows are
    // more of the table (T2's deduction), an error.
    let w = work();
    write_headed(&w, false, "单位");
    let err = fails(&w, &["check"]);
    assert!(err.contains("error: data/2024Q2/adjustments.xlsx: sheet(s) 扣分 (unit column `单位`) hold more rows of this table, but only the first sheet (加分) is read, and their unit column is not one pingyi reads"), "{err}");
    // Without one, four of its columns the first sheet's: a warning (such a sheet may be a
    // reference of the points of each kind of award), which `--strict` refuses.
    let w = work();
    write_headed(&w, false, "序号");
    let err = w.run(&["check"]).success().stderr;
    assert!(err.contains("warning: data/2024Q2/adjustments.xlsx: sheet(s) 扣分 share columns with this table but have no unit column (unit_id / 单位编码, or unit_name / 单位名称), so their rows are not read: if they hold more of the table, move the rows to the first sheet (加分)\n"), "{err}");
    fails(&w, &["check", "--strict"]);
    let w = work();
    write(&w, true);
    // T1 64 + 1 bonus; T2 untouched (its deduction is on the hidden sheet).
    assert_eq!(
        totals(&w, &[]),
        ["T1=65.00", "T2=100.00", "T3=37.50", "V1=50.00", "V2=100.00"]
    );
    let err = w.run(&["check"]).success().stderr;
    assert!(err.contains("warning: data/2024Q2/adjustments.xlsx: hidden sheet(s) 扣分 passed over: only the first visible sheet (加分) is read\n"), "{err}");
}

#[test]
fn one_workbook_for_the_period_with_a_sheet_per_category() {
    let w = work();
    w.remove("data/2024Q2/township.csv")
        .remove("data/2024Q2/village.csv");
    w.copy_fixture("reading/2024Q2.xlsx", "data/2024Q2/2024Q2.xlsx");
    assert_eq!(totals(&w, &[]), EXPECTED);
    let out = w.run(&["check"]).success().stderr;
    assert!(
        out.contains(
            "warning: data/2024Q2/2024Q2.xlsx: sheet 说明: sheet ignored: it has no unit column (unit_id / 单位编码 or unit_name / 单位名称), so it is no category table and no submission"
        ),
        "{out}"
    );
}

/// Helper's case: last quarter's period workbook copied into this quarter's folder (beside this
/// quarter's CSV files) was read as submissions and scored as this quarter's, with exit 0. A
/// file named for another quarter is an error, and is not read; so is a CSV.
#[test]
fn a_file_named_for_another_period_is_an_error_not_read() {
    let w = work();
    w.copy_fixture("reading/2024Q2.xlsx", "data/2024Q2/2024Q1.xlsx");
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/2024Q1.xlsx: named for 2024Q1 but lies in the folder of 2024Q2: its rows would be scored as 2024Q2's; move it to the folder 2024Q1, or rename it if it holds 2024Q2's figures\n"), "{err}");
    assert!(err.ends_with("\n1 error(s), 0 warning(s)\n"), "{err}");
    let w = work();
    w.create("data/2024Q2/2023Q4.csv", "unit_id,acc\nT1,9\n");
    let err = fails(&w, &["check"]);
    assert!(
        err.contains(
            "error: data/2024Q2/2023Q4.csv: named for 2023Q4 but lies in the folder of 2024Q2"
        ),
        "{err}"
    );
    // Only quarters: a month or a year in a name is no quarter's folder to move it to (a
    // submission may be named 2024.xlsx), and is read as a submission, as before.
    let w = work();
    w.create("data/2024Q2/2024.csv", "unit_id,acc\nT9,9\n");
    let err = fails(&w, &["check"]);
    assert!(
        err.contains(
            "data/2024Q2/2024.csv:2: column unit_id (unit T9): unit is not in the registry"
        ),
        "{err}"
    );
    // Named for its own period, the workbook is the period workbook.
    let w = work();
    w.remove("data/2024Q2/township.csv")
        .remove("data/2024Q2/village.csv")
        .copy_fixture("reading/2024Q2.xlsx", "data/2024Q2/2024q2.xlsx");
    assert_eq!(totals(&w, &[]), EXPECTED);
}

/// A header of two rows (group names above the indicators') is one error saying what to do,
/// not one per merged cell.
#[test]
fn a_two_row_header_is_one_error_saying_how_to_make_it_one_row() {
    let w = work();
    w.remove("data/2024Q2/township.csv");
    xlsx::write_two_row_header(&w.join("data/2024Q2/township.xlsx"));
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.xlsx:1: sheet 乡镇, cell A1: the header takes two rows (merged cells A1:A2, B1:B2, C1:D1): a row of group names above the indicators' names is not read — unmerge the cells, write the unit columns' headers (单位编码, 单位名称) into row 2 beside the indicators' names, and delete row 1 (the group names), so that one row heads every column\n"), "{err}");
    assert_eq!(err.matches("error: ").count(), 2, "{err}");
    // One header cell merged down, without group names over the columns: no second header row.
    xlsx::write_header_cell_merged_down(&w.join("data/2024Q2/township.xlsx"));
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.xlsx:1: sheet 乡镇, cell F1: merged header cells (F1:F2): unmerge them so that every column has its own header\n"), "{err}");
}

#[test]
fn merged_header_cells_are_rejected_naming_sheet_and_cell() {
    let w = work();
    w.remove("data/2024Q2/township.csv")
        .copy_fixture("reading/township-merged.xlsx", "data/2024Q2/township.xlsx");
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.xlsx:1: sheet 乡镇, cell C1: merged header cells (C1:D1): unmerge them so that every column has its own header\n"), "{err}");
}

#[test]
fn error_date_and_text_cells_in_a_workbook_name_sheet_and_cell() {
    let w = work();
    w.remove("data/2024Q2/township.csv")
        .copy_fixture("reading/township-errors.xlsx", "data/2024Q2/township.xlsx");
    let err = fails(&w, &[]);
    let f = "error: data/2024Q2/township.xlsx";
    let expected = [
        format!("{f}:2: sheet 乡镇, cell E2, column acc (unit T1 甲镇): the cell holds a date or time (45000), not a number: format it as a number (Excel turns entries such as `3-5` into dates)"),
        format!("{f}:3: sheet 乡镇, cell C3, column gdp (unit T2 乙镇): the cell holds the spreadsheet error `#DIV/0!`: fix its formula in the workbook or enter the value"),
        format!("{f}:4: sheet 乡镇, cell D4, column rate (unit T3 丙镇): expected a number, `-`, `N/A`, `不适用` or an empty cell, found `abc`"),
    ];
    for e in &expected {
        assert!(err.contains(&format!("{e}\n")), "missing {e}\nin:\n{err}");
    }
    assert!(err.contains("\n3 error(s)"), "{err}");
}

#[test]
fn csv_and_xlsx_for_one_category_is_an_error() {
    let w = work();
    w.copy_fixture("reading/township-title.xlsx", "data/2024Q2/township.xlsx");
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2: township (乡镇) rows are given 2 times: data/2024Q2/township.csv, sheet 乡镇数据 of data/2024Q2/township.xlsx; keep exactly one source\n"), "{err}");
}

#[test]
fn damaged_workbooks_are_errors_not_panics() {
    let good = std::fs::read(fixture("township-title.xlsx")).unwrap();
    for bytes in [
        b"not a zip at all".to_vec(),
        good[..good.len() / 2].to_vec(),
        Vec::new(),
    ] {
        let w = work();
        w.remove("data/2024Q2/township.csv")
            .create_bytes("data/2024Q2/township.xlsx", &bytes);
        let err = fails(&w, &[]);
        assert!(
            err.contains("error: data/2024Q2/township.xlsx: cannot read the workbook"),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_file_that_cannot_be_opened_is_the_only_error_not_its_missing_rows_and_columns() {
    // A damaged township.xlsx gave "indicator column … is missing" for every indicator and
    // "township.csv: file not found" before the one error that said why.
    let garbage = b"<html><table>";
    let why = "cannot read the workbook (it is neither an .xlsx or .ods archive nor an .xls workbook): is it an .xlsx, .xls or .ods file saved by Excel, WPS or LibreOffice?";
    let only = |err: &str, line: &str| {
        assert_eq!(
            err,
            format!("error: invalid config or data:\n{line}\n1 error(s), 0 warning(s)\n")
        );
    };
    let w = work();
    w.remove("data/2024Q2/township.csv")
        .create_bytes("data/2024Q2/township.xlsx", garbage);
    only(
        &fails(&w, &[]),
        &format!("error: data/2024Q2/township.xlsx: {why}"),
    );
    // A folder under the table's name.
    let w = work();
    w.remove("data/2024Q2/township.csv")
        .mkdir("data/2024Q2/township.csv");
    only(
        &fails(&w, &[]),
        "error: data/2024Q2/township.csv: cannot be read: it is a folder",
    );
    // A symbolic link whose target is gone (a share not mounted): named as such, once (the
    // path was given twice, and the link not named).
    #[cfg(unix)]
    {
        let w = work();
        w.remove("data/2024Q2/township.csv");
        std::os::unix::fs::symlink("/nonexistent/x.csv", w.join("data/2024Q2/township.csv"))
            .unwrap();
        only(
            &fails(&w, &[]),
            "error: data/2024Q2/township.csv: cannot be read: it is a symbolic link to /nonexistent/x.csv, which does not exist",
        );
        // A broken link of a kind never read is what its name says: an unread format, or a
        // file listed as not read.
        let w = work();
        std::os::unix::fs::symlink("/nonexistent/x", w.join("data/2024Q2/宏.xlsm")).unwrap();
        std::os::unix::fs::symlink("/nonexistent/y", w.join("data/2024Q2/说明.pdf")).unwrap();
        only(
            &fails(&w, &[]),
            "error: data/2024Q2/宏.xlsm: `.xlsm` files are not read: save it as .xlsx (or CSV) so that pingyi reads it",
        );
    }
    // The period workbook, which may hold any category.
    let w = work();
    w.remove("data/2024Q2/township.csv")
        .remove("data/2024Q2/village.csv")
        .create_bytes("data/2024Q2/2024Q2.xlsx", garbage);
    only(
        &fails(&w, &[]),
        &format!("error: data/2024Q2/2024Q2.xlsx: {why}"),
    );
    // A lead department's submission, which may give any column.
    let w = work();
    w.edit("data/2024Q2/township.csv", |t| {
        t.lines()
            .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
            .collect()
    })
    .create_bytes("data/2024Q2/安监局.xlsx", garbage);
    only(
        &fails(&w, &[]),
        &format!("error: data/2024Q2/安监局.xlsx: {why}"),
    );
}

#[test]
fn a_workbook_with_a_csv_name_is_recognised() {
    let w = work();
    w.copy_fixture("reading/township-title.xlsx", "data/2024Q2/township.csv");
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.csv: this is a zip archive (an .xlsx workbook?) with a .csv name: save it as CSV, or name it .xlsx\n"), "{err}");
}

#[test]
fn input_files_are_never_written() {
    let w = work();
    w.copy_fixture("reading/township-gbk.csv", "data/2024Q2/township.csv");
    let path = w.join("data/2024Q2/township.csv");
    let before = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    totals(&w, &[]);
    w.run(&["check"]).success();
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn percentage_formatted_cells_read_as_the_percentage_they_show() {
    // Found trying pingyi as an office would: a cell formatted 0% shows 96% and stores 0.96;
    // pingyi read 0.96, a wrong score with exit 0. It now reads 96, the same as the CSV file.
    let w = work();
    w.remove("data/2024Q2/township.csv");
    xlsx::write_percent_formatted(&w.join("data/2024Q2/township.xlsx"));
    assert_eq!(totals(&w, &[]), EXPECTED);
    let out = w.run(&["check"]).success().stderr;
    assert!(!out.contains("lies within [-1, 1]"), "{out}");
}

#[test]
fn an_empty_sheet_is_reported_with_its_name() {
    let w = work();
    w.remove("data/2024Q2/township.csv");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("乡镇").unwrap();
    wb.save(w.join("data/2024Q2/township.xlsx")).unwrap();
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.xlsx:1: sheet 乡镇: the sheet is empty: expected a header row with unit_id\n"), "{err}");
}

/// A hidden row (by hand, or by a filter) is read like any other — as Excel's own sums would
/// count it — with a warning naming it (not the hidden empty row), which `--strict` refuses.
#[test]
fn a_hidden_row_is_read_with_a_warning_naming_it() {
    let w = work();
    w.remove("data/2024Q2/township.csv");
    xlsx::write_hidden_row(&w.join("data/2024Q2/township.xlsx"));
    assert_eq!(totals(&w, &[]), EXPECTED);
    let out = w.run(&["check"]).success();
    out.mentions(&[
        "warning: data/2024Q2/township.xlsx: sheet 乡镇: hidden row(s) 3 are read like the others",
    ]);
    w.run(&["--strict", "--format", "csv"]).exit(1);
}

/// Review's case: a hidden column was read without a word (a hidden `得分` beside a visible
/// `复核后得分`, which is no column pingyi reads). A hidden column read is read like any other,
/// with a warning naming it; a hidden column not read (备注), or the hidden id column (review:
/// templates hide it), says nothing.
#[test]
fn a_hidden_column_read_is_named_in_a_warning() {
    let w = work();
    w.remove("data/2024Q2/township.csv");
    xlsx::write_hidden_columns(&w.join("data/2024Q2/township.xlsx"));
    assert_eq!(totals(&w, &[]), EXPECTED);
    let out = w.run(&["check"]).success();
    out.mentions(&[
        "warning: data/2024Q2/township.xlsx: sheet 乡镇: hidden column(s) D (`rate`) are read like the others (hiding a column does not leave it out)",
    ]);
    assert!(!out.stderr.contains("F (`备注`)"), "{}", out.stderr);
    w.run(&["--strict", "--format", "csv"]).exit(1);
}

/// Merged data cells are an error, and the sheet's other rows are still read: their problems
/// (a count typed with its unit) are reported in the same run.
#[test]
fn merged_data_cells_are_rejected() {
    let w = work();
    w.remove("data/2024Q2/township.csv");
    xlsx::write_merged_data(&w.join("data/2024Q2/township.xlsx"));
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.xlsx:3: sheet 乡镇, cell C3: merged cells (C3:C4) below the header: unmerge them and fill every cell\n"), "{err}");
    assert!(err.contains("error: data/2024Q2/township.xlsx:4: sheet 乡镇, cell E4, column acc (unit T3 丙镇): expected a number"), "{err}");
}

#[test]
fn a_value_beyond_the_header_in_a_sheet_names_its_cell() {
    let w = work();
    w.remove("data/2024Q2/township.csv");
    let path = w.join("data/2024Q2/township.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    for (c, h) in ["unit_id", "gdp", "rate", "acc"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, id) in ["T1", "T2", "T3"].iter().enumerate() {
        ws.write_string(r as u32 + 1, 0, *id).unwrap();
        for c in 1..4 {
            ws.write_number(r as u32 + 1, c, 1.0).unwrap();
        }
    }
    ws.write_string(3, 5, "x").unwrap();
    wb.save(&path).unwrap();
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.xlsx:4: sheet 乡镇: cell F4 holds `x` but its column has no header\n"), "{err}");
}

#[test]
fn two_sheets_for_one_category_is_an_error() {
    let w = work();
    w.remove("data/2024Q2/township.csv")
        .remove("data/2024Q2/village.csv");
    xlsx::write_sheets_twice(&w.join("data/2024Q2/2024Q2.xlsx"));
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2: village (村) rows are given 2 times: sheet village of data/2024Q2/2024Q2.xlsx, sheet 村 of data/2024Q2/2024Q2.xlsx; keep exactly one source\n"), "{err}");
}

#[test]
fn a_header_naming_two_indicators_is_an_error() {
    let w = work();
    w.edit("scoring-config.toml", |cfg| {
        cfg.replace("name = \"安全事故\"", "name = \"地区生产总值\"")
    });
    w.create(
        "data/2024Q2/township.csv",
        "unit_id,gdp,rate,地区生产总值\nT1,1,1,1\n",
    );
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/township.csv:1: column 地区生产总值: header `地区生产总值` is the name of several indicators (gdp, acc): use the indicator id as the header\n"), "{err}");
}

#[test]
fn growth_reads_the_earlier_period_from_its_workbook_by_alias() {
    let w = work();
    w.edit("scoring-config.toml", |cfg| {
        cfg.replacen(
            "method = \"proportional\"\ndirection = \"higher\"\npoints = { town = 30",
            "method = \"efficacy\"\ndirection = \"higher\"\ntransform = \"growth\"\npoints = { town = 30",
            1,
        )
    });
    w.mkdir("data/2024Q1");
    let q1 = w.join("data/2024Q1");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("乡镇").unwrap();
    ws.write_string(0, 0, "单位代码").unwrap();
    ws.write_string(0, 1, "任务完成率（％）").unwrap();
    for (r, (id, v)) in [("T1", 40.0), ("T2", 80.0), ("T3", 50.0)]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32 + 1, 0, *id).unwrap();
        ws.write_number(r as u32 + 1, 1, *v).unwrap();
    }
    wb.save(q1.join("2024Q1.xlsx")).unwrap();
    w.copy_fixture("reading/village.csv", "data/2024Q1/village.csv");
    // Growth: T1 +100 %, T2 +25 %, T3 0 %; efficacy (base 0.6) over [0, 100]:
    // T1 30, T2 30·(0.6 + 0.4·0.25) = 21, T3 18 → totals 25+30+15 = 70, 50+21+20 = 91, 12.5+18+10.
    // Villages compare with the same values (growth 0 for both: all equal ⇒ P = 40): V1 30+40.
    assert_eq!(
        totals(&w, &[]),
        ["T1=70.00", "T2=91.00", "T3=40.50", "V1=70.00", "V2=100.00"]
    );
}

/// A file long enough to be read ahead on a thread of its own (past its first 2,048 rows, in
/// batches of 512), whose cells are taken apart there: every value lands with its unit,
/// whatever batch it came in. Village `V<i>` (i = 1…5,000) has gdp = i/100, written with or
/// without trailing zeros, and rate 100, except every 1,000th village with `50%` (read the
/// long way, not as a plain decimal). gdp scores 60·v/50 = 0.012·i, rate 40 (or 20):
/// V1 = 40.012 → 40.01; V2048 = 24.576 + 40 → 64.58; V2049 = 64.588 → 64.59;
/// V3073 = 36.876 + 40 → 76.88; V4000 = 48 + 20 = 68; V5000 = 60 + 20 = 80; V4999 = 99.988 →
/// 99.99, first.
#[test]
fn a_long_file_read_ahead_gives_every_unit_its_own_values() {
    let w = work();
    let mut units = std::fs::read_to_string(fixture("units.csv")).unwrap();
    units.retain(|c| c != '\r');
    let units: String = units
        .lines()
        .filter(|l| !l.starts_with('V'))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut units = units;
    let mut villages = String::from("unit_id,gdp,rate\n");
    for i in 1..=5000 {
        units.push_str(&format!("V{i},村{i},village,T{}\n", i % 3 + 1));
        let gdp = if i % 2 == 0 {
            format!("{}.{:02}", i / 100, i % 100)
        } else {
            let s = format!("{}.{:02}", i / 100, i % 100);
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        let rate = if i % 1000 == 0 { "50%" } else { "100" };
        villages.push_str(&format!("V{i},{gdp},{rate}\n"));
    }
    w.create("data/units.csv", &units);
    w.create("data/2024Q2/village.csv", &villages);
    let rows = w.rank_csv(&["--track", "village"]);
    assert_eq!(rows.order.len(), 5000);
    for (id, total) in [
        ("V1", "40.01"),
        ("V2048", "64.58"),
        ("V2049", "64.59"),
        ("V3073", "76.88"),
        ("V4000", "68.00"),
        ("V5000", "80.00"),
        ("V4999", "99.99"),
    ] {
        assert_eq!(rows.get(id, "total"), total, "{id}");
    }
    assert_eq!(rows.order[0], "V4999");
    assert_eq!(rows.get("V4999", "rank"), "1");
}

/// Third review's case: a department's late file giving an indicator (`acc`) under a unit
/// column headed in a way no alias answers to (`单位`), or with two unit columns, was passed over
/// with a warning — its figures lost, the units filled by their policy, exit 0. It is an error
/// naming the file and the header; a file that gives no indicator (notes) is still only passed
/// over with a warning.
#[test]
fn a_submission_without_a_usable_unit_column_is_an_error() {
    let w = work();
    w.create("data/2024Q2/安监局.csv", "单位,acc\n镇1,2\n");
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/安监局.csv:1: column unit_id: no unit column pingyi reads, though `单位` looks like one and the table gives indicator columns: head it `unit_name` (单位名称) or `unit_id` (单位编码); if the table holds no units' rows (a summary, notes), move it out of the period folder (header: 单位,acc)\n"), "{err}");
    // The same under a title row (a third review's case: the title was taken for the header,
    // and the file passed over with a warning).
    let w = work();
    w.create(
        "data/2024Q2/安监局.csv",
        "2024年二季度安全生产事故统计表,\n单位,acc\n镇1,2\n",
    );
    let err = fails(&w, &[]);
    assert!(err.contains("error: data/2024Q2/安监局.csv:2: column unit_id: no unit column pingyi reads, though `单位` looks like one"), "{err}");
    let w = work();
    w.create("data/2024Q2/安监局.csv", "unit_id,单位编码,acc\nT1,T1,2\n");
    let err = fails(&w, &["check"]);
    assert!(err.contains("error: data/2024Q2/安监局.csv:1: column unit_id: 2 columns answer to `unit_id`: `unit_id` (column 1) and `单位编码` (column 2); keep one\n"), "{err}");
    // The same in a category table, and neither column is also "unknown".
    let w = work();
    w.edit("data/2024Q2/township.csv", |t| {
        let mut lines = t.lines().map(str::to_string).collect::<Vec<_>>();
        lines[0] = lines[0].replacen("unit_id", "unit_id,单位编码", 1);
        for l in lines.iter_mut().skip(1) {
            let id = l.split(',').next().unwrap_or("").to_string();
            *l = format!("{id},{l}");
        }
        lines.join("\n") + "\n"
    });
    let err = fails(&w, &["check"]);
    assert!(err.contains("error: data/2024Q2/township.csv:1: column unit_id: 2 columns answer to `unit_id`: `unit_id` (column 1) and `单位编码` (column 2); keep one\n"), "{err}");
    assert!(!err.contains("unknown column"), "{err}");
    // A summary or a monthly breakdown beside an indicator's column holds no units' rows (a
    // second review's case: they were refused), and neither does a notes file.
    for (name, text) in [
        ("汇总", "项目,acc\n合计,3\n"),
        ("分月", "月份,acc\n4月,1\n"),
        ("对照", "单位名称,名称\n镇1,甲镇\n"),
    ] {
        let w = work();
        w.create(&format!("data/2024Q2/{name}.csv"), text);
        assert_eq!(totals(&w, &[]), EXPECTED, "{name}");
    }
    let w = work();
    w.create("data/2024Q2/说明.csv", "说明,备注\n本表由安监局填报,\n");
    assert_eq!(totals(&w, &[]), EXPECTED);
    let err = w.run(&["check"]).success().stderr;
    assert!(
        err.contains("warning: data/2024Q2/说明.csv: file ignored: it has no unit column"),
        "{err}"
    );
}
