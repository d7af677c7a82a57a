//! Reading what the annual roll-up (全年综合考评) combines: every quarter of the span scored
//! with its own config, the monthly efficiency scores, the year-end review and the annual
//! adjustments. The combination itself is pure: [`crate::analysis::rollup`].

use std::path::{Path, PathBuf};

use super::{Earlier, Evaluation, Source};
use crate::config::{Config, RollupMissing, Settings};
use crate::data::{adjustments, scores, side, Adjustment};
use crate::error::{code, Error, Problem, Problems};
use crate::period::Period;
use crate::units::Category;

/// Which part of the year: `year` up to and including quarter `upto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub year: i32,
    pub upto: u8,
}

impl Span {
    /// `2024` (to Q4), `2024H1` (to Q2), else `2024Q1-Q3`-style.
    pub fn name(self) -> String {
        match self.upto {
            4 => self.year.to_string(),
            2 => format!("{}H1", self.year),
            1 => format!("{}Q1", self.year),
            q => format!("{}Q1-Q{q}", self.year),
        }
    }

    pub fn quarters(self) -> Vec<Period> {
        (1..=self.upto)
            .map(|q| Period::Quarter(self.year, q))
            .collect()
    }

    pub fn months(self) -> Vec<Period> {
        (1..=3 * self.upto)
            .map(|m| Period::Month(self.year, m))
            .collect()
    }
}

/// An included quarter: scored, or missing (skipped or zeroed by policy).
#[derive(Debug, Clone)]
pub struct QuarterSource {
    pub period: Period,
    /// Config path and SHA-256 that scored it; `None` when its folder is missing.
    pub config: Option<(PathBuf, String)>,
}

/// Everything read for the roll-up, before combining.
#[derive(Debug, Clone)]
pub struct Year {
    pub span: Span,
    /// The top-level scheme (decimals and caps of the roll-up) and settings (weights, policy).
    pub top: Config,
    pub settings: Settings,
    /// Each quarter of the span, scored; `None` when its folder is missing.
    pub quarters: Vec<(Period, Option<Earlier>)>,
    /// The last included quarter: its tracks, grade rules and registry.
    pub last: Evaluation,
    /// Each month's efficiency scores per registry unit; `None` when its file is missing, or gave
    /// no scores (an error says why). Empty when the monthly weight is 0.
    pub months: Vec<(Period, Option<Vec<Option<f64>>>)>,
    /// Whether the year-end review is part of this view (only a view to Q4).
    pub with_year_end: bool,
    /// The year-end review per registry unit, when read.
    pub year_end: Option<Vec<Option<f64>>>,
    pub adjustments: Vec<Adjustment>,
    /// Periods skipped or zeroed as a whole.
    pub notes: Vec<String>,
    /// Problems found while reading (errors stop the roll-up once combined).
    pub problems: Problems,
    pub data: PathBuf,
    /// Every file read besides the quarters' own inputs, in reading order.
    pub files: Vec<PathBuf>,
}

impl Year {
    /// The folder of the year's own files (`data/2024`, `data/2024H1`).
    pub fn dir(&self) -> PathBuf {
        self.data.join(self.span.name())
    }

    /// Every file read: each quarter's inputs, then the monthly, year-end and adjustment files.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = vec![self.top.path.clone()];
        let quarters = self.quarters.iter().filter_map(|(_, e)| e.as_ref());
        for p in quarters.flat_map(|e| &e.inputs).chain(&self.files) {
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
        out
    }
}

