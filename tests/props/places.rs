//! Every failing run leaves the output place as it was (issue 11 #2–#7): each command, each way
//! of writing (stdout, `--output`, `--manifest`, `--out DIR`, with and without `--force`), onto
//! nothing or onto an earlier result, failing for each reason a run can fail after its options
//! are read — bad data, a bad previous quarter, an output that cannot be written, a destination
//! that is not ours. The whole working folder is hashed before and after: nothing changes, and no
//! temporary file is left.

use crate::common::Workdir;

/// How a run is made to fail.
#[derive(Debug, Clone, Copy)]
enum Failure {
    /// A bad cell in the period scored.
    Data,
    /// A bad cell in the quarter trends compare with.
    Previous,
    /// The manifest's folder cannot be made (a file is in the way).
    Manifest,
}

fn break_it(wd: &Workdir, f: Failure) {
    match f {
        Failure::Data => wd.edit("data/2024Q2/township.csv", |t| t.replace("12.5", "abc")),
        Failure::Previous => wd.edit("data/2024Q1/township.csv", |t| {
            let (head, rest) = t.split_once('\n').unwrap();
            let row = rest.lines().next().unwrap();
            let bad = format!("{},abc", row.rsplit_once(',').unwrap().0);
            format!("{head}\n{}", rest.replacen(row, &bad, 1))
        }),
        Failure::Manifest => wd.create("blocked", "a file where a folder should be"),
    };
}

/// Earlier results in place: a published file, its manifest, a package, a statement set.
fn publish_earlier(wd: &Workdir) {
    for args in [
        &[
            "rank",
            "--period",
            "2024Q2",
            "-o",
            "out/ranks.csv",
            "--manifest",
            "out/m.json",
        ][..],
        &["report", "--period", "2024Q2", "--out", "out/pkg", "-q"][..],
        &[
            "statement",
            "--all",
            "--period",
            "2024Q2",
            "--out",
            "out/st",
            "-q",
        ][..],
    ] {
        wd.run(args).success();
    }
}

const WRITES: &[&[&str]] = &[
    &["rank", "-o", "out/ranks.csv"],
    &["rank", "-o", "out/ranks.csv", "--manifest", "out/m.json"],
    &["rank", "-o", "out/new.csv", "--manifest", "out/new.json"],
    &["gaps", "-o", "out/ranks.csv", "--format", "json"],
    &["summary", "-o", "out/ranks.csv", "--manifest", "out/m.json"],
    &["statement", "T1", "-o", "out/ranks.csv"],
    &["statement", "--all", "--out", "out/st", "--force"],
    &["statement", "--all", "--out", "out/st2"],
    &["report", "--out", "out/pkg", "--force"],
    &["report", "--out", "out/pkg2"],
    &["check", "--manifest", "out/m.json"],
];

#[test]
fn every_failing_run_leaves_the_output_place_as_it_was() {
    for failure in [Failure::Data, Failure::Previous, Failure::Manifest] {
        let wd = Workdir::district();
        publish_earlier(&wd);
        break_it(&wd, failure);
        let before = wd.tree();
        for write in WRITES {
            let mut args: Vec<&str> = write.to_vec();
            args.extend(["--period", "2024Q2"]);
            if let Failure::Manifest = failure {
                if !args.contains(&"--manifest") {
                    continue;
                }
                let at = args.iter().position(|a| *a == "--manifest").unwrap();
                args[at + 1] = "blocked/m.json";
            }
            // The overview compares with no earlier quarter.
            if matches!(failure, Failure::Previous) && args[0] == "summary" {
                continue;
            }
            let out = wd.run(&args);
            assert_ne!(out.code, 0, "{failure:?}: {args:?} should fail");
            assert_eq!(
                wd.tree(),
                before,
                "{failure:?}: {args:?} changed the folder"
            );
        }
    }
}

#[test]
fn a_destination_that_is_not_ours_fails_and_stays() {
    let wd = Workdir::district();
    wd.create("out/pkg/notes.txt", "mine");
    wd.create("out/st/notes.txt", "mine");
    let before = wd.tree();
    for args in [
        &["report", "--out", "out/pkg", "--force"][..],
        &["statement", "--all", "--out", "out/st", "--force"][..],
        &["report", "--out", "out/pkg"][..],
    ] {
        wd.run(args).exit(2);
        assert_eq!(wd.tree(), before, "{args:?}");
    }
}
