//! The pipeline, load -> parse -> resolve -> render -> write, as the
//! commands use it: `pipeline::run` for `build` and `check`, a `Session`
//! (the last good build kept in memory, rebuilt from what changed) for
//! `serve`, and `fix` for `check --fix`.

pub mod fix;
pub mod pipeline;
pub mod session;
