//! The whole pipeline, load -> settings & links -> parse -> resolve (or
//! patch) -> plan -> render -> write -> report, as one function that
//! `build` and `check` call with different targets and `serve` with a
//! `BuildCache` (whose decisions live in `cache`).

use crate::cache::LastModel;
use crate::checksums::{self, HashingSink};
use crate::plan::Plan;
use crate::rendering::{self, put_failure};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use stele_core::diagnostics::{Code, Diagnostic, Diagnostics};
use stele_core::model::{Config, SiteModel};
use stele_load::{self as load, DocumentKind, LoadedProject};
use stele_output::{MemorySink, NullSink, OutputError, OutputFolder, OutputSink, PutError, StagedOutput, WriteStats};
use stele_parse as parse;
use stele_render::failures::{self, RenderFailure};
use stele_render::{templates, ChangesPage, RenderSettings, Renderer};
use stele_resolve::patch::Patched;
use stele_resolve::{self as resolve, ResolveOptions, Resolved};
use tera::Tera;

pub use crate::cache::{BuildCache, SourceChanges};

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
    /// Replaces `site.yaml`'s `base_url` (already checked with
    /// `resolve::absolute_base_url`): `--base-url`, or `serve`'s own address.
    pub base_url: Option<String>,
}

/// An earlier version of the project to compare the build with
/// (`build --changes-since`): the build then publishes a changes page.
#[derive(Debug, Clone)]
pub struct ChangesSince {
    /// The earlier version, resolved (`resolve_only`).
    pub old: Arc<SiteModel>,
    /// Its date as shown ("11 December 2016"), when known.
    pub since: Option<String>,
}

/// A project loaded, parsed and resolved, and nothing more (`resolve_only`).
#[derive(Debug)]
pub struct ResolvedProject {
    pub model: SiteModel,
    /// What loading, parsing and resolving found, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl ResolvedProject {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == stele_core::diagnostics::Severity::Error)
    }
}

/// The model of the project at `options.root`, by the stages `check` runs
/// before rendering (load, settings and links, parse, resolve): for
/// comparing versions (`stele changes`). Writes nothing; without
/// `content/`, the model is empty and the one error says where stele looked.
pub fn resolve_only(options: &BuildOptions) -> ResolvedProject {
    let mut run = Run { options, cache: None, diagnostics: Diagnostics::new(), clock: Stopwatch::new() };
    let mut project = run.load();
    if !project.has_content {
        return ResolvedProject { model: SiteModel::default(), diagnostics: run.diagnostics.into_sorted() };
    }
    let config = run.settings_and_links(&mut project);
    let (documents, unparsed) = run.parse(&mut project, &config);
    let (resolved, _) = run.resolve(config, documents, unparsed);
    ResolvedProject { model: resolved.model, diagnostics: run.diagnostics.into_sorted() }
}

