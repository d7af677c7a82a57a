use super::*;

#[test]
fn a_column_from_one_table_is_held_as_bits_and_spelt_out_once_a_second_table_adds_to_it() {
    let mut col = SlotOrigins::none(130);
    assert_eq!((col.len(), col.any_given()), (130, false));
    assert_eq!(
        (col.get(0), col.get(129), col.get(130)),
        (Some(NONE), Some(NONE), None)
    );
    col.set(0, 3);
    col.set(64, 3);
    col.set(129, 3);
    assert!(col.any_given());
    assert!(matches!(col.0, Slot::One { table: 3, .. }));
    let given: Vec<usize> = (0..130).filter(|&p| col.at(p) != NONE).collect();
    assert_eq!(given, [0, 64, 129]);
    // A second table: every cell keeps its table.
    col.set(5, 7);
    assert!(matches!(col.0, Slot::Each(_)));
    assert_eq!(
        [col.at(0), col.at(5), col.at(64), col.at(129), col.at(1)],
        [3, 7, 3, 3, NONE]
    );
    assert_eq!(col.get(130), None);
    col.fill(0);
    assert!((0..130).all(|p| col.at(p) == 0));
    assert!(!SlotOrigins::none(0).any_given());
}

#[test]
fn lines_read_like_the_vector_they_come_from_held_either_way() {
    // Most units with a row: held by unit.
    let most = vec![2, 3, 0, 5];
    assert_eq!(Lines::from_dense(most.clone()), Lines::ByUnit(most));
    // Few: only the rows, looked up by unit.
    let few = vec![0, 7, 0, 0, 0, 9, 0];
    let lines = Lines::from_dense(few.clone());
    assert_eq!(
        lines,
        Lines::Rows {
            units: 7,
            rows: vec![(1, 7), (5, 9)]
        }
    );
    assert_eq!(lines.len(), 7);
    let read: Vec<u32> = (0..7).map(|u| lines[u]).collect();
    assert_eq!(read, few);
    assert!(Lines::from_dense(Vec::new()).is_empty());
}

#[test]
fn the_units_without_a_row_are_found_held_either_way() {
    // By hand: units 1, 4, 5 and 6 have rows (most: held by unit); of 0, 1, 3, 5, 6, the
    // units 0 and 3 have none. Few of the sparse registry's units have rows: 1, 5 and 14.
    let dense = vec![0, 7, 0, 0, 2, 9, 4];
    let sparse = vec![0, 7, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 4];
    assert!(matches!(Lines::from_dense(dense.clone()), Lines::ByUnit(_)));
    assert!(matches!(
        Lines::from_dense(sparse.clone()),
        Lines::Rows { .. }
    ));
    assert_eq!(
        Lines::from_dense(dense).without_row(&[0, 1, 3, 5, 6]),
        [0, 3]
    );
    let lines = Lines::from_dense(sparse);
    assert_eq!(lines.without_row(&[0, 1, 3, 5, 6, 14]), [0, 3, 6]);
    // Units before, between and past the rows; none; all of them.
    assert_eq!(lines.without_row(&[2, 4, 7, 13]), [2, 4, 7, 13]);
    assert_eq!(lines.without_row(&[]), Vec::<usize>::new());
    assert_eq!(lines.without_row(&[1, 5, 14]), Vec::<usize>::new());
}

#[test]
#[should_panic(expected = "unit 7 of 7")]
fn a_unit_past_the_registry_is_a_bug_as_in_a_vec() {
    let _ = Lines::from_dense(vec![0, 7, 0, 0, 0, 9, 0])[7];
}
