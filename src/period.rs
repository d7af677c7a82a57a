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

/// The latest `YYYYQn` folder under `data`.
pub fn latest_quarter(data: &Path) -> Result<Period, Error> {
    let entries = std::fs::read_dir(data).map_err(|e| Error::io(data, e))?;
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str()?.parse::<Period>().ok())
        .filter(|p| p.is_quarter())
        .max()
        .ok_or_else(|| {
            Error::Usage(format!(
                "no quarter folder (such as 2024Q2) under {}",
                data.display()
            ))
        })
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
        if let Some((y, q)) = s.split_once('Q') {
            return Ok(Period::Quarter(year(y)?, small(q, 4)?));
        }
        if let Some((y, h)) = s.split_once('H') {
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
mod tests {
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
}
