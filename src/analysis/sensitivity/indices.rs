//! The evaluations behind the sensitivity indices (Saltelli 2010): for every run j, B_j and, per
//! input i that reaches the track, A_j with column i taken from B_j — N·(d+1) evaluations per
//! track beside A's N, so they are made cheap:
//!
//! - they are made right after A_j's, and each A_Bᵢ's ranking starts from A_j's order: A_j
//!   with one input changed moves few units, which an insertion sort puts in place in about n
//!   steps (a fresh sort takes n·log n);
//! - a points input is re-added from A_j's per-unit sums, taken once per run for every input,
//!   and only its column's change added ([`super::delta`]), each rounded total certified equal
//!   to the scorer's or evaluated in full;
//! - A_j itself is ranked and graded from those sums too ([`Indices::a`]: no slot changed),
//!   instead of a second full evaluation;
//! - each decodes its row into a reused [`Choice`] and evaluates into a reused [`Scratch`]:
//!   nothing is allocated per evaluation; which slot each input sets is resolved once per track;
//! - they rank and never grade: the output they decompose is a function of the ranks alone;
//! - a points input's row is not decoded: A_j's choice with one factor changed, rescaled as
//!   `decode` rescales it (the same operations, so the same bits);
//! - B_j's ranking starts from the published order, which a draw leaves near.
//!
//! The indices are therefore bit for bit those of evaluating every row from scratch ([`plain`],
//! kept for the tests).

use super::delta::Deltas;
use super::engine::{Choice, Scratch, Start, TrackModel};
use super::{decode, factor, keep_sum, marc, stats, Plan, Slots};
use crate::analysis::sensitivity::Input;

/// The outputs of B and of each A_Bᵢ, run by run.
pub struct Indices<'a> {
    /// Indexes into the inputs of those that reach the track.
    reach: &'a [usize],
    y_b: Vec<f64>,
    y_ab: Vec<Vec<f64>>,
    row: Vec<f64>,
    c: Choice,
    /// A_j's choice, when its sums are taken.
    ca: Choice,
    w: Scratch,
    /// A_j's factors before the rescaling, and its sums.
    g: Vec<f64>,
    deltas: Deltas,
    /// Whether this run's points inputs are re-added from A_j's sums ([`Indices::a`]).
    fast: bool,
}

