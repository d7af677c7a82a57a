use super::*;

fn bars(n: usize) -> Vec<Bar> {
    (0..n)
        .map(|i| Bar {
            label: format!("u{i}"),
            segments: vec![(0, i as f64)],
            value: String::new(),
        })
        .collect()
}

#[test]
fn large_tracks_show_top_and_bottom_slices() {
    assert_eq!(sliced(bars(40)).len(), 40);
    let rows = sliced(bars(320));
    assert_eq!(rows.len(), 2 * SLICE + 1);
    assert_eq!(rows[SLICE], Row::Gap("… 中间 280 个单位略 …".into()));
    assert!(matches!(&rows[SLICE + 1], Row::Bar(b) if b.label == "u300"));
    assert!(matches!(&rows[2 * SLICE], Row::Bar(b) if b.label == "u319"));
}