/// Reads every part of the roll-up of `span`.
pub fn load(src: &Source, span: Span) -> Result<Year, Error> {
    let top = src.top()?.clone();
    let data = src.data.as_path();
    let opts = &src.read;
    let mut problems = Problems::new();
    // A folder of the view's quarters, months or year named otherwise (`2024年10月`) would leave
    // its part out: an error. Others, and copies beside their period's own folder, are warnings
    // (for every command; the quarters' copies of them are not repeated below).
    for m in crate::period::misnamed_folders(data) {
        let ours = match m.period {
            Period::Quarter(y, q) => y == span.year && q <= span.upto,
            Period::Month(y, mo) => y == span.year && mo <= 3 * span.upto,
            Period::Year(y) => y == span.year && span.upto == 4,
            Period::Half(y, h) => y == span.year && h == 1 && span.upto == 2,
        };
        problems.push(crate::data::misnamed_problem(data, &m, ours && !m.beside));
    }
    // Each quarter is kept as its standings; only the last one's evaluation is kept whole.
    let mut last = None;
    let mut quarters: Vec<(Period, Option<Earlier>)> = Vec::new();
    for q in span.quarters() {
        let present = q.dir(data).is_dir();
        if present {
            // Replaced by this quarter's: not held beside it while it is evaluated (at a
            // million units, an evaluation is a few hundred MB).
            last = None;
        }
        let ev = present.then(|| src.evaluate(q)).transpose()?;
        // The quarters' warnings are the year's too (a column not read, a name not the
        // registry's): `--strict` must not publish a year read from doubtful quarters. Each once.
        if let Some(e) = &ev {
            let more = e.warnings.warnings_not_in(&problems);
            problems.extend(more);
        }
        quarters.push((q, ev.as_ref().map(Earlier::of)));
        last = ev.or(last);
    }
    let Some(last) = last else {
        return Err(Error::Usage(format!(
            "no quarter of {} has a folder under {}",
            span.name(),
            data.display()
        )));
    };
    // The view's units are its last quarter's: without that quarter's folder, those of the last
    // quarter with one stand in — unless they are not the same units (see
    // `units_changed_since`).
    // The months and the year's own files are not read then: read against the stand-in's
    // units, their errors (a row "not assessed", a name not found) would only repeat this one.
    if let Some(&end) = span.quarters().last() {
        if let Some(msg) = units_changed_since(&last, end, src.settings.rollup.missing) {
            problems.push(Problem::error(&end.dir(data), msg));
            return Err(Error::Invalid(problems));
        }
    }
    let w = src.settings.rollup;
    let mut y = Year {
        span,
        top,
        settings: src.settings.clone(),
        quarters,
        last,
        months: Vec::new(),
        with_year_end: span.upto == 4 && w.year_end > 0.0,
        year_end: None,
        adjustments: Vec::new(),
        notes: Vec::new(),
        problems: Problems::new(),
        data: data.to_path_buf(),
        files: Vec::new(),
    };
    let reg = &y.last.ds.registry;
    // Months whose file gave no scores, or whose folder holds a table not read: that error, naming
    // the file, is the one to act on — not the month's absence (which `skip` would pass over), nor
    // every unit's missing score.
    let mut failed: Vec<Period> = Vec::new();
    let groups = match w.missing {
        RollupMissing::Error => Vec::new(),
        _ => unit_groups(&y.last),
    };
    if w.monthly > 0.0 {
        // Each month file read: the groups it gives no score (`None`: it gives none at all).
        let mut gaps: Vec<(Period, PathBuf, LeftOut)> = Vec::new();
        for m in span.months() {
            let dir = m.dir(data);
            let found = side::find(&dir, "efficiency", &mut problems);
            let stray = unread(&dir, &["efficiency"], &month_reads(&dir), &mut problems);
            let read = found.map(|path| {
                let s = scores::read(&path, reg, (m, y.last.period()), opts, &mut problems);
                y.files.push(path);
                s
            });
            if stray || matches!(read, Some(None)) {
                failed.push(m);
            }
            let read = read.flatten();
            if let (Some(scores), Some(path)) = (&read, y.files.last()) {
                gaps.push((m, path.clone(), left_out(&y.last, &groups, m, scores)));
            }
            y.months.push((m, read));
        }
        // A group no month file scores in most months is scored in some months only, by
        // design (villages at each quarter's end): said for the months that have it mostly.
        for (m, path, missing) in &gaps {
            for &(g, first) in missing.iter().flatten() {
                let scored = gaps.iter().filter(|(_, _, x)| {
                    x.as_ref().is_some_and(|x| !x.iter().any(|&(h, _)| h == g))
                });
                if 2 * scored.count() >= gaps.len() {
                    let said = (&groups[g], first);
                    problems.push(left_out_warning(&y.last, (*m, path), said, w.missing));
                }
            }
        }
        let read: Vec<(Period, &Path, &[Option<f64>])> = (gaps.iter())
            .filter_map(|(m, path, _)| {
                let (_, scores) = y.months.iter().find(|(n, _)| n == m)?;
                Some((*m, path.as_path(), scores.as_deref()?))
            })
            .collect();
        for copy in copied_months(&read) {
            problems.push(copy);
        }
    }
    let own = y.dir();
    // The view to Q1 reads nothing of its own (below); its folder is the quarter's.
    let reads = own_reads(&own, y.with_year_end);
    let own_stray =
        span.upto > 1 && unread(&own, &["year_end", "adjustments"], &reads, &mut problems);
    // A year-end review in a folder whose view does not take one (data/2024H1, or a year whose
    // `[rollup] year_end` is 0) is not read: said, never passed over without a word.
    if !y.with_year_end && span.upto > 1 {
        if let Some(path) = side::find(&own, "year_end", &mut Problems::new()) {
            let why = match span.upto < 4 {
                true => "the year-end review enters only the view to Q4 (`--upto Q4`, read from the year's own folder)",
                false => "`[rollup] year_end` is 0",
            };
            problems.push(Problem::warning(&path, format!("not read: {why}")));
        }
    }
    let mut year_end_failed = false;
    if y.with_year_end {
        let path = own.join("year_end.csv");
        let found = side::find(&own, "year_end", &mut problems);
        let read = found.map(|path| {
            let year = Period::Year(span.year);
            let s = scores::read(&path, reg, (year, y.last.period()), opts, &mut problems);
            y.files.push(path);
            s
        });
        // The file gave no scores, or a table in the folder is not read (perhaps the review under
        // another name): that error is the one to act on. The review is left out of the view,
        // neither reported missing nor missing for every unit.
        year_end_failed = matches!(read, Some(None)) || (read.is_none() && own_stray);
        y.year_end = read.flatten();
        if let (Some(scores), Some(path)) = (&y.year_end, y.files.last()) {
            let year = Period::Year(span.year);
            for (g, first) in left_out(&y.last, &groups, year, scores)
                .into_iter()
                .flatten()
            {
                let said = (&groups[g], first);
                problems.push(left_out_warning(&y.last, (year, path), said, w.missing));
            }
        }
        if year_end_failed {
            y.with_year_end = false;
        } else if y.year_end.is_none() {
            // Skipping the year-end review spreads its weight over the other parts, as in a
            // view before Q4; `zero` counts it as 0 for everyone.
            let what = format!("year-end review {} not found", path.display());
            if w.missing == RollupMissing::Skip {
                y.with_year_end = false;
                y.notes.push(format!(
                    "skipped: {what} (its weight is spread over the other parts)"
                ));
                problems.push(skipped_warning(&path, &what, w.missing));
            } else {
                missing_piece(&mut problems, &mut y.notes, w.missing, &path, what);
            }
        }
    }
    if !y.with_year_end && !year_end_failed && w.quarterly + w.monthly == 0.0 {
        problems.push(no_weight(&src.config, span, &own));
    }
    // The view to Q1 is named as the quarter (`2024Q1`), whose folder's adjustments are in the
    // quarter's own total already: read again, they would count twice. It has none of its own.
    if span.upto > 1 {
        let (rows, read) = adjustments::read(&own, reg, Some(y.last.period()), opts, &mut problems);
        let file = read
            .as_ref()
            .map_or_else(|| own.join("adjustments.csv"), |(p, _)| p.clone());
        super::bounds::adjustments(&y.last.ds, &rows, &file, &mut problems);
        y.adjustments = rows;
        if let Some((path, _)) = read {
            y.files.push(path);
        }
    }
    for (q, ev) in &y.quarters {
        if ev.is_none() {
            let dir = q.dir(data);
            let what = format!("quarter {q}: folder {} not found", dir.display());
            missing_piece(&mut problems, &mut y.notes, w.missing, &dir, what);
        }
    }
    for (m, s) in &y.months {
        if s.is_none() && !failed.contains(m) {
            let path = m.dir(data).join("efficiency.csv");
            let what = format!("month {m}: {} not found", path.display());
            missing_piece(&mut problems, &mut y.notes, w.missing, &path, what);
        }
    }
    y.problems = problems;
    Ok(y)
}

