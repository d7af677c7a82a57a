//! Short number formats and wordings shared by the renderers.

use super::{fixed, signed};
use crate::analysis::trend::Move;
use crate::num::round_to;
use crate::period::Period;

/// A derived number (growth, peer statistics): at most 4 decimals, empty when absent.
pub fn opt_num(x: Option<f64>) -> String {
    x.map(trim_num).unwrap_or_default()
}

/// `0.25` → `25%`.
pub fn percent(share: f64) -> String {
    format!("{}%", trim_num(share * 100.0))
}

/// A number with at most 4 decimals and no trailing zeros: `0.75`, `12`, `3.1416`.
pub fn trim_num(x: f64) -> String {
    let mut out = Vec::with_capacity(crate::num::ROOM);
    push_trim_num(&mut out, x);
    String::from_utf8(out).unwrap_or_default()
}

/// Appends [`trim_num`]`(x)` to `out`.
pub fn push_trim_num(out: &mut Vec<u8>, x: f64) {
    // The fast path (statements print thousands of these): the rounded value as an integer of
    // ten-thousandths, its trailing zeros dropped — the same digits as the format below, for
    // values small enough that the rounded f64 prints back at 4 decimals unchanged.
    if let Some(n) = crate::num::scaled(x, 4).filter(|n| n.unsigned_abs() < 100_000_000_000) {
        crate::num::push_decimal(out, n, 4);
        return;
    }
    let s = format!("{:.4}", round_to(x, 4));
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    out.extend_from_slice(s.as_bytes());
}

/// The names of the [`trend_cells`] columns, in their order.
pub const TREND_COLUMNS: [&str; 5] = [
    "against",
    "prev_rank",
    "rank_change",
    "score_change",
    "trend",
];

/// Trend cells: `against, prev_rank, rank_change, score_change, trend`; empty without trends.
pub fn trend_cells(m: Option<&Move>, against: Option<Period>, d: usize) -> [String; 5] {
    let (Some(m), Some(against)) = (m, against) else {
        return Default::default();
    };
    [
        against.to_string(),
        m.prev_rank().map(|r| r.to_string()).unwrap_or_default(),
        m.rank_change().map(|r| r.to_string()).unwrap_or_default(),
        m.score_change().map(|s| fixed(s, d)).unwrap_or_default(),
        m.label.chinese().to_string(),
    ]
}

/// The trend of a unit in words: `较2024Q1 名次↑2，得分+1.25，进位`, or `较2024Q1 新增`.
pub fn trend_text(m: &Move, against: Period, d: usize) -> String {
    match (m.rank_change(), m.score_change()) {
        (Some(r), Some(s)) => format!(
            "较{against} 名次{}，得分{}，{}",
            if r == 0 {
                "不变".to_string()
            } else {
                m.arrow()
            },
            signed(s, d),
            m.label.chinese()
        ),
        _ => format!("较{against} {}", m.label.chinese()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn numbers_are_trimmed() {
        assert_eq!(percent(0.25), "25%");
        assert_eq!(trim_num(1.0 - 0.1), "0.9");
        assert_eq!(trim_num(12.0), "12");
        assert_eq!(trim_num(-0.00001), "0");
    }

    /// What trim_num printed before its fast path: the formatted rounded value, trimmed.
    fn trim_formatted(x: f64) -> String {
        let s = format!("{:.4}", round_to(x, 4));
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_path_prints_what_the_format_prints(
            x in proptest::prop_oneof![
                proptest::num::f64::ANY,
                -1e12..1e12f64,
                (-1_000_000i64..1_000_000).prop_map(|n| n as f64 / 1e4),
                (-1_000_000i64..1_000_000).prop_map(|n| n as f64 / 1e5 + 5e-6),
            ]
        ) {
            proptest::prop_assert_eq!(trim_num(x), trim_formatted(x));
        }
    }
}
