//! Temporary files and folders never outlive the run that made them.
//!
//! Every temporary path pingyi writes (`.pingyi-PID-XXXXXX.tmp` beside an output file,
//! `.pingyi-report-PID-XXXXXX` beside a package folder) is created, filled and renamed into place
//! under one lock, and listed in a registry while it exists. On SIGINT or SIGTERM a handler
//! thread (not the signal handler itself, which only wakes it) takes the lock — so no rename or
//! write is halfway — removes every listed path and ends the process as the signal would have.
//!
//! A run killed outright (SIGKILL, a power cut) cannot clean up: the next run writing into the
//! same folder removes what such a run left ([`leftovers`]) — only names of pingyi's own pattern,
//! only when the process whose id the name carries is gone, and a folder only when it is empty or
//! holds a pingyi manifest (a whole package's, or the stamp a run writes first, when nothing in it
//! has changed for an hour).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard};

/// The temporary paths that exist now.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Held shared by threads creating files inside a listed temporary folder at the same time,
/// and exclusively by the signal handler before it removes anything: no file is being created
/// in a folder while it is removed.
static CREATING: RwLock<()> = RwLock::new(());

/// The shared hold of a thread creating a file in a listed temporary folder (several at once;
/// [`lock`] would make them take turns).
pub fn creating() -> RwLockReadGuard<'static, ()> {
    CREATING.read().unwrap_or_else(|e| e.into_inner())
}

/// The lock every change to a temporary path is made under; hold it while creating, writing,
/// renaming or removing one, and register or forget paths through it.
pub fn lock() -> Registry {
    Registry(LIVE.lock().unwrap_or_else(|e| e.into_inner()))
}

/// The held registry of temporary paths.
pub struct Registry(MutexGuard<'static, Vec<PathBuf>>);

impl Registry {
    /// Lists `path` for removal on a signal.
    pub fn add(&mut self, path: &Path) {
        self.0.push(path.to_path_buf());
    }

    /// Forgets `path` (renamed into place, or removed).
    pub fn forget(&mut self, path: &Path) {
        self.0.retain(|p| p != path);
    }

    /// Removes every listed path (files and folders).
    fn remove_all(&mut self) {
        for p in self.0.drain(..) {
            remove(&p);
        }
    }
}

fn remove(p: &Path) {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(p);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(p);
        }
        Err(_) => {}
    }
}

/// Installs the SIGINT/SIGTERM handling (the binary calls this once, first thing). Without it —
/// in library use — signals keep their default action.
#[cfg(unix)]
pub fn on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let _creating = CREATING.write().unwrap_or_else(|e| e.into_inner());
            let mut live = lock();
            live.remove_all();
            // Still holding the lock: the main thread cannot make a new temporary path.
            let _ = signal_hook::low_level::emulate_default_handler(sig);
            std::process::exit(128 + sig);
        }
    });
}

#[cfg(not(unix))]
pub fn on_signals() {}

/// What [`leftovers`] found beside an output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Leftovers {
    /// Removed: left by a pingyi run that is gone.
    pub removed: Vec<PathBuf>,
    /// Named like pingyi's but not provably its own (a folder without a pingyi manifest): kept.
    pub kept: Vec<PathBuf>,
}

