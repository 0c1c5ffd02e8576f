//! Stage 3: parsed documents become one [`SiteModel`].
//!
//! [`resolve`] runs in phases, each in a module of its own and called in
//! order from `resolve` itself:
//!
//! - `ids`: every document gets its id (file stem or slug); invalid and
//!   duplicate ids are reported, and the id tables are built;
//! - `moves`: old ids (`moved_from:`) checked;
//! - `entities`: sites and actors, with `part_of` looked up and its loops
//!   broken and reported;
//! - `order`: the orders articles are walked in (by path) and kept in
//!   (newest first);
//! - `articles`: every article on its own, in parallel: its lists, quotes,
//!   summary and body mentions, its events and links prepared;
//! - `events`: entries reporting the same event found and merged (lists
//!   united, scalars must agree), events ordered by date;
//! - `links`: explicit references in bodies and event descriptions checked;
//! - `indexes`: the lists derived from other files (children, per-entity
//!   events, articles and mentions).
//!
//! `config` reads the site-wide settings, `report` collects diagnostics.
//! Positions of front-matter values are looked up lazily, only for
//! diagnostics, in the text each document was parsed from ([`SourceTexts`]).

mod articles;
mod config;
mod entities;
mod events;
mod ids;
mod indexes;
mod languages;
mod links;
mod moves;
mod naming;
mod order;
pub mod patch;
mod report;
mod texts;

pub use config::{absolute_base_url, allowed_link_folders, resolve_config, BASE_URL_HINT, NOT_ABSOLUTE};
pub use ids::Unparsed;
pub use texts::{LoadedTexts, SourceTexts, TextsOnDisk};

use ids::{IdHasher, KnownIds};
use naming::{DocumentsByKind, IdTables};
use order::ArticleOrder;
use report::Resolver;
use std::collections::HashSet;
use stele_core::diagnostics::Diagnostic;
use stele_core::model::{Config, SiteModel};
use stele_parse::ParsedDocument;

/// An entity an article mentions but does not list: what `check --fix` adds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MissingAnnotation {
    pub file: String,
    /// `sites` or `actors`.
    pub list: &'static str,
    pub id: String,
}

pub struct Resolved {
    pub model: SiteModel,
    pub diagnostics: Vec<Diagnostic>,
    pub missing_annotations: Vec<MissingAnnotation>,
}

#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    pub include_drafts: bool,
    /// Sites and actors whose files produced no document.
    pub unparsed: Unparsed,
}

/// Resolves `documents` into the site model. `texts` gives the text each
/// document was parsed from, read only to locate a problem in front matter.
pub fn resolve(texts: &dyn SourceTexts, config: Config, documents: &[ParsedDocument], options: ResolveOptions) -> Resolved {
    let mut r = Resolver::new(texts);
    let named = naming::name_documents(DocumentsByKind::new(documents, options.include_drafts), &mut r);
    // Articles that failed to parse are not looked for: their slugs are unknown.
    let no_articles = HashSet::new();
    let tables = IdTables::new(&named, &options.unparsed, &no_articles);
    moves::check_moved_from(&named, &tables, &mut r);

    let (mut sites, mut actors) = entities::build_entities(&named, &tables, &mut r);
    entities::break_part_of_loops(&mut sites, &named.sites, &mut r);
    entities::break_part_of_loops(&mut actors, &named.actors, &mut r);

    let order = ArticleOrder::new(&named.articles);
    let event_hasher = IdHasher::default();
    let known = KnownIds { sites: &tables.sites, actors: &tables.actors, articles: &tables.articles, event_hasher: &event_hasher };
    let (mut articles_by_path, mut work) = articles::resolve_articles(&named.articles, &order, &known, texts);
    let merged = events::merge_events(&mut articles_by_path, &mut work, (&named.articles, &named.events), &order, (&known, &event_hasher), &mut r);
    articles::report_article_problems(&mut work, &order, &mut r);
    links::check_links(&named, &mut work, &order, &known, &merged.ids, &mut r);

    let leftovers = (work, named.articles);
    let (articles, events) = order::put_in_final_order(articles_by_path, merged.by_first_report, &merged.final_order, &order, leftovers);
    let mut model = SiteModel { config, articles, sites, actors, events };
    languages::link_translations(&mut model, &mut r);
    indexes::build_derived_indexes(&mut model);
    Resolved { model, diagnostics: r.problems, missing_annotations: r.missing_annotations }
}

/// What `patch` relies on. `patch` promises the model a full resolve would
/// make, so it builds what it replaces with resolve's own code rather than
/// a copy that could drift: an entity from its file, an article's body
/// mentions (when they need no hint, which only a full resolve may give),
/// and the `mentioned_in` lists derived again after mentions moved.
mod for_patch {
    pub(crate) use crate::articles::mentions_without_hints;
    pub(crate) use crate::entities::entity_from;
    pub(crate) use crate::indexes::refill_mentions;
}

#[cfg(test)]
mod tests {
    use super::*;
    use stele_core::diagnostics::Location;
    use stele_core::kinds::DocumentKind;
    use stele_core::source::SourceFile;
    use stele_parse::ParseSettings;

    const PATH: &str = "content/articles/report.md";

    /// Where the error about the unknown site in `parsed` is reported, with
    /// `texts` standing for the texts parsed.
    fn unknown_site_location(parsed: &[SourceFile], texts: &dyn SourceTexts) -> Option<Location> {
        let config = Config::default();
        let settings = ParseSettings { raw_html: config.raw_html, autolink: config.autolink, dates: stele_core::date::DateWords::english() };
        let (documents, problems) = stele_parse::parse_all(parsed, settings, None);
        assert!(problems.is_empty(), "{problems:?}");
        let resolved = resolve(texts, config, &documents, ResolveOptions::default());
        let unknown = resolved.diagnostics.iter().find(|d| d.message == "unknown site `palmyra`").expect("the unknown site is reported");
        unknown.location
    }

    #[test]
    fn positions_point_into_the_text_parsed_not_a_newer_file_on_disk() {
        let parsed = "---\ntitle: Report\ndate: 2024-01-01\nsites: [palmyra]\n---\nBody.\n";
        // Saved again after it was read, as can happen while `serve` builds.
        let on_disk = "---\ntitle: Report\ntags: [news]\ndate: 2024-01-01\nsites: [aleppo, palmyra]\n---\nBody.\n";
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content/articles")).unwrap();
        std::fs::write(root.path().join(PATH), on_disk).unwrap();
        let files = [SourceFile { kind: DocumentKind::Article, path: PATH.to_string(), text: parsed.to_string() }];

        assert_eq!(unknown_site_location(&files, &LoadedTexts::new(&files)), Some(Location::new(4, 9)));
        // The disk would have said otherwise (another line, and there another
        // site): the test tells the two apart.
        assert_eq!(unknown_site_location(&files, &TextsOnDisk::new(root.path())), Some(Location::new(5, 9)));
    }
}
