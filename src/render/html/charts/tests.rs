use super::*;

fn bar(i: usize) -> Bar {
    Bar {
        label: format!("u{i}"),
        segments: vec![(0, i as f64)],
        value: String::new(),
    }
}

#[test]
fn large_tracks_show_top_and_bottom_slices() {
    assert_eq!(
        sliced(40, bar),
        (0..40).map(|i| Row::Bar(bar(i))).collect::<Vec<_>>()
    );
    // Only the bars shown are made.
    let made = std::cell::Cell::new(0);
    let rows = sliced(320, |i| {
        made.set(made.get() + 1);
        bar(i)
    });
    assert_eq!(made.get(), 2 * SLICE);
    assert!(matches!(&rows[SLICE - 1], Row::Bar(b) if b.label == "u19"));
    assert_eq!(rows.len(), 2 * SLICE + 1);
    assert_eq!(rows[SLICE], Row::Gap("… 中间 280 个单位略 …".into()));
    assert!(matches!(&rows[SLICE + 1], Row::Bar(b) if b.label == "u300"));
    assert!(matches!(&rows[2 * SLICE], Row::Bar(b) if b.label == "u319"));
}
