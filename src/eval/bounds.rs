//! The last check before a result leaves `eval`: numbers in a sane range. The config bounds
//! points, totals and caps ([`MAX_POINTS`]); adjustment rows are bounded the same way here, and
//! a result holding a non-finite number is refused outright — a total of `inf` would rank every
//! unit first and exit 0 (issue 11 #11).

use std::path::{Path, PathBuf};

use crate::config::{beyond, Config, TieBreaker, MAX_POINTS, MAX_POINTS_WHY};
use crate::data::{Adjustment, Dataset};
use crate::error::{Problem, Problems};
use crate::results::Results;

/// The adjustments file among `inputs` (the one whose stem is `adjustments` in `dir`), else
/// `dir/adjustments.csv`.
pub fn adjustments_file(dir: &Path, inputs: &[PathBuf]) -> PathBuf {
    inputs
        .iter()
        .find(|p| p.parent() == Some(dir) && p.file_stem().is_some_and(|s| s == "adjustments"))
        .cloned()
        .unwrap_or_else(|| dir.join("adjustments.csv"))
}

/// An error for every adjustment row of more than [`MAX_POINTS`] points.
pub fn adjustments(ds: &Dataset, rows: &[Adjustment], file: &Path, problems: &mut Problems) {
    for a in rows.iter().filter(|a| a.points > MAX_POINTS) {
        let msg = format!(
            "adjustment points must be {MAX_POINTS_WHY}; found {}",
            beyond(a.points)
        );
        problems.push(
            Problem::error(file, msg)
                .line(a.line)
                .place("column points".to_string())
                .unit(ds.label(a.unit)),
        );
    }
}

/// An error for every unit whose total, subtotals or scores are not finite numbers.
///
/// The scores are checked through their sum: a score counts in the unit's raw sum unless its
/// indicator is not applicable to the unit (then it is 0), and a sum with an infinite or NaN
/// term is itself infinite or NaN — so the sum is finite exactly when every score is (or the
/// sum alone overflowed, which is refused as well). One number per unit instead of a second
/// pass over every score.
pub fn finite(ds: &Dataset, res: &Results, config: &Path, problems: &mut Problems) {
    for tr in &res.tracks {
        for (pos, &u) in tr.units.iter().enumerate() {
            let s = &tr.scores;
            let numbers = [tr.total(pos), tr.rounded[pos], s.indicator_total[pos]]
                .into_iter()
                .chain(s.dim_scores.iter().map(|d| d[pos]));
            let raw_sum_finite = s.not_finite.binary_search(&(pos as u32)).is_err();
            if !raw_sum_finite || numbers.into_iter().any(|x| !x.is_finite()) {
                let msg = "the unit's total or scores are not finite numbers (the values or points are too large to compute with): check its values and the indicators' points";
                problems.push(Problem::error(config, msg).unit(ds.label(u)));
            }
        }
    }
}

/// The settings sections that a period's own scheme holds but that are read from the top-level
/// config only.
const SETTINGS: [&str; 3] = ["rollup", "requirements", "sensitivity"];

/// A warning for every settings section (`[rollup]`, `[requirements]`, `[sensitivity]`) of a
/// period's own scheme `own` that differs from the top-level config's (`top`): it is not read,
/// and a reader of that file would think it applies. A copy of the top-level file put beside a
/// period, its sections unchanged, gets none.
pub fn ignored_settings(own: &Path, top: &Path, warnings: &mut Problems) {
    let table = |p: &Path| {
        std::fs::read_to_string(p)
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
    };
    let Some(own_table) = table(own) else { return };
    let top_table = table(top).unwrap_or_default();
    for key in SETTINGS {
        let Some(v) = own_table.get(key) else {
            continue;
        };
        if top_table.get(key) == Some(v) {
            continue;
        }
        let whose = if !top.is_file() {
            ", and there is none, so the defaults apply"
        } else if top_table.contains_key(key) {
            ", whose own differs"
        } else {
            ", which has none (the defaults apply)"
        };
        let msg = format!(
            "`[{key}]` in a period's own config is not read: it replaces the scheme only, and the `[rollup]`, `[requirements]` and `[sensitivity]` settings are the top-level config's ({}){whose}; move the section there",
            top.display(),
        );
        warnings.push(Problem::warning(own, msg).place(key.to_string()));
    }
}

/// A warning for every tie-breaker that no indicator of its track falls under (a dimension the
/// track scores none of, `core` on a track without a core dimension, or under one): it counts 0
/// for every unit and breaks no tie, so the ranks it was written for stay shared. The results
/// are what the scheme says; the warning says the tie-breaker does nothing (`--strict` refuses).
pub fn idle_tie_breakers(cfg: &Config, only: Option<&[usize]>, warnings: &mut Problems) {
    for (t, track) in cfg.tracks.iter().enumerate() {
        if only.is_some_and(|o| !o.contains(&t)) {
            continue;
        }
        for &tb in &track.tie_breakers {
            let reached = track
                .indicators
                .iter()
                .any(|x| cfg.tie_breaks_on(tb, cfg.indicators[x.indicator].dimension));
            if reached {
                continue;
            }
            let msg = match tb {
                TieBreaker::Core => format!("`core` breaks no tie on track `{}`: none of its indicators lies in a core dimension (or under one), so it counts 0 for every unit; remove it, or mark a dimension `core = true`", track.id),
                TieBreaker::Dimension(d) => format!("`{}` breaks no tie on track `{}`: none of its indicators lies in that dimension or under it, so it counts 0 for every unit; remove it, or name a dimension the track scores", cfg.dimensions[d].id, track.id),
            };
            warnings.push(
                Problem::warning(&cfg.path, msg)
                    .place(format!("tracks[{t}] ({}).tie_breakers", track.id)),
            );
        }
    }
}

/// A warning for every track (of `only`, when given) that no unit of the period falls in: its
/// table, sheet and charts would be empty, which is most often a category or class misspelt.
pub fn empty_tracks(cfg: &Config, ds: &Dataset, only: Option<&[usize]>, warnings: &mut Problems) {
    for (t, track) in cfg.tracks.iter().enumerate() {
        if only.is_some_and(|o| !o.contains(&t)) || !ds.tracks[t].units.is_empty() {
            continue;
        }
        let msg = format!(
            "track `{}` ({}) has no unit in {}: no registry unit of its categories{} is assessed in the period",
            track.id,
            track.name,
            ds.period,
            if track.classes.is_empty() { "" } else { " and classes" }
        );
        warnings
            .push(Problem::warning(&cfg.path, msg).place(format!("tracks[{t}] ({})", track.id)));
    }
}
