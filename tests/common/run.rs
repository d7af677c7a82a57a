//! Running the binary: a [`Cmd`] builder with one environment policy, and the [`Output`] of a
//! run with assertions that print everything the run said when they fail.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// `pingyi` about to run in a folder. The environment is emptied and `NO_COLOR=1` set, so that
/// no colour, terminal width (`COLUMNS`), `SOURCE_DATE_EPOCH` or `TERM` of the caller's shell
/// reaches the binary; [`Cmd::env`] and [`Cmd::env_remove`] change that for one run.
pub struct Cmd {
    cmd: Command,
}

impl Cmd {
    pub fn new(dir: &Path) -> Cmd {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_pingyi"));
        cmd.current_dir(dir).env_clear().env("NO_COLOR", "1");
        Cmd { cmd }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cmd {
        self.cmd.arg(arg);
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Cmd {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Cmd {
        self.cmd.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Cmd {
        self.cmd.env_remove(key);
        self
    }

    /// Runs to the end with no stdin, capturing stdout and stderr.
    pub fn run(mut self) -> Output {
        let command = std::iter::once("pingyi".into())
            .chain(self.cmd.get_args().map(|a| a.to_string_lossy()))
            .collect::<Vec<_>>()
            .join(" ");
        let out = self
            .cmd
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {command}: {e}"));
        Output {
            stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
            code: out.status.code().unwrap_or(-1),
            command,
        }
    }

    /// Runs to the end with stdout on a pseudo-terminal (as a user at a terminal sees it; its
    /// width unknown, so `COLUMNS` or the default decides), stderr captured. Line ends come
    /// back as the terminal gives them (`\r\n`).
    pub fn on_terminal(self) -> Output {
        use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pseudo-terminal");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("ptsname");
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(name.to_string_lossy().as_ref())
            .expect("open the terminal's slave side");
        let command = format!(
            "pingyi (on a terminal) {:?}",
            self.cmd.get_args().collect::<Vec<_>>()
        );
        let mut cmd = self.cmd;
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::from(slave))
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {command}: {e}"));
        // The Command holds the parent's copy of the slave side: dropped, reading the master
        // ends (EIO) once the child exits.
        drop(cmd);
        let mut master = std::fs::File::from(master);
        let mut stdout = Vec::new();
        let mut buf = [0u8; 65536];
        loop {
            match std::io::Read::read(&mut master, &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => stdout.extend_from_slice(&buf[..n]),
            }
        }
        let out = child.wait_with_output().expect("wait for pingyi");
        Output {
            stdout: String::from_utf8(stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
            code: out.status.code().unwrap_or(-1),
            command,
        }
    }

    /// Starts the run with stdout and stderr piped, for tests that close a pipe early.
    pub fn spawn(mut self) -> Child {
        self.cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn pingyi")
    }
}

/// What one run of the binary printed, and its exit code (-1 if a signal ended it).
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
    /// `pingyi` and its arguments, for failure messages.
    pub command: String,
}

impl Output {
    /// Asserts exit code 0.
    #[track_caller]
    pub fn success(self) -> Output {
        self.exit(0)
    }

    /// Asserts the exit code: 0 success, 1 bad data or config, 2 usage.
    #[track_caller]
    pub fn exit(self, code: i32) -> Output {
        assert_eq!(
            self.code, code,
            "expected exit {code} from {}\nstdout:\n{}\nstderr:\n{}",
            self.command, self.stdout, self.stderr
        );
        self
    }

    /// Asserts that stdout contains `needle`.
    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Output {
        assert!(
            self.stdout.contains(needle),
            "stdout of {} does not contain `{needle}`:\n{}",
            self.command,
            self.stdout
        );
        self
    }

    /// Asserts that stderr contains `needle`.
    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Output {
        self.mentions(&[needle]);
        self
    }

    /// Asserts that stdout is exactly `text`.
    #[track_caller]
    pub fn stdout_is(self, text: &str) -> Output {
        assert_eq!(self.stdout, text, "stdout of {}", self.command);
        self
    }

    /// Asserts that stderr is exactly `text`.
    #[track_caller]
    pub fn stderr_is(self, text: &str) -> Output {
        assert_eq!(self.stderr, text, "stderr of {}", self.command);
        self
    }

    /// Asserts exit code 1 (invalid data or config) and that stderr mentions every needle.
    #[track_caller]
    pub fn fails_with(&self, needles: &[&str]) {
        assert_eq!(
            self.code, 1,
            "expected exit 1 from {}\nstdout:\n{}\nstderr:\n{}",
            self.command, self.stdout, self.stderr
        );
        self.mentions(needles);
    }

    /// Asserts that stderr contains every needle.
    #[track_caller]
    pub fn mentions(&self, needles: &[&str]) {
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr of {} does not mention `{n}`:\n{}",
                self.command,
                self.stderr
            );
        }
    }

    /// Asserts that stderr names `file` at physical line `line` (`file:3`, or the file plus
    /// `line 3` / `row 3`).
    #[track_caller]
    pub fn names_line(&self, file: &str, line: u64) {
        let s = &self.stderr;
        let joined = format!("{file}:{line}");
        let ok = s.contains(&joined)
            || s.lines().any(|l| {
                l.contains(file)
                    && (l.contains(&format!("line {line}")) || l.contains(&format!("row {line}")))
            });
        assert!(ok, "stderr does not name {file} line {line}:\n{s}");
    }
}
