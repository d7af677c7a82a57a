use super::*;

#[test]
fn quartiles_interpolate_between_order_statistics() {
    let f = five_numbers(&[4.0, 1.0, 3.0, 2.0]).unwrap();
    assert_eq!((f.min, f.max, f.median), (1.0, 4.0, 2.5));
    assert_eq!((f.q1, f.q3), (1.75, 3.25));
    let one = five_numbers(&[7.0]).unwrap();
    assert_eq!((one.q1, one.median, one.q3), (7.0, 7.0, 7.0));
    assert_eq!(five_numbers(&[]), None);
}

#[test]
fn a_distribution_chart_draws_every_value_with_title_axes_and_legend() {
    let point = |v: f64, s: usize| Point {
        value: v,
        series: s,
        tip: format!("村 {v}"),
    };
    let chart = BoxPlot {
        title: "村（社区）得分分布".into(),
        subtitle: "按乡镇".into(),
        x_label: "总分".into(),
        y_label: "乡镇（街道）".into(),
        series: vec![
            Series::new("优秀", "#2e7d32"),
            Series::new("一般", "#f0a30a"),
        ],
        groups: vec![
            Group {
                label: "城关镇".into(),
                points: vec![point(90.0, 0), point(70.0, 1), point(80.0, 1)],
            },
            Group {
                label: "龙泉镇".into(),
                points: vec![point(60.0, 1)],
            },
        ],
        decimals: 2,
        notes: 0,
    };
    let svg = chart.svg();
    assert!(svg.contains("<title>村（社区）得分分布</title>"));
    assert!(svg.contains(">总分</text>") && svg.contains(">乡镇（街道）</text>"));
    assert!(svg.contains(">优秀</text>") && svg.contains("四分位距"));
    // Two legend dots and four values.
    assert_eq!(svg.matches("<circle").count(), 2 + 4);
    assert!(svg.contains("n=3 中位 80.00"));
    assert_eq!(svg, chart.svg());
    assert!(svg.contains("共 2 组、4 个值"));
    // A group without values (a track without units) is a group; a note row is not.
    let mut empty = chart.clone();
    empty.groups.push(Group {
        label: "空".into(),
        points: Vec::new(),
    });
    assert!(empty.svg().contains("共 3 组、4 个值"));
    empty.notes = 1;
    assert!(empty.svg().contains("共 2 组、4 个值"));
    // A group of 2,001 values: its box from all of them, 40 points drawn (plus 2 legend dots).
    let mut big = chart.clone();
    big.groups = vec![Group {
        label: "全省".into(),
        points: (0..2_001).map(|i| point(f64::from(i), 0)).collect(),
    }];
    let svg = big.svg();
    assert_eq!(svg.matches("<circle").count(), 2 + 40);
    assert!(svg.contains("n=2001 中位 1000.00"), "{svg}");
    // The median at the configured decimals, for an even count the exact mean of the middle
    // two (78.875 → 78.88, as the tables print it; the label printed 78.9 at any decimals).
    let mut even = chart.clone();
    even.groups = vec![Group {
        label: "城关镇".into(),
        points: vec![
            point(78.87, 0),
            point(78.88, 1),
            point(60.0, 1),
            point(90.0, 0),
        ],
    }];
    assert!(even.svg().contains("n=4 中位 78.88"));
    even.decimals = 0;
    assert!(even.svg().contains("n=4 中位 79<"));
    assert!(svg.contains("<title>村 0</title>") && svg.contains("<title>村 2000</title>"));
    assert!(!svg.contains("<title>村 20</title>") && svg.contains("<title>村 1981</title>"));
}
