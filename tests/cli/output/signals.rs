//! SIGINT and SIGTERM during a long write (issue 11 #5): the temporary file or folder being
//! written is removed and the output place is as it was. A big generated district makes the
//! write long enough to be caught in the act: the test waits until the temporary folder
//! appears, then sends the signal.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::ExitStatus;
use std::time::{Duration, Instant};

use rustix::process::{kill_process, Pid, Signal};

use crate::common::{tree, Workdir};

/// A district of `n` villages (the benchmark's generator).
fn big(n: usize) -> Workdir {
    let wd = Workdir::new();
    pingyi_tools::scale::generate(wd.path(), n).expect("generate the district");
    wd
}

/// The names in `dir` starting with `prefix`.
fn named(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

/// Starts `args`, waits for a name starting with `prefix` in `dir`, sends `signal`; returns the
/// run's exit status when the temporary path was seen before the run ended.
fn interrupt(
    wd: &Workdir,
    args: &[&str],
    dir: &Path,
    prefix: &str,
    signal: Signal,
) -> Option<ExitStatus> {
    let mut child = wd.cmd(args).spawn();
    let pid = Pid::from_raw(child.id() as i32).unwrap();
    let start = Instant::now();
    let mut seen = false;
    while start.elapsed() < Duration::from_secs(120) {
        if !named(dir, prefix).is_empty() {
            seen = true;
            kill_process(pid, signal).unwrap();
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = child.wait().unwrap();
    seen.then_some(status)
}

/// Whether `status` is that of a run ended by `signal`.
fn ended_by(status: ExitStatus, signal: Signal) -> bool {
    status.signal() == Some(signal.as_raw())
}

#[test]
fn a_signal_during_a_report_leaves_the_place_as_it_was() {
    let wd = big(400);
    wd.mkdir("out");
    wd.create("out/keep.txt", "already here");
    let before = tree(&wd.join("out"));
    let args = ["report", "--out", "out/pkg", "-q"];
    let status = interrupt(&wd, &args, &wd.join("out"), ".pingyi-report-", Signal::TERM)
        .expect("the temporary folder was never seen: make the district bigger");
    assert!(ended_by(status, Signal::TERM), "{status:?}");
    assert_eq!(tree(&wd.join("out")), before);
    assert!(named(&wd.join("out"), ".pingyi").is_empty());
}

#[test]
fn a_signal_during_statement_all_force_leaves_the_old_set() {
    // 400 statements take a debug build half a second to write: ample time to be caught.
    let wd = big(400);
    wd.run(&["statement", "--all", "--out", "st", "-q", "--format", "csv"])
        .success();
    let before = tree(wd.path());
    let args = ["statement", "--all", "--out", "st", "--force", "-q"];
    let status = interrupt(&wd, &args, wd.path(), ".pingyi-report-", Signal::INT)
        .expect("the temporary folder was never seen: make the district bigger");
    assert!(ended_by(status, Signal::INT), "{status:?}");
    assert_eq!(tree(wd.path()), before);
}

#[test]
fn a_signal_during_an_output_file_leaves_no_temporary_file() {
    // A single file is written in one go: the signal may come before, during or after it. In
    // every case no temporary file is left, and the output is the old file or the whole new one.
    let wd = big(5000);
    wd.create("ranks.csv", "old\n");
    let args = ["--format", "csv", "-o", "ranks.csv", "--manifest", "m.json"];
    // Seen, the run ends by the signal, or had finished when it came (a busy machine may let
    // the run rename its file and exit between the look and the signal).
    if let Some(status) = interrupt(&wd, &args, wd.path(), ".pingyi-", Signal::INT) {
        assert!(
            ended_by(status, Signal::INT) || status.success(),
            "{status:?}"
        );
    }
    assert!(named(wd.path(), ".pingyi").is_empty());
    let now = wd.read_string("ranks.csv");
    assert!(now == "old\n" || now.ends_with('\n') && now.lines().count() > 5000);
}

/// Issue 11 #4: while `--force` replaces a set, the folder never stops existing — watched from
/// outside for the whole run, it always holds a manifest, old or new (the exchange is one step).
#[test]
fn a_folder_replaced_with_force_never_stops_existing() {
    let wd = big(300);
    wd.run(&["statement", "--all", "--out", "st", "-q", "--format", "csv"])
        .success();
    let old = wd.read("st/manifest.json");
    let mut child = wd
        .cmd(["statement", "--all", "--out", "st", "--force", "-q"])
        .env("SOURCE_DATE_EPOCH", "86400")
        .spawn();
    let manifest = wd.join("st/manifest.json");
    let mut looks = 0u64;
    while child.try_wait().unwrap().is_none() {
        assert!(manifest.is_file(), "st/ had no manifest during the run");
        looks += 1;
        // A look every 0.1 ms, not a spinning core taken from the run being watched.
        std::thread::sleep(Duration::from_micros(100));
    }
    assert!(child.wait().unwrap().success());
    assert!(looks > 0);
    assert_ne!(wd.read("st/manifest.json"), old, "the new set is in place");
    assert!(named(wd.path(), ".pingyi").is_empty());
}
