//! What one build leaves for the next in the same process, and when each
//! kept thing still holds. Only `serve` keeps a `BuildCache`; `build` and
//! `check` pass none, and then nothing here runs.
//!
//! Each method answers one question the pipeline asks at one stage: the
//! sources now, the last model (patched, or None), the compiled templates
//! for a hash, the plan if it still holds, which pages to look at, and,
//! after a good build, what to remember of it.
//!
//! What the last *good* build left (the model, the plan, the page
//! fingerprints, the dependency graph, the settings and outputs) is taken
//! by the next build and put back only if that build is good too, so a
//! broken save is never patched or planned from. What is keyed by content
//! (parsed documents, compiled templates, timeline months) and the sources
//! are kept whatever the build's outcome.

use crate::plan::Plan;
use crate::rendering::{PageRecords, PreviousBuild};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use stele_core::diagnostics::Diagnostic;
use stele_core::model::{Config, SiteModel};
use stele_load::{self as load, LoadedProject, SourceFile};
use stele_parse::ParseCache;
use stele_render::deps::{DepGraph, ModelHashes};
use stele_render::pages::Page;
use stele_render::Fragments;
use stele_resolve::patch::{self, Patched};
use stele_resolve::Resolved;
use tera::Tera;

/// What one build leaves for the next in the same process: the files read,
/// parsed documents, the last good build's model, plan and dependencies,
/// and each page's fingerprint.
#[derive(Default)]
pub struct BuildCache {
    /// The last load (texts included), brought up to date with `changes`
    /// instead of reading the whole tree again.
    sources: Option<LoadedProject>,
    /// The problems of the last load (a reload keeps those of the files it
    /// does not read again).
    load_problems: Vec<Diagnostic>,
    changes: SourceChanges,
    /// Parsed documents by path; also records what the last parse replaced,
    /// for `patch`.
    parse: ParseCache,
    /// What `resolve` made of the documents in the last good build, kept whole
    /// so that `patch` can update it.
    resolved: Option<Resolved>,
    /// The template engine compiled from texts with this hash: compiling
    /// costs more than rendering the one page a body edit changes.
    templates: Option<(u64, Arc<Tera>)>,
    /// The last good build's pages and files.
    plan: Option<Arc<Plan>>,
    /// Rendered parts of pages (the timeline's months), by fingerprint.
    fragments: Fragments,
    /// Each page's fingerprint when it was last rendered in a good build.
    page_fingerprints: HashMap<String, u128>,
    /// Which pages read which parts of the model (see `render::deps`).
    deps: DepGraph,
    /// Template texts' hash and the site settings of the last good build:
    /// every page reads them, so when they change every page is looked at.
    last_settings: Option<(u64, Config)>,
    /// The last good build's output paths, sorted.
    last_outputs: Option<Arc<[String]>>,
    /// The paths of the last good build's copied files: with the outputs,
    /// they say whether a path went from page to file or back (a project's
    /// own `robots.txt` coming and going), which the outputs alone do not.
    last_file_paths: Vec<String>,
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

/// What becomes of the last good build's model.
pub(crate) enum LastModel {
    /// Brought up to date in place by `patch`, with what the patch changed.
    Patched(Resolved, Patched),
    /// Out of date (or None: there is none): a full resolve replaces it.
    /// It is big, so the pipeline frees it on another thread.
    Replaced(Option<Resolved>),
}

/// Dependency tracking for one build with a cache.
pub(crate) struct Tracking {
    hashes: ModelHashes,
    /// Pages whose inputs changed; None: every page (first build, or the
    /// settings or templates changed, which every page reads).
    affected: Option<HashSet<String>>,
    settings: (u64, Config),
}

impl BuildCache {
    /// The project as the last build loaded it, document texts included
    /// (`stele archive` keeps the sources a build read).
    pub fn loaded(&self) -> Option<&LoadedProject> {
        self.sources.as_ref()
    }

    /// The model of the last good build.
    pub fn model(&self) -> Option<&SiteModel> {
        self.resolved.as_ref().map(|resolved| &resolved.model)
    }

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

    /// The project as it is on disk now, with the load's problems: the
    /// previous load brought up to date with the changed paths when they
    /// are known, otherwise a full load. Tells the parse cache which
    /// documents may have changed.
    pub(crate) fn sources_now(&mut self, root: &Path) -> (LoadedProject, Vec<Diagnostic>) {
        let (project, problems) = self.reload(root).unwrap_or_else(|| {
            self.parse.expect_changes(None);
            load::load(root)
        });
        self.load_problems.clone_from(&problems);
        (project, problems)
    }

    /// The previous load brought up to date, when the changes are known and
    /// `load::reload` can.
    fn reload(&mut self, root: &Path) -> Option<(LoadedProject, Vec<Diagnostic>)> {
        let changes = std::mem::replace(&mut self.changes, SourceChanges::Paths(BTreeSet::new()));
        let (SourceChanges::Paths(paths), Some(project)) = (changes, self.sources.take()) else { return None };
        let reloaded = load::reload(root, project, std::mem::take(&mut self.load_problems), &paths)?;
        self.parse.expect_changes(Some(paths));
        Some(reloaded)
    }

    pub(crate) fn parse_cache(&mut self) -> &mut ParseCache {
        &mut self.parse
    }

