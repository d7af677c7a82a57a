//! Number formats: which cells *show* a percentage, and the text of the number they show; which
//! show a date or time; and which show digits that are not the number stored.
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
//!
//! Some formats show other digits than the number stored, and nothing in the value says so: a
//! comma after the last digit placeholder divides by 1,000 (`#,##0.0,` shows 9600 as `9.6`,
//! `0.0,,` divides by a million), and text among the digits moves the point a reader sees
//! (`0!.0000` and `0"."0000` show 12345 as `1.2345`; `0!.0,"万"` shows 96000 as `9.6万`). Such a
//! number is neither read as stored (the sheet says otherwise) nor as shown (which number the
//! office meant is a guess): it is refused, naming the format, what it stores and what it shows
//! (`show`). A scientific format (`0.00E+00`) and a fraction (`# ?/?`) show the number stored,
//! rounded like `0.0` rounds, and Chinese numerals (`[DBNum1]`) the same number in other digits.

mod show;

pub use show::{percent_text, plain_text};

/// What a number format does to a number, as far as pingyi cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shows {
    /// The number as it is (General, `0.00`, `#,##0`, `0.0"%"`, `0.00E+00` …).
    Plain,
    /// The number times 100 with a percent sign (`0%`, `0.00%`).
    Percent,
    /// Conditional sections of which some show a percentage and some do not: the code, for the
    /// message.
    Unclear(String),
    /// Digits that are not the number stored (`#,##0.0,`, `0!.0000`).
    Altered(Altered),
}

/// A format that shows other digits than the number stored, for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Altered {
    pub code: String,
    /// What the format does: `divides the number by 1,000`.
    pub how: String,
    /// What the cell shows: `9.6`, `9.6万`.
    pub shown: String,
}

/// One `;`-separated section of a format code.
#[derive(Debug, Clone, PartialEq)]
struct Section {
    percent: bool,
    /// A condition such as `[>=100]`, which overrides the sign rule for choosing sections.
    condition: Option<Condition>,
    /// Shows a date or time (see [`NumFmt::parse`]).
    date: bool,
    /// Commas after a digit placeholder that divide the number by 1,000 each.
    scale: u32,
    /// Commas between digit placeholders of the integer part: thousands separators.
    grouping: bool,
    /// Text among the digit placeholders (`0!.0000`, `0"."0`, `000-0000`), apart from a
    /// fraction's (`# ?/?`).
    text_in_digits: bool,
    /// What the section is made of, in order, for the text it shows (`show`).
    toks: Vec<Tok>,
}

/// One part of a section, as far as the text it shows goes.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// `0`, `#` or `?`.
    Digit(char),
    /// `General` (`G/通用格式`).
    General,
    /// The first `.` of the number: its decimal point.
    Point,
    /// A comma that is not text: a thousands separator or a divisor.
    Comma,
    /// `E+` or `E-`.
    Exp,
    /// A fraction's `/`.
    Slash,
    /// Shown as it is: quoted or escaped text, `%`, a currency symbol, a space for `_`.
    Text(String),
    /// Shown otherwise or not at all: date codes, `@`, colours.
    Other,
}

impl Tok {
    fn is_digit(&self) -> bool {
        matches!(self, Tok::Digit(_) | Tok::General)
    }
}

/// A section's condition: `[>=100]` is `(">=", 100.0)`.
#[derive(Debug, Clone, PartialEq)]
struct Condition {
    op: &'static str,
    limit: f64,
}

impl Condition {
    /// `[>=100]` → `>=` 100; `None` when the bracket holds no condition.
    fn parse(inner: &str) -> Option<Condition> {
        let op = ["<=", ">=", "<>", "<", ">", "="]
            .into_iter()
            .find(|op| inner.starts_with(op))?;
        let limit = inner[op.len()..].trim().parse().unwrap_or(0.0);
        Some(Condition { op, limit })
    }

    fn holds(&self, v: f64) -> bool {
        match self.op {
            "<=" => v <= self.limit,
            ">=" => v >= self.limit,
            "<>" => v != self.limit,
            "<" => v < self.limit,
            ">" => v > self.limit,
            _ => v == self.limit,
        }
    }
}

