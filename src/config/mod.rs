//! The scoring scheme (`scoring-config.toml`): tracks, dimensions, indicators and their methods.
//!
//! [`Config::load`] parses the TOML and validates it once; every other module can trust a
//! [`Config`]: references resolve, parameters are in range, points add up per track.
//!
//! One file holds two things: the **scheme** of a period ([`Config`]: tracks, dimensions,
//! indicators, decimals, caps), which a period's own `data/<period>/scoring-config.toml` may
//! replace, and the **settings** ([`Settings`]: roll-up weights, requirement thresholds), which
//! are always the top-level file's. [`Config::load_with_settings`] reads both at once.

mod indicator;
mod method;
mod raw;
mod settings;
mod track;
mod validate;
pub use validate::sensitivity;

pub use validate::{beyond, MAX_POINTS, MAX_POINTS_WHY};

use std::path::{Path, PathBuf};

pub use crate::composite::{Fill, Mean, OutlierRule};
use crate::error::{Error, Problem, Problems};

pub use indicator::{
    Compare, Denominator, Duplicates, GroupBy, Growth, Indicator, MissingPolicy, ValidRange, COUNTS,
};
pub use method::{Direction, Method};
pub use settings::{Requirements, Rollup, RollupMissing, Settings};
pub use track::{Aggregation, Dimension, GradeRule, TieBreaker, Track, TrackIndicator};
pub use validate::validate;

/// A validated scoring scheme.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where it was read from (shown in outputs and errors).
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, hex: which rules scored a period.
    pub sha256: String,
    /// Decimals for rounding totals (ranking and display).
    pub decimals: usize,
    pub bonus_cap: Option<f64>,
    pub deduction_cap: Option<f64>,
    pub dimensions: Vec<Dimension>,
    pub tracks: Vec<Track>,
    pub indicators: Vec<Indicator>,
    /// `[treatment]`: the outlier rule of indicators with `treat = true`.
    pub treatment: OutlierRule,
}

impl Config {
    /// Reads and validates a scheme (its settings are validated too, and dropped). All problems
    /// are reported together.
    pub fn load(path: &Path) -> Result<Config, Error> {
        Config::load_with_settings(path).map(|(cfg, _)| cfg)
    }

    /// Reads and validates a scheme and its settings. All problems are reported together.
    pub fn load_with_settings(path: &Path) -> Result<(Config, Settings), Error> {
        if let Some(why) = crate::filekind::not_a_file(path) {
            let mut p = Problems::new();
            p.push(Problem::error(path, why));
            return Err(Error::Invalid(p));
        }
        if let Err(why) = crate::filekind::input_read(path) {
            let mut p = Problems::new();
            p.push(Problem::error(path, why));
            return Err(Error::Invalid(p));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let mut p = Problems::new();
            let off = e.utf8_error().valid_up_to();
            p.push(Problem::error(
                path,
                format!("not valid UTF-8 at byte {off}: save the config as UTF-8"),
            ));
            Error::Invalid(p)
        })?;
        Config::parse_with_settings(&text, path)
    }

    /// Parses and validates TOML text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        Config::parse_with_settings(text, path).map(|(cfg, _)| cfg)
    }

    /// [`Config::parse`], keeping the settings.
    pub fn parse_with_settings(text: &str, path: &Path) -> Result<(Config, Settings), Error> {
        let mut problems = Problems::new();
        let raw: raw::RawConfig = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let line = e.span().map(|s| line_of(text, s.start));
                let mut p = Problem::error(path, e.message().to_string()).line(line);
                if let Some(place) = e.span().and_then(|s| key_path(text, s.start)) {
                    p = p.place(place);
                }
                problems.push(p);
                return Err(Error::Invalid(problems));
            }
        };
        match validate(raw, text, path, &mut problems) {
            Some((mut cfg, settings)) if !problems.has_errors() => {
                cfg.sha256 = crate::digest::sha256_hex(text.as_bytes());
                Ok((cfg, settings))
            }
            _ => Err(Error::Invalid(problems)),
        }
    }

    /// The tracks that select a unit of `category` and `class`, in the config's order: a
    /// valid unit falls in exactly one (the registry's track assignment reports none or several).
    pub fn tracks_selecting<'c>(
        &'c self,
        category: crate::units::Category,
        class: Option<&'c str>,
    ) -> impl Iterator<Item = usize> + 'c {
        (0..self.tracks.len()).filter(move |&t| self.tracks[t].selects(category, class))
    }

    /// Whether the subtotal of dimension `d` counts towards the tie-breaker `tb`: `d` or a
    /// dimension above it in the tree is core (`core`) or is the one named. An inner dimension
    /// has no subtotal of its own; its value as a tie-breaker is the sum of the subtotals under
    /// it, so that naming it breaks ties as naming its parts would, each part counted once.
    pub fn tie_breaks_on(&self, tb: TieBreaker, d: usize) -> bool {
        let mut at = Some(d);
        // Bounded by the dimensions' count: a cycle of parents is a config error.
        for _ in 0..=self.dimensions.len() {
            let Some(x) = at else { return false };
            let hit = match tb {
                TieBreaker::Core => self.dimensions[x].core,
                TieBreaker::Dimension(y) => x == y,
            };
            if hit {
                return true;
            }
            at = self.dimensions[x].parent;
        }
        false
    }

    pub fn indicator(&self, ti: &TrackIndicator) -> &Indicator {
        &self.indicators[ti.indicator]
    }

    /// Whether any track uses the indicator.
    pub fn track_position(&self, track: usize, indicator: usize) -> Option<usize> {
        self.tracks[track]
            .indicators
            .iter()
            .position(|t| t.indicator == indicator)
    }
}

