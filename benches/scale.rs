//! Scale benchmark: generates a synthetic district of N villages × 40 indicators as real files and
//! times each stage of a run — config load, data load, scoring + ranking, CSV rendering — with the
//! peak resident memory after each stage. Each stage shows wall time and the CPU time of the
//! process (`/proc/self/schedstat`): on a busy machine wall time also counts waiting for a core.
//!
//! ```text
//! cargo bench --bench scale                          # N = 10000
//! cargo bench --bench scale -- 10000 100000 1000000  # several sizes, one table each + a summary
//! cargo bench --bench scale -- --keep DIR --generate-only 1000000   # write a district to DIR
//! ```
//!
//! The district ([`pingyi_tools::scale`]): one township and N villages, 40 indicators using every
//! method, a growth indicator with its earlier quarters, targets, not-applicable and missing cells,
//! adjustments — written from a fixed seed, so every run reads the same bytes.
//!
//! Peak memory is the process's VmHWM from `/proc/self/status`. Before each N the benchmark drops
//! the previous district and resets the high-water mark (`5` into `/proc/self/clear_refs`), so
//! each size's peak is its own; where the reset is refused the peak is process-wide so far.
//!
//! Run without `--bench` (as `cargo test --all-targets` does) it checks a small district quickly.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pingyi::eval::Evaluation;
use pingyi::render::labels::Labels;
use pingyi::render::rank::{self, RankView};
use pingyi::render::sheet::CsvOptions;
use pingyi::{Config, Dataset, Period};
use pingyi_tools::scale::{generate, INDICATORS, PERIOD};

/// A field of `/proc/self/status` in KiB (`VmHWM`, `VmRSS`); 0 where unavailable.
fn status_kib(field: &str) -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field) && l[field.len()..].starts_with(':'))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time this thread has run: `/proc/self/schedstat` (ns), else utime + stime of
/// `/proc/self/stat` (clock ticks, taken as 1/100 s). On a busy machine this is the figure to
/// trust: wall time also counts the time spent waiting for a core.
fn cpu_time() -> Duration {
    let sched = fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .filter(|&ns| ns > 0);
    if let Some(ns) = sched {
        return Duration::from_nanos(ns);
    }
    let ticks = fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
            let rest = s.get(s.rfind(')')? + 2..)?.to_string();
            let f: Vec<u64> = rest
                .split_whitespace()
                .skip(11)
                .take(2)
                .filter_map(|x| x.parse().ok())
                .collect();
            (f.len() == 2).then(|| f[0] + f[1])
        })
        .unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Resets the peak-RSS mark to the current RSS (Linux ≥ 4.0); false where refused.
fn reset_peak() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// One stage's figures.
struct Stage {
    name: &'static str,
    time: Duration,
    cpu: Duration,
    hwm_kib: u64,
    rss_kib: u64,
}

struct Run {
    n: usize,
    input_bytes: u64,
    output_bytes: usize,
    stages: Vec<Stage>,
    peak_reset: bool,
}

fn timed<T>(stages: &mut Vec<Stage>, name: &'static str, f: impl FnOnce() -> T) -> T {
    let cpu0 = cpu_time();
    let start = Instant::now();
    let out = f();
    let time = start.elapsed();
    let cpu = cpu_time().saturating_sub(cpu0);
    stages.push(Stage {
        name,
        time,
        cpu,
        hwm_kib: status_kib("VmHWM"),
        rss_kib: status_kib("VmRSS"),
    });
    out
}

/// Generates the district for `n` villages (under `keep`, or in a temporary directory removed
/// afterwards), then times every stage of a run and checks the results.
fn run(n: usize, keep: Option<&Path>) -> Run {
    let peak_reset = reset_peak();
    let tmp;
    let dir: PathBuf = match keep {
        Some(d) => d.join(format!("n{n}")),
        None => {
            tmp = tempfile::Builder::new()
                .prefix("pingyi-scale-")
                .tempdir()
                .expect("create a temporary directory");
            tmp.path().to_path_buf()
        }
    };
    let mut stages = Vec::new();
    let district = timed(&mut stages, "generate files", || {
        generate(&dir, n).expect("write the district")
    });
    let cfg_path = district.dir.join("scoring-config.toml");
    let data = district.dir.join("data");
    let period: Period = PERIOD.parse().expect("a valid period");

    let cfg = timed(&mut stages, "config load", || {
        Config::load(&cfg_path).unwrap_or_else(|e| panic!("generated config is invalid: {e}"))
    });
    let (ds, warnings) = timed(&mut stages, "data load (Dataset::load)", || {
        Dataset::load(&cfg, &data, period)
            .unwrap_or_else(|e| panic!("generated data is invalid: {e}"))
    });
    let res = timed(&mut stages, "score + rank (evaluate)", || {
        pingyi::evaluate(&cfg, &ds)
    });
    let ev = Evaluation {
        cfg,
        ds,
        res,
        warnings,
    };
    let bytes = timed(&mut stages, "render csv", || {
        let view = RankView {
            labels: Labels::new(&ev),
            tracks: (0..ev.cfg.tracks.len()).collect(),
            lean: false,
        };
        rank::csv::render(&view, CsvOptions::CSV)
    });

    // The generated district is valid and every unit comes out ranked, once.
    let (warnings, res) = (&ev.warnings, &ev.res);
    assert_eq!(warnings.warnings().count(), 0, "{warnings}");
    assert_eq!(res.tracks.len(), 2);
    assert_eq!(res.tracks[0].units.len(), 1);
    let village = &res.tracks[1];
    assert_eq!(village.units.len(), n);
    assert!((0..village.units.len()).all(|p| village.total(p).is_finite()));
    assert_eq!(village.rank[village.order[0]], 1);
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines, n + 2, "header + township + every village");

    let output_bytes = bytes.len();
    let input_bytes = district.input_bytes;
    // Free everything before the next size (the temporary district goes with `tmp`).
    drop((bytes, ev));
    Run {
        n,
        input_bytes,
        output_bytes,
        stages,
        peak_reset,
    }
}

