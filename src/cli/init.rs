//! `pingyi init [DIR]`: a runnable starter district (see [`crate::starter`]).

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::Error;
use crate::period::{parse_quarter, Period};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The folder to create the district in (it may exist, but none of the files may).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The quarter of the sample data [default: the last quarter that has ended].
    #[arg(long, value_parser = parse_quarter)]
    pub period: Option<Period>,
    /// Print nothing on success.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(a: &Args) -> Result<(), Error> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let period = a
        .period
        .unwrap_or_else(|| crate::starter::last_quarter(now));
    let written = crate::starter::write(&a.dir, period)?;
    if !a.quiet {
        let dir = a.dir.display();
        crate::output::diagnostic(format!(
            "wrote a starter district ({} files, data for {period}) to {dir}; next: cd {dir} && pingyi check && pingyi",
            written.len()
        ));
    }
    Ok(())
}