/// Removes from `dir` the temporary files and folders of pingyi runs that are gone: files
/// `.pingyi-PID-*.tmp`, folders `.pingyi-report-PID-*` (and `.NAME.pingyi-old-PID-K` of earlier
/// versions) that are empty or hold a pingyi manifest — never those of a run still going.
pub fn leftovers(dir: &Path) -> Leftovers {
    let mut out = Leftovers::default();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut names: Vec<(PathBuf, String)> = entries
        .flatten()
        .map(|e| (e.path(), e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    for (path, name) in names {
        let Some((pid, folder)) = left_by(&name) else {
            continue;
        };
        if alive(pid) {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let ours = match (folder, meta.is_dir()) {
            (false, false) => meta.is_file(),
            // A package, or one a killed run began (its manifest, the first file written) and
            // nothing has touched for an hour: a run whose process this one cannot see (in
            // another PID namespace, on another host sharing the folder) may still be writing.
            (true, true) => {
                super::ours::package(&path).is_ok()
                    || (super::ours::stamped(&path) && untouched_for(&path, QUIET))
            }
            _ => false,
        };
        let _lock = lock();
        if ours {
            remove(&path);
            out.removed.push(path);
        } else {
            out.kept.push(path);
        }
    }
    out
}

/// How long a half-built folder must have been left alone before it is taken for a dead run's.
const QUIET: std::time::Duration = std::time::Duration::from_secs(3600);

/// Whether nothing in `dir` (the folder, its subfolders and files) was modified within `age`
/// (anything that cannot be read counts as recent). The walk stops at the first recent entry:
/// a killed run's half-built folder of 100,000 statements, kept for its hour, is not walked
/// whole by every run writing beside it (70,000 `statx` calls, 0.2 s, for a district ranking).
fn untouched_for(dir: &Path, age: std::time::Duration) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        return false;
    };
    let old = meta
        .modified()
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|e| e >= age);
    if !old || !meta.is_dir() {
        return old;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().all(|e| untouched_for(&e.path(), age))
}

/// The process id in a temporary name of pingyi's, and whether it names a folder.
fn left_by(name: &str) -> Option<(u32, bool)> {
    let pid = |s: &str| s.split('-').next()?.parse::<u32>().ok();
    if let Some(rest) = name.strip_prefix(".pingyi-report-") {
        return Some((pid(rest)?, true));
    }
    if let Some(rest) = name.strip_prefix(".pingyi-") {
        return rest.ends_with(".tmp").then(|| Some((pid(rest)?, false)))?;
    }
    // `.NAME.pingyi-old-PID-K`, the aside folder of versions before the atomic exchange.
    let (_, rest) = name.rsplit_once(".pingyi-old-")?;
    Some((pid(rest)?, true))
}

/// Whether the process `pid` runs (on this machine). Unknown is alive: nothing is removed.
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Some(p) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return true;
        };
        !matches!(
            rustix::process::test_kill_process(p),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_carry_the_process_id() {
        assert_eq!(left_by(".pingyi-123-aB3xYz.tmp"), Some((123, false)));
        assert_eq!(left_by(".pingyi-report-77-Qw12Er"), Some((77, true)));
        assert_eq!(left_by(".out.pingyi-old-4242-0"), Some((4242, true)));
        assert_eq!(left_by(".pingyi-aB3xYz.tmp"), None);
        assert_eq!(left_by(".pingyi-123-x.csv"), None);
        assert_eq!(left_by("report.html"), None);
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
    fn a_folder_is_untouched_when_every_entry_in_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("pkg");
        std::fs::create_dir_all(d.join("statements/deep")).unwrap();
        std::fs::write(d.join("manifest.json"), "{}").unwrap();
        std::fs::write(d.join("statements/deep/T1.md"), "x").unwrap();
        let hour = std::time::Duration::from_secs(3600);
        let then = std::time::SystemTime::now() - 2 * hour;
        let age = |p: &Path| std::fs::File::open(p).unwrap().set_modified(then).unwrap();
        assert!(!untouched_for(&d, hour));
        // Everything but the deepest file left two hours ago: still touched.
        for p in ["manifest.json", "statements/deep", "statements", ""] {
            age(&d.join(p));
        }
        assert!(!untouched_for(&d, hour));
        age(&d.join("statements/deep/T1.md"));
        assert!(untouched_for(&d, hour));
        assert!(!untouched_for(&d, 3 * hour));
        assert!(!untouched_for(&d.join("gone"), hour));
    }

    #[test]
    fn leftovers_of_gone_runs_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let dead = dead_pid();
        let me = std::process::id();
        std::fs::write(d.join(format!(".pingyi-{dead}-abc.tmp")), "x").unwrap();
        std::fs::write(d.join(format!(".pingyi-{me}-abc.tmp")), "x").unwrap();
        std::fs::create_dir(d.join(format!(".pingyi-report-{dead}-e"))).unwrap();
        let foreign = d.join(format!(".pingyi-report-{dead}-f"));
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
        std::fs::write(d.join("keep.csv"), "x").unwrap();
        // Half built by a killed run: its stamp (a manifest listing nothing yet) and files.
        let half = d.join(format!(".pingyi-report-{dead}-g"));
        std::fs::create_dir_all(half.join("statements")).unwrap();
        std::fs::write(
            half.join("manifest.json"),
            r#"{"pingyi": "0.1.0", "outputs": []}"#,
        )
        .unwrap();
        std::fs::write(half.join("statements/T1.md"), "x").unwrap();
        // The same, written a moment ago: perhaps by a run this process cannot see — kept.
        let fresh = d.join(format!(".pingyi-report-{dead}-h"));
        std::fs::create_dir_all(&fresh).unwrap();
        std::fs::copy(half.join("manifest.json"), fresh.join("manifest.json")).unwrap();
        std::fs::write(fresh.join("report.html"), "x").unwrap();
        // Left two hours ago: every file and folder of `half` (deepest first).
        let then = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        for p in [
            half.join("statements/T1.md"),
            half.join("manifest.json"),
            half.join("statements"),
            half.clone(),
        ] {
            std::fs::File::open(&p).unwrap().set_modified(then).unwrap();
        }
        let found = leftovers(d);
        assert_eq!(
            found.removed,
            vec![
                d.join(format!(".pingyi-{dead}-abc.tmp")),
                d.join(format!(".pingyi-report-{dead}-e")),
                half,
            ]
        );
        assert_eq!(found.kept, vec![foreign.clone(), fresh.clone()]);
        assert!(fresh.join("report.html").exists());
        assert!(foreign.join("notes.txt").exists());
        assert!(d.join(format!(".pingyi-{me}-abc.tmp")).exists());
        assert!(d.join("keep.csv").exists());
    }
}