/// Where the output goes.
pub enum Target<'a> {
    /// `stele check`: render everything, keep nothing.
    Check,
    /// Publish into a folder, replacing what was there only if the build
    /// succeeds. `force`: build into a folder that holds files stele has no
    /// record of (stele then replaces only its own paths and removes nothing).
    /// `checksums`: also publish `MANIFEST.sha256` of every file (`build --checksums`).
    Directory { out: PathBuf, force: bool, checksums: bool },
    /// Collect into memory (`stele serve`).
    Memory(&'a MemorySink),
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

pub use crate::rendering::Progress;

/// `run`, reporting rendering progress now and then (for a progress bar).
pub fn run_with_progress(
    options: &BuildOptions,
    target: Target,
    cache: Option<&mut BuildCache>,
    progress: Progress,
) -> Result<BuildReport, BuildError> {
    run_stages(options, target, cache, None, progress)
}

/// `run_with_progress` without a cache, also publishing a page of what
/// changed since `since` (`build --changes-since`).
pub fn run_with_changes(options: &BuildOptions, target: Target, since: &ChangesSince, progress: Progress) -> Result<BuildReport, BuildError> {
    run_stages(options, target, None, Some(since), progress)
}

fn run_stages(
    options: &BuildOptions,
    target: Target,
    cache: Option<&mut BuildCache>,
    since: Option<&ChangesSince>,
    progress: Progress,
) -> Result<BuildReport, BuildError> {
    // Refused before anything is read: a mistyped --out must cost nothing.
    let folder = match &target {
        Target::Directory { out, force, .. } => Some(OutputFolder::open(&options.root, out, *force)?),
        _ => None,
    };
    let mut run = Run { options, cache, diagnostics: Diagnostics::new(), clock: Stopwatch::new() };
    let mut project = run.load();
    run.clock.lap("load");
    if !project.has_content {
        // Nothing to build; the one error says where stele looked.
        return Ok(run.finish(BuildReport::default()));
    }
    let config = run.settings_and_links(&mut project);
    let (documents, unparsed) = run.parse(&mut project, &config);
    run.clock.lap("parse");
    let (resolved, patched) = run.resolve(config, documents, unparsed);
    run.clock.lap("resolve");
    let templates = run.templates(&project);
    let changes = since.map(|since| ChangesPage { since: since.since.clone(), changes: stele_changes::compare(&since.old, &resolved.model) });
    let (plan, plan_kept) = run.plan(&resolved.model, &project, patched.is_some(), changes.is_some());
    let report = BuildReport {
        pages: plan.pages.len(),
        files: plan.files.len(),
        missing_annotations: resolved.missing_annotations.clone(),
        ..BuildReport::default()
    };
    let Some(tera) = templates.compiled.clone().filter(|_| !run.fails()) else {
        return Ok(run.finish(report));
    };

    let out = folder.as_ref().map(|f| f.given.clone());
    let staged = folder.map(StagedOutput::begin).transpose()?;
    let sink = sink(staged.as_ref(), &target);
    let put_failed = |path: &str, err: PutError| put_failure(&options.root, out.as_deref(), path, err);
    // Only `build --checksums` pays for hashing.
    let hashing = matches!(target, Target::Directory { checksums: true, .. }).then(|| HashingSink::new(sink));
    if hashing.is_some() && plan.has_output(checksums::PATH) {
        // Pages are never named so: the file in the way is copied from `static/` or `content/`.
        let from_static = project.static_files.iter().any(|file| file.output_path == checksums::PATH);
        let folder = if from_static { load::STATIC_FOLDER } else { "content" };
        run.diagnostics.push(
            Diagnostic::error(format!("{folder}/{}", checksums::PATH), format!("this file would overwrite a generated file (`{}`)", checksums::PATH))
                .with_code(Code::OverwritesGenerated)
                .with_hint("rename it, or build without --checksums"),
        );
    }
    let built = Built { project: &project, resolved, patched, templates, tera: &tera, plan: &plan, plan_kept, changes: changes.as_ref() };
    let (report, unkept) = run.render(built, hashing.as_ref().map_or(sink, |h| h as &dyn OutputSink), &put_failed, progress, report);
    run.clock.lap("render");
    let extra = match hashing {
        Some(hashing) if !run.fails() => {
            if let Err(err) = hashing.put_manifest() {
                run.diagnostics.push(put_failed(checksums::PATH, err));
            }
            Some(checksums::PATH)
        }
        _ => None,
    };
    let report = run.write(staged, &plan, extra, report)?;
    // Freeing the model and the plan of a big site takes a moment (0.3 s at
    // 100k reports, on one thread); nothing waits for it.
    std::thread::spawn(move || drop((unkept, plan, project)));
    Ok(report)
}

/// Where the pages and files go: the staged folder, memory, or nowhere.
fn sink<'s>(staged: Option<&'s StagedOutput>, target: &'s Target) -> &'s dyn OutputSink {
    match (staged, target) {
        (Some(staged), _) => staged,
        (None, Target::Memory(memory)) => *memory,
        (None, _) => &NullSink,
    }
}

/// One run of the pipeline: its options, the cache it may use, and what it
/// has found so far. Each stage is a method, in the order `run` calls them.
struct Run<'o, 'c> {
    options: &'o BuildOptions,
    /// None for `build` and `check`: then no stage keeps or reuses anything.
    cache: Option<&'c mut BuildCache>,
    diagnostics: Diagnostics,
    clock: Stopwatch,
}

/// The templates in use: the built-in set with the project's overrides.
struct Templates<'p> {
    sources: Vec<(&'p str, &'p str)>,
    /// `templates::fingerprints` of `sources`.
    fingerprints: std::collections::HashMap<&'static str, u64>,
    /// `templates::set_fingerprint` of `fingerprints`.
    hash: u64,
    /// None: they do not compile (the problems are reported).
    compiled: Option<Arc<Tera>>,
}

/// What the stages before rendering made, for it.
struct Built<'a> {
    project: &'a LoadedProject,
    resolved: Resolved,
    /// What `patch` changed, when the model was patched rather than resolved.
    patched: Option<Patched>,
    templates: Templates<'a>,
    tera: &'a Tera,
    plan: &'a Arc<Plan>,
    /// `plan` is the last good build's (see `BuildCache::plan`).
    plan_kept: bool,
    /// What the changes page shows, when the plan has one.
    changes: Option<&'a ChangesPage>,
}

