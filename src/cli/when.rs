//! `--period` and `--against`: which quarter a period command evaluates, compared with which.

use crate::eval::Against;
use crate::period::{parse_quarter, Period};

/// Which quarter, compared with which.
#[derive(Debug, Clone, clap::Args)]
pub struct When {
    /// The period to evaluate, e.g. 2024Q2 [default: the latest YYYYQn folder].
    #[arg(long, value_parser = parse_quarter)]
    pub period: Option<Period>,
    /// Compare with this period instead of the previous one (trend columns); `none` for no
    /// trend columns.
    #[arg(long, value_name = "PERIOD|none", value_parser = parse_against)]
    pub against: Option<Against>,
}

impl When {
    pub fn against(&self) -> Against {
        self.against.unwrap_or(Against::Previous)
    }
}

fn parse_against(s: &str) -> Result<Against, String> {
    match s {
        "none" => Ok(Against::Nothing),
        _ => parse_quarter(s).map(Against::Period),
    }
}
