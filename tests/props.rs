//! Properties and fuzzing through the library: invariants of every scoring method (proptest),
//! and every reader fed arbitrary and mutated bytes. Case counts come from the environment
//! (`PROPTEST_CASES`, `PINGYI_FUZZ_CASES`); the defaults keep `cargo test` quick.

mod common;

mod props {
    mod fuzz;
    mod order;
    mod places;
    mod properties;
    mod scoring;

    use proptest::test_runner::{FailurePersistence, FileFailurePersistence};

    /// Where proptest keeps the failing cases it has found: beside the test file
    /// (`properties.rs` → `properties.proptest-regressions`), checked in so that every run
    /// replays them first. Named explicitly: proptest's default looks for a `lib.rs` or `main.rs`
    /// above the test file and, under `tests/`, guesses a path nobody checks in.
    fn regressions() -> Option<Box<dyn FailurePersistence>> {
        Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        )))
    }
}
