//! `pingyi sensitivity`: how robust each rank and grade is to a small, defensible change of
//! weights, methods or the missing-value policy — seeded Monte Carlo over what the
//! `[sensitivity]` section of the top-level config declares, each key overridable here.

use super::inputs::{open, Inputs};
use super::output::{Output, TEXT};
use crate::analysis::sensitivity::{analyse, Plan};
use crate::config::sensitivity::{self as spec, Spec};
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::eval::Against;
use crate::period::{parse_quarter, Period};
use crate::render::sensitivity::{render, SensitivityView};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The period, e.g. 2024Q2 [default: the latest YYYYQn folder].
    #[arg(long, value_parser = parse_quarter)]
    pub period: Option<Period>,
    /// Analyse only this track (by id).
    #[arg(long)]
    pub track: Option<String>,
    /// Number of runs, 2 to 10,000,000 [default: `sensitivity.runs`, else 1000].
    #[arg(long, value_parser = parse_runs)]
    pub runs: Option<usize>,
    /// Seed of the draws: the same seed gives the same output, bit for bit [default:
    /// `sensitivity.seed`, else 20240601].
    #[arg(long)]
    pub seed: Option<u64>,
    /// w: each indicator's points × U(1−w, 1+w), 0 ≤ w < 1 [default: `sensitivity.weights`,
    /// else 0.2].
    #[arg(long, value_parser = parse_weights)]
    pub weights: Option<f64>,
    /// A grade is fragile when its probability is below this [default: `sensitivity.threshold`,
    /// else 0.9].
    #[arg(long, value_parser = parse_threshold)]
    pub threshold: Option<f64>,
    /// An alternative missing-value policy (repeatable; replaces `sensitivity.missing`): `zero`,
    /// `average`, `impute` or `impute:<mean|median>:<track|category|parent>`.
    #[arg(long, value_parser = spec::missing_policy)]
    pub missing: Vec<crate::config::MissingPolicy>,
    /// Alternative methods of an indicator (repeatable; replaces `sensitivity.alternatives`):
    /// `ID=[{ method = "efficacy", base = 0.5 }, { base = 0.7 }]` (TOML tables, as in the config).
    #[arg(long, value_name = "ID=TABLES", value_parser = parse_alternative)]
    pub alternative: Vec<(String, Vec<toml::Table>)>,
    /// Skip the sensitivity indices (they take d + 1 more evaluations per run, d the inputs).
    #[arg(long)]
    pub no_indices: bool,
    #[command(flatten)]
    pub output: Output,
}

fn parse_runs(s: &str) -> Result<usize, String> {
    spec::check_runs(s.parse::<i64>().map_err(|e| e.to_string())?)
}

fn parse_weights(s: &str) -> Result<f64, String> {
    spec::check_weights(s.parse::<f64>().map_err(|e| e.to_string())?)
}

fn parse_threshold(s: &str) -> Result<f64, String> {
    spec::check_threshold(s.parse::<f64>().map_err(|e| e.to_string())?)
}

/// `ID=[{…}, …]` or `ID={…}`.
fn parse_alternative(s: &str) -> Result<(String, Vec<toml::Table>), String> {
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

/// The `[sensitivity]` section with the command line's overrides.
fn spec_of(a: &Args, configured: Option<&Spec>) -> Spec {
    let mut s = configured.cloned().unwrap_or_default();
    s.runs = a.runs.unwrap_or(s.runs);
    s.seed = a.seed.unwrap_or(s.seed);
    s.weights = a.weights.unwrap_or(s.weights);
    s.threshold = a.threshold.unwrap_or(s.threshold);
    if !a.missing.is_empty() {
        s.missing = a.missing.clone();
    }
    if !a.alternative.is_empty() {
        s.alternatives = a.alternative.clone();
        s.path = "--alternative".into();
    }
    s
}

pub fn run(a: &Args) -> Result<(), Error> {
    let (src, o, tracks) = open(&a.inputs, a.period, Against::Nothing, a.track.as_deref())?;
    let ev = &o.now;
    let spec = spec_of(a, src.settings.sensitivity.as_ref());
    let mut plan = Plan::new(&spec, spec.resolve(&ev.cfg)?);
    plan.indices = !a.no_indices;
    let mut request = a.output.request(TEXT);
    request.check(&a.inputs.guard(o.inputs()))?;
    let s = analyse(ev, &tracks, &plan);
    request.emit(
        || Provenance::collect(ev, None),
        |provenance, style| {
            Ok(render(
                &SensitivityView {
                    ev,
                    s: &s,
                    provenance,
                },
                style,
            ))
        },
    )
}
