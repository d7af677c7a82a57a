//! Numbers as offices type them: `1,234.5`, `12.5%`, `１２３．５`, `－３`, ` 7 `.
//!
//! Cleaning is deliberately narrow, so that it never guesses: full-width characters fold to ASCII
//! and surrounding spaces go; a thousands separator is accepted only where it groups the integer
//! part in threes (`1,234,567.5`, never `1,23` or `1.234,5`); a trailing `%` is accepted only on
//! a percentage indicator and does not scale (`12.5%` is 12.5, like `12.5`). What remains must be
//! a plain finite decimal. Everything else is an error quoting the text found.

use std::borrow::Cow;

use crate::echo::quote;
use crate::fold::fold;

/// Spreadsheet error values, which Excel also writes into CSV exports as text.
const SPREADSHEET_ERRORS: [&str; 11] = [
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#DATA!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
];

/// Whether `t` (folded, trimmed) is a spreadsheet's error value as it shows it: Excel's
/// (`#DIV/0!`, `#N/A` …) or LibreOffice's numbered one (`Err:502`).
pub fn is_spreadsheet_error(t: &str) -> bool {
    let numbered = t
        .strip_prefix("Err:")
        .is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()));
    numbered || t.starts_with('#') && SPREADSHEET_ERRORS.contains(&t.to_ascii_uppercase().as_str())
}

/// A number in the strict sense of [`clean_number`], without a percent sign: a side file's cell
/// (adjustment points, a target, an attribute, a score), where no indicator's forms of "not
/// applicable" or "missing" apply, so the messages name none.
pub fn parse_number(t: &str) -> Result<f64, String> {
    clean(t, false, true)
}

/// Cleans and parses one number; `percent` allows a trailing `%` (which does not scale).
pub fn clean_number(text: &str, percent: bool) -> Result<f64, String> {
    clean(text, percent, false)
}

/// [`clean_number`], the messages for an indicator's cell or (`side`) for a side file's.
fn clean(text: &str, percent: bool, side: bool) -> Result<f64, String> {
    let shown = text.trim();
    if side && shown.is_empty() {
        return Err("expected a number, found an empty cell".to_string());
    }
    let t = fold(text);
    if is_spreadsheet_error(&t) {
        return Err(format!(
            "the cell holds the spreadsheet error {}: fix its formula or enter the value",
            quote(shown)
        ));
    }
    let body = match t.strip_suffix('%') {
        Some(b) if percent => b.trim_end(),
        Some(_) if side => {
            return Err(format!(
                "{} has a percent sign: write the number without `%`",
                quote(shown)
            ));
        }
        Some(_) => {
            return Err(format!("{} has a percent sign, but the indicator is not a percentage: write the number without `%`, or set `percent = true` on the indicator", quote(shown)));
        }
        None => &t,
    };
    let plain = ungroup(body).ok_or_else(|| {
        if leading_zero_group(body) {
            format!("{} is not a number: a comma after a leading 0 is no thousands separator (if it is a decimal comma, type a decimal point)", quote(shown))
        } else {
            format!("{} is not a number: a thousands separator must group the digits before the decimal point in threes, as in 1,234,567.5", quote(shown))
        }
    })?;
    if !is_plain_decimal(&plain) {
        let expected = if side {
            "a number"
        } else {
            "a number, `-`, `N/A`, `不适用` or an empty cell"
        };
        return Err(format!("expected {expected}, found {}", quote(shown)));
    }
    match plain.parse::<f64>() {
        Ok(v) if in_range(v, &plain) && v.abs() > MAX_MAGNITUDE => Err(format!(
            "{} is too large: pingyi reads numbers up to 9,007,199,254,740,991 (2^53 − 1) in size, so that sums and means over every unit stay finite",
            quote(shown)
        )),
        Ok(v) if in_range(v, &plain) => Ok(v),
        _ => Err(format!("{} is out of range for a number", quote(shown))),
    }
}

/// The largest size of a number read from a cell, 2^53 − 1 (the largest integer an f64 holds
/// exactly, and the bound of the compact decimals, [`super::cell::parse_decimal`]): beyond it a
/// sum or a mean of a country's values could overflow to infinity (`1.7e308` twice).
pub const MAX_MAGNITUDE: f64 = 9_007_199_254_740_991.0;

