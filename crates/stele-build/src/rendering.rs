//! The render stage: every page a build must look at rendered in parallel
//! into the sink, then the copied files put beside them.

use crate::plan::{FileSource, Plan};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use stele_core::diagnostics::{Code, Diagnostic};
use stele_output::{Content, OutputSink, PutError};
use stele_render::deps::{DepKey, ModelHashes};
use stele_render::failures::RenderFailure;
use stele_render::pages::{Page, PageKind, TimelineScope};
use stele_render::{Fragments, Renderer};

/// Called from rendering threads with (pages rendered so far, pages in all).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// What a rebuild knows of the last good build (only with a cache).
pub(crate) struct PreviousBuild<'a> {
    /// Each page's fingerprint when it was last rendered.
    pub fingerprints: &'a HashMap<String, u128>,
    /// The pages (indices into the plan) to look at; every other one read
    /// nothing that changed, so it is not even fingerprinted. None: all.
    pub only: Option<Vec<usize>>,
    /// This build's facet hashes, with the item numbers pages record what they read by.
    pub hashes: &'a ModelHashes,
    /// Rendered parts of pages (the timeline's months), reused when unchanged.
    pub fragments: &'a Fragments,
}

/// What rendering found, for the report and for the next build.
pub(crate) struct RenderOutcome {
    /// Files that could not be put.
    pub problems: Vec<Diagnostic>,
    /// Pages that did not render, in plan order (reported by `failures::report`).
    pub failures: Vec<RenderFailure>,
    /// Pages rendered (the others looked at were unchanged by fingerprint).
    pub rendered: usize,
    pub records: PageRecords,
}

/// What a build with a cache learns of the pages it looked at.
#[derive(Default)]
pub(crate) struct PageRecords {
    pub fingerprints: Vec<(String, u128)>,
    /// What each page rendered (or fingerprinted) this time read.
    pub deps: Vec<(String, Vec<DepKey>)>,
}

/// A page's fingerprint (if taken), whether its previous bytes stand, and what it read.
type PageResult = (Option<u128>, bool, Option<Vec<DepKey>>);

enum PageFailure {
    /// A template failed: reported once per mistake after rendering, not once per page.
    Render(Box<RenderFailure>),
    Write(Diagnostic),
}

/// Says why a file could not be put into the sink, at the right place.
pub(crate) type PutFailed<'a> = &'a (dyn Fn(&str, PutError) -> Diagnostic + Sync);

/// Renders the plan's pages (those `previous` says to look at) and puts
/// them and its files into `sink`.
pub(crate) fn render_all(
    renderer: Renderer,
    plan: &Plan,
    sink: &dyn OutputSink,
    put_failed: PutFailed,
    previous: Option<&PreviousBuild>,
    progress: Progress,
) -> RenderOutcome {
    let renderer = match previous {
        Some(previous) => renderer.with_fingerprints().with_fragments(previous.fragments, previous.hashes),
        None => renderer,
    };
    let order = match previous.and_then(|p| p.only.as_ref()) {
        Some(only) => only.clone(),
        None => render_order(&plan.pages),
    };
    renderer.prepare_search(order.iter().map(|&i| &plan.pages[i]));
    let results = render_pages(&renderer, &plan.pages, order, sink, put_failed, previous, progress);
    drop(renderer);
    let mut outcome = collect(results, &plan.pages);
    put_files(&plan.files, sink, put_failed, &mut outcome.problems);
    outcome
}

/// Pages in the order to render them: the few big ones (the timeline, the
/// sitemap, entity pages, the search index's files) first, so that no core
/// is left alone with one of them at the end.
fn render_order(pages: &[Page]) -> Vec<usize> {
    let weight = |kind: PageKind| match kind {
        PageKind::Timeline | PageKind::TimelinePeriod(TimelineScope::Whole, _) | PageKind::Sitemap => 0,
        PageKind::Data(file) if file.is_whole_site() => 0,
        // Made before any page; written first, their texts leave memory early.
        PageKind::SearchIndex(_) => 0,
        // A hot site's or actor's year pages are as big as its page.
        PageKind::Site(_) | PageKind::Actor(_) | PageKind::TimelinePeriod(..) => 1,
        _ => 2,
    };
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_key(|&i| weight(pages[i].kind));
    order
}

