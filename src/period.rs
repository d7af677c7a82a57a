//! Assessment periods: quarters (`2024Q2`), months (`2024-07`), half-years (`2024H1`) and years
//! (`2024`). Each has a folder of the same name under the data directory.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Month(i32, u8),
}

impl Period {
    /// The calendar predecessor: 2024Q1 → 2023Q4, 2024-01 → 2023-12, 2024H1 → 2023H2.
    pub fn previous(self) -> Period {
        match self {
            Period::Year(y) => Period::Year(y - 1),
            Period::Half(y, 1) => Period::Half(y - 1, 2),
            Period::Half(y, h) => Period::Half(y, h - 1),
            Period::Quarter(y, 1) => Period::Quarter(y - 1, 4),
            Period::Quarter(y, q) => Period::Quarter(y, q - 1),
            Period::Month(y, 1) => Period::Month(y - 1, 12),
            Period::Month(y, m) => Period::Month(y, m - 1),
        }
    }

    /// The same period one year earlier (同比): 2024Q2 → 2023Q2.
    pub fn year_ago(self) -> Period {
        match self {
            Period::Year(y) => Period::Year(y - 1),
            Period::Half(y, h) => Period::Half(y - 1, h),
            Period::Quarter(y, q) => Period::Quarter(y - 1, q),
            Period::Month(y, m) => Period::Month(y - 1, m),
        }
    }

    /// The first month of the period, as `(year, month)`.
    pub fn first_month(self) -> (i32, u8) {
        match self {
            Period::Year(y) => (y, 1),
            Period::Half(y, h) => (y, 6 * h - 5),
            Period::Quarter(y, q) => (y, 3 * q - 2),
            Period::Month(y, m) => (y, m),
        }
    }

    /// The last month of the period, as `(year, month)`.
    pub fn last_month(self) -> (i32, u8) {
        match self {
            Period::Year(y) => (y, 12),
            Period::Half(y, h) => (y, 6 * h),
            Period::Quarter(y, q) => (y, 3 * q),
            Period::Month(y, m) => (y, m),
        }
    }

    pub fn is_quarter(self) -> bool {
        matches!(self, Period::Quarter(..))
    }

    /// The period's folder under the data folder: `data/2024Q2`.
    pub fn dir(self, data: &Path) -> PathBuf {
        data.join(self.to_string())
    }
}

/// A quarter given on the command line (`2025Q1`, `2025q1`): any other period is an error that
/// says which command takes it.
pub fn parse_quarter(s: &str) -> Result<Period, String> {
    // The forms of every period would be the wrong list here: only quarters are accepted.
    let p: Period = s.trim().parse().map_err(|_| match loose_quarter(s) {
        Some(q) => format!("`{s}` is not a quarter: write it {q}"),
        None => format!("`{s}` is not a quarter: write the year and the quarter 1–4, as 2024Q2"),
    })?;
    match p {
        Period::Quarter(..) => Ok(p),
        Period::Month(y, _) => Err(format!("`{s}` is a month: give a quarter such as {y}Q3 (monthly efficiency scores enter the annual assessment: pingyi rollup --year {y})")),
        Period::Half(y, h) => Err(format!("`{s}` is a half-year: give a quarter such as {y}Q2, or for the half-year view: pingyi rollup --year {y} --upto Q{}", 2 * h)),
        Period::Year(y) => Err(format!("`{s}` is a year: give a quarter such as {y}Q4, or for the annual assessment: pingyi rollup --year {y}")),
    }
}

/// Every quarter folder under `data`, latest first.
pub fn quarters(data: &Path) -> Result<Vec<Period>, Error> {
    if !data.exists() {
        return Err(Error::Usage(format!(
            "the data folder {} does not exist: run pingyi in a district folder (its \
             scoring-config.toml beside data/), give --data DIR, or start one with `pingyi init`",
            data.display()
        )));
    }
    let entries = std::fs::read_dir(data).map_err(|e| Error::io(data, e))?;
    let mut out: Vec<Period> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let p = name.parse::<Period>().ok()?;
            // The folder must carry the period's own name (`2024Q2`, not `2024q2`).
            (p.is_quarter() && p.to_string() == name).then_some(p)
        })
        .collect();
    out.sort_unstable_by(|a, b| b.cmp(a));
    Ok(out)
}

