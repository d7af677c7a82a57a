//! JSON pieces shared by every JSON output: the provenance head, trends, requirement lines.
//!
//! Every JSON document starts with the same [`Head`]: pingyi's version, the period, the period
//! trends compare with, the config that scored it and every input file with its SHA-256 — so a
//! published file can be checked against its sources — and the decimals of its rounded numbers.
//! There is deliberately no timestamp: the same inputs give the same bytes (the run time lives
//! in `--manifest`).

use std::borrow::Cow;

use serde::Serialize;

use super::labels::Labels;
use crate::analysis::requirements::Requirement;
use crate::analysis::trend::Move;
use crate::eval::provenance::Provenance;
use crate::period::Period;

/// The head of every JSON document.
#[derive(Serialize)]
pub struct Head<'a> {
    #[serde(flatten)]
    pub provenance: Cow<'a, Provenance>,
    pub decimals: usize,
}

impl<'a> Head<'a> {
    pub fn new(provenance: &'a Provenance, decimals: usize) -> Head<'a> {
        Head {
            provenance: Cow::Borrowed(provenance),
            decimals,
        }
    }

    /// The head of a document about `labels`' period: its provenance, or — when the caller has
    /// not collected one (library use) — the same head without the list of inputs.
    pub fn of(labels: &Labels<'a>) -> Head<'a> {
        let ev = labels.ev;
        let provenance = match labels.provenance {
            Some(p) => Cow::Borrowed(p),
            None => Cow::Owned(Provenance {
                pingyi: env!("CARGO_PKG_VERSION"),
                period: ev.period().to_string(),
                against: labels.against().map(|p| p.to_string()),
                config: ev.cfg.path.display().to_string(),
                config_sha256: ev.cfg.sha256.clone(),
                inputs: Vec::new(),
            }),
        };
        Head {
            provenance,
            decimals: ev.cfg.decimals,
        }
    }
}

/// The next place above a unit, in JSON: its rank, its total and the gap to it.
#[derive(Serialize)]
pub struct NextJson {
    pub rank: u32,
    pub total: f64,
    pub gap: f64,
}

/// The movement of a unit, for JSON.
#[derive(Serialize)]
pub struct TrendJson {
    pub against: String,
    pub label: &'static str,
    pub prev_rank: Option<u32>,
    pub prev_total: Option<f64>,
    pub rank_change: Option<i64>,
    pub score_change: Option<f64>,
}

impl TrendJson {
    pub fn new(m: Option<&Move>, against: Option<Period>) -> Option<TrendJson> {
        let (m, against) = (m?, against?);
        Some(TrendJson {
            against: against.to_string(),
            label: m.label.chinese(),
            prev_rank: m.prev_rank(),
            prev_total: m.prev_total(),
            rank_change: m.rank_change(),
            score_change: m.score_change(),
        })
    }
}

/// A requirement line for JSON: the rule, its wording and the figures behind it.
#[derive(Serialize)]
pub struct RequirementJson<'a> {
    pub rule: &'static str,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cutoff: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points_lost: Option<f64>,
}

/// The requirement lines of a unit on track `t`, for JSON.
pub fn requirements<'a>(
    labels: &Labels<'a>,
    t: usize,
    reqs: &[Requirement],
) -> Vec<RequirementJson<'a>> {
    reqs.iter()
        .map(|r| {
            let mut j = RequirementJson {
                rule: r.rule(),
                text: labels.requirement(t, r),
                indicator: None,
                dimension: None,
                rank: None,
                n: None,
                cutoff: None,
                points_lost: None,
            };
            match r {
                Requirement::IndicatorBottom {
                    slot,
                    rank,
                    n,
                    cutoff,
                    lost,
                    ..
                } => {
                    j.indicator = Some(&labels.indicator(t, *slot).id);
                    (j.rank, j.n, j.cutoff) = (Some(*rank), Some(*n), Some(*cutoff));
                    j.points_lost = Some(labels.round(*lost));
                }
                Requirement::DimensionBottom {
                    k, rank, n, cutoff, ..
                } => {
                    j.dimension = Some(&labels.track_dimension(t, *k).id);
                    (j.rank, j.n, j.cutoff) = (Some(*rank), Some(*n), Some(*cutoff));
                }
                Requirement::Missing { slot, .. } | Requirement::Imputed { slot } => {
                    j.indicator = Some(&labels.indicator(t, *slot).id)
                }
                _ => {}
            }
            j
        })
        .collect()
}

/// Pretty JSON with a final newline.
pub fn to_json<T: Serialize>(doc: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(doc).unwrap_or_default();
    out.push(b'\n');
    out
}

/// A writer for serde_json's many small writes (a token, an indent, a number): they go into a
/// buffer of its own, a call the compiler sees through, and reach `w` — a `dyn Write`, a call
/// each — 64 KiB at a time. Written out on [`Batched::finish`]; what is left when dropped without
/// it (after an error) is not.
pub struct Batched<'w> {
    buf: Vec<u8>,
    w: &'w mut dyn std::io::Write,
}

/// The bytes [`Batched`] gathers before writing them out.
const BATCH: usize = 64 * 1024;

impl<'w> Batched<'w> {
    pub fn new(w: &'w mut dyn std::io::Write) -> Batched<'w> {
        Batched {
            buf: Vec::with_capacity(BATCH + 4096),
            w,
        }
    }

    /// Writes out what is gathered.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.w.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

impl std::io::Write for Batched<'_> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= BATCH {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.w.write_all(&self.buf)?;
        self.buf.clear();
        self.w.flush()
    }
}

#[cfg(test)]
mod batched_tests {
    use super::*;
    use std::io::Write;

    /// Records the size of every write it gets.
    struct Sizes(Vec<usize>, Vec<u8>);

    impl Write for Sizes {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.push(b.len());
            self.1.extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Small writes reach the writer 64 KiB or more at a time, the rest on `finish`, every
    /// byte in order.
    #[test]
    fn small_writes_are_gathered_and_all_written_in_order() {
        let mut sink = Sizes(Vec::new(), Vec::new());
        let mut want = Vec::new();
        let mut out = Batched::new(&mut sink);
        for k in 0..30_000u32 {
            let piece = format!("{k},");
            out.write_all(piece.as_bytes()).unwrap();
            want.extend_from_slice(piece.as_bytes());
        }
        out.finish().unwrap();
        let (sizes, got) = (sink.0, sink.1);
        assert_eq!(got, want);
        let (last, full) = sizes.split_last().unwrap();
        assert_eq!(full.len(), want.len() / BATCH);
        assert!(
            full.iter().all(|&n| (BATCH..BATCH + 8).contains(&n)),
            "{full:?}"
        );
        assert_eq!(full.iter().sum::<usize>() + last, want.len());
    }
}
