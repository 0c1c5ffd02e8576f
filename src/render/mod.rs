//! Stage 4: the model becomes pages, through Tera templates.
//!
//! `pages` decides which pages exist and what data each shows, `context`
//! holds the serializable shapes templates receive, `templates` the built-in
//! template set. Rendering is a pure function of (model, templates, page).

pub mod context;
pub mod pages;
pub mod templates;

use crate::diagnostics::Diagnostic;
use crate::model::SiteModel;
use context::{ConfigView, Empty, PageContext, PageView, Views};
use pages::{Page, PageKind};
use serde::Serialize;
use tera::{Context, Tera};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderSettings {
    /// `root` for the 404 page, which servers show at any depth: an absolute path.
    pub not_found_root: String,
}

impl RenderSettings {
    /// For a published build: the path part of `base_url`, else `/`.
    pub fn for_publishing(model: &SiteModel) -> Self {
        let path = model
            .config
            .base_url
            .as_deref()
            .and_then(|url| url.split_once("://"))
            .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
            .unwrap_or_else(|| "/".to_string());
        RenderSettings { not_found_root: path }
    }
}

pub struct Renderer<'a> {
    tera: &'a Tera,
    model: &'a SiteModel,
    pages: &'a [Page],
    config: ConfigView<'a>,
    settings: RenderSettings,
}

impl<'a> Renderer<'a> {
    pub fn new(tera: &'a Tera, model: &'a SiteModel, pages: &'a [Page], settings: RenderSettings) -> Self {
        Renderer { tera, model, pages, config: ConfigView::new(&model.config), settings }
    }

    fn title(&self, kind: PageKind) -> String {
        let m = self.model;
        match kind {
            PageKind::Home => m.config.title.clone(),
            PageKind::ArticleList(1) => "Reports".into(),
            PageKind::ArticleList(n) => format!("Reports, page {n}"),
            PageKind::Article(ix) => m.articles[ix].title.clone(),
            PageKind::Sites => "Sites".into(),
            PageKind::Site(ix) => m.sites[ix].name.clone(),
            PageKind::Actors => "Actors".into(),
            PageKind::Actor(ix) => m.actors[ix].name.clone(),
            PageKind::Event(ix) => m.events[ix].title.clone(),
            PageKind::Timeline => "Timeline".into(),
            PageKind::NotFound => "Page not found".into(),
            PageKind::Sitemap | PageKind::Atom => m.config.title.clone(),
        }
    }

    /// Renders one page to its final bytes.
    pub fn render(&self, page: &Page) -> Result<String, Diagnostic> {
        let v = Views { model: self.model };
        let base_url = self.model.config.base_url.as_deref().unwrap_or_default();
        match page.kind {
            PageKind::Home => self.render_with(page, pages::home(v)),
            PageKind::ArticleList(n) => self.render_with(page, pages::article_list(v, n)),
            PageKind::Article(ix) => self.render_with(page, pages::article(v, ix)),
            PageKind::Sites => self.render_with(page, pages::sites_index(v)),
            PageKind::Site(ix) => self.render_with(page, pages::site(v, ix)),
            PageKind::Actors => self.render_with(page, pages::actors_index(v)),
            PageKind::Actor(ix) => self.render_with(page, pages::actor(v, ix)),
            PageKind::Event(ix) => self.render_with(page, pages::event(v, ix)),
            PageKind::Timeline => self.render_with(page, pages::timeline(v)),
            PageKind::NotFound => self.render_with(page, Empty {}),
            PageKind::Sitemap => self.render_with(page, pages::sitemap(self.model, self.pages, base_url)),
            PageKind::Atom => self.render_with(page, pages::atom(v, base_url)),
        }
    }

    fn render_with<T: Serialize>(&self, page: &Page, data: T) -> Result<String, Diagnostic> {
        let root = match page.kind {
            PageKind::NotFound => self.settings.not_found_root.clone(),
            _ => pages::root_for(&page.path),
        };
        let canonical = self
            .model
            .config
            .base_url
            .as_ref()
            .filter(|_| page.kind.is_listed())
            .map(|base| format!("{base}{}", pages::pretty_path(&page.path)));
        let context = PageContext {
            root: &root,
            config: &self.config,
            page: PageView { kind: page.kind.name(), title: self.title(page.kind), path: &page.path, canonical },
            data,
        };
        let template = page.kind.template();
        let failed = |err: tera::Error| {
            Diagnostic::error(format!("templates/{template}"), format!("cannot render {}: {}", page.path, templates::error_chain(&err)))
        };
        let context = Context::from_serialize(&context).map_err(failed)?;
        self.tera.render(template, &context).map_err(failed)
    }
}
