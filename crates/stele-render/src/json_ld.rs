//! schema.org structured data (JSON-LD) for the pages a reader lands on:
//! the home page (`WebSite`), reports (`Report` or `NewsArticle`), sites
//! (`Place`), actors (`Person` or `Organization`) and events (`Event`).
//! Built from the page's own data (so it depends on nothing the page did
//! not read), serialized with serde_json, and escaped so that it can sit
//! inside a `<script>` element whatever the text says. Only with
//! `base_url`: every `@id` is the absolute address of a page.
//!
//! docs/content-model.md (section 6.3) lists what each page says and why.

use crate::context::{ActorCard, ActorData, ArticleData, EntityCard, EntityLink, EventData, SiteCard, SiteData};
use crate::entities::ShownEntity;
use serde_json::{json, Value};
use stele_core::date::{DatePoint, EdtfDate};
use stele_core::model::{ActorFacts, Config};
use stele_core::urls;

/// What every node needs: where the pages are, and the site's settings.
pub struct Site<'a> {
    /// `base_url`, ending in `/`.
    pub base: &'a str,
    pub config: &'a Config,
}

impl Site<'_> {
    /// The absolute address of the page at `path` (`sites/palmyra/index.html`).
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, urls::pretty(path))
    }

    /// The site itself, as the publisher of its reports.
    fn publisher(&self) -> Value {
        json!({ "@type": "Organization", "name": self.config.title, "url": self.base })
    }
}

/// The JSON of `node`, safe inside `<script type="application/ld+json">`:
/// `<`, `>` and `&` are written as JSON escapes (`\u003c`), so that no text
/// can close the element (`</script>`) or open a comment, and the JSON means
/// the same.
pub fn to_script_text(node: &Value) -> String {
    let mut out = ScriptSafe(Vec::with_capacity(1024));
    // Writing into a Vec cannot fail, and a Value always serializes.
    if serde_json::to_writer(&mut out, node).is_err() {
        return String::new();
    }
    // Only whole UTF-8 sequences from serde_json, with ASCII swapped for ASCII.
    String::from_utf8(out.0).unwrap_or_default()
}

/// Escapes `<`, `>` and `&` as the JSON is written, in one pass.
struct ScriptSafe(Vec<u8>);

impl std::io::Write for ScriptSafe {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut rest = bytes;
        while let Some(at) = rest.iter().position(|b| matches!(b, b'<' | b'>' | b'&')) {
            self.0.extend_from_slice(&rest[..at]);
            self.0.extend_from_slice(match rest[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            });
            rest = &rest[at + 1..];
        }
        self.0.extend_from_slice(rest);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Adds `key` to `node` when `value` is something: not null, not an empty list.
fn put(node: &mut Value, key: &str, value: Value) {
    let empty = value.is_null() || value.as_array().is_some_and(Vec::is_empty);
    if let (false, Some(map)) = (empty, node.as_object_mut()) {
        map.insert(key.to_string(), value);
    }
}

/// A node of `kind` for the page at `path`: `@context`, `@type`, `@id` and `url`.
fn page_node(site: &Site, kind: &str, path: &str) -> Value {
    let url = site.url(path);
    json!({ "@context": "https://schema.org", "@type": kind, "@id": url, "url": url })
}

/// The schema.org type of an actor: `Person` for the kind `person`, else
/// `Organization` (armed groups, states, military units, agencies, NGOs,
/// media, and actors without a kind).
pub fn actor_type(kind: Option<&str>) -> &'static str {
    match kind {
        Some("person") => "Person",
        _ => "Organization",
    }
}

/// A reference to another page's node: its type, `@id` and name.
fn reference(site: &Site, kind: &str, path: &str, name: &str) -> Value {
    json!({ "@type": kind, "@id": site.url(path), "name": name })
}

fn site_reference(site: &Site, card: &SiteCard) -> Value {
    reference(site, "Place", &card.url, card.name)
}

fn actor_reference(site: &Site, card: &ActorCard) -> Value {
    reference(site, actor_type(card.kind), &card.url, card.name)
}

/// An entity met only as a link (its kind unknown to the page): `@id` and name.
fn link_reference(site: &Site, link: &EntityLink) -> Value {
    json!({ "@id": site.url(&link.url), "name": link.name })
}

fn wikidata_url(item: Option<&str>) -> Value {
    item.map_or(Value::Null, |item| Value::String(format!("https://www.wikidata.org/wiki/{item}")))
}

