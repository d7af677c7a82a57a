//! pingyi never writes its inputs: every output file or folder is checked, before anything is
//! rendered, against the config, the data folder and every file the run read.

use std::path::Path;

use super::{canonical, same_target};
use crate::error::Error;

/// What a run must not write over.
pub struct Guard<'a> {
    /// The top-level config (`--config`).
    pub config: &'a Path,
    /// The data folder (`--data`).
    pub data: &'a Path,
    /// Every file the run read (a period's own config, the data files …).
    pub inputs: Vec<&'a Path>,
}

impl Guard<'_> {
    /// Refuses a file `target` (named by `flag`, e.g. `--output`) that is an input of the run, the
    /// config, or lies in the data folder.
    pub fn file(&self, flag: &str, target: &Path) -> Result<(), Error> {
        // The target is resolved once, not once per input (a district's run reads a few dozen
        // files, each resolution a system call per path component).
        let resolved = canonical(target);
        let input = resolved.as_ref().and_then(|t| {
            self.inputs
                .iter()
                .copied()
                .chain(std::iter::once(self.config))
                .find(|p| canonical(p).as_ref() == Some(t))
        });
        if let Some(input) = input {
            return Err(Error::Usage(format!(
                "{flag} {} is an input of this run ({}): pingyi never writes its inputs",
                target.display(),
                input.display()
            )));
        }
        if self.in_data(resolved.as_deref()) {
            return Err(Error::Usage(format!(
                "{flag} {} lies in the data folder {}: pingyi never writes its inputs",
                target.display(),
                self.data.display()
            )));
        }
        Ok(())
    }

    /// Refuses a folder `dir` (named by `flag`) that is, holds or lies within the data folder, or
    /// holds the config or any input.
    pub fn folder(&self, flag: &str, dir: &Path) -> Result<(), Error> {
        let Some(d) = canonical(dir) else {
            return Ok(());
        };
        let data = std::fs::canonicalize(self.data).ok();
        let held = std::iter::once(self.config)
            .chain(self.inputs.iter().copied())
            .filter_map(canonical)
            .any(|p| p.starts_with(&d));
        let in_data = data.is_some_and(|a| d.starts_with(&a) || a.starts_with(&d));
        if held || in_data {
            return Err(Error::Usage(format!(
                "{flag} {} overlaps the inputs (the config or the data folder): pingyi never writes its inputs",
                dir.display()
            )));
        }
        Ok(())
    }

    /// Refuses two outputs naming the same file.
    pub fn distinct(&self, a: (&str, &Path), b: (&str, &Path)) -> Result<(), Error> {
        if same_target(a.1, b.1) {
            return Err(Error::Usage(format!(
                "{} and {} both name {}",
                a.0,
                b.0,
                a.1.display()
            )));
        }
        Ok(())
    }

    /// Whether the resolved `target` lies in the data folder.
    fn in_data(&self, target: Option<&Path>) -> bool {
        match (target, std::fs::canonicalize(self.data)) {
            (Some(t), Ok(d)) => t.starts_with(d),
            _ => false,
        }
    }
}
