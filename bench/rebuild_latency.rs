//! One-edit rebuild times through the incremental path `stele serve` uses
//! (`Session::rebuild`), on a corpus made by `stele-bench gen`.
//!
//!     cargo run --release --example rebuild-latency -- /tmp/stele-bench/10000/corpus [EDITS]
//!
//! Prints the median and spread of each kind of edit and how many pages each re-rendered.

use std::path::{Path, PathBuf};
use std::time::Instant;

// The allocator `stele` itself uses, so that timings match the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use stele::pipeline::{BuildOptions, SourceChanges};
use stele::session::Session;

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn article_paths(root: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content/articles"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    paths
}

/// Times `edits` rebuilds, each after `edit(i)` changed the file it returns
/// (told to the session as `serve`'s watcher would).
fn measure(session: &mut Session, root: &Path, label: &str, edits: usize, mut edit: impl FnMut(usize) -> PathBuf) {
    let mut millis = Vec::new();
    let mut rendered = Vec::new();
    let mut last_timings = None;
    for i in 0..edits {
        let path = edit(i);
        let changed = path.strip_prefix(root).expect("inside the corpus").to_string_lossy().replace('\\', "/");
        let started = Instant::now();
        let rebuild = session.rebuild_after(SourceChanges::Paths([changed].into())).expect("rebuild");
        millis.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(!rebuild.report.has_errors(), "{:?}", rebuild.report.diagnostics.first());
        rendered.push(rebuild.report.rendered as f64);
        last_timings = Some(rebuild.report.timings.clone());
    }
    if let Some(last) = &last_timings {
        let stages: Vec<String> = last.iter().map(|(stage, took)| format!("{stage} {:.0} ms", took.as_secs_f64() * 1000.0)).collect();
        println!("{label:<28} last rebuild by stage: {}", stages.join(", "));
    }
    let spread = (millis.iter().cloned().fold(f64::MAX, f64::min), millis.iter().cloned().fold(0.0, f64::max));
    println!(
        "{label:<28} median {:>8.1} ms  (min {:.1}, max {:.1})  pages re-rendered: median {}",
        median(&mut millis),
        spread.0,
        spread.1,
        median(&mut rendered)
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: rebuild-latency CORPUS [EDITS]"));
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let options = BuildOptions { root: root.clone(), include_drafts: false, not_found_root: Some("/".into()), strict: false, base_url: None };
    let mut session = Session::new(options);
    let started = Instant::now();
    let first = session.rebuild().expect("first build");
    println!("first build: {} pages in {:.0} ms", first.report.pages, started.elapsed().as_secs_f64() * 1000.0);

    let articles = article_paths(&root);
    let pick = |i: usize| &articles[(i * 7919) % articles.len()];
    measure(&mut session, &root, "article body edit", edits, |i| {
        let path = pick(i);
        let mut text = std::fs::read_to_string(path).expect("read");
        text.push_str(&format!("\nAn added closing sentence, number {i}.\n"));
        std::fs::write(path, text).expect("write");
        path.clone()
    });
    // Only events reported once: moving a re-reported event's date in one
    // article would be a disagreement (an error), not an edit.
    let mut reports: std::collections::HashMap<String, usize> = Default::default();
    let first_event_id = |text: &str| text.split("\n  - id: ").nth(1).and_then(|rest| rest.lines().next()).map(str::to_string);
    for path in &articles {
        let text = std::fs::read_to_string(path).expect("read");
        for id in text.split("\n  - id: ").skip(1).filter_map(|rest| rest.lines().next()) {
            *reports.entry(id.to_string()).or_default() += 1;
        }
    }
    let movable: Vec<&PathBuf> = articles
        .iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).expect("read");
            first_event_id(&text).is_some_and(|id| reports.get(&id) == Some(&1))
        })
        .collect();
    measure(&mut session, &root, "event date edit", edits, |i| {
        let path = movable[(i * 7919) % movable.len()];
        let text = std::fs::read_to_string(path).expect("read");
        // The first event's date becomes its year alone: it moves across every page listing it.
        let Some(at) = text.find("\n    date: ") else { return path.clone() };
        let value_start = at + "\n    date: ".len();
        let line_end = value_start + text[value_start..].find('\n').unwrap_or(0);
        let year: String = text[value_start..line_end].chars().take(4).collect();
        std::fs::write(path, format!("{}{year}{}", &text[..value_start], &text[line_end..])).expect("write");
        path.clone()
    });
    // Among the first 200 actors (the hottest first), or all of a small corpus's.
    let actors = std::fs::read_dir(root.join("content/actors")).map_or(0, |dir| dir.count()).clamp(1, 200);
    measure(&mut session, &root, "actor name edit", edits, |i| {
        let path = root.join(format!("content/actors/actor-{:05}.md", 1 + (i * 37) % actors));
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replacen("\nname: \"", &format!("\nname: \"R{i} "), 1)).expect("write");
        path
    });
}
