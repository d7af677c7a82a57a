//! A progress bar on stderr for long runs (a report or statement set of 100,000 units takes
//! minutes), and a spinner while a period is read and scored: only when stderr is a terminal and
//! the run is not `--quiet`, so that cron mail, pipes and logs never see it. It is cleared when
//! the work ends.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar counting `total` things, or nothing.
#[derive(Debug, Clone, Default)]
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar of `total` `what` (`files` …), shown when stderr is a terminal, the run is not
    /// quiet and there is more than a moment's work (at least 200 things).
    pub fn new(total: usize, what: &str, quiet: bool) -> Progress {
        if quiet || total < 200 || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        let template = format!("{{bar:40}} {{pos}}/{{len}} {what} · {{elapsed}} (剩余约 {{eta}})");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        Progress(Some(bar))
    }

    /// A spinner saying `what` with the time elapsed, for work that cannot be counted (reading
    /// and scoring a period: a million units take half a minute): drawn only once the work has
    /// taken a second, on a terminal, unless quiet.
    pub fn spinner(what: &str, quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} · {elapsed}") {
            bar.set_style(style);
        }
        bar.set_message(what.to_string());
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(1));
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(std::time::Duration::from_millis(120));
            }
        });
        Progress(Some(bar))
    }

    /// One more thing done.
    pub fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
