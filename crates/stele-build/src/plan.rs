//! What a build outputs: the pages a model makes and the files copied
//! beside them, with the sorted list of every output path.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use stele_core::diagnostics::{Code, Diagnostic, Diagnostics};
use stele_core::model::SiteModel;
use stele_core::urls;
use stele_load::{self as load, LoadedProject};
use stele_render::deps::DepGraph;
use stele_render::pages::{self, Page, PageKind};
use stele_render::templates;

/// Which pages and files a model makes, and where each page is in the list.
pub(crate) struct Plan {
    pub pages: Vec<Page>,
    pub files: Vec<(String, FileSource)>,
    /// Problems with the files (an asset where a page goes).
    pub problems: Vec<Diagnostic>,
    /// Every output path, sorted: equal when only the order of pages changed.
    pub outputs: Arc<[String]>,
    /// Page index by output path.
    index: HashMap<String, usize, foldhash::fast::RandomState>,
    /// The assets the files came from (content, theme, static), to know when the plan still holds.
    assets: (Vec<load::Asset>, Vec<load::Asset>, Vec<load::Asset>),
}

/// Where a copied file's bytes come from.
#[derive(Debug, Clone)]
pub(crate) enum FileSource {
    Builtin(&'static str),
    Disk(PathBuf),
}

impl Plan {
    /// The plan of `model`'s pages.
    pub fn for_model(model: &SiteModel, project: &LoadedProject) -> Self {
        Plan::new(planned_pages(model, project), project)
    }

    /// The plan of `model`'s pages and the changes page (`build --changes-since`).
    pub fn with_changes_page(model: &SiteModel, project: &LoadedProject) -> Self {
        let mut pages = planned_pages(model, project);
        pages.push(pages::changes_page());
        Plan::new(pages, project)
    }

    pub fn new(pages: Vec<Page>, project: &LoadedProject) -> Self {
        let mut problems = Diagnostics::new();
        let files = output_files(project, &pages, &mut problems);
        let mut outputs: Vec<String> = pages.iter().map(|p| p.path.clone()).chain(files.iter().map(|f| f.0.clone())).collect();
        outputs.sort_unstable();
        let index = pages.iter().enumerate().map(|(i, p)| (p.path.clone(), i)).collect();
        let assets = (project.assets.clone(), project.theme_assets.clone(), project.static_files.clone());
        Plan { pages, files, problems: problems.into_sorted(), outputs: outputs.into(), index, assets }
    }

    /// Whether the files were planned from the assets `project` has now.
    pub fn has_assets_of(&self, project: &LoadedProject) -> bool {
        self.assets.0 == project.assets && self.assets.1 == project.theme_assets && self.assets.2 == project.static_files
    }

    /// Whether any page or file goes to `path`.
    pub fn has_output(&self, path: &str) -> bool {
        self.outputs.binary_search_by(|output| output.as_str().cmp(path)).is_ok()
    }

    pub fn has_page(&self, path: &str) -> bool {
        self.index.contains_key(path)
    }

    /// Every output path: the pages' and the files'.
    pub fn produced(&self) -> HashSet<&str> {
        self.pages.iter().map(|p| p.path.as_str()).chain(self.files.iter().map(|f| f.0.as_str())).collect()
    }

    /// The pages a rebuild must look at: those reading something that
    /// changed, and those never built before (none when `all_known`: the
    /// plan is the last good build's).
    pub fn pages_to_look_at(&self, affected: &HashSet<String>, deps: &DepGraph, all_known: bool) -> Vec<usize> {
        let mut look: Vec<usize> = affected.iter().filter_map(|path| self.index.get(path).copied()).collect();
        if !all_known {
            look.extend(self.pages.iter().enumerate().filter(|(_, p)| !deps.knows(&p.path)).map(|(i, _)| i));
        }
        look.sort_unstable();
        look.dedup();
        look
    }
}

/// The pages `model` makes in `project`: those of `pages::plan`, less the
/// generated `robots.txt` when the project has its own (in `static/` or `content/`).
pub(crate) fn planned_pages(model: &SiteModel, project: &LoadedProject) -> Vec<Page> {
    let mut pages = pages::plan(model);
    let own_robots = |output_path: &str| output_path == urls::ROBOTS;
    if project.assets.iter().any(|asset| own_robots(&asset.output_path)) || project.static_files.iter().any(|file| own_robots(&file.output_path)) {
        pages.retain(|page| page.kind != PageKind::Robots);
    }
    pages
}

/// Files copied verbatim: content assets, theme assets (built-in ones
/// unless the project overrides them) and the root `static/` folder. A
/// copied file may not take a page's place, nor another file's.
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
    if project.assets.is_empty() && project.static_files.is_empty() {
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
                    .with_code(Code::OverwritesGenerated)
                    .with_hint("move or rename it"),
            );
            continue;
        }
        files.push((asset.output_path.clone(), FileSource::Disk(asset.source.clone())));
    }
    let pages_by_path: HashMap<&str, &Page> = pages.iter().map(|p| (p.path.as_str(), p)).collect();
    for file in &project.static_files {
        let path = file.output_path.as_str();
        let taken = match pages_by_path.get(path) {
            Some(page) => Some(format!("the {} (`{path}`)", page.kind.description())),
            None if folders.contains(path) => Some(format!("a folder of generated pages (`{path}/`)")),
            None => files.iter().any(|(p, _)| p == path).then(|| format!("{} (`{path}`)", copied_from(project, path))),
        };
        match taken {
            Some(what) => diagnostics.push(
                Diagnostic::error(format!("{}/{path}", load::STATIC_FOLDER), format!("this file would overwrite {what}"))
                    .with_code(Code::OverwritesGenerated)
                    .with_hint("move or rename it: stele writes that path itself"),
            ),
            None => files.push((file.output_path.clone(), FileSource::Disk(file.source.clone()))),
        }
    }
    files
}

/// Where the file copied to `path` comes from, in words.
fn copied_from(project: &LoadedProject, path: &str) -> String {
    if project.assets.iter().any(|a| a.output_path == path) {
        format!("the file content/{path}")
    } else if project.theme_assets.iter().any(|a| a.output_path == path) {
        format!("the theme file templates/{path}")
    } else {
        "a built-in theme file".to_string()
    }
}
