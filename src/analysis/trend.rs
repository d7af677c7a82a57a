//! Period-over-period movement (不进是退、慢进更是退): score and rank change and one label per unit.
//!
//! A unit is matched with its earlier self by registry index: the same unit if it was assessed
//! then, else the unit it was renamed from (its one `former_ids` entry, back through each
//! rename). A unit merged from several earlier units (two or more former ids), or new, has no
//! earlier result.

use std::fmt;

use crate::eval::{Earlier, Evaluation, Opened};
use crate::num::{median, round_to};

/// The trend label, the first that applies in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// 新增: no earlier result, or it was on another track.
    New,
    /// 进位: rank improved.
    Up,
    /// 退位: rank worsened.
    Down,
    /// 慢进: same rank, and the score change is below the track's median change.
    Slow,
    /// 持平: otherwise.
    Level,
}

impl Label {
    pub fn chinese(self) -> &'static str {
        match self {
            Label::New => "新增",
            Label::Up => "进位",
            Label::Down => "退位",
            Label::Slow => "慢进",
            Label::Level => "持平",
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.chinese())
    }
}

/// One unit's movement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Move {
    pub label: Label,
    /// The earlier rank and rounded total, when comparable (same track).
    pub prev_rank: Option<u32>,
    pub prev_total: Option<f64>,
    /// Earlier rank − current rank: positive = moved up.
    pub rank_change: Option<i64>,
    /// Current rounded total − earlier rounded total.
    pub score_change: Option<f64>,
}

impl Move {
    /// `↑2`, `↓3`, `—` (same place) or empty (no earlier result).
    pub fn arrow(&self) -> String {
        match self.rank_change {
            Some(d) if d > 0 => format!("↑{d}"),
            Some(d) if d < 0 => format!("↓{}", -d),
            Some(_) => "—".to_string(),
            None => String::new(),
        }
    }
}

/// Movements of every unit of `now`, indexed like its track results: `[track][pos]`.
#[derive(Debug, Clone)]
pub struct Trends {
    pub against: crate::period::Period,
    pub tracks: Vec<Vec<Move>>,
}

/// The earlier registry unit that `unit` (assessed in `now`) continues, if it was assessed then:
/// itself, or the unit it was renamed from, followed back through each rename (C was B, which
/// was A). A unit merged from several (two or more former ids) continues none of them: it has no
/// earlier result, even when only one of them was assessed in that period; nor does a unit split
/// off from one still assessed in `now` ([`crate::units::Registry::trace_back`]).
pub fn predecessor(before: &Earlier, unit: usize, now: crate::period::Period) -> Option<usize> {
    before
        .registry
        .trace_back(unit, now, |u| before.standing(u).is_some())
}

/// Compares `now` with `before`.
pub fn compare(now: &Evaluation, before: &Earlier) -> Trends {
    let d = now.cfg.decimals;
    let tracks = now
        .res
        .tracks
        .iter()
        .map(|tr| {
            let track_id = &now.cfg.tracks[tr.track].id;
            let mut moves: Vec<Move> = tr
                .units
                .iter()
                .enumerate()
                .map(|(pos, &u)| {
                    let earlier = predecessor(before, u, now.period())
                        .filter(|&p| before.track_id(p) == Some(track_id.as_str()))
                        .and_then(|p| before.standing(p));
                    match earlier {
                        None => Move {
                            label: Label::New,
                            prev_rank: None,
                            prev_total: None,
                            rank_change: None,
                            score_change: None,
                        },
                        Some(p) => Move {
                            label: Label::Level,
                            prev_rank: Some(p.rank),
                            prev_total: Some(p.rounded),
                            rank_change: Some(p.rank as i64 - tr.rank[pos] as i64),
                            score_change: Some(round_to(tr.rounded[pos] - p.rounded, d)),
                        },
                    }
                })
                .collect();
            let median = median(moves.iter().filter_map(|m| m.score_change).collect());
            for m in &mut moves {
                m.label = match (m.rank_change, m.score_change) {
                    (None, _) | (_, None) => Label::New,
                    (Some(r), _) if r > 0 => Label::Up,
                    (Some(r), _) if r < 0 => Label::Down,
                    (Some(_), Some(s)) if median.is_some_and(|med| s < med) => Label::Slow,
                    _ => Label::Level,
                };
            }
            moves
        })
        .collect();
    Trends {
        against: before.period(),
        tracks,
    }
}

/// The trends of an opened period against its earlier one, if any.
pub fn of(opened: &Opened) -> Option<Trends> {
    opened.before.as_ref().map(|b| compare(&opened.now, b))
}
