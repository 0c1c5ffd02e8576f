//! stele: a static-site generator for conflict and cultural-heritage
//! monitoring. See ARCHITECTURE.md for the map of the pipeline.

pub mod date;
pub mod diagnostics;
pub mod fix;
pub mod frontmatter;
pub mod ids;
pub mod load;
pub mod markdown;
pub mod mentions;
pub mod model;
pub mod output;
pub mod parse;
pub mod patch;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod script_url;
pub mod serve;
pub mod session;
pub mod suggest;
pub mod words;
pub mod yaml_locate;
