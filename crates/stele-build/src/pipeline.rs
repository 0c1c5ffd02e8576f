//! The whole pipeline, load -> parse -> resolve -> render -> write, as one
//! function that `build` and `check` call with different sinks.

use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use stele_core::diagnostics::{Diagnostic, Diagnostics};
use stele_load::{self as load, DocumentKind, LoadedProject};
use stele_output::{Content, MemorySink, NullSink, OutputError, OutputFolder, OutputSink, PutError, StagedOutput, WriteStats};
use stele_parse as parse;
use stele_render::deps::{self, DepGraph, DepKey, ItemNumbers};
use stele_render::failures::{self, RenderFailure};
use stele_render::pages::{self, Page, PageKind};
use stele_render::{templates, RenderSettings, Renderer};
use stele_resolve::patch;
use stele_resolve::{self as resolve, ResolveOptions};
use tera::Tera;

/// Failures that stop a build for reasons other than its content.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The output folder was refused, or could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl BuildError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            BuildError::Output(err) => err.hint(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub include_drafts: bool,
    /// `root` of the 404 page; None: relative, as for publishing (see `RenderSettings`).
    pub not_found_root: Option<String>,
    /// Warnings and hints fail the build too (nothing is written).
    pub strict: bool,
}

/// Where the output goes.
pub enum Target<'a> {
    /// `stele check`: render everything, keep nothing.
    Check,
    /// Publish into a folder, replacing what was there only if the build
    /// succeeds. `force`: build into a folder that holds files stele has no
    /// record of (stele then replaces only its own paths and removes nothing).
    Directory { out: PathBuf, force: bool },
    /// Collect into memory (`stele serve`).
    Memory(&'a MemorySink),
}

/// What one build leaves for the next in the same process: the files read,
/// parsed documents and each page's fingerprint. Only `serve` keeps one.
#[derive(Default)]
pub struct BuildCache {
    pub parse: parse::ParseCache,
    page_fingerprints: HashMap<String, u128>,
    /// Which pages read which parts of the model (see `render::deps`).
    deps: DepGraph,
    /// The model of the last good build with its resolve diagnostics, for `patch`.
    resolved: Option<LastResolve>,
    /// The last good build's pages and files.
    plan: Option<Arc<Plan>>,
    /// Rendered parts of pages (the timeline's months).
    fragments: stele_render::Fragments,
    /// The template engine compiled from texts with this hash: compiling
    /// costs more than rendering the one page a body edit changes.
    templates: Option<(u64, Arc<Tera>)>,
    last_outputs: Option<Arc<[String]>>,
    /// Template texts' hash and the site settings of the last good build:
    /// every page reads them, so when they change every page is looked at.
    last_settings: Option<(u64, stele_core::model::Config)>,
    /// The last load (texts included) and its problems, brought up to date
    /// with `changes` instead of reading the whole tree again.
    sources: Option<(LoadedProject, Vec<Diagnostic>)>,
    changes: SourceChanges,
}

/// What `resolve` made of the documents, kept whole so that `patch` can update it.
struct LastResolve {
    model: stele_core::model::SiteModel,
    diagnostics: Vec<Diagnostic>,
    missing_annotations: Vec<resolve::MissingAnnotation>,
}

impl LastResolve {
    fn new(resolved: resolve::Resolved) -> Self {
        LastResolve { model: resolved.model, diagnostics: resolved.diagnostics, missing_annotations: resolved.missing_annotations }
    }
}

/// `texts`: the texts the documents were parsed from, which `resolve` reads
/// only to locate a problem in front matter.
fn resolve_all(
    options: &BuildOptions,
    config: stele_core::model::Config,
    documents: &[parse::ParsedDocument],
    unparsed: resolve::Unparsed,
    texts: &dyn resolve::SourceTexts,
) -> resolve::Resolved {
    resolve::resolve(texts, config, documents, ResolveOptions { include_drafts: options.include_drafts, unparsed })
}

