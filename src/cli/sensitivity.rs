//! `pingyi sensitivity`: how robust each rank and grade is to a small, defensible change of
//! weights, methods or the missing-value policy — seeded Monte Carlo over what the
//! `[sensitivity]` section of the top-level config declares, each key overridable here.

use super::inputs::{open, Inputs};
use super::output::Output;
use crate::analysis::sensitivity::{analyse, planned_bytes, Plan};
use crate::config::sensitivity as spec;
use crate::error::{Error, Problem, Problems};
use crate::eval::provenance::Provenance;
use crate::eval::Against;
use crate::period::{parse_quarter, Period};
use crate::render::sensitivity::{render, SensitivityView};
use crate::render::Format;

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
    #[arg(long, value_parser = spec::parse_runs)]
    pub runs: Option<usize>,
    /// Seed of the draws: the same seed gives the same output, bit for bit [default:
    /// `sensitivity.seed`, else 20240601].
    #[arg(long)]
    pub seed: Option<u64>,
    /// w: each indicator's points × U(1−w, 1+w), 0 ≤ w < 1 [default: `sensitivity.weights`,
    /// else 0.2].
    #[arg(long, value_parser = spec::parse_weights)]
    pub weights: Option<f64>,
    /// A grade is fragile when its probability is below this [default: `sensitivity.threshold`,
    /// else 0.9].
    #[arg(long, value_parser = spec::parse_threshold)]
    pub threshold: Option<f64>,
    /// An alternative missing-value policy (repeatable; replaces `sensitivity.missing`): `zero`,
    /// `average`, `impute` or `impute:<mean|median>:<track|category|parent>`.
    #[arg(long, value_parser = spec::missing_policy)]
    pub missing: Vec<crate::config::MissingPolicy>,
    /// Alternative methods of an indicator (repeatable; replaces `sensitivity.alternatives`):
    /// `ID=[{ method = "efficacy", base = 0.5 }, { base = 0.7 }]` (TOML tables, as in the config).
    #[arg(long, value_name = "ID=TABLES", value_parser = spec::parse_alternative)]
    pub alternative: Vec<(String, Vec<toml::Table>)>,
    /// Skip the sensitivity indices (they take d + 1 more evaluations per run, d the inputs).
    #[arg(long)]
    pub no_indices: bool,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(a: &Args) -> Result<(), Error> {
    let mut request = a
        .output
        .request(Format::TEXT, &a.inputs.guard(Vec::new()))?;
    let (src, o, tracks) = open(&a.inputs, a.period, Against::Nothing, a.track.as_deref())?;
    let ev = &o.now;
    let overrides = spec::Overrides {
        runs: a.runs,
        seed: a.seed,
        weights: a.weights,
        threshold: a.threshold,
        missing: a.missing.clone(),
        alternatives: a.alternative.clone(),
    };
    let spec = overrides.apply(src.settings.sensitivity.as_ref());
    let mut plan = Plan::new(&spec, spec.resolve(&ev.cfg)?);
    plan.indices = !a.no_indices;
    request.check(&a.inputs.guard(o.inputs()))?;
    // Refused at once where the process may not have the memory (a `ulimit -v` of a cron job),
    // rather than stopped by the allocator partway.
    let bytes = planned_bytes(ev, &tracks, &plan);
    if bytes.is_none_or(|b| Vec::<u8>::new().try_reserve_exact(b).is_err()) {
        let need = bytes.map_or_else(
            || "more than an address can count".to_string(),
            |b| format!("about {:.1} GB", b as f64 / 1e9),
        );
        return Err(Error::Usage(format!(
            "{} runs need {need} of memory (the draws, and every unit's rank in each run), more than this process may have: give fewer runs (--runs, or `runs` in [sensitivity])",
            plan.runs
        )));
    }
    let s = analyse(ev, &tracks, &plan).map_err(|why| {
        // Where the refused input was given: its option, else the config's section.
        let section = src
            .settings
            .sensitivity
            .as_ref()
            .map_or_else(|| ev.cfg.path.clone(), |s| s.path.clone());
        let from =
            |by_policy: bool| match (by_policy, a.missing.is_empty(), a.alternative.is_empty()) {
                (true, false, _) => std::path::PathBuf::from("--missing"),
                (false, _, false) => std::path::PathBuf::from("--alternative"),
                _ => section.clone(),
            };
        let mut problems = Problems::new();
        for r in why {
            let p = Problem::error(&from(r.by_policy), r.message).place("sensitivity".to_string());
            problems.push(p);
        }
        problems.into_result().unwrap_err()
    })?;
    let collect = || Provenance::collect(ev, None);
    request.emit(collect, |provenance, style| {
        let view = SensitivityView {
            ev,
            s: &s,
            provenance,
        };
        Ok(render(&view, style))
    })
}
