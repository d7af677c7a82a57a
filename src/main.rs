//! The `pingyi` binary: parse arguments, run, map errors to exit codes (see `--help`).

use std::process::ExitCode;

fn main() -> ExitCode {
    // Temporary files and folders being written are removed on SIGINT/SIGTERM.
    pingyi::output::cleanup::on_signals();
    let cli = match pingyi::cli::parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match pingyi::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            pingyi::output::diagnostic(format_args!("error: {e}"));
            ExitCode::from(e.exit_code())
        }
    }
}
