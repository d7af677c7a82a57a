//! `--period` and `--against`: which quarter a period command evaluates, compared with which.

use super::inputs::{open, Inputs};
use crate::error::Error;
use crate::eval::{Against, Opened, Source};
use crate::period::{parse_quarter, Period};

/// The source, the opened period and the tracks to show.
type Opened3 = (Source, Opened, Vec<usize>);

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

    /// [`open`]s this period, against the earlier one named.
    pub fn open(&self, inputs: &Inputs, track: Option<&str>) -> Result<Opened3, Error> {
        open(inputs, self.period, self.against(), track)
    }
}

fn parse_against(s: &str) -> Result<Against, String> {
    match s {
        "none" => Ok(Against::Nothing),
        _ => parse_quarter(s).map(Against::Period),
    }
}