/// What one section holds, while it is parsed.
#[derive(Default)]
struct Scan {
    percent: bool,
    condition: Option<Condition>,
    /// A Latin date or time code: `y`, `m`, `d`, `h`, `s`, `AM/PM`, `A/P`, or elapsed time
    /// (`[h]`, `[mm]`, `[ss]`).
    date_code: bool,
    /// 年, 月, 日, 时, 分, 秒: date parts in a Chinese format, or units after a number (`0.0分`).
    cjk_date: bool,
    /// A digit placeholder (`0`, `#`, `?`).
    digits: bool,
    toks: Vec<Tok>,
}

impl Scan {
    fn section(mut self) -> Section {
        let (scale, grouping) = settle_commas(&mut self.toks);
        let date = self.date_code || (self.cjk_date && !self.digits);
        Section {
            percent: self.percent,
            condition: self.condition,
            date,
            scale: if date { 0 } else { scale },
            grouping,
            text_in_digits: !date && text_in_digits(&self.toks),
            toks: self.toks,
        }
    }

    fn text(&mut self, t: impl Into<String>) {
        self.toks.push(Tok::Text(t.into()));
    }
}

/// Reads the commas and points of a section. A comma between two digit placeholders of the
/// integer part (`#,##0`) separates thousands; any other comma after a digit placeholder divides
/// by 1,000 (`0,` `0.0,,` `#,##0,"千"` `0,.0` — Excel's rule, read widely: where it is in doubt the
/// cell is refused, never misread); a comma before every digit placeholder is text. A second
/// point is text. Returns the number of divisors and whether thousands are separated.
fn settle_commas(toks: &mut [Tok]) -> (u32, bool) {
    let (mut scale, mut grouping) = (0, false);
    let (mut seen_digit, mut integer) = (false, true);
    for i in 0..toks.len() {
        match toks[i] {
            Tok::Digit(_) | Tok::General => seen_digit = true,
            Tok::Point if integer => integer = false,
            Tok::Point => toks[i] = Tok::Text(".".into()),
            Tok::Exp | Tok::Slash => integer = false,
            Tok::Comma if !seen_digit => toks[i] = Tok::Text(",".into()),
            Tok::Comma => {
                let beside = |t: Option<&Tok>| t.is_some_and(Tok::is_digit);
                let before = beside(toks[..i].iter().rev().find(|t| **t != Tok::Comma));
                let after = beside(toks[i + 1..].iter().find(|t| **t != Tok::Comma));
                if integer && before && after {
                    grouping = true;
                } else {
                    scale += 1;
                }
            }
            _ => {}
        }
    }
    (scale, grouping)
}

/// Whether text stands among the digit placeholders of the number (before any exponent): the
/// digits then read as another number (`0!.0000`) or as no number. A fraction's space and slash
/// (`# ?/?`) are its own.
fn text_in_digits(toks: &[Tok]) -> bool {
    let mantissa = match toks.iter().position(|t| *t == Tok::Exp) {
        Some(e) => &toks[..e],
        None => toks,
    };
    let fraction = mantissa
        .iter()
        .skip_while(|t| !t.is_digit())
        .any(|t| *t == Tok::Slash);
    let first = mantissa.iter().position(Tok::is_digit);
    let last = mantissa.iter().rposition(Tok::is_digit);
    match (first, last) {
        (Some(f), Some(l)) if !fraction => mantissa[f..l]
            .iter()
            .any(|t| matches!(t, Tok::Text(t) if !t.is_empty())),
        _ => false,
    }
}

impl Section {
    /// Whether the digits shown are not the number stored.
    fn altered(&self) -> bool {
        self.scale > 0 || self.text_in_digits
    }