/// The sites and actors whose files were loaded but produced no document:
/// their errors are reported at the files, and `resolve` does not report
/// references to them again.
fn unparsed_entities(project: &LoadedProject, documents: &[parse::ParsedDocument]) -> resolve::Unparsed {
    let mut unparsed = resolve::Unparsed::default();
    let mut note = |kind: DocumentKind, path: &str| {
        let id = stele_core::ids::entity_id(path).into_owned();
        match kind {
            DocumentKind::Site => unparsed.sites.insert(id),
            DocumentKind::Actor => unparsed.actors.insert(id),
            DocumentKind::Article => false,
        };
    };
    // Found but not readable (not UTF-8, say): never parsed either.
    for (kind, path) in &project.unreadable {
        note(*kind, path);
    }
    let loaded = project.documents.iter().filter(|f| f.kind != DocumentKind::Article).count();
    let parsed = documents.iter().filter(|d| !matches!(d, parse::ParsedDocument::Article(_))).count();
    if loaded == parsed {
        // The usual case: every one parsed.
        return unparsed;
    }
    let parsed_paths: HashSet<&str> = documents.iter().map(|d| d.path()).collect();
    for file in project.documents.iter().filter(|f| !parsed_paths.contains(f.path.as_str())) {
        note(file.kind, &file.path);
    }
    unparsed
}

/// What changed in the sources since the last build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SourceChanges {
    /// Not known: read the whole tree again.
    #[default]
    Unknown,
    /// Only these paths (relative to the root, `/`-separated), as a file watcher reported them.
    Paths(BTreeSet<String>),
}

impl BuildCache {
    /// Tells the next build what changed since the last one. Calls between
    /// two builds accumulate; one `Unknown` makes the next build read everything.
    pub fn note_changes(&mut self, changes: SourceChanges) {
        self.changes = match (std::mem::take(&mut self.changes), changes) {
            (SourceChanges::Paths(mut known), SourceChanges::Paths(more)) => {
                known.extend(more);
                SourceChanges::Paths(known)
            }
            _ => SourceChanges::Unknown,
        };
    }

    /// The project as it is on disk now: the previous load patched with the
    /// changed paths when they are known, otherwise a full load.
    fn load(&mut self, root: &Path) -> (LoadedProject, Vec<Diagnostic>) {
        let changes = std::mem::replace(&mut self.changes, SourceChanges::Paths(BTreeSet::new()));
        if let (SourceChanges::Paths(paths), Some((project, problems))) = (&changes, self.sources.take()) {
            if let Some(reloaded) = load::reload(root, project, problems, paths) {
                self.parse.expect_changes(Some(paths.clone()));
                return reloaded;
            }
        }
        self.parse.expect_changes(None);
        load::load(root)
    }
}

#[derive(Debug, Default)]
pub struct BuildReport {
    pub pages: usize,
    /// Pages rendered this time (the others were unchanged by fingerprint).
    pub rendered: usize,
    /// Every output path of this build (pages and files, sorted). With a cache,
    /// an output that was not put in the sink is unchanged: nothing it is
    /// made from changed, and the previous build's bytes stand.
    pub outputs: Arc<[String]>,
    /// Whether `outputs` equals the previous good build's (with a cache).
    pub same_outputs: bool,
    pub files: usize,
    pub written: Option<WriteStats>,
    pub diagnostics: Vec<Diagnostic>,
    /// Wall time per stage, in pipeline order.
    pub timings: Vec<(&'static str, Duration)>,
    /// What `check --fix` would add to front matter.
    pub missing_annotations: Vec<resolve::MissingAnnotation>,
}

impl BuildReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == stele_core::diagnostics::Severity::Error)
    }
}

struct Stopwatch {
    last: Instant,
    timings: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn new() -> Self {
        Stopwatch { last: Instant::now(), timings: Vec::new() }
    }
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.last));
        self.last = now;
    }
}

/// Runs the pipeline. Content problems come back in the report (and then
/// nothing is written); only I/O failures on the output are `Err`.
pub fn run(options: &BuildOptions, target: Target, cache: Option<&mut BuildCache>) -> Result<BuildReport, BuildError> {
    run_with_progress(options, target, cache, &|_, _| {})
}

