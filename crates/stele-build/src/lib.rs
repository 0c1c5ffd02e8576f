//! The pipeline, load -> parse -> resolve -> render -> write, as the
//! commands use it: `pipeline::run` for `build` and `check`, a `Session`
//! (the last good build kept in memory, rebuilt from what changed) for
//! `serve`, and `fix` for `check --fix`. What a rebuild keeps from the last
//! build, and when each kept thing still holds, is decided in `cache`; what
//! a build outputs in `plan`; the render stage is `rendering`.

mod cache;
mod checksums;
pub mod fix;
pub mod pipeline;
mod plan;
mod rendering;
pub mod session;
