//! What a command run does around its result, with no clap in sight: what it says on stderr
//! ([`voice`]), what a check shows and writes ([`check`]), folders written as one with a
//! progress bar ([`folder`]) and a period's collection tables written out ([`template`]). The
//! commands in `cli/` parse their arguments into these.

pub mod check;
pub mod folder;
pub mod template;
pub mod voice;

pub use voice::Voice;
