//! `data/sites.geojson` (RFC 7946) and `data/entities.json`.

use super::{json_document, json_lines, Addresses, DataError};
use crate::entities::ShownEntity;
use crate::views::Views;
use serde::Serialize;
use stele_core::model::{ActorFacts, Entity, GeoPoint, SiteFacts};
use stele_core::urls;

/// A GeoJSON point: `[longitude, latitude]` in WGS 84 (RFC 7946, 3.1.1 and 4).
#[derive(Serialize)]
struct Point {
    r#type: &'static str,
    coordinates: [f64; 2],
}

impl From<GeoPoint> for Point {
    fn from(p: GeoPoint) -> Self {
        Point { r#type: "Point", coordinates: [p.lon, p.lat] }
    }
}

/// A site as a GeoJSON feature. A site without a location keeps its feature,
/// with a null geometry (RFC 7946, 3.2), so the file lists every site.
#[derive(Serialize)]
struct SiteFeature<'a> {
    r#type: &'static str,
    id: &'a str,
    geometry: Option<Point>,
    properties: SiteProperties<'a>,
}

#[derive(Serialize)]
struct SiteProperties<'a> {
    id: &'a str,
    name: &'a str,
    aliases: &'a [String],
    kind: Option<&'a str>,
    part_of: Option<&'a str>,
    wikidata: Option<&'a str>,
    unesco: Option<&'a str>,
    country: Option<&'a str>,
    /// Events at this site itself (not counting the sites inside it).
    event_count: usize,
    url: String,
    absolute_url: Option<String>,
}

pub(super) fn sites(v: Views, at: Addresses) -> Result<Vec<u8>, DataError> {
    let count = v.count::<SiteFacts>();
    let mut out = Vec::with_capacity(count * 400 + 64);
    out.extend_from_slice(br#"{"type":"FeatureCollection","features":"#);
    json_lines(
        &mut out,
        (0..count).map(|ix| {
            let site = v.entity::<SiteFacts>(ix);
            let url = urls::site(&site.id);
            SiteFeature {
                r#type: "Feature",
                id: &site.id,
                geometry: site.facts.location.map(Point::from),
                properties: SiteProperties {
                    id: &site.id,
                    name: &site.name,
                    aliases: &site.aliases,
                    kind: site.kind.as_deref(),
                    part_of: site.part_of.map(|p| v.label::<SiteFacts>(p).id),
                    wikidata: site.wikidata.as_deref(),
                    unesco: site.facts.unesco.as_deref(),
                    country: site.facts.country.as_deref(),
                    event_count: site.events.len(),
                    absolute_url: at.absolute(&url),
                    url,
                },
            }
        }),
    )?;
    out.extend_from_slice(b"}\n");
    Ok(out)
}

/// A site or actor in `data/entities.json`.
#[derive(Serialize)]
struct EntityRecord<'a> {
    id: &'a str,
    name: &'a str,
    aliases: &'a [String],
    kind: Option<&'a str>,
    part_of: Option<&'a str>,
    wikidata: Option<&'a str>,
    url: String,
    absolute_url: Option<String>,
    /// Per kind, the figures of its events and those of entities inside it, summed.
    figure_totals: Vec<FigureTotalRecord>,
}

#[derive(Serialize)]
struct FigureTotalRecord {
    kind: String,
    low: u64,
    high: Option<u64>,
    /// How many events give a figure of this kind.
    events: usize,
}

#[derive(Serialize)]
struct Entities<'a> {
    sites: Vec<EntityRecord<'a>>,
    actors: Vec<EntityRecord<'a>>,
}

fn records<'a, F: ShownEntity>(v: Views<'a>, at: Addresses) -> Vec<EntityRecord<'a>> {
    (0..v.count::<F>())
        .map(|ix| {
            let e: &Entity<F> = v.entity::<F>(ix);
            let url = urls::page(F::REF, &e.id);
            EntityRecord {
                id: &e.id,
                name: &e.name,
                aliases: &e.aliases,
                kind: e.kind.as_deref(),
                part_of: e.part_of.map(|p| v.label::<F>(p).id),
                wikidata: e.wikidata.as_deref(),
                absolute_url: at.absolute(&url),
                url,
                figure_totals: figure_totals::<F>(v, ix),
            }
        })
        .collect()
}

/// The sums an entity's page shows: over the events rolled up along `part_of`.
fn figure_totals<F: ShownEntity>(v: Views, ix: usize) -> Vec<FigureTotalRecord> {
    let members = v.with_descendants::<F>(ix);
    let events = crate::pages::rolled_up_events(&members, ix, |m| &v.entity::<F>(m).events);
    v.figure_totals(events.into_iter().map(|(event, _)| event))
        .into_iter()
        .map(|t| FigureTotalRecord { kind: t.figure.kind, low: t.figure.low, high: t.figure.high, events: t.events })
        .collect()
}

pub(super) fn entities(v: Views, at: Addresses) -> Result<Vec<u8>, DataError> {
    let entities = Entities { sites: records::<SiteFacts>(v, at), actors: records::<ActorFacts>(v, at) };
    json_document(&entities, (entities.sites.len() + entities.actors.len()) * 250)
}