/// Reports each table in `dir` that the roll-up does not read — a copy, a file saved under
/// another name or in another format — naming it: its rows would otherwise be left out without a
/// word (a month skipped under `missing = "skip"`, a year's adjustments lost). `reads` says which
/// files are read there and what to do. Whether there was one.
fn unread(
    dir: &Path,
    stems: &[&str],
    reads: &dyn Fn(&Path) -> String,
    problems: &mut Problems,
) -> bool {
    let others = side::others(dir, stems);
    for p in &others {
        let msg = format!("not read: {}", reads(p));
        problems.push(Problem::error(p, msg).code(code::UNREAD_FILE));
    }
    !others.is_empty()
}

/// What a month folder is read from, and what to do with a table `p` in it that is not read: a
/// year-end review or the year's adjustments belong in the year's folder.
fn month_reads(dir: &Path) -> impl Fn(&Path) -> String + '_ {
    move |p| {
        let reads = format!(
            "the roll-up reads only efficiency.csv (the month's efficiency scores; also as .xlsx, .xls or .ods) in {}",
            dir.display()
        );
        let year = dir.file_name().and_then(|n| {
            let n = n.to_string_lossy();
            n.split_once('-').map(|(y, _)| y.to_string())
        });
        match (stem_of(p).as_str(), year) {
            (what @ ("year_end" | "adjustments"), Some(y)) => {
                let folder = dir.with_file_name(y);
                let what = match what {
                    "year_end" => "the year-end review is",
                    _ => "the year's adjustments are (a quarter's, from the quarter's folder)",
                };
                format!(
                    "{reads}: {what} read from {}: move it there",
                    folder.display()
                )
            }
            _ => format!(
                "{reads}: {} efficiency.csv if it holds them, or move it out of the folder",
                make(p)
            ),
        }
    }
}

