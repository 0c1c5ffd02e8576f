//! stele's plain data: the site model, dates, ids, diagnostics, the kinds
//! of documents and references, the source layout and the output's URL
//! scheme. Every stage above depends on this crate; it depends on no
//! parsing, rendering or I/O crate, and reads or writes nothing.

pub mod arabic;
pub mod bce;
pub mod date;
pub mod diagnostics;
pub mod figures;
pub mod ids;
pub mod kinds;
pub mod media;
pub mod model;
pub mod source;
pub mod suggest;
pub mod urls;
pub mod words;
