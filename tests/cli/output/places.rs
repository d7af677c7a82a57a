//! What `--output` may name (issue 11 #1), what a failing manifest leaves (#7), file modes (#16),
//! statement file names (#3) and leftovers of interrupted runs (#4, #5).

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::process::Command;

use super::temporary_files;
use crate::common::Workdir;

#[test]
fn a_character_device_is_written_through_and_stays_a_device() {
    let d = Workdir::district();
    d.run(&["--output", "/dev/null", "--format", "csv"])
        .success()
        .stdout_is("");
    let m = std::fs::metadata("/dev/null").unwrap();
    assert!(
        m.file_type().is_char_device(),
        "/dev/null is still a device"
    );
}

#[test]
fn dev_stdout_is_standard_output() {
    let d = Workdir::district();
    let direct = d.stdout(&["--format", "csv"]);
    d.run(&["--output", "/dev/stdout", "--format", "csv"])
        .success()
        .stdout_is(&direct);
}

#[test]
fn a_fifo_is_written_through() {
    let d = Workdir::district();
    let fifo = d.join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap());
    d.run(&["--output", "pipe", "--format", "csv"]).success();
    let got = reader.join().unwrap();
    assert_eq!(got, d.stdout(&["--format", "csv"]));
    assert!(std::fs::symlink_metadata(d.join("pipe"))
        .unwrap()
        .file_type()
        .is_fifo());
}

