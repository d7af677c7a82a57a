//! What `--output`'s file name and the format options pick (issue 12): the format from the
//! extension, the byte-order mark of CSV/TSV files, `--headers zh|id`, JSON Lines, workbooks for
//! every tabular command, and the parent township beside every village and community.

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::common::Workdir;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The cells of the first sheet of a workbook, as text.
fn first_sheet(path: &std::path::Path) -> (Vec<String>, Vec<Vec<Data>>) {
    let mut book: Xlsx<_> = open_workbook(path).expect("a workbook calamine reads");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let mut rows = range.rows();
    let header = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    (header, rows.map(|r| r.to_vec()).collect())
}

#[test]
fn the_output_extension_picks_the_format() {
    let d = Workdir::district();
    let units = d.csv(&[]).len();
    d.run(&["-o", "r.json"]).success();
    let json: serde_json::Value = serde_json::from_slice(&d.read("r.json")).unwrap();
    assert_eq!(json["units"].as_array().unwrap().len(), units);
    d.run(&["-o", "r.jsonl"]).success();
    let lines = d.read_string("r.jsonl");
    assert_eq!(lines.lines().count(), units);
    for line in lines.lines() {
        let unit: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(unit["unit_id"].is_string() && unit["track_name"].is_string());
    }
    d.run(&["-o", "r.TSV"]).success();
    assert!(d
        .read("r.TSV")
        .starts_with(b"\xEF\xBB\xBFunit_id\tunit_name\t"));
    d.run(&["-o", "r.md"]).success();
    assert!(d
        .read_string("r.md")
        .starts_with("# 考核结果通报 · 2024Q2\n"));
    d.run(&["-o", "r.txt"]).success();
    assert!(d.read_string("r.txt").contains("考核结果通报"));
    d.run(&["-o", "r.xlsx"]).success();
    let (header, rows) = first_sheet(&d.join("r.xlsx"));
    assert_eq!(header[..2], ["名次", "单位"]);
    assert!(
        rows.iter().all(|r| matches!(r[0], Data::Float(_))),
        "ranks are numbers"
    );
    // A manifest records the format the extension picked.
    d.run(&["-o", "r2.jsonl", "--manifest", "m.json"]).success();
    let m: serde_json::Value = serde_json::from_slice(&d.read("m.json")).unwrap();
    assert_eq!(m["output"]["format"], "jsonl");
}

#[test]
fn an_extension_contradicting_format_or_unknown_is_a_usage_error() {
    let d = Workdir::district();
    d.run(&["-o", "r.xlsx", "--format", "csv"])
        .exit(2)
        .stderr_has("--format csv contradicts the output file's extension .xlsx");
    d.run(&["-o", "r.json", "--format", "csv"]).exit(2);
    d.run(&["-o", "r.pdf"])
        .exit(2)
        .stderr_has("cannot tell the format from the extension .pdf");
    // An explicit format is kept for a file name pingyi does not know.
    d.run(&["-o", "r.dat", "--format", "csv"]).success();
    assert!(d.read("r.dat").starts_with(BOM));
    // JSON Lines is for the commands that list units one by one.
    d.run(&["summary", "-o", "g.jsonl"])
        .exit(2)
        .stderr_has("this command does not write jsonl");
    d.run(&["check", "-o", "c.xlsx"]).exit(2);
    // Said before any data is read: with a data folder that does not exist, the output is
    // what is wrong (a national run would otherwise load for seconds first).
    for (cmd, out) in [("rank", "r.pdf"), ("rollup", "y.jsonl"), ("gaps", "g.docx")] {
        let err = d
            .run(&[cmd, "--data", "no-such-folder", "-o", out])
            .exit(2)
            .stderr;
        assert!(!err.contains("no-such-folder"), "{cmd}: {err}");
    }
    // `--format` takes, and its help lists, only the formats the command writes.
    d.run(&["check", "--format", "xlsx"])
        .exit(2)
        .stderr_has("invalid value 'xlsx' for '--format <FORMAT>'")
        .stderr_has("[possible values: table, csv, tsv, json, markdown]");
    d.run(&["summary", "--format", "jsonl"])
        .exit(2)
        .stderr_has("[possible values: table, csv, tsv, json, markdown, xlsx]");
    for (cmd, writes, not) in [
        ("compare", "- markdown", "- xlsx"),
        ("sensitivity", "- markdown", "- jsonl"),
        ("weights", "- json\n", "- xlsx"),
        ("rollup", "- xlsx", "- jsonl"),
        ("gaps", "- jsonl", "-- none"),
    ] {
        let help = d.run(&[cmd, "--help"]).success().stdout;
        assert!(
            help.contains(writes) && !help.contains(not),
            "{cmd}: {help}"
        );
    }
    for f in ["r.xlsx", "r.json", "r.pdf", "g.jsonl", "c.xlsx"] {
        assert!(!d.exists(f), "{f} written");
    }
}