/// The latest `YYYYQn` folder under `data`; when there is none, the folders found and why each
/// is not a quarter.
pub fn latest_quarter(data: &Path) -> Result<Period, Error> {
    if let Some(p) = quarters(data)?.first() {
        return Ok(*p);
    }
    let mut seen: Vec<String> = std::fs::read_dir(data)
        .map_err(|e| Error::io(data, e))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let why = match name.parse::<Period>() {
                Ok(Period::Month(..)) => "a month".to_string(),
                Ok(Period::Half(..)) => "a half-year".to_string(),
                Ok(Period::Year(..)) => "a year".to_string(),
                Ok(p @ Period::Quarter(..)) => format!("write it {p}"),
                Err(_) => match loose_quarter(&name) {
                    Some(p) => format!("not a period name: write {p}"),
                    None => "not a period name".to_string(),
                },
            };
            format!("{name} ({why})")
        })
        .collect();
    seen.sort();
    let found = if seen.is_empty() {
        "it holds no folder".to_string()
    } else {
        format!("found {}", seen.join(", "))
    };
    Err(Error::Usage(format!(
        "no quarter folder (such as 2024Q2) under {}: {found}",
        data.display()
    )))
}

/// What may separate the parts of a period folder's name (`2024-10`, `2024年 第四季度`, `(副本)`).
const SEPARATORS: &str = " -_./()（）[]【】　";

/// A folder's name in lower case without the words that mark a copy of a folder (`备份`, `副本`,
/// `final`, `old` …), for telling which period it names.
fn without_copy_words(name: &str) -> String {
    let mut rest = name.to_lowercase();
    for word in [
        "备份", "副本", "最终", "终稿", "final", "backup", "copy", "bak", "old", "new",
    ] {
        rest = rest.replace(word, "");
    }
    rest
}

/// The period a folder's name means when it is not the period's own name: `2024年10月`,
/// `202410`, `2024.10` (2024-10), `2024年第四季度`, `2024-Q4`, `2024q4` (2024Q4), `2024上半年`
/// (2024H1), `2024年`, `2024年度` (2024), and a copy of one (`2024-10备份`, `2024Q4 副本`).
/// `None` for the period's own name and for a name with any other word in it (`2024年资料`,
/// `template-2025Q1`, `2024_v2`): only a name made of the period and nothing else is taken for it.
pub fn loose_period(name: &str) -> Option<Period> {
    if name.parse::<Period>().is_ok_and(|p| p.to_string() == name) {
        return None;
    }
    // Everything but the period's digits must be words of a period's name or of a copy's.
    let rest = without_copy_words(name);
    let vocabulary = |c: char| {
        c.is_ascii_digit() || SEPARATORS.contains(c) || "年月季度第q上下半h一二三四".contains(c)
    };
    if !rest.chars().all(vocabulary) {
        return None;
    }
    let digits: Vec<&str> = name
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .collect();
    let year = |t: &str| {
        t.parse::<i32>()
            .ok()
            .filter(|y| t.len() == 4 && (1900..=2199).contains(y))
    };
    let small = |t: &str, max: u8| t.parse::<u8>().ok().filter(|n| (1..=max).contains(n));
    let quarterly = name.contains(['Q', 'q', '季']);
    let half = name.contains(['H', 'h']) || name.contains("半年");
    match digits.as_slice() {
        [y, n] if quarterly => Some(Period::Quarter(year(y)?, small(n, 4)?)),
        [y] if name.contains('季') => {
            let q = ["一", "二", "三", "四"].iter().position(|c| {
                name.contains(&format!("第{c}季")) || name.contains(&format!("{c}季度"))
            })?;
            Some(Period::Quarter(year(y)?, q as u8 + 1))
        }
        [y] if name.contains("上半年") => Some(Period::Half(year(y)?, 1)),
        [y] if name.contains("下半年") => Some(Period::Half(year(y)?, 2)),
        [y, n] if half => Some(Period::Half(year(y)?, small(n, 2)?)),
        [_, _] | [_] if quarterly || half => None,
        [y, m] => Some(Period::Month(year(y)?, small(m, 12)?)),
        [ym] if ym.len() == 6 => Some(Period::Month(year(&ym[..4])?, small(&ym[4..], 12)?)),
        [y] => Some(Period::Year(year(y)?)),
        _ => None,
    }
}