/// Renders the pages at `order` in parallel, each into `sink` unless its
/// fingerprint is unchanged; the results come back in plan order.
fn render_pages(
    renderer: &Renderer,
    pages: &[Page],
    order: Vec<usize>,
    sink: &dyn OutputSink,
    put_failed: PutFailed,
    previous: Option<&PreviousBuild>,
    progress: Progress,
) -> Vec<(usize, Result<PageResult, PageFailure>)> {
    let done = AtomicUsize::new(0);
    let numbers = previous.map(|p| &p.hashes.numbers);
    let render_one = |page: &Page| -> Result<PageResult, PageFailure> {
        let old_fingerprint = previous.and_then(|p| p.fingerprints.get(&page.path)).copied();
        let rendered = renderer.render(page, old_fingerprint, numbers).map_err(PageFailure::Render)?;
        let Some(html) = rendered.html else { return Ok((rendered.fingerprint, true, rendered.deps)) };
        sink.put(&page.path, Content::Bytes(html.as_bytes())).map_err(|err| PageFailure::Write(put_failed(&page.path, err)))?;
        Ok((rendered.fingerprint, false, rendered.deps))
    };
    let mut results: Vec<(usize, Result<PageResult, PageFailure>)> = order
        .into_par_iter()
        .map(|index| {
            let count = done.fetch_add(1, Ordering::Relaxed) + 1;
            if count.is_multiple_of(256) || count == pages.len() {
                progress(count, pages.len());
            }
            (index, render_one(&pages[index]))
        })
        .collect();
    results.sort_unstable_by_key(|(index, _)| *index);
    results
}

/// Sorts the pages' results into what the report and the cache need.
fn collect(results: Vec<(usize, Result<PageResult, PageFailure>)>, pages: &[Page]) -> RenderOutcome {
    let mut outcome = RenderOutcome { problems: Vec::new(), failures: Vec::new(), rendered: 0, records: PageRecords::default() };
    for (index, result) in results {
        let page = &pages[index];
        match result {
            Ok((fingerprint, reused, deps)) => {
                outcome.rendered += usize::from(!reused);
                if let Some(fingerprint) = fingerprint {
                    outcome.records.fingerprints.push((page.path.clone(), fingerprint));
                }
                if let Some(deps) = deps {
                    outcome.records.deps.push((page.path.clone(), deps));
                }
            }
            Err(PageFailure::Render(failure)) => outcome.failures.push(*failure),
            Err(PageFailure::Write(diagnostic)) => outcome.problems.push(diagnostic),
        }
    }
    outcome
}

fn put_files(files: &[(String, FileSource)], sink: &dyn OutputSink, put_failed: PutFailed, problems: &mut Vec<Diagnostic>) {
    for (path, source) in files {
        let content = match source {
            FileSource::Builtin(text) => Content::Bytes(text.as_bytes()),
            FileSource::Disk(source) => Content::File(source),
        };
        if let Err(err) = sink.put(path, content) {
            problems.push(put_failed(path, err));
        }
    }
}

/// A file that could not be put: an unreadable source is reported at the
/// source (relative to the project when it is inside), a failed write at
/// the output path.
pub(crate) fn put_failure(root: &Path, out: Option<&Path>, path: &str, err: PutError) -> Diagnostic {
    match err {
        PutError::Read { source_path, error } => {
            let shown = source_path.strip_prefix(root).map_or_else(|_| source_path.display().to_string(), |p| p.to_string_lossy().replace('\\', "/"));
            Diagnostic::error(shown, format!("cannot read: {error}"))
                .with_code(Code::UnreadableFile)
                .with_hint("the file vanished or cannot be read while building; restore it or remove it")
        }
        PutError::Write(error) => {
            let shown = out.map_or_else(|| path.to_string(), |o| o.join(path).display().to_string());
            Diagnostic::error(shown, format!("cannot write: {error}")).with_code(Code::CannotWrite)
        }
    }
}
