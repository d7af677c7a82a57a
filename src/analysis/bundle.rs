//! Every analysis of one period, run once: the bundle the quarterly report package
//! (`pingyi report`) is rendered from.
//!
//! [`Report`] gathers the analyses once (per-track facts, the district overview, rank
//! intervals); every unit's gaps and statement are made as they are rendered, never all held.
//! The renderers read it — `results.xlsx` ([`crate::render::xlsx`]), `report.html`
//! ([`crate::render::html`]), `notice.md` and `statements/` ([`crate::render::package`]).

use crate::analysis::facts::TrackContext;
use crate::analysis::robustness::Robustness;
use crate::analysis::statement::{each_statement, Statement};
use crate::analysis::summary::{summary, Summary};
use crate::analysis::trend::Trends;
use crate::config::sensitivity::Spec;
use crate::config::Requirements;
use crate::eval::Evaluation;
use crate::period::Period;

/// One period's results with every analysis the package shows.
pub struct Report<'a> {
    pub ev: &'a Evaluation,
    pub trends: Option<&'a Trends>,
    /// Track indices in the package, in config order.
    pub tracks: Vec<usize>,
    /// Parallel to `tracks`.
    pub contexts: Vec<TrackContext<'a>>,
    pub summary: Summary,
    /// The rank intervals of the tracks, or why there are none.
    pub robust: Robustness,
}

impl<'a> Report<'a> {
    /// Runs the analyses of `tracks` (requirement lines with `rules`, rank intervals with
    /// `sensitivity`, the `[sensitivity]` section).
    pub fn new(
        ev: &'a Evaluation,
        trends: Option<&'a Trends>,
        tracks: Vec<usize>,
        rules: Requirements,
        sensitivity: Option<&Spec>,
    ) -> Report<'a> {
        let contexts: Vec<TrackContext<'a>> = tracks
            .iter()
            .map(|&t| TrackContext::new(ev, t, trends, rules))
            .collect();
        let summary = summary(ev, &contexts);
        let robust = Robustness::of(ev, &tracks, sensitivity);
        Report {
            ev,
            trends,
            tracks,
            contexts,
            summary,
            robust,
        }
    }

    /// Every unit's statement: tracks in order, units in display order — made as they are
    /// read, never all held at once.
    pub fn statements(&self) -> impl Iterator<Item = Statement> + '_ {
        let with = |s: Statement| s.with_robust(&self.robust);
        self.contexts
            .iter()
            .flat_map(|cx| each_statement(cx))
            .map(with)
    }

    /// How many statements [`Report::statements`] gives.
    pub fn statement_count(&self) -> usize {
        self.contexts.iter().map(|cx| cx.tr.units.len()).sum()
    }

    pub fn period(&self) -> Period {
        self.ev.period()
    }

    /// The period trends compare with, if any.
    pub fn against(&self) -> Option<Period> {
        self.trends.map(|t| t.against)
    }

    /// The grade level names of track `t`.
    pub fn levels(&self, t: usize) -> Vec<&'a str> {
        self.ev.cfg.tracks[t].grades.level_names()
    }
}
