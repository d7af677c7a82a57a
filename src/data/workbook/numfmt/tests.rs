//! Format codes by hand: what each shows of a number, as far as pingyi reads it.

use super::*;

#[test]
fn only_an_unquoted_unescaped_percent_sign_is_a_percentage() {
    let p = |code: &str| NumFmt::parse(code).shows(0.5);
    for code in [
        "0%",
        "0.00%",
        "0.0%",
        "#,##0.00%",
        "0%;-0%",
        "[Red]0.0%",
        "0.0 %",
    ] {
        assert_eq!(p(code), Shows::Percent, "{code}");
    }
    for code in [
        "General",
        "0.00",
        "#,##0",
        "0.0\"%\"",
        "0\\%",
        "0_%",
        "0*%",
        "[$%-409]0.00",
        "\"增长\"0.0\"%\"",
    ] {
        assert_eq!(p(code), Shows::Plain, "{code}");
    }
    assert_eq!(NumFmt::builtin(9).shows(0.5), Shows::Percent);
    assert_eq!(NumFmt::builtin(10).shows(0.5), Shows::Percent);
    assert_eq!(NumFmt::builtin(3).shows(0.5), Shows::Plain);
}

#[test]
fn sections_are_chosen_by_sign() {
    let f = NumFmt::parse("0%;-0.00;\"-\"");
    assert_eq!(f.shows(0.5), Shows::Percent);
    assert_eq!(f.shows(-0.5), Shows::Plain);
    assert_eq!(f.shows(0.0), Shows::Plain);
    let f = NumFmt::parse("0.00;0%");
    assert_eq!(f.shows(1.0), Shows::Plain);
    assert_eq!(f.shows(-1.0), Shows::Percent);
    assert_eq!(f.shows(0.0), Shows::Plain);
    // A fourth section is for text.
    assert_eq!(NumFmt::parse("0;0;0;@%").shows(1.0), Shows::Plain);
}

#[test]
fn conditional_sections_that_disagree_are_unclear() {
    let f = NumFmt::parse("[>=1]0.00;0%");
    assert_eq!(f.shows(0.5), Shows::Unclear("[>=1]0.00;0%".into()));
    assert_eq!(NumFmt::parse("[<0]-0%;0%").shows(0.5), Shows::Percent);
}

/// `(how, shown)` when `code` shows `v` as other digits than stored.
fn altered(code: &str, v: f64) -> Option<(String, String)> {
    match NumFmt::parse(code).shows(v) {
        Shows::Altered(a) => {
            assert_eq!(a.code, code);
            Some((a.how, a.shown))
        }
        _ => None,
    }
}

const BY_1000: &str = "divides the number by 1,000";
const POINT: &str = "writes a point as text among its digits (not a decimal point)";

#[test]
fn a_comma_after_the_last_digit_divides_by_a_thousand() {
    let pairs = |how: &str, shown: &str| Some((how.to_string(), shown.to_string()));
    for (code, v, how, shown) in [
        ("#,##0,", 9600.0, BY_1000, "10"),
        ("#,##0.0,", 9600.0, BY_1000, "9.6"),
        ("#,##0.0,", 9600000.0, BY_1000, "9,600.0"),
        ("0.0,", 9650.0, BY_1000, "9.7"),
        ("0.00,", -9600.0, BY_1000, "-9.60"),
        ("0,", 0.0, BY_1000, "0"),
        ("#,##0.0,\"千\"", 9600.0, BY_1000, "9.6千"),
        ("#,##0,\"千元\"", 1234567.0, BY_1000, "1,235千元"),
        ("#,##0, \"千\"", 1234567.0, BY_1000, "1,235 千"),
        ("\"¥\"#,##0.0,", 9600.0, BY_1000, "¥9.6"),
        ("[$¥-804]#,##0.0,", 9600.0, BY_1000, "¥9.6"),
        ("0,.00", 9600.0, BY_1000, "9.60"),
        ("[Red]0.0,", 9600.0, BY_1000, "9.6"),
        (
            "0.0,,",
            12345678.0,
            "divides the number by 1,000,000",
            "12.3",
        ),
        (
            "#,##0,,\"百万\"",
            2.5e9,
            "divides the number by 1,000,000",
            "2,500百万",
        ),
        ("0,,,", 2.5e9, "divides the number by 1,000,000,000", "3"),
        ("0,,,,", 2.5e12, "divides the number by 10^12", "3"),
        // A percentage divided: ×100 ÷1,000.
        (
            "0%,",
            50.0,
            "multiplies the number by 100 (a percentage) and divides it by 1,000",
            "5%",
        ),
    ] {
        assert_eq!(altered(code, v), pairs(how, shown), "{code}");
    }
}

#[test]
fn text_among_the_digits_moves_the_point_a_reader_sees() {
    let text = "writes text among its digits";
    let both = format!("{BY_1000} and {POINT}");
    for (code, v, how, shown) in [
        ("0\".\"0000", 12345.0, POINT, "1.2345"),
        ("0!.0000", 12345.0, POINT, "1.2345"),
        ("0\\.0000", 12345.0, POINT, "1.2345"),
        ("0!.00", 5.0, POINT, "0.05"),
        ("0\"．\"0", 96.0, POINT, "9．6"),
        ("0!.0,\"万\"", 96000.0, both.as_str(), "9.6万"),
        ("0\".\"0,", 96000.0, both.as_str(), "9.6"),
        ("0!.00,,\"亿\"", 960_000_000.0, "divides the number by 1,000,000 and writes a point as text among its digits (not a decimal point)", "9.60亿"),
        ("000-0000", 1234567.0, text, "123-4567"),
        ("0\"万\"0000", 12345678.0, text, "1234万5678"),
        ("#\" \"##0", 12345.0, text, "12 345"),
        ("0.0.0", 12.5, POINT, "12.5.0"),
        ("0%0", 0.5, text, "5%0"),
    ] {
        let want = Some((how.to_string(), shown.to_string()));
        assert_eq!(altered(code, v), want, "{code}");
    }
    assert_eq!(
        altered("0.0,\"x\"0", 9600.0).map(|a| a.0),
        Some(format!("{BY_1000} and writes text among its digits"))
    );
}

