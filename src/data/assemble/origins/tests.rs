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
#[should_panic(expected = "unit 7 of 7")]
fn a_unit_past_the_registry_is_a_bug_as_in_a_vec() {
    let _ = Lines::from_dense(vec![0, 7, 0, 0, 0, 9, 0])[7];
}