/// Called from rendering threads with (pages rendered so far, pages in all).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// `run`, reporting rendering progress now and then (for a progress bar).
pub fn run_with_progress(
    options: &BuildOptions,
    target: Target,
    mut cache: Option<&mut BuildCache>,
    progress: Progress,
) -> Result<BuildReport, BuildError> {
    let mut clock = Stopwatch::new();
    let mut diagnostics = Diagnostics::new();
    // Refused before anything is read: a mistyped --out must cost nothing.
    let mut folder = match &target {
        Target::Directory { out, force } => Some(OutputFolder::open(&options.root, out, *force)?),
        _ => None,
    };
    let out = folder.as_ref().map(|f| f.given.clone());

    let (mut project, load_problems) = match cache.as_deref_mut() {
        Some(cache) => cache.load(&options.root),
        None => load::load(&options.root),
    };
    diagnostics.extend(load_problems.iter().cloned());
    clock.lap("load");
    if !project.has_content {
        // Nothing to build; the one error says where stele looked.
        return Ok(BuildReport { diagnostics: diagnostics.into_sorted(), timings: clock.timings, ..BuildReport::default() });
    }

    let (config, problems) = resolve::resolve_config(project.config.as_ref());
    let config_readable = problems.is_empty();
    diagnostics.extend(problems);
    // Links leaving the project are followed only into folders the settings allow.
    let (allowed, problems) = resolve::allowed_link_folders(&options.root, project.config.as_ref(), &config.allow_symlinks_to);
    diagnostics.extend(problems);
    if !project.outside_links.is_empty() {
        diagnostics.extend(load::follow_outside_links(&options.root, &mut project, &allowed));
    }
    let settings = parse::ParseSettings { raw_html: config.raw_html, autolink: config.autolink };
    let (documents, problems) = parse::parse_all(&project.documents, settings, cache.as_deref_mut().map(|c| &mut c.parse));
    diagnostics.extend(problems);
    let unparsed = unparsed_entities(&project, &documents);
    // The source texts are not needed past parsing (without a cache, positions
    // are looked up from disk on the error path); at 100k reports they are
    // half a gigabyte.
    // A cache keeps them so that the next build reads only what changed.
    let documents_read = std::mem::take(&mut project.documents);
    match cache.as_deref_mut() {
        Some(cache) => cache.sources = Some((LoadedProject { documents: documents_read, ..project.clone() }, load_problems)),
        None => drop(documents_read),
    }
    clock.lap("parse");

    // Edits of bodies and of what entity files say patch the last model
    // instead of resolving everything again.
    let edits = cache.as_deref_mut().and_then(|c| c.parse.take_edits());
    let last = cache.as_deref_mut().and_then(|c| c.resolved.take()).filter(|last| last.model.config == config);
    // A position must point into the text parsed: with a cache, the file on
    // disk may already be newer. Without one, the disk holds what was just read.
    let (on_disk, in_memory);
    let texts: &dyn resolve::SourceTexts = match cache.as_deref().and_then(|c| c.sources.as_ref()) {
        Some((loaded, _)) => {
            in_memory = resolve::LoadedTexts::new(&loaded.documents);
            &in_memory
        }
        None => {
            on_disk = resolve::TextsOnDisk::new(&options.root);
            &on_disk
        }
    };
    let (resolved, patched, replaced) = match (last, edits) {
        (Some(mut last), Some(edits)) => match patch::apply(&mut last.model, &last.diagnostics, &edits) {
            Some(patched) => (last, Some(patched), None),
            None => (LastResolve::new(resolve_all(options, config, &documents, unparsed, texts)), None, Some(last)),
        },
        (last, _) => (LastResolve::new(resolve_all(options, config, &documents, unparsed, texts)), None, last),
    };
    // Freeing 10,000 parsed documents, or the model a resolve replaced, takes
    // tens of milliseconds; nothing waits for it.
    std::thread::spawn(move || drop((documents, replaced)));
    let model = &resolved.model;
    diagnostics.extend(resolved.diagnostics.iter().cloned());
    if model.config.base_url.is_none() && config_readable {
        let hint = "feeds and sitemaps need absolute URLs, and the 404 page needs the site's path: without it, its links work only where the server shows it at the site's top level; set base_url in content/site.yaml";
        diagnostics.push(Diagnostic::warning(load::CONFIG_PATH, "no base_url: sitemap.xml and atom.xml are not written").with_hint(hint));
    }
    clock.lap("resolve");

    let template_sources = templates::sources(&project.templates);
    let template_fingerprints = templates::fingerprints(&template_sources);
    let templates_hash = templates::set_fingerprint(&template_fingerprints);
    let compiled = cache.as_deref().and_then(|c| c.templates.as_ref()).filter(|(hash, _)| *hash == templates_hash).map(|(_, tera)| Arc::clone(tera));
    let tera = match compiled.map_or_else(|| templates::compile(&template_sources, &project.templates).map(Arc::new), Ok) {
        Ok(tera) => {
            if let Some(cache) = cache.as_deref_mut() {
                cache.templates = Some((templates_hash, Arc::clone(&tera)));
            }
            Some(tera)
        }
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    };
    // The last plan holds while the pages and assets are the same; a patched
    // model has the same items in the same order, so the same pages.
    let last_plan =
        cache.as_deref_mut().and_then(|c| c.plan.take()).filter(|plan| plan.assets.0 == project.assets && plan.assets.1 == project.theme_assets);
    // A kept plan is that of the last good build, every page of which is known to `deps`.
    let (plan, plan_kept) = match last_plan {
        Some(plan) if patched.is_some() => (plan, true),
        last_plan => {
            let pages = pages::plan(model);
            match last_plan.filter(|plan| plan.pages == pages) {
                Some(plan) => (plan, true),
                None => (Arc::new(Plan::new(pages, &project)), false),
            }
        }
    };
    diagnostics.extend(plan.problems.iter().cloned());
    let (pages, files) = (&plan.pages, &plan.files);

    let mut report =
        BuildReport { pages: pages.len(), files: files.len(), missing_annotations: resolved.missing_annotations.clone(), ..BuildReport::default() };
    let fails = |d: &Diagnostics| d.has_errors() || (options.strict && !d.is_empty());
    let Some(tera) = tera.filter(|_| !fails(&diagnostics)) else {
        report.diagnostics = diagnostics.into_sorted();
        report.timings = clock.timings;
        return Ok(report);
    };

    let settings = match &options.not_found_root {
        Some(root) => RenderSettings { not_found_root: root.clone() },
        None => RenderSettings::for_publishing(model.config.base_url.as_deref()),
    };
    let mut tracking = cache.as_deref_mut().map(|cache| Tracking::start(cache, model, templates_hash, patched.as_ref()));
    let mut renderer = Renderer::new(&tera, template_fingerprints, model, pages, settings);
    // Content-addressed (by fingerprint), so kept whether or not this build succeeds.
    let fragments = cache.as_deref_mut().map(|c| std::mem::take(&mut c.fragments));
    if let (Some(fragments), Some(tracking)) = (&fragments, &tracking) {
        renderer = renderer.with_fingerprints().with_fragments(fragments, &tracking.hashes);
    }
    let staged = match folder.take() {
        Some(folder) => Some(StagedOutput::begin(folder)?),
        None => None,
    };
    let sink: &dyn OutputSink = match (&staged, &target) {
        (Some(staged), _) => staged,
        (None, Target::Memory(memory)) => *memory,
        (None, _) => &NullSink,
    };
    let empty = HashMap::new();
    let previous = PreviousBuild {
        fingerprints: cache.as_deref().map_or(&empty, |c| &c.page_fingerprints),
        only: match (&tracking, cache.as_deref()) {
            (Some(Tracking { affected: Some(affected), .. }), Some(cache)) => Some(plan.pages_to_look_at(affected, &cache.deps, plan_kept)),
            _ => None,
        },
        numbers: tracking.as_ref().map(|t| &t.hashes.numbers),
    };
    let put_failed = |path: &str, err: PutError| put_failure(&options.root, out.as_deref(), path, err);
    let rendered = render_all(&renderer, pages, files, sink, &put_failed, &previous, progress);
    drop(renderer);
    if let (Some(cache), Some(fragments)) = (cache.as_deref_mut(), fragments) {
        cache.fragments = fragments;
    }
    diagnostics.extend(rendered.problems);
    if !rendered.failures.is_empty() {
        let overrides: Vec<String> = project.templates.iter().map(|(name, _)| name.clone()).collect();
        diagnostics.extend(failures::report(rendered.failures, &tera, &template_sources, &overrides));
    }
    report.rendered = rendered.rendered;
    report.outputs = Arc::clone(&plan.outputs);
    let unkept = if let (Some(cache), Some(tracking)) = (cache.filter(|_| !fails(&diagnostics)), tracking.take()) {
        report.same_outputs = cache.last_outputs.as_ref().is_some_and(|last| Arc::ptr_eq(last, &plan.outputs) || **last == *plan.outputs);
        if !report.same_outputs {
            let present: HashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
            cache.page_fingerprints.retain(|path, _| present.contains(path.as_str()));
        }
        cache.page_fingerprints.extend(rendered.fingerprints);
        cache.deps.commit(tracking.hashes, rendered.deps, pages.len(), |path| plan.index.contains_key(path));
        cache.last_settings = Some(tracking.settings);
        cache.last_outputs = Some(Arc::clone(&plan.outputs));
        // Only a build whose dependencies were recorded may be patched next time.
        cache.resolved = Some(resolved);
        cache.plan = Some(Arc::clone(&plan));
        None
    } else {
        Some(resolved)
    };
    clock.lap("render");

    if let Some(staged) = staged {
        if !fails(&diagnostics) {
            let produced: HashSet<&str> = pages.iter().map(|p| p.path.as_str()).chain(files.iter().map(|f| f.0.as_str())).collect();
            report.written = Some(staged.commit(&produced)?);
        }
        clock.lap("write");
    }
    report.diagnostics = diagnostics.into_sorted();
    report.timings = clock.timings;
    // Freeing the model and the plan of a big site takes a moment (0.3 s at
    // 100k reports, on one thread); nothing waits for it.
    std::thread::spawn(move || drop((unkept, plan, project)));
    Ok(report)
}