/// The stem of `p`, folded as names are.
fn stem_of(p: &Path) -> String {
    let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned());
    crate::fold::header_key(&stem.unwrap_or_default())
}

/// What the roll-up's own folder (`data/2024`, `data/2024H1`) is read from, and what to do with a
/// table `p` in it that is not read: the year-end review only enters a view to Q4.
fn own_reads(dir: &Path, year_end: bool) -> impl Fn(&Path) -> String + '_ {
    move |p| {
        let dir = dir.display();
        if year_end {
            format!("the roll-up reads only year_end.csv (the year-end review) and adjustments.csv (bonus, deduction and veto rows) in {dir}, each also as .xlsx, .xls or .ods: {} the one of them it holds, or move it out of the folder", make(p))
        } else {
            format!("the roll-up reads only adjustments.csv (bonus, deduction and veto rows; also as .xlsx, .xls or .ods) in {dir}: {} adjustments.csv if it holds them, or move it out of the folder", make(p))
        }
    }
}

/// How a table becomes one that is read: a CSV file or workbook is renamed, another format saved
/// anew.
fn make(p: &Path) -> &'static str {
    if side::is_read_form(p) {
        "rename this file to"
    } else {
        "save this file as"
    }
}

/// The error of a view in which no part carries weight: only the year-end review has one, and it
/// is left out — before Q4, or skipped because its file is missing. Totals would all be 0 and
/// every unit ranked first.
fn no_weight(config: &Path, span: Span, own: &Path) -> Problem {
    let why = if span.upto < 4 {
        format!(
            "the view to Q{} ({}) leaves out the year-end review",
            span.upto,
            span.name()
        )
    } else {
        format!(
            "the year-end review {} is not found and skipped (`missing = \"skip\"`)",
            own.join("year_end.csv").display()
        )
    };
    let msg = format!("only `year_end` has a weight (quarterly = 0, monthly = 0), and {why}: no part of the roll-up carries weight; give `quarterly` or `monthly` a weight");
    Problem::error(config, msg).place("rollup".to_string())
}