/// A folder under `data` whose name looks like a period but is not its own name (see
/// [`loose_period`]): pingyi reads a period only from the folder named exactly for it, so a
/// month folder `2024年10月` would leave October out of the year without a word.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Misnamed {
    pub path: PathBuf,
    /// The period it looks like.
    pub period: Period,
    /// Whether the period's own folder is there too (compared by exact name: on a disk that
    /// ignores case, `2024q4` would otherwise pass for `2024Q4`).
    pub beside: bool,
}

/// Every folder under `data` named like a period but not by its own name, sorted by name.
pub fn misnamed_folders(data: &Path) -> Vec<Misnamed> {
    let names = folders(data);
    let mut out: Vec<Misnamed> = names
        .iter()
        .filter_map(|(path, name)| {
            let period = loose_period(name)?;
            let own = period.to_string();
            Some(Misnamed {
                path: path.clone(),
                period,
                beside: names.iter().any(|(_, n)| *n == own),
            })
        })
        .collect();
    out.sort();
    out
}

/// The months a title or a sheet's name names, each with its year when written before it:
/// `2024年3月份效能考评得分` (2024, 3), `三月` (3), `1-3月`, `1月-3月`, `1月至3月` (1, 2 and 3),
/// `3、4月` (3 and 4). A date names no month: a day after it (`4月5日`), or a time or date
/// label before it in its clause (`填报时间：2024年5月`, `截至4月`) — when the table was made, not
/// what it holds.
pub fn months_named(text: &str) -> Vec<(Option<i32>, u8)> {
    let c: Vec<char> = crate::fold::header_key(text).chars().collect();
    let numerals = "一二三四五六七八九十〇零";
    let is_num = |ch: char| ch.is_ascii_digit() || numerals.contains(ch);
    // The number written by `c[a..b]` (digits, or 一 … 十二).
    let value = |a: usize, b: usize| -> Option<u8> {
        let t: String = c[a..b].iter().collect();
        if let Ok(n) = t.parse::<u8>() {
            return Some(n);
        }
        match t.as_str() {
            "十" => Some(10),
            "十一" => Some(11),
            "十二" => Some(12),
            _ if t.chars().count() == 1 => "一二三四五六七八九"
                .chars()
                .position(|n| t.starts_with(n))
                .map(|i| i as u8 + 1),
            _ => None,
        }
    };
    // The start of the run of numerals ending before `end`.
    let run = |end: usize| {
        let mut a = end;
        while a > 0 && is_num(c[a - 1]) {
            a -= 1;
        }
        a
    };
    let connector = |ch: char| "-~至到—".contains(ch);
    // A time or date label before `at` in its clause.
    let labelled = |at: usize| {
        let clause: String = c[..at]
            .iter()
            .rev()
            .take_while(|ch| !"，,。；;（）()【】[]".contains(**ch))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        ["时间", "日期", "截至", "截止"]
            .iter()
            .any(|w| clause.contains(w))
    };
    // Each month written: (where its number starts, where its 月 is, year, month).
    let mut found: Vec<(usize, usize, Option<i32>, u8)> = Vec::new();
    for i in (0..c.len()).filter(|&i| c[i] == '月') {
        let a = run(i);
        let Some(m) = value(a, i).filter(|m| (1..=12).contains(m)) else {
            continue;
        };
        let mut d = i + 1;
        while d < c.len() && is_num(c[d]) {
            d += 1;
        }
        if d > i + 1 && d < c.len() && (c[d] == '日' || c[d] == '号') {
            continue;
        }
        // `1-3月`, `3、4月`: the number before the connector or the comma is a month too.
        let mut before = a;
        let mut first = m;
        let mut listed = Vec::new();
        if a >= 2 && (connector(c[a - 1]) || c[a - 1] == '、') {
            let b = run(a - 1);
            if let Some(f) = value(b, a - 1).filter(|f| (1..=m).contains(f)) {
                match c[a - 1] {
                    '、' => listed.push(f),
                    _ => first = f,
                }
                before = b;
            }
        }
        let year = (before >= 5 && c[before - 1] == '年')
            .then(|| c[before - 5..before - 1].iter().collect::<String>())
            .and_then(|y| y.parse::<i32>().ok())
            .filter(|y| (1900..=2199).contains(y));
        if labelled(before) {
            continue;
        }
        for k in listed {
            found.push((before, i, year, k));
        }
        for k in first..=m {
            found.push((before, i, year, k));
        }
    }
    // `1月-3月`, `1月至3月`: the months between two joined by a connector.
    let mut out: Vec<(Option<i32>, u8)> = found.iter().map(|f| (f.2, f.3)).collect();
    for w in found.windows(2) {
        let (x, y) = (w[0], w[1]);
        if x.1 + 1 >= y.0 {
            continue;
        }
        let between: String = c[x.1 + 1..y.0].iter().collect();
        if between.chars().all(connector) && x.3 < y.3 {
            out.extend((x.3 + 1..y.3).map(|k| (x.2.or(y.2), k)));
        }
    }
    out
}

