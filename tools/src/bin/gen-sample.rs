//! `gen-sample [DIR]`: writes the shipped sample district into `DIR` (default `data`).
//!
//! A development tool, not installed with pingyi: run it from the repository root as
//! `cargo run -p pingyi-tools --bin gen-sample -- data`. See [`pingyi_tools::sample`].

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "data".into()));
    match pingyi_tools::sample::generate(&dir) {
        Ok(w) => {
            eprintln!(
                "gen-sample: wrote {} units, {} quarters and {} months under {}",
                w.units,
                w.quarters,
                w.months,
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-sample: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
