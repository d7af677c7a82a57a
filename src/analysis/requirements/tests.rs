use super::bottom_cutoff;

#[test]
fn bottom_cutoff_is_the_ceiling_of_the_complement_share() {
    // ⌈0.75·48⌉ = 36: ranks 37..48 are the bottom quarter.
    assert_eq!(bottom_cutoff(0.25, 48), 36);
    // ⌈0.75·5⌉ = ⌈3.75⌉ = 4: only rank 5.
    assert_eq!(bottom_cutoff(0.25, 5), 4);
    // (1 − 0.1)·10 is 9.000000000000002 in binary; the cutoff is still 9.
    assert_eq!(bottom_cutoff(0.1, 10), 9);
    // share 0 turns the lines off: the cutoff is n itself.
    assert_eq!(bottom_cutoff(0.0, 7), 7);
    assert_eq!(bottom_cutoff(0.25, 0), 0);
}
