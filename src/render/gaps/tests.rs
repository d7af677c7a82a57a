//! The formats written one unit's gaps at a time against the document made whole, on fixture A
//! (five townships; requirement lines for D and E, none for A — see `analysis::testkit`).

use super::*;
use crate::analysis::testkit::Fixture;
use crate::config::Requirements;
use crate::eval::Evaluation;

fn gaps<'a>(ev: &'a Evaluation, unit: Option<&str>) -> Gaps<'a> {
    Gaps {
        ev,
        tracks: vec![0],
        trends: None,
        rules: Requirements::default(),
        unit: unit.map(|id| ev.ds.registry.get(id).expect("unit id")),
    }
}

fn streamed(ev: &Evaluation, g: &Gaps, format: Format) -> String {
    let v = GapsView {
        names: Labels::new(ev),
        tracks: &[],
    };
    let mut out = Vec::new();
    write(&v, g, &Style::plain(format), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The streamed Markdown is the whole document's, for every unit (with the requirement lines of
/// D and E), one unit with lines (E) and one without (A: no requirement heading at all).
#[test]
fn streamed_markdown_is_the_whole_documents() {
    let fx = Fixture::a();
    let ev = fx.eval("2024Q2");
    for unit in [None, Some("E"), Some("A")] {
        let g = gaps(&ev, unit);
        let tracks = g.collect();
        let v = GapsView {
            names: Labels::new(&ev),
            tracks: &tracks,
        };
        let md = streamed(&ev, &g, Format::Markdown);
        assert_eq!(md, doc(&v).markdown(), "{unit:?}");
        assert_eq!(md.contains("### 提要求"), unit != Some("A"), "{unit:?}");
        assert_eq!(md.contains("- 戊镇："), unit != Some("A"), "{unit:?}");
        assert_eq!(md.contains("- 丁镇："), unit.is_none(), "{unit:?}");
    }
}

/// The workbook laid out as its rows are made (a province's) is the whole document's workbook
/// in constant-memory mode, byte for byte, for every unit and one unit with requirement lines
/// (E) or none (A); and its tables and lines are there: the requirement lines of D and E on the
/// notes sheet between the title and the note.
#[test]
fn streamed_workbook_is_the_whole_documents() {
    use calamine::{Reader, Xlsx};
    let fx = Fixture::a();
    let ev = fx.eval("2024Q2");
    for unit in [None, Some("E"), Some("A")] {
        let g = gaps(&ev, unit);
        let tracks = g.collect();
        let whole = GapsView {
            names: Labels::new(&ev),
            tracks: &tracks,
        };
        let period = Some(ev.period());
        let expected = book::constant_memory(&doc(&whole), period);
        let v = GapsView {
            names: Labels::new(&ev),
            tracks: &[],
        };
        let made = book::streamed(period, &title(&v), |b| lay_out(&v, &g, b));
        assert!(made == expected, "{unit:?}");
        let mut wb = Xlsx::new(std::io::Cursor::new(made)).unwrap();
        assert_eq!(wb.sheet_names(), ["乡镇 (town)", "说明"], "{unit:?}");
        let column = |wb: &mut Xlsx<_>, sheet: &str, c: usize| -> Vec<String> {
            let r = wb.worksheet_range(sheet).unwrap();
            r.rows().map(|row| row[c].to_string()).collect()
        };
        let names = column(&mut wb, "乡镇 (town)", 1);
        let notes = column(&mut wb, "说明", 0);
        let with_lines = notes.iter().filter(|l| l.starts_with("· ")).count();
        match unit {
            None => {
                assert_eq!(names, ["单位", "甲镇", "乙镇", "丙镇", "丁镇", "戊镇"]);
                assert!(
                    with_lines >= 2 && notes[1].starts_with("· 丁镇："),
                    "{notes:?}"
                );
            }
            Some("E") => {
                assert_eq!(names, ["单位", "戊镇"]);
                assert!(
                    with_lines >= 1 && notes[1].starts_with("· 戊镇："),
                    "{notes:?}"
                );
            }
            _ => {
                assert_eq!(names, ["单位", "甲镇"]);
                assert_eq!(with_lines, 0, "{notes:?}");
            }
        }
        assert_eq!(notes.len(), 2 + with_lines, "{notes:?}");
        assert!(notes[0].starts_with("差距分析 · 2024Q2"), "{notes:?}");
        assert!(notes.last().unwrap().starts_with("失分 = "), "{notes:?}");
    }
}

/// The streamed JSON, JSON Lines and CSV hold every unit once, in display order, with the
/// figures worked out by hand for fixture A: ranks 1, 2, 2, 4, 5; totals 108, 85, 85, 47, 38;
/// behind the leader 0, 23, 23, 61, 70.
#[test]
fn streamed_json_and_csv_hold_every_unit_in_order() {
    let fx = Fixture::a();
    let ev = fx.eval("2024Q2");
    let g = gaps(&ev, None);
    let json: serde_json::Value = serde_json::from_str(&streamed(&ev, &g, Format::Json)).unwrap();
    let track = &json["tracks"][0];
    assert_eq!(json["tracks"].as_array().unwrap().len(), 1);
    assert_eq!(track["track"], "town");
    assert_eq!(track["units_count"], 5);
    assert_eq!(track["leader"], 108.0);
    let units = track["units"].as_array().unwrap();
    let field = |k: &str| units.iter().map(|u| u[k].clone()).collect::<Vec<_>>();
    assert_eq!(field("unit_id"), ["A", "B", "C", "D", "E"]);
    assert_eq!(field("rank"), [1, 2, 2, 4, 5]);
    assert_eq!(field("total"), [108.0, 85.0, 85.0, 47.0, 38.0]);
    assert_eq!(field("behind_leader"), [0.0, 23.0, 23.0, 61.0, 70.0]);
    let lines: Vec<serde_json::Value> = streamed(&ev, &g, Format::Jsonl)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    for (line, unit) in lines.iter().zip(units) {
        assert_eq!(line["track"], "town");
        assert_eq!(line["unit_id"], unit["unit_id"]);
        assert_eq!(line["requirements"], unit["requirements"]);
    }
    let csv = streamed(&ev, &g, Format::Csv);
    let ids: Vec<&str> = csv.lines().skip(1).map(|l| &l[..1]).collect();
    assert_eq!(ids, ["A", "B", "C", "D", "E"]);
    // Only E: the track's figures are still the whole track's.
    let one = streamed(&ev, &gaps(&ev, Some("E")), Format::Json);
    let one: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(one["tracks"][0]["units_count"], 5);
    assert_eq!(one["tracks"][0]["units"].as_array().unwrap().len(), 1);
    assert_eq!(one["tracks"][0]["units"][0]["rank"], 5);
}

/// CSV rows made a share of a round on each core are the rows made one unit after another, in
/// display order: 5,000 units are more than a round (4,096) and each round's eight shares.
#[test]
fn csv_rows_made_in_parallel_are_the_rows_made_in_turn() {
    let fx = Fixture::many(5_000);
    let ev = fx.eval("2024Q2");
    let g = gaps(&ev, None);
    let csv = streamed(&ev, &g, Format::Csv);
    let tracks = g.collect();
    let v = GapsView {
        names: Labels::new(&ev),
        tracks: &tracks,
    };
    let mut s = Sheet::new(CsvOptions::CSV);
    for u in &tracks[0].units {
        s.record(csv_row(&v, &tracks[0], u));
    }
    let mut rows = Vec::new();
    s.drain(&mut rows).unwrap();
    let (header, body) = csv.split_once('\n').unwrap();
    assert!(
        header.starts_with("unit_id,unit_name,track,rank,total"),
        "{header}"
    );
    assert_eq!(body.lines().count(), 5_000);
    assert_eq!(body, String::from_utf8(rows).unwrap());
    // The first row is the leader's.
    assert!(body.starts_with(&format!(
        "{},",
        ev.ds.registry.units[tracks[0].units[0].unit].id
    )));
}

/// The terminal table written a track at a time is the whole document's text, at a fixed width
/// and a terminal's: fixture A for every unit, one with lines and one without, and the sample
/// district's five tracks.
#[test]
fn streamed_table_is_the_whole_documents() {
    let fx = Fixture::a();
    let a = fx.eval("2024Q2");
    let sample = Evaluation::sample();
    let every = Gaps {
        tracks: (0..sample.cfg.tracks.len()).collect(),
        ..gaps(&sample, None)
    };
    let cases = [
        (&a, gaps(&a, None)),
        (&a, gaps(&a, Some("E"))),
        (&a, gaps(&a, Some("A"))),
        (&sample, every),
    ];
    for (ev, g) in &cases {
        let tracks = g.collect();
        assert!(!tracks.is_empty());
        let v = GapsView {
            names: Labels::new(ev),
            tracks: &tracks,
        };
        for width in [None, Some(60)] {
            let style = Style {
                width,
                ..Style::plain(Format::Table)
            };
            let mut out = Vec::new();
            write(&v, g, &style, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert_eq!(
                text,
                doc(&v).text(width),
                "{} tracks, {width:?}",
                tracks.len()
            );
            assert!(text.ends_with(")\n") && !text.ends_with("\n\n"));
        }
    }
}
