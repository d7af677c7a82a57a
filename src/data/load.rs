//! Reading one period into a [`Dataset`]: its sources assembled cell by cell into each track's
//! columns, then the checks that need whole columns.

use std::path::Path;
use std::sync::Arc;

use crate::config::{Config, MissingPolicy};
use crate::error::{Error, Problem, Problems};
use crate::period::Period;

use super::{adjustments, attributes, completeness, composite, empty_tracks, growth, registry};
use super::{sources, targets};
use super::{Cell, Dataset, ReadOptions, SharedRegistry};

use super::assemble::{Assembler, Mode, Origins};
use super::columns::column_names;
use super::completeness::Completeness;
use super::sources::PeriodSources;

impl Dataset {
    /// [`Dataset::read`] with the registry already read.
    pub fn read_in(
        cfg: &Config,
        shared: &SharedRegistry,
        data: &Path,
        period: Period,
        opts: &ReadOptions,
        only: Option<&[usize]>,
    ) -> Result<(Dataset, Problems), Error> {
        let dir = Dataset::folder(data, period)?;
        let mut problems = shared.problems.clone();
        let registry = Arc::clone(&shared.registry);
        let units_read = shared.read_as.clone();
        let mut unit_track = registry::assign_tracks(&registry, cfg, period, &mut problems);
        if problems.has_errors() {
            return Err(Error::Invalid(problems));
        }
        // Units of tracks left out are passed over; units not assessed at all stay errors.
        let selected: Vec<bool> = unit_track
            .iter()
            .map(|t| t.is_none_or(|t| only.is_none_or(|o| o.contains(&t))))
            .collect();
        for (t, keep) in unit_track.iter_mut().zip(&selected) {
            if !keep {
                *t = None;
            }
        }
        let (tracks, places) = empty_tracks(cfg, &unit_track);
        drop(unit_track);
        let mut ds = Dataset {
            period,
            dir: dir.clone(),
            registry,
            places,
            tracks,
            adjustments: Vec::new(),
            inputs: vec![cfg.path.clone()],
            read_as: Vec::new(),
            completeness: Completeness::default(),
            skipped: Vec::new(),
            not_read: Vec::new(),
            attributes: Arc::default(),
            sources: Arc::default(),
        };
        ds.note(units_read.0, units_read.1);
        let mut sources = PeriodSources::scan(
            &dir,
            period,
            opts.encoding,
            &column_names(cfg),
            &mut problems,
        );
        if sources.unreadable {
            return Err(Error::Invalid(problems));
        }
        let wanted = cfg
            .tracks
            .iter()
            .map(|t| vec![true; t.indicators.len()])
            .collect();
        let mut asm = Assembler::new(cfg, Mode::Current, wanted, selected);
        let origins = read_sources(&mut ds, &mut asm, &mut sources, &mut problems);
        ds.completeness = completeness::check(cfg, &ds, &origins, &mut problems);
        ds.not_read = sources.not_read.clone();
        ds.skipped = origins
            .skipped
            .iter()
            .map(|(i, line, first)| {
                let t = &origins.tables[*i].table;
                (t.path.clone(), t.sheet.clone(), *line, first.clone())
            })
            .collect();
        targets::resolve(
            cfg,
            &mut ds,
            &origins,
            sources.targets.as_deref(),
            opts,
            &mut problems,
        );
        growth::apply(cfg, data, &mut ds, &origins, opts, &mut problems);
        let attributes = sources.attributes.clone();
        attributes::read(
            cfg,
            &mut ds,
            data,
            attributes.as_deref(),
            opts,
            &mut problems,
        );
        composite::check(cfg, &ds, &origins, &mut problems);
        let adj_path = sources.adjustments.clone();
        if let Some(path) = &adj_path {
            let (adjustments, read_as) =
                adjustments::read_file(path, &ds.registry, None, opts, &mut problems);
            ds.adjustments = adjustments;
            if let Some(how) = read_as {
                ds.note(path.clone(), how);
            }
        }
        for a in ds
            .adjustments
            .iter()
            .filter(|a| ds.track_of(a.unit).is_none())
        {
            if !ds.selected(a.unit) {
                continue;
            }
            let msg = ds.registry.not_assessed(a.unit, ds.period);
            let path = adj_path.clone().unwrap_or_default();
            problems.push(
                Problem::error(&path, msg)
                    .line(a.line)
                    .place("column unit_id".to_string())
                    .unit(ds.label(a.unit)),
            );
        }
        let places = &ds.places;
        ds.adjustments.retain(|a| places.track(a.unit).is_some());
        check_columns(cfg, &ds, &origins, &mut problems);
        ds.sources = Arc::new(origins.into_sources());
        Ok((ds, problems))
    }
}