/// Files copied verbatim: content assets and theme assets (built-in ones
/// unless the project overrides them). An asset may not take a page's place.
fn output_files(project: &LoadedProject, pages: &[Page], diagnostics: &mut Diagnostics) -> Vec<(String, FileSource)> {
    let mut files: Vec<(String, FileSource)> = Vec::new();
    for (path, text) in templates::BUILTIN_ASSETS {
        if !project.theme_assets.iter().any(|a| a.output_path == *path) {
            files.push((path.to_string(), FileSource::Builtin(text)));
        }
    }
    for asset in &project.theme_assets {
        files.push((asset.output_path.clone(), FileSource::Disk(asset.source.clone())));
    }
    if project.assets.is_empty() {
        return files;
    }
    let page_paths: HashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    // A file may not stand where the output needs a folder (`articles/x` vs `articles/x/index.html`).
    let folders: HashSet<&str> = pages.iter().flat_map(|p| p.path.match_indices('/').map(|(i, _)| &p.path[..i])).collect();
    for asset in &project.assets {
        let path = asset.output_path.as_str();
        let collides = page_paths.contains(path) || folders.contains(path) || files.iter().any(|(p, _)| p == path);
        if collides {
            diagnostics.push(
                Diagnostic::error(format!("content/{path}"), format!("this file would overwrite a generated file (`{path}`)"))
                    .with_hint("move or rename it"),
            );
            continue;
        }
        files.push((asset.output_path.clone(), FileSource::Disk(asset.source.clone())));
    }
    files
}