/// The home page: the site as a `WebSite`.
pub fn home(site: &Site) -> Value {
    let mut node = page_node(site, "WebSite", urls::HOME);
    put(&mut node, "name", json!(site.config.title));
    put(&mut node, "description", json!(site.config.description));
    put(&mut node, "inLanguage", json!(site.config.language));
    put(&mut node, "publisher", site.publisher());
    node
}

/// A report: `Report` (or `NewsArticle`, by `article_schema`), about the
/// sites and actors its front matter lists, mentioning its events.
pub fn article(site: &Site, data: &ArticleData) -> Value {
    let a = &data.article;
    let mut node = page_node(site, site.config.article_schema.as_str(), &a.url);
    put(&mut node, "headline", json!(a.title));
    put(&mut node, "datePublished", json!(a.date.machine()));
    put(&mut node, "dateModified", json!(a.updated.map(|updated| updated.machine())));
    put(&mut node, "description", json!(a.summary));
    // A report written in another language than the site's says so (`language:`).
    put(&mut node, "inLanguage", json!(a.language.unwrap_or(&site.config.language)));
    put(&mut node, "publisher", site.publisher());
    // `source.name` is the outlet the report comes from; a report without
    // one is the site's own. `source.author` is a byline that may name a
    // person or a desk, so it is credited as text rather than typed.
    let author = match a.source.as_ref().and_then(|s| s.name) {
        Some(outlet) => json!({ "@type": "Organization", "name": outlet }),
        None => site.publisher(),
    };
    put(&mut node, "author", author);
    put(&mut node, "creditText", json!(a.source.as_ref().and_then(|s| s.author)));
    put(&mut node, "isBasedOn", json!(a.source.as_ref().and_then(|s| s.url)));
    put(&mut node, "keywords", json!(a.tags));
    let about: Vec<Value> =
        a.sites.iter().map(|card| site_reference(site, card)).chain(a.actors.iter().map(|card| actor_reference(site, card))).collect();
    put(&mut node, "about", json!(about));
    let events: Vec<Value> = a.events.iter().map(|e| reference(site, "Event", &e.card.url, e.card.title)).collect();
    put(&mut node, "mentions", json!(events));
    node
}

/// Fields a site's and an actor's node share: name, aliases, Wikidata.
fn entity_fields<F: ShownEntity>(node: &mut Value, view: &crate::context::EntityView<F>) {
    put(node, "name", json!(view.name));
    put(node, "alternateName", json!(view.aliases));
    put(node, "sameAs", wikidata_url(view.wikidata));
}

/// The entity's direct parent: the last of its ancestors (outermost first).
fn parent<'c, 'a, F: ShownEntity>(ancestors: &'c [EntityCard<'a, F>]) -> Option<&'c EntityCard<'a, F>> {
    ancestors.last()
}

/// A site: a `Place`, with its coordinates, the place it lies in and those
/// in it, its Wikidata item and its World Heritage List number.
pub fn site(site: &Site, data: &SiteData) -> Value {
    let s = &data.site;
    let mut node = page_node(site, "Place", &s.url);
    entity_fields(&mut node, s);
    if let Some(point) = s.facts.location {
        put(&mut node, "geo", json!({ "@type": "GeoCoordinates", "latitude": point.lat, "longitude": point.lon }));
    }
    if let Some(number) = s.facts.unesco {
        let identifier = json!({
            "@type": "PropertyValue",
            "propertyID": "UNESCO World Heritage List",
            "value": number,
            "url": format!("https://whc.unesco.org/en/list/{number}"),
        });
        put(&mut node, "identifier", identifier);
    }
    put(&mut node, "containedInPlace", parent(&data.page.ancestors).map_or(Value::Null, |card| site_reference(site, card)));
    let children: Vec<Value> = data.page.children.iter().map(|card| site_reference(site, card)).collect();
    put(&mut node, "containsPlace", json!(children));
    node
}

/// An actor: a `Person` or an `Organization` (see `actor_type`), with its
/// aliases, its Wikidata item and what `part_of` says, in the properties
/// whose types fit: an organisation in an organisation is its
/// `parentOrganization` (and the parent's `subOrganization`), a person in
/// one its `memberOf` (and the parent's `member`). A parent that is a
/// person has no such property, and is not named.
pub fn actor(site: &Site, data: &ActorData) -> Value {
    let a = &data.actor;
    let kind = actor_type(a.kind);
    let mut node = page_node(site, kind, &a.url);
    entity_fields::<ActorFacts>(&mut node, a);
    if kind == "Organization" {
        let (people, organisations): (Vec<&ActorCard>, Vec<&ActorCard>) =
            data.page.children.iter().partition(|card| actor_type(card.kind) == "Person");
        put(&mut node, "subOrganization", json!(organisations.iter().map(|card| actor_reference(site, card)).collect::<Vec<_>>()));
        put(&mut node, "member", json!(people.iter().map(|card| actor_reference(site, card)).collect::<Vec<_>>()));
    }
    if let Some(parent) = parent(&data.page.ancestors).filter(|card| actor_type(card.kind) == "Organization") {
        let property = if kind == "Person" { "memberOf" } else { "parentOrganization" };
        put(&mut node, property, actor_reference(site, parent));
    }
    node
}

