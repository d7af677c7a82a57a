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
                problems.push(Problem::error(path, e.message().to_string()).line(line));
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

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> u64 {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}
