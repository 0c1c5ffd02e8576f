//! Open data: the files under `data/` that give the model to spreadsheets,
//! GIS and timeline tools (documented field by field in docs/data.md).
//! They are pages of the plan like any other, written here in Rust rather
//! than through Tera, and read the model only through `Views`, so that a
//! rebuild knows when each must be written again.

mod events;
mod geo;
mod timelinejs;

use crate::views::Views;
use stele_core::model::{ActorFacts, ActorIx, SiteFacts, SiteIx};
use stele_core::urls;

/// One file of open data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataFile {
    /// `data/events.json`: one record per event.
    EventsJson,
    /// `data/events.csv`: the same records, one row each.
    EventsCsv,
    /// `data/sites.geojson`: every site as a GeoJSON feature.
    SitesGeojson,
    /// `data/entities.json`: sites and actors with their names and links.
    Entities,
    /// `data/timeline.json`: every event, in TimelineJS's format.
    Timeline,
    /// `data/sites/<id>.timeline.json`: a site's events and those of the sites inside it.
    SiteTimeline(SiteIx),
    /// `data/actors/<id>.timeline.json`: an actor's events and those of its sub-units.
    ActorTimeline(ActorIx),
}

impl DataFile {
    /// Whether the file holds every event, site or actor (not one entity's).
    pub fn is_whole_site(self) -> bool {
        !matches!(self, DataFile::SiteTimeline(_) | DataFile::ActorTimeline(_))
    }
}

/// The files every build writes, with their paths (entity timelines apart).
pub const WHOLE_SITE_FILES: [(DataFile, &str); 5] = [
    (DataFile::EventsJson, urls::DATA_EVENTS_JSON),
    (DataFile::EventsCsv, urls::DATA_EVENTS_CSV),
    (DataFile::SitesGeojson, urls::DATA_SITES_GEOJSON),
    (DataFile::Entities, urls::DATA_ENTITIES),
    (DataFile::Timeline, urls::DATA_TIMELINE),
];

/// A data file could not be written out (never for a model stele built:
/// serializing plain strings and numbers into memory does not fail).
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// Where pages are, for the URLs data files give: relative to the site's
/// root always, and absolute when `base_url` is set.
#[derive(Clone, Copy)]
pub(crate) struct Addresses<'a> {
    base_url: Option<&'a str>,
}

impl Addresses<'_> {
    /// The absolute, pretty URL of the page at `path` (`https://…/sites/palmyra/`), if `base_url` is set.
    fn absolute(self, path: &str) -> Option<String> {
        self.base_url.map(|base| format!("{base}{}", urls::pretty(path)))
    }
}

/// The bytes of `file`.
pub fn produce(v: Views, file: DataFile) -> Result<Vec<u8>, DataError> {
    let at = Addresses { base_url: v.config().base_url.as_deref() };
    match file {
        DataFile::EventsJson => events::json(v, at),
        DataFile::EventsCsv => events::csv(v, at),
        DataFile::SitesGeojson => geo::sites(v, at),
        DataFile::Entities => geo::entities(v, at),
        DataFile::Timeline => timelinejs::whole(v, at),
        DataFile::SiteTimeline(ix) => timelinejs::entity::<SiteFacts>(v, ix, at),
        DataFile::ActorTimeline(ix) => timelinejs::entity::<ActorFacts>(v, ix, at),
    }
}

/// A JSON document: `value` and a final newline.
fn json_document(value: &impl serde::Serialize, capacity: usize) -> Result<Vec<u8>, DataError> {
    let mut out = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut out, value)?;
    out.push(b'\n');
    Ok(out)
}

/// Events per piece of a whole-site file made in parallel: big enough that
/// a piece is worth a thread, small enough that two cores share the work.
const EVENTS_PER_PIECE: usize = 1024;

/// The pieces of `0..count`, in order.
fn pieces(count: usize) -> Vec<std::ops::Range<usize>> {
    (0..count).step_by(EVENTS_PER_PIECE).map(|start| start..(start + EVENTS_PER_PIECE).min(count)).collect()
}

/// `write` applied to each piece of `0..count` in parallel, the bytes
/// joined in order: the same bytes as one pass, sooner. A one-edit rebuild
/// writes the whole-site files again, and they are the biggest it writes.
fn in_pieces(count: usize, write: impl Fn(std::ops::Range<usize>, &mut Vec<u8>) -> Result<(), DataError> + Sync) -> Result<Vec<u8>, DataError> {
    use rayon::prelude::*;
    let written: Vec<Vec<u8>> = pieces(count)
        .into_par_iter()
        .map(|piece| {
            let mut out = Vec::with_capacity(piece.len() * 400);
            write(piece, &mut out).map(|()| out)
        })
        .collect::<Result<_, _>>()?;
    Ok(written.concat())
}

/// Items of a JSON array, each written as `,` + `separator` + the item
/// (the caller drops the first comma).
fn json_items<T: serde::Serialize>(out: &mut Vec<u8>, separator: &[u8], items: impl IntoIterator<Item = T>) -> Result<(), DataError> {
    for item in items {
        out.push(b',');
        out.extend_from_slice(separator);
        serde_json::to_writer(&mut *out, &item)?;
    }
    Ok(())
}

/// A JSON array of `items`, one per line (readable, and diffs stay small).
fn json_lines<T: serde::Serialize>(out: &mut Vec<u8>, items: impl IntoIterator<Item = T>) -> Result<(), DataError> {
    out.push(b'[');
    for (i, item) in items.into_iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(&mut *out, &item)?;
    }
    out.extend_from_slice(b"\n]");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces made in parallel join into the bytes of one pass, in order,
    /// whatever the count's relation to the piece size.
    #[test]
    fn pieces_join_into_the_bytes_of_one_pass() {
        for count in [0, 1, EVENTS_PER_PIECE - 1, EVENTS_PER_PIECE, EVENTS_PER_PIECE + 1, 3 * EVENTS_PER_PIECE + 17] {
            let joined = in_pieces(count, |piece, out| json_items(out, b"\n", piece)).unwrap();
            let mut one_pass = Vec::new();
            json_items(&mut one_pass, b"\n", 0..count).unwrap();
            assert_eq!(joined, one_pass, "{count} items");
            let covered: Vec<usize> = pieces(count).into_iter().flatten().collect();
            assert_eq!(covered, (0..count).collect::<Vec<_>>());
        }
    }
}
