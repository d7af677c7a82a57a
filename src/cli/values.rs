//! The values of `--format` and `--headers` for clap: the render module's names and help texts
//! (clap stays in `cli/`).

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

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

/// `--format` of a command that writes only `formats`: its help lists those, and any other is a
/// usage error naming them.
pub(super) fn formats(formats: &'static [Format]) -> impl TypedValueParser<Value = Format> {
    use clap::ValueEnum;
    PossibleValuesParser::new(formats.iter().filter_map(|f| f.to_possible_value())).map(
        move |name| {
            // Only the names listed get here.
            let listed = formats.iter().find(|f| f.name() == name);
            listed.copied().unwrap_or(formats[0])
        },
    )
}
