//! The maps of the sites index and of each site page, drawn by `stele-map`.
//!
//! Which sites a map shows depends on where every site is (a site page
//! shows its nearest neighbours), so a page with a map notes one global
//! fact, `Global::SitePlaces`, rather than every site's location; and
//! each site it shows by its label (name and link).

use crate::views::{Unrecorded, Views};
use stele_core::kinds::RefKind;
use stele_core::model::{GeoPoint, SiteFacts, SiteIx};
use stele_core::urls;
use stele_i18n::Table;
use stele_map::{Emphasis, Map, MapWords, Mark, KM_PER_DEGREE};

/// A map is at least this wide and tall, so that one site shows its surroundings.
const MIN_SPAN_KM: f64 = 150.0;
/// A site page shows at most this many neighbours, each at most this far.
const NEIGHBOURS: usize = 8;
const NEIGHBOUR_RADIUS_KM: f64 = 250.0;

/// Where the sites are, made once per build: by site, and sorted by
/// latitude so that neighbours are found in a band, not among all sites.
pub struct Places {
    by_site: Vec<Option<GeoPoint>>,
    by_lat: Vec<(f64, f64, SiteIx)>,
}

impl Places {
    pub fn new(model: Unrecorded) -> Places {
        let mut by_site = Vec::new();
        let mut by_lat = Vec::new();
        for (ix, p) in model.site_locations() {
            by_site.resize(ix + 1, None);
            by_site[ix] = Some(p);
            by_lat.push((p.lat, p.lon, ix));
        }
        by_lat.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
        Places { by_site, by_lat }
    }

    fn location(&self, site: SiteIx) -> Option<GeoPoint> {
        self.by_site.get(site).copied().flatten()
    }

    /// Up to `NEIGHBOURS` sites within `NEIGHBOUR_RADIUS_KM` of `centre`,
    /// nearest first (ties by model order), leaving out those `skip` says.
    fn nearest(&self, centre: GeoPoint, skip: impl Fn(SiteIx) -> bool) -> Vec<SiteIx> {
        let band = NEIGHBOUR_RADIUS_KM / KM_PER_DEGREE;
        let from = self.by_lat.partition_point(|p| p.0 < centre.lat - band);
        let lon_factor = centre.lat.to_radians().cos();
        let mut near: Vec<(f64, SiteIx)> = self.by_lat[from..]
            .iter()
            .take_while(|p| p.0 <= centre.lat + band)
            .filter(|p| !skip(p.2))
            .map(|&(lat, lon, ix)| {
                let (dx, dy) = ((lon - centre.lon) * lon_factor, lat - centre.lat);
                ((dx * dx + dy * dy).sqrt() * KM_PER_DEGREE, ix)
            })
            .filter(|&(km, _)| km <= NEIGHBOUR_RADIUS_KM)
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        near.into_iter().take(NEIGHBOURS).map(|(_, ix)| ix).collect()
    }
}

/// The mark of `site` when it has coordinates, linked from a page whose root is `root`.
fn mark(v: Views, places: &Places, site: SiteIx, emphasis: Emphasis, root: &str) -> Option<Mark> {
    let p = places.location(site)?;
    let label = v.label::<SiteFacts>(site);
    Some(Mark { url: format!("{root}{}", urls::page(RefKind::Site, label.id)), label: label.name.to_string(), lat: p.lat, lon: p.lon, emphasis })
}

/// The map of the sites index (every site with coordinates, the busiest
/// labelled first) and the sites without coordinates, in model order.
/// `busiest_first` lists every site.
pub fn sites_index(v: Views, places: &Places, root: &str, busiest_first: &[SiteIx], t: &Table) -> (Option<String>, Vec<SiteIx>) {
    v.note_site_places();
    let marks: Vec<Mark> = busiest_first.iter().filter_map(|&site| mark(v, places, site, Emphasis::Other, root)).collect();
    let mut unplaced: Vec<SiteIx> = busiest_first.iter().copied().filter(|&site| places.location(site).is_none()).collect();
    unplaced.sort_unstable();
    let count = marks.len();
    let svg = Map::new(marks, MIN_SPAN_KM).map(|map| {
        let title = t.count("map_sites_title", count, &[]);
        let description = match unplaced.len() {
            0 => t.text("map_sites_description").to_string(),
            n => format!("{} {}", t.text("map_sites_description"), t.count("map_sites_unplaced", n, &[])),
        };
        map.svg_in(&title, &description, &map_words(t))
    });
    (svg, unplaced)
}

/// The map of a site's page: the site, the places inside it (at any
/// depth), the site it lies in and its nearest neighbours. Centred on the
/// site, or on its parts when it has no coordinates; None when neither has any.
pub fn site_page(v: Views, places: &Places, site: SiteIx, root: &str, t: &Table) -> Option<String> {
    v.note_site_places();
    let members = v.with_descendants::<SiteFacts>(site);
    let parent = v.ancestors::<SiteFacts>(site).last().copied();
    let mut marks: Vec<Mark> = mark(v, places, site, Emphasis::Main, root).into_iter().collect();
    marks.extend(members.iter().filter(|&&m| m != site).filter_map(|&m| mark(v, places, m, Emphasis::Part, root)));
    let parts = marks.iter().filter(|m| m.emphasis == Emphasis::Part).count();
    let centre = places.location(site).or_else(|| centroid(members.iter().filter_map(|&m| places.location(m))))?;
    marks.extend(parent.and_then(|p| mark(v, places, p, Emphasis::Neighbour, root)));
    let mut shown = members.clone();
    shown.extend(parent);
    shown.sort_unstable();
    let shown = |ix: SiteIx| shown.binary_search(&ix).is_ok();
    marks.extend(places.nearest(centre, shown).into_iter().filter_map(|n| mark(v, places, n, Emphasis::Neighbour, root)));
    let nearby = marks.iter().filter(|m| m.emphasis == Emphasis::Neighbour).count();
    let name = v.label::<SiteFacts>(site).name;
    let title = match marks.len() {
        1 => t.fill("map_site_title", &[("name", name)]),
        n => t.count("map_site_title_around", n, &[("name", name)]),
    };
    let mut said = Vec::new();
    if places.location(site).is_some() {
        said.push(t.fill("map_site_largest", &[("name", name)]));
    }
    if parts > 0 {
        said.push(t.count("map_site_parts", parts, &[]));
    }
    if nearby > 0 {
        said.push(t.count("map_site_nearby", nearby, &[]));
    }
    let description = t.fill("map_site_description", &[("said", &said.join(t.text("list_semicolon")))]);
    Some(Map::new(marks, MIN_SPAN_KM)?.svg_in(&title, &description, &map_words(t)))
}

/// The map's credit and scale in the site's language.
fn map_words(t: &Table) -> MapWords<'_> {
    MapWords { credit: t.text("map_credit"), kilometres: t.text("map_kilometres") }
}

fn centroid(points: impl Iterator<Item = GeoPoint>) -> Option<GeoPoint> {
    let (mut lat, mut lon, mut n) = (0.0, 0.0, 0usize);
    for p in points {
        lat += p.lat;
        lon += p.lon;
        n += 1;
    }
    (n > 0).then(|| GeoPoint { lat: lat / n as f64, lon: lon / n as f64 })
}