impl Run<'_, '_> {
    /// Whether what was found so far fails the build (and nothing is written).
    fn fails(&self) -> bool {
        self.diagnostics.has_errors() || (self.options.strict && !self.diagnostics.is_empty())
    }

    /// The project on disk.
    fn load(&mut self) -> LoadedProject {
        let (project, problems) = match self.cache.as_deref_mut() {
            Some(cache) => cache.sources_now(&self.options.root),
            None => load::load(&self.options.root),
        };
        self.diagnostics.extend(problems);
        project
    }

    /// The site settings; then the links leaving the project are followed,
    /// only into the folders the settings allow.
    fn settings_and_links(&mut self, project: &mut LoadedProject) -> Config {
        let root = &self.options.root;
        // `--base-url` becomes part of the settings every page reads: a cache sees it change like any setting.
        let (config, problems) = resolve::resolve_config(project.config.as_ref(), self.options.base_url.as_deref());
        self.diagnostics.extend(problems);
        let (allowed, problems) = resolve::allowed_link_folders(root, project.config.as_ref(), &config.allow_symlinks_to);
        self.diagnostics.extend(problems);
        if !project.outside_links.is_empty() {
            self.diagnostics.extend(load::follow_outside_links(root, project, &allowed));
        }
        config
    }

    /// The documents parsed, and the sites and actors that did not parse.
    /// The source texts are not needed past parsing (positions are looked
    /// up from disk on the error path); at 100k reports they are half a
    /// gigabyte. A cache keeps them so that the next build reads only what
    /// changed.
    fn parse(&mut self, project: &mut LoadedProject, config: &Config) -> (Vec<parse::ParsedDocument>, resolve::Unparsed) {
        // Dates are shown in the site's language, formatted once as they are read.
        let dates = stele_i18n::Table::for_site(&config.language, &config.translations).date_words();
        let settings = parse::ParseSettings { raw_html: config.raw_html, autolink: config.autolink, dates: &dates };
        let parse_cache = self.cache.as_deref_mut().map(BuildCache::parse_cache);
        let (documents, problems) = parse::parse_all(&project.documents, settings, parse_cache);
        self.diagnostics.extend(problems);
        let unparsed = unparsed_entities(project, &documents);
        let texts = std::mem::take(&mut project.documents);
        match self.cache.as_deref_mut() {
            Some(cache) => cache.keep_sources(project, texts),
            None => drop(texts),
        }
        (documents, unparsed)
    }

    /// The model: the last good build's, patched, when a cache has one the
    /// edits allow patching; otherwise resolved from the documents. Freeing
    /// 10,000 parsed documents, or the model a resolve replaced, takes tens
    /// of milliseconds; nothing waits for it.
    fn resolve(&mut self, config: Config, documents: Vec<parse::ParsedDocument>, unparsed: resolve::Unparsed) -> (Resolved, Option<Patched>) {
        let last = match self.cache.as_deref_mut() {
            Some(cache) => cache.last_model(&config),
            None => LastModel::Replaced(None),
        };
        let (resolved, patched, replaced) = match last {
            LastModel::Patched(model, patched) => (model, Some(patched), None),
            LastModel::Replaced(replaced) => {
                // Problems are located in the texts parsed: kept in memory by a cache
                // (under `serve` the file may have been saved again since), else on disk.
                let resolved = match self.cache.as_deref().and_then(BuildCache::kept_texts) {
                    Some(files) => resolve_all(self.options, config, &documents, unparsed, &resolve::LoadedTexts::new(files)),
                    None => resolve_all(self.options, config, &documents, unparsed, &resolve::TextsOnDisk::new(&self.options.root)),
                };
                (resolved, None, replaced)
            }
        };
        std::thread::spawn(move || drop((documents, replaced)));
        self.diagnostics.extend(resolved.diagnostics.iter().cloned());
        (resolved, patched)
    }