fn print_run(r: &Run) {
    println!();
    println!(
        "N = {} villages (+1 township) × {INDICATORS} indicators — input {:.1} MiB, csv output {:.1} MiB{}",
        r.n,
        r.input_bytes as f64 / 1048576.0,
        r.output_bytes as f64 / 1048576.0,
        if r.peak_reset {
            ""
        } else {
            " (peak not reset: process-wide)"
        }
    );
    println!(
        "  {:<28} {:>9} {:>9} {:>11} {:>10} {:>10}",
        "stage", "wall (s)", "cpu (s)", "cpu/unit µs", "peak MiB", "RSS MiB"
    );
    let line = |name: &str, wall: Duration, cpu: Duration, hwm: u64, rss: String| {
        println!(
            "  {:<28} {:>9.3} {:>9.3} {:>11.2} {:>10.1} {:>10}",
            name,
            secs(wall),
            secs(cpu),
            secs(cpu) * 1e6 / r.n as f64,
            mib(hwm),
            rss
        );
    };
    for s in &r.stages {
        line(
            s.name,
            s.time,
            s.cpu,
            s.hwm_kib,
            format!("{:.1}", mib(s.rss_kib)),
        );
    }
    let run = &r.stages[1..];
    line(
        "run (all but generate)",
        run.iter().map(|s| s.time).sum(),
        run.iter().map(|s| s.cpu).sum(),
        r.stages.last().map_or(0, |s| s.hwm_kib),
        String::new(),
    );
}

fn print_summary(runs: &[Run]) {
    println!();
    println!("summary: wall s (cpu s) per stage; peak = VmHWM after the last stage");
    println!(
        "{:>9} {:>9} {:>17} {:>17} {:>17} {:>17} {:>17} {:>10} {:>10}",
        "N", "input", "config", "data load", "evaluate", "render csv", "run", "peak", "output"
    );
    let cell = |wall: Duration, cpu: Duration| format!("{:.3} ({:.3})", secs(wall), secs(cpu));
    for r in runs {
        let st = |k: usize| cell(r.stages[k].time, r.stages[k].cpu);
        let run = &r.stages[1..];
        println!(
            "{:>9} {:>8.1}M {:>17} {:>17} {:>17} {:>17} {:>17} {:>9.1}M {:>9.1}M",
            r.n,
            r.input_bytes as f64 / 1048576.0,
            st(1),
            st(2),
            st(3),
            st(4),
            cell(
                run.iter().map(|s| s.time).sum(),
                run.iter().map(|s| s.cpu).sum()
            ),
            mib(r.stages.last().map_or(0, |s| s.hwm_kib)),
            r.output_bytes as f64 / 1048576.0,
        );
    }
}

fn main() {
    let mut bench = false;
    let mut generate_only = false;
    let mut keep: Option<PathBuf> = None;
    let mut sizes = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bench" => bench = true,
            "--generate-only" => generate_only = true,
            "--keep" => keep = args.next().map(PathBuf::from),
            // Flags of the test harness or cargo that this benchmark does not take.
            _ if a.starts_with('-') => {}
            _ => match a.replace(['_', ','], "").parse::<usize>() {
                Ok(n) if n > 0 => sizes.push(n),
                _ => {
                    eprintln!("scale: `{a}` is not a number of units");
                    std::process::exit(2);
                }
            },
        }
    }
    if generate_only {
        let Some(dir) = keep else {
            eprintln!("scale: --generate-only needs --keep DIR");
            std::process::exit(2);
        };
        for n in if sizes.is_empty() {
            vec![10_000]
        } else {
            sizes
        } {
            let d = dir.join(format!("n{n}"));
            let district = generate(&d, n).expect("write the district");
            println!(
                "{} ({:.1} MiB read by a run of {PERIOD})",
                district.dir.display(),
                district.input_bytes as f64 / 1048576.0
            );
        }
        return;
    }
    if sizes.is_empty() {
        // `cargo test --all-targets` runs this without `--bench`: a quick, checked smoke run.
        sizes.push(if bench { 10_000 } else { 1_000 });
    }
    let runs: Vec<Run> = sizes
        .iter()
        .map(|&n| {
            let r = run(n, keep.as_deref());
            print_run(&r);
            r
        })
        .collect();
    if runs.len() > 1 {
        print_summary(&runs);
    }
}
