//! The one integration-test binary: drives the real `pingyi` executable on fixtures written by
//! [`util::Workdir`], asserting values computed by hand from the formulas of issue 2.

mod config_errors;
mod end_to_end;
mod errors;
mod growth;
mod methods;
mod peers;
mod totals;
#[allow(dead_code)] // shared with tests/rollup.rs, which uses other parts
mod util;
