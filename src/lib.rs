//! stele: a static-site generator for conflict and cultural-heritage
//! monitoring. The work is done by the crates under `crates/`, one per
//! stage (see ARCHITECTURE.md); this library gathers them under one name
//! for the command line, the tests and the benchmarks.

pub use stele_archive as archive;
pub use stele_build::{fix, pipeline, session};
pub use stele_changes as changes;
pub use stele_core::{date, diagnostics, figures, ids, kinds, model, source, suggest, urls, words};
pub use stele_load as load;
pub use stele_output as output;
pub use stele_parse as parse;
pub use stele_parse::{frontmatter, markdown, mentions, script_url, yaml_locate};
pub use stele_render as render;
pub use stele_resolve as resolve;
pub use stele_resolve::patch;
pub use stele_serve as serve;