#[test]
fn csv_files_begin_with_a_byte_order_mark_and_stdout_does_not() {
    let d = Workdir::district();
    let stdout = d.cmd(["--format", "csv"]).run();
    assert!(stdout.stdout.starts_with("unit_id,"));
    let bom = d.cmd(["--format", "csv", "--bom"]).run();
    assert_eq!(bom.stdout, format!("\u{feff}{}", stdout.stdout));
    d.run(&["-o", "r.csv"]).success();
    assert_eq!(d.read("r.csv"), [BOM, stdout.stdout.as_bytes()].concat());
    d.run(&["-o", "plain.csv", "--no-bom"]).success();
    assert_eq!(d.read_string("plain.csv"), stdout.stdout);
    d.run(&["-o", "r.json"]).success();
    assert!(d.read("r.json").starts_with(b"{"), "no mark on JSON");
    for cmd in [&["gaps"][..], &["summary"], &["statement", "T2"]] {
        let args: Vec<&str> = cmd.iter().copied().chain(["-o", "x.csv"]).collect();
        d.run(&args).success();
        assert!(d.read("x.csv").starts_with(BOM), "{cmd:?}");
    }
    d.run(&["statement", "--all", "--out", "st", "--format", "csv"])
        .success();
    assert!(d.read("st/T2.csv").starts_with(BOM));
    d.run(&[
        "statement",
        "--all",
        "--out",
        "st2",
        "--format",
        "csv",
        "--no-bom",
    ])
    .success();
    assert!(d.read("st2/T2.csv").starts_with(b"unit_id"));
}

#[test]
fn headers_zh_name_the_columns_for_people() {
    let d = Workdir::district();
    let zh = d.stdout(&["--format", "csv", "--headers", "zh"]);
    let header: Vec<&str> = zh.lines().next().unwrap().split(',').collect();
    assert_eq!(
        header[..9],
        [
            "单位代码",
            "单位",
            "赛道",
            "名次",
            "总分",
            "等次",
            "类别",
            "所属乡镇代码",
            "所属乡镇"
        ]
    );
    assert!(header.contains(&"加分") && header.contains(&"扣分"));
    let id = d.stdout(&["--format", "csv"]);
    let header: Vec<&str> = id.lines().next().unwrap().split(',').collect();
    assert_eq!(
        header[..9],
        [
            "unit_id",
            "unit_name",
            "track",
            "rank",
            "total",
            "grade",
            "category",
            "parent",
            "parent_name"
        ]
    );
    // Only the header differs.
    assert_eq!(
        zh.lines().skip(1).collect::<Vec<_>>(),
        id.lines().skip(1).collect::<Vec<_>>()
    );
}

#[test]
fn same_named_villages_are_told_apart_by_their_township() {
    let d = Workdir::district();
    d.edit("data/units.csv", |t| {
        t.replace("V2,二村,village,T1,", "V2,@一村,village,T2,")
    });
    let md = d.stdout(&["--track", "village", "--format", "markdown"]);
    assert!(md.contains("| 名次 | 单位 | 所属乡镇 |"), "{md}");
    assert!(md.contains("| @一村 | +乙镇 |"), "{md}");
    assert!(
        md.contains("| @一村 | =HYPERLINK(\"http://example.com\",\"甲镇\") |"),
        "{md}"
    );
    let rows = d.csv(&["--track", "village"]);
    assert_eq!(rows.get("V2", "parent_name"), "'+乙镇");
    let json: serde_json::Value =
        serde_json::from_str(&d.stdout(&["--track", "village", "--format", "json"])).unwrap();
    let v2 = &json["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_id"] == "V2")
        .unwrap();
    assert_eq!(v2["parent_name"], "+乙镇");
    assert_eq!(v2["track_name"], "村社区");
    assert!(v2["indicators"][0]["name"].is_string());
    let gaps = d.stdout(&["gaps", "--track", "village", "--format", "markdown"]);
    assert!(gaps.contains("| 名次 | 单位 | 所属乡镇 | 总分 |"), "{gaps}");
    assert!(gaps.contains("| @一村 | +乙镇 |"), "{gaps}");
    // The report's notice lists the township too.
    d.run(&["report", "--out", "rep"]).success();
    assert!(d.read_string("rep/notice.md").contains("| @一村 | +乙镇 |"));
}