#[derive(Debug, Clone)]
pub enum FileSource {
    Builtin(&'static str),
    Disk(PathBuf),
}

/// Pages in the order to render them: the few big ones (the timeline, the
/// sitemap, entity pages) first, so that no core is left alone with one of
/// them at the end.
fn render_order(pages: &[Page]) -> Vec<usize> {
    let weight = |kind: PageKind| match kind {
        PageKind::Timeline | PageKind::Sitemap => 0,
        PageKind::Site(_) | PageKind::Actor(_) => 1,
        _ => 2,
    };
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_key(|&i| weight(pages[i].kind));
    order
}

/// Which pages and files a model makes, and where each page is in the list.
struct Plan {
    pages: Vec<Page>,
    files: Vec<(String, FileSource)>,
    /// Problems with the files (an asset where a page goes).
    problems: Vec<Diagnostic>,
    /// Every output path, sorted: equal when only the order of pages changed.
    outputs: Arc<[String]>,
    /// Page index by output path.
    index: HashMap<String, usize, foldhash::fast::RandomState>,
    /// The assets the files came from, to know when the plan still holds.
    assets: (Vec<load::Asset>, Vec<load::Asset>),
}

impl Plan {
    fn new(pages: Vec<Page>, project: &LoadedProject) -> Self {
        let mut problems = Diagnostics::new();
        let files = output_files(project, &pages, &mut problems);
        let mut outputs: Vec<String> = pages.iter().map(|p| p.path.clone()).chain(files.iter().map(|f| f.0.clone())).collect();
        outputs.sort_unstable();
        let index = pages.iter().enumerate().map(|(i, p)| (p.path.clone(), i)).collect();
        let assets = (project.assets.clone(), project.theme_assets.clone());
        Plan { pages, files, problems: problems.into_sorted(), outputs: outputs.into(), index, assets }
    }

