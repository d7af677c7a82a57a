//! pingyi (评议): a batch evaluator for local-government quarterly performance reviews.
//!
//! Data flows one way: [`config`] and [`data`] load and validate the inputs once; [`scoring`]
//! and [`rank`] are pure functions over columns; [`render`] turns results into bytes. The binary
//! (`main.rs`) only parses arguments and wires these together.

pub mod analysis;
pub mod cli;
pub mod composite;
pub mod config;
pub mod data;
pub mod digest;
pub mod echo;
pub mod error;
pub mod eval;
pub mod filekind;
pub mod fold;
pub mod num;
pub mod output;
pub mod period;
pub mod render;
pub mod results;
pub mod run;

pub mod scoring;
pub mod starter;
pub mod template;
pub mod units;

pub use config::Config;
pub use data::Dataset;
pub use error::{Error, Problems};
pub use period::Period;
pub use results::Results;
pub use scoring::rank::evaluate;
