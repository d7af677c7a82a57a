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

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use crate::composite::{Fill, Mean, OutlierRule};
use crate::error::{Error, Problem, Problems};

pub use indicator::{
    Compare, Denominator, Duplicates, GroupBy, Growth, Indicator, MissingPolicy, ValidRange,
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
/// (`indicators[3] (gyzjz).pre`): the table the line lies in — an array's element counted, with
/// its `id` when it has one — and the key the line sets. For a problem the parser finds (an
/// unknown key), which names only the line; `None` at the top level outside any key.
fn key_path(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    // A table header: `[name]` or `[[name]]`, a name beginning with a letter (a line of a
    // multi-line array, `[0, 1],`, is none).
    let header = |l: &str| -> Option<(String, bool)> {
        let l = l.split('#').next().unwrap_or("").trim();
        let (inner, array) = match l.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
            Some(inner) => (inner, true),
            None => (l.strip_prefix('[')?.strip_suffix(']')?, false),
        };
        let inner = inner.trim();
        let ok = inner.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-. ".contains(c));
        ok.then(|| (inner.replace(' ', ""), array))
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    // The last header before the line, and where the table it opens begins.
    let mut current: Option<(String, bool, usize)> = None;
    let mut at = 0;
    for l in text[..line_start].split_inclusive('\n') {
        if let Some((name, array)) = header(l) {
            if array {
                *counts.entry(name.clone()).or_default() += 1;
            }
            current = Some((name, array, at + l.len()));
        }
        at += l.len();
    }
    // The `id` an element of an array of tables gives, from its header to the next.
    let id_of = |from: usize| -> Option<String> {
        text[from..]
            .lines()
            .take_while(|l| header(l).is_none())
            .find_map(|l| {
                let (k, v) = l.split_once('=')?;
                (k.trim() == "id").then(|| {
                    v.split('#')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .trim_matches('"')
                        .to_string()
                })
            })
    };
    let element = |name: &str, from: usize| -> String {
        let k = counts.get(name).copied().unwrap_or(1).saturating_sub(1);
        match id_of(from) {
            Some(id) if !id.is_empty() => format!("{name}[{k}] ({id})"),
            _ => format!("{name}[{k}]"),
        }
    };
    let table = match &current {
        None => None,
        Some((name, true, from)) => Some(element(name, *from)),
        Some((name, false, _)) => Some(match name.split_once('.') {
            // `[tracks.grades]` after a `[[tracks]]`: that element's sub-table.
            Some((array, rest)) if counts.contains_key(array) => {
                format!("{array}[{}].{rest}", counts[array] - 1)
            }
            _ => name.clone(),
        }),
    };
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .filter(|k| !k.is_empty() && !k.starts_with('#') && header(line).is_none());
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (Some(t), None) => Some(t),
        (None, k) => k,
    }
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
        // A line of a multi-line array is no header.
        assert_eq!(at("[0, 1]"), Some("tracks[0] (town)".into()));
        assert_eq!(at("x = 1"), Some("tracks[0].grade_rule.x".into()));
        assert_eq!(at("pre = 1"), Some("indicators[1] (b).pre".into()));
        assert_eq!(at("tonw"), Some("indicators[1] (b).points".into()));
    }
}
