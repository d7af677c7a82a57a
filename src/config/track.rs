//! Tracks (赛道) and their dimensions, indicators, aggregation, ties and grades.

use super::Mean;
use crate::units::Category;

/// A work area of the "3+N" layout (板块).
#[derive(Debug, Clone)]
pub struct Dimension {
    pub id: String,
    pub name: String,
    pub core: bool,
    /// The dimension this one belongs to in the dimension tree (index into
    /// [`Config::dimensions`]); `None` at the top.
    pub parent: Option<usize>,
    /// The weight among its siblings when a track aggregates through the tree.
    pub weight: f64,
}

/// A peer group ranked together (赛道).
#[derive(Debug, Clone)]
pub struct Track {
    pub id: String,
    pub name: String,
    pub categories: Vec<Category>,
    /// Department classes; empty = every class.
    pub classes: Vec<String>,
    pub total: f64,
    pub tie_breakers: Vec<TieBreaker>,
    pub grades: GradeRule,
    /// The indicators that apply on this track, in config order, with their points.
    pub indicators: Vec<TrackIndicator>,
    /// How indicator scores combine into the indicator total.
    pub aggregation: Aggregation,
}

/// How a track combines its indicator scores: the weighted mean of the attainments `s/P` (weights
/// P), times the track total, over the indicators or through the dimension tree. The default —
/// arithmetic, flat — is the sum of the scores rescaled over the applicable points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aggregation {
    pub mean: Mean,
    /// Through the dimension tree: each dimension the mean of its indicators (or child
    /// dimensions), the total the mean of the top dimensions.
    pub tree: bool,
}

impl Default for Aggregation {
    fn default() -> Self {
        Aggregation {
            mean: Mean::Arithmetic,
            tree: false,
        }
    }
}

impl Aggregation {
    /// Today's sum of scores: arithmetic and flat.
    pub fn is_sum(&self) -> bool {
        *self == Aggregation::default()
    }

    /// The arithmetic mean through the dimension tree: a total `T·Σ e·r` that is a sum of parts
    /// too, taken exactly near a half-step as a summed track's is.
    pub fn is_arithmetic_tree(&self) -> bool {
        self.tree && self.mean == Mean::Arithmetic
    }
}

impl Track {
    /// Whether `other` (of another scheme or period) ranks the same peers: the same track, or
    /// one renamed — the same categories and classes, in whatever order listed. Ranks on the two
    /// compare (trends, `compare`); on other tracks they are places among other peers.
    pub fn same_peers(&self, other: &Track) -> bool {
        fn same_set<T: PartialEq>(a: &[T], b: &[T]) -> bool {
            a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x))
        }
        self.id == other.id
            || (same_set(&self.categories, &other.categories)
                && same_set(&self.classes, &other.classes))
    }

    /// Whether a unit of this category and class belongs here.
    pub fn selects(&self, category: Category, class: Option<&str>) -> bool {
        self.categories.contains(&category)
            && (self.classes.is_empty()
                || class.is_some_and(|c| self.classes.iter().any(|k| k == c)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackIndicator {
    /// Index into [`Config::indicators`].
    pub indicator: usize,
    /// P: the indicator's points on this track.
    pub points: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieBreaker {
    /// The sum of the core dimensions' subtotals.
    Core,
    /// One dimension's subtotal (index into [`Config::dimensions`]).
    Dimension(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub enum GradeRule {
    /// Cumulative rank shares, e.g. 优秀 0.2, 良好 0.8, 一般 1.0.
    Share(Vec<(String, f64)>),
    /// Minimum rounded totals, strictly decreasing; the last level may have none.
    Score(Vec<(String, Option<f64>)>),
}

impl GradeRule {
    pub fn level_names(&self) -> Vec<&str> {
        match self {
            GradeRule::Share(v) => v.iter().map(|(n, _)| n.as_str()).collect(),
            GradeRule::Score(v) => v.iter().map(|(n, _)| n.as_str()).collect(),
        }
    }

    /// The name of level `i` (0 the highest).
    pub fn level_name(&self, i: usize) -> &str {
        match self {
            GradeRule::Share(v) => &v[i].0,
            GradeRule::Score(v) => &v[i].0,
        }
    }

    pub fn lowest(&self) -> usize {
        self.level_names().len() - 1
    }
}