/// Reads every source of the period that feeds a selected track.
fn read_sources(
    ds: &mut Dataset,
    asm: &mut Assembler,
    sources: &mut PeriodSources,
    problems: &mut Problems,
) -> Origins {
    let mut origins = Origins::new(ds);
    for i in 0..sources.sources.len() {
        let s = sources.sources[i].clone();
        if let sources::Role::Category(cat) = s.role {
            let needed = (0..ds.registry.len())
                .any(|u| ds.registry.units[u].category == cat && ds.track_of(u).is_some());
            if !needed {
                continue;
            }
        }
        match sources.table(i) {
            Ok((table, errors)) => {
                problems.extend(errors);
                let how = (table.path.clone(), table.read_as.clone());
                if asm.read(ds, &s, table, &mut origins, problems) {
                    ds.note(how.0, how.1);
                }
            }
            Err(p) => {
                problems.extend(p);
                origins.fail(s.role);
            }
        }
    }
    asm.finish(ds, &origins, problems);
    origins.failed.extend(sources.conflicted.iter().copied());
    for &role in &sources.failed {
        origins.fail(role);
    }
    origins
}

/// Checks that need whole columns: `average` with no peer, a unit with nothing applicable, and a
/// zero among lower-is-better proportional peers (a warning).
pub(super) fn check_columns(
    cfg: &Config,
    ds: &Dataset,
    origins: &Origins,
    problems: &mut Problems,
) {
    use crate::config::{Direction, Method};
    for (t, td) in ds.tracks.iter().enumerate() {
        let track = &cfg.tracks[t];
        for (slot, col) in td.columns.iter().enumerate() {
            let ind = cfg.indicator(&track.indicators[slot]);
            let scored = col.scored();
            let has_peer = scored.values().next().is_some();
            // A column no table gave (a late file, a missing column) is reported as absent
            // already: no peer is then a consequence, not a fault of the scheme.
            let given = origins.cells[t][slot].any_given();
            if ind.missing == MissingPolicy::Average
                && !has_peer
                && given
                && scored.iter().any(|c| c == Cell::Missing)
            {
                // No value at all in the column: data absent (an unfilled table), as its blanks
                // are.
                problems.push(Problem::error(&cfg.path, format!("`average` needs at least one unit with a value on track `{}`, but none has one", track.id)).place(format!("indicators ({}).missing", ind.id)).code(crate::error::code::UNFILLED));
            }
            if ind.method == Method::Proportional && ind.direction == Some(Direction::Lower) {
                let zero = scored.values().any(|(_, v)| v == 0.0);
                let nonzero = scored.values().any(|(_, v)| v != 0.0);
                if zero && nonzero {
                    problems.push(Problem::warning(&cfg.path, format!("lower-is-better `proportional` with a zero among the peers of track `{}`: every unit with a non-zero value scores 0 (consider `deduct` for counts)", track.id)).place(format!("indicators ({})", ind.id)));
                }
            }
            let lower_target = matches!(ind.method, Method::Target { .. })
                && ind.direction == Some(Direction::Lower);
            if !lower_target {
                continue;
            }
            for (pos, v) in scored.values().filter(|&(_, v)| v < 0.0) {
                let u = td.units[pos];
                let (path, line, place) = origins.place(ds, cfg, t, slot, u);
                problems.push(Problem::warning(&path, format!("value {v} below zero scores 0 on the lower-is-better `target` `{}` (rate = target / value), although it is lower than every positive value", ind.id)).line(line).place(place).unit(ds.label(u)));
            }
        }
        for (pos, &u) in td.units.iter().enumerate() {
            if td.columns.is_empty() {
                break;
            }
            // Whether the unit has a row is asked last: the rare unit with nothing applicable.
            if td
                .columns
                .iter()
                .all(|c| c.scored().get(pos) == Cell::NotApplicable)
                && origins.row(u).is_some()
            {
                let (path, line, place) = origins.row_place(ds, u);
                problems.push(Problem::error(&path, "no indicator applies to this unit (every cell is not applicable): it cannot be scored").line(line).place(place).unit(ds.label(u)));
            }
        }
    }
}
