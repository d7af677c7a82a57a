//! End-to-end tests of writing, as a user or cron sees it: formula-injection escaping, atomic
//! output files, inputs never written, manifests, byte-identical reruns, quiet and plain output,
//! closed pipes. Each test runs the real binary on its own copy of the fixture district.

mod cron;
mod escaping;
mod files;
mod formats;
mod init;
mod places;
mod provenance;
mod signals;
mod subcommands;
mod terminal;

use crate::common::Workdir;

/// Names of the temporary files that an atomic write left in the folder.
pub fn temporary_files(wd: &Workdir) -> Vec<String> {
    std::fs::read_dir(wd.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".pingyi-"))
        .collect()
}

/// Makes the district's 2024Q2 township file invalid.
pub fn break_data(wd: &Workdir) {
    wd.edit("data/2024Q2/township.csv", |t| t.replace("12.5", "abc"));
}
