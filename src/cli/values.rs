//! The values of `--format` and `--headers` for clap: the render module's names and help texts
//! (clap stays in `cli/`).

use clap::builder::PossibleValue;

use crate::render::{Format, Headers};

impl clap::ValueEnum for Headers {
    fn value_variants<'a>() -> &'a [Self] {
        &Headers::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let v = PossibleValue::new(self.name());
        Some(match self.help() {
            Some(help) => v.help(help),
            None => v,
        })
    }
}