/// Whether `v`, parsed from the plain decimal `text`, is the number written: finite, and not a
/// non-zero number that underflowed — `1e-400` parses as 0 and `1e-310` as a subnormal holding
/// only some of its digits. Both ends are out of range alike (`1e400` parses as infinity).
pub(crate) fn in_range(v: f64, text: &str) -> bool {
    if v == 0.0 {
        // A written zero (`0`, `-0.00`, `0e5`) has no other digit before its exponent.
        let mantissa = text.split(['e', 'E']).next().unwrap_or("");
        return !mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b));
    }
    v.is_normal()
}

/// `1,234,567.5` → `1234567.5`; `None` when commas are present but do not group in threes.
fn ungroup(t: &str) -> Option<Cow<'_, str>> {
    if !t.contains(',') {
        return Some(Cow::Borrowed(t));
    }
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+' | b'-') => t.split_at(1),
        _ => ("", t),
    };
    let (int, frac) = match rest.find('.') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if frac.contains(',') {
        return None;
    }
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    // A leading 0 groups nothing (`0,385` is a decimal comma, `00,509` no grouping).
    if !(1..=3).contains(&first.len()) || !digits(first) || first.starts_with('0') {
        return None;
    }
    let mut out = format!("{sign}{first}");
    for g in groups {
        if g.len() != 3 || !digits(g) {
            return None;
        }
        out.push_str(g);
    }
    out.push_str(frac);
    Some(Cow::Owned(out))
}

/// Whether the integer part of `t` (a sign aside) begins with a 0 followed by a comma or
/// another digit before its first comma: `0,385`, `-0,5`, `00,509`.
fn leading_zero_group(t: &str) -> bool {
    let rest = t.strip_prefix(['+', '-']).unwrap_or(t);
    rest.starts_with('0')
        && rest.contains(',')
        && !rest.split(',').next().unwrap_or("").contains('.')
}