/// The years a title or a sheet's name names: four digits before 年 (`2023年度年终考评得分`,
/// `2024年`), each once, in order. A year with a month after it (`2025年1月`, `2025年1月8日`)
/// is a date — when the table was made or sent, as a year-end review is in January —, and so is
/// a year in a clause after a time or date label (`填报时间：2025年`): none.
pub fn years_named(text: &str) -> Vec<i32> {
    let c: Vec<char> = crate::fold::header_key(text).chars().collect();
    let mut out = Vec::new();
    for i in (4..c.len()).filter(|&i| c[i] == '年') {
        let digits = &c[i - 4..i];
        if !digits.iter().all(char::is_ascii_digit) || (i > 4 && c[i - 5].is_ascii_digit()) {
            continue;
        }
        let numeral = |ch: &char| ch.is_ascii_digit() || "一二三四五六七八九十".contains(*ch);
        let month = c[i + 1..].iter().take_while(|ch| numeral(ch)).count();
        if month > 0 && c.get(i + 1 + month) == Some(&'月') {
            continue;
        }
        let clause: String = c[..i - 4]
            .iter()
            .rev()
            .take_while(|ch| !"，,。；;（）()【】[]".contains(**ch))
            .collect();
        // Reversed: the labels read backwards.
        if ["间时", "期日", "至截", "止截"]
            .iter()
            .any(|w| clause.contains(w))
        {
            continue;
        }
        let year: i32 = digits.iter().collect::<String>().parse().unwrap_or(0);
        if (1900..=2199).contains(&year) && !out.contains(&year) {
            out.push(year);
        }
    }
    out
}