/// Why the units of `last` (the last quarter with a folder) cannot stand in for those of `end`,
/// the view's last quarter, whose folder is missing (at most five named); `None` when they can,
/// or `end` is `last`:
/// - units the registry assesses in `end` but not in `last` — new, renamed, merged or split off
///   — which the stand-in would leave out (a renamed unit's months under its new id among them);
/// - under `missing = "zero"`, units assessed in `last` but not in `end`, which the stand-in
///   ranks with their months after their end counted as 0 (under `skip` those are left out of
///   their means: the unit is ranked on what it had — an office that skips the fourth
///   quarter's review, a department closed after the third).
fn units_changed_since(last: &Evaluation, end: Period, missing: RollupMissing) -> Option<String> {
    let then = last.period();
    if then == end {
        return None;
    }
    let reg = &last.ds.registry;
    let since = |u: &crate::units::Unit| match u.former_ids() {
        [] => "new".to_string(),
        [one] if reg.get(one).is_some_and(|p| reg.units[p].active_in(end)) => {
            format!("split off from {one}")
        }
        [one] => format!("renamed from {one}"),
        many => format!("merged from {}", many.join(", ")),
    };
    let zero = missing == RollupMissing::Zero;
    let named: Vec<String> = (reg.units.iter())
        .filter_map(|u| match (u.active_in(then), u.active_in(end)) {
            (false, true) => Some(format!("{} is assessed in {end} ({})", u.label(), since(u))),
            // A unit continued under a new id is named by its successor.
            (true, false) if zero && !reg.carrier(&u.id).is_some_and(|c| reg.units[c].active_in(end)) => Some(format!(
                "{} is not assessed in {end}, and under `missing = \"zero\"` its months after its end would count 0",
                u.label()
            )),
            _ => None,
        })
        .collect();
    if named.is_empty() {
        return None;
    }
    Some(format!(
        "{end}, the view's last quarter, has no folder, and {then}, the last quarter with one, cannot stand in for its units: {}. Give {end} its folder, or roll up to {then} (`--upto Q{}`)",
        crate::echo::few(named.into_iter(), 5, "; "),
        match then {
            Period::Quarter(_, q) => q,
            _ => 4,
        }
    ))
}