    /// Keeps this load for `sources_now` to bring up to date next time:
    /// `project` as the pipeline went on with it, but with the document
    /// `texts` it let go after parsing.
    pub(crate) fn keep_sources(&mut self, project: &LoadedProject, texts: Vec<SourceFile>) {
        self.sources = Some(LoadedProject { documents: texts, ..project.clone() });
    }

    /// The texts of the documents as the last load read them (and the parse
    /// that follows it read), for locating problems.
    pub(crate) fn kept_texts(&self) -> Option<&[SourceFile]> {
        self.sources.as_ref().map(|project| project.documents.as_slice())
    }

    /// The last good build's model, patched for what the last parse replaced
    /// when `patch` can (edits of article bodies and of what entity files
    /// say, with the same settings), or handed back to be replaced.
    pub(crate) fn last_model(&mut self, config: &Config) -> LastModel {
        let edits = self.parse.take_edits();
        match (self.resolved.take(), edits) {
            (Some(mut last), Some(edits)) if last.model.config == *config => match patch::apply(&mut last.model, &last.diagnostics, &edits) {
                Some(patched) => LastModel::Patched(last, patched),
                None => LastModel::Replaced(Some(last)),
            },
            (last, _) => LastModel::Replaced(last),
        }
    }

    /// The templates compiled from texts with `hash`: those kept, or
    /// `compile`d now (and kept, when they compile).
    pub(crate) fn compiled_templates(
        &mut self,
        hash: u64,
        compile: impl FnOnce() -> Result<Tera, Vec<Diagnostic>>,
    ) -> Result<Arc<Tera>, Vec<Diagnostic>> {
        if let Some((kept_hash, tera)) = &self.templates {
            if *kept_hash == hash {
                return Ok(Arc::clone(tera));
            }
        }
        let tera = Arc::new(compile()?);
        self.templates = Some((hash, Arc::clone(&tera)));
        Ok(tera)
    }

    /// The plan of `model`, and whether it is the last good build's (whose
    /// every page `deps` knows). The last plan holds while the assets are
    /// the same and so are the pages; a `patched` model has the same items
    /// in the same order, so the same pages, and is not planned again.
    pub(crate) fn plan(&mut self, model: &SiteModel, project: &LoadedProject, patched: bool) -> (Arc<Plan>, bool) {
        let last = self.plan.take().filter(|plan| plan.has_assets_of(project));
        match last {
            Some(plan) if patched => (plan, true),
            last => {
                let pages: Vec<Page> = crate::plan::planned_pages(model, project);
                match last.filter(|plan| plan.pages == pages) {
                    Some(plan) => (plan, true),
                    None => (Arc::new(Plan::new(pages, project)), false),
                }
            }
        }
    }

    /// Hashes `model`'s facets and finds the pages that read one that
    /// changed since the last good build. `patched`: what `patch` changed,
    /// when that is all that changed (only those items are hashed again).
    /// `templates_hash`: `templates::set_fingerprint` of the templates in use.
    pub(crate) fn track(&mut self, model: &SiteModel, templates_hash: u64, patched: Option<&Patched>) -> Tracking {
        let hashes = match patched {
            Some(patched) => self.deps.hash_patched_model(model, patched),
            None => self.deps.hash_model(model),
        };
        let settings = (templates_hash, model.config.clone());
        let affected = if self.last_settings.as_ref() == Some(&settings) {
            self.deps.affected_pages(&hashes).map(|paths| paths.into_iter().map(str::to_string).collect())
        } else {
            None
        };
        Tracking { hashes, affected, settings }
    }

    /// What rendering may reuse of the last good build. `plan_kept`: `plan`
    /// is the last good build's (see `BuildCache::plan`).
    pub(crate) fn previous_build<'a>(&'a self, tracking: &'a Tracking, plan: &Plan, plan_kept: bool) -> PreviousBuild<'a> {
        PreviousBuild {
            fingerprints: &self.page_fingerprints,
            only: tracking.affected.as_ref().map(|affected| plan.pages_to_look_at(affected, &self.deps, plan_kept)),
            hashes: &tracking.hashes,
            fragments: &self.fragments,
        }
    }

    /// Remembers a good build (no errors; under `--strict`, no problems):
    /// only a build whose dependencies were all recorded may be patched and
    /// planned from next time. Returns whether its outputs are the last
    /// good build's.
    pub(crate) fn remember(&mut self, tracking: Tracking, records: PageRecords, plan: &Arc<Plan>, resolved: Resolved) -> bool {
        let same_outputs = self.last_outputs.as_ref().is_some_and(|last| Arc::ptr_eq(last, &plan.outputs) || **last == *plan.outputs);
        let same_files = self.last_file_paths.iter().eq(plan.files.iter().map(|(path, _)| path));
        if !(same_outputs && same_files) {
            let present: HashSet<&str> = plan.pages.iter().map(|p| p.path.as_str()).collect();
            self.page_fingerprints.retain(|path, _| present.contains(path.as_str()));
        }
        self.page_fingerprints.extend(records.fingerprints);
        self.deps.commit(tracking.hashes, records.deps, plan.pages.len(), |path| plan.has_page(path));
        self.last_settings = Some(tracking.settings);
        self.last_outputs = Some(Arc::clone(&plan.outputs));
        if !same_files {
            self.last_file_paths = plan.files.iter().map(|(path, _)| path.clone()).collect();
        }
        self.resolved = Some(resolved);
        self.plan = Some(Arc::clone(plan));
        same_outputs
    }
}
