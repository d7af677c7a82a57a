//! Renderers of a comparison of two schemes (`pingyi compare`): the document (table / markdown,
//! for the meeting that adopts the new rules), CSV/TSV with one row per unit and one column per
//! indicator's part of the change, and JSON.

mod json;

use std::io::Write;

use super::doc::{Blocks, Doc, DocTable, MarkdownBlocks, Pieces};
use super::sheet::{CsvOptions, Sheet};
use super::{Format, Style};
use crate::analysis::compare::{Comparison, Explanation, Standing, TrackComparison, UnitChange};
use crate::eval::provenance::Provenance;
use crate::eval::Evaluation;
use crate::num::{fixed, push_scaled};

/// A comparison with the two evaluations it came from.
pub struct CompareView<'a> {
    pub from: &'a Evaluation,
    pub to: &'a Evaluation,
    pub comparison: &'a Comparison,
    /// The new scheme's provenance (inputs), for JSON.
    pub provenance: Option<&'a Provenance>,
}

/// Writes the comparison in `style`'s format to `w`: CSV/TSV and JSON a unit at a time as they
/// are made (a province's comparison is never held whole), the document laid out whole.
pub fn write(v: &CompareView, style: &Style, w: &mut dyn Write) -> std::io::Result<()> {
    match style.format {
        // The command takes neither xlsx nor jsonl (Format::TEXT).
        Format::Table | Format::Xlsx => write_table(v, style.width, w),
        Format::Markdown => write_markdown(v, w),
        Format::Csv | Format::Tsv => csv(v, style.csv, w),
        Format::Json | Format::Jsonl => json::write(v, w),
    }
}

/// `n` units of the last decimal, with a sign when not zero: `+1.25`, `-0.50`, `0.00`.
pub fn signed_units(n: i64, d: usize) -> String {
    let mut out = Vec::new();
    if n > 0 {
        out.push(b'+');
    }
    push_scaled(&mut out, n, d);
    String::from_utf8(out).unwrap_or_default()
}

fn arrow(u: &UnitChange) -> String {
    match u.rank_change {
        Some(c) if c > 0 => format!("↑{c}"),
        Some(c) if c < 0 => format!("↓{}", -c),
        Some(_) => "—".into(),
        None if u.from.is_some() => "换赛道".into(),
        None => "新纳入".into(),
    }
}

impl CompareView<'_> {
    fn name(&self, u: &UnitChange) -> &str {
        &self.to.ds.registry.units[u.unit].name
    }

    /// The unit as tables show it: with its township when it has one.
    fn shown(&self, u: &UnitChange) -> String {
        self.to.ds.registry.qualified_name(u.unit)
    }

    fn parent(&self, u: &UnitChange) -> &str {
        self.to.ds.registry.parent_name(u.unit)
    }

    fn id(&self, u: &UnitChange) -> &str {
        &self.to.ds.registry.units[u.unit].id
    }

    fn d(&self) -> usize {
        self.comparison.decimals
    }

    /// `实际到位资金 +2.10、安全生产事故 -1.00` — the `k` largest parts.
    fn reasons(&self, e: &Explanation, k: usize) -> String {
        let parts: Vec<String> = e
            .largest()
            .into_iter()
            .take(k)
            .map(|(i, x)| {
                let name = &self.comparison.indicators[i].name;
                format!("{name} {}", signed_units(x, self.d()))
            })
            .collect();
        parts.join("、")
    }

    /// `总分 +3.21 = 指标A +2.10 + 指标B +1.00 + 加减分 0.00 + 舍入 +0.11`.
    fn equation(&self, e: &Explanation) -> String {
        let d = self.d();
        let mut terms: Vec<String> = e
            .largest()
            .into_iter()
            .map(|(i, x)| {
                format!(
                    "{} {}",
                    self.comparison.indicators[i].name,
                    signed_units(x, d)
                )
            })
            .collect();
        if e.adjustments != 0 {
            terms.push(format!("加减分 {}", signed_units(e.adjustments, d)));
        }
        if e.rounding != 0 {
            terms.push(format!("舍入 {}", signed_units(e.rounding, d)));
        }
        if terms.is_empty() {
            terms.push(signed_units(0, d));
        }
        format!("总分 {} = {}", signed_units(e.change, d), terms.join(" + "))
    }

    fn old_track(&self, s: &Standing) -> &str {
        &self.from.cfg.tracks[s.track].id
    }
}