/// The key path of the TOML text at byte `offset`, as validation names places
/// (`indicators[3] (gyzjz).pre`): each table, array element (counted, with its `id` when it has
/// one) and key whose text holds the offset, from the parsed document's spans. For a problem the
/// parser finds (an unknown key), which names only the line; `None` outside every key.
fn key_path(text: &str, offset: usize) -> Option<String> {
    let doc = toml_edit::ImDocument::parse(text).ok()?;
    let mut path = String::new();
    place_in(doc.as_table(), offset, &mut path).then_some(path)
}

/// Appends to `path` the keys of `table` down to the one whose text holds `offset`; whether
/// one does.
fn place_in(table: &dyn toml_edit::TableLike, offset: usize, path: &mut String) -> bool {
    let holds = |span: Option<std::ops::Range<usize>>| span.is_some_and(|r| r.contains(&offset));
    for (key, item) in table.iter() {
        let Some((k, _)) = table.get_key_value(key) else {
            continue;
        };
        let dot = if path.is_empty() { "" } else { "." };
        if let toml_edit::Item::ArrayOfTables(tables) = item {
            for (i, t) in tables.iter().enumerate() {
                let mut inner = String::new();
                if place_in(t, offset, &mut inner) || holds(t.span()) {
                    path.push_str(&format!("{dot}{key}[{i}]"));
                    if let Some(id) = t.get("id").and_then(|v| v.as_str()) {
                        path.push_str(&format!(" ({id})"));
                    }
                    if !inner.is_empty() {
                        path.push('.');
                        path.push_str(&inner);
                    }
                    return true;
                }
            }
            continue;
        }
        let mut inner = String::new();
        let within = match item.as_table_like() {
            // A table's own span is its header; its keys may lie anywhere below.
            Some(t) => place_in(t, offset, &mut inner) || holds(item.span()),
            None => false,
        };
        let whole = k.span().zip(item.span()).map(|(a, b)| a.start..b.end);
        if within || holds(whole) {
            path.push_str(&format!("{dot}{key}"));
            if !inner.is_empty() {
                path.push('.');
                path.push_str(&inner);
            }
            return true;
        }
    }
    false
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> u64 {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

#[cfg(test)]
mod tests {
    use super::key_path;

    #[test]
    fn a_parser_problem_is_placed_at_its_key_path() {
        let text = "decimals = 2\ndecimal = 3\n\n[adjustments]\nbonus_cap = 5\n\n[[tracks]]\nid = \"town\"\ngrades = [\n  [0, 1],\n]\n\n[tracks.grade_rule]\nx = 1\n\n[[indicators]]  # the first\nid = \"a\"\n\n[[indicators]]\nname = \"乙\"\nid = \"b\" # comment\npre = 1\npoints = { town = 8, tonw = 2 }\n";
        let at = |needle: &str| key_path(text, text.find(needle).unwrap());
        assert_eq!(at("decimal = 3"), Some("decimal".into()));
        assert_eq!(at("bonus_cap"), Some("adjustments.bonus_cap".into()));
        assert_eq!(at("[0, 1]"), Some("tracks[0] (town).grades".into()));
        assert_eq!(at("x = 1"), Some("tracks[0] (town).grade_rule.x".into()));
        assert_eq!(at("pre = 1"), Some("indicators[1] (b).pre".into()));
        assert_eq!(at("tonw"), Some("indicators[1] (b).points.tonw".into()));
        // A `[` inside a multi-line string is no table header.
        let text = "[[indicators]]\nid = \"a\"\nname = \"\"\"\n[x]\n\"\"\"\n[[indicators]]\nid = \"b\"\npre = 1\n";
        assert_eq!(
            key_path(text, text.find("pre").unwrap()),
            Some("indicators[1] (b).pre".into())
        );
    }
}