    /// The pages a rebuild must look at: those reading something that
    /// changed, and those never built before (none when `all_known`: the
    /// plan is the last good build's).
    fn pages_to_look_at(&self, affected: &HashSet<String>, deps: &DepGraph, all_known: bool) -> Vec<usize> {
        let mut look: Vec<usize> = affected.iter().filter_map(|path| self.index.get(path).copied()).collect();
        if !all_known {
            look.extend(self.pages.iter().enumerate().filter(|(_, p)| !deps.knows(&p.path)).map(|(i, _)| i));
        }
        look.sort_unstable();
        look.dedup();
        look
    }
}

/// A page's fingerprint (if taken), whether its previous bytes stand, and what it read.
type PageResult = (Option<u128>, bool, Option<Vec<DepKey>>);

enum PageFailure {
    /// A template failed: reported once per mistake after rendering, not once per page.
    Render(Box<RenderFailure>),
    Write(Diagnostic),
}

struct RenderOutcome {
    problems: Vec<Diagnostic>,
    /// Pages that did not render, in plan order (reported by `failures::report`).
    failures: Vec<RenderFailure>,
    rendered: usize,
    /// Of the pages looked at.
    fingerprints: Vec<(String, u128)>,
    /// What each page rendered (or fingerprinted) this time read.
    deps: Vec<(String, Vec<DepKey>)>,
}

/// What a rebuild knows of the last good build.
struct PreviousBuild<'a> {
    fingerprints: &'a HashMap<String, u128>,
    /// The pages (indices into the plan) to look at; every other one read
    /// nothing that changed, so it is not even fingerprinted. None: all.
    only: Option<Vec<usize>>,
    /// Item numbers, to record what pages read (only with a cache).
    numbers: Option<&'a ItemNumbers>,
}

/// Dependency tracking for one build with a cache.
struct Tracking {
    hashes: deps::ModelHashes,
    /// Pages whose inputs changed; None: every page (first build, or the
    /// settings or templates changed, which every page reads).
    affected: Option<HashSet<String>>,
    settings: (u64, stele_core::model::Config),
}

