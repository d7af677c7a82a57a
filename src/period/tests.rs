use super::*;

#[test]
fn parses_and_prints_every_kind() {
    for s in ["2024Q1", "2024-07", "2024H2", "2024"] {
        assert_eq!(s.parse::<Period>().unwrap().to_string(), s);
    }
    for s in [
        "2024Q5", "2024Q0", "24Q1", "2024-7", "2024-13", "2024H3", "x", "2024Q+1",
    ] {
        assert!(s.parse::<Period>().is_err(), "{s}");
    }
    assert_eq!("2025q1".parse::<Period>().unwrap().to_string(), "2025Q1");
}

#[test]
fn only_quarters_are_quarters_and_the_error_says_which_command_takes_the_rest() {
    assert_eq!(parse_quarter("2025q1").unwrap().to_string(), "2025Q1");
    let e = parse_quarter("2024-07").unwrap_err();
    assert!(
        e.starts_with("`2024-07` is a month") && e.contains("pingyi rollup --year 2024"),
        "{e}"
    );
    let e = parse_quarter("2024").unwrap_err();
    assert!(e.contains("pingyi rollup --year 2024"), "{e}");
    assert!(parse_quarter("2024H1").unwrap_err().contains("--upto Q2"));
    assert_eq!(
        parse_quarter("2025-Q1").unwrap_err(),
        "`2025-Q1` is not a quarter: write it 2025Q1"
    );
    assert_eq!(
        parse_quarter("2024Q5").unwrap_err(),
        "`2024Q5` is not a quarter: write the year and the quarter 1–4, as 2024Q2"
    );
}

#[test]
fn loose_quarter_names_are_recognised_for_the_message() {
    assert_eq!(loose_quarter("2025-Q1"), Some(Period::Quarter(2025, 1)));
    assert_eq!(loose_quarter("2025 q4"), Some(Period::Quarter(2025, 4)));
    assert_eq!(
        loose_quarter("2025年第2季度"),
        Some(Period::Quarter(2025, 2))
    );
    assert_eq!(loose_quarter("backup"), None);
}

#[test]
fn predecessors_cross_year_boundaries() {
    let p = |s: &str| s.parse::<Period>().unwrap();
    assert_eq!(p("2024Q1").previous(), p("2023Q4"));
    assert_eq!(p("2024Q3").previous(), p("2024Q2"));
    assert_eq!(p("2024-01").previous(), p("2023-12"));
    assert_eq!(p("2024H1").previous(), p("2023H2"));
    assert_eq!(p("2024Q2").year_ago(), p("2023Q2"));
}

#[test]
fn folder_names_that_look_like_a_period_are_recognised() {
    let p = |s: &str| Some(s.parse::<Period>().unwrap());
    for (name, meant) in [
        ("2024年10月", p("2024-10")),
        ("202410", p("2024-10")),
        ("2024.10", p("2024-10")),
        ("2024-10月", p("2024-10")),
        ("2024-1", p("2024-01")),
        ("2024_03", p("2024-03")),
        ("2024年第四季度", p("2024Q4")),
        ("2024年四季度", p("2024Q4")),
        ("2024年第4季度", p("2024Q4")),
        ("2024-Q4", p("2024Q4")),
        ("2024q4", p("2024Q4")),
        ("2024Q4_final", p("2024Q4")),
        ("2024上半年", p("2024H1")),
        ("2024-H2", p("2024H2")),
        ("2024年", p("2024")),
        ("2024年度", p("2024")),
        // The periods' own names, and names that mean no period.
        ("2024-10", None),
        ("2024Q4", None),
        ("2024", None),
        ("2024H1", None),
        ("backup", None),
        ("2024-13", None),
        ("2024Q5", None),
        ("v2", None),
        ("12345", None),
        ("2024-10-15", None),
        // Second review's: folders of other things that carry a year.
        ("2023年资料", None),
        ("old-2023", p("2023")),
        ("2025年方案（征求意见稿）", None),
        ("template-2025Q1", None),
        ("2024_v2", None),
        ("2024年第2批", None),
        ("2024年汇总 (1)", None),
        ("2024年十月", None),
        ("2024年度考核方案", None),
        ("archive2019", None),
        ("2024-10 (1)", None),
        ("2024Q4 副本", p("2024Q4")),
        ("2024-10备份", p("2024-10")),
    ] {
        assert_eq!(loose_period(name), meant, "{name}");
    }
}

