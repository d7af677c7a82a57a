//! Number formats: which cells *show* a percentage, and the text of the number they show; and
//! which show a date or time.
//!
//! A cell formatted as a percentage displays `90%` and stores 0.9. A person reading the sheet
//! means 90, so the reader hands the table the text `90%`, which the cell parser then reads as 90
//! on a `percent = true` indicator and rejects elsewhere. The text is made by moving the decimal
//! point of the shortest decimal form of the stored number two places — never by multiplying in
//! floating point, where 0.07 × 100 is 7.000000000000001.
//!
//! A cell formatted as a date shows `3月5日` and stores the day's serial number (45356). calamine
//! turns only the built-in date ids 14–22 and 45–47 and custom codes with Latin date letters into
//! dates; the East-Asian built-in ids (27–36 and 50–58, `yyyy"年"m"月"d"日"`, `m"月"d"日"` … in a
//! Chinese Excel or WPS) reach it as plain numbers. The reader marks every numeric cell whose
//! format is a date or time, so that it is refused like the dates calamine sees.

/// What a number format does to a number, as far as pingyi cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shows {
    /// The number as it is (General, `0.00`, `#,##0`, `0.0"%"` …).
    Plain,
    /// The number times 100 with a percent sign (`0%`, `0.00%`).
    Percent,
    /// Conditional sections of which some show a percentage and some do not: the code, for the
    /// message.
    Unclear(String),
}

/// One `;`-separated section of a format code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Section {
    percent: bool,
    /// Has a condition such as `[>=100]`, which overrides the sign rule for choosing sections.
    condition: bool,
    /// Shows a date or time (see [`NumFmt::parse`]).
    date: bool,
}

/// What one section holds, while it is parsed.
#[derive(Default)]
struct Scan {
    percent: bool,
    condition: bool,
    /// A Latin date or time code: `y`, `m`, `d`, `h`, `s`, `AM/PM`, `A/P`, or elapsed time
    /// (`[h]`, `[mm]`, `[ss]`).
    date_code: bool,
    /// 年, 月, 日, 时, 分, 秒: date parts in a Chinese format, or units after a number (`0.0分`).
    cjk_date: bool,
    /// A digit placeholder (`0`, `#`, `?`).
    digits: bool,
}