#[test]
fn separators_text_around_the_number_and_other_notations_show_the_number_stored() {
    for code in [
        "General",
        "0",
        "0.00",
        "#,##0",
        "#,##0.00",
        "#,##0.0",
        "#,###",
        "0,0",
        "#,##0_);(#,##0)",
        "#,##0.00_);[Red](#,##0.00)",
        "_(* #,##0_);_(* (#,##0);_(* \"-\"??_);_(@_)",
        "_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * \"-\"??_ ;_ @_ ",
        // Commas that are text: quoted, escaped, before every digit.
        "0.0\",\"",
        "0.0\\,",
        "0.0!,",
        "\",\"0",
        "#,##0\"元\"",
        "\"¥\"#,##0.00",
        "[$¥-804]#,##0.00",
        "\"千\"#,##0",
        "0.0\"%\"",
        "0\\%",
        "0.0分",
        "0.0\" 万\"",
        // Empty quotes show nothing: the point between them is the number's.
        "0\"\".\"\"0000",
        "\"年\"0",
        "G/通用格式",
        "G/通用格式\"分\"",
        "[DBNum1][$-804]General",
        "@",
        ";;;",
        "0;-0;\"-\"",
        // Scientific: the same number.
        "0.00E+00",
        "##0.0E+0",
        "0.0E-00",
        // Fractions: the same number, rounded as `0.0` rounds.
        "# ?/?",
        "# ??/??",
        "?/?",
        "# ?/100",
        "0 ?/8",
        // Dates are refused as dates, not read here.
        "yyyy.m.d",
        "mmm d, yyyy",
        "mm:ss.0",
    ] {
        assert_eq!(altered(code, 9600.0), None, "{code}");
        assert!(!NumFmt::parse(code).any_altered(), "{code}");
    }
    assert!(!NumFmt::builtin(3).any_altered());
    assert!(!NumFmt::builtin(12).any_altered());
    assert!(!NumFmt::builtin(11).any_altered());
}

#[test]
fn the_section_that_shows_the_number_decides() {
    // Negative numbers divided by 1,000, positive ones not: the second section writes its
    // own sign.
    let code = "#,##0;(#,##0,)";
    assert!(NumFmt::parse(code).any_altered());
    assert_eq!(altered(code, 9600.0), None);
    assert_eq!(
        altered(code, -9600.0),
        Some((BY_1000.to_string(), "(10)".to_string()))
    );
    assert_eq!(altered("0.0,;-0.0,;\"-\"", 0.0), None);
    assert_eq!(
        altered("0.0,;-0.0,;\"-\"", -9600.0).map(|a| a.1).as_deref(),
        Some("-9.6")
    );
    // A fourth section is for text.
    assert_eq!(altered("0;0;0;@,", 9600.0), None);
    // Under conditions every number is refused when a section divides, whichever section
    // shows it: the same column then holds two scales.
    let code = "[>=10000]0.0,\"万\";0";
    assert_eq!(
        altered(code, 96000.0),
        Some((BY_1000.to_string(), "96.0万".to_string()))
    );
    assert_eq!(
        altered(code, 5000.0),
        Some((BY_1000.to_string(), "5000".to_string()))
    );
    // Percentages are read as before.
    assert_eq!(NumFmt::parse("0.0%").shows(0.5), Shows::Percent);
    assert_eq!(
        NumFmt::parse("[<1]0.0%;0.0").shows(0.5),
        Shows::Unclear("[<1]0.0%;0.0".into())
    );
}

/// A stored number is read to 15 significant digits, as Excel shows it: a formula's result one
/// step below a band boundary (`=8.1/9*100`) is the 90 the sheet shows, not 89.99999999999999.
#[test]
fn stored_numbers_are_read_to_excels_fifteen_digits() {
    use super::{percent_text, plain_text};
    assert_eq!(8.1 / 9.0 * 100.0, 89.999_999_999_999_99);
    assert_eq!(plain_text(8.1 / 9.0 * 100.0), "90");
    assert_eq!(plain_text(0.1 + 0.2), "0.3");
    assert_eq!(plain_text(-(0.1 + 0.2)), "-0.3");
    assert_eq!(plain_text(1_234.567_890_123_456_7), "1234.56789012346");
    // Typed numbers (never more than 15 digits) are as stored.
    for (v, text) in [
        (0.9, "0.9"),
        (320101.0, "320101"),
        (0.000_000_1, "0.0000001"),
        (123_456_789_012_345.0, "123456789012345"),
        (0.123_456_789_012_345, "0.123456789012345"),
        (1e20, "100000000000000000000"),
    ] {
        assert_eq!(plain_text(v), text);
    }
    assert_eq!(percent_text(0.1 + 0.2), "30%");
}
