//! The text a number shows: the stored number's own (`plain_text`), as a percentage
//! (`percent_text`), and under a section that alters it (`shown`, for the message that refuses
//! the cell). Every text is made from the shortest decimal form of the stored number by moving
//! its point and rounding its digits as decimals — never by multiplying in floating point, where
//! 0.07 × 100 is 7.000000000000001.

use super::{Section, Tok};

/// The text of a stored number: Rust's shortest round-trip decimal, never in exponent form
/// (`0.9`, `320101`, `0.0000001`), to at most 15 significant digits — Excel's precision, and
/// what its formula bar shows. A typed number never has more; a formula's result may:
/// `=8.1/9*100` stores 89.999999999999986, which Excel shows as 90 at any number of decimals,
/// and which read as stored would fall below a band at 90.
pub fn plain_text(v: f64) -> String {
    let shortest = format!("{v}");
    if significant_digits(&shortest) <= 15 {
        return shortest;
    }
    match format!("{v:.14e}").parse::<f64>() {
        Ok(r) if r.is_finite() => format!("{r}"),
        _ => shortest,
    }
}

/// The significant digits of a plain decimal text (`-0.00120` has 2).
fn significant_digits(text: &str) -> usize {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

/// The percentage a stored number shows, as text: `0.9` → `90%`, `0.123456` → `12.3456%`,
/// `-0.05` → `-5%`, `1.5` → `150%` — the shortest decimal form with its point moved two places.
pub fn percent_text(v: f64) -> String {
    format!("{}%", shifted(v, 2))
}

/// The shortest decimal form of `v` with its point moved `k` places to the right (to the left
/// when `k` is negative): `shifted(9600.0, -3)` is `9.6`.
fn shifted(v: f64, k: i32) -> String {
    let (sign, int, frac) = split(v, k);
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// The sign, integer digits (at least `0`) and fraction digits (no trailing zeros) of `v` with
/// its point moved `k` places.
fn split(v: f64, k: i32) -> (&'static str, String, String) {
    let plain = plain_text(v);
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", plain.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all = format!("{int}{frac}");
    let point = int.len() as i64 + i64::from(k);
    let (int, frac) = if point <= 0 {
        let zeros = "0".repeat(point.unsigned_abs() as usize);
        (String::new(), format!("{zeros}{all}"))
    } else if point as usize >= all.len() {
        let zeros = "0".repeat(point as usize - all.len());
        (format!("{all}{zeros}"), String::new())
    } else {
        let (i, f) = all.split_at(point as usize);
        (i.to_string(), f.to_string())
    };
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    (
        sign,
        int.to_string(),
        frac.trim_end_matches('0').to_string(),
    )
}

/// `int.frac` rounded half away from zero to `places` decimals: the integer digits (at least
/// `0`) and exactly `places` fraction digits.
fn rounded(int: &str, frac: &str, places: usize) -> (String, String) {
    if frac.len() <= places {
        return (int.to_string(), format!("{frac:0<places$}"));
    }
    let mut digits: Vec<u8> = format!("{int}{}", &frac[..places]).into_bytes();
    if frac.as_bytes()[places] >= b'5' {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let digits = String::from_utf8(digits).unwrap_or_default();
    let (i, f) = digits.split_at(digits.len() - places);
    (i.to_string(), f.to_string())
}

/// The text section `s` shows for `value`, with a minus sign for a negative number when `sign`
/// (the first section; the second, for negative numbers, writes its own). A section that divides
/// by 1,000 is laid out digit by digit like Excel does: the integer digits from the right, the
/// leftmost placeholder taking what is left, text where it stands (`0!.0,"万"` shows 96000 as
/// `9.6万`). A scientific, fraction or General section shows the number moved only.
pub(super) fn shown(s: &Section, value: f64, sign: bool) -> String {
    let k = if s.percent { 2 } else { 0 } - 3 * s.scale as i32;
    let sign = if sign && value < 0.0 { "-" } else { "" };
    let plain = s
        .toks
        .iter()
        .any(|t| matches!(t, Tok::Exp | Tok::Slash | Tok::General));
    if plain {
        return format!("{sign}{}", shifted(value.abs(), k));
    }
    let point = s.toks.iter().position(|t| *t == Tok::Point);
    let (int_toks, frac_toks) = s.toks.split_at(point.unwrap_or(s.toks.len()));
    let places = frac_toks.iter().filter(|t| t.is_digit()).count();
    let (_, int, frac) = split(value.abs(), k);
    let (int, frac) = rounded(&int, &frac, places);
    let mut out: Vec<String> = s.toks.iter().map(text_of).collect();
    lay_integer(
        &mut out[..int_toks.len()],
        int_toks,
        int.trim_start_matches('0'),
        s.grouping,
    );
    lay_fraction(&mut out[int_toks.len()..], frac_toks, &frac);
    format!("{sign}{}", out.concat().trim())
}

/// What a part shows apart from digits.
fn text_of(t: &Tok) -> String {
    match t {
        Tok::Text(t) => t.clone(),
        Tok::Point => ".".into(),
        _ => String::new(),
    }
}

/// Puts the integer digits under the placeholders, from the right; the leftmost placeholder
/// takes all that are left. A placeholder without a digit shows `0` for `0`, a space for `?`,
/// nothing for `#`. Thousands are separated when the placeholders stand together.
fn lay_integer(out: &mut [String], toks: &[Tok], digits: &str, grouping: bool) {
    let places: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].is_digit()).collect();
    let mut rest = digits;
    for (n, &i) in places.iter().enumerate().rev() {
        let take = if n == 0 {
            rest.len()
        } else {
            rest.len().min(1)
        };
        let (left, here) = rest.split_at(rest.len() - take);
        rest = left;
        out[i] = match (here, &toks[i]) {
            ("", Tok::Digit('0')) => "0".into(),
            ("", Tok::Digit('?')) => " ".into(),
            _ => here.to_string(),
        };
    }
    let together = places
        .windows(2)
        .all(|w| w[1] == w[0] + 1 || toks[w[0] + 1..w[1]].iter().all(|t| *t == Tok::Comma));
    if grouping && together {
        if let (Some(&first), Some(&last)) = (places.first(), places.last()) {
            let all: String = out[first..=last].concat();
            for o in &mut out[first..=last] {
                o.clear();
            }
            out[first] = group(&all);
        }
    }
}

/// `1234567` → `1,234,567` (spaces a `?` left stay in front).
fn group(s: &str) -> String {
    let digits = s.trim_start();
    let lead = &s[..s.len() - digits.len()];
    let mut out = String::from(lead);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Puts the fraction digits under the placeholders after the point, from the left; trailing
/// zeros under `#` are not shown, under `?` they are spaces.
fn lay_fraction(out: &mut [String], toks: &[Tok], digits: &str) {
    let places: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].is_digit()).collect();
    for (&i, d) in places.iter().zip(digits.chars()) {
        out[i] = d.to_string();
    }
    for &i in places.iter().rev() {
        match (&toks[i], out[i].as_str()) {
            (Tok::Digit('#'), "0") => out[i].clear(),
            (Tok::Digit('?'), "0") => out[i] = " ".into(),
            _ => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_text_moves_the_point_of_the_shortest_decimal() {
        for (v, t) in [
            (0.9, "90%"),
            (0.123456, "12.3456%"),
            (0.07, "7%"),
            (1.0, "100%"),
            (1.5, "150%"),
            (0.0, "0%"),
            (-0.05, "-5%"),
            (0.001, "0.1%"),
            (0.00001, "0.001%"),
            (12.345, "1234.5%"),
            // 0.30000000000000004, a formula's result: to Excel's 15 digits, 0.3.
            (0.1 + 0.2, "30%"),
            (1e-7, "0.00001%"),
        ] {
            assert_eq!(percent_text(v), t, "{v}");
        }
        assert_eq!(percent_text(0.07), "7%");
        assert_eq!(format!("{}", 0.07 * 100.0), "7.000000000000001");
    }

    #[test]
    fn the_point_moves_left_too_and_digits_round_half_away_from_zero() {
        assert_eq!(shifted(9600.0, -3), "9.6");
        assert_eq!(shifted(96000.0, -6), "0.096");
        assert_eq!(shifted(-1.5, -3), "-0.0015");
        assert_eq!(shifted(0.0, -3), "0");
        assert_eq!(rounded("9", "65", 1), ("9".into(), "7".into()));
        assert_eq!(rounded("9", "95", 1), ("10".into(), "0".into()));
        assert_eq!(rounded("0", "", 2), ("0".into(), "00".into()));
        assert_eq!(rounded("12", "4", 0), ("12".into(), String::new()));
    }
}
