//! What a later period needs of an earlier one: where each unit stood, and what was read to
//! score it. Trends and roll-ups compare with earlier periods through this, so an earlier period's
//! data and scores are dropped as soon as it is scored (at national scale they are hundreds of
//! megabytes; its standings are a few bytes a unit).

use std::path::PathBuf;
use std::sync::Arc;

use super::Evaluation;
use crate::config::{Config, Track};
use crate::num::round_to;
use crate::period::Period;
use crate::units::Registry;

/// A unit's result in an earlier period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    /// Its track, an index into the earlier scheme's tracks.
    pub track: usize,
    pub rank: u32,
    /// The total at full precision (roll-ups weigh it) and rounded (trends compare it).
    pub total: f64,
    pub rounded: f64,
}

/// A scored earlier period, reduced to its standings.
#[derive(Debug, Clone)]
pub struct Earlier {
    /// The scheme that scored it (its tracks, and for provenance its file and digest).
    pub cfg: Config,
    pub period: Period,
    /// Every file read to score it, in reading order.
    pub inputs: Vec<PathBuf>,
    pub registry: Arc<Registry>,
    /// Per registry unit; rank 0 for a unit not assessed (or of a track left out).
    standings: Vec<Row>,
}

/// 16 bytes a unit: the rounded total is the total rounded to the scheme's decimals, as ranking
/// rounded it, so it is derived when asked for rather than held.
#[derive(Debug, Clone, Copy)]
struct Row {
    track: u32,
    rank: u32,
    total: f64,
}

impl Earlier {
    /// The standings of `ev`.
    pub fn of(ev: &Evaluation) -> Earlier {
        let none = Row {
            track: 0,
            rank: 0,
            total: 0.0,
        };
        let mut standings = vec![none; ev.ds.registry.len()];
        for tr in &ev.res.tracks {
            for (pos, &u) in tr.units.iter().enumerate() {
                standings[u] = Row {
                    track: tr.track as u32,
                    rank: tr.rank[pos],
                    total: tr.total(pos),
                };
                debug_assert_eq!(
                    round_to(tr.total(pos), ev.cfg.decimals).to_bits(),
                    tr.rounded[pos].to_bits()
                );
            }
        }
        Earlier {
            cfg: ev.cfg.clone(),
            period: ev.period(),
            inputs: ev.ds.inputs.clone(),
            registry: Arc::clone(&ev.ds.registry),
            standings,
        }
    }

    pub fn period(&self) -> Period {
        self.period
    }

    /// Where registry unit `unit` stood, if it was assessed (on a track that was scored).
    pub fn standing(&self, unit: usize) -> Option<Standing> {
        let r = self.standings.get(unit).filter(|r| r.rank != 0)?;
        Some(Standing {
            track: r.track as usize,
            rank: r.rank,
            total: r.total,
            rounded: round_to(r.total, self.cfg.decimals),
        })
    }

    /// The track of a unit in that period (of that period's scheme).
    pub fn track(&self, unit: usize) -> Option<&Track> {
        let s = self.standing(unit)?;
        Some(&self.cfg.tracks[s.track])
    }
}