/// An event: name, dates at the precision written (see `event_dates`), its
/// sites as `location`, the actors taking part as `about`, and the reports
/// describing it as `subjectOf`. No `eventStatus`: schema.org's values
/// (scheduled, cancelled, postponed, …) say nothing about how well an event
/// is established, which is what stele's status says.
pub fn event(site: &Site, data: &EventData) -> Value {
    let e = &data.event;
    let mut node = page_node(site, "Event", &e.card.url);
    put(&mut node, "name", json!(e.card.title));
    let (start, end) = event_dates(e.card.date);
    put(&mut node, "startDate", json!(start));
    put(&mut node, "endDate", json!(end));
    let sites: Vec<Value> = e.card.sites.iter().map(|link| reference(site, "Place", &link.url, link.name)).collect();
    put(&mut node, "location", json!(sites));
    let mut actors: Vec<Value> = Vec::new();
    for link in &e.card.actors {
        actors.push(link_reference(site, link));
    }
    for card in e.claimed_by.iter().chain(&e.confirmed_by) {
        let reference = actor_reference(site, card);
        if !actors.iter().any(|known| known["@id"] == reference["@id"]) {
            actors.push(reference);
        }
    }
    put(&mut node, "about", json!(actors));
    let reports: Vec<Value> = e.reported_in.iter().map(|card| reference(site, site.config.article_schema.as_str(), &card.url, card.title)).collect();
    put(&mut node, "subjectOf", json!(reports));
    node
}

/// `startDate` and `endDate` of an event date, each at the precision written
/// (`2015-08` stays `2015-08`; a season gives its months, a decade its
/// years). An open end has none. An end the source marks uncertain or
/// approximate (`?`, `~`, `%`) has none either: schema.org dates cannot carry
/// the qualifier, and a bare date would state more than the source does.
/// A single day, month or year gives only `startDate`.
pub fn event_dates(date: &EdtfDate) -> (Option<String>, Option<String>) {
    let plain = |point: Option<&DatePoint>| point.filter(|p| !p.is_qualified()).map(DatePoint::iso_bounds);
    let start = plain(date.start()).map(|(first, _)| first);
    let end = plain(date.end()).map(|(_, last)| last);
    if start.is_some() && start == end {
        return (start, None);
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> (Option<String>, Option<String>) {
        event_dates(&EdtfDate::parse(text).unwrap())
    }

    fn both(start: &str, end: &str) -> (Option<String>, Option<String>) {
        (Some(start.to_string()), Some(end.to_string()))
    }

    #[test]
    fn event_dates_keep_the_precision_written() {
        assert_eq!(dates("2015-08"), (Some("2015-08".into()), None));
        assert_eq!(dates("2015-08-30"), (Some("2015-08-30".into()), None));
        assert_eq!(dates("2015"), (Some("2015".into()), None));
        assert_eq!(dates("2015-05-13/2015-05-21"), both("2015-05-13", "2015-05-21"));
        assert_eq!(dates("2015-06/2015-07"), both("2015-06", "2015-07"));
        assert_eq!(dates("2015-21"), both("2015-03", "2015-05"));
        assert_eq!(dates("201X"), both("2010", "2019"));
        assert_eq!(dates("2015-05/.."), (Some("2015-05".into()), None));
        assert_eq!(dates("../2015"), (None, Some("2015".into())));
        assert_eq!(dates("-0043-03-15"), (Some("-0043-03-15".into()), None));
    }

    #[test]
    fn qualified_ends_are_left_out() {
        assert_eq!(dates("2015-05~"), (None, None));
        assert_eq!(dates("2015-05?/2015-06"), (None, Some("2015-06".into())));
        assert_eq!(dates("2015-05-13/2015-05-21%"), (Some("2015-05-13".into()), None));
    }

    #[test]
    fn script_text_cannot_close_the_element() {
        let text = to_script_text(&json!({ "name": "</script><!-- & -->" }));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><!-- & -->");
    }

    #[test]
    fn actors_are_people_only_by_the_kind_person() {
        assert_eq!(actor_type(Some("person")), "Person");
        assert_eq!(actor_type(Some("armed-group")), "Organization");
        assert_eq!(actor_type(None), "Organization");
    }
}
