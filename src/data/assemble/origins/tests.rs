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