impl Scan {
    fn section(&self) -> Section {
        Section {
            percent: self.percent,
            condition: self.condition,
            date: self.date_code || (self.cjk_date && !self.digits),
        }
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// A number format, reduced to its sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumFmt {
    code: String,
    sections: Vec<Section>,
}

impl NumFmt {
    /// Parses a format code. A `%` counts only where it is a format character: not inside
    /// quotes (`0.0"%"`), not escaped (`0\%`), not the argument of `_` (space the width of) or
    /// `*` (repeat), not inside brackets (`[Red]`, `[$-804]`, `[>=1]`). A section shows a date or
    /// time when it holds, in the same places, a date or time code (`y`, `m`, `d`, `h`, `s`,
    /// `AM/PM`, `A/P`; elapsed time `[h]`, `[mm]`, `[ss]`), or 年 月 日 时 分 秒 without a digit
    /// placeholder (`0.0分` shows points, `m月d日` a day).
    pub fn parse(code: &str) -> NumFmt {
        let mut sections = Vec::new();
        let mut cur = Scan::default();
        let mut chars = code.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => {
                    for q in chars.by_ref() {
                        if q == '"' {
                            break;
                        }
                    }
                }
                '\\' | '_' | '*' => {
                    chars.next();
                }
                '[' => {
                    let inner: String = chars.by_ref().take_while(|&b| b != ']').collect();
                    if inner.starts_with(['<', '>', '=']) {
                        cur.condition = true;
                    }
                    let elapsed = |u: char| {
                        !inner.is_empty() && inner.chars().all(|c| c.eq_ignore_ascii_case(&u))
                    };
                    if elapsed('h') || elapsed('m') || elapsed('s') {
                        cur.date_code = true;
                    }
                }
                ';' => {
                    sections.push(cur.section());
                    cur = Scan::default();
                }
                '%' => cur.percent = true,
                // `@` shows the cell as it is, like a digit placeholder a number.
                '0' | '#' | '?' | '@' => cur.digits = true,
                // `General` (`G/通用格式` in a Chinese Excel) shows the number: `General分` and
                // `G/通用格式分` are points, not a date.
                'G' | 'g' if starts_with_ignore_case(chars.as_str(), "eneral") => {
                    cur.digits = true;
                    chars.nth("eneral".len() - 1);
                }
                'G' | 'g' if chars.as_str().starts_with("/通用格式") => {
                    cur.digits = true;
                    chars.nth("/通用格式".chars().count() - 1);
                }
                'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => cur.date_code = true,
                'a' | 'A' => {
                    let rest = chars.as_str().as_bytes();
                    let ampm =
                        |s: &[u8]| rest.len() >= s.len() && rest[..s.len()].eq_ignore_ascii_case(s);
                    // `aaa`/`aaaa`: the weekday (周一, 星期一) in a Chinese Excel.
                    if ampm(b"M/PM") || ampm(b"/P") || ampm(b"aa") {
                        cur.date_code = true;
                    }
                }
                '年' | '月' | '日' | '时' | '時' | '分' | '秒' => cur.cjk_date = true,
                _ => {}
            }
        }
        sections.push(cur.section());
        NumFmt {
            code: code.to_string(),
            sections,
        }
    }

    /// A built-in format by its id: 9 is `0%`, 10 is `0.00%`; 14–22 and 45–47 are dates and
    /// times, and so are 27–36 and 50–58, whose codes depend on the locale (ECMA-376 Part 1,
    /// §18.8.30: in Chinese, Japanese and Korean they are `yyyy"年"m"月"d"日"`, `m"月"d"日"`,
    /// `h"时"mm"分"` and the like; Excel leaves them undefined elsewhere). The others show no
    /// percentage and no date.
    pub fn builtin(id: u32) -> NumFmt {
        match id {
            9 => NumFmt::parse("0%"),
            10 => NumFmt::parse("0.00%"),
            14..=22 | 27..=36 | 45..=47 | 50..=58 => NumFmt::parse("yyyy-mm-dd h:mm:ss"),
            _ => NumFmt::parse("General"),
        }
    }

    /// Whether the format shows a percentage at all (most formats do not: no cell needs a look).
    pub fn any_percent(&self) -> bool {
        self.sections.iter().any(|s| s.percent)
    }

    /// Whether the format shows some numbers as a date or time (any of the sections for
    /// numbers: a cell holding a number under it is read as a date, never as the number).
    pub fn any_date(&self) -> bool {
        self.sections.iter().take(3).any(|s| s.date)
    }

    /// How `value` is shown: the first section for positive numbers (and all numbers when there
    /// is one section), the second for negative ones, the third for zero. Text sections do not
    /// concern numbers.
    pub fn shows(&self, value: f64) -> Shows {
        let numeric = &self.sections[..self.sections.len().min(3)];
        if !numeric.iter().any(|s| s.percent) {
            return Shows::Plain;
        }
        if numeric.iter().any(|s| s.condition) {
            return if numeric.iter().all(|s| s.percent) {
                Shows::Percent
            } else {
                Shows::Unclear(self.code.clone())
            };
        }
        let s = match numeric.len() {
            1 => numeric[0],
            2 if value < 0.0 => numeric[1],
            3 if value < 0.0 => numeric[1],
            3 if value == 0.0 => numeric[2],
            _ => numeric[0],
        };
        if s.percent {
            Shows::Percent
        } else {
            Shows::Plain
        }
    }
}

/// The text of a stored number: Rust's shortest round-trip decimal, never in exponent form
/// (`0.9`, `320101`, `0.0000001`).
pub fn plain_text(v: f64) -> String {
    format!("{v}")
}

/// The percentage a stored number shows, as text: `0.9` → `90%`, `0.123456` → `12.3456%`,
/// `-0.05` → `-5%`, `1.5` → `150%` — the shortest decimal form with its point moved two places.
pub fn percent_text(v: f64) -> String {
    let plain = plain_text(v);
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", plain.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut frac = frac.to_string();
    while frac.len() < 2 {
        frac.push('0');
    }
    let (moved, rest) = frac.split_at(2);
    let int = format!("{int}{moved}");
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let rest = rest.trim_end_matches('0');
    if rest.is_empty() {
        format!("{sign}{int}%")
    } else {
        format!("{sign}{int}.{rest}%")
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
            (0.1 + 0.2, "30.000000000000004%"),
            (1e-7, "0.00001%"),
        ] {
            assert_eq!(percent_text(v), t, "{v}");
        }
        assert_eq!(percent_text(0.07), "7%");
        assert_eq!(format!("{}", 0.07 * 100.0), "7.000000000000001");
    }

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
}
