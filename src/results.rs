//! The results of scoring a period: plain data, read by analysis and rendering. Every vector is
//! indexed by a unit's position in its track.

use std::sync::Arc;

use crate::composite::TreatReport;
use crate::data::{Column, TrackData};
use crate::period::Period;

/// A whole period's results.
#[derive(Debug, Clone)]
pub struct Results {
    pub period: Period,
    pub tracks: Vec<TrackResult>,
}

/// One track's results; every vector is indexed by the unit's position in the track.
#[derive(Debug, Clone)]
pub struct TrackResult {
    pub track: usize,
    /// Registry indexes (the track's units as the dataset holds them, shared).
    pub units: Arc<[usize]>,
    pub scores: TrackScores,
    /// Σ bonus points before the cap, and after it.
    pub bonus_claimed: Sparse,
    pub bonus: Sparse,
    pub deduction_claimed: Sparse,
    pub deduction: Sparse,
    pub veto: Vec<bool>,
    /// The totals taken on the decimals because they lie on a half-step of the last decimal
    /// (see `scoring::rank::settle_halves`) and differ from the indicator total plus bonus less
    /// deductions in binary, by position (ascending); most tracks have none.
    pub settled: Vec<(u32, f64)>,
    /// Rounded to the configured decimals; ranks are decided on these.
    pub rounded: Vec<f64>,
    pub rank: Vec<u32>,
    /// Index into the track's grade levels ([`TrackResult::grade`]); a track has at most 255.
    pub grades: Vec<u8>,
    /// Positions in display order: rank, then unit id.
    pub order: Vec<usize>,
}

impl TrackResult {
    /// The unit's grade: an index into the track's grade levels.
    #[inline]
    pub fn grade(&self, pos: usize) -> usize {
        usize::from(self.grades[pos])
    }

    /// The total at full precision: the indicator total plus bonus, less deductions (derived
    /// rather than held: 8 MB at a million units).
    pub fn total(&self, pos: usize) -> f64 {
        settled_at(&self.settled, pos).unwrap_or_else(|| {
            self.scores.indicator_total[pos] + self.bonus[pos] - self.deduction[pos]
        })
    }
}

/// The total `settled` (by position, ascending: [`TrackResult::settled`]) holds for `pos`.
pub fn settled_at(settled: &[(u32, f64)], pos: usize) -> Option<f64> {
    if settled.is_empty() {
        return None;
    }
    let k = settled.binary_search_by_key(&(pos as u32), |s| s.0).ok()?;
    Some(settled[k].1)
}

/// Points per position that are zero for most positions (a track's adjustments: few units have
/// any), indexed like a `Vec<f64>`; only the positions with points are held (at a million units
/// without adjustments, four columns of zeros took 32 MB).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sparse {
    len: usize,
    /// Positions whose points are not `+0.0`, ascending.
    at: Vec<u32>,
    points: Vec<f64>,
}

