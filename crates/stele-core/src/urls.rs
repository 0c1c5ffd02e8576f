//! The output's URL scheme, in one place: where every page goes, as a
//! path relative to the output root. Every page is an `index.html` in a
//! folder of its own (pretty URLs), and links between pages are relative,
//! so the built folder works from `file://`, a domain root or any sub-path.

use crate::kinds::RefKind;

pub const HOME: &str = "index.html";
pub const SITES: &str = "sites/index.html";
pub const ACTORS: &str = "actors/index.html";
pub const TIMELINE: &str = "timeline/index.html";
pub const SEARCH: &str = "search/index.html";
/// Only with `build --changes-since`.
pub const CHANGES: &str = "changes/index.html";
pub const NOT_FOUND: &str = "404.html";
pub const SITEMAP: &str = "sitemap.xml";
pub const ATOM: &str = "atom.xml";
pub const ROBOTS: &str = "robots.txt";

/// Open data (`data/`): the events, the sites and the entities as files for
/// spreadsheets, GIS and timeline tools.
pub const DATA_EVENTS_JSON: &str = "data/events.json";
pub const DATA_EVENTS_CSV: &str = "data/events.csv";
pub const DATA_SITES_GEOJSON: &str = "data/sites.geojson";
pub const DATA_ENTITIES: &str = "data/entities.json";
pub const DATA_TIMELINE: &str = "data/timeline.json";

/// Bodies are shown on pages two folders deep (`articles/<id>/`, `sites/<id>/`, ...):
/// their links start from there.
pub const BODY_ROOT: &str = "../../";

/// The output folder of a kind's pages.
pub fn folder(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Site => "sites",
        RefKind::Actor => "actors",
        RefKind::Event => "events",
        RefKind::Article => "articles",
    }
}

/// The page of the site, actor, event or article `id`: `sites/palmyra/index.html`.
pub fn page(kind: RefKind, id: &str) -> String {
    format!("{}/{id}/index.html", folder(kind))
}

pub fn article(id: &str) -> String {
    page(RefKind::Article, id)
}

pub fn site(id: &str) -> String {
    page(RefKind::Site, id)
}

pub fn actor(id: &str) -> String {
    page(RefKind::Actor, id)
}

pub fn event(id: &str) -> String {
    page(RefKind::Event, id)
}

/// The TimelineJS file of a site's or actor's events: `data/sites/palmyra.timeline.json`.
pub fn entity_timeline(kind: RefKind, id: &str) -> String {
    format!("data/{}/{id}.timeline.json", folder(kind))
}

/// The Atom feed of a site or actor, beside its page: `sites/palmyra/atom.xml`.
pub fn entity_feed(kind: RefKind, id: &str) -> String {
    format!("{}/{id}/{ATOM}", folder(kind))
}

/// Page `page` (1-based) of the list of reports.
pub fn article_list(page: usize) -> String {
    if page <= 1 {
        "articles/index.html".to_string()
    } else {
        format!("articles/page/{page}/index.html")
    }
}

/// A page of the timeline split by time: the year `year`, or its month
/// `month` (1-12), of every event (`of` is None: `timeline/2015/05/index.html`)
/// or of one site's or actor's (`sites/palmyra/timeline/2015/index.html`).
pub fn timeline_period(of: Option<(RefKind, &str)>, year: i32, month: Option<u32>) -> String {
    let folder = match of {
        Some((kind, id)) => format!("{}/{id}/timeline", folder(kind)),
        None => "timeline".to_string(),
    };
    match month {
        Some(month) => format!("{folder}/{year}/{month:02}/index.html"),
        None => format!("{folder}/{year}/index.html"),
    }
}

/// Relative path from the page at `path` to the output root.
pub fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The pretty URL of a page (`sites/palmyra/`), for sitemaps and canonical links.
pub fn pretty(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_folders_with_an_index() {
        assert_eq!(site("palmyra"), "sites/palmyra/index.html");
        assert_eq!(article_list(1), "articles/index.html");
        assert_eq!(article_list(3), "articles/page/3/index.html");
        assert_eq!(root_for(&event("x")), BODY_ROOT);
        assert_eq!(root_for(HOME), "");
        assert_eq!(pretty(&actor("amaq")), "actors/amaq/");
        assert_eq!(entity_timeline(RefKind::Site, "palmyra"), "data/sites/palmyra.timeline.json");
        assert_eq!(entity_feed(RefKind::Actor, "amaq"), "actors/amaq/atom.xml");
        assert_eq!(timeline_period(None, 2015, None), "timeline/2015/index.html");
        assert_eq!(timeline_period(None, 2015, Some(5)), "timeline/2015/05/index.html");
        assert_eq!(timeline_period(Some((RefKind::Site, "palmyra")), 2015, None), "sites/palmyra/timeline/2015/index.html");
        assert_eq!(root_for(&timeline_period(Some((RefKind::Actor, "isis")), 2015, Some(12))), "../../../../../");
    }
}