impl Tracking {
    /// `patched`: what `patch` changed, when that is all that changed.
    /// `templates_hash`: `templates::set_fingerprint` of the templates in use.
    fn start(cache: &mut BuildCache, model: &stele_core::model::SiteModel, templates_hash: u64, patched: Option<&patch::Patched>) -> Self {
        let hashes = match patched {
            Some(patched) => cache.deps.hash_patched_model(model, patched),
            None => cache.deps.hash_model(model),
        };
        let settings = (templates_hash, model.config.clone());
        let affected = if cache.last_settings.as_ref() == Some(&settings) {
            cache.deps.affected_pages(&hashes).map(|paths| paths.into_iter().map(str::to_string).collect())
        } else {
            None
        };
        Tracking { hashes, affected, settings }
    }
}

/// A file that could not be put: an unreadable source is reported at the
/// source (relative to the project when it is inside), a failed write at
/// the output path.
fn put_failure(root: &Path, out: Option<&Path>, path: &str, err: PutError) -> Diagnostic {
    match err {
        PutError::Read { source_path, error } => {
            let shown = source_path.strip_prefix(root).map_or_else(|_| source_path.display().to_string(), |p| p.to_string_lossy().replace('\\', "/"));
            Diagnostic::error(shown, format!("cannot read: {error}"))
                .with_hint("the file vanished or cannot be read while building; restore it or remove it")
        }
        PutError::Write(error) => {
            let shown = out.map_or_else(|| path.to_string(), |o| o.join(path).display().to_string());
            Diagnostic::error(shown, format!("cannot write: {error}"))
        }
    }
}

fn render_all(
    renderer: &Renderer,
    pages: &[Page],
    files: &[(String, FileSource)],
    sink: &dyn OutputSink,
    put_failed: &(dyn Fn(&str, PutError) -> Diagnostic + Sync),
    previous: &PreviousBuild,
    progress: Progress,
) -> RenderOutcome {
    let done = AtomicUsize::new(0);
    let order = match &previous.only {
        Some(only) => only.clone(),
        None => render_order(pages),
    };
    let mut results: Vec<(usize, Result<PageResult, PageFailure>)> = order
        .into_par_iter()
        .map(|index| (index, &pages[index]))
        .map(|(index, page)| {
            let count = done.fetch_add(1, Ordering::Relaxed) + 1;
            if count.is_multiple_of(256) || count == pages.len() {
                progress(count, pages.len());
            }
            (index, page)
        })
        .map(|(index, page)| {
            (
                index,
                (|| {
                    let old_fingerprint = previous.fingerprints.get(&page.path).copied();
                    let rendered = renderer.render(page, old_fingerprint, previous.numbers).map_err(PageFailure::Render)?;
                    let Some(html) = rendered.html else { return Ok((rendered.fingerprint, true, rendered.deps)) };
                    sink.put(&page.path, Content::Bytes(html.as_bytes())).map_err(|err| PageFailure::Write(put_failed(&page.path, err)))?;
                    Ok((rendered.fingerprint, false, rendered.deps))
                })(),
            )
        })
        .collect();
    results.sort_unstable_by_key(|(index, _)| *index);
    let mut outcome = RenderOutcome { problems: Vec::new(), failures: Vec::new(), rendered: 0, fingerprints: Vec::new(), deps: Vec::new() };
    for (index, result) in results {
        let page = &pages[index];
        match result {
            Ok((fingerprint, reused, deps)) => {
                outcome.rendered += usize::from(!reused);
                if let Some(fingerprint) = fingerprint {
                    outcome.fingerprints.push((page.path.clone(), fingerprint));
                }
                if let Some(deps) = deps {
                    outcome.deps.push((page.path.clone(), deps));
                }
            }
            Err(PageFailure::Render(failure)) => outcome.failures.push(*failure),
            Err(PageFailure::Write(diagnostic)) => outcome.problems.push(diagnostic),
        }
    }
    for (path, source) in files {
        let content = match source {
            FileSource::Builtin(text) => Content::Bytes(text.as_bytes()),
            FileSource::Disk(source) => Content::File(source),
        };
        if let Err(err) = sink.put(path, content) {
            outcome.problems.push(put_failed(path, err));
        }
    }
    outcome
}
