//! The Natural Earth outline of countries (coasts and borders), compiled in
//! and decoded once per process, the first time a map is drawn.

use std::sync::OnceLock;

/// world-atlas's `countries-50m.json` (see `data/README.md`).
const COUNTRIES: &str = include_str!("../data/countries-50m.json");

/// One closed ring of a country's outline, in degrees, with its bounding
/// box so that a map skips the rings it cannot show without reading them.
pub struct Ring {
    pub lon_min: f64,
    pub lon_max: f64,
    pub lat_min: f64,
    pub lat_max: f64,
    /// (lon, lat) pairs.
    pub points: Vec<(f64, f64)>,
}

/// Every ring of every country, decoded on first use. Empty if the
/// compiled-in file could not be read (a test makes sure it can): maps
/// are then drawn without an outline rather than failing a build.
pub fn rings() -> &'static [Ring] {
    static RINGS: OnceLock<Vec<Ring>> = OnceLock::new();
    RINGS.get_or_init(|| decode(COUNTRIES).unwrap_or_default())
}

/// The rings of the `countries` object of a TopoJSON topology.
fn decode(text: &str) -> Option<Vec<Ring>> {
    let topojson::TopoJson::Topology(topology) = text.parse::<topojson::TopoJson>().ok()? else {
        return None;
    };
    let countries = topojson::to_geojson(&topology, "countries").ok()?;
    let mut rings = Vec::new();
    for feature in countries.features {
        if let Some(geometry) = feature.geometry {
            collect(geometry.value, &mut rings);
        }
    }
    Some(rings)
}

fn collect(value: geojson::Value, rings: &mut Vec<Ring>) {
    match value {
        geojson::Value::Polygon(polygon) => rings.extend(polygon.iter().filter_map(|r| ring(r))),
        geojson::Value::MultiPolygon(polygons) => rings.extend(polygons.iter().flatten().filter_map(|r| ring(r))),
        geojson::Value::GeometryCollection(geometries) => geometries.into_iter().for_each(|g| collect(g.value, rings)),
        _ => {}
    }
}

fn ring(positions: &[Vec<f64>]) -> Option<Ring> {
    let points: Vec<(f64, f64)> = positions.iter().filter_map(|p| Some((*p.first()?, *p.get(1)?))).collect();
    if points.len() < 3 {
        return None;
    }
    let (mut lon_min, mut lon_max, mut lat_min, mut lat_max) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(lon, lat) in &points {
        lon_min = lon_min.min(lon);
        lon_max = lon_max.max(lon);
        lat_min = lat_min.min(lat);
        lat_max = lat_max.max(lat);
    }
    Some(Ring { lon_min, lon_max, lat_min, lat_max, points })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_decodes() {
        let rings = rings();
        assert!(rings.len() > 1000, "{} rings", rings.len());
        let points: usize = rings.iter().map(|r| r.points.len()).sum();
        assert!(points > 50_000, "{points} points");
        // Some ring holds Palmyra (Syria's mainland): the outline is where it should be.
        assert!(rings.iter().any(|r| r.lon_min < 38.27 && r.lon_max > 38.27 && r.lat_min < 34.55 && r.lat_max > 34.55));
    }
}
