//! Period-over-period movement (不进是退、慢进更是退): score and rank change and one label per unit.
//!
//! A unit is matched with its earlier self by registry index: the same unit if it was assessed
//! then, else the unit it was renamed from (its one `former_ids` entry, back through each
//! rename). A unit merged from several earlier units (two or more former ids), or new, has no
//! earlier result.

use std::fmt;

use crate::eval::{Earlier, Evaluation, Opened};
use crate::num::{median, round_to};
use crate::results::TrackResult;

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

/// One unit's movement (32 bytes rather than the 64 of four `Option`s: the earlier figures are
/// there or not all together). A period's [`Trends`] keep only what the current results cannot
/// give and make a `Move` when asked ([`Trends::get`]).
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

/// What a unit's movement needs beyond the current period's results: the earlier rank (0 when
/// there is no comparable earlier result) and rounded total, and the label. The rank and score
/// changes follow from these and the unit's current rank and rounded total, so a period's trends
/// hold 16 bytes a unit rather than the 32 of a whole [`Move`] (16 MB less at a million units).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Since {
    prev_total: f64,
    prev_rank: u32,
    label: Label,
}

impl Since {
    const NEW: Since = Since {
        prev_total: 0.0,
        prev_rank: 0,
        label: Label::New,
    };

    /// The movement to `rank` with the rounded total `rounded`, score changes rounded to
    /// `decimals`: exactly the [`Move`] [`compare`] has always given.
    fn to(self, rank: u32, rounded: f64, decimals: usize) -> Move {
        let mut m = if self.prev_rank == 0 {
            Move::new_unit()
        } else {
            Move::since(
                self.prev_rank,
                self.prev_total,
                rank,
                round_to(rounded - self.prev_total, decimals),
            )
        };
        m.label = self.label;
        m
    }
}

/// Movements of every unit of `now`, indexed like its track results: `[track][pos]`, each given
/// by [`Trends::get`] from what is kept of it and the unit's current results.
#[derive(Debug, Clone)]
pub struct Trends {
    pub against: crate::period::Period,
    /// The configured decimals of `now` (score changes are rounded to them).
    decimals: usize,
    tracks: Vec<Vec<Since>>,
}

impl Trends {
    /// The movement of the unit at `pos` of `tr`, a track result of the evaluation these trends
    /// were compared for.
    pub fn get(&self, tr: &TrackResult, pos: usize) -> Move {
        self.tracks[tr.track][pos].to(tr.rank[pos], tr.rounded[pos], self.decimals)
    }
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

/// The median of a track's score changes as the 慢进 label compares with it and requirement lines
/// print it: for an even count the exact mean of the two middle changes, rounded once to `d`
/// decimals (changes of 0 and +1 at no decimals: 0.5, rounded to 0 — so a change of 0 is not
/// below it, as "0 below 0" would say).
pub fn median_change(changes: Vec<f64>, d: usize) -> Option<f64> {
    median(changes).map(|m| round_to(m, d))
}

/// Compares `now` with `before`.
pub fn compare(now: &Evaluation, before: &Earlier) -> Trends {
    let d = now.cfg.decimals;
    let tracks = now
        .res
        .tracks
        .iter()
        .map(|tr| {
            let track = &now.cfg.tracks[tr.track];
            let mut since: Vec<Since> = tr
                .units
                .iter()
                .map(|&u| {
                    let earlier = predecessor(before, u, now.period())
                        .filter(|&p| before.track(p).is_some_and(|b| b.same_peers(track)))
                        .and_then(|p| before.standing(p));
                    match earlier {
                        None => Since::NEW,
                        Some(p) => {
                            debug_assert!(p.rank > 0, "ranks start at 1");
                            Since {
                                prev_total: p.rounded,
                                prev_rank: p.rank,
                                label: Label::Level,
                            }
                        }
                    }
                })
                .collect();
            let moved = |pos: usize, s: Since| s.to(tr.rank[pos], tr.rounded[pos], d);
            let changes =
                (since.iter().enumerate()).filter_map(|(pos, &s)| moved(pos, s).score_change());
            let median = median_change(changes.collect(), d);
            for (pos, e) in since.iter_mut().enumerate() {
                let m = moved(pos, *e);
                e.label = match (m.rank_change(), m.score_change()) {
                    (None, _) | (_, None) => Label::New,
                    (Some(r), _) if r > 0 => Label::Up,
                    (Some(r), _) if r < 0 => Label::Down,
                    (Some(_), Some(s)) if median.is_some_and(|med| s < med) => Label::Slow,
                    _ => Label::Level,
                };
            }
            (tr.track, since)
        })
        .collect::<Vec<_>>();
    // Indexed by the config's track, as `get` reads them, whichever tracks the results hold.
    let mut by_track = vec![Vec::new(); now.cfg.tracks.len()];
    for (t, since) in tracks {
        by_track[t] = since;
    }
    let tracks = by_track;
    Trends {
        against: before.period(),
        decimals: d,
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
        // What a period's trends hold per unit.
        assert_eq!(std::mem::size_of::<Since>(), 16);
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

    #[test]
    fn a_kept_entry_gives_the_move_compare_gave() {
        // Rank 5 → 3, rounded total 80.5 → 81.75 at 2 decimals.
        let kept = Since {
            prev_total: 80.5,
            prev_rank: 5,
            label: Label::Up,
        };
        let m = kept.to(3, 81.75, 2);
        let mut want = Move::since(5, 80.5, 3, round_to(81.75 - 80.5, 2));
        want.label = Label::Up;
        assert_eq!(m, want);
        assert_eq!(
            (
                m.prev_rank(),
                m.prev_total(),
                m.rank_change(),
                m.score_change(),
                m.label,
                m.arrow()
            ),
            (
                Some(5),
                Some(80.5),
                Some(2),
                Some(1.25),
                Label::Up,
                "↑2".to_string()
            )
        );
        // The change is rounded as compare rounds it: 81.7 − 80.5 is 1.2000000000000028 in f64.
        let slow = Since {
            label: Label::Slow,
            ..kept
        }
        .to(5, 81.7, 2);
        assert_eq!(
            (
                slow.rank_change(),
                slow.score_change(),
                slow.arrow().as_str()
            ),
            (Some(0), Some(1.2), "—")
        );
        // No earlier result: the move of a new unit, whatever the current figures.
        assert_eq!(Since::NEW.to(1, 99.0, 2), Move::new_unit());
    }
}