impl Sparse {
    /// The points of `dense`, position by position (a `-0.0` is kept as it is).
    pub fn from_dense(dense: &[f64]) -> Sparse {
        debug_assert!(u32::try_from(dense.len()).is_ok(), "positions fit a u32");
        let (at, points) = dense
            .iter()
            .enumerate()
            .filter(|(_, x)| x.to_bits() != 0)
            .map(|(i, &x)| (i as u32, x))
            .unzip();
        Sparse {
            len: dense.len(),
            at,
            points,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every position's points.
    pub fn to_vec(&self) -> Vec<f64> {
        let mut v = vec![0.0; self.len];
        for (&i, &x) in self.at.iter().zip(&self.points) {
            v[i as usize] = x;
        }
        v
    }
}

impl std::ops::Index<usize> for Sparse {
    type Output = f64;

    fn index(&self, pos: usize) -> &f64 {
        assert!(pos < self.len, "position {pos} of {}", self.len);
        match u32::try_from(pos).map(|p| self.at.binary_search(&p)) {
            Ok(Ok(k)) => &self.points[k],
            _ => &0.0,
        }
    }
}

/// A number per position that is most often the same for every position (a track's applicable
/// points: the same for all its units unless an indicator is not applicable to some), held once
/// when it is (8 MB a column at a million units otherwise); indexed like a `Vec<f64>`.
#[derive(Debug, Clone, PartialEq)]
pub enum Evenly {
    Same { len: usize, value: f64 },
    Each(Vec<f64>),
}

impl Evenly {
    /// `values`, held once when every position has the same (bit for bit).
    pub fn from_vec(values: Vec<f64>) -> Evenly {
        match values.first() {
            Some(&v) if values.iter().all(|x| x.to_bits() == v.to_bits()) => Evenly::Same {
                len: values.len(),
                value: v,
            },
            _ => Evenly::Each(values),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Evenly::Same { len, .. } => *len,
            Evenly::Each(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every position's number.
    pub fn to_vec(&self) -> Vec<f64> {
        match self {
            Evenly::Same { len, value } => vec![*value; *len],
            Evenly::Each(v) => v.clone(),
        }
    }
}

impl std::ops::Index<usize> for Evenly {
    type Output = f64;

    fn index(&self, pos: usize) -> &f64 {
        match self {
            Evenly::Same { len, value } => {
                assert!(pos < *len, "position {pos} of {len}");
                value
            }
            Evenly::Each(v) => &v[pos],
        }
    }
}

/// How an indicator score came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Scored from the unit's value.
    Scored,
    /// Missing, scored 0 by policy `zero` (flagged).
    ZeroFilled,
    /// Missing, given the peers' mean score by policy `average` (flagged).
    AverageFilled,
    /// Missing, its value filled with the mean or median of its group by policy `impute`, then
    /// scored (flagged).
    Imputed,
    /// Not applicable: left out of the sum and of the applicable points.
    NotApplicable,
}

/// How one indicator's scores on a track come about, position by position. Implemented by the
/// scoring methods: a score is derived from the unit's value and the column's peer figures when
/// it is read, rather than stored beside the value (at a million units, 40 stored score columns
/// would take 320 MB).
pub trait Scorer: std::fmt::Debug + Send + Sync {
    /// Positions in the track.
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn status(&self, pos: usize) -> Status;
    /// The score; 0 where not applicable.
    fn score(&self, pos: usize) -> f64;
    /// Status and score at each of `positions`, in that order (see [`crate::data::Column::gather`]
    /// for why a batch is faster than one at a time).
    fn gather(&self, positions: &[usize], out: &mut Vec<(Status, f64)>) {
        out.clear();
        out.extend(positions.iter().map(|&p| (self.status(p), self.score(p))));
    }
    /// [`Scorer::gather`] for a caller that has already gathered the columns it reads at
    /// `positions`: `gathered` pairs each such column with its cells there (as
    /// [`crate::data::Column::gather`] gives them). A scorer that scores one of those columns
    /// derives its scores from those cells rather than fetching them again from the scattered
    /// positions; the result is the same.
    fn gather_from(
        &self,
        positions: &[usize],
        gathered: &[(&Column, &Column)],
        out: &mut Vec<(Status, f64)>,
    ) {
        let _ = gathered;
        self.gather(positions, out)
    }
    /// Status and score at each position of `span`, in order: the same as [`Scorer::gather`]
    /// of those positions, for a pass over the whole column a block at a time.
    fn span(&self, span: std::ops::Range<usize>, out: &mut Vec<(Status, f64)>) {
        out.clear();
        out.extend(span.map(|p| (self.status(p), self.score(p))));
    }
}

/// One indicator's scores on a track: [`ScoreColumn::score`] and [`ScoreColumn::status`] per
/// position. Cheap to clone (shared).
#[derive(Debug, Clone)]
pub struct ScoreColumn(Arc<dyn Scorer>);

impl ScoreColumn {
    pub fn new(s: impl Scorer + 'static) -> ScoreColumn {
        ScoreColumn(Arc::new(s))
    }

    /// A column of scores held as they are (tests, and columns computed elsewhere).
    pub fn stored(score: Vec<f64>, status: Vec<Status>) -> ScoreColumn {
        ScoreColumn::new(Stored { score, status })
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.len() == 0
    }

    pub fn score(&self, pos: usize) -> f64 {
        self.0.score(pos)
    }

    pub fn status(&self, pos: usize) -> Status {
        self.0.status(pos)
    }

    /// Status and score at each of `positions`, in that order.
    pub fn gather(&self, positions: &[usize], out: &mut Vec<(Status, f64)>) {
        self.0.gather(positions, out)
    }

    /// Status and score at each of `positions`, from the cells already gathered there (see
    /// [`Scorer::gather_from`]).
    pub fn gather_from(
        &self,
        positions: &[usize],
        gathered: &[(&Column, &Column)],
        out: &mut Vec<(Status, f64)>,
    ) {
        self.0.gather_from(positions, gathered, out)
    }

    /// Status and score at each position of `span`, in order.
    pub fn span(&self, span: std::ops::Range<usize>, out: &mut Vec<(Status, f64)>) {
        self.0.span(span, out)
    }

    /// Every score, in position order.
    pub fn scores(&self) -> Vec<f64> {
        (0..self.len()).map(|p| self.score(p)).collect()
    }
}

impl PartialEq for ScoreColumn {
    fn eq(&self, other: &ScoreColumn) -> bool {
        self.len() == other.len()
            && (0..self.len()).all(|p| {
                self.status(p) == other.status(p)
                    && self.score(p).to_bits() == other.score(p).to_bits()
            })
    }
}

#[derive(Debug)]
struct Stored {
    score: Vec<f64>,
    status: Vec<Status>,
}

impl Scorer for Stored {
    fn len(&self) -> usize {
        self.score.len()
    }

    fn status(&self, pos: usize) -> Status {
        self.status[pos]
    }

    fn score(&self, pos: usize) -> f64 {
        self.score[pos]
    }
}

/// Indicator scores and rescaled sums of one track.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackScores {
    /// Parallel to the track's indicators.
    pub columns: Vec<ScoreColumn>,
    /// A: points of the indicators applicable to each unit.
    pub applicable: Evenly,
    /// T: the track's points (the scale of a unit is T/A: [`TrackScores::scale`]).
    pub track_total: f64,
    /// Positions whose raw indicator sum (before rescaling) is not a finite number, ascending:
    /// a sum is infinite or NaN exactly when one of its scores is, whatever the aggregation
    /// makes of them.
    pub not_finite: Vec<u32>,
    /// The dimensions used on the track (config indices, config order).
    pub dims: Vec<usize>,
    /// `[k][pos]`: subtotal of `dims[k]`, rescaled by the same T/A.
    pub dim_scores: Vec<Vec<f64>>,
    /// Σ scores · T/A (or the track's other aggregation: see `scoring::aggregate`).
    pub indicator_total: Vec<f64>,
    /// Per slot: the derived column, when the indicator is divided by a denominator, imputed or
    /// treated (`None`: scored from the column as read).
    pub prepared: Vec<Option<Arc<Prepared>>>,
    /// Tracks aggregated through the dimension tree: `[node][pos]`, each node's value (the mean
    /// attainment below it), nodes as `scoring::aggregate::Shape` orders them; empty otherwise.
    pub nodes: Vec<Vec<Option<f64>>>,
}

impl TrackScores {
    /// T/A for the unit at `pos` (0 when no indicator applies to it).
    pub fn scale(&self, pos: usize) -> f64 {
        let a = self.applicable[pos];
        if a > 0.0 {
            self.track_total / a
        } else {
            0.0
        }
    }

    /// The column the method of `slot` scored: the derived one, or the data's own (`td` is the
    /// track's data).
    pub fn scored_column<'a>(&'a self, td: &'a TrackData, slot: usize) -> &'a Column {
        match &self.prepared[slot] {
            Some(p) => &p.values,
            None => td.columns[slot].scored(),
        }
    }
}

/// An indicator's derived column on one track, with what each step did (see
/// `scoring::prepare`).
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The denominator of each position (`None` where the unit has none), when divided.
    pub denominator: Option<Vec<Option<f64>>>,
    /// `x / d · scale` per position, when divided (missing cells stay missing).
    pub denominated: Option<Arc<Column>>,
    /// Positions filled by imputation with the value filled in, in position order.
    pub imputed: Vec<(usize, f64)>,
    /// The outlier treatment, when the indicator is treated.
    pub treatment: Option<TreatReport>,
    /// The column the method scores.
    pub values: Arc<Column>,
}

impl Prepared {
    /// The value imputed at `pos`, if it was.
    pub fn imputed_at(&self, pos: usize) -> Option<f64> {
        self.imputed
            .binary_search_by_key(&pos, |&(p, _)| p)
            .ok()
            .map(|k| self.imputed[k].1)
    }
}

#[cfg(test)]
mod tests {
    use super::{Evenly, Sparse};

    #[test]
    fn sparse_points_read_like_the_dense_column_they_come_from() {
        let dense = [0.0, 1.5, 0.0, -0.0, 0.25, 0.0];
        let s = Sparse::from_dense(&dense);
        assert_eq!(s.len(), 6);
        for (i, x) in dense.iter().enumerate() {
            assert_eq!(s[i].to_bits(), x.to_bits(), "position {i}");
        }
        assert_eq!(
            s.to_vec().iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            dense.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        // Only the positions with points are held.
        assert_eq!(s.at, [1, 3, 4]);
        assert!(Sparse::from_dense(&[0.0; 1000]).at.is_empty());
    }

    #[test]
    #[should_panic(expected = "position 3 of 3")]
    fn a_position_past_the_end_is_a_bug_as_in_a_vec() {
        let _ = Sparse::from_dense(&[0.0, 1.0, 0.0])[3];
    }

    #[test]
    fn evenly_held_numbers_read_like_the_vector_they_come_from() {
        let same = Evenly::from_vec(vec![70.0; 4]);
        assert_eq!(
            same,
            Evenly::Same {
                len: 4,
                value: 70.0
            }
        );
        assert_eq!((same.len(), same[0], same[3]), (4, 70.0, 70.0));
        assert_eq!(same.to_vec(), [70.0; 4]);
        // One position differing (even 0.0 against -0.0) keeps every position.
        let each = Evenly::from_vec(vec![70.0, 55.0, 70.0]);
        assert_eq!(each, Evenly::Each(vec![70.0, 55.0, 70.0]));
        assert_eq!((each[1], each.to_vec()), (55.0, vec![70.0, 55.0, 70.0]));
        assert!(matches!(Evenly::from_vec(vec![0.0, -0.0]), Evenly::Each(_)));
        assert!(Evenly::from_vec(Vec::new()).is_empty());
    }

    #[test]
    #[should_panic(expected = "position 2 of 2")]
    fn an_evenly_held_position_past_the_end_is_a_bug_as_in_a_vec() {
        let _ = Evenly::from_vec(vec![1.0, 1.0])[2];
    }
}