/// The document as the terminal table, a track at a time (its tables laid out whole, for their
/// column widths; the same bytes as the whole document's [`Doc::text`]): nothing of another
/// track is held.
fn write_table(v: &CompareView, width: Option<u16>, w: &mut dyn Write) -> std::io::Result<()> {
    let mut out = Pieces::new(w, true);
    let mut piece = Doc::default();
    blocks(v, &mut piece, |piece| {
        out.put(std::mem::take(piece).text_piece(width).as_bytes())
    })?;
    out.finish()
}

/// The document as Markdown, written row by row as it is made (the same bytes as the whole
/// document's [`Doc::markdown`]).
fn write_markdown(v: &CompareView, w: &mut dyn Write) -> std::io::Result<()> {
    let mut md = MarkdownBlocks::new(w);
    blocks(v, &mut md, |_| Ok(()))?;
    md.finish()
}

/// The document — per track a summary line, the movers with their reasons, every mover's
/// explanation, then every unit — into `b`, handing `b` to `done` after its head, after each
/// track and at its end.
fn blocks<B: Blocks>(
    v: &CompareView,
    b: &mut B,
    mut done: impl FnMut(&mut B) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let d = v.d();
    b.heading(1, format!("方案比较 · {}", v.to.period()));
    b.note(format!(
        "同一期数据分别按两个方案评分。原方案 {} (sha256 {})；新方案 {} (sha256 {})。",
        v.from.cfg.path.display(),
        v.from.cfg.sha256,
        v.to.cfg.path.display(),
        v.to.cfg.sha256
    ));
    done(b)?;
    for tc in &v.comparison.tracks {
        section(v, tc, b);
        done(b)?;
    }
    b.note(format!(
        "总分变化 = 各指标得分（折算后，即得分 × T/A；非求和汇总时为其在指标得分合计中的份额）之差 + 加减分（封顶后）之差 + 舍入。每一项各自保留 {d} 位小数，舍入项为总分变化（两方案公布的总分之差）与其余各项之和的差额，因此各项之和恰等于总分变化。"
    ));
    done(b)
}

/// One track's blocks: the summary line, the movers with their reasons and explanations, every
/// unit.
fn section<B: Blocks>(v: &CompareView, tc: &TrackComparison, b: &mut B) {
    let d = v.d();
    let track = &v.to.cfg.tracks[tc.track];
    let grades = tc.units.iter().filter(|u| u.grade_changed).count();
    let ranks = tc
        .units
        .iter()
        .filter(|u| u.rank_change.is_some_and(|c| c != 0))
        .count();
    b.heading(
        2,
        format!(
            "{} ({}) · {} 个单位 · 等次变化 {grades} 个 · 名次变化 {ranks} 个",
            track.name,
            track.id,
            tc.units.len()
        ),
    );
    if !tc.movers.is_empty() {
        b.heading(3, "变动最大的单位（等次变化在前）");
        b.table_head(DocTable::new(&[
            ("单位", false),
            ("原名次", true),
            ("新名次", true),
            ("名次变化", false),
            ("原等次", false),
            ("新等次", false),
            ("原总分", true),
            ("新总分", true),
            ("总分变化", true),
            ("主要原因", false),
        ]));
        for &i in &tc.movers {
            let u = &tc.units[i];
            let (Some(f), Some(e)) = (&u.from, &u.explanation) else {
                continue;
            };
            b.row(&[
                v.shown(u),
                f.rank.to_string(),
                u.to.rank.to_string(),
                arrow(u),
                f.grade_name(v.from).to_string(),
                u.to.grade_name(v.to).to_string(),
                fixed(f.rounded, d),
                fixed(u.to.rounded, d),
                signed_units(e.change, d),
                v.reasons(e, 3),
            ]);
        }
        b.table_end();
        let lines = tc
            .movers
            .iter()
            .filter_map(|&i| {
                let u = &tc.units[i];
                u.explanation
                    .as_ref()
                    .map(|e| format!("{}：{}", v.shown(u), v.equation(e)))
            })
            .collect();
        b.lines(lines);
    }
    b.heading(3, "全部单位");
    b.table_head(DocTable::new(&[
        ("新名次", true),
        ("单位", false),
        ("原名次", true),
        ("名次变化", false),
        ("原等次", false),
        ("新等次", false),
        ("原总分", true),
        ("新总分", true),
        ("总分变化", true),
    ]));
    for u in &tc.units {
        let f = u.from.as_ref();
        b.row(&[
            u.to.rank.to_string(),
            v.shown(u),
            f.map(|f| f.rank.to_string()).unwrap_or_default(),
            arrow(u),
            f.map(|f| f.grade_name(v.from).to_string())
                .unwrap_or_default(),
            u.to.grade_name(v.to).to_string(),
            f.map(|f| fixed(f.rounded, d)).unwrap_or_default(),
            fixed(u.to.rounded, d),
            u.explanation
                .as_ref()
                .map(|e| signed_units(e.change, d))
                .unwrap_or_default(),
        ]);
    }
    b.table_end();
}