#[test]
fn a_period_named_without_its_year_is_told() {
    for (name, what) in [
        ("Q1", Some("quarter")),
        ("q4", Some("quarter")),
        ("一季度", Some("quarter")),
        ("第4季度", Some("quarter")),
        ("第四季度 副本", Some("quarter")),
        ("10月", Some("month")),
        ("十月份", Some("month")),
        ("十二月", Some("month")),
        ("1月备份", Some("month")),
        ("上半年", Some("half-year")),
        ("H2", Some("half-year")),
        // A year in it (loose_period's), another word, no number, a number out of range.
        ("2025Q1", None),
        ("2025年1月", None),
        ("Q1资料", None),
        ("季度", None),
        ("Q5", None),
        ("13月", None),
        ("二十月", None),
        ("1-3月", None),
        ("H3", None),
        ("data", None),
        ("12", None),
    ] {
        assert_eq!(yearless_period(name), what, "{name}");
    }
}

#[test]
fn years_named_in_titles_and_sheet_names() {
    assert_eq!(years_named("2023年度年终考评得分"), [2023]);
    assert_eq!(years_named("２０２４年度"), [2024]);
    assert_eq!(years_named("2023年、2024年对比"), [2023, 2024]);
    // A date names no year (a year-end review is compiled in the January after, review's case);
    // nor do other numbers.
    assert_eq!(
        years_named("2024年度考评（填报时间：2025年1月3日）"),
        [2024]
    );
    for date in [
        "截至2025年1月",
        "清河区年终考评得分（2025年1月8日）",
        "２０２４年１２月",
        "2025年一月",
        "填报时间：2025年",
    ] {
        assert_eq!(years_named(date), Vec::<i32>::new(), "{date}");
    }
    for none in ["年终考评", "12345年", "第3年", "1850年", "年", ""] {
        assert_eq!(years_named(none), Vec::<i32>::new(), "{none}");
    }
}

#[test]
fn months_named_in_titles_and_sheet_names() {
    assert_eq!(months_named("2024年3月份效能考评得分"), [(Some(2024), 3)]);
    assert_eq!(months_named("２０２４年１２月"), [(Some(2024), 12)]);
    assert_eq!(months_named("三月"), [(None, 3)]);
    assert_eq!(months_named("十二月份"), [(None, 12)]);
    assert_eq!(
        months_named("2024年1-3月"),
        [(Some(2024), 1), (Some(2024), 2), (Some(2024), 3)]
    );
    // Dates, words and numbers that are no month.
    assert_eq!(months_named("制表日期：2024年4月5日"), []);
    assert_eq!(months_named("4月3号"), []);
    assert_eq!(months_named("本月得分"), []);
    assert_eq!(months_named("13月"), []);
    assert_eq!(months_named("效能考评"), []);
    // The month of a title, beside a date.
    assert_eq!(
        months_named("2024年3月效能考评（制表：2024年4月2日）"),
        [(Some(2024), 3)]
    );
    // Review's titles: ranges and lists of months, and a date without its day.
    let months = |t: &str| -> Vec<u8> {
        let mut m: Vec<u8> = months_named(t).iter().map(|x| x.1).collect();
        m.sort_unstable();
        m
    };
    assert_eq!(months("2024年第二季度（4月-6月）效能考评"), [4, 5, 6]);
    assert_eq!(months("2024年第二季度（4月至6月）效能考评"), [4, 5, 6]);
    assert_eq!(months("2024年3、4月效能考评"), [3, 4]);
    assert_eq!(
        months("效能考评得分（填报时间：2024年5月）"),
        Vec::<u8>::new()
    );
    assert_eq!(months("截至4月底"), Vec::<u8>::new());
    assert_eq!(months("4月份效能考评（含3月补报）"), [3, 4]);
}

/// Every short text of the characters a month is written with reads without a panic, and names
/// months of 1 … 12 only.
#[test]
fn months_named_never_fails_on_short_texts() {
    let alphabet: Vec<char> = "1２0年月-、日至时十二".chars().collect();
    let n = alphabet.len();
    for len in 0..=5u32 {
        for k in 0..n.pow(len) {
            let mut rest = k;
            let text: String = (0..len)
                .map(|_| {
                    let ch = alphabet[rest % n];
                    rest /= n;
                    ch
                })
                .collect();
            for (_, m) in months_named(&text) {
                assert!((1..=12).contains(&m), "{text}: {m}");
            }
        }
    }
}