    /// What the section does to the number, for the message.
    fn how(&self) -> String {
        let mut parts = Vec::new();
        if self.scale > 0 {
            if self.percent {
                parts.push("multiplies the number by 100 (a percentage)".to_string());
            }
            let by = match self.scale {
                1 => "1,000".to_string(),
                2 => "1,000,000".to_string(),
                3 => "1,000,000,000".to_string(),
                n => format!("10^{}", 3 * n),
            };
            let it = if self.percent { "it" } else { "the number" };
            parts.push(format!("divides {it} by {by}"));
        }
        if self.text_in_digits {
            let point = self.toks.iter().any(|t| match t {
                Tok::Text(t) => t.contains(['.', '．', '。']),
                _ => false,
            });
            parts.push(if point {
                "writes a point as text among its digits (not a decimal point)".to_string()
            } else {
                "writes text among its digits".to_string()
            });
        }
        parts.join(" and ")
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// A number format, reduced to its sections.
#[derive(Debug, Clone, PartialEq)]
pub struct NumFmt {
    code: String,
    sections: Vec<Section>,
}

impl NumFmt {
    /// Parses a format code. A `%` counts only where it is a format character: not inside
    /// quotes (`0.0"%"`), not escaped (`0\%`, `0!%`), not the argument of `_` (space the width
    /// of) or `*` (repeat), not inside brackets (`[Red]`, `[$-804]`, `[>=1]`). A section shows a
    /// date or time when it holds, in the same places, a date or time code (`y`, `m`, `d`, `h`,
    /// `s`, `AM/PM`, `A/P`; elapsed time `[h]`, `[mm]`, `[ss]`), or 年 月 日 时 分 秒 without a
    /// digit placeholder (`0.0分` shows points, `m月d日` a day). Commas and text among the digits
    /// are read by [`settle_commas`] and [`text_in_digits`], in the same places.
    pub fn parse(code: &str) -> NumFmt {
        let mut sections = Vec::new();
        let mut cur = Scan::default();
        let mut chars = code.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => {
                    let quoted: String = chars.by_ref().take_while(|&q| q != '"').collect();
                    cur.text(quoted);
                }
                '\\' | '!' => {
                    if let Some(t) = chars.next() {
                        cur.text(t);
                    }
                }
                '_' => {
                    chars.next();
                    cur.text(" ");
                }
                // `*x` repeats x to fill the cell: text, shown once in a message.
                '*' => {
                    if let Some(t) = chars.next() {
                        cur.text(t);
                    }
                }
                '[' => {
                    let inner: String = chars.by_ref().take_while(|&b| b != ']').collect();
                    if let Some(cond) = Condition::parse(&inner) {
                        cur.condition = Some(cond);
                    }
                    let elapsed = |u: char| {
                        !inner.is_empty() && inner.chars().all(|c| c.eq_ignore_ascii_case(&u))
                    };
                    if elapsed('h') || elapsed('m') || elapsed('s') {
                        cur.date_code = true;
                    }
                    // `[$¥-804]`: a currency symbol, shown.
                    match inner.strip_prefix('$') {
                        Some(sym) => cur.text(sym.split('-').next().unwrap_or("")),
                        None => cur.toks.push(Tok::Other),
                    }
                }
                ';' => {
                    sections.push(std::mem::take(&mut cur).section());
                }
                '%' => {
                    cur.percent = true;
                    cur.text("%");
                }
                '0' | '#' | '?' => {
                    cur.digits = true;
                    cur.toks.push(Tok::Digit(c));
                }
                // `@` shows the cell as it is, like a digit placeholder a number.
                '@' => {
                    cur.digits = true;
                    cur.toks.push(Tok::Other);
                }
                '.' => cur.toks.push(Tok::Point),
                ',' => cur.toks.push(Tok::Comma),
                '/' => cur.toks.push(Tok::Slash),
                'E' | 'e' if chars.as_str().starts_with(['+', '-']) => {
                    chars.next();
                    cur.toks.push(Tok::Exp);
                }
                // `General` (`G/通用格式` in a Chinese Excel) shows the number: `General分` and
                // `G/通用格式分` are points, not a date.
                'G' | 'g' if starts_with_ignore_case(chars.as_str(), "eneral") => {
                    cur.digits = true;
                    cur.toks.push(Tok::General);
                    chars.nth("eneral".len() - 1);
                }
                'G' | 'g' if chars.as_str().starts_with("/通用格式") => {
                    cur.digits = true;
                    cur.toks.push(Tok::General);
                    chars.nth("/通用格式".chars().count() - 1);
                }
                'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => {
                    cur.date_code = true;
                    cur.toks.push(Tok::Other);
                }
                'a' | 'A' => {
                    let rest = chars.as_str().as_bytes();
                    let ampm =
                        |s: &[u8]| rest.len() >= s.len() && rest[..s.len()].eq_ignore_ascii_case(s);
                    // `aaa`/`aaaa`: the weekday (周一, 星期一) in a Chinese Excel.
                    if ampm(b"M/PM") || ampm(b"/P") || ampm(b"aa") {
                        cur.date_code = true;
                        cur.toks.push(Tok::Other);
                    } else {
                        cur.text(c);
                    }
                }
                '年' | '月' | '日' | '时' | '時' | '分' | '秒' => {
                    cur.cjk_date = true;
                    cur.text(c);
                }
                _ => cur.text(c),
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
    /// percentage and no date, and the number stored (`#,##0`, `0.00E+00`, `# ?/?`).
    pub fn builtin(id: u32) -> NumFmt {
        match id {
            9 => NumFmt::parse("0%"),
            10 => NumFmt::parse("0.00%"),
            14..=22 | 27..=36 | 45..=47 | 50..=58 => NumFmt::parse("yyyy-mm-dd h:mm:ss"),
            _ => NumFmt::parse("General"),
        }
    }

    /// The sections for numbers (a fourth is for text).
    fn numeric(&self) -> &[Section] {
        &self.sections[..self.sections.len().min(3)]
    }

    /// Whether the format shows a percentage at all (most formats do not: no cell needs a look).
    pub fn any_percent(&self) -> bool {
        self.sections.iter().any(|s| s.percent)
    }

    /// Whether the format shows some numbers as a date or time (any of the sections for
    /// numbers: a cell holding a number under it is read as a date, never as the number).
    pub fn any_date(&self) -> bool {
        self.numeric().iter().any(|s| s.date)
    }

    /// Whether the format shows some numbers as other digits than those stored.
    pub fn any_altered(&self) -> bool {
        self.numeric().iter().any(Section::altered)
    }

    /// How `value` is shown: the first section for positive numbers (and all numbers when there
    /// is one section), the second for negative ones, the third for zero. Text sections do not
    /// concern numbers.
    pub fn shows(&self, value: f64) -> Shows {
        if let Some(a) = self.altered(value) {
            return Shows::Altered(a);
        }
        let numeric = self.numeric();
        if !numeric.iter().any(|s| s.percent) {
            return Shows::Plain;
        }
        if numeric.iter().any(|s| s.condition.is_some()) {
            return if numeric.iter().all(|s| s.percent) {
                Shows::Percent
            } else {
                Shows::Unclear(self.code.clone())
            };
        }
        if numeric[self.by_sign(value)].percent {
            Shows::Percent
        } else {
            Shows::Plain
        }
    }

    /// The section that shows `value` by the sign rule.
    fn by_sign(&self, value: f64) -> usize {
        match self.numeric().len() {
            2 | 3 if value < 0.0 => 1,
            3 if value == 0.0 => 2,
            _ => 0,
        }
    }

    /// What a format that alters some numbers does to `value`. Under conditions (`[>=10000]
    /// 0.0,"万";0`) any altered section refuses every number, as a mixed percentage is unclear:
    /// the office's own sheet shows the same column on two scales. The text shown comes from the
    /// section the condition picks (the first whose condition holds, or the first without one).
    fn altered(&self, value: f64) -> Option<Altered> {
        let numeric = self.numeric();
        let first = numeric.iter().position(Section::altered)?;
        let conditional = numeric.iter().any(|s| s.condition.is_some());
        let at = if conditional {
            numeric
                .iter()
                .position(|s| s.condition.as_ref().is_none_or(|c| c.holds(value)))
                .unwrap_or(0)
        } else {
            self.by_sign(value)
        };
        let s = &numeric[at];
        if !conditional && !s.altered() {
            return None;
        }
        let how = if s.altered() { s } else { &numeric[first] };
        Some(Altered {
            code: self.code.clone(),
            how: how.how(),
            shown: show::shown(s, value, at == 0 || conditional),
        })
    }
}

#[cfg(test)]
mod tests;
