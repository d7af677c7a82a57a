use super::*;

#[test]
fn text_cells_that_start_a_formula_get_a_quote() {
    for risky in [
        "=1+2",
        "+86",
        "-乙镇",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "=HYPERLINK(\"http://x\")",
    ] {
        assert_eq!(escape_text(risky, Escaping::Formulas), format!("'{risky}"));
        assert_eq!(escape_text(risky, Escaping::Raw), risky);
    }
    for safe in ["甲镇", "", "a=b", " =x", "'=x", "１"] {
        assert_eq!(escape_text(safe, Escaping::Formulas), safe);
    }
}

#[test]
fn numbers_are_never_escaped_and_text_always_is() {
    let mut s = Sheet::new(CsvOptions::CSV);
    s.text("-T3")
        .number("-1.50")
        .number("")
        .number("不适用")
        .number("1e3");
    s.end_row();
    s.number("=evil()").text("+x");
    s.end_row();
    let out = String::from_utf8(s.into_bytes()).unwrap();
    assert_eq!(out, "'-T3,-1.50,,不适用,1e3\n'=evil(),'+x\n");
}

#[test]
fn hand_built_rows_quote_and_escape_as_the_sheet_does() {
    for opts in [
        CsvOptions::CSV,
        CsvOptions::TSV,
        CsvOptions {
            escaping: Escaping::Raw,
            ..CsvOptions::CSV
        },
    ] {
        for text in [
            "甲镇",
            "",
            "a,b",
            "a\tb",
            "say \"hi\"",
            "line\nbreak",
            "=1+2",
            "-x",
            "cr\r",
            "-1.50",
            "1e3",
            "不适用",
            "inf",
            "1,000",
        ] {
            let mut s = Sheet::new(opts);
            s.text(text).text("z").number(text);
            s.end_row();
            let mut row = Vec::new();
            push_text(&mut row, text, opts);
            row.push(opts.delimiter);
            row.extend_from_slice(b"z");
            row.push(opts.delimiter);
            push_number(&mut row, text, opts);
            row.push(b'\n');
            assert_eq!(
                String::from_utf8(row).unwrap(),
                String::from_utf8(s.into_bytes()).unwrap(),
                "{text:?}"
            );
        }
    }
}

#[test]
fn raw_sheets_write_text_as_is_and_tsv_quotes_tabs() {
    let opts = CsvOptions {
        delimiter: b'\t',
        escaping: Escaping::Raw,
    };
    let mut s = Sheet::new(opts);
    s.text("=1").text("a\tb").number("-2");
    s.end_row();
    let out = String::from_utf8(s.into_bytes()).unwrap();
    assert_eq!(out, "=1\t\"a\tb\"\t-2\n");
}

/// Rows drained to a writer as they are made give the bytes of the whole sheet: quoting,
/// escaping and the delimiter kept across drains (a drain of nothing writes nothing).
#[test]
fn drained_rows_are_the_whole_sheets_bytes() {
    for opts in [CsvOptions::CSV, CsvOptions::TSV] {
        let rows: [&[&str]; 5] = [
            &["unit_id", "note"],
            &["T1", "=1+2"],
            &["T2", "a,b \"c\""],
            &["T3", "tab\there"],
            &["-5", "1.50"],
        ];
        let mut whole = Sheet::new(opts);
        let mut drained = Sheet::new(opts);
        let mut out = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            whole.record(r.iter());
            drained.record(r.iter());
            if i % 2 == 0 {
                drained.drain(&mut out).unwrap();
            }
        }
        drained.drain(&mut out).unwrap();
        drained.drain(&mut out).unwrap();
        assert_eq!(out, whole.into_bytes());
        let text = String::from_utf8(out).unwrap();
        // A formula is escaped; a number (even one that starts with a minus) is not.
        assert!(text.contains("'=1+2") && text.contains("\n-5"), "{text}");
    }
}

/// The first-byte test is the parse's answer: every finite number starts with a digit, a sign
/// or a point; what parses otherwise (`inf`, `NaN`, `infinity`) is not finite.
#[test]
fn numeric_cells_are_told_at_their_first_byte_as_by_parsing() {
    let parsed =
        |s: &str| s.is_empty() || s == "不适用" || s.parse::<f64>().is_ok_and(f64::is_finite);
    for s in [
        "",
        "不适用",
        "0",
        "12.5",
        "-3",
        "+4",
        ".5",
        "-.5",
        "1e5",
        "1E-3",
        "1e400",
        "-",
        "+",
        ".",
        "inf",
        "-inf",
        "+inf",
        "Infinity",
        "NaN",
        "nan",
        "-nan",
        " 5",
        "5 ",
        "５",
        "1_000",
        "0x10",
        "E5",
        "e5",
        "U0030476",
        "甲镇",
        "=1+1",
        "@x",
        "不适用 ",
        "不",
        "1,5",
    ] {
        assert_eq!(is_numeric_cell(s), parsed(s), "{s:?}");
    }
    // Cells of a row built by hand are written as `number` writes them.
    let mut each = Sheet::new(CsvOptions::CSV);
    let cells = ["U1", "-5", "=SUM(A1)", "12.50", "", "不适用", "a,b"];
    let mut row = Vec::new();
    for c in cells {
        push_number(&mut row, c, CsvOptions::CSV);
        row.push(b',');
    }
    row.pop();
    row.push(b'\n');
    each.record(cells);
    assert_eq!(String::from_utf8(row), String::from_utf8(each.into_bytes()));
}
