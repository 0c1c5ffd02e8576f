//! What the mention pass costs: parses a corpus's articles with the index of
//! every site and actor name, and again with an empty index, and compares
//! both with a full `stele check` of the same corpus.
//!
//!     cargo run --release --example mention-cost -- /tmp/stele-bench/10000/corpus

use std::path::PathBuf;
use std::time::Instant;

// The allocator `stele` itself uses, so that timings match the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use stele::frontmatter::{Autolink, RawHtml};
use stele::load::DocumentKind;
use stele::parse::{self, ParseSettings};
use stele::pipeline::{self, BuildOptions, Target};

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(f());
            started.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("usage: mention-cost CORPUS"));
    let (project, _) = stele::load::load(&root);
    let settings = ParseSettings { raw_html: RawHtml::Keep, autolink: Autolink::First, dates: stele::date::DateWords::english() };
    let articles: Vec<_> = project.documents.iter().filter(|f| f.kind == DocumentKind::Article).cloned().collect();
    let with_names = best_of(3, || parse::parse_all(&project.documents, settings, None));
    let entities_only: Vec<_> = project.documents.iter().filter(|f| f.kind != DocumentKind::Article).cloned().collect();
    let entity_parse = best_of(3, || parse::parse_all(&entities_only, settings, None));
    let without_names = best_of(3, || parse::parse_all(&articles, settings, None));
    let options = BuildOptions { root, include_drafts: false, not_found_root: None, strict: false, base_url: None };
    let full = best_of(3, || pipeline::run(&options, Target::Check, None));
    let mention_pass = with_names - entity_parse - without_names;
    println!("parse with every name:    {with_names:8.1} ms");
    println!("  of which entity files:  {entity_parse:8.1} ms");
    println!("parse with no names:      {without_names:8.1} ms (articles only)");
    println!("mention pass:             {mention_pass:8.1} ms");
    println!("full check (no writing):  {full:8.1} ms");
    println!("mention pass share:       {:8.1} %", 100.0 * mention_pass / full);
}