#[test]
fn a_symlink_keeps_being_a_link_and_its_target_is_replaced() {
    let d = Workdir::district();
    d.create("published/2024Q2.csv", "old\n");
    std::os::unix::fs::symlink("published/2024Q2.csv", d.join("latest.csv")).unwrap();
    d.run(&["-o", "latest.csv", "--format", "csv"]).success();
    let link = std::fs::symlink_metadata(d.join("latest.csv")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    // A file (through the link) gets the byte-order mark stdout does not.
    assert_eq!(
        d.read_string("published/2024Q2.csv"),
        format!("\u{feff}{}", d.stdout(&["--format", "csv"]))
    );
    // A link into the data folder is refused like the path it leads to.
    std::os::unix::fs::symlink("data/2024Q2/township.csv", d.join("sneaky.csv")).unwrap();
    d.run(&["-o", "sneaky.csv"])
        .exit(2)
        .stderr_has("pingyi never writes its inputs");
}

#[test]
fn a_folder_or_a_socket_is_refused_before_anything_runs() {
    let d = Workdir::district();
    d.mkdir("out");
    d.run(&["-o", "out"]).exit(2).stderr_is(
        "error: --output out is a folder: pingyi writes a file there only if it is a regular file (replaced atomically), a character device or a FIFO (written through)\n",
    );
    let _sock = std::os::unix::net::UnixListener::bind(d.join("sock")).unwrap();
    d.run(&["--manifest", "sock"])
        .exit(2)
        .stderr_has("--manifest sock is neither a regular file, a character device nor a FIFO");
    assert!(d.join("sock").exists());
}

#[test]
fn a_manifest_that_cannot_be_written_leaves_the_old_output() {
    let d = Workdir::district();
    d.create("out.csv", "last quarter's file\n");
    d.create("blocked", "a file where the manifest's folder should be");
    d.run(&["--output", "out.csv", "--manifest", "blocked/m.json"])
        .exit(1)
        .stderr_has("blocked");
    assert_eq!(d.read_string("out.csv"), "last quarter's file\n");
    assert_eq!(temporary_files(&d), Vec::<String>::new());
}

/// Runs pingyi under `umask`, through the shell that sets it.
fn with_umask(d: &Workdir, umask: &str, args: &[&str]) {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_pingyi"))
        .args(args)
        .current_dir(d.path())
        .env_clear()
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

fn mode(d: &Workdir, rel: &str) -> u32 {
    std::fs::metadata(d.join(rel)).unwrap().permissions().mode() & 0o777
}

#[test]
fn new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
    let d = Workdir::district();
    with_umask(&d, "022", &["-o", "a.csv", "--manifest", "a.json"]);
    assert_eq!((mode(&d, "a.csv"), mode(&d, "a.json")), (0o644, 0o644));
    with_umask(&d, "027", &["-o", "b.csv"]);
    assert_eq!(mode(&d, "b.csv"), 0o640);
    std::fs::set_permissions(d.join("a.csv"), PermissionsExt::from_mode(0o604)).unwrap();
    with_umask(&d, "077", &["-o", "a.csv"]);
    assert_eq!(mode(&d, "a.csv"), 0o604, "a replaced file keeps its mode");
    with_umask(&d, "022", &["report", "--out", "pkg"]);
    assert_eq!(mode(&d, "pkg"), 0o755);
    assert_eq!(mode(&d, "pkg/report.html"), 0o644);
    assert_eq!(mode(&d, "pkg/manifest.json"), 0o644);
    with_umask(&d, "022", &["statement", "--all", "--out", "st"]);
    assert_eq!(mode(&d, "st/T1.md"), 0o644);
}

/// Renames unit `from` to `to` in every CSV file of the data folder (rows start with the id).
fn rename_unit(d: &Workdir, from: &str, to: &str) {
    for rel in crate::common::files(&d.join("data")) {
        d.edit(&format!("data/{rel}"), |t| {
            t.lines()
                .map(|l| match l.strip_prefix(&format!("{from},")) {
                    Some(rest) => format!("{to},{rest}\n"),
                    None => format!("{l}\n"),
                })
                .collect()
        });
    }
}

#[test]
fn statement_file_names_are_checked_before_anything_is_written() {
    let d = Workdir::district();
    rename_unit(&d, "T2", "CON");
    rename_unit(&d, "V2", "-V2");
    d.run(&["statement", "--all", "--out", "st", "--period", "2024Q2"])
        .success();
    let names = crate::common::files(&d.join("st"));
    assert!(names.contains(&"_CON.md".to_string()), "{names:?}");
    assert!(names.contains(&"_-V2.md".to_string()), "{names:?}");
    // An id too long for a file name fails the set before any file is written.
    rename_unit(&d, "CON", &"村".repeat(70));
    let out = d.run(&["statement", "--all", "--out", "st2", "--period", "2024Q2"]);
    out.fails_with(&["the unit id is too long for a statement file name (210 bytes; at most 200): shorten it in units.csv"]);
    assert!(!d.exists("st2"));
    assert!(temporary_files(&d).is_empty());
}

/// A process id that is surely free: the largest the kernel hands out, plus one.
fn dead_pid() -> u32 {
    std::fs::read_to_string("/proc/sys/kernel/pid_max")
        .ok()
        .and_then(|s| s.trim().parse::<u32>().ok())
        .unwrap_or(4_194_304)
        + 1
}

#[test]
fn leftovers_of_killed_runs_are_removed_by_the_next_run_into_the_same_place() {
    let d = Workdir::district();
    let dead = dead_pid();
    // A killed `-o`: its temporary file. A killed `report --force` of an older version: the old
    // package aside. A killed report: its half-built folder (manifest first). Someone's folder
    // named alike: kept.
    d.create(&format!("out/.pingyi-{dead}-AbC123.tmp"), "half a file");
    d.run(&["report", "--out", "out/pkg", "-q"]).success();
    let manifest = d.read("out/pkg/manifest.json");
    d.create_bytes(
        &format!("out/.pkg.pingyi-old-{dead}-0/manifest.json"),
        &manifest,
    );
    d.create_bytes(
        &format!("out/.pingyi-report-{dead}-Xy/manifest.json"),
        &manifest,
    );
    d.create(&format!("out/.pingyi-report-{dead}-Zz/notes.txt"), "mine");
    d.run(&["-o", "out/ranks.csv"]).success();
    let mut left: Vec<String> = std::fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        vec![
            format!(".pingyi-report-{dead}-Zz"),
            "pkg".to_string(),
            "ranks.csv".to_string()
        ]
    );
}