/// `[+-]digits[.digits][e[+-]digits]` with at least one digit before the exponent.
pub(crate) fn is_plain_decimal(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    let digits_from = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_end = digits_from(i);
    let mut digits = int_end - i;
    i = int_end;
    if i < b.len() && b[i] == b'.' {
        let frac_end = digits_from(i + 1);
        digits += frac_end - (i + 1);
        i = frac_end;
    }
    if digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_end = digits_from(i);
        if exp_end == i {
            return false;
        }
        i = exp_end;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_full_width_and_spaces_are_cleaned() {
        for (text, v) in [
            ("1,234.5", 1234.5),
            ("-1,234,567", -1234567.0),
            ("１２３．５", 123.5),
            ("－３", -3.0),
            ("１，２３４", 1234.0),
            ("\u{3000}7\u{3000}", 7.0),
            (" 0.25 ", 0.25),
            ("1e3", 1000.0),
            ("+.5", 0.5),
        ] {
            assert_eq!(clean_number(text, false), Ok(v), "{text}");
        }
    }

    #[test]
    fn percent_signs_only_on_percentages_and_never_scaled() {
        assert_eq!(clean_number("12.5%", true), Ok(12.5));
        assert_eq!(clean_number("12.5 ％", true), Ok(12.5));
        assert_eq!(clean_number("12.5", true), Ok(12.5));
        assert_eq!(
            clean_number("12.5%", false),
            Err("`12.5%` has a percent sign, but the indicator is not a percentage: write the number without `%`, or set `percent = true` on the indicator".into())
        );
        assert!(clean_number("%", true).is_err());
        assert!(clean_number("12.5%%", true).is_err());
    }

    /// A comma after a leading 0 is a decimal comma typed by mistake, never a thousands
    /// separator: `0,385` is refused, not read as 385 (nor `-0,385` as -385).
    #[test]
    fn a_comma_after_a_leading_zero_is_refused_as_no_grouping() {
        for bad in [
            "0,385",
            "-0,385",
            "+0,5",
            "00,509",
            "0,000,509",
            "0,385.0",
            "０，３８５",
        ] {
            let e = clean_number(bad, false).unwrap_err();
            assert!(e.contains("a comma after a leading 0"), "{bad}: {e}");
            assert!(parse_number(bad).is_err(), "{bad}");
        }
        // A group of three after a non-zero first group is still a thousands separator.
        assert_eq!(clean_number("1,385", false), Ok(1385.0));
        assert_eq!(clean_number("10,385.5", false), Ok(10385.5));
        assert_eq!(clean_number("0.385", false), Ok(0.385));
    }

    #[test]
    fn bad_grouping_is_an_error_not_a_guess() {
        for bad in [
            "1,23",
            "12,3456",
            "1,234,5",
            "1.234,5",
            ",123",
            "1,,234",
            "1,234.5,6",
        ] {
            let e = clean_number(bad, false).unwrap_err();
            assert!(e.contains("thousands separator"), "{bad}: {e}");
        }
    }

    #[test]
    fn other_text_nan_and_infinities_are_errors_quoting_the_text() {
        assert_eq!(
            clean_number(" abc ", false),
            Err("expected a number, `-`, `N/A`, `不适用` or an empty cell, found `abc`".into())
        );
        for bad in [
            "inf", "NaN", "-inf", "infinity", "1.2.3", "+", ".", "1e", "0x10", "1 234", "¥5",
        ] {
            assert!(clean_number(bad, false).is_err(), "{bad}");
        }
        assert_eq!(
            clean_number("1e400", false),
            Err("`1e400` is out of range for a number".into())
        );
    }

    /// Up to 2^53 − 1 in size a number is read, by the fast path of a plain decimal and by the
    /// general one alike; beyond it it is an error (two cells of 1.7e308 summed to infinity,
    /// printed as `inf` in the district overview).
    #[test]
    fn a_number_beyond_two_to_the_53_is_too_large() {
        use crate::data::cell::{read_cell, Cell, ValueKind};
        let max = 9_007_199_254_740_991.0;
        for ok in [
            "9007199254740991",
            "-9007199254740991",
            "9,007,199,254,740,991",
            "9.007e15",
        ] {
            let v = clean_number(ok, false).unwrap();
            assert!(v.abs() == max || v == 9.007e15, "{ok}: {v}");
            assert!(
                matches!(read_cell(ok, ValueKind::Number), Ok(Cell::Value(_))),
                "{ok}"
            );
        }
        for big in [
            "9007199254740992",
            "-9007199254740993",
            "1e16",
            "1.7e308",
            "1,000,000,000,000,000,000",
        ] {
            let e = clean_number(big, false).unwrap_err();
            assert!(
                e.starts_with(&format!(
                    "`{big}` is too large: pingyi reads numbers up to 9,007,199,254,740,991"
                )),
                "{big}: {e}"
            );
            assert_eq!(read_cell(big, ValueKind::Number).unwrap_err(), e, "{big}");
            assert_eq!(crate::data::cell::parse_decimal(big), None, "{big}");
        }
    }

    #[test]
    fn a_number_too_small_for_a_double_is_out_of_range_not_zero() {
        // `1e-400` parsed as 0 and was scored as 0; `1e-310` as a subnormal (digits lost).
        for tiny in ["1e-400", "-1e-400", "0.5e-323", "1e-310", "1,000.5e-330"] {
            assert_eq!(
                clean_number(tiny, false),
                Err(format!("`{tiny}` is out of range for a number")),
                "{tiny}"
            );
            let e = crate::data::cell::read_cell(tiny, crate::data::cell::ValueKind::Number);
            assert!(e.is_err(), "{tiny}");
        }
        for zero in ["0", "-0", "0.000", "0e-400", "00.0E+5"] {
            assert_eq!(clean_number(zero, false), Ok(0.0), "{zero}");
        }
        assert_eq!(
            clean_number("2.2250738585072014e-308", false),
            Ok(f64::MIN_POSITIVE)
        );
        assert_eq!(
            parse_number("1e-400"),
            Err("`1e-400` is out of range for a number".into())
        );
        assert_eq!(
            clean_number("#DIV/0!", false),
            Err("the cell holds the spreadsheet error `#DIV/0!`: fix its formula or enter the value".into())
        );
        // LibreOffice's numbered errors, as its CSV export writes them.
        assert_eq!(
            clean_number("Err:502", false),
            Err("the cell holds the spreadsheet error `Err:502`: fix its formula or enter the value".into())
        );
        for t in ["#n/a", "#REF!", "Err:504"] {
            assert!(is_spreadsheet_error(t), "{t}");
        }
        for t in ["#", "Err:", "Err:50", "Err:5020", "err:502", "#DIV/0"] {
            assert!(!is_spreadsheet_error(t), "{t}");
        }
    }

    #[test]
    fn a_side_files_number_names_no_indicator_forms() {
        // Adjustment points, targets, attributes and scores take a number and nothing else.
        for (text, msg) in [
            ("-", "expected a number, found `-`"),
            ("不适用", "expected a number, found `不适用`"),
            ("", "expected a number, found an empty cell"),
            (
                "2%",
                "`2%` has a percent sign: write the number without `%`",
            ),
        ] {
            assert_eq!(parse_number(text), Err(msg.to_string()), "{text:?}");
        }
        assert_eq!(parse_number(" 1,234.5 "), Ok(1234.5));
    }
}
