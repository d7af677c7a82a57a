//! Everything that drives the real `pingyi` binary (or the library) end to end, on fixtures
//! written by the harness's [`common::Workdir`]: scoring methods and totals against values
//! worked out by hand, errors, reading real-world input, analysis, the report package, trends
//! and the roll-up, and safe output.

mod common;

mod cli {
    mod analysis;
    mod bounds;
    mod compare;
    mod composite;
    mod config_errors;
    mod diagnostics;
    mod end_to_end;
    mod errors;
    mod growth;
    mod methods;
    mod output;
    mod peers;
    mod reading;
    mod report;
    mod robustness;
    mod rollup;
    mod schemes;
    mod sensitivity;
    mod totals;
    mod tracks;
    mod unreadable;
    mod weights;
}
