use super::*;

fn chart(rows: Vec<Row>) -> BarChart {
    BarChart {
        title: "总分 <按名次>".into(),
        subtitle: "前 2 名".into(),
        x_label: "总分".into(),
        y_label: "单位".into(),
        series: vec![
            Series::new("优秀", "#2e7d32"),
            Series::new("良好", "#1f77b4"),
        ],
        rows,
        decimals: 2,
    }
}

fn bar(label: &str, segments: Vec<(usize, f64)>) -> Row {
    Row::Bar(Bar {
        label: label.into(),
        segments,
        value: "1.00".into(),
    })
}

#[test]
fn a_chart_has_title_axis_labels_legend_and_one_rect_per_segment() {
    let svg = chart(vec![
        bar("城关镇", vec![(0, 60.0), (1, 30.0)]),
        Row::Gap("… 中间 3 个单位略 …".into()),
        bar("龙泉镇", vec![(1, 40.0)]),
    ])
    .svg();
    assert!(svg.starts_with("<svg viewBox=\"0 0 760 "));
    assert!(svg.contains("<title>总分 &lt;按名次&gt;</title>"));
    assert!(svg.contains(">总分</text>") && svg.contains(">单位</text>"));
    assert!(svg.contains(">优秀</text>") && svg.contains(">良好</text>"));
    assert!(svg.contains("中间 3 个单位略"));
    // Background, two legend swatches, three segments.
    assert_eq!(svg.matches("<rect").count(), 1 + 2 + 3);
}

#[test]
fn negative_values_grow_left_of_zero() {
    let svg = chart(vec![bar("甲", vec![(0, -3.0)]), bar("乙", vec![(1, 5.0)])]).svg();
    // Ticks run from −4 to 6 (step 2): the zero line sits inside the plot.
    assert!(svg.contains(">-4</text>") && svg.contains(">6</text>"));
}

#[test]
fn the_same_chart_gives_the_same_bytes() {
    let rows = || vec![bar("甲", vec![(0, 1.0 / 3.0)])];
    assert_eq!(chart(rows()).svg(), chart(rows()).svg());
    assert!(chart(Vec::new()).svg().contains("（无数据）"));
}