/// What a folder's name means when it names a period without its year: `Q1`, `一季度`,
/// `第4季度` (a quarter), `10月`, `十月份` (a month), `上半年`, `H2` (a half-year), and a copy of one
/// (`Q1备份`). Such a folder is never read (a period is read only from the folder named for it,
/// `2025Q1`), and the quarter an office meant as the latest would be passed over for the one
/// before. `None` for any name with a year in it ([`loose_period`] tells those) or another word.
pub fn yearless_period(name: &str) -> Option<&'static str> {
    let rest = without_copy_words(name);
    let numerals = "一二三四五六七八九十";
    let vocabulary = |c: char| {
        c.is_ascii_digit()
            || SEPARATORS.contains(c)
            || "月份季度第q上下半年h".contains(c)
            || numerals.contains(c)
    };
    if rest.is_empty() || !rest.chars().all(vocabulary) {
        return None;
    }
    let plain: String = rest.chars().filter(|c| !SEPARATORS.contains(*c)).collect();
    if plain == "上半年" || plain == "下半年" {
        return Some("half-year");
    }
    let numbers: Vec<u32> = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .map(|t| t.parse::<u32>().unwrap_or(u32::MAX))
        .collect();
    // The Chinese numeral's value (一 … 十二), when the name writes one.
    let chinese: String = rest.chars().filter(|c| numerals.contains(*c)).collect();
    let spelled = match chinese.as_str() {
        "" => None,
        "十" => Some(10),
        "十一" => Some(11),
        "十二" => Some(12),
        c if c.chars().count() == 1 => numerals
            .chars()
            .position(|n| c.starts_with(n))
            .map(|i| i as u32 + 1),
        _ => return None,
    };
    let number = match (numbers.as_slice(), spelled) {
        ([n], None) => *n,
        ([], Some(n)) => n,
        _ => return None,
    };
    let quarterly = rest.contains('q') || rest.contains('季');
    let monthly = rest.contains('月');
    let half = rest.contains("半年") || rest.contains('h');
    match (quarterly, monthly, half) {
        (true, false, false) if (1..=4).contains(&number) => Some("quarter"),
        (false, true, false) if (1..=12).contains(&number) => Some("month"),
        (false, false, true) if (1..=2).contains(&number) => Some("half-year"),
        _ => None,
    }
}

/// Every folder under `data` named like a period without its year ([`yearless_period`]), with
/// what it names, sorted by name.
pub fn yearless_folders(data: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut out: Vec<(PathBuf, &'static str)> = folders(data)
        .into_iter()
        .filter_map(|(path, name)| Some((path, yearless_period(&name)?)))
        .collect();
    out.sort();
    out
}

/// The folders under `data` with names that are text, and their names.
fn folders(data: &Path) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(data) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| Some((e.path(), e.file_name().to_str()?.to_string())))
        .collect()
}

/// `2025-Q1`, `2025 Q1`, `2025年第1季度`-like names: the quarter they mean ([`loose_period`]).
fn loose_quarter(name: &str) -> Option<Period> {
    loose_period(name).filter(|p| p.is_quarter())
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Half(y, h) => write!(f, "{y}H{h}"),
            Period::Quarter(y, q) => write!(f, "{y}Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a period: expected 2024Q2, 2024-07, 2024H1 or 2024");
        let year = |t: &str| -> Result<i32, String> {
            if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
                t.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let small = |t: &str, max: u8| -> Result<u8, String> {
            match t.parse::<u8>() {
                Ok(n) if (1..=max).contains(&n) && !t.starts_with('+') => Ok(n),
                _ => Err(bad()),
            }
        };
        if let Some((y, q)) = s.split_once(['Q', 'q']) {
            return Ok(Period::Quarter(year(y)?, small(q, 4)?));
        }
        if let Some((y, h)) = s.split_once(['H', 'h']) {
            return Ok(Period::Half(year(y)?, small(h, 2)?));
        }
        if let Some((y, m)) = s.split_once('-') {
            if m.len() != 2 {
                return Err(bad());
            }
            return Ok(Period::Month(year(y)?, small(m, 12)?));
        }
        Ok(Period::Year(year(s)?))
    }
}

#[cfg(test)]
mod tests;
