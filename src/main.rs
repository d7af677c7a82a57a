//! The `pingyi` binary: parse arguments, run, map errors to exit codes (see `--help`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match pingyi::cli::parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // The package commands write many files on every core, and lose time (14 % of the district
    // report's) when their threads share two arenas; the others hold large columns.
    use pingyi::cli::Command;
    if !matches!(
        cli.command,
        Some(Command::Report(_) | Command::Statement(_))
    ) {
        cap_arenas();
    }
    // Temporary files and folders being written are removed on SIGINT/SIGTERM.
    pingyi::output::cleanup::on_signals();
    // Every input is to be the same file from its first reading to the end of the run.
    pingyi::filekind::watch_inputs();
    match pingyi::cli::run(cli) {
        // An output printed (stdout) before an input changed: the run fails all the same.
        Ok(()) => match pingyi::output::atomic::settled_inputs(
            "what was printed could mix its two versions",
        ) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                pingyi::output::diagnostic(format_args!("error: {e}"));
                ExitCode::from(e.exit_code())
            }
        },
        Err(e) => {
            pingyi::output::diagnostic(format_args!("error: {e}"));
            ExitCode::from(e.exit_code())
        }
    }
}

/// glibc's malloc gives each thread that contends for memory an arena of its own (up to eight a
/// core), and an arena keeps what its thread freed: at a million units the reading and scoring
/// threads left 20–40 MiB so kept beside the memory in use. Two arenas serve the reading thread
/// and the workers alike. Before any thread starts (argument parsing starts none).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn cap_arenas() {
    // SAFETY: mallopt only sets a malloc parameter; called first thing in main, before any
    // thread is spawned, as glibc's documentation asks of M_ARENA_MAX.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn cap_arenas() {}
