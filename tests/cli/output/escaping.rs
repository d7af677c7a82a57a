//! Formula-injection escaping in CSV and TSV, `--raw`, and JSON left alone.

use crate::common::{column, Workdir};

#[test]
fn text_cells_that_start_a_formula_are_escaped_in_csv_and_tsv() {
    let d = Workdir::district();
    for (format, delim) in [("csv", b','), ("tsv", b'\t')] {
        let out = d.stdout(&["--format", format]);
        let names = column(&out, delim, "unit_name");
        assert!(
            names.contains(&"'=HYPERLINK(\"http://example.com\",\"甲镇\")".to_string()),
            "{names:?}"
        );
        for n in ["'+乙镇", "'-丙街道", "'@一村", "二村"] {
            assert!(names.contains(&n.to_string()), "{format}: {n} in {names:?}");
        }
        // Numbers stay numbers: a negative raw value, a negative growth, a fall in rank.
        assert!(column(&out, delim, "profit").contains(&"-1.5".to_string()));
        assert!(column(&out, delim, "grow:growth").contains(&"-5.00".to_string()));
        assert!(column(&out, delim, "rank_change").contains(&"-1".to_string()));
        assert!(column(&out, delim, "score_change")
            .iter()
            .any(|s| s.starts_with("-9.")));
    }
}

#[test]
fn raw_writes_text_cells_as_they_are() {
    let d = Workdir::district();
    let out = d.stdout(&["--format", "csv", "--raw"]);
    let names = column(&out, b',', "unit_name");
    assert!(names.contains(&"=HYPERLINK(\"http://example.com\",\"甲镇\")".to_string()));
    assert!(names.contains(&"-丙街道".to_string()));
}

#[test]
fn json_is_data_not_a_spreadsheet_and_is_not_escaped() {
    let d = Workdir::district();
    let out = d.stdout(&["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["unit_name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"+乙镇"));
}