/// The rows [`csv`] gathers before writing them out.
const ROWS: usize = 1024;

/// CSV/TSV: one row per unit of every track shown, written to `w` [`ROWS`] rows at a time.
pub fn csv(v: &CompareView, opts: CsvOptions, w: &mut dyn Write) -> std::io::Result<()> {
    let d = v.d();
    let mut s = Sheet::new(opts);
    let mut header: Vec<String> = [
        "track",
        "unit_id",
        "unit_name",
        "parent_name",
        "from_track",
        "from_rank",
        "to_rank",
        "rank_change",
        "from_grade",
        "to_grade",
        "grade_changed",
        "from_total",
        "to_total",
        "total_change",
        "mover",
    ]
    .map(String::from)
    .to_vec();
    header.extend(
        v.comparison
            .indicators
            .iter()
            .map(|k| format!("delta:{}", k.id)),
    );
    header.extend(["delta:adjustments".into(), "delta:rounding".into()]);
    s.header(&header);
    for tc in &v.comparison.tracks {
        let track = &v.to.cfg.tracks[tc.track].id;
        let mut mover = vec![false; tc.units.len()];
        for &i in &tc.movers {
            mover[i] = true;
        }
        for (i, (u, &mover)) in tc.units.iter().zip(&mover).enumerate() {
            let f = u.from.as_ref();
            let e = u.explanation.as_ref();
            let mut row: Vec<String> = vec![
                track.clone(),
                v.id(u).to_string(),
                v.name(u).to_string(),
                v.parent(u).to_string(),
                f.map(|f| v.old_track(f).to_string()).unwrap_or_default(),
                f.map(|f| f.rank.to_string()).unwrap_or_default(),
                u.to.rank.to_string(),
                u.rank_change.map(|c| c.to_string()).unwrap_or_default(),
                f.map(|f| f.grade_name(v.from).to_string())
                    .unwrap_or_default(),
                u.to.grade_name(v.to).to_string(),
                if u.grade_changed { "1" } else { "0" }.into(),
                f.map(|f| fixed(f.rounded, d)).unwrap_or_default(),
                fixed(u.to.rounded, d),
                e.map(|e| units_text(e.change, d)).unwrap_or_default(),
                if mover { "1" } else { "0" }.into(),
            ];
            for k in 0..v.comparison.indicators.len() {
                let x = e.and_then(|e| e.part(k));
                row.push(x.map(|x| units_text(x, d)).unwrap_or_default());
            }
            row.push(e.map(|e| units_text(e.adjustments, d)).unwrap_or_default());
            row.push(e.map(|e| units_text(e.rounding, d)).unwrap_or_default());
            s.record(&row);
            if i % ROWS == ROWS - 1 {
                s.drain(w)?;
            }
        }
    }
    s.drain(w)
}

/// A number of units of the last decimal as a plain decimal (a number cell: no `+`).
fn units_text(n: i64, d: usize) -> String {
    let mut out = Vec::new();
    push_scaled(&mut out, n, d);
    String::from_utf8(out).unwrap_or_default()
}
