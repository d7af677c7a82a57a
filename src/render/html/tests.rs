use super::*;
use crate::render::doc::DocTable;

fn table(n: usize) -> Doc {
    let mut t = DocTable::new(&[("名次", true), ("单位", false)]);
    t.rows = (1..=n)
        .map(|i| vec![i.to_string(), format!("u{i}")])
        .collect();
    Doc(vec![Block::Table(t)])
}

fn rows(d: &Doc) -> Vec<Vec<String>> {
    match &d.0[0] {
        Block::Table(t) => t.rows.clone(),
        _ => unreachable!(),
    }
}

#[test]
fn items_kept_as_they_come_are_the_first_and_last_of_all() {
    for n in [
        0, 1, 40, 41, 1_999, 2_000, 2_001, 2_002, 2_021, 2_040, 2_041, 5_000,
    ] {
        let mut kept = Abridged::default();
        (1..=n).for_each(|i| kept.push(i));
        let got = kept.finish(|i| i as i64, |gap| -(gap as i64));
        let want: Vec<i64> = if n <= 2_000 {
            (1..=n as i64).collect()
        } else {
            let n = n as i64;
            (1..=20).chain([-(n - 40)]).chain(n - 19..=n).collect()
        };
        assert_eq!(got, want, "{n}");
    }
}

#[test]
fn long_tables_keep_their_first_and_last_rows() {
    assert_eq!(rows(&abridged(table(2_000))), rows(&table(2_000)));
    let cut = rows(&abridged(table(2_001)));
    assert_eq!(cut.len(), 41);
    assert_eq!(cut[0], ["1", "u1"]);
    assert_eq!(cut[19], ["20", "u20"]);
    assert_eq!(
        cut[20],
        ["……（其余 1961 行略，见 results.xlsx、notice.md）", ""]
    );
    assert_eq!(cut[21], ["1982", "u1982"]);
    assert_eq!(cut[40], ["2001", "u2001"]);
    let lines = |n: usize| {
        Doc(vec![Block::Lines(
            (1..=n).map(|i| format!("l{i}")).collect(),
        )])
    };
    let Block::Lines(l) = &abridged(lines(2_001)).0[0] else {
        unreachable!()
    };
    assert_eq!(
        (l.len(), l[20].as_str(), l[21].as_str()),
        (41, "……（其余 1961 条略，见 statements/）", "l1982")
    );
}