    fn templates<'p>(&mut self, project: &'p LoadedProject) -> Templates<'p> {
        let sources = templates::sources(&project.templates);
        let fingerprints = templates::fingerprints(&sources);
        let hash = templates::set_fingerprint(&fingerprints);
        let compile = || templates::compile(&sources, &project.templates);
        let compiled = match self.cache.as_deref_mut() {
            Some(cache) => cache.compiled_templates(hash, compile),
            None => compile().map(Arc::new),
        };
        let compiled = compiled.map_err(|problems| self.diagnostics.extend(problems)).ok();
        Templates { sources, fingerprints, hash, compiled }
    }

    /// The pages and files to output (with the changes page when `changes`),
    /// and whether the plan is the last good build's.
    fn plan(&mut self, model: &SiteModel, project: &LoadedProject, patched: bool, changes: bool) -> (Arc<Plan>, bool) {
        let (plan, kept) = match self.cache.as_deref_mut() {
            Some(cache) => cache.plan(model, project, patched),
            None if changes => (Arc::new(Plan::with_changes_page(model, project)), false),
            None => (Arc::new(Plan::for_model(model, project)), false),
        };
        self.diagnostics.extend(plan.problems.iter().cloned());
        (plan, kept)
    }

    /// Renders what this build must look at into `sink` (see `rendering`),
    /// then, if the build is good, has the cache remember it. Returns the
    /// model unless the cache kept it.
    fn render(
        &mut self,
        built: Built,
        sink: &dyn OutputSink,
        put_failed: rendering::PutFailed,
        progress: Progress,
        mut report: BuildReport,
    ) -> (BuildReport, Option<Resolved>) {
        let Built { project, resolved, patched, templates, tera, plan, plan_kept, changes } = built;
        let model = &resolved.model;
        let renderer =
            Renderer::new(tera, templates.fingerprints, model, &plan.pages, self.render_settings(model)).with_template_sources(&templates.sources);
        let renderer = match changes {
            Some(changes) => renderer.with_changes(changes),
            None => renderer,
        };
        let tracking = self.cache.as_deref_mut().map(|cache| cache.track(model, templates.hash, patched.as_ref()));
        let previous = self.cache.as_deref().zip(tracking.as_ref()).map(|(cache, tracking)| cache.previous_build(tracking, plan, plan_kept));
        let outcome = rendering::render_all(renderer, plan, sink, put_failed, previous.as_ref(), progress);
        self.diagnostics.extend(outcome.problems);
        self.report_failures(outcome.failures, tera, &templates.sources, project);
        report.rendered = outcome.rendered;
        report.outputs = Arc::clone(&plan.outputs);
        if self.fails() {
            return (report, Some(resolved));
        }
        match (self.cache.as_deref_mut(), tracking) {
            (Some(cache), Some(tracking)) => {
                report.same_outputs = cache.remember(tracking, outcome.records, plan, resolved);
                (report, None)
            }
            _ => (report, Some(resolved)),
        }
    }

    fn render_settings(&self, model: &SiteModel) -> RenderSettings {
        match &self.options.not_found_root {
            Some(root) => RenderSettings { not_found_root: root.clone() },
            None => RenderSettings::for_publishing(model.config.base_url.as_deref()),
        }
    }

    /// Pages that failed to render, located in the template text holding
    /// the failing expression and grouped: one diagnostic per mistake.
    fn report_failures(&mut self, failures: Vec<RenderFailure>, tera: &Tera, sources: &[(&str, &str)], project: &LoadedProject) {
        if failures.is_empty() {
            return;
        }
        let overrides: Vec<String> = project.templates.iter().map(|(name, _)| name.clone()).collect();
        self.diagnostics.extend(failures::report(failures, tera, sources, &overrides));
    }

    /// Publishes the staged output, when there is one and the build is good.
    /// `extra`: an output made beside the plan's (`MANIFEST.sha256`).
    fn write(mut self, staged: Option<StagedOutput>, plan: &Plan, extra: Option<&str>, mut report: BuildReport) -> Result<BuildReport, BuildError> {
        if let Some(staged) = staged {
            if !self.fails() {
                let mut produced = plan.produced();
                produced.extend(extra);
                report.written = Some(staged.commit(&produced)?);
            }
            self.clock.lap("write");
        }
        Ok(self.finish(report))
    }

    /// The report, with every diagnostic and the stages' timings.
    fn finish(self, report: BuildReport) -> BuildReport {
        BuildReport { diagnostics: self.diagnostics.into_sorted(), timings: self.clock.timings, ..report }
    }
}

/// `texts`: the texts the documents were parsed from, which `resolve` reads
/// only to locate a problem in front matter.
fn resolve_all(
    options: &BuildOptions,
    config: Config,
    documents: &[parse::ParsedDocument],
    unparsed: resolve::Unparsed,
    texts: &dyn resolve::SourceTexts,
) -> Resolved {
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
            DocumentKind::Article | DocumentKind::Event => false,
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