#[test]
fn every_tabular_command_writes_a_workbook() {
    let d = Workdir::district();
    for (cmd, first) in [
        (&["gaps"][..], "名次"),
        (&["summary"], ""),
        (&["statement", "T2"], ""),
        (&["rollup", "--year", "2024", "--upto", "Q2"], ""),
    ] {
        let args: Vec<&str> = cmd.iter().copied().chain(["-o", "x.xlsx"]).collect();
        d.run(&args).success();
        let (header, rows) = first_sheet(&d.join("x.xlsx"));
        assert!(!header.is_empty() && !rows.is_empty(), "{cmd:?}");
        if !first.is_empty() {
            assert_eq!(header[0], first, "{cmd:?}");
        }
        assert!(
            rows.iter().flatten().any(|c| matches!(c, Data::Float(_))),
            "{cmd:?}: numbers are numbers"
        );
    }
    // Ids stay text.
    d.run(&["-o", "r.xlsx", "--track", "town"]).success();
    let (_, rows) = first_sheet(&d.join("r.xlsx"));
    assert!(rows.iter().all(|r| matches!(r[1], Data::String(_))));
}

/// `statement --all -o x.xlsx` wrote a sheet per section and unit (`指标明细(37)`, whose?): 763
/// sheets for the sample district, 30,000 for 10,000 units (a minute, 1.7 GB), and a panic
/// ("Too many open files") once the sheets outnumbered the open-file limit. Every unit's
/// statement is now one sheet of statement items, as in the report's results.xlsx.
#[test]
fn every_statement_in_a_workbook_is_one_sheet_of_items() {
    let d = Workdir::sample();
    let csv = d.stdout(&["statement", "--all", "--format", "csv"]);
    let items = csv.lines().count() - 1;
    d.run(&["statement", "--all", "-o", "all.xlsx"]).success();
    let book: Xlsx<_> = open_workbook(d.join("all.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["对账单", "说明"]);
    let (header, rows) = first_sheet(&d.join("all.xlsx"));
    assert_eq!(header[..3], ["单位代码", "单位", "所属乡镇"]);
    assert_eq!(rows.len(), items);
    assert_eq!(rows[0][0], Data::String("Z03".into()));
    let total = header.iter().position(|h| h == "总分").unwrap();
    assert_eq!(rows[0][total], Data::Float(100.26));
    // With the CSV's column ids, and a single statement keeps its sheet per section.
    d.run(&["statement", "--all", "--headers", "id", "-o", "id.xlsx"])
        .success();
    let (header, _) = first_sheet(&d.join("id.xlsx"));
    assert_eq!(header[..2], ["unit_id", "unit_name"]);
    d.run(&["statement", "Z03", "-o", "one.xlsx"]).success();
    let book: Xlsx<_> = open_workbook(d.join("one.xlsx")).unwrap();
    assert_eq!(book.sheet_names()[0], "指标明细");
    // The notes carry the scheme's provenance, as the statements' other formats do.
    let mut book: Xlsx<_> = open_workbook(d.join("all.xlsx")).unwrap();
    let notes = book.worksheet_range("说明").unwrap();
    let text: Vec<String> = notes.rows().map(|r| r[0].to_string()).collect();
    assert_eq!(text[0], "对账单 · 2024Q4（379 个单位）");
    assert!(
        text[2].contains("评分规则 config: scoring-config.toml (sha256 "),
        "{text:?}"
    );
}

/// A big workbook's rows go through temporary files. rust_xlsxwriter panics when it cannot
/// write them (a full TMPDIR; here a file-size limit), which reached the user as a crash: the
/// run now stops with an error naming the output and the folder (the system's words, not the
/// panic's), and leaves no file, here or in TMPDIR. At 2,500 villages the requirement lines
/// alone pass 20,000 rows (a constant-memory workbook of the whole document); at 20,100 the
/// tables do, and the workbook is laid out as it is made (the same bytes as the document's:
/// `render::gaps` tests it).
#[cfg(unix)]
#[test]
fn a_big_workbook_whose_temporary_files_cannot_be_written_is_an_error() {
    for villages in [2_500, 20_100] {
        let d = Workdir::new();
        pingyi_tools::scale::generate(d.path(), villages).expect("a district");
        d.mkdir("tmp");
        let out = std::process::Command::new("sh")
            .args(["-c", "trap '' XFSZ; ulimit -f 128; exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_pingyi"))
            .args(["gaps", "-o", "g.xlsx"])
            .current_dir(d.path())
            .env_clear()
            .env("NO_COLOR", "1")
            .env("TMPDIR", d.join("tmp"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{villages}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!stderr.contains("unwrap"), "{stderr}");
        let tmp = d.join("tmp").display().to_string();
        let want = format!("is there room in {tmp} for its temporary files?");
        assert!(
            stderr.starts_with("error: g.xlsx: the workbook could not be written (")
                && stderr.contains(&want),
            "{stderr}"
        );
        assert!(!d.exists("g.xlsx"));
        assert_eq!(std::fs::read_dir(d.join("tmp")).unwrap().count(), 0);
    }
}

/// rust_xlsxwriter 0.96 made a temporary file for every sheet and panicked when it could not
/// (an unset or unwritable TMPDIR under cron): workbooks of a district need none.
#[test]
fn workbooks_need_no_temporary_folder() {
    let d = Workdir::sample();
    for args in [
        &["-o", "r.xlsx"][..],
        &["statement", "--all", "-o", "s.xlsx"],
        &["statement", "Z03", "-o", "z.xlsx"],
    ] {
        d.cmd(args)
            .env("TMPDIR", "/nonexistent/pingyi-tmp")
            .run()
            .success();
    }
}

/// Reviewer's case: in the rank and gaps workbooks a rise (`+10.96`) was a text cell while a fall
/// was a number, so a sum, a sort or a number filter silently left out every rise. Signed changes
/// are numbers shown with their sign.
#[test]
fn signed_changes_in_workbooks_are_numbers() {
    let d = Workdir::sample();
    for (cmd, columns) in [
        (&["rank"][..], &["得分变化"][..]),
        (&["gaps"], &["较均值", "较中位数"]),
    ] {
        let args: Vec<&str> = cmd.iter().copied().chain(["-o", "x.xlsx"]).collect();
        d.run(&args).success();
        let (header, rows) = first_sheet(&d.join("x.xlsx"));
        for name in columns {
            let c = header.iter().position(|h| h == name).expect(name);
            let cells: Vec<&Data> = rows.iter().map(|r| &r[c]).collect();
            assert!(
                cells
                    .iter()
                    .all(|v| matches!(v, Data::Float(_) | Data::Empty)),
                "{cmd:?} {name}: {:?}",
                cells
                    .iter()
                    .find(|v| !matches!(v, Data::Float(_) | Data::Empty))
            );
            assert!(
                cells
                    .iter()
                    .any(|v| matches!(v, Data::Float(x) if *x > 0.0)),
                "{name}"
            );
            assert!(
                cells
                    .iter()
                    .any(|v| matches!(v, Data::Float(x) if *x < 0.0)),
                "{name}"
            );
        }
    }
}

#[test]
fn headers_zh_name_the_columns_of_every_tabular_csv_and_change_nothing_else() {
    let d = Workdir::district();
    for (cmd, first) in [
        (
            &["gaps"][..],
            &[
                "单位代码",
                "单位",
                "赛道",
                "名次",
                "总分",
                "等次",
                "赛道单位数",
            ][..],
        ),
        (
            &["summary"],
            &[
                "部分",
                "赛道",
                "代码",
                "名称",
                "单位数",
                "赛道单位数",
                "平均值",
            ],
        ),
        (
            &["statement", "V2"],
            &[
                "单位代码",
                "单位",
                "所属乡镇",
                "赛道",
                "考核期",
                "名次",
                "总分",
            ],
        ),
        (
            &["rollup", "--year", "2024", "--upto", "Q2"],
            &[
                "单位代码",
                "单位",
                "所属乡镇",
                "赛道",
                "名次",
                "总分",
                "等次",
                "汇总期",
            ],
        ),
    ] {
        let args = |h: &'static str| -> Vec<&str> {
            cmd.iter()
                .copied()
                .chain(["--format", "csv", "--headers", h])
                .collect()
        };
        let zh = d.stdout(&args("zh"));
        let id = d.stdout(&args("id"));
        let header: Vec<&str> = zh.lines().next().unwrap().split(',').collect();
        assert_eq!(&header[..first.len()], first, "{cmd:?}");
        assert!(
            header
                .iter()
                .all(|h| !h.is_ascii() || h.contains(':') || h.starts_with("20")),
            "{cmd:?}: every name is for people: {header:?}"
        );
        assert_eq!(
            zh.lines().skip(1).collect::<Vec<_>>(),
            id.lines().skip(1).collect::<Vec<_>>(),
            "{cmd:?}: only the header differs"
        );
    }
    let gaps = d.stdout(&["gaps", "--format", "csv", "--headers", "zh"]);
    let header = gaps.lines().next().unwrap();
    assert!(header.contains(",短板1,短板1失分,") && header.contains(",长板3,长板3得分率,"));
    let summary = d.stdout(&["summary", "--format", "csv", "--headers", "zh"]);
    assert!(summary
        .lines()
        .next()
        .unwrap()
        .ends_with(",考核期,最好单位所属乡镇,最差单位所属乡镇,优秀（个）,良好（个）,一般（个）,合格（个）,不合格（个）"));
}

#[test]
fn statements_and_the_summary_name_a_village_with_its_township() {
    use crate::common::{records, row};
    let d = Workdir::district();
    let md = d.stdout(&["statement", "V2", "--format", "markdown"]);
    assert!(
        md.starts_with(
            "# 对账单 · 二村（=HYPERLINK(\"http://example.com\",\"甲镇\")） (V2) · 2024Q2"
        ),
        "{md}"
    );
    let csv = records(&d.stdout(&["statement", "V2", "--format", "csv", "--raw"]));
    assert!(csv
        .iter()
        .all(|r| r["parent_name"] == "=HYPERLINK(\"http://example.com\",\"甲镇\")"));
    let json: serde_json::Value =
        serde_json::from_str(&d.stdout(&["statement", "V2", "--format", "json"])).unwrap();
    assert_eq!(
        json["statements"][0]["parent_name"],
        "=HYPERLINK(\"http://example.com\",\"甲镇\")"
    );
    // A township has no parent: no `parent_name` in its statement's JSON.
    let json: serde_json::Value =
        serde_json::from_str(&d.stdout(&["statement", "T2", "--format", "json"])).unwrap();
    assert!(json["statements"][0].get("parent_name").is_none());

    // 集体经济收益: V2 best (3.25), V1 worst (-1.5); both under T1, C1 under S1.
    let rows = records(&d.stdout(&["summary", "--track", "village", "--format", "csv", "--raw"]));
    let profit = row(&rows, "id", "profit");
    assert_eq!(profit["best_id"], "V2");
    assert_eq!(
        profit["best_parent"],
        "=HYPERLINK(\"http://example.com\",\"甲镇\")"
    );
    assert_eq!(profit["worst_id"], "V1");
    assert_eq!(
        profit["worst_parent"],
        "=HYPERLINK(\"http://example.com\",\"甲镇\")"
    );
    let md = d.stdout(&[
        "summary", "--track", "village", "--format", "markdown", "--raw",
    ]);
    assert!(
        md.contains("| 二村（=HYPERLINK(\"http://example.com\",\"甲镇\")） 3.25 | @一村（=HYPERLINK(\"http://example.com\",\"甲镇\")） -1.5 |"),
        "{md}"
    );
}

#[test]
fn gaps_as_json_lines_give_one_unit_per_line_with_its_track_and_township() {
    let d = Workdir::district();
    let units = d.csv(&[]).len();
    d.run(&["gaps", "-o", "g.jsonl"]).success();
    let text = d.read_string("g.jsonl");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), units);
    let whole: serde_json::Value =
        serde_json::from_str(&d.stdout(&["gaps", "--format", "json"])).unwrap();
    // The same units in the same order as the JSON, each with its track.
    let in_json: Vec<(String, String)> = whole["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| {
            t["units"].as_array().unwrap().iter().map(move |u| {
                (
                    t["track"].as_str().unwrap().to_string(),
                    u["unit_id"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect();
    let in_lines: Vec<(String, String)> = lines
        .iter()
        .map(|l| {
            (
                l["track"].as_str().unwrap().to_string(),
                l["unit_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(in_lines, in_json);
    let v2 = lines.iter().find(|l| l["unit_id"] == "V2").unwrap();
    assert_eq!(v2["track_name"], "村社区");
    assert_eq!(
        v2["parent_name"],
        "=HYPERLINK(\"http://example.com\",\"甲镇\")"
    );
    let t2 = lines.iter().find(|l| l["unit_id"] == "T2").unwrap();
    assert!(t2.get("parent_name").is_none());
    assert_eq!(
        t2["rank"],
        whole["tracks"][0]["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit_id"] == "T2")
            .unwrap()["rank"]
    );
}

/// Everywhere a unit is listed, a village is named with its township: the roll-up, compare,
/// sensitivity and weights (tables: `蒋河村（城关镇）`; CSV: `parent_name`; JSON: `parent_name`).
#[test]
fn the_roll_up_compare_sensitivity_and_weights_name_a_village_with_its_township() {
    use crate::common::{records, row};
    let d = Workdir::sample();
    let csv = |args: &[&str]| {
        let mut a = args.to_vec();
        a.extend(["--format", "csv"]);
        records(&d.stdout(&a))
    };
    let md = |args: &[&str]| {
        let mut a = args.to_vec();
        a.extend(["--format", "markdown"]);
        d.stdout(&a)
    };
    let rollup = ["rollup", "--year", "2024", "--track", "village"];
    let compare = ["compare", "--period", "2024Q2", "--track", "village"];
    let sensitivity = [
        "sensitivity",
        "--runs",
        "20",
        "--no-indices",
        "--track",
        "village",
    ];
    for args in [&rollup[..], &compare, &sensitivity] {
        let rows = csv(args);
        assert_eq!(
            row(&rows, "unit_id", "V001")["parent_name"],
            "城关镇",
            "{args:?}"
        );
        assert!(md(args).contains("蒋河村（城关镇）"), "{args:?}");
        let mut a = args.to_vec();
        a.extend(["--format", "json"]);
        let json = d.stdout(&a);
        assert!(json.contains("\"parent_name\": \"城关镇\""), "{args:?}");
    }
    assert!(md(&["weights", "--track", "village"]).contains("蒋河村（城关镇）"));
    // Towns have no township: the column is empty, the JSON has no `parent_name`.
    let rows = csv(&["rollup", "--year", "2024", "--track", "town"]);
    assert!(rows.iter().all(|r| r["parent_name"].is_empty()));
}

#[test]
fn a_lean_ranking_is_the_full_ranking_s_lead_period_and_trend_columns() {
    let d = Workdir::district();
    let full = d.stdout(&["--format", "csv"]);
    let lean = d.stdout(&["--format", "csv", "--lean"]);
    let lean_header: Vec<&str> = lean.lines().next().unwrap().split(',').collect();
    assert_eq!(
        lean_header,
        [
            "unit_id",
            "unit_name",
            "track",
            "rank",
            "total",
            "grade",
            "category",
            "parent",
            "parent_name",
            "period",
            "config_sha256",
            "against",
            "prev_rank",
            "rank_change",
            "score_change",
            "trend"
        ]
    );
    // Every row is the full row's cells under those names, in the same order.
    let full = crate::common::records(&full);
    let lean = crate::common::records(&lean);
    assert_eq!(lean.len(), full.len());
    assert!(!lean.is_empty());
    for (l, f) in lean.iter().zip(&full) {
        for name in &lean_header {
            assert_eq!(l[*name], f[*name], "{name} of {}", f["unit_id"]);
        }
    }
    assert_eq!(lean[0]["against"], "2024Q1");
    // TSV and --headers zh apply; other formats are refused before any data is read.
    let zh = d.stdout(&["--format", "tsv", "--lean", "--headers", "zh"]);
    assert!(zh.starts_with("单位代码\t单位\t赛道\t名次\t总分\t等次\t"));
    assert!(zh.lines().next().unwrap().ends_with("\t趋势"));
    d.run(&["--format", "json", "--lean"])
        .exit(2)
        .mentions(&["--lean writes CSV or TSV (this run writes json)"]);
}

/// Issue 8: `--headers` is an option of the commands whose CSV names columns for people; the
/// others (their CSV keeps the machine names) neither list it nor take it.
#[test]
fn only_commands_with_names_for_people_take_headers() {
    let d = Workdir::district();
    for cmd in ["rank", "gaps", "statement", "summary", "rollup"] {
        d.run(&[cmd, "--help"])
            .success()
            .stdout_has("--headers <zh|id>");
    }
    for cmd in ["compare", "sensitivity", "weights", "check"] {
        let help = d.run(&[cmd, "--help"]).success();
        assert!(!help.stdout.contains("--headers"), "{cmd} --help");
        d.run(&[cmd, "--headers", "zh"])
            .exit(2)
            .stderr_has("unexpected argument '--headers'");
    }
}
