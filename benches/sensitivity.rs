//! Sensitivity benchmark: Monte Carlo runs per second over the shipped sample district (379 units,
//! five tracks), the period loaded and scored once, then `analyse` timed — without the
//! sensitivity indices (the rank intervals and grade probabilities only) and with them.
//!
//! ```text
//! cargo bench --bench sensitivity                # 10,000 runs, period 2024Q3
//! cargo bench --bench sensitivity -- 100000      # other run counts
//! ```
//!
//! Each line shows wall time and the CPU time of the thread (`/proc/thread-self/schedstat`): on
//! a busy machine wall time also counts waiting for a core. Run without `--bench` (as
//! `cargo test --all-targets` does) it checks 200 runs quickly.

use std::path::Path;
use std::time::{Duration, Instant};

use pingyi::analysis::sensitivity::{analyse, Plan};
use pingyi::config::sensitivity::Spec;
use pingyi::eval::Evaluation;

/// CPU time of this thread, from `/proc/thread-self/schedstat` (nanoseconds on the CPU).
fn cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        s.split_whitespace().next()?.parse().ok()?,
    ))
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let mut runs: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if runs.is_empty() {
        runs.push(if bench { 10_000 } else { 200 });
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let period = "2024Q3".parse().expect("period");
    let ev = Evaluation::run(
        &root.join("scoring-config.toml"),
        &root.join("data"),
        period,
    )
    .expect("the sample district scores");
    let tracks: Vec<usize> = (0..ev.cfg.tracks.len()).collect();
    let units: usize = ev.res.tracks.iter().map(|t| t.units.len()).sum();
    println!(
        "sample district {period}: {units} units, {} tracks",
        tracks.len()
    );
    for &n in &runs {
        for indices in [false, true] {
            let spec = Spec {
                runs: n,
                ..Spec::default()
            };
            let mut plan = Plan::new(&spec, Vec::new());
            plan.indices = indices;
            let (t0, c0) = (Instant::now(), cpu());
            let s = analyse(&ev, &tracks, &plan)
                .expect("the sample district's scheme varies without a refused variant");
            let (wall, c1) = (t0.elapsed(), cpu());
            let cpu = c0.zip(c1).map(|(a, b)| b - a);
            let secs = cpu.unwrap_or(wall).as_secs_f64();
            println!(
                "{n} runs, w = {}, {} inputs, indices {}: {:.3} s wall, {} CPU — {:.0} runs/s (CPU)",
                spec.weights,
                s.inputs.len(),
                if indices { "on " } else { "off" },
                wall.as_secs_f64(),
                cpu.map_or("?".into(), |c| format!("{:.3} s", c.as_secs_f64())),
                n as f64 / secs,
            );
        }
    }
}
