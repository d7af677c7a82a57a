//! The `[sensitivity]` keys as a command line gives them: each value parsed from its text with
//! the same checks as the config's, and [`Overrides::apply`] laying them over the section.

use super::{check_runs, check_threshold, check_weights, Spec};
use crate::config::MissingPolicy;

/// What a command line sets of `[sensitivity]`: each key, when given, replaces the configured one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    pub runs: Option<usize>,
    pub seed: Option<u64>,
    pub weights: Option<f64>,
    pub threshold: Option<f64>,
    /// Replaces `missing` when not empty.
    pub missing: Vec<MissingPolicy>,
    /// Replaces `alternatives` when not empty (and messages then name `--alternative`).
    pub alternatives: Vec<(String, Vec<toml::Table>)>,
}

impl Overrides {
    /// The `[sensitivity]` section (or the defaults) with these overrides.
    pub fn apply(&self, configured: Option<&Spec>) -> Spec {
        let mut s = configured.cloned().unwrap_or_default();
        s.runs = self.runs.unwrap_or(s.runs);
        s.seed = self.seed.unwrap_or(s.seed);
        s.weights = self.weights.unwrap_or(s.weights);
        s.threshold = self.threshold.unwrap_or(s.threshold);
        if !self.missing.is_empty() {
            s.missing = self.missing.clone();
        }
        if !self.alternatives.is_empty() {
            s.alternatives = self.alternatives.clone();
            s.path = "--alternative".into();
        }
        s
    }
}

/// `runs` as text.
pub fn parse_runs(s: &str) -> Result<usize, String> {
    check_runs(s.parse::<i64>().map_err(|e| e.to_string())?)
}

/// `weights` as text.
pub fn parse_weights(s: &str) -> Result<f64, String> {
    check_weights(s.parse::<f64>().map_err(|e| e.to_string())?)
}

/// `threshold` as text.
pub fn parse_threshold(s: &str) -> Result<f64, String> {
    check_threshold(s.parse::<f64>().map_err(|e| e.to_string())?)
}

/// One indicator's alternatives as text: `ID=[{…}, …]` or `ID={…}` (TOML tables, as in the config).
pub fn parse_alternative(s: &str) -> Result<(String, Vec<toml::Table>), String> {
    let (id, tables) = s
        .split_once('=')
        .ok_or_else(|| format!("expected ID=[{{ method = \"…\", … }}], found `{s}`"))?;
    let doc: toml::Table = format!("v = {}", tables.trim())
        .parse()
        .map_err(|e: toml::de::Error| format!("`{tables}`: {}", e.message()))?;
    let list = match doc.get("v") {
        Some(toml::Value::Array(a)) => a.clone(),
        Some(t @ toml::Value::Table(_)) => vec![t.clone()],
        _ => return Err(format!("`{tables}`: expected a table or a list of tables")),
    };
    let tables = list
        .into_iter()
        .map(|v| match v {
            toml::Value::Table(t) => Ok(t),
            other => Err(format!("expected a table, found `{other}`")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if tables.is_empty() {
        return Err("needs at least one alternative".into());
    }
    Ok((id.trim().to_string(), tables))
}
