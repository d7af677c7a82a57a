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

/// One unit's movement. Held for every unit of a period (at a million units, 32 bytes a unit
/// rather than the 64 of four `Option`s): the earlier figures are there or not all together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Move {
    pub label: Label,
    /// The earlier rank; 0 when there is no comparable earlier result.
    prev_rank: u32,
    rank_change: i64,
    prev_total: f64,
    score_change: f64,
}

impl Move {
    /// No earlier result to compare with (or it was on another track).
    pub fn new_unit() -> Move {
        Move {
            label: Label::New,
            prev_rank: 0,
            rank_change: 0,
            prev_total: 0.0,
            score_change: 0.0,
        }
    }

    /// Moved from `prev_rank` with the rounded total `prev_total` to `rank` and a change of the
    /// rounded total of `score_change` (labelled [`Label::Level`] until labels are given).
    pub fn since(prev_rank: u32, prev_total: f64, rank: u32, score_change: f64) -> Move {
        debug_assert!(prev_rank > 0, "ranks start at 1");
        Move {
            label: Label::Level,
            prev_rank,
            rank_change: i64::from(prev_rank) - i64::from(rank),
            prev_total,
            score_change,
        }
    }

    fn earlier(&self) -> bool {
        self.prev_rank != 0
    }

    /// The earlier rank, when comparable (same track).
    pub fn prev_rank(&self) -> Option<u32> {
        self.earlier().then_some(self.prev_rank)
    }

    /// The earlier rounded total, when comparable.
    pub fn prev_total(&self) -> Option<f64> {
        self.earlier().then_some(self.prev_total)
    }

    /// Earlier rank − current rank: positive = moved up.
    pub fn rank_change(&self) -> Option<i64> {
        self.earlier().then_some(self.rank_change)
    }

    /// Current rounded total − earlier rounded total.
    pub fn score_change(&self) -> Option<f64> {
        self.earlier().then_some(self.score_change)
    }

    /// `↑2`, `↓3`, `—` (same place) or empty (no earlier result).
    pub fn arrow(&self) -> String {
        match self.rank_change() {
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
                        None => Move::new_unit(),
                        Some(p) => Move::since(
                            p.rank,
                            p.rounded,
                            tr.rank[pos],
                            round_to(tr.rounded[pos] - p.rounded, d),
                        ),
                    }
                })
                .collect();
            let median = median(moves.iter().filter_map(|m| m.score_change()).collect());
            for m in &mut moves {
                m.label = match (m.rank_change(), m.score_change()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_move_is_small_and_its_earlier_figures_come_together() {
        assert!(std::mem::size_of::<Move>() <= 32);
        let up = Move::since(5, 80.5, 3, 1.25);
        assert_eq!(
            (
                up.prev_rank(),
                up.prev_total(),
                up.rank_change(),
                up.score_change()
            ),
            (Some(5), Some(80.5), Some(2), Some(1.25))
        );
        assert_eq!((up.arrow(), up.label), ("↑2".to_string(), Label::Level));
        let down = Move::since(1, 90.0, 4, -2.0);
        assert_eq!(
            (down.rank_change(), down.arrow().as_str()),
            (Some(-3), "↓3")
        );
        assert_eq!(Move::since(7, 0.0, 7, 0.0).arrow(), "—");
        let new = Move::new_unit();
        assert_eq!(
            (
                new.prev_rank(),
                new.prev_total(),
                new.rank_change(),
                new.score_change()
            ),
            (None, None, None, None)
        );
        assert_eq!((new.arrow(), new.label), (String::new(), Label::New));
    }
}