impl<'a> Indices<'a> {
    pub fn new(reach: &'a [usize], runs: usize, d: usize) -> Indices<'a> {
        Indices {
            reach,
            y_b: Vec::with_capacity(runs),
            y_ab: reach.iter().map(|_| Vec::with_capacity(runs)).collect(),
            row: vec![0.0; d],
            c: Choice::default(),
            ca: Choice::default(),
            w: Scratch::default(),
            g: Vec::new(),
            deltas: Deltas::default(),
            fast: false,
        }
    }

    /// Evaluates A_j (its choice `ca`, decoded from `row_a`) into `w`, ranked and graded, when
    /// its points inputs can be re-added from its sums ([`Deltas`]): the sums are taken here,
    /// once per run, for A_j and every A_Bᵢ of [`Indices::step`]. Returns whether it did (if
    /// not, the caller evaluates A_j). Called for every run, before `step`.
    #[allow(clippy::too_many_arguments)]
    pub fn a(
        &mut self,
        m: &TrackModel,
        plan: &Plan,
        inputs: &[Input],
        slots: &Slots,
        row_a: &[f64],
        ca: &Choice,
        w: &mut Scratch,
    ) -> bool {
        let weight_slot = |i: usize| weight_slot(inputs, slots, i);
        self.fast = Deltas::applies(m) && self.reach.iter().any(|&i| weight_slot(i).is_some());
        if !self.fast {
            return false;
        }
        self.g.clear();
        self.g.resize(m.points.len(), 1.0);
        for (i, &u) in row_a.iter().enumerate() {
            if let Some(s) = weight_slot(i) {
                self.g[s] = factor(plan, u);
            }
        }
        self.ca.clone_from(ca);
        self.deltas.prepare(m, &self.ca, &self.g);
        // A_j is itself with any slot's factor unchanged.
        self.deltas
            .run(m, &self.ca, 0, self.g[0], w, Start::Nominal, true);
        true
    }

    /// The evaluations of one run: `row_a` and `row_b` its rows of A and B, `wa` A's evaluation,
    /// `nominal` the published ranks.
    #[allow(clippy::too_many_arguments)]
    pub fn step(
        &mut self,
        m: &TrackModel,
        plan: &Plan,
        inputs: &[Input],
        slots: &Slots,
        row_a: &[f64],
        row_b: &[f64],
        wa: &Scratch,
        nominal: &[u32],
    ) {
        // B_j has nothing in common with A_j: ranked from the published order. The indices need
        // the ranks only, never the grades.
        decode(m, plan, inputs, slots, row_b, &mut self.c);
        m.eval(&self.c, &mut self.w, Start::Nominal, false);
        self.y_b.push(marc(&self.w.rank, nominal));
        // A points input is re-added from A_j's sums ([`Deltas`]), taken by [`Indices::a`].
        let g = |u: f64| factor(plan, u);
        let weight_slot = |i: usize| weight_slot(inputs, slots, i);
        let fast = self.fast;
        for (k, &i) in self.reach.iter().enumerate() {
            match weight_slot(i) {
                Some(s) if fast => {
                    // The row decoded without decoding it: A_j's methods and policy, its factors
                    // with slot s's drawn from B, rescaled as `decode` rescales them.
                    self.c.method.clone_from(&self.ca.method);
                    self.c.policy = self.ca.policy;
                    self.c.factor.clone_from(&self.g);
                    self.c.factor[s] = g(row_b[i]);
                    keep_sum(m, &mut self.c.factor);
                    self.deltas.run(
                        m,
                        &self.c,
                        s,
                        g(row_b[i]),
                        &mut self.w,
                        Start::After(wa),
                        false,
                    );
                }
                _ => {
                    self.row.copy_from_slice(row_a);
                    self.row[i] = row_b[i];
                    decode(m, plan, inputs, slots, &self.row, &mut self.c);
                    m.eval(&self.c, &mut self.w, Start::After(wa), false);
                }
            }
            self.y_ab[k].push(marc(&self.w.rank, nominal));
        }
    }

    /// (input, first-order S, total ST) per input reaching the track, from A's outputs.
    pub fn finish(self, y_a: &[f64]) -> Vec<(usize, f64, f64)> {
        self.reach
            .iter()
            .zip(&self.y_ab)
            .map(|(&i, y_ab)| {
                let (s, st) = stats::saltelli(y_a, &self.y_b, y_ab);
                (i, s, st)
            })
            .collect()
    }
}

/// The slot whose points input `i` is (`None`: another kind of input, or one not on the track).
fn weight_slot(inputs: &[Input], slots: &Slots, i: usize) -> Option<usize> {
    match inputs[i] {
        Input::Weight(_) => slots[i],
        _ => None,
    }
}

/// The indices evaluated the straightforward way: B's rows, then every A_Bᵢ's, each from
/// scratch (a fresh ranking, no shared order) — what [`Indices`] must equal bit for bit.
#[cfg(test)]
#[allow(clippy::too_many_arguments)]
pub fn plain(
    m: &TrackModel,
    plan: &Plan,
    inputs: &[Input],
    reach: &[usize],
    a: &[f64],
    b: &[f64],
    nominal: &[u32],
) -> Vec<(usize, f64, f64)> {
    let d = inputs.len();
    let slots = super::slots_of(m, plan, inputs);
    let mut c = Choice::default();
    let mut w = Scratch::default();
    let mut eval = |row: &[f64]| {
        decode(m, plan, inputs, &slots, row, &mut c);
        m.run(&c, &mut w);
        marc(&w.rank, nominal)
    };
    let y_a: Vec<f64> = (0..plan.runs)
        .map(|j| eval(&a[j * d..(j + 1) * d]))
        .collect();
    let y_b: Vec<f64> = (0..plan.runs)
        .map(|j| eval(&b[j * d..(j + 1) * d]))
        .collect();
    let mut row = vec![0.0; d];
    reach
        .iter()
        .map(|&i| {
            let y_ab: Vec<f64> = (0..plan.runs)
                .map(|j| {
                    row.copy_from_slice(&a[j * d..(j + 1) * d]);
                    row[i] = b[j * d + i];
                    eval(&row)
                })
                .collect();
            let (s, st) = stats::saltelli(&y_a, &y_b, &y_ab);
            (i, s, st)
        })
        .collect()
}