/// A month file giving every unit the score an earlier month's file gives it — the same units
/// scored, at least [`COPY_UNITS`] of them, with at least three different scores — is most
/// likely that month's file copied into the wrong folder (a byte copy says nothing else about
/// its month): a warning naming both, which `--strict` refuses. An office that scores every
/// other month and files the same scores twice reads it and goes on.
fn copied_months(read: &[(Period, &Path, &[Option<f64>])]) -> Vec<Problem> {
    use std::hash::{Hash, Hasher};
    let key = |scores: &[Option<f64>]| -> Option<u64> {
        let scored = scores.iter().flatten();
        let mut distinct: Vec<u64> = Vec::new();
        for x in scored.clone() {
            if distinct.len() < 3 && !distinct.contains(&x.to_bits()) {
                distinct.push(x.to_bits());
            }
        }
        if scored.count() < COPY_UNITS || distinct.len() < 3 {
            return None;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for x in scores {
            x.map(f64::to_bits).hash(&mut h);
        }
        Some(h.finish())
    };
    let keys: Vec<Option<u64>> = read.iter().map(|(_, _, s)| key(s)).collect();
    let mut out = Vec::new();
    for (j, (m, path, scores)) in read.iter().enumerate() {
        let earlier =
            (0..j).find(|&i| keys[j].is_some() && keys[i] == keys[j] && read[i].2 == *scores);
        if let Some(i) = earlier {
            let (first, first_path, _) = read[i];
            let units = scores.iter().flatten().count();
            out.push(Problem::warning(
                path,
                format!(
                    "every one of its {units} scores is the one {} gives the same unit, in {first}: is it {first}'s file copied into {m}'s folder? Give {m} its own scores (if the scores really are the same, read this and go on)",
                    first_path.display()
                ),
            ));
        }
    }
    out
}

/// The fewest units scored for two month files' equal scores to count as a copy.
const COPY_UNITS: usize = 5;

/// A whole quarter, month or year-end file missing: an error, or a note under skip / zero.
fn missing_piece(
    problems: &mut Problems,
    notes: &mut Vec<String>,
    policy: RollupMissing,
    path: &Path,
    what: String,
) {
    match policy {
        RollupMissing::Error => problems.push(Problem::error(
            path,
            format!("{what}; set `[rollup] missing = \"skip\"` or `\"zero\"` to go on without it"),
        )),
        RollupMissing::Skip => {
            problems.push(skipped_warning(path, &what, policy));
            notes.push(format!("skipped: {what}"));
        }
        RollupMissing::Zero => {
            problems.push(skipped_warning(path, &what, policy));
            notes.push(format!("counted as 0: {what}"));
        }
    }
}

/// The groups of units a score file is checked for: each category, and each track that is no
/// category's units alone (departments split by class), of two units or more — one unit
/// without a row is a late return like any other. Under `error` each unit's missing score is an
/// error already: none.
fn unit_groups(last: &Evaluation) -> Vec<Group> {
    let reg = &last.ds.registry;
    let mut groups: Vec<Group> = Vec::new();
    for tr in &last.res.tracks {
        for &u in tr.units.iter() {
            let c = reg.units[u].category;
            let k = match groups.iter().position(|g| g.category == Some(c)) {
                Some(k) => k,
                None => {
                    groups.push(Group {
                        label: format!("category {} ({})", c.id(), c.chinese()),
                        units: Vec::new(),
                        category: Some(c),
                    });
                    groups.len() - 1
                }
            };
            groups[k].units.push(u);
        }
    }
    for tr in &last.res.tracks {
        let track = &last.cfg.tracks[tr.track];
        let units: Vec<usize> = tr.units.to_vec();
        if !groups.iter().any(|g| g.units == units) {
            groups.push(Group {
                label: format!("track `{}` ({})", track.id, track.name),
                units,
                category: None,
            });
        }
    }
    groups.retain(|g| g.units.len() >= 2);
    groups
}

/// The groups a score file gives no unit of a score, each with its first unit ([`left_out`]).
type LeftOut = Option<Vec<(usize, usize)>>;

/// Units a score file is checked for as a whole: a category's, or a track's.
struct Group {
    /// `category department (区直单位)`, `track `dept_social` (区直社会类)`.
    label: String,
    units: Vec<usize>,
    /// The category, for a category's group.
    category: Option<Category>,
}

/// The groups (by index into `groups`) of which a score file of period `then` gives no unit a
/// score, each with its first unit; `None` when the file gives no score at all (an error of its
/// own). Units not assessed then are not counted.
fn left_out(last: &Evaluation, groups: &[Group], then: Period, scores: &[Option<f64>]) -> LeftOut {
    let reg = &last.ds.registry;
    let there = |u: usize| reg.existed_in(u, last.period(), then);
    scores.iter().any(Option::is_some).then(|| {
        let missing: Vec<(usize, usize)> = groups
            .iter()
            .enumerate()
            .filter_map(|(g, group)| {
                let mut alive = group.units.iter().copied().filter(|&u| there(u)).peekable();
                let first = *alive.peek()?;
                alive.all(|u| scores[u].is_none()).then_some((g, first))
            })
            .collect();
        // A track whose units lie in categories said already is not said again.
        let said: Vec<Category> = missing
            .iter()
            .filter_map(|&(g, _)| groups[g].category)
            .collect();
        let within = |g: usize| {
            groups[g].category.is_none()
                && (groups[g].units.iter()).all(|&u| said.contains(&reg.units[u].category))
        };
        missing.into_iter().filter(|&(g, _)| !within(g)).collect()
    })
}

/// The warning of a group of units (such as unit `first`) without a score in the file `path`
/// of period `then`: a whole category's or track's month skipped or counted as 0 is
/// no unit's late return but a sheet, a file or a sub-folder not read (a month's departments on
/// a sheet of their own) — said, so that `--strict` refuses it.
fn left_out_warning(
    last: &Evaluation,
    (then, path): (Period, &Path),
    (group, first): (&Group, usize),
    policy: RollupMissing,
) -> Problem {
    let (n, label) = (group.units.len(), &group.label);
    let how = match policy {
        RollupMissing::Zero => "counted as 0",
        _ => "left out",
    };
    let msg = format!(
        "no score for any of the {n} unit(s) of {label}, such as {}: their {then} is {how} — are their scores on another sheet, in another file or in a sub-folder, which is not read?",
        last.ds.label(first)
    );
    Problem::warning(path, msg)
}

/// A whole quarter, month or year-end review gone on without (the notes list it too): a warning,
/// so that `--strict` does not publish a year with a part missing.
fn skipped_warning(path: &Path, what: &str, policy: RollupMissing) -> Problem {
    let how = match policy {
        RollupMissing::Zero => "counted as 0 for every unit",
        _ => "left out",
    };
    Problem::warning(
        path,
        format!(
            "{what}: {how} (`[rollup] missing`); --strict refuses a roll-up with a part missing"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_names() {
        assert_eq!(
            Span {
                year: 2024,
                upto: 4
            }
            .name(),
            "2024"
        );
        assert_eq!(
            Span {
                year: 2024,
                upto: 2
            }
            .name(),
            "2024H1"
        );
        assert_eq!(
            Span {
                year: 2024,
                upto: 3
            }
            .name(),
            "2024Q1-Q3"
        );
        assert_eq!(
            Span {
                year: 2024,
                upto: 2
            }
            .months()
            .len(),
            6
        );
    }
}
